"""Sampled regions embedded in 3-D for deployment planning (paper 004).

A region is a ``d``-dimensional parallelotope (``d`` = 1, 2 or 3) in 3-D space:
an origin plus ``d`` edge vectors. It can carry a density ``f(points) -> weights``
(non-negative, unnormalised) over its points; uniform when omitted. Regions give

* ``sample(rng, n)``: ``n`` points drawn uniformly, with importance weights
  ``f / mean(f)`` so that ``mean(weights * g(points))`` estimates the density-weighted
  average of ``g``;
* ``grid(n_per_axis)``: a midpoint-rule grid with quadrature weights that sum to 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from isacnet.errors import InputError

__all__ = ["Region", "Segment", "Rectangle", "Box", "horizontal_plane"]

DensityFunction = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Region:
    """A parallelotope ``origin + sum_i u_i * edges[i]``, ``u in [0, 1]^d``.

    Parameters
    ----------
    origin : array_like, [3]
        A corner [m].
    edges : array_like, [d, 3]
        Edge vectors [m], linearly independent.
    density : callable, optional
        ``density(points [n, 3]) -> [n]`` non-negative weights (need not be normalised).
    name : str
        Used in error messages.
    """

    origin: np.ndarray
    edges: np.ndarray
    density: DensityFunction | None = None
    name: str = "region"
    _gram: float = field(init=False, repr=False, default=0.0)

    def __post_init__(self):
        origin = np.asarray(self.origin, dtype=float).reshape(-1)
        edges = np.atleast_2d(np.asarray(self.edges, dtype=float))
        if origin.shape != (3,) or edges.shape[1] != 3 or not 1 <= edges.shape[0] <= 3:
            raise InputError(self.name, "needs a 3-D origin and 1 to 3 edge vectors in 3-D")
        if not (np.all(np.isfinite(origin)) and np.all(np.isfinite(edges))):
            raise InputError(self.name, "coordinates must be finite")
        gram = float(np.linalg.det(edges @ edges.T))
        scale = float(np.prod(np.sum(edges**2, axis=1)))
        if not gram > 1e-12 * max(scale, 1e-300) or scale == 0:
            raise InputError(self.name,
                             "is degenerate: its edges must have positive length and be linearly independent")
        object.__setattr__(self, "origin", origin)
        object.__setattr__(self, "edges", edges)
        object.__setattr__(self, "_gram", gram)

    @property
    def dim(self) -> int:
        """Intrinsic dimension ``d``."""
        return self.edges.shape[0]

    @property
    def measure(self) -> float:
        """Length, area or volume [m^d]."""
        return float(np.sqrt(self._gram))

    @property
    def basis(self) -> np.ndarray:
        """Orthonormal basis [d, 3] of the region's affine span (rows; spec 004 §1)."""
        q, _ = np.linalg.qr(self.edges.T)
        return q.T

    @property
    def centroid(self) -> np.ndarray:
        return self.origin + 0.5 * self.edges.sum(axis=0)

    def from_unit(self, u) -> np.ndarray:
        """Points [n, 3] from unit-cube coordinates ``u [n, d]``."""
        return self.origin + np.asarray(u) @ self.edges

    def weights(self, points: np.ndarray) -> np.ndarray:
        """Unnormalised density at ``points`` (ones when uniform)."""
        if self.density is None:
            return np.ones(points.shape[0])
        w = np.asarray(self.density(points), dtype=float)
        if w.shape != (points.shape[0],) or np.any(w < 0) or not np.all(np.isfinite(w)):
            raise InputError(f"{self.name}.density", "must return finite non-negative weights, one per point")
        return w

    def sample(self, rng: np.random.Generator, num_points: int):
        """Uniform points with importance weights.

        Returns
        -------
        points : ndarray, [num_points, 3]
        weights : ndarray, [num_points]
            ``f / mean(f)`` (all ones for a uniform density).
        """
        pts = self.from_unit(rng.uniform(size=(num_points, self.dim)))
        w = self.weights(pts)
        total = w.mean()
        if not total > 0:
            raise InputError(f"{self.name}.density", "is zero at every sampled point")
        return pts, w / total

    def grid(self, num_per_axis: int | tuple[int, ...]):
        """Midpoint grid and quadrature weights (summing to 1, density-weighted).

        Returns
        -------
        points : ndarray, [num, 3]
        weights : ndarray, [num]
        """
        n = np.broadcast_to(np.asarray(num_per_axis, dtype=int), (self.dim,))
        if np.any(n < 1):
            raise InputError("num_per_axis", f"must be >= 1, got {num_per_axis}")
        axes = [(np.arange(k) + 0.5) / k for k in n]
        u = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, self.dim)
        pts = self.from_unit(u)
        w = self.weights(pts)
        if not w.sum() > 0:
            raise InputError(f"{self.name}.density", "is zero on the whole grid")
        return pts, w / w.sum()


def Segment(start, end, density: DensityFunction | None = None, name: str = "segment") -> Region:
    """A 1-D segment from ``start`` to ``end`` (each [3] in m)."""
    start = np.asarray(start, dtype=float)
    return Region(start, np.expand_dims(np.asarray(end, dtype=float) - start, 0), density, name)


def Rectangle(origin, edge_u, edge_v, density: DensityFunction | None = None, name: str = "rectangle") -> Region:
    """A 2-D rectangle (or parallelogram) with corner ``origin`` and edges ``edge_u``, ``edge_v`` [m]."""
    return Region(np.asarray(origin, dtype=float), np.array([edge_u, edge_v], dtype=float), density, name)


def Box(lower, upper, density: DensityFunction | None = None, name: str = "box") -> Region:
    """An axis-aligned 3-D box between corners ``lower`` and ``upper`` [m]."""
    lower = np.asarray(lower, dtype=float)
    span = np.asarray(upper, dtype=float) - lower
    return Region(lower, np.diag(span), density, name)


def horizontal_plane(
    center, size_x: float, size_y: float, height: float, density: DensityFunction | None = None, name: str = "plane"
) -> Region:
    """A horizontal rectangle of ``size_x`` × ``size_y`` [m] centred at ``center [x, y]`` at ``height`` [m]."""
    cx, cy = np.asarray(center, dtype=float)[:2]
    origin = np.array([cx - size_x / 2, cy - size_y / 2, height])
    return Region(origin, np.array([[size_x, 0.0, 0.0], [0.0, size_y, 0.0]]), density, name)
