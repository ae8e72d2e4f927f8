"""deploy.grid_heights (Fig. 9): a cellular grid layout at 10 m, heights-only optimisation, and the
sensing coverage before and after (deploy Sec. V-C). Deterministic: the MM starts from the grid."""

from __future__ import annotations

from typing import Literal

import numpy as np

from isacnet.models import param
from isacnet.optimization.deploy import area_objective, area_rate_mean_gain_bits, optimize_deployment
from isacnet.optimization.deploy_designs import problem_from_model
from isacnet.registry import Experiment, Series, register_experiment

from ._common import cached, layout_series, layout_values, point_crlb
from ._planar import PlanarParams, planar_setup

__all__ = ["GridParams", "grid_layout", "grid_design", "crlb_map", "evaluate", "EXPERIMENT"]


class GridParams(PlanarParams):
    """``grid_side``² BSs on a regular horizontal grid (cell centres) at ``bs_height``; only the
    heights move in the ``heights`` design (box ``[bs_min_height, bs_max_height]``)."""

    design: Literal["grid", "heights"] = param("heights", unit="–",
                                               doc="the grid at bs_height, or its heights optimised")
    grid_side: int = param(3, unit="1", ge=1, le=4, doc="BSs per grid row (N = grid_side^2 <= 16)")
    bs_height: float = param(10.0, unit="m", gt=0, le=2e4, doc="initial common BS height (paper: 10 m)")
    bs_max_height: float = param(200.0, unit="m", gt=0, le=2e4, doc="highest BS height [?]")
    target_height: float = param(0.0, unit="m", symbol=r"$z_T$", ge=0, le=2e4,
                                 doc="target plane altitude [?]: ground targets")
    pathloss_exp: float = param(3.0, unit="1", symbol=r"$\alpha$", ge=1, le=6, doc="BS-user path-loss exponent [?]")
    coverage_threshold: float = param(0.02, unit="m²", symbol=r"$\gamma$", gt=0, le=1e12,
                                      doc="CRLB threshold [?] (paper's value lost)")
    eval_per_axis: int = param(30, unit="1", ge=2, le=100, doc="evaluation grid per axis (maps, coverage)")


def grid_layout(p: GridParams) -> np.ndarray:
    """BSs at the centres of a ``grid_side``² grid of cells over the square, at ``bs_height``; [N, 3] [m]."""
    c = (np.arange(p.grid_side) + 0.5) * p.region_size / p.grid_side - p.region_size / 2
    return np.array([[x, y, p.bs_height] for x in c for y in c])


@cached
def _design(p: GridParams):
    targets, users, lower, upper = planar_setup(p)
    lower[2], upper[2] = p.bs_min_height, max(p.bs_max_height, p.bs_min_height)
    problem = problem_from_model(p, targets, users, lower, upper, samples_per_axis=p.samples_per_axis,
                                 free_axes=(False, False, True))
    g = grid_layout(p)
    if p.design == "grid":
        return g, area_objective(problem, g), area_rate_mean_gain_bits(problem, g)
    res = optimize_deployment(problem, g, options=p.trust_region_options())
    return res.layout, res.objective, res.area_rate_bits


def grid_design(p: GridParams) -> tuple[np.ndarray, float, float]:
    """Layout [N, 3] [m], sampled A-CRLB [m²] and mean-gain area rate [bits/s/Hz] of ``p.design``
    (memoised: the coverage thresholds of one figure share it)."""
    return _design(p.model_copy(update={"coverage_threshold": 0.02, "eval_per_axis": 30}))


def crlb_map(p: GridParams, layout) -> tuple[np.ndarray, np.ndarray]:
    """Mean-gain CRLB [m²] on the ``eval_per_axis``² grid of the target plane, and its weights."""
    targets, _, _, _ = planar_setup(p)
    pts, w = targets.grid(p.eval_per_axis)
    return point_crlb(p, pts, layout), w


def evaluate(p: GridParams, rng: np.random.Generator | None = None) -> dict:
    """Series of one grid design (deterministic): A-CRLB and map percentiles [m²], coverage, rate, layout [m]."""
    lay, obj, rate = grid_design(p)
    c, w = crlb_map(p, lay)
    return {"a_crlb": obj, "crlb_p05": float(np.percentile(c, 5)), "crlb_p95": float(np.percentile(c, 95)),
            "coverage": float(p.coverage(c, p.coverage_threshold, w)), "area_rate_mean_gain": rate,
            **layout_values(lay)}


EXPERIMENT = register_experiment(Experiment(
    id="deploy.grid_heights",
    params=GridParams,
    series=(Series("a_crlb", "A-CRLB on the samples [m²]", unit="m²"),
            Series("crlb_p05", "5th percentile of the CRLB map [m²]", unit="m²"),
            Series("crlb_p95", "95th percentile of the CRLB map [m²]", unit="m²"),
            Series("coverage", "P(CRLB <= gamma)", unit="1"),
            Series("area_rate_mean_gain", "mean-gain area rate [bits/s/Hz]", unit="bits/s/Hz"), *layout_series()),
    evaluate=evaluate,
    evaluate_uses_rng=False,
    description="Grid layout at 10 m vs heights-only optimisation (Fig. 9).",
))
