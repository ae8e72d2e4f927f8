"""Nearest-N PPP sampling throughput: the vectorised engine vs a naive per-drop loop, same run.

The naive version draws each drop's N nearest points separately (a Python loop over drops with the
same exact arrival-time construction), which is how a straightforward script would do it.
"""

from __future__ import annotations

import numpy as np

from isacnet.geometry import nearest_ppp_points

try:
    from _timing import best_rate
except ImportError:  # run from elsewhere
    from benchmarks._timing import best_rate

DENSITY = 1e-6


def _naive(rng, num_drops, n):
    radii = np.empty((num_drops, n))
    angles = np.empty((num_drops, n))
    for d in range(num_drops):
        arrivals = np.cumsum(rng.standard_exponential(n))
        radii[d] = np.sqrt(arrivals / (np.pi * DENSITY))
        angles[d] = rng.uniform(0, 2 * np.pi, n)
    return radii, angles


def main(quick: bool = False) -> list[str]:
    n = 10
    big, small = (200_000, 5_000) if quick else (1_000_000, 20_000)
    rng = np.random.default_rng(0)
    fast = best_rate(lambda: nearest_ppp_points(rng, big, n, DENSITY), big)
    slow = best_rate(lambda: _naive(rng, small, n), small)
    return [
        f"nearest-{n} PPP sampling, vectorised: {fast:.3g} drops/s",
        f"nearest-{n} PPP sampling, per-drop loop: {slow:.3g} drops/s",
        f"ratio vectorised / loop: {fast / slow:.0f}x",
    ]


if __name__ == "__main__":
    print("\n".join(main()))
