"""S–C region, time sharing and weighted-sum experiments (nulling Sec. V, VI-C; spec 001 §5).

nulling-fig9 … fig11 and overview-fig3 (``nulling.region``), nulling-fig12 (``nulling.weighted_sum``).

Region (20) is the set of pairs ``(r_c, r_s)`` with ``r_c <= T_c`` and ``r_s <= T_s`` of some
feasible integer ``(K, L, J, Q)``: a union of rectangles whose upper-right boundary is a staircase
through the Pareto-optimal configurations. ``nulling.region`` stores that boundary exactly, one
configuration per ``vertex`` (by decreasing communication value), with what the figures draw
next to it: whether the configuration is a vertex of the convex hull (time sharing among
configurations), the time-sharing segment between the two corner points (the paper's baseline)
at its communication value, and the largest gains over that segment, computed on those points.
"""

from __future__ import annotations

import functools
import math
from typing import Literal

from pydantic import model_validator

from isacnet.errors import require
from isacnet.models import param
from isacnet.models.nulling import NullingModel
from isacnet.optimization import nulling as opt
from isacnet.registry import Experiment, Series, register_experiment

__all__ = ["RegionParams", "BoundaryParams", "WeightedSumParams", "region_front", "region_analytic",
           "weighted_sum_analytic", "MAX_VERTICES"]

MAX_REGION_TX_ANTENNAS = 64
"""Largest ``M_t`` of the region experiments: the boundary search evaluates O(M_t³) points."""

MAX_VERTICES = 512
"""Largest ``vertex`` index: the boundary of ``M_t = 64`` has fewer Pareto points."""

_CONFIG = ("num_users", "cluster_size_comm", "num_targets", "cluster_size_sense")


class RegionParams(NullingModel):
    """The region search: constraints, metric and equation variants (Sec. VI-C uses ``J_max = 5``)."""

    link_constraints: tuple[int, int] = param(
        (1, 1), unit="–", symbol=r"$(L_{th}, Q_{th})$",
        doc="link-quality constraints L >= L_th, Q >= Q_th (nulling (25))")
    metric: Literal["ase", "rate"] = param("ase", unit="–",
                        doc="'ase': (T_c, T_s) [nats/s/Hz/km² in the series]; 'rate': (R_c, R_s) [nats/s/Hz] (Fig. 9)")
    method: Literal["coupled", "paper"] = param("coupled", unit="–",
                        doc="boundary search: 'coupled' (exact) or 'paper' (T_s at the comm-optimal K), see "
                            "isacnet.optimization.nulling.region_boundary")
    comm_form: Literal["theorem1", "theorem2"] = param("theorem2", unit="–",
                           doc="R_c by Theorem 2 (MISR, eq. (12), the paper's choice) or Theorem 1 (11)")
    sense_boundary: Literal["paper", "slivnyak"] = param(
        "paper", unit="–", symbol=r"$f_{r_Q}$",
        doc="law of the nulling boundary r_Q in Theorem 3: f_(Q) as printed, or f_(Q-1) (Slivnyak; spec 001 §4.2)")

    @model_validator(mode="after")
    def _searchable(self):
        require(2 <= self.num_tx_antennas <= MAX_REGION_TX_ANTENNAS, "num_tx_antennas",
                f"must be in [2, {MAX_REGION_TX_ANTENNAS}] for the region search (O(M_t^3) points), "
                f"got {self.num_tx_antennas}")
        for name, value in zip(("L_th", "Q_th"), self.link_constraints):
            require(1 <= value <= self.num_tx_antennas, "link_constraints",
                    f"{name} must be in [1, M_t = {self.num_tx_antennas}], got {value}")
        return self

    def search(self) -> opt.RegionSearch:
        """The optimiser's choices at this point."""
        return opt.RegionSearch(min_cluster_comm=self.link_constraints[0], min_cluster_sense=self.link_constraints[1],
                                metric=self.metric, comm_form=self.comm_form, sense_boundary=self.sense_boundary)


class BoundaryParams(RegionParams):
    """One configuration on the boundary of region (20), by its index ``vertex``."""

    vertex: int = param(
        0, unit="–", ge=0, le=MAX_VERTICES - 1,
        doc="index of a Pareto-optimal configuration on the boundary of region (20), by decreasing communication "
            "value (0: the communication corner); beyond the last one every series is NaN. A figure sweeps "
            "0, 1, ... past the largest boundary (series num_vertices says how many there are)")


class WeightedSumParams(RegionParams):
    """The weight of problem (P1)."""

    weight: float = param(0.5, unit="1", symbol=r"$\rho$", ge=0.0, le=1.0,
                          doc="weight rho of the weighted sum rho T_c + (1 - rho) T_s, eq. (24)")


@functools.lru_cache(maxsize=64)
def _front(model: NullingModel, search: opt.RegionSearch,
           method: Literal["coupled", "paper"]) -> tuple[opt.RegionPoint, ...]:
    return tuple(opt.region_boundary(model, search, method))


