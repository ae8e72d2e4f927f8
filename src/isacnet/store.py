"""Results store: atomic netCDF, tidy CSV and figure files, and the point cache.

Every file is written to a temporary name in the target folder and then renamed,
so an interrupted run never leaves a half-written result behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import xarray as xr

import numpy as np

__all__ = [
    "atomic_write",
    "write_dataset",
    "read_dataset",
    "write_tidy_csv",
    "save_figure",
    "PointCache",
    "TIDY_COLUMNS",
]

TIDY_COLUMNS = ("series", "value", "ci_low", "ci_high", "n_samples")


def atomic_write(path: str | Path, writer: Callable[[Path], None]) -> Path:
    """Call ``writer(tmp_path)`` then rename ``tmp_path`` to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        writer(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def write_dataset(ds: "xr.Dataset", path: str | Path) -> Path:
    """Write a result to netCDF atomically, one CF variable per series (:func:`isacnet.cf.to_cf`)."""
    from isacnet.cf import to_cf

    stored = to_cf(ds) if "series" in ds.dims else ds
    return atomic_write(path, lambda p: stored.to_netcdf(p))


def read_dataset(path: str | Path) -> "xr.Dataset":
    """Load a stored result fully into memory, series stacked again (:func:`isacnet.cf.from_cf`)."""
    import xarray as xr

    from isacnet.cf import from_cf

    with xr.open_dataset(path) as ds:
        return from_cf(ds.load())


def write_tidy_csv(ds: "xr.Dataset", path: str | Path) -> Path:
    """One row per point and series: swept parameters, series, value, CI, samples, label and units."""
    cols = [c for c in ("value", "ci_low", "ci_high", "n_samples") if c in ds]
    df = ds[cols].to_dataframe().reset_index()
    dims = [d for d in ds["value"].dims if d != "series"]
    extra = [c for c in df.columns if c not in (*dims, *TIDY_COLUMNS)]
    df = df[[*dims, *TIDY_COLUMNS, *[c for c in ("series_label", "series_units") if c in extra]]]
    df = df.rename(columns={"series_units": "units"})
    df["n_samples"] = df["n_samples"].astype(np.int64)
    return atomic_write(path, lambda p: df.to_csv(p, index=False, float_format="%.10g"))


def save_figure(fig, path: str | Path) -> Path:
    """Save a matplotlib figure atomically at its own size (never ``bbox_inches="tight"``, which would
    change the printed width); the format follows the suffix, PNG at 300 dpi."""
    path = Path(path)
    return atomic_write(path, lambda p: fig.savefig(p, format=path.suffix[1:], dpi=300, bbox_inches=None))


class PointCache:
    """Finished sweep points, one JSON file each, keyed by a hash of everything they depend on."""

    def __init__(self, root: str | Path | None):
        self.root = None if root is None else Path(root)

    def _path(self, key: str) -> Path:
        return self.root / f"{key}.json"

    def get(self, key: str):
        if self.root is None:
            return None
        p = self._path(key)
        if not p.exists():
            return None
        try:
            return json.loads(p.read_text())
        except (OSError, json.JSONDecodeError):
            return None

    def put(self, key: str, value: dict) -> None:
        if self.root is None:
            return
        text = json.dumps(value, default=_json_default)
        atomic_write(self._path(key), lambda p: p.write_text(text))


def _json_default(o):
    if isinstance(o, np.generic):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    raise TypeError(type(o))
