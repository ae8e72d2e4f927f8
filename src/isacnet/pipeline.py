"""From a scenario to files: compute (or reuse), store netCDF + CSV, plot PNG + PDF.

This is what ``isacnet run`` and ``isacnet reproduce`` call; it keeps the CLI thin. Called from
a script, it computes serially unless asked otherwise (:func:`library_executor`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import xarray as xr

from isacnet.errors import InputError
from isacnet.parallel import make_executor
from isacnet.registry import FigureSpec, get_experiment, get_figure
from isacnet.runner import cache_key, check_memory, check_results_config, compute_dataset
from isacnet.scenario import Scenario, load_scenario, sweep_points
from isacnet.store import (
    ResultFolder,
    check_output_folder,
    check_result_name,
    read_dataset,
    save_figure,
    write_dataset,
    write_tidy_csv,
)

__all__ = ["RunOutput", "run_scenario", "reproduce_figure", "prepare_figure", "plot_figure", "figure_attributes",
           "figure_for_scenario", "library_executor", "variant_name", "check_destination", "require_writers"]


@dataclass(frozen=True)
class RunOutput:
    """Where a run's files are, its data, whether a stored result was reused, and what an
    earlier, different result it replaced was (None: nothing replaced)."""

    name: str
    dataset: xr.Dataset
    files: dict
    reused: bool
    replaced: str | None = None


def plot_figure(ds: xr.Dataset, spec: FigureSpec):
    """The matplotlib figure of ``spec`` for data ``ds``, at its declared width.

    See :func:`isacnet.plotting.draw_figure`.
    """
    from isacnet.plotting import draw_figure

    return draw_figure(ds, spec)


def figure_attributes(ds: xr.Dataset, spec: FigureSpec) -> dict:
    """What a drawn figure adds to its dataset's attributes: id, title, width, caption and the paper's
    numbers next to ours (:func:`isacnet.plotting.figure_attributes`); the caption ends with the run's
    profile values (:func:`profile_note`)."""
    from isacnet.plotting import figure_attributes as attributes

    attrs = attributes(spec, ds)
    note = profile_note(ds)
    if note:
        attrs["caption"] = attrs["notes"] = f"{attrs['caption']} {note}".strip()
    return attrs


def profile_note(ds: xr.Dataset) -> str:
    """``"Profile paper: reference_gain=60.26, ..."``: the profile of a result and the values it set."""
    import json

    name = ds.attrs.get("profile")
    if not name:
        return ""
    values = json.loads(ds.attrs.get("profile_values", "{}"))
    if not values:
        return ""
    params = json.loads(ds.attrs.get("scenario", "{}")).get("params", {})
    shown = ", ".join(f"{k}={params.get(k, v)}" for k, v in values.items())
    return f"Profile '{name}' (isacnet/profiles, docs/calibration.md): {shown}."


def figure_for_scenario(scn: Scenario, name: str | None = None) -> FigureSpec | None:
    """A figure spec that can plot ``scn``: the figure whose built-in scenario is ``name``,
    else the first registered figure of its experiment, with the x axis (and hue) set to
    the scenario's swept fields. None when nothing is swept or more than two fields are."""
    import dataclasses

    from isacnet.registry import figures

    exp = get_experiment(scn.experiment)
    dims, _ = sweep_points(scn, exp.params)
    names = [d for d, _ in dims]
    candidates = [f for f in figures().values() if f.experiment == exp.id]
    spec = next((f for f in candidates if f.scenario == name), candidates[0] if candidates else None)
    custom_mismatch = spec is not None and spec.plot is not None and names != [spec.x, spec.hue][: len(names)]
    if spec is None or not names or len(names) > 2 or custom_mismatch:
        return None
    if names == ["point"]:
        return None
    x = spec.x if spec.x in names else names[0]
    hue = next((n for n in names if n != x), None)
    return dataclasses.replace(spec, x=x, hue=hue, xlabel=spec.xlabel if x == spec.x else "")  # "": the field's symbol