def region_front(p: RegionParams) -> list[opt.RegionPoint]:
    """Pareto boundary of region (20) at ``p``, by decreasing communication value (cached over ``vertex``)."""
    return list(_front(p.physics(), p.search(), p.method))


def _scale(p: RegionParams) -> float:
    return 1e6 if p.metric == "ase" else 1.0  # ASE series per km²


def region_unit(p: RegionParams) -> str:
    """Unit of the region's values: ASE per km² for ``metric = "ase"``, a rate for ``"rate"``."""
    return "nats/s/Hz/km²" if p.metric == "ase" else "nats/s/Hz"


def region_analytic(p: BoundaryParams) -> dict[str, float]:
    """The configuration ``p.vertex`` of the boundary, its hull membership and time-sharing value, and the gains.

    Values per km² for ``metric="ase"``. The gains are :func:`isacnet.optimization.nulling.time_sharing_gain`'s,
    computed on the stored vertices (the test recomputes them from the stored series).
    """
    front = region_front(p)
    if p.vertex >= len(front):
        return dict.fromkeys(REGION_SERIES, math.nan)
    pt = front[p.vertex]
    gain = opt.time_sharing_gain(front)
    sense_at, comm_at = gain.sense_gain_point, gain.comm_gain_point
    if sense_at is None or comm_at is None:
        raise RuntimeError("time_sharing_gain returned no boundary point for its gains")  # it always sets both
    hull = set(opt.convex_hull(front))
    k = _scale(p)
    return {
        "comm": pt.comm * k,
        "sense": pt.sense * k,
        "on_hull": float(pt in hull),
        "sense_timeshare": opt.time_sharing_value_at(gain, pt.comm) * k,
        **{name: float(getattr(pt, name)) for name in _CONFIG},
        "num_vertices": float(len(front)),
        "sense_gain": gain.sense_gain,
        "comm_gain": gain.comm_gain,
        "sense_gain_vertex": float(front.index(sense_at)),
        "comm_gain_vertex": float(front.index(comm_at)),
    }


_REGION_SERIES = (
    Series("comm", r"communication value of the configuration ($T_c$ [nats/s/Hz/km²] or $R_c$ [nats/s/Hz])",
           unit=region_unit),
    Series("sense", r"sensing value of the configuration ($T_s$ or $R_s$)", unit=region_unit),
    Series("on_hull", "1 if the configuration is a vertex of the convex hull (time sharing among configurations)",
           unit="1"),
    Series("sense_timeshare", "time sharing between the two corners, at this communication value", unit=region_unit),
    Series("num_users", r"$K$ of the configuration", unit="1"),
    Series("cluster_size_comm", r"$L$ of the configuration", unit="1"),
    Series("num_targets", r"$J$ of the configuration", unit="1"),
    Series("cluster_size_sense", r"$Q$ of the configuration", unit="1"),
    Series("num_vertices", "number of configurations on the boundary", unit="1"),
    Series("sense_gain", "largest sensing gain over time sharing at equal communication value", unit="1"),
    Series("comm_gain", "largest communication gain over time sharing at equal sensing value", unit="1"),
    Series("sense_gain_vertex", "vertex where the largest sensing gain is attained", unit="1"),
    Series("comm_gain_vertex", "vertex where the largest communication gain is attained", unit="1"),
)
REGION_SERIES = tuple(s.name for s in _REGION_SERIES)

register_experiment(Experiment(
    id="nulling.region",
    params=BoundaryParams,
    series=_REGION_SERIES,
    analytic=region_analytic,
    description="Boundary of the S-C region (20) (every Pareto-optimal integer configuration), its convex hull and "
                "the time-sharing segment between the corners, with the largest gains over it.",
))


# -- Fig. 12: weighted sum vs rho ------------------------------------------------------------
def weighted_sum_analytic(p: WeightedSumParams) -> dict[str, float]:
    """Problem (P1), eq. (24)–(25), on the boundary, with the single-function optima."""
    front = region_front(p)
    best = opt.max_weighted_sum(front, p.weight)
    k = _scale(p)
    return {
        "weighted_sum": (p.weight * best.comm + (1 - p.weight) * best.sense) * k,
        "comm_at_opt": best.comm * k,
        "sense_at_opt": best.sense * k,
        "comm_only": max(r.comm for r in front) * k,
        "sense_only": max(r.sense for r in front) * k,
    }


register_experiment(Experiment(
    id="nulling.weighted_sum",
    params=WeightedSumParams,
    series=(
        Series("weighted_sum", r"max $\rho T_c + (1-\rho) T_s$, (P1) (24)-(25)", unit=region_unit),
        Series("comm_at_opt", r"$T_c$ at the optimum", unit=region_unit),
        Series("sense_at_opt", r"$T_s$ at the optimum", unit=region_unit),
        Series("comm_only", r"communication-only optimum (max $T_c$)", unit=region_unit),
        Series("sense_only", r"sensing-only optimum (max $T_s$)", unit=region_unit),
    ),
    analytic=weighted_sum_analytic,
    description="Weighted-sum ASE (P1) over the boundary points.",
))
