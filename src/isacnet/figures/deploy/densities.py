"""deploy-fig10: layouts for non-uniform target/user densities and the elevated pivot BS
(deploy Sec. V-C, Fig. 10; densities weight the samples, spec 004 §3.4)."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from isacnet.geometry.regions import horizontal_plane
from isacnet.registry import Experiment, FigureSpec, Series, register_experiment, register_figure

from ._common import (
    UNKNOWN_NOTE,
    DeployParams,
    build_problem,
    cached,
    comm_design,
    layout_from,
    layout_series,
    layout_values,
    params_from,
    sensing_design,
)


class DensityParams(DeployParams):
    """Targets and users on the ground square; Gaussian-bump densities (plus a floor)."""

    density: Literal["uniform", "clustered"] = "clustered"
    region_size: float = Field(400.0, gt=0, description="side of the service square [m] [?]")
    target_center: tuple[float, float] = Field((-100.0, -90.0), description="f_T bump centre [m] [?]")
    user_center: tuple[float, float] = Field((110.0, 90.0), description="f_U bump centre [m] [?]")
    bump_width: float = Field(60.0, gt=0, description="bump standard deviation [m] [?]")
    density_floor: float = Field(0.05, ge=0, le=1, description="floor relative to the bump peak [?]")
    bs_min_height: float = Field(10.0, ge=0)
    bs_max_height: float = Field(200.0, gt=0, description="[?]")
    rate_fraction: float = Field(0.8, gt=0, le=1, description="R_th = frac x rate-optimal rate [?]")
    num_bs: int = Field(6, ge=1, le=16)


def _bump(center, width, floor):
    c = np.asarray(center, float)

    def f(points):
        d2 = np.sum((np.asarray(points)[:, :2] - c) ** 2, axis=1)
        return floor + np.exp(-0.5 * d2 / width**2)

    return f


def density_setup(p: DensityParams):
    s = p.region_size
    ft = _bump(p.target_center, p.bump_width, p.density_floor) if p.density == "clustered" else None
    fu = _bump(p.user_center, p.bump_width, p.density_floor) if p.density == "clustered" else None
    tr = horizontal_plane([0, 0], s, s, 0.0, density=ft, name="target_region")
    ur = horizontal_plane([0, 0], s, s, 0.0, density=fu, name="user_region")
    return tr, ur, [-s / 2, -s / 2, p.bs_min_height], [s / 2, s / 2, p.bs_max_height]


@cached
def _design(p: DensityParams):
    tr, ur, lo, hi = density_setup(p)
    free = build_problem(p, tr, ur, lo, hi, None)
    comm = comm_design(p, free)
    cons = build_problem(p, tr, ur, lo, hi, p.rate_fraction * comm.area_rate_bits)
    return sensing_design(p, cons, [comm.layout]), comm.area_rate_bits


def pivot_stats(p: DensityParams, layout):
    """Height of the tallest BS, its horizontal distance to the joint density centroid, and the
    mean horizontal distance of the other BSs to the nearest bump centre [m]."""
    tr, ur, _, _ = density_setup(p)
    pts, w = tr.grid(40)
    qs, v = ur.grid(40)
    cen = (np.sum(w[:, None] * pts, 0) + np.sum(v[:, None] * qs, 0))[:2] / 2
    k = int(np.argmax(layout[:, 2]))
    others = np.delete(layout, k, 0)
    bumps = np.array([p.target_center, p.user_center])
    near = np.min(np.linalg.norm(others[:, None, :2] - bumps[None], axis=-1), axis=1)
    return float(layout[k, 2]), float(np.linalg.norm(layout[k, :2] - cen)), float(near.mean())


def _evaluate(p: DensityParams, rng):
    res, peak = _design(p)
    h, dc, near = pivot_stats(p, res.layout)
    return {"a_crlb": res.objective, "area_rate_mean_gain": res.area_rate_bits, "peak_rate": peak,
            "pivot_height": h, "pivot_to_centroid": dc, "others_to_bumps": near, **layout_values(res.layout)}


EXP = register_experiment(Experiment(
    id="deploy.densities",
    params=DensityParams,
    series=(Series("a_crlb", "density-weighted A-CRLB [m²]"),
            Series("area_rate_mean_gain", "density-weighted mean-gain area rate [bits/s/Hz]"),
            Series("peak_rate", "rate-optimal area rate [bits/s/Hz]"),
            Series("pivot_height", "height of the tallest (pivot) BS [m]"),
            Series("pivot_to_centroid", "pivot BS to density centroid, horizontal [m]"),
            Series("others_to_bumps", "other BSs to nearest density peak, mean horizontal [m]"), *layout_series()),
    evaluate=_evaluate,
    description="Deployments for uniform vs clustered target/user densities (Fig. 10).",
))


def _plot(ds, spec):
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    from ._common import draw_layout, style_3d

    designs = [str(d) for d in ds["density"].values]
    with plt.rc_context(IEEE_STYLE):
        fig = plt.figure(figsize=(7.16, 2.9))
        for i, d in enumerate(designs):
            p = params_from(ds, DensityParams, density=d)
            lay = layout_from(ds, density=d)
            tr, ur, _, _ = density_setup(p)
            ax = fig.add_subplot(1, len(designs), i + 1, projection="3d")
            n = 40
            pts, w = tr.grid(n)
            _, v = ur.grid(n)
            xx = pts[:, 0].reshape(n, n)
            yy = pts[:, 1].reshape(n, n)
            ax.contourf(xx, yy, (w / w.max()).reshape(n, n), zdir="z", offset=0, levels=8, cmap="Blues", alpha=0.6)
            ax.contour(xx, yy, (v / v.max()).reshape(n, n), zdir="z", offset=0, levels=5, cmap="Greens")
            draw_layout(ax, lay)
            k = int(np.argmax(lay[:, 2]))
            ax.scatter(*lay[k], marker="*", s=80, color="gold", edgecolor="k", depthshade=False, label="pivot BS")
            h = float(ds["value"].sel(series="pivot_height", density=d))
            style_3d(ax, f"({chr(97 + i)}) {d} densities (blue f_T, green f_U)\npivot height {h:.0f} m, "
                     f"A-CRLB {float(ds['value'].sel(series='a_crlb', density=d)):.3g} m²")
            ax.set_zlim(0, p.bs_max_height)
            ax.legend(fontsize=5, frameon=False, loc="upper left")
        fig.tight_layout()
        add_notes(fig.axes[-1], spec.notes, width=120)
    return fig


register_figure(FigureSpec(
    id="deploy-fig10", experiment="deploy.densities", scenario="deploy-fig10",
    title="Non-uniform densities and the pivot BS", x="density", plot=_plot,
    notes=("Targets and users on a 400 m ground square; clustered: Gaussian bumps (sd 60 m, 5 % floor) for f_T at "
           "(-100,-90) and f_U at (110,90) [?]; min density-weighted A-CRLB s.t. rate >= 0.8 x rate-optimal [?]; "
           "BS heights 10-200 m [?]. " + UNKNOWN_NOTE),
))
