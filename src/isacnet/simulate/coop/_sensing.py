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

import warnings

import numpy as np

from isacnet._accel import Kernel, use_compiled
from isacnet.errors import InputError, SingularGeometryWarning
from isacnet.geometry import ppp_in_window, unit_circle, wrap_displacement
from isacnet.metrics.localization import SINGULAR_DET_REL, crlb_from_entries, fim_entries, fim_entries_links, gdop

__all__ = ["gdop_trial", "crlb_trial", "crlb_block", "acceptance_network_trial", "network_crlb", "network_side"]


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
        ``{"crlb": [size]}`` [distance unit²]; ``inf`` for singular geometries (always for
        ``N = 1``, with a :class:`~isacnet.errors.SingularGeometryWarning`).

    Notes
    -----
    Drops run in blocks of 1024: each block draws its ``[num_bs, 1024]`` single-precision
    exponential gaps (arrival times ``Gamma_k = pi lambda_b d_k^2``, eq. (20)'s mapping) and
    uniform bearings (in turns), then one pass (:func:`crlb_block`, compiled when numba is
    available) accumulates the weighted moments of eq. (7) BS by BS. The fixed block size
    keeps the random stream reproducible.
    """
    if rcs_model not in ("mean", "swerling1"):
        raise InputError("rcs_model", f"must be 'mean' or 'swerling1', got {rcs_model!r}")
    _warn_if_single(num_bs)
    out = np.empty(size)
    # blocks of _BLOCK drops fix the random stream; the compiled kernel takes one block per call (its
    # accumulators stay in cache), the NumPy form many (fewer, longer vector operations)
    group = 1 if use_compiled() or rcs_model != "mean" else max(1, _NUMPY_ELEMENTS // (num_bs * _BLOCK))
    group = min(group, -(-size // _BLOCK))
    gaps = np.empty((num_bs, group * _BLOCK), dtype=np.float32)
    turns = np.empty_like(gaps)
    for start in range(0, size, group * _BLOCK):
        n = 0
        for b in range(start, min(start + group * _BLOCK, size), _BLOCK):
            m = min(_BLOCK, size - b)
            if group == 1 and m == _BLOCK:  # straight into the buffers: the same draws, no copies
                rng.standard_exponential(out=gaps, dtype=np.float32)
                rng.random(out=turns, dtype=np.float32)
            else:
                gaps[:, n:n + m] = rng.standard_exponential((num_bs, m), dtype=np.float32)
                turns[:, n:n + m] = rng.random((num_bs, m), dtype=np.float32)
            n += m
        g, t = (gaps, turns) if n == gaps.shape[1] else (gaps[:, :n], turns[:, :n])
        if rcs_model == "mean":
            out[start:start + n] = crlb_block(g, t, np.pi * bs_density, float(pathloss_exp_sense), float(zeta_sq))
        else:
            out[start:start + n] = _crlb_block_swerling(rng, g, t, np.pi * bs_density, pathloss_exp_sense, zeta_sq)
    return {"crlb": out}


_BLOCK = 1024
_NUMPY_ELEMENTS = 2**22  # draws per call of the NumPy form: long vector operations, 16 MB per array

def _warn_if_single(num_bs: int) -> None:
    if num_bs == 1:
        warnings.warn("one sensing BS: the position FIM is singular, CRLB = inf (coop eq. (9) needs N >= 2)",
                      SingularGeometryWarning, stacklevel=3)


def _crlb_block_numpy(gaps, turns, pi_density: float, beta: float, zeta_sq: float) -> np.ndarray:
    """CRLB of one block of drops from its draws (the NumPy form of :func:`crlb_block`).

    Parameters
    ----------
    gaps : ndarray, float32, [num_bs, num_drops]
        Exponential gaps of the arrival times ``Gamma_k = pi lambda_b d_k^2``.
    turns : ndarray, float32, [num_bs, num_drops]
        Bearings in turns.
    pi_density : float
        ``pi lambda_b`` [distance unit⁻²].
    beta : float
        Radar pathloss exponent.
    zeta_sq : float
        ``|zeta|^2``.

    Returns
    -------
    ndarray, [num_drops]
        ``tr F^-1`` [distance unit²], ``inf`` where ``det F <= SINGULAR_DET_REL (tr F)^2``.
    """
    num_bs, n = gaps.shape
    arrivals = np.zeros(n)
    s, sc, ss, scc, sss, scs = (np.zeros(n) for _ in range(6))
    for k in range(num_bs):  # BS by BS, vectorised over the drops
        arrivals += np.maximum(gaps[k], _TINY32)  # a gap of exactly 0 would put the BS on the target
        w = pi_density / arrivals  # d_k^-2
        if beta != 2.0:
            w = w ** (0.5 * beta)
        c, si = unit_circle(turns[k])
        wc, ws = w * c, w * si
        s += w
        sc += wc
        ss += ws
        scc += wc * c
        sss += ws * si
        scs += wc * si
    a = 2.0 * (s * scc + sc * sc)  # Eq. (7) with the double sums collapsed (spec 000 §3)
    b = 2.0 * (s * sss + ss * ss)
    c = 2.0 * (s * scs + sc * ss)
    det = a * b - c * c
    trace = a + b
    with np.errstate(divide="ignore", invalid="ignore"):
        crlb = trace / (zeta_sq * det)  # Eq. (9): tr F^-1
    return np.where(det > SINGULAR_DET_REL * (trace * trace), crlb, np.inf)


_TINY32 = np.finfo(np.float32).tiny

crlb_block = Kernel(_crlb_block_numpy, "isacnet.simulate.coop._sensing_loops:crlb_block")


def _crlb_block_swerling(rng, gaps, turns, pi_density, beta, zeta_sq):
    arrivals = np.cumsum(np.maximum(gaps, _TINY32), axis=0, dtype=np.float64)
    w = (pi_density / arrivals) ** (0.5 * beta)  # [num_bs, n]
    num_bs, n = gaps.shape
    sigma = rng.standard_exponential((n, num_bs, num_bs))
    cos, sin = unit_circle(turns)
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
    _warn_if_single(num_bs)
    side = network_side(size, target_density, num_bs, bs_density)
    bs = ppp_in_window(rng, bs_density, side)
    targets = ppp_in_window(rng, target_density, side)
    if bs.shape[0] < num_bs:
        raise InputError("cluster_size_sense", f"exceeds the {bs.shape[0]} BSs of the simulated network")
    return network_crlb(rng, bs, targets, side, num_bs, max_load, pathloss_exp_sense, zeta_sq, num_blocks)


def network_crlb(rng: np.random.Generator, bs_positions, target_positions, side: float, num_bs: int,
                 max_load: int, pathloss_exp_sense: float = 2.0, zeta_sq: float = 1.0,
                 num_blocks: int = 4) -> dict[str, np.ndarray]:
    """Requests, random admission and CRLBs of given BSs and targets on a torus (see
    :func:`acceptance_network_trial`, which draws the positions).

    Parameters
    ----------
    rng : numpy.random.Generator
        Draws the admission priorities.
    bs_positions : ndarray, [num_bs_total, 2]
        BS positions [distance unit] in ``[0, side)^2``.
    target_positions : ndarray, [num_targets, 2]
        Target positions [distance unit].
    side : float
        Torus side [distance unit].

    Returns
    -------
    dict
        As :func:`acceptance_network_trial`. A target with fewer than two accepting BSs, or
        whose accepting BSs lie on one line through it, has a singular FIM: CRLB ``inf``.
    """
    bs, targets = np.asarray(bs_positions, dtype=float), np.asarray(target_positions, dtype=float)
    from scipy.spatial import cKDTree  # lazily: a worker that never needs it does not pay its import

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
    crlb = crlb_from_entries(*fim_entries(angles, w), zeta_sq)  # singular (inf) below SINGULAR_DET_REL
    cell = np.minimum((targets / side * num_blocks).astype(int), num_blocks - 1)
    block = cell[:, 0] * num_blocks + cell[:, 1]
    return {"crlb": crlb, "accepted": accepted.astype(float), "num_accepted": acc.sum(axis=1).astype(float),
            "block": block}
