"""nulling (001) Monte Carlo: system-level network (ZF nulls, DoF, dropping, scale), channel steps, typical points."""

import time

import numpy as np
import pytest

from isacnet.channel import (
    array_gain,
    precoder_gram_eigenvalues,
    rayleigh_matrix,
    steering_vector,
    unintended_gain,
    zf_nulling_precoder,
)
from isacnet.errors import InputError
from isacnet.geometry import ppp_tail_mean
from isacnet.models.nulling import NullingModel
from isacnet.simulate.nulling import comm_rate_trial, radar_rate_trial, system_level_trial
from isacnet.simulate.nulling._system import NullingRequests, accept_requests, random_subset_per_group


def test_zf_precoder_nulls_and_gains():
    rng = np.random.default_rng(0)
    mt, k, n, num_bs = 8, 3, 6, 50
    h = rayleigh_matrix(rng, (num_bs,), mt, n)
    zf = zf_nulling_precoder(h, k)
    assert zf.beams.shape == (num_bs, mt, k) and zf.signal_gains.shape == (num_bs, k)
    # re-derive eq. (2): H^H W is diagonal on the served columns and zero on the nulled ones
    cross = np.conj(np.swapaxes(h, 1, 2)) @ zf.beams
    assert np.allclose(cross[:, k:, :], 0, atol=1e-12)
    off = cross[:, :k, :] * (1 - np.eye(k))
    assert np.allclose(off, 0, atol=1e-12)
    np.testing.assert_allclose(np.abs(np.diagonal(cross[:, :k, :], axis1=1, axis2=2)) ** 2, zf.signal_gains,
                               rtol=1e-10)
    np.testing.assert_allclose(np.linalg.norm(zf.beams, axis=1), 1.0, rtol=1e-12)
    # tr(W^H W) = K for unit-norm columns
    mu = precoder_gram_eigenvalues(zf.beams)
    assert np.allclose(mu.sum(axis=1), k)
    # |h_k^H w_k|^2 ~ Gamma(M_t - n + 1): mean M_t - n + 1 = 3 (eq. (10)); 150 samples, SE ~ 0.14
    sig = zf.signal_gains
    assert abs(sig.mean() - (mt - n + 1)) < 4 * np.sqrt((mt - n + 1) / sig.size)


def test_array_gain_is_the_norm_of_w_h_a():
    rng = np.random.default_rng(8)
    zf = zf_nulling_precoder(rayleigh_matrix(rng, (4,), 6, 3), 2)
    a = steering_vector(rng.uniform(0, 2 * np.pi, (4, 5)), 6)
    ref = np.array([[np.linalg.norm(zf.beams[b].conj().T @ a[b, j]) ** 2 for j in range(5)] for b in range(4)])
    np.testing.assert_allclose(array_gain(zf.beams, a), ref, rtol=1e-12)
    assert array_gain(zf.beams, np.zeros((4, 0, 6))).shape == (4, 0)


def test_unintended_gain_matches_an_independent_rayleigh_channel():
    # h^H W W^H h with h ~ CN(0, I) independent of W has mean tr(W^H W) = K and the law sum mu_m E_m;
    # compare the two samplers' means and second moments (4 SE each)
    rng = np.random.default_rng(9)
    zf = zf_nulling_precoder(rayleigh_matrix(rng, (1,), 6, 4), 3)
    w = zf.beams[0]
    mu = np.broadcast_to(precoder_gram_eigenvalues(zf.beams)[0], (200_000, 3))
    by_eig = unintended_gain(rng, mu)
    h = rayleigh_matrix(rng, (200_000,), 6, 1)[..., 0]
    direct = np.sum(np.abs(np.conj(h) @ w) ** 2, axis=-1)
    for f in (lambda x: x, lambda x: x**2):
        a, b = f(by_eig), f(direct)
        assert abs(a.mean() - b.mean()) < 4 * np.hypot(a.std(), b.std()) / np.sqrt(a.size)
    assert by_eig.mean() == pytest.approx(3.0, rel=0.02)


def test_ppp_tail_mean_is_campbell():
    # 2 pi lambda E[g] r^(2-a)/(a-2): lambda = 1e-6, E[g] = 2, r = 100, a = 4 -> 4 pi 1e-6 * 1e-4 / 2
    assert ppp_tail_mean(1e-6, 100.0, 4.0, 2.0) == pytest.approx(2 * np.pi * 1e-6 * 2 * 1e-4 / 2, rel=1e-14)


def test_random_subset_respects_capacity_and_is_uniform():
    rng = np.random.default_rng(10)
    group = np.repeat([0, 1, 2], [5, 2, 4])
    kept = random_subset_per_group(rng, group, np.array([3, 5, 0]))
    assert np.bincount(group[kept], minlength=3).tolist() == [3, 2, 0]
    counts = np.zeros(5)
    for _ in range(2000):
        counts[random_subset_per_group(rng, np.zeros(5, int), np.array([1]))] += 1
    assert np.all(np.abs(counts / 2000 - 0.2) < 4 * np.sqrt(0.2 * 0.8 / 2000))
    req = NullingRequests(np.array([0, 0, 1]), np.array([4, 5, 6]))
    assert accept_requests(rng, req, np.array([0, 1])).tolist() == [False, False, True]


