"""Compiled (numba) twins of the nulling typical-point kernels; imported only when numba runs (``isacnet._accel``)."""

from __future__ import annotations

import numba
import numpy as np

from isacnet.geometry._ppp_loops import cos_sin_point
from isacnet.simulate.nulling._typical import _TINY32

__all__ = ["hole_interference"]


@numba.njit(cache=True, error_model="numpy")
def hole_interference(gaps, theta, gains, pi_density, alpha, num_nulled):
    """Loop twin of :func:`isacnet.simulate.nulling._typical._hole_interference_numpy`.

    Positions bit for bit as the NumPy form; the interference sum runs point by point (NumPy's is
    pairwise) and ``pow`` for ``alpha != 4`` may differ by an ulp: relative differences ~1e-15.
    """
    n, m = gaps.shape
    r_serv = np.empty(n)
    exact = np.empty(n)
    last = np.empty(n)
    arrivals = np.empty(m)
    x = np.empty(m)
    y = np.empty(m)
    d2 = np.empty(m - 1)
    neg_half_alpha = -0.5 * alpha
    for d in range(n):
        acc = 0.0
        for k in range(m):  # the prefix sum first: the loop below then vectorises
            acc += np.float64(max(gaps[d, k], _TINY32))
            arrivals[k] = acc
        for k in range(m):
            r = np.sqrt(arrivals[k] / pi_density)
            c, s = cos_sin_point(theta[d, k])
            x[k] = r * c
            y[k] = r * s
        for k in range(1, m):
            dx = x[k] - x[0]
            dy = y[k] - y[0]
            d2[k - 1] = dx * dx + dy * dy
        for _ in range(num_nulled - 1):  # the Q-1 BSs nearest to the serving BS null: mark them negative
            best = -1
            for k in range(m - 1):
                if d2[k] >= 0.0 and (best < 0 or d2[k] < d2[best]):
                    best = k
            d2[best] = -1.0
        total = 0.0
        j = 0
        for k in range(m - 1):
            v = d2[k]
            if v < 0.0:
                continue
            total += gains[d, j] * (1.0 / (v * v) if alpha == 4.0 else v**neg_half_alpha)
            j += 1
        exact[d] = total
        r_serv[d] = np.sqrt(arrivals[0] / pi_density)
        last[d] = arrivals[m - 1]
    return r_serv, exact, last
