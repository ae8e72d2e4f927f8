"""``coop.tradeoff`` (rate vs root CRLB, Figs. 8, 9, overview Fig. 4) and ``coop.weighted_sum`` (Fig. 10).

Closed forms only: ``R_c`` from Theorem 2 (``rate_form``, corrected eq. (29) by default) with
``kappa_c`` of Lemma 2, the CRLB from Prop. 2 in the App. B form (45) with the BS density
thinned by ``kappa_s`` of Lemma 1 (``crlb_form``, the thinning of eq. (24)); the region (39)
under (34a)–(34c) and the optimisers are :mod:`isacnet.optimization.coop` (see
docs/theory/coop.md). Rates in bits/s/Hz, root CRLBs in m.
"""

from __future__ import annotations

from functools import lru_cache

from isacnet.experiments.coop.comm_rate import CoopCommParams
from isacnet.models import param
from isacnet.models.coop import CoopModel
from isacnet.optimization.coop import (
    RegionResult,
    boundary_rate,
    brute_force_weighted_sum,
    noncooperative_points,
    polyblock_weighted_sum,
    rate_crlb_region,
    time_sharing_rate,
)
from isacnet.registry import Experiment, Series, register_experiment

__all__ = ["TradeoffParams", "TradeoffPointParams", "WeightedSumParams", "regions", "TRADEOFF", "WEIGHTED_SUM"]


class TradeoffParams(CoopCommParams):
    """The search knobs of the S&C trade-off (the physics is :class:`~isacnet.models.coop.CoopModel`)."""

    num_power: int = param(41, unit="–", ge=2, le=10_000, doc="grid points of p^c in (0, P^t] (<= 1e4 for run time)")
    max_cluster_comm: int = param(30, unit="–", ge=1, le=1000, doc="largest CoMP cluster size L searched")
    max_cluster_sense: int = param(40, unit="–", ge=2, le=1000, doc="largest sensing cluster size N searched for N~*")


@lru_cache(maxsize=32)
def _regions(physics: CoopModel, num_power: int, max_cluster_comm: int, max_cluster_sense: int):
    return (rate_crlb_region(physics, num_power, max_cluster_comm, max_cluster_sense),
            noncooperative_points(physics, num_power))


def regions(p: TradeoffParams) -> tuple[RegionResult, RegionResult]:
    """The cooperative region (39) and the non-cooperative designs (``L = 1``, ``N = 2``) of ``p``.

    Cached per physics and search knobs, so that the points of a sweep over the root-CRLB level
    or the weight ``rho`` share one region.
    """
    return _regions(p.physics(), p.num_power, p.max_cluster_comm, p.max_cluster_sense)


# ----------------------------------------------------------------------------- coop.tradeoff
class TradeoffPointParams(TradeoffParams):
    """One root-CRLB level of the rate–CRLB boundary."""

    root_crlb_m: float = param(
        3.0, unit="m", symbol=r"$\sqrt{\mathrm{CRLB}}$", gt=0, le=1e7, doc="root-CRLB constraint (<= 1e4 km)")


def tradeoff_analytic(p: TradeoffPointParams) -> dict[str, float]:
    """Largest rate [bits/s/Hz] with root CRLB <= ``root_crlb_m``: cooperative, time sharing, non-cooperative."""
    region, noncoop = regions(p)
    x = p.root_crlb_m
    return {
        "coop": float(boundary_rate(region, x)),
        "time_sharing": float(time_sharing_rate(region, x)),
        "noncoop": float(boundary_rate(noncoop, x)) if noncoop.rate.size else float("nan"),
    }


TRADEOFF = register_experiment(
    Experiment(
        id="coop.tradeoff",
        params=TradeoffPointParams,
        series=(
            Series("coop", "cooperative (optimal L, N, p^c)", unit="bits/s/Hz"),
            Series("time_sharing", "time sharing between the corners", unit="bits/s/Hz"),
            Series("noncoop", "non-cooperative (L = 1, N = 2)", unit="bits/s/Hz"),
        ),
        analytic=tradeoff_analytic,
        description="Largest rate [bits/s/Hz] with root CRLB <= x (region (39) under (34a)-(34c)).",
    )
)


# ----------------------------------------------------------------------------- coop.weighted_sum
class WeightedSumParams(TradeoffParams):
    """One weight of (P2) (41)."""

    rho: float = param(
        0.5, unit="1", symbol=r"$\rho$", ge=0.0, le=1.0,
        doc="weight of the rate in T^ISAC = rho R_c + (1 - rho)/sqrt(CRLB) (40)")


def weighted_analytic(p: WeightedSumParams) -> dict[str, float]:
    """``T^ISAC`` by polyblock and brute force, its non-cooperative value, and the optimum's two terms."""
    region, noncoop = regions(p)
    pb = polyblock_weighted_sum(region, p.rho)
    bf, _ = brute_force_weighted_sum(region, p.rho)
    nc = brute_force_weighted_sum(noncoop, p.rho)[0] if noncoop.rate.size else float("nan")
    return {"t_coop": pb.value, "t_coop_brute": bf, "t_noncoop": nc, "rate_opt": pb.rate,
            "sense_opt": pb.sense_metric}


WEIGHTED_SUM = register_experiment(
    Experiment(
        id="coop.weighted_sum",
        params=WeightedSumParams,
        series=(
            Series("t_coop", "T^ISAC, cooperative (polyblock)", unit="1"),
            Series("t_coop_brute", "T^ISAC, cooperative (brute force)", unit="1"),
            Series("t_noncoop", "T^ISAC, non-cooperative (L = 1, N = 2)", unit="1"),
            Series("rate_opt", "R_c at the optimum [bits/s/Hz]", unit="bits/s/Hz"),
            Series("sense_opt", "1/root CRLB at the optimum [1/m]", unit="1/m"),
        ),
        analytic=weighted_analytic,
        description="Weighted sum (40) maximised over (L, N, p^c, p^s) by polyblock, (P2) (41).",
    )
)
