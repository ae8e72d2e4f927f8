"""coop sensing closed forms vs independent re-derivations, and the sensing simulators' invariants."""

import math

import numpy as np
import pytest
from scipy import integrate, special

from isacnet.analysis.coop import (
    acceptance_probability,
    crlb_scaling_constant,
    expected_crlb,
    expected_gdop,
    kappa_sense,
    mean_cluster_size_factor,
    mean_distance,
)
from isacnet.errors import InputError
from isacnet.geometry import nearest_ppp_points
from isacnet.metrics.localization import crlb_from_entries, crlb_trace, fim_entries, fim_entries_links
from isacnet.simulate.coop import acceptance_network_trial, crlb_trial


@pytest.mark.parametrize("n", [1, 2, 5, 20])
def test_mean_distance_eq20_against_the_density(n):
    # pdf of the n-th nearest distance: 2 (lam pi)^n r^(2n-1) exp(-lam pi r^2) / Gamma(n); integrate r f(r).
    lam = 3.0

    def f(r):
        return r * 2 * (lam * math.pi) ** n * r ** (2 * n - 1) * math.exp(-lam * math.pi * r * r) / math.gamma(n)

    ref, _ = integrate.quad(f, 0, np.inf)
    assert mean_distance(n, lam) == pytest.approx(ref, rel=1e-9)
    assert mean_distance(n, lam, exact=False) == pytest.approx(math.sqrt(n / (lam * math.pi)))
    assert mean_cluster_size_factor(n) == pytest.approx(lam * math.pi * ref**2, rel=1e-9)


def _pois(n, m):
    return math.exp(-m + n * math.log(m) - math.lgamma(n + 1))


@pytest.mark.parametrize("m, psi", [(3.0, 15), (14.0, 15), (22.5, 15), (40.0, 7)])
def test_acceptance_lemma1_term_by_term(m, psi):
    # Lemma 1 (spec 000 §8.1 (a)) written out: all accepted for n <= psi, else psi/n
    ref = sum(_pois(n, m) for n in range(psi + 1)) + sum(psi / n * _pois(n, m) for n in range(psi + 1, 200))
    assert acceptance_probability(m, psi) == pytest.approx(ref, rel=1e-12)
    # Lemma 2 (eq. (25)): Q(psi, m) + sum_{n >= psi} (psi-1)/(n-1) Pois(n)
    ref_c = special.gammaincc(psi, m) + sum((psi - 1) / (n - 1) * _pois(n, m) for n in range(psi, 200))
    assert acceptance_probability(m, psi - 1, offset=1) == pytest.approx(ref_c, rel=1e-12)


def test_kappa_variants():
    n, mu, psi = 18, 1.0, 15
    m = mu * mean_cluster_size_factor(n)
    printed = special.gammaincc(psi, m) + sum(psi / k * _pois(k, m) for k in range(psi + 1, 200))
    assert kappa_sense(n, mu, psi, "printed") == pytest.approx(printed, rel=1e-12)
    # the printed form drops exactly the n = psi term of the corrected one
    assert kappa_sense(n, mu, psi) - kappa_sense(n, mu, psi, "printed") == pytest.approx(_pois(psi, m), rel=1e-9)
    palm = sum(_pois(k, mu * n) for k in range(psi)) + sum(psi / (k + 1) * _pois(k, mu * n) for k in range(psi, 200))
    assert kappa_sense(n, mu, psi, "palm") == pytest.approx(palm, rel=1e-12)


def test_spec_tables_are_reproduced():
    # spec 000 §7.2 (|zeta| = 1, lambda_b = 1, beta = 2): (45) and (21) columns
    for n, e45, e21 in ((6, 0.0343, 0.0338), (10, 0.0227, 0.0236), (20, 0.0146, 0.0157), (50, 0.0092, 0.0100)):
        assert expected_crlb(n, 1.0) == pytest.approx(e45, abs=6e-5)
        assert expected_crlb(n, 1.0, form="eq21") == pytest.approx(e21, abs=6e-5)
    # spec 000 §8.1: corrected (a) and printed (23), psi = 15, mu = 1
    for n, corr, printed in ((10, 0.995, 0.965), (15, 0.929, 0.826), (20, 0.778, 0.723), (25, 0.631, 0.620)):
        assert kappa_sense(n, 1.0, 15) == pytest.approx(corr, abs=6e-4)
        assert kappa_sense(n, 1.0, 15, "printed") == pytest.approx(printed, abs=6e-4)


