"""GLRT detection metrics of paper ``power`` (003): eq. (8), (10b), (12) and their inverses."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, special, stats

from isacnet.channel.power import complex_normal
from isacnet.errors import InputError
from isacnet.metrics.detection import (
    detection_probability,
    detection_threshold,
    false_alarm_probability,
    glrt_statistic,
    marcum_q,
    min_sensing_snr,
)
from isacnet.simulate.power import draw_symbols, glrt_trial


def _marcum_q_quad(m, a, b):
    """Independent re-derivation: Q_M(a, b) = int_b^inf x (x/a)^(M-1) exp(-(x^2+a^2)/2) I_{M-1}(a x) dx."""
    f = lambda x: x * (x / a) ** (m - 1) * np.exp(-((x - a) ** 2) / 2) * special.ive(m - 1, a * x)  # noqa: E731
    return integrate.quad(f, b, np.inf, epsabs=1e-13, epsrel=1e-11)[0]


@pytest.mark.parametrize("num", [1, 2, 3, 5])
def test_pfa_is_chi_square_tail_of_2T(num):
    # Source: 2T ~ chi^2_{2L} under H0 (spec 003 §2), so P_FA = chi2.sf(2 delta, 2L).
    delta = np.array([0.1, 1.0, 5.0, 20.0])
    np.testing.assert_allclose(false_alarm_probability(delta, num), stats.chi2.sf(2 * delta, 2 * num), rtol=1e-12)


@pytest.mark.parametrize("num", [1, 3, 8])
def test_threshold_inverts_pfa(num):
    pfa = np.array([1e-9, 1e-6, 1e-3, 0.1, 0.5])
    delta = detection_threshold(pfa, num)
    np.testing.assert_allclose(false_alarm_probability(delta, num), pfa, rtol=1e-10)


def test_threshold_section_v_value():
    # Source: mpmath-free check, the L = 1 case has delta = -ln(P_FA) in closed form.
    assert detection_threshold(1e-6, 1) == pytest.approx(6 * np.log(10), rel=1e-12)


@pytest.mark.parametrize("m,a,b", [(1, 1.0, 1.5), (2, 3.0, 2.0), (3, 5.0, 6.3), (5, 0.5, 4.0), (3, 10.0, 6.0)])
def test_marcum_q_matches_integral_definition(m, a, b):
    assert marcum_q(m, a, b) == pytest.approx(_marcum_q_quad(m, a, b), rel=1e-8, abs=1e-14)


def test_marcum_q_central_limit_and_first_order():
    # a = 0: Q_M(0, b) = Q(M, b^2/2); M = 1: Q_1(a, 0) = 1.
    assert marcum_q(3, 0.0, 2.0) == pytest.approx(special.gammaincc(3, 2.0), rel=1e-12)
    assert marcum_q(1, 2.0, 0.0) == pytest.approx(1.0)


def test_pod_at_zero_snr_equals_pfa():
    delta = detection_threshold(1e-3, 3)
    assert detection_probability(0.0, delta, 3) == pytest.approx(1e-3, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.0, 200.0), st.floats(0.01, 50.0), st.integers(1, 6))
def test_pod_increases_with_snr(s, ds, num):
    delta = detection_threshold(1e-4, num)
    assert detection_probability(s + ds, delta, num) >= detection_probability(s, delta, num) - 1e-15


@pytest.mark.parametrize("num", [1, 3, 6])
@pytest.mark.parametrize("pod", [0.3, 0.7, 0.99])
def test_min_sensing_snr_inverts_pod(num, pod):
    delta = detection_threshold(1e-6, num)
    s = min_sensing_snr(pod, delta, num)
    assert detection_probability(s, delta, num) == pytest.approx(pod, rel=1e-9)


def test_min_sensing_snr_zero_when_pfa_meets_requirement():
    delta = detection_threshold(0.2, 2)
    assert min_sensing_snr(0.1, delta, 2) == 0.0


def test_section_v_sensing_snr_requirement():
    # Spec 003 §3 (18): zeta_th solves Q_L(sqrt(2 N zeta), sqrt(2 delta)) = xi. L = 3, P_FA = 1e-6, xi = 0.7:
    # independent bisection on scipy.stats.ncx2 with the threshold computed from chi2.isf.
    delta = stats.chi2.isf(1e-6, 6) / 2
    lo, hi = 0.0, 200.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if stats.ncx2.sf(2 * delta, 6, 2 * mid) < 0.7 else (lo, mid)
    assert min_sensing_snr(0.7, detection_threshold(1e-6, 3), 3) == pytest.approx(lo, rel=1e-8)


def test_glrt_statistic_is_projection_energy():
    # Independent: ||Q^H y||^2 / sigma^2 with Q an orthonormal basis of range(X) (QR).
    rng = np.random.default_rng(4)
    x = complex_normal(rng, (5, 12, 3))
    y = complex_normal(rng, (5, 12))
    t = glrt_statistic(y, x, 2.0)
    for k in range(5):
        q, _ = np.linalg.qr(x[k])
        assert t[k] == pytest.approx(np.linalg.norm(q.conj().T @ y[k]) ** 2 / 2.0, rel=1e-10)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, 1.5])
def test_pfa_outside_unit_interval_rejected(bad):
    with pytest.raises(InputError, match="pfa"):
        detection_threshold(bad, 3)


def test_fewer_samples_than_cells_rejected():
    x = np.ones((2, 3), dtype=complex)
    with pytest.raises(InputError, match="num_samples"):
        glrt_statistic(np.ones(2, dtype=complex), x, 1.0)


def test_negative_snr_rejected():
    with pytest.raises(InputError, match="sensing_snr"):
        detection_probability(-1.0, 1.0, 2)


# -- the detector against Monte Carlo at several SNRs and L (fixed seeds, 4 SE) ------------------
@pytest.mark.parametrize("num,n,scale", [(1, 8, 0.4), (2, 16, 0.2), (3, 30, 0.06), (3, 30, 0.12), (5, 50, 0.05)])
def test_glrt_simulation_matches_exact_pod_given_x(num, n, scale):
    rng = np.random.default_rng(1000 + num)
    sym = draw_symbols(rng, (n, num))
    h = complex_normal(rng, num)
    p = scale * np.ones(num)
    delta = detection_threshold(1e-2, num)
    x = sym * np.sqrt(p)
    s = np.linalg.norm(x @ h) ** 2  # h^H X^H X h / sigma^2, sigma^2 = 1
    expected = detection_probability(s, delta, num)  # eq. (12), 4th line
    out = glrt_trial(rng, 40_000, powers=p, channel=h, noise_power=1.0, num_samples=n, threshold=delta,
                     fixed_symbols=sym)
    se = np.sqrt(expected * (1 - expected) / 40_000)
    assert abs(out["detected"].mean() - expected) <= 4 * se + 1e-12
    se0 = np.sqrt(1e-2 * (1 - 1e-2) / 40_000)
    assert abs(out["false_alarm"].mean() - 1e-2) <= 4 * se0


def test_rao_blackwell_pod_matches_detector():
    # The mean of the conditional PoD (eq. (12) given X) and the detector's hit rate estimate the same
    # probability (tower property); both from 40 000 independent symbol blocks.
    rng = np.random.default_rng(7)
    h = np.array([0.9 + 0.1j, -0.4 + 0.6j, 0.3 - 0.2j])
    delta = detection_threshold(1e-3, 3)
    out = glrt_trial(rng, 40_000, powers=0.1 * np.ones(3), channel=h, noise_power=1.0, num_samples=100,
                     threshold=delta, pfa=1e-3)
    d, e = out["detected"], out["pod_exact"]
    se = np.sqrt(d.var() / d.size + e.var() / e.size)
    assert 0.05 < e.mean() < 0.95
    assert abs(d.mean() - e.mean()) <= 4 * se
