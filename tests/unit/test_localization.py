"""FIM of distributed non-coherent MIMO radar (coop eq. (5)-(7)): O(N) sums vs the double sum,
invariances, scaling."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isacnet.metrics.localization import crlb_trace, fim_matrix, gdop, zeta_squared


def _naive_fim(theta, d, beta):
    F = np.zeros((2, 2))
    for i in range(len(theta)):
        for j in range(len(theta)):
            a = np.cos(theta[i]) + np.cos(theta[j])
            b = np.sin(theta[i]) + np.sin(theta[j])
            F += d[i] ** -beta * d[j] ** -beta * np.array([[a * a, a * b], [a * b, b * b]])
    return F


@settings(max_examples=50, deadline=None)
@given(st.integers(2, 9), st.integers(0, 2**31), st.sampled_from([2.0, 2.5, 4.0]))
def test_o_n_sums_equal_double_sum(n, seed, beta):
    rng = np.random.default_rng(seed)
    theta = rng.uniform(0, 2 * np.pi, n)
    d = rng.uniform(10, 1000, n)
    F = fim_matrix(theta, d, beta)
    ref = _naive_fim(theta, d, beta)
    np.testing.assert_allclose(F, ref, rtol=1e-10, atol=0)
    if np.linalg.cond(ref) < 1e8:
        assert crlb_trace(theta, d, beta) == pytest.approx(np.trace(np.linalg.inv(ref)), rel=1e-7)


def _positions_to_polar(bs, target):
    delta = bs - target
    return np.arctan2(delta[:, 1], delta[:, 0]), np.linalg.norm(delta, axis=1)


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 8), st.integers(0, 2**31))
def test_rotation_translation_invariance_and_scaling(n, seed):
    rng = np.random.default_rng(seed)
    bs = rng.uniform(-1000, 1000, (n, 2))
    target = rng.uniform(-100, 100, 2)
    beta = 2.0
    base = crlb_trace(*_positions_to_polar(bs, target), beta)
    phi = rng.uniform(0, 2 * np.pi)
    rot = np.array([[np.cos(phi), -np.sin(phi)], [np.sin(phi), np.cos(phi)]])
    shift = rng.uniform(-500, 500, 2)
    moved = crlb_trace(*_positions_to_polar(bs @ rot.T + shift, rot @ target + shift), beta)
    assert moved == pytest.approx(base, rel=1e-8)
    c = rng.uniform(0.2, 5)
    scaled = crlb_trace(*_positions_to_polar(c * bs, c * target), beta)
    assert scaled == pytest.approx(c ** (2 * beta) * base, rel=1e-8)  # tr F^-1 scales as c^(2 beta)


def test_singular_geometries_are_infinite():
    assert np.isinf(gdop(np.array([0.3])))  # one BS cannot localise in 2-D
    assert np.isinf(gdop(np.array([0.3, 0.3 + np.pi, 0.3])))  # collinear with the target


def test_equidistant_symmetric_geometry():
    # N >= 3 BSs evenly spread: sum c = sum s = 0 and sum c^2 = sum s^2 = N/2, so
    # A = 2N sum c^2 + 2 (sum c)^2 = N^2 = B and C = 0: GDoP = 2N^2 / N^4 = 2/N^2 exactly (Cor. 1's law).
    for n in (3, 4, 7):
        theta = 2 * np.pi * np.arange(n) / n
        assert gdop(theta) == pytest.approx(2 / n**2, rel=1e-12)


def test_zeta_squared_eq8():
    # p^s G_t G_r B^2 sigma / (8 pi f_c^2 sigma_s^2)
    z = zeta_squared(0.5, 3, 5, 50e6, 5e9, 1e-11, 1.0)
    assert z == pytest.approx(0.5 * 3 * 5 * 50e6**2 / (8 * np.pi * 5e9**2 * 1e-11))
