"""Sensing-side Monte Carlo of paper ``coop`` (000)."""

from __future__ import annotations

import numpy as np

from isacnet.metrics.localization import gdop

__all__ = ["gdop_trial"]


def gdop_trial(rng: np.random.Generator, size: int, num_bs: int) -> dict[str, np.ndarray]:
    """GDoP (coop eq. (15)) of ``size`` drops of ``num_bs`` i.i.d. uniform bearings.

    Returns
    -------
    dict
        ``{"gdop": [size]}``, dimensionless; ``inf`` for singular geometries.
    """
    angles = rng.uniform(0.0, 2.0 * np.pi, (size, num_bs))
    return {"gdop": gdop(angles)}
