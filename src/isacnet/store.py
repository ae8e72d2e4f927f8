"""Results store: atomic netCDF, tidy CSV and figure files, result folders, and the point cache.

Every file is written to a temporary name in the target folder and then renamed, so an
interrupted run never leaves a half-written file behind. A run's folder is written as one unit
(:class:`ResultFolder`): its files and a ``manifest.json`` (hash of each file, scenario, seed,
version) go into a hidden staging folder that then replaces the old folder in one step, under a
lock, so that a folder never mixes two runs. Point-cache entries that cannot be read or do not
match are moved aside with one warning and recomputed (:class:`PointCache`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import datetime as _dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Literal, NoReturn

if TYPE_CHECKING:
    import xarray as xr

import numpy as np

from isacnet.errors import InputError

__all__ = [
    "atomic_write",
    "write_dataset",
    "read_dataset",
    "write_tidy_csv",
    "save_figure",
    "PointCache",
    "CacheWarning",
    "ResultFolder",
    "MANIFEST_NAME",
    "check_result_name",
    "check_output_folder",
    "TIDY_COLUMNS",
]

TIDY_COLUMNS = ("series", "value", "ci_low", "ci_high", "n_samples")


def atomic_write(path: str | Path, writer: Callable[[Path], object]) -> Path:
    """Call ``writer(tmp_path)`` (its return value is ignored) then rename ``tmp_path`` to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
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


def write_dataset(ds: xr.Dataset, path: str | Path) -> Path:
    """Write a result to netCDF atomically, one CF variable per series (:func:`isacnet.cf.to_cf`)."""
    from isacnet.cf import to_cf

    stored = to_cf(ds) if "series" in ds.dims else ds
    return atomic_write(path, lambda p: stored.to_netcdf(p))


def read_dataset(path: str | Path) -> xr.Dataset:
    """Load a stored result fully into memory, series stacked again (:func:`isacnet.cf.from_cf`)."""
    import xarray as xr

    from isacnet.cf import from_cf

    with xr.open_dataset(path) as ds:
        return from_cf(ds.load())


def write_tidy_csv(ds: xr.Dataset, path: str | Path) -> Path:
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


class CacheWarning(UserWarning):
    """A point-cache entry could not be used; it was moved aside and its point is recomputed."""


MAX_CACHE_ENTRY_BYTES = 64 << 20
"""Largest point-cache entry read [bytes] (a real one holds a few kB)."""


class PointCache:
    """Finished sweep points, one JSON file each, keyed by a hash of everything they depend on.

    An entry that cannot be read, is not JSON, or fails the caller's check is reported in one
    :class:`CacheWarning` naming the file, moved aside to ``<key>.json.bad`` and treated as
    missing, so that its point is recomputed.
    """

    def __init__(self, root: str | Path | None):
        self.root = None if root is None else Path(root)

    def _path(self, key: str) -> Path:
        if self.root is None:
            raise RuntimeError("a point cache without a root folder stores nothing")
        return self.root / f"{key}.json"

    def get(self, key: str, check: Callable[[object], str | None] | None = None):
        """The entry stored under ``key``, or None.

        Parameters
        ----------
        key : str
        check : callable, optional
            ``check(entry) -> None | str``: a reason why a parsed entry does not fit.
        """
        if self.root is None:
            return None
        p = self._path(key)
        if not os.path.lexists(p):
            return None
        problem, entry = None, None
        try:
            if not p.is_file():
                problem = "is not a file"
            elif p.stat().st_size > MAX_CACHE_ENTRY_BYTES:
                problem = f"is larger than {MAX_CACHE_ENTRY_BYTES} bytes"
            else:
                entry = json.loads(p.read_bytes().decode("utf-8"))
        except OSError as exc:
            problem = f"cannot be read ({exc.strerror or exc.__class__.__name__})"
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            problem = "is not valid JSON"
        if problem is None and check is not None:
            problem = check(entry)
        if problem is not None:
            self._move_aside(p, problem)
            return None
        return entry

    def _move_aside(self, path: Path, problem: str) -> None:
        bad = path.with_name(path.name + ".bad")
        try:
            if bad.is_dir() and not bad.is_symlink():
                shutil.rmtree(bad)
            os.replace(path, bad)
            where = f"moved it to {bad.name}"
        except OSError:
            where = "could not move it aside"
        warnings.warn(CacheWarning(f"point cache entry {path} {problem}; {where} and recomputing the point"),
                      stacklevel=3)

    def put(self, key: str, value: dict) -> None:
        if self.root is None:
            return
        text = json.dumps(value, default=_json_default)
        atomic_write(self._path(key), lambda p: p.write_text(text))


