"""The distribution plot kinds (#15): plot_cdf and plot_percentiles draw stored results by the layer's rules."""

import numpy as np
import pytest

from isacnet.models import ParamsModel, param
from isacnet.plotting import cdf_curve, draw_figure, figure_problems, tail_reference
from isacnet.registry import AnalyticCdf, Experiment, FigureSpec, Series, register_experiment
from isacnet.runner import compute_dataset
from isacnet.scenario import load_scenario


class _Params(ParamsModel):
    scale: float = param(1.0, unit="s", symbol=r"$\tau$", gt=0, le=100, doc="mean of the exponential")


def _analytic(p):
    x = np.geomspace(0.01, 20, 40) * p.scale
    return {"exact": AnalyticCdf(x, -np.expm1(-x / p.scale))}


register_experiment(Experiment(
    id="test.cdfplot", params=_Params,
    series=(Series("exact", "closed form", unit="s"),
            Series("mc", "Monte Carlo", kind="mc", source="x", stat="median", unit="s")),
    analytic=_analytic,
    trial=lambda p, rng, size: {"x": rng.exponential(p.scale, size)},
    cdf_grid=lambda p: {"mc": np.geomspace(0.01, 20, 40) * p.scale},
))


@pytest.fixture(scope="module")
def ds():
    from isacnet.parallel import SerialExecutor

    scn = load_scenario({"experiment": "test.cdfplot", "seed": 1, "params": {"scale": [1.0, 2.0, 4.0]},
                         "monte_carlo": {"batch_size": 5000, "min_samples": 20000, "max_samples": 20000,
                                         "target_rel_ci": 0}})
    return compute_dataset(scn, SerialExecutor())


@pytest.mark.parametrize("complement, yscale", [(False, "linear"), (True, "log")])
def test_plot_cdf_follows_the_figure_rules(ds, complement, yscale):
    from isacnet.plotting import plot_cdf

    spec = FigureSpec(id="test-cdf", experiment="test.cdfplot", scenario="none", title="t", hue="scale",
                      xlabel=r"$x$ [s]", ylabel=r"$P(X > x)$" if complement else r"$P(X \leq x)$", xscale="log",
                      yscale=yscale, plot=plot_cdf,
                      extra={"complement": complement, "tail": {"series": "mc"} if complement else {}})
    fig = draw_figure(ds, spec)
    assert figure_problems(fig) == []
    ax = fig.axes[0]
    data = [line for line in ax.get_lines() if line.get_gid() not in ("aux",)]
    assert len(data) == 2 * 3  # closed form and Monte Carlo for each hue value
    assert ax.get_xscale() == "log" and ax.get_yscale() == yscale


def test_plot_percentiles_follows_the_figure_rules(ds):
    from isacnet.plotting import plot_percentiles

    spec = FigureSpec(id="test-pct", experiment="test.cdfplot", scenario="none", title="t", x="scale",
                      xlabel=r"$\tau$ [s]", ylabel=r"$X$ [s]", plot=plot_percentiles, extra={"series": ["mc"]})
    fig = draw_figure(ds, spec)
    assert figure_problems(fig) == []
    # the median line is the stored 50 % quantile: tau ln 2 within its CI
    line = next(line for line in fig.axes[0].get_lines() if line.get_linestyle() == "-")
    np.testing.assert_allclose(line.get_ydata(), np.log(2) * np.array([1.0, 2.0, 4.0]), rtol=0.05)


def test_cdf_curve_and_tail_reference(ds):
    x, f = cdf_curve(ds, "mc", scale=2.0)
    assert x.size == 40 and np.all(np.diff(f) >= 0)
    with pytest.raises(ValueError):
        cdf_curve(ds, "mc")  # a swept field without a value
    xs = np.geomspace(1, 1e3, 31)
    ref = tail_reference(xs, xs**-1.5, 1.5, anchor_level=1e-2, floor=1e-4)
    np.testing.assert_allclose(ref[1], ref[0] ** -1.5)
    assert ref[1].min() >= 1e-4 and tail_reference(xs, np.ones_like(xs), 1.5) is None
