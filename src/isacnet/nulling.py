"""Paper ``nulling`` (001): coordinated ZF interference nulling for sensing and communication.

Meng, Masouros, Chen, Liu, "Network-level ISAC: interference management and BS coordination
using stochastic geometry" (IEEE TWC 2024). Each BS of a PPP (density ``lambda_b``) serves ``K``
users and senses ``J`` targets; its ZF precoder also nulls towards the users of the ``L - 1``
and the receive beams of the ``Q - 1`` nearest other BSs, within ``K L + J(Q-1) <= M_t``.

SI in and out: densities in m⁻², distances in m; rates in nats/s/Hz (``rate_nats``; ``rate_bits``
alongside), area spectral efficiencies in nats/s/Hz/m². Equation variants are ``form=`` options
whose defaults are the corrected forms of spec 001. Every closed form has a Monte Carlo twin
(``simulate_*``) that draws only from the generator it is given::

    from isacnet import nulling

    nulling.comm_rate(20, num_users=5, cluster_size_comm=2).rate_nats          # Theorem 1: 2.798
    nulling.simulate_comm_rate(20, num_users=5, cluster_size_comm=2, rng=rng)  # with its CI
    nulling.radar_rate(num_users=2, num_rx_antennas=10, target_rcs=0.1).rate_nats  # Prop. 3: 1.384
    nulling.sc_region(num_tx_antennas=20).sense_gain                            # over time sharing

The physics is a :class:`NullingModel` (``isacnet.models.nulling``); the layers beneath are
``analysis.nulling`` (closed forms), ``simulate.nulling`` (Monte Carlo) and
``optimization.nulling`` (region, weighted sum).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import ValidationError

from isacnet.analysis import nulling as _an
from isacnet.analysis.nulling import LoadOptimum
from isacnet.errors import InputError, require
from isacnet.models.nulling import NullingModel
from isacnet.optimization import nulling as _opt
from isacnet.optimization.nulling import RegionPoint
from isacnet.simulate.nulling import comm_rate_trial, radar_rate_trial, system_level_trial
from isacnet.simulate.stats import Estimate, RunningStats
from isacnet.units import nats_to_bits, per_m2_to_per_km2

__all__ = [
    "NullingModel",
    "RateResult",
    "RateEstimate",
    "AseResult",
    "RegionResult",
    "RegionPoint",
    "WeightedSumResult",
    "LoadOptimum",
    "comm_rate",
    "simulate_comm_rate",
    "radar_rate",
    "simulate_radar_rate",
    "ase",
    "optimal_num_users",
    "sc_region",
    "weighted_sum_optimum",
]

CommForm = Literal["theorem1", "theorem1_joint", "theorem2"]
SenseForm = Literal["paper", "slivnyak"]
_MAX_SAMPLES = 100_000_000
_BLOCK = 50_000  # drops per vectorised block of a typical-point estimate


# -- results ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RateResult:
    """A closed-form average rate.

    Attributes
    ----------
    rate_nats : float
        Average rate ``E[ln(1 + SIR)]`` [nats/s/Hz].
    form : str
        The equation variant used.
    equation : str
        Where it comes from (paper, equation, spec section).
    """

    rate_nats: float
    form: str
    equation: str

    @property
    def rate_bits(self) -> float:
        """The rate in bits/s/Hz."""
        return float(nats_to_bits(self.rate_nats))


@dataclass(frozen=True)
class RateEstimate:
    """A Monte Carlo average rate with its 95 % confidence interval [nats/s/Hz].

    Attributes
    ----------
    mean_nats, std_error_nats, ci_low_nats, ci_high_nats : float
        Sample mean, its standard error (cluster-robust over networks at system level) and the
        normal-theory 95 % CI [nats/s/Hz].
    num_samples : int
        Rate samples (typical points, or links of all simulated networks).
    fidelity : {"typical", "system"}
        Typical point with the paper's Gamma gains, or the system-level network with actual ZF.
    estimate : Estimate
        Every statistic of the stream (median, quantiles, tail index).
    """

    mean_nats: float
    std_error_nats: float
    ci_low_nats: float
    ci_high_nats: float
    num_samples: int
    fidelity: str
    estimate: Estimate

    @classmethod
    def of(cls, est: Estimate, fidelity: str) -> RateEstimate:
        return cls(est.mean, est.std_error, est.ci_low, est.ci_high, est.num_samples, fidelity, est)


@dataclass(frozen=True)
class AseResult:
    """Communication and sensing area spectral efficiencies of one operating point.

    Attributes
    ----------
    comm_nats_per_m2, sense_nats_per_m2 : float
        ``T_c = lambda_b K R_c`` and ``T_s = lambda_b J R_s`` [nats/s/Hz/m²] (nulling (4), (7)).
    comm_rate_nats, sense_rate_nats : float
        ``R_c`` and ``R_s`` [nats/s/Hz] (``R_s`` is NaN when ``J = 0``).
    """

    comm_nats_per_m2: float
    sense_nats_per_m2: float
    comm_rate_nats: float
    sense_rate_nats: float

    @property
    def total_nats_per_m2(self) -> float:
        """``T_c + T_s`` [nats/s/Hz/m²]."""
        return self.comm_nats_per_m2 + self.sense_nats_per_m2


@dataclass(frozen=True)
class RegionResult:
    """The S–C region (20): its Pareto boundary and its gain over time sharing.

    Attributes
    ----------
    boundary : tuple of RegionPoint
        Pareto-optimal ``(K, L, J, Q)`` with their values, by decreasing communication value.
    comm_corner, sense_corner : RegionPoint
        The corners of the time-sharing segment (Remark 2, Lemma 3).
    sense_gain, comm_gain : float
        Largest relative gain of the region over time sharing at equal communication / sensing value.
    unit : str
        Unit of the values: ``"nats/s/Hz/m²"`` (ASE) or ``"nats/s/Hz"`` (rates).
    """

    boundary: tuple[RegionPoint, ...]
    comm_corner: RegionPoint
    sense_corner: RegionPoint
    sense_gain: float
    comm_gain: float
    unit: str

    def sense_at(self, comm_level) -> np.ndarray:
        """Largest sensing value with communication value ``>= comm_level`` (NaN beyond), ``[n]``."""
        return _opt.region_value_at(list(self.boundary), comm_level)

    def time_sharing_at(self, comm_level: float) -> float:
        """Sensing value of time sharing between the corners at ``comm_level``."""
        gain = _opt.TimeSharingGain(self.comm_corner, self.sense_corner, self.sense_gain, self.comm_gain)
        return _opt.time_sharing_value_at(gain, comm_level)


@dataclass(frozen=True)
class WeightedSumResult:
    """Solution of problem (P1), eq. (24)–(25): ``max rho T_c + (1 - rho) T_s``.

    Attributes
    ----------
    value : float
        The optimal weighted sum [``unit``].
    point : RegionPoint
        The optimal ``(K, L, J, Q)`` with its communication and sensing values.
    weight : float
        ``rho``.
    unit : str
    """

    value: float
    point: RegionPoint
    weight: float
    unit: str


# -- the physics --------------------------------------------------------------------------------
def _model(*, num_tx_antennas: int = 20, max_targets: int = 10, bs_density: float = 1e-6, num_rx_antennas: int = 10,
           target_rcs: float = 0.1, filter_gain: float = 1.0, mismatch: float = 1.0, pathloss_exp: float = 4.0,
           pathloss_exp_sense: float = 2.0) -> NullingModel:
    """A validated :class:`NullingModel` from SI inputs (``bs_density`` [m⁻²])."""
    from isacnet.scenario import validation_error_to_input_error

    try:
        return NullingModel(num_tx_antennas=num_tx_antennas, max_targets=max_targets,
                            bs_density_per_km2=float(per_m2_to_per_km2(bs_density)), num_rx_antennas=num_rx_antennas,
                            target_rcs=target_rcs, filter_gain=filter_gain, mismatch=mismatch,
                            pathloss_exp=pathloss_exp, pathloss_exp_sense=pathloss_exp_sense)
    except ValidationError as err:
        inner = validation_error_to_input_error(err)
        if inner.field == "bs_density_per_km2":
            raise InputError("bs_density", f"must be in (0, 1e-2] m^-2, got {bs_density}") from None
        raise inner from None


def _stream(trial: Callable[[np.random.Generator, int], np.ndarray], rng: np.random.Generator,
            num_samples: int) -> Estimate:
    """Mean of ``num_samples`` draws of ``trial(rng, n)`` in vectorised blocks."""
    require(1 <= num_samples <= _MAX_SAMPLES, "num_samples", f"must be in [1, {_MAX_SAMPLES}], got {num_samples}")
    stats = RunningStats()
    done = 0
    while done < num_samples:
        n = min(_BLOCK, num_samples - done)
        stats.update(trial(rng, n))
        done += n
    return stats.estimate(0.95)


def _system(rng: np.random.Generator, model: NullingModel, name: str, num_networks: int, mean_num_bs: float,
            **point) -> Estimate:
    require(1 <= num_networks <= 1000, "num_networks", f"must be in [1, 1000], got {num_networks}")
    out = system_level_trial(rng, num_networks, model, mean_num_bs=mean_num_bs, **point)
    # links of one network share its geometry: cluster-robust standard error over the networks
    return RunningStats().update(out[name], cluster=out["network_" + name.split("_")[1]]).estimate(0.95)


# -- communication -------------------------------------------------------------------------------
_COMM_EQUATION = {
    "theorem1": "nulling Theorem 1, eq. (11), corrected (spec 001 §2, §8 items 1-3)",
    "theorem1_joint": "nulling Theorem 1 with the exact joint law of (r, eta_L) (docs/theory/nulling.md)",
    "theorem2": "nulling Theorem 2 (MISR), eq. (12), with F of App. (42) (spec 001 §2, §8 item 4)",
}


def comm_rate(num_tx_antennas: int, num_users: int, cluster_size_comm: int = 1, num_targets: int = 0,
              cluster_size_sense: int = 1, *, pathloss_exp: float = 4.0, form: CommForm = "theorem1") -> RateResult:
    """Average rate ``R_c`` of a typical user [nats/s/Hz] (independent of the BS density).

    Parameters
    ----------
    num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense : int
        ``M_t, K, L, J, Q`` with ``K L + J(Q-1) <= M_t``.
    pathloss_exp : float
        ``alpha`` (> 2).
    form : {"theorem1", "theorem1_joint", "theorem2"}
        ``"theorem1"``: eq. (11) as corrected by spec 001 (default; exact for ``L = 1``);
        ``"theorem1_joint"``: (11) with the exact joint law of ``(r, eta_L)`` (exact for every
        ``L``); ``"theorem2"``: the MISR approximation (12).

    Returns
    -------
    RateResult
    """
    args = (num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense, pathloss_exp)
    if form == "theorem1":
        rate = _an.rate_comm_theorem1(*args)
    elif form == "theorem1_joint":
        rate = _an.rate_comm_theorem1(*args, eta_law="joint")
    elif form == "theorem2":
        rate = _an.rate_comm_theorem2(*args)
    else:
        raise InputError("form", f"must be 'theorem1', 'theorem1_joint' or 'theorem2', got {form!r}")
    return RateResult(float(rate), form, _COMM_EQUATION[form])


def simulate_comm_rate(num_tx_antennas: int, num_users: int, cluster_size_comm: int = 1, num_targets: int = 0,
                       cluster_size_sense: int = 1, *, rng: np.random.Generator, pathloss_exp: float = 4.0,
                       fidelity: Literal["typical", "system"] = "typical", num_samples: int = 100_000,
                       num_networks: int = 4, mean_num_bs: float = 400.0) -> RateEstimate:
    """Monte Carlo twin of :func:`comm_rate` [nats/s/Hz].

    Parameters
    ----------
    num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense : int
        ``M_t, K, L, J, Q``.
    rng : numpy.random.Generator
        The only source of randomness.
    pathloss_exp : float
        ``alpha`` (> 2).
    fidelity : {"typical", "system"}
        ``"typical"``: the typical user with the paper's Gamma gains (the model of Theorem 1;
        ``num_samples`` drops). ``"system"``: ``num_networks`` torus networks of
        ``mean_num_bs`` BSs with actual ZF nulling, random request dropping and cell-uniform
        scheduling (what the paper's figures call Monte Carlo); cluster-robust CI.

    Returns
    -------
    RateEstimate
    """
    if fidelity == "typical":
        def trial(r, n):
            return comm_rate_trial(r, n, num_tx_antennas, num_users, cluster_size_comm, num_targets,
                                   cluster_size_sense, pathloss_exp, 1e-6, num_exact=100)["rate_comm"]

        return RateEstimate.of(_stream(trial, rng, num_samples), fidelity)
    require(fidelity == "system", "fidelity", f"must be 'typical' or 'system', got {fidelity!r}")
    model = _model(num_tx_antennas=num_tx_antennas, max_targets=max(num_targets, 1), pathloss_exp=pathloss_exp)
    est = _system(rng, model, "rate_comm", num_networks, mean_num_bs, num_users=num_users,
                  cluster_size_comm=cluster_size_comm, num_targets=num_targets, cluster_size_sense=cluster_size_sense)
    return RateEstimate.of(est, fidelity)


# -- sensing --------------------------------------------------------------------------------------
def radar_rate(num_users: int, cluster_size_sense: int = 1, *, num_rx_antennas: int = 10, target_rcs: float = 0.1,
               filter_gain: float = 1.0, mismatch: float = 1.0, pathloss_exp: float = 4.0,
               pathloss_exp_sense: float = 2.0, bs_density: float = 1e-6, form: SenseForm = "paper",
               hole: bool = True, clutter_density: float = 0.0, clutter_rcs: float = 0.0,
               clutter_min_distance: float = 0.0) -> RateResult:
    """Radar information rate ``R_s`` of a typical target [nats/s/Hz].

    ``Q = 1``: Proposition 3, eqs. (15)–(16) with the interference hole, α and β in their
    places (spec 001 §4.1; eq. (17) when ``alpha = 2 beta``). ``Q >= 2``: Theorem 3, eq. (18),
    which neglects the hole (spec 001 §4.2). The sensing SIR gain
    ``c = Delta T kappa M_r |xi|^2`` (eq. (6)) is computed from the physical inputs.

    Parameters
    ----------
    num_users : int
        ``K``: the interferers' and the echo's gains are ``Gamma(K, 1)`` (Lemma 1).
    cluster_size_sense : int
        ``Q``: the ``Q - 1`` BSs nearest to the serving BS null towards its receive beam.
    num_rx_antennas, target_rcs, filter_gain, mismatch : float
        ``M_r``, ``|xi|^2``, ``Delta T``, ``kappa``.
    pathloss_exp, pathloss_exp_sense : float
        ``alpha`` (BS to BS, > 2) and ``beta`` (BS to target, one way).
    bs_density : float
        ``lambda_b`` [m⁻²] (no effect when ``alpha = 2 beta``).
    form : {"paper", "slivnyak"}
        Theorem 3's law of the nulling boundary ``r_Q``: ``f_(Q)`` as printed (default) or
        ``f_(Q-1)`` (the serving BS's ``(Q-1)``-th neighbour). No effect for ``Q = 1``.
    hole : bool
        ``False``: the no-hole benchmark of Fig. 7 (``Q = 1`` only).
    clutter_density, clutter_rcs, clutter_min_distance : float
        Optional clutter of Remark 1, eq. (19) (``Q = 1`` only): a PPP of scatterers [m⁻²]
        beyond ``clutter_min_distance`` [m] with mean normalised RCS ``clutter_rcs``.

    Returns
    -------
    RateResult
    """
    model = _model(num_rx_antennas=num_rx_antennas, target_rcs=target_rcs, filter_gain=filter_gain, mismatch=mismatch,
                   pathloss_exp=pathloss_exp, pathloss_exp_sense=pathloss_exp_sense, bs_density=bs_density)
    require(form in ("paper", "slivnyak"), "form", f"must be 'paper' or 'slivnyak', got {form!r}")
    args = (model.gain_factor, num_users)
    physics = (model.pathloss_exp, model.pathloss_exp_sense, model.bs_density)
    if cluster_size_sense == 1:
        rate = _an.radar_rate_prop3(*args, *physics, hole=hole, clutter_density=clutter_density,
                                    clutter_rcs=clutter_rcs, clutter_min_distance=clutter_min_distance)
        what = "with" if hole else "without"
        return RateResult(float(rate), "prop3" if hole else "prop3_nohole",
                          f"nulling Prop. 3, eqs. (15)-(16), {what} the interference hole (spec 001 §4.1)")
    require(hole, "hole", "the no-hole benchmark exists for Q = 1 only (Theorem 3 already neglects the hole)")
    require(clutter_density == 0.0, "clutter_density", "clutter is modelled for Q = 1 only (Remark 1)")
    rate = _an.radar_rate_theorem3(*args, cluster_size_sense, *physics, boundary=form)
    law = "f_(Q)" if form == "paper" else "f_(Q-1)"
    return RateResult(float(rate), form, f"nulling Theorem 3, eq. (18), boundary law {law} (spec 001 §4.2)")


def simulate_radar_rate(num_users: int, cluster_size_sense: int = 1, *, rng: np.random.Generator,
                        num_rx_antennas: int = 10, target_rcs: float = 0.1, filter_gain: float = 1.0,
                        mismatch: float = 1.0, pathloss_exp: float = 4.0, pathloss_exp_sense: float = 2.0,
                        bs_density: float = 1e-6, hole: bool = True,
                        fidelity: Literal["typical", "system"] = "typical", num_samples: int = 100_000,
                        num_tx_antennas: int = 20, num_targets: int = 2, cluster_size_comm: int = 1,
                        num_networks: int = 4, mean_num_bs: float = 400.0) -> RateEstimate:
    """Monte Carlo twin of :func:`radar_rate` [nats/s/Hz].

    ``"typical"``: BSs drawn around the target, the nearest serves it (so the hole arises by
    construction; ``hole=False`` draws the benchmark's full plane), the ``Q - 1`` BSs nearest to
    the serving BS nulled, Gamma gains; ``num_samples`` drops. ``"system"``: ``num_networks``
    torus networks with actual ZF precoders and ULA steering vectors, where every BS serves
    ``K`` users and ``num_targets`` targets and nulls within ``M_t = num_tx_antennas``
    (``cluster_size_comm`` = ``L``); cluster-robust CI. Other parameters as :func:`radar_rate`.

    Returns
    -------
    RateEstimate
    """
    model = _model(num_tx_antennas=num_tx_antennas, max_targets=max(num_targets, 1), num_rx_antennas=num_rx_antennas,
                   target_rcs=target_rcs, filter_gain=filter_gain, mismatch=mismatch, pathloss_exp=pathloss_exp,
                   pathloss_exp_sense=pathloss_exp_sense, bs_density=bs_density)
    if fidelity == "typical":
        def trial(r, n):
            return radar_rate_trial(r, n, model.gain_factor, num_users, cluster_size_sense, model.pathloss_exp,
                                    model.pathloss_exp_sense, model.bs_density, hole=hole,
                                    num_points=128)["rate_sense"]

        return RateEstimate.of(_stream(trial, rng, num_samples), fidelity)
    require(fidelity == "system", "fidelity", f"must be 'typical' or 'system', got {fidelity!r}")
    require(hole, "hole", "the system-level network always has the hole")
    require(num_targets >= 1, "num_targets", f"must be >= 1 to sense, got {num_targets}")
    est = _system(rng, model, "rate_sense", num_networks, mean_num_bs, num_users=num_users,
                  cluster_size_comm=cluster_size_comm, num_targets=num_targets, cluster_size_sense=cluster_size_sense)
    return RateEstimate.of(est, fidelity)


# -- area spectral efficiency -------------------------------------------------------------------
def ase(num_tx_antennas: int, num_users: int, cluster_size_comm: int = 1, num_targets: int = 0,
        cluster_size_sense: int = 1, *, bs_density: float = 1e-6, num_rx_antennas: int = 10, target_rcs: float = 0.1,
        filter_gain: float = 1.0, mismatch: float = 1.0, pathloss_exp: float = 4.0, pathloss_exp_sense: float = 2.0,
        comm_form: CommForm = "theorem1", sense_form: SenseForm = "paper") -> AseResult:
    """Communication and sensing ASE ``T_c = lambda_b K R_c``, ``T_s = lambda_b J R_s`` (nulling (4), (7), (13)).

    Parameters
    ----------
    num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense : int
        ``M_t, K, L, J, Q`` with ``K L + J(Q-1) <= M_t``.
    bs_density : float
        ``lambda_b`` [m⁻²].
    comm_form, sense_form : str
        ``form`` of :func:`comm_rate` and :func:`radar_rate`.
    num_rx_antennas, target_rcs, filter_gain, mismatch, pathloss_exp, pathloss_exp_sense : float
        As :func:`radar_rate`.

    Returns
    -------
    AseResult
        [nats/s/Hz/m²] and the rates [nats/s/Hz].
    """
    model = _model(num_tx_antennas=num_tx_antennas, max_targets=max(num_targets, 1), bs_density=bs_density,
                   num_rx_antennas=num_rx_antennas, target_rcs=target_rcs, filter_gain=filter_gain,
                   mismatch=mismatch, pathloss_exp=pathloss_exp, pathloss_exp_sense=pathloss_exp_sense)
    rc = comm_rate(num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense,
                   pathloss_exp=pathloss_exp, form=comm_form).rate_nats
    rs, ts = float("nan"), 0.0
    if num_targets:
        rs = radar_rate(num_users, cluster_size_sense, num_rx_antennas=num_rx_antennas, target_rcs=target_rcs,
                        filter_gain=filter_gain, mismatch=mismatch, pathloss_exp=pathloss_exp,
                        pathloss_exp_sense=pathloss_exp_sense, bs_density=bs_density, form=sense_form).rate_nats
        ts = float(_an.ase_sense(model.bs_density, num_targets, rs))  # Eq. (7)
    return AseResult(float(_an.ase_comm(model.bs_density, num_users, rc)), ts, rc, rs)  # Eq. (4)


def optimal_num_users(num_tx_antennas: int, num_targets: int = 0, cluster_size_sense: int = 1,
                      cluster_size_comm: int = 1, *, pathloss_exp: float = 4.0) -> LoadOptimum:
    """Number of users ``K*`` per BS that maximises the communication ASE (nulling Lemma 2, Remark 2).

    ``K* = v* (M_t - J(Q-1) + 1)`` with ``v*`` the root of ``G'(v)`` (eq. (22) with ``G_L``,
    spec 001 §3); the integer ``K`` is the better of floor and ceil by Theorem 2.
    ``ase_per_density`` of the result is ``T_c / lambda_b = K R~_c`` [nats/s/Hz].
    """
    return _an.optimal_num_users(num_tx_antennas, num_targets, cluster_size_sense, cluster_size_comm,
                                 pathloss_exp=pathloss_exp)


# -- S-C region -------------------------------------------------------------------------------------
def _region_inputs(num_tx_antennas, max_targets, bs_density, num_rx_antennas, target_rcs, filter_gain, mismatch,
                   pathloss_exp, pathloss_exp_sense, min_cluster_comm, min_cluster_sense, metric, comm_form,
                   sense_form):
    model = _model(num_tx_antennas=num_tx_antennas, max_targets=max_targets, bs_density=bs_density,
                   num_rx_antennas=num_rx_antennas, target_rcs=target_rcs, filter_gain=filter_gain,
                   mismatch=mismatch, pathloss_exp=pathloss_exp, pathloss_exp_sense=pathloss_exp_sense)
    require(comm_form in ("theorem1", "theorem2"), "comm_form",
            f"must be 'theorem1' or 'theorem2' for the region, got {comm_form!r}")
    search = _opt.RegionSearch(min_cluster_comm=min_cluster_comm, min_cluster_sense=min_cluster_sense, metric=metric,
                               comm_form=comm_form, sense_boundary=sense_form)
    return model, search, "nats/s/Hz/m²" if metric == "ase" else "nats/s/Hz"


def sc_region(num_tx_antennas: int = 20, *, max_targets: int = 5, bs_density: float = 1e-6, num_rx_antennas: int = 10,
              target_rcs: float = 0.1, filter_gain: float = 1.0, mismatch: float = 1.0, pathloss_exp: float = 4.0,
              pathloss_exp_sense: float = 2.0, min_cluster_comm: int = 1, min_cluster_sense: int = 1,
              metric: Literal["ase", "rate"] = "ase", comm_form: Literal["theorem1", "theorem2"] = "theorem2",
              sense_form: SenseForm = "paper", method: Literal["coupled", "paper"] = "coupled") -> RegionResult:
    """The S–C region (20) over every integer ``(K, L, J, Q)`` and its gain over time sharing (nulling Sec. V).

    Parameters
    ----------
    num_tx_antennas, max_targets : int
        ``M_t`` and ``J_max`` (Sec. VI-C: ``J_max = 5``).
    bs_density : float
        ``lambda_b`` [m⁻²].
    num_rx_antennas, target_rcs, filter_gain, mismatch, pathloss_exp, pathloss_exp_sense : float
        As :func:`radar_rate`.
    min_cluster_comm, min_cluster_sense : int
        Link-quality constraints ``L >= L_th``, ``Q >= Q_th`` (nulling (25)).
    metric : {"ase", "rate"}
        ``(T_c, T_s)`` [nats/s/Hz/m²] or ``(R_c, R_s)`` [nats/s/Hz] (Fig. 9).
    comm_form : {"theorem2", "theorem1"}
        ``R_c`` by Theorem 2 (the paper's choice for the region) or Theorem 1.
    sense_form : {"paper", "slivnyak"}
        Theorem 3's boundary law (see :func:`radar_rate`).
    method : {"coupled", "paper"}
        ``"coupled"``: exact (equals exhaustive enumeration); ``"paper"``: the paper's separate
        searches (``T_s`` at the communication-optimal ``K``).

    Returns
    -------
    RegionResult
    """
    model, search, unit = _region_inputs(num_tx_antennas, max_targets, bs_density, num_rx_antennas, target_rcs,
                                         filter_gain, mismatch, pathloss_exp, pathloss_exp_sense, min_cluster_comm,
                                         min_cluster_sense, metric, comm_form, sense_form)
    front = _opt.region_boundary(model, search, method)
    gain = _opt.time_sharing_gain(front)
    return RegionResult(tuple(front), gain.comm_corner, gain.sense_corner, gain.sense_gain, gain.comm_gain, unit)


def weighted_sum_optimum(weight: float, num_tx_antennas: int = 20, *, max_targets: int = 5, bs_density: float = 1e-6,
                         num_rx_antennas: int = 10, target_rcs: float = 0.1, filter_gain: float = 1.0,
                         mismatch: float = 1.0, pathloss_exp: float = 4.0, pathloss_exp_sense: float = 2.0,
                         min_cluster_comm: int = 1, min_cluster_sense: int = 1, metric: Literal["ase", "rate"] = "ase",
                         comm_form: Literal["theorem1", "theorem2"] = "theorem2",
                         sense_form: SenseForm = "paper") -> WeightedSumResult:
    """Problem (P1): the ``(K, L, J, Q)`` maximising ``rho T_c + (1 - rho) T_s`` (nulling (24)–(25)).

    Solved exactly on the Pareto boundary of :func:`sc_region` (a linear objective attains its
    maximum there). ``weight`` is ``rho`` in ``[0, 1]``; other parameters as :func:`sc_region`.

    Returns
    -------
    WeightedSumResult
    """
    model, search, unit = _region_inputs(num_tx_antennas, max_targets, bs_density, num_rx_antennas, target_rcs,
                                         filter_gain, mismatch, pathloss_exp, pathloss_exp_sense, min_cluster_comm,
                                         min_cluster_sense, metric, comm_form, sense_form)
    best = _opt.max_weighted_sum(_opt.region_boundary(model, search), weight)
    return WeightedSumResult(weight * best.comm + (1.0 - weight) * best.sense, best, weight, unit)  # Eq. (24)
