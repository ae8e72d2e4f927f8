"""System-level network simulation of paper ``nulling`` (001): actual ZF nulling on a torus.

One drop is one network: ``N ~ Poisson(lambda_b S²)`` BSs uniform on a torus of side
``S`` (no edge). A batch of ``size`` drops is simulated at once: network ``n`` lives on
the slab ``z = 3 S n`` of one periodic :class:`scipy.spatial.cKDTree`, so that nearest
neighbours never cross networks and nothing loops over drops.

Per network (nulling Sec. II, spec 001 §1, §5):

1. Users and targets: dense PPPs (``user_density_factor * K`` and ``* J`` per BS) are
   associated with their nearest BS; each BS schedules ``K`` users and ``J`` targets at
   random in its Voronoi cell (fewer where the cell holds fewer).
2. Requests: each scheduled user asks BSs ``2..L`` of its ``L`` nearest to null towards it;
   each BS asks its ``Q - 1`` nearest other BSs to null towards each of its ``J`` receive
   beams. A BS that receives more requests than its spare DoF (``M_t - K`` by default, or
   the planned ``K(L-1) + J(Q-1)``) keeps a uniformly random subset (as the paper's MC).
3. Precoders: ``W~ = H (H^H H)^-1`` (eq. (2)) with ``H`` = [own users | accepted requests],
   all columns i.i.d. ``CN(0, I_Mt)`` (a sensing request's column is ``v^H G^H``, also
   ``CN(0, I)`` by Lemma 1's argument); the first ``K`` columns normalised.
4. Gains: own user ``|h^H w_k|² = 1/[(H^H H)^-1]_kk``; target ``h^t = ||W^H a(theta)||²``
   with the ULA steering vector ``a`` at the true bearing; an interfering link whose
   channel the BS did not use in ``H`` has gain ``h^H W W^H h`` with ``h ~ CN(0, I)``
   independent of ``W``, drawn exactly as ``sum_m mu_m E_m`` over the eigenvalues ``mu``
   of ``W^H W``; an accepted request gives exactly zero interference.
5. SIRs (eqs. (3), (6)) from the ``num_near`` nearest BSs, plus the Campbell mean of the
   rest (``2 pi lambda_b K r^(2-alpha) / (alpha - 2)`` beyond the last one).

Returned samples: ``rate_comm`` per scheduled user, ``rate_sense`` per scheduled target
[nats/s/Hz], ``accepted_fraction`` per network (requests kept / received) and
``diversity`` per BS (``M_t - columns + 1``, the ZF signal gain's Gamma shape).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.spatial import cKDTree

from isacnet.errors import InputError

__all__ = ["SystemLevelConfig", "system_level_trial"]


@dataclass(frozen=True)
class SystemLevelConfig:
    """Configuration of the system-level simulation (SI units).

    Attributes
    ----------
    num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense : int
        ``M_t, K, L, J, Q`` with ``K L + J(Q-1) <= M_t``.
    pathloss_exp, pathloss_exp_sense : float
        ``alpha`` (> 2), ``beta``.
    gain_factor : float
        ``c = Delta T kappa M_r |xi|^2``.
    bs_density : float
        ``lambda_b`` [m⁻²].
    mean_num_bs : float
        ``lambda_b S²``: the torus side follows from it.
    num_near : int
        Interferers summed exactly per receiver (the rest: Campbell mean).
    user_density_factor : float
        Candidate users (targets) per BS per scheduled user (target).
    request_capacity : {"dof", "planned"}
        Requests a BS can accept: ``M_t - K_i`` or ``K(L-1) + J(Q-1)``.
    """

    num_tx_antennas: int = 20
    num_users: int = 1
    cluster_size_comm: int = 1
    num_targets: int = 0
    cluster_size_sense: int = 1
    pathloss_exp: float = 4.0
    pathloss_exp_sense: float = 2.0
    gain_factor: float = 1.0
    bs_density: float = 1e-6
    mean_num_bs: float = 1000.0
    num_near: int = 24
    user_density_factor: float = 12.0
    request_capacity: Literal["dof", "planned"] = "dof"

    def __post_init__(self):
        k, cl, j, q, mt = self.num_users, self.cluster_size_comm, self.num_targets, self.cluster_size_sense, self.num_tx_antennas
        if k * cl + j * (q - 1) > mt:
            raise InputError("num_tx_antennas", f"spatial budget K*L + J*(Q-1) = {k * cl + j * (q - 1)} must be <= M_t = {mt}")
        if self.pathloss_exp <= 2:
            raise InputError("pathloss_exp", f"must be > 2, got {self.pathloss_exp}")
        if self.mean_num_bs < 4 * max(self.num_near, cl, q):
            raise InputError("mean_num_bs", f"must be >= 4 * num_near = {4 * self.num_near}, got {self.mean_num_bs}")
        if self.request_capacity not in ("dof", "planned"):
            raise InputError("request_capacity", f"must be 'dof' or 'planned', got {self.request_capacity!r}")


def _schedule(rng, tree, side, counts, per_bs, factor, size):
    """Draw ``per_bs`` points per BS in its Voronoi cell; returns (positions [P,2], net [P], bs [P])."""
    if per_bs == 0:
        return np.zeros((0, 2)), np.zeros(0, int), np.zeros(0, int)
    n_pts = rng.poisson(factor * per_bs * counts)
    net = np.repeat(np.arange(size), n_pts)
    xy = rng.uniform(0.0, side, (net.size, 2))
    _, bs = tree.query(np.column_stack([xy, 3.0 * side * net]), k=1)
    # random priority, keep the first per_bs of each BS
    order = np.lexsort((rng.random(bs.size), bs))
    bs_sorted = bs[order]
    first = np.searchsorted(bs_sorted, bs_sorted, side="left")
    rank = np.arange(bs_sorted.size) - first
    keep = order[rank < per_bs]
    return xy[keep], net[keep], bs[keep]


def _zf_group(rng, num_tx, k, n_cols, num_bs, steering):
    """ZF precoders of ``num_bs`` BSs with ``k`` streams and ``n_cols`` columns (eq. (2)).

    Returns signal gains [B, k], eigenvalues of W^H W [B, k], target gains [B, J] for the
    steering vectors ``steering`` [B, J, M_t] (may have J = 0).
    """
    h = (rng.standard_normal((num_bs, num_tx, n_cols)) + 1j * rng.standard_normal((num_bs, num_tx, n_cols))) / np.sqrt(2)
    gram = np.conj(np.swapaxes(h, 1, 2)) @ h
    ginv = np.linalg.inv(gram)
    sig = 1.0 / np.real(np.diagonal(ginv, axis1=1, axis2=2)[:, :k])  # |h_k^H w_k|^2 = 1/[(H^H H)^-1]_kk
    u = h @ ginv[:, :, :k]  # first k columns of H (H^H H)^-1
    w = u / np.linalg.norm(u, axis=1, keepdims=True)
    wh_w = np.conj(np.swapaxes(w, 1, 2)) @ w
    mu = np.clip(np.linalg.eigvalsh(wh_w), 0.0, None)
    tgt = np.sum(np.abs(np.conj(steering) @ w) ** 2, axis=2) if steering.shape[1] else np.zeros((num_bs, 0))
    return sig, mu, tgt


def system_level_trial(rng: np.random.Generator, size: int, cfg: SystemLevelConfig) -> dict:
    """Simulate ``size`` independent networks (see module notes); returns per-link rate samples.

    Parameters
    ----------
    rng : numpy.random.Generator
    size : int
        Number of networks (drops).
    cfg : SystemLevelConfig

    Returns
    -------
    dict
        ``rate_comm`` [num scheduled users], ``rate_sense`` [num scheduled targets]
        [nats/s/Hz], ``accepted_fraction`` [size], ``diversity`` [num BSs].
    """
    mt, kk, cl, jj, qq = (cfg.num_tx_antennas, cfg.num_users, cfg.cluster_size_comm, cfg.num_targets,
                          cfg.cluster_size_sense)
    a, lam = cfg.pathloss_exp, cfg.bs_density
    side = float(np.sqrt(cfg.mean_num_bs / lam))
    counts = rng.poisson(cfg.mean_num_bs, size)
    counts = np.maximum(counts, cfg.num_near + max(cl, qq) + 1)
    net_bs = np.repeat(np.arange(size), counts)
    nb = net_bs.size
    bs_xy = rng.uniform(0.0, side, (nb, 2))
    box = [side, side, 3.0 * side * size]
    bs3 = np.column_stack([bs_xy, 3.0 * side * net_bs])
    tree = cKDTree(bs3, boxsize=box)

    # 1. scheduling
    u_xy, u_net, u_bs = _schedule(rng, tree, side, counts, kk, cfg.user_density_factor, size)
    t_xy, t_net, t_bs = _schedule(rng, tree, side, counts, jj, cfg.user_density_factor, size)
    k_of_bs = np.bincount(u_bs, minlength=nb)
    num_u, num_t = u_bs.size, t_bs.size

    # 2. nulling requests: (receiving BS, kind, index); kind 0 = user, 1 = sensing beam (target)
    nn = cfg.num_near + 1
    u_dist, u_near = tree.query(np.column_stack([u_xy, 3.0 * side * u_net]), k=max(nn, cl))
    req_bs = [u_near[:, 1:cl].ravel()]
    req_key = [np.repeat(np.arange(num_u), cl - 1)]
    b_dist, b_near = tree.query(bs3, k=max(nn, qq))  # column 0 is the BS itself
    if jj and qq > 1:
        req_bs.append(b_near[t_bs][:, 1:qq].ravel())
        req_key.append(num_u + np.repeat(np.arange(num_t), qq - 1))
    req_bs = np.concatenate(req_bs).astype(np.int64)
    req_key = np.concatenate(req_key).astype(np.int64)
    cap = (mt - k_of_bs) if cfg.request_capacity == "dof" else np.full(nb, kk * (cl - 1) + jj * (qq - 1))
    cap = np.clip(cap, 0, None)
    order = np.lexsort((rng.random(req_bs.size), req_bs))
    rb = req_bs[order]
    rank = np.arange(rb.size) - np.searchsorted(rb, rb, side="left")
    accepted = np.zeros(req_bs.size, bool)
    accepted[order] = rank < cap[rb]
    n_acc = np.bincount(req_bs[accepted], minlength=nb)
    recv = np.bincount(req_bs, minlength=nb)
    acc_codes = np.sort(req_bs[accepted] * (num_u + num_t + 1) + req_key[accepted])

    # 3. precoders, grouped by (K_i, columns)
    sig_of_user = np.zeros(num_u)
    mu = np.zeros((nb, kk))
    tgt_gain = np.zeros(num_t)
    n_cols = k_of_bs + n_acc
    # users and targets of each BS in slot order
    u_order = np.argsort(u_bs, kind="stable")
    u_slot = np.empty(num_u, int)
    u_slot[u_order] = np.arange(num_u) - np.searchsorted(u_bs[u_order], u_bs[u_order], side="left")
    t_order = np.argsort(t_bs, kind="stable")
    t_slot = np.empty(num_t, int)
    t_slot[t_order] = np.arange(num_t) - np.searchsorted(t_bs[t_order], t_bs[t_order], side="left")
    t_vec = t_xy - bs_xy[t_bs]
    t_vec -= side * np.round(t_vec / side)  # torus displacement BS -> target
    t_dist = np.hypot(t_vec[:, 0], t_vec[:, 1])
    t_angle = np.arctan2(t_vec[:, 1], t_vec[:, 0])
    j_of_bs = np.bincount(t_bs, minlength=nb)
    jmax = int(j_of_bs.max()) if num_t else 0
    for k_i in np.unique(k_of_bs[k_of_bs > 0]):
        for n_i in np.unique(n_cols[k_of_bs == k_i]):
            sel = np.flatnonzero((k_of_bs == k_i) & (n_cols == n_i))
            for start in range(0, sel.size, 4096):  # memory chunks, not drops
                chunk = sel[start:start + 4096]
                steer = np.zeros((chunk.size, jmax, mt), complex)
                pos = np.full(nb, -1)
                pos[chunk] = np.arange(chunk.size)
                tm = pos[t_bs] >= 0
                phase = np.pi * np.cos(t_angle[tm])[:, None] * np.arange(mt)[None, :]
                steer[pos[t_bs[tm]], t_slot[tm]] = np.exp(1j * phase)  # ULA a(theta), half-wavelength
                s, m_eig, g_t = _zf_group(rng, mt, int(k_i), int(n_i), chunk.size, steer)
                um = pos[u_bs] >= 0
                sig_of_user[um] = s[pos[u_bs[um]], u_slot[um]]
                mu[chunk, :k_i] = m_eig
                tgt_gain[tm] = g_t[pos[t_bs[tm]], t_slot[tm]]

    def interference(near_idx, near_dist, own_bs, codes_of_row):
        """Sum over the near BSs (not own, not accepted) of sum_m mu_m E_m d^-alpha, plus the tail."""
        gains = np.einsum("rnk,rnk->rn", mu[near_idx], rng.standard_exponential(near_idx.shape + (kk,)))
        codes = near_idx * (num_u + num_t + 1) + codes_of_row[:, None]
        if acc_codes.size:
            pos = np.minimum(np.searchsorted(acc_codes, codes), acc_codes.size - 1)
            nulled = acc_codes[pos] == codes
        else:
            nulled = np.zeros(codes.shape, bool)
        active = (near_idx != own_bs[:, None]) & ~nulled
        r_last = near_dist[:, -1]
        tail = 2 * np.pi * lam * kk * r_last ** (2 - a) / (a - 2)  # Campbell mean of the rest
        d = np.where(active, near_dist, np.inf)  # own BS (distance 0) and nulling BSs contribute nothing
        return np.sum(gains * d ** (-a), axis=1) + tail

    out = {}
    # 4-5. communication SIR (eq. (3))
    if num_u:
        i_c = interference(u_near[:, :nn], u_dist[:, :nn], u_bs, np.arange(num_u))
        d_serv = np.where(u_near[:, 0] == u_bs, u_dist[:, 0], np.nan)
        out["rate_comm"] = np.log1p(sig_of_user * d_serv ** (-a) / i_c)
        out["network_comm"] = u_net  # which simulated network each sample belongs to (clusters)
    # sensing SIR (eq. (6)): interference at the serving BS, distances BS-to-BS
    if num_t:
        i_s = interference(b_near[t_bs][:, :nn], b_dist[t_bs][:, :nn], t_bs, num_u + np.arange(num_t))
        sig = cfg.gain_factor * tgt_gain * t_dist ** (-2 * cfg.pathloss_exp_sense)
        out["rate_sense"] = np.log1p(sig / i_s)
        out["network_sense"] = t_net
    tot_recv = np.bincount(net_bs, weights=recv, minlength=size)
    tot_acc = np.bincount(net_bs, weights=n_acc, minlength=size)
    out["accepted_fraction"] = np.where(tot_recv > 0, tot_acc / np.maximum(tot_recv, 1), 1.0)
    out["diversity"] = (mt - n_cols[k_of_bs > 0] + 1).astype(float)
    return out
