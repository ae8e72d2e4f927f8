"""deploy (004): MM + trust-region optimiser of spec 004 §7 and its references."""

import numpy as np
import pytest

from isacnet.errors import InputError, NumericalError
from isacnet.geometry.regions import Segment, horizontal_plane
from isacnet.optimization import deploy as o


def _problem(rate=None, seed=0, n_grid=4, free=(True, True, True)):
    tr = horizontal_plane([0, 0], 200, 200, 100.0)
    ur = horizontal_plane([0, 0], 200, 200, 0.0)
    t, _ = tr.grid(n_grid)
    q, _ = ur.grid(n_grid)
    return o.make_problem(t, q, [-150, -150, 5], [150, 150, 95], zeta2=1e9, comm_snr_scale=1.5e8, pathloss_exp=3.0,
                          rate_threshold_bits=rate, target_region=tr, free_axes=free)


def _feasible_init(prob, n, seed):
    u0 = o.initial_layout(prob, n, np.random.default_rng(seed))
    if prob.rate_threshold_bits is not None and o.area_rate_mean_gain_bits(prob, u0) < prob.rate_threshold_bits:
        u0 = o.optimize_comm_only(prob, u0, num_starts=1).layout
    return u0


@pytest.mark.parametrize("seed", range(4))
def test_woodbury_and_majoriser_bounds(seed):
    # (32) identity; (34) >= true objective, (36)-(37) >= (34), both tight at u_k^(r) (spec §7.2).
    rng = np.random.default_rng(seed)
    prob = _problem()
    u = o.initial_layout(prob, 5, rng)
    k = seed % 5
    fm, amat, lam, _, _ = o.woodbury_split(prob, u, k)
    f_full = fm + np.einsum("ian,in,ibn->iab", amat, lam, amat)
    g = np.linalg.inv(fm)
    b = g @ amat
    mm = np.stack([np.diag(1 / li) for li in lam]) + np.swapaxes(amat, 1, 2) @ b
    wood = np.trace(g, axis1=1, axis2=2) - np.trace(b @ np.linalg.solve(mm, np.swapaxes(b, 1, 2)), axis1=1, axis2=2)
    assert np.allclose(wood, np.trace(np.linalg.inv(f_full), axis1=1, axis2=2), rtol=1e-9)
    terms = o.majoriser_terms(prob, u, k)
    f0 = o.area_objective(prob, u)
    assert o.matrix_fractional_bound(prob, terms, u[k]) == pytest.approx(f0, rel=1e-10)
    assert o.surrogate_value(prob, terms, u[k]) == pytest.approx(f0, rel=1e-10)
    for _ in range(25):
        x = np.clip(u[k] + rng.normal(0, 60, 3), prob.lower, prob.upper)
        uu = u.copy()
        uu[k] = x
        f = o.area_objective(prob, uu)
        b34 = o.matrix_fractional_bound(prob, terms, x)
        s = o.surrogate_value(prob, terms, x)
        assert b34 >= f * (1 - 1e-10)
        assert s >= b34 * (1 - 1e-10)


def _majoriser_reference(prob, u, k):
    """eq. (32)-(37) as written: the N x N matrix M = Λ⁻¹ + Aᵀ G A inverted per target (spec 004 §7.2)."""
    n = len(u)
    fm, amat, lam, dist, e = o.woodbury_split(prob, u, k)
    g = np.linalg.inv(fm)
    bmat = g @ amat
    mmat = np.stack([np.diag(1 / li) for li in lam]) + np.swapaxes(amat, 1, 2) @ bmat
    psi = bmat @ np.linalg.inv(mmat)
    phi = np.swapaxes(psi, 1, 2) @ psi
    v = np.ones(n)
    v[k] = 2.0
    cmat = np.swapaxes(e, 1, 2).copy()
    cmat[:, :, k] = 0.0
    pmat = (phi @ v @ v)[:, None, None] * g
    p = 2 * np.einsum("iab,ib->ia", g, np.einsum("ian,in->ia", cmat, phi @ v) - np.einsum("ian,n->ia", psi, v))
    lmax = np.linalg.eigvalsh(pmat)[:, -1]
    qer = np.einsum("iab,ib->ia", lmax[:, None, None] * np.eye(3) - pmat, e[:, k])
    gc = g @ cmat
    const = (np.trace(g, axis1=1, axis2=2) - 2 * np.einsum("ian,ian->i", psi, gc)
             + np.einsum("inm,imn->i", phi, np.swapaxes(cmat, 1, 2) @ gc) + lmax + np.einsum("ia,ia->i", e[:, k], qer))
    diag = np.diagonal(phi, axis1=1, axis2=2)
    a_m = dist**-prob.pathloss_exp_sense
    others = np.arange(n) != k
    a = np.sum(diag[:, others] / (2 * prob.zeta2 * a_m[:, others]), axis=1)
    return dict(psi=psi, phi=phi, const=const, p_tilde=p - 2 * qer, a=a, b=diag[:, k] / prob.zeta2)


