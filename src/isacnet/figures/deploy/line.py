"""deploy-fig5 and deploy-fig6: the 1-D region of deploy Sec. V-B (users and targets on one ground
line): communication-optimal vs sensing-balanced layouts (Fig. 5); minimum CRLB and optimal BS
height vs region length (Fig. 6, Prop. 4)."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field
from scipy.optimize import minimize_scalar

from isacnet.geometry.regions import Segment
from isacnet.metrics.deploy import area_crlb, crlb
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
    zeta2_of,
)

LINE_LABEL = {"comm": "communication-optimal", "balanced": "sensing-balanced", "sensing": "sensing-only"}


class LineParams(DeployParams):
    """1-D set-up: the segment ``[0, L] × {0} × {0}`` carries users and targets."""

    num_bs: int = Field(4, ge=1, le=16)
    region_length: float = Field(1000.0, gt=0, description="L [m] [?]")
    bs_min_height: float = Field(10.0, ge=0, description="lowest BS height [m] [?]")
    bs_max_height_frac: float = Field(0.5, gt=0, description="highest BS height / L [?]")
    bs_lateral_frac: float = Field(0.5, gt=0, description="|y| <= frac * L [?]")
    design: Literal["comm", "balanced", "sensing"] = "balanced"
    rate_fraction: float = Field(0.7, gt=0, le=1, description="balanced: R_th = frac * rate-optimal rate [?]")
    samples_per_axis: int = Field(40, ge=2, le=400)


def line_setup(p: LineParams):
    seg = Segment([0, 0, 0], [p.region_length, 0, 0], name="line")
    w = p.bs_lateral_frac * p.region_length
    lower = [0.0, -w, p.bs_min_height]
    upper = [p.region_length, w, max(p.bs_max_height_frac * p.region_length, p.bs_min_height)]
    return seg, lower, upper


@cached
def _line_design(p: LineParams):
    seg, lo, hi = line_setup(p)
    free = build_problem(p, seg, seg, lo, hi, None)
    comm = comm_design(p, free)
    if p.design == "comm":
        return comm, comm.area_rate_bits
    if p.design == "sensing":
        return sensing_design(p, free, [comm.layout]), comm.area_rate_bits
    cons = build_problem(p, seg, seg, lo, hi, p.rate_fraction * comm.area_rate_bits)
    return sensing_design(p, cons, [comm.layout]), comm.area_rate_bits


def _evaluate5(p: LineParams, rng):
    res, peak = _line_design(p)
    return {"a_crlb": res.objective, "area_rate_mean_gain": res.area_rate_bits, "peak_rate": peak,
            "num_offline": float(np.sum(np.abs(res.layout[:, 1]) > 0.05 * p.region_length)),
            **layout_values(res.layout)}


EXP5 = register_experiment(Experiment(
    id="deploy.line_designs",
    params=LineParams,
    series=(Series("a_crlb", "A-CRLB (30) [m²]"), Series("area_rate_mean_gain", "mean-gain area rate [bits/s/Hz]"),
            Series("peak_rate", "rate-optimal area rate [bits/s/Hz]"),
            Series("num_offline", "BSs farther than 0.05 L from the line's vertical plane"), *layout_series()),
    evaluate=_evaluate5,
    description="1-D region: rate-optimal vs sensing-balanced layouts (Sec. V-B, Fig. 5).",
))


def _plot5(ds, spec):
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    from ._common import draw_layout, draw_region, style_3d

    designs = [str(d) for d in ds["design"].values]
    with plt.rc_context(IEEE_STYLE):
        fig = plt.figure(figsize=(7.16, 2.6))
        axc = fig.add_subplot(1, len(designs) + 1, len(designs) + 1)
        for i, d in enumerate(designs):
            p = params_from(ds, LineParams, design=d)
            seg, _, _ = line_setup(p)
            lay = layout_from(ds, design=d)
            ax = fig.add_subplot(1, len(designs) + 1, i + 1, projection="3d")
            draw_region(ax, seg, "green", "users = targets")
            draw_layout(ax, lay)
            r = float(ds["value"].sel(series="area_rate_mean_gain", design=d))
            c = float(ds["value"].sel(series="a_crlb", design=d))
            style_3d(ax, f"({chr(97 + i)}) {LINE_LABEL[d]}\nR={r:.2f} bits/s/Hz, A-CRLB={c:.3g} m²")
            ax.set_ylim(-p.region_length / 2, p.region_length / 2)
            ax.set_zlim(0, p.region_length / 2)
            if i == 0:
                ax.legend(fontsize=5, frameon=False, loc="upper left")
            pts, _ = seg.grid(200)
            c3 = crlb(pts, lay, zeta2_of(p), p.sense_exp)
            cx = crlb(pts, lay, zeta2_of(p), p.sense_exp, basis=np.array([[1.0, 0, 0]]))
            line = axc.semilogy(pts[:, 0], np.where(np.isfinite(c3), c3, np.nan),
                                label=f"{LINE_LABEL[d]}, 3-D" + (" (singular: inf)" if not np.isfinite(c3).any() else ""))
            axc.semilogy(pts[:, 0], cx, "--", color=line[0].get_color(), lw=0.8, label=f"{LINE_LABEL[d]}, along x only")
        axc.set_xlabel("target position x [m]")
        axc.set_ylabel("CRLB [m²]")
        axc.set_title(f"({chr(97 + len(designs))}) CRLB along the line", fontsize=7)
        axc.legend(frameon=False, fontsize=4.5, loc="upper right")
        fig.tight_layout()
        add_notes(axc, spec.notes, width=70)
    return fig


register_figure(FigureSpec(
    id="deploy-fig5", experiment="deploy.line_designs", scenario="deploy-fig5",
    title="1-D layouts: communication-optimal vs sensing-balanced", x="design", plot=_plot5,
    notes=("Line length L=1000 m, N=4, BS box [0,L] x [-L/2,L/2] x [10 m, L/2], alpha=3, balanced design: "
           "R_th = 0.7 x rate-optimal mean-gain rate -- all [?] (coordinates lost in 004). " + UNKNOWN_NOTE),
))


# -- Fig. 6 ---------------------------------------------------------------------------------
class HeightParams(DeployParams):
    """Fig. 6: ``N`` BSs evenly spaced over ``[0, L]`` at a common height ``h`` above the line."""

    num_bs: int = Field(4, ge=1, le=16)
    region_length: float = Field(500.0, gt=0, description="L [m]")
    bs_height: float = Field(100.0, gt=0, description="common BS height h [m]")
    estimate_axes: Literal["xz", "x", "xyz"] = Field(
        "xz", description="estimated coordinates: along-line and height (default), along-line only, or 3-D")
    samples_per_axis: int = Field(200, ge=2, le=2000)


def _layout6(p: HeightParams, height: float) -> np.ndarray:
    x = (np.arange(p.num_bs) + 0.5) * p.region_length / p.num_bs
    return np.column_stack([x, np.zeros(p.num_bs), np.full(p.num_bs, height)])


def line_crlb(p: HeightParams, height: float) -> float:
    """A-CRLB over the line for the evenly spaced layout at ``height`` [m²] (in-region or 3-D FIM)."""
    seg = Segment([0, 0, 0], [p.region_length, 0, 0])
    pts, w = seg.grid(p.samples_per_axis)
    basis = {"xz": np.array([[1.0, 0, 0], [0, 0, 1.0]]), "x": np.array([[1.0, 0, 0]]), "xyz": None}[p.estimate_axes]
    return float(area_crlb(crlb(pts, _layout6(p, height), zeta2_of(p), p.sense_exp, basis=basis), w))


def optimal_height(p: HeightParams) -> tuple[float, float]:
    """Height minimising the A-CRLB (bounded search on log h in [1e-3 L, 3 L]) and its A-CRLB."""
    lo, hi = np.log(1e-3 * p.region_length), np.log(3 * p.region_length)
    grid = np.linspace(lo, hi, 61)
    vals = [line_crlb(p, float(np.exp(g))) for g in grid]
    j = int(np.argmin(vals))
    a, b = grid[max(j - 1, 0)], grid[min(j + 1, len(grid) - 1)]
    res = minimize_scalar(lambda g: line_crlb(p, float(np.exp(g))), bounds=(a, b), method="bounded",
                          options={"xatol": 1e-8})
    return float(np.exp(res.x)), float(res.fun)


def _evaluate6(p: HeightParams, rng):
    h, c = optimal_height(p)
    return {"crlb": line_crlb(p, p.bs_height), "min_crlb": c, "optimal_height": h,
            "optimal_height_ratio": h / p.region_length}


EXP6 = register_experiment(Experiment(
    id="deploy.line_height",
    params=HeightParams,
    series=(Series("crlb", "A-CRLB at height h [m²]"), Series("min_crlb", "A-CRLB at the optimal height [m²]"),
            Series("optimal_height", "optimal common height [m]"),
            Series("optimal_height_ratio", "optimal height / L")),
    evaluate=_evaluate6,
    evaluate_uses_rng=False,
    description="Minimum A-CRLB and optimal common BS height vs line length (Sec. V-B, Fig. 6).",
))


def _plot6(ds, spec):
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    with plt.rc_context(IEEE_STYLE):
        fig, (ax, ax2) = plt.subplots(1, 2, figsize=(7.16, 2.6))
        L = ds["region_length"].values
        for h in ds["bs_height"].values:
            ax.semilogy(L, ds["value"].sel(series="crlb", bs_height=h).values, "-o", mfc="none", ms=3,
                        label=f"h = {h:g} m")
        hh = ds["bs_height"].values[0]
        ax.semilogy(L, ds["value"].sel(series="min_crlb", bs_height=hh).values, "k-", lw=1.5,
                    label="optimal height")
        ax.set_xlabel("region length L [m]")
        ax.set_ylabel("A-CRLB [m²]")
        ax.set_title("(a) minimum A-CRLB vs L", fontsize=7)
        ax.legend(frameon=False, fontsize=5.5)
        hopt = ds["value"].sel(series="optimal_height", bs_height=hh).values
        ax2.plot(L, hopt, "ks", mfc="none", label="optimal height (search)")
        slope = float(np.sum(hopt * L) / np.sum(L * L))
        ax2.plot(L, slope * L, "r--", label=f"h* = {slope:.3f} L (Prop. 4)")
        ax2.set_xlabel("region length L [m]")
        ax2.set_ylabel("optimal BS height [m]")
        ax2.set_title("(b) optimal height ∝ L", fontsize=7)
        ax2.legend(frameon=False)
        fig.tight_layout()
        add_notes(ax2, spec.notes, width=80)
    return fig


register_figure(FigureSpec(
    id="deploy-fig6", experiment="deploy.line_height", scenario="deploy-fig6",
    title="Minimum CRLB and optimal BS height vs region length", x="region_length", hue="bs_height", plot=_plot6,
    notes=("N=4 BSs evenly spaced over [0,L] at a common height (fixed N, so Prop. 4 applies exactly); position "
           "estimated in the vertical plane of the line (x and z; the lateral coordinate is unobservable for BSs in that "
           "plane and the along-line-only FIM has its optimum at h -> 0). "
           + UNKNOWN_NOTE),
))
