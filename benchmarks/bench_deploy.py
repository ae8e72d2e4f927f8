"""deploy (004): vectorised FIM vs a per-point loop, one MM sweep (N = 16, I = J = 400), and the
dedicated (41) subproblem solver (SLSQP, exact gradients) vs CVXPY + Clarabel."""

from __future__ import annotations

import numpy as np

from isacnet.geometry.regions import horizontal_plane
from isacnet.metrics.deploy import fisher_information, fisher_information_loop, zeta_squared
from isacnet.optimization import deploy as o

try:
    from _timing import best_time
except ImportError:  # run from elsewhere
    from benchmarks._timing import best_time


def _problem(num_samples, rate=None, seed=1):
    rng = np.random.default_rng(seed)
    tr = horizontal_plane([0, 0], 400, 400, 400.0)
    ur = horizontal_plane([0, 0], 400, 400, 0.0)
    t, _ = tr.sample(rng, num_samples)
    q, _ = ur.sample(rng, num_samples)
    return o.make_problem(t, q, [-200, -200, 10], [200, 200, 390], zeta2=zeta_squared(0.5, 50e6, 1e-8, 4, 5),
                          pathloss_exp=3.7, comm_snr_scale=1.5e8, rate_threshold_bits=rate, target_region=tr), rng


def _cvxpy_subproblem(prob, terms, radius, rc, rhs):
    """(41) in CVXPY, lengths in units of ``ls`` (= diameter) and an O(1) objective."""
    import cvxpy as cp

    ls = prob.diameter
    d = prob.targets - terms.u_ref
    r = np.linalg.norm(d, axis=1)
    e = d / r[:, None]
    lin = (terms.p_tilde - np.einsum("ia,ia->i", e, terms.p_tilde)[:, None] * e) / r[:, None]
    w = prob.target_weights / prob.num_targets
    ca, cb = w * terms.a * ls**2, w * terms.b * ls**4
    scale = float(np.sum(ca * (r / ls) ** 2 + cb * (r / ls) ** 4))
    x = cp.Variable(3)  # u = u_ref + ls * x
    rel_t = (prob.targets - terms.u_ref) / ls
    dist = cp.norm(rel_t - np.ones((prob.num_targets, 1)) @ cp.reshape(x, (1, 3), order="C"), 2, axis=1)
    obj = (-(w @ lin) * ls) @ x + ca @ cp.power(dist, 2) + cb @ cp.power(dist, 4)
    cons = [cp.norm(x) <= radius / ls, x >= (prob.lower - terms.u_ref) / ls, x <= (prob.upper - terms.u_ref) / ls]
    if rc is not None:
        rel_q = (prob.users - terms.u_ref) / ls
        sq = cp.sum(cp.square(rel_q - np.ones((len(prob.users), 1)) @ cp.reshape(x, (1, 3), order="C")), axis=1)
        cons.append((rc * ls**2 / rhs) @ sq <= 1.0)
    pr = cp.Problem(cp.Minimize(obj / scale), cons)
    pr.solve(solver=cp.CLARABEL)
    if x.value is None:
        raise RuntimeError(f"CVXPY status {pr.status}")
    return terms.u_ref + ls * x.value


def main(quick: bool) -> list[str]:
    lines = []
    n_pts = 100 if quick else 400
    prob, rng = _problem(n_pts)
    u = o.initial_layout(prob, 16, rng)
    t_vec = best_time(lambda: fisher_information(prob.targets, u, prob.zeta2, 2.0))
    t_loop = best_time(lambda: fisher_information_loop(prob.targets, u, prob.zeta2, 2.0), repeat=1)
    lines.append(f"FIM of {n_pts} points, N=16: vectorised {t_vec * 1e3:.2f} ms, per-point loop {t_loop * 1e3:.0f} ms "
                 f"-> {t_loop / t_vec:.0f}x")
    prob4, rng = _problem(400, rate=None)
    u4 = o.initial_layout(prob4, 16, rng)
    t_sweep = best_time(lambda: o.optimize_deployment(prob4, u4, options=o.TrustRegionOptions(max_sweeps=1)), repeat=2)
    lines.append(f"one MM sweep, N=16, I=J=400: {t_sweep:.3f} s = {t_sweep / 2.0:.2f} of the 2 s target")
    probr, rng = _problem(400, rate=5.0)
    ur = o.optimize_comm_only(probr, o.initial_layout(probr, 16, rng), num_starts=1).layout
    one_sweep = o.TrustRegionOptions(max_sweeps=1)
    t_sweep_r = best_time(lambda: o.optimize_deployment(probr, ur, options=one_sweep), repeat=1)
    lines.append(f"one MM sweep with the rate constraint (R_th = 5 bits/s/Hz), N=16, I=J=400: {t_sweep_r:.3f} s = "
                 f"{t_sweep_r / 2.0:.2f} of the 2 s target")
    try:
        import cvxpy  # noqa: F401
    except ImportError:  # pragma: no cover
        return lines
    k = 3
    terms = o.majoriser_terms(probr, ur, k)
    rc, rhs = o.rate_linearisation(probr, ur, k)
    radius = 0.1 * probr.diameter
    fun = o._model_fun_mm(probr, terms)
    sol = {}
    t_ded = best_time(lambda: sol.__setitem__("d", o._ball_box_solve(fun, ur[k].copy(), radius, probr.lower,
                                                                    probr.upper, probr.free_axes, rc, rhs,
                                                                    probr.users)))
    t_cvx = best_time(lambda: sol.__setitem__("c", _cvxpy_subproblem(probr, terms, radius, rc, rhs)), repeat=1)
    fd, fc = fun(sol["d"])[0], fun(sol["c"])[0]
    lines.append(f"subproblem (41), I=J=400: dedicated SLSQP {t_ded * 1e3:.1f} ms vs CVXPY+Clarabel "
                 f"{t_cvx * 1e3:.0f} ms -> {t_cvx / t_ded:.0f}x; model values {fd:.6e} vs {fc:.6e} "
                 f"(rel diff {abs(fd - fc) / abs(fc):.1e})")
    return lines


if __name__ == "__main__":
    for line in main(quick=False):
        print(line)
