"""coop (000) communication: Theorem 2 against nested ``quad``; coop-fig6's link-level simulator (#12, target 4).

* Theorem 2 (eq. (29)): our fixed-grid double integral against scipy's nested adaptive
  ``quad`` run at the loosest tolerance that is as accurate as ours (the error of both
  measured against a tight nested ``quad``), not at a needlessly tight one.
* coop-fig6 at full budget: one Monte Carlo batch (model level and link level) against the
  pre-#12 code (the dense ``[networks, users, BSs]`` distance tensor), on the CPU clock, for
  cluster sizes across the figure's range; the figure's total is the per-point cost summed over
  its grid (interpolated in L). Peak memory: the largest point's batch in a fresh process.
"""

from __future__ import annotations

import numpy as np
from scipy import integrate

try:
    import _baselines as base
    from _timing import interleaved, record, run_python
except ImportError:  # run from elsewhere
    from benchmarks import _baselines as base
    from benchmarks._timing import interleaved, record, run_python

from isacnet.analysis.coop import comp_rate, h1_kernel, h2_kernel, kappa_comm
from isacnet.simulate.coop import comp_rate_link_trial, comp_rate_trial


def _nested_quad(L, kappa, pc, pt=1.0, M=4, alpha=4.0, epsrel=1e-10):
    def inner(z):
        def f(eta):
            fe = 2 * (L - 1) * eta * (1 - eta**2) ** (L - 2)
            den = 1 + (1 - kappa) * h1_kernel(z * pt, 1, alpha, eta) + h2_kernel(z * pt, alpha, eta)
            return fe * (1 / den - (1 + pc * z) ** (1 - M) / (den + kappa * h1_kernel(z * pc, M - 1, alpha, eta)))
        return integrate.quad(f, 0, 1, epsabs=1e-13, epsrel=epsrel * 0.1, limit=200)[0]
    return integrate.quad(lambda t: inner(np.exp(t)), -40, 60, epsabs=1e-12, epsrel=epsrel, limit=400)[0]


def theorem2_records(quick: bool) -> list:
    points = [(3, 0.5), (8, 0.3)] if quick else [(2, 0.5), (3, 0.5), (8, 0.3), (15, 1.0), (30, 0.7)]
    ratios, errs, notes = [], [], []
    for L, pc in points:
        k = float(kappa_comm(L, 1.0, 15))
        ref = _nested_quad(L, k, pc, epsrel=1e-12)
        ours = comp_rate(L, k, pc, 1.0, 4)
        err = abs(ours / ref - 1)
        tol = next((t for t in (1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10)
                    if abs(_nested_quad(L, k, pc, epsrel=t) / ref - 1) <= max(err, 1e-12)), 1e-10)
        t = interleaved({"ours": lambda L=L, k=k, pc=pc: comp_rate(L, k, pc, 1.0, 4),
                         "quad": lambda L=L, k=k, pc=pc, tol=tol: _nested_quad(L, k, pc, epsrel=tol)}, repeat=3)
        ratios.append(t["quad"] / t["ours"])
        errs.append(err)
        notes.append(f"L={L}: x{t['quad'] / t['ours']:.0f} (quad epsrel {tol:g})")
    return [record("Theorem 2 (eq. (29)) vs nested quad at matched accuracy, worst point", None, None, None,
                   min(ratios), unit="", ratio_def="quad time / ours",
                   note=f"our largest relative error {max(errs):.1e} (against quad at 1e-12); " + "; ".join(notes))]


_GRID_L = [1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 20, 25, 30]  # coop-fig6.toml
_MEM = """
import json, numpy as np
from isacnet.registry import get_experiment
from isacnet.simulate.engine import run_batch
exp = get_experiment("coop.comp_rate")
p = exp.params.model_validate(dict(cluster_size_comm=30, user_density_per_km2=5.0, power_comm=0.5,
                                   link_drops_per_batch={links}))
def trial(rng, size):
    return exp.trial(p, rng, size) if {new} else __import__("_baselines").comp_rate_link_v0(rng, {links}, 30, 15, 1e-6,
        5e-6, 0.5, 1.0, 4, 4.0, 120.0) + 0 * __import__("_baselines").comp_rate_v0(rng, size, 30, 0.9, 0.5)[:{links}]
for b in range(3):
    run_batch(trial, 1, (0,), b, {batch})
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent through fork and exec
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM")][0]
print(json.dumps({{"maxrss_MB": int(hwm.split()[1]) / 1024}}))
"""


def fig6_records(quick: bool) -> list:
    ls = [1, 6, 16, 30] if quick else [1, 3, 6, 12, 20, 30]
    cost = {}
    for mu in (1.0, 5.0):
        for L in ls:
            kap = float(kappa_comm(L, mu, 15))
            rng = np.random.default_rng(L)
            link = (L, 15, 1e-6, mu * 1e-6, 0.5, 1.0, 4, 4.0, max(60.0, 4.0 * L))
            t = interleaved({  # one point = 20 new batches (25 000 drops, 50 networks) = 10 v0 batches (50 000, 100)
                "new": lambda L=L, kap=kap, rng=rng, link=link: (comp_rate_trial(rng, 25_000, L, kap, 0.5, 1.0, 4),
                                                                 comp_rate_link_trial(rng, 50, *link)),
                "v0": lambda L=L, kap=kap, rng=rng, link=link: (base.comp_rate_v0(rng, 50_000, L, kap, 0.5),
                                                                base.comp_rate_link_v0(rng, 100, *link)),
            }, repeat=1 if quick else 3)
            cost[(L, mu)] = (20 * t["new"], 10 * t["v0"])
    new_total = sum(np.interp(_GRID_L, ls, [cost[(L, mu)][0] for L in ls]).sum() for mu in (1.0, 5.0)) * 3
    old_total = sum(np.interp(_GRID_L, ls, [cost[(L, mu)][1] for L in ls]).sum() for mu in (1.0, 5.0)) * 3
    worst = cost[(30, 5.0)]
    mem_new = run_python(_MEM.format(new=True, links=50, batch=25_000))["maxrss_MB"]
    mem_old = run_python(_MEM.format(new=False, links=100, batch=50_000))["maxrss_MB"]
    return [
        record("coop-fig6 at full budget (84 points, 500 000 drops and 1000 networks each), CPU", new_total / 60,
               old_total / 60, None, old_total / new_total, ">= 3", unit="CPU min", ratio_def="v0 / ours",
               note="per-point costs measured at L in " + str(ls) + ", interpolated over the grid; worst point "
                    f"(L = 30, mu = 5): {worst[0]:.1f} s vs {worst[1]:.1f} s"),
        record("coop-fig6 peak memory of a worker (L = 30, mu = 5, full-budget batches)", mem_new, mem_old, None,
               mem_new, "<= 300", unit="MB", ratio_def="peak RSS, MB",
               note="includes numba and its compiled kernels (about 70 MB)"),
    ]


def main(quick: bool = False) -> list:
    return theorem2_records(quick) + fig6_records(quick)


if __name__ == "__main__":
    import sys

    for r in main("--quick" in sys.argv):
        print(r)
