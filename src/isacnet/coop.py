"""Paper ``coop`` (000) for notebooks and scripts: cooperative ISAC with CoMP and distributed MIMO radar.

Meng, Masouros, Petropulu, Hanzo, "Cooperative ISAC networks: performance analysis, scaling laws
and optimization" (corrected math: spec 000). Every function is named for the quantity it
computes, takes and returns SI units (densities in m⁻², powers in W, CRLBs in m², rates in
bits/s/Hz with ``_bits`` in the name), offers the paper's equation variants as ``form=`` (default:
the spec's corrected form) and has a Monte Carlo twin where one exists::

    from isacnet import coop

    radar = dict(power_sense=1.0, bandwidth=50e6, carrier_frequency=5e9, noise_power=1e-8, rcs_mean=1.0,
                 num_tx_antennas=4, num_rx_antennas=5)
    coop.expected_crlb([4, 10, 30], 1e-6, **radar)                                  # m², Prop. 2 App. B (45)
    coop.simulate_crlb(10, 1e-6, **radar, rng=np.random.default_rng(1)).mean      # its Monte Carlo twin
    coop.comp_rate_bits(5, user_density=1e-6, bs_density=1e-6, max_load=15, power_comm=1.0, power_total=1.0,
                        num_tx_antennas=4)                                         # Theorem 2 (29)
    coop.optimal_cluster_size(user_density=1e-6, bs_density=1e-6, max_load=15).cluster_size_comm
    region = coop.tradeoff_region(coop.CoopModel(backhaul_bits=8.6))              # region (39)
    coop.weighted_sum_optimum(region, rho=0.5)                                     # (P2) (41)

Distance unit inside ``|zeta|^2``. The paper does not say in which unit the distances of eq. (5)–(8)
are measured (spec 000 §12); its figures (root CRLBs of metres at ``lambda_b = 1/km²``,
``sigma_s^2 = -80 dB``) correspond to kilometres. The CRLB functions therefore take
``distance_unit`` explicitly: ``"km"`` (default, the paper's convention) evaluates the FIM with
distances in km and returns the CRLB converted to m², which equals the literal SI evaluation
(``"m"``) with ``|zeta|^2`` multiplied by ``(1000 m)^(2 beta - 2)``.

This module re-exports or thinly wraps :mod:`isacnet.analysis.coop`, :mod:`isacnet.simulate.coop`,
:mod:`isacnet.optimization.coop` and :class:`isacnet.models.coop.CoopModel`; it adds no physics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import ValidationError

from isacnet.analysis import coop as _analysis
from isacnet.analysis.coop import expected_gdop
from isacnet.errors import InputError
from isacnet.metrics.localization import zeta_squared as _zeta_squared
from isacnet.models.coop import DISTANCE_UNIT_M, CoopModel
from isacnet.optimization import coop as _optimization
from isacnet.optimization.coop import OptimalClusterResult, RegionResult, boundary_rate, time_sharing_rate
from isacnet.simulate import coop as _simulate
from isacnet.simulate.stats import Estimate, RunningStats
from isacnet.units import nats_to_bits, per_m2_to_per_km2

__all__ = [
    "CoopModel",
    "Estimate",
    # sensing
    "expected_gdop",
    "simulate_gdop",
    "zeta_squared",
    "expected_crlb",
    "simulate_crlb",
    "sensing_acceptance_probability",
    "simulate_sensing_acceptance",
    # communication
    "comm_acceptance_probability",
    "comp_rate_bits",
    "simulate_comp_rate_bits",
    "optimal_cluster_size",
    "OptimalClusterResult",
    # trade-off
    "tradeoff_region",
    "noncooperative_region",
    "RegionResult",
    "boundary_rate",
    "time_sharing_rate",
    "weighted_sum_optimum",
    "WeightedSumResult",
]

_BATCH = 50_000  # drops per vectorised block of the Monte Carlo twins

ClusterMethod = Literal["theorem2", "exact", "monte_carlo", "eta", "surrogate", "remark3"]


# --------------------------------------------------------------------------- helpers
def _require_rng(rng) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise InputError("rng", f"must be a numpy.random.Generator (np.random.default_rng(seed)), got {rng!r}")
    return rng


def _require_count(value, field: str, smallest: int = 1) -> int:
    if int(value) != value or value < smallest:
        raise InputError(field, f"must be an integer >= {smallest}, got {value}")
    return int(value)


def _unit_length(distance_unit: str) -> float:
    if distance_unit not in DISTANCE_UNIT_M:
        raise InputError("distance_unit", f"must be 'km' or 'm', got {distance_unit!r}")
    return DISTANCE_UNIT_M[distance_unit]


def _stream(draw, num_drops: int) -> Estimate:
    """Run ``draw(size)`` in blocks of at most ``_BATCH`` drops and summarise the samples."""
    stats = RunningStats()
    done = 0
    while done < num_drops:
        size = min(_BATCH, num_drops - done)
        stats.update(draw(size))
        done += size
    return stats.estimate()


def _model(**fields) -> CoopModel:
    from isacnet.scenario import validation_error_to_input_error

    try:
        return CoopModel(**fields)
    except ValidationError as err:
        raise validation_error_to_input_error(err) from None


# --------------------------------------------------------------------------- sensing
def simulate_gdop(num_bs: int, *, rng: np.random.Generator, num_drops: int = 100_000) -> Estimate:
    """Monte Carlo twin of :func:`expected_gdop`: GDoP (coop eq. (15)) of ``N`` i.i.d. uniform bearings.

    Parameters
    ----------
    num_bs : int
        ``N`` (>= 1).
    rng : numpy.random.Generator
    num_drops : int
        Geometries drawn.

    Returns
    -------
    Estimate
        Dimensionless. ``E[GDoP]`` is infinite for ``N <= 3`` (``P(GDoP > t) ~ t^-(N-1)/2``) and has
        infinite variance for ``N = 4, 5``: read ``.median`` there (``.mean_finite``, ``.ci_valid``).
    """
    n = _require_count(num_bs, "num_bs")
    rng = _require_rng(rng)
    return _stream(lambda size: _simulate.gdop_trial(rng, size, n)["gdop"], _require_count(num_drops, "num_drops"))


def zeta_squared(power_sense, *, bandwidth: float, carrier_frequency: float, noise_power: float, rcs_mean: float,
                 num_tx_antennas: int, num_rx_antennas: int):
    """``|zeta|^2`` of coop eq. (8) from physical inputs, with distances in metres.

    ``|zeta|^2 = p^s G_t G_r B^2 sigma_av / (8 pi f_c^2 sigma_s^2)`` with ``G_t = M_t - 1`` (the ZF
    sensing beam, App. B) and ``G_r = M_r`` (not stated in the paper).

    Parameters
    ----------
    power_sense : float or array_like
        ``p^s`` [W].
    bandwidth, carrier_frequency : float
        ``B``, ``f_c`` [Hz].
    noise_power : float
        ``sigma_s^2`` [W].
    rcs_mean : float
        ``sigma_av`` [m²].
    num_tx_antennas, num_rx_antennas : int
        ``M_t`` (>= 2), ``M_r`` (>= 1).

    Returns
    -------
    ndarray
        [m^(2 beta - 2)] in the FIM of eq. (5)–(7) with distances in m.
    """
    _require_count(num_tx_antennas, "num_tx_antennas", 2)
    _require_count(num_rx_antennas, "num_rx_antennas", 1)
    inputs = {"power_sense": np.min(power_sense), "bandwidth": bandwidth, "carrier_frequency": carrier_frequency,
              "noise_power": noise_power, "rcs_mean": rcs_mean}
    for field, value in inputs.items():
        if not value > 0:
            raise InputError(field, f"must be > 0, got {value}")
    return _zeta_squared(np.asarray(power_sense, dtype=float), num_tx_antennas - 1, num_rx_antennas, bandwidth,
                         carrier_frequency, noise_power, rcs_mean)  # Eq. (8)


def expected_crlb(num_bs, bs_density, *, power_sense, bandwidth: float, carrier_frequency: float,
                  noise_power: float, rcs_mean: float, num_tx_antennas: int, num_rx_antennas: int,
                  pathloss_exp_sense: float = 2.0, kappa_sense=1.0, distance_unit: Literal["km", "m"] = "km",
                  form: _analysis.CrlbForm = "prop2_app_b"):
    """Expected CRLB [m²] of a target localised by its ``N`` nearest BSs (coop Prop. 2, eq. (21), Thm. 1, eq. (24)).

    ``|zeta|^2`` comes from the physical inputs (eq. (8), :func:`zeta_squared`); the closed form is
    :func:`isacnet.analysis.coop.expected_crlb` evaluated with distances in ``distance_unit``.

    Parameters
    ----------
    num_bs : int or array_like, [...]
        Sensing cluster size ``N`` (>= 1).
    bs_density : float
        BS density ``lambda_b`` [m⁻²] (1e-6 is 1 per km²).
    power_sense : float
        ``p^s`` [W].
    bandwidth, carrier_frequency : float
        ``B``, ``f_c`` [Hz] (the paper states neither; paper 002's case study: 50 MHz, 5 GHz).
    noise_power : float
        ``sigma_s^2`` [W] (the paper: -80 dB, 1e-8 W).
    rcs_mean : float
        ``sigma_av`` [m²].
    num_tx_antennas, num_rx_antennas : int
        ``M_t``, ``M_r``.
    pathloss_exp_sense : float
        ``beta`` per hop (>= 2; Theorem 1 forms need 2).
    kappa_sense : float or array_like
        Cooperation acceptance probability ``kappa_s`` in (0, 1] (Lemma 1,
        :func:`sensing_acceptance_probability`); thins ``lambda_b`` as in eq. (24).
    distance_unit : {"km", "m"}
        Unit of the distances inside eq. (5)–(8): ``"km"`` is the paper's convention (module notes).
    form : {"prop2_app_b", "prop2_printed", "eq21", "theorem1", "theorem1_printed"}
        App. B eq. (45) (default, spec 000 §7.2), eq. (19) as printed, eq. (21), Theorem 1 eq. (22)
        with the corrected constant 2 or the printed 1.

    Returns
    -------
    ndarray, [...]
        CRLB ``E[tr F^-1]`` [m²]; ``inf`` where ``N`` BSs cannot localise (``N = 1``).
    """
    unit = _unit_length(distance_unit)
    zeta_sq = zeta_squared(power_sense, bandwidth=bandwidth, carrier_frequency=carrier_frequency,
                           noise_power=noise_power, rcs_mean=rcs_mean, num_tx_antennas=num_tx_antennas,
                           num_rx_antennas=num_rx_antennas)
    crlb_in_unit = _analysis.expected_crlb(num_bs, np.asarray(bs_density, dtype=float) * unit**2, pathloss_exp_sense,
                                           zeta_sq, kappa_sense=kappa_sense, form=form)
    return crlb_in_unit * unit**2


def simulate_crlb(num_bs: int, bs_density: float, *, power_sense: float, bandwidth: float, carrier_frequency: float,
                  noise_power: float, rcs_mean: float, num_tx_antennas: int, num_rx_antennas: int,
                  pathloss_exp_sense: float = 2.0, distance_unit: Literal["km", "m"] = "km",
                  rcs_model: Literal["mean", "swerling1"] = "mean", rng: np.random.Generator,
                  num_drops: int = 100_000) -> Estimate:
    """Monte Carlo twin of :func:`expected_crlb` (every BS accepts): ``tr F^-1`` (coop eq. (9)) of the
    typical target with its ``N`` nearest BSs of a PPP, in m².

    Parameters
    ----------
    num_bs : int
        ``N`` (>= 1).
    bs_density, power_sense, bandwidth, carrier_frequency, noise_power, rcs_mean, num_tx_antennas, \
num_rx_antennas, pathloss_exp_sense, distance_unit
        As :func:`expected_crlb`.
    rcs_model : {"mean", "swerling1"}
        The mean RCS (``F_bar``, as analysed) or independent Swerling-I RCS per Tx–Rx link.
    rng : numpy.random.Generator
    num_drops : int
        Targets (network realisations) drawn.

    Returns
    -------
    Estimate
        CRLB [m²]. The mean is infinite for ``N <= 3`` and has infinite variance for ``N = 4, 5``
        (collinear geometries, tail index ``(N - 1)/2``): read ``.median`` there.
    """
    n = _require_count(num_bs, "num_bs")
    rng = _require_rng(rng)
    unit = _unit_length(distance_unit)
    zeta_sq = float(zeta_squared(power_sense, bandwidth=bandwidth, carrier_frequency=carrier_frequency,
                                 noise_power=noise_power, rcs_mean=rcs_mean, num_tx_antennas=num_tx_antennas,
                                 num_rx_antennas=num_rx_antennas))
    if not bs_density > 0:
        raise InputError("bs_density", f"must be > 0, got {bs_density}")
    density_in_unit = bs_density * unit**2

    def draw(size):
        out = _simulate.crlb_trial(rng, size, n, density_in_unit, pathloss_exp_sense, zeta_sq, rcs_model)
        return out["crlb"] * unit**2

    return _stream(draw, _require_count(num_drops, "num_drops"))


def sensing_acceptance_probability(num_bs, *, target_density: float, bs_density: float, max_load: int,
                                   form: Literal["corrected", "printed", "palm"] = "corrected"):
    """Probability ``kappa_s`` that a requested BS cooperates in sensing (coop Lemma 1, eq. (23)).

    Parameters
    ----------
    num_bs : int or array_like, [...]
        Sensing cluster size ``N``.
    target_density, bs_density : float
        ``lambda_s``, ``lambda_b`` [m⁻²].
    max_load : int
        ``psi``, targets one BS serves.
    form : {"corrected", "printed", "palm"}
        Spec 000 §8.1 (a) (default), eq. (23) as printed, or the request-level (Palm) form.

    Returns
    -------
    ndarray, [...]
        Probability in [0, 1].
    """
    if not (target_density > 0 and bs_density > 0):
        raise InputError("target_density", f"densities must be > 0, got {target_density}, {bs_density}")
    _require_count(max_load, "max_load")
    return _analysis.kappa_sense(num_bs, target_density / bs_density, max_load, form)


def simulate_sensing_acceptance(num_bs: int, *, target_density: float, bs_density: float, max_load: int,
                                rng: np.random.Generator, num_targets: int = 20_000) -> Estimate:
    """System-level twin of :func:`sensing_acceptance_probability`: the fraction of accepted requests.

    One wrap-around network holds about ``num_targets`` targets; each requests its ``N`` nearest BSs,
    each BS admits a uniformly random ``psi`` of its requests (the load process behind Lemma 1).
    Requests of nearby targets compete for the same BSs, so the standard error is the
    cluster-robust one over 16 spatial blocks of the network.

    Returns
    -------
    Estimate
        Acceptance probability.
    """
    n = _require_count(num_bs, "num_bs")
    rng = _require_rng(rng)
    out = _simulate.acceptance_network_trial(rng, _require_count(num_targets, "num_targets"), n, bs_density,
                                             target_density, _require_count(max_load, "max_load"))
    return RunningStats().update(out["accepted"], np.repeat(out["block"], n)).estimate()


# --------------------------------------------------------------------------- communication
def comm_acceptance_probability(cluster_size_comm, *, user_density: float, bs_density: float, max_load: int):
    """Probability ``kappa_c`` that a requested BS joins a CoMP cluster (coop Lemma 2, eq. (25)).

    Parameters
    ----------
    cluster_size_comm : int or array_like, [...]
        ``L`` (>= 1).
    user_density, bs_density : float
        ``lambda_u``, ``lambda_b`` [m⁻²].
    max_load : int
        ``psi`` (>= 2: one resource block is the BS's own user's).

    Returns
    -------
    ndarray, [...]
        Probability in [0, 1].
    """
    if not bs_density > 0:
        raise InputError("bs_density", f"must be > 0, got {bs_density}")
    _require_count(max_load, "max_load", 2)
    return _analysis.kappa_comm(cluster_size_comm, user_density / bs_density, max_load)


def comp_rate_bits(cluster_size_comm: int, *, user_density: float, bs_density: float, max_load: int,
                   power_comm: float, power_total: float, num_tx_antennas: int, pathloss_exp: float = 4.0,
                   form: Literal["corrected", "printed", "exact"] = "corrected") -> float:
    """Average CoMP rate [bits/s/Hz] of the typical user with ``L`` cooperating BSs (coop Theorem 2, eq. (29)).

    ``kappa_c`` from Lemma 2 (:func:`comm_acceptance_probability`); interference limited, so the
    rate depends on the densities only through ``lambda_u / lambda_b``.

    Parameters
    ----------
    cluster_size_comm : int
        ``L`` (>= 1).
    user_density, bs_density : float
        ``lambda_u``, ``lambda_b`` [m⁻²].
    max_load : int
        ``psi`` (>= 2).
    power_comm, power_total : float
        ``p^c`` and ``P^t`` [W], ``0 < p^c <= P^t`` (the rest senses: ``p^s = P^t - p^c``).
    num_tx_antennas : int
        ``M_t`` (>= 2).
    pathloss_exp : float
        ``alpha`` (> 2).
    form : {"corrected", "printed", "exact"}
        Eq. (29) with the signal term at ``z p^c`` (spec 000 §9, default), as printed, or the exact
        rate of the same model (docs/theory/coop.md).

    Returns
    -------
    float
        [bits/s/Hz] (Theorem 2 itself is in nats; converted).
    """
    kappa = float(comm_acceptance_probability(cluster_size_comm, user_density=user_density, bs_density=bs_density,
                                              max_load=max_load))
    rate = _analysis.comp_rate(cluster_size_comm, kappa, power_comm, power_total, num_tx_antennas, pathloss_exp,
                               form=form)
    return float(nats_to_bits(rate))


def simulate_comp_rate_bits(cluster_size_comm: int, *, user_density: float, bs_density: float, max_load: int,
                            power_comm: float, power_total: float, num_tx_antennas: int, pathloss_exp: float = 4.0,
                            level: Literal["model", "link"] = "model", rng: np.random.Generator,
                            num_drops: int = 100_000) -> Estimate:
    """Monte Carlo twin of :func:`comp_rate_bits` [bits/s/Hz], at one of two fidelities.

    * ``level="model"``: the paper's distributions (nearest BSs exact, ``Gamma(M_t - 1, p^c)`` signal
      gains, ``Gamma(1, P^t)`` interferers, i.i.d. acceptance with ``kappa_c`` of Lemma 2); its
      mean is the ``form="exact"`` rate.
    * ``level="link"``: whole networks on a torus (actual ZF precoders, the ``psi``-limited load
      process); ``num_drops`` networks (each costs about ``60 x users`` distances: use a few hundred).

    Returns
    -------
    Estimate
        Rate [bits/s/Hz].
    """
    L = _require_count(cluster_size_comm, "cluster_size_comm")
    rng = _require_rng(rng)
    num_drops = _require_count(num_drops, "num_drops")
    if level == "model":
        kappa = float(comm_acceptance_probability(L, user_density=user_density, bs_density=bs_density,
                                                  max_load=max_load))

        def draw(size):
            out = _simulate.comp_rate_trial(rng, size, L, kappa, power_comm, power_total, num_tx_antennas,
                                            pathloss_exp)
            return nats_to_bits(out["rate"])
    elif level == "link":
        def draw(size):
            out = _simulate.comp_rate_link_trial(rng, size, L, max_load, bs_density, user_density, power_comm,
                                                 power_total, num_tx_antennas, pathloss_exp, max(60.0, 4.0 * L))
            return nats_to_bits(out["rate"])
    else:
        raise InputError("level", f"must be 'model' or 'link', got {level!r}")
    return _stream(draw, num_drops)


def optimal_cluster_size(*, user_density: float, bs_density: float, max_load: int, power_comm: float = 1.0,
                         power_total: float = 1.0, num_tx_antennas: int = 4, pathloss_exp: float = 4.0,
                         max_cluster_comm: int = 45,
                         method: ClusterMethod = "theorem2",
                         rng: np.random.Generator | None = None, num_drops: int = 20_000) -> OptimalClusterResult:
    """Optimal CoMP cluster size ``L*`` (coop (P1) (34), Section IV-B).

    ``"theorem2"`` (default) maximises Theorem 2 with ``kappa_c(L)`` of Lemma 2 over
    ``L = 1..max_cluster_comm``; ``"exact"`` the exact model rate; ``"monte_carlo"`` model-level
    Monte Carlo means on common random numbers (needs ``rng``); ``"eta"`` is the paper's
    approximate search (38), ``"surrogate"`` the mean-SIR surrogate (37), ``"remark3"`` the ``L``
    whose mean load ``lambda_u L_bar / lambda_b`` is closest to ``psi``. ``L*`` does not depend on
    the power split (37); ``power_comm`` sets the rates reported.

    Parameters
    ----------
    user_density, bs_density : float
        ``lambda_u``, ``lambda_b`` [m⁻²].
    max_load : int
        ``psi`` (>= 2).
    power_comm, power_total : float
        ``p^c``, ``P^t`` [W].
    num_tx_antennas : int
        ``M_t``.
    pathloss_exp : float
        ``alpha`` (> 2).
    max_cluster_comm : int
        Largest ``L`` searched.
    method : {"theorem2", "exact", "monte_carlo", "eta", "surrogate", "remark3"}
    rng : numpy.random.Generator, optional
        Required by ``"monte_carlo"``.
    num_drops : int
        Monte Carlo drops shared by every ``L``.

    Returns
    -------
    OptimalClusterResult
        ``cluster_size_comm`` (``L*``), ``rates_bits`` [bits/s/Hz] per ``L`` (where ranked),
        ``rate_bits`` at ``L*``, and for Monte Carlo ``rate_estimate`` with its CI.
    """
    if not bs_density > 0:
        raise InputError("bs_density", f"must be > 0, got {bs_density}")
    _require_count(max_load, "max_load", 2)
    model = _model(user_density_per_km2=float(per_m2_to_per_km2(user_density)),
                   bs_density_per_km2=float(per_m2_to_per_km2(bs_density)), max_load=max_load,
                   power_total=power_total, num_tx_antennas=num_tx_antennas, pathloss_exp=pathloss_exp)
    return _optimization.optimal_cluster_size(model, power_comm, max_cluster_comm, method, num_drops=num_drops,
                                              rng=None if rng is None else _require_rng(rng))


# --------------------------------------------------------------------------- trade-off
def tradeoff_region(model: CoopModel | None = None, *, num_power: int = 41, max_cluster_comm: int = 30,
                    max_cluster_sense: int = 40) -> RegionResult:
    """The designs of the rate–CRLB region (39) under (34a)–(34c) (coop Section V, Prop. 3).

    For every ``L`` and ``p^c`` on a grid of ``[0, P^t]``: ``R_c`` by Theorem 2 with ``kappa_c`` of
    Lemma 2, ``p^s = P^t - p^c``, the sensing cluster ``N* = min(N~*, floor((C_backhaul - R_c)/e))``
    of the backhaul (13), and the CRLB of Prop. 2 (45) at ``kappa_s lambda_b`` (Lemma 1).

    Parameters
    ----------
    model : CoopModel, optional
        The physics (default: spec 000 §12, ``CoopModel()``); e.g. ``CoopModel(backhaul_bits=4.3)``.
    num_power : int
        Grid points of ``p^c`` in ``(0, P^t]``.
    max_cluster_comm, max_cluster_sense : int
        Search ranges of ``L`` and ``N~*``.

    Returns
    -------
    RegionResult
        Per design: ``rate`` [bits/s/Hz], ``crlb`` [m²], ``cluster_comm`` (L), ``cluster_sense`` (N),
        ``power_comm`` [W]; :func:`boundary_rate` and :func:`time_sharing_rate` read it.
    """
    return _optimization.rate_crlb_region(model or CoopModel(), num_power, max_cluster_comm, max_cluster_sense)


def noncooperative_region(model: CoopModel | None = None, *, num_power: int = 41) -> RegionResult:
    """The non-cooperative designs (``L = 1``, ``N = 2``, spec 000 §11) on the same power grid."""
    return _optimization.noncooperative_points(model or CoopModel(), num_power)


@dataclass(frozen=True)
class WeightedSumResult:
    """The design maximising ``T^ISAC = rho R_c + (1 - rho)/sqrt(CRLB)`` (coop (40)–(41)).

    Attributes
    ----------
    value : float
        ``T^ISAC`` [bits/s/Hz + 1/m, added as in the paper].
    upper_bound : float
        The polyblock's upper bound at termination.
    rate_bits : float
        ``R_c`` at the optimum [bits/s/Hz].
    root_crlb : float
        ``sqrt(CRLB)`` at the optimum [m] (``inf``: the design does not localise).
    cluster_size_comm, cluster_size_sense : int
        ``L`` and ``N`` of the optimal design (``0`` when the optimum is the origin).
    power_comm, power_sense : float
        ``p^c`` and ``p^s = P^t - p^c`` [W] (NaN when the optimum is the origin).
    """

    value: float
    upper_bound: float
    rate_bits: float
    root_crlb: float
    cluster_size_comm: int
    cluster_size_sense: int
    power_comm: float
    power_sense: float


def weighted_sum_optimum(region: RegionResult, rho: float, *, tol: float = 1e-6) -> WeightedSumResult:
    """(P2) (41): the design of ``region`` maximising ``rho R_c + (1 - rho)/sqrt(CRLB)`` (40), by polyblock.

    Parameters
    ----------
    region : RegionResult
        From :func:`tradeoff_region`.
    rho : float
        Weight of the rate, in [0, 1].
    tol : float
        Relative optimality gap of the polyblock algorithm.

    Returns
    -------
    WeightedSumResult
    """
    res = _optimization.polyblock_weighted_sum(region, rho, tol=tol)
    if res.index < 0:
        return WeightedSumResult(res.value, res.upper_bound, res.rate, np.inf, 0, 0, np.nan, np.nan)
    i = res.index
    return WeightedSumResult(res.value, res.upper_bound, float(region.rate[i]), float(np.sqrt(region.crlb[i])),
                             int(region.cluster_comm[i]), int(region.cluster_sense[i]), float(region.power_comm[i]),
                             float(region.extra.get("power_total", np.nan) - region.power_comm[i]))
