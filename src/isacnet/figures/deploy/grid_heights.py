"""deploy-fig9: a cellular grid layout at 10 m, heights-only optimisation, and the sensing
coverage before and after (deploy Sec. V-C, Fig. 9)."""

from __future__ import annotations

import numpy as np

from isacnet.experiments.deploy import planar_setup
from isacnet.experiments.deploy.grid_heights import GridParams, crlb_map
from isacnet.registry import FigureSpec, register_figure

from ._common import UNKNOWN_NOTE, draw_layout, draw_region, heatmap, layout_from, params_from, style_3d


def _plot(ds, spec):
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    from isacnet.plotting import IEEE_STYLE, add_notes

    g0 = ds["coverage_threshold"].values[0]
    with plt.rc_context(IEEE_STYLE):
        fig = plt.figure(figsize=(7.16, 4.8))
        ax3 = fig.add_subplot(2, 2, 1, projection="3d")
        data = {}
        for d in ds["design"].values:
            d = str(d)
            p = params_from(ds, GridParams, design=d, coverage_threshold=g0)
            lay = layout_from(ds, design=d, coverage_threshold=g0)
            data[d] = (p, lay, crlb_map(p, lay)[0])
        p = next(iter(data.values()))[0]
        tr, _, _, _ = planar_setup(p)
        draw_region(ax3, tr, "tab:blue", "targets = users" if p.target_height == p.user_height else "targets")
        for d, col in (("grid", "0.4"), ("heights", "red")):
            if d in data:
                label = {"grid": "grid at 10 m", "heights": "heights optimised"}[d]
                draw_layout(ax3, data[d][1], color=col, label=label)
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
