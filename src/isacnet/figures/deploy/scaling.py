"""deploy-fig4: A-CRLB vs N for 1-D and 2-D regions — optimised, tiled construction and the
Theorem 1 bound (deploy Sec. III-B/C and V-A, Fig. 4; spec 004 §6.4–6.5)."""

from __future__ import annotations

import numpy as np

from isacnet.registry import FigureSpec, register_figure

from ._common import UNKNOWN_NOTE


def _plot(ds, spec):
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter

    from isacnet.plotting import IEEE_STYLE, add_notes

    dims = ds["region_dim"].values
    with plt.rc_context(IEEE_STYLE):
        fig, axes = plt.subplots(1, 2, figsize=(7.16, 2.6))
        for ax, d in zip(axes, (1, 2)):
            sel = np.flatnonzero(dims == d)
            if not sel.size:
                ax.set_visible(False)
                continue
            n = ds["value"].sel(series="num_bs_total").values[sel]
            order = np.argsort(n)
            n = n[order]

            def get(name, sel=sel, order=order):
                return ds["value"].sel(series=name).values[sel][order]

            ax.loglog(n, get("optimized"), "o", mfc="none", label="optimised (global search + MM)")
            ax.loglog(n, get("tiled"), "s--", mfc="none", label="simplified constructed (tiled)")
            ax.loglog(n, get("bound"), "k-", label="Theorem 1 bound (23)")
            ax.set_xlabel("number of BSs N")
            ax.set_ylabel("A-CRLB [m²]")
            slope = float(get("slope")[0])
            ax.set_title(rf"({'ab'[d - 1]}) {d}-D region, bound $\propto N^{{{slope:g}}}$", fontsize=7)
            ax.set_xticks(n)
            ax.set_xticklabels([f"{int(v)}" for v in n])
            ax.xaxis.set_minor_formatter(NullFormatter())
            ax.legend(frameon=False, fontsize=5.5)
        fig.tight_layout()
        add_notes(axes[1], spec.notes, width=80)
    return fig


register_figure(FigureSpec(
    id="deploy-fig4", experiment="deploy.scaling", scenario="deploy-fig4",
    title="A-CRLB vs N: optimised, tiled construction, theoretical bound", x="tiles_per_axis", plot=_plot,
    notes=("Sensing only (P2). Region side L=1000 m at z=0 [?], BS box scaled with the region (1-D: [0,L]x[-L/2,L/2]"
           "x[0,L/2]; 2-D: [0,L]^2x[0,L/2]) so Prop. 4 holds per tile; 4-BS optimum from multi-start per-BS global "
           "search + MM; the optimised N=4K curve starts from the tiled layout. " + UNKNOWN_NOTE),
))
