"""Executors for sweeps: serial, a local process pool, or a Dask distributed cluster.

All three expose the same members: ``parallelism`` (how many work units run at once),
``unit_seconds`` (how long a unit should run so that handing it out costs little),
``map(fn, items) -> list`` (results in the order of ``items``), ``submit(fn, item)`` with
``wait_first(futures)`` and ``result(future)`` for a pipeline that keeps every worker busy, and
``memory_per_unit()`` (the memory one concurrently running unit may use); all are context
managers. The sweep runner and the Monte Carlo engine assign every work unit its own seed,
so results never depend on which executor ran them, nor on how units are grouped.

Faults. Local worker processes ignore Ctrl-C (the parent decides), end within a second when
their parent dies (a watchdog thread), and are terminated when the ``with`` block is left by an
exception. A worker or scheduler lost in the middle of a run is a :class:`ComputeError` (one
line; finished points stay cached). A Dask scheduler address is parsed and probed with a short
timeout before a client connects (:func:`check_scheduler`).

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

import contextlib
import ctypes
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from isacnet.errors import ComputeError, InputError
from isacnet.scenario import parse_scheduler_address

__all__ = [
    "SerialExecutor",
    "ProcessExecutor",
    "DaskExecutor",
    "make_executor",
    "available_memory",
    "parse_scheduler_address",
    "check_scheduler",
    "dask_security",
    "UNGUARDED_MAIN_EXIT",
    "local_cluster",
    "tune_allocator",
    "DASK_WORKER_CONFIG",
]

UNGUARDED_MAIN_EXIT = 78
"""Exit code of a worker process that found itself re-running an unguarded main script."""

BROKEN_POOL_JOIN_S = 15.0
"""How long a broken pool's workers may take, in all, to end before their exit codes are read [s]."""

_GUARD_HINT = ("the worker processes re-ran the main script: a script that uses a process pool must call isacnet "
               "under 'if __name__ == \"__main__\":' (or use the default serial executor)")


def available_memory() -> int | None:
    """Memory this machine can still give [bytes]: ``MemAvailable`` capped by a cgroup limit."""
    avail = None
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    avail = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        pass
    if avail is None:
        try:
            avail = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError, AttributeError):
            return None
    for limit_file, usage_file in (("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                                   ("/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                    "/sys/fs/cgroup/memory/memory.usage_in_bytes")):
        try:
            with open(limit_file) as fh:
                text = fh.read().strip()
            if text.isdigit() and int(text) < 1 << 60:
                with open(usage_file) as fh:
                    avail = min(avail, max(0, int(text) - int(fh.read().strip())))
                break
        except (OSError, ValueError):
            continue
    return avail


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

    def memory_per_unit(self) -> int | None:
        return available_memory()

    def submit(self, fn, item):
        return _Done(fn, item)

    def wait_first(self, futures):
        """The finished ones among ``futures`` (all of them: they ran at submission)."""
        return list(futures)

    def result(self, future):
        """The value of a finished ``future``."""
        return future.result()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


# -- local process pool -------------------------------------------------------------------
def _bootstrapping_child() -> bool:
    """True while a spawned child re-imports the parent's main script (before it runs any task)."""
    return bool(getattr(multiprocessing.current_process(), "_inheriting", False))


def _watch_parent(parent_pid: int, period_s: float = 0.25) -> None:
    while os.getppid() == parent_pid:
        time.sleep(period_s)
    os._exit(70)  # the parent is gone: nobody will read our results


def _worker_started(parent_pid: int) -> None:
    """Initializer of every pool worker: leave Ctrl-C to the parent, die with it, tune the allocator."""
    tune_allocator()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="isacnet-parent-watchdog", daemon=True).start()