# -- result folders ---------------------------------------------------------------------
MANIFEST_NAME = "manifest.json"
MAX_NAME_LENGTH = 100
_NAME_FORBIDDEN = re.compile(r"[/\\\x00-\x1f\x7f]")


def check_result_name(name: str, field: str = "--name") -> str:
    """``name`` if it is a safe single path component, else :class:`InputError`.

    Allowed: 1 to 100 characters, no path separator or control character, not starting with a
    dot (``.``, ``..`` and hidden names are refused; hidden names are the store's own).
    """
    if not isinstance(name, str) or not name:
        raise InputError(field, "must be a non-empty name")
    if len(name) > MAX_NAME_LENGTH:
        raise InputError(field, f"must have at most {MAX_NAME_LENGTH} characters, got {len(name)}")
    if _NAME_FORBIDDEN.search(name) or os.path.isabs(name):
        raise InputError(field, f"must be a single folder name without '/', '\\' or control characters, got {name!r}")
    if name.startswith("."):
        raise InputError(field, f"must not start with '.', got {name!r}")
    return name


def check_output_folder(folder: str | Path, field: str = "--out") -> Path:
    """Check, without writing, that ``folder`` is (or can be created as) a writable folder."""
    folder = Path(folder)
    try:
        probe = folder.absolute()
        missing = []
        while not os.path.lexists(probe):
            missing.append(probe.name)
            if probe.parent == probe:
                break
            probe = probe.parent
        if not probe.is_dir():
            here = probe == folder.absolute()
            what = "is not a folder" if here else f"is inside {str(probe)!r}, which is not a folder"
            raise InputError(field, f"{str(folder)!r} {what}")
        if not os.access(probe, os.W_OK | os.X_OK):
            raise InputError(field, f"{str(probe)!r} is not writable")
    except OSError as exc:
        raise InputError(field, f"cannot use {str(folder)!r}: {exc.strerror or exc.__class__.__name__}") from None
    return folder


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return rc == 0


