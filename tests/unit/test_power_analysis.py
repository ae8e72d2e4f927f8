"""Rates, sensing SNR and the network model of paper ``power`` (003), eq. (2)–(5), (12), (14)."""

import numpy as np
import pytest

from isacnet.analysis.power import (
    pod_large_n,
    rate_bits,
    sensing_snr_large_n,
    sensing_snr_variance_unit_modulus,
    sinr,
    sinr_threshold,
    sum_rate_bits,
    sum_rate_bits_dc,
)
from isacnet.channel.power import channel_variances, draw_network, pathloss_gain
from isacnet.errors import InputError
from isacnet.geometry.cells import default_bs_positions, drop_in_cells
from isacnet.metrics.detection import pod_exact, sensing_snr_exact
from isacnet.simulate.power import draw_symbols


def _sinr_loop(p, g, noise):
    num = len(p)
    out = np.empty(num)
    for i in range(num):
        interf = sum(p[l] * g[l, i] for l in range(num) if l != i)
        out[i] = p[i] * g[i, i] / (interf + noise[i])  # eq. (2) with the direct link h_{i,i} (spec 003 §1)
    return out


def test_sinr_matches_loop_and_uses_direct_link():
    rng = np.random.default_rng(0)
    g = rng.exponential(size=(4, 4))
    p = rng.uniform(0.1, 2.0, 4)
    noise = rng.uniform(0.5, 1.5, 4)
    np.testing.assert_allclose(sinr(p, g, noise), _sinr_loop(p, g, noise), rtol=1e-12)
    np.testing.assert_allclose(rate_bits(p, g, noise), np.log2(1 + _sinr_loop(p, g, noise)), rtol=1e-12)


def test_sinr_is_batched_over_drops():
    rng = np.random.default_rng(1)
    g = rng.exponential(size=(6, 3, 3))
    p = rng.uniform(0.1, 2.0, (6, 3))
    out = sinr(p, g, 1.0)
    for k in range(6):
        np.testing.assert_allclose(out[k], _sinr_loop(p[k], g[k], np.ones(3)), rtol=1e-12)


def test_sum_rate_difference_of_logs_form_is_equal():
    rng = np.random.default_rng(2)
    g = rng.exponential(size=(10, 3, 3))
    p = rng.uniform(0.0, 5.0, (10, 3))
    np.testing.assert_allclose(sum_rate_bits(p, g, 1.26), sum_rate_bits_dc(p, g, 1.26), rtol=1e-12)  # (3) == (14)


def test_sinr_threshold_of_one_bit_is_one():
    assert sinr_threshold(1.0) == pytest.approx(1.0)  # 2^1 - 1, eq. (17)
    assert sinr_threshold(0.0) == 0.0


def test_negative_powers_rejected():
    with pytest.raises(InputError, match="powers"):
        sinr([1.0, -0.5], np.ones((2, 2)), 1.0)
    with pytest.raises(InputError, match="powers"):
        sensing_snr_large_n([-1.0, 1.0], np.ones((2, 2)), 1.0, 10)


def test_large_n_form_is_exact_for_orthogonal_waveforms():
    # With DFT columns x_l (unit modulus, mutually orthogonal) X^H X = N diag(P) exactly (spec 003 §2).
    n, num = 16, 3
    sym = np.exp(2j * np.pi * np.outer(np.arange(n), np.arange(num)) / n)
    rng = np.random.default_rng(3)
    h = rng.standard_normal((num, num)) + 1j * rng.standard_normal((num, num))
    p = np.array([0.3, 1.0, 2.0])
    exact = sensing_snr_exact(p, h, sym, 2.0)
    large = sensing_snr_large_n(p, np.abs(h) ** 2, 2.0, n)
    np.testing.assert_allclose(exact, large, rtol=1e-12)
    np.testing.assert_allclose(pod_exact(p, h, sym, 2.0, 1e-3), pod_large_n(p, np.abs(h) ** 2, 2.0, n, 1e-3),
                               rtol=1e-10)


