"""A generated index of what ``isacnet describe`` and ``reproduce --list`` print, read with the standard library.

Describing a figure needs its experiment's parameter model, and listing the implemented
figures needs every figure module: importing them (NumPy, SciPy, pydantic, every paper's
modules) costs a fresh process one to two CPU seconds. ``_describe_index.json`` holds those
outputs, generated from the same source by ``python -m isacnet.describe --write`` (which also
writes ``docs/reference/parameters.md``), together with a fingerprint of the files they come
from (scenarios, experiments, models, figures, and the modules that read them). The CLI uses the
index only when the fingerprint matches the installed source, and computes the answer afresh
otherwise; ``tests/cli/test_describe.py`` fails when the committed index is stale.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

__all__ = ["INDEX", "fingerprint", "load_index", "describe_text", "implemented_figures"]

ROOT = Path(__file__).parent
INDEX = ROOT / "_describe_index.json"
SOURCES = ("scenarios/*.toml", "experiments/**/*.py", "models/**/*.py", "figures/**/*.py", "scenario.py",
           "describe.py", "catalog.py", "registry.py", "_plugins.py", "_index.py")


def fingerprint() -> str:
    """Hash of the files the indexed outputs are computed from."""
    h = hashlib.sha256()
    for pattern in SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def load_index() -> dict | None:
    """The index when it matches the installed source, else None."""
    try:
        data = json.loads(INDEX.read_text())
    except (OSError, ValueError):
        return None
    return data if data.get("fingerprint") == fingerprint() else None


def describe_text(target: str) -> str | None:
    """What ``isacnet describe target`` prints, for a figure id, built-in scenario or experiment id (None: unknown
    to the index, or the index is stale)."""
    data = load_index()
    return None if data is None else data["describe"].get(target)


def implemented_figures() -> set[str] | None:
    """Ids of the registered figures (None: the index is stale)."""
    data = load_index()
    return None if data is None else set(data["figures"])
