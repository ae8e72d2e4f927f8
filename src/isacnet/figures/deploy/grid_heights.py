"""deploy-fig9: a cellular grid layout at 10 m, heights-only optimisation, and the sensing
coverage before and after (deploy Sec. V-C, Fig. 9)."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from isacnet.metrics.deploy import coverage_probability
from isacnet.optimization.deploy import area_objective, area_rate_mean_gain, optimize_deployment
from isacnet.registry import Experiment, FigureSpec, Series, register_experiment, register_figure

from ._common import (
    UNKNOWN_NOTE,
    build_problem,
    cached,
    layout_from,
    layout_series,
    layout_values,
    options_of,
    params_from,
    point_crlb,
)
from ._planar import PlanarParams, planar_setup


class GridParams(PlanarParams):
    """``grid_side``² BSs on a regular horizontal grid (cell centres) at ``bs_height``; only the
    heights move in the ``heights`` design (box ``[bs_min_height, bs_max_height]``)."""

    design: Literal["grid", "heights"] = "heights"
    grid_side: int = Field(3, ge=1, le=4)
    bs_height: float = Field(10.0, gt=0, description="initial common BS height [m] (paper: 10 m)")
    bs_max_height: float = Field(200.0, gt=0, description="highest BS height [m] [?]")
    target_height: float = Field(0.0, ge=0, description="target plane altitude [m] [?]: ground targets")
    comm_exp: float = Field(3.0, gt=0)
    coverage_threshold: float = Field(0.02, gt=0, description="gamma [m^2] [?] (paper's value lost)")
    eval_per_axis: int = Field(30, ge=2, le=100)


def grid_layout(p: GridParams) -> np.ndarray:
    c = (np.arange(p.grid_side) + 0.5) * p.region_size / p.grid_side - p.region_size / 2
    return np.array([[x, y, p.bs_height] for x in c for y in c])


@cached
def _design(p: GridParams):
    tr, ur, lo, hi = planar_setup(p)
    lo[2], hi[2] = p.bs_min_height, max(p.bs_max_height, p.bs_min_height)
    prob = build_problem(p, tr, ur, lo, hi, None, free_axes=(False, False, True))
    g = grid_layout(p)
    if p.design == "grid":
        return g, area_objective(prob, g), area_rate_mean_gain(prob, g)
    res = optimize_deployment(prob, g, options=options_of(p))
    return res.layout, res.objective, res.area_rate_bits


def maps(p: GridParams, layout):
    tr, _, _, _ = planar_setup(p)
    pts, w = tr.grid(p.eval_per_axis)
    return point_crlb(p, pts, layout), w


def _evaluate(p: GridParams, rng):
    lay, obj, rate = _design(p.model_copy(update={"coverage_threshold": 0.02}))
    c, w = maps(p, lay)
    return {"a_crlb": obj, "crlb_p05": float(np.percentile(c, 5)), "crlb_p95": float(np.percentile(c, 95)),
            "coverage": float(coverage_probability(c, p.coverage_threshold, w)), "area_rate_mean_gain": rate,
            **layout_values(lay)}


EXP = register_experiment(Experiment(
    id="deploy.grid_heights",
    params=GridParams,
    series=(Series("a_crlb", "A-CRLB on the samples [m²]"), Series("crlb_p05", "5th percentile of the CRLB map [m²]"),
            Series("crlb_p95", "95th percentile of the CRLB map [m²]"), Series("coverage", "P(CRLB <= gamma)"),
            Series("area_rate_mean_gain", "mean-gain area rate [bits/s/Hz]"), *layout_series()),
    evaluate=_evaluate,
    description="Grid layout at 10 m vs heights-only optimisation (Fig. 9).",
))


def _plot(ds, spec):
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    from isacnet.plotting import IEEE_STYLE, add_notes

    from ._common import draw_layout, draw_region, heatmap, style_3d

    g0 = ds["coverage_threshold"].values[0]
    with plt.rc_context(IEEE_STYLE):
        fig = plt.figure(figsize=(7.16, 4.8))
        ax3 = fig.add_subplot(2, 2, 1, projection="3d")
        data = {}
        for d in ds["design"].values:
            d = str(d)
            p = params_from(ds, GridParams, design=d, coverage_threshold=g0)
            lay = layout_from(ds, design=d, coverage_threshold=g0)
            data[d] = (p, lay, maps(p, lay)[0])
        p = next(iter(data.values()))[0]
        tr, ur, _, _ = planar_setup(p)
        draw_region(ax3, tr, "tab:blue", "targets = users" if p.target_height == p.user_height else "targets")
        for d, col in (("grid", "0.4"), ("heights", "red")):
            if d in data:
                draw_layout(ax3, data[d][1], color=col, label={"grid": "grid at 10 m", "heights": "heights optimised"}[d])
        style_3d(ax3, "(a) layouts")
        ax3.legend(fontsize=5, frameon=False, loc="upper left")
        allc = np.concatenate([v[2] for v in data.values()])
        allc = allc[np.isfinite(allc)]
        norm = LogNorm(vmin=allc.min(), vmax=allc.max())
        for i, d in enumerate(("grid", "heights")):
            if d not in data:
                continue
            ax = fig.add_subplot(2, 2, 2 + i)
            pp, lay, c = data[d]
            heatmap(ax, fig, tr, c, pp.eval_per_axis, f"({'bc'[i]}) CRLB map, {d}: "
                    f"{np.percentile(c, 5):.2g}-{np.percentile(c, 95):.2g} m² (5-95 %)", norm=norm)
            ax.plot(lay[:, 0], lay[:, 1], "^", color="red" if d == "heights" else "0.3", ms=3)
        ax = fig.add_subplot(2, 2, 4)
        for d in ds["design"].values:
            ax.plot(ds["coverage_threshold"].values, ds["value"].sel(series="coverage", design=d).values, "-o",
                    mfc="none", ms=3, label={"grid": "grid at 10 m", "heights": "heights optimised"}[str(d)])
        ax.set_xlabel("CRLB threshold γ [m²]")
        ax.set_ylabel("P(CRLB ≤ γ)")
        ax.set_title("(d) sensing coverage", fontsize=7)
        ax.legend(frameon=False)
        fig.tight_layout()
        add_notes(ax, spec.notes, width=90)
    return fig


register_figure(FigureSpec(
    id="deploy-fig9", experiment="deploy.grid_heights", scenario="deploy-fig9",
    title="Grid layout at 10 m and heights-only optimisation", x="coverage_threshold", hue="design", plot=_plot,
    notes=("3x3 grid (cell centres) over a 400 m square at 10 m; targets and users on the ground (target altitude "
           "[?]); heights-only MM (x, y fixed) within 10-200 m [?]; sensing only. " + UNKNOWN_NOTE),
))
