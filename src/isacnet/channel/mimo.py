"""Multi-antenna channel helpers: Rayleigh vectors, ULA steering vectors, ZF precoders.

Plain functions, batched over any leading axes (``[num_drops, num_bs, ...]``); the antenna
axis is last. Powers are linear [W]; angles in radians.
"""

from __future__ import annotations

import numpy as np

from isacnet.errors import require

__all__ = ["rayleigh_vectors", "steering_vector", "zf_precoder", "beam_gain"]


def rayleigh_vectors(rng: np.random.Generator, shape: tuple, num_antennas: int):
    """I.i.d. ``CN(0, I)`` channel vectors.

    Parameters
    ----------
    rng : numpy.random.Generator
    shape : tuple
        Leading axes, e.g. ``(num_drops, num_bs)``.
    num_antennas : int
        ``M`` (last axis).

    Returns
    -------
    ndarray, complex, [*shape, num_antennas]
        Unit mean power per entry.
    """
    size = (*shape, int(num_antennas))
    return (rng.standard_normal(size) + 1j * rng.standard_normal(size)) * np.sqrt(0.5)


def steering_vector(angles, num_antennas: int):
    """Half-wavelength ULA steering vector ``a(theta) = [1, e^{j pi cos theta}, ...]`` (coop eq. (4)).

    Parameters
    ----------
    angles : array_like, [...]
        Bearing ``theta`` [rad].
    num_antennas : int
        ``M_t``.

    Returns
    -------
    ndarray, complex, [..., num_antennas]
    """
    m = np.arange(int(num_antennas))
    return np.exp(1j * np.pi * np.cos(np.asarray(angles, dtype=float))[..., None] * m)


def zf_precoder(channel, steering):
    """Zero-forcing ISAC precoder of coop eq. (2), columns normalised.

    ``W = H (H^H H)^-1`` with ``H = [h_c, a(theta)]``; ``w^c`` (first column) is orthogonal to
    ``a(theta)`` and ``w^s`` (second) to ``h_c``; both scaled to unit norm (the powers
    ``sqrt(p^c)``, ``sqrt(p^s)`` multiply them in (1); spec 000 §2).

    Parameters
    ----------
    channel : ndarray, complex, [..., M]
        Channel ``h_c`` to the served user.
    steering : ndarray, complex, [..., M]
        Target steering vector ``a(theta)``.

    Returns
    -------
    w_comm, w_sense : ndarray, complex, [..., M]
        Unit-norm communication and sensing beams.
    """
    h = np.asarray(channel)
    a = np.asarray(steering)
    require(h.shape[-1] >= 2, "num_tx", f"ZF with a steering vector needs >= 2 antennas, got {h.shape[-1]}")
    # Gram matrix G = H^H H = [[h^H h, h^H a], [a^H h, a^H a]]; W = H G^-1.
    g11 = np.sum(np.abs(h) ** 2, axis=-1)
    g22 = np.sum(np.abs(a) ** 2, axis=-1)
    g12 = np.sum(np.conj(h) * a, axis=-1)
    det = g11 * g22 - np.abs(g12) ** 2
    # G^-1 = [[g22, -g12], [-conj(g12), g11]] / det
    wc = (h * g22[..., None] - a * np.conj(g12)[..., None]) / det[..., None]  # Eq. (2), first column
    ws = (a * g11[..., None] - h * g12[..., None]) / det[..., None]  # Eq. (2), second column
    wc /= np.linalg.norm(wc, axis=-1, keepdims=True)
    ws /= np.linalg.norm(ws, axis=-1, keepdims=True)
    return wc, ws


def beam_gain(channel, beam):
    """``|h^H w|^2`` over the last axis (dimensionless)."""
    return np.abs(np.sum(np.conj(channel) * beam, axis=-1)) ** 2
