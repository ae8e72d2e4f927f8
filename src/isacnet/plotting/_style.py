"""Sizes, fonts, the colour-blind-safe palette and the (colour, line style, marker) of every series.

The convention of every figure: **colour and marker shape = one swept parameter** (its value), **line
style = the estimator** (closed form: solid line; Monte Carlo: open markers with 95 % CI bars, no
line; bound: dashed; baseline such as time sharing: dotted; a second closed form: dash-dot). A
series is drawn with :func:`series_style`, which combines the two, so that no two series of a figure
share a (line style, marker) pair and every figure reads in greyscale.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = [
    "SINGLE_COLUMN",
    "DOUBLE_COLUMN",
    "FIGURE_WIDTHS",
    "IEEE_STYLE",
    "PALETTE",
    "MARKERS",
    "ESTIMATORS",
    "Estimator",
    "ieee_style",
    "new_figure",
    "hue_style",
    "estimator_style",
    "series_style",
    "markevery",
]

SINGLE_COLUMN = 3.5
"""Width of an IEEE single-column figure [in]."""
DOUBLE_COLUMN = 7.16
"""Width of an IEEE double-column figure [in]."""
FIGURE_WIDTHS = {"single": SINGLE_COLUMN, "double": DOUBLE_COLUMN}

DEFAULT_HEIGHT = {"single": 2.5, "double": 2.6}
"""Height a figure starts from [in]; :func:`isacnet.plotting.finish_figure` grows it when the legends
above the axes leave them less than :data:`MIN_AXES_HEIGHT`."""

IEEE_STYLE: dict[RcKeyType, Any] = {
    "figure.dpi": 150,
    "savefig.dpi": 300,
    "font.size": 8,
    "axes.labelsize": 8,
    "axes.titlesize": 8,
    "figure.titlesize": 8,
    "legend.fontsize": 7,
    "legend.title_fontsize": 7,
    "legend.frameon": False,
    "legend.handlelength": 2.2,
    "legend.columnspacing": 1.0,
    "legend.borderaxespad": 0.2,
    "legend.labelspacing": 0.25,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "lines.linewidth": 1.0,
    "lines.markersize": 4,
    "errorbar.capsize": 1.5,
    "axes.grid": True,
    "axes.linewidth": 0.6,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.5,
    "text.usetex": False,
    "mathtext.fontset": "dejavusans",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
}
"""Matplotlib settings of every figure: fonts 7–8 pt (nothing below 6 pt), no LaTeX, Type 42 fonts."""

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
"""Okabe–Ito colours (blue, vermillion, bluish green, reddish purple, orange, sky blue, black):
distinguishable by the common colour-vision deficiencies; yellow is left out (invisible on white)."""

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "<", ">", "p")
"""Marker of the i-th parameter value; with the palette it separates values in greyscale."""

Estimator = Literal["closed", "mc", "mc_alt", "bound", "baseline", "alt", "alt2"]
ESTIMATORS: dict[str, dict] = {
    "closed": {"linestyle": "-"},
    "mc": {"linestyle": "none", "markerfacecolor": "none"},
    "mc_alt": {"linestyle": "none", "fillstyle": "left", "markerfacecoloralt": "white"},
    "bound": {"linestyle": "--"},
    "baseline": {"linestyle": ":"},
    "alt": {"linestyle": "-."},
    "alt2": {"linestyle": (0, (5, 1.5, 1, 1.5, 1, 1.5))},
}
"""Line style of each estimator: closed form solid, Monte Carlo open markers (no line; with CI bars
white inside, the bar drawn behind: :func:`isacnet.plotting.plot_estimate`), a second Monte Carlo (e.g. system
level) markers filled in their left half, bound dashed, baseline (time sharing, non-cooperative, equal
power) dotted, a second closed form dash-dot, a third dash-dot-dot."""

ESTIMATOR_NAMES = {"closed": "closed form", "mc": "Monte Carlo (95 % CI)", "mc_alt": "Monte Carlo (95 % CI)",
                   "bound": "bound", "baseline": "baseline", "alt": "closed form (alternative)",
                   "alt2": "closed form (alternative)"}

MC_MARKER_EDGE = 0.7
"""Edge width of Monte Carlo markers [pt]: thin enough that an open marker reads as open at 4 pt."""

MIN_AXES_HEIGHT = 1.45
"""Smallest height of a panel [in] that :func:`isacnet.plotting.finish_figure` keeps."""


@contextlib.contextmanager
def ieee_style() -> Iterator[None]:
    """Matplotlib's settings for the duration of the block: :data:`IEEE_STYLE` and the Okabe–Ito cycle."""
    import matplotlib as mpl
    from cycler import cycler

    with mpl.rc_context({**IEEE_STYLE, "axes.prop_cycle": cycler(color=PALETTE)}):
        yield


