"""calib-nulling: the inference of the boundary law, the region search and |ξ|² (nulling Figs. 8–10).

Drawn from the committed scan (:func:`isacnet.calibration.load_scan`, written by
``python -m isacnet.calibration nulling``): recomputing it takes about 15 minutes.
"""

from __future__ import annotations

import numpy as np

from isacnet.figures._calibration import register_calibration_figure

__all__ = ["plot_calibration", "plot"]

_LAW = {"paper": r"$f_{(Q)}$", "slivnyak": r"$f_{(Q-1)}$"}
_METHOD_STYLE = {"paper": "closed", "coupled": "bound"}
_LABEL = {"fig10_mt30": "Fig. 10, $M_t = 30$", "fig10_mt40": "Fig. 10, $M_t = 40$", "fig9_mt10": "Fig. 9, $M_t = 10$",
          "fig9_mt20": "Fig. 9, $M_t = 20$", "fig8_ratio": "Fig. 8, $M_r = 40$ (2×)"}


def plot_calibration(record: dict, rows: list[dict] | None = None):
    """(a) mismatch on Fig. 10 against the radar gain: colour and marker = the boundary law, line style = the
    region search; (b) Fig. 8's largest sensing-ASE ratio (colour = law, line style = M_t); (c) model / paper."""
    from isacnet.figures._calibration import mark_choice, quoted_panel
    from isacnet.plotting import add_panel_legend, estimator_handles, handle, ieee_style, new_figure, plot_series

    grid = record["grid"]
    x = 10.0 ** np.asarray(grid["log10_target_rcs"])
    j = np.asarray(record["mismatch"], dtype=float)
    prof = record["profile"]
    with ieee_style():
        fig, axes = new_figure("single", height=6.6, nrows=3, gridspec_kw={"height_ratios": [1.1, 1.1, 0.9]})
        # (c) first: its long tick labels set the column's width, which the legends above (a) and (b) fit
        rows = rows if rows is not None else record["predictions"]
        quoted_panel(axes[2], rows, [_LABEL[r["id"]] for r in rows])
        axes[2].set_title("(c) fitted (Fig. 10) and held out (Figs. 9, 8)", fontsize=7)

        ax = axes[0]
        laws = list(grid["boundary"])
        for a in range(len(laws)):
            for b, method in enumerate(grid["method"]):
                plot_series(ax, x, j[a, b], hue=a, estimator=_METHOD_STYLE.get(method, "alt"))
        a = laws.index(prof["boundary"])
        b = grid["method"].index(prof["method"])
        k = int(np.argmin(np.abs(x - prof["target_rcs"])))
        mark_choice(ax, prof["target_rcs"], float(j[a, b, k]), r"stated $|\xi|^2 = 0.1$", where="bottom")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_ylim(0.01, 30)
        ax.set_xlabel(r"Target RCS $|\xi|^2$ ($c = \Delta T\kappa M_r|\xi|^2$)")
        ax.set_ylabel("Mismatch (RMS log error)")
        add_panel_legend(ax, [handle(_LAW[law], i, linestyle="-") for i, law in enumerate(laws)],
                         estimator_handles([(_METHOD_STYLE.get(m, "alt"), f"{m} search") for m in grid["method"]]),
                         title="(a) fit on Fig. 10: boundary law, region search, $|\\xi|^2$")

        ax = axes[1]
        f8 = record["fig8_ratio_scan"]
        x8 = 10.0 ** np.asarray(f8["log10_target_rcs"])
        hue = {law: laws.index(law) for law in ("paper", "slivnyak")}
        plot_series(ax, x8, f8["paper"], hue=hue["paper"])
        plot_series(ax, x8, f8["slivnyak"], hue=hue["slivnyak"])
        plot_series(ax, x8, f8["paper_mt40"], hue=hue["paper"], estimator="alt")
        ax.axhline(2.0, color="0.5", lw=0.8, gid="paper")
        ax.annotate("paper: 2×", xy=(x8[-1], 2.0), xytext=(-2, 2), textcoords="offset points", fontsize=6,
                    ha="right")
        mark_choice(ax, prof["target_rcs"])
        ax.set_xscale("log")
        ax.set_ylim(1.0, 3.0)
        ax.set_xlabel(r"Target RCS $|\xi|^2$")
        ax.set_ylabel(r"$\max_Q T_s(Q)/T_s(1)$, $M_r = 40$")
        add_panel_legend(ax, [handle(_LAW[law], hue[law], linestyle="-") for law in ("paper", "slivnyak")],
                         estimator_handles([("closed", "$M_t = 20$"), ("alt", "$M_t = 40$ (not Fig. 8)")]),
                         title="(b) Fig. 8 (held out): 2× needs $|\\xi|^2 \\approx 10^{-4}$")
    return fig


plot = register_calibration_figure(
    "nulling", "nulling paper profile: boundary law, region search, radar gain", plot_calibration,
    scan_note=", ~15 min", fit_note="Fitted on Fig. 10, held out: Figs. 9, 8").plot
