"""calib-coop: the inference of ``e``, the CRLB form and the time-sharing metric (coop Figs. 8–9).

Drawn from the committed scan (:func:`isacnet.calibration.load_scan`, written by
``python -m isacnet.calibration coop``): recomputing it takes minutes.
"""

from __future__ import annotations

import numpy as np

from isacnet.figures._calibration import register_calibration_figure

__all__ = ["plot_calibration", "plot"]

_TS_LABEL = {"inverse_root": r"$1/\sqrt{\mathrm{CRLB}}$", "fisher": r"$1/\mathrm{CRLB}$",
             "root": r"$\sqrt{\mathrm{CRLB}}$"}
_FORM_STYLE = {"prop2_app_b": "-", "theorem1": "--"}
_FORM_LABEL = {"prop2_app_b": "(45)", "theorem1": "(24)"}
_TS_MARK = {"inverse_root": "o", "fisher": "s", "root": "^"}
_CASE_LABEL = {"fig8_c86": "Fig. 8, $C$ = 8.6", "fig8_c43": "Fig. 8, $C$ = 4.3",
               "fig9_mu1": r"Fig. 9, $\lambda_u/\lambda_b$ = 1", "fig9_mu5": r"Fig. 9, $\lambda_u/\lambda_b$ = 5"}


def plot_calibration(record: dict, rows: list[dict] | None = None):
    import matplotlib.pyplot as plt

    from isacnet.figures._calibration import mark_choice, quoted_panel
    from isacnet.plotting import IEEE_STYLE, new_figure

    grid = record["grid"]
    e = 10.0 ** np.asarray(grid["log10_backhaul_per_bs_bits"])
    j = np.asarray(record["mismatch"], dtype=float)
    prof = record["profile"]
    with plt.rc_context(IEEE_STYLE):
        fig, axes = new_figure("single", height=6.6, nrows=3, gridspec_kw={"height_ratios": [1.1, 1.1, 0.8]})
        ax = axes[0]
        for a, form in enumerate(grid["crlb_form"]):
            for b, ts in enumerate(grid["time_sharing"]):
                ax.plot(e, j[a, b], _FORM_STYLE[form], marker=_TS_MARK[ts], markevery=8, mfc="none", color="k",
                        lw=0.8, label=f"{_FORM_LABEL[form]}, S = {_TS_LABEL[ts]}")
        a = grid["crlb_form"].index(prof["crlb_form"])
        b = grid["time_sharing"].index(prof["time_sharing"])
        mark_choice(ax, prof["backhaul_per_bs_bits"], float(np.nanmin(j[a, b])),
                    f"$e$ = {prof['backhaul_per_bs_bits']:.2f}", where="bottom")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_ylim(0.01, 300)
        ax.set_xlabel("backhaul per sensing BS $e$ [bits/s/Hz]")
        ax.set_ylabel("mismatch on Fig. 8 (RMS log error)")
        ax.legend(fontsize=6, ncol=2, loc="upper center", frameon=False)
        ax.set_title("(a) fit on Fig. 8: CRLB form, metric $S$, $e$", fontsize=7)

        ax = axes[1]
        styles = {"fig8_c86": ("-", "o"), "fig8_c43": ("--", "s"), "fig9_mu1": (":", "^"), "fig9_mu5": ("-.", "v")}
        pred = {p["id"]: p for p in record["predictions"]}
        for case, (ls, mk) in styles.items():
            g = np.asarray(record["gains"][case], dtype=float)[a, b]
            ax.plot(e, 100 * g, ls, color="k", lw=0.8, label=_CASE_LABEL[case])
            ax.plot([e[0] * 0.8], [100 * pred[case]["value"]], mk, color="k",
                    mfc="k" if pred[case]["role"] == "fit" else "white", clip_on=False)
        mark_choice(ax, prof["backhaul_per_bs_bits"])
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("backhaul per sensing BS $e$ [bits/s/Hz]")
        ax.set_ylabel("gain over time sharing [%]")
        ax.set_ylim(1, 3e4)
        ax.set_title(f"(b) gains at {_FORM_LABEL[prof['crlb_form']]}, "
                     f"S = {_TS_LABEL[prof['time_sharing']]} (paper: left edge)", fontsize=7)
        ax.legend(fontsize=6, ncol=2, loc="upper center", frameon=False)

        rows = rows if rows is not None else record["predictions"]
        quoted_panel(axes[2], rows, [_CASE_LABEL[r["id"]] for r in rows])
        axes[2].set_title("(c) fitted (Fig. 8) and held out (Fig. 9)", fontsize=7)
    return fig


plot = register_calibration_figure(
    "coop", "coop paper profile: backhaul per sensing BS, CRLB form, time-sharing metric", plot_calibration,
    scan_note="", fit_note="Fitted on Fig. 8, held out: Fig. 9").plot
