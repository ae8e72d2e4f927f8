"""nulling (001) Monte Carlo: system-level invariants (ZF nulls, DoF, dropping, scale) and the typical-point trials."""

import time

import numpy as np
import pytest

from isacnet.errors import InputError
from isacnet.simulate.nulling import SystemLevelConfig, comm_rate_trial, radar_rate_trial, system_level_trial
from isacnet.simulate.nulling._system import _zf_group


def test_zf_precoder_nulls_and_gains():
    rng = np.random.default_rng(0)
    mt, k, n = 8, 3, 6
    steer = np.exp(1j * np.pi * np.cos(0.4) * np.arange(mt))[None, None, :].repeat(50, axis=0)
    sig, mu, tgt = _zf_group(rng, mt, k, n, 50, steer)
    assert sig.shape == (50, k) and mu.shape == (50, k) and tgt.shape == (50, 1)
    # tr(W^H W) = K for unit-norm columns
    assert np.allclose(mu.sum(axis=1), k)
    # |h_k^H w_k|^2 ~ Gamma(M_t - n + 1): mean M_t - n + 1 = 3 (eq. (10)); 150 samples, SE ~ 0.14
    assert abs(sig.mean() - (mt - n + 1)) < 4 * np.sqrt((mt - n + 1) / sig.size)


def test_zf_nulls_exactly():
    # re-derive: W = H (H^H H)^-1, normalised; H^H W must be diagonal on the first K columns
    rng = np.random.default_rng(1)
    h = (rng.standard_normal((6, 4)) + 1j * rng.standard_normal((6, 4))) / np.sqrt(2)
    u = h @ np.linalg.inv(h.conj().T @ h)
    w = u[:, :2] / np.linalg.norm(u[:, :2], axis=0)
    cross = h.conj().T @ w
    assert np.allclose(cross[2:], 0, atol=1e-12) and abs(cross[1, 0]) < 1e-12 and abs(cross[0, 1]) < 1e-12


def test_system_budget_and_no_drops_when_capacity_suffices():
    rng = np.random.default_rng(2)
    cfg = SystemLevelConfig(num_tx_antennas=20, num_users=2, cluster_size_comm=2, num_targets=2,
                            cluster_size_sense=2, mean_num_bs=300)
    out = system_level_trial(rng, 3, cfg)
    assert out["accepted_fraction"].shape == (3,)
    # diversity M_t - columns + 1 >= 1 always (requests beyond the DoF are dropped)
    assert out["diversity"].min() >= 1
    # mean requests K(L-1) + J(Q-1) = 4 << M_t - K = 18: nothing dropped
    assert np.all(out["accepted_fraction"] == 1.0)
    assert np.mean(out["diversity"]) == pytest.approx(20 - 2 * 2 - 2 + 1, abs=0.3)
    assert np.all(np.isfinite(out["rate_comm"])) and np.all(out["rate_sense"] >= 0)


def test_system_drops_requests_beyond_dof():
    rng = np.random.default_rng(3)
    cfg = SystemLevelConfig(num_tx_antennas=6, num_users=2, cluster_size_comm=3, mean_num_bs=300)
    out = system_level_trial(rng, 2, cfg)
    assert np.all(out["accepted_fraction"] < 1.0)
    assert out["diversity"].min() >= 1


def test_system_nulling_helps_comm():
    rng = np.random.default_rng(4)
    r = {cl: system_level_trial(rng, 2, SystemLevelConfig(num_tx_antennas=20, num_users=1, cluster_size_comm=cl,
                                                           mean_num_bs=300))["rate_comm"].mean() for cl in (1, 4)}
    assert r[4] > r[1] + 0.3  # Fig. 4: K = 1, R_c rises with L (Theorem 1: 4.18 -> 5.5)


def test_system_scale_1e4_bs():
    rng = np.random.default_rng(5)
    cfg = SystemLevelConfig(num_tx_antennas=20, num_users=4, cluster_size_comm=2, num_targets=2, cluster_size_sense=2,
                            mean_num_bs=10_000)
    t0 = time.perf_counter()
    out = system_level_trial(rng, 1, cfg)
    assert out["diversity"].size > 9_000 and out["rate_comm"].size > 36_000
    assert time.perf_counter() - t0 < 30


def test_system_config_errors():
    with pytest.raises(InputError) as e:
        SystemLevelConfig(num_tx_antennas=10, num_users=5, cluster_size_comm=3)
    assert e.value.field == "num_tx_antennas"
    with pytest.raises(InputError):
        SystemLevelConfig(pathloss_exp=2.0)


def test_typical_trials_shapes_and_reproducible():
    a = comm_rate_trial(np.random.default_rng(6), 1000, 20, 5, 2)["rate_comm"]
    b = comm_rate_trial(np.random.default_rng(6), 1000, 20, 5, 2)["rate_comm"]
    assert a.shape == (1000,) and np.array_equal(a, b)
    r = radar_rate_trial(np.random.default_rng(7), 500, 1.0, 2, 3)["rate_sense"]
    assert r.shape == (500,) and np.all(r >= 0)
    with pytest.raises(InputError):
        comm_rate_trial(np.random.default_rng(0), 10, 10, 5, 3)
