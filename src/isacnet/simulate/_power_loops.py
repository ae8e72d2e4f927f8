"""Compiled (numba) twin of the power GLRT kernel; imported only when numba runs (:mod:`isacnet._accel`)."""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["glrt_statistics"]


@numba.njit(cache=True, error_model="numpy")
def glrt_statistics(x_unit, sqrt_powers, channel, noise1, noise0, noise_power):
    """Loop twin of :func:`isacnet.simulate.power._glrt_statistics_numpy`: one pass over each run's samples.

    ``G = X^H X``, ``b = X^H y`` accumulated sample by sample, then ``b^H G^-1 b`` through the
    Cholesky factor ``G = C C^H`` (``|C^-1 b|^2``). Agrees with the NumPy form to rounding
    (relative differences of order 1e-13 for well-conditioned ``G``).
    """
    size, num_samples, num_cells = x_unit.shape
    t1 = np.empty(size)
    t0 = np.empty(size)
    snr = np.empty(size)
    x = np.empty(num_cells, dtype=np.complex128)
    gram = np.empty((num_cells, num_cells), dtype=np.complex128)
    chol = np.empty((num_cells, num_cells), dtype=np.complex128)
    b1 = np.empty(num_cells, dtype=np.complex128)
    b0 = np.empty(num_cells, dtype=np.complex128)
    w = np.empty(num_cells, dtype=np.complex128)
    for s in range(size):
        gram[:] = 0.0
        b1[:] = 0.0
        b0[:] = 0.0
        for n in range(num_samples):
            y1 = noise1[s, n]
            for l in range(num_cells):
                x[l] = x_unit[s, n, l] * sqrt_powers[l]
                y1 += x[l] * channel[l]  # Eq. (5)/(6): y = X h + n under H1
            y0 = noise0[s, n]
            for l in range(num_cells):
                xc = np.conj(x[l])
                b1[l] += xc * y1
                b0[l] += xc * y0
                for m in range(l + 1):
                    gram[l, m] += xc * x[m]  # lower triangle of X^H X
        quad_h = 0.0
        for l in range(num_cells):  # h^H G h from the lower triangle
            quad_h += gram[l, l].real * (channel[l].real ** 2 + channel[l].imag ** 2)
            for m in range(l):
                quad_h += 2.0 * (np.conj(channel[l]) * gram[l, m] * channel[m]).real
        snr[s] = quad_h / noise_power  # Eq. (12), 4th line
        for j in range(num_cells):  # Cholesky G = C C^H
            d = gram[j, j].real
            for k in range(j):
                d -= chol[j, k].real ** 2 + chol[j, k].imag ** 2
            d = np.sqrt(d)
            chol[j, j] = d
            for i in range(j + 1, num_cells):
                v = gram[i, j]
                for k in range(j):
                    v -= chol[i, k] * np.conj(chol[j, k])
                chol[i, j] = v / d
        for out, b in ((t1, b1), (t0, b0)):  # Eq. (8): b^H G^-1 b / sigma^2 = |C^-1 b|^2 / sigma^2
            total = 0.0
            for i in range(num_cells):
                v = b[i]
                for k in range(i):
                    v -= chol[i, k] * w[k]
                w[i] = v / chol[i, i].real
                total += w[i].real ** 2 + w[i].imag ** 2
            out[s] = total / noise_power
    return t1, t0, snr
