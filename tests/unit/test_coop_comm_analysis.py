"""Closed forms of the coop communication side (Lemma 2, Lemma 3, Theorem 2, eq. (33), (35)-(38)).

Reference values are re-derived independently here (scipy.integrate.quad, direct Poisson sums).
"""

import itertools

import numpy as np
import pytest
from scipy import integrate, special, stats

from isacnet.analysis._kernels import interference_kernel
from isacnet.analysis.coop import (
    comp_rate,
    comp_rate_single,
    h1_kernel,
    h2_kernel,
    kappa_comm,
    kappa_comm_eta,
    mean_eta,
    optimal_cluster_size_comm,
    optimal_eta,
    rate_mean_sir,
)
from isacnet.errors import InputError


@pytest.mark.parametrize("x,K,alpha,eta",
                         [(0.3, 3, 4.0, 0.5), (5.0, 1, 3.5, 0.2), (100.0, 3, 4.0, 0.9), (0.01, 2, 5.0, 0.05)])
def test_h_kernel_matches_its_integral(x, K, alpha, eta):
    # Definition (spec 000 §9): H = 2 int_{1/eta}^inf (1 - (1 + x y^-alpha)^-K) y dy, by mpmath at 30 digits.
    import mpmath
    mpmath.mp.dps = 30
    ref = 2 * mpmath.quad(lambda y: (1 - (1 + x * y**-alpha) ** -K) * y, [1 / eta, 10 / eta, 1e3 / eta, mpmath.inf])
    assert interference_kernel(x, K, alpha, eta) == pytest.approx(float(ref), rel=1e-10)


def test_h1_h2_definitions():
    x, K, alpha, eta = 2.0, 3, 4.0, 0.4
    ref1 = 2 * integrate.quad(lambda y: (1 - (1 + x * y**-alpha) ** -K) * y, 1.0, 1 / eta, epsrel=1e-12)[0]
    assert h1_kernel(x, K, alpha, eta) == pytest.approx(ref1, rel=1e-9)
    ref2 = 2 * integrate.quad(lambda y: (1 - 1 / (1 + x * y**-alpha)) * y, 1 / eta, np.inf, epsrel=1e-12)[0]
    assert h2_kernel(x, alpha, eta) == pytest.approx(ref2, rel=1e-8)


def _kappa_direct(m, psi):
    # Lemma 2 (25) as a direct sum: Q(psi, m) + sum_{n >= psi} (psi-1)/(n-1) Pois(n; m)
    n = np.arange(psi, 2000)
    return special.gammaincc(psi, m) + np.sum((psi - 1) / (n - 1) * stats.poisson.pmf(n, m))


@pytest.mark.parametrize("L,mu,psi", [(1, 1.0, 15), (5, 1.0, 15), (12, 1.0, 15), (3, 5.0, 15), (20, 5.0, 8)])
def test_kappa_comm_is_lemma2(L, mu, psi):
    lbar = np.exp(2 * (special.gammaln(L + 0.5) - special.gammaln(L)))
    assert float(kappa_comm(L, mu, psi)) == pytest.approx(_kappa_direct(mu * lbar, psi), abs=1e-12)


def test_kappa_comm_monotone_and_limits():
    k = kappa_comm(np.arange(1, 40), 1.0, 15)
    assert np.all(np.diff(k) <= 1e-15) and k[0] == pytest.approx(1.0, abs=1e-9)
    assert float(kappa_comm(30, 1e-9, 15)) == pytest.approx(1.0, abs=1e-9)
    # heavy load: kappa ~ (psi - 1) / m
    assert float(kappa_comm(30, 100.0, 15)) == pytest.approx(14 / (100 * 29.75), rel=0.05)


def test_l1_rate_matches_andrews():
    # M_t - 1 = 1, p^c = P^t, alpha = 4: R = int_0^inf dt / (1 + rho(e^t - 1)),
    # rho(x) = sqrt(x) (pi/2 - arctan(1/sqrt(x))) (Andrews, Baccelli, Ganti 2011): 1.49 nats.
    rho = lambda x: np.sqrt(x) * (np.pi / 2 - np.arctan(1 / np.sqrt(x)))  # noqa: E731
    ref = integrate.quad(lambda t: 1 / (1 + rho(np.expm1(t))), 0, 700, epsrel=1e-12, limit=200)[0]
    assert ref == pytest.approx(1.49, abs=0.005)
    assert comp_rate_single(1.0, 1.0, 2, 4.0) == pytest.approx(ref, rel=1e-8)


def _thm2_nested_quad(L, kappa, pc, pt, M, alpha, printed=False):
    """Theorem 2 (29) by scipy's nested adaptive quad (reference for the 1e-4 requirement)."""
    def inner(z):
        def f(eta):
            fe = 2 * (L - 1) * eta * (1 - eta**2) ** (L - 2)
            den_i = 1 + (1 - kappa) * h1_kernel(z * pt, 1, alpha, eta) + h2_kernel(z * pt, alpha, eta)
            sx = z * pt if printed else z * pc
            return fe * (1 / den_i - (1 + pc * z) ** (1 - M) / (den_i + kappa * h1_kernel(sx, M - 1, alpha, eta)))
        return integrate.quad(f, 0, 1, epsabs=1e-13, epsrel=1e-11, limit=200)[0] / z
    # z = e^t; integrate over t
    return integrate.quad(lambda t: inner(np.exp(t)) * np.exp(t), -40, 60, epsabs=1e-12, epsrel=1e-10, limit=400)[0]


