"""deploy-fig5 and deploy-fig6: the 1-D region of deploy Sec. V-B (users and targets on one ground
line): communication-optimal vs sensing-balanced layouts (Fig. 5); minimum CRLB and optimal BS
height vs region length (Fig. 6, Prop. 4)."""

from __future__ import annotations

import numpy as np

from isacnet.experiments.deploy.line import LINE_LABEL, LineParams, line_setup
from isacnet.metrics.deploy import crlb
from isacnet.registry import FigureSpec, PaperNumber, register_figure

from ._common import (
    REGION_COLOURS,
    UNKNOWN_NOTE,
    bs_handle,
    draw_layout,
    draw_region,
    layout_from,
    params_from,
    region_handle,
    scenario_param,
    style_3d,
)


def line_profiles(ds, design: str):
    """Parameters, stored layout [m], target positions x [m] and the 3-D and along-line CRLB [m²] along the line."""
    p = params_from(ds, LineParams, design=design)
    seg, _, _ = line_setup(p)
    lay = layout_from(ds, design=design)
    pts, _ = seg.grid(200)
    full = crlb(pts, lay, p.zeta_squared, p.pathloss_exp_sense)
    along = crlb(pts, lay, p.zeta_squared, p.pathloss_exp_sense, basis=np.array([[1.0, 0, 0]]))
    return p, lay, pts[:, 0], full, along


def _plot5(ds, spec):
    from isacnet.plotting import add_legends, empty_label, handle, is_empty, new_figure, plot_series

    designs = [str(d) for d in ds["design"].values]
    fig = new_figure(spec, height=2.3)[0]
    fig.clear()
    grid = fig.add_gridspec(1, len(designs) + 1, width_ratios=[1] * len(designs) + [1.25])
    curve_handles = []
    axc = fig.add_subplot(grid[0, -1])
    for i, d in enumerate(designs):
        p, lay, x, full, along = line_profiles(ds, d)
        seg, _, _ = line_setup(p)
        ax = fig.add_subplot(grid[0, i], projection="3d")
        draw_region(ax, seg, REGION_COLOURS["users"])
        draw_layout(ax, lay)
        r = float(ds["value"].sel(series="area_rate_mean_gain", design=d))
        style_3d(ax, f"({chr(97 + i)}) {LINE_LABEL[d]}\n$R = {r:.2f}$ bits/s/Hz")
        ax.set_ylim(-p.region_length / 2, p.region_length / 2)
        ax.set_zlim(0, p.region_length / 2)
        finite_full = np.where(np.isfinite(full), full, np.nan)
        plot_series(axc, x, finite_full, hue=i, estimator="closed")
        plot_series(axc, x, along, hue=i, estimator="bound")
        label = f"{LINE_LABEL[d]}, 3-D"
        curve_handles += [handle(empty_label(label) if is_empty(finite_full) else label, i, "closed"),
                          handle(f"{LINE_LABEL[d]}, along $x$ only", i, "bound")]
    axc.set_yscale("log")
    axc.set_xlabel("Target position $x$ [m]")
    axc.set_ylabel("CRLB [m²]")
    axc.set_title(f"({chr(97 + len(designs))}) CRLB along the line")
    add_legends(fig, [region_handle("users = targets", REGION_COLOURS["users"], line=True), bs_handle()],
                curve_handles, where="above")
    return fig


def _offline(ds, d) -> tuple[int, float]:
    """BSs farther than 0.05 L from the line's vertical plane, and the largest |y| [m] of the layout."""
    lay = layout_from(ds, design=d)
    return int(ds["value"].sel(series="num_offline", design=d)), float(np.max(np.abs(lay[:, 1])))


def _caption5(ds) -> str:
    parts = []
    for d in (str(v) for v in ds["design"].values):
        _p, lay, _, full, _along = line_profiles(ds, d)
        n_off, y_max = _offline(ds, d)
        a = float(ds["value"].sel(series="a_crlb", design=d))
        text = (f"{LINE_LABEL[d]}: BS heights {lay[:, 2].min():.0f}-{lay[:, 2].max():.0f} m, {n_off} of {len(lay)} "
                f"BSs off the line's vertical plane, A-CRLB {a:.3g} m²")
        if not np.isfinite(full).any():
            text += (f" — its 3-D CRLB is infinite at every target (empty curve): all BSs lie within |y| <= "
                     f"{y_max:.2g} m of the vertical plane through the line, so every range gradient lies in that "
                     "plane and the target's lateral coordinate is unobservable (singular FIM); the CRLB along the "
                     "line alone is finite and drawn dashed")
        parts.append(text)
    return ("Users and targets share one ground line [0, L], L = 1000 m, N = 4, BS box [0, L] x [-L/2, L/2] x [10 m, "
            f"L/2], alpha = {scenario_param(ds, 'pathloss_exp', 3.0):g}; the balanced design keeps R >= 0.7 x the "
            "rate-optimal mean-gain rate (all [?]: the "
            "coordinates are lost in 004). (c): CRLB of each target position, 3-D (solid) and along the line only "
            "(dashed). " + "; ".join(parts) + ". " + UNKNOWN_NOTE)


