"""Homogeneous Poisson point processes (PPPs) on the plane.

Typical-point statistics use :func:`nearest_ppp_points`, which draws the ``n`` points
nearest to the origin *exactly*: by the mapping theorem, ``pi * density * r_k**2`` are
the arrival times ``Gamma_k`` of a unit-rate Poisson process on the line, and the
angles are i.i.d. uniform and independent of the radii. No finite window biases the
nearest-``n`` statistics.

Interference from the rest of the PPP (:func:`ppp_interference`) is the sum over the
next ``num_exact`` points drawn exactly, plus a tail correction for everything beyond
the last of them: given the last radius ``R``, the points outside form a PPP on
``|x| > R`` whose sum ``sum g r**-alpha`` has mean
``2 pi density E[g] R**(2-alpha) / (alpha-2)`` and standard deviation
``sqrt(2 pi density E[g**2] R**(2-2 alpha) / (2 alpha-2))`` (Campbell's theorem). The
correction adds the mean; the standard deviation is returned as the error bound of
that replacement (the error is zero-mean with exactly that standard deviation).

System-level simulations use :func:`ppp_in_window` on a square window, with
:func:`wrap_displacement` for a wrap-around (torus) network that has no edge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from isacnet._accel import Kernel
from isacnet.errors import require

__all__ = [
    "ppp_arrivals",
    "uniform_angles",
    "unit_circle",
    "cos_sin",
    "nearest_ppp_points",
    "continue_ppp",
    "ppp_interference",
    "interference_sum",
    "InterferenceSample",
    "ppp_in_window",
    "polar_to_cartesian",
    "wrap_displacement",
    "torus_distance",
]


def ppp_arrivals(rng: np.random.Generator, num_drops: int, num_points: int, point_major: bool = False):
    """Arrival times ``Gamma_1 < Gamma_2 < ...`` of a unit-rate Poisson process, per drop.

    ``Gamma_k = pi * density * r_k**2`` maps them to the distances of the ``k``-th nearest
    PPP point. The exponential gaps are drawn in single precision (relative resolution
    6e-8, irrelevant for random geometry) and summed in double precision.

    Returns
    -------
    ndarray
        ``[num_drops, num_points]``, or ``[num_points, num_drops]`` with ``point_major``
        (the faster layout for sums over points).
    """
    shape = (num_points, num_drops) if point_major else (num_drops, num_points)
    gaps = rng.standard_exponential(shape, dtype=np.float32)
    # a single-precision draw can be exactly 0 (about once in 1e8): a point on the typical point
    # would make d^-alpha infinite, so floor the gaps at the smallest normal float32 (a no-op otherwise)
    np.maximum(gaps, np.finfo(np.float32).tiny, out=gaps)
    if not point_major:
        return np.cumsum(gaps, axis=1, dtype=np.float64)
    # row by row: the same sequential sums as np.cumsum(axis=0), without its slow strided loop
    out = np.empty(shape)
    out[0] = gaps[0]
    for k in range(1, num_points):
        np.add(out[k - 1], gaps[k], out=out[k])
    return out


# Minimax polynomials of sin and cos on [-pi/4, pi/4] in single precision (Cephes sinf/cosf).
_S1, _S2, _S3 = np.float32(-1.6666654611e-1), np.float32(8.3321608736e-3), np.float32(-1.9515295891e-4)
_C1, _C2, _C3 = np.float32(4.166664568298827e-2), np.float32(-1.388731625493765e-3), np.float32(2.443315711809948e-5)
_HALF_PI32 = np.float32(np.pi / 2)


def unit_circle(turns):
    """``(cos 2 pi u, sin 2 pi u)`` of single-precision turns ``u`` in ``[0, 1)``, as float64 arrays.

    Exact quadrant reduction (``4u - round(4u)`` is exact in single precision), then the
    single-precision minimax polynomials of Cephes ``sinf``/``cosf`` on ``[-pi/4, pi/4]``:
    about 1e-7 absolute error, far below any geometric effect of interest. Every step is one
    IEEE single-precision operation, so the compiled twin
    (:func:`isacnet.geometry._ppp_loops.unit_circle_point`) gives bit-identical values.

    Parameters
    ----------
    turns : ndarray, float32, [...]
        Bearings in turns (a uniform bearing is ``rng.random(shape, dtype=np.float32)``).

    Returns
    -------
    cos, sin : ndarray, float64, [...]
    """
    v = turns * np.float32(4.0)
    quadrant = (v + np.float32(0.5)).astype(np.int32)
    x = (v - quadrant.astype(np.float32)) * _HALF_PI32  # in [-pi/4, pi/4]
    z = x * x
    sin_x = ((_S3 * z + _S2) * z + _S1) * z * x + x
    cos_x = ((_C3 * z + _C2) * z + _C1) * z * z - np.float32(0.5) * z + np.float32(1.0)
    m = quadrant & 3
    swap = (m & 1) == 1
    a = np.where(swap, sin_x, cos_x)
    b = np.where(swap, cos_x, sin_x)
    cos = np.where((m == 1) | (m == 2), -a, a)
    sin = np.where(m >= 2, -b, b)
    return cos.astype(np.float64), sin.astype(np.float64)


# Double precision: Cody-Waite reduction by pi/2 in two parts and the musl/fdlibm kernels on [-pi/4, pi/4].
_PIO2_HI, _PIO2_LO = 1.57079632673412561417e00, 6.07710050650619224932e-11  # pi/2 = HI + LO, HI has 33 bits
_TWO_OVER_PI = 6.36619772367581382433e-01
_SIN = (-1.66666666666666324348e-01, 8.33333333332248946124e-03, -1.98412698298579493134e-04,
        2.75573137070700676789e-06, -2.50507602534068634195e-08, 1.58969099521155010221e-10)
_COS = (4.16666666666666019037e-02, -1.38888888888741095749e-03, 2.48015872894767294178e-05,
        -2.75573143513906633035e-07, 2.08757232129817482790e-09, -1.13596475577881948265e-11)


def cos_sin(theta):
    """``(cos theta, sin theta)`` in double precision, as plain IEEE operations (no library call).

    Quadrant reduction ``theta - q pi/2`` with ``pi/2`` in two parts (exact products for
    ``|q| < 2**20``), then the minimax kernels of fdlibm/musl on ``[-pi/4, pi/4]``: within
    one ulp of the correctly rounded values for ``|theta| <= 1e3`` [rad] (the bearings of
    random geometry lie in ``[0, 2 pi)``). NumPy's ``cos``/``sin`` call libm one element at
    a time (about 25 ns each); these are vector operations, and the compiled twin
    (:func:`isacnet.geometry._ppp_loops.cos_sin_point`) gives bit-identical values.

    Parameters
    ----------
    theta : ndarray, float64, [...]
        Angles [rad].

    Returns
    -------
    cos, sin : ndarray, float64, [...]
    """
    q = np.floor(theta * _TWO_OVER_PI + 0.5)
    x = (theta - q * _PIO2_HI) - q * _PIO2_LO
    z = x * x
    s1, s2, s3, s4, s5, s6 = _SIN
    c1, c2, c3, c4, c5, c6 = _COS
    sin_x = x + z * x * (s1 + z * (s2 + z * (s3 + z * (s4 + z * (s5 + z * s6)))))
    half_z = 0.5 * z
    w = 1.0 - half_z
    poly = c1 + z * (c2 + z * (c3 + z * (c4 + z * (c5 + z * c6))))
    cos_x = w + (((1.0 - w) - half_z) + z * (z * poly))
    m = q.astype(np.int64) & 3
    swap = (m & 1) == 1
    a = np.where(swap, sin_x, cos_x)
    b = np.where(swap, cos_x, sin_x)
    return np.where((m == 1) | (m == 2), -a, a), np.where(m >= 2, -b, b)


def uniform_angles(rng: np.random.Generator, shape) -> tuple[np.ndarray, np.ndarray]:
    """Cosines and sines of i.i.d. uniform bearings, as float64 arrays of ``shape``.

    The bearings are drawn in single precision as turns and mapped by :func:`unit_circle`;
    the 2^-24 angular granularity is far below any effect of interest.
    """
    return unit_circle(rng.random(shape, dtype=np.float32))


def nearest_ppp_points(rng: np.random.Generator, num_drops: int, num_points: int, density: float):
    """Distances and bearings of the ``num_points`` PPP points nearest to the origin.

    Parameters
    ----------
    rng : numpy.random.Generator
    num_drops : int
        Number of independent realisations (leading axis).
    num_points : int
        Points per drop, nearest first.
    density : float
        PPP density [m⁻²].

    Returns
    -------
    radii : ndarray, [num_drops, num_points]
        Distances [m], increasing along the last axis.
    angles : ndarray, [num_drops, num_points]
        Bearings [rad], i.i.d. uniform on [0, 2π).
    arrivals : ndarray, [num_drops]
        Arrival time ``Gamma_n = pi * density * r_n**2`` of the last point; pass it to
        :func:`continue_ppp` to draw the points beyond.
    """
    require(density > 0, "density", f"must be > 0 m^-2, got {density}")
    require(num_points >= 1, "num_points", f"must be >= 1, got {num_points}")
    arrivals = ppp_arrivals(rng, num_drops, num_points)
    radii = np.sqrt(arrivals / (np.pi * density))
    angles = rng.uniform(0.0, 2.0 * np.pi, (num_drops, num_points))
    return radii, angles, arrivals[:, -1]


def continue_ppp(rng: np.random.Generator, start_arrivals, num_points: int, density: float):
    """Radii of the next ``num_points`` PPP points beyond arrival times ``start_arrivals``.

    Parameters
    ----------
    start_arrivals : ndarray, [num_drops]
        ``pi * density * r**2`` of the last point already drawn (0 for none).

    Returns
    -------
    radii : ndarray, [num_drops, num_points]
        Distances [m], increasing.
    arrivals : ndarray, [num_drops]
        Arrival time of the last point drawn.
    """
    start = np.asarray(start_arrivals, dtype=float)
    gaps = np.maximum(rng.standard_exponential((start.size, num_points)), np.finfo(float).tiny)
    arr = start[:, None] + np.cumsum(gaps, axis=1)
    return np.sqrt(arr / (np.pi * density)), arr[:, -1]


@dataclass(frozen=True)
class InterferenceSample:
    """Aggregate interference ``sum_k g_k r_k**-alpha`` of a PPP beyond a radius.

    Attributes
    ----------
    total : ndarray, [num_drops]
        Exact part plus the tail mean.
    tail_mean : ndarray, [num_drops]
        The tail correction that was added.
    tail_std : ndarray, [num_drops]
        Standard deviation of the neglected tail fluctuation (the error bound).
    """

    total: np.ndarray
    tail_mean: np.ndarray
    tail_std: np.ndarray


def ppp_interference(
    rng: np.random.Generator,
    start_arrivals,
    density: float,
    alpha: float,
    gain_sampler: Callable[[np.random.Generator, tuple], np.ndarray],
    gain_mean: float,
    gain_second_moment: float,
    num_exact: int = 200,
) -> InterferenceSample:
    """Interference from all PPP points beyond ``start_arrivals`` (see module notes).

    Parameters
    ----------
    start_arrivals : ndarray, [num_drops]
        Arrival time ``pi*density*r**2`` of the last point excluded (the serving
        cluster's farthest point), or zeros for the whole PPP.
    density : float
        PPP density [m⁻²].
    alpha : float
        Pathloss exponent, > 2.
    gain_sampler : callable
        ``gain_sampler(rng, shape)`` draws the interferers' gains.
    gain_mean, gain_second_moment : float
        ``E[g]`` and ``E[g**2]`` of those gains (for the tail terms).
    num_exact : int
        Points drawn exactly before the tail correction.

    Returns
    -------
    InterferenceSample
    """
    require(alpha > 2, "alpha", f"pathloss exponent must be > 2 for the interference to be finite, got {alpha}")
    start = np.asarray(start_arrivals, dtype=float).ravel()
    gaps = rng.standard_exponential((start.size, num_exact))  # the draws of continue_ppp, then the gains
    gains = gain_sampler(rng, gaps.shape)
    exact, last = interference_sum(start, gaps, gains, np.pi * density, float(alpha))
    r_last = np.sqrt(last / (np.pi * density))
    tail_mean = 2 * np.pi * density * gain_mean * r_last ** (2 - alpha) / (alpha - 2)
    tail_std = np.sqrt(2 * np.pi * density * gain_second_moment * r_last ** (2 - 2 * alpha) / (2 * alpha - 2))
    return InterferenceSample(exact + tail_mean, tail_mean, tail_std)


_TINY64 = np.finfo(np.float64).tiny
_ROWS = 4096  # drops per vector pass of the NumPy form: its temporaries stay near the cache


def _interference_sum_numpy(start, gaps, gains, pi_density: float, alpha: float):
    """``sum_k g_k (pi lambda / Gamma_k)^(alpha/2)`` with ``Gamma_k = start + gap_1 + ... + gap_k``.

    The NumPy form of :func:`interference_sum`; ``(pi lambda / Gamma_k)^(alpha/2) = r_k^-alpha``.

    Parameters
    ----------
    start : ndarray, [num_drops]
        Arrival time ``pi lambda r^2`` of the last point excluded.
    gaps : ndarray, [num_drops, num_points]
        Standard exponential gaps (floored at the smallest normal double).
    gains : ndarray, [num_drops, num_points]
        Gains of those points.
    pi_density : float
        ``pi lambda`` [m⁻²].
    alpha : float
        Pathloss exponent.

    Returns
    -------
    total : ndarray, [num_drops]
        The sum [W m^-alpha per unit gain].
    last : ndarray, [num_drops]
        ``Gamma`` of the last point.
    """
    n = start.size
    total, last = np.empty(n), np.empty(n)
    for lo in range(0, n, _ROWS):
        hi = min(lo + _ROWS, n)
        arrivals = np.cumsum(np.maximum(gaps[lo:hi], _TINY64), axis=1)
        arrivals += start[lo:hi, None]
        q = pi_density / arrivals
        path = q * q if alpha == 4.0 else q ** (0.5 * alpha)
        path *= gains[lo:hi]
        total[lo:hi] = path.sum(axis=1)
        last[lo:hi] = arrivals[:, -1]
    return total, last


interference_sum = Kernel(_interference_sum_numpy, "isacnet.geometry._ppp_loops:interference_sum")


def polar_to_cartesian(radii, angles):
    """Cartesian coordinates ``[..., 2]`` [m] from radii [m] and angles [rad]."""
    return np.stack([radii * np.cos(angles), radii * np.sin(angles)], axis=-1)


def ppp_in_window(rng: np.random.Generator, density: float, side: float, dim: int = 2):
    """One PPP realisation on the square window ``[0, side)**2``.

    Parameters
    ----------
    density : float
        Points per m².
    side : float
        Window side [m].

    Returns
    -------
    ndarray, [num_points, dim]
        Positions [m]; ``num_points ~ Poisson(density * side**2)``.
    """
    require(density > 0, "density", f"must be > 0 m^-2, got {density}")
    require(side > 0, "side", f"must be > 0 m, got {side}")
    n = rng.poisson(density * side**dim)
    return rng.uniform(0.0, side, (n, dim))


def wrap_displacement(delta, side: float):
    """Minimum-image displacement on a torus of side ``side`` [m] (any shape)."""
    delta = np.asarray(delta, dtype=float)
    return delta - side * np.round(delta / side)


def torus_distance(a, b, side: float):
    """Distances between points ``a [..., 2]`` and ``b [..., 2]`` on a torus [m]."""
    return np.linalg.norm(wrap_displacement(np.asarray(a) - np.asarray(b), side), axis=-1)
