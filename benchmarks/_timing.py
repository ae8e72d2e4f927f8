"""Timing helpers shared by the benchmarks: best of a few repeats, as a rate."""

from __future__ import annotations

import time


def best_time(fn, repeat: int = 3) -> float:
    """The best wall time [s] of ``repeat`` calls of ``fn()``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def best_rate(fn, count: int, repeat: int = 3) -> float:
    """``count`` divided by the best wall time [s] of ``repeat`` calls of ``fn()``."""
    return count / best_time(fn, repeat)