class ResultFolder:
    """``<out_dir>/<name>/`` written as one unit, under a lock.

    Use as a context manager: entering takes the folder's lock (another run holding it is an
    :class:`InputError`) and removes staging folders that an earlier, killed run left behind;
    :meth:`current` tells whether the stored result matches; :meth:`stage` gives an empty
    hidden folder to write into; :meth:`commit` writes the manifest and puts the staged folder in
    place of the old one in one step. Leaving without a commit removes the staging folder.
    """

    OWN_SUFFIXES = (".nc", ".csv", ".png", ".pdf")

    def __init__(self, out_dir: str | Path, name: str):
        self.out_dir = Path(out_dir)
        self.name = check_result_name(name)
        self.folder = self.out_dir / name
        self._lock_path = self.out_dir / f".{name}.lock"
        self._lock_fd: int | None = None
        self._staging: Path | None = None

    # -- lock -------------------------------------------------------------------------
    def __enter__(self) -> ResultFolder:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._lock()
        try:
            self._check_foreign()
            for stale in self.out_dir.glob(f".{self.name}.tmp-*"):
                shutil.rmtree(stale, ignore_errors=True)
        except BaseException:
            self._unlock()
            raise
        return self

    def __exit__(self, *exc) -> Literal[False]:
        try:
            if self._staging is not None:
                shutil.rmtree(self._staging, ignore_errors=True)
                self._staging = None
        finally:
            self._unlock()
        return False

    def _lock(self) -> None:
        fcntl: ModuleType | None
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: an exclusive lock file
            fcntl = None
        while True:
            if fcntl is None:  # pragma: no cover
                try:
                    fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
                except FileExistsError:
                    self._busy()
                break
            fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.read(fd, 32).decode(errors="replace").strip()
                os.close(fd)
                self._busy(holder)
            try:  # the holder before us removes the file as it leaves: lock the file that is there now
                same = os.stat(self._lock_path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._lock_fd = fd

    def _busy(self, holder: str = "") -> NoReturn:
        who = f" (process {holder})" if holder.isdigit() else ""
        raise InputError("--out", f"{str(self.folder)!r} is being written by another isacnet run{who}; "
                                  "wait for it to finish or give another --name")

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._lock_path)
            os.close(self._lock_fd)
            self._lock_fd = None

    def _check_foreign(self) -> None:
        if not os.path.lexists(self.folder):
            return
        if not self.folder.is_dir() or self.folder.is_symlink():
            raise InputError("--out", f"{str(self.folder)!r} exists and is not a folder")
        own = {MANIFEST_NAME, *(self.name + s for s in self.OWN_SUFFIXES)}
        foreign = sorted(p.name for p in self.folder.iterdir() if p.name not in own)
        if foreign:
            shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
            raise InputError("--out", f"{str(self.folder)!r} holds files that isacnet did not write ({shown}); "
                                      "move them away or give another --name")

    # -- contents ---------------------------------------------------------------------
    def manifest(self) -> dict | None:
        """The stored manifest, or None when there is none or it cannot be read."""
        try:
            data = json.loads((self.folder / MANIFEST_NAME).read_text())
        except (OSError, ValueError, RecursionError):
            return None
        return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else None

    def current(self, cache_key: str, figure: str | None) -> dict | None:
        """The manifest when the stored result is the one asked for and intact, else None.

        Intact: every file the manifest lists is there with the hash it records, and a figure
        was drawn exactly when one is asked for (``figure`` is its id).
        """
        m = self.manifest()
        if m is None or m.get("cache_key") != cache_key or m.get("figure") != figure:
            return None
        try:
            for fname, digest in m["files"].items():
                if check_result_name(str(fname), "manifest") != fname or _sha256(self.folder / fname) != digest:
                    return None
        except (OSError, InputError):
            return None
        return m

    def stage(self) -> Path:
        """An empty hidden folder beside the result to write the new files into."""
        if self._lock_fd is None:
            raise RuntimeError("ResultFolder.stage() outside its 'with' block")
        if self._staging is None:
            self._staging = Path(tempfile.mkdtemp(prefix=f".{self.name}.tmp-", dir=self.out_dir))
            os.chmod(self._staging, 0o777 & ~_umask())
        return self._staging

    def commit(self, manifest: dict) -> dict[str, Path]:
        """Write ``manifest`` (plus the hash of every staged file) and put the staged folder in place.

        Returns
        -------
        dict of str to Path
            Every staged file's final path by file name.
        """
        staging = self.stage()
        files = sorted(p.name for p in staging.iterdir() if p.name != MANIFEST_NAME)
        record = dict(manifest)
        record.update(name=self.name, files={f: _sha256(staging / f) for f in files},
                      written=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"))
        text = json.dumps(record, indent=2, sort_keys=True, default=_json_default)
        atomic_write(staging / MANIFEST_NAME, lambda p: p.write_text(text + "\n"))
        if not os.path.lexists(self.folder):
            os.rename(staging, self.folder)
        elif _exchange(staging, self.folder):
            shutil.rmtree(staging)  # now the old folder
        else:  # pragma: no cover - not Linux: two renames, under the lock
            old = Path(tempfile.mkdtemp(prefix=f".{self.name}.tmp-old-", dir=self.out_dir))
            os.rename(self.folder, old / self.name)
            os.rename(staging, self.folder)
            shutil.rmtree(old)
        self._staging = None
        return {f: self.folder / f for f in files}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _json_default(o):
    if isinstance(o, np.generic):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    raise TypeError(type(o))
