"""calib-deploy: the inference of C_0, the region size, the height cap, α and the RCS model
(deploy Figs. 8, 9, 11).

Drawn from the committed scan (:func:`isacnet.calibration.load_scan`, written by
``python -m isacnet.calibration deploy``): recomputing it optimises 135 layouts (about an hour).
"""

from __future__ import annotations

import numpy as np

from isacnet.figures._calibration import register_calibration_figure

__all__ = ["plot_calibration", "plot"]

_RCS = {"swerling1": "Swerling I", "none": "fixed RCS"}
_LABEL = {"fig8_peak_rate": "Fig. 8, peak 6.5 bits/s/Hz", "fig8_uplift": "Fig. 8, +20 % at 5 bits/s/Hz",
          "fig8_sensing_factor": "Fig. 8, sensing-only 3×", "fig8_comm_low": "Fig. 8, rate-optimal low",
          "fig11_peak_rate": "Fig. 11, peak 5.75 bits/s/Hz", "fig11_rate_loss_gain": "Fig. 11, <10 % loss: ≥ 1.5×",
          "fig11_altitude": "Fig. 11, worse when higher", "fig9_heights": "Fig. 9, 10 % → 60 %"}


def plot_calibration(record: dict, rows: list[dict] | None = None):
    """(a) mismatch on Fig. 8 against ``C_0`` (colour and marker = the RCS model; solid where every threshold's
    coverage is non-zero, dotted elsewhere); (b) the best mismatch per region size (colour and marker = the
    height cap); (c) model / paper."""
    from isacnet.figures._calibration import mark_choice, quoted_panel
    from isacnet.plotting import add_panel_legend, estimator_handles, handle, ieee_style, new_figure, plot_series

    grid = record["grid"]
    prof = record["profile"]
    c0 = 10.0 ** np.asarray(grid["log10_reference_gain"])
    with ieee_style():
        fig, axes = new_figure("single", height=6.8, nrows=3, gridspec_kw={"height_ratios": [1.1, 1.1, 1.0]})
        # (c) first: its long tick labels set the column's width, which the legends above (a) and (b) fit
        rows = rows if rows is not None else record["predictions"]
        quoted_panel(axes[2], rows, [_LABEL[r["id"]] for r in rows])
        axes[2].set_title("(c) fitted (Fig. 8) and held out (Figs. 9, 11)", fontsize=7)

        ax = axes[0]
        models = list(record["c0_curves_at_profile"])
        for i, model in enumerate(models):
            cur = record["c0_curves_at_profile"][model]
            jj = np.asarray(cur["mismatch"], dtype=float)
            plot_series(ax, c0, jj, hue=i, estimator="baseline", linewidth=0.7)
            plot_series(ax, c0, np.where(np.asarray(cur["nonzero"], bool), jj, np.nan), hue=i)
        mark_choice(ax, prof["reference_gain"], record["mismatch_min"], f"$C_0 = {prof['reference_gain']:.0f}$")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_ylim(0.05, 5)
        from matplotlib.ticker import FixedLocator, NullFormatter

        ax.xaxis.set_major_locator(FixedLocator([t for t in (10, 30, 100, 300, 1000, 10000)
                                                 if c0.min() <= t <= c0.max()]))
        ax.xaxis.set_minor_formatter(NullFormatter())  # "500", "2000", ... labels ran into each other
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:g}")
        ax.set_xlabel("Radar constant $C_0$")
        ax.set_ylabel("Mismatch (RMS log error)")
        add_panel_legend(ax, [handle(_RCS[m], i, linestyle="-") for i, m in enumerate(models)],
                         estimator_handles([("closed", "coverage > 0 at every $\\gamma$"),
                                            ("baseline", "coverage 0 at some $\\gamma$")]),
                         title=f"(a) $C_0$ at $s = {prof['region_size']:g}$ m, "
                               f"$h_{{max}}$ = {prof['bs_max_height'] or 'none'}")

        ax = axes[1]
        best: dict[float | None, dict[float, float]] = {}  # height cap [m] or None -> {region size [m]: mismatch}
        for row in record["best_per_structure"] + [dict(e, rcs_fluctuation=prof["rcs_fluctuation"],
                                                        bs_max_height=prof["bs_max_height"])
                                                   for e in record.get("refine", [])]:
            if row["rcs_fluctuation"] != prof["rcs_fluctuation"]:
                continue
            val = row["mismatch"] if row.get("nonzero", True) else np.nan
            best.setdefault(row["bs_max_height"], {})[row["region_size"]] = val
        caps = list(best)
        for i, cap in enumerate(caps):
            s = sorted(best[cap])
            plot_series(ax, s, [best[cap][x] for x in s], hue=i)
        mark_choice(ax, prof["region_size"], record["mismatch_min"])
        ax.annotate(f"$s = {prof['region_size']:g}$ m\n$\\alpha = {prof['pathloss_exp']:.2f}$",
                    xy=(prof["region_size"], record["mismatch_min"]), xytext=(4, -12), textcoords="offset points",
                    fontsize=6)
        ax.set_yscale("log")
        ax.set_ylim(0.05, 5)
        ax.set_xlabel("Side $s$ of the squares [m] ($\\alpha$ fitted per $s$)")
        ax.set_ylabel("Mismatch, best $C_0$")
        add_panel_legend(ax, [handle(f"$h_{{max}} = {cap:g}$ m" if cap is not None else "no cap", i, linestyle="-")
                              for i, cap in enumerate(caps)],
                         title=f"(b) region size and height cap, {_RCS[prof['rcs_fluctuation']]}")
    return fig


plot = register_calibration_figure(
    "deploy", "deploy paper profile: C_0, region size, height cap, alpha, RCS model", plot_calibration,
    scan_note=": 135 optimised layouts", fit_note=(
        "Fitted on Fig. 8, held out: Figs. 9, 11. Mismatch: the RMS over the fitted numbers of ln(model / "
        "paper) (for a bound only its violation counts). "
        "The peak rates here are mean-gain rates on the 10² "
        "optimisation samples, which overstate the area rate on a fine grid (6.5 there, about 6.2 on a fine "
        "grid: docs/theory/deploy.md); the deploy figures give both")).plot
