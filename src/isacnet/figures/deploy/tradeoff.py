"""deploy-fig11: sensing coverage vs the rate requirement for several target altitudes
(deploy Sec. V-C, Fig. 11)."""

from __future__ import annotations

import numpy as np

from isacnet.experiments.deploy.tradeoff import TradeoffParams
from isacnet.registry import FigureSpec, register_figure

from ._common import UNKNOWN_NOTE, params_from


def _plot(ds, spec):
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        x = ds["rate_threshold_bits"].values
        swept = "target_height" in ds.dims
        heights = ds["target_height"].values if swept else [params_from(ds, TradeoffParams).target_height]
        for i, h in enumerate(heights):
            c = colors[i % len(colors)]
            sel = {"target_height": h} if swept else {}
            cov = np.atleast_1d(ds["value"].sel(series="coverage", **sel).values)
            peak = float(np.atleast_1d(ds["value"].sel(series="peak_rate", **sel).values)[0])
            cc = float(np.atleast_1d(ds["value"].sel(series="coverage_comm_optimal", **sel).values)[0])
            ax.plot(x, cov, "-o", color=c, mfc="none", ms=3, label=f"targets at {h:g} m")
            ax.plot([peak], [cc], "x", color=c, ms=6, label=f"rate-optimal ({peak:.2f} bits/s/Hz)")
        ax.set_xlabel(r"rate requirement $R_\mathrm{th}$ [bits/s/Hz] (0: sensing only)")
        ax.set_ylabel("sensing coverage P(CRLB ≤ γ)")
        ax.set_ylim(-0.02, 1.02)
        ax.legend(frameon=False, fontsize=5)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


register_figure(FigureSpec(
    id="deploy-fig11", experiment="deploy.tradeoff", scenario="deploy-fig11",
    title="Sensing coverage vs rate requirement and target altitude", x="rate_threshold_bits", hue="target_height",
    plot=_plot,
    notes=("Set-up of Fig. 7 (N=6, 400 m squares, alpha=3.7) with the target altitude swept; gamma = 0.1 m^2 [?]; "
           "missing points: requirement above the rate-optimal rate. " + UNKNOWN_NOTE),
))