class ProcessExecutor:
    """A local pool of ``workers`` processes (spawned, so no state leaks from the parent).

    The workers ignore SIGINT, end when the parent process dies, and are terminated (not waited
    for) when the ``with`` block is left by an exception (Ctrl-C, SIGTERM, an error).
    """

    unit_seconds = 0.2  # a unit's result crosses a pipe: a few units per second and worker cost nothing

    def __init__(self, workers: int | None = None):
        if _bootstrapping_child():
            # A spawned worker is importing a main script that starts isacnet at import time (no
            # ``if __name__ == "__main__":`` guard). Leave quietly; the parent explains.
            os._exit(UNGUARDED_MAIN_EXIT)
        self.parallelism = int(workers or os.cpu_count() or 1)
        self._pool = None
        self._procs: dict = {}  # pid -> process: every worker this pool started (a dead one's exit code explains)

    def _ensure(self):
        if self._pool is None:
            ctx = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.parallelism, mp_context=ctx,
                                             initializer=_worker_started, initargs=(os.getpid(),))
        return self._pool

    def map(self, fn, items):
        items = list(items)
        if len(items) <= 1:
            return [fn(x) for x in items]
        pool = self._ensure()
        try:
            results = pool.map(fn, items)
            self._remember(pool)
            return list(results)
        except BrokenProcessPool:  # raised while submitting, too, when a worker died early
            self._remember(pool)
            raise self._broken() from None

    def _remember(self, pool) -> None:
        # the pool forgets a worker once it is gone; keep every one, so that _broken() can read its exit code
        self._procs.update(getattr(pool, "_processes", None) or {})

    def _broken(self) -> ComputeError:
        # The pool's manager thread joins the same workers: when it reaps one first, our join returns
        # with the exit code still unset (waitpid fails with ECHILD) and the code appears a moment later.
        # Poll until every code is known (or BROKEN_POOL_JOIN_S has passed), so that a worker that left
        # with UNGUARDED_MAIN_EXIT is seen as such.
        codes = set()
        deadline = time.monotonic() + BROKEN_POOL_JOIN_S
        for proc in self._procs.values():
            proc.join(timeout=max(0.1, deadline - time.monotonic()))
            while proc.exitcode is None and time.monotonic() < deadline:
                proc.join(timeout=0.05)
            codes.add(proc.exitcode)
        self._pool = None
        if UNGUARDED_MAIN_EXIT in codes:
            return ComputeError("workers", _GUARD_HINT)
        return ComputeError("workers", "a worker process died (killed, or out of memory); finished points are "
                                       "cached and a re-run resumes from them")

    def memory_per_unit(self) -> int | None:
        avail = available_memory()
        return None if avail is None else avail // self.parallelism

    def submit(self, fn, item):
        pool = self._ensure()
        try:
            fut = pool.submit(fn, item)
        except BrokenProcessPool:
            self._remember(pool)
            raise self._broken() from None
        self._remember(pool)
        return fut

    def wait_first(self, futures):
        """Block until at least one of ``futures`` is done; return the done ones."""
        from concurrent.futures import FIRST_COMPLETED, wait

        return list(wait(list(futures), return_when=FIRST_COMPLETED).done)

    def result(self, future):
        """The value of a finished ``future``; a lost worker is a :class:`ComputeError`."""
        try:
            return future.result()
        except BrokenProcessPool:
            raise self._broken() from None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if self._pool is not None:
            if exc_type is not None:
                _terminate_workers(self._pool)
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        return False


def _terminate_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's workers now (their running batches are lost; finished points are cached)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    deadline = time.monotonic() + 3.0
    for proc in procs:
        proc.join(timeout=max(0.0, deadline - time.monotonic()))
        if proc.is_alive():
            proc.kill()
            proc.join(timeout=1.0)


# -- Dask ---------------------------------------------------------------------------------
def _answers_http(host: str, port: int, timeout: float) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(b"HEAD / HTTP/1.0\r\n\r\n")
            return sock.recv(5) == b"HTTP/"
    except OSError:
        return False


def check_scheduler(address: str, timeout: float = 5.0, field: str = "--scheduler") -> str:
    """Parse ``address`` and check within ``timeout`` seconds that a Dask scheduler answers there.

    A plain-TCP Dask scheduler greets every connection at once; a silent peer that answers HTTP
    is reported as the dashboard. ``tls://`` addresses are only checked for a listener (the
    TLS handshake is the client's).

    Returns
    -------
    str
        The address with its scheme (``tcp://host:port``).
    """
    scheme, host, port = parse_scheduler_address(address, field)
    shown = f"{scheme}://{host}:{port}" if ":" not in host else f"{scheme}://[{host}]:{port}"
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except socket.gaierror:
        raise InputError(field, f"cannot resolve the host of {shown}") from None
    except TimeoutError:
        raise InputError(field, f"nothing answered at {shown} within {timeout:g} s "
                                "(see --connect-timeout)") from None
    except ConnectionRefusedError:
        raise InputError(field, f"nothing is listening at {shown} (connection refused); "
                                "is the scheduler running?") from None
    except OSError as exc:
        raise InputError(field, f"cannot reach {shown}: {exc.strerror or exc.__class__.__name__}") from None
    with sock:
        if scheme != "tcp":
            return shown
        sock.settimeout(min(timeout, 1.0))  # a Dask scheduler greets at once
        try:
            greeting = sock.recv(1)
        except OSError:  # timed out or reset
            greeting = b""
    if not greeting:
        if _answers_http(host, port, min(timeout, 2.0)):
            raise InputError(field, f"{shown} answers HTTP: that looks like the Dask dashboard; the scheduler "
                                    "listens on another port (8786 by default)")
        raise InputError(field, f"{shown} does not answer like a Dask scheduler")
    return shown


def dask_security(ca_file: str | None = None, client_cert: str | None = None, client_key: str | None = None,
                  field: str = "compute"):
    """A ``distributed.security.Security`` for a ``tls://`` scheduler from PEM files (None: none given)."""
    if not (ca_file or client_cert or client_key):
        return None
    for name, path in (("tls_ca_file", ca_file), ("tls_client_cert", client_cert), ("tls_client_key", client_key)):
        if path is not None and not os.path.isfile(path):
            raise InputError(f"{field}.{name}", f"no such file: {path!r}")
    from distributed.security import Security

    return Security(tls_ca_file=ca_file, tls_client_cert=client_cert, tls_client_key=client_key,
                    require_encryption=True)


