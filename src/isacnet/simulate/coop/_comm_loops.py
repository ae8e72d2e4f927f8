"""Compiled (numba) twins of the coop link-level kernels; imported only when numba runs (``isacnet._accel``)."""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["nearest_on_tori", "admit_requests"]


@numba.njit(cache=True, error_model="numpy")
def nearest_on_tori(bs, bs_ok, users, user_ok, side, k):
    """Loop twin of :func:`isacnet.simulate.coop._comm._nearest_on_tori_numpy`.

    Every user scans its network's BSs by minimum-image distance and keeps the ``k`` nearest in
    an insertion list: ``O(users BSs)`` per network, no tree and no tensor. The same neighbours
    in the same order as the k-d tree (distances are distinct with probability one).
    """
    num_networks, nu_max = user_ok.shape
    nb_max = bs_ok.shape[1]
    half = 0.5 * side
    near = np.zeros((num_networks, nu_max, k), dtype=np.int64)
    d2 = np.empty(nb_max)
    best_d = np.empty(k)
    best_i = np.empty(k, dtype=np.int64)
    for n in range(num_networks):
        nb = 0
        while nb < nb_max and bs_ok[n, nb]:  # the BS slots of a network are filled from the front
            nb += 1
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
            count = 0
            for b in range(nb):
                d = d2[b]
                if count == k and d >= best_d[k - 1]:
                    continue
                j = count if count < k else k - 1
                while j > 0 and best_d[j - 1] > d:
                    best_d[j] = best_d[j - 1]
                    best_i[j] = best_i[j - 1]
                    j -= 1
                best_d[j] = d
                best_i[j] = b
                if count < k:
                    count += 1
            for j in range(k):
                near[n, u, j] = best_i[j]
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
