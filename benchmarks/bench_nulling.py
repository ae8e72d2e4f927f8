"""nulling (001): closed forms vs scipy's nested ``quad`` and the system-level simulator's scale.

Ratios are measured within this run. Target (issue 5): Theorem 1 and Proposition 3 under
20 ms per point on one core; the system-level simulator handles >= 1e4 BSs per drop.
"""

from __future__ import annotations

import time

import numpy as np
from scipy import integrate, special

from isacnet.analysis import nulling as an
from isacnet.analysis._kernels import interference_kernel
from isacnet.models.nulling import NullingModel
from isacnet.simulate.nulling import system_level_trial


def _timeit(fn, repeat: int) -> tuple[float, float]:
    best = np.inf
    val = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        val = fn()
        best = min(best, time.perf_counter() - t0)
    return best, val


def _thm1_quad(mt, k, cl, a):
    m = mt - k * cl + 1

    def inner(z):
        if cl == 1:
            return 1.0 / (interference_kernel(z, k, a, 1.0) + 1.0)
        def f(e):
            return 2 * (cl - 1) * e * (1 - e * e) ** (cl - 2) / (interference_kernel(z, k, a, e) + 1)
        return integrate.quad(f, 0, 1, limit=200)[0]

    def g(z):
        return (1 - (1 + z) ** (-m)) / z * inner(z)
    return integrate.quad(g, 0, 1, limit=200)[0] + integrate.quad(g, 1, np.inf, limit=200)[0]


def _prop3_quad(c, k, a):
    d = 2 / a

    def i_of(z):
        hole = integrate.quad(lambda t: 2 / np.pi * np.arccos(t / 2) * (1 - (1 + z * t ** (-a)) ** (-k)) * t, 0, 2)[0]
        return k * z**d * special.beta(1 - d, k + d) + 1 - hole

    def g(z):
        return (1 - (1 + c * z) ** (-k)) / (z * i_of(z))
    return integrate.quad(g, 0, 1, limit=200)[0] + integrate.quad(g, 1, np.inf, limit=200)[0]


def main(quick: bool) -> list[str]:
    rep = 3 if quick else 10
    out = []
    t_ours, v_ours = _timeit(lambda: an.rate_comm_theorem1(20, 5, 2), rep)
    t_quad, v_quad = _timeit(lambda: _thm1_quad(20, 5, 2, 4.0), 1)
    out.append(f"Theorem 1 (M_t=20, K=5, L=2): ours {t_ours * 1e3:.2f} ms, nested quad {t_quad * 1e3:.0f} ms, "
               f"speed-up x{t_quad / t_ours:.0f}, |diff| {abs(v_ours - v_quad):.1e} nats; "
               f"{'meets' if t_ours < 0.02 else 'MISSES'} the 20 ms target")
    t_ours, v_ours = _timeit(lambda: an.radar_rate_prop3(1.0, 2), rep)
    t_quad, v_quad = _timeit(lambda: _prop3_quad(1.0, 2, 4.0), 1)
    out.append(f"Prop. 3 (alpha = 2 beta, K=2): ours {t_ours * 1e3:.2f} ms, nested quad {t_quad * 1e3:.0f} ms, "
               f"speed-up x{t_quad / t_ours:.0f}, |diff| {abs(v_ours - v_quad):.1e} nats; "
               f"{'meets' if t_ours < 0.02 else 'MISSES'} the 20 ms target")
    t_gen, _ = _timeit(lambda: an.radar_rate_prop3(1.0, 2, 4.0, 2.2, 1e-6), rep)
    out.append(f"Prop. 3 general alpha != 2 beta (v quadrature): {t_gen * 1e3:.1f} ms per point; "
               f"{'meets' if t_gen < 0.02 else 'MISSES'} the 20 ms target")
    t_fast, _ = _timeit(lambda: an.radar_rate_theorem3(1.0, 2, 4), rep)
    t_slow, _ = _timeit(lambda: an.radar_rate_theorem3(1.0, 2, 4, 4.0, 2.001, 1e-6), 1)
    out.append(f"Theorem 3: reduced 2-D form (alpha = 2 beta) {t_fast * 1e3:.1f} ms vs 3-D form (beta = 2.001) "
               f"{t_slow * 1e3:.0f} ms (x{t_slow / t_fast:.0f})")
    nbs = 10_000
    point = dict(num_users=4, cluster_size_comm=2, num_targets=2, cluster_size_sense=3, mean_num_bs=nbs)
    t_sys, res = _timeit(lambda: system_level_trial(np.random.default_rng(0), 1, NullingModel(), **point), 1)
    out.append(f"system level: one network of ~{nbs} BSs ({res['rate_comm'].size} users, {res['rate_sense'].size} "
               f"targets, actual ZF) in {t_sys:.1f} s ({t_sys / res['diversity'].size * 1e6:.0f} us per BS)")
    return out


if __name__ == "__main__":
    for line in main(quick=True):
        print(line)
