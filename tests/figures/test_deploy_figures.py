"""deploy (004): every figure in quick mode, with its key numbers checked for sanity."""

import numpy as np
import pytest

from isacnet.parallel import SerialExecutor
from isacnet.pipeline import reproduce_figure


def _run(fig_id, tmp_path):
    out = reproduce_figure(fig_id, tmp_path, quick=True, executor=SerialExecutor())
    for key in ("netcdf", "csv", "png", "pdf"):
        assert out.files[key].exists() and out.files[key].stat().st_size > 0
    return out.dataset


def _v(ds, series, **sel):
    return ds["value"].sel(series=series, **sel).values


def test_fig3_convergence(tmp_path):
    ds = _run("deploy-fig3", tmp_path)
    for n in ds["num_bs"].values:
        obj = np.array([float(_v(ds, f"obj_{r:03d}", num_bs=n)) for r in range(121)])
        obj = obj[np.isfinite(obj)]
        assert np.all(np.diff(obj) <= 1e-12 * obj[0])  # accepted objective never increases
        assert _v(ds, "converged", num_bs=n) == 1
        assert obj[-1] < 0.5 * obj[0]


def test_fig4_scaling(tmp_path):
    ds = _run("deploy-fig4", tmp_path)
    tiled, bound, opt = _v(ds, "tiled"), _v(ds, "bound"), _v(ds, "optimized")
    assert np.all(tiled <= bound * (1 + 1e-9))  # Theorem 1 for the tiled construction
    assert np.all(opt <= tiled * (1 + 1e-9))  # optimisation starts from the tiled layout


def test_fig5_line(tmp_path):
    ds = _run("deploy-fig5", tmp_path)
    peak = float(_v(ds, "peak_rate", design="comm"))
    assert float(_v(ds, "peak_rate", design="balanced")) == peak  # one stream: both start from one rate optimum
    assert float(_v(ds, "area_rate_mean_gain", design="comm")) == pytest.approx(peak)
    assert float(_v(ds, "area_rate_mean_gain", design="balanced")) >= 0.7 * peak - 1e-9
    assert np.isfinite(_v(ds, "a_crlb", design="balanced"))


def test_fig6_height_proportional(tmp_path):
    ds = _run("deploy-fig6", tmp_path)
    h = ds["bs_height"].values[0]
    ratio = _v(ds, "optimal_height_ratio", bs_height=h)
    assert np.ptp(ratio) < 1e-4 * ratio.mean()  # Prop. 4: optimal height proportional to L
    L = ds["region_length"].values
    c = _v(ds, "min_crlb", bs_height=h)
    assert np.allclose(c / c[0], (L / L[0]) ** 4, rtol=1e-4)  # kappa^(2 beta), beta = 2


def test_fig7_fig8_designs(tmp_path):
    ds7 = _run("deploy-fig7", tmp_path)
    c = {d: float(_v(ds7, "a_crlb", design=d)) for d in ("comm", "rate", "sensing")}
    assert c["sensing"] < c["rate"] < c["comm"]
    assert float(_v(ds7, "area_rate_mean_gain", design="rate")) >= 5.0 - 1e-9
    ds8 = _run("deploy-fig8", tmp_path)
    cov = ds8["value"].sel(series="coverage")
    assert np.all(np.diff(cov.sel(design="sensing").values) >= 0)  # coverage grows with gamma
    assert np.all(cov.sel(design="sensing").values >= cov.sel(design="comm").values)


def test_fig9_heights(tmp_path):
    ds = _run("deploy-fig9", tmp_path)
    g = ds["coverage_threshold"].values
    grid = _v(ds, "coverage", design="grid")
    opt = _v(ds, "coverage", design="heights")
    assert np.all(opt >= grid)
    assert float(_v(ds, "a_crlb", design="heights", coverage_threshold=g[0])) < float(
        _v(ds, "a_crlb", design="grid", coverage_threshold=g[0]))


def test_fig10_densities(tmp_path):
    ds = _run("deploy-fig10", tmp_path)
    assert float(_v(ds, "area_rate_mean_gain", density="clustered")) >= 0.8 * float(
        _v(ds, "peak_rate", density="clustered")) - 1e-9
    assert float(_v(ds, "pivot_height", density="clustered")) > 10.0


def test_fig11_tradeoff(tmp_path):
    ds = _run("deploy-fig11", tmp_path)
    for h in ds["target_height"].values:
        assert np.ptp(_v(ds, "peak_rate", target_height=h)) == 0  # one rate-optimal layout per altitude
        rate = _v(ds, "area_rate_mean_gain", target_height=h)
        req = ds["rate_threshold_bits"].values
        ok = np.isfinite(rate)
        assert np.all(rate[ok] >= req[ok] - 1e-9)  # every returned layout meets its requirement
        cov = _v(ds, "coverage", target_height=h)[ok]
        assert cov[0] >= cov[-1]  # a stricter requirement never helps sensing here


def test_fig7_map_redraws_the_evaluated_beam_gains():
    # With gain_model="monte_carlo" the plot rebuilds the runner's generator of the point: the map it draws is
    # the one the experiment evaluated (its weighted mean is the stored a_crlb_eval, bit for bit).
    from isacnet.experiments.deploy import planar_setup
    from isacnet.figures.deploy.designs import crlb_map_of
    from isacnet.runner import compute_dataset
    from isacnet.scenario import load_scenario

    scn = load_scenario({"experiment": "deploy.designs_2d", "seed": 3, "params": {
        "design": ["comm"], "gain_model": "monte_carlo", "samples_per_axis": 4, "eval_per_axis": 6,
        "num_starts": 1}})
    ds = compute_dataset(scn, SerialExecutor())
    for d in ("comm",):
        p, _, c = crlb_map_of(ds, d)
        _, w = planar_setup(p)[0].grid(p.eval_per_axis)
        assert float(np.sum(w * c)) == float(_v(ds, "a_crlb_eval", design=d))
