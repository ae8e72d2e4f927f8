"""The plotting layer: labels from the models, legends, checks, sizes and captions."""

import json

import numpy as np
import pytest
import xarray as xr

import isacnet.plotting as P
from isacnet.registry import FigureSpec, PaperNumber
from isacnet.store import save_figure


def test_value_and_axis_labels_come_from_the_models():
    assert P.value_label("coop.comp_rate", "cluster_size_comm", 3) == "$L = 3$"
    assert P.value_label("coop.comp_rate", "bs_density_per_km2", 1.0) == r"$\lambda_b = 1\,\mathrm{km}^{-2}$"
    assert P.value_label("power.allocation", "power_budget_db", 10.0) == r"$P_{\mathrm{th}} = 10$ dB"
    assert P.value_label("nulling.region", "link_constraints", "[1, 3]") == "$(L_{th}, Q_{th}) = (1, 3)$"
    assert P.value_label("coop.comp_rate", "power_comm", 0.5) == r"$p^c = 0.5\,\mathrm{W}$"
    assert P.axis_label("coop.comp_rate", "cluster_size_comm", text="Cluster size") == "Cluster size $L$"
    assert P.axis_label("coop.comp_rate", "bs_density_per_km2") == r"$\lambda_b$ [$\mathrm{km}^{-2}$]"
    with pytest.raises(ValueError, match="declares no symbol"):
        P.field_symbol("coop.tradeoff", "num_power")  # a field without a symbol never becomes a label


@pytest.mark.parametrize("text, bad", [
    ("cluster_size_comm=1", True), ("T^ISAC", True), ("kappa_s", True), ("Delta T", True),
    (r"\rho weight", True), ("$x$ and $y", True), (r"$T^{\rm ISAC}$, $\kappa_s$", False),
    ("$L = 3$, $M_t = 20$", False), ("Root CRLB [m]", False), ("time sharing (= cooperative)", False),
])
def test_text_problems_flags_field_names_and_pseudo_latex(text, bad):
    assert bool(P.text_problems(text)) is bad


def test_coincident_is_decided_from_the_data():
    a = np.array([1.0, 2.0, np.nan])
    assert P.coincident(a, a * (1 + 1e-6))
    assert not P.coincident(a, a * 1.01)
    assert not P.coincident(a, np.array([1.0, 2.0, 3.0]))  # NaN positions differ
    assert P.coincident_label("polyblock", "brute force") == "polyblock (= brute force)"
    assert P.is_empty([np.nan, np.inf]) and not P.is_empty([np.nan, 1.0])


def test_series_styles_separate_in_greyscale():
    styles = [P.series_style(h, e) for h in range(6) for e in P.ESTIMATORS]
    keys = {(s["linestyle"], s.get("marker"), s.get("markerfacecolor"), s.get("fillstyle")) for s in styles}
    assert len(keys) == 6 * len(P.ESTIMATORS)  # every (value, estimator) pair: its own (line style, marker, fill)


def _good_figure(width="single"):
    fig, ax = P.new_figure(width)
    x = np.linspace(1, 10, 9)
    for i in range(3):
        P.plot_series(ax, x, x * (i + 1), hue=i, estimator="closed")
        P.plot_estimate(ax, x, x * (i + 1), x * (i + 0.9), x * (i + 1.1), hue=i)
    ax.set_xlabel("Cluster size $L$")
    ax.set_ylabel("Rate [bits/s/Hz]")
    P.add_legends(fig, P.hue_handles("coop.comp_rate", "num_tx_antennas", [4, 8, 16]),
                  P.estimator_handles([("closed", "Theorem 2"), ("mc", None)]),
                  where="right" if width == "double" else "above")
    return fig


@pytest.mark.parametrize("width", ["single", "double"])
def test_a_figure_of_the_layer_has_no_problems_and_prints_at_its_width(tmp_path, width):
    with P.ieee_style():  # as draw_figure runs every plot function
        fig = _good_figure(width)
        P.finish_figure(fig, width)
    assert P.figure_problems(fig) == []
    save_figure(fig, tmp_path / "f.pdf")
    w, h = P.pdf_page_size(tmp_path / "f.pdf")
    assert abs(w - P.FIGURE_WIDTHS[width]) < 0.01
    assert h >= P.MIN_AXES_HEIGHT


def test_figure_problems_finds_what_the_issue_listed():
    fig, ax = P.new_figure()
    x = np.arange(5.0)
    ax.plot(x, x, "-", color=P.PALETTE[0], label="num_tx_antennas=20")
    ax.plot(x, 2 * x, "-", color=P.PALETTE[1], label="T^ISAC")  # same style, colour only
    ax.legend(loc="center")  # over the data
    ax.set_xlabel("kappa_s")
    ax.text(1, 1, "tiny note", fontsize=5.5)
    problems = "\n".join(P.figure_problems(fig))
    for expected in ("field name", "superscript", "share line style", "over an axes", "font 5.5 pt"):
        assert expected in problems


def test_log_ticks_label_1_2_5():
    fig, ax = P.new_figure()
    ax.plot([1, 10], [0.3, 40])
    ax.set_yscale("log")
    ax.set_ylim(0.3, 40)
    P.log_ticks(ax, "y")
    fig.draw_without_rendering()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert {"0.5", "1", "2", "5", "10", "20"} <= set(labels)