@pytest.mark.parametrize("L,kappa,pc,printed", [(3, 1.0, 0.5, False), (6, 0.7, 0.3, False), (4, 0.8, 1.0, True)])
def test_theorem2_matches_nested_quad(L, kappa, pc, printed):
    ref = _thm2_nested_quad(L, kappa, pc, 1.0, 4, 4.0, printed)
    got = comp_rate(L, kappa, pc, 1.0, 4, 4.0, form="printed" if printed else "corrected")
    assert got == pytest.approx(ref, rel=1e-6)  # requirement 1e-4; we measure < 1e-7


def test_spec_numbers_theorem2():
    # spec 000 §9: M_t=4, p^c=0.5, P^t=1, alpha=4, L=3, kappa=1: corrected 3.180, printed 3.389, MC 3.063 +- 0.011
    assert comp_rate(3, 1.0, 0.5, 1.0, 4) == pytest.approx(3.180, abs=1e-3)
    assert comp_rate(3, 1.0, 0.5, 1.0, 4, form="printed") == pytest.approx(3.389, abs=2e-3)
    assert comp_rate(3, 1.0, 0.5, 1.0, 4, form="exact") == pytest.approx(3.063, abs=3 * 0.011)


@pytest.mark.parametrize("form", ["corrected", "exact", "printed"])
def test_no_acceptance_reduces_to_l1(form):
    # kappa_c = 0: every in-cluster BS interferes; the whole PPP beyond d_1 interferes -> eq. (33).
    r1 = comp_rate_single(0.6, 1.0, 4, 4.0)
    for L in (2, 5, 12):
        assert comp_rate(L, 0.0, 0.6, 1.0, 4, 4.0, form=form) == pytest.approx(r1, rel=1e-6)


def test_quadrature_converged():
    for var in ("corrected", "exact"):
        for L, k in ((2, 0.5), (8, 0.9), (30, 0.4)):
            a = comp_rate(L, k, 0.5, 1.0, 4, form=var)
            b = comp_rate(L, k, 0.5, 1.0, 4, form=var, z_step=0.05, num_eta=200)
            assert a == pytest.approx(b, rel=1e-5)


def test_printed_variant_exceeds_corrected():
    # H_1(z P^t, ...) >= H_1(z p^c, ...) makes the signal Laplace term smaller -> larger "rate".
    assert comp_rate(5, 0.9, 0.4, 1.0, 4, form="printed") > comp_rate(5, 0.9, 0.4, 1.0, 4)
    assert comp_rate(5, 0.9, 1.0, 1.0, 4, form="printed") == pytest.approx(comp_rate(5, 0.9, 1.0, 1.0, 4), rel=1e-12)


def test_rate_increases_with_power_comm():
    r = [comp_rate(4, 0.8, pc, 1.0, 4) for pc in (0.1, 0.3, 0.6, 1.0)]
    assert np.all(np.diff(r) > 0)


def test_mean_eta_against_sampling():
    rng = np.random.default_rng(3)
    for L in (2, 5, 20):
        g = np.cumsum(rng.standard_exponential((200_000, L)), axis=1)
        eta = np.sqrt(g[:, 0] / g[:, -1])
        assert float(mean_eta(L)) == pytest.approx(eta.mean(), abs=4 * eta.std() / np.sqrt(eta.size))


def test_optimal_eta_is_grid_argmax():
    mu, psi = 1.0, 15
    grid = np.linspace(0.05, 0.99, 20_000)
    obj = kappa_comm_eta(grid, mu, psi) * (1 - grid**2)
    assert optimal_eta(mu, psi) == pytest.approx(grid[np.argmax(obj)], abs=2e-3)


def test_optimal_cluster_decreases_with_user_ratio():
    # Section IV-B: the optimum shrinks as lambda_u / lambda_b grows.
    ls = [optimal_cluster_size_comm(mu, 15) for mu in (0.5, 1.0, 2.0, 5.0)]
    assert all(a >= b for a, b in itertools.pairwise(ls)) and ls[0] > ls[-1]
    ls = [optimal_cluster_size_comm(mu, 15, method="surrogate") for mu in (0.5, 1.0, 2.0, 5.0)]
    assert all(a >= b for a, b in itertools.pairwise(ls)) and ls[0] > ls[-1]


def test_mean_sir_surrogate_increases_with_f():
    r = rate_mean_sir(5, np.array([0.2, 0.5, 0.9]), 1.0, 1.0, 4)
    assert np.all(np.diff(r) > 0)


@pytest.mark.parametrize("kwargs,field", [
    (dict(cluster_size_comm=0), "cluster_size_comm"),
    (dict(power_comm=1.2), "power_comm"),
    (dict(kappa=1.5), "kappa"),
    (dict(pathloss_exp=2.0), "pathloss_exp"),
    (dict(num_tx_antennas=1), "num_tx_antennas"),
    (dict(form="fancy"), "rate_form"),
])
def test_bad_inputs(kwargs, field):
    args = dict(cluster_size_comm=3, kappa=0.5, power_comm=0.5, power_total=1.0, num_tx_antennas=4, pathloss_exp=4.0)
    args.update(kwargs)
    with pytest.raises(InputError) as e:
        comp_rate(**args)
    assert e.value.field == field
