"""System-level network simulation of paper ``nulling`` (001): actual ZF nulling on a torus.

One drop is one network: ``N ~ Poisson(lambda_b S²)`` BSs uniform on a torus of side ``S``
(no edge). A batch of ``size`` drops is simulated at once. Nearest-BS queries
(:meth:`TorusNetworks.query`) run on a periodic :class:`scipy.spatial.cKDTree` in which network
``n`` lives on the slab ``z = 3 S n`` (so that neighbours never cross networks), or, when numba
is available, on a per-network cell grid (``_system_loops.query_tori``, the same neighbours and
distances bit for bit); nothing loops over drops in Python. :func:`system_level_trial` runs these
steps (nulling Sec. II, spec 001 §1, §5):

1. :func:`drop_networks` — the BSs of every network.
2. :func:`schedule` — users and targets: dense PPPs (``user_density_factor * K`` and ``* J``
   per BS) are associated with their nearest BS; each BS schedules ``K`` users and ``J``
   targets at random in its Voronoi cell (fewer where the cell holds fewer).
3. :func:`nulling_requests` and :func:`accept_requests` — each scheduled user asks BSs
   ``2..L`` of its ``L`` nearest to null towards it; each BS asks its ``Q - 1`` nearest other
   BSs to null towards each of its ``J`` receive beams. A BS that receives more requests than
   its spare DoF (``M_t - K`` by default, or the planned ``K(L-1) + J(Q-1)``) keeps a
   uniformly random subset (as the paper's MC).
4. :func:`precode` — ``W~ = H (H^H H)^-1`` (eq. (2), :func:`isacnet.channel.zf_nulling_precoder`)
   with ``H`` = [own users | accepted requests], all columns i.i.d. ``CN(0, I_Mt)`` (a sensing
   request's column is ``v^H G^H``, also ``CN(0, I)`` by Lemma 1's argument); the first ``K``
   columns normalised. Own user gain ``|h^H w_k|² = 1/[(H^H H)^-1]_kk``; target gain
   ``||W^H a(theta)||²`` with the ULA steering vector at the true bearing; the eigenvalues
   ``mu`` of ``W^H W`` for the interfering links.
5. :func:`interference` and :func:`comm_sir` / :func:`sense_sir` — SIRs (eqs. (3), (6)): an
   interfering link whose channel the BS did not use in ``H`` has gain ``h^H W W^H h`` with
   ``h ~ CN(0, I)`` independent of ``W``, drawn exactly as ``sum_m mu_m E_m``
   (:func:`isacnet.channel.unintended_gain`); an accepted request gives exactly zero. The
   ``num_near`` nearest BSs are summed, the rest is the Campbell mean
   (:func:`isacnet.geometry.ppp_tail_mean`).

Returned samples: ``rate_comm`` per scheduled user, ``rate_sense`` per scheduled target
[nats/s/Hz], ``accepted_fraction`` per network (requests kept / received) and ``diversity``
per BS (``M_t - columns + 1``, the ZF signal gain's Gamma shape).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from isacnet._accel import Kernel
from isacnet.channel import (
    array_gain,
    precoder_gram_eigenvalues,
    rayleigh_matrix,
    steering_vector,
    unintended_gain,
    zf_nulling_precoder,
)
from isacnet.errors import require
from isacnet.geometry import ppp_tail_mean, wrap_displacement
from isacnet.models.nulling import NullingModel

__all__ = [
    "system_level_trial",
    "TorusNetworks",
    "ScheduledPoints",
    "NullingRequests",
    "NulledLinks",
    "PrecodedGains",
    "drop_networks",
    "schedule",
    "nulling_requests",
    "accept_requests",
    "precode",
    "interference",
    "comm_sir",
    "sense_sir",
]

_CHUNK = 4096  # BSs per batched matrix inverse (memory, not drops)


@dataclass(frozen=True)
class TorusNetworks:
    """The BSs of ``size`` independent torus networks (network ``n`` holds BSs ``first[n] .. first[n+1]-1``).

    Attributes
    ----------
    side : float
        Torus side ``S`` [m].
    counts : ndarray, int, [size]
        BSs per network.
    bs_xy : ndarray, [num_bs, 2]
        BS positions [m] on their torus.
    bs_network : ndarray, int, [num_bs]
        Network of each BS (non-decreasing).
    """

    side: float
    counts: np.ndarray
    bs_xy: np.ndarray
    bs_network: np.ndarray

    @property
    def num_bs(self) -> int:
        return self.bs_xy.shape[0]

    def lift(self, xy: np.ndarray, network: np.ndarray) -> np.ndarray:
        """Tree coordinates ``[n, 3]`` of points ``xy [n, 2]`` of networks ``network [n]``."""
        return np.column_stack([xy, 3.0 * self.side * network])

    def query(self, xy: np.ndarray, network: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` BSs of its own network nearest to each point (minimum image), nearest first.

        Parameters
        ----------
        xy : ndarray, [n, 2]
            Points [m] on their torus.
        network : ndarray, int, [n]
            Network of each point.
        k : int
            Neighbours (at most the smallest network's BS count).

        Returns
        -------
        dist : ndarray, [n, k] (``[n]`` for ``k = 1``)
            Distances [m], increasing.
        index : ndarray, int, same shape
            BS indices (into ``bs_xy``).
        """
        first = np.concatenate(([0], np.cumsum(self.counts))).astype(np.int64)
        dist, idx = query_tori(self.bs_xy, first, float(self.side), np.ascontiguousarray(xy, dtype=float),
                               np.asarray(network, dtype=np.int64), int(k))
        return (dist[:, 0], idx[:, 0]) if k == 1 else (dist, idx)


