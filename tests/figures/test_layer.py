"""Layer-wide rules, asserted for every registered figure in quick mode (issue #16).

* the PDF page is 3.5 in or 7.16 in wide (its ``/MediaBox``), as the spec declares; the PNG has the same
  size at 300 dpi;
* every text 6-9 pt, no raw field name or pseudo-LaTeX outside mathtext in labels, titles, legends and
  direct labels, no two series separated by colour alone (same line style, marker and fill), legends of at
  most seven entries per group, outside every axes and on the page, no axis label over another panel
  (:func:`isacnet.plotting.figure_problems`);
* the dataset stores the caption and the paper's numbers (JSON); every figure whose paper quotes numbers
  has them, next to ours.
"""

import json

import numpy as np
import pytest

from isacnet.plotting import FIGURE_WIDTHS, figure_problems, pdf_page_size, stored_paper_numbers
from isacnet.registry import figures, load_plugins

load_plugins()
FIGURE_IDS = sorted(figures())

QUOTED = {
    # figure: how many numbers its paper quotes for it (the seeds' text, /work/shared/seeds/00k_*.txt)
    "coop-fig3": 1,    # "from N = 3 to N = 6 ... tenfold"
    "coop-fig5": 1,    # "the optimal cooperative sensing cluster size equals psi = 15"
    "coop-fig7": 1,    # "fivefold increase ... decreases by approximately the same factor"
    "coop-fig8": 2,    # "up to 300 % and 85 %"
    "coop-fig9": 2,    # "up to 78 % and 50 %"
    "power-fig2b": 2,  # "at P_th = 9 dB only the proposed scheme"; "a performance gain of 4 dB"
    "power-fig2c": 1,  # "when P_th increases to 20 dB, all ... meet xi_S = 0.99"
    "nulling-fig8": 1,  # "up to twice the ASE of ... Q = 1"
    "nulling-fig10": 2,  # "up to 48 % and 33 %"
}


@pytest.mark.parametrize("fig_id", FIGURE_IDS)
def test_figure_prints_at_its_width_and_follows_the_rules(fig_id, quick_figure):
    import matplotlib.image

    from isacnet.pipeline import plot_figure

    out = quick_figure(fig_id)
    spec = figures()[fig_id]
    width, _ = pdf_page_size(out.files["pdf"])
    assert abs(width - FIGURE_WIDTHS[spec.width]) <= 0.01, f"{fig_id}: PDF {width:.3f} in wide"
    assert matplotlib.image.imread(out.files["png"]).shape[1] == round(300 * FIGURE_WIDTHS[spec.width])
    fig = plot_figure(out.dataset, spec)
    assert figure_problems(fig) == [], fig_id


@pytest.mark.parametrize("fig_id", FIGURE_IDS)
def test_caption_and_paper_numbers_are_stored(fig_id, quick_figure):
    ds = quick_figure(fig_id).dataset
    caption = ds.attrs.get("caption", "")
    assert len(caption) > 40, f"{fig_id}: no caption"
    numbers = stored_paper_numbers(ds)
    assert isinstance(json.loads(ds.attrs["paper_numbers"]), list)
    assert len(numbers) >= QUOTED.get(fig_id, 0), f"{fig_id}: the paper quotes {QUOTED[fig_id]} number(s)"
    for n in numbers:
        assert n.paper and n.ours and n.quantity
        assert f"paper {n.paper}, here {n.ours}" in caption  # listed in the caption too


def test_every_figure_has_a_declared_width():
    assert {figures()[f].width for f in FIGURE_IDS} <= set(FIGURE_WIDTHS)
    assert np.all([figures()[f].paper in ("coop", "nulling", "overview", "power", "deploy") for f in FIGURE_IDS])


LEGEND_ABOVE_MAX = 0.25
"""Largest fraction of a figure's height a legend above the axes may take (the axes get the rest)."""
COMPACT_LEGENDS = {"nulling-fig12": 0.15, "coop-fig10": 0.15, "power-fig2c": 0.15, "overview-fig4": 0.15}
"""Figures whose legends a review found taking 30-45 % of the height (#16): held to two legend rows (~13 %)."""


@pytest.mark.parametrize("fig_id", [f for f in FIGURE_IDS if figures()[f].width == "single"])
def test_a_legend_above_the_axes_leaves_them_most_of_the_height(fig_id, quick_figure):
    from matplotlib.legend import Legend

    from isacnet.pipeline import plot_figure

    fig = plot_figure(quick_figure(fig_id).dataset, figures()[fig_id])
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    panels = [ax.get_window_extent(renderer) for ax in fig.axes if ax.get_subplotspec() is not None]
    top = max(p.y1 for p in panels)
    above = [leg.get_window_extent(renderer) for leg in fig.findobj(Legend) if leg.get_visible()]
    above = [b for b in above if b.y0 >= top - 1]
    share = sum(b.height for b in above) / fig.bbox.height
    assert share <= COMPACT_LEGENDS.get(fig_id, LEGEND_ABOVE_MAX), f"{fig_id}: legends take {share:.0%} of the height"
