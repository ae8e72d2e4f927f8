"""Optimisers of the coop S&C trade-off: region (39), Prop. 3 pruning, time sharing, polyblock (P2)."""

import numpy as np
import pytest
from pydantic import ValidationError

from isacnet.analysis.coop import comp_rate, kappa_comm, kappa_sense, mean_cluster_size_factor, mean_distance
from isacnet.errors import InputError
from isacnet.models.coop import CoopModel
from isacnet.optimization.coop import (
    boundary_rate,
    brute_force_weighted_sum,
    corner_points,
    noncooperative_points,
    optimal_cluster_size,
    optimal_cluster_size_exhaustive,
    optimal_sense_cluster,
    pareto_front,
    polyblock_weighted_sum,
    rate_crlb_region,
    sensing_crlb,
    time_sharing_rate,
)

MODEL = CoopModel()  # spec 000 §12 defaults
SEARCH = dict(max_cluster_comm=12, max_cluster_sense=25)


@pytest.fixture(scope="module")
def region():
    return rate_crlb_region(MODEL, num_power=12, **SEARCH)


def test_region_respects_constraints(region):
    s = MODEL
    # (34c): R_c + e N <= C; (34b): N >= 1; N <= N~*
    assert np.all(region.rate + s.backhaul_per_bs_bits * region.cluster_sense <= s.backhaul_bits + 1e-9)
    assert np.all(region.cluster_sense >= 1)
    assert np.all(region.cluster_sense <= optimal_sense_cluster(s, SEARCH["max_cluster_sense"]))
    # (34a): p^c in [0, P^t]
    assert np.all((region.power_comm >= 0) & (region.power_comm <= s.power_total))


def test_region_rates_are_theorem2(region):
    i = int(np.argmax(region.power_comm * (region.cluster_comm == 5)))
    L, pc = int(region.cluster_comm[i]), float(region.power_comm[i])
    ref = comp_rate(L, float(kappa_comm(L, 1.0, 15)), pc, 1.0, 4) / np.log(2)
    assert region.rate[i] == pytest.approx(ref, rel=1e-12)


def test_prop3_pruning_keeps_the_front():
    search = SEARCH | dict(max_cluster_comm=24)
    region = rate_crlb_region(MODEL, num_power=16, **search)
    full = rate_crlb_region(MODEL, num_power=16, prune=False, **search)
    assert region.num_pruned > 0 and region.num_evaluated + region.num_pruned == full.num_evaluated
    a = pareto_front(region.rate, region.crlb)
    b = pareto_front(full.rate, full.crlb)
    np.testing.assert_allclose(region.rate[a], full.rate[b])
    np.testing.assert_allclose(region.crlb[a], full.crlb[b])


def test_crlb_inverse_in_sensing_power():
    # Prop. 3: CRLB ∝ 1 / p^s at fixed N
    c1, c2 = sensing_crlb(6, 0.5, MODEL), sensing_crlb(6, 0.25, MODEL)
    assert c2 == pytest.approx(2 * c1, rel=1e-12)


def test_sensing_crlb_is_eq45_thinned_by_lemma1_in_km():
    # independent evaluation: kappa_s by Lemma 1, then eq. (45) (double loop over mean distances) at kappa_s lambda_b,
    # distances in km (lambda_b = 1/km²), |zeta|^2 of eq. (8) at p^s = 0.5 W, the CRLB converted from km² to m²
    n, ps = 8, 0.5
    kappa = float(kappa_sense(n, 1.0, 15))
    ed = [float(mean_distance(k, kappa * 1.0)) for k in range(1, n + 1)]
    pairs = sum(ed[k] ** -2 * ed[l] ** -2 for k in range(n) for l in range(n) if k != l)
    zeta_sq = ps * 3 * 5 * (50e6) ** 2 * 1.0 / (8 * np.pi * (5e9) ** 2 * 1e-8)  # G_t = M_t - 1 = 3, G_r = M_r = 5
    assert sensing_crlb(n, ps, MODEL) == pytest.approx(2 / (zeta_sq * pairs) * 1e6, rel=1e-9)
    # Theorem 1 form: eq. (24); needs beta = 2
    thm = CoopModel(crlb_form="theorem1")
    assert sensing_crlb(n, ps, thm) == pytest.approx(
        2 / (zeta_sq * kappa**2 * np.pi**2 * np.log(n) ** 2) * 1e6, rel=1e-9)
    with pytest.raises(InputError) as e:
        sensing_crlb(n, ps, CoopModel(crlb_form="theorem1", pathloss_exp_sense=3.0))
    assert e.value.field == "pathloss_exp_sense"


