"""Zero-forcing precoders with nulling columns, and the gains they give (batched over BSs).

A BS with ``M`` antennas serves ``S`` streams and nulls towards ``C - S`` further receivers:
its channel matrix ``H = [h_1, ..., h_C]`` has the served users' channels first and the
nulled receivers' channels after them (nulling eq. (2); coop eq. (2) is the case ``C = 2``
with a steering vector as the second column). Matrices keep the paper's layout, one channel
per column: ``H [..., num_antennas, num_columns]``, ``W [..., num_antennas, num_streams]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from isacnet.channel.mimo import rayleigh_vectors
from isacnet.errors import require

__all__ = [
    "rayleigh_matrix",
    "ZeroForcingPrecoder",
    "zf_nulling_precoder",
    "precoder_gram_eigenvalues",
    "array_gain",
    "unintended_gain",
]


def rayleigh_matrix(rng: np.random.Generator, shape: tuple, num_antennas: int, num_columns: int) -> np.ndarray:
    """I.i.d. ``CN(0, 1)`` channel matrix whose columns are channel vectors.

    Parameters
    ----------
    rng : numpy.random.Generator
    shape : tuple
        Leading axes, e.g. ``(num_bs,)``.
    num_antennas : int
        ``M`` (rows).
    num_columns : int
        ``C`` (one column per receiver).

    Returns
    -------
    ndarray, complex, [*shape, num_antennas, num_columns]
        Unit mean power per entry. The entries are drawn row by row (all are i.i.d.).
    """
    return rayleigh_vectors(rng, (*shape, int(num_antennas)), num_columns)


@dataclass(frozen=True)
class ZeroForcingPrecoder:
    """The normalised ZF precoder of a batch of BSs.

    Attributes
    ----------
    beams : ndarray, complex, [..., num_antennas, num_streams]
        ``w_k``: unit-norm columns, orthogonal to every other column of ``H``.
    signal_gains : ndarray, [..., num_streams]
        ``|h_k^H w_k|^2 = 1 / [(H^H H)^-1]_kk`` [-]: ``Gamma(M - C + 1, 1)`` for Rayleigh ``H``
        (nulling (10)).
    """

    beams: np.ndarray
    signal_gains: np.ndarray


def zf_nulling_precoder(channels, num_streams: int) -> ZeroForcingPrecoder:
    """Zero-forcing precoder ``W~ = H (H^H H)^-1``, first ``num_streams`` columns normalised (nulling eq. (2)).

    ``H = [h_1, ..., h_S | h_{S+1}, ..., h_C]``: the ``S`` served users' channels, then the
    channels the BS nulls towards (other BSs' users, other BSs' receive beams). Column ``k <= S``
    of ``W~`` satisfies ``h_i^H w~_k = delta_ik`` for every column ``i`` of ``H``.

    Parameters
    ----------
    channels : ndarray, complex, [..., num_antennas, num_columns]
        ``H``; needs ``num_columns <= num_antennas`` (full column rank).
    num_streams : int
        ``S``: served streams, the first ``S`` columns.

    Returns
    -------
    ZeroForcingPrecoder
    """
    h = np.asarray(channels)
    num_antennas, num_columns = h.shape[-2:]
    require(1 <= num_streams <= num_columns, "num_streams",
            f"must be in [1, num_columns = {num_columns}], got {num_streams}")
    require(num_columns <= num_antennas, "num_columns",
            f"ZF needs at most num_antennas = {num_antennas} columns, got {num_columns}")
    gram_inv = np.linalg.inv(np.conj(np.swapaxes(h, -1, -2)) @ h)  # (H^H H)^-1
    signal = 1.0 / np.real(np.diagonal(gram_inv, axis1=-2, axis2=-1)[..., :num_streams])  # |h_k^H w_k|^2
    unnormalised = h @ gram_inv[..., :, :num_streams]  # Eq. (2): first S columns of H (H^H H)^-1
    beams = unnormalised / np.linalg.norm(unnormalised, axis=-2, keepdims=True)
    return ZeroForcingPrecoder(beams, signal)


def precoder_gram_eigenvalues(beams) -> np.ndarray:
    """Eigenvalues ``mu`` of ``W^H W`` (ascending, clipped at 0).

    ``h^H W W^H h`` for ``h ~ CN(0, I)`` independent of ``W`` is distributed as
    ``sum_m mu_m E_m`` with i.i.d. ``E_m ~ Exp(1)`` (:func:`unintended_gain`).

    Parameters
    ----------
    beams : ndarray, complex, [..., num_antennas, num_streams]

    Returns
    -------
    ndarray, [..., num_streams]
    """
    w = np.asarray(beams)
    return np.clip(np.linalg.eigvalsh(np.conj(np.swapaxes(w, -1, -2)) @ w), 0.0, None)


def array_gain(beams, steering) -> np.ndarray:
    """``||W^H a||^2 = sum_k |a^H w_k|^2``: the precoder's total gain towards steering vectors [-].

    Parameters
    ----------
    beams : ndarray, complex, [..., num_antennas, num_streams]
    steering : ndarray, complex, [..., num_directions, num_antennas]
        ``a(theta)`` (:func:`isacnet.channel.steering_vector`), one row per direction.

    Returns
    -------
    ndarray, [..., num_directions]
    """
    a = np.asarray(steering)
    w = np.asarray(beams)
    if a.shape[-2] == 0:
        return np.zeros((*np.broadcast_shapes(a.shape[:-2], w.shape[:-2]), 0))
    return np.sum(np.abs(np.conj(a) @ w) ** 2, axis=-1)


def unintended_gain(rng: np.random.Generator, gram_eigenvalues) -> np.ndarray:
    """Draw ``h^H W W^H h`` for independent ``h ~ CN(0, I)``: ``sum_m mu_m E_m``, ``E_m ~ Exp(1)``.

    The gain of a precoder at a receiver whose channel it did not use (an interfering link).

    Parameters
    ----------
    rng : numpy.random.Generator
    gram_eigenvalues : ndarray, [..., num_streams]
        ``mu`` of :func:`precoder_gram_eigenvalues`, one row per link.

    Returns
    -------
    ndarray, [...]
    """
    mu = np.asarray(gram_eigenvalues, dtype=float)
    return np.einsum("...k,...k->...", mu, rng.standard_exponential(mu.shape))
