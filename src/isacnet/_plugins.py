"""A registry of items keyed by ``id`` whose entries are registered by plugin modules.

Experiments, figures, validation cases and claims each live in one. Listing the items imports
every module of the registry's package (once), so that their module-level ``register`` calls run.
Looking up one id first imports only the sub-package its paper key names (``coop.crlb`` and
``coop-fig4`` live in ``<package>.coop``): a worker process that runs one experiment imports that
paper's modules, not every paper's.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Generic, Protocol, TypeVar


class Identified(Protocol):
    """What a registry holds: anything with a string ``id``."""

    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=Identified)

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
        self._loaded_keys: set[str] = set()

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
        if key not in self._items and not self._loaded:
            self._load_paper(key)
        if key not in self._items:
            self.load()
        return self._items.get(key)

    def _load_paper(self, key: str) -> None:
        """Import the modules of the sub-package named by ``key``'s paper key (``coop`` of ``coop.crlb``)."""
        paper = key.replace("-", ".").split(".")[0]
        if not paper.isidentifier() or paper in self._loaded_keys:
            return
        self._loaded_keys.add(paper)
        for name in self.packages:
            try:
                pkg = importlib.import_module(f"{name}.{paper}")
            except ModuleNotFoundError as err:
                if err.name != f"{name}.{paper}":
                    raise
                continue
            for mod in pkgutil.walk_packages(getattr(pkg, "__path__", []), pkg.__name__ + "."):
                importlib.import_module(mod.name)
