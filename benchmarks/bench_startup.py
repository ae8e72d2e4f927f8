"""Start-up (issue 12, target 5): the CPU a command costs before it does any work, and what a worker imports.

* ``isacnet --version``, ``isacnet reproduce --list``, ``isacnet describe coop-fig4``: CPU seconds
  of a fresh process (user + system, median of repeats; target <= 0.3 s each).
* A worker: the CPU of a fresh interpreter that imports what a pool worker imports and runs one
  Monte Carlo unit of coop-fig4, and whether it imported xarray, pandas or matplotlib (it must not).
* The compiled kernels' one-off compile (an empty numba cache) against loading them from the cache.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile

try:
    from _timing import ROOT, record, run_python
except ImportError:  # run from elsewhere
    from benchmarks._timing import ROOT, record, run_python


def _cpu_of(args: list[str], repeat: int) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    times = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-m", "isacnet", *args], env=env, capture_output=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


_WORKER = """
import json, sys, time
t0 = time.process_time()
from isacnet.runner import _run_unit
from isacnet.registry import get_experiment
from isacnet.scenario import load_scenario, sweep_points
scn = load_scenario("coop-fig4", quick=True)
exp = get_experiment(scn.experiment)
t1 = time.process_time()
import isacnet.runner as r
_, points = sweep_points(scn, exp.params)
pt = points[0]
key = r._point_key(exp, pt)
unit = ("b", (exp.id, pt.params.model_dump(mode="json"), scn.seed, key, 0, 1, 1000), False)
try:
    _run_unit(unit)
except TypeError:  # the runner's unit format changed: import cost only
    pass
t2 = time.process_time()
heavy = sorted(h for h in ("xarray", "pandas", "matplotlib", "distributed", "cvxpy") if h in sys.modules)
print(json.dumps({"import": t1 - t0, "unit": t2 - t1, "heavy": heavy}))
"""

_COMPILE = """
import json, time
t0 = time.process_time()
import numpy as np
from isacnet.simulate.coop import crlb_trial
crlb_trial(np.random.default_rng(0), 1024, 10, 1.0)
print(json.dumps({"first": time.process_time() - t0}))
"""


def main(quick: bool = False) -> list:
    repeat = 3 if quick else 7
    out = []
    for args in (["--version"], ["reproduce", "--list"], ["describe", "coop-fig4"]):
        cpu = _cpu_of(args, repeat)
        out.append(record(f"isacnet {' '.join(args)}: CPU of a fresh process", cpu, None, None, cpu, "<= 0.3",
                          unit="CPU s", ratio_def="CPU seconds"))
    w = [run_python(_WORKER) for _ in range(max(1, repeat // 2))]
    heavy = sorted(set().union(*(set(x["heavy"]) for x in w)))
    imp = statistics.median(x["import"] for x in w)
    unit = statistics.median(x["unit"] for x in w)
    out.append(record("worker start-up: imports of a pool worker (CPU)", imp, None, None, imp, unit="CPU s",
                      ratio_def="CPU seconds",
                      note=f"first Monte Carlo unit {unit:.2f} s more; heavy libraries imported: {heavy or 'none'}"))
    out.append(record("worker imports xarray, pandas or matplotlib", None, None, None,
                      float(any(h in heavy for h in ("xarray", "pandas", "matplotlib"))), "<= 0", unit="",
                      ratio_def="1 if it does"))
    with tempfile.TemporaryDirectory() as cache:
        cold = run_python(_COMPILE, env={"NUMBA_CACHE_DIR": cache})["first"]
        warm = statistics.median(run_python(_COMPILE, env={"NUMBA_CACHE_DIR": cache})["first"] for _ in range(3))
    out.append(record("compiled CRLB kernel: first call with an empty numba cache vs a warm one (CPU)", cold, warm,
                      None, cold / warm, unit="CPU s", ratio_def="cold / warm",
                      note="cache=True: the compile is paid once per machine and package version"))
    return out


if __name__ == "__main__":
    for r in main("--quick" in sys.argv):
        print(r)
