"""deploy (004): the FIM, one MM sweep (issue 12, target 6) and the (41) subproblem solver.

* FIM of eq. (6) in O(I N) against the direct O(I N^2) vectorised form (and the per-point loop).
* One MM sweep (N = 16, I = J = 400) with the Woodbury majoriser (``Psi = F^-1 A Lambda``, 3 x 3
  inverses) against the N x N inverse it replaced, the rest of the sweep unchanged.
* The dedicated (41) subproblem solver (SLSQP, exact gradients) against CVXPY + Clarabel.
"""

from __future__ import annotations

import time

import numpy as np

from isacnet.geometry.regions import horizontal_plane
from isacnet.metrics.deploy import fisher_information, fisher_information_loop, zeta_squared
from isacnet.optimization import deploy as o

try:
    import _baselines as base
    from _timing import interleaved, record
except ImportError:  # run from elsewhere
    from benchmarks import _baselines as base
    from benchmarks._timing import interleaved, record


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


def main(quick: bool) -> list:
    out = []
    rep = 3 if quick else 7
    n_pts = 100 if quick else 400
    prob, rng = _problem(n_pts)
    u = o.initial_layout(prob, 16, rng)
    t = interleaved({"ours": lambda: fisher_information(prob.targets, u, prob.zeta2, 2.0),
                     "numpy": lambda: base.fim_numpy(prob.targets, u, prob.zeta2, 2.0)}, repeat=rep)
    t_loop = interleaved({"loop": lambda: fisher_information_loop(prob.targets[:20], u, prob.zeta2, 2.0)},
                         repeat=1)["loop"] * n_pts / 20
    out.append(record(f"FIM of eq. (6), {n_pts} targets, N = 16: O(I N) form vs the direct O(I N^2) vectorised form",
                      t["ours"] * 1e3, t["numpy"] * 1e3, None, t["numpy"] / t["ours"], unit="ms",
                      note=f"a per-point Python loop takes {t_loop * 1e3:.0f} ms (x{t_loop / t['ours']:.0f})"))
    prob4, rng = _problem(400, rate=None)
    u4 = o.initial_layout(prob4, 16, rng)
    opts = o.TrustRegionOptions(max_sweeps=1)
    woodbury = o.majoriser_terms

    def sweep_v0():
        o.majoriser_terms = base.majoriser_terms_v0
        try:
            o.optimize_deployment(prob4, u4, options=opts)
        finally:
            o.majoriser_terms = woodbury

    t = interleaved({"ours": lambda: o.optimize_deployment(prob4, u4, options=opts), "v0": sweep_v0},
                    repeat=2 if quick else 5, clock=time.process_time)
    out.append(record("one MM sweep, N = 16, I = J = 400: Woodbury majoriser vs the N x N inverse", t["ours"],
                      t["v0"], None, t["v0"] / t["ours"], ">= 1.3", unit="CPU s",
                      note="the terms agree to 1e-15 (tests/unit/test_deploy_optimizer.py)"))
    try:
        import cvxpy  # noqa: F401
    except ImportError:  # pragma: no cover
        return out
    probr, rng = _problem(400, rate=5.0)
    ur = o.optimize_comm_only(probr, o.initial_layout(probr, 16, rng), num_starts=1).layout
    k = 3
    terms = o.majoriser_terms(probr, ur, k)
    rc, rhs = o.rate_linearisation(probr, ur, k)
    radius = 0.1 * probr.diameter
    fun = o._model_fun_mm(probr, terms)
    sol = {}
    t = interleaved({
        "ours": lambda: sol.__setitem__("d", o._ball_box_solve(fun, ur[k].copy(), radius, probr.lower, probr.upper,
                                                               probr.free_axes, rc, rhs, probr.users)),
        "cvxpy": lambda: sol.__setitem__("c", _cvxpy_subproblem(probr, terms, radius, rc, rhs)),
    }, repeat=1 if quick else 3, clock=time.process_time)
    fd, fc = fun(sol["d"])[0], fun(sol["c"])[0]
    out.append(record("subproblem (41), I = J = 400: dedicated SLSQP vs CVXPY + Clarabel", t["ours"] * 1e3,
                      t["cvxpy"] * 1e3, None, t["cvxpy"] / t["ours"], unit="ms",
                      note=f"model values {fd:.6e} vs {fc:.6e} (rel. diff {abs(fd - fc) / abs(fc):.1e})"))
    return out


if __name__ == "__main__":
    import sys

    for r in main("--quick" in sys.argv):
        print(r)
