"""coop-fig6 (R_c vs L) and coop-fig7 (optimal L vs psi): experiments ``coop.comp_rate`` and
``coop.optimal_cluster``."""

from __future__ import annotations

import itertools

import numpy as np

from isacnet.experiments.coop.comm_rate import CompRateParams
from isacnet.figures.coop._labels import fixed_param
from isacnet.registry import FigureSpec, register_figure

_BS_DENSITY_DEFAULT = CompRateParams.model_fields["bs_density_per_km2"].default


def _curve_label(sel, fields) -> str:
    """``p^c = 0.5 W, λu/λb = 5`` for one curve (the user density shown as the ratio of Lemma 2)."""
    parts = []
    for name in fields:
        value = float(sel[name].values)
        if name == "power_comm":
            parts.append(f"$p^c$={value:g} W")
        elif name == "user_density_per_km2":
            ratio = value / float(fixed_param(sel, "bs_density_per_km2", _BS_DENSITY_DEFAULT))
            parts.append(rf"$\lambda_u/\lambda_b$={ratio:g}")
        elif name == "bs_density_per_km2":
            parts.append(rf"$\lambda_b$={value:g}/km²")
        else:
            parts.append(f"{name}={value:g}")
    return ", ".join(parts)


def plot_rate(ds, spec):
    """``R_c`` vs ``L``: Theorem 2 (solid), exact model rate (dotted), model- and link-level MC (markers);
    one colour per combination of the other swept fields."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from isacnet.plotting import IEEE_STYLE, add_notes

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots(figsize=(3.5, 3.0))
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        x = ds[spec.x].values
        other = [d for d in ds["value"].dims if d not in ("series", spec.x)]
        handles = []
        for ci, idx in enumerate(itertools.product(*[range(ds.sizes[d]) for d in other])):
            sel = ds.isel(dict(zip(other, idx)))
            col = colors[ci % len(colors)]
            ax.plot(x, sel["value"].sel(series="thm2").values, "-", color=col)
            ax.plot(x, sel["value"].sel(series="exact").values, ":", color=col, lw=0.8)
            for s, m in (("mc_model", "o"), ("mc_link", "s")):
                y = sel["value"].sel(series=s).values.astype(float)
                ok = np.isfinite(y)
                lo, hi = sel["ci_low"].sel(series=s).values, sel["ci_high"].sel(series=s).values
                err = np.nan_to_num(np.vstack([y - lo, hi - y]))
                ax.errorbar(x[ok], y[ok], yerr=err[:, ok], fmt=m, mfc="none", color=col, capsize=1.2,
                            elinewidth=0.5, markersize=3)
            handles.append(Line2D([], [], color=col, label=_curve_label(sel, other) or "$R_c$"))
        styles = [Line2D([], [], color="0.3", ls="-", label="Theorem 2 (29), corrected"),
                  Line2D([], [], color="0.3", ls=":", label="exact model rate"),
                  Line2D([], [], color="0.3", ls="none", marker="o", mfc="none", label="MC, model level"),
                  Line2D([], [], color="0.3", ls="none", marker="s", mfc="none", label="MC, link/system level")]
        ax.legend(handles=handles + styles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False,
                  fontsize=5)  # above the axes: nothing over the data
        ax.set_xlabel(spec.xlabel)
        ax.set_ylabel(spec.ylabel)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


register_figure(
    FigureSpec(
        id="coop-fig6",
        experiment="coop.comp_rate",
        scenario="coop-fig6",
        title="Average rate R_c vs the CoMP cluster size L",
        x="cluster_size_comm",
        xlabel="Cooperative cluster size $L$",
        ylabel="Average data rate $R_c$ [bits/s/Hz]",
        notes=("Lines: Theorem 2 (29) with the signal term at z p^c (spec 000 §9) and kappa_c of Lemma 2; dotted: "
               "exact rate of the same model; markers: model-level MC (o) and link/system-level MC (s, ZF precoders, "
               "psi-limited load process)."),
        plot=plot_rate,
    )
)


_CLUSTER_STYLES = {"approx": "-", "surrogate": "--", "exhaustive_thm2": "o", "exhaustive_exact": "x",
                   "exhaustive_mc": "s", "remark3": ":"}


def plot_cluster(ds, spec):
    """``L*`` vs ``psi`` by every search; one colour per user density (labelled by its ratio to ``lambda_b``)."""
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        x = ds[spec.x].values
        hue = spec.hue if spec.hue in ds["value"].dims else None
        for hi in range(ds.sizes[hue] if hue else 1):
            sel = ds.isel({hue: hi}) if hue else ds
            col = colors[hi % len(colors)]
            for si, s in enumerate(ds["series"].values):
                if str(s) not in _CLUSTER_STYLES:
                    continue  # not a cluster size (the MC rate at the optimum)
                y = sel["value"].sel(series=s).values.astype(float)
                st = _CLUSTER_STYLES[str(s)]
                lab = str(ds["series_label"].values[si]) if hi == 0 else None
                if st in ("-", ":", "--"):
                    ax.plot(x, y, st, color=col, label=lab)
                else:
                    ax.plot(x, y, st, color=col, mfc="none", label=lab)
            tag = _curve_label(sel, [hue] if hue else [])
            if tag:
                ax.annotate(tag, (x[-1], sel["value"].sel(series="approx").values[-1]), fontsize=6,
                            xytext=(-30, 4), textcoords="offset points", color=col)
        ax.set_xlabel(spec.xlabel)
        ax.set_ylabel(spec.ylabel)
        ax.legend(loc="best", frameon=False, fontsize=5.5)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


register_figure(
    FigureSpec(
        id="coop-fig7",
        experiment="coop.optimal_cluster",
        scenario="coop-fig7",
        title="Optimal cooperative cluster size L* vs psi",
        x="max_load",
        hue="user_density_per_km2",
        xlabel=r"Maximum load $\psi$",
        ylabel="Optimal cluster size $L^*$",
        notes=("Approximate search (38): L with E[eta_L] closest to argmax kappa~(eta)(1-eta^2); exhaustive searches "
               "maximise Theorem 2, the exact model rate and model-level Monte Carlo means over L; "
               "lambda_b = 1/km², so lambda_u/lambda_b is the user density per km²."),
        plot=plot_cluster,
    )
)
