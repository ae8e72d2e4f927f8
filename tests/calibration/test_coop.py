"""coop calibration: the time-sharing metrics and the gain measure against the experiment."""

from __future__ import annotations

import numpy as np
import pytest

from isacnet.calibration import coop as cal
from isacnet.calibration import run_experiment
from isacnet.errors import InputError
from isacnet.optimization.coop import RegionResult, boundary_rate, time_sharing_rate


def _toy_region():
    # corners: comm (R1, x1) = (4, 4 m) and sensing (R2, x2) = (0, 1 m); one interior design (3, 2 m)
    return RegionResult(rate=np.array([4.0, 0.0, 3.0]), crlb=np.array([16.0, 1.0, 4.0]),
                        cluster_comm=np.ones(3, int), cluster_sense=np.full(3, 2), power_comm=np.ones(3))


def test_time_sharing_metrics_by_hand():
    reg = _toy_region()
    # tau = (S(x2) - S(x)) / (S(x2) - S(x1)) at x = 2 m
    assert time_sharing_rate(reg, 2.0) == pytest.approx(4 * (1 - 0.5) / (1 - 0.25))  # S = 1/x
    assert time_sharing_rate(reg, 2.0, "fisher") == pytest.approx(4 * (1 - 0.25) / (1 - 1 / 16))  # S = 1/x^2
    assert time_sharing_rate(reg, 2.0, "root") == pytest.approx(4 * (2 - 1) / (4 - 1))  # S = x
    for geom in ("inverse_root", "fisher", "root"):
        assert time_sharing_rate(reg, 1.0, geom) == pytest.approx(0.0)
        assert time_sharing_rate(reg, 4.0, geom) == pytest.approx(4.0)
        assert np.isnan(time_sharing_rate(reg, 0.5, geom))
    with pytest.raises(InputError, match="time_sharing"):
        time_sharing_rate(reg, 2.0, "linear")


def test_gain_at_largest_gap_by_hand():
    g = cal.gain_at_largest_gap(_toy_region(), "root", num_grid=2001)
    # boundary = 3 on [2, 4), time sharing (x - 1) 4/3: the largest gap is just above x = 2
    assert g["root_crlb"] == pytest.approx(2.0, rel=2e-3)
    assert g["gain"] == pytest.approx(3.0 / (4.0 / 3.0) - 1.0, rel=5e-3)


def test_region_equals_the_experiment():
    e = 0.3
    ds = run_experiment("coop.tradeoff", {"root_crlb_m": 2.5, "backhaul_bits": 4.3, "backhaul_per_bs_bits": e,
                                          "num_power": 11, "max_cluster_comm": 16})
    reg = cal.region_for("fig8_c43", e, "prop2_app_b", num_power=11, max_cluster_comm=16)
    assert float(ds["value"].sel(series="coop")) == pytest.approx(float(boundary_rate(reg, 2.5)), rel=1e-12)
    assert float(ds["value"].sel(series="time_sharing")) == pytest.approx(float(time_sharing_rate(reg, 2.5)),
                                                                          rel=1e-12)


def test_committed_fit_reproduces_fig8():
    rec = cal_load()
    pred = {p["id"]: p for p in rec["predictions"]}
    assert pred["fig8_c86"]["reproduced"] and pred["fig8_c43"]["reproduced"]
    prof = rec["profile"]
    g = cal.gains(prof["backhaul_per_bs_bits"], prof["crlb_form"], prof["time_sharing"], cases=("fig8_c43",))
    assert g["fig8_c43"]["gain"] == pytest.approx(pred["fig8_c43"]["model"], rel=1e-5)  # file: 6 digits


def cal_load():
    from isacnet.calibration import load_scan

    return load_scan("coop")
