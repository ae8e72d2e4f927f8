"""Legends outside the axes: one for the swept parameter (colour and marker), one for the estimator
(line style), placed above the axes (or to their right), never over the data.

A series hidden under another keeps its entry, labelled from the data ("polyblock (= brute force)",
:func:`coincident`); a series with nothing to draw says so ("(empty: see caption)", :func:`empty_label`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from isacnet.plotting._labels import format_value, value_label
from isacnet.plotting._style import ESTIMATOR_NAMES, MC_MARKER_EDGE, estimator_style, hue_style

__all__ = [
    "MAX_LEGEND_ENTRIES",
    "TIGHT_SPACING",
    "add_legends",
    "add_panel_legend",
    "hue_handles",
    "compact_value_labels",
    "estimator_handles",
    "handle",
    "coincident",
    "coincident_label",
    "empty_label",
    "is_empty",
]

MAX_LEGEND_ENTRIES = 7
"""Most entries of one legend, or of one group of a combined legend (:func:`add_legends`; the issue:
"at most about 6")."""


TIGHT_SPACING = {"handlelength": 1.8, "columnspacing": 0.7, "handletextpad": 0.5}
"""Legend spacing [font sizes] :func:`add_legends` tries before it gives a legend above the axes another row
(the style's: handle 2.2, column spacing 1.0, handle-to-text 0.8): a row saved is axes height won."""


def handle(label: str, hue: int | None = None, estimator: str | None = None, **kwargs):
    """A legend handle: the colour and marker of parameter value ``hue`` (None: grey, no marker) and
    the line style of ``estimator`` (None: a short solid line)."""
    from matplotlib.lines import Line2D

    style = hue_style(hue) if hue is not None else {"color": "0.25"}
    if estimator is not None:
        style.update(estimator_style(estimator))
        if estimator in ("mc", "mc_alt"):
            style.setdefault("marker", "o")
            style["markeredgewidth"] = MC_MARKER_EDGE
    style.update(kwargs)
    return Line2D([], [], label=label, **style)


def compact_value_labels(source, name: str, values: Sequence, *, symbol: str | None = None,
                         unit: bool = True) -> list[str]:
    """Legend texts of a swept field's values that name the symbol once and the unit once:
    ``$C_{\rm backhaul} = 1.5$``, ``$2.5$``, ``$4.3$ bits/s/Hz`` (read along the legend as "C = 1.5, 2.5,
    4.3 bits/s/Hz"). One value: :func:`~isacnet.plotting.value_label`."""
    values = list(values)
    if len(values) <= 1:
        return [value_label(source, name, v, unit=unit, symbol=symbol) for v in values]
    first = value_label(source, name, values[0], unit=False, symbol=symbol)
    # the last value with its unit: the full label less its "symbol = " part
    full = value_label(source, name, values[-1], unit=unit, symbol=symbol)
    last = "$" + full.split(" = ", 1)[1]
    return [first, *(f"${format_value(v)}$" for v in values[1:-1]), last]


def hue_handles(source, name: str, values: Sequence, *, symbol: str | None = None, unit: bool = True,
                labels: Sequence[str] | None = None, compact: bool = False) -> list:
    """One handle per value of the swept field ``name`` (colour and marker, no line style), labelled
    ``$M_t = 20$`` from the field's symbol and unit (or ``labels``); ``compact``: the symbol on the first
    entry and the unit on the last only (:func:`compact_value_labels`)."""
    if labels is None:
        labels = (compact_value_labels(source, name, values, symbol=symbol, unit=unit) if compact
                  else [value_label(source, name, v, unit=unit, symbol=symbol) for v in values])
    return [handle(text, i, linestyle="-") for i, text in enumerate(labels)]


def estimator_handles(entries: Sequence[tuple[str, str | None]]) -> list:
    """Grey handles, one per ``(estimator, label)`` (label None: the estimator's generic name)."""
    return [handle(label or ESTIMATOR_NAMES[est], None, est) for est, label in entries]


def _blank():
    from matplotlib.lines import Line2D

    return Line2D([], [], linestyle="none", label=" ")


def _side_by_side(groups, rows: int) -> tuple[list, int]:
    """The handles of ``groups`` as column blocks of ``rows`` entries (matplotlib fills a legend column
    by column), each group starting a new column; short columns padded with blanks. Returns the
    handles and the number of columns."""
    out = []
    for g in groups:
        for start in range(0, len(g), rows):
            col = g[start:start + rows]
            out += col + [_blank() for _ in range(rows - len(col))]
    return out, len(out) // rows


def _stacked(groups, cols: int) -> tuple[list, int]:
    """The groups one under the other, each filling rows of ``cols`` entries (row by row), as the
    column-major handle list of a legend of ``cols`` columns."""
    rows = []
    for g in groups:
        for start in range(0, len(g), cols):
            row = g[start:start + cols]
            rows.append(row + [_blank() for _ in range(cols - len(row))])
    return [rows[r][c] for c in range(cols) for r in range(len(rows))], cols


def add_legends(fig, *groups, where: Literal["above", "right"] = "above"):
    """One legend outside every axes holding each group of handles as its own block of columns.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Created by :func:`isacnet.plotting.new_figure` (constrained layout makes room for the legend).
    *groups : list of handles
        Typically the parameter values (:func:`hue_handles`) and the estimators
        (:func:`estimator_handles`); empty groups are skipped. At most :data:`MAX_LEGEND_ENTRIES`
        entries in all.
    where : {"above", "right"}
        Above the axes, in as few rows as fit the page width (the groups side by side, each in its own
        columns, or one under the other; at each row count the style's spacing first, then
        :data:`TIGHT_SPACING`), or to their right in one column (double column figures).

    Returns
    -------
    matplotlib.legend.Legend or None
    """
    blocks = [list(g) for g in groups if g]  # the non-empty groups
    if not blocks:
        return None
    for g in blocks:
        if len(g) > MAX_LEGEND_ENTRIES:
            raise ValueError(f"a legend group of {len(g)} entries (at most {MAX_LEGEND_ENTRIES}): label the "
                             "curves directly, or move a group to the caption")
    gid = "groups:" + ",".join(str(len(g)) for g in blocks)  # read by figure_problems
    if where == "right":
        handles = [h for g in blocks for h in [*g, _blank()]][:-1]
        leg = fig.legend(handles=handles, loc="outside right upper", ncol=1)
        leg.set_gid(gid)
        return leg
    return _fewest_rows(blocks, fig.bbox.width - 4, fig._get_renderer(), gid,
                        lambda handles, ncol, spacing: fig.legend(handles=handles, loc="outside upper center",
                                                                  ncol=ncol, **spacing))


def _fewest_rows(blocks, room: float, renderer, gid: str, place):
    """The legend of ``place(handles, ncol, spacing)`` in the fewest rows whose width fits ``room`` [px]: the
    groups side by side or stacked, the style's spacing first, then :data:`TIGHT_SPACING`."""
    longest = max(len(g) for g in blocks)
    layouts = []  # (rows, handles, ncol), fewest rows first
    for rows in range(1, longest + 1):
        layouts.append((rows, *_side_by_side(blocks, rows)))
    for cols in range(longest, 0, -1):
        handles, ncol = _stacked(blocks, cols)
        layouts.append((len(handles) // ncol, handles, ncol))
    layouts.sort(key=lambda t: t[0])
    tries = [(handles, ncol, spacing) for _rows, handles, ncol in layouts for spacing in ({}, TIGHT_SPACING)]
    for i, (handles, ncol, spacing) in enumerate(tries):
        leg = place(handles, ncol, spacing)
        if leg.get_window_extent(renderer).width <= room or i == len(tries) - 1:
            leg.set_gid(gid)
            return leg
        leg.remove()
    return None  # not reached


def add_panel_legend(ax, *groups, title: str | None = None):
    """A legend above one panel of a multi-panel figure whose panels need legends of their own: outside the
    axes (constrained layout makes room for it), from the panel's left edge (clear of its y label) to at most
    the page's right edge, in as few rows as fit (as :func:`add_legends`), left-aligned under ``title``, which
    takes the place of the panel's title (``ax.set_title`` would sit under the legend). Call it once the
    labels of the panels in its column are set (they fix the panel's left edge).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    *groups : list of handles
        As :func:`add_legends`: at most :data:`MAX_LEGEND_ENTRIES` each; empty groups are skipped.
    title : str, optional
        The panel's title ("(a) ..."), drawn as the legend's title.

    Returns
    -------
    matplotlib.legend.Legend or None
    """
    blocks = [list(g) for g in groups if g]
    if not blocks:
        if title:
            ax.set_title(title)
        return None
    for g in blocks:
        if len(g) > MAX_LEGEND_ENTRIES:
            raise ValueError(f"a legend group of {len(g)} entries (at most {MAX_LEGEND_ENTRIES}): label the "
                             "curves directly, or move a group to the caption")
    gid = "groups:" + ",".join(str(len(g)) for g in blocks)
    fig = ax.get_figure()
    fig.draw_without_rendering()  # the panel's place: its legend starts at its left edge, clear of the y label
    renderer = fig._get_renderer()
    room = fig.bbox.x1 - 4 - ax.get_window_extent(renderer).x0

    def place(handles, ncol, spacing):
        return ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=ncol, title=title,
                         alignment="left", borderaxespad=0.2, borderpad=0.1, **spacing)

    return _fewest_rows(blocks, room, renderer, gid, place)


def coincident(a, b, *, rtol: float = 1e-3, atol: float = 0.0) -> bool:
    """Whether two series lie on top of each other where both are finite (``|a − b| <= atol + rtol |b|``),
    as drawn at print size; NaN positions must agree."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or not np.array_equal(np.isfinite(a), np.isfinite(b)):
        return False
    ok = np.isfinite(a)
    return bool(ok.any()) and bool(np.all(np.abs(a[ok] - b[ok]) <= atol + rtol * np.abs(b[ok])))


def coincident_label(label: str, other: str) -> str:
    """``"polyblock (= brute force)"``: the entry of a series drawn exactly under ``other``."""
    return f"{label} (= {other})"


def is_empty(values) -> bool:
    """No finite value to draw."""
    return not bool(np.isfinite(np.asarray(values, dtype=float)).any())


def empty_label(label: str) -> str:
    """The legend entry of a curve with nothing to draw; the caption says why."""
    return f"{label} (empty: see caption)"
