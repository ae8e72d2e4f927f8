"""Executors for sweeps: serial, a local process pool, or a Dask distributed cluster.

All three expose the same members: ``parallelism`` (how many work units run at once),
``unit_seconds`` (how long a unit should run so that handing it out costs little),
``map(fn, items) -> list`` (results in the order of ``items``), and ``submit(fn, item)``
with ``wait_first(futures)`` for a pipeline that keeps every worker busy; all are context
managers. The sweep runner and the Monte Carlo engine assign every work unit its own seed,
so results never depend on which executor ran them, nor on how units are grouped.

Worker processes and the allocator. Dask's nanny starts every worker with
``MALLOC_TRIM_THRESHOLD_=65536`` (its ``distributed.nanny.pre-spawn-environ`` default).
Setting any glibc malloc threshold switches off malloc's adaptive mmap threshold, so every
array above 128 kB is then mapped and unmapped afresh, page faults and all: our batches ran
1.7-2.2x slower in such a worker (system time 0.3 s -> 4.4 s). Every worker that runs our
units therefore calls :func:`tune_allocator` once (the pool's initializer; a wrapper around
each Dask task, so that remote workers get it too), which sets the thresholds glibc would
reach by itself (mmap 32 MiB, trim 64 MiB). :func:`local_cluster` also starts its workers
without the variable. The allocator changes no number: results stay bit-identical.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor

__all__ = ["SerialExecutor", "ProcessExecutor", "DaskExecutor", "make_executor", "local_cluster",
           "tune_allocator", "DASK_WORKER_CONFIG"]

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc <malloc.h>
MMAP_THRESHOLD = 32 * 2**20  # glibc's adaptive maximum on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX)
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD  # glibc keeps trim = 2 x mmap threshold as it adapts
_TUNED = False


def tune_allocator() -> bool:
    """Set glibc malloc's mmap and trim thresholds to their adaptive steady state (once per process).

    Undoes the effect of ``MALLOC_TRIM_THRESHOLD_`` (or any other threshold variable) in this
    process: arrays up to 32 MiB come from the heap again, and up to 64 MiB of freed memory
    stays mapped for the next batch. Returns False where there is no glibc (nothing done).
    """
    global _TUNED
    if _TUNED:
        return True
    _TUNED = True
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        ok = libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
        return bool(ok and libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1)
    except (OSError, AttributeError):  # musl or another libc: nothing to undo
        return False


class _TunedTask:
    """``fn`` behind :func:`tune_allocator`: what a Dask worker runs for each unit."""

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, item):
        tune_allocator()
        return self.fn(item)


class _Done:
    """A finished future (what the serial executor's ``submit`` returns)."""

    def __init__(self, fn, item):
        self._value = fn(item)

    def result(self):
        return self._value


class SerialExecutor:
    """Runs every unit in this process, in order."""

    parallelism = 1
    unit_seconds = 0.0  # no hand-out cost: one batch per unit

    def map(self, fn, items):
        return [fn(x) for x in items]

    def submit(self, fn, item):
        return _Done(fn, item)

    def wait_first(self, futures):
        """The finished ones among ``futures`` (all of them: they ran at submission)."""
        return list(futures)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class ProcessExecutor:
    """A local pool of ``workers`` processes (spawned, so no state leaks from the parent)."""

    unit_seconds = 0.2  # a unit's result crosses a pipe: a few units per second and worker cost nothing

    def __init__(self, workers: int | None = None):
        self.parallelism = int(workers or os.cpu_count() or 1)
        self._pool = None

    def _ensure(self):
        if self._pool is None:
            ctx = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.parallelism, mp_context=ctx, initializer=tune_allocator)
        return self._pool

    def map(self, fn, items):
        items = list(items)
        if len(items) <= 1:
            return [fn(x) for x in items]
        return list(self._ensure().map(fn, items))

    def submit(self, fn, item):
        return self._ensure().submit(fn, item)

    def wait_first(self, futures):
        """Block until at least one of ``futures`` is done; return the done ones."""
        from concurrent.futures import FIRST_COMPLETED, wait

        return list(wait(list(futures), return_when=FIRST_COMPLETED).done)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        return False


