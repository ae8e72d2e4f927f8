"""Compiled (numba) twins of :mod:`isacnet.geometry.ppp` helpers; imported only when numba runs.

See :mod:`isacnet._accel`. Each function performs the same IEEE operations, in the same
order, as its NumPy twin.
"""

from __future__ import annotations

import numba
import numpy as np

from isacnet.geometry.ppp import _C1, _C2, _C3, _COS, _HALF_PI32, _PIO2_HI, _PIO2_LO, _S1, _S2, _S3, _SIN, _TWO_OVER_PI

__all__ = ["unit_circle_point", "cos_sin_point", "interference_sum"]


@numba.njit(cache=True, inline="always")
def unit_circle_point(turn):
    """``(cos 2 pi u, sin 2 pi u)`` of one float32 turn: the loop twin of ``ppp.unit_circle``."""
    v = turn * np.float32(4.0)
    quadrant = np.int32(v + np.float32(0.5))
    x = (v - np.float32(quadrant)) * _HALF_PI32
    z = x * x
    sin_x = ((_S3 * z + _S2) * z + _S1) * z * x + x
    cos_x = ((_C3 * z + _C2) * z + _C1) * z * z - np.float32(0.5) * z + np.float32(1.0)
    m = quadrant & 3
    swap = (m & 1) == 1
    a = sin_x if swap else cos_x
    b = cos_x if swap else sin_x
    c = -a if (m == 1 or m == 2) else a
    s = -b if m >= 2 else b
    return np.float64(c), np.float64(s)


_TINY64 = np.finfo(np.float64).tiny


@numba.njit(cache=True, error_model="numpy")
def interference_sum(start, gaps, gains, pi_density, alpha):
    """Loop twin of :func:`isacnet.geometry.ppp._interference_sum_numpy`.

    The same arrival times bit for bit; the sum runs point by point (NumPy's is pairwise), and
    ``pow`` for ``alpha != 4`` may differ by an ulp: relative differences of order 1e-15.
    """
    n, m = gaps.shape
    total = np.empty(n)
    last = np.empty(n)
    half_alpha = 0.5 * alpha
    for d in range(n):
        acc = 0.0
        s = 0.0
        for k in range(m):
            acc += max(gaps[d, k], _TINY64)
            q = pi_density / (acc + start[d])
            s += gains[d, k] * (q * q if alpha == 4.0 else q**half_alpha)
        total[d] = s
        last[d] = acc + start[d]
    return total, last


_SIN1, _SIN2, _SIN3, _SIN4, _SIN5, _SIN6 = _SIN
_COS1, _COS2, _COS3, _COS4, _COS5, _COS6 = _COS


@numba.njit(cache=True, inline="always")
def cos_sin_point(theta):
    """``(cos theta, sin theta)`` of one angle: the loop twin of ``ppp.cos_sin``."""
    q = np.floor(theta * _TWO_OVER_PI + 0.5)
    x = (theta - q * _PIO2_HI) - q * _PIO2_LO
    z = x * x
    sin_x = x + z * x * (_SIN1 + z * (_SIN2 + z * (_SIN3 + z * (_SIN4 + z * (_SIN5 + z * _SIN6)))))
    half_z = 0.5 * z
    w = 1.0 - half_z
    poly = _COS1 + z * (_COS2 + z * (_COS3 + z * (_COS4 + z * (_COS5 + z * _COS6))))
    cos_x = w + (((1.0 - w) - half_z) + z * (z * poly))
    m = np.int64(q) & 3
    swap = (m & 1) == 1
    a = sin_x if swap else cos_x
    b = cos_x if swap else sin_x
    c = -a if (m == 1 or m == 2) else a
    s = -b if m >= 2 else b
    return c, s
