"""Every compiled (numba) kernel against its NumPy twin, on the same draws.

The twins perform the same IEEE operations in the same order, so where no library function
(``pow``, ``exp``, ``log``) is involved they must agree bit for bit; where one is, the two
libraries' results differ by an ulp and the stated tolerance is a few ulps times the
condition of what follows.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from isacnet._accel import Kernel, numba_enabled, numba_installed

pytestmark = pytest.mark.skipif(not numba_installed(), reason="numba is not installed (the test extra installs it)")


def test_switch_off_with_the_environment(monkeypatch):
    calls = []
    k = Kernel(lambda x: calls.append("numpy") or x, "isacnet.geometry._ppp_loops:unit_circle_point")
    monkeypatch.setenv("ISACNET_NO_NUMBA", "1")
    assert not numba_enabled()
    assert k(3) == 3 and calls == ["numpy"]
    monkeypatch.delenv("ISACNET_NO_NUMBA")
    assert numba_enabled()


def test_unit_circle_twins_are_identical_and_accurate():
    import numba

    from isacnet.geometry import unit_circle
    from isacnet.geometry._ppp_loops import unit_circle_point

    @numba.njit
    def loop(u):
        c, s = np.empty(u.size), np.empty(u.size)
        for i in range(u.size):
            c[i], s[i] = unit_circle_point(u[i])
        return c, s

    u = np.random.default_rng(0).random(500_000, dtype=np.float32)
    u[:4] = [0.0, 0.25, 0.5, 0.75]
    c, s = unit_circle(u)
    c2, s2 = loop(u)
    np.testing.assert_array_equal(c, c2)
    np.testing.assert_array_equal(s, s2)
    theta = 2 * np.pi * u.astype(float)
    assert np.abs(c - np.cos(theta)).max() < 2e-7 and np.abs(s - np.sin(theta)).max() < 2e-7  # single precision
    np.testing.assert_array_equal(c[:4], [1.0, 0.0, -1.0, 0.0])


@pytest.mark.parametrize("num_bs", [1, 2, 3, 10, 40])
def test_crlb_block_twins(num_bs):
    from isacnet.simulate.coop import crlb_block

    rng = np.random.default_rng(num_bs)
    gaps = rng.standard_exponential((num_bs, 1024), dtype=np.float32)
    turns = rng.random((num_bs, 1024), dtype=np.float32)
    gaps[0, :2] = 0.0  # the floored zero gap
    np.testing.assert_array_equal(crlb_block.numpy(gaps, turns, math.pi, 2.0, 3.0),
                                  crlb_block.loops(gaps, turns, math.pi, 2.0, 3.0))
    # beta != 2 goes through pow (an ulp apart in 5 % of calls), amplified by the FIM's condition
    a = crlb_block.numpy(gaps, turns, math.pi, 3.0, 1.0)
    b = crlb_block.loops(gaps, turns, math.pi, 3.0, 1.0)
    np.testing.assert_array_equal(np.isinf(a), np.isinf(b))
    np.testing.assert_allclose(a[np.isfinite(a)], b[np.isfinite(b)], rtol=1e-9)


def test_crlb_trial_is_the_same_with_and_without_numba(monkeypatch):
    from isacnet.simulate.coop import crlb_trial

    fast = crlb_trial(np.random.default_rng(5), 5000, 7, 2.0)["crlb"]
    monkeypatch.setenv("ISACNET_NO_NUMBA", "1")
    plain = crlb_trial(np.random.default_rng(5), 5000, 7, 2.0)["crlb"]
    np.testing.assert_array_equal(fast, plain)


def test_cos_sin_twins_are_identical_and_accurate():
    import numba

    from isacnet.geometry import cos_sin
    from isacnet.geometry._ppp_loops import cos_sin_point

    @numba.njit
    def loop(t):
        c, s = np.empty(t.size), np.empty(t.size)
        for i in range(t.size):
            c[i], s[i] = cos_sin_point(t[i])
        return c, s

    t = np.concatenate([np.random.default_rng(1).uniform(0.0, 2 * np.pi, 300_000),
                        np.random.default_rng(2).uniform(-1e3, 1e3, 100_000), np.arange(9) * np.pi / 4])
    c, s = cos_sin(t)
    c2, s2 = loop(t)
    np.testing.assert_array_equal(c, c2)
    np.testing.assert_array_equal(s, s2)
    # within an ulp of libm away from the zeros, and 1e-20 absolute near them (two-part pi/2)
    for ours, ref in ((c, np.cos(t)), (s, np.sin(t))):
        err = np.abs(ours - ref)
        assert np.all(err <= np.maximum(np.spacing(np.abs(ref)), 1e-20) + 1e-300)


@pytest.mark.parametrize("alpha", [4.0, 3.3])
def test_interference_sum_twins(alpha):
    from isacnet.geometry.ppp import interference_sum

    rng = np.random.default_rng(3)
    start = rng.exponential(size=3000)
    gaps = rng.standard_exponential((3000, 150))
    gains = rng.gamma(2.0, size=(3000, 150))
    a_total, a_last = interference_sum.numpy(start, gaps, gains, 0.7, alpha)
    b_total, b_last = interference_sum.loops(start, gaps, gains, 0.7, alpha)
    np.testing.assert_array_equal(a_last, b_last)  # the same sequential arrival times
    # positive terms summed pairwise (NumPy) or in order: relative difference below m eps = 3e-14
    np.testing.assert_allclose(a_total, b_total, rtol=150 * 2.2e-16)


@pytest.mark.parametrize("num_nulled", [1, 2, 4])
def test_hole_interference_twins(num_nulled):
    from isacnet.simulate.nulling._typical import hole_interference

    rng = np.random.default_rng(num_nulled)
    gaps = rng.standard_exponential((700, 128), dtype=np.float32)
    theta = rng.uniform(0.0, 2 * np.pi, (700, 128))
    gains = rng.standard_gamma(2.0, (700, 128 - num_nulled))
    for alpha in (4.0, 3.5):
        a = hole_interference.numpy(gaps, theta, gains, np.pi * 1e-6, alpha, num_nulled)
        b = hole_interference.loops(gaps, theta, gains, np.pi * 1e-6, alpha, num_nulled)
        np.testing.assert_array_equal(a[0], b[0])
        np.testing.assert_array_equal(a[2], b[2])
        np.testing.assert_allclose(a[1], b[1], rtol=128 * 2.2e-16)


@pytest.mark.parametrize("num_cells", [1, 3, 7])
def test_glrt_statistics_twins(num_cells):
    from isacnet.channel.power import complex_normal
    from isacnet.simulate.power import draw_symbols, glrt_statistics

    rng = np.random.default_rng(num_cells)
    x = draw_symbols(rng, (800, 60, num_cells), "gaussian")
    n1, n0 = complex_normal(rng, (800, 60), 2.0), complex_normal(rng, (800, 60), 2.0)
    sqrt_p = np.sqrt(rng.uniform(0.1, 1.0, num_cells))
    h = complex_normal(rng, num_cells)
    a = glrt_statistics.numpy(x, sqrt_p, h, n1, n0, 2.0)
    b = glrt_statistics.loops(x, sqrt_p, h, n1, n0, 2.0)
    for u, v in zip(a, b):  # LU solve (NumPy) vs Cholesky (loops) of a well-conditioned Gram matrix
        np.testing.assert_allclose(u, v, rtol=1e-11)


def test_complex_normal_draws_real_then_imaginary_parts():
    from isacnet.channel.power import complex_normal

    var = np.array([[1.0, 4.0], [0.5, 2.0]])
    got = complex_normal(np.random.default_rng(9), var.shape, var)
    rng = np.random.default_rng(9)
    re, im = rng.standard_normal(var.shape), rng.standard_normal(var.shape)
    np.testing.assert_array_equal(got, np.sqrt(var / 2) * (re + 1j * im))


@pytest.mark.parametrize("k", [1, 2, 9, 30])
def test_nearest_on_tori_twins_agree_with_minimum_image_sort(k):
    from isacnet.geometry import wrap_displacement
    from isacnet.simulate.coop._comm import nearest_on_tori

    rng = np.random.default_rng(k)
    side, num = 3.0, 12
    nb = np.maximum(rng.poisson(4 * k + 5, num), k + 1)
    nu = rng.poisson(40, num) + 1
    bs = rng.uniform(0.0, side, (num, nb.max(), 2))
    users = rng.uniform(0.0, side, (num, nu.max(), 2))
    bs_ok = np.arange(nb.max()) < nb[:, None]
    user_ok = np.arange(nu.max()) < nu[:, None]
    a = nearest_on_tori.numpy(bs, bs_ok, users, user_ok, side, k)
    b = nearest_on_tori.loops(bs, bs_ok, users, user_ok, side, k)
    np.testing.assert_array_equal(a[user_ok], b[user_ok])
    for n, u in zip(*np.nonzero(user_ok)):  # independent reference: sort all minimum-image distances
        d = np.hypot(*wrap_displacement(bs[n, : nb[n]] - users[n, u], side).T)
        np.testing.assert_array_equal(a[n, u], np.argsort(d)[:k])


def test_admit_requests_twins():
    from isacnet.simulate.coop._comm import admit_requests

    rng = np.random.default_rng(1)
    group = rng.integers(0, 50, 20_000)
    key = rng.random(group.size)
    capacity = rng.integers(0, 600, 51).astype(float)
    capacity[-1] = 0.0
    a = admit_requests.numpy(group, key, capacity)
    np.testing.assert_array_equal(a, admit_requests.loops(group, key, capacity))
    for g in range(51):  # each group keeps exactly its capacity (or everything), the smallest keys
        k = np.sort(key[group == g])
        got = key[(group == g) & a]
        assert got.size == min(capacity[g], k.size)
        np.testing.assert_array_equal(np.sort(got), k[: got.size])


@pytest.mark.parametrize("k", [1, 6, 25])
def test_query_tori_twins_match_the_periodic_tree(k):
    from isacnet.simulate.nulling._system import query_tori

    rng = np.random.default_rng(k)
    side = 500.0
    counts = np.array([k + 1, 60, 700, 3 * k + 5])  # tiny networks make the rings wrap: the full scan
    first = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    bs = rng.uniform(0.0, side, (first[-1], 2))
    net = rng.integers(0, counts.size, 5000).astype(np.int64)
    xy = rng.uniform(0.0, side, (5000, 2))
    a_dist, a_idx = query_tori.numpy(bs, first, side, xy, net, k)
    b_dist, b_idx = query_tori.loops(bs, first, side, xy, net, k)
    np.testing.assert_array_equal(a_idx, b_idx)
    np.testing.assert_array_equal(a_dist, b_dist)  # the tree's periodic wrap, bit for bit
    assert np.all((a_idx >= first[net][:, None]) & (a_idx < first[net + 1][:, None]))  # never another network


def test_subset_by_priority_twins():
    from isacnet.simulate.nulling._system import subset_by_priority

    rng = np.random.default_rng(2)
    group = rng.integers(0, 400, 30_000)
    key = rng.random(group.size)
    capacity = rng.integers(-2, 120, 400)
    np.testing.assert_array_equal(subset_by_priority.numpy(group, key, capacity),
                                  subset_by_priority.loops(group, key, capacity))


def test_nulling_system_level_is_the_same_with_and_without_numba(monkeypatch):
    from isacnet.models.nulling import NullingModel
    from isacnet.simulate.nulling import system_level_trial

    cfg = dict(num_users=3, cluster_size_comm=2, num_targets=2, cluster_size_sense=3, mean_num_bs=300)
    fast = system_level_trial(np.random.default_rng(4), 2, NullingModel(), **cfg)
    monkeypatch.setenv("ISACNET_NO_NUMBA", "1")
    plain = system_level_trial(np.random.default_rng(4), 2, NullingModel(), **cfg)
    assert fast.keys() == plain.keys()
    for name in fast:
        np.testing.assert_array_equal(fast[name], plain[name])
