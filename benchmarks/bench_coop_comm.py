"""Theorem 2 (coop eq. (29)): our fixed-grid double integral vs scipy's nested adaptive ``quad``.

Measured in the same run: time per (L, p^c) point for both, their ratio, and the relative
difference (the nested quad at epsrel 1e-10 is the accuracy reference; requirement 1e-4 and
< 20 ms per point on one core).
"""

from __future__ import annotations

import time
from functools import partial

import numpy as np
from scipy import integrate

from isacnet.analysis.coop import comp_rate, h1_kernel, h2_kernel, kappa_comm


def _nested_quad(L, kappa, pc, pt=1.0, M=4, pathloss_exp=4.0, epsrel=1e-10):
    def inner(z):
        def f(eta):
            fe = 2 * (L - 1) * eta * (1 - eta**2) ** (L - 2)
            den = 1 + (1 - kappa) * h1_kernel(z * pt, 1, pathloss_exp, eta) + h2_kernel(z * pt, pathloss_exp, eta)
            signal = kappa * h1_kernel(z * pc, M - 1, pathloss_exp, eta)
            return fe * (1 / den - (1 + pc * z) ** (1 - M) / (den + signal))
        return integrate.quad(f, 0, 1, epsabs=1e-13, epsrel=epsrel * 0.1, limit=200)[0]
    return integrate.quad(lambda t: inner(np.exp(t)), -40, 60, epsabs=1e-12, epsrel=epsrel, limit=400)[0]


def _time(fn, repeat):
    t0 = time.perf_counter()
    for _ in range(repeat):
        out = fn()
    return (time.perf_counter() - t0) / repeat, out


def main(quick: bool) -> list[str]:
    points = [(3, 0.5), (8, 0.3)] if quick else [(2, 0.5), (3, 0.5), (8, 0.3), (15, 1.0), (30, 0.7)]
    lines = []
    worst, ratios, ours_ms = 0.0, [], []
    for L, pc in points:
        k = float(kappa_comm(L, 1.0, 15))
        t_ours, r_ours = _time(partial(comp_rate, L, k, pc, 1.0, 4), 20)
        t_ref, r_ref = _time(partial(_nested_quad, L, k, pc), 1)
        err = abs(r_ours / r_ref - 1)
        worst = max(worst, err)
        ratios.append(t_ref / t_ours)
        ours_ms.append(1e3 * t_ours)
        lines.append(f"L={L:2d} p^c={pc:.1f}: ours {1e3 * t_ours:6.2f} ms, nested quad {1e3 * t_ref:8.1f} ms, "
                     f"speed-up x{t_ref / t_ours:7.0f}, rel. diff {err:.1e}")
    lines.append(f"Theorem 2: max {max(ours_ms):.2f} ms per point (< 20 ms required); speed-up vs nested quad "
                 f"x{min(ratios):.0f}-x{max(ratios):.0f}; worst rel. diff {worst:.1e} (< 1e-4 required)")
    return lines


if __name__ == "__main__":
    import sys

    for line in main("--quick" in sys.argv):
        print(line)
