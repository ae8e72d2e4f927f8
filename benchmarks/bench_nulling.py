"""nulling (001): closed forms against nested ``quad``, the typical-point kernels, the system-level simulator.

* Theorem 1 and Proposition 3 against scipy's nested adaptive ``quad`` (same run, interleaved).
* Typical-point trials (comm rate with 100 exact interferers; radar rate with the interference
  hole, 128 BSs): against their RNG floor and the pre-#12 vectorised code.
* System level: CPU per BS of one network as the network grows (its scaling is in
  ``docs/img/scaling_nulling_system.png``).
"""

from __future__ import annotations

import numpy as np
from scipy import integrate, special

try:
    import _baselines as base
    from _timing import interleaved, record
except ImportError:  # run from elsewhere
    from benchmarks import _baselines as base
    from benchmarks._timing import interleaved, record

from isacnet.analysis import nulling as an
from isacnet.analysis._kernels import interference_kernel
from isacnet.models.nulling import NullingModel
from isacnet.simulate.nulling import comm_rate_trial, radar_rate_trial, system_level_trial


def _thm1_quad(mt, k, cl, a):
    m = mt - k * cl + 1

    def inner(z):
        if cl == 1:
            return 1.0 / (interference_kernel(z, k, a, 1.0) + 1.0)
        return integrate.quad(lambda e: 2 * (cl - 1) * e * (1 - e * e) ** (cl - 2)
                              / (interference_kernel(z, k, a, e) + 1), 0, 1, limit=200)[0]

    def g(z):
        return (1 - (1 + z) ** (-m)) / z * inner(z)
    return integrate.quad(g, 0, 1, limit=200)[0] + integrate.quad(g, 1, np.inf, limit=200)[0]


def _prop3_quad(c, k, a):
    d = 2 / a

    def i_of(z):
        hole = integrate.quad(lambda t: 2 / np.pi * np.arccos(t / 2) * (1 - (1 + z * t ** (-a)) ** (-k)) * t, 0, 2)[0]
        return k * z**d * special.beta(1 - d, k + d) + 1 - hole

    def g(z):
        return (1 - (1 + c * z) ** (-k)) / (z * i_of(z))
    return integrate.quad(g, 0, 1, limit=200)[0] + integrate.quad(g, 1, np.inf, limit=200)[0]


def closed_form_records(quick: bool) -> list:
    rep = 3 if quick else 7
    out = []
    t = interleaved({"ours": lambda: an.rate_comm_theorem1(20, 5, 2), "quad": lambda: _thm1_quad(20, 5, 2, 4.0)},
                    repeat=rep)
    diff = abs(an.rate_comm_theorem1(20, 5, 2) - _thm1_quad(20, 5, 2, 4.0))
    out.append(record("Theorem 1 (M_t = 20, K = 5, L = 2) vs nested quad", t["ours"] * 1e3, t["quad"] * 1e3, None,
                      t["quad"] / t["ours"], unit="ms", note=f"|difference| {diff:.1e} nats"))
    t = interleaved({"ours": lambda: an.radar_rate_prop3(1.0, 2), "quad": lambda: _prop3_quad(1.0, 2, 4.0)},
                    repeat=rep)
    diff = abs(an.radar_rate_prop3(1.0, 2) - _prop3_quad(1.0, 2, 4.0))
    out.append(record("Proposition 3 (alpha = 2 beta, K = 2) vs nested quad", t["ours"] * 1e3, t["quad"] * 1e3, None,
                      t["quad"] / t["ours"], unit="ms", note=f"|difference| {diff:.1e} nats"))
    return out


def kernel_records(quick: bool) -> list:
    rep = 3 if quick else 9
    rng = np.random.default_rng(2)
    size = 20_000
    t = interleaved({
        "ours": lambda: comm_rate_trial(rng, size, 20, 3, 2, num_exact=100),
        "floor": lambda: base.nulling_comm_floor(rng, size),
        "v0": lambda: base.nulling_comm_v0(rng, size),
    }, repeat=rep)
    out = [record("nulling typical-user rate trial (100 exact interferers): share of the RNG floor",
                  t["ours"] * 1e6 / size, None, t["floor"] * 1e6 / size, t["floor"] / t["ours"], unit="us per drop",
                  ratio_def="floor / ours", note=f"{t['v0'] / t['ours']:.2f}x the pre-#12 code")]
    size = 4000
    t = interleaved({
        "ours": lambda: radar_rate_trial(rng, size, 1.0, 2, 1, num_points=128),
        "floor": lambda: base.radar_hole_floor(rng, size),
        "v0": lambda: base.radar_hole_v0(rng, size),
    }, repeat=rep)
    out.append(record("nulling typical-target radar trial with the hole (128 BSs): share of the RNG floor",
                      t["ours"] * 1e6 / size, None, t["floor"] * 1e6 / size, t["floor"] / t["ours"], unit="us per drop",
                      ratio_def="floor / ours"))
    out.append(record("nulling typical-target radar trial with the hole: vs the pre-#12 vectorised NumPy",
                      t["ours"] * 1e6 / size, t["v0"] * 1e6 / size, t["floor"] * 1e6 / size, t["v0"] / t["ours"],
                      unit="us per drop", note="v0: cos/sin from libm, hypot, pow, a sort per drop when Q > 1"))
    return out


def system_records(quick: bool) -> list:
    sizes = (500, 2000) if quick else (500, 2000, 8000)
    per_bs = {}
    for nbs in sizes:
        cfg = dict(num_users=4, cluster_size_comm=2, num_targets=2, cluster_size_sense=3, mean_num_bs=nbs)
        t = interleaved({"net": lambda cfg=cfg: system_level_trial(np.random.default_rng(0), 1, NullingModel(), **cfg)},
                        repeat=1 if quick else 3)
        per_bs[nbs] = t["net"] / nbs
    lo, hi = min(sizes), max(sizes)
    return [record(f"nulling system level: CPU per BS, {hi} vs {lo} BSs per network", per_bs[hi] * 1e6,
                   per_bs[lo] * 1e6, None, per_bs[hi] / per_bs[lo], unit="us per BS",
                   ratio_def="per-BS cost at the largest / smallest network (1 = linear scaling)")]


def main(quick: bool = False) -> list:
    return closed_form_records(quick) + kernel_records(quick) + system_records(quick)


if __name__ == "__main__":
    import sys

    for r in main("--quick" in sys.argv):
        print(r)
