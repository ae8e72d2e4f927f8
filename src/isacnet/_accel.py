"""Optional compiled kernels: a numba loop form next to every NumPy reference.

numba is an optional dependency (``pip install isacnet[fast]``). A :class:`Kernel` pairs a
NumPy implementation, always available, with a loop implementation in a ``*_loops`` module
that is compiled by numba (``cache=True``: compiled once per machine, then loaded from
``__pycache__``). The loop module, and numba itself, are imported on the first call only,
so importing isacnet, or an experiment in a worker process, never imports numba.

Which one runs: the loop form when numba is importable, the environment variable
``ISACNET_NO_NUMBA`` is not ``1``, and the caller has not chosen the NumPy form with
:func:`compiled_kernels` (``False``); the NumPy form otherwise. The sweep runner makes that
choice once per run, from the run's Monte Carlo budget alone (short runs do not pay numba's
import and cache load, about 0.4 CPU-s per process), so every worker of a run uses the same form.
Both forms draw the same random numbers through the same ``numpy.random.Generator`` calls (the
loop forms take the draws as arrays), and the tests run both and compare them: bit-identical
where the operations are the same IEEE operations in the same order, otherwise to a stated
tolerance.
"""

from __future__ import annotations

import contextvars
import importlib
import importlib.util
import os
from collections.abc import Callable
from contextlib import contextmanager

__all__ = ["Kernel", "numba_enabled", "numba_installed", "compiled_kernels", "use_compiled"]

_INSTALLED: bool | None = None
# set by compiled_kernels(); None: compiled whenever numba is enabled. A context variable, so that the
# choice of one run (a thread, a Dask task) never leaks into another running at the same time
_CHOICE: contextvars.ContextVar[bool | None] = contextvars.ContextVar("isacnet_compiled_kernels", default=None)


def numba_installed() -> bool:
    """True when numba can be imported (checked once, without importing it)."""
    global _INSTALLED
    if _INSTALLED is None:
        _INSTALLED = importlib.util.find_spec("numba") is not None
    return _INSTALLED


def numba_enabled() -> bool:
    """True when the compiled loop forms run: numba installed and ``ISACNET_NO_NUMBA`` not set to 1."""
    return os.environ.get("ISACNET_NO_NUMBA", "").strip().lower() not in ("1", "true", "yes") and numba_installed()


def use_compiled() -> bool:
    """Whether kernels called now run their compiled form."""
    return _CHOICE.get() is not False and numba_enabled()


@contextmanager
def compiled_kernels(choice: bool | None):
    """Within the block, run the compiled forms (``True``, when numba is enabled), the NumPy
    forms (``False``), or the default (``None``)."""
    token = _CHOICE.set(choice)
    try:
        yield
    finally:
        _CHOICE.reset(token)


class Kernel:
    """A NumPy function and its numba-compiled loop twin behind one call.

    Parameters
    ----------
    numpy : callable
        The reference implementation (vectorised NumPy).
    loops : str
        ``"package.module:function"`` of the loop implementation, a function decorated with
        ``numba.njit(cache=True)`` in a module that imports numba at its top.

    Examples
    --------
    >>> k = Kernel(sum, "isacnet.geometry._ppp_loops:cumulative_arrivals")  # doctest: +SKIP
    >>> k(...)            # the compiled form when numba is enabled, else ``numpy``
    >>> k.numpy(...)      # always the NumPy form
    """

    def __init__(self, numpy: Callable, loops: str):
        self.numpy = numpy
        self._loops_name = loops
        self._loops: Callable | None = None
        self.__doc__ = numpy.__doc__
        self.__name__ = getattr(numpy, "__name__", "kernel")

    @property
    def loops(self) -> Callable:
        """The compiled loop form (imports numba on first use)."""
        if self._loops is None:
            module, name = self._loops_name.split(":")
            self._loops = getattr(importlib.import_module(module), name)
        return self._loops

    def __call__(self, *args):
        if use_compiled():
            return self.loops(*args)
        return self.numpy(*args)

    def __repr__(self) -> str:
        return f"Kernel({self.__name__}, loops={self._loops_name!r})"