def test_prop2_against_double_loop_and_thinning():
    n, lam, beta = 7, 2.0, 2.5
    ed = [mean_distance(k, lam) for k in range(1, n + 1)]
    denom = sum(ed[k] ** -beta * ed[l] ** -beta for k in range(n) for l in range(n) if k != l)
    assert expected_crlb(n, lam, beta, 3.0) == pytest.approx(2 / (3.0 * denom), rel=1e-12)
    full = sum(ed[k] ** -beta * ed[l] ** -beta for k in range(n) for l in range(n))
    assert expected_crlb(n, lam, beta, 3.0, form="prop2_printed") == pytest.approx(1 / (3.0 * full), rel=1e-12)
    assert crlb_scaling_constant(2.0, 3.0) == pytest.approx(2 / (3.0 * 4.0 * math.pi**2))
    assert crlb_scaling_constant(2.0, 3.0, "printed") == pytest.approx(1 / (3.0 * 4.0 * math.pi**2))
    # eq. (24) is Thm. 1 at the thinned density kappa lambda_b, constant 2 (or 1 as printed)
    assert expected_crlb(12, 2.0, 2.0, 3.0, kappa_sense=0.8, form="theorem1") == pytest.approx(
        2 / (3.0 * 1.6**2 * math.pi**2 * math.log(12) ** 2), rel=1e-12)
    assert expected_crlb(12, 2.0, 2.0, 3.0, kappa_sense=0.8, form="theorem1_printed") == pytest.approx(
        1 / (3.0 * 1.6**2 * math.pi**2 * math.log(12) ** 2), rel=1e-12)
    # thinning applies to every form: lambda_b -> kappa_s lambda_b
    assert expected_crlb(7, 2.0, beta, 3.0, kappa_sense=0.5) == pytest.approx(float(expected_crlb(7, 1.0, beta, 3.0)))


def test_eq21_against_double_loop():
    n, lam, beta = 9, 0.7, 3.0
    pairs = sum((k * l) ** (-beta / 2) for k in range(1, n + 1) for l in range(1, n + 1))
    assert expected_crlb(n, lam, beta, 2.0, form="eq21") == pytest.approx(
        2 / (2.0 * (lam * math.pi) ** beta * pairs), rel=1e-12)


def test_expected_crlb_vectorised_over_num_bs():
    ns = np.array([[1, 2, 5], [10, 30, 3]])
    for form in ("prop2_app_b", "prop2_printed", "eq21", "theorem1"):
        many = expected_crlb(ns, 1.5, 2.0, 2.0, form=form)
        one = np.array([[float(expected_crlb(int(n), 1.5, 2.0, 2.0, form=form)) for n in row] for row in ns])
        assert many.shape == ns.shape
        np.testing.assert_allclose(many, one, rtol=1e-13)
    # N = 1 cannot localise (App. B form, Thm. 1); the printed forms keep the diagonal term
    assert np.isinf(expected_crlb(1, 1.0)) and np.isinf(expected_crlb(1, 1.0, form="theorem1"))
    assert np.isfinite(expected_crlb(1, 1.0, form="prop2_printed"))


@pytest.mark.parametrize("kwargs, field", [
    (dict(form="eq45"), "form"),
    (dict(pathloss_exp_sense=3.0, form="theorem1"), "pathloss_exp_sense"),
    (dict(pathloss_exp_sense=1.5), "pathloss_exp_sense"),
    (dict(kappa_sense=0.0), "kappa_sense"),
    (dict(num_bs=0), "num_bs"),
    (dict(bs_density=-1.0), "bs_density"),
])
def test_expected_crlb_bad_input(kwargs, field):
    args = dict(num_bs=6, bs_density=1.0) | kwargs
    with pytest.raises(InputError) as e:
        expected_crlb(**args)
    assert e.value.field == field


def test_expected_gdop_forms():
    assert expected_gdop(6) == pytest.approx(14 / 180)  # (2N + 2) / (N^3 - N^2), eq. (16)
    assert expected_gdop(6, form="cor1") == pytest.approx(2 / 36)  # eq. (17)
    assert np.isinf(expected_gdop(1))
    with pytest.raises(InputError):
        expected_gdop(6, form="prop2")


def test_fast_crlb_estimator_matches_the_plain_path():
    # the BS-first, single-precision-angle estimator vs nearest_ppp_points + crlb_trace (two-sample z, z = 4);
    # N = 12 has finite variance (tail index 5.5)
    n, lam = 12, 1.0
    fast = crlb_trial(np.random.default_rng(1), 200_000, n, lam)["crlb"]
    r, th, _ = nearest_ppp_points(np.random.default_rng(2), 200_000, n, lam)
    plain = crlb_trace(th, r, 2.0)
    se = math.sqrt(fast.var() / fast.size + plain.var() / plain.size)
    assert abs(fast.mean() - plain.mean()) <= 4 * se
    beta4 = crlb_trial(np.random.default_rng(3), 100_000, n, lam, pathloss_exp_sense=4.0)["crlb"]
    r, th, _ = nearest_ppp_points(np.random.default_rng(4), 100_000, n, lam)
    ref = crlb_trace(th, r, 4.0)
    assert abs(np.median(beta4) / np.median(ref) - 1) < 0.03  # medians: SE ~ 0.5 %


