"""S–C region, time sharing and weighted-sum experiments (nulling Sec. V, VI-C; spec 001 §5).

nulling-fig9 … fig11 and overview-fig3 (``nulling.region``), nulling-fig12 (``nulling.weighted_sum``).
"""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import model_validator

from isacnet.errors import require
from isacnet.models import param
from isacnet.models.nulling import NullingModel
from isacnet.optimization import nulling as opt
from isacnet.registry import Experiment, Series, register_experiment

__all__ = ["RegionParams", "region_front", "region_analytic", "weighted_sum_analytic"]

MAX_REGION_TX_ANTENNAS = 64
"""Largest ``M_t`` of the region experiments: the boundary search evaluates O(M_t³) points."""


class RegionParams(NullingModel):
    """What the region experiments sweep: constraints, metric, a point on the boundary, the weight ``rho``.

    Sec. VI-C uses ``J_max = 5`` (every built-in region scenario sets it).
    """

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
    comm_fraction: float = param(1.0, unit="1", ge=0.0, le=1.0,
                                 doc="communication level as a fraction of the largest one (the swept abscissa)")
    weight: float = param(0.5, unit="1", symbol=r"$\rho$", ge=0.0, le=1.0,
                          doc="weight rho of the weighted sum rho T_c + (1 - rho) T_s, eq. (24)")

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
                                metric=self.metric, comm_form=self.comm_form)


@functools.lru_cache(maxsize=64)
def _front(model: NullingModel, search: opt.RegionSearch,
           method: Literal["coupled", "paper"]) -> tuple[opt.RegionPoint, ...]:
    return tuple(opt.region_boundary(model, search, method))


def region_front(p: RegionParams) -> list[opt.RegionPoint]:
    """Pareto boundary of region (20) at ``p`` (cached over the swept ``comm_fraction`` and ``weight``)."""
    return list(_front(p.physics(), p.search(), p.method))


def _scale(p: RegionParams) -> float:
    return 1e6 if p.metric == "ase" else 1.0  # ASE series per km²


def region_unit(p: RegionParams) -> str:
    """Unit of the region's values: ASE per km² for ``metric = "ase"``, a rate for ``"rate"``."""
    return "nats/s/Hz/km²" if p.metric == "ase" else "nats/s/Hz"


def region_analytic(p: RegionParams) -> dict[str, float]:
    """Boundary and time-sharing values at ``comm_fraction`` of the largest communication value, and the gains."""
    front = region_front(p)
    gain = opt.time_sharing_gain(front)
    level = p.comm_fraction * gain.comm_corner.comm
    region = float(opt.region_value_at(front, level)[0])
    k = _scale(p)
    return {"comm_level": level * k, "sense_region": region * k,
            "sense_timeshare": opt.time_sharing_value_at(gain, level) * k,
            "sense_gain": gain.sense_gain, "comm_gain": gain.comm_gain}


register_experiment(Experiment(
    id="nulling.region",
    params=RegionParams,
    series=(
        Series("comm_level", r"communication value ($T_c$ or $R_c$)", unit=region_unit),
        Series("sense_region", "region (20): max sensing value at this communication value", unit=region_unit),
        Series("sense_timeshare", "time sharing between the corner points", unit=region_unit),
        Series("sense_gain", "largest sensing gain over time sharing", unit="1"),
        Series("comm_gain", "largest communication gain over time sharing", unit="1"),
    ),
    analytic=region_analytic,
    description="S-C region boundary (paper's scan over J(Q-1)) and the time-sharing inner bound.",
))


# -- Fig. 12: weighted sum vs rho ------------------------------------------------------------
def weighted_sum_analytic(p: RegionParams) -> dict[str, float]:
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
    params=RegionParams,
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
