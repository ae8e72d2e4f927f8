"""The vectorised evaluation against independent per-point computations."""

import math

import numpy as np
import pytest
from scipy import integrate

from isacnet.metrics.deploy import crlb, fisher_information_loop, trace_inverse
from isacnet.plan import evaluate_plan, load_plan
from isacnet.plan._config import RadioConfig
from isacnet.plan._evaluate import (
    HORIZONTAL_BASIS,
    comm_fields,
    crlb_increment_scores,
    draw_beam_gains,
    evaluate_points_loop,
    link_model,
    sensing_fields,
)


@pytest.fixture
def geometry():
    rng = np.random.default_rng(11)
    sites = np.c_[rng.uniform(0, 1000, (9, 2)), rng.uniform(15, 45, 9)]
    pts = np.c_[rng.uniform(0, 1000, (60, 2)), np.full(60, 70.0)]
    return rng, sites, pts


def _uniform(n):
    return link_model(RadioConfig(), np.ones(n), np.full(n, 4), np.full(n, 5), np.full(n, 50e6))


def _mixed(rng, n):
    return link_model(RadioConfig(), rng.uniform(0.3, 3, n), rng.integers(2, 9, n), rng.integers(1, 9, n),
                      rng.uniform(10e6, 200e6, n))


def _double_sum_fim(t, sites, link, gains=None):
    """Eq. (6) of deploy written out: Σ_n Σ_m τ_n G_n ρ_m r_n^-β r_m^-β (e_n + e_m)(e_n + e_m)ᵀ."""
    f = np.zeros((3, 3))
    g = np.ones(len(sites)) if gains is None else gains
    for n in range(len(sites)):
        for m in range(len(sites)):
            rn, rm = np.linalg.norm(t - sites[n]), np.linalg.norm(t - sites[m])
            h = (t - sites[n]) / rn + (t - sites[m]) / rm
            beta = link.pathloss_exp_sense
            w = link.tx_factor[n] * g[n] * link.rx_factor[m] * rn**-beta * rm**-beta
            f += w * np.outer(h, h)
    return f


def test_uniform_sites_match_metrics_crlb(geometry):
    """Every site alike: the planner's CRLB is metrics.deploy.crlb with ζ² = τρ (3-D and horizontal)."""
    _, sites, pts = geometry
    link = _uniform(len(sites))
    zeta2 = link.tx_factor[0] * link.rx_factor[0]
    for basis in (None, HORIZONTAL_BASIS):
        c, count, _ = sensing_fields(pts, sites, link, basis=basis)
        np.testing.assert_allclose(c, crlb(pts, sites, zeta2, 2.0, basis=basis), rtol=1e-11)
        assert np.all(count == len(sites))
    f_loop = fisher_information_loop(pts[:5], sites, zeta2, 2.0)
    np.testing.assert_allclose(sensing_fields(pts[:5], sites, link)[0], trace_inverse(f_loop), rtol=1e-11)


def test_per_site_factors_and_range_mask_match_the_double_sum(geometry):
    rng, sites, pts = geometry
    link = _mixed(rng, len(sites))
    c, count, _ = sensing_fields(pts[:15], sites, link, max_range=500.0)
    for i, t in enumerate(pts[:15]):
        near = np.linalg.norm(sites - t, axis=1) <= 500.0
        assert count[i] == near.sum()
        expected = trace_inverse(_double_sum_fim(t, sites[near], link.take(np.flatnonzero(near)))) if near.any() \
            else np.inf
        assert c[i] == pytest.approx(expected, rel=1e-10)


