"""deploy-fig3: convergence of the MM + trust-region optimiser (deploy Sec. IV-B, Fig. 3)."""

from __future__ import annotations

import numpy as np

from isacnet.experiments.deploy.convergence import MAX_HIST
from isacnet.registry import FigureSpec, register_figure

from ._common import UNKNOWN_NOTE


def _plot(ds, spec):
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        for i, n in enumerate(ds["num_bs"].values):
            obj = np.array([float(ds["value"].sel(series=f"obj_{r:03d}", num_bs=n)) for r in range(MAX_HIST + 1)])
            sur = np.array([float(ds["value"].sel(series=f"sur_{r:03d}", num_bs=n)) for r in range(MAX_HIST + 1)])
            ok = np.isfinite(obj)
            it = np.arange(MAX_HIST + 1)[ok]
            ax.plot(it, obj[ok], "-", color=colors[i], label=f"objective (P3), N={n}")
            ax.plot(it, sur[ok], "--", color=colors[i], lw=0.8, label=f"surrogate (36)-(37), N={n}")
        ax.set_yscale("log")
        ax.set_xlabel("MM iteration (one sweep over all BSs)")
        ax.set_ylabel("A-CRLB [m²]")
        ax.legend(frameon=False, fontsize=5.5)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


register_figure(FigureSpec(
    id="deploy-fig3", experiment="deploy.convergence", scenario="deploy-fig3",
    title="Convergence of the MM + trust-region optimiser", x="num_bs", plot=_plot,
    notes=("Sensing-only (P2) on the 2-D set-up (targets at 400 m over a 400 m square, users on the ground; "
           "samples_per_axis^2 grid samples each), random off-plane start. "
           "Surrogate: lambda_max majoriser (36)-(37) at the last accepted update of each sweep. "
           "Trust-region constants eta1=0.25, eta2=0.75, x2, x0.5, Delta0=0.1 diam are [?] defaults. " + UNKNOWN_NOTE),
))
