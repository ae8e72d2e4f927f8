"""``coop.tradeoff`` (rate vs root CRLB, Figs. 8, 9, overview Fig. 4) and ``coop.weighted_sum`` (Fig. 10).

Closed forms only: ``R_c`` from Theorem 2 (``rate_form``, corrected eq. (29) by default) with
``kappa_c`` of Lemma 2, the CRLB from Prop. 2 in the App. B form (45) with the BS density
thinned by ``kappa_s`` of Lemma 1 (``crlb_form``, the thinning of eq. (24)); the region (39)
under (34a)–(34c) and the optimisers are :mod:`isacnet.optimization.coop` (see
docs/theory/coop.md). Rates in bits/s/Hz, root CRLBs in m.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from isacnet.experiments.coop.comm_rate import CoopCommParams
from isacnet.models import param
from isacnet.models.coop import CoopModel
from isacnet.optimization.coop import (
    RegionResult,
    brute_force_weighted_sum,
    largest_gap_gain,
    noncooperative_points,
    polyblock_weighted_sum,
    rate_crlb_region,
    sense_corner_root_crlb,
    tradeoff_curves,
)
from isacnet.registry import Experiment, Series, register_experiment

__all__ = ["TradeoffParams", "TradeoffPointParams", "WeightedSumParams", "regions", "TRADEOFF", "WEIGHTED_SUM"]


class TradeoffParams(CoopCommParams):
    """The search knobs of the S&C trade-off (the physics is :class:`~isacnet.models.coop.CoopModel`)."""

    num_power: int = param(41, unit="–", ge=2, le=10_000, doc="grid points of p^c in (0, P^t] (<= 1e4 for run time)")
    max_cluster_comm: int = param(30, unit="–", ge=1, le=1000, doc="largest CoMP cluster size L searched")
    max_cluster_sense: int = param(40, unit="–", ge=2, le=1000, doc="largest sensing cluster size N searched for N~*")
    time_sharing_metric: Literal["inverse_root", "fisher", "root"] = param(
        "inverse_root", unit="–",
        doc="sensing metric the time-sharing baseline averages between the corners (not defined in the paper): "
            "1/sqrt(CRLB), the Fisher information 1/CRLB, or sqrt(CRLB)")


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
    """One root-CRLB level of the rate–CRLB boundary, relative to the region's smallest root CRLB.

    The level is ``x = root_crlb_ratio * x_2``, ``x_2`` the sensing corner (``p^s = P^t``), so that
    every curve of a figure (each backhaul or density has its own ``x_2``) is resolved alike.
    """

    root_crlb_ratio: float = param(
        1.5, unit="1", symbol=r"$\sqrt{\mathrm{CRLB}}\,/\sqrt{\mathrm{CRLB}_{\min}}$", ge=1.0, le=1e4,
        doc="root-CRLB level as a multiple of the region's smallest root CRLB (the sensing corner, p^s = P^t)")


@lru_cache(maxsize=32)
def _largest_gap(physics: CoopModel, num_power: int, max_cluster_comm: int, max_cluster_sense: int, metric: str):
    return largest_gap_gain(physics, num_power, max_cluster_comm, max_cluster_sense, metric)


def tradeoff_analytic(p: TradeoffPointParams) -> dict[str, float]:
    """At ``x = root_crlb_ratio * x_2`` [m]: the largest rate [bits/s/Hz] of region (39) (p^c continuous,
    every feasible ``(L, N)``), its convex hull, the corner time sharing, the non-cooperative boundary,
    and the relative gain of the boundary over time sharing (:func:`isacnet.optimization.coop.tradeoff_curves`);
    and the gain where the boundary is furthest above time sharing, with its level [m]
    (:func:`isacnet.optimization.coop.largest_gap_gain`, the reading the coop profile is fitted on)."""
    physics = p.physics()
    x = p.root_crlb_ratio * sense_corner_root_crlb(physics, p.max_cluster_sense)
    c = tradeoff_curves(physics, [x], p.num_power, p.max_cluster_comm, p.max_cluster_sense, p.time_sharing_metric)
    coop, ts = float(c.boundary[0]), float(c.time_sharing[0])
    gap = _largest_gap(physics, p.num_power, p.max_cluster_comm, p.max_cluster_sense, p.time_sharing_metric)
    return {
        "root_crlb": x,
        "coop": coop,
        "hull": float(c.hull[0]),
        "time_sharing": ts,
        "noncoop": float(c.noncoop[0]),
        "gain": coop / ts - 1.0 if ts > 0 else float("nan"),
        "gain_largest_gap": gap.gain,
        "root_crlb_largest_gap": gap.root_crlb,
    }


TRADEOFF = register_experiment(
    Experiment(
        id="coop.tradeoff",
        params=TradeoffPointParams,
        series=(
            Series("root_crlb", "root-CRLB level x [m]", unit="m"),
            Series("coop", "cooperative: boundary of region (39), largest rate with root CRLB <= x", unit="bits/s/Hz"),
            Series("hull", "convex hull of region (39) (time sharing among designs)", unit="bits/s/Hz"),
            Series("time_sharing", "time sharing between the two corner points", unit="bits/s/Hz"),
            Series("noncoop", "non-cooperative (L = 1, N = 2)", unit="bits/s/Hz"),
            Series("gain", "relative rate gain of the boundary over time sharing", unit="1"),
            Series("gain_largest_gap", "the gain where the boundary is furthest above time sharing (400 levels; "
                   "the same at every level x)", unit="1"),
            Series("root_crlb_largest_gap", "root-CRLB level of the largest gap [m]", unit="m"),
        ),
        analytic=tradeoff_analytic,
        description="Largest rate [bits/s/Hz] with root CRLB <= x (region (39) under (34a)-(34c)), its hull, "
                    "the corner time sharing and the gain.",
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
    nan = float("nan")
    nc, i = brute_force_weighted_sum(noncoop, p.rho) if noncoop.rate.size else (nan, -1)
    return {"t_coop": pb.value, "t_coop_brute": bf, "t_noncoop": nc, "rate_opt": pb.rate,
            "sense_opt": pb.sense_metric,
            "rate_noncoop": float(noncoop.rate[i]) if i >= 0 else nan,
            "sense_noncoop": float(noncoop.sense_metric[i]) if i >= 0 else nan,
            "rate_max": float(region.rate.max()), "sense_max": float(region.sense_metric.max())}


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
            Series("rate_noncoop", "R_c at the non-cooperative optimum [bits/s/Hz]", unit="bits/s/Hz"),
            Series("sense_noncoop", "1/root CRLB at the non-cooperative optimum [1/m]", unit="1/m"),
            Series("rate_max", "communication-only optimum, max R_c [bits/s/Hz]", unit="bits/s/Hz"),
            Series("sense_max", "sensing-only optimum, max 1/root CRLB [1/m]", unit="1/m"),
        ),
        analytic=weighted_analytic,
        description="Weighted sum (40) maximised over (L, N, p^c, p^s) by polyblock, (P2) (41).",
    )
)
