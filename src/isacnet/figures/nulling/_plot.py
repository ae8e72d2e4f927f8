"""Plots of the nulling figures: one line style (or marker) per series, one colour per swept value.

Every legend sits above the axes (nothing over the data): the series in black (what each line
style or marker means) and the swept field's values in colour, labelled with the paper's symbol.
Line styles and markers keep the figures readable in greyscale.
"""

from __future__ import annotations

import numpy as np

__all__ = ["plot_curves", "plot_region"]

_LINESTYLES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)))
_MARKERS = ("o", "s", "^", "D", "v")


def _legends_above(ax, series_handles, hue_handles) -> None:
    """One legend above the axes: the series first, then the swept values (a second column when needed)."""
    handles = series_handles + hue_handles
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.02), ncol=1 if len(handles) <= 3 else 2,
              frameon=False, fontsize=5.5, borderaxespad=0.0, handlelength=2.2, columnspacing=1.2)


def _hue_label(spec, value) -> str:
    symbol = spec.extra.get("hue_symbol", spec.hue)
    if isinstance(value, np.ndarray | tuple | list):
        value = "(" + ", ".join(str(v) for v in np.ravel(value)) + ")"
    elif isinstance(value, str) and value.startswith("["):  # a tuple field stored as text: "[1, 3]"
        value = "(" + value.strip("[]") + ")"
    return f"{symbol} = {value}"


def plot_curves(ds, spec):
    """Closed forms as lines and Monte Carlo estimates as markers with 95 % CI bars against ``spec.x``.

    ``spec.extra``: ``"hue_symbol"`` (mathtext of the swept field, e.g. ``r"$L$"``) and ``"hide"``
    (series not drawn). An estimate whose CI is not valid (heavy tail) gets an ``x``.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from isacnet.plotting import IEEE_STYLE, add_notes, plain_log_ticks

    hide = set(spec.extra.get("hide", ()))
    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        hue_vals = [None] if spec.hue is None else list(ds[spec.hue].values)
        series_handles, lines, marks = [], 0, 0
        for si, name in enumerate(ds["series"].values):
            if name in hide:
                continue
            kind = str(ds["series_kind"].values[si])
            if kind == "analysis":
                style = {"linestyle": _LINESTYLES[lines % len(_LINESTYLES)]}
                lines += 1
            else:
                style = {"linestyle": "none", "marker": _MARKERS[marks % len(_MARKERS)], "mfc": "none"}
                marks += 1
            own = colors[si % len(colors)] if spec.hue is None else "black"
            series_handles.append(Line2D([], [], color=own, label=str(ds["series_label"].values[si]), **style))
            for hi, hv in enumerate(hue_vals):
                sel = ds.sel(series=name) if hv is None else ds.sel({"series": name, spec.hue: hv})
                xs, ys = sel[spec.x].values, sel["value"].values.astype(float)
                ok = np.isfinite(ys)
                color = own if hv is None else colors[hi % len(colors)]
                if kind == "analysis":
                    ax.plot(xs[ok], ys[ok], color=color, **style)
                    continue
                err = np.vstack([ys - sel["ci_low"].values, sel["ci_high"].values - ys])
                err = np.where(np.isfinite(err), err, 0.0)
                ax.errorbar(xs[ok], ys[ok], yerr=err[:, ok], color=color, capsize=1.5, elinewidth=0.6, **style)
                bad = ok & ~sel["ci_valid"].values.astype(bool)
                if bad.any():
                    ax.plot(xs[bad], ys[bad], "x", color=color, markersize=4)
        hue_handles = [] if spec.hue is None else [
            Line2D([], [], color=colors[hi % len(colors)], linewidth=3, label=_hue_label(spec, hv))
            for hi, hv in enumerate(hue_vals)]
        ax.set_xscale(spec.xscale)
        ax.set_yscale(spec.yscale)
        plain_log_ticks(ax)
        ax.set_xlabel(spec.xlabel)
        ax.set_ylabel(spec.ylabel)
        _legends_above(ax, series_handles, hue_handles)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


def plot_region(ds, spec):
    """Region boundary (staircase, solid) and the time-sharing segment (dashed) per swept value.

    The legend gives each swept value's largest gain over time sharing (series named by
    ``spec.extra["gain"]``, default ``sense_gain``); ``spec.extra["hue_symbol"]`` labels the values.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from isacnet.plotting import IEEE_STYLE, add_notes

    gain_series = spec.extra.get("gain", "sense_gain")
    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        hue_vals = [None] if spec.hue is None else list(ds[spec.hue].values)
        series_handles = [Line2D([], [], color="black", label="cooperative nulling, region (20)"),
                          Line2D([], [], color="black", linestyle="--", label="time sharing between the corners")]
        hue_handles = []
        for i, hv in enumerate(hue_vals):
            sel = ds if hv is None else ds.sel({spec.hue: hv})
            x = np.ravel(sel["value"].sel(series="comm_level").squeeze().values)
            y = np.ravel(sel["value"].sel(series="sense_region").squeeze().values)
            t = np.ravel(sel["value"].sel(series="sense_timeshare").squeeze().values)
            gain = float(sel["value"].sel(series=gain_series).values.max())
            color, marker = colors[i % len(colors)], _MARKERS[i % len(_MARKERS)]
            ax.step(x, y, where="pre", color=color)
            ax.plot(x, y, linestyle="none", marker=marker, mfc="none", markersize=3, color=color,
                    markevery=max(1, x.size // 8))
            ax.plot(x, t, "--", color=color)
            label = "" if hv is None else _hue_label(spec, hv) + ", "
            hue_handles.append(Line2D([], [], color=color, marker=marker, mfc="none", label=f"{label}gain {gain:.0%}"))
        ax.set_xlabel(spec.xlabel)
        ax.set_ylabel(spec.ylabel)
        _legends_above(ax, series_handles, hue_handles)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig
