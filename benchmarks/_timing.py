"""Measurement helpers shared by the benchmarks: interleaved repeats, medians, one record per target.

This machine is shared and noisy, so every comparison is a ratio measured within one run:
the candidates are timed in turn (A, B, C, A, B, C, ...) and each reports the median of its
repeats. Single-threaded code is timed on the CPU clock of the calling thread
(``time.thread_time``), which another process's load does not inflate; parallel runs are
timed on the wall clock and by the CPU seconds of every process involved.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Record:
    """One line of the benchmark table.

    Attributes
    ----------
    name : str
        What is measured.
    ours, baseline, floor : float or None
        Our cost, the baseline's cost and the physical floor's cost, in ``unit`` (None where
        there is none).
    ratio : float
        The figure of merit, defined in ``ratio_def`` (e.g. ``baseline / ours``).
    target : str
        The issue's target for the ratio (``">= 5"``), or ``""`` when the line only informs.
    met : bool or None
        Whether the target is met (None without a target).
    unit : str
        Unit of ``ours``, ``baseline`` and ``floor``.
    ratio_def : str
        How ``ratio`` is computed.
    note : str
        Anything the reader needs to judge the number.
    """

    name: str
    ours: float | None
    baseline: float | None
    floor: float | None
    ratio: float
    target: str = ""
    met: bool | None = None
    unit: str = "s"
    ratio_def: str = "baseline / ours"
    note: str = ""
    extra: dict = field(default_factory=dict)


def check(ratio: float, target: str) -> bool | None:
    """Whether ``ratio`` meets ``target`` (``">= 0.6"``, ``"<= 1.15"``); None without a target."""
    if not target:
        return None
    op, value = target.split()
    return ratio >= float(value) if op == ">=" else ratio <= float(value)


def record(name, ours, baseline, floor, ratio, target="", **kw) -> Record:
    return Record(name, ours, baseline, floor, float(ratio), target, check(float(ratio), target), **kw)


def interleaved(fns: dict[str, Callable[[], object]], repeat: int = 7, number: int = 1,
                clock: Callable[[], float] = time.thread_time) -> dict[str, float]:
    """Median seconds per call of every function, timed in turn ``repeat`` times (``number`` calls each)."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    for fn in fns.values():  # warm up (first-call costs, caches)
        fn()
    for _ in range(repeat):
        for name, fn in fns.items():
            t0 = clock()
            for _ in range(number):
                fn()
            times[name].append((clock() - t0) / number)
    return {k: statistics.median(v) for k, v in times.items()}


def run_python(code: str, env: dict | None = None, timeout: float = 3600) -> dict:
    """Run ``code`` in a fresh interpreter (the repository's ``src`` first on the path); it prints one JSON line."""
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT / "benchmarks"), e.get("PYTHONPATH", "")])
    if env:
        e.update({k: v for k, v in env.items() if v is not None})
        for k, v in env.items():
            if v is None:
                e.pop(k, None)
    out = subprocess.run([sys.executable, "-c", code], env=e, capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"benchmark subprocess failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> dict:
    """What the numbers were measured on."""
    try:
        load = os.getloadavg()
    except OSError:  # pragma: no cover
        load = (float("nan"),) * 3
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:  # pragma: no cover
        pass
    import numpy

    try:
        import numba

        numba_version = numba.__version__
    except ImportError:
        numba_version = None
    return {"cpu": cpu, "cores": os.cpu_count(), "load_average": [round(x, 2) for x in load],
            "python": platform.python_version(), "numpy": numpy.__version__, "numba": numba_version,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def as_dicts(records: list[Record]) -> list[dict]:
    return [asdict(r) for r in records]
