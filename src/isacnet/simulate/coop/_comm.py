"""Communication-side Monte Carlo of paper ``coop`` (000), two fidelities.

* :func:`comp_rate_trial` (model level): the paper's distributions. Distances of the ``L``
  nearest BSs drawn exactly (arrival times ``pi lambda_b r_k^2`` of a unit-rate Poisson process); gains
  ``g ~ Gamma(M_t - 1, p^c)`` for serving BSs, ``Gamma(1, P^t)`` for interferers (or the exact
  ``p^c X + p^s Y`` with ``X, Y ~ Exp(1)``, spec 000 §4); BSs ``2..L`` accept i.i.d. with
  probability ``kappa_c``; the PPP beyond ``d_L`` by :func:`isacnet.geometry.ppp_interference`.
* :func:`comp_rate_link_trial` (link level): a whole network per drop on a torus (no edge):
  PPP BSs and users, each user requests its ``L`` nearest BSs, each BS serves at most ``psi``
  users on the resource block (its own nearest users first, then a uniformly random subset of
  the cooperation requests), actual ``CN(0, I)`` channel vectors, the ZF precoder of eq. (2)
  with each BS's target steering vector, interferers' gains
  ``p^c |h^H w^c|^2 + p^s |h^H w^s|^2``. Every BS transmits (full load), as in the paper.

Rates are ``ln(1 + SIR)`` [nats/s/Hz]; noise neglected (eq. (11)).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from isacnet._accel import Kernel
from isacnet.channel.mimo import beam_gain, rayleigh_vectors, steering_vector, zf_precoder
from isacnet.errors import InputError
from isacnet.geometry import ppp_interference, wrap_displacement

__all__ = ["comp_rate_trial", "comp_rate_sweep_trial", "comp_rate_link_trial", "nearest_on_tori", "torus_tail_factor"]


def _check(cluster_size_comm, power_comm, power_total, num_tx_antennas, pathloss_exp):
    if int(cluster_size_comm) != cluster_size_comm or cluster_size_comm < 1:
        raise InputError("cluster_size_comm", f"must be an integer >= 1, got {cluster_size_comm}")
    if not 0 < power_comm <= power_total:
        raise InputError("power_comm", f"must be in (0, P^t = {power_total}] W (p^c + p^s <= P^t), got {power_comm}")
    if int(num_tx_antennas) != num_tx_antennas or num_tx_antennas < 2:
        raise InputError("num_tx_antennas", f"must be an integer >= 2, got {num_tx_antennas}")
    if not pathloss_exp > 2:
        raise InputError("pathloss_exp", f"must be > 2, got {pathloss_exp}")


def _positive_exponential(rng: np.random.Generator, shape) -> np.ndarray:
    """Standard exponential draws with exact zeros redrawn.

    numpy's ziggurat returns exactly 0.0 with a tiny probability (observed once in ~1e8 draws);
    a first arrival time of 0 puts a BS on the user and makes the SIR infinite (NaN rate).
    Redrawing those entries is exact for the continuous distribution (P(X = 0) = 0).
    """
    x = rng.standard_exponential(shape)
    bad = x == 0.0
    while bad.any():
        x[bad] = rng.standard_exponential(int(bad.sum()))
        bad = x == 0.0
    return x


def comp_rate_trial(rng: np.random.Generator, size: int, cluster_size_comm: int, kappa: float, power_comm: float,
                    power_total: float, num_tx_antennas: int, pathloss_exp: float = 4.0,
                    interferer_gain: str = "gamma1", num_exact: int = 100) -> dict[str, np.ndarray]:
    """Model-level samples of the CoMP rate (coop eq. (11)-(12), Section II).

    Parameters
    ----------
    rng : numpy.random.Generator
    size : int
        Number of drops.
    cluster_size_comm : int
        ``L`` (>= 1).
    kappa : float
        ``kappa_c``, i.i.d. acceptance of BSs ``2..L``.
    power_comm, power_total : float
        ``p^c`` and ``P^t`` [W].
    num_tx_antennas : int
        ``M_t``.
    pathloss_exp : float
        Path-loss exponent ``alpha`` (> 2).
    interferer_gain : {"gamma1", "sum_exp"}
        ``Gamma(1, P^t)`` (paper) or ``p^c X + p^s Y`` (spec 000 §4).
    num_exact : int
        Interferers beyond ``d_L`` drawn exactly before the tail-mean correction.

    Returns
    -------
    dict
        ``rate`` [size] in nats/s/Hz and ``accepted`` [size], the accepted fraction of BSs 2..L.
    """
    _check(cluster_size_comm, power_comm, power_total, num_tx_antennas, pathloss_exp)
    if not 0 <= kappa <= 1:
        raise InputError("kappa", f"must be in [0, 1], got {kappa}")
    power_sense = power_total - power_comm
    if interferer_gain == "gamma1":
        def sampler(r, shape):
            return r.exponential(power_total, shape)
        second = 2.0 * power_total**2
    elif interferer_gain == "sum_exp":
        def sampler(r, shape):
            return power_comm * r.standard_exponential(shape) + power_sense * r.standard_exponential(shape)
        second = 2 * power_comm**2 + 2 * power_sense**2 + 2 * power_comm * power_sense
    else:
        raise InputError("interferer_gain", f"must be 'gamma1' or 'sum_exp', got {interferer_gain!r}")
    density = 1.0 / np.pi  # SIR is scale invariant: pi * density * r^2 = arrival time
    path = np.cumsum(_positive_exponential(rng, (size, cluster_size_comm)), axis=1)  # Gamma_1..Gamma_L = r_k^2
    last = path[:, -1].copy()
    np.power(path, -0.5 * pathloss_exp, out=path)  # r_k^-alpha, in place (the arrays here are [size, L])
    g_sig = rng.gamma(num_tx_antennas - 1.0, power_comm, (size, cluster_size_comm))  # Gamma(M_t - 1, p^c)
    acc = np.ones((size, cluster_size_comm), dtype=bool)
    acc[:, 1:] = rng.random((size, cluster_size_comm - 1)) < kappa
    g_int = sampler(rng, (size, cluster_size_comm))
    g_sig *= path
    g_sig[~acc] = 0.0
    signal = g_sig.sum(axis=1)
    g_int *= path
    g_int[acc] = 0.0
    inner = g_int.sum(axis=1)
    del path, g_sig, g_int
    outer = ppp_interference(rng, last, density, pathloss_exp, sampler, power_total, second, num_exact).total
    rate = np.log1p(signal / (inner + outer))  # Eq. (12)
    frac = acc[:, 1:].mean(axis=1) if cluster_size_comm > 1 else np.ones(size)
    return {"rate": rate, "accepted": frac}


def comp_rate_sweep_trial(rng: np.random.Generator, size: int, kappas, power_comm: float, power_total: float,
                          num_tx_antennas: int, pathloss_exp: float = 4.0, num_exact: int = 60,
                          chunk: int = 4000) -> np.ndarray:
    """Model-level rate samples for every cluster size ``L = 1..len(kappas)`` on common random numbers.

    One drop draws the BSs (nearest first), their signal and interference gains and one uniform
    ``U_k`` per BS; cluster size ``L`` with acceptance ``kappa_L`` uses BS ``k <= L`` as a server if
    ``k = 1`` or ``U_k < kappa_L``. Sharing the draws across ``L`` makes the differences between
    cluster sizes far less noisy than independent runs (the exhaustive search of Fig. 7).
    Interferers: ``Gamma(1, P^t)``; the PPP beyond ``L_max + num_exact`` BSs by its Campbell mean.

    Parameters
    ----------
    rng : numpy.random.Generator
    size : int
        Drops.
    kappas : array_like, [num_L]
        ``kappa_c`` of each cluster size ``L = 1..num_L``.
    power_comm, power_total : float
        ``p^c``, ``P^t`` [W].
    num_tx_antennas : int
        ``M_t``.
    pathloss_exp : float
        Path-loss exponent ``alpha`` (> 2).
    num_exact : int
        BSs beyond ``L_max`` drawn exactly.
    chunk : int
        Drops per vectorised block (memory ``chunk * num_L**2``).

    Returns
    -------
    ndarray, [size, num_L]
        ``ln(1 + SIR)`` [nats/s/Hz] per drop and cluster size.
    """
    kap = np.asarray(kappas, dtype=float)
    l_max = kap.size
    _check(l_max, power_comm, power_total, num_tx_antennas, pathloss_exp)
    if np.any((kap < 0) | (kap > 1)):
        raise InputError("kappa", f"must be in [0, 1], got {kap}")
    k_tot = l_max + int(num_exact)
    out = np.empty((size, l_max))
    ranks = np.arange(1, l_max + 1)
    in_cluster = ranks[:, None] <= ranks[None, :]  # [k, L]: BS k is in the cluster of size L
    for start in range(0, size, chunk):
        n = min(chunk, size - start)
        gam = np.cumsum(_positive_exponential(rng, (n, k_tot)), axis=1)  # pi lambda r^2 with pi lambda = 1
        path = gam ** (-pathloss_exp / 2)
        g_sig = rng.gamma(num_tx_antennas - 1.0, power_comm, (n, l_max)) * path[:, :l_max]
        g_int = rng.exponential(power_total, (n, k_tot)) * path
        u = rng.random((n, l_max))
        acc = (u[:, :, None] < kap[None, None, :]) & in_cluster[None]  # [n, k, L]
        acc[:, 0, :] = True
        signal = np.einsum("nk,nkl->nl", g_sig, acc)
        # interferers: all k > L (exact up to k_tot, then the tail mean) and the declined k <= L
        tail = 2 * power_total * gam[:, -1] ** (1 - pathloss_exp / 2) / (pathloss_exp - 2)  # Campbell, pi lambda = 1
        total = g_int.sum(axis=1) + tail
        declined = np.einsum("nk,nkl->nl", g_int[:, :l_max], in_cluster[None] & ~acc)
        beyond = total[:, None] - np.cumsum(g_int[:, :l_max], axis=1)
        out[start:start + n] = np.log1p(signal / (beyond + declined))
    return out


@lru_cache(maxsize=32)
def torus_tail_factor(pathloss_exp: float) -> float:
    """``int_{outside [-a,a]^2} |x|^-alpha dx * a^(alpha-2)`` (missing interference of a torus window).

    Equals ``8/(alpha - 2) int_0^{pi/4} cos^(alpha-2) t dt`` (``pi/2 + 1`` for ``alpha = 4``).
    """
    from scipy import integrate  # lazily (imports are a worker's start-up cost)

    val, _ = integrate.quad(lambda t: np.cos(t) ** (pathloss_exp - 2.0), 0.0, np.pi / 4)
    return 8.0 / (pathloss_exp - 2.0) * val


def _nearest_on_tori_numpy(bs, bs_ok, users, user_ok, side: float, k: int) -> np.ndarray:
    """The ``k`` BSs nearest to every user, in a batch of independent torus networks.

    One k-d tree holds the 3 x 3 periodic images of every network's BSs, each network moved
    ``4 side`` away from the next, so that a plain nearest-neighbour query returns the
    minimum-image neighbours within the user's own network: ``O(users k log BSs)`` work and
    memory, instead of the ``[networks, users, BSs]`` distance tensor.

    Parameters
    ----------
    bs : ndarray, [num_networks, nb_max, 2]
        BS positions [m] in ``[0, side)^2``.
    bs_ok : ndarray, bool, [num_networks, nb_max]
        Which BS slots hold a BS (every network has at least ``k``).
    users : ndarray, [num_networks, nu_max, 2]
        User positions [m].
    user_ok : ndarray, bool, [num_networks, nu_max]
        Which user slots hold a user.
    side : float
        Torus side [m].
    k : int
        Neighbours per user.

    Returns
    -------
    ndarray, int, [num_networks, nu_max, k]
        BS slot indices, nearest first (0 for empty user slots).
    """
    num_networks = bs_ok.shape[0]
    net, slot = np.nonzero(bs_ok)
    shifts = side * np.array([(i, j) for i in (-1, 0, 1) for j in (-1, 0, 1)], dtype=float)
    stride = np.array([4.0 * side, 0.0])
    points = (bs[net, slot] + net[:, None] * stride)[None, :, :] + shifts[:, None, :]  # [9, num_bs, 2]
    from scipy.spatial import cKDTree  # lazily (imports are a worker's start-up cost)

    tree = cKDTree(points.reshape(-1, 2))
    unet, uslot = np.nonzero(user_ok)
    dist, img = tree.query(users[unet, uslot] + unet[:, None] * stride, k=k)
    dist, img = dist.reshape(-1, k), img.reshape(-1, k)
    near = np.zeros((num_networks, users.shape[1], k), dtype=np.int64)
    near[unet, uslot] = slot[img % net.size]
    # the k-th neighbour lies within side/2, so no BS appears twice (two images are side apart);
    # a network thin enough to break that is searched by minimum image, exactly
    far = np.flatnonzero(dist[:, -1] >= 0.5 * side)
    for f in far:
        n, u = unet[f], uslot[f]
        d = np.where(bs_ok[n], np.hypot(*wrap_displacement(bs[n] - users[n, u], side).T), np.inf)
        near[n, u] = np.argsort(d, kind="stable")[:k]
    return near


nearest_on_tori = Kernel(_nearest_on_tori_numpy, "isacnet.simulate.coop._comm_loops:nearest_on_tori")


def _admit_requests_numpy(group, key, capacity) -> np.ndarray:
    """Random admission: each group (BS) accepts the ``capacity[group]`` requests of smallest ``key``.

    Parameters
    ----------
    group : ndarray, int, [num_requests]
        The BS (group id) each request goes to.
    key : ndarray, [num_requests]
        Uniform random priorities.
    capacity : ndarray, [num_groups]
        Free slots of each group.

    Returns
    -------
    ndarray, bool, [num_requests]
    """
    order = np.lexsort((key, group))
    sorted_group = group[order]
    start = np.searchsorted(sorted_group, sorted_group, side="left")
    within = np.arange(sorted_group.size) - start  # rank of each request in its group, by key
    accepted = np.empty(group.size, dtype=bool)
    accepted[order] = within < capacity[sorted_group]
    return accepted


admit_requests = Kernel(_admit_requests_numpy, "isacnet.simulate.coop._comm_loops:admit_requests")


def comp_rate_link_trial(rng: np.random.Generator, size: int, cluster_size_comm: int, max_load: int, bs_density: float,
                         user_density: float, power_comm: float, power_total: float, num_tx_antennas: int,
                         pathloss_exp: float = 4.0, mean_num_bs: float = 60.0) -> dict[str, np.ndarray]:
    """Link- and system-level samples of the CoMP rate of the typical user.

    One drop is one network on a torus of side ``sqrt(mean_num_bs / bs_density)``: BSs and
    users are PPPs (Poisson counts, uniform positions; the typical user is added, Slivnyak).
    Each user requests its ``L`` nearest BSs. A BS serves its own nearest users first and
    fills the remaining ``max(psi - n_own, 0)`` slots with a uniformly random subset of the
    cooperation requests it received. The typical user is served by its nearest BS and by
    the BSs that accepted; every other BS interferes with the ZF beams it uses for its own user
    and target. Interference from outside the window is replaced by its mean
    ``lambda_b P^t a^(2-alpha) torus_tail_factor(alpha)``, ``a`` the half side.

    Parameters
    ----------
    rng : numpy.random.Generator
    size : int
        Number of networks (drops).
    cluster_size_comm : int
        ``L``.
    max_load : int
        ``psi``.
    bs_density, user_density : float
        ``lambda_b``, ``lambda_u`` [m⁻²].
    power_comm, power_total : float
        ``p^c``, ``P^t`` [W].
    num_tx_antennas : int
        ``M_t`` (>= 2).
    pathloss_exp : float
        Path-loss exponent ``alpha`` (> 2).
    mean_num_bs : float
        Mean number of BSs per window (>= 4 L).

    Returns
    -------
    dict
        ``rate`` [size] (nats/s/Hz), ``accepted`` [size] (accepted fraction of the typical
        user's requests to BSs 2..L, an estimate of ``kappa_c``), ``signal_gain`` [size]
        (``|h^H w^c|^2`` of the nearest BS) and ``interferer_gain`` [size] (the nearest
        interferer's ``(p^c|h^H w^c|^2 + p^s|h^H w^s|^2)``).
    """
    _check(cluster_size_comm, power_comm, power_total, num_tx_antennas, pathloss_exp)
    if max_load < 1:
        raise InputError("max_load", f"must be >= 1, got {max_load}")
    if mean_num_bs < 4 * cluster_size_comm:
        raise InputError("mean_num_bs", f"must be >= 4 L = {4 * cluster_size_comm}, got {mean_num_bs}")
    L = int(cluster_size_comm)
    side = np.sqrt(mean_num_bs / bs_density)
    nb = np.maximum(rng.poisson(mean_num_bs, size), L + 1)  # P(n < L + 1) is negligible at mean >= 4L
    nu = rng.poisson(user_density * side**2, size) + 1  # + the typical user (index 0)
    nb_max, nu_max = int(nb.max()), int(nu.max())
    bs = rng.uniform(0.0, side, (size, nb_max, 2))
    users = rng.uniform(0.0, side, (size, nu_max, 2))
    bs_ok = np.arange(nb_max) < nb[:, None]
    user_ok = np.arange(nu_max) < nu[:, None]
    near = nearest_on_tori(bs, bs_ok, users, user_ok, float(side), L)  # [size, nu_max, L], nearest first
    # the typical user (index 0) sees every BS of its network: minimum-image distances [size, nb_max]
    d0 = np.where(bs_ok, np.hypot(*np.moveaxis(wrap_displacement(users[:, 0, None, :] - bs, side), -1, 0)), np.inf)
    drop = np.arange(size)[:, None]
    # own (rank-1) users per BS
    own = np.zeros((size, nb_max))
    np.add.at(own, (np.broadcast_to(drop, (size, nu_max))[user_ok], near[..., 0][user_ok]), 1.0)
    slots = np.maximum(max_load - own, 0.0)  # [size, nb_max]
    accepted = np.zeros((size, nu_max, L), dtype=bool)
    accepted[..., 0] = True
    if L > 1:
        req_bs = near[..., 1:]  # [size, nu_max, L-1]
        gid = (np.arange(size)[:, None, None] * nb_max + req_bs).astype(np.int64)
        valid = np.broadcast_to(user_ok[..., None], gid.shape)
        gid = np.where(valid, gid, size * nb_max)  # invalid users in a dummy group
        key = rng.random(gid.shape)
        cap = np.append(slots.ravel(), 0.0)  # the dummy group admits nothing
        accepted[..., 1:] = admit_requests(gid.ravel(), key.ravel(), cap).reshape(gid.shape)
    # typical user (index 0): channels and precoders of every BS
    path = d0 ** (-pathloss_exp)
    serving = np.zeros((size, nb_max), dtype=bool)
    serving[np.broadcast_to(drop, (size, L)), near[:, 0, :]] = accepted[:, 0, :]
    g = rayleigh_vectors(rng, (size, nb_max), num_tx_antennas)  # BS -> typical user
    h_own = rayleigh_vectors(rng, (size, nb_max), num_tx_antennas)  # BS -> the user it serves on this RB
    a = steering_vector(rng.uniform(0.0, 2.0 * np.pi, (size, nb_max)), num_tx_antennas)
    wc_typ, _ = zf_precoder(g, a)
    wc, ws = zf_precoder(h_own, a)
    sig_gain = power_comm * beam_gain(g, wc_typ)
    int_gain = power_comm * beam_gain(g, wc) + (power_total - power_comm) * beam_gain(g, ws)
    signal = np.sum(np.where(serving, sig_gain, 0.0) * path, axis=1)
    tail = bs_density * power_total * (side / 2) ** (2 - pathloss_exp) * torus_tail_factor(float(pathloss_exp))
    interference = np.sum(np.where(serving, 0.0, int_gain) * path, axis=1) + tail
    rate = np.log1p(signal / interference)  # Eq. (11)-(12) with true gains
    frac = accepted[:, 0, 1:].mean(axis=1) if L > 1 else np.ones(size)
    first_int = np.argmin(np.where(serving | ~bs_ok, np.inf, d0), axis=1)
    return {
        "rate": rate,
        "accepted": frac,
        "signal_gain": beam_gain(g, wc_typ)[np.arange(size), near[:, 0, 0]],
        "interferer_gain": int_gain[np.arange(size), first_int],
    }
