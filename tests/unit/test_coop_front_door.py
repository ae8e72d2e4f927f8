"""The coop front door (``isacnet.coop``) against the functions beneath it, in SI units.

Reference values are computed independently here (eq. (8) written out, the km convention applied by
hand) or taken from the experiment layer that the pinned figures use; Monte Carlo twins are checked
against their closed forms within z·SE plus the model term the validation cases justify.
"""

import math

import numpy as np
import pytest

from isacnet import coop
from isacnet.analysis.coop import comp_rate, expected_crlb, kappa_comm, kappa_sense
from isacnet.errors import InputError
from isacnet.experiments.coop.crlb import CrlbParams, acceptance_analytic, crlb_analytic
from isacnet.optimization.coop import brute_force_weighted_sum, optimal_cluster_size

RADAR = dict(power_sense=1.0, bandwidth=50e6, carrier_frequency=5e9, noise_power=1e-8, rcs_mean=1.0,
             num_tx_antennas=4, num_rx_antennas=5)
# eq. (8) written out: p^s G_t G_r B^2 sigma / (8 pi f_c^2 sigma_s^2), G_t = M_t - 1 = 3, G_r = M_r = 5
ZETA_SQ = 1.0 * 3 * 5 * 50e6**2 * 1.0 / (8 * math.pi * 5e9**2 * 1e-8)
Z = 4.0


def test_zeta_squared_is_eq8():
    assert coop.zeta_squared(1.0, **{k: v for k, v in RADAR.items() if k != "power_sense"}) == pytest.approx(
        ZETA_SQ, rel=1e-14)


@pytest.mark.parametrize("form", ["prop2_app_b", "prop2_printed", "eq21", "theorem1", "theorem1_printed"])
def test_km_convention_by_hand(form):
    # distances in km inside eq. (5)-(8): lambda_b = 1e-6 m⁻² is 1 km⁻², the CRLB comes out in km²
    ns = np.array([2, 6, 20])
    km2 = expected_crlb(ns, 1.0, 2.0, ZETA_SQ, form=form)
    np.testing.assert_allclose(coop.expected_crlb(ns, 1e-6, **RADAR, form=form), km2 * 1e6, rtol=1e-12)


@pytest.mark.parametrize("beta", [2.0, 3.0])
def test_km_and_m_conventions_are_the_same_physics_up_to_zeta(beta):
    # the km convention is the SI evaluation with |zeta|^2 scaled by (1000 m)^(2 beta - 2)
    ns = np.arange(2, 12)
    km = coop.expected_crlb(ns, 3e-6, **RADAR, pathloss_exp_sense=beta, distance_unit="km")
    si = expected_crlb(ns, 3e-6, beta, ZETA_SQ * 1000.0 ** (2 * beta - 2))
    np.testing.assert_allclose(km, si, rtol=1e-12)
    metres = coop.expected_crlb(ns, 3e-6, **RADAR, pathloss_exp_sense=beta, distance_unit="m")
    np.testing.assert_allclose(metres, expected_crlb(ns, 3e-6, beta, ZETA_SQ), rtol=1e-12)
    np.testing.assert_allclose(km, metres / 1000.0 ** (2 * beta - 2), rtol=1e-12)


def test_expected_crlb_matches_the_figure_experiments():
    # coop-fig4 and coop-fig5 (pinned): the same numbers from physical inputs
    for n in (2, 6, 15):
        p = CrlbParams(cluster_size_sense=n)
        fig4 = crlb_analytic(p)
        assert coop.expected_crlb(n, 1e-6, **RADAR) == pytest.approx(fig4["eq45"], rel=1e-12)
        assert coop.expected_crlb(n, 1e-6, **RADAR, form="eq21") == pytest.approx(fig4["eq21"], rel=1e-12)
        assert coop.expected_crlb(n, 1e-6, **RADAR, form="theorem1") == pytest.approx(fig4["thm1"], rel=1e-12)
        fig5 = acceptance_analytic(p)
        kappa = coop.sensing_acceptance_probability(n, target_density=1e-6, bs_density=1e-6, max_load=15)
        assert kappa == pytest.approx(fig5["kappa_lemma1"], rel=1e-14)
        assert coop.expected_crlb(n, 1e-6, **RADAR, kappa_sense=kappa, form="theorem1") == pytest.approx(
            fig5["eq24"], rel=1e-12)


def test_paper_scale_root_crlb():
    # coop Fig. 4 shows root CRLBs of metres at lambda_b = 1/km²; eq. (45) at N = 10 gives 1.95 m
    assert math.sqrt(coop.expected_crlb(10, 1e-6, **RADAR)) == pytest.approx(1.952, abs=1e-3)


def test_simulate_crlb_agrees_with_eq45_and_the_unit_is_physical():
    # N = 20 (tail index 9.5, finite variance): eq. (45) is an approximation, spec 000 §7.2 measures
    # +5 %; the validation case coop.crlb_eq45 allows a model term of 10 %
    est = coop.simulate_crlb(20, 1e-6, **RADAR, rng=np.random.default_rng(11), num_drops=100_000)
    ref = float(coop.expected_crlb(20, 1e-6, **RADAR))
    assert abs(est.mean - ref) <= Z * est.std_error + 0.10 * ref
    # the same draws in the SI convention: every sample scales by (1000 m)^(2 beta - 2) = 1e6
    si = coop.simulate_crlb(20, 1e-6, **RADAR, distance_unit="m", rng=np.random.default_rng(11), num_drops=100_000)
    assert si.mean == pytest.approx(est.mean * 1e6, rel=1e-9)


