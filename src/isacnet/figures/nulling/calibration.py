"""calib-nulling: the inference of the boundary law, the region search and |ξ|² (nulling Figs. 8–10).

Drawn from the committed scan (:func:`isacnet.calibration.load_scan`, written by
``python -m isacnet.calibration nulling``): recomputing it takes about 15 minutes.
"""

from __future__ import annotations

import numpy as np

from isacnet.figures._calibration import register_calibration_figure

__all__ = ["plot_calibration", "plot"]

_LAW = {"paper": r"$f_{(Q)}$", "slivnyak": r"$f_{(Q-1)}$"}
_LABEL = {"fig10_mt30": "Fig. 10, $M_t$ = 30", "fig10_mt40": "Fig. 10, $M_t$ = 40", "fig9_mt10": "Fig. 9, $M_t$ = 10",
          "fig9_mt20": "Fig. 9, $M_t$ = 20", "fig8_ratio": "Fig. 8, $M_r$ = 40 (2×)"}


def plot_calibration(record: dict, rows: list[dict] | None = None):
    import matplotlib.pyplot as plt

    from isacnet.figures._calibration import mark_choice, quoted_panel
    from isacnet.plotting import IEEE_STYLE, new_figure

    grid = record["grid"]
    x = 10.0 ** np.asarray(grid["log10_target_rcs"])
    j = np.asarray(record["mismatch"], dtype=float)
    prof = record["profile"]
    with plt.rc_context(IEEE_STYLE):
        fig, axes = new_figure("single", height=6.6, nrows=3, gridspec_kw={"height_ratios": [1.1, 1.1, 0.9]})
        ax = axes[0]
        for a, law in enumerate(grid["boundary"]):
            for b, method in enumerate(grid["method"]):
                ax.plot(x, j[a, b], "-" if method == "paper" else "--", marker="o" if law == "paper" else "s",
                        mfc="none", color="k", lw=0.8, label=f"{_LAW[law]}, {method} search")
        a = grid["boundary"].index(prof["boundary"])
        b = grid["method"].index(prof["method"])
        k = int(np.argmin(np.abs(x - prof["target_rcs"])))
        mark_choice(ax, prof["target_rcs"], float(j[a, b, k]), r"stated $|\xi|^2$ = 0.1", where="bottom")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_ylim(0.01, 30)
        ax.set_xlabel(r"target RCS $|\xi|^2$ ($c = \Delta T\kappa M_r|\xi|^2$)")
        ax.set_ylabel("mismatch on Fig. 10 (RMS log error)")
        ax.legend(fontsize=6, ncol=2, loc="upper center", frameon=False)
        ax.set_title("(a) fit on Fig. 10: boundary law, region search, $|\\xi|^2$", fontsize=7)

        ax = axes[1]
        f8 = record["fig8_ratio_scan"]
        x8 = 10.0 ** np.asarray(f8["log10_target_rcs"])
        ax.plot(x8, f8["paper"], "-", color="k", label=r"$f_{(Q)}$, $M_t$ = 20")
        ax.plot(x8, f8["slivnyak"], "--", color="k", label=r"$f_{(Q-1)}$, $M_t$ = 20")
        ax.plot(x8, f8["paper_mt40"], ":", color="k", label=r"$f_{(Q)}$, $M_t$ = 40 (not Fig. 8)")
        ax.axhline(2.0, color="0.5", lw=0.8)
        ax.annotate("paper: 2×", xy=(x8[0], 2.0), xytext=(2, 2), textcoords="offset points", fontsize=6)
        mark_choice(ax, prof["target_rcs"])
        ax.set_xscale("log")
        ax.set_ylim(1.0, 3.0)
        ax.set_xlabel(r"target RCS $|\xi|^2$")
        ax.set_ylabel(r"$\max_Q T_s(Q)/T_s(1)$, $M_r$ = 40")
        ax.legend(fontsize=6, loc="upper right", frameon=False)
        ax.set_title("(b) Fig. 8 (held out): 2× needs $|\\xi|^2 \\approx 10^{-4}$", fontsize=7)

        rows = rows if rows is not None else record["predictions"]
        quoted_panel(axes[2], rows, [_LABEL[r["id"]] for r in rows])
        axes[2].set_title("(c) fitted (Fig. 10) and held out (Figs. 9, 8)", fontsize=7)
    return fig


plot = register_calibration_figure(
    "nulling", "nulling paper profile: boundary law, region search, radar gain", plot_calibration,
    scan_note=", ~15 min", fit_note="Fitted on Fig. 10, held out: Figs. 9, 8").plot
