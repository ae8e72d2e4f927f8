"""power (paper 003): cost of one power allocation vs L, and the vectorised GLRT vs a per-trial loop.

Ratios are measured within one run. The issue's targets: one allocation for L = 3 in well under
1 s, and the solver scaling to L = 20 cells.
"""

from __future__ import annotations

import time

import numpy as np

from isacnet.channel.power import draw_network
from isacnet.metrics.detection import detection_threshold
from isacnet.optimization.power import PowerAllocationProblem, allocate_ppa, brute_force_allocation, min_total_power
from isacnet.simulate.power import draw_symbols, glrt_trial
from isacnet.units import db_to_linear

try:
    from _timing import best_time
except ImportError:  # run from elsewhere
    from benchmarks._timing import best_time


def _problem(num_cells: int, seed: int = 0) -> PowerAllocationProblem:
    for s in range(seed, seed + 200):
        net = draw_network(np.random.default_rng(s), 1, num_cells=num_cells)
        pr = PowerAllocationProblem(net.gains_comm[0], net.gains_sense[0], db_to_linear(1.0), db_to_linear(15.0), 1.0,
                                    1.0 if num_cells <= 5 else 0.2, 0.7, 1e-6, 100)
        p_min, _ = min_total_power(pr)
        if np.isfinite(p_min):
            return pr.with_budget(4.0 * p_min)
    raise RuntimeError("no feasible drop found")


def _glrt_loop(rng, size, p, h, noise, n, delta):
    hits = false_alarms = 0
    for _ in range(size):
        x = draw_symbols(rng, (n, h.size)) * np.sqrt(p)
        y = x @ h + np.sqrt(noise / 2) * (rng.standard_normal(n) + 1j * rng.standard_normal(n))
        y0 = np.sqrt(noise / 2) * (rng.standard_normal(n) + 1j * rng.standard_normal(n))
        coef, *_ = np.linalg.lstsq(x, y, rcond=None)
        coef0, *_ = np.linalg.lstsq(x, y0, rcond=None)
        hits += np.linalg.norm(x @ coef) ** 2 / noise >= delta
        false_alarms += np.linalg.norm(x @ coef0) ** 2 / noise >= delta
    return hits / size, false_alarms / size


def main(quick: bool) -> list[str]:
    lines = []
    pr3 = _problem(3)
    t0 = time.perf_counter()
    res = allocate_ppa(pr3)
    cold = time.perf_counter() - t0
    warm = best_time(lambda: allocate_ppa(pr3), 3)
    lines.append(f"PPA, L = 3: {warm * 1e3:.0f} ms per allocation ({res.iterations} iterations; first call incl. "
                 f"cvxpy start-up {cold * 1e3:.0f} ms) = {warm / 1.0:.3f} of the 1 s target")
    bf = best_time(lambda: brute_force_allocation(pr3, 400), 1)
    lines.append(f"brute force (grid 400 on the budget face) / PPA, L = 3: {bf / warm:.1f}x")
    sizes = (3, 5, 10, 20) if quick else (3, 5, 10, 20, 40)
    times = {}
    for num in sizes:
        pr = _problem(num)
        times[num] = best_time(lambda pr=pr: allocate_ppa(pr, starts="min_power"), 1 if num > 10 else 2)
        r = allocate_ppa(pr, starts="min_power")
        lines.append(f"PPA, L = {num:2d}: {times[num] * 1e3:.0f} ms, {r.iterations} iterations, feasible {r.feasible}, "
                     f"time / time(L = 3) = {times[num] / times[sizes[0]]:.1f}")
    size = 2000 if quick else 20_000
    loop_size = 200 if quick else 1000
    rng = np.random.default_rng(0)
    p, h = 0.1 * np.ones(3), np.array([1.0 + 0.2j, 0.5 - 0.5j, 0.3 + 0.1j])
    delta = float(detection_threshold(1e-3, 3))
    t_vec = best_time(lambda: glrt_trial(rng, size, powers=p, channel=h, noise_power=1.0, num_samples=100,
                                      threshold=delta), 2) / size
    t_loop = best_time(lambda: _glrt_loop(rng, loop_size, p, h, 1.0, 100, delta), 1) / loop_size
    lines.append(f"GLRT Monte Carlo (N = 100, L = 3, H0 and H1): vectorised is {t_loop / t_vec:.0f}x faster per trial "
                 f"than a per-trial lstsq loop")
    return lines


if __name__ == "__main__":
    import sys

    for line in main("--quick" in sys.argv):
        print(line)
