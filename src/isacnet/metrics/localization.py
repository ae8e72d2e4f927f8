"""Fisher information and CRLB of distributed non-coherent MIMO radar (paper ``coop``).

The FIM of the 2-D target position from all ``N**2`` transmitter→target→receiver
links of ``N`` cooperating BSs is (coop eq. (5)–(7))::

    F = |zeta|^2 sum_i sum_j d_i^-beta d_j^-beta [[a_ij^2, a_ij b_ij], [a_ij b_ij, b_ij^2]],
    a_ij = cos(theta_i) + cos(theta_j),  b_ij = sin(theta_i) + sin(theta_j).

With weights ``w_i = d_i**-beta``, ``S = sum_i w_i`` and the weighted moments
``Sc = sum w cos``, ``Ss = sum w sin``, ``Scc = sum w cos^2`` ... the double sums collapse
to O(N) per drop (spec 000 §3)::

    A = 2 S Scc + 2 Sc^2,   B = 2 S Sss + 2 Ss^2,   C = 2 S Scs + 2 Sc Ss,

and ``tr F^-1 = (A + B) / (A B - C^2)``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "SINGULAR_DET_REL",
    "fim_entries",
    "fim_entries_cs",
    "fim_entries_links",
    "fim_matrix",
    "crlb_trace",
    "crlb_from_entries",
    "gdop",
    "zeta_squared",
]


def fim_entries_cs(cos: np.ndarray, sin: np.ndarray, weights: np.ndarray,
                   axis: int = -1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """FIM entries ``(A, B, C)`` from cosines and sines of the bearings (coop eq. (7)).

    The O(N) form of :func:`fim_entries` for callers that already hold ``cos``/``sin``
    and may keep the BS axis first (``axis=0``, the fast layout for many drops).
    ``axis`` is 0 or -1.
    """
    if axis not in (0, -1):
        raise ValueError("axis must be 0 or -1")
    w = weights
    wc, ws = w * cos, w * sin
    S, Sc, Ss = w.sum(axis=axis), wc.sum(axis=axis), ws.sum(axis=axis)
    dot = "i...,i...->..." if axis == 0 else "...i,...i->..."
    Scc, Scs = np.einsum(dot, wc, cos), np.einsum(dot, wc, sin)  # no temporaries
    # summed directly, not as S - Scc: with single-precision bearings cos^2 + sin^2 - 1 is ~1e-7, which
    # would give a one-BS (rank-one) FIM a spurious determinant of that relative size
    Sss = np.einsum(dot, ws, sin)
    return 2.0 * (S * Scc + Sc * Sc), 2.0 * (S * Sss + Ss * Ss), 2.0 * (S * Scs + Sc * Ss)


def fim_entries(angles: ArrayLike, weights: ArrayLike | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Entries ``(A, B, C)`` of the FIM without the factor ``|zeta|^2`` (coop eq. (7)).

    Parameters
    ----------
    angles : array_like, [..., N]
        Bearings ``theta_i`` of the cooperating BSs seen from the target [rad].
    weights : array_like, [..., N], optional
        Link weights ``d_i**-beta`` (ones give the geometry-only FIM of eq. (14)).

    Returns
    -------
    A, B, C : ndarray, [...]
        ``F = [[A, C], [C, B]]``.
    """
    angles = np.asarray(angles, dtype=float)
    c, s = np.cos(angles), np.sin(angles)
    w = np.ones_like(c) if weights is None else np.broadcast_to(np.asarray(weights, dtype=float), c.shape)
    return fim_entries_cs(c, s, w)


