"""nulling-fig9 … fig12: S–C regions and the weighted sum (experiments in :mod:`isacnet.experiments.nulling.region`)."""

from __future__ import annotations

import numpy as np

from isacnet.registry import FigureSpec, register_figure

__all__ = ["plot_region"]


def plot_region(ds, spec):
    """Region boundary (staircase) and the time-sharing segment per hue value, with the largest gain in the legend.

    ``spec.extra``: ``"gain"`` (series named in the legend, default ``sense_gain``), ``"hue_label"``.
    """
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        hue_vals = [None] if spec.hue is None else list(ds[spec.hue].values)
        for i, hv in enumerate(hue_vals):
            sel = ds if hv is None else ds.sel({spec.hue: hv})
            x = np.ravel(sel["value"].sel(series="comm_level").squeeze().values)
            y = np.ravel(sel["value"].sel(series="sense_region").squeeze().values)
            t = np.ravel(sel["value"].sel(series="sense_timeshare").squeeze().values)
            g = float(sel["value"].sel(series=spec.extra.get("gain", "sense_gain")).values.max())
            lab = "" if hv is None else f"{spec.extra.get('hue_label', spec.hue)}={hv}"
            ax.step(x, y, where="pre", color=colors[i % len(colors)], label=f"cooperative {lab} (gain {g:.0%})")
            ax.plot(x, t, "--", color=colors[i % len(colors)], label=f"time sharing {lab}")
        ax.set_xlabel(spec.xlabel)
        ax.set_ylabel(spec.ylabel)
        ax.legend(loc="best", frameon=False, fontsize=6)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


register_figure(FigureSpec(
    id="nulling-fig9", experiment="nulling.region", scenario="nulling-fig9",
    title="Average S&C spectral-efficiency trade-off (R_c, R_s) vs M_t (nulling Fig. 9)",
    x="comm_fraction", hue="num_tx_antennas", xlabel="R_c [nats/s/Hz]", ylabel="R_s [nats/s/Hz]",
    plot=plot_region, extra={"hue_label": "M_t"},
    notes="J_max = 5, c = 1, alpha = 4, beta = 2; Theorem 2 for R_c, Prop. 3/Thm 3 (f_(Q)) for R_s. Gain: largest "
          "R_s increase over time sharing at equal R_c (paper: 38 % at M_t = 10, 67 % at M_t = 20).",
))
register_figure(FigureSpec(
    id="nulling-fig10", experiment="nulling.region", scenario="nulling-fig10",
    title="S-C ASE region vs M_t (nulling Fig. 10)",
    x="comm_fraction", hue="num_tx_antennas", xlabel="T_c [nats/s/Hz/km²]", ylabel="T_s [nats/s/Hz/km²]",
    plot=plot_region, extra={"hue_label": "M_t", "gain": "comm_gain"},
    notes="J_max = 5. Gain: largest T_c increase over time sharing at equal T_s (paper: 33 % at M_t = 30, 48 % at 40).",
))
register_figure(FigureSpec(
    id="nulling-fig11", experiment="nulling.region", scenario="nulling-fig11",
    title="S-C ASE region vs link-quality constraints (L_th, Q_th), M_t = 30 (nulling Fig. 11)",
    x="comm_fraction", hue="link_constraints", xlabel="T_c [nats/s/Hz/km²]", ylabel="T_s [nats/s/Hz/km²]",
    plot=plot_region, extra={"hue_label": "(L_th, Q_th)"},
    notes="Stricter L >= L_th, Q >= Q_th shrink the region and its gain over time sharing.",
))
register_figure(FigureSpec(
    id="nulling-fig12", experiment="nulling.weighted_sum", scenario="nulling-fig12",
    title="Weighted-sum ASE vs rho (nulling Fig. 12)", x="weight", hue="num_tx_antennas",
    xlabel="Weighting factor rho", ylabel="ASE [nats/s/Hz/km²]",
    notes="J_max = 5; (P1) solved on the region boundary and checked against exhaustive enumeration in the tests.",
))
