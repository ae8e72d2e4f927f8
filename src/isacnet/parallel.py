"""Executors for sweeps: serial, a local process pool, or a Dask distributed cluster.

All three expose the same two members, ``parallelism`` (how many work units to hand
out at once) and ``map(fn, items) -> list`` (results in the order of ``items``), and
are context managers. The sweep runner and the Monte Carlo engine assign every work
unit its own seed, so results never depend on which executor ran them.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

__all__ = ["SerialExecutor", "ProcessExecutor", "DaskExecutor", "make_executor"]


class SerialExecutor:
    """Runs every unit in this process, in order."""

    parallelism = 1

    def map(self, fn, items):
        return [fn(x) for x in items]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class ProcessExecutor:
    """A local pool of ``workers`` processes (spawned, so no state leaks from the parent)."""

    def __init__(self, workers: int | None = None):
        self.parallelism = int(workers or os.cpu_count() or 1)
        self._pool = None

    def _ensure(self):
        if self._pool is None:
            ctx = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.parallelism, mp_context=ctx)
        return self._pool

    def map(self, fn, items):
        items = list(items)
        if len(items) <= 1:
            return [fn(x) for x in items]
        return list(self._ensure().map(fn, items))

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
    """

    def __init__(self, client_or_address):
        from distributed import Client

        if isinstance(client_or_address, Client):
            self.client, self._own = client_or_address, False
        else:
            self.client, self._own = Client(client_or_address), True
        nthreads = self.client.nthreads()
        self.parallelism = max(1, sum(nthreads.values()))

    def map(self, fn, items):
        items = list(items)
        futures = self.client.map(fn, items, pure=False)
        return self.client.gather(futures)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._own:
            self.client.close()
        return False


def make_executor(scheduler: str | None = None, workers: int | None = None):
    """The executor a run asks for.

    ``scheduler`` None or ``"processes"``: local process pool (``workers`` processes,
    default all cores); ``"serial"``: this process; anything else: a Dask scheduler
    address.
    """
    if scheduler in (None, "", "processes"):
        if workers == 1:
            return SerialExecutor()
        return ProcessExecutor(workers)
    if scheduler == "serial":
        return SerialExecutor()
    return DaskExecutor(scheduler)
