"""coop (000) Monte Carlo kernels: the typical-target CRLB trial (issue 12, target 1) and the model-level rate.

Each trial is timed against the physical floor (the time to draw only the random numbers it
needs, into preallocated buffers) and against a competent vectorised NumPy version, in one
run, interleaved, on the CPU clock. The compiled (numba) and NumPy twins are both reported;
the first-call cost of the compiled kernels (numba import plus loading them from the cache,
or compiling them with an empty cache) is measured in fresh interpreters.
"""

from __future__ import annotations

import contextlib
import os

import numpy as np

try:
    import _baselines as base
    from _timing import interleaved, record, run_python
except ImportError:  # run from elsewhere
    from benchmarks import _baselines as base
    from benchmarks._timing import interleaved, record, run_python

from isacnet._accel import numba_installed
from isacnet.simulate.coop import comp_rate_trial, crlb_trial


@contextlib.contextmanager
def numpy_twins():
    """Run the NumPy twins (``ISACNET_NO_NUMBA=1``) inside the block."""
    old = os.environ.get("ISACNET_NO_NUMBA")
    os.environ["ISACNET_NO_NUMBA"] = "1"
    try:
        yield
    finally:
        if old is None:
            del os.environ["ISACNET_NO_NUMBA"]
        else:
            os.environ["ISACNET_NO_NUMBA"] = old


def _numpy(fn):
    def run():
        with numpy_twins():
            fn()
    return run


_FIRST_CALL = """
import json, time
t0 = time.process_time()
import numpy as np
from isacnet.simulate.coop import crlb_trial
t1 = time.process_time()
crlb_trial(np.random.default_rng(0), 1024, 10, 1.0)
t2 = time.process_time()
crlb_trial(np.random.default_rng(0), 1024, 10, 1.0)
t3 = time.process_time()
print(json.dumps({"import": t1 - t0, "first": t2 - t1, "second": t3 - t2}))
"""


def crlb_records(quick: bool) -> list:
    n, size = 10, 50_000
    repeat = 5 if quick else 11
    rng = np.random.default_rng(0)
    floor = base.crlb_floor(n)
    t = interleaved({
        "ours": lambda: crlb_trial(rng, size, n, 1.0),
        "numpy twin": _numpy(lambda: crlb_trial(rng, size, n, 1.0)),
        "floor": lambda: floor(rng, size),
        "competent numpy": lambda: base.crlb_numpy(rng, size, n),
    }, repeat=repeat)
    per = 1e9 / (size * n)  # ns per drop and BS
    unit = "ns per drop and BS"
    compiled = "compiled (numba)" if numba_installed() else "NumPy (numba not installed)"
    out = [
        record(f"CRLB trial, nearest {n}, {compiled}: share of the RNG floor", t["ours"] * per, None, t["floor"] * per,
               t["floor"] / t["ours"], ">= 0.6", unit=unit, ratio_def="floor / ours",
               note="floor: the float32 exponential gaps and turns it draws, into preallocated buffers"),
        record(f"CRLB trial, nearest {n}, {compiled}: vs competent NumPy", t["ours"] * per, t["competent numpy"] * per,
               t["floor"] * per, t["competent numpy"] / t["ours"], ">= 5", unit=unit,
               note="baseline: float64 draws, cumsum, cos/sin, the O(N) moments of eq. (7), whole batch at once"),
        record(f"CRLB trial, nearest {n}, NumPy twin: vs competent NumPy", t["numpy twin"] * per,
               t["competent numpy"] * per, t["floor"] * per, t["competent numpy"] / t["numpy twin"], unit=unit,
               note=f"share of the floor {t['floor'] / t['numpy twin']:.2f}; what runs without numba"),
    ]
    if numba_installed():
        runs = [run_python(_FIRST_CALL) for _ in range(1 if quick else 3)]
        first = float(np.median([r["first"] - r["second"] for r in runs]))
        per_drop = (t["numpy twin"] - t["ours"]) / size
        out.append(record("compiled kernels: first-call cost (numba import + cached kernels), CPU s", first, None,
                          None, first / max(per_drop, 1e-12) / 1e6, unit="s",
                          ratio_def="first-call cost / saving per drop, in millions of drops (break-even)",
                          note="warm cache (cache=True); a cold compile is measured by bench_startup"))
    return out


def comp_rate_records(quick: bool) -> list:
    size, L = 20_000, 6
    args = (size, L, 0.8, 0.5)
    rng = np.random.default_rng(1)
    t = interleaved({
        "ours": lambda: comp_rate_trial(rng, size, L, 0.8, 0.5, 1.0, 4),
        "numpy twin": _numpy(lambda: comp_rate_trial(rng, size, L, 0.8, 0.5, 1.0, 4)),
        "floor": lambda: base.comp_rate_floor(rng, *args),
        "v0": lambda: base.comp_rate_v0(rng, *args),
    }, repeat=5 if quick else 9)
    per = 1e6 / size
    unit = "us per drop"
    return [
        record(f"coop model-level rate trial (L = {L}, 100 exact interferers): share of the RNG floor", t["ours"] * per,
               None, t["floor"] * per, t["floor"] / t["ours"], unit=unit, ratio_def="floor / ours"),
        record(f"coop model-level rate trial (L = {L}): vs the pre-#12 vectorised NumPy", t["ours"] * per,
               t["v0"] * per, t["floor"] * per, t["v0"] / t["ours"], unit=unit,
               note=f"NumPy twin: {t['v0'] / t['numpy twin']:.2f}x the pre-#12 code"),
    ]


def main(quick: bool = False) -> list:
    return crlb_records(quick) + comp_rate_records(quick)


if __name__ == "__main__":
    import sys

    for r in main("--quick" in sys.argv):
        print(r)