def library_executor(scn: Scenario):
    """The executor a library call gets when it passes none: serial, unless the scenario's
    ``[compute]`` table asks for a process pool (``scheduler = "processes"`` or ``workers``) or a
    Dask scheduler. (The command line defaults to a process pool.)"""
    from isacnet.parallel import SerialExecutor, dask_security

    c = scn.compute
    if c.scheduler in (None, "", "serial") and (c.workers is None or c.scheduler == "serial"):
        return SerialExecutor()
    return make_executor(c.scheduler, c.workers, timeout=c.connect_timeout_s, field="compute.scheduler",
                         security=dask_security(c.tls_ca_file, c.tls_client_cert, c.tls_client_key))


def variant_name(base: str, overrides: list[str] | None) -> str:
    """``base`` when there are no overrides, else ``base+<8 hex digits>`` from the overrides.

    The digest depends on the parsed values only (``--set n=4`` and ``--set n = 4`` agree);
    ``compute.*`` overrides do not count.
    """
    import hashlib
    import json

    from isacnet.scenario import parse_override

    parsed = sorted((k, json.dumps(v, sort_keys=True)) for k, v in map(parse_override, overrides or [])
                    if not k.startswith("compute."))  # where a run computes does not change its numbers
    if not parsed:
        return base
    return f"{base}+{hashlib.sha256(json.dumps(parsed).encode()).hexdigest()[:8]}"


def require_writers(figure: bool) -> None:
    """Import what writing a result needs (xarray, netCDF4 and, for a figure, matplotlib) before
    anything is computed, so that a missing optional dependency stops a run before it starts."""
    import netCDF4  # noqa: F401
    import xarray  # noqa: F401

    if figure:
        import matplotlib  # noqa: F401


def check_destination(out_dir: str | Path, name: str) -> Path:
    """Check ``--out`` and ``--name`` before anything is computed; returns the result folder."""
    check_result_name(name)
    check_output_folder(out_dir)
    return check_output_folder(Path(out_dir) / name)


def run_scenario(
    scn: Scenario,
    out_dir: str | Path,
    name: str,
    *,
    figure: FigureSpec | None = None,
    executor=None,
    progress=None,
    force: bool = False,
    origin: str = "run",
) -> RunOutput:
    """Compute ``scn`` (or reuse an identical stored run) and write its files as one unit.

    Files: ``<out_dir>/<name>/<name>.nc``, ``.csv``, with a figure ``.png`` and ``.pdf``, and
    ``manifest.json`` (hash of each file, scenario, seed, version); finished points are cached
    under ``<out_dir>/.cache/<experiment>/``. The folder is replaced in one step under a lock
    (:class:`isacnet.store.ResultFolder`); a stored result is reused only when its manifest
    matches the scenario, the figure and every file's hash.

    Parameters
    ----------
    executor : executor, optional
        Default: :func:`library_executor` (serial unless the scenario's ``[compute]`` table asks
        for more). A process pool needs the caller's main script to guard its entry point with
        ``if __name__ == "__main__":``.
    origin : str
        What asked for the result (``"run"``, ``"reproduce"``), recorded in the manifest.
    """
    out_dir = Path(out_dir)
    check_destination(out_dir, name)
    require_writers(figure is not None)
    exp = get_experiment(scn.experiment)
    sweep_points(scn, exp.params)  # validate every point before anything is written
    check_results_config(scn, exp)  # and what [results] names
    own = executor is None
    if own:
        executor = library_executor(scn)
    try:
        check_memory(scn, executor)
        with ResultFolder(out_dir, name) as folder:
            return _run_locked(scn, folder, exp, figure, executor, progress, force, origin)
    finally:
        if own:
            executor.__exit__(None, None, None)


