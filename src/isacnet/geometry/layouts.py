"""Deterministic base-station layouts."""

from __future__ import annotations

import numpy as np

from isacnet.errors import InputError, require

__all__ = ["hex_grid", "explicit_positions"]


def hex_grid(num_rings: int, isd: float, height: float = 0.0) -> np.ndarray:
    """Sites of a hexagonal grid: one centre site and ``num_rings`` rings around it.

    Parameters
    ----------
    num_rings : int
        Number of rings (0 gives the centre site only); ``1 + 3 r (r + 1)`` sites.
    isd : float
        Inter-site distance [m].
    height : float
        Antenna height of every site [m].

    Returns
    -------
    ndarray, [num_sites, 3]
        Positions [m], centre first, then ring by ring.
    """
    require(num_rings >= 0, "num_rings", f"must be >= 0, got {num_rings}")
    require(isd > 0, "isd", f"must be > 0 m, got {isd}")
    # axial coordinates (q, r) with |q|, |r|, |q + r| <= num_rings, ordered by ring
    q_grid, r_grid = np.meshgrid(np.arange(-num_rings, num_rings + 1), np.arange(-num_rings, num_rings + 1),
                                 indexing="ij")
    qs, rs = q_grid.ravel(), r_grid.ravel()
    ring = np.maximum(np.maximum(np.abs(qs), np.abs(rs)), np.abs(qs + rs))
    keep = ring <= num_rings
    qs, rs, ring = qs[keep], rs[keep], ring[keep]
    x = isd * (qs + 0.5 * rs)
    y = isd * (np.sqrt(3.0) / 2.0) * rs
    order = np.lexsort((np.arctan2(y, x), ring))
    return np.stack([x[order], y[order], np.full(order.size, float(height))], axis=1)


def explicit_positions(coords, field: str = "positions") -> np.ndarray:
    """Validate explicit positions: a list of ``[x, y]`` or ``[x, y, z]`` [m].

    Returns
    -------
    ndarray, [num_sites, 3]
        Positions [m] (``z = 0`` where omitted).
    """
    try:
        arr = np.asarray(coords, dtype=float)
    except (TypeError, ValueError):
        raise InputError(field, "must be a list of [x, y] or [x, y, z] coordinates in m") from None
    if arr.ndim != 2 or arr.shape[1] not in (2, 3) or arr.shape[0] < 1:
        raise InputError(field,
                         f"must be a non-empty list of [x, y] or [x, y, z] coordinates in m, got shape {arr.shape}")
    require(bool(np.all(np.isfinite(arr))), field, "coordinates must be finite")
    if arr.shape[1] == 2:
        arr = np.column_stack([arr, np.zeros(arr.shape[0])])
    return arr
