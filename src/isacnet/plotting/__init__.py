"""The plotting layer every figure uses: IEEE sizes, a colour-blind-safe style, labels from the models,
legends outside the axes, captions and the paper's numbers.

Conventions (stated once, here and in each caption where it matters):

* **Sizes.** A figure is created at its printed width, IEEE single column (3.5 in) or double column
  (7.16 in) (:func:`new_figure`, ``FigureSpec.width``), with constrained layout, and saved at that size
  (no ``bbox_inches="tight"``). Fonts 7–8 pt, nothing below 6 pt.
* **Series.** Colour and marker shape = the value of one swept parameter; line style = the estimator:
  closed form solid, Monte Carlo open markers with 95 % CI bars, bound dashed, baseline dotted
  (:func:`series_style`, :func:`plot_series`, :func:`plot_estimate`). No two series differ by colour only.
* **Labels.** Mathtext from the models' declared symbols and units (:func:`value_label`:
  ``$L = 3$``; :func:`axis_label`), never a field name.
* **Legends.** Outside the axes (:func:`add_legends`: above, or to the right in double column), at most
  seven entries each: one legend for the parameter values, one for the estimators. A series drawn
  under another says so (:func:`coincident_label`); an empty one too (:func:`empty_label`).
* **Log axes.** Ticks at 1, 2, 5 × 10^k with plain labels where the range allows (:func:`log_ticks`,
  applied by :func:`finish_figure` to every log axis left on matplotlib's default formatter).
* **Distributions.** :func:`plot_cdf` draws stored CDFs (or CCDFs, coverages) with the same
  convention (closed form lines, Monte Carlo open markers); :func:`plot_percentiles` a median with
  its 25–75 % and 5–95 % bands from the stored quantiles.
* **Captions.** No notes inside a figure: ``FigureSpec.caption`` and ``FigureSpec.paper_numbers``
  (:class:`PaperNumber`) are stored in the dataset's attributes (:func:`figure_attributes`) and shown
  by the report. Paper values can also be drawn on the axes (:func:`mark_paper_value`).

:func:`draw_figure` is what the pipeline calls: the figure's ``plot`` (or :func:`plot_default`) in
the style, then :func:`finish_figure`. :func:`figure_problems` checks a figure against these rules.

Matplotlib is imported lazily (inside the functions), so importing this package stays light.
"""

from __future__ import annotations

from isacnet.plotting._axes import (
    PAPER_MARKER,
    log_ticks,
    mark_paper_value,
    paper_handle,
    plot_estimate,
    plot_series,
)
from isacnet.plotting._caption import (
    PaperNumber,
    caption_text,
    figure_attributes,
    paper_numbers,
    percent,
    stored_paper_numbers,
)
from isacnet.plotting._cdf import cdf_curve, plot_cdf, plot_percentiles, tail_reference
from isacnet.plotting._checks import figure_problems, pdf_page_size, series_keys, text_problems
from isacnet.plotting._default import plot_default, series_estimator, series_label
from isacnet.plotting._labels import axis_label, field_symbol, format_value, params_of, unit_text, value_label
from isacnet.plotting._legend import (
    MAX_LEGEND_ENTRIES,
    TIGHT_SPACING,
    add_legends,
    add_panel_legend,
    coincident,
    coincident_label,
    compact_value_labels,
    empty_label,
    estimator_handles,
    handle,
    hue_handles,
    is_empty,
)
from isacnet.plotting._style import (
    DOUBLE_COLUMN,
    ESTIMATORS,
    FIGURE_WIDTHS,
    IEEE_STYLE,
    MARKERS,
    MIN_AXES_HEIGHT,
    PALETTE,
    SINGLE_COLUMN,
    estimator_style,
    hue_style,
    ieee_style,
    markevery,
    new_figure,
    series_style,
)

