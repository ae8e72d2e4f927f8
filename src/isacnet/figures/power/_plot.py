"""Plots of the ``power`` figures: colour = curve group, style = series kind, infeasible points marked."""

from __future__ import annotations

import numpy as np

__all__ = ["plot_detection", "plot_allocation"]

_SCHEMES = (("ppa", "PPA (proposed)", "o"), ("epa", "EPA", "s"), ("rpa", "RPA", "^"))


def _symbol(spec, name: str) -> str:
    """The mathtext symbol of field ``name`` of the figure's experiment (the field name if it has none)."""
    from isacnet.models import field_info
    from isacnet.registry import get_experiment

    docs = {f.name: f for f in field_info(get_experiment(spec.experiment).params)}
    symbol = docs[name].symbol if name in docs else None
    return symbol or name.replace("_", " ")


def _hue_values(ds, spec):
    return [None] if spec.hue is None or spec.hue not in ds.dims else list(ds[spec.hue].values)


def _select(ds, spec, series, hv):
    sel = ds.sel(series=series)
    return sel if hv is None else sel.sel(**{spec.hue: hv})


def _mpl():
    """Matplotlib, imported on first plot (after :mod:`isacnet.plotting` selects the Agg backend)."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.transforms import blended_transform_factory

    from isacnet.plotting import IEEE_STYLE, add_notes

    return plt, Line2D, blended_transform_factory, IEEE_STYLE, add_notes


def plot_detection(ds, spec):
    """PoD vs budget: one colour per target; line = eq. (12) large-N, markers = simulations."""
    plt, Line2D, _, IEEE_STYLE, add_notes = _mpl()
    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        x = spec.x
        for k, hv in enumerate(_hue_values(ds, spec)):
            c = colors[k % len(colors)]
            xs = ds[x].values
            ax.plot(xs, _select(ds, spec, "large_n", hv)["value"].values, "-", color=c)
            for name, marker in (("glrt_mc", "o"), ("exact_mc", "x")):
                sel = _select(ds, spec, name, hv)
                y = sel["value"].values
                err = np.vstack([y - sel["ci_low"].values, sel["ci_high"].values - y])
                ax.errorbar(xs, y, yerr=np.nan_to_num(err), fmt=marker, color=c, mfc="none", capsize=1.5,
                            elinewidth=0.6, markersize=3.5)
        handles = [Line2D([], [], color=colors[k % len(colors)],
                          label="target" if hv is None else f"target $T_{{{int(hv) + 1}}}$")
                   for k, hv in enumerate(_hue_values(ds, spec))]
        handles += [Line2D([], [], color="0.3", ls="-", label="theory, eq. (12) large N"),
                    Line2D([], [], color="0.3", ls="", marker="o", mfc="none", label="GLRT simulation"),
                    Line2D([], [], color="0.3", ls="", marker="x", label="eq. (12) exact | X, averaged")]
        ax.legend(handles=handles, loc="lower right", frameon=False)
        ax.set_xlabel(spec.xlabel or x)
        ax.set_ylabel(spec.ylabel)
        ax.set_ylim(-0.03, 1.03)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


def plot_allocation(ds, spec):
    """Sum rate of PPA / EPA / RPA; infeasible points as crosses on the bottom axis.

    Colour and marker name the scheme, the line style the hue value (e.g. ``P_th``); an
    infeasible point is a cross in the scheme's colour in a row at the bottom of the axes,
    one row per hue value (bottom row = first value).
    """
    plt, Line2D, blended_transform_factory, IEEE_STYLE, add_notes = _mpl()
    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        styles = ["-", "--", ":", "-."]
        x = spec.x
        xs = ds[x].values.astype(float)
        span = float(np.ptp(xs)) if xs.size > 1 else 1.0
        bottom = blended_transform_factory(ax.transData, ax.transAxes)
        hues = _hue_values(ds, spec)
        any_infeasible = False
        for k, (name, _label, marker) in enumerate(_SCHEMES):
            for j, hv in enumerate(hues):
                y = _select(ds, spec, name, hv)["value"].values.astype(float)
                feas = _select(ds, spec, f"{name}_feasible", hv)["value"].values.astype(float) > 0.5
                ax.plot(xs[feas], y[feas], styles[j % len(styles)], marker=marker, color=colors[k], mfc="none",
                        markersize=3.5)
                if (~feas).any():
                    any_infeasible = True
                    jitter = (k - 1) * 0.012 * span
                    ax.plot(xs[~feas] + jitter, np.full((~feas).sum(), 0.03 + 0.045 * j), ls="", marker="x",
                            color=colors[k], markersize=3.0, transform=bottom, clip_on=False)
        handles = [Line2D([], [], color=colors[k], marker=m, mfc="none", label=lab)
                   for k, (_n, lab, m) in enumerate(_SCHEMES)]
        if hues != [None]:
            name = _symbol(spec, spec.hue)
            unit = " dB" if spec.hue.endswith("_db") else ""
            handles += [Line2D([], [], color="0.3", ls=styles[j % len(styles)], label=f"{name} = {hv:g}{unit}")
                        for j, hv in enumerate(hues)]
        if any_infeasible:
            rows = "" if hues == [None] else " (rows from the bottom: " + ", ".join(f"{hv:g}" for hv in hues) + ")"
            handles.append(Line2D([], [], ls="", marker="x", color="0.3", label="infeasible" + rows))
        ax.legend(handles=handles, loc="upper left", frameon=False, ncol=1 if hues == [None] else 2,
                  fontsize=5.5)
        ax.set_xlabel(spec.xlabel or x)
        ax.set_ylabel(spec.ylabel)
        # axes fractions: the rows of infeasible crosses below the data, the legend above it
        lo, hi = ax.get_ylim()
        bottom_rows = 0.03 + 0.045 * len(hues) + 0.03
        top = 0.3 if hues != [None] else 0.1
        span = (hi - lo) / (1.0 - bottom_rows - top)
        ax.set_ylim(lo - bottom_rows * span, hi + top * span)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig
