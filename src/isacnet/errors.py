"""Exceptions raised for bad user input.

Every user-facing error is an :class:`InputError`: it names the offending field and
the allowed range, and the CLI turns it into a one-line message and exit code 2.
"""

from __future__ import annotations

__all__ = ["InputError", "require"]


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
