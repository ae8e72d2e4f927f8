"""Compiled (numba) twins of the coop sensing kernels; imported only when numba runs (:mod:`isacnet._accel`)."""

from __future__ import annotations

import numba
import numpy as np

from isacnet.geometry._ppp_loops import unit_circle_point
from isacnet.metrics.localization import SINGULAR_DET_REL
from isacnet.simulate.coop._sensing import _TINY32

__all__ = ["crlb_block"]


@numba.njit(cache=True, error_model="numpy")
def crlb_block(gaps, turns, pi_density, beta, zeta_sq):
    """Loop twin of :func:`isacnet.simulate.coop._sensing._crlb_block_numpy` (same operations, same order).

    The loop over drops is innermost, so that it vectorises (the accumulators of 1024 drops stay in cache).
    """
    num_bs, n = gaps.shape
    arrivals = np.zeros(n)
    weights = np.empty(n)
    s = np.zeros(n)
    sc = np.zeros(n)
    ss = np.zeros(n)
    scc = np.zeros(n)
    sss = np.zeros(n)
    scs = np.zeros(n)
    half_beta = 0.5 * beta
    for k in range(num_bs):
        for d in range(n):
            arrivals[d] += np.float64(max(gaps[k, d], _TINY32))
            weights[d] = pi_density / arrivals[d]
        if beta != 2.0:
            for d in range(n):
                weights[d] = weights[d] ** half_beta
        for d in range(n):
            w = weights[d]
            c, si = unit_circle_point(turns[k, d])
            wc = w * c
            ws = w * si
            s[d] += w
            sc[d] += wc
            ss[d] += ws
            scc[d] += wc * c
            sss[d] += ws * si
            scs[d] += wc * si
    out = np.empty(n)
    for d in range(n):
        a = 2.0 * (s[d] * scc[d] + sc[d] * sc[d])
        b = 2.0 * (s[d] * sss[d] + ss[d] * ss[d])
        c = 2.0 * (s[d] * scs[d] + sc[d] * ss[d])
        det = a * b - c * c
        trace = a + b
        out[d] = trace / (zeta_sq * det) if det > SINGULAR_DET_REL * (trace * trace) else np.inf
    return out
