"""Axes helpers: readable log ticks, Monte Carlo markers with their CI, the paper's numbers as markers."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from isacnet.plotting._style import series_style

__all__ = ["log_ticks", "plot_series", "plot_estimate", "mark_paper_value", "paper_handle", "PAPER_MARKER"]

PAPER_MARKER: dict[str, Any] = {"marker": "*", "markersize": 7, "color": "black", "markerfacecolor": "white",
                                "linestyle": "none", "markeredgewidth": 0.8, "zorder": 5}
"""How a number quoted by the paper is drawn on the axes (a black open star, legend entry "paper")."""


def _tick_text(value: float, _pos=None) -> str:
    if value <= 0 or not math.isfinite(value):
        return ""
    if 1e-3 <= value < 1e5:
        return f"{value:g}"
    exp = math.floor(math.log10(value) + 1e-9)
    mant = value / 10**exp
    return f"$10^{{{exp}}}$" if abs(mant - 1) < 1e-6 else rf"${mant:g}\times10^{{{exp}}}$"


def log_ticks(ax, axis: str = "both") -> None:
    """Tick labels a reader can read a value from on log axes.

    Up to three decades: major ticks at 1, 2, 5 × 10^k with plain labels (``0.2``, ``5``, ``200``;
    1, 2, 3, 5 within 1.5 decades, 1, 1.5, 2, 3, 5, 7 within one); up to six decades: 1 and 3 × 10^k;
    beyond that the decades. Minor ticks stay unlabelled. Call it
    after the limits are final (the pipeline does, for every log axis still on matplotlib's default
    formatter).
    """
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    for name in ("x", "y") if axis == "both" else (axis,):
        if getattr(ax, f"get_{name}scale")() != "log":
            continue
        lo, hi = sorted(getattr(ax, f"get_{name}lim")())
        if lo <= 0:
            continue
        decades = math.log10(hi / lo)
        subs = ((1.0, 1.5, 2.0, 3.0, 5.0, 7.0) if decades <= 1.0 else (1.0, 2.0, 3.0, 5.0) if decades <= 1.5
                else (1.0, 2.0, 5.0) if decades <= 3 else (1.0, 3.0) if decades <= 6 else (1.0,))
        target = getattr(ax, f"{name}axis")
        target.set_major_locator(LogLocator(base=10, subs=subs))
        target.set_major_formatter(FuncFormatter(_tick_text))
        target.set_minor_locator(LogLocator(base=10, subs=tuple(range(1, 10))))
        target.set_minor_formatter(NullFormatter())


def plot_series(ax, x, y, *, hue: int | None = None, estimator: str = "closed", label: str | None = None,
                **kwargs):
    """One series in the figures' convention (:func:`isacnet.plotting.series_style`); non-finite points
    are left out (the line is broken there). Returns the line."""
    y = np.where(np.isfinite(np.asarray(y, dtype=float)), np.asarray(y, dtype=float), np.nan)
    style = series_style(hue, estimator, y.size)
    style.update(kwargs)
    (line,) = ax.plot(np.asarray(x), y, label=label, **style)
    return line


def plot_estimate(ax, x, y, ci_low, ci_high, *, hue: int | None = None, valid=None, label: str | None = None,
                  estimator: str = "mc", **kwargs):
    """Monte Carlo estimates as open markers (``estimator="mc_alt"``: half filled) with 95 % CI bars.

    The bars are drawn in the series' colour *behind* the marker, whose inside is opaque (white, or the
    series' colour where filled): a CI reaching beyond the marker shows as a coloured bar with caps, a CI
    shorter than the marker is hidden by it (no cap or bar is ever drawn across a marker's inside, which at
    print size reads as white dashes). Points whose CI is not valid (``valid`` false: a heavy tail,
    :attr:`isacnet.simulate.stats.Estimate.ci_valid`) are drawn without a bar and with a small × on the marker
    (drawn with ``gid="aux"``; say so in the caption).
    """
    x, y = np.asarray(x), np.asarray(y, dtype=float)
    lo, hi = np.asarray(ci_low, dtype=float), np.asarray(ci_high, dtype=float)
    ok = np.isfinite(y)
    valid = np.ones_like(ok) if valid is None else np.asarray(valid).astype(bool)
    err = np.vstack([y - lo, hi - y])
    err = np.where(np.isfinite(err) & valid, np.maximum(err, 0.0), 0.0)
    style = series_style(hue, estimator)
    style.update(kwargs)
    if str(style.get("markerfacecolor", "")).lower() == "none":  # an inside the bar would show through
        style["markerfacecolor"] = "white"
    zorder = style.pop("zorder", 2.0)
    cont = ax.errorbar(x[ok], y[ok], yerr=err[:, ok], label=label, elinewidth=0.7, ecolor=style.get("color"),
                       zorder=zorder, **style)
    data_line, caps, bars = cont.lines
    data_line.set_zorder(zorder + 0.1)  # the marker over its own bar and caps
    for artist in (*caps, *bars):
        artist.set_zorder(zorder)
    bad = ok & ~valid
    if bad.any():
        ax.plot(x[bad], y[bad], linestyle="none", marker="x", markersize=2.5, color=style.get("color", "black"),
                gid="aux", zorder=zorder + 0.2)
    return cont


def mark_paper_value(ax, x, y, text: str | None = None, *, offset=(4, 4), **kwargs):
    """A number the paper quotes, at ``(x, y)`` on the axes: an open black star and, optionally, a short
    direct label (e.g. ``"paper: 300 %"``). Drawn with ``gid="paper"``."""
    (line,) = ax.plot([x], [y], gid="paper", **{**PAPER_MARKER, **kwargs})
    if text:
        ax.annotate(text, (x, y), xytext=offset, textcoords="offset points", fontsize=6.5, gid="paper")
    return line


def paper_handle(label: str = "paper's value"):
    """The legend handle of :func:`mark_paper_value`'s star."""
    from matplotlib.lines import Line2D

    return Line2D([], [], label=label, **PAPER_MARKER)
