"""power (paper 003): one power allocation against brute force and as L grows; the GLRT Monte Carlo kernel.

Ratios are measured within one run: PPA against a 400-point brute-force search of the budget
face, the cost at L cells against L = 3, and the GLRT trial (both hypotheses and the exact
conditional PoD) against its RNG floor and the pre-#12 vectorised code.
"""

from __future__ import annotations

import time

import numpy as np

from isacnet.channel.power import draw_network
from isacnet.metrics.detection import detection_threshold
from isacnet.optimization.power import PowerAllocationProblem, allocate_ppa, brute_force_allocation, min_total_power
from isacnet.simulate.power import glrt_trial
from isacnet.units import db_to_linear

try:
    import _baselines as base
    from _timing import interleaved, record
except ImportError:  # run from elsewhere
    from benchmarks import _baselines as base
    from benchmarks._timing import interleaved, record


def _problem(num_cells: int, seed: int = 0) -> PowerAllocationProblem:
    for s in range(seed, seed + 200):
        net = draw_network(np.random.default_rng(s), 1, num_cells=num_cells)
        pr = PowerAllocationProblem(net.gains_comm[0], net.gains_sense[0], db_to_linear(1.0), db_to_linear(15.0), 1.0,
                                    1.0 if num_cells <= 5 else 0.2, 0.7, 1e-6, 100)
        p_min, _ = min_total_power(pr)
        if np.isfinite(p_min):
            return pr.with_budget(4.0 * p_min)
    raise RuntimeError("no feasible drop found")


def main(quick: bool) -> list:
    out = []
    pr3 = _problem(3)
    t0 = time.process_time()
    res = allocate_ppa(pr3)
    cold = time.process_time() - t0
    t = interleaved({"ppa": lambda: allocate_ppa(pr3), "brute": lambda: brute_force_allocation(pr3, 400)},
                    repeat=2 if quick else 3, clock=time.process_time)
    out.append(record("power allocation (PPA), L = 3, vs brute force on the budget face (400 points)", t["ppa"] * 1e3,
                      t["brute"] * 1e3, None, t["brute"] / t["ppa"], unit="ms",
                      note=f"{res.iterations} iterations; first call with the cvxpy start-up {cold * 1e3:.0f} ms"))
    sizes = (3, 10, 20) if quick else (3, 5, 10, 20, 40)
    problems = {num: _problem(num) for num in sizes}
    t = interleaved({num: (lambda pr=pr: allocate_ppa(pr, starts="min_power")) for num, pr in problems.items()},
                    repeat=1 if quick else 2, clock=time.process_time)
    big = max(sizes)
    out.append(record(f"power allocation (PPA): L = {big} vs L = 3", t[big] * 1e3, t[3] * 1e3, None, t[big] / t[3],
                      unit="ms", ratio_def="time(L) / time(3)",
                      note="; ".join(f"L = {n}: {t[n] * 1e3:.0f} ms" for n in sizes)))
    size = 2000 if quick else 10_000
    rng = np.random.default_rng(0)
    p, h = 0.1 * np.ones(3), np.array([1.0 + 0.2j, 0.5 - 0.5j, 0.3 + 0.1j])
    delta = float(detection_threshold(1e-3, 3))
    t = interleaved({
        "ours": lambda: glrt_trial(rng, size, powers=p, channel=h, noise_power=1.0, num_samples=100, threshold=delta,
                                   pfa=1e-3),
        "floor": lambda: base.glrt_floor(rng, size, 100, 3),
        "v0": lambda: base.glrt_v0(rng, size, p, h, 1.0, 100, delta, 1e-3),
    }, repeat=3 if quick else 9)
    per = 1e6 / size
    out.append(record("GLRT trial (N = 100, L = 3, H0 and H1, exact PoD): share of the RNG floor", t["ours"] * per,
                      None, t["floor"] * per, t["floor"] / t["ours"], unit="us per run", ratio_def="floor / ours"))
    out.append(record("GLRT trial: vs the pre-#12 vectorised NumPy", t["ours"] * per, t["v0"] * per, t["floor"] * per,
                      t["v0"] / t["ours"], unit="us per run",
                      note="v0: batched matmul and LAPACK solve per hypothesis, the exact PoD apart"))
    return out


if __name__ == "__main__":
    import sys

    for r in main("--quick" in sys.argv):
        print(r)