def test_coverage_probability_matches_per_draw_crlbs(geometry):
    rng, sites, pts = geometry
    link = _mixed(rng, len(sites))
    gains = draw_beam_gains(rng, link.num_tx_antennas, 24)
    np.testing.assert_allclose(gains.mean(), 1.0, atol=0.1)  # E G_t/Ḡ_t = 1 (spec 004 §2), 216 draws, SE ~0.02
    _c, _, cov = sensing_fields(pts[:10], sites, link, gain_ratio=gains, threshold=float(np.median(
        sensing_fields(pts[:10], sites, link)[0])))
    gamma = float(np.median(sensing_fields(pts[:10], sites, link)[0]))
    for i, t in enumerate(pts[:10]):
        per_draw = [trace_inverse(_double_sum_fim(t, sites, link, g)) for g in gains]
        assert cov[i] == pytest.approx(np.mean(np.array(per_draw) <= gamma), abs=1e-12)


def test_exact_rate_matches_metrics_and_quadrature(geometry):
    rng, sites, pts = geometry
    users = pts.copy()
    users[:, 2] = 1.5
    link = _uniform(len(sites))
    exact, mean = comm_fields(users, sites, link)
    ref_loop = evaluate_points_loop(users[:20], sites, link)
    np.testing.assert_allclose(exact[:20], ref_loop[1], rtol=1e-8)
    np.testing.assert_allclose(mean[:20], ref_loop[2], rtol=1e-12)
    # per-site shapes and scales: Hamdi's integral by adaptive quadrature
    mixed = _mixed(rng, len(sites))
    exact_m, mean_m = comm_fields(users[:4], sites, mixed)
    for i, q in enumerate(users[:4]):
        gam = mixed.comm_scale * np.sum((sites - q) ** 2, axis=1) ** (-mixed.pathloss_exp / 2)

        def f(z, gam=gam):
            return math.exp(-z) / z * (1 - math.exp(-np.sum(mixed.comm_shape * np.log1p(z * gam))))

        val = sum(integrate.quad(f, a, b, limit=200, epsabs=0, epsrel=1e-10)[0]
                  for a, b in ((0, 1e-6), (1e-6, 1e-2), (1e-2, 1), (1, 60)))
        assert exact_m[i] == pytest.approx(val / math.log(2), rel=1e-8)
        assert mean_m[i] == pytest.approx(math.log2(1 + gam @ mixed.comm_shape), rel=1e-12)
        assert exact_m[i] < mean_m[i]  # Jensen


def test_increment_scores_equal_adding_the_site(geometry):
    rng, sites, pts = geometry
    link = _mixed(rng, len(sites))
    new = _uniform(1)
    cand = np.c_[rng.uniform(0, 1000, (25, 2)), rng.uniform(10, 60, 25)]
    w = rng.uniform(0.5, 1.5, len(pts))
    w /= w.sum()
    gamma = float(np.median(sensing_fields(pts, sites, link)[0]))
    for basis, max_range in ((None, None), (HORIZONTAL_BASIS, 600.0)):
        cov, soft = crlb_increment_scores(pts, w, sites, link, new, cand, gamma, max_range=max_range, basis=basis)
        for j, c in enumerate(cand):
            full, _, _ = sensing_fields(pts, np.vstack([sites, c]), link.append(new), max_range=max_range, basis=basis)
            assert cov[j] == pytest.approx(w @ (full <= gamma), abs=1e-12)
            assert soft[j] == pytest.approx(w @ np.minimum(1, gamma / full), rel=1e-10)


def test_evaluate_plan_area_numbers(tiny_plan):
    """Area coverage, A-CRLB and area rates are the density-weighted means of the maps."""
    plan = load_plan(tiny_plan)
    ev = evaluate_plan(plan)
    a = ev.targets[0]
    gamma = plan.config.sensing.coverage_threshold
    assert a.coverage == pytest.approx(a.weights @ (a.crlb <= gamma))
    fin = np.isfinite(a.crlb)
    assert a.area_crlb == pytest.approx(a.weights[fin] @ a.crlb[fin] / a.weights[fin].sum())
    assert ev.users.area_rate_exact_bits == pytest.approx(ev.users.weights @ ev.users.rate_exact_bits)
    assert ev.users.area_rate_exact_bits < ev.users.area_rate_mean_gain_bits
    assert 0 <= a.expected_coverage <= 1