def test_simulate_gdop_agrees_with_prop1():
    # N = 20: Prop. 1 is approximate with O(1/N) error, model term 2/N (validation case coop.expected_gdop)
    est = coop.simulate_gdop(20, rng=np.random.default_rng(12), num_drops=200_000)
    ref = float(coop.expected_gdop(20))
    assert abs(est.mean - ref) <= Z * est.std_error + 2 / 20 * ref


def test_sensing_acceptance_twin():
    # Palm form of Lemma 1 vs the system-level load process: model term 0.025 (validation case
    # coop.kappa_sense_palm), cluster-robust SE over 16 blocks of one network
    est = coop.simulate_sensing_acceptance(15, target_density=1e-6, bs_density=1e-6, max_load=15,
                                           rng=np.random.default_rng(13), num_targets=40_000)
    palm = float(coop.sensing_acceptance_probability(15, target_density=1e-6, bs_density=1e-6, max_load=15,
                                                     form="palm"))
    assert palm == pytest.approx(float(kappa_sense(15, 1.0, 15, "palm")), rel=1e-14)
    assert abs(est.mean - palm) <= Z * est.std_error + 0.025


def test_comp_rate_bits_is_theorem2_in_bits_and_scale_invariant():
    kappa = float(kappa_comm(5, 2.0, 15))
    assert float(coop.comm_acceptance_probability(5, user_density=2e-6, bs_density=1e-6, max_load=15)) == kappa
    ref = comp_rate(5, kappa, 0.6, 1.0, 4) / math.log(2)
    args = dict(max_load=15, power_comm=0.6, power_total=1.0, num_tx_antennas=4)
    assert coop.comp_rate_bits(5, user_density=2e-6, bs_density=1e-6, **args) == pytest.approx(ref, rel=1e-12)
    # interference limited: only lambda_u / lambda_b matters
    assert coop.comp_rate_bits(5, user_density=2e-4, bs_density=1e-4, **args) == pytest.approx(ref, rel=1e-12)


def test_simulate_comp_rate_bits_estimates_the_exact_rate():
    # model-level MC draws the model whose exact rate is form="exact": sampling error only
    args = dict(user_density=2e-6, bs_density=1e-6, max_load=15, power_comm=0.6, power_total=1.0, num_tx_antennas=4)
    est = coop.simulate_comp_rate_bits(4, **args, rng=np.random.default_rng(14), num_drops=100_000)
    exact = coop.comp_rate_bits(4, **args, form="exact")
    assert abs(est.mean - exact) <= Z * est.std_error


def test_optimal_cluster_size_takes_si_densities():
    from isacnet.models.coop import CoopModel

    got = coop.optimal_cluster_size(user_density=5e-6, bs_density=1e-6, max_load=15, max_cluster_comm=20)
    ref = optimal_cluster_size(CoopModel(user_density_per_km2=5.0), 1.0, 20)
    assert got.cluster_size_comm == ref.cluster_size_comm
    np.testing.assert_array_equal(got.rates_bits, ref.rates_bits)


def test_weighted_sum_optimum_names_the_design():
    region = coop.tradeoff_region(num_power=6, max_cluster_comm=6, max_cluster_sense=20)
    for rho in (0.0, 0.3, 1.0):
        best = coop.weighted_sum_optimum(region, rho, tol=1e-9)
        value, _ = brute_force_weighted_sum(region, rho)
        assert best.value == pytest.approx(value, rel=1e-8)
        t = rho * best.rate_bits + (1 - rho) * (1 / best.root_crlb if np.isfinite(best.root_crlb) else 0.0)
        assert t == pytest.approx(best.value, rel=1e-12)
        assert best.power_comm + best.power_sense == pytest.approx(1.0)


@pytest.mark.parametrize("call, field", [
    (lambda: coop.expected_crlb(6, 1e-6, **RADAR, distance_unit="mm"), "distance_unit"),
    (lambda: coop.expected_crlb(6, 1e-6, **(RADAR | {"noise_power": 0.0})), "noise_power"),
    (lambda: coop.expected_crlb(6, 1e-6, **(RADAR | {"num_tx_antennas": 1})), "num_tx_antennas"),
    (lambda: coop.simulate_crlb(6, 1e-6, **RADAR, rng=1), "rng"),
    (lambda: coop.simulate_gdop(0, rng=np.random.default_rng(0)), "num_bs"),
    (lambda: coop.optimal_cluster_size(user_density=1e-6, bs_density=1e-6, max_load=1), "max_load"),
    (lambda: coop.optimal_cluster_size(user_density=1e-6, bs_density=1e-6, max_load=15, method="monte_carlo"), "rng"),
    (lambda: coop.optimal_cluster_size(user_density=1e-6, bs_density=1e-6, max_load=15, pathloss_exp=2.0),
     "pathloss_exp"),
])
def test_bad_input_names_the_argument(call, field):
    with pytest.raises(InputError) as e:
        call()
    assert e.value.field == field


def test_front_door_is_light():
    import subprocess
    import sys

    code = ("import sys, isacnet; isacnet.coop; "
            "print(sorted(m for m in ('matplotlib', 'xarray', 'pandas', 'cvxpy', 'dask') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