def _numbers5(ds):
    out = []
    designs = [str(v) for v in ds["design"].values]
    if "comm" in designs:
        lay = layout_from(ds, design="comm")
        p = params_from(ds, LineParams, design="comm")
        out.append(PaperNumber("communication-optimal BSs at the lowest height above the line", "yes",
                               f"heights {lay[:, 2].min():.0f}-{lay[:, 2].max():.0f} m (lowest allowed "
                               f"{p.bs_min_height:g} m), {_offline(ds, 'comm')[0]} BSs off the line"))
    if "balanced" in designs:
        n_off = _offline(ds, "balanced")[0]
        n = len(layout_from(ds, design="balanced"))
        out.append(PaperNumber("sensing-balanced: BSs moved off the line", f"{n - 2} of {n} (two stay near it)",
                               f"{n_off} of {n}"))
    return out


register_figure(FigureSpec(
    id="deploy-fig5", experiment="deploy.line_designs", scenario="deploy-fig5",
    title="1-D layouts: communication-optimal vs sensing-balanced", x="design", plot=_plot5, width="double",
    caption=_caption5, paper_numbers=_numbers5,
))


# -- Fig. 6 ---------------------------------------------------------------------------------
def _heights(ds) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """L [m], the optimal common height [m] and its A-CRLB [m²] (independent of the swept h)."""
    h0 = ds["bs_height"].values[0]
    return (ds["region_length"].values, ds["value"].sel(series="optimal_height", bs_height=h0).values,
            ds["value"].sel(series="min_crlb", bs_height=h0).values)


def _plot6(ds, spec):
    from isacnet.plotting import add_legends, handle, hue_handles, new_figure, plot_series

    fig, (ax, ax2) = new_figure(spec, ncols=2)
    L, hopt, cmin = _heights(ds)
    hs = list(ds["bs_height"].values)
    for i, h in enumerate(hs):
        plot_series(ax, L, ds["value"].sel(series="crlb", bs_height=h).values, hue=i, estimator="closed")
    plot_series(ax, L, cmin, hue=None, estimator="bound", linewidth=1.4)
    ax.set_yscale("log")
    ax.set_xlabel("Region length $L$ [m]")
    ax.set_ylabel("A-CRLB [m²]")
    ax.set_title("(a) A-CRLB vs $L$")
    slope = float(np.sum(hopt * L) / np.sum(L * L))
    plot_series(ax2, L, hopt, hue=None, estimator="mc")
    plot_series(ax2, L, slope * L, hue=None, estimator="bound")
    ax2.set_xlabel("Region length $L$ [m]")
    ax2.set_ylabel("Optimal BS height $h^*$ [m]")
    ax2.set_title("(b) optimal height vs $L$")
    add_legends(fig, hue_handles(spec, "bs_height", hs),
                [handle("A-CRLB at height $h$", None, "closed"), handle("at the optimal height (a)", None, "bound"),
                 handle("optimal height, search (b)", None, "mc"),
                 handle(f"$h^* = {slope:.3f}\\,L$, Prop. 4 (b)", None, "bound")], where="right")
    return fig


def _caption6(ds) -> str:
    L, hopt, cmin = _heights(ds)
    ratio = hopt / L
    return ("N = 4 BSs evenly spaced over [0, L] at a common height h; the target position is estimated in the "
            "vertical plane of the line (x and z: the lateral coordinate is unobservable for BSs in that plane, and "
            "the along-line-only FIM has its optimum at h -> 0). (a) A-CRLB over the line at fixed heights (solid, "
            "one colour per h) and at the optimal height (dashed); (b) the optimal height from a bounded search on "
            f"log h (markers) and the least-squares line through the origin (dashed). h*/L = {ratio.min():.4f}-"
            f"{ratio.max():.4f} over L = {L.min():g}-{L.max():g} m, and the minimum A-CRLB grows as L^"
            f"{np.polyfit(np.log(L), np.log(cmin), 1)[0]:.3f} (Prop. 4 with beta = 2: L^4). " + UNKNOWN_NOTE)


def _numbers6(ds):
    L, hopt, _ = _heights(ds)
    i, j = int(np.argmin(L)), int(np.argmax(L))
    return [PaperNumber(f"optimal height grows with L by the same factor (L x {L[j] / L[i]:g})",
                        f"x {L[j] / L[i]:g}", f"x {hopt[j] / hopt[i]:.3f}", "Prop. 4: exactly proportional")]


register_figure(FigureSpec(
    id="deploy-fig6", experiment="deploy.line_height", scenario="deploy-fig6",
    title="Minimum CRLB and optimal BS height vs region length", x="region_length", hue="bs_height", plot=_plot6,
    width="double", caption=_caption6, paper_numbers=_numbers6,
))
