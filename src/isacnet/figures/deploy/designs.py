"""deploy-fig7 and deploy-fig8: 2-D layouts, CRLB maps and sensing coverage of three designs
(deploy Sec. V-C, Figs. 7–8): rate-optimal, min A-CRLB s.t. R >= 5 bits/s/Hz, sensing-only."""

from __future__ import annotations

import numpy as np

from isacnet.experiments.deploy import planar_setup
from isacnet.experiments.deploy.designs import DESIGN_LABEL, DesignParams, design_streams, evaluation
from isacnet.experiments.deploy.designs import EXPERIMENT as DESIGNS_EXPERIMENT
from isacnet.registry import FigureSpec, register_figure

from ._common import UNKNOWN_NOTE, draw_layout, draw_region, evaluate_rng, heatmap, layout_from, params_from, style_3d


def crlb_map_of(ds, design: str):
    """Parameters, stored layout and the CRLB map [m²] of one design, redrawn exactly as evaluated."""
    p = params_from(ds, DesignParams, design=design)
    lay = layout_from(ds, design=design)
    if not lay.size:
        return p, lay, None
    gain_rng = design_streams(evaluate_rng(ds, DESIGNS_EXPERIMENT.id, p))[2] if p.gain_model == "monte_carlo" else None
    return p, lay, evaluation(p, lay, gain_rng)[0]


def _plot_fig7(ds, spec):
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    from isacnet.plotting import IEEE_STYLE, add_notes

    designs = [str(d) for d in ds["design"].values]
    with plt.rc_context(IEEE_STYLE):
        fig = plt.figure(figsize=(7.16, 4.6))
        maps = [crlb_map_of(ds, d) for d in designs]
        finite = np.concatenate([m[2][np.isfinite(m[2])] for m in maps if m[2] is not None])
        norm = LogNorm(vmin=finite.min(), vmax=finite.max())
        for i, (d, (p, lay, c)) in enumerate(zip(designs, maps)):
            tr, ur, _, _ = planar_setup(p)
            ax = fig.add_subplot(2, len(designs), i + 1, projection="3d")
            draw_region(ax, ur, "green", "users")
            draw_region(ax, tr, "tab:blue", "targets")
            rate = float(ds["value"].sel(series="area_rate_exact", design=d))
            if lay.size:
                draw_layout(ax, lay)
            style_3d(ax, f"({chr(97 + i)}) {DESIGN_LABEL[d]}\nrate {rate:.2f} bits/s/Hz")
            ax.set_zlim(0, p.target_height * 1.05)
            if i == 0:
                ax.legend(fontsize=5, loc="upper left", frameon=False)
            ax2 = fig.add_subplot(2, len(designs), len(designs) + i + 1)
            if c is not None:
                heatmap(ax2, fig, tr, c, p.eval_per_axis, f"({chr(100 + i)}) CRLB map, A-CRLB "
                        f"{float(np.mean(c)):.3g} m²", norm=norm)
                ax2.plot(lay[:, 0], lay[:, 1], "r^", ms=3)
        fig.tight_layout()
        add_notes(fig.axes[-2] if len(fig.axes) > 1 else fig.axes[0], spec.notes, width=160)
    return fig


def _plot_fig8(ds, spec):
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        g = ds["coverage_threshold"].values
        for i, d in enumerate(ds["design"].values):
            cov = ds["value"].sel(series="coverage", design=d).values
            rate = float(ds["value"].sel(series="area_rate_exact", design=d).values[0])
            rmg = float(ds["value"].sel(series="area_rate_mean_gain", design=d).values[0])
            ax.plot(g, cov, ["-o", "-s", "-^"][i % 3], mfc="none",
                    label=f"{DESIGN_LABEL[str(d)]} ({rmg:.2f} mean-gain / {rate:.2f} exact bits/s/Hz)")
        ax.set_xlabel("CRLB threshold γ [m²]")
        ax.set_ylabel("sensing coverage P(CRLB ≤ γ)")
        ax.set_ylim(-0.02, 1.02)
        ax.legend(frameon=False, fontsize=5.5, loc="lower left", bbox_to_anchor=(0.0, 1.0))  # above the data
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


_NOTES = ("N, region size, alpha lost in 004: N=6 BSs, 400 m x 400 m squares, users at 0 m, targets at 400 m, "
          "BS heights 10-390 m, alpha=3.7 calibrated so the rate-optimal area rate is ~6.5 bits/s/Hz (paper: 6.5). "
          "Rates: exact Hamdi integral; optimiser uses the mean-gain surrogate. CRLB is proportional to 1/C_0: with "
          "C_0 = 100 every threshold reads 100x larger. " + UNKNOWN_NOTE)

register_figure(FigureSpec(
    id="deploy-fig7", experiment="deploy.designs_2d", scenario="deploy-fig7",
    title="2-D layouts and CRLB maps: rate-optimal, rate >= 5 bits/s/Hz, sensing-only", x="design",
    plot=_plot_fig7, notes=_NOTES,
))
register_figure(FigureSpec(
    id="deploy-fig8", experiment="deploy.designs_2d", scenario="deploy-fig8",
    title="Sensing coverage vs CRLB threshold for the three designs", x="coverage_threshold", hue="design",
    plot=_plot_fig8, notes=_NOTES,
))
