"""Structure of the area-CRLB deployment problem (paper ``deploy``, 004, Sec. III).

Similarity transforms of regions and layouts (Props. 1–3: displacement, rotation,
reflection), the uniform-scaling law (Prop. 4, eq. (19)–(22)), the Theorem 1 bound
(eq. (23)–(25)) and the tiling ("simplified constructed solution", Sec. III-C / Fig. 4).
All exact for the sensing-only problem (P2); see spec 004 §6.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from isacnet.errors import InputError
from isacnet.geometry.regions import Region
from isacnet.metrics.deploy import crlb

__all__ = [
    "rotation_matrix",
    "reflection_matrix",
    "apply_similarity",
    "transform_region",
    "scaled_area_crlb",
    "theorem1_bound",
    "scaling_exponent",
    "tile_region_offsets",
    "tile_layout",
    "crlb_cdf_quadrature",
]


def rotation_matrix(axis, angle: float) -> np.ndarray:
    """Rotation by ``angle`` [rad] about ``axis`` [3] (Rodrigues), ``Rᵀ R = I``, det +1 (Prop. 2)."""
    k = np.asarray(axis, dtype=float)
    nk = np.linalg.norm(k)
    if not nk > 0:
        raise InputError("axis", "must be a non-zero vector")
    k = k / nk
    kx = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + math.sin(angle) * kx + (1 - math.cos(angle)) * kx @ kx


def reflection_matrix(normal) -> np.ndarray:
    """Householder reflection ``P = I − 2 ν νᵀ`` across the plane with normal ``ν`` (Prop. 3, eq. (17))."""
    v = np.asarray(normal, dtype=float)
    nv = np.linalg.norm(v)
    if not nv > 0:
        raise InputError("normal", "must be a non-zero vector")
    v = v / nv
    return np.eye(3) - 2 * np.outer(v, v)


def apply_similarity(points, scale: float = 1.0, orthogonal=None, shift=None) -> np.ndarray:
    """``T(x) = κ Q x + v`` applied to points [..., 3] [m] (Props. 1–4; eq. (28) of deploy)."""
    q = np.eye(3) if orthogonal is None else np.asarray(orthogonal, dtype=float)
    v = np.zeros(3) if shift is None else np.asarray(shift, dtype=float)
    if not scale > 0:
        raise InputError("scale", f"must be > 0, got {scale}")
    return scale * np.asarray(points, dtype=float) @ q.T + v


def transform_region(region: Region, scale: float = 1.0, orthogonal=None, shift=None) -> Region:
    """The image ``T(A)`` of a region under a similarity (density carried along by pull-back)."""
    q = np.eye(3) if orthogonal is None else np.asarray(orthogonal, dtype=float)
    v = np.zeros(3) if shift is None else np.asarray(shift, dtype=float)
    origin = apply_similarity(region.origin, scale, q, v)
    edges = scale * region.edges @ q.T
    dens = None
    if region.density is not None:
        f = region.density

        def dens(points, f=f):
            return f(((np.asarray(points) - v) @ q) / scale)

    return Region(origin, edges, dens, region.name)


def scaled_area_crlb(crlb_value, scale: float, pathloss_exp_sense: float):
    """Prop. 4, eq. (22): the (area) CRLB of the κ-scaled geometry, ``κ^{2β} · CRLB`` [m²]."""
    if not scale > 0:
        raise InputError("scale", f"must be > 0, got {scale}")
    return scale ** (2 * pathloss_exp_sense) * np.asarray(crlb_value)


def scaling_exponent(pathloss_exp_sense: float, dim: int) -> float:
    """Exponent of Theorem 1 / eq. (26): ``CRLB*(N) = O(N^{-2β/d})``; returns ``-2β/d``."""
    if dim not in (1, 2, 3):
        raise InputError("dim", f"must be 1, 2 or 3, got {dim}")
    return -2.0 * pathloss_exp_sense / dim


def theorem1_bound(crlb_n, num_tiles: int, pathloss_exp_sense: float, dim: int):
    """Theorem 1, eq. (23)/(25): ``CRLB*(K N) <= K^{-2β/d} CRLB*(N)`` [m²].

    ``num_tiles`` = K must be a d-th power of an integer (spec 004 §10.5).
    """
    per_axis = round(num_tiles ** (1.0 / dim))
    if num_tiles < 1 or per_axis**dim != num_tiles:
        raise InputError("num_tiles", f"must be k^{dim} for an integer k >= 1, got {num_tiles}")
    return num_tiles ** scaling_exponent(pathloss_exp_sense, dim) * np.asarray(crlb_n)


def tile_region_offsets(region: Region, per_axis: int) -> np.ndarray:
    """Offsets [K, 3] of the ``K = per_axis^d`` congruent sub-regions of a region scaled by
    ``1/per_axis`` about its origin (proof of Theorem 1)."""
    if per_axis < 1:
        raise InputError("per_axis", f"must be >= 1, got {per_axis}")
    idx = np.array(list(itertools.product(range(per_axis), repeat=region.dim)), dtype=float)
    return idx @ region.edges / per_axis


def tile_layout(region: Region, layout, per_axis: int) -> np.ndarray:
    """Tiled "simplified constructed solution" (Sec. III-C, Fig. 4 of deploy).

    Each of the ``K = per_axis^d`` sub-regions gets the layout scaled by ``1/per_axis``
    about the region's origin and shifted into place (Props. 1 and 4).

    Parameters
    ----------
    region : Region
        The region whose optimal ``N``-BS layout is ``layout``.
    layout : ndarray, [N, 3]
        [m].
    per_axis : int
        Cuts per axis.

    Returns
    -------
    ndarray, [K·N, 3]
        [m].
    """
    u = np.asarray(layout, dtype=float)
    small = region.origin + (u - region.origin) / per_axis
    return (tile_region_offsets(region, per_axis)[:, None, :] + small[None]).reshape(-1, 3)


def crlb_cdf_quadrature(thresholds, region: Region, layout, zeta2: float, pathloss_exp_sense: float,
                        num_per_axis: int, basis=None):
    """Sensing coverage ``P(CRLB(T) <= gamma)`` for a target ``T`` drawn from the region's density
    (deploy's coverage, spec 004 §3.4), by the midpoint rule on a ``num_per_axis^d`` grid.

    The per-point CRLB is the closed form of eq. (4), (6) (:func:`isacnet.metrics.deploy.crlb`, mean
    beam gains); its distribution over ``T`` is the weighted share of grid cells below each threshold.
    The rule's error comes from the cells the level set ``CRLB = gamma`` crosses: ``O(1 / num_per_axis)``
    at worst; halving the grid estimates it (the validation cases state that term).

    Parameters
    ----------
    thresholds : array_like, [...]
        ``gamma`` [m²] (> 0).
    region : Region
        Target region (its density weights the grid).
    layout : ndarray, [num_bs, 3]
        BS positions [m].
    zeta2, pathloss_exp_sense : float
        ``|zeta|^2`` of the model [m^(2 beta - 2)] and ``beta`` (see :func:`isacnet.metrics.deploy.crlb`).
    num_per_axis : int
        Grid points per region axis.
    basis : ndarray, [d, 3], optional
        Region basis for an in-region CRLB (``None``: the 3-D CRLB, as the deploy figures use).

    Returns
    -------
    ndarray, [...]
        Probability in [0, 1].
    """
    g = np.asarray(thresholds, dtype=float)
    if np.any(~(g > 0)):
        raise InputError("threshold", f"must be > 0 m², got {g[~(g > 0)].ravel()[0]!r}")
    pts, w = region.grid(num_per_axis)
    values = crlb(pts, np.asarray(layout, dtype=float), zeta2, pathloss_exp_sense, basis=basis)
    order = np.argsort(values)
    cum = np.concatenate([[0.0], np.cumsum(w[order])])
    return cum[np.searchsorted(values[order], g.ravel(), side="right")].reshape(g.shape)
