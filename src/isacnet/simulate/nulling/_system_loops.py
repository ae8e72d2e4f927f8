"""Compiled (numba) twins of the nulling system-level kernels; imported only when numba runs (``isacnet._accel``)."""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["query_tori", "subset_by_priority"]


@numba.njit(cache=True, error_model="numpy")
def _wrap(d, side, half):
    # the periodic difference of scipy's cKDTree (wrap_distance): the same operations, the same bits
    if d < -half:
        return side + d
    if d > half:
        return d - side
    return d


@numba.njit(cache=True, error_model="numpy")
def query_tori(bs_xy, first, side, xy, network, k):
    """Loop twin of :func:`isacnet.simulate.nulling._system._query_tori_numpy`.

    Each network's BSs go into a ``G x G`` cell grid (about two BSs per cell); a query scans the
    rings of cells around its own cell, keeping the ``k`` nearest by squared minimum-image distance,
    until the next ring cannot hold anything nearer. Distances are ``sqrt(dx^2 + dy^2)`` with the
    k-d tree's wrap, so neighbours and distances match the tree's bit for bit.
    """
    n = xy.shape[0]
    half = 0.5 * side
    dist = np.empty((n, k))
    index = np.empty((n, k), dtype=np.int64)
    num_networks = first.size - 1
    grid = np.empty(num_networks, dtype=np.int64)
    cell_first = np.empty(num_networks + 1, dtype=np.int64)
    total_cells = 0
    for m in range(num_networks):
        g = max(1, int(np.sqrt(0.5 * (first[m + 1] - first[m]))))
        grid[m] = g
        cell_first[m] = total_cells
        total_cells += g * g
    cell_first[num_networks] = total_cells
    start = np.zeros(total_cells + 1, dtype=np.int64)  # counting sort of the BSs by (network, cell)
    cell_of = np.empty(bs_xy.shape[0], dtype=np.int64)
    for m in range(num_networks):
        g = grid[m]
        for b in range(first[m], first[m + 1]):
            cx = min(int(bs_xy[b, 0] / side * g), g - 1)
            cy = min(int(bs_xy[b, 1] / side * g), g - 1)
            c = cell_first[m] + cx * g + cy
            cell_of[b] = c
            start[c + 1] += 1
    for c in range(total_cells):
        start[c + 1] += start[c]
    fill = start[:-1].copy()
    members = np.empty(bs_xy.shape[0], dtype=np.int64)
    for b in range(bs_xy.shape[0]):
        members[fill[cell_of[b]]] = b
        fill[cell_of[b]] += 1
    best_d = np.empty(k)
    best_i = np.empty(k, dtype=np.int64)
    for q in range(n):
        m = network[q]
        g = grid[m]
        cell = side / g
        qx, qy = xy[q, 0], xy[q, 1]
        cx = min(int(qx / side * g), g - 1)
        cy = min(int(qy / side * g), g - 1)
        count = 0
        r = 0
        while True:
            if 2 * r + 1 > g:  # the rings wrap onto themselves: scan the whole network once
                count = 0
                for b in range(first[m], first[m + 1]):
                    dx = _wrap(bs_xy[b, 0] - qx, side, half)
                    dy = _wrap(bs_xy[b, 1] - qy, side, half)
                    count = _insert(dx * dx + dy * dy, b, best_d, best_i, count, k)
                break
            for ox in range(-r, r + 1):
                step = 1 if (ox == -r or ox == r) else 2 * r  # the ring's cells only
                for oy in range(-r, r + 1, max(step, 1)):
                    c = cell_first[m] + ((cx + ox) % g) * g + ((cy + oy) % g)
                    for j in range(start[c], start[c + 1]):
                        b = members[j]
                        dx = _wrap(bs_xy[b, 0] - qx, side, half)
                        dy = _wrap(bs_xy[b, 1] - qy, side, half)
                        count = _insert(dx * dx + dy * dy, b, best_d, best_i, count, k)
            # anything in ring r + 1 is at least r cells away along one axis
            if count == k and best_d[k - 1] <= (r * cell) * (r * cell):
                break
            r += 1
        for j in range(k):
            dist[q, j] = np.sqrt(best_d[j])
            index[q, j] = best_i[j]
    return dist, index


@numba.njit(cache=True, inline="always")
def _insert(d, b, best_d, best_i, count, k):
    if count == k and d >= best_d[k - 1]:
        return count
    j = count if count < k else k - 1
    while j > 0 and best_d[j - 1] > d:
        best_d[j] = best_d[j - 1]
        best_i[j] = best_i[j - 1]
        j -= 1
    best_d[j] = d
    best_i[j] = b
    return count + 1 if count < k else count


@numba.njit(cache=True, error_model="numpy")
def subset_by_priority(group, key, capacity):
    """Loop twin of :func:`isacnet.simulate.nulling._system._subset_by_priority_numpy`.

    Items are bucketed by group (counting sort); each group keeps its ``capacity`` smallest keys
    by insertion, in key order: the same items in the same order as the lexicographic sort.
    """
    num_groups = capacity.size
    counts = np.zeros(num_groups + 1, dtype=np.int64)
    for i in range(group.size):
        counts[group[i] + 1] += 1
    for g in range(num_groups):
        counts[g + 1] += counts[g]
    fill = counts[:-1].copy()
    members = np.empty(group.size, dtype=np.int64)
    for i in range(group.size):
        members[fill[group[i]]] = i
        fill[group[i]] += 1
    out = np.empty(group.size, dtype=np.int64)
    n_out = 0
    best_k = np.empty(group.size)
    best_i = np.empty(group.size, dtype=np.int64)
    for g in range(num_groups):
        cap = min(max(capacity[g], 0), counts[g + 1] - counts[g])
        count = 0
        for j in range(counts[g], counts[g + 1]):
            i = members[j]
            count = _insert(key[i], i, best_k, best_i, count, cap) if cap > 0 else 0
        for j in range(cap):
            out[n_out] = best_i[j]
            n_out += 1
    return out[:n_out]
