"""Model check: the statistics of a layout and of the fitted PPP against independent computations."""

import math

import numpy as np
import pytest
import shapely

from isacnet.analysis.coop import comp_rate
from isacnet.geometry.ppp import nearest_ppp_points
from isacnet.metrics.localization import crlb_trace
from isacnet.plan import load_plan, model_check
from isacnet.plan._modelcheck import clark_evans, nearest_comp_rate_nats, nearest_sensing_crlb, uniform_in_window


def test_clark_evans_lattice_and_poisson():
    """Square lattice of spacing a: every nearest neighbour at a, E = 0.5 a (+ Donnelly's edge term), so
    R ≈ 2; a PPP gives R ≈ 1 (z within ±4 at this seed)."""
    g = np.arange(20) * 50.0
    xy = np.array([(x, y) for x in g for y in g]) + 25.0
    r, z, _, nn = clark_evans(xy, 1000.0**2, 4000.0)
    np.testing.assert_allclose(nn, 50.0)
    assert 1.8 < r < 2.0 and z > 10
    rng = np.random.default_rng(5)
    r, z, _, _ = clark_evans(rng.uniform(0, 1000, (400, 2)), 1000.0**2, 4000.0)
    assert abs(z) < 4 and abs(r - 1) < 0.1


def test_nearest_sensing_crlb_is_coop_crlb_of_the_nearest_sites():
    rng = np.random.default_rng(2)
    sites = rng.uniform(0, 1000, (15, 2))
    pts = rng.uniform(0, 1000, (20, 2))
    got = nearest_sensing_crlb(pts, sites, 6, 3.0, 2.0)
    for i, p in enumerate(pts):
        d = np.linalg.norm(sites - p, axis=1)
        near = np.argsort(d)[:6]
        ang = np.arctan2(sites[near, 1] - p[1], sites[near, 0] - p[0])
        assert got[i] == pytest.approx(crlb_trace(ang, d[near], 2.0, 3.0), rel=1e-12)


def test_nearest_comp_rate_matches_a_gain_monte_carlo():
    """Fixed distances: E ln(1 + X/Y), X = Σ_{n<=L} g_n d_n^-α (g ~ Γ(M_t-1, p_c)), Y = Σ_{n>L} h_n d_n^-α
    (h ~ Exp(P^t)); Monte Carlo with 400,000 gain draws, tolerance 4 SE."""
    rng = np.random.default_rng(8)
    sites = rng.uniform(-800, 800, (12, 2))
    user = np.array([[30.0, -20.0]])
    got = nearest_comp_rate_nats(user, sites, 3, 0.5, 1.0, 4, 3.5)[0]
    d = np.sort(np.linalg.norm(sites - user, axis=1))
    n = 400_000
    x = (rng.gamma(3.0, 0.5, (n, 3)) * d[:3] ** -3.5).sum(1)
    y = (rng.exponential(1.0, (n, 9)) * d[3:] ** -3.5).sum(1)
    samples = np.log1p(x / y)
    assert got == pytest.approx(samples.mean(), abs=4 * samples.std() / math.sqrt(n))


def test_nearest_comp_rate_on_a_ppp_is_coop_theorem2_exact():
    """The typical user of a PPP (1,000 nearest points drawn exactly, α = 4, beyond them < 0.1 % of the
    interference is missing): the mean over drops matches comp_rate(..., form="exact") within 4 SE."""
    rng = np.random.default_rng(9)
    radii, angles, _ = nearest_ppp_points(rng, 3000, 1000, 1e-6)
    sites = np.stack([radii * np.cos(angles), radii * np.sin(angles)], -1)
    rates = nearest_comp_rate_nats(np.zeros((1, 2)), sites, 3, 0.5, 1.0, 4, 4.0)[:, 0]
    exact = comp_rate(3, 1.0, 0.5, 1.0, 4, 4.0, form="exact")
    assert exact == pytest.approx(rates.mean(), abs=4 * rates.std() / math.sqrt(len(rates)) + 0.005)


def test_uniform_in_window_stays_inside():
    rng = np.random.default_rng(1)
    window = shapely.Polygon([(0, 0), (100, 0), (100, 100), (0, 100)], [[(40, 40), (60, 40), (60, 60), (40, 60)]])
    pts = uniform_in_window(rng, window, 2000)
    assert shapely.contains_xy(window, pts[:, 0], pts[:, 1]).all()
    # the hole is 4 % of the square: the mean is still the centre
    np.testing.assert_allclose(pts.mean(0), [50, 50], atol=4 * 29 / math.sqrt(2000))


def test_model_check_of_the_tiny_plan(tiny_plan):
    plan = load_plan(tiny_plan)
    mc = model_check(plan)
    assert mc.num_sites == 7
    assert mc.density == pytest.approx(7 / 1.2e6)
    assert mc.sensing.layout_median > 0 and mc.sensing.window_median > 0
    # 7 sites, 3 cooperating: 4 interferers in the area against infinitely many on the plane
    assert mc.comm.window_mean > mc.comm.closed_forms["theorem2_exact"]
    assert len(mc.verdict) == 4 and mc.verdict[-1].startswith("Verdict:")
