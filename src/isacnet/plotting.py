"""Plot style and the default figure: IEEE single column, no LaTeX.

Closed forms are lines, Monte Carlo estimates are markers with CI bars, and every
legend entry is the series label, which names its equation or estimator.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import xarray as xr

__all__ = ["IEEE_STYLE", "new_figure", "plot_default", "add_notes", "plain_log_ticks"]

IEEE_STYLE = {
    "figure.figsize": (3.5, 2.6),
    "figure.dpi": 150,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "font.size": 8,
    "axes.labelsize": 8,
    "axes.titlesize": 8,
    "legend.fontsize": 6.5,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "lines.linewidth": 1.0,
    "lines.markersize": 4,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.5,
    "text.usetex": False,
    "mathtext.fontset": "dejavusans",
    "pdf.fonttype": 42,
}

_MARKERS = "os^vD<>ph*"


def new_figure(**kwargs):
    """A figure and axes in the IEEE single-column style."""
    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots(**kwargs)
    return fig, ax


def add_notes(ax, notes: str, width: int = 95) -> None:
    """Print ``notes`` under the axes of ``ax`` in small type (kept by the tight bounding box)."""
    if notes:
        import textwrap

        text = "\n".join(textwrap.wrap(notes, width))
        ax.annotate(text, xy=(0.5, 0), xycoords=ax.xaxis.label, xytext=(0, -3), textcoords="offset points",
                    ha="center", va="top", fontsize=5.5, color="0.3")


def plain_log_ticks(ax) -> None:
    """Plain numbers instead of ``6 x 10^0`` on a log axis spanning less than two decades."""
    from matplotlib.ticker import LogLocator, ScalarFormatter

    if ax.get_yscale() == "log":
        lo, hi = ax.get_ylim()
        if lo > 0 and hi / lo < 100:
            fmt = ScalarFormatter()
            fmt.set_scientific(False)
            ax.yaxis.set_major_formatter(fmt)
            ax.yaxis.set_minor_formatter(fmt)
            ax.yaxis.set_minor_locator(LogLocator(subs=(2, 3, 5)))


def plot_default(ds: xr.Dataset, spec) -> "matplotlib.figure.Figure":
    """Every series of ``ds`` against ``spec.x``, one colour per ``spec.hue`` value."""
    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        x = spec.x or next(d for d in ds["value"].dims if d != "series")
        hue_vals = [None] if spec.hue is None else list(ds[spec.hue].values)
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        mc_index = 0
        for si, series in enumerate(ds["series"].values):
            label = str(ds["series_label"].values[si])
            kind = str(ds["series_kind"].values[si])
            for hi, hv in enumerate(hue_vals):
                sel = ds.sel(series=series) if hv is None else ds.sel(series=series, **{spec.hue: hv})
                extra = [d for d in sel["value"].dims if d != x]
                if extra:
                    raise ValueError(f"figure {spec.id}: swept fields {extra} need a hue or a custom plot")
                xs = sel[x].values
                ys = sel["value"].values.astype(float)
                lab = label if hv is None else f"{label}, {spec.hue}={hv:g}" if isinstance(hv, float | int | np.number) else f"{label}, {hv}"
                color = colors[(hi if hv is not None else si) % len(colors)]
                ok = np.isfinite(ys)
                if kind == "analysis":
                    style = ["-", "--", ":", "-."][si % 4] if hv is not None else "-"
                    ax.plot(xs[ok], ys[ok], style, color=colors[si % len(colors)] if hv is None else color, label=lab)
                else:
                    marker = _MARKERS[mc_index % len(_MARKERS)]
                    lo, hi_ = sel["ci_low"].values, sel["ci_high"].values
                    err = np.vstack([ys - lo, hi_ - ys])
                    err = np.where(np.isfinite(err), err, 0.0)
                    col = colors[si % len(colors)] if hv is None else color
                    ax.errorbar(xs[ok], ys[ok], yerr=err[:, ok], fmt=marker, color=col, mfc="none", capsize=1.5,
                                elinewidth=0.6, label=lab)
                    valid = sel["ci_valid"].values.astype(bool)
                    bad = ok & ~valid
                    if bad.any():
                        ax.plot(xs[bad], ys[bad], "x", color=col, markersize=4)
            if kind == "mc":
                mc_index += 1
        ax.set_xscale(spec.xscale)
        ax.set_yscale(spec.yscale)
        plain_log_ticks(ax)
        ax.set_xlabel(spec.xlabel or x)
        ax.set_ylabel(spec.ylabel)
        if spec.legend == "outside":
            ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False, fontsize=5.5)
        else:
            ax.legend(loc=spec.legend, frameon=False)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig
