"""deploy.densities (Fig. 10): layouts for non-uniform target/user densities and the elevated pivot BS
(deploy Sec. V-C; densities weight the samples, spec 004 §3.4)."""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from pydantic import Field

from isacnet.geometry.regions import horizontal_plane
from isacnet.models import param
from isacnet.optimization.deploy import DeploymentResult
from isacnet.optimization.deploy_designs import optimize_rate_layout, optimize_sensing_layout, problem_from_model
from isacnet.registry import Experiment, Series, register_experiment

from ._common import MAX_BS, DeployParams, cached, layout_series, layout_values

__all__ = ["DensityParams", "bump_geometry", "density_setup", "density_centroid", "pivot_layout", "density_design",
           "pivot_stats", "evaluate", "EXPERIMENT"]

Fraction = Annotated[float, Field(ge=-0.5, le=0.5)]


class DensityParams(DeployParams):
    """Targets and users on the ground square; Gaussian-bump densities (plus a floor).

    The bumps' centres and width are fractions of the square's side, so that the density has the same
    shape on every region size (a profile may change ``region_size``; the invariance of (P2) under
    scaling, deploy Prop. 4, then keeps the sensing design's shape).
    """

    density: Literal["uniform", "clustered"] = param("clustered", unit="–",
                                                     doc="uniform densities, or Gaussian bumps f_T, f_U")
    region_size: float = param(400.0, unit="m", gt=0, le=1e5, doc="side of the service square [?]")
    target_center_rel: tuple[Fraction, Fraction] = param((-0.25, -0.225), unit="1",
                                                         doc="f_T bump centre (x, y) / region side [?]")
    user_center_rel: tuple[Fraction, Fraction] = param((0.275, 0.225), unit="1",
                                                       doc="f_U bump centre (x, y) / region side [?]")
    bump_width_rel: float = param(0.15, unit="1", gt=0, le=1, doc="bump standard deviation / region side [?]")
    density_floor: float = param(0.05, unit="1", ge=0, le=1, doc="floor relative to the bump peak [?]")
    bs_min_height: float = param(10.0, unit="m", ge=0, le=2e4, doc="lowest BS height [?]")
    bs_max_height: float = param(200.0, unit="m", gt=0, le=2e4, doc="highest BS height [?]")
    rate_threshold_bits: float = param(5.0, unit="bits/s/Hz", symbol=r"$R_{\rm th}$", ge=0, le=100,
                                       doc="mean-gain area-rate requirement; the 5 bps/Hz of deploy Fig. 8 [?]")
    num_bs: int = param(6, unit="1", symbol=r"$N$", ge=1, le=MAX_BS, doc="number of BSs; <= 16")


def _bump(center, width, floor):
    c = np.asarray(center, float)

    def f(points):
        d2 = np.sum((np.asarray(points)[:, :2] - c) ** 2, axis=1)
        return floor + np.exp(-0.5 * d2 / width**2)

    return f


def bump_geometry(p: DensityParams) -> tuple[np.ndarray, np.ndarray, float]:
    """Centres of f_T and f_U, [2] each [m], and the bumps' standard deviation [m]."""
    s = p.region_size
    return np.multiply(p.target_center_rel, s), np.multiply(p.user_center_rel, s), p.bump_width_rel * s


def density_setup(p: DensityParams):
    """Target region, user region (with their densities) and the BS box ``(lower, upper)`` [m]."""
    s = p.region_size
    target_center, user_center, width = bump_geometry(p)
    ft = _bump(target_center, width, p.density_floor) if p.density == "clustered" else None
    fu = _bump(user_center, width, p.density_floor) if p.density == "clustered" else None
    tr = horizontal_plane([0, 0], s, s, 0.0, density=ft, name="target_region")
    ur = horizontal_plane([0, 0], s, s, 0.0, density=fu, name="user_region")
    return tr, ur, [-s / 2, -s / 2, p.bs_min_height], [s / 2, s / 2, p.bs_max_height]


def density_centroid(p: DensityParams) -> np.ndarray:
    """Horizontal centroid of the joint target/user density (the mean of the two) [m], [2]."""
    tr, ur, _, _ = density_setup(p)
    pts, w = tr.grid(40)
    qs, v = ur.grid(40)
    return (np.sum(w[:, None] * pts, 0) + np.sum(v[:, None] * qs, 0))[:2] / 2


