"""Parallel sweeps (issue 12, target 3): a process pool and a Dask LocalCluster of 2 workers against the serial run.

One sweep of 8 points (coop-fig4's CRLB at a fixed budget, so every run does the same work)
runs serially, on a 2-process pool and on a 2-worker Dask LocalCluster (``isacnet.parallel.
local_cluster``: workers without ``MALLOC_TRIM_THRESHOLD_``), each in a fresh interpreter,
interleaved, medians of the repeats. Wall time covers ``compute_dataset`` with its executor
(the pool spawns its workers inside it; the Dask cluster is started before, as a remote one
would be). CPU time is that of every process involved (this one, the scheduler and nannies
that live in it, and all workers) over the same span.

* CPU cost: Dask's CPU over the serial run's (target <= 1.15).
* Parallel efficiency ``T1 / (2 T2)`` on wall clock, for the pool and for Dask (target >= 0.8).

On a shared machine the wall-clock numbers move with the load; the CPU ratio much less.
"""

from __future__ import annotations

import statistics

try:
    from _timing import record, run_python
except ImportError:  # run from elsewhere
    from benchmarks._timing import record, run_python

_RUN = """
import json, time, warnings
import psutil
from isacnet.scenario import load_scenario
from isacnet.runner import compute_dataset
from isacnet import parallel

def main():
    warnings.simplefilter("ignore")
    scn = load_scenario("coop-fig4", overrides={overrides!r})
    me = psutil.Process()

    def cpu():
        out = {{}}
        for p in [me] + me.children(recursive=True):
            try:
                t = p.cpu_times()
                out[p.pid] = t.user + t.system
            except psutil.Error:
                pass
        return out

    cluster = None
    if "{mode}" == "dask":
        cluster = parallel.local_cluster(2)
        ex = parallel.DaskExecutor(cluster.scheduler_address)
    elif "{mode}" == "pool":
        ex = parallel.ProcessExecutor(2)
    else:
        ex = parallel.SerialExecutor()
    c0, t0 = cpu(), time.perf_counter()
    with ex:
        ds = compute_dataset(scn, ex)
        wall, c1 = time.perf_counter() - t0, cpu()
    if cluster is not None:
        cluster.close()
    print(json.dumps({{"wall": wall, "cpu": sum(v - c0.get(k, 0.0) for k, v in c1.items()),
                      "checksum": float(ds["value"].values[0].sum())}}))

if __name__ == "__main__":
    main()
"""


def _script(mode: str, overrides: list[str]) -> str:
    # a script file, not -c: the pool's spawned workers re-import __main__
    return _RUN.format(mode=mode, overrides=overrides)


def _run(mode, overrides):
    import os
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(_script(mode, overrides))
        path = f.name
    try:
        return run_python(f"import runpy; runpy.run_path({path!r}, run_name='__main__')")
    finally:
        os.unlink(path)


def main(quick: bool = False) -> list:
    samples = 800_000 if quick else 8_000_000
    overrides = ["cluster_size_sense=[3, 4, 5, 6, 8, 10, 12, 15]", "monte_carlo.batch_size=50000",
                 f"monte_carlo.min_samples={samples}", f"monte_carlo.max_samples={samples}",
                 "monte_carlo.target_rel_ci=0"]
    runs = {m: [] for m in ("serial", "pool", "dask")}
    for _ in range(1 if quick else 3):
        for mode in runs:
            runs[mode].append(_run(mode, overrides))
    checks = {m: {r["checksum"] for r in rs} for m, rs in runs.items()}
    same = len(set().union(*checks.values())) == 1
    wall = {m: statistics.median(r["wall"] for r in rs) for m, rs in runs.items()}
    cpu = {m: statistics.median(r["cpu"] for r in rs) for m, rs in runs.items()}
    note = (f"8 points x {samples} drops; serial {wall['serial']:.1f} s, pool {wall['pool']:.1f} s, Dask "
            f"{wall['dask']:.1f} s wall; results bit-identical: {same}")
    return [
        record("Dask LocalCluster (2 workers): CPU over the serial run's", cpu["dask"], cpu["serial"], None,
               cpu["dask"] / cpu["serial"], "<= 1.15", unit="CPU s", ratio_def="CPU(Dask) / CPU(serial)", note=note),
        record("process pool (2 workers): CPU over the serial run's", cpu["pool"], cpu["serial"], None,
               cpu["pool"] / cpu["serial"], unit="CPU s", ratio_def="CPU(pool) / CPU(serial)"),
        record("process pool (2 workers): parallel efficiency", wall["pool"], wall["serial"], None,
               wall["serial"] / (2 * wall["pool"]), ">= 0.8", unit="wall s", ratio_def="T1 / (2 T2)"),
        record("Dask LocalCluster (2 workers): parallel efficiency", wall["dask"], wall["serial"], None,
               wall["serial"] / (2 * wall["dask"]), ">= 0.8", unit="wall s", ratio_def="T1 / (2 T2)"),
    ]


if __name__ == "__main__":
    import sys

    for r in main("--quick" in sys.argv):
        print(r)
