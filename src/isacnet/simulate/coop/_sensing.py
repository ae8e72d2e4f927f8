"""Sensing-side Monte Carlo of paper ``coop`` (000).

Two fidelities:

* typical target (:func:`crlb_trial`): the ``N`` nearest BSs of a PPP drawn exactly
  (:func:`isacnet.geometry.nearest_ppp_points`), all accepting (``kappa_s = 1``);
* system level (:func:`acceptance_network_trial`): a wrap-around network of BSs and
  targets in which every target requests its ``N`` nearest BSs and every BS serves at
  most ``psi`` requests, chosen at random; each target's CRLB uses only the BSs that
  accepted. This is the real load process behind Lemma 1 and eq. (24).

Distances are in whatever unit the density is given in (m with m⁻²); the CRLB is in
that unit squared.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from isacnet.errors import InputError
from isacnet.geometry import ppp_arrivals, ppp_in_window, uniform_angles, wrap_displacement
from isacnet.metrics.localization import crlb_from_entries, fim_entries, fim_entries_cs, fim_entries_links, gdop

__all__ = ["gdop_trial", "crlb_trial", "acceptance_network_trial", "network_side"]


def gdop_trial(rng: np.random.Generator, size: int, num_bs: int) -> dict[str, np.ndarray]:
    """GDoP (coop eq. (15)) of ``size`` drops of ``num_bs`` i.i.d. uniform bearings.

    Returns
    -------
    dict
        ``{"gdop": [size]}``, dimensionless; ``inf`` for singular geometries.
    """
    angles = rng.uniform(0.0, 2.0 * np.pi, (size, num_bs))
    return {"gdop": gdop(angles)}


def crlb_trial(rng: np.random.Generator, size: int, num_bs: int, bs_density: float, pathloss_exp_sense: float = 2.0,
               zeta_sq: float = 1.0, rcs_model: str = "mean") -> dict[str, np.ndarray]:
    """CRLB ``tr F^-1`` of the typical target with its ``num_bs`` nearest BSs (coop eq. (9)).

    Parameters
    ----------
    size : int
        Drops.
    num_bs : int
        Sensing cluster size ``N``.
    bs_density : float
        BS density ``lambda_b`` [distance unit⁻²].
    pathloss_exp_sense : float
        Radar path-loss exponent ``beta`` per hop.
    zeta_sq : float
        ``|zeta|^2`` of eq. (8) at the mean RCS.
    rcs_model : {"mean", "swerling1"}
        ``mean``: ``F_bar = E_sigma F`` as in the analysis; ``swerling1``: an independent
        exponential RCS (mean 1, relative to ``zeta_sq``) on every Tx→Rx link (O(N²)).

    Returns
    -------
    dict
        ``{"crlb": [size]}`` [distance unit²]; ``inf`` for singular geometries.

    Notes
    -----
    Arrays are laid out BS-first (``[num_bs, size]``) so that the sums over the cluster
    are contiguous vector adds; ``d^-beta = (pi lambda_b / Gamma_k)^(beta/2)`` comes
    straight from the arrival times (no square root for ``beta = 2``).
    """
    if rcs_model not in ("mean", "swerling1"):
        raise InputError("rcs_model", f"must be 'mean' or 'swerling1', got {rcs_model!r}")
    # blocks of 1024 drops keep the ~15 working arrays (80 kB each for N = 10) in cache: about 2x
    # faster than one large block; the fixed block size keeps the random stream reproducible
    out = np.empty(size)
    for start in range(0, size, _BLOCK):
        stop = min(start + _BLOCK, size)
        out[start:stop] = _crlb_block(rng, stop - start, num_bs, bs_density, pathloss_exp_sense, zeta_sq, rcs_model)
    return {"crlb": out}


_BLOCK = 1024


def _crlb_block(rng, size, num_bs, density, beta, zeta_sq, rcs):
    arrivals = ppp_arrivals(rng, size, num_bs, point_major=True)
    base = (np.pi * density) / arrivals  # d_k^-2, eq. (20)'s mapping
    w = base if beta == 2.0 else base ** (beta / 2.0)
    cos, sin = uniform_angles(rng, w.shape)
    if rcs == "mean":
        entries = fim_entries_cs(cos, sin, w, axis=0)
    else:
        sigma = rng.standard_exponential((size, num_bs, num_bs))
        angles = np.arctan2(sin, cos).T
        entries = fim_entries_links(angles, sigma * w.T[:, :, None] * w.T[:, None, :])
    return crlb_from_entries(*entries, zeta_sq)


def network_side(num_targets: int, target_density: float, num_bs: int, bs_density: float) -> float:
    """Side of the square torus holding ``num_targets`` targets on average; at least six times
    the radius holding ``num_bs`` BSs, so that no cluster wraps onto itself."""
    return float(max(np.sqrt(num_targets / target_density), 6.0 * np.sqrt(num_bs / (np.pi * bs_density))))


def acceptance_network_trial(rng: np.random.Generator, size: int, num_bs: int, bs_density: float,
                             target_density: float, max_load: int, pathloss_exp_sense: float = 2.0,
                             zeta_sq: float = 1.0, num_blocks: int = 4) -> dict[str, np.ndarray]:
    """System-level CRLB under limited resource blocks (what coop Fig. 5's Monte Carlo means).

    One wrap-around network holding about ``size`` targets: BSs ~ PPP(``bs_density``),
    targets ~ PPP(``target_density``); each target requests its ``num_bs`` nearest BSs;
    a BS with more than ``max_load`` requests accepts a uniformly random ``max_load`` of
    them. Each target's FIM sums only over the links between accepting BSs.

    Returns
    -------
    dict
        ``"crlb"`` [num_targets]: CRLB [distance unit²] (``inf`` with fewer than two
        accepting BSs or a collinear geometry); ``"accepted"`` [num_targets * num_bs]:
        0/1 per request (its mean estimates ``kappa_s``); ``"num_accepted"``
        [num_targets]: accepting BSs per target; ``"block"`` [num_targets]: which of
        ``num_blocks**2`` square blocks of the torus holds the target, the clusters for
        cluster-robust standard errors (requests of nearby targets compete for the same BSs).
    """
    side = network_side(size, target_density, num_bs, bs_density)
    bs = ppp_in_window(rng, bs_density, side)
    targets = ppp_in_window(rng, target_density, side)
    if bs.shape[0] < num_bs:
        raise InputError("cluster_size_sense", f"exceeds the {bs.shape[0]} BSs of the simulated network")
    tree = cKDTree(bs, boxsize=side)
    dist, idx = tree.query(targets, k=num_bs)
    dist, idx = dist.reshape(len(targets), num_bs), idx.reshape(len(targets), num_bs)
    delta = wrap_displacement(bs[idx] - targets[:, None, :], side)
    angles = np.arctan2(delta[..., 1], delta[..., 0])
    # random admission: each BS keeps the max_load requests of smallest random priority
    req = idx.ravel()
    order = np.lexsort((rng.random(req.size), req))
    sorted_bs = req[order]
    first = np.searchsorted(sorted_bs, sorted_bs, side="left")
    rank = np.arange(req.size) - first
    accepted = np.empty(req.size, dtype=bool)
    accepted[order] = rank < max_load
    acc = accepted.reshape(idx.shape)
    w = np.where(acc, dist ** (-pathloss_exp_sense), 0.0)
    crlb = crlb_from_entries(*fim_entries(angles, w), zeta_sq)
    cell = np.minimum((targets / side * num_blocks).astype(int), num_blocks - 1)
    block = cell[:, 0] * num_blocks + cell[:, 1]
    return {"crlb": crlb, "accepted": accepted.astype(float), "num_accepted": acc.sum(axis=1).astype(float),
            "block": block}
