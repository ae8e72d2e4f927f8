"""What the report shows, read from the stored results (or run and stored where missing)."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import warnings
from importlib import metadata
from pathlib import Path
from typing import Any

from isacnet.store import MANIFEST_NAME, atomic_write

__all__ = ["collect_figures", "stored_budget_is_quick", "environment", "load_or_run_claims", "load_or_run_validation",
           "parse_paper_numbers"]

_FILE_KINDS = {"png": ".png", "pdf": ".pdf", "csv": ".csv", "netcdf": ".nc"}
_ATTRS = ("figure", "figure_title", "title", "experiment", "seed", "isacnet_version", "git_commit", "created",
          "wall_time_s", "total_compute_time_s", "profile", "notes", "python_version", "numpy_version",
          "scipy_version")


def _number(v):
    """A netCDF attribute as a plain JSON value (numpy scalars to Python; non-finite floats to strings)."""
    if hasattr(v, "item") and getattr(v, "ndim", 1) == 0:
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if hasattr(v, "tolist"):
        return v.tolist()
    return v


def parse_paper_numbers(raw) -> Any:
    """The ``paper_numbers`` attribute as data: JSON text is decoded, anything else is kept as it is.

    The figure modules store the paper's numbers next to ours as JSON (a list of records or a
    mapping); a plain sentence is shown as a sentence.
    """
    if raw is None:
        return None
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return _number(raw)


def _read_attrs(nc: Path) -> tuple[dict, str]:
    try:
        import xarray as xr

        with xr.open_dataset(nc) as ds:
            return {k: _number(v) for k, v in ds.attrs.items()}, ""
    except Exception as exc:  # a damaged file is shown as such, it does not stop the report
        return {}, f"{nc.name} could not be read ({type(exc).__name__})"


def _read_manifest(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _budget(name: str, scenario_json: Any) -> str:
    """``"quick"`` or ``"full"`` when the stored scenario is built-in scenario ``name`` with or without its
    ``[quick]`` budget, ``"custom"`` otherwise (overrides, another scenario, or no scenario stored)."""
    from isacnet.scenario import builtin_scenarios, load_scenario

    if name not in builtin_scenarios() or not isinstance(scenario_json, str):
        return "custom"
    try:
        stored = json.loads(scenario_json)
    except ValueError:
        return "custom"

    def strip(d):
        return {k: v for k, v in d.items() if k not in ("quick", "compute")}

    for budget, quick in (("quick", True), ("full", False)):
        if strip(load_scenario(name, quick=quick).model_dump(mode="json")) == strip(stored):
            return budget
    return "custom"


def _figure_card(folder: Path) -> dict[str, Any]:
    name = folder.name
    files = {kind: f"{name}/{name}{suffix}" for kind, suffix in _FILE_KINDS.items()
             if (folder / f"{name}{suffix}").is_file()}
    attrs, problem = _read_attrs(folder / f"{name}.nc") if "netcdf" in files else ({}, f"{name}.nc is missing")
    manifest = _read_manifest(folder)
    chosen = {k: attrs.get(k) for k in _ATTRS}
    profile = chosen["profile"] or (manifest or {}).get("profile") or "spec"
    return {
        "id": name,
        "figure": chosen["figure"] or name,
        "title": chosen["figure_title"] or chosen["title"] or name,
        "experiment": chosen["experiment"],
        "caption": attrs.get("caption"),
        "paper_numbers": parse_paper_numbers(attrs.get("paper_numbers")),
        "notes": chosen["notes"],
        "files": files,
        "image": files.get("png"),
        "runtime_s": chosen["wall_time_s"],
        "compute_time_s": chosen["total_compute_time_s"],
        "seed": chosen["seed"],
        "isacnet_version": chosen["isacnet_version"],
        "git_commit": chosen["git_commit"],
        "created": chosen["created"],
        "profile": profile,
        "budget": _budget(name, attrs.get("scenario")),
        "manifest": None if manifest is None else {k: manifest.get(k) for k in ("origin", "written", "figure")},
        "problem": problem,
    }


def collect_figures(out: Path) -> list[dict[str, Any]]:
    """One card per result folder of ``out`` (a folder ``<name>/`` holding ``<name>.nc`` or ``<name>.png``),
    in the catalogue's order, then by name."""
    from isacnet.catalog import CATALOG

    folders = [p for p in sorted(out.iterdir()) if p.is_dir() and not p.name.startswith(".")
               and any((p / f"{p.name}{s}").is_file() for s in (".nc", ".png"))]
    order = {fid: i for i, fid in enumerate(CATALOG)}
    folders.sort(key=lambda p: (order.get(p.name, len(order)), p.name))
    return [_figure_card(p) for p in folders]


def stored_budget_is_quick(figures: list[dict[str, Any]]) -> bool:
    """Whether the stored built-in figures were all reproduced with their quick budget (``--quick``)."""
    budgets = {f["budget"] for f in figures} - {"custom"}
    return budgets == {"quick"}


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def environment() -> dict[str, Any]:
    """Where the report was made: Python, NumPy, SciPy (and the plotting stack), platform, CPUs, isacnet."""
    from isacnet._version import __version__
    from isacnet.runner import git_commit, library_versions

    libs = library_versions()
    usable: int | None
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count()
    return {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "isacnet_version": __version__,
        "git_commit": git_commit(),
        "python": f"{libs['python']} ({platform.python_implementation()})",
        "numpy": libs["numpy"],
        "scipy": libs["scipy"],
        "xarray": _version("xarray"),
        "matplotlib": _version("matplotlib"),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
    }


def _load(path: Path, kind: str) -> dict | None:
    """A stored JSON document of ``kind``, None when absent; a damaged one is reported and ignored."""
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        doc = None
    if isinstance(doc, dict) and doc.get("kind") == kind:
        return doc
    warnings.warn(f"{path} is not an '{kind}' document; running it again", stacklevel=3)
    return None


def _store(path: Path, doc: dict) -> dict:
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"

    def write(p: Path) -> None:
        p.write_text(text, encoding="utf-8")

    atomic_write(path, write)
    return doc


def load_or_run_claims(path: Path, *, quick: bool, rerun: bool = False) -> dict:
    """The claims document stored at ``path``, or (absent, or ``rerun``) run every claim and store it."""
    doc = None if rerun else _load(path, "isacnet claims")
    if doc is not None:
        return doc
    from isacnet.claims import check_profiles, claims, records_document

    records = [r for c in claims().values() for r in check_profiles(c, quick=quick)]
    return _store(path, records_document(records, quick=quick, profile="both"))


def load_or_run_validation(path: Path, *, quick: bool) -> dict:
    """The validation document stored at ``path``, or (absent) run every case and store it."""
    doc = _load(path, "isacnet validate")
    if doc is not None:
        return doc
    from isacnet.validation import cases, results_document, run_case

    return _store(path, results_document([run_case(c, quick=quick) for c in cases().values()], quick=quick))