class DaskExecutor:
    """Runs units on a Dask distributed cluster.

    Parameters
    ----------
    client_or_address : distributed.Client or str
        A connected client, or the scheduler address (``tcp://host:8786``).
    cluster : distributed.LocalCluster, optional
        A cluster this executor owns and closes on exit (see :func:`make_executor`).
    """

    def __init__(self, client_or_address, cluster=None):
        from distributed import Client

        if isinstance(client_or_address, Client):
            self.client, self._own = client_or_address, False
        else:
            self.client, self._own = Client(client_or_address), True
        self._cluster = cluster
        nthreads = self.client.nthreads()
        self.parallelism = max(1, sum(nthreads.values()))

    unit_seconds = 0.5  # a task costs the scheduler, the network and both ends a few milliseconds

    def map(self, fn, items):
        items = list(items)
        futures = self.client.map(_TunedTask(fn), items, pure=False)
        return self.client.gather(futures)

    def submit(self, fn, item):
        return self.client.submit(_TunedTask(fn), item, pure=False)

    def wait_first(self, futures):
        """Block until at least one of ``futures`` is done; return the done ones."""
        from distributed import wait

        return list(wait(list(futures), return_when="FIRST_COMPLETED").done)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._own:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()
        return False


DASK_WORKER_CONFIG = {
    # keep glibc's adaptive allocator (see the module notes)
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # background work that costs an idle 2-worker cluster 0.11 CPU-s per second (0.007 without): the
    # statistical profiler, event-loop tick checks every 20 ms, system and memory monitors, work stealing
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing": False,
}
"""The Dask configuration of the clusters :func:`local_cluster` starts (``docs/performance.md`` shows it
as YAML for a remote cluster's workers)."""


def local_cluster(workers: int | None = None, **kwargs):
    """A Dask ``LocalCluster`` of single-threaded worker processes configured by ``DASK_WORKER_CONFIG``.

    Parameters
    ----------
    workers : int, optional
        Worker processes (default: all cores).
    **kwargs
        Passed to ``distributed.LocalCluster``.

    Notes
    -----
    The workers start without ``MALLOC_TRIM_THRESHOLD_`` (a nanny writes its ``pre-spawn-environ``
    into this process's ``os.environ`` before it spawns a worker, and later spawned processes
    inherit it; unset here, nothing leaks), and without Dask's periodic background work, which
    on a loaded machine costs more CPU than short sweeps themselves (the nannies pass this
    configuration on to their workers). For a remote cluster, start the workers with the same
    configuration (``docs/performance.md``).
    """
    import dask
    import distributed

    options = dict(n_workers=int(workers or os.cpu_count() or 1), threads_per_worker=1, processes=True,
                   dashboard_address=None)
    options.update(kwargs)
    with dask.config.set(DASK_WORKER_CONFIG):
        return distributed.LocalCluster(**options)


def make_executor(scheduler: str | None = None, workers: int | None = None):
    """The executor a run asks for.

    ``scheduler`` None or ``"processes"``: local process pool (``workers`` processes,
    default all cores); ``"serial"``: this process; ``"dask"``: a Dask cluster of
    ``workers`` local processes (:func:`local_cluster`); anything else: a Dask scheduler
    address.
    """
    if scheduler in (None, "", "processes"):
        if workers == 1:
            return SerialExecutor()
        return ProcessExecutor(workers)
    if scheduler == "serial":
        return SerialExecutor()
    if scheduler == "dask":
        cluster = local_cluster(workers)
        return DaskExecutor(cluster.scheduler_address, cluster=cluster)
    return DaskExecutor(scheduler)
