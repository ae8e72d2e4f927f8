"""``deploy.crlb_distribution``: the CRLB over target positions of the Fig. 9 layouts (not in the paper;
figure deploy-cdf-crlb).

The paper reports one coverage number per threshold. The whole distribution of the per-target
CRLB over the target plane is the coverage curve ``gamma -> P(CRLB <= gamma)``: here by the
midpoint rule on a fine grid of the region (:func:`isacnet.analysis.deploy.crlb_cdf_quadrature`)
and by Monte Carlo over uniformly drawn targets (:func:`isacnet.simulate.deploy.crlb_position_trial`),
for the cellular grid of Fig. 9 and its heights-only optimum (the design is the point's shared
realisation, computed once per process).
"""

from __future__ import annotations

import functools

import numpy as np

from isacnet.analysis.deploy import crlb_cdf_quadrature
from isacnet.models import param
from isacnet.registry import AnalyticCdf, Experiment, Series, register_experiment
from isacnet.simulate.deploy import crlb_position_trial

from ._planar import planar_setup
from .grid_heights import GridParams, grid_design

__all__ = ["CrlbDistributionParams", "crlb_grid", "distribution_analytic", "distribution_trial", "EXPERIMENT"]


class CrlbDistributionParams(GridParams):
    """A Fig. 9 design and the resolution of its CRLB distribution."""

    quadrature_per_axis: int = param(300, unit="1", ge=10, le=2000,
                                     doc="midpoint grid per axis of the closed-form coverage (<= 2000: 4e6 points)")
    num_cdf_points: int = param(60, unit="1", ge=2, le=1000,
                                doc="CRLB thresholds of the CDF, geometric between the map's extremes")


def _layout(p: CrlbDistributionParams, rng=None) -> np.ndarray:
    """The design's layout [N, 3] [m] (deterministic; ``rng`` unused, the runner's realisation hook)."""
    return grid_design(p)[0]


@functools.lru_cache(maxsize=16)
def _grid(p: CrlbDistributionParams) -> tuple:
    targets, _, _, _ = planar_setup(p)
    pts, _ = targets.grid(60)
    from isacnet.metrics.deploy import crlb

    values = crlb(pts, _layout(p), p.zeta_squared, p.pathloss_exp_sense)
    lo, hi = float(np.min(values)), float(np.max(values))
    return tuple(np.geomspace(0.8 * lo, 1.25 * hi, p.num_cdf_points))


def crlb_grid(p: CrlbDistributionParams) -> np.ndarray:
    """CRLB thresholds [m²] spanning the map of the design (a coarse 60 x 60 look), geometric."""
    return np.asarray(_grid(p))


def distribution_analytic(p: CrlbDistributionParams, layout) -> dict:
    """Coverage curve on the grid and at ``coverage_threshold`` (midpoint rule) [1]."""
    targets, _, _, _ = planar_setup(p)
    x = crlb_grid(p)
    f = crlb_cdf_quadrature(x, targets, layout, p.zeta_squared, p.pathloss_exp_sense, p.quadrature_per_axis)
    cov = crlb_cdf_quadrature(p.coverage_threshold, targets, layout, p.zeta_squared, p.pathloss_exp_sense,
                              p.quadrature_per_axis)
    return {"cdf_quadrature": AnalyticCdf(x, f), "coverage": float(cov)}


def distribution_trial(p: CrlbDistributionParams, rng: np.random.Generator, size: int, layout) -> dict:
    """CRLB [m²] of ``size`` uniform targets, and whether each is covered (``CRLB <= gamma``)."""
    targets, _, _, _ = planar_setup(p)
    c = crlb_position_trial(rng, size, targets, layout, p.zeta_squared, p.pathloss_exp_sense)["crlb"]
    return {"crlb": c, "covered": (c <= p.coverage_threshold).astype(float)}


EXPERIMENT = register_experiment(Experiment(
    id="deploy.crlb_distribution",
    params=CrlbDistributionParams,
    series=(
        Series("cdf_quadrature", "closed form on a grid (midpoint rule)", unit="m²",
               long_name="P(CRLB <= gamma) over target positions, eq. (4), (6) on a midpoint grid"),
        Series("coverage", "coverage at gamma, closed form", unit="1"),
        Series("crlb_mc", "Monte Carlo, uniform targets", kind="mc", source="crlb", stat="median", unit="m²",
               long_name="CRLB of eq. (4), (6) at a target drawn uniformly in the target plane"),
        Series("coverage_mc", "coverage at gamma, Monte Carlo", kind="mc", source="covered", unit="1"),
    ),
    analytic=distribution_analytic,
    trial=distribution_trial,
    realisation=_layout,
    cdf_grid=lambda p: {"crlb_mc": crlb_grid(p)},
    description="Distribution of the per-target CRLB over the target plane (coverage curve) of the Fig. 9 "
                "designs: grid quadrature vs Monte Carlo (not in the paper).",
))