def _query_tori_numpy(bs_xy, first, side: float, xy, network, k: int):
    """The NumPy form of :meth:`TorusNetworks.query`: one periodic k-d tree over every network's slab.

    Parameters
    ----------
    bs_xy : ndarray, [num_bs, 2]
        BS positions [m]; network ``n`` holds rows ``first[n] .. first[n+1]-1``.
    first : ndarray, int, [num_networks + 1]
        Offsets of the networks' BSs.
    side : float
        Torus side [m].
    xy : ndarray, [n, 2]
        Query points [m].
    network : ndarray, int, [n]
        Network of each query point.
    k : int
        Neighbours.

    Returns
    -------
    dist, index : ndarray, [n, k]
    """
    from scipy.spatial import cKDTree  # lazily: the compiled form needs no tree

    size = first.size - 1
    bs_network = np.repeat(np.arange(size), np.diff(first))
    tree = cKDTree(np.column_stack([bs_xy, 3.0 * side * bs_network]), boxsize=[side, side, 3.0 * side * size])
    dist, idx = tree.query(np.column_stack([xy, 3.0 * side * network]), k=k)
    return dist.reshape(-1, k), idx.reshape(-1, k).astype(np.int64)


query_tori = Kernel(_query_tori_numpy, "isacnet.simulate.nulling._system_loops:query_tori")


@dataclass(frozen=True)
class ScheduledPoints:
    """Users (or targets) scheduled by their BSs.

    Attributes
    ----------
    xy : ndarray, [num_points, 2]
        Positions [m].
    network : ndarray, int, [num_points]
    bs : ndarray, int, [num_points]
        Serving BS (the nearest one).
    """

    xy: np.ndarray
    network: np.ndarray
    bs: np.ndarray

    @property
    def size(self) -> int:
        return self.bs.size

    def slot(self) -> np.ndarray:
        """Index of each point among its BS's points, ``[num_points]`` (0, 1, ... per BS)."""
        order = np.argsort(self.bs, kind="stable")
        slot = np.empty(self.bs.size, int)
        slot[order] = np.arange(self.bs.size) - np.searchsorted(self.bs[order], self.bs[order], side="left")
        return slot


@dataclass(frozen=True)
class NullingRequests:
    """Nulling requests: BS ``bs[r]`` is asked to null towards receiver ``receiver[r]``.

    Receivers are numbered users first (``0 .. num_users - 1``), then the targets' receive
    beams (``num_users + j``).
    """

    bs: np.ndarray
    receiver: np.ndarray


@dataclass(frozen=True)
class NulledLinks:
    """The accepted (BS, receiver) pairs, as sorted codes ``bs * stride + receiver``."""

    codes: np.ndarray
    stride: int

    @classmethod
    def from_requests(cls, requests: NullingRequests, accepted: np.ndarray, num_receivers: int) -> NulledLinks:
        stride = num_receivers + 1
        return cls(np.sort(requests.bs[accepted] * stride + requests.receiver[accepted]), stride)

    def contains(self, bs: np.ndarray, receiver: np.ndarray) -> np.ndarray:
        """Whether BS ``bs`` nulls towards ``receiver`` (broadcast shapes)."""
        codes = bs * self.stride + receiver
        if not self.codes.size:
            return np.zeros(codes.shape, bool)
        pos = np.minimum(np.searchsorted(self.codes, codes), self.codes.size - 1)
        return self.codes[pos] == codes


