"""From a scenario to files: compute (or reuse), store netCDF + CSV, plot PNG + PDF.

This is what ``isacnet run`` and ``isacnet reproduce`` call; it keeps the CLI thin.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import xarray as xr

from isacnet.errors import InputError
from isacnet.parallel import make_executor
from isacnet.registry import FigureSpec, get_experiment, get_figure
from isacnet.runner import cache_key, compute_dataset
from isacnet.scenario import Scenario, load_scenario, sweep_points
from isacnet.store import read_dataset, save_figure, write_dataset, write_tidy_csv

__all__ = ["RunOutput", "run_scenario", "reproduce_figure", "plot_figure", "figure_attributes", "figure_for_scenario"]


@dataclass(frozen=True)
class RunOutput:
    """Where a run's files are, its data, and whether a stored result was reused."""

    name: str
    dataset: xr.Dataset
    files: dict
    reused: bool


def plot_figure(ds: xr.Dataset, spec: FigureSpec):
    """The matplotlib figure of ``spec`` for data ``ds``, at its declared width (:func:`isacnet.plotting.draw_figure`)."""
    from isacnet.plotting import draw_figure

    return draw_figure(ds, spec)


def figure_attributes(ds: xr.Dataset, spec: FigureSpec) -> dict:
    """What a drawn figure adds to its dataset's attributes: id, title, width, caption and the paper's
    numbers next to ours (:func:`isacnet.plotting.figure_attributes`)."""
    from isacnet.plotting import figure_attributes as attributes

    return attributes(spec, ds)


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
    if spec is None or not names or len(names) > 2 or spec.plot is not None and names != [spec.x, spec.hue][: len(names)]:
        return None
    if names == ["point"]:
        return None
    x = spec.x if spec.x in names else names[0]
    hue = next((n for n in names if n != x), None)
    return dataclasses.replace(spec, x=x, hue=hue, xlabel=spec.xlabel if x == spec.x else x)


def run_scenario(
    scn: Scenario,
    out_dir: str | Path,
    name: str,
    *,
    figure: FigureSpec | None = None,
    executor=None,
    progress=None,
    force: bool = False,
) -> RunOutput:
    """Compute ``scn`` (or reuse an identical stored run) and write its files.

    Files: ``<out_dir>/<name>/<name>.nc``, ``.csv`` and, with a figure, ``.png`` and
    ``.pdf``; finished points are cached under ``<out_dir>/.cache/<experiment>/``.
    """
    exp = get_experiment(scn.experiment)
    sweep_points(scn, exp.params)  # validate every point before anything is written
    folder = Path(out_dir) / name
    nc = folder / f"{name}.nc"
    files = {"netcdf": nc, "csv": folder / f"{name}.csv"}
    if figure is not None:
        files.update(png=folder / f"{name}.png", pdf=folder / f"{name}.pdf")
    key = cache_key(scn)
    if not force and nc.exists() and all(p.exists() for p in files.values()):
        try:
            old = read_dataset(nc)
        except (OSError, ValueError):
            old = None
        if old is not None and old.attrs.get("cache_key") == key:
            return RunOutput(name, old, files, True)
    own = executor is None
    if own:
        executor = make_executor(scn.compute.scheduler, scn.compute.workers)
    try:
        ds = compute_dataset(scn, executor, cache_dir=Path(out_dir) / ".cache" / exp.id, progress=progress,
                             refresh=force)
    finally:
        if own:
            executor.__exit__(None, None, None)
    if figure is not None:
        ds.attrs.update(figure_attributes(ds, figure))
    write_dataset(ds, nc)
    write_tidy_csv(ds, files["csv"])
    if figure is not None:
        import matplotlib.pyplot as plt

        fig = plot_figure(ds, figure)
        try:
            save_figure(fig, files["png"])
            save_figure(fig, files["pdf"])
        finally:
            plt.close(fig)
    return RunOutput(name, ds, files, False)


def reproduce_figure(fig_id: str, out_dir, *, quick: bool = False, overrides=None, executor=None, progress=None,
                     force: bool = False) -> RunOutput:
    """Reproduce figure ``fig_id`` from its built-in scenario."""
    spec = get_figure(fig_id)
    scn = load_scenario(spec.scenario, overrides=overrides, quick=quick)
    if scn.experiment != spec.experiment:
        raise InputError("experiment", f"figure {fig_id} needs experiment {spec.experiment!r}, got {scn.experiment!r}")
    return run_scenario(scn, out_dir, fig_id, figure=spec, executor=executor, progress=progress, force=force)
