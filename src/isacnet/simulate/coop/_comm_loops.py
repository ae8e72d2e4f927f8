"""Compiled (numba) twins of the coop link-level kernels; imported only when numba runs (``isacnet._accel``)."""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["nearest_on_tori", "admit_requests"]


_BUCKETS = 64


@numba.njit(cache=True, error_model="numpy")
def nearest_on_tori(bs, bs_ok, users, user_ok, side, k):
    """Loop twin of :func:`isacnet.simulate.coop._comm._nearest_on_tori_numpy`.

    Per user: squared minimum-image distances to the BSs of its network, a 64-bucket histogram
    of them up to four times the expected ``k``-th one (``4 k / (pi lambda)``), the buckets that
    hold the ``k`` nearest as candidates (about ``k + 2``), and each candidate's rank by
    counting the smaller ones. ``O(BSs + k^2)`` per user without sorting; the same neighbours in
    the same order as the k-d tree (distances are distinct with probability one).
    """
    num_networks, nu_max = user_ok.shape
    nb_max = bs_ok.shape[1]
    half = 0.5 * side
    near = np.zeros((num_networks, nu_max, k), dtype=np.int64)
    d2 = np.empty(nb_max)
    bucket = np.empty(nb_max, dtype=np.int64)
    counts = np.empty(_BUCKETS + 1, dtype=np.int64)
    cand_d = np.empty(nb_max)
    cand_i = np.empty(nb_max, dtype=np.int64)
    for n in range(num_networks):
        nb = 0
        while nb < nb_max and bs_ok[n, nb]:  # the BS slots of a network are filled from the front
            nb += 1
        scale = _BUCKETS * np.pi * nb / (4.0 * k * side * side)  # buckets per unit of squared distance
        for u in range(nu_max):
            if not user_ok[n, u]:
                continue
            ux = users[n, u, 0]
            uy = users[n, u, 1]
            for b in range(nb):  # squared minimum-image distances (|dx|, |dy| < side)
                dx = bs[n, b, 0] - ux
                dy = bs[n, b, 1] - uy
                dx = dx - side if dx > half else (dx + side if dx < -half else dx)
                dy = dy - side if dy > half else (dy + side if dy < -half else dy)
                d2[b] = dx * dx + dy * dy
            counts[:] = 0
            for b in range(nb):
                t = min(np.int64(d2[b] * scale), _BUCKETS)  # the last bucket holds everything farther
                bucket[b] = t
                counts[t] += 1
            edge = 0
            total = counts[0]
            while total < k:
                edge += 1
                total += counts[edge]
            c = 0
            for b in range(nb):
                if bucket[b] <= edge:
                    cand_d[c] = d2[b]
                    cand_i[c] = b
                    c += 1
            for i in range(c):  # rank = number of candidates strictly nearer
                r = 0
                di = cand_d[i]
                for j in range(c):
                    r += cand_d[j] < di
                if r < k:
                    near[n, u, r] = cand_i[i]
    return near


@numba.njit(cache=True, error_model="numpy")
def admit_requests(group, key, capacity):
    """Loop twin of :func:`isacnet.simulate.coop._comm._admit_requests_numpy`.

    Requests are bucketed by group (counting sort); a group with more requests than slots
    keeps the ``capacity`` smallest keys. The same decisions as the lexicographic sort.
    """
    num_groups = capacity.size
    n = group.size
    counts = np.zeros(num_groups + 1, dtype=np.int64)
    for i in range(n):
        counts[group[i] + 1] += 1
    for g in range(num_groups):
        counts[g + 1] += counts[g]
    fill = counts[:-1].copy()
    members = np.empty(n, dtype=np.int64)
    for i in range(n):
        g = group[i]
        members[fill[g]] = i
        fill[g] += 1
    accepted = np.zeros(n, dtype=np.bool_)
    best_k = np.empty(n)
    best_i = np.empty(n, dtype=np.int64)
    for g in range(num_groups):
        lo, hi = counts[g], counts[g + 1]
        cap = min(int(capacity[g]), hi - lo)
        if cap == hi - lo:
            for j in range(lo, hi):
                accepted[members[j]] = True
            continue
        count = 0  # the cap smallest keys, by insertion
        for j in range(lo, hi):
            i = members[j]
            kv = key[i]
            if count == cap and kv >= best_k[cap - 1]:
                continue
            m = count if count < cap else cap - 1
            while m > 0 and best_k[m - 1] > kv:
                best_k[m] = best_k[m - 1]
                best_i[m] = best_i[m - 1]
                m -= 1
            best_k[m] = kv
            best_i[m] = i
            if count < cap:
                count += 1
        for m in range(cap):
            accepted[best_i[m]] = True
    return accepted
