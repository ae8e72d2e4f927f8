"""Closed-form distributions (#15) against independent computations: identities, special cases, mpmath."""

import itertools

import mpmath as mp
import numpy as np
import pytest
from scipy import special

from isacnet.analysis import nulling as an
from isacnet.analysis._kernels import interference_kernel
from isacnet.analysis.coop import comp_rate, exponential_gain_kernel, gdop_tail_index, sir_coverage_comp
from isacnet.analysis.deploy import crlb_cdf_quadrature
from isacnet.analysis.power import hypoexponential_cdf
from isacnet.geometry.regions import horizontal_plane
from isacnet.metrics.deploy import coverage_probability, crlb


def _rate_from_coverage(coverage, *, lo=-16.0, hi=46.0, panels=8, order=24):
    """int_0^inf P(SIR > t) / (1 + t) dt on ln t (composite Gauss-Legendre)."""
    x, w = special.roots_legendre(order)
    edges = np.linspace(lo, hi, panels + 1)
    u = np.concatenate([0.5 * (b - a) * x + 0.5 * (a + b) for a, b in itertools.pairwise(edges)])
    wu = np.concatenate([0.5 * (b - a) * w for a, b in itertools.pairwise(edges)])
    t = np.exp(u)
    return float(np.sum(wu * coverage(t) * t / (1 + t)))


# -- nulling -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("mt, k, cl", [(20, 1, 1), (20, 1, 3), (20, 5, 2), (10, 2, 4), (4, 1, 1)])
@pytest.mark.parametrize("law", ["joint", "independent"])
def test_nulling_coverage_integrates_to_theorem_1(mt, k, cl, law):
    # E ln(1 + SIR) = int P(SIR > t)/(1 + t) dt: the coverage must give Theorem 1's rate in the same law
    rate = _rate_from_coverage(lambda t: an.sir_coverage_comm(t, mt, k, cl, eta_law=law))
    assert rate == pytest.approx(an.rate_comm_theorem1(mt, k, cl, eta_law=law), rel=2e-5)


def test_nulling_coverage_single_antenna_is_andrews():
    # M = 1 (M_t = K L = 1), Rayleigh signal, alpha = 4: P = 1 / (1 + sqrt(t) (pi/2 - arctan(1/sqrt(t))))
    # (Andrews, Baccelli, Ganti 2011, eq. (20); the reference of tests/unit/test_geometry.py)
    t = np.array([0.1, 1.0, 10.0, 100.0])
    andrews = 1.0 / (1.0 + np.sqrt(t) * (np.pi / 2 - np.arctan(1 / np.sqrt(t))))
    np.testing.assert_allclose(an.sir_coverage_comm(t, 1, 1, 1), andrews, rtol=1e-10)


@pytest.mark.parametrize("n", [1, 2, 5, 12])
def test_kernel_taylor_coefficients_are_the_derivatives(n):
    # h_n = (-theta)^n / n! d^n H / ds^n at theta with the derivative taken under the integral of nulling (37):
    # d^n/ds^n (1 - (1 + s u)^-K) = -(-1)^n (K)_n u^n (1 + s u)^(-K-n), u = y^-alpha, integrated by mpmath
    from isacnet.analysis.nulling import _kernel_taylor

    theta, k, alpha, eta = 2.5, 3.0, 4.0, 0.6
    u = lambda y: y ** -alpha  # noqa: E731
    integral = 2 * mp.quad(lambda y: (theta * u(y)) ** n * (1 + theta * u(y)) ** (-k - n) * y, [1 / eta, 5, mp.inf])
    expected = -mp.rf(k, n) / mp.factorial(n) * integral
    assert float(_kernel_taylor(theta, k, alpha, eta, n)[n]) == pytest.approx(float(expected), rel=1e-10)
    kernel = 2 * mp.quad(lambda y: (1 - (1 + theta * u(y)) ** -k) * y, [1 / eta, 5, mp.inf])
    assert float(_kernel_taylor(theta, k, alpha, eta, 0)[0]) == pytest.approx(float(kernel), rel=1e-10)


