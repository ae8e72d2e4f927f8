"""Sensing side of paper ``coop`` (000): geometry gain and CRLB of cooperative radar."""

from __future__ import annotations

import numpy as np

__all__ = ["expected_gdop", "expected_gdop_asymptotic"]


def expected_gdop(num_bs):
    """Expected GDoP over uniform i.i.d. bearings (coop Prop. 1, eq. (16)).

    ``E_theta[GDoP] ~ (2N + 2) / (N^3 - N^2)``. The paper calls it an approximation:
    it replaces the expectation of the ratio by the ratio of expectations. The true
    mean is infinite for ``N <= 3`` (degenerate geometries; spec 000 §6), and the
    formula's relative error is O(1/N) (spec 000 §6 table: 24 % at N = 6, 8 % at N = 20).

    Parameters
    ----------
    num_bs : int or array_like
        Sensing cluster size ``N`` (>= 2).

    Returns
    -------
    ndarray
        Dimensionless.
    """
    n = np.asarray(num_bs, dtype=float)
    return (2 * n + 2) / (n**3 - n**2)  # Eq. (16)


def expected_gdop_asymptotic(num_bs):
    """Large-``N`` law of the expected GDoP, ``2 / N^2`` (coop Cor. 1, eq. (17)).

    The paper writes "lim E[GDoP] = 2/N^2"; read as ``N^2 E[GDoP] -> 2`` (spec 000 §6).
    """
    n = np.asarray(num_bs, dtype=float)
    return 2.0 / n**2  # Eq. (17)
