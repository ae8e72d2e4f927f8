"""Channels of paper ``power`` (003): path-loss-scaled Rayleigh links of a CoMP-ISAC network.

The letter gives no channel statistics (spec 003 §1 **[?]**); this module is our documented
choice, shared by the closed forms (which take its gains) and the Monte Carlo (which draws
with it):

* :func:`pathloss_gain`: mean power gain ``(max(d, d_min) / d_0)^-a`` of one hop;
* :func:`channel_variances`: variances of the communication links ``h^c_{l,i}`` (``B_l -> U_i``)
  and of the two-way radar links ``h^s_{l,i}`` (``B_l -> T_i -> B_i``);
* :func:`draw_network`: users and targets uniform in their cells
  (:func:`isacnet.geometry.cells.drop_in_cells`) and Rayleigh fading with those variances,
  batched over a leading drop axis, returned as a :class:`NetworkDrop`.

Array convention: ``[..., l, i]`` is the link from BS ``l`` to user / target ``i``. Gains
are dimensionless (1 at the reference distance), so that ``P |h|^2`` is a power in W.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from isacnet.errors import InputError
from isacnet.geometry.cells import default_bs_positions, drop_in_cells
from isacnet.geometry.layouts import explicit_positions

__all__ = ["pathloss_gain", "channel_variances", "complex_normal", "NetworkDrop", "draw_network"]


def pathloss_gain(distance, exponent, reference_distance, min_distance=0.0):
    """Mean power gain ``(max(d, d_min) / d_0)^-a`` of one hop (our model, spec 003 §1 [?]).

    A power law normalised to 1 at the reference distance ``d_0`` and clipped at ``d_min``
    so that a user or target next to a BS keeps a finite gain.

    Parameters
    ----------
    distance : array_like, [...]
        Link length ``d`` [m].
    exponent : float
        Path-loss exponent ``a`` (> 0) [1].
    reference_distance : float
        ``d_0`` [m] (> 0).
    min_distance : float
        ``d_min`` [m] (>= 0).

    Returns
    -------
    ndarray, [...]
        Gain [1].
    """
    if not reference_distance > 0:
        raise InputError("reference_distance", f"must be > 0 m, got {reference_distance!r}")
    d = np.maximum(np.asarray(distance, dtype=float), min_distance)
    return (d / reference_distance) ** (-float(exponent))


def channel_variances(bs_positions, user_positions, target_positions, *, pathloss_exp, pathloss_exp_sense,
                      reference_distance, min_distance=0.0, reference_gain_comm=1.0, reference_gain_sense=1.0):
    """Variances of the Rayleigh channels ``h^c_{l,i}`` and ``h^s_{l,i}`` (our model, spec 003 §1 [?]).

    ``h^c_{l,i} ~ CN(0, g_c g(|B_l - U_i|; alpha))`` and
    ``h^s_{l,i} ~ CN(0, g_s g(|B_l - T_i|; beta) g(|T_i - B_i|; beta))`` (two hops, the radar
    cross-section folded into ``g_s``), with ``g`` = :func:`pathloss_gain`.

    Parameters
    ----------
    bs_positions : array_like, [num_cells, 3]
        BS positions [m].
    user_positions, target_positions : array_like, [..., num_cells, 3]
        ``U_i`` and ``T_i`` [m] (leading drop axes allowed).
    pathloss_exp, pathloss_exp_sense : float
        Exponents ``alpha`` (communication) and ``beta`` (per radar hop) [1].
    reference_distance, min_distance : float
        See :func:`pathloss_gain` [m].
    reference_gain_comm, reference_gain_sense : float
        ``g_c``, ``g_s``: gains at the reference distance (one hop; both hops) relative to the
        noise unit [1] (the letter states neither; docs/calibration.md infers them).

    Returns
    -------
    var_comm, var_sense : ndarray, [..., num_cells (tx l), num_cells (rx i)]
        Channel variances [1].
    """
    bs = np.asarray(bs_positions, dtype=float)
    users = np.asarray(user_positions, dtype=float)
    targets = np.asarray(target_positions, dtype=float)
    d_bu = np.linalg.norm(bs[:, None, :] - users[..., None, :, :], axis=-1)  # [..., l, i]
    d_bt = np.linalg.norm(bs[:, None, :] - targets[..., None, :, :], axis=-1)  # [..., l, i]
    d_tb = np.linalg.norm(targets - bs, axis=-1)  # [..., i]
    var_comm = reference_gain_comm * pathloss_gain(d_bu, pathloss_exp, reference_distance, min_distance)
    g_back = reference_gain_sense * pathloss_gain(d_tb, pathloss_exp_sense, reference_distance, min_distance)
    var_sense = pathloss_gain(d_bt, pathloss_exp_sense, reference_distance, min_distance) * g_back[..., None, :]
    return var_comm, var_sense


def complex_normal(rng: np.random.Generator, shape, variance=1.0) -> np.ndarray:
    """``CN(0, variance)`` samples.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the samples.
    shape : tuple of int
        Output shape.
    variance : array_like, broadcastable to ``shape``
        ``E|z|^2`` (in the unit of the samples squared).

    Returns
    -------
    ndarray, complex, ``shape``
    """
    scale = np.sqrt(np.asarray(variance, dtype=float) / 2.0)
    out = np.empty(shape, dtype=complex)
    out.real = rng.standard_normal(shape)  # real parts first, then imaginary parts (no temporaries)
    out.imag = rng.standard_normal(shape)
    out *= scale
    return out


@dataclass(frozen=True)
class NetworkDrop:
    """Drops of the CoMP-ISAC network (spec 003 §1).

    Attributes
    ----------
    bs_positions : ndarray, [num_cells, 3]
        ``B_l`` [m].
    user_positions, target_positions : ndarray, [size, num_cells, 3]
        ``U_i``, ``T_i`` [m].
    var_comm, var_sense : ndarray, [size, num_cells (tx l), num_cells (rx i)]
        Channel variances [1].
    channel_comm : ndarray, complex, [size, num_cells (tx l), num_cells (user i)]
        ``h^c_{l,i}`` [1].
    channel_sense : ndarray, complex, [size, num_cells (tx l), num_cells (target i)]
        ``h^s_{l,i}`` (two-way ``B_l -> T_i -> B_i``) [1].
    """

    bs_positions: np.ndarray
    user_positions: np.ndarray
    target_positions: np.ndarray
    var_comm: np.ndarray
    var_sense: np.ndarray
    channel_comm: np.ndarray
    channel_sense: np.ndarray

    @property
    def gains_comm(self) -> np.ndarray:
        """``rho_{l,i} = |h^c_{l,i}|^2``, [size, L, L] [1]."""
        return np.abs(self.channel_comm) ** 2

    @property
    def gains_sense(self) -> np.ndarray:
        """``|h^s_{l,i}|^2``, [size, L, L] [1]."""
        return np.abs(self.channel_sense) ** 2


def draw_network(rng: np.random.Generator, size: int, *, num_cells: int = 3, bs_positions=None,
                 cell_radius: float = 100.0, pathloss_exp: float = 3.0, pathloss_exp_sense: float = 2.0,
                 reference_distance: float = 100.0, min_distance: float = 10.0, reference_gain_comm: float = 1.0,
                 reference_gain_sense: float = 1.0) -> NetworkDrop:
    """Draw ``size`` realisations of users, targets and Rayleigh channels (spec 003 §1).

    Draw order (fixed, so that a seeded generator gives the same network): user positions,
    target positions, ``h^c``, ``h^s``.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the drops.
    size : int
        Number of drops.
    num_cells : int
        ``L``; ignored when ``bs_positions`` is given.
    bs_positions : array_like, [num_cells, 2 or 3], optional
        BS positions [m]; default :func:`isacnet.geometry.cells.default_bs_positions`.
    cell_radius : float
        ``r`` [m].
    pathloss_exp, pathloss_exp_sense, reference_distance, min_distance, reference_gain_comm, reference_gain_sense
        See :func:`channel_variances` ([1], [1], [m], [m], [1], [1]).

    Returns
    -------
    NetworkDrop
    """
    if not cell_radius > 0:
        raise InputError("cell_radius", f"must be > 0 m, got {cell_radius!r}")
    bs = default_bs_positions(num_cells, cell_radius) if bs_positions is None else explicit_positions(
        bs_positions, "bs_positions")
    users = drop_in_cells(rng, bs, cell_radius, size)
    targets = drop_in_cells(rng, bs, cell_radius, size)
    var_c, var_s = channel_variances(bs, users, targets, pathloss_exp=pathloss_exp,
                                     pathloss_exp_sense=pathloss_exp_sense, reference_distance=reference_distance,
                                     min_distance=min_distance, reference_gain_comm=reference_gain_comm,
                                     reference_gain_sense=reference_gain_sense)
    h_c = complex_normal(rng, var_c.shape, var_c)  # h^c_{l,i} ~ CN(0, var)
    h_s = complex_normal(rng, var_s.shape, var_s)  # h^s_{l,i} ~ CN(0, var)
    return NetworkDrop(bs, users, targets, var_c, var_s, h_c, h_s)