def test_system_budget_and_no_drops_when_capacity_suffices():
    rng = np.random.default_rng(2)
    out = system_level_trial(rng, 3, NullingModel(), num_users=2, cluster_size_comm=2, num_targets=2,
                             cluster_size_sense=2, mean_num_bs=300)
    assert out["accepted_fraction"].shape == (3,)
    # diversity M_t - columns + 1 >= 1 always (requests beyond the DoF are dropped)
    assert out["diversity"].min() >= 1
    # mean requests K(L-1) + J(Q-1) = 4 << M_t - K = 18: nothing dropped
    assert np.all(out["accepted_fraction"] == 1.0)
    assert np.mean(out["diversity"]) == pytest.approx(20 - 2 * 2 - 2 + 1, abs=0.3)
    assert np.all(np.isfinite(out["rate_comm"])) and np.all(out["rate_sense"] >= 0)


def test_system_drops_requests_beyond_dof():
    rng = np.random.default_rng(3)
    out = system_level_trial(rng, 2, NullingModel(num_tx_antennas=6), num_users=2, cluster_size_comm=3,
                             mean_num_bs=300)
    assert np.all(out["accepted_fraction"] < 1.0)
    assert out["diversity"].min() >= 1


def test_system_planned_capacity_accepts_at_most_the_plan():
    rng = np.random.default_rng(11)
    out = system_level_trial(rng, 2, NullingModel(), num_users=2, cluster_size_comm=3, mean_num_bs=300,
                             request_capacity="planned")
    # a BS accepts at most K(L-1) = 4 requests: diversity >= M_t - K_i - 4 + 1 >= 20 - 2 - 4 + 1
    assert out["diversity"].min() >= 15
    assert np.all(out["accepted_fraction"] < 1.0)  # some BSs receive more than planned


def test_system_nulling_helps_comm():
    rng = np.random.default_rng(4)
    r = {cl: system_level_trial(rng, 2, NullingModel(), num_users=1, cluster_size_comm=cl,
                                mean_num_bs=300)["rate_comm"].mean() for cl in (1, 4)}
    assert r[4] > r[1] + 0.3  # Fig. 4: K = 1, R_c rises with L (Theorem 1: 4.18 -> 5.5)


def test_system_rate_sense_scales_with_the_gain_factor():
    # same seed, same draws: c enters the sensing SIR as a factor only (eq. (6))
    point = dict(num_users=2, num_targets=2, mean_num_bs=200)
    a = system_level_trial(np.random.default_rng(12), 1, NullingModel(filter_gain=1.0), **point)
    b = system_level_trial(np.random.default_rng(12), 1, NullingModel(filter_gain=4.0), **point)
    np.testing.assert_allclose(np.expm1(b["rate_sense"]), 4 * np.expm1(a["rate_sense"]), rtol=1e-9)
    np.testing.assert_array_equal(a["rate_comm"], b["rate_comm"])


def test_system_scale_1e4_bs():
    rng = np.random.default_rng(5)
    t0 = time.perf_counter()
    out = system_level_trial(rng, 1, NullingModel(), num_users=4, cluster_size_comm=2, num_targets=2,
                             cluster_size_sense=2, mean_num_bs=10_000)
    assert out["diversity"].size > 9_000 and out["rate_comm"].size > 36_000
    assert time.perf_counter() - t0 < 30


def test_system_input_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(InputError) as e:
        system_level_trial(rng, 1, NullingModel(num_tx_antennas=10), num_users=5, cluster_size_comm=3)
    assert e.value.field == "num_tx_antennas"
    with pytest.raises(InputError) as e:
        system_level_trial(rng, 1, NullingModel(max_targets=2), num_targets=3)
    assert e.value.field == "num_targets"
    with pytest.raises(InputError) as e:
        system_level_trial(rng, 1, NullingModel(), mean_num_bs=50)
    assert e.value.field == "mean_num_bs"
    with pytest.raises(InputError) as e:
        system_level_trial(rng, 1, NullingModel(), request_capacity="all")
    assert e.value.field == "request_capacity"
    with pytest.raises(ValueError):  # the model rejects alpha <= 2
        NullingModel(pathloss_exp=2.0)


def test_typical_trials_shapes_and_reproducible():
    a = comm_rate_trial(np.random.default_rng(6), 1000, 20, 5, 2)["rate_comm"]
    b = comm_rate_trial(np.random.default_rng(6), 1000, 20, 5, 2)["rate_comm"]
    assert a.shape == (1000,) and np.array_equal(a, b)
    r = radar_rate_trial(np.random.default_rng(7), 500, 1.0, 2, 3)["rate_sense"]
    assert r.shape == (500,) and np.all(r >= 0)
    with pytest.raises(InputError):
        comm_rate_trial(np.random.default_rng(0), 10, 10, 5, 3)