def test_large_n_snr_is_the_mean_and_variance_formula_holds():
    # Over random QPSK symbols: E[s] = large-N s, Var[s] = sensing_snr_variance_unit_modulus (our derivation).
    rng = np.random.default_rng(5)
    n, num, draws = 50, 3, 20_000
    h = np.array([[1.0 + 0.5j], [0.8 - 0.3j], [-0.4 + 0.9j]])
    p = np.array([0.5, 0.3, 0.2])
    s = sensing_snr_exact(p, h, draw_symbols(rng, (draws, n, num)), 1.0)[:, 0]
    mean = sensing_snr_large_n(p, np.abs(h) ** 2, 1.0, n)[0]
    var = sensing_snr_variance_unit_modulus(p, np.abs(h) ** 2, 1.0, n)[0]
    assert abs(s.mean() - mean) <= 4 * np.sqrt(var / draws)
    # sample variance of a near-Gaussian variable: SE(var) ~ var * sqrt(2 / draws)
    assert abs(s.var() - var) <= 4 * var * np.sqrt(2 / draws)


def test_pathloss_normalised_and_clipped():
    assert pathloss_gain(100.0, 3.0, 100.0) == pytest.approx(1.0)
    assert pathloss_gain(200.0, 2.0, 100.0) == pytest.approx(0.25)
    assert pathloss_gain(1.0, 3.0, 100.0, 10.0) == pytest.approx(1000.0)


def test_channel_variances_two_hop_structure():
    bs = np.array([[0.0, 0, 0], [200.0, 0, 0]])
    users = np.array([[50.0, 0, 0], [250.0, 0, 0]])
    targets = np.array([[0.0, 100, 0], [200.0, 50, 0]])
    vc, vs = channel_variances(bs, users, targets, pathloss_exp=3.0, pathloss_exp_sense=2.0, reference_distance=100.0)
    assert vc[0, 0] == pytest.approx((50 / 100) ** -3)
    assert vc[0, 1] == pytest.approx((250 / 100) ** -3)  # B_1 -> U_2
    d_b1_t2 = np.hypot(200.0, 50.0)
    assert vs[0, 1] == pytest.approx((d_b1_t2 / 100) ** -2 * (50 / 100) ** -2)  # B_1 -> T_2 -> B_2
    assert vs[1, 1] == pytest.approx((50 / 100) ** -4)


def test_default_layout_is_three_tangent_cells():
    pos = default_bs_positions(3, 100.0)
    d = np.linalg.norm(pos[:, None] - pos[None], axis=-1)
    np.testing.assert_allclose(d[np.triu_indices(3, 1)], 200.0, rtol=1e-12)  # equilateral, side 2r
    assert default_bs_positions(20, 50.0).shape == (20, 3)


def test_drops_are_uniform_in_their_discs():
    rng = np.random.default_rng(6)
    centres = default_bs_positions(3, 100.0)
    pts = drop_in_cells(rng, centres, 100.0, 40_000)
    r = np.linalg.norm(pts - centres, axis=-1)
    assert r.max() <= 100.0
    # uniform in a disc: E[r] = 2R/3, Var[r] = R^2/18
    se = np.sqrt(100.0**2 / 18 / r.size)
    assert abs(r.mean() - 200.0 / 3) <= 4 * se


def test_rayleigh_gains_have_the_pathloss_mean():
    rng = np.random.default_rng(8)
    net = draw_network(rng, 40_000, bs_positions=[[0, 0], [150, 0]])
    ratio = net.gains_comm / net.var_comm  # Exp(1) under Rayleigh fading
    assert abs(ratio.mean() - 1.0) <= 4 * np.sqrt(1.0 / ratio.size)
    assert net.channel_sense.shape == (40_000, 2, 2)