@pytest.mark.parametrize("num_bs", [5, 16])
def test_woodbury_majoriser_equals_the_n_by_n_form(num_bs):
    # issue 12: Ψ = F⁻¹ A Λ (3 x 3 inverse) instead of B (Λ⁻¹ + Aᵀ G A)⁻¹ (N x N): the same terms to rounding
    prob = _problem()
    u = o.initial_layout(prob, num_bs, np.random.default_rng(num_bs))
    for k in (0, num_bs - 1):
        terms = o.majoriser_terms(prob, u, k)
        ref = _majoriser_reference(prob, u, k)
        for name in ("psi", "phi", "const", "p_tilde", "a", "b"):
            got, want = getattr(terms, name), ref[name]
            assert np.abs(got - want).max() <= 1e-12 * np.abs(want).max(), name


def test_exact_gradient_matches_finite_differences():
    prob = _problem()
    u = o.initial_layout(prob, 4, np.random.default_rng(3))
    for k in range(4):
        g = o.objective_gradient(prob, u, k)
        fd = []
        for ax in range(3):
            up, um = u.copy(), u.copy()
            up[k, ax] += 1e-3
            um[k, ax] -= 1e-3
            fd.append((o.area_objective(prob, up) - o.area_objective(prob, um)) / 2e-3)
        assert np.allclose(g, fd, rtol=1e-5, atol=1e-9 * np.abs(fd).max())


@pytest.mark.parametrize("method", ["mm", "gradient"])
@pytest.mark.parametrize("rate", [None, 9.0])
def test_monotone_and_feasible(method, rate):
    prob = _problem(rate)
    u0 = _feasible_init(prob, 4, 1)
    res = o.optimize_deployment(prob, u0, method=method, options=o.TrustRegionOptions(max_sweeps=40))
    assert np.all(np.diff(res.objective_history) <= 1e-15 * res.objective_history[0])
    assert res.objective <= res.objective_history[0]
    assert res.objective == pytest.approx(o.area_objective(prob, res.layout), rel=1e-12)
    assert np.all(res.layout >= prob.lower - 1e-9) and np.all(res.layout <= prob.upper + 1e-9)
    if rate is not None:
        assert o.area_rate_mean_gain_bits(prob, res.layout) >= rate - 1e-9
    # surrogate >= objective at every accepted update (MM majorisation)
    assert np.all(res.surrogate_history >= res.objective_history * (1 - 1e-9))


def test_infeasible_initial_layout_is_rejected():
    prob = _problem(rate=50.0)
    with pytest.raises(InputError, match="rate_threshold_bits"):
        o.optimize_deployment(prob, o.initial_layout(prob, 4, np.random.default_rng(0)))


def test_agrees_with_global_search_small_case():
    # Multi-start MM is at least as good as multi-start per-BS global grid search (within 2 %).
    prob = _problem(n_grid=3)
    mm = min(o.optimize_deployment(prob, o.initial_layout(prob, 4, np.random.default_rng(s))).objective
             for s in range(3))
    gs = min(o.grid_search_deployment(prob, o.initial_layout(prob, 4, np.random.default_rng(s)),
                                      per_axis=(9, 9, 7)).objective for s in range(3))
    assert mm <= 1.02 * gs


def test_heights_only_keeps_horizontal_positions():
    prob = _problem(free=(False, False, True))
    u0 = o.initial_layout(prob, 4, np.random.default_rng(2))
    u0[:, 2] = 10.0
    res = o.optimize_deployment(prob, u0, options=o.TrustRegionOptions(max_sweeps=20))
    assert np.array_equal(res.layout[:, :2], u0[:, :2])
    assert res.objective < o.area_objective(prob, u0)


def test_comm_only_beats_random_layouts():
    prob = _problem()
    rng = np.random.default_rng(4)
    res = o.optimize_comm_only(prob, o.initial_layout(prob, 4, rng), num_starts=2, rng=rng)
    rand = [o.area_rate_mean_gain_bits(prob, o.initial_layout(prob, 4, rng)) for _ in range(20)]
    assert res.area_rate_bits > max(rand)
    assert np.allclose(res.layout[:, 2], prob.lower[2])  # lowest height: shortest BS-user links


