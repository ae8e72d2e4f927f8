"""plan (issue 14): evaluating a 5 km² area at 10 m (50,000 pixels) with 50 sites, vectorised vs a per-point loop.

Target: the whole evaluation (3-D CRLB, number of sites in range, P(CRLB <= γ) over 32 ZF beam-gain
draws, exact and mean-gain CoMP rate) in under 5 s on one core. The process is pinned to one core
while it is timed. The per-point loop takes each pixel in turn, selects the sites in range and calls
``isacnet.metrics.deploy.crlb``, ``rate_exact_bits`` and ``rate_mean_gain_bits`` on them (the same
CRLB and rates, without the beam-gain draws); it runs on a subsample and is scaled per point.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

import numpy as np

from isacnet.plan._config import RadioConfig
from isacnet.plan._evaluate import comm_fields, draw_beam_gains, evaluate_points_loop, link_model, sensing_fields

try:
    from _timing import interleaved, record
except ImportError:  # run from elsewhere
    from benchmarks._timing import interleaved, record


@contextmanager
def _one_core():
    """Pin the process to one core while timing (Linux); elsewhere, leave it."""
    if not hasattr(os, "sched_getaffinity"):
        yield "unpinned"
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield "1 core"
    finally:
        os.sched_setaffinity(0, before)


def _town(num_pixels_side: int, num_sites: int, rng):
    side = 10.0 * num_pixels_side  # 10 m pixels
    g = (np.arange(num_pixels_side) + 0.5) * 10.0
    gx, gy = np.meshgrid(g, g)
    targets = np.c_[gx.ravel(), gy.ravel(), np.full(gx.size, 50.0)]
    users = targets.copy()
    users[:, 2] = 1.5
    # irregular sites: uniform with a 150 m hard core
    sites = []
    while len(sites) < num_sites:
        p = rng.uniform(0, side, 2)
        if not sites or np.min(np.linalg.norm(np.array(sites) - p, axis=1)) > 150:
            sites.append(p)
    sites = np.c_[np.array(sites), rng.uniform(15, 45, num_sites)]
    return targets, users, sites


def main(quick: bool = False) -> list:
    rng = np.random.default_rng(7)
    side = 100 if quick else 224  # 224^2 = 50,176 pixels of 10 m: 5.0 km²
    targets, users, sites = _town(side, 12 if quick else 50, rng)  # 150 m hard core: 50 sites need > 1 km²
    n = len(sites)
    link = link_model(RadioConfig(), np.ones(n), np.full(n, 4), np.full(n, 5), np.full(n, 50e6))
    gains = draw_beam_gains(rng, link.num_tx_antennas, 32)
    out = {}

    def full():
        out["sense"] = sensing_fields(targets, sites, link, max_range=1500.0, gain_ratio=gains, threshold=0.5)
        out["comm"] = comm_fields(users, sites, link)

    def same_work():
        sensing_fields(targets, sites, link, max_range=1500.0)
        comm_fields(users, sites, link)

    sub = rng.choice(len(targets), 30 if quick else 150, replace=False)

    def loop():
        out["loop"] = evaluate_points_loop(targets[sub], sites, link, max_range=1500.0)

    with _one_core() as where:
        t = interleaved({"full": full, "same": same_work, "loop": loop}, repeat=1 if quick else 3)
        ref_rate = evaluate_points_loop(users[sub], sites, link, max_range=1500.0)
    per_point_vec = t["same"] / len(targets)
    per_point_loop = t["loop"] / len(sub)
    crlb_err = np.max(np.abs(out["sense"][0][sub] / out["loop"][0] - 1))
    rate_err = np.max(np.abs(out["comm"][0][sub] / ref_rate[1] - 1))
    size = f"{len(targets):,} pixels x {n} sites"
    return [
        record(f"plan: full evaluation of {size} (CRLB, sites in range, P(CRLB <= gamma) over 32 beam-gain draws, "
               "exact and mean-gain rate), CPU", t["full"], None, None, t["full"] / t["same"],
               ratio_def="full evaluation / the same CRLB and rates without the beam-gain draws",
               note=f"{where} of {os.cpu_count()}; issue 14's budget is 5 s on one core" +
                    (" (quick: fewer pixels)" if quick else "")),
        record(f"plan: CRLB and rates of {size}, vectorised vs the per-point loop", per_point_vec * 1e6,
               per_point_loop * 1e6, None, per_point_loop / per_point_vec, unit="us per pixel",
               note=f"agreement on {len(sub)} pixels: CRLB max rel diff {crlb_err:.1e}, exact rate {rate_err:.1e}"),
    ]


if __name__ == "__main__":
    for r in main(quick=False):
        print(r)