def new_figure(width: Literal["single", "double"] | object = "single", height: float | None = None,
               nrows: int = 1, ncols: int = 1, **subplots_kw):
    """A figure of the final printed width, constrained layout, in :data:`IEEE_STYLE`, and its axes.

    Parameters
    ----------
    width : {"single", "double"} or FigureSpec
        IEEE single column (3.5 in) or double column (7.16 in); a :class:`~isacnet.registry.FigureSpec`
        gives its declared ``width``.
    height : float, optional
        Figure height [in] (default 2.5 in single, 2.6 in double column). The pipeline grows it
        when legends above the axes leave a panel less than 1.45 in.
    nrows, ncols, **subplots_kw
        As :meth:`matplotlib.figure.Figure.subplots` (``sharex``, ``gridspec_kw``, ...).

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : Axes or array of Axes
        As :meth:`~matplotlib.figure.Figure.subplots` returns them.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    key = getattr(width, "width", width)
    if key not in FIGURE_WIDTHS:
        raise ValueError(f"width must be 'single' or 'double', got {key!r}")
    with ieee_style():
        fig = Figure(figsize=(FIGURE_WIDTHS[key], height or DEFAULT_HEIGHT[key] + 0.9 * (nrows - 1)),
                     layout="constrained")
        FigureCanvasAgg(fig)  # a canvas of its own: no pyplot state, renders anywhere
        engine = fig.get_layout_engine()
        assert isinstance(engine, ConstrainedLayoutEngine)  # layout="constrained"
        engine.set(h_pad=0.02, w_pad=0.02, hspace=0.04, wspace=0.04)
        axes = fig.subplots(nrows, ncols, **subplots_kw)
    return fig, axes


def hue_style(index: int | None) -> dict:
    """Colour and marker of the ``index``-th value of the swept parameter (None: black, no marker)."""
    if index is None:
        return {"color": "black"}
    return {"color": PALETTE[index % len(PALETTE)], "marker": MARKERS[index % len(MARKERS)]}


def estimator_style(estimator: str) -> dict:
    """Line style (and marker fill) of an estimator: one of :data:`ESTIMATORS`."""
    try:
        return dict(ESTIMATORS[estimator])
    except KeyError:
        raise ValueError(f"estimator must be one of {sorted(ESTIMATORS)}, got {estimator!r}") from None


def markevery(num_points: int, num_markers: int = 7):
    """Markers on a line: every point when there are few, else about ``num_markers`` of them."""
    return None if num_points <= num_markers else max(1, round(num_points / num_markers))


def series_style(hue: int | None, estimator: str = "closed", num_points: int | None = None) -> dict:
    """Keyword arguments of :meth:`~matplotlib.axes.Axes.plot` for one series.

    Parameters
    ----------
    hue : int or None
        Index of the swept parameter's value (colour and marker); None: black, no marker.
    estimator : {"closed", "mc", "mc_alt", "bound", "baseline", "alt", "alt2"}
        Line style (Monte Carlo: open markers, no line; ``mc_alt``: half-filled markers).
    num_points : int, optional
        Points of a line, to thin its markers to about seven.
    """
    style = {**hue_style(hue), **estimator_style(estimator)}
    markers_only = estimator in ("mc", "mc_alt")
    if markers_only and "marker" not in style:
        style["marker"] = "o"
    if markers_only:
        style["markeredgewidth"] = MC_MARKER_EDGE
    if not markers_only and "marker" in style and num_points is not None:
        style["markevery"] = markevery(num_points)
    if not markers_only and "marker" in style:
        style["markersize"] = 3.2
    return style
