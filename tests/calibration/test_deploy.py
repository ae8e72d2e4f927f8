"""deploy calibration: the coverage models, the C_0 scaling and the maps against the experiment."""

from __future__ import annotations

import numpy as np
import pytest

from isacnet.calibration import deploy as cal
from isacnet.calibration import run_experiment
from isacnet.metrics.deploy import coverage_probability, coverage_probability_swerling1
from isacnet.registry import get_experiment


def test_swerling1_coverage_matches_monte_carlo():
    # CRLB(sigma) = CRLB(mean RCS) * mean / sigma with sigma ~ Exp(mean): P(CRLB <= g) = exp(-CRLB/g).
    rng = np.random.default_rng(11)
    c = np.array([0.02, 0.1, 0.5, 2.0])
    w = np.array([1.0, 2.0, 1.0, 0.5])
    g = np.array([0.05, 0.3, 1.0])
    sigma = rng.exponential(1.0, size=(200_000, 1))
    hits = (c[None, :] / sigma <= g[:, None, None])  # [g, draws, points]
    per_point = hits.mean(axis=1)
    mc = (per_point * w).sum(-1) / w.sum()
    se = np.sqrt((per_point * (1 - per_point) / sigma.shape[0] * w**2).sum(-1)) / w.sum()
    exact = coverage_probability_swerling1(c, g, w)
    assert np.all(np.abs(mc - exact) <= 4 * se + 1e-12)  # z = 4
    assert coverage_probability_swerling1(np.array([np.inf]), 1.0) == 0.0


def test_coverage_curve_models():
    c, w = np.array([1.0, 2.0, 4.0]), np.ones(3)
    assert np.allclose(cal.coverage_curve(c, w, [1.5, 3.0], "none"), coverage_probability(c, [1.5, 3.0], w))
    assert np.allclose(cal.coverage_curve(c, w, [1.5], "swerling1"), np.mean(np.exp(-c / 1.5)))
    with pytest.raises(Exception, match="rcs_model"):
        cal.coverage_curve(c, w, [1.0], "swerling3")


def test_fig8_numbers_on_hand_made_maps():
    # Constant maps: comm 0.2, rate 0.1, sensing 0.05 m^2 at C_0 = 1, fixed RCS, thresholds 0.06 ... 0.3.
    maps = cal.DesignMaps({"comm": np.full(4, 0.2), "rate": np.full(4, 0.1), "sensing": np.full(4, 0.05)},
                          np.ones(4), {}, {}, {})
    out = cal.fig8_numbers(maps, 1.0, "none", thresholds=(0.06, 0.15, 0.25))
    assert out["coverage"]["comm"] == [0.0, 0.0, 1.0] and out["coverage"]["rate"] == [0.0, 1.0, 1.0]
    assert out["uplift"] == pytest.approx(1 / 3) and out["uplift_max"] == 1.0  # mean and largest gain
    assert out["sensing_factor"] == 1.0 and out["comm_low"] == 1.0 and not out["nonzero"]
    # C_0 = 2 halves every CRLB: the comm map then covers from 0.1 on.
    assert cal.fig8_numbers(maps, 2.0, "none", thresholds=(0.06, 0.15))["coverage"]["comm"] == [0.0, 1.0]


def test_planar_map_reproduces_the_experiment_and_scales_with_c0():
    params = {"design": "comm", "region_size": 600.0, "samples_per_axis": 4, "eval_per_axis": 7, "num_starts": 1,
              "max_sweeps": 5, "coverage_threshold": 20.0}
    ds = run_experiment(cal.PLANAR, params)
    p = get_experiment(cal.PLANAR).params.model_validate(params)
    lay = cal._layout(ds)
    c, w = cal.planar_crlb_map(p, lay)
    val = lambda s: float(ds["value"].sel(series=s))  # noqa: E731
    assert np.sum(w * c) == pytest.approx(val("a_crlb_eval"), rel=1e-12)
    assert c.min() == pytest.approx(val("crlb_min"), rel=1e-12) and c.max() == pytest.approx(val("crlb_max"), rel=1e-12)
    assert coverage_probability(c, 20.0, w) == pytest.approx(val("coverage"), abs=1e-12)
    p10 = p.model_copy(update={"reference_gain": 10.0})
    assert np.allclose(cal.planar_crlb_map(p10, lay)[0], c / 10.0, rtol=1e-12)  # CRLB ∝ 1/C_0 (spec 004 §3.2)


def test_structure_rejects_a_cap_above_the_targets():
    with pytest.raises(Exception, match="bs_max_height"):
        cal.Structure(700.0, 5.0, 3.0).params()