def test_boundary_monotone_and_expands_with_backhaul(region):
    x = np.geomspace(1.5, 30, 40)
    b = boundary_rate(region, x)
    ok = np.isfinite(b)
    assert np.all(np.diff(b[ok]) >= -1e-12)
    lower = rate_crlb_region(CoopModel(backhaul_bits=4.3), num_power=12, **SEARCH)
    b_low = boundary_rate(lower, x)
    both = np.isfinite(b_low)
    assert np.all(b[both] >= b_low[both] - 1e-12) and np.any(b[both] > b_low[both] + 0.1)


def test_time_sharing_is_inner_bound(region):
    # T is linear in (R, 1/root CRLB): a time-shared point's T never exceeds the best design's, i.e.
    # time sharing lies inside the convex hull of the cooperative designs. (The pure boundary of a
    # finite design grid is a staircase and need not be concave: just below the comm corner a
    # time-shared rate can exceed it by a grid step, so the check is on the hull.)
    (r1, x1), (r2, x2) = corner_points(region)
    for rho in np.linspace(0, 1, 11):
        best, _ = brute_force_weighted_sum(region, rho)
        for tau in np.linspace(0, 1, 11):
            t_ts = rho * (tau * r1 + (1 - tau) * r2) + (1 - rho) * (tau / x1 + (1 - tau) / x2)
            assert t_ts <= best + 1e-12
    x = np.geomspace(x2, 0.8 * x1, 30)
    assert np.all(time_sharing_rate(region, x) <= boundary_rate(region, x) + 1e-12)


def test_time_sharing_formula(region):
    (r1, x1), (r2, x2) = corner_points(region)
    xm = 2 / (1 / x1 + 1 / x2)  # halfway in 1/x
    ts = time_sharing_rate(region, np.array([x2, xm, x1, 10 * x1]))
    np.testing.assert_allclose(ts, [r2, 0.5 * (r1 + r2), r1, r1])
    assert np.isnan(time_sharing_rate(region, 0.5 * x2))
    assert r1 == pytest.approx(region.rate[np.isfinite(region.crlb)].max())
    assert x2 == pytest.approx(np.sqrt(region.crlb.min()))


@pytest.mark.parametrize("rho", [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0])
def test_polyblock_matches_brute_force(region, rho):
    bf, _ = brute_force_weighted_sum(region, rho)
    pb = polyblock_weighted_sum(region, rho, tol=1e-9)
    assert pb.value == pytest.approx(bf, rel=1e-8)
    assert pb.upper_bound >= pb.value - 1e-12
    if pb.index >= 0:  # the design reached
        assert (region.rate[pb.index], region.sense_metric[pb.index]) == (pb.rate, pb.sense_metric)
    assert rho * pb.rate + (1 - rho) * pb.sense_metric == pytest.approx(pb.value)


def test_polyblock_random_staircases():
    # Small random design sets (normal sets = unions of boxes) against brute force.
    rng = np.random.default_rng(7)
    from isacnet.optimization.coop import RegionResult

    for _ in range(20):
        n = int(rng.integers(1, 12))
        r = rng.uniform(0, 5, n)
        crlb = rng.uniform(0.5, 10, n) ** 2
        reg = RegionResult(r, crlb, np.ones(n, int), np.ones(n, int) * 2, np.zeros(n))
        for rho in (0.0, 0.25, 0.8, 1.0):
            assert polyblock_weighted_sum(reg, rho, tol=1e-10).value == pytest.approx(
                brute_force_weighted_sum(reg, rho)[0], rel=1e-8)


def test_weighted_sum_convex_in_rho_and_terms_monotone(region):
    # T(rho) = max over designs of a linear function of rho: convex. The optimal rate grows and the
    # sensing metric falls with rho (Fig. 10's statement); T lies between the two end values' min/max.
    rhos = np.linspace(0, 1, 21)
    res = [polyblock_weighted_sum(region, r, tol=1e-10) for r in rhos]
    t = np.array([p.value for p in res])
    assert np.all(t[1:-1] <= 0.5 * (t[:-2] + t[2:]) + 1e-9)
    rates = np.array([p.rate for p in res])
    sens = np.array([p.sense_metric for p in res])
    assert np.all(np.diff(rates) >= -1e-9) and np.all(np.diff(sens) <= 1e-9)
    assert np.all(t <= np.maximum(region.rate.max(), region.sense_metric.max()) + 1e-12)