def _run_locked(scn, folder: ResultFolder, exp, figure, executor, progress, force, origin) -> RunOutput:
    name = folder.name
    final = {"netcdf": f"{name}.nc", "csv": f"{name}.csv"}
    if figure is not None:
        final.update(png=f"{name}.png", pdf=f"{name}.pdf")
    key = cache_key(scn)
    figure_id = figure.id if figure is not None else None
    stored = None if force else folder.current(key, figure_id)
    if stored is not None:
        try:
            ds = read_dataset(folder.folder / final["netcdf"])
            return RunOutput(name, ds, {k: folder.folder / f for k, f in final.items()}, True)
        except (OSError, ValueError):
            pass  # hashes matched but the file does not load: recompute
    previous = folder.manifest()
    ds = compute_dataset(scn, executor, cache_dir=folder.out_dir / ".cache" / exp.id, progress=progress,
                         refresh=force)
    if figure is not None:
        ds.attrs.update(figure_attributes(ds, figure))
    staging = folder.stage()
    write_dataset(ds, staging / final["netcdf"])
    write_tidy_csv(ds, staging / final["csv"])
    if figure is not None:
        import matplotlib.pyplot as plt

        fig = plot_figure(ds, figure)
        try:
            save_figure(fig, staging / final["png"])
            save_figure(fig, staging / final["pdf"])
        finally:
            plt.close(fig)
    folder.commit({
        "format": 1, "origin": origin, "cache_key": key, "figure": figure_id, "experiment": exp.id,
        "seed": scn.seed, "isacnet_version": ds.attrs.get("isacnet_version"), "scenario": scn.canonical(),
    })
    replaced = None
    if previous is not None and previous.get("cache_key") != key:
        replaced = f"replaced an earlier result of another scenario ('{previous.get('origin', '?')}', " \
                   f"{previous.get('written', '?')})"
    return RunOutput(name, ds, {k: folder.folder / f for k, f in final.items()}, False, replaced)


def reproduce_figure(fig_id: str, out_dir, *, quick: bool = False, overrides=None, executor=None, progress=None,
                     force: bool = False, name: str | None = None, profile: str | None = None) -> RunOutput:
    """Reproduce figure ``fig_id`` from its built-in scenario.

    The result goes to ``<out_dir>/<fig_id>/``; with ``overrides`` to ``<fig_id>+<hash>/``
    (:func:`variant_name`) and with the ``spec`` profile to ``<fig_id>+spec/``, so that a variant
    never replaces the figure itself, unless ``name`` says otherwise. ``profile``: ``"paper"`` or
    ``"spec"`` (default: the scenario's own, ``"paper"`` for every built-in scenario).
    """
    spec, scn = prepare_figure(fig_id, quick=quick, overrides=overrides, profile=profile)
    return run_scenario(scn, out_dir, name or figure_result_name(fig_id, overrides, scn.profile), figure=spec,
                        executor=executor, progress=progress, force=force, origin="reproduce")


def figure_result_name(fig_id: str, overrides: list[str] | None, profile: str = "paper") -> str:
    """Folder name of a reproduced figure: :func:`variant_name`, with ``+spec`` for the spec profile."""
    return variant_name(fig_id, overrides) + ("+spec" if profile == "spec" else "")


def prepare_figure(fig_id: str, *, quick: bool = False, overrides=None,
                   profile: str | None = None) -> tuple[FigureSpec, Scenario]:
    """Figure ``fig_id``'s spec and validated scenario (every sweep point checked), computing nothing."""
    spec = get_figure(fig_id)
    scn = load_scenario(spec.scenario, overrides=overrides, quick=quick, profile=profile)
    if scn.experiment != spec.experiment:
        raise InputError("experiment", f"figure {fig_id} needs experiment {spec.experiment!r}, got {scn.experiment!r}")
    sweep_points(scn, get_experiment(scn.experiment).params)
    for name, role in ((spec.x, "x axis"), (spec.hue, "curves")):
        if name and name in scn.params and not isinstance(scn.params[name], list) and \
                isinstance(load_scenario(spec.scenario, quick=quick).params.get(name), list):
            raise InputError(f"params.{name}", f"figure {fig_id} draws its {role} over this field: give a list of "
                                               "values (e.g. [1, 2, 3]), or use 'isacnet run' for one value")
    return spec, scn
