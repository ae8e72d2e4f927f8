"""The default figure: every series of a Dataset against ``spec.x``, in the figures' convention."""

from __future__ import annotations

import numpy as np

from isacnet.plotting._axes import plot_estimate, plot_series
from isacnet.plotting._labels import axis_label
from isacnet.plotting._legend import (
    add_legends,
    coincident,
    coincident_label,
    empty_label,
    handle,
    hue_handles,
    is_empty,
)
from isacnet.plotting._style import new_figure

__all__ = ["plot_default", "series_label", "series_estimator"]

_CLOSED_CYCLE = ("closed", "alt", "bound", "baseline")


def series_label(ds, spec, name: str) -> str:
    """Legend text of series ``name``: ``spec.series_labels`` or the experiment's label."""
    if name in spec.series_labels:
        return spec.series_labels[name]
    names = [str(s) for s in ds["series"].values]
    return str(ds["series_label"].values[names.index(name)]) if "series_label" in ds else name


def series_estimator(ds, spec, name: str) -> str:
    """Estimator of series ``name``: ``spec.series_estimators``, else ``"mc"`` for a Monte Carlo series
    and ``"closed"`` otherwise."""
    if name in spec.series_estimators:
        return spec.series_estimators[name]
    names = [str(s) for s in ds["series"].values]
    kind = str(ds["series_kind"].values[names.index(name)]) if "series_kind" in ds else "analysis"
    return "mc" if kind == "mc" else "closed"


def _default_xlabel(spec, x: str) -> str:
    if spec.xlabel:
        return spec.xlabel
    try:
        return axis_label(spec, x)
    except (KeyError, ValueError, TypeError):
        return x


def plot_default(ds, spec):
    """Every series of ``ds`` (less ``spec.hide``) against ``spec.x``.

    Without ``spec.hue`` each series has its own colour and marker and the estimator's line style
    (closed form solid, Monte Carlo open markers with 95 % CI bars); with a hue, colour and marker
    are the hue value and line style the series (two legends above the axes). A series drawn exactly
    under an earlier one is labelled "(= earlier)"; a series with no finite value "(empty: see caption)".
    """
    x = spec.x or next(d for d in ds["value"].dims if d != "series")
    hue = spec.hue if spec.hue is not None and spec.hue in ds["value"].dims else None
    names = [str(s) for s in ds["series"].values if str(s) not in spec.hide]
    hue_values = [None] if hue is None else list(ds[hue].values)
    fig, ax = new_figure(spec)
    estimators, closed_seen = {}, 0
    for name in names:
        est = series_estimator(ds, spec, name)
        if hue is not None and est == "closed" and name not in spec.series_estimators:
            est = _CLOSED_CYCLE[closed_seen % len(_CLOSED_CYCLE)]
            closed_seen += 1
        estimators[name] = est
    if hue is not None:
        used = [estimators[n] for n in names]
        dup = {e for e in used if used.count(e) > 1}
        if dup:
            raise ValueError(f"figure {spec.id}: series {names} share estimator(s) {sorted(dup)} with a hue; "
                             "give series_estimators or a custom plot")
    series_handles = []
    drawn: dict[str, tuple[str, np.ndarray]] = {}
    for si, name in enumerate(names):
        est, label = estimators[name], series_label(ds, spec, name)
        values = []
        for hi, hv in enumerate(hue_values):
            sel = ds.sel(series=name) if hv is None else ds.sel({"series": name, hue: hv})
            extra = [d for d in sel["value"].dims if d != x]
            if extra:
                raise ValueError(f"figure {spec.id}: swept fields {extra} need a hue or a custom plot")
            xs, ys = sel[x].values, sel["value"].values.astype(float)
            values.append(ys)
            index = si if hv is None else hi
            if est == "mc":
                valid = sel["ci_valid"].values if "ci_valid" in sel else None
                plot_estimate(ax, xs, ys, sel["ci_low"].values, sel["ci_high"].values, hue=index, valid=valid)
            else:
                plot_series(ax, xs, ys, hue=index, estimator=est)
        stacked = np.concatenate(values)
        if is_empty(stacked):
            label = empty_label(label)
        else:
            under = next((lab for lab, v in drawn.values() if coincident(stacked, v)), None)
            if under is not None:
                label = coincident_label(label, under)
            drawn[name] = (series_label(ds, spec, name), stacked)
        series_handles.append(handle(label, si if hue is None else None, est))
    ax.set_xscale(spec.xscale)
    ax.set_yscale(spec.yscale)
    ax.set_xlabel(_default_xlabel(spec, x))
    ax.set_ylabel(spec.ylabel)
    where = "right" if spec.width == "double" else "above"
    if hue is None:
        add_legends(fig, series_handles, where=where)
    else:
        add_legends(fig, hue_handles(spec, hue, hue_values), series_handles, where=where)
    return fig