def _lost(address: str, exc: BaseException) -> ComputeError:
    name = type(exc).__name__
    if name == "KilledWorker":
        return ComputeError("--scheduler", f"a Dask worker of {address} died while computing (killed, or out of "
                                           "memory); finished points are cached and a re-run resumes from them")
    return ComputeError("--scheduler", f"lost the Dask scheduler at {address} ({name}); finished points are "
                                       "cached and a re-run resumes from them")


class DaskExecutor:
    """Runs units on a Dask distributed cluster.

    Parameters
    ----------
    client_or_address : distributed.Client or str
        A connected client, or the scheduler address (``tcp://host:8786``, ``tls://host:8786``).
    timeout : float
        Seconds to wait for the scheduler [s].
    security : distributed.security.Security, optional
        TLS configuration for a ``tls://`` address (:func:`dask_security`).
    cluster : distributed.LocalCluster, optional
        A cluster this executor owns and closes on exit (see :func:`make_executor`).
    field : str
        Where the address came from, for error messages (``--scheduler``, ``compute.scheduler``).
    """

    def __init__(self, client_or_address, *, timeout: float = 5.0, security=None, field: str = "--scheduler",
                 cluster=None):
        from distributed import Client

        if isinstance(client_or_address, Client):
            self.client, self._own = client_or_address, False
            self.address = str(client_or_address.scheduler.address)
        else:
            self.address = check_scheduler(client_or_address, timeout, field)
            try:
                self.client = Client(self.address, timeout=timeout, security=security, set_as_default=False)
            except (OSError, TimeoutError, ValueError, TypeError) as exc:
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
                hint = " (check the [compute] tls_* files)" if self.address.startswith("tls://") else ""
                raise InputError(field, f"cannot connect to the Dask scheduler at {self.address}{hint}: "
                                        f"{first}") from None
            self._own = True
        self._timeout = timeout
        self._cluster = cluster
        nthreads = self.client.nthreads()
        self.parallelism = max(1, sum(nthreads.values()))

    unit_seconds = 0.5  # a task costs the scheduler, the network and both ends a few milliseconds

    def map(self, fn, items):
        items = list(items)
        with self._lost_as_compute_error():
            futures = self.client.map(_TunedTask(fn), items, pure=False)
            return self.client.gather(futures)

    @contextlib.contextmanager
    def _lost_as_compute_error(self):
        """A lost worker or scheduler inside the block is a one-line :class:`ComputeError`."""
        from distributed import KilledWorker
        from distributed.comm.core import CommClosedError

        try:
            yield
        except (KilledWorker, CommClosedError) as exc:
            raise _lost(self.address, exc) from None
        except Exception as exc:
            if type(exc).__name__ in ("CancelledError", "FutureCancelledError", "FuturesCancelledError"):
                raise _lost(self.address, exc) from None
            raise

    def memory_per_unit(self) -> int | None:
        try:
            workers = self.client.scheduler_info()["workers"].values()
            per = [w["memory_limit"] // max(1, w["nthreads"]) for w in workers if w.get("memory_limit")]
        except Exception:
            return None
        return min(per) if per else None

    def submit(self, fn, item):
        with self._lost_as_compute_error():
            return self.client.submit(_TunedTask(fn), item, pure=False)

    def result(self, future):
        """The value of a finished ``future``; a lost worker or scheduler is a :class:`ComputeError`."""
        with self._lost_as_compute_error():
            return future.result()

    def wait_first(self, futures):
        """Block until at least one of ``futures`` is done; return the done ones."""
        from distributed import wait

        # the client is not the process's default (set_as_default=False)
        with self._lost_as_compute_error(), self.client.as_current():
            return list(wait(list(futures), return_when="FIRST_COMPLETED").done)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._own:
            with contextlib.suppress(Exception):
                self.client.close(timeout=self._timeout)
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


def make_executor(scheduler: str | None = None, workers: int | None = None, *, timeout: float = 5.0,
                  security=None, field: str = "--scheduler"):
    """The executor a run asks for.

    ``scheduler`` None or ``"processes"``: local process pool (``workers`` processes,
    default all cores); ``"serial"``: this process; ``"dask"``: a Dask cluster of
    ``workers`` local processes (:func:`local_cluster`); anything else: a Dask scheduler
    address, checked within ``timeout`` seconds.
    """
    if scheduler in (None, "", "processes"):
        if workers == 1:
            return SerialExecutor()
        return ProcessExecutor(workers)
    if scheduler == "serial":
        return SerialExecutor()
    if scheduler == "dask":
        cluster = local_cluster(workers)
        return DaskExecutor(cluster.scheduler_address, timeout=timeout, field=field, cluster=cluster)
    return DaskExecutor(scheduler, timeout=timeout, security=security, field=field)