def test_caption_and_paper_numbers_go_to_the_attributes():
    ds = xr.Dataset({"value": ("series", [4.31])}, coords={"series": ["gain"]})
    spec = FigureSpec(id="x-fig1", experiment="coop.gdop", scenario="coop-fig3", title="t",
                      caption=lambda d: f"Gain {float(d['value'][0]):.2f}.",
                      paper_numbers=lambda d: [PaperNumber("gain at C = 8.6", "300 %",
                                                           P.percent(d["value"].values[0]), "e assumed")])
    attrs = P.figure_attributes(spec, ds)
    assert attrs["caption"] == "Gain 4.31. Paper vs. here: gain at C = 8.6: paper 300 %, here 431 % (e assumed)."
    assert json.loads(attrs["paper_numbers"]) == [
        {"quantity": "gain at C = 8.6", "paper": "300 %", "ours": "431 %", "note": "e assumed"}]
    ds.attrs.update(attrs)
    assert P.stored_paper_numbers(ds)[0].paper == "300 %"
    with pytest.raises(ValueError, match="width"):
        FigureSpec(id="x", experiment="e", scenario="s", title="t", width="wide")


def test_compact_value_labels_name_the_symbol_and_the_unit_once():
    assert P.compact_value_labels("coop.tradeoff", "backhaul_bits", [1.5, 2.5, 4.3]) == [
        r"$C_{\rm backhaul} = 1.5$", "$2.5$", "$4.3$ bits/s/Hz"]
    assert P.compact_value_labels("coop.comp_rate", "bs_density_per_km2", [1.0, 5.0]) == [
        r"$\lambda_b = 1$", r"$5\,\mathrm{km}^{-2}$"]
    assert P.compact_value_labels("coop.comp_rate", "cluster_size_comm", [3]) == ["$L = 3$"]
    labels = [h.get_label() for h in P.hue_handles("coop.comp_rate", "cluster_size_comm", [1, 2, 3], compact=True)]
    assert labels == ["$L = 1$", "$2$", "$3$"]


@pytest.mark.parametrize("estimator", ["mc", "mc_alt"])
def test_ci_bars_are_drawn_in_the_series_colour_behind_an_opaque_marker(estimator):
    from matplotlib.colors import to_hex

    with P.ieee_style():
        _, ax = P.new_figure()
        x = np.arange(4.0)
        cont = P.plot_estimate(ax, x, x + 1, x + 0.5, x + 1.5, hue=1, estimator=estimator)
    data, caps, bars = cont.lines
    colour = P.PALETTE[1].lower()
    assert caps and all(to_hex(c.get_color()) == colour for c in caps)
    assert all(to_hex(c) == colour for b in bars for c in b.get_colors())
    # the marker lies over its bar and caps, and its inside is opaque: nothing is drawn across it
    assert data.get_zorder() > max(a.get_zorder() for a in (*caps, *bars))
    assert str(data.get_markerfacecolor()).lower() != "none"
    if estimator == "mc_alt":
        assert str(data.get_markerfacecoloralt()).lower() != "none"


def test_add_legends_tightens_the_spacing_before_it_adds_a_row():
    with P.ieee_style():
        fig, _ = P.new_figure()
        hues = P.hue_handles("coop.tradeoff", "backhaul_bits", [1.5, 2.5, 4.3], compact=True)
        styles = P.estimator_handles([("closed", "boundary (= convex hull)"), ("baseline", "time sharing")])
        leg = P.add_legends(fig, hues, styles)
        fig.draw_without_rendering()
    # three columns of two rows fit 3.5 in only with the tight spacing (the style's spacing needs a third row)
    assert leg._ncols == 3
    assert leg.handlelength == P.TIGHT_SPACING["handlelength"]
    assert leg.get_window_extent(fig._get_renderer()).width <= fig.bbox.width


def test_panel_legends_sit_above_their_panels_clear_of_every_label():
    with P.ieee_style():
        fig, axes = P.new_figure("single", height=4.0, nrows=2)
        x = np.linspace(1, 10, 20)
        for k, ax in enumerate(axes):
            for i in range(3):
                P.plot_series(ax, x, x * (i + 1), hue=i, estimator=("closed", "bound")[k])
            ax.set_ylabel("Gain over the time sharing [%]")  # taller than its panel
            ax.set_xlabel("Cluster size $L$")
        legends = [P.add_panel_legend(ax, P.hue_handles("coop.comp_rate", "cluster_size_comm", [1, 2, 3]),
                                      title=f"({'ab'[k]}) panel") for k, ax in enumerate(axes)]
        P.finish_figure(fig, "single")
    assert P.figure_problems(fig) == []
    renderer = fig._get_renderer()
    for ax, leg in zip(axes, legends):
        assert leg.get_window_extent(renderer).y0 >= ax.get_window_extent(renderer).y1 - 1  # above its panel
        assert leg.get_title().get_text().startswith("(")


def test_figure_problems_flags_a_legend_over_an_axis_label():
    with P.ieee_style():
        fig, ax = P.new_figure()
        ax.plot([0, 1], [0, 1], label="a series")
        ax.set_ylabel("Rate [bits/s/Hz]")
        ax.legend(loc="center right", bbox_to_anchor=(0.0, 0.5), borderaxespad=0.0)  # left of the axes: on the label
    assert any("over the axis label" in p for p in P.figure_problems(fig))