# -- coop ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("x, eta, alpha", [(0.3j, 1.0, 4.0), (25j, 0.4, 4.0), (1e4j, 0.05, 3.5), (2.0 + 1j, 0.7, 3.0)])
def test_exponential_gain_kernel_is_its_integral(x, eta, alpha):
    expected = complex(2 * mp.quad(lambda y: x * y ** (1 - alpha) / (1 + x * y ** -alpha), [1 / eta, 10 / eta, mp.inf]))
    assert complex(exponential_gain_kernel(x, alpha, eta)) == pytest.approx(expected, rel=1e-10)
    assert exponential_gain_kernel(3.0, alpha, eta).real == pytest.approx(interference_kernel(3.0, 1.0, alpha, eta))


def test_coop_coverage_without_cooperation_and_exponential_signal():
    # L = 1, M_t = 2: S = g ~ Exp(p^c), so P(S > t I) = E e^{-t I / p^c} = 1 / (1 + H(t P^t / p^c, 1, alpha, 1)):
    # a closed form that does not need the Gil-Pelaez inversion
    t = np.array([0.05, 0.5, 3.0, 40.0, 900.0])
    direct = 1.0 / (1.0 + interference_kernel(t * 1.0 / 0.6, 1.0, 4.0, 1.0))
    np.testing.assert_allclose(sir_coverage_comp(t, 1, 1.0, 0.6, 1.0, 2), direct, atol=1e-8)


@pytest.mark.parametrize("cl, kappa, pc, mt", [(1, 1.0, 1.0, 4), (2, 0.7, 0.6, 4), (5, 0.8, 0.7, 4), (3, 0.0, 0.5, 8)])
def test_coop_coverage_integrates_to_the_exact_rate(cl, kappa, pc, mt):
    rate = _rate_from_coverage(lambda t: sir_coverage_comp(t, cl, kappa, pc, 1.0, mt), panels=6)
    assert rate == pytest.approx(comp_rate(cl, kappa, pc, 1.0, mt, form="exact"), rel=2e-6)


def test_tail_index_and_bad_thresholds():
    assert list(gdop_tail_index([1, 3, 4, 20])) == [0.0, 1.0, 1.5, 9.5]
    from isacnet.errors import InputError

    with pytest.raises(InputError):
        sir_coverage_comp(0.0, 2, 0.5, 1.0, 1.0, 4)
    with pytest.raises(InputError):
        an.sir_coverage_comm(-1.0, 20, 1, 1)


# -- power -------------------------------------------------------------------------------------------
def test_hypoexponential_matches_erlang_and_expm_near_ties():
    x = np.array([0.1, 1.0, 3.0, 10.0])
    # equal scales: Erlang(3, a), P = gammainc(3, x / a); the phase-type path handles the tie
    np.testing.assert_allclose(hypoexponential_cdf(x, [2.0, 2.0, 2.0]), special.gammainc(3, x / 2.0), rtol=1e-10)
    # near ties agree with the tie and with distinct scales on either side of the switch
    near = hypoexponential_cdf(x, [2.0, 2.0 * (1 + 2e-4), 2.0 * (1 + 4e-4)])
    close = hypoexponential_cdf(x, [2.0, 2.0 * (1 + 5e-5), 2.0 * (1 + 1e-4)])
    np.testing.assert_allclose(near, close, rtol=5e-4)
    # two scales: 1 - (a e^{-x/a} - b e^{-x/b}) / (a - b)
    a, b = 1.0, 3.0
    np.testing.assert_allclose(hypoexponential_cdf(x, [a, b]), 1 - (a * np.exp(-x / a) - b * np.exp(-x / b)) / (a - b),
                               rtol=1e-12)


# -- deploy --------------------------------------------------------------------------------------------
def test_crlb_quadrature_is_the_weighted_share_of_the_grid():
    region = horizontal_plane([0, 0], 200.0, 200.0, 100.0)
    layout = np.array([[-80.0, -60, 20], [90, -40, 30], [10, 85, 15], [0, 0, 60]])
    gammas = np.geomspace(1e-3, 10, 9)
    pts, w = region.grid(50)
    expected = coverage_probability(crlb(pts, layout, 1e3, 2.0), gammas, w)
    np.testing.assert_allclose(crlb_cdf_quadrature(gammas, region, layout, 1e3, 2.0, 50), expected, atol=1e-12)
    f = crlb_cdf_quadrature(np.geomspace(1e-6, 1e6, 50), region, layout, 1e3, 2.0, 50)
    assert np.all(np.diff(f) >= 0) and f[0] == 0 and f[-1] == pytest.approx(1.0, abs=1e-12)