def fim_entries_links(angles: ArrayLike, link_weights: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """FIM entries ``(A, B, C)`` with a separate weight per link ``(i, j)`` (O(N^2) per drop).

    Used when each Tx→target→Rx link has its own fluctuation, e.g. Swerling-I RCS drawn
    independently per bistatic pair: ``w_ij = sigma_ij d_i^-beta d_j^-beta``.

    Parameters
    ----------
    angles : array_like, [..., N]
        Bearings [rad].
    link_weights : array_like, [..., N, N]
        Weight of the link from Tx ``i`` to Rx ``j``.
    """
    angles = np.asarray(angles, dtype=float)
    c, s = np.cos(angles), np.sin(angles)
    a = c[..., :, None] + c[..., None, :]
    b = s[..., :, None] + s[..., None, :]
    w = np.asarray(link_weights, dtype=float)
    return (np.sum(w * a * a, axis=(-2, -1)), np.sum(w * b * b, axis=(-2, -1)), np.sum(w * a * b, axis=(-2, -1)))


SINGULAR_DET_REL = 1e-13
"""A FIM with ``det F <= SINGULAR_DET_REL (tr F)^2`` is singular: infinite CRLB. The test is scale free;
rounding leaves ``det F / (tr F)^2`` of a rank-one FIM (one BS, or BSs on one line through the target)
below 1e-15, and only geometries whose bearings span less than about 1e-6 rad fall under it otherwise."""


def crlb_from_entries(A: np.ndarray, B: np.ndarray, C: np.ndarray, zeta_sq: float = 1.0) -> np.ndarray:
    """``tr F^-1 = (A + B) / (|zeta|^2 (A B - C^2))``; ``inf`` where ``F`` is singular (``SINGULAR_DET_REL``)."""
    det = A * B - C * C
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (A + B) / (zeta_sq * det)
    # a determinant at rounding level is a singular FIM: infinite CRLB
    return np.where(det > SINGULAR_DET_REL * (A + B) ** 2, out, np.inf)


def fim_matrix(angles, distances=None, pathloss_exp_sense: float = 2.0, zeta_sq: float = 1.0):
    """The 2×2 FIM ``F_N`` of coop eq. (5)–(7) [m⁻²].

    Parameters
    ----------
    angles : array_like, [..., N]
        Bearings [rad].
    distances : array_like, [..., N], optional
        BS–target distances ``d_i`` [m]; omitted: all links weigh 1 (eq. (14)).
    pathloss_exp_sense : float
        Radar path-loss exponent ``beta`` per hop (>= 2).
    zeta_sq : float
        ``|zeta|^2`` of eq. (8) [m^(2 beta - 2)].

    Returns
    -------
    ndarray, [..., 2, 2]
        [m⁻²].
    """
    w = None if distances is None else np.asarray(distances, dtype=float) ** (-pathloss_exp_sense)
    A, B, C = fim_entries(angles, w)
    return zeta_sq * np.stack([np.stack([A, C], -1), np.stack([C, B], -1)], -2)


def crlb_trace(angles, distances=None, pathloss_exp_sense: float = 2.0, zeta_sq: float = 1.0, weights=None):
    """``tr(F_N^-1)``, the CRLB of the position error [m²] (coop eq. (9)).

    Parameters as :func:`fim_matrix`; ``weights [..., N]``, when given, replace
    ``d_i**-beta`` (e.g. zero for a BS that declined). Returns ``inf`` for singular
    geometries (e.g. ``N = 1``, or all BSs on one line through the target).

    Returns
    -------
    ndarray, [...]
        [m²].
    """
    if weights is None and distances is not None:
        weights = np.asarray(distances, dtype=float) ** (-pathloss_exp_sense)
    return crlb_from_entries(*fim_entries(angles, weights), zeta_sq)


def gdop(angles):
    """Geometric dilution of precision ``tr(F~_N^-1)`` (coop eq. (14)–(15)), dimensionless.

    Parameters
    ----------
    angles : array_like, [..., N]
        Bearings [rad].

    Returns
    -------
    ndarray, [...]
    """
    return crlb_trace(angles)


def zeta_squared(power_sense, gain_tx, gain_rx, bandwidth, carrier_frequency, noise_power, rcs_mean=1.0):
    """``|zeta|^2`` of coop eq. (8) [m^(2 beta - 2)], as printed.

    ``|zeta|^2 = p^s G_t G_r B^2 sigma / (8 pi f_c^2 sigma_s^2)``: the ToA information
    ``8 pi^2 B^2 / c^2`` times the radar-equation factor ``lambda^2 / (4 pi)^3`` (spec 000 §3).

    Parameters
    ----------
    power_sense : float
        Sensing power ``p^s`` [W].
    gain_tx, gain_rx : float
        Transmit and receive array gains (``M_t - 1`` and ``M_r``, linear).
    bandwidth : float
        ``B`` [Hz].
    carrier_frequency : float
        ``f_c`` [Hz].
    noise_power : float
        ``sigma_s^2`` [W].
    rcs_mean : float
        Mean radar cross-section ``sigma_av`` [m²].
    """
    return power_sense * gain_tx * gain_rx * bandwidth**2 * rcs_mean / (8 * np.pi * carrier_frequency**2 * noise_power)
