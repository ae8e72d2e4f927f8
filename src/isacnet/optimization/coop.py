"""Optimisers of paper ``coop`` (000): cluster sizes, the rate–CRLB region, the weighted sum.

* :func:`optimal_cluster_size` — (P1) (34): ``L*`` by exhaustive search over ``L`` of Theorem 2, the
  exact model rate or model-level Monte Carlo means (:func:`optimal_cluster_size_exhaustive` of a rate
  table), or by the approximate rules of Section IV-B (eq. (38), the surrogate (37), Remark 3).
* :func:`rate_crlb_region` — the region (39) under (34a)–(34c): grid over ``(L, p^c)``,
  ``p^s = P^t - p^c``, ``N* = min(N~*, floor((C_backhaul - R_c)/e))`` (Section V) and the
  power-range pruning of Prop. 3.
* :func:`time_sharing_rate` — the inner bound between the two corner points.
* :func:`tradeoff_curves` — the boundary of (39) with ``p^c`` continuous (every feasible ``(L, N)``,
  ``R_c(L, p^c)`` interpolated between grid points, the CRLB exact), its convex hull (time sharing
  among designs), the corner time sharing and the non-cooperative boundary at given root-CRLB levels:
  what coop-fig8/9 and overview-fig4 draw.
* :func:`polyblock_weighted_sum` — (P2) (41), ``max rho R_c + (1 - rho)/sqrt(CRLB)``, by the
  polyblock outer approximation (Tuy 2000) on the normal set spanned by the region;
  :func:`brute_force_weighted_sum` is the reference.

Rates here are in **bits/s/Hz** (the backhaul (13) is stated in bits/s/Hz; Theorem 2 gives nats,
converted with :func:`isacnet.units.nats_to_bits`); CRLBs in m², root CRLBs in m.

Sensing CRLB used by the trade-off (documented choice, docs/theory/coop.md): Prop. 2 in the
App. B form (45) with the BS density thinned by ``kappa_s`` of Lemma 1 (the thinning of eq. (24),
spec 000 §7.2, §8.2); ``crlb_form="theorem1"`` uses eq. (24) itself (the large-``N`` law, infinite
at ``N = 1``). Distances inside ``|zeta|^2`` are in ``distance_unit`` (the paper leaves it open,
spec 000 §12; kilometres give root CRLBs of metres as in the paper's figures).

Every function takes the paper's physics as a :class:`isacnet.models.coop.CoopModel` (an
experiment's parameter model, which subclasses it, will do) and its own search knobs
(``num_power``, ``max_cluster_comm``, ``max_cluster_sense``) as arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from isacnet.analysis.coop import (
    CrlbForm,
    comp_rate,
    expected_crlb,
    kappa_comm,
    kappa_sense,
    mean_cluster_size_factor,
    optimal_cluster_size_comm,
)
from isacnet.errors import InputError
from isacnet.models.coop import CoopModel
from isacnet.simulate.coop import comp_rate_sweep_trial
from isacnet.simulate.stats import Estimate, RunningStats
from isacnet.units import nats_to_bits

__all__ = [
    "OptimalClusterResult",
    "optimal_cluster_size",
    "RegionResult",
    "PolyblockResult",
    "sensing_crlb",
    "optimal_sense_cluster",
    "rate_table",
    "optimal_cluster_size_exhaustive",
    "rate_crlb_region",
    "pareto_front",
    "boundary_rate",
    "corner_points",
    "time_sharing_rate",
    "TIME_SHARING_GEOMETRIES",
    "noncooperative_points",
    "TradeoffCurves",
    "tradeoff_curves",
    "LargestGap",
    "largest_gap_gain",
    "sense_corner_root_crlb",
    "upper_concave_envelope",
    "brute_force_weighted_sum",
    "polyblock_weighted_sum",
]


def _check_search(num_power: int | None = None, max_cluster_comm: int | None = None,
                  max_cluster_sense: int | None = None) -> None:
    if num_power is not None and not 2 <= num_power <= 100_000:
        raise InputError("num_power", f"must be in [2, 100000], got {num_power}")
    if max_cluster_comm is not None and not 1 <= max_cluster_comm <= 1000:
        raise InputError("max_cluster_comm", f"must be in [1, 1000], got {max_cluster_comm}")
    if max_cluster_sense is not None and not 2 <= max_cluster_sense <= 10_000:
        raise InputError("max_cluster_sense", f"must be in [2, 10000], got {max_cluster_sense}")


def sensing_crlb(num_bs, power_sense, model: CoopModel):
    """Expected CRLB of an ``N``-BS sensing cluster with acceptance (coop (45)/(24), Lemma 1) [m²].

    ``lambda_b`` thinned by ``kappa_s(N)`` of Lemma 1 (``model.acceptance_form``), then
    ``model.crlb_form`` (module notes); ``|zeta|^2`` of eq. (8) from the model's physical
    inputs with distances in ``model.distance_unit``.

    Parameters
    ----------
    num_bs : int
        ``N`` (>= 2 for a finite CRLB).
    power_sense : float or array_like, [...]
        ``p^s`` [W]; ``CRLB ∝ 1/p^s`` (Prop. 3). ``0`` gives ``inf``.
    model : CoopModel

    Returns
    -------
    ndarray, [...]
        CRLB [m²].
    """
    ps = np.asarray(power_sense, dtype=float)
    with np.errstate(divide="ignore"):
        return _crlb_unit_power(int(num_bs), model.physics()) / np.where(ps > 0, ps, 0.0)


@lru_cache(maxsize=4096)
def _crlb_unit_power(num_bs: int, model: CoopModel) -> float:
    """CRLB [m²] at ``p^s = 1 W`` (cached per physics model)."""
    if num_bs < 2:
        return float("inf")
    kappa = float(kappa_sense(num_bs, model.target_ratio, model.max_load, model.acceptance_form))
    form: CrlbForm
    if model.crlb_form == "prop2_app_b":
        form = "prop2_app_b"  # Eq. (45), lambda_b -> kappa_s lambda_b
    else:
        form = "theorem1" if model.crlb_constant == "corrected" else "theorem1_printed"  # Eq. (24)
    crlb = expected_crlb(num_bs, model.bs_density_in_unit, model.pathloss_exp_sense, model.zeta_sq_per_watt,
                         kappa_sense=kappa, form=form)
    return float(crlb) * model.crlb_to_m2


def optimal_sense_cluster(model: CoopModel, max_cluster_sense: int = 40) -> int:
    """Sensing-only optimum ``N~* = argmin_N CRLB`` over ``2..max_cluster_sense`` (coop Section V).

    Parameters
    ----------
    model : CoopModel
    max_cluster_sense : int
        Largest ``N`` searched (>= 2).

    Returns
    -------
    int
    """
    _check_search(max_cluster_sense=max_cluster_sense)
    physics = model.physics()
    ns = np.arange(2, max_cluster_sense + 1)
    return int(ns[np.argmin([_crlb_unit_power(int(n), physics) for n in ns])])


def rate_table(model: CoopModel, power_comm_grid, max_cluster_comm: int = 30) -> np.ndarray:
    """``R_c(L, p^c)`` [bits/s/Hz] on ``L = 1..max_cluster_comm`` × ``power_comm_grid`` (Theorem 2, Lemma 2).

    Theorem 2 (29) in ``model.rate_form`` with ``kappa_c(L)`` of Lemma 2, eq. (25).

    Parameters
    ----------
    model : CoopModel
    power_comm_grid : array_like, [num_power]
        ``p^c`` [W] in ``[0, P^t]``.
    max_cluster_comm : int
        Largest ``L``.

    Returns
    -------
    ndarray, [max_cluster_comm, num_power]
        ``0`` where ``p^c = 0``.
    """
    _check_search(max_cluster_comm=max_cluster_comm)
    return _rate_table(_rate_physics(model), tuple(float(p) for p in power_comm_grid), int(max_cluster_comm))


def _rate_physics(model: CoopModel) -> CoopModel:
    """The physics with the backhaul fields at their defaults: ``R_c`` does not depend on them, so the
    settings of one figure that differ only in ``C_backhaul`` or ``e`` share one rate table."""
    physics = model.physics()
    fields = CoopModel.model_fields
    return physics.model_copy(update={"backhaul_bits": fields["backhaul_bits"].default,
                                      "backhaul_per_bs_bits": fields["backhaul_per_bs_bits"].default})


@lru_cache(maxsize=64)
def _rate_table(model: CoopModel, grid: tuple, max_cluster_comm: int) -> np.ndarray:
    ls = np.arange(1, max_cluster_comm + 1)
    kap = kappa_comm(ls, model.user_ratio, model.max_load)
    out = np.zeros((ls.size, len(grid)))
    for i, L in enumerate(ls):
        for j, pc in enumerate(grid):
            if pc > 0:
                out[i, j] = comp_rate(int(L), float(kap[i]), pc, model.power_total, model.num_tx_antennas,
                                      model.pathloss_exp, form=model.rate_form)
    out = nats_to_bits(out)
    out.setflags(write=False)
    return out


def optimal_cluster_size_exhaustive(rates) -> int:
    """``L* = argmax_L R_c(L)`` over a table of rates for ``L = 1, 2, ...`` (P1, eq. (34)).

    Parameters
    ----------
    rates : array_like, [num_L]
        Rate at ``L = 1..num_L`` (any unit).
    """
    r = np.asarray(rates, dtype=float)
    if r.ndim != 1 or r.size == 0:
        raise InputError("rates", f"must be a non-empty 1-D array, got shape {r.shape}")
    return int(np.nanargmax(r)) + 1


@dataclass(frozen=True)
class OptimalClusterResult:
    """Outcome of :func:`optimal_cluster_size`.

    Attributes
    ----------
    cluster_size_comm : int
        ``L*``.
    method : str
        How it was found.
    rates_bits : ndarray, [max_cluster_comm], optional
        The rate of every ``L = 1..max_cluster_comm`` the search maximised [bits/s/Hz] (``None``
        for the rules that rank no rates: ``"eta"``, ``"surrogate"``, ``"remark3"``).
    rate_estimate : Estimate, optional
        ``"monte_carlo"``: the Monte Carlo estimate of the rate at ``L*`` with its CI [bits/s/Hz];
        as the largest of the ``L`` means it is biased upwards by the selection (winner's curse).
    """

    cluster_size_comm: int
    method: str
    rates_bits: np.ndarray | None = None
    rate_estimate: Estimate | None = None

    @property
    def rate_bits(self) -> float:
        """The rate at ``L*`` [bits/s/Hz] (NaN when no rates were ranked)."""
        return float("nan") if self.rates_bits is None else float(self.rates_bits[self.cluster_size_comm - 1])


CLUSTER_METHODS = ("theorem2", "exact", "monte_carlo", "eta", "surrogate", "remark3")


def optimal_cluster_size(model: CoopModel, power_comm: float, max_cluster_comm: int = 45, method: str = "theorem2",
                         *, num_drops: int = 20_000, rng: np.random.Generator | None = None) -> OptimalClusterResult:
    """Optimal CoMP cluster size ``L*`` of (P1) (34) (coop Section IV-B), by one of six rules.

    * ``"theorem2"`` (default): exhaustive search of Theorem 2 (29), corrected form, with
      ``kappa_c(L)`` of Lemma 2 (25);
    * ``"exact"``: exhaustive search of the exact rate of the same model (docs/theory/coop.md);
    * ``"monte_carlo"``: exhaustive search of model-level Monte Carlo means on common random
      numbers (``num_drops`` drops shared by every ``L``; needs ``rng``);
    * ``"eta"``: the paper's approximate search, eq. (38) (:func:`optimal_cluster_size_comm`);
    * ``"surrogate"``: ``argmax_L`` of the mean-SIR surrogate (37);
    * ``"remark3"``: the ``L`` whose mean load ``mu_c L_bar`` is closest to ``psi`` (Remark 3).

    ``L*`` does not depend on the power split (37); ``power_comm`` sets the rates reported.

    Parameters
    ----------
    model : CoopModel
        ``user_ratio``, ``max_load``, ``power_total``, ``num_tx_antennas``, ``pathloss_exp`` are used.
    power_comm : float
        ``p^c`` [W], ``0 < p^c <= P^t``.
    max_cluster_comm : int
        Largest ``L`` searched (>= 1).
    method : {"theorem2", "exact", "monte_carlo", "eta", "surrogate", "remark3"}
    num_drops : int
        Monte Carlo drops (``"monte_carlo"`` only).
    rng : numpy.random.Generator
        Required by ``"monte_carlo"``.

    Returns
    -------
    OptimalClusterResult
    """
    _check_search(max_cluster_comm=max_cluster_comm)
    if not 0 < power_comm <= model.power_total:
        raise InputError("power_comm", f"must be in (0, P^t = {model.power_total}] W, got {power_comm}")
    ls = np.arange(1, max_cluster_comm + 1)
    if method in ("theorem2", "exact"):
        physics = model.physics().model_copy(update={"rate_form": "corrected" if method == "theorem2" else "exact"})
        rates = rate_table(physics, [power_comm], max_cluster_comm)[:, 0]
        return OptimalClusterResult(optimal_cluster_size_exhaustive(rates), method, rates)
    if method == "monte_carlo":
        if rng is None:
            raise InputError("rng", "the Monte Carlo search needs a numpy.random.Generator")
        if num_drops < 1:
            raise InputError("num_drops", f"must be >= 1, got {num_drops}")
        kappas = kappa_comm(ls, model.user_ratio, model.max_load)
        samples = comp_rate_sweep_trial(rng, num_drops, kappas, power_comm, model.power_total, model.num_tx_antennas,
                                        model.pathloss_exp)  # [num_drops, L], nats
        rates = nats_to_bits(samples.mean(axis=0))
        best = optimal_cluster_size_exhaustive(rates)
        estimate = RunningStats().update(nats_to_bits(samples[:, best - 1])).estimate()
        return OptimalClusterResult(best, method, rates, estimate)
    if method in ("eta", "surrogate"):
        best = optimal_cluster_size_comm(model.user_ratio, model.max_load, model.pathloss_exp, max_cluster_comm,
                                         method="eta" if method == "eta" else "surrogate",
                                         num_tx_antennas=model.num_tx_antennas)
        return OptimalClusterResult(best, method)
    if method == "remark3":
        load = model.user_ratio * mean_cluster_size_factor(ls)  # Remark 3: lambda_u L_bar / lambda_b ~ psi
        return OptimalClusterResult(int(ls[np.argmin(np.abs(load - model.max_load))]), method)
    raise InputError("method", f"must be one of {CLUSTER_METHODS}, got {method!r}")


@dataclass(frozen=True)
class RegionResult:
    """Evaluated designs of the rate–CRLB region (39).

    Attributes
    ----------
    rate : ndarray, [num_designs]
        ``R_c`` [bits/s/Hz].
    crlb : ndarray, [num_designs]
        CRLB [m²] (``inf``: no localisation, ``p^s = 0`` or ``N* < 2``).
    cluster_comm, cluster_sense : ndarray of int, [num_designs]
        ``L`` and ``N*``.
    power_comm : ndarray, [num_designs]
        ``p^c`` [W] (``p^s = P^t - p^c``).
    num_evaluated, num_pruned : int
        Designs evaluated and skipped by Prop. 3.
    extra : dict
        ``power_total`` (``P^t`` [W]) and, for the cooperative region, ``n_tilde`` (``N~*``).
    """

    rate: np.ndarray
    crlb: np.ndarray
    cluster_comm: np.ndarray
    cluster_sense: np.ndarray
    power_comm: np.ndarray
    num_evaluated: int = 0
    num_pruned: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def sense_metric(self) -> np.ndarray:
        """``1/sqrt(CRLB)`` [1/m] (0 where the CRLB is infinite)."""
        with np.errstate(divide="ignore"):
            return np.where(np.isfinite(self.crlb), 1.0 / np.sqrt(self.crlb), 0.0)


def _backhaul_cluster(rate_bits, n_tilde: int, model: CoopModel):
    """``N* = min(N~*, floor((C - R_c)/e))`` (Section V), ``-1`` where (13) cannot hold with ``N >= 1``."""
    e = model.backhaul_per_bs_bits
    slack = model.backhaul_bits - np.asarray(rate_bits, dtype=float)
    if e == 0:
        n = np.where(slack >= 0, n_tilde, -1)
    else:
        n = np.where(slack >= 0, np.minimum(n_tilde, np.floor(slack / e + 1e-12)), -1)
    return n.astype(int)


def rate_crlb_region(model: CoopModel, num_power: int = 41, max_cluster_comm: int = 30, max_cluster_sense: int = 40,
                     prune: bool = True) -> RegionResult:
    """Designs on the grid of the reduced search for the region (39) (coop Section V, Prop. 3).

    For every ``L`` and ``p^c`` on a uniform grid of ``(0, P^t]`` (plus ``p^c = 0``, the
    sensing corner): ``R_c(L, p^c)`` by Theorem 2 with ``kappa_c(L)`` of Lemma 2,
    ``p^s = P^t - p^c``, ``N* = min(N~*, floor((C_backhaul - R_c)/e))`` and the CRLB of
    :func:`sensing_crlb`. Designs with ``R_c + e N > C`` for every ``N >= 1`` are infeasible
    (34c). Prop. 3 (pruning): for fixed ``L``, ``p^c`` is visited from high to low; once a
    design ``(r', crlb')`` with ``N`` is dominated by a found design ``(r, crlb)``
    (``r' <= r``, ``crlb' > crlb``), the designs with the same ``L`` and ``N`` and sensing
    power up to ``crlb' (P^t - p^c)/crlb`` are dominated too and are skipped (their rate is
    lower and their CRLB ``crlb' p^s'/p^s >= crlb``).

    Parameters
    ----------
    model : CoopModel
        The physics (power budget, densities, antennas, backhaul (13), equation forms).
    num_power : int
        Grid points of ``p^c`` in ``(0, P^t]``.
    max_cluster_comm, max_cluster_sense : int
        Search ranges of ``L`` (>= 1) and ``N~*`` (>= 2).
    prune : bool
        Apply Prop. 3.

    Returns
    -------
    RegionResult
        All feasible evaluated designs (pruned ones omitted).
    """
    _check_search(num_power, max_cluster_comm, max_cluster_sense)
    physics = model.physics()
    pt = physics.power_total
    grid = np.linspace(0.0, pt, num_power + 1)  # includes p^c = 0
    table = rate_table(physics, grid, max_cluster_comm)  # [L, p]
    n_tilde = optimal_sense_cluster(physics, max_cluster_sense)
    rows = []
    evaluated = pruned = 0
    best: list[tuple[float, float]] = []  # (rate, crlb) of designs found so far
    for li in range(table.shape[0]):
        skip_until_ps = -1.0
        skip_n = None
        for j in range(grid.size - 1, -1, -1):  # p^c from P^t down to 0: sensing power grows
            pc = grid[j]
            ps = pt - pc
            r = table[li, j]
            n = int(_backhaul_cluster(r, n_tilde, physics))
            if n < 1:
                continue  # (34c) infeasible
            if prune and skip_n == n and ps <= skip_until_ps * (1 + 1e-12):
                pruned += 1
                continue
            evaluated += 1
            crlb = float(sensing_crlb(n, ps, physics))
            rows.append((r, crlb, li + 1, n, pc))
            if prune and np.isfinite(crlb):
                dom = [(rb, cb) for rb, cb in best if rb >= r and cb < crlb]
                if dom:
                    cb = min(cb for _, cb in dom)
                    skip_until_ps, skip_n = crlb * ps / cb, n  # Prop. 3
            best.append((r, crlb))
    arr = np.array(rows, dtype=float).reshape(-1, 5)
    return RegionResult(arr[:, 0], arr[:, 1], arr[:, 2].astype(int), arr[:, 3].astype(int), arr[:, 4],
                        evaluated, pruned, {"n_tilde": n_tilde, "power_total": pt})


def pareto_front(rate, crlb):
    """Indices of the non-dominated designs (max rate, min CRLB), sorted by increasing CRLB."""
    rate = np.asarray(rate, dtype=float)
    crlb = np.asarray(crlb, dtype=float)
    order = np.lexsort((-rate, crlb))
    keep, best = [], -np.inf
    for i in order:
        if rate[i] > best:
            keep.append(i)
            best = rate[i]
    return np.asarray(keep, dtype=int)


def boundary_rate(region: RegionResult, root_crlb):
    """Largest rate with ``sqrt(CRLB) <= root_crlb`` (the boundary of (39)) [bits/s/Hz]; NaN if none.

    Parameters
    ----------
    region : RegionResult
    root_crlb : array_like
        Root-CRLB levels [m].
    """
    x = np.asarray(root_crlb, dtype=float)
    ok = np.sqrt(region.crlb) <= x[..., None]  # [*x.shape, num_designs]
    vals = np.where(ok, region.rate, -np.inf).max(axis=-1, initial=-np.inf)
    return np.where(np.isfinite(vals), vals, np.nan)


def corner_points(region: RegionResult):
    """The two corner points of the region's boundary (designs with a finite CRLB).

    Returns
    -------
    comm : tuple of float
        ``(R_c, sqrt(CRLB))`` of the communication-optimal design (max rate; ties: min CRLB)
        [bits/s/Hz, m].
    sense : tuple of float
        ``(R_c, sqrt(CRLB))`` of the sensing-optimal design (min CRLB; ties: max rate).
    """
    fin = np.isfinite(region.crlb)
    if not fin.any():
        raise InputError("backhaul_bits", "no design with a finite CRLB satisfies the backhaul constraint (13)")
    r, c = region.rate[fin], region.crlb[fin]
    i = int(np.lexsort((c, -r))[0])
    j = int(np.lexsort((-r, c))[0])
    return (float(r[i]), float(np.sqrt(c[i]))), (float(r[j]), float(np.sqrt(c[j])))


TIME_SHARING_GEOMETRIES = ("inverse_root", "fisher", "root")
"""Sensing metrics that time sharing may average (:func:`time_sharing_rate`)."""


def _sharing_metric(geometry: str):
    """The sensing metric ``S(x)`` of a root CRLB ``x`` that time sharing averages (:data:`TIME_SHARING_GEOMETRIES`)."""
    metric = {"inverse_root": lambda v: 1.0 / v, "fisher": lambda v: 1.0 / v**2, "root": lambda v: v}.get(geometry)
    if metric is None:
        raise InputError("time_sharing", f"must be one of {', '.join(TIME_SHARING_GEOMETRIES)}, got {geometry!r}")
    return metric


def time_sharing_rate(region: RegionResult, root_crlb, geometry: str = "inverse_root"):
    """Time-sharing inner bound between the two corner points [bits/s/Hz] (coop Section VI).

    Corner points (:func:`corner_points`): the communication-optimal design ``(R_1, x_1)`` and
    the sensing-optimal design ``(R_2, x_2)`` of the boundary (finite CRLB). Sharing time
    ``tau`` averages the rate linearly, ``R = tau R_1 + (1 - tau) R_2``, and a sensing metric
    ``S(x)`` linearly, ``S(x) = tau S(x_1) + (1 - tau) S(x_2)``, i.e. for ``x_2 <= x <= x_1``
    ``tau = (S(x_2) - S(x))/(S(x_2) - S(x_1))``; ``R_1`` for ``x > x_1``; NaN below ``x_2``.
    The paper does not say which metric is shared (spec 000 §11):

    * ``"inverse_root"``: ``S = 1/sqrt(CRLB)`` (the paper's weighted-sum metric (40));
    * ``"fisher"``: ``S = 1/CRLB``, the Fisher information, which is what sharing the
      observation time between a sensing and a communication configuration averages;
    * ``"root"``: ``S = sqrt(CRLB)``, a straight segment on the axes of Figs. 8–9.

    Parameters
    ----------
    region : RegionResult
    root_crlb : array_like
        Root-CRLB levels ``x`` [m].
    geometry : {"inverse_root", "fisher", "root"}
    """
    metric = _sharing_metric(geometry)
    x = np.asarray(root_crlb, dtype=float)
    (r1, x1), (r2, x2) = corner_points(region)
    with np.errstate(divide="ignore", invalid="ignore"):
        tau = (np.clip((metric(x2) - metric(x)) / (metric(x2) - metric(x1)), 0.0, 1.0) if x1 > x2
               else np.ones_like(x))
    return np.where(x >= x2, tau * r1 + (1 - tau) * r2, np.nan)


def noncooperative_points(model: CoopModel, num_power: int = 41):
    """Designs of the non-cooperative scheme: ``L = 1`` and the smallest localisable sensing cluster ``N = 2``.

    The paper does not define it precisely (spec 000 §11: a single BS cannot localise by ToF
    in 2-D). Backhaul (13) still applies.

    Parameters
    ----------
    model : CoopModel
    num_power : int
        Grid points of ``p^c`` in ``(0, P^t]``.

    Returns
    -------
    RegionResult
    """
    _check_search(num_power)
    physics = model.physics()
    pt = physics.power_total
    grid = np.linspace(0.0, pt, num_power + 1)
    r = rate_table(physics, grid, 1)[0]
    rows = []
    for pc, rate in zip(grid, r):
        if physics.backhaul_bits - rate < 2 * physics.backhaul_per_bs_bits:
            continue
        rows.append((rate, float(sensing_crlb(2, pt - pc, physics)), 1, 2, pc))
    arr = np.array(rows, dtype=float).reshape(-1, 5)
    return RegionResult(arr[:, 0], arr[:, 1], arr[:, 2].astype(int), arr[:, 3].astype(int), arr[:, 4], len(rows), 0,
                        {"power_total": pt})


def _check_rho(rho):
    if not 0.0 <= rho <= 1.0:
        raise InputError("rho", f"must be in [0, 1], got {rho}")


def brute_force_weighted_sum(region: RegionResult, rho: float):
    """``max rho R_c + (1 - rho)/sqrt(CRLB)`` over the designs (coop (40)-(41)), exhaustive.

    Returns
    -------
    value : float
        ``T^ISAC`` [bits/s/Hz + 1/m, as in the paper's sum].
    index : int
        The maximising design.
    """
    _check_rho(rho)
    t = rho * region.rate + (1 - rho) * region.sense_metric  # Eq. (40)
    i = int(np.argmax(t))
    return float(t[i]), i


@dataclass(frozen=True)
class PolyblockResult:
    """Outcome of :func:`polyblock_weighted_sum`.

    Attributes
    ----------
    value : float
        Best feasible ``T^ISAC`` found (lower bound).
    upper_bound : float
        Polyblock upper bound at termination.
    rate, sense_metric : float
        The feasible point reached [bits/s/Hz], [1/m].
    iterations : int
    index : int
        The region's design at that point (``-1``: none, the origin).
    """

    value: float
    upper_bound: float
    rate: float
    sense_metric: float
    iterations: int
    index: int = -1


def polyblock_weighted_sum(region: RegionResult, rho: float, tol: float = 1e-6, max_iter: int = 10_000):
    """(P2) by the polyblock outer approximation (monotonic optimisation, Tuy 2000).

    The achievable set ``G = {(r, s) : r <= R_c(d), s <= 1/sqrt(CRLB(d)) for a design d}`` is
    normal (downward closed) in ``R^2_+`` and ``T = rho r + (1 - rho) s`` is increasing, so the
    maximum lies on the upper boundary of ``G``. Start from the box ``[a, u]`` with
    ``u = (r_max, s_max)`` and the projection centre ``a = -0.1 u`` (below ``G``, so that the
    designs on the axes, e.g. the sensing corner with ``R_c = 0``, are reachable); at each step
    take the vertex ``z`` of the polyblock with the largest ``T``, project it on the boundary
    along the ray from ``a`` (``pi(z) = a + lambda* (z - a)``,
    ``lambda* = max_d min_i (x_i(d) - a_i)/(z_i - a_i)``), update the best feasible point, and
    replace ``z`` by the vertices ``z - (z_i - pi_i(z)) e_i``. The lower bound uses the design
    whose box the ray meets (feasible, and ``>= pi(z)``), which makes the staircase-shaped
    set of a finite design grid converge in finitely many steps; stop when
    ``T(z) - T(best) <= tol max(1, |T(best)|)``.

    Parameters
    ----------
    region : RegionResult
        The designs (:func:`rate_crlb_region`).
    rho : float
        Weight in [0, 1].
    tol : float
        Relative optimality gap.

    Returns
    -------
    PolyblockResult
    """
    _check_rho(rho)
    r_d, s_d = region.rate, region.sense_metric
    w = np.array([rho, 1.0 - rho])
    upper = np.array([r_d.max(), s_d.max()])
    if np.any(upper <= 0):  # degenerate set on an axis: the maximum is the axis end point
        v = float(w @ upper)
        i = int(np.argmax(r_d) if upper[0] > 0 else np.argmax(s_d))
        return PolyblockResult(v, v, float(upper[0]), float(upper[1]), 0, i)
    origin = -0.1 * upper  # projection centre below G, so that points on the axes are reachable
    vertices = [upper]
    best, best_pt, best_index = 0.0, np.zeros(2), -1  # the origin is feasible and T >= 0
    it = 0
    for it in range(1, max_iter + 1):
        vals = np.array([w @ v for v in vertices])
        k = int(np.argmax(vals))
        z = vertices.pop(k)
        ub = float(vals[k])
        if ub - best <= tol * max(1.0, abs(best)):
            vertices.append(z)
            return PolyblockResult(best, ub, float(best_pt[0]), float(best_pt[1]), it, best_index)
        # ray from the shifted origin a (< 0) through z: a + lam (z - a) <= (R_d, S_d)
        reach = np.minimum((r_d - origin[0]) / (z[0] - origin[0]), (s_d - origin[1]) / (z[1] - origin[1]))
        d = int(np.argmax(reach))
        lam = min(float(reach[d]), 1.0)
        proj = origin + lam * (z - origin)  # upper-boundary point on the ray through z
        corner = np.array([r_d[d], s_d[d]])  # the design reached: feasible and >= proj
        if w @ corner > best:
            best, best_pt, best_index = float(w @ corner), corner, d
        for i in range(2):
            nv = z.copy()
            nv[i] = proj[i]
            # keep only proper vertices (not dominated by another vertex)
            if not any(np.all(nv <= u) for u in vertices):
                vertices = [u for u in vertices if not np.all(u <= nv)]
                vertices.append(nv)
    upper_bound = max(w @ v for v in vertices)
    return PolyblockResult(best, float(upper_bound), float(best_pt[0]), float(best_pt[1]), it, best_index)


# ----------------------------------------------------------------------------- continuous boundary
@dataclass(frozen=True)
class TradeoffCurves:
    """The rate–CRLB trade-off of region (39) at given root-CRLB levels (:func:`tradeoff_curves`).

    Attributes
    ----------
    root_crlb : ndarray, [num_levels]
        Root-CRLB levels ``x`` [m].
    boundary : ndarray, [num_levels]
        Largest ``R_c`` with ``sqrt(CRLB) <= x`` over every feasible ``(L, N, p^c, p^s)`` [bits/s/Hz]
        (NaN below the sensing corner).
    hull : ndarray, [num_levels]
        Upper concave envelope of the region in the ``(R_c, S)`` plane (time sharing among designs, ``S``
        the shared sensing metric, ``1/sqrt(CRLB)`` by default) at ``S(x)`` [bits/s/Hz]; ``>= boundary``,
        equal where the region is convex.
    time_sharing : ndarray, [num_levels]
        The paper's baseline, time sharing between the two corner points [bits/s/Hz].
    noncoop : ndarray, [num_levels]
        Boundary of the non-cooperative designs ``L = 1``, ``N = 2`` [bits/s/Hz] (NaN where none).
    comm_corner : tuple of float
        ``(R_1, x_1)``: the largest rate of a design with a finite CRLB [bits/s/Hz] and the smallest
        root CRLB that reaches it [m] (``inf`` when only ``p^s -> 0`` does, i.e. (13) does not cap
        the rate).
    sense_corner_root_crlb : float
        ``x_2``, the smallest root CRLB (``p^s = P^t``, so ``R_c = 0``) [m].
    """

    root_crlb: np.ndarray
    boundary: np.ndarray
    hull: np.ndarray
    time_sharing: np.ndarray
    noncoop: np.ndarray
    comm_corner: tuple[float, float]
    sense_corner_root_crlb: float


RATE_GRID_FLOOR = 1e-3
"""Smallest ``p^c / P^t`` of the log-spaced grid on which :func:`tradeoff_curves` evaluates Theorem 2."""


@lru_cache(maxsize=32)
def _rate_curves(model: CoopModel, num_power: int, max_cluster_comm: int):
    """``p^c`` on a fine grid [W] and ``R_c(L, p^c)`` [bits/s/Hz] on it, ``[max_cluster_comm, num_fine]``.

    Theorem 2 on ``num_power`` log-spaced points of ``[1e-3 P^t, P^t]``, monotone cubic (PCHIP) in
    ``ln p^c`` between them (the rate's slope is unbounded at ``p^c -> 0``, so a uniform grid
    interpolates badly there), linear to ``R_c(0) = 0`` below. Measured against Theorem 2 at 80 other
    powers: relative error <= 6e-5 with 21 points, 7e-6 with 41 (``tests/unit/test_coop_comm_optim.py``).
    """
    from scipy.interpolate import PchipInterpolator

    pt = model.power_total
    grid = pt * np.geomspace(RATE_GRID_FLOOR, 1.0, num_power)
    table = rate_table(model, grid, max_cluster_comm)
    fine = pt * np.geomspace(RATE_GRID_FLOOR, 1.0, 4000)
    curves = PchipInterpolator(np.log(grid), table, axis=1)(np.log(fine))
    fine, curves = np.concatenate([[0.0], fine]), np.concatenate([np.zeros((curves.shape[0], 1)), curves], axis=1)
    curves = np.maximum.accumulate(curves, axis=1)  # R_c increases with p^c
    curves.setflags(write=False)
    return fine, curves


def sense_corner_root_crlb(model: CoopModel, max_cluster_sense: int = 40) -> float:
    """``x_2``: the smallest root CRLB of region (39) [m] (``p^s = P^t``, ``R_c = 0``, the best ``N <= N~*``
    that the backhaul (13) carries, ``e N <= C``); ``inf`` when no ``N >= 2`` fits."""
    physics = model.physics()
    n_tilde = optimal_sense_cluster(physics, max_cluster_sense)
    ns = [n for n in range(2, n_tilde + 1) if physics.backhaul_per_bs_bits * n <= physics.backhaul_bits]
    if not ns:
        return float("inf")
    return float(np.sqrt(min(_crlb_unit_power(n, physics) for n in ns) / physics.power_total))


def _boundary(model: CoopModel, x, fine, curves, clusters_comm, clusters_sense):
    """Largest rate at root CRLB <= ``x`` over the given ``(L, N)`` with ``p^c`` continuous [bits/s/Hz]."""
    pt, e, cap = model.power_total, model.backhaul_per_bs_bits, model.backhaul_bits
    best = np.full(x.shape, -np.inf)
    for n in clusters_sense:
        c_n = _crlb_unit_power(int(n), model)
        with np.errstate(divide="ignore"):
            pc_sense = pt - c_n / x**2  # CRLB = c_N / p^s <= x^2 (Prop. 3: CRLB ∝ 1/p^s)
        room = cap - e * n  # (13): R_c <= C - e N
        if room < 0:
            continue
        for L in clusters_comm:
            r = curves[L - 1]
            pc_backhaul = pt if r[-1] <= room else float(np.interp(room, r, fine))
            pc = np.minimum(pc_sense, pc_backhaul)
            pc = np.where(pc > -1e-12 * pt, np.maximum(pc, 0.0), pc)  # x = x_2 exactly: p^c = 0, not -1e-17
            rate = np.where(pc >= 0, np.interp(pc, fine, r), -np.inf)
            best = np.maximum(best, rate)
    return np.where(np.isfinite(best), best, np.nan)


def upper_concave_envelope(s, r, s_eval):
    """The least concave majorant of the points ``(s_i, r_i)`` evaluated at ``s_eval`` (linear between
    its vertices; NaN outside ``[min s, max s]``).

    Parameters
    ----------
    s, r : array_like, [num_points]
        Abscissae and values (e.g. ``1/sqrt(CRLB)`` [1/m] and ``R_c`` [bits/s/Hz]).
    s_eval : array_like, [...]

    Returns
    -------
    ndarray, [...]
    """
    s, r = np.asarray(s, dtype=float), np.asarray(r, dtype=float)
    ok = np.isfinite(s) & np.isfinite(r)
    order = np.lexsort((-r[ok], s[ok]))
    pts = np.column_stack([s[ok][order], r[ok][order]])
    hull: list[np.ndarray] = []
    for p in pts:  # monotone chain, upper part
        if hull and p[0] == hull[-1][0]:
            continue  # same abscissa, lower value (sorted by -r)
        while len(hull) >= 2 and ((hull[-1][0] - hull[-2][0]) * (p[1] - hull[-2][1])
                                  - (hull[-1][1] - hull[-2][1]) * (p[0] - hull[-2][0])) >= 0:
            hull.pop()
        hull.append(p)
    h = np.array(hull)
    se = np.asarray(s_eval, dtype=float)
    out = np.interp(se, h[:, 0], h[:, 1])
    return np.where((se >= h[0, 0]) & (se <= h[-1, 0]), out, np.nan)


def tradeoff_curves(model: CoopModel, root_crlb, num_power: int = 41, max_cluster_comm: int = 30,
                    max_cluster_sense: int = 40, time_sharing: str = "inverse_root") -> TradeoffCurves:
    """Boundary of region (39), its convex hull, the corner time sharing and the non-cooperative boundary.

    Region (39) (coop Section V): designs ``(L, N, p^c, p^s)`` with ``p^c + p^s <= P^t`` (34a),
    ``R_c(L, p^c) + e N <= C_backhaul`` (13) and ``N <= N~*``; ``R_c`` by Theorem 2 with ``kappa_c(L)``
    of Lemma 2 (``model.rate_form``), ``CRLB = c_N / p^s`` (:func:`sensing_crlb`, exact). With ``p^c``
    continuous (``R_c(L, .)`` on ``num_power`` log-spaced grid points, PCHIP between them) the boundary at
    level ``x`` is, over every ``L <= max_cluster_comm`` and ``2 <= N <= N~*``,
    ``R_c(L, min(P^t - c_N/x^2, R_c^{-1}(L, C - e N)))``.

    Time sharing (coop Section VI-C, "two corner points"): the segment in the ``(R_c, S)`` plane between
    the communication corner ``(R_1, S(x_1))`` (largest rate with a finite CRLB at its smallest root
    CRLB; ``x_1 = inf`` when only ``p^s -> 0`` reaches it) and the sensing corner ``(0, S(x_2))``
    (``p^s = P^t``): ``tau = (S(x_2) - S(x))/(S(x_2) - S(x_1))``, ``R = tau R_1`` for
    ``x_2 <= x <= x_1``, ``R_1`` beyond (:func:`time_sharing_rate` on a grid of designs). ``S`` is the
    sensing metric ``time_sharing`` names, which the paper does not state: ``1/sqrt(CRLB)`` (default),
    the Fisher information ``1/CRLB`` or ``sqrt(CRLB)``. The hull is the least concave majorant of the
    boundary in the same plane (time sharing among any designs); ``boundary <= hull`` and
    ``time_sharing <= hull``.

    Parameters
    ----------
    model : CoopModel
    root_crlb : array_like, [num_levels]
        Root-CRLB levels [m].
    num_power : int
        Points of ``p^c`` (log-spaced in ``[1e-3 P^t, P^t]``) at which Theorem 2 is evaluated.
    max_cluster_comm, max_cluster_sense : int
        Search ranges of ``L`` and ``N~*``.
    time_sharing : {"inverse_root", "fisher", "root"}
        Sensing metric that time sharing (and the hull) average (:data:`TIME_SHARING_GEOMETRIES`).

    Returns
    -------
    TradeoffCurves
    """
    _check_search(num_power, max_cluster_comm, max_cluster_sense)
    metric = _sharing_metric(time_sharing)
    physics = model.physics()
    x = np.atleast_1d(np.asarray(root_crlb, dtype=float))
    fine, curves = _rate_curves(_rate_physics(physics), int(num_power), int(max_cluster_comm))
    n_tilde = optimal_sense_cluster(physics, max_cluster_sense)
    clusters_comm = range(1, int(max_cluster_comm) + 1)
    x2 = sense_corner_root_crlb(physics, max_cluster_sense)
    boundary = _boundary(physics, x, fine, curves, clusters_comm, range(2, n_tilde + 1))
    boundary = np.where(x >= x2, boundary, np.nan)
    # communication corner: the largest rate with a finite CRLB (N >= 2 senses), at the smallest root
    # CRLB that reaches it: finite when (13) caps the rate, else only as p^s -> 0 (x_1 = inf)
    r1 = float(np.nanmax(_boundary(physics, np.array([np.inf]), fine, curves, clusters_comm, range(2, n_tilde + 1))))
    dense = x2 * np.geomspace(1.0, 1e4, 800)
    r_dense = _boundary(physics, dense, fine, curves, clusters_comm, range(2, n_tilde + 1))
    reached = np.flatnonzero(r_dense >= r1 * (1 - 1e-9))
    x1 = float(dense[reached[0]]) if reached.size else np.inf
    with np.errstate(divide="ignore", invalid="ignore"):
        tau = np.clip((metric(x2) - metric(x)) / (metric(x2) - metric(x1)), 0.0, 1.0)
        ts = np.where(x >= x2, tau * r1, np.nan)  # R_2 = 0 at the sensing corner (p^c = 0)
        s_dense = np.concatenate([metric(dense), [metric(np.inf)]])  # S(inf): 0, or inf for "root" (dropped)
        hull = upper_concave_envelope(s_dense, np.concatenate([r_dense, [r1]]), metric(x))
    hull = np.where(x >= x2, np.maximum(hull, boundary), np.nan)
    noncoop = _boundary(physics, x, fine, curves, [1], [2])
    return TradeoffCurves(x, boundary, hull, ts, noncoop, (r1, x1), x2)


@dataclass(frozen=True)
class LargestGap:
    """Where the boundary of region (39) is furthest above the corner time sharing (:func:`largest_gap_gain`)."""

    gain: float
    """``R_coop / R_ts - 1`` there (inf where time sharing's rate is 0)."""
    root_crlb: float
    """The root-CRLB level [m]."""
    gap: float
    """``R_coop - R_ts`` [bits/s/Hz]."""
    comm_corner: tuple[float, float]
    """``(R_1, x_1)`` [bits/s/Hz, m]."""
    sense_corner: float
    """``x_2`` [m]."""


def largest_gap_gain(model: CoopModel, num_power: int = 41, max_cluster_comm: int = 30, max_cluster_sense: int = 40,
                     time_sharing: str = "inverse_root", num_grid: int = 400) -> LargestGap:
    """The rate gain of the boundary of region (39) over the corner time sharing where the two are furthest
    apart in rate: one reading of coop Section VI-C's "up to 300 % / 85 %" (the gain ratio itself grows
    without bound towards the sensing corner, where time sharing's rate tends to 0).

    Parameters
    ----------
    model : CoopModel
    num_power, max_cluster_comm, max_cluster_sense, time_sharing
        As :func:`tradeoff_curves`.
    num_grid : int
        Root-CRLB levels, log-spaced from the sensing corner ``x_2`` to the communication corner ``x_1``
        (``10^3 x_2`` where ``x_1`` is infinite).

    Returns
    -------
    LargestGap
    """
    x2 = sense_corner_root_crlb(model, max_cluster_sense)
    r1, x1 = tradeoff_curves(model, [x2], num_power, max_cluster_comm, max_cluster_sense, time_sharing).comm_corner
    xs = np.geomspace(x2 * (1 + 1e-6), x1 if np.isfinite(x1) and x1 > 1.01 * x2 else 1e3 * x2, int(num_grid))
    c = tradeoff_curves(model, xs, num_power, max_cluster_comm, max_cluster_sense, time_sharing)
    gap = c.boundary - c.time_sharing
    i = int(np.nanargmax(gap))
    ts = float(c.time_sharing[i])
    return LargestGap(float(c.boundary[i]) / ts - 1.0 if ts > 0 else float(np.inf), float(xs[i]), float(gap[i]),
                      (float(r1), float(x1)), float(x2))
