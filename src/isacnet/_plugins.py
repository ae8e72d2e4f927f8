"""A registry of items keyed by ``id`` whose entries are registered by plugin modules.

Experiments, figures, validation cases and claims each live in one. The first query imports
every module of the registry's package (once), so that their module-level ``register`` calls run.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Generic, TypeVar

T = TypeVar("T")

__all__ = ["Registry"]


class Registry(Generic[T]):
    """Items of one kind by id.

    Parameters
    ----------
    kind : str
        Used in error messages ("validation case", "claim").
    packages : str or tuple of str
        Dotted names of the packages whose modules register items.
    """

    def __init__(self, kind: str, packages: str | tuple[str, ...]):
        self.kind = kind
        self.packages = (packages,) if isinstance(packages, str) else tuple(packages)
        self._items: dict[str, T] = {}
        self._loaded = False

    def register(self, item: T) -> T:
        """Add ``item`` (its ``id`` must be new, unless it is the same object)."""
        key = item.id
        if key in self._items and self._items[key] is not item:
            raise ValueError(f"{self.kind} {key!r} registered twice")
        self._items[key] = item
        return item

    def load(self) -> None:
        """Import every module below the packages (once)."""
        if self._loaded:
            return
        for name in self.packages:
            pkg = importlib.import_module(name)
            for mod in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
                importlib.import_module(mod.name)
        self._loaded = True

    def all(self) -> dict[str, T]:
        """Every registered item, after loading the plugins."""
        self.load()
        return dict(self._items)

    def find(self, key: str) -> T | None:
        self.load()
        return self._items.get(key)
