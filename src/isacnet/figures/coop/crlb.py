"""coop-fig4 and coop-fig5: root CRLB of cooperative sensing versus the cluster size N
(experiments ``coop.crlb`` and ``coop.crlb_acceptance``)."""

from __future__ import annotations

import numpy as np

from isacnet.registry import FigureSpec, register_figure

register_figure(
    FigureSpec(
        id="coop-fig4",
        experiment="coop.crlb",
        scenario="coop-fig4",
        title="Root CRLB vs N, acceptance probability 1",
        x="cluster_size_sense",
        xlabel="Number of cooperative BSs $N$",
        ylabel="Root CRLB [m]",
        yscale="log",
        legend="outside",
        notes=("E[CRLB] is infinite for N <= 3 (collinear geometries): medians only there. Distances in km inside "
               "eq. (8) (unit not stated in the paper); constant 2 in Thm. 1 (spec 000 §7.2)."),
    )
)


def plot_acceptance(ds, spec):
    """Root CRLB (left axis: eq. (24), eq. (45) thinned, system-level median) and the acceptance
    probability (right axis: system level and Lemma 1) against ``N``."""
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes, plain_log_ticks

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        n = ds[spec.x].values
        for name, fmt in (("eq24", "-"), ("eq45_thinned", "--")):
            sel = ds.sel(series=name)
            ax.plot(n, sel["value"], fmt, label=str(sel["series_label"].values))
        sel = ds.sel(series="sys_median")
        err = np.vstack([sel["value"] - sel["ci_low"], sel["ci_high"] - sel["value"]])
        ax.errorbar(n, sel["value"], yerr=np.nan_to_num(err), fmt="o", mfc="none", capsize=1.5, elinewidth=0.6,
                    label=str(sel["series_label"].values))
        ax.set_yscale("log")
        ax.set_xlabel(spec.xlabel)
        ax.set_ylabel(spec.ylabel)
        ax2 = ax.twinx()
        ax2.plot(n, ds["value"].sel(series="sys_acceptance"), "s", color="0.5", ms=2.5, label="MC acceptance")
        ax2.plot(n, ds["value"].sel(series="kappa_lemma1"), ":", color="0.5", label=r"Lemma 1 $\kappa_s$")
        ax2.set_ylabel("acceptance probability", color="0.4")
        ax2.set_ylim(0, 1.05)
        ax2.grid(False)
        h1, l1 = ax.get_legend_handles_labels()
        h2, l2 = ax2.get_legend_handles_labels()
        ax.legend(h1 + h2, l1 + l2, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False,
                  fontsize=5.5)
        plain_log_ticks(ax)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


register_figure(
    FigureSpec(
        id="coop-fig5",
        experiment="coop.crlb_acceptance",
        scenario="coop-fig5",
        title="Root CRLB vs N with cooperation acceptance (psi = 15)",
        x="cluster_size_sense",
        xlabel="Number of cooperative BSs $N$",
        ylabel="Root CRLB [m]",
        yscale="log",
        notes=("With limited resource blocks two accepting BSs are always possible, so E[CRLB] is infinite for "
               "every N: the system-level curve is the root of the median. Lemma 1 as corrected in spec 000 §8.1."),
        plot=plot_acceptance,
    )
)