def test_box_in_target_plane_is_rejected():
    seg = Segment([0, 0, 0], [100, 0, 0])
    t, _ = seg.grid(5)
    with pytest.raises(InputError, match="bs_box"):
        o.make_problem(t, t, [0, 0, 0], [100, 0, 0], zeta2=1.0, comm_snr_scale=1.0, target_region=seg)
    o.make_problem(t, t, [0, 0, 0], [100, 0, 0], zeta2=1.0, comm_snr_scale=1.0, target_region=seg,
                   estimate_dims="in_region")


def test_bad_options():
    with pytest.raises(InputError, match="eta1"):
        o.TrustRegionOptions(eta1=0.8, eta2=0.5)
    with pytest.raises(InputError, match="num_bs"):
        o.initial_layout(_problem(), 0, np.random.default_rng(0))


def test_in_region_gradient_and_fallback():
    # d x d in-region FIM (spec §1): exact gradient vs finite differences; MM falls back to §7.6.
    seg = Segment([0, 0, 0], [400, 0, 0])
    t, _ = seg.grid(12)
    prob = o.make_problem(t, t, [0, -200, 10], [400, 200, 200], zeta2=1e9, comm_snr_scale=1.5e8,
                          target_region=seg, estimate_dims="in_region")
    u = o.initial_layout(prob, 3, np.random.default_rng(5))
    g = o.objective_gradient(prob, u, 1)
    fd = []
    for ax in range(3):
        up, um = u.copy(), u.copy()
        up[1, ax] += 1e-3
        um[1, ax] -= 1e-3
        fd.append((o.area_objective(prob, up) - o.area_objective(prob, um)) / 2e-3)
    assert np.allclose(g, fd, rtol=1e-5, atol=1e-9 * np.abs(fd).max())
    res = o.optimize_deployment(prob, u, options=o.TrustRegionOptions(max_sweeps=15))
    assert res.method == "gradient"
    assert res.objective < o.area_objective(prob, u)
    assert np.all(np.diff(res.objective_history) <= 0)


def test_small_n_falls_back_to_exact_gradient():
    # N = 3 in 3-D: F_{-k} (2 BSs) is singular, so (32) cannot be formed; the §7.6 model is used.
    prob = _problem()
    u = o.initial_layout(prob, 3, np.random.default_rng(8))
    with pytest.raises(NumericalError, match="singular"):
        o.majoriser_terms(prob, u, 0)
    res = o.optimize_deployment(prob, u, options=o.TrustRegionOptions(max_sweeps=15))
    assert res.objective < o.area_objective(prob, u)
    assert np.all(np.diff(res.objective_history) <= 0)


def test_comm_only_needs_a_generator_for_random_starts():
    prob = _problem()
    u0 = o.initial_layout(prob, 4, np.random.default_rng(0))
    with pytest.raises(InputError, match="rng"):
        o.optimize_comm_only(prob, u0, num_starts=2)
    assert o.optimize_comm_only(prob, u0, num_starts=1).area_rate_bits >= o.area_rate_mean_gain_bits(prob, u0)


def test_design_strategies():
    # The rate-optimal layout meets any feasible requirement and starts the constrained MM; a start in the
    # target line's plane (singular 3-D FIM) is repaired by a small random move; an impossible requirement
    # leaves no candidate.
    from isacnet.optimization import deploy_designs as dd

    prob = _problem()
    rng = np.random.default_rng(6)
    comm = dd.optimize_rate_layout(prob, 4, rng, num_starts=2)
    cons = prob.with_rate_threshold(0.9 * comm.area_rate_bits)
    res = dd.optimize_sensing_layout(cons, 4, rng, starts=[comm.layout], num_starts=1)
    assert res.area_rate_bits >= cons.rate_threshold_bits - 1e-9
    assert res.objective < comm.objective
    assert dd.optimize_sensing_layout(prob.with_rate_threshold(1e3), 4, rng, num_starts=2) is None
    seg = Segment([0, 0, 0], [400, 0, 0])
    t, _ = seg.grid(8)
    line = o.make_problem(t, t, [0, -200, 10], [400, 200, 200], zeta2=1e9, comm_snr_scale=1.5e8, target_region=seg)
    flat = np.array([[50.0, 0, 10], [150, 0, 10], [250, 0, 10], [350, 0, 10]])
    assert not np.isfinite(o.area_objective(line, flat))
    fixed = dd.regularise_start(line, flat, rng)
    assert np.isfinite(o.area_objective(line, fixed)) and np.max(np.abs(fixed - flat)) < 0.1 * 3 * line.diameter