def test_cooperation_beats_noncooperation(region):
    nc = noncooperative_points(MODEL, 12)
    for rho in (0.2, 0.5, 0.8):
        assert brute_force_weighted_sum(region, rho)[0] >= brute_force_weighted_sum(nc, rho)[0]


def test_exhaustive_cluster_argmax():
    assert optimal_cluster_size_exhaustive([1.0, 3.0, 2.0]) == 2
    with pytest.raises(InputError):
        optimal_cluster_size_exhaustive([])


@pytest.mark.parametrize("rho", [-0.1, 1.5])
def test_rho_outside_unit_interval(region, rho):
    with pytest.raises(InputError) as e:
        polyblock_weighted_sum(region, rho)
    assert e.value.field == "rho"
    with pytest.raises(InputError):
        brute_force_weighted_sum(region, rho)


def test_negative_backhaul_rate_rejected():
    with pytest.raises(ValidationError) as e:
        CoopModel(backhaul_per_bs_bits=-0.1)
    assert e.value.errors()[0]["loc"] == ("backhaul_per_bs_bits",)


@pytest.mark.parametrize("knobs, field", [
    (dict(num_power=1), "num_power"),
    (dict(max_cluster_comm=0), "max_cluster_comm"),
    (dict(max_cluster_sense=1), "max_cluster_sense"),
])
def test_search_knobs_checked(knobs, field):
    with pytest.raises(InputError) as e:
        rate_crlb_region(MODEL, **knobs)
    assert e.value.field == field


def test_region_depends_only_on_the_physics():
    # an experiment's parameter model (a CoopModel subclass) gives the region of its physics
    from isacnet.experiments.coop.comm_tradeoff import TradeoffPointParams

    p = TradeoffPointParams(root_crlb_ratio=3.0, backhaul_bits=4.3)
    a = rate_crlb_region(p, num_power=6, max_cluster_comm=5, max_cluster_sense=20)
    b = rate_crlb_region(CoopModel(backhaul_bits=4.3), num_power=6, max_cluster_comm=5, max_cluster_sense=20)
    np.testing.assert_array_equal(a.rate, b.rate)
    np.testing.assert_array_equal(a.crlb, b.crlb)


def test_optimal_cluster_size_methods():
    model = CoopModel(user_density_per_km2=5.0)  # mu_c = 5, psi = 15
    ls = np.arange(1, 21)
    ref = [comp_rate(int(L), float(kappa_comm(L, 5.0, 15)), 0.7, 1.0, 4) for L in ls]
    thm2 = optimal_cluster_size(model, 0.7, 20)
    assert thm2.cluster_size_comm == int(np.argmax(ref)) + 1
    np.testing.assert_allclose(thm2.rates_bits, np.array(ref) / np.log(2), rtol=1e-12)
    assert thm2.rate_bits == pytest.approx(max(ref) / np.log(2))
    remark3 = optimal_cluster_size(model, 0.7, 20, "remark3").cluster_size_comm
    assert remark3 == int(ls[np.argmin(np.abs(5.0 * mean_cluster_size_factor(ls) - 15))])
    assert optimal_cluster_size(model, 0.7, 20, "eta").rates_bits is None
    with pytest.raises(InputError) as e:
        optimal_cluster_size(model, 0.7, 20, "monte_carlo")
    assert e.value.field == "rng"
    with pytest.raises(InputError):
        optimal_cluster_size(model, 1.5, 20)  # p^c > P^t


def test_optimal_cluster_size_monte_carlo_estimates_the_exact_rate():
    # model-level MC on common random numbers: the rate at its optimum is the exact model rate there, within
    # 4 SE plus the selection bias of a maximum over 20 correlated means (at most ~2 SE): 6 SE in all
    model = CoopModel(user_density_per_km2=2.0)
    res = optimal_cluster_size(model, 0.7, 20, "monte_carlo", num_drops=20_000, rng=np.random.default_rng(8))
    L = res.cluster_size_comm
    exact = comp_rate(L, float(kappa_comm(L, 2.0, 15)), 0.7, 1.0, 4, form="exact") / np.log(2)
    est = res.rate_estimate
    assert est.num_samples == 20_000 and est.mean == pytest.approx(res.rate_bits)
    assert abs(est.mean - exact) < 6 * est.std_error