__all__ = [
    # sizes and style
    "SINGLE_COLUMN", "DOUBLE_COLUMN", "FIGURE_WIDTHS", "IEEE_STYLE", "PALETTE", "MARKERS", "ESTIMATORS",
    "MIN_AXES_HEIGHT", "ieee_style", "new_figure", "hue_style", "estimator_style", "series_style", "markevery",
    # drawing
    "plot_series", "plot_estimate", "mark_paper_value", "paper_handle", "PAPER_MARKER", "log_ticks", "plot_default",
    "series_label", "series_estimator", "draw_figure", "finish_figure",
    # distributions
    "plot_cdf", "plot_percentiles", "cdf_curve", "tail_reference",
    # labels and legends
    "field_symbol", "value_label", "axis_label", "format_value", "unit_text", "params_of", "add_legends",
    "add_panel_legend", "hue_handles", "compact_value_labels", "estimator_handles", "handle", "coincident",
    "coincident_label", "empty_label", "is_empty",
    "MAX_LEGEND_ENTRIES", "TIGHT_SPACING",
    # captions and the paper's numbers
    "PaperNumber", "caption_text", "paper_numbers", "figure_attributes", "stored_paper_numbers", "percent",
    # checks
    "figure_problems", "text_problems", "series_keys", "pdf_page_size",
    # kept for old figure code
    "add_notes", "plain_log_ticks",
]


def finish_figure(fig, width: str | None = None) -> None:
    """Make a drawn figure print-ready: the declared width, readable log ticks, panels tall enough.

    Sets the width to ``width`` (``"single"``/``"double"``; None: keep), labels every log axis left on
    matplotlib's default formatter (:func:`log_ticks`), and grows the height until every panel is at
    least :data:`MIN_AXES_HEIGHT` tall and as tall as its y label (legends above the axes take their room
    from the figure, not the panel; a y label longer than its panel would reach into them).
    """
    from matplotlib.ticker import LogFormatter

    if width is not None:
        fig.set_figwidth(FIGURE_WIDTHS[width])
    for ax in fig.axes:
        for name in ("x", "y"):
            if getattr(ax, f"get_{name}scale")() == "log" and isinstance(
                    getattr(ax, f"{name}axis").get_major_formatter(), LogFormatter):
                log_ticks(ax, name)
    if fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    panels = [ax for ax in fig.axes if ax.get_subplotspec() is not None and not hasattr(ax, "_colorbar")]
    for _ in range(3):
        fig.draw_without_rendering()
        # each panel at least MIN_AXES_HEIGHT, and as tall as its y label (a longer label reaches above the
        # panel, into a legend placed there)
        short = [max(MIN_AXES_HEIGHT, _label_height(fig, ax)) - ax.get_position().height * fig.get_figheight()
                 for ax in panels]
        if not short or max(short) <= 0.01:
            break
        rows = {round(ax.get_position().y0, 3) for ax in panels}
        fig.set_figheight(fig.get_figheight() + max(short) * len(rows))


def _label_height(fig, ax) -> float:
    """Height [in] of the panel's y label (0 without one), plus a little room."""
    label = ax.yaxis.label
    if not label.get_visible() or not label.get_text().strip():
        return 0.0
    return label.get_window_extent(fig._get_renderer()).height / fig.dpi + 0.02


def draw_figure(ds, spec):
    """The figure of ``spec`` for the data ``ds``: its ``plot`` (or :func:`plot_default`) in the IEEE style,
    finished at the declared width (:func:`finish_figure`)."""
    with ieee_style():
        fig = (spec.plot or plot_default)(ds, spec)
        finish_figure(fig, spec.width)
    return fig


def add_notes(ax, notes: str, width: int = 95) -> None:
    """Deprecated, does nothing: notes are the figure's caption (``FigureSpec.caption``), stored with
    the data, never printed inside the figure."""


def plain_log_ticks(ax) -> None:
    """Deprecated alias of ``log_ticks(ax, "y")``."""
    log_ticks(ax, "y")
