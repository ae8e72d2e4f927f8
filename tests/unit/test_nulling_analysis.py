"""nulling (001) closed forms vs independent re-derivations and the spec's reference values.

Reference values: spec 001 §2 (Theorem 1/2 table, computed by the spec author with
adaptive quadrature), §3 (Lemma 2 table), §4 (Prop. 3 / Theorem 3). Independent checks use
scipy's nested ``quad`` on the defining integrals.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, special

from isacnet.analysis import nulling as an
from isacnet.analysis._kernels import interference_kernel
from isacnet.errors import InputError


def test_andrews_reference():
    # spec 001 §2: K = 1, L = 1, M = 1, alpha = 4 -> 1.489 nats (Andrews et al. 2011: 1.49)
    assert an.rate_comm_theorem1(1, 1, 1, 0, 1, 4.0) == pytest.approx(1.4890, abs=5e-4)


@pytest.mark.parametrize("k, cl, thm1, thm2", [
    (1, 1, 4.183, 4.076), (1, 3, 5.227, 4.644), (5, 1, 2.444, 2.438),
    (5, 2, 2.798, 2.463), (5, 3, 2.619, 2.212), (12, 1, 1.414, 1.427),
])
def test_theorems_spec_table(k, cl, thm1, thm2):
    # spec 001 §2 reference values, M_t = 20, J(Q-1) = 0, alpha = 4
    assert an.rate_comm_theorem1(20, k, cl) == pytest.approx(thm1, abs=1.5e-3)
    assert an.rate_comm_theorem2(20, k, cl) == pytest.approx(thm2, abs=1.5e-3)


def test_theorem1_vs_nested_quad():
    k, cl, m, a = 5, 2, 11, 4.0

    def inner(z):
        def f(e):
            return 2 * (cl - 1) * e * (1 - e * e) ** (cl - 2) / (interference_kernel(z, k, a, e) + 1)

        return integrate.quad(f, 0, 1, limit=200)[0]

    def g(z):
        return (1 - (1 + z) ** (-m)) / z * inner(z)

    ref = integrate.quad(g, 0, 1, limit=200)[0] + integrate.quad(g, 1, np.inf, limit=200)[0]
    assert an.rate_comm_theorem1(20, k, cl) == pytest.approx(ref, rel=1e-6)


@pytest.mark.parametrize("z, k, alpha, eta", [(0.3, 1, 4.0, 1.0), (5.0, 3, 3.5, 0.4), (40.0, 8, 4.0, 0.8)])
def test_kernel_h_against_its_integral(z, k, alpha, eta):
    # mpmath at 30 digits: scipy's quad loses digits to the cancellation in 1 - (1 + x)^-K
    import mpmath as mp
    mp.mp.dps = 30
    ref = float(2 * mp.quad(lambda y: (1 - (1 + z * y ** (-alpha)) ** (-k)) * y, [1 / eta, 10, 100, mp.inf]))
    assert interference_kernel(z, k, alpha, eta) == pytest.approx(ref, rel=1e-8)


@pytest.mark.parametrize("z, alpha", [(0.01, 4.0), (1.0, 3.0), (30.0, 4.0)])
def test_misr_f_closed_form(z, alpha):
    # (42): F = e^-z + z^(2/a) * lower gamma(1 - 2/a, z)
    lower = integrate.quad(lambda t: t ** (-2 / alpha) * np.exp(-t), 0, z)[0]
    assert an.misr_function_f(z, alpha) == pytest.approx(np.exp(-z) + z ** (2 / alpha) * lower, rel=1e-9)


def test_misr_gain_special_values():
    cl = np.arange(1, 8)
    assert np.allclose(an.misr_gain(cl, 4.0), (cl + 1) / 2)  # Prop. 2: alpha = 4
    assert np.allclose(an.misr_gain(cl, 2.0 + 1e-9), 1.0, atol=1e-6)  # Prop. 1: alpha -> 2


def test_prop2_continuous_optimum():
    # spec 001 §2: max_L y(L) = (1/v + 1)^2 / 8 (the seed's 1/4 is wrong)
    mprime, k = 21.0, 3.0
    cls = np.linspace(0.5, mprime / k, 20001)
    y = an.misr_gain(cls, 4.0) * (mprime - k * cls) / k
    assert y.max() == pytest.approx(float(an.misr_signal_term_optimum(k / mprime)), rel=1e-6)


@pytest.mark.parametrize("pathloss_exp, l1, l2", [(3.0, 0.500, 0.274), (3.5, 0.551, 0.299), (4.0, 0.592, 0.318)])
def test_lemma2_table(pathloss_exp, l1, l2):
    assert an.optimal_load_ratio(1, pathloss_exp=pathloss_exp) == pytest.approx(l1, abs=1e-3)
    assert an.optimal_load_ratio(2, pathloss_exp=pathloss_exp) == pytest.approx(l2, abs=1e-3)


def test_lemma2_root_is_maximum_of_g():
    v = an.optimal_load_ratio(1, 4.0)
    grid = np.linspace(0.05, 0.99, 400)
    g = an.load_ratio_objective(grid, 1, 4.0)
    assert abs(grid[np.argmax(g)] - v) < 0.005
    assert an.optimal_num_users(20).num_users == 12


def test_prop3_reference_values():
    # spec 001 §4.1: corrected formula 1.384, without the hole 1.192 (lambda = 1, alpha = 4, beta = 2, K = 2, c = 1)
    assert an.radar_rate_prop3(1.0, 2, 4.0, 2.0, 1.0) == pytest.approx(1.384, abs=1e-3)
    assert an.radar_rate_prop3(1.0, 2, 4.0, 2.0, 1.0, hole=False) == pytest.approx(1.192, abs=1e-3)


def test_prop3_general_path_continuous_at_alpha_2beta():
    exact = an.radar_rate_prop3(1.0, 2, 4.0, 2.0, 1e-6)  # 1/I(z) path, eq. (17)
    near = an.radar_rate_prop3(1.0, 2, 4.0 + 1e-6, 2.0, 1e-6)  # quadrature over v
    assert near == pytest.approx(exact, rel=1e-4)


def test_prop3_density_dependence():
    # spec 001 §4.1: R_s grows with lambda_b iff alpha < 2 beta
    lo, hi = 1e-7, 1e-5
    assert an.radar_rate_prop3(1.0, 1, 3.5, 2.0, hi) > an.radar_rate_prop3(1.0, 1, 3.5, 2.0, lo)
    assert an.radar_rate_prop3(1.0, 1, 4.5, 2.0, hi) < an.radar_rate_prop3(1.0, 1, 4.5, 2.0, lo)


def test_eq17_is_lambda_j_rs():
    assert an.ase_sense_eq17(1e-6, 3, 1.0, 2) == pytest.approx(3e-6 * an.radar_rate_prop3(1.0, 2, 4.0, 2.0, 1e-6))


def test_hole_term_against_quad():
    s, k, a = 0.7, 2, 4.0
    hole = integrate.quad(lambda t: 2 / np.pi * np.arccos(t / 2) * (1 - (1 + s * t ** (-a)) ** (-k)) * t, 0, 2)[0]
    full = k * s ** (2 / a) * special.beta(1 - 2 / a, k + 2 / a) + 1
    assert an.hole_laplace_exponent(s, k, a) == pytest.approx(full - hole, rel=1e-9)


@pytest.mark.parametrize("q, paper, sliv", [(3, 2.433, 2.163), (5, 2.814, 2.642)])
def test_theorem3_spec_values(q, paper, sliv):
    # spec 001 §4.2 (K = 2, c = 1, alpha = 4, beta = 2)
    assert an.radar_rate_theorem3(1.0, 2, q) == pytest.approx(paper, abs=1.5e-3)
    assert an.radar_rate_theorem3(1.0, 2, q, boundary="slivnyak") == pytest.approx(sliv, abs=1.5e-3)


def test_theorem3_general_path_matches_reduced_path():
    a = an.radar_rate_theorem3(1.0, 2, 3, 4.0, 2.0, 1.0)
    b = an.radar_rate_theorem3(1.0, 2, 3, 4.0, 2.0 + 1e-7, 1.0)
    assert b == pytest.approx(a, rel=2e-4)


def test_clutter_lowers_rate_and_vanishes():
    base = an.radar_rate_prop3(1.0, 2, 4.0, 2.0, 1e-6)
    assert an.radar_rate_prop3(1.0, 2, 4.0, 2.0, 1e-6, clutter_density=1e-6, clutter_rcs=1e-2,
                               clutter_min_distance=50.0) < base
    tiny = an.radar_rate_prop3(1.0, 2, 4.0, 2.0, 1e-6, clutter_density=1e-15, clutter_rcs=1e-2,
                               clutter_min_distance=50.0)
    assert tiny == pytest.approx(base, rel=1e-4)


def test_rates_monotone_in_sensing_nulls():
    # Remark 2: T_c decreases with J(Q-1); Theorem 3: R_s increases with Q
    rc = [an.rate_comm_theorem1(20, 5, 1, j, 2) for j in range(0, 10, 3)]
    assert np.all(np.diff(rc) < 0)
    rs = [an.radar_rate(1.0, 1, q) for q in range(1, 8)]
    assert np.all(np.diff(rs) > 0)


@pytest.mark.parametrize("call, field", [
    (lambda: an.rate_comm_theorem1(10, 5, 2, 1, 2), "num_tx_antennas"),  # 5*2 + 1 > 10
    (lambda: an.check_spatial_budget(20, 1, 1, 11, 1, max_targets=10), "num_targets"),
    (lambda: an.rate_comm_theorem2(20, 1, 1, 0, 1, 2.0), "pathloss_exp"),
    (lambda: an.radar_rate_theorem3(1.0, 1, 1), "cluster_size_sense"),
    (lambda: an.radar_rate_theorem3(1.0, 1, 3, boundary="x"), "boundary"),
])
def test_bad_input(call, field):
    with pytest.raises(InputError) as err:
        call()
    assert err.value.field == field



@settings(max_examples=25, deadline=None)
@given(mt=st.integers(2, 30), k=st.integers(1, 6), cl=st.integers(1, 4), pathloss_exp=st.floats(2.5, 6.0))
def test_property_comm_rate_falls_with_sensing_nulls(mt, k, cl, pathloss_exp):
    if k * cl + 1 > mt:
        return
    # one more sensing null removes one diversity order: the rate falls (Remark 2), stays positive
    r0 = an.rate_comm_theorem1(mt, k, cl, 0, 1, pathloss_exp)
    r1 = an.rate_comm_theorem1(mt, k, cl, 1, 2, pathloss_exp)
    assert 0 < r1 < r0
    t0 = an.rate_comm_theorem2(mt, k, cl, 0, 1, pathloss_exp)
    t1 = an.rate_comm_theorem2(mt, k, cl, 1, 2, pathloss_exp)
    assert 0 < t1 < t0