@dataclass(frozen=True)
class PrecodedGains:
    """What the ZF precoders give each link.

    Attributes
    ----------
    user_signal : ndarray, [num_users]
        ``|h^H w|²`` of each scheduled user from its BS [-].
    gram_eigenvalues : ndarray, [num_bs, K]
        Eigenvalues of each BS's ``W^H W`` (zero-padded for BSs with fewer than ``K`` users).
    target_gain : ndarray, [num_targets]
        ``||W^H a(theta)||²`` of each scheduled target from its BS [-].
    """

    user_signal: np.ndarray
    gram_eigenvalues: np.ndarray
    target_gain: np.ndarray


def random_subset_per_group(rng: np.random.Generator, group: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Indices of a uniformly random subset of at most ``capacity[g]`` members of each group ``g``.

    Parameters
    ----------
    group : ndarray, int, [n]
        Group of each item.
    capacity : ndarray, int, [num_groups]

    Returns
    -------
    ndarray, int
        Kept items, ordered by group and then at random.
    """
    key = rng.random(group.size)  # random priority within each group
    return subset_by_priority(np.asarray(group, dtype=np.int64), key, np.asarray(capacity, dtype=np.int64))


def _subset_by_priority_numpy(group, key, capacity):
    """Items of smallest ``key`` in each group, at most ``capacity[g]``, ordered by group and key (NumPy form)."""
    order = np.lexsort((key, group))
    sorted_group = group[order]
    rank = np.arange(sorted_group.size) - np.searchsorted(sorted_group, sorted_group, side="left")
    return order[rank < capacity[sorted_group]]


subset_by_priority = Kernel(_subset_by_priority_numpy, "isacnet.simulate.nulling._system_loops:subset_by_priority")


def drop_networks(rng: np.random.Generator, size: int, mean_num_bs: float, bs_density: float,
                  min_num_bs: int) -> TorusNetworks:
    """Draw the BSs of ``size`` torus networks (``Poisson(mean_num_bs)`` each, at least ``min_num_bs``).

    Parameters
    ----------
    size : int
        Number of networks.
    mean_num_bs : float
        ``lambda_b S²``: fixes the side ``S`` [m].
    bs_density : float
        ``lambda_b`` [m⁻²].
    min_num_bs : int
        Floor on the BS count (enough neighbours for every nearest-BS query).
    """
    side = float(np.sqrt(mean_num_bs / bs_density))
    counts = np.maximum(rng.poisson(mean_num_bs, size), min_num_bs)
    bs_network = np.repeat(np.arange(size), counts)
    bs_xy = rng.uniform(0.0, side, (bs_network.size, 2))
    return TorusNetworks(side, counts, bs_xy, bs_network)


def schedule(rng: np.random.Generator, networks: TorusNetworks, per_bs: int, density_factor: float) -> ScheduledPoints:
    """Schedule ``per_bs`` points per BS uniformly in its Voronoi cell (fewer where the cell holds fewer).

    A PPP of ``density_factor * per_bs`` candidates per BS is associated with the nearest BS,
    which keeps a uniformly random ``per_bs`` of its candidates.
    """
    if per_bs == 0:
        return ScheduledPoints(np.zeros((0, 2)), np.zeros(0, int), np.zeros(0, int))
    num_candidates = rng.poisson(density_factor * per_bs * networks.counts)
    network = np.repeat(np.arange(networks.counts.size), num_candidates)
    xy = rng.uniform(0.0, networks.side, (network.size, 2))
    _, bs = networks.query(xy, network, k=1)
    keep = random_subset_per_group(rng, bs, np.full(networks.num_bs, per_bs))
    return ScheduledPoints(xy[keep], network[keep], bs[keep])


def nulling_requests(users: ScheduledPoints, targets: ScheduledPoints, user_near_bs: np.ndarray,
                     bs_near_bs: np.ndarray, cluster_size_comm: int, cluster_size_sense: int) -> NullingRequests:
    """The nulling requests of every user and every sensing receive beam (nulling Sec. II-A).

    Parameters
    ----------
    user_near_bs : ndarray, int, [num_users, >= L]
        BSs nearest to each user, nearest first (the first serves it).
    bs_near_bs : ndarray, int, [num_bs, >= Q]
        BSs nearest to each BS, the BS itself first.
    cluster_size_comm, cluster_size_sense : int
        ``L``: BSs ``2..L`` null towards a user; ``Q``: the ``Q - 1`` nearest other BSs null
        towards each receive beam.
    """
    bs = [user_near_bs[:, 1:cluster_size_comm].ravel()]
    receiver = [np.repeat(np.arange(users.size), cluster_size_comm - 1)]
    if targets.size and cluster_size_sense > 1:
        bs.append(bs_near_bs[targets.bs][:, 1:cluster_size_sense].ravel())
        receiver.append(users.size + np.repeat(np.arange(targets.size), cluster_size_sense - 1))
    return NullingRequests(np.concatenate(bs).astype(np.int64), np.concatenate(receiver).astype(np.int64))


def accept_requests(rng: np.random.Generator, requests: NullingRequests, capacity: np.ndarray) -> np.ndarray:
    """Which requests their BSs accept: a uniformly random ``capacity[b]`` of those BS ``b`` receives.

    Parameters
    ----------
    capacity : ndarray, int, [num_bs]
        Requests each BS can accept (spare spatial DoF).

    Returns
    -------
    ndarray, bool, [num_requests]
    """
    accepted = np.zeros(requests.bs.size, bool)
    accepted[random_subset_per_group(rng, requests.bs, capacity)] = True
    return accepted


def precode(rng: np.random.Generator, networks: TorusNetworks, users: ScheduledPoints, targets: ScheduledPoints,
            target_angle: np.ndarray, num_columns: np.ndarray, num_tx_antennas: int, num_users: int) -> PrecodedGains:
    """ZF precoders (eq. (2)) of every BS with users, on i.i.d. Rayleigh columns, and their gains.

    BSs are grouped by (users, columns) and each group's matrices are inverted in batches.

    Parameters
    ----------
    target_angle : ndarray, [num_targets]
        Bearing of each target from its BS [rad].
    num_columns : ndarray, int, [num_bs]
        Columns of each BS's ``H``: its users plus its accepted requests.
    num_tx_antennas : int
        ``M_t``.
    num_users : int
        ``K``: the most users a BS serves.
    """
    num_bs = networks.num_bs
    users_of_bs = np.bincount(users.bs, minlength=num_bs)
    user_signal = np.zeros(users.size)
    gram_eigenvalues = np.zeros((num_bs, num_users))
    target_gain = np.zeros(targets.size)
    user_slot, target_slot = users.slot(), targets.slot()
    max_targets = int(np.bincount(targets.bs, minlength=num_bs).max()) if targets.size else 0
    for k in np.unique(users_of_bs[users_of_bs > 0]):
        for cols in np.unique(num_columns[users_of_bs == k]):
            group = np.flatnonzero((users_of_bs == k) & (num_columns == cols))
            for start in range(0, group.size, _CHUNK):
                chunk = group[start:start + _CHUNK]
                pos = np.full(num_bs, -1)
                pos[chunk] = np.arange(chunk.size)
                in_target = pos[targets.bs] >= 0
                steering = np.zeros((chunk.size, max_targets, num_tx_antennas), complex)
                steering[pos[targets.bs[in_target]], target_slot[in_target]] = steering_vector(
                    target_angle[in_target], num_tx_antennas)  # ULA a(theta), half-wavelength
                zf = zf_nulling_precoder(rayleigh_matrix(rng, (chunk.size,), num_tx_antennas, int(cols)), int(k))
                in_user = pos[users.bs] >= 0
                user_signal[in_user] = zf.signal_gains[pos[users.bs[in_user]], user_slot[in_user]]
                gram_eigenvalues[chunk, :k] = precoder_gram_eigenvalues(zf.beams)
                target_gain[in_target] = array_gain(zf.beams, steering)[pos[targets.bs[in_target]],
                                                                        target_slot[in_target]]
    return PrecodedGains(user_signal, gram_eigenvalues, target_gain)


def interference(rng: np.random.Generator, gram_eigenvalues: np.ndarray, near_bs: np.ndarray, near_dist: np.ndarray,
                 own_bs: np.ndarray, receiver: np.ndarray, nulled: NulledLinks, bs_density: float,
                 pathloss_exp: float, num_users: int) -> np.ndarray:
    """Interference at each receiver: the near BSs' actual gains plus the Campbell mean beyond them.

    ``sum_n [n active] (sum_m mu_nm E_nm) d_n^-alpha + 2 pi lambda_b K r_last^(2-alpha)/(alpha-2)``;
    a near BS is active unless it is the receiver's own BS or nulls towards the receiver.

    Parameters
    ----------
    gram_eigenvalues : ndarray, [num_bs, K]
        :attr:`PrecodedGains.gram_eigenvalues`.
    near_bs : ndarray, int, [num_receivers, num_near]
        Nearest BSs of each receiver (the own BS may be among them).
    near_dist : ndarray, [num_receivers, num_near]
        Their distances [m], increasing.
    own_bs, receiver : ndarray, int, [num_receivers]
        The receiver's own BS and its receiver number (see :class:`NullingRequests`).
    bs_density : float
        ``lambda_b`` [m⁻²].
    pathloss_exp : float
        ``alpha``.
    num_users : int
        ``K``: mean interferer gain ``E[h^H W W^H h] = tr(W^H W) = K`` for the Campbell tail.

    Returns
    -------
    ndarray, [num_receivers]
        [m^-alpha].
    """
    gains = unintended_gain(rng, gram_eigenvalues[near_bs])
    active = (near_bs != own_bs[:, None]) & ~nulled.contains(near_bs, receiver[:, None])
    tail = ppp_tail_mean(bs_density, near_dist[:, -1], pathloss_exp, num_users)  # Campbell mean of the rest
    dist = np.where(active, near_dist, np.inf)  # own BS (distance 0) and nulling BSs contribute nothing
    return np.sum(gains * dist ** (-pathloss_exp), axis=1) + tail


def comm_sir(signal_gain, distance, interference_power, pathloss_exp: float):
    """``SIR_c = g r^-alpha / I_c`` (nulling eq. (3)); ``distance`` [m], ``interference_power`` [m^-alpha]."""
    return signal_gain * distance ** (-pathloss_exp) / interference_power  # Eq. (3)


def sense_sir(gain_factor: float, target_gain, distance, interference_power, pathloss_exp_sense: float):
    """``SIR_s = c h^t R^(-2 beta) / I_s`` (nulling eq. (6)); ``distance`` [m] BS to target."""
    return gain_factor * target_gain * distance ** (-2 * pathloss_exp_sense) / interference_power  # Eq. (6)


def _check(model: NullingModel, num_users, cluster_size_comm, num_targets, cluster_size_sense, mean_num_bs,
           num_near, request_capacity) -> None:
    for name, value, low in (("num_users", num_users, 1), ("cluster_size_comm", cluster_size_comm, 1),
                             ("num_targets", num_targets, 0), ("cluster_size_sense", cluster_size_sense, 1),
                             ("num_near", num_near, 1)):
        require(int(value) == value and value >= low, name, f"must be an integer >= {low}, got {value}")
    used = num_users * cluster_size_comm + num_targets * (cluster_size_sense - 1)
    require(used <= model.num_tx_antennas, "num_tx_antennas",
            f"spatial budget K*L + J*(Q-1) = {used} must be <= M_t = {model.num_tx_antennas}")
    require(num_targets <= model.max_targets, "num_targets",
            f"must be <= max_targets J_max = {model.max_targets}, got {num_targets}")
    least = 4 * max(num_near, cluster_size_comm, cluster_size_sense)
    require(mean_num_bs >= least, "mean_num_bs", f"must be >= 4 * max(num_near, L, Q) = {least}, got {mean_num_bs}")
    require(request_capacity in ("dof", "planned"), "request_capacity",
            f"must be 'dof' or 'planned', got {request_capacity!r}")


def system_level_trial(rng: np.random.Generator, size: int, model: NullingModel, *, num_users: int = 1,
                       cluster_size_comm: int = 1, num_targets: int = 0, cluster_size_sense: int = 1,
                       mean_num_bs: float = 1000.0, num_near: int = 24, user_density_factor: float = 12.0,
                       request_capacity: Literal["dof", "planned"] = "dof") -> dict:
    """Simulate ``size`` independent networks (see the module notes); per-link rate samples.

    Parameters
    ----------
    rng : numpy.random.Generator
    size : int
        Number of networks (drops).
    model : NullingModel
        Physics: ``M_t``, ``alpha``, ``beta``, ``lambda_b``, ``c`` (:attr:`NullingModel.gain_factor`).
    num_users, cluster_size_comm, num_targets, cluster_size_sense : int
        ``K, L, J, Q`` with ``K L + J(Q-1) <= M_t`` and ``J <= J_max``.
    mean_num_bs : float
        ``lambda_b S²``: the torus side follows from it.
    num_near : int
        Interferers summed exactly per receiver (the rest: Campbell mean).
    user_density_factor : float
        Candidate users (targets) per BS per scheduled user (target).
    request_capacity : {"dof", "planned"}
        Requests a BS can accept: ``M_t - K_i`` or ``K(L-1) + J(Q-1)``.

    Returns
    -------
    dict
        ``rate_comm`` [num scheduled users], ``rate_sense`` [num scheduled targets] [nats/s/Hz]
        with ``network_comm`` / ``network_sense`` (the network of each sample, for
        cluster-robust errors), ``accepted_fraction`` [size], ``diversity`` [num BSs with users].
    """
    _check(model, num_users, cluster_size_comm, num_targets, cluster_size_sense, mean_num_bs, num_near,
           request_capacity)
    mt, alpha, bs_density = model.num_tx_antennas, model.pathloss_exp, model.bs_density
    nearest = num_near + 1  # the own BS may be among a receiver's nearest
    min_num_bs = num_near + max(cluster_size_comm, cluster_size_sense) + 1
    networks = drop_networks(rng, size, mean_num_bs, bs_density, min_num_bs)

    # 1. scheduling
    users = schedule(rng, networks, num_users, user_density_factor)
    targets = schedule(rng, networks, num_targets, user_density_factor)

    # 2. nulling requests, accepted up to each BS's capacity
    user_dist, user_near = networks.query(users.xy, users.network, k=max(nearest, cluster_size_comm))
    bs_dist, bs_near = networks.query(networks.bs_xy, networks.bs_network,
                                      k=max(nearest, cluster_size_sense))  # column 0: the BS itself
    requests = nulling_requests(users, targets, user_near, bs_near, cluster_size_comm, cluster_size_sense)
    users_of_bs = np.bincount(users.bs, minlength=networks.num_bs)
    if request_capacity == "dof":
        capacity = mt - users_of_bs
    else:
        planned = num_users * (cluster_size_comm - 1) + num_targets * (cluster_size_sense - 1)
        capacity = np.full(networks.num_bs, planned)
    accepted = accept_requests(rng, requests, np.clip(capacity, 0, None))
    nulled = NulledLinks.from_requests(requests, accepted, users.size + targets.size)
    num_accepted = np.bincount(requests.bs[accepted], minlength=networks.num_bs)
    num_received = np.bincount(requests.bs, minlength=networks.num_bs)

    # 3. precoders
    target_vec = wrap_displacement(targets.xy - networks.bs_xy[targets.bs], networks.side)  # BS -> target
    target_distance = np.hypot(target_vec[:, 0], target_vec[:, 1])
    target_angle = np.arctan2(target_vec[:, 1], target_vec[:, 0])
    num_columns = users_of_bs + num_accepted
    gains = precode(rng, networks, users, targets, target_angle, num_columns, mt, num_users)

    out = {}
    # 4. communication SIR (eq. (3))
    if users.size:
        i_comm = interference(rng, gains.gram_eigenvalues, user_near[:, :nearest], user_dist[:, :nearest], users.bs,
                              np.arange(users.size), nulled, bs_density, alpha, num_users)
        serving_dist = np.where(user_near[:, 0] == users.bs, user_dist[:, 0], np.nan)
        out["rate_comm"] = np.log1p(comm_sir(gains.user_signal, serving_dist, i_comm, alpha))
        out["network_comm"] = users.network  # which simulated network each sample belongs to (clusters)
    # sensing SIR (eq. (6)): interference at the serving BS, distances BS to BS
    if targets.size:
        i_sense = interference(rng, gains.gram_eigenvalues, bs_near[targets.bs][:, :nearest],
                               bs_dist[targets.bs][:, :nearest], targets.bs, users.size + np.arange(targets.size),
                               nulled, bs_density, alpha, num_users)
        out["rate_sense"] = np.log1p(sense_sir(model.gain_factor, gains.target_gain, target_distance, i_sense,
                                               model.pathloss_exp_sense))
        out["network_sense"] = targets.network
    received = np.bincount(networks.bs_network, weights=num_received, minlength=size)
    kept = np.bincount(networks.bs_network, weights=num_accepted, minlength=size)
    out["accepted_fraction"] = np.where(received > 0, kept / np.maximum(received, 1), 1.0)
    out["diversity"] = (mt - num_columns[users_of_bs > 0] + 1).astype(float)
    return out
