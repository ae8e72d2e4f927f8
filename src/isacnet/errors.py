"""Exceptions: bad user input, and numerical failures.

Every user-facing input error is an :class:`InputError`: it names the offending field and
the allowed range, and the CLI turns it into a one-line message and exit code 2. A
:class:`NumericalError` is a computation that cannot give a number for valid input (a
singular matrix inside an optimiser); callers that can recover catch it, and nothing
reports it as the user's fault. A singular *geometry* is not an error: its CRLB is ``inf``
and a :class:`SingularGeometryWarning` says so.
"""

from __future__ import annotations

__all__ = ["InputError", "ComputeError", "NumericalError", "SingularGeometryWarning", "require"]


class InputError(ValueError):
    """Bad user input: a scenario field, CLI argument, figure id or file.

    Parameters
    ----------
    field : str
        Dotted name of the offending field (``params.cluster_size_sense``) or argument.
    message : str
        What is wrong, ideally with the allowed range (``must be >= 1, got 0``).
    """

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")

    def __reduce__(self):  # survives the trip back from a worker process
        return (type(self), (self.field, self.message))


def require(condition: bool, field: str, message: str) -> None:
    """Raise :class:`InputError` for ``field`` unless ``condition`` holds."""
    if not condition:
        raise InputError(field, message)


class ComputeError(RuntimeError):
    """The machinery a run computes on failed under it: a worker process died, the Dask
    scheduler went away. Not the input's fault; finished points stay cached.

    Parameters
    ----------
    where : str
        What failed (``"workers"``, ``"--scheduler"``).
    message : str
        One line: what happened and what to do.
    """

    def __init__(self, where: str, message: str):
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        return (type(self), (self.where, self.message))


class NumericalError(ArithmeticError):
    """A computation failed numerically for valid input (e.g. a singular matrix).

    Parameters
    ----------
    what : str
        What failed and where (``"majoriser: F_{-k} is singular"``).
    """

    def __init__(self, what: str):
        self.what = what
        super().__init__(what)

    def __reduce__(self):
        return (type(self), (self.what,))


class SingularGeometryWarning(RuntimeWarning):
    """A geometry (one BS, collinear BSs) makes the Fisher information singular: CRLB = inf."""