def pivot_layout(p: DensityParams) -> np.ndarray:
    """The structure deploy Sec. V-C describes for Fig. 10, as a start [num_bs, 3] [m]: one BS at the
    highest height over the density centroid, the others at the lowest height around the two density
    peaks (alternately the target and the user peak, on a circle of one bump width)."""
    target_center, user_center, width = bump_geometry(p)
    out = [[*density_centroid(p), p.bs_max_height]]
    per_peak = max(1, p.num_bs // 2)  # ceil((num_bs - 1) / 2)
    for k in range(p.num_bs - 1):
        c = target_center if k % 2 == 0 else user_center
        a = 2 * np.pi * (k // 2) / per_peak
        out.append([c[0] + width * np.cos(a), c[1] + width * np.sin(a), p.bs_min_height])
    half = p.region_size / 2
    lay = np.asarray(out, float)
    lay[:, :2] = np.clip(lay[:, :2], -half, half)
    return lay


@cached
def _design(p: DensityParams, rate_rng: np.random.Generator, sense_rng: np.random.Generator,
            pivot_rng: np.random.Generator):
    targets, users, lower, upper = density_setup(p)
    problem = problem_from_model(p, targets, users, lower, upper, samples_per_axis=p.samples_per_axis)
    comm = optimize_rate_layout(problem, p.num_bs, rate_rng, num_starts=p.num_starts)
    constrained = problem.with_rate_threshold(min(p.rate_threshold_bits, comm.area_rate_bits))
    res = optimize_sensing_layout(constrained, p.num_bs, sense_rng, starts=[comm.layout], num_starts=p.num_starts,
                                  options=p.trust_region_options())
    pivot = optimize_sensing_layout(constrained, p.num_bs, pivot_rng, starts=[pivot_layout(p)], num_starts=0,
                                    options=p.trust_region_options())
    return res, comm.area_rate_bits, pivot


def density_design(p: DensityParams, rng: np.random.Generator
                   ) -> tuple[DeploymentResult, float, DeploymentResult | None]:
    """Min density-weighted A-CRLB s.t. rate >= ``rate_threshold_bits`` (or the peak rate, if lower), from
    the rate-optimal layout (one stream of ``rng``) and random layouts (another); the peak rate
    [bits/s/Hz]; and the same optimisation started from :func:`pivot_layout` alone (a third stream, for
    its repairs), which tells a layout the model prefers from one the optimiser merely missed.

    The requirement is absolute, the same for both densities: a fraction of each density's own peak
    would ask far more of clustered users (their peak is higher) and leave the design rate-bound."""
    rate_rng, sense_rng, pivot_rng = rng.spawn(3)
    return _design(p, rate_rng, sense_rng, pivot_rng)


def pivot_stats(p: DensityParams, layout) -> tuple[float, float, float]:
    """Height of the tallest BS, its horizontal distance to the joint density centroid
    (:func:`density_centroid`), and the mean horizontal distance of the other BSs to the nearest bump
    centre [m]."""
    cen = density_centroid(p)
    k = int(np.argmax(layout[:, 2]))
    others = np.delete(layout, k, 0)
    bumps = np.array(bump_geometry(p)[:2])
    near = np.min(np.linalg.norm(others[:, None, :2] - bumps[None], axis=-1), axis=1)
    return float(layout[k, 2]), float(np.linalg.norm(layout[k, :2] - cen)), float(near.mean())


def evaluate(p: DensityParams, rng: np.random.Generator) -> dict:
    """Series of one density design: A-CRLB [m²], rates [bits/s/Hz], pivot statistics [m], layout [m]; and the
    A-CRLB and pivot statistics of the design started from the paper's pivot structure."""
    res, peak, pivot = density_design(p, rng)
    h, dc, near = pivot_stats(p, res.layout)
    ph, pdc = pivot_stats(p, pivot.layout)[:2] if pivot is not None else (float("nan"), float("nan"))
    return {"a_crlb": res.objective, "area_rate_mean_gain": res.area_rate_bits, "peak_rate": peak,
            "pivot_height": h, "pivot_to_centroid": dc, "others_to_bumps": near,
            "a_crlb_pivot_start": pivot.objective if pivot is not None else float("nan"),
            "pivot_start_height": ph, "pivot_start_to_centroid": pdc, **layout_values(res.layout)}


EXPERIMENT = register_experiment(Experiment(
    id="deploy.densities",
    params=DensityParams,
    series=(Series("a_crlb", "density-weighted A-CRLB [m²]", unit="m²"),
            Series("area_rate_mean_gain", "density-weighted mean-gain area rate [bits/s/Hz]", unit="bits/s/Hz"),
            Series("peak_rate", "rate-optimal area rate [bits/s/Hz]", unit="bits/s/Hz"),
            Series("pivot_height", "height of the tallest (pivot) BS [m]", unit="m"),
            Series("pivot_to_centroid", "pivot BS to density centroid, horizontal [m]", unit="m"),
            Series("others_to_bumps", "other BSs to nearest density peak, mean horizontal [m]",
                   unit="m"),
            Series("a_crlb_pivot_start", "density-weighted A-CRLB, optimised from the pivot layout [m²]", unit="m²"),
            Series("pivot_start_height", "tallest BS after optimising from the pivot layout [m]", unit="m"),
            Series("pivot_start_to_centroid", "its horizontal distance to the density centroid [m]", unit="m"),
            *layout_series()),
    evaluate=evaluate,
    shared_stream_fields=("init_seed",),
    description="Deployments for uniform vs clustered target/user densities (Fig. 10).",
))
