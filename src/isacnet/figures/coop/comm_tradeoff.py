"""coop-fig8/9 (rate vs root CRLB) and coop-fig10 (weighted sum vs rho): experiments ``coop.tradeoff``
and ``coop.weighted_sum``. overview-fig4 re-uses :func:`plot_tradeoff`."""

from __future__ import annotations

import itertools

import numpy as np

from isacnet.registry import FigureSpec, register_figure

__all__ = ["plot_tradeoff"]

_CURVES = (("coop", "-", "cooperative"), ("time_sharing", "--", "time sharing"), ("noncoop", ":", "non-cooperative"))


def plot_tradeoff(ds, spec):
    """Rate vs root CRLB: one colour per curve parameter, solid cooperative, dashed time sharing.

    ``spec.extra``: ``label_fields`` (swept fields named in the legend), ``labels`` (their mathtext
    symbols) and ``show_noncoop``.
    """
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        x = spec.x
        other = [d for d in ds["value"].dims if d not in ("series", x)]
        combos = list(itertools.product(*[range(ds.sizes[d]) for d in other]))
        label_fields = spec.extra.get("label_fields", other)
        symbols = spec.extra.get("labels", {})
        for ci, idx in enumerate(combos):
            sel = ds.isel(dict(zip(other, idx)))
            tag = ", ".join(f"{symbols.get(f, f)}={float(sel[f].values):g}" for f in label_fields if f in sel.coords)
            col = colors[ci % len(colors)]
            xs = sel[x].values
            for s, st, name in _CURVES:
                if s not in ds["series"].values or (s == "noncoop" and not spec.extra.get("show_noncoop", False)):
                    continue
                y = sel["value"].sel(series=s).values.astype(float)
                ok = np.isfinite(y)
                ax.plot(xs[ok], y[ok], st, color=col, label=f"{name}, {tag}" if tag else name)
        ax.set_xscale(spec.xscale)
        if spec.xscale == "log":
            from matplotlib.ticker import LogLocator, NullFormatter, ScalarFormatter

            ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            ax.xaxis.set_major_formatter(ScalarFormatter())
            ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel(spec.xlabel)
        ax.set_ylabel(spec.ylabel)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False,
                  fontsize=5.5)  # above the axes: nothing over the data
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


_NOTES = ("Theorem 2 (corrected) with kappa_c (Lemma 2); CRLB: Prop. 2 (45) with lambda_b thinned by kappa_s "
          "(Lemma 1), distances in |zeta|^2 in km; N* = min(N~*, floor((C - R_c)/e)), e = backhaul_per_bs_bits "
          "(paper: not given). Time sharing: segment between the boundary's corner points in the (rate, "
          "1/root-CRLB) plane.")
_C = r"$C_{\rm backhaul}$"

register_figure(
    FigureSpec(
        id="coop-fig8",
        experiment="coop.tradeoff",
        scenario="coop-fig8",
        title="Average rate vs root CRLB for several backhaul capacities",
        x="root_crlb_m",
        hue="backhaul_bits",
        xlabel="Root CRLB [m]",
        ylabel="Average data rate $R_c$ [bits/s/Hz]",
        xscale="log",
        notes=_NOTES,
        plot=plot_tradeoff,
        extra={"label_fields": ["backhaul_bits"], "labels": {"backhaul_bits": _C}},
    )
)

register_figure(
    FigureSpec(
        id="coop-fig9",
        experiment="coop.tradeoff",
        scenario="coop-fig9",
        title="Average rate vs root CRLB for several user/BS density ratios",
        x="root_crlb_m",
        xlabel="Root CRLB [m]",
        ylabel="Average data rate $R_c$ [bits/s/Hz]",
        xscale="log",
        hue="bs_density_per_km2",
        notes=_NOTES + " lambda_u = lambda_s = 1/km² fixed, lambda_b in {1, 0.2}/km² (lambda_u/lambda_b = 1, 5).",
        plot=plot_tradeoff,
        extra={"label_fields": ["bs_density_per_km2"], "labels": {"bs_density_per_km2": r"$\lambda_b$ [km$^{-2}$]"}},
    )
)

register_figure(
    FigureSpec(
        id="coop-fig10",
        experiment="coop.weighted_sum",
        scenario="coop-fig10",
        title="Weighted-sum performance T^ISAC vs rho",
        x="rho",
        xlabel=r"Weighting factor $\rho$",
        ylabel=r"$T^{\rm ISAC}$, $R_c$, $1/\sqrt{\mathrm{CRLB}}$",
        notes=_NOTES + " T^ISAC adds bits/s/Hz and 1/m as in (40).",
        legend="outside",
    )
)
