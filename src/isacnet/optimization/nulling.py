"""S–C ASE region, time-sharing inner bound and sum-ASE of paper ``nulling`` (001), Sec. V.

The feasible set is every integer ``(K, L, J, Q)`` with ``K L + J(Q-1) <= M_t``,
``1 <= J <= J_max``, ``K, L, Q >= 1`` and the link-quality constraints ``L >= L_th``,
``Q >= Q_th`` (nulling (20), (25); spec 001 §5). A point's communication value is
``T_c = lambda_b K R_c`` (Theorem 2 by default, Theorem 1 as an option) and its sensing
value ``T_s = lambda_b J R_s`` (Prop. 3 for ``Q = 1``, Theorem 3 for ``Q >= 2``); with
``metric="rate"`` the per-link rates ``(R_c, R_s)`` are used instead (Fig. 9).

* :func:`region_boundary` — the paper's method: for every integer ``P = J(Q-1)`` (``T_c``
  falls and ``T_s`` rises with it) a 2-D search over ``(K, L)`` for ``T_c`` and one over the
  integer pairs ``(J, Q)`` realising ``P`` for ``T_s`` (at the ``K`` the communication search
  chose), then the Pareto filter. :func:`boundary_at_comm_level` finds one boundary point by
  bisection over ``P``.
* :func:`enumerate_points` / :func:`pareto_front` — exhaustive enumeration (the reference).
* :func:`time_sharing_gain` — the inner bound of Remark 2 / Lemma 3 (segment between the
  two corner points) and the largest gain of the region over it (exact, at a boundary point).
* :func:`convex_hull` / :func:`hull_value_at` — time sharing among configurations: the convex
  hull of the (non-convex, staircase) region (20).
* :func:`max_weighted_sum` — problem (P1), eq. (24)–(25).

Every search takes the physics as a :class:`isacnet.models.nulling.NullingModel` and its own
choices (constraints, metric, equation variants) as a :class:`RegionSearch`. Values are in
nats/s/Hz/m² (ASE) or nats/s/Hz (rates).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import numpy as np

from isacnet.analysis import nulling as an
from isacnet.errors import InputError, require
from isacnet.models.nulling import NullingModel

__all__ = [
    "RegionSearch",
    "RegionPoint",
    "comm_value",
    "sense_value",
    "enumerate_points",
    "pareto_front",
    "region_boundary",
    "boundary_at_comm_level",
    "region_value_at",
    "convex_hull",
    "hull_value_at",
    "time_sharing_gain",
    "time_sharing_value_at",
    "TimeSharingGain",
    "max_weighted_sum",
]


@dataclass(frozen=True)
class RegionSearch:
    """What the region search may choose and how it values a point (the physics is a :class:`NullingModel`).

    Attributes
    ----------
    min_cluster_comm, min_cluster_sense : int
        Link-quality constraints ``L >= L_th``, ``Q >= Q_th`` (nulling (25)).
    metric : {"ase", "rate"}
        ``(T_c, T_s)`` [nats/s/Hz/m²] or the per-link rates ``(R_c, R_s)`` [nats/s/Hz] (Fig. 9).
    comm_form : {"theorem2", "theorem1"}
        ``R_c`` by Theorem 2 (MISR, eq. (12); the paper's choice for the region) or Theorem 1 (11).
    sense_boundary : {"paper", "slivnyak"}
        Law of the nulling boundary ``r_Q`` in Theorem 3: ``f_(Q)`` (printed) or ``f_(Q-1)``.
    """

    min_cluster_comm: int = 1
    min_cluster_sense: int = 1
    metric: Literal["ase", "rate"] = "ase"
    comm_form: Literal["theorem2", "theorem1"] = "theorem2"
    sense_boundary: Literal["paper", "slivnyak"] = "paper"

    def __post_init__(self):
        require(self.min_cluster_comm >= 1, "min_cluster_comm", f"must be >= 1, got {self.min_cluster_comm}")
        require(self.min_cluster_sense >= 1, "min_cluster_sense", f"must be >= 1, got {self.min_cluster_sense}")
        require(self.metric in ("ase", "rate"), "metric", f"must be 'ase' or 'rate', got {self.metric!r}")
        require(self.comm_form in ("theorem2", "theorem1"), "comm_form",
                f"must be 'theorem2' or 'theorem1', got {self.comm_form!r}")
        require(self.sense_boundary in ("paper", "slivnyak"), "sense_boundary",
                f"must be 'paper' or 'slivnyak', got {self.sense_boundary!r}")


def _check(model: NullingModel, search: RegionSearch) -> None:
    require(model.num_tx_antennas >= 2, "num_tx_antennas", f"must be >= 2, got {model.num_tx_antennas}")
    require(search.min_cluster_comm <= model.num_tx_antennas, "min_cluster_comm",
            f"must be <= M_t = {model.num_tx_antennas}, got {search.min_cluster_comm}")


@dataclass(frozen=True)
class RegionPoint:
    """One operating point: values (``T_c, T_s`` [nats/s/Hz/m²] or ``R_c, R_s`` [nats/s/Hz]) and ``(K, L, J, Q)``."""

    comm: float
    sense: float
    num_users: int
    cluster_size_comm: int
    num_targets: int
    cluster_size_sense: int


@functools.lru_cache(maxsize=200_000)
def _rate_comm(form: str, num_tx_antennas: int, num_users: int, cluster_size_comm: int, nulls_sense: int,
               pathloss_exp: float) -> float:
    rate = an.rate_comm_theorem2 if form == "theorem2" else an.rate_comm_theorem1
    # J(Q-1) = P with J = P, Q = 2 (only the product enters)
    return rate(num_tx_antennas, num_users, cluster_size_comm, nulls_sense, 2, pathloss_exp)


@functools.lru_cache(maxsize=200_000)
def _rate_sense(gain_factor: float, num_users: int, cluster_size_sense: int, pathloss_exp: float,
                pathloss_exp_sense: float, bs_density: float, boundary: Literal["paper", "slivnyak"]) -> float:
    return an.radar_rate(gain_factor, num_users, cluster_size_sense, pathloss_exp, pathloss_exp_sense, bs_density,
                         boundary=boundary)


def comm_value(model: NullingModel, search: RegionSearch, num_users: int, cluster_size_comm: int,
               nulls_sense: int) -> float:
    """``T_c = lambda_b K R_c`` [nats/s/Hz/m²] (or ``R_c`` [nats/s/Hz]), ``P = J(Q-1)`` sensing nulls (nulling (13))."""
    r = _rate_comm(search.comm_form, model.num_tx_antennas, num_users, cluster_size_comm, nulls_sense,
                   model.pathloss_exp)
    return r if search.metric == "rate" else an.ase_comm(model.bs_density, num_users, r)


def sense_value(model: NullingModel, search: RegionSearch, num_targets: int, cluster_size_sense: int,
                num_users: int) -> float:
    """``T_s = lambda_b J R_s`` [nats/s/Hz/m²] (or ``R_s`` [nats/s/Hz]) (nulling (7), Prop. 3 / Theorem 3)."""
    r = _rate_sense(model.gain_factor, num_users, cluster_size_sense, model.pathloss_exp, model.pathloss_exp_sense,
                    model.bs_density, search.sense_boundary)
    return r if search.metric == "rate" else an.ase_sense(model.bs_density, num_targets, r)


def _sense_pairs(model: NullingModel, search: RegionSearch, nulls_sense: int) -> list[tuple[int, int]]:
    """Integer ``(J, Q)`` with ``J(Q-1) = P``, ``1 <= J <= J_max``, ``Q >= Q_th``."""
    if nulls_sense == 0:
        return [(model.max_targets, 1)] if search.min_cluster_sense <= 1 else []
    out = []
    for j in range(1, min(model.max_targets, nulls_sense) + 1):
        if nulls_sense % j == 0 and nulls_sense // j + 1 >= search.min_cluster_sense:
            out.append((j, nulls_sense // j + 1))
    return out


def _best_comm(model: NullingModel, search: RegionSearch, nulls_sense: int) -> tuple[float, int, int] | None:
    best = None
    budget = model.num_tx_antennas - nulls_sense
    for cl in range(search.min_cluster_comm, budget + 1):
        for k in range(1, budget // cl + 1):
            v = comm_value(model, search, k, cl, nulls_sense)
            if best is None or v > best[0]:
                best = (v, k, cl)
    return best


def enumerate_points(model: NullingModel, search: RegionSearch = RegionSearch()) -> list[RegionPoint]:
    """Every feasible integer ``(K, L, J, Q)`` with its values (exhaustive reference)."""
    _check(model, search)
    pts = []
    mt = model.num_tx_antennas
    for cl in range(search.min_cluster_comm, mt + 1):
        for k in range(1, mt // cl + 1):
            left = mt - k * cl
            for j in range(1, model.max_targets + 1):
                for q in range(max(1, search.min_cluster_sense), left // j + 2):
                    p = j * (q - 1)
                    if p > left:
                        break
                    pts.append(RegionPoint(comm_value(model, search, k, cl, p), sense_value(model, search, j, q, k),
                                           k, cl, j, q))
    if not pts:
        raise InputError("min_cluster_comm", "no (K, L, J, Q) satisfies the constraints")
    return pts


def pareto_front(points: list[RegionPoint]) -> list[RegionPoint]:
    """Non-dominated points, sorted by decreasing communication value."""
    order = sorted(points, key=lambda r: (-r.comm, -r.sense))
    front, best_s = [], -np.inf
    for r in order:
        if r.sense > best_s:
            front.append(r)
            best_s = r.sense
    return front


def _points_for_p_coupled(model: NullingModel, search: RegionSearch, nulls_sense: int) -> list[RegionPoint]:
    """All ``(K, L)`` at this ``P``, each with its best integer ``(J, Q)`` (``R_s`` depends on ``K``)."""
    pairs = _sense_pairs(model, search, nulls_sense)
    if not pairs:
        return []
    budget = model.num_tx_antennas - nulls_sense
    out = []
    for cl in range(search.min_cluster_comm, budget + 1):
        for k in range(1, budget // cl + 1):
            ts, j, q = max((sense_value(model, search, j, q, k), j, q) for j, q in pairs)
            out.append(RegionPoint(comm_value(model, search, k, cl, nulls_sense), ts, k, cl, j, q))
    return out


def _point_for_p(model: NullingModel, search: RegionSearch, nulls_sense: int) -> RegionPoint | None:
    pairs = _sense_pairs(model, search, nulls_sense)
    comm = _best_comm(model, search, nulls_sense) if pairs else None
    if comm is None:
        return None
    tc, k, cl = comm
    ts, j, q = max((sense_value(model, search, j, q, k), j, q) for j, q in pairs)
    return RegionPoint(tc, ts, k, cl, j, q)


def _candidates(model: NullingModel, search: RegionSearch, nulls: range, method: str) -> list[RegionPoint]:
    if method == "paper":
        return [pt for p in nulls if (pt := _point_for_p(model, search, p)) is not None]
    if method == "coupled":
        return [pt for p in nulls for pt in _points_for_p_coupled(model, search, p)]
    raise InputError("method", f"must be 'paper' or 'coupled', got {method!r}")


def region_boundary(model: NullingModel, search: RegionSearch = RegionSearch(),
                    method: Literal["paper", "coupled"] = "coupled") -> list[RegionPoint]:
    """Boundary of the S–C region by the paper's scan over ``P = J(Q-1)`` (nulling Sec. V; spec 001 §5).

    ``method="paper"``: for every integer ``P`` from 0 to ``M_t - L_th`` the best ``(K, L)``
    for ``T_c`` (2-D search) and the best integer ``(J, Q)`` realising ``P`` for ``T_s``
    (2-D search at that ``K``; ``P`` without an integer pair is skipped) — exact when ``T_s``
    does not depend on ``K`` (Lemma 3's approximation). ``"coupled"`` (default): ``R_s`` of
    Prop. 3 / Theorem 3 does grow with ``K`` (the ISAC waveform is the ``K`` streams), so
    every ``(K, L)`` at each ``P`` is kept with its best ``(J, Q)`` — equal to exhaustive
    enumeration. Returns the Pareto-optimal points, by decreasing ``T_c``.

    Parameters
    ----------
    model : NullingModel
        ``M_t``, ``J_max``, ``alpha``, ``beta``, ``lambda_b`` and the sensing gain ``c``.
    search : RegionSearch
        Link-quality constraints, metric and equation variants.
    method : {"coupled", "paper"}
    """
    _check(model, search)
    pts = _candidates(model, search, range(0, model.num_tx_antennas - search.min_cluster_comm + 1), method)
    if not pts:
        raise InputError("min_cluster_sense", "no (K, L, J, Q) satisfies the constraints")
    return pareto_front(pts)


def boundary_at_comm_level(model: NullingModel, level: float, search: RegionSearch = RegionSearch(),
                           method: Literal["paper", "coupled"] = "coupled") -> RegionPoint | None:
    """Largest ``T_s`` with ``T_c >= level`` by bisection over ``P = J(Q-1)`` (nulling Sec. V).

    ``max_{K,L} T_c(P)`` decreases in ``P`` (Remark 2), so the largest admissible ``P`` is
    found by bisection; the sensing value is then the best over realisable ``P' <= P``.
    """
    _check(model, search)
    lo, hi = 0, model.num_tx_antennas - search.min_cluster_comm
    best0 = _best_comm(model, search, 0)
    if best0 is None or best0[0] < level:
        return None
    while lo < hi:  # largest P with max T_c(P) >= level
        mid = (lo + hi + 1) // 2
        b = _best_comm(model, search, mid)
        if b is not None and b[0] >= level:
            lo = mid
        else:
            hi = mid - 1
    cands = [pt for pt in _candidates(model, search, range(0, lo + 1), method) if pt.comm >= level]
    return max(cands, key=lambda r: r.sense) if cands else None


def region_value_at(front: list[RegionPoint], comm_level) -> np.ndarray:
    """Upper boundary of region (20) (union of rectangles): ``max{T_s : T_c >= level}`` (NaN beyond)."""
    tc = np.array([r.comm for r in front])
    ts = np.array([r.sense for r in front])
    lv = np.atleast_1d(np.asarray(comm_level, dtype=float))
    out = np.array([ts[tc >= x * (1 - 1e-12)].max() if np.any(tc >= x * (1 - 1e-12)) else np.nan for x in lv])
    return out


@dataclass(frozen=True)
class TimeSharingGain:
    """Corner points and the region's largest gains over the time-sharing segment.

    Attributes
    ----------
    comm_corner, sense_corner : RegionPoint
        ``(r_c^max, r^_s)`` and ``(r^_c, r_s^max)`` (Remark 2, Lemma 3).
    sense_gain : float
        ``max over T_c of T_s^region / T_s^TS - 1`` (same communication value).
    comm_gain : float
        ``max over T_s of T_c^region / T_c^TS - 1`` (same sensing value).
    sense_gain_point, comm_gain_point : RegionPoint or None
        The boundary configuration where each largest gain is attained (a vertex of the
        convex hull, see :func:`time_sharing_gain`).
    """

    comm_corner: RegionPoint
    sense_corner: RegionPoint
    sense_gain: float
    comm_gain: float
    sense_gain_point: RegionPoint | None = None
    comm_gain_point: RegionPoint | None = None


def convex_hull(front: list[RegionPoint]) -> list[RegionPoint]:
    """Vertices of the convex hull of region (20): time sharing among configurations.

    Region (20) is the union of the rectangles ``[0, T_c] x [0, T_s]`` of the feasible integer
    ``(K, L, J, Q)``, a staircase that is not convex. Sharing time between configurations
    (a fraction of the frames at each) achieves every convex combination of their value pairs,
    so the achievable set is the convex hull of the region, whose upper-right boundary is the
    concave majorant of the Pareto points (the region the paper calls convex, Sec. V before
    (P1)). Returns the Pareto points on that boundary by decreasing communication value; both
    corners of the time-sharing segment are among them.

    Parameters
    ----------
    front : list of RegionPoint
        Pareto points (:func:`pareto_front`, :func:`region_boundary`).
    """
    pts = sorted(pareto_front(list(front)), key=lambda r: (r.comm, -r.sense))  # increasing T_c, decreasing T_s
    hull: list[RegionPoint] = []
    for r in pts:  # monotone chain, upper hull: drop the last vertex while it is not strictly above the chord
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            cross = (b.comm - a.comm) * (r.sense - a.sense) - (b.sense - a.sense) * (r.comm - a.comm)
            if cross < 0:
                break
            hull.pop()
        hull.append(r)
    return hull[::-1]


def hull_value_at(front: list[RegionPoint], comm_level) -> np.ndarray:
    """Upper boundary of the convex hull of region (20) at ``comm_level`` (NaN beyond the largest ``T_c``), ``[n]``.

    Linear between hull vertices (time sharing between two configurations); below the smallest
    vertex ``T_c`` it is the largest sensing value.
    """
    hull = convex_hull(front)[::-1]  # increasing T_c
    tc = np.array([r.comm for r in hull])
    ts = np.array([r.sense for r in hull])
    lv = np.atleast_1d(np.asarray(comm_level, dtype=float))
    out = np.interp(lv, tc, ts, left=ts[0], right=np.nan)
    return np.where(lv > tc[-1] * (1 + 1e-12), np.nan, out)


def _time_sharing_line(c: RegionPoint, s: RegionPoint, comm_level):
    x = np.asarray(comm_level, dtype=float)
    if np.isclose(c.comm, s.comm):
        return np.full_like(x, max(c.sense, s.sense))
    t = (x - s.comm) / (c.comm - s.comm)
    return s.sense + t * (c.sense - s.sense)


def time_sharing_value_at(gain: TimeSharingGain, comm_level: float) -> float:
    """Sensing value of time sharing between the corners at communication value ``comm_level`` (Remark 2).

    The segment from the sensing corner to the communication corner; below the sensing
    corner's communication value, the sensing corner itself.
    """
    c, s = gain.comm_corner, gain.sense_corner
    if comm_level <= s.comm:
        return s.sense
    return s.sense + (comm_level - s.comm) / (c.comm - s.comm) * (c.sense - s.sense)


def time_sharing_gain(front: list[RegionPoint]) -> TimeSharingGain:
    """Time-sharing inner bound between the two corners and the largest gains of the region over it.

    The corners are the Pareto points of largest ``T_c`` and of largest ``T_s`` (nulling Sec. V,
    Remark 2, Lemma 3). ``sense_gain`` is ``max_x T_s^region(x) / T_s^TS(x) - 1`` over the
    communication values ``x`` between the corners; ``comm_gain`` the same at equal sensing value.

    Both are exact: on each step of the staircase the region's value is constant while the
    segment falls, so the ratio is largest at a Pareto point; on each edge of the convex hull
    both are linear, so the ratio is largest at a hull vertex. Every Pareto point lies on or
    under the hull, hence the largest gain of region (20) and of its convex hull are the same
    number, attained at a hull vertex (returned as ``sense_gain_point`` / ``comm_gain_point``).
    """
    c = max(front, key=lambda r: (r.comm, r.sense))
    s = max(front, key=lambda r: (r.sense, r.comm))
    tc = np.array([r.comm for r in front])
    ts = np.array([r.sense for r in front])
    between = (tc >= s.comm) & (tc <= c.comm)
    ratio_s = np.where(between, ts / _time_sharing_line(c, s, tc), -np.inf)
    i_s = int(np.argmax(ratio_s))
    # same sensing value: the segment's communication value at T_s = y
    if np.isclose(c.sense, s.sense):
        tc_line = np.full_like(ts, c.comm)
    else:
        tc_line = c.comm + (ts - c.sense) / (s.sense - c.sense) * (s.comm - c.comm)
    ratio_c = np.where((ts >= c.sense) & (ts <= s.sense), tc / tc_line, -np.inf)
    i_c = int(np.argmax(ratio_c))
    return TimeSharingGain(c, s, float(ratio_s[i_s] - 1.0), float(ratio_c[i_c] - 1.0), front[i_s], front[i_c])


def max_weighted_sum(points: list[RegionPoint], weight: float) -> RegionPoint:
    """Problem (P1): maximise ``rho T_c + (1 - rho) T_s`` (nulling (24)–(25)) over ``points``.

    On the boundary points this is the paper's method; on :func:`enumerate_points` it is
    the exhaustive reference (the maximum of a linear objective lies on the Pareto front).
    """
    if not 0.0 <= weight <= 1.0:
        raise InputError("weight", f"must be in [0, 1], got {weight}")
    return max(points, key=lambda r: weight * r.comm + (1.0 - weight) * r.sense)  # Eq. (24)