def test_swerling_rcs_is_worse_on_average_than_the_mean_rcs():
    # tr F^-1 is convex in F and E_sigma[F] = F_bar: Jensen gives E tr F^-1 >= tr F_bar^-1 per geometry
    rng = np.random.default_rng(5)
    th = rng.uniform(0, 2 * np.pi, 6)
    d = rng.uniform(0.2, 2.0, 6)
    w = d**-2.0
    base = crlb_from_entries(*fim_entries(th, w))
    sigma = rng.standard_exponential((200_000, 6, 6))
    sw = crlb_from_entries(*fim_entries_links(np.broadcast_to(th, (200_000, 6)), sigma * np.outer(w, w)))
    assert sw.mean() > base
    out = crlb_trial(rng, 1000, 6, 1.0, rcs_model="swerling1")["crlb"]
    assert out.shape == (1000,) and np.all(out > 0)


def test_acceptance_network_respects_the_load_limit():
    rng = np.random.default_rng(6)
    out = acceptance_network_trial(rng, 5_000, 20, 1.0, 1.0, max_load=15)
    acc = out["accepted"]
    assert set(np.unique(acc)) <= {0.0, 1.0}
    assert 0.6 < acc.mean() < 0.85  # spec 000 §8.1: 0.730 at N = 20
    few = out["num_accepted"] < 2
    assert np.all(np.isinf(out["crlb"][few]))
    everyone = acceptance_network_trial(rng, 2_000, 6, 1.0, 1.0, max_load=10_000)
    assert np.all(everyone["accepted"] == 1) and np.all(np.isfinite(everyone["crlb"]))


# -- singular geometries: one BS, or BSs on one line through the target, have CRLB = inf ---------------------
def _both_kernels():
    from isacnet._accel import numba_installed
    from isacnet.simulate.coop import crlb_block

    kernels = [("numpy", crlb_block.numpy)]
    if numba_installed():
        kernels.append(("numba", crlb_block.loops))
    return kernels


@pytest.mark.parametrize("path", ["numpy", "numba"])
def test_one_bs_or_collinear_bss_give_infinite_crlb_at_the_typical_target(path):
    kernel = dict(_both_kernels()).get(path)
    if kernel is None:
        pytest.skip("numba is not installed")  # the test extra installs it
    rng = np.random.default_rng(11)
    gaps = rng.standard_exponential((1, 4096), dtype=np.float32)
    turns = rng.random((1, 4096), dtype=np.float32)
    assert np.all(np.isinf(kernel(gaps, turns, math.pi, 2.0, 1.0)))  # N = 1: rank-one FIM
    assert np.all(np.isinf(kernel(gaps, turns, math.pi, 3.0, 1.0)))
    gaps2 = rng.standard_exponential((2, 4096), dtype=np.float32)
    half = np.float32(0.5)
    opposite = np.vstack([turns, np.where(turns < half, turns + half, turns - half)])  # theta, theta + pi (exact)
    assert np.all(np.isinf(kernel(gaps2, opposite, math.pi, 2.0, 1.0)))
    same = np.vstack([turns, turns])  # both BSs on the same bearing
    assert np.all(np.isinf(kernel(gaps2, same, math.pi, 2.0, 1.0)))
    generic = np.vstack([turns, rng.random((1, 4096), dtype=np.float32)])
    assert np.all(np.isfinite(kernel(gaps2, generic, math.pi, 2.0, 1.0)))


def test_crlb_trial_with_one_bs_is_infinite_and_warns():
    from isacnet.errors import SingularGeometryWarning

    with pytest.warns(SingularGeometryWarning):
        out = crlb_trial(np.random.default_rng(12), 5000, 1, 1.0)["crlb"]
    assert np.all(np.isinf(out))


def test_system_level_one_bs_or_collinear_bss_give_infinite_crlb():
    from isacnet.errors import SingularGeometryWarning
    from isacnet.simulate.coop import network_crlb

    with pytest.warns(SingularGeometryWarning):
        out = acceptance_network_trial(np.random.default_rng(13), 2000, 1, 1.0, 1.0, max_load=10_000)
    assert np.all(np.isinf(out["crlb"])) and np.all(out["num_accepted"] == 1)
    # every target halfway between two BSs on a horizontal line: bearings 0 and pi
    side = 100.0
    bs = np.array([[10.0, 50.0], [30.0, 50.0], [70.0, 20.0], [90.0, 20.0]])
    targets = np.array([[20.0, 50.0], [80.0, 20.0], [20.0, 50.0]])
    line = network_crlb(np.random.default_rng(14), bs, targets, side, 2, max_load=10)
    assert np.all(line["num_accepted"] == 2) and np.all(np.isinf(line["crlb"]))
    # off the line the same BSs give a finite CRLB
    off = network_crlb(np.random.default_rng(14), bs, targets + np.array([0.0, 3.0]), side, 2, max_load=10)
    assert np.all(np.isfinite(off["crlb"]))
