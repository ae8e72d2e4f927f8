"""nulling figures (and overview-fig3) in quick mode: files, data and the numbers they must show."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from isacnet.parallel import SerialExecutor  # noqa: E402
from isacnet.pipeline import reproduce_figure  # noqa: E402


def _run(fig, tmp_path):
    out = reproduce_figure(fig, tmp_path, quick=True, executor=SerialExecutor())
    for kind in ("netcdf", "csv", "png", "pdf"):
        assert out.files[kind].stat().st_size > 0
    return out.dataset


def _v(ds, series, **sel):
    return ds["value"].sel(series=series, **sel).values


def test_fig4(tmp_path):
    ds = _run("nulling-fig4", tmp_path)
    # spec 001 §2 table: K = 5, L = 2 -> Theorem 1 2.798
    assert float(_v(ds, "thm1", num_users=5, cluster_size_comm=2)) == pytest.approx(2.798, abs=2e-3)
    # R_c falls with K; K = 1: rises with L; K = 5: rises then falls (Fig. 4)
    assert np.all(np.diff(_v(ds, "thm1", cluster_size_comm=1)) < 0)
    k1 = _v(ds, "thm1", num_users=1)
    k5 = _v(ds, "thm1", num_users=5)
    assert np.all(np.diff(k1) > 0) and k5[1] > k5[0] and k5[1] > k5[2]
    # typical-point MC tracks the joint-law Theorem 1 (quick budget: 4 %)
    mc, th = _v(ds, "mc_typical"), _v(ds, "thm1_joint")
    assert np.all(np.abs(mc / th - 1) < 0.04)
    assert np.all(np.isfinite(_v(ds, "mc_system")))


def test_fig5(tmp_path):
    ds = _run("nulling-fig5", tmp_path)
    tc = _v(ds, "tc_thm1_per_km2", num_tx_antennas=20)
    ks = ds["num_users"].values
    assert ks[np.nanargmax(tc)] == 12  # Lemma 2: K* ≈ 0.59 (M_t + 1)
    assert np.all(np.isnan(_v(ds, "tc_thm1_per_km2", num_tx_antennas=10, num_users=[12, 16])))
    assert np.all(_v(ds, "tsum_thm1_per_km2", num_tx_antennas=20) > tc)


def test_fig6(tmp_path):
    ds = _run("nulling-fig6", tmp_path)
    tc = ds["value"].sel(series="tc_thm1_per_km2")
    best = tc.where(np.isfinite(tc), -1).argmax(...)
    assert int(ds["num_users"][best["num_users"]]) == 12 and int(ds["cluster_size_comm"][best["cluster_size_comm"]]) == 1


def test_fig7(tmp_path):
    ds = _run("nulling-fig7", tmp_path)
    hole, nohole = _v(ds, "prop3"), _v(ds, "nohole")
    assert np.all(nohole < hole) and np.all(np.diff(hole) > 0)
    assert float(hole[0]) == pytest.approx(1.384, abs=1e-3)  # spec 001 §4.1, c = 1
    assert np.all(np.abs(_v(ds, "mc_typical") / hole - 1) < 0.05)


def test_fig8(tmp_path):
    ds = _run("nulling-fig8", tmp_path)
    ts = _v(ds, "ts_paper_per_km2", num_rx_antennas=10)
    assert ts[1] > ts[0] and ts[-1] < ts[1]  # rises then falls with Q
    assert np.all(_v(ds, "num_targets_used", num_rx_antennas=10) == [10, 10, 6, 2])
    assert np.all(_v(ds, "ts_paper_per_km2", num_rx_antennas=40) > ts)


@pytest.mark.parametrize("fig", ["nulling-fig9", "nulling-fig10", "nulling-fig11", "overview-fig3"])
def test_region_figures(tmp_path, fig):
    ds = _run(fig, tmp_path)
    region, line = _v(ds, "sense_region"), _v(ds, "sense_timeshare")
    assert np.all(np.isfinite(region))
    # the two ends are the corner points, shared by the region and the time-sharing segment
    assert np.allclose(region[..., -1], line[..., -1]) and np.allclose(region[..., 0], line[..., 0])
    # region (20) is a union of rectangles (not convex): it may dip below the segment between
    # breakpoints, but its largest gain over the segment is the reported one
    assert np.all(np.max(region / line, axis=-1) - 1 <= _v(ds, "sense_gain")[..., 0] + 1e-9)
    assert np.all(_v(ds, "sense_gain") >= 0)


def test_fig9_gains(tmp_path):
    ds = _run("nulling-fig9", tmp_path)
    g = _v(ds, "sense_gain")[..., 0]
    # M_t = 20, paper 67 %: a held-out number of the paper profile (fitted on Fig. 10), reproduced within its
    # 20 % tolerance (docs/calibration.md; the model gives 58.5 %)
    assert float(g[1]) == pytest.approx(0.585, abs=0.005) and abs(float(g[1]) / 0.67 - 1) <= 0.2


def test_fig12(tmp_path):
    ds = _run("nulling-fig12", tmp_path)
    w = _v(ds, "weighted_sum")
    assert np.all(w <= np.maximum(_v(ds, "comm_only"), _v(ds, "sense_only")) + 1e-12)
    assert np.all(np.diff(_v(ds, "comm_at_opt"), axis=-1) >= -1e-12)  # T_c at the optimum grows with rho
