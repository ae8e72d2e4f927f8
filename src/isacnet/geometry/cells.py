"""Circular cells around base stations: the default layout and points dropped in the cells.

Used by paper ``power`` (003): ``L`` cells, BS ``B_i`` at the centre of a disc of radius
``r``, one user and one target uniform in each disc (spec 003 §1).
"""

from __future__ import annotations

import numpy as np

from isacnet.errors import InputError
from isacnet.geometry.layouts import hex_grid

__all__ = ["default_bs_positions", "drop_in_cells"]


def default_bs_positions(num_cells: int, cell_radius: float) -> np.ndarray:
    """The layout of power Fig. 1: the first ``L`` sites of a hexagonal grid with ISD ``2r``.

    For ``L = 3`` these are three mutually tangent cells at the corners of an equilateral
    triangle of side ``2r``, as drawn in the letter's Fig. 1.

    Parameters
    ----------
    num_cells : int
        ``L`` (>= 1).
    cell_radius : float
        ``r`` [m].

    Returns
    -------
    ndarray, [num_cells, 3]
        BS positions [m] (height 0).
    """
    if int(num_cells) < 1:
        raise InputError("num_cells", f"must be >= 1, got {num_cells}")
    rings = 0
    while 1 + 3 * rings * (rings + 1) < num_cells:
        rings += 1
    return hex_grid(rings, 2.0 * float(cell_radius))[: int(num_cells)]


def drop_in_cells(rng: np.random.Generator, centres, radius: float, size: int) -> np.ndarray:
    """One point uniform in each disc of radius ``radius`` around ``centres``, ``size`` times.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the drops.
    centres : array_like, [num_cells, 3]
        Disc centres [m].
    radius : float
        Disc radius [m].
    size : int
        Number of drops.

    Returns
    -------
    ndarray, [size, num_cells, 3]
        Points [m] at the centres' heights.
    """
    c = np.asarray(centres, dtype=float)
    rho = radius * np.sqrt(rng.uniform(size=(size, c.shape[0])))  # area-uniform radius
    phi = rng.uniform(0.0, 2.0 * np.pi, (size, c.shape[0]))
    offset = np.stack([rho * np.cos(phi), rho * np.sin(phi), np.zeros_like(rho)], axis=-1)
    return c + offset