# -- the continuous boundary of region (39) that coop-fig8/9 and overview-fig4 draw ------------------------
def test_rate_interpolation_in_log_power_matches_theorem2():
    from isacnet.optimization.coop import _rate_curves, _rate_physics, rate_table

    model = CoopModel(user_density_per_km2=5.0)
    fine, curves = _rate_curves(_rate_physics(model), 21, 6)
    probe = np.array([0.0023, 0.017, 0.11, 0.37, 0.81])  # between the grid points
    direct = rate_table(model, probe, 6)  # Theorem 2 itself
    interp = np.array([np.interp(probe, fine, curves[i]) for i in range(6)])
    assert np.max(np.abs(interp / direct - 1)) < 1e-4  # measured <= 6e-5 with 21 points (module notes)


@pytest.mark.parametrize("backhaul", [4.3, 8.6])
def test_continuous_boundary_contains_every_grid_design(backhaul):
    from isacnet.optimization.coop import tradeoff_curves

    model = CoopModel(backhaul_bits=backhaul)
    knobs = dict(max_cluster_comm=6, max_cluster_sense=25)
    grid = rate_crlb_region(model, num_power=40, **knobs)
    x = np.geomspace(1.85, 30, 25)
    c = tradeoff_curves(model, x, num_power=21, **knobs)
    # every design of a uniform grid is a point of the continuous region: the boundary is at least as high
    # (up to the interpolation error), and a finer grid comes closer to it from below
    b40 = boundary_rate(grid, x)
    ok = np.isfinite(b40)
    assert np.all(c.boundary[ok] >= b40[ok] - 1e-3)
    b200 = boundary_rate(rate_crlb_region(model, num_power=200, prune=False, **knobs), x)
    assert np.all(c.boundary[ok] >= b200[ok] - 1e-3)
    assert np.nanmean(c.boundary - b200) < np.nanmean(c.boundary - b40)


def test_hull_and_time_sharing_of_the_continuous_boundary():
    from isacnet.optimization.coop import sense_corner_root_crlb, tradeoff_curves

    model = CoopModel(backhaul_bits=4.3)
    x2 = sense_corner_root_crlb(model, 25)
    x = x2 * np.geomspace(1.0, 20.0, 60)
    c = tradeoff_curves(model, x, num_power=21, max_cluster_comm=12, max_cluster_sense=25)
    assert c.sense_corner_root_crlb == x2 and c.boundary[0] == pytest.approx(0.0, abs=1e-9)
    r1, x1 = c.comm_corner
    # C = 4.3 caps the rate: R_1 = C - 2e with a finite smallest root CRLB x_1
    assert r1 == pytest.approx(4.3 - 2 * model.backhaul_per_bs_bits) and np.isfinite(x1)
    # time sharing: 0 at the sensing corner, R_1 from x_1 on, linear in 1/x between
    assert c.time_sharing[0] == 0 and np.allclose(c.time_sharing[x >= x1], r1)
    mid = (x > x2) & (x < x1)
    tau = (1 / x2 - 1 / x[mid]) / (1 / x2 - 1 / x1)
    np.testing.assert_allclose(c.time_sharing[mid], tau * r1, rtol=1e-12)
    # the hull: above the boundary and the segment, concave in 1/x, and equal to the boundary at its vertices
    assert np.all(c.hull >= c.boundary - 1e-9) and np.all(c.hull >= c.time_sharing - 1e-9)
    s = 1 / x
    h = c.hull
    chord = (h[:-2] * (s[1:-1] - s[2:]) + h[2:] * (s[:-2] - s[1:-1])) / (s[:-2] - s[2:])
    assert np.all(h[1:-1] >= chord - 1e-9)
    assert np.any(c.hull > c.boundary + 0.05)  # C = 4.3: the integer region is not convex
    # the boundary only ever grows with the level, and the non-cooperative one is below it
    assert np.all(np.diff(c.boundary) >= -1e-12)
    assert np.all(np.nan_to_num(c.noncoop, nan=-1) <= c.boundary + 1e-9)


def test_upper_concave_envelope():
    from isacnet.optimization.coop import upper_concave_envelope

    s = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    r = np.array([4.0, 2.0, 3.0, 1.0, 0.0])
    got = upper_concave_envelope(s, r, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    np.testing.assert_allclose(got[:5], [4.0, 3.5, 3.0, 1.5, 0.0])  # 2 at s = 1 lies under the chord (0,4)-(2,3)
    assert np.isnan(got[5])
