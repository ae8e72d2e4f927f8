"""Distributions as figures: CDFs (or CCDFs) from a result's ``cdf``/``cdf_x``, and percentile bands.

* :func:`plot_cdf`: one curve per series and value of the swept parameter; closed forms as lines,
  Monte Carlo empirical CDFs as open markers (thinned); ``P(X > x)`` instead of ``P(X <= x)``
  where a tail or a coverage is the point; an x axis in dB for SIRs; reference tail slopes.
* :func:`plot_percentiles`: a Monte Carlo series' median against a swept parameter with the
  25–75 % and 5–95 % bands of its stored quantiles.

Both read only the stored Dataset (variables ``cdf_x``, ``cdf`` over ``(series, cdf_point, ...)``,
``quantile_value`` over ``(series, quantile, ...)``; see :func:`isacnet.runner.compute_dataset`).
"""

from __future__ import annotations

import numpy as np

from isacnet.plotting._legend import add_legends, estimator_handles, hue_handles
from isacnet.plotting._style import new_figure, series_style

__all__ = ["plot_cdf", "plot_percentiles", "cdf_curve", "tail_reference"]


def cdf_curve(ds, series: str, **point):
    """``(x, F)`` of one series at one sweep point: the stored abscissae and CDF values, NaN padding dropped.

    Parameters
    ----------
    ds : xarray.Dataset
        A result with ``cdf``/``cdf_x``.
    series : str
        Series id.
    **point
        The swept fields' values (every swept field not given must have one value).
    """
    sel = ds.sel(series=series, **point)
    x, f = np.asarray(sel["cdf_x"].values, float), np.asarray(sel["cdf"].values, float)
    if x.ndim != 1:
        raise ValueError(f"series {series!r}: give a value for every swept field, got {sorted(point)}")
    ok = np.isfinite(x) & np.isfinite(f)
    return x[ok], f[ok]


def tail_reference(x, ccdf, index: float, *, anchor_level: float = 1e-2, floor: float = 0.0):
    """A line ``c x^-index`` through the empirical CCDF where it first falls below ``anchor_level``
    (the heavy tail ``P(X > x) ~ x^-index``), down to ``floor`` (the resolution of the sample,
    ``~1/n``); ``(x_line, y_line)`` over the rest of ``x``, or None."""
    x, ccdf = np.asarray(x, float), np.asarray(ccdf, float)
    below = np.flatnonzero((ccdf <= anchor_level) & (ccdf > 0))
    if below.size == 0 or not np.isfinite(index) or index <= 0:
        return None
    k = below[0]
    xs = x[k:]
    ys = ccdf[k] * (xs / x[k]) ** (-index)
    keep = ys >= floor
    return (xs[keep], ys[keep]) if keep.any() else None


def _decade_ticks(ax, lo: float, hi: float) -> None:
    """Decade limits around the data ``[lo, hi]`` and decade labels on a log x axis spanning more than four
    decades (a CDF of a CRLB)."""
    import math

    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    from isacnet.plotting._axes import _tick_text

    if not (lo > 0 and hi / lo > 1e4):
        return
    ax.set_xlim(10.0 ** math.floor(math.log10(lo)), 10.0 ** math.ceil(math.log10(hi)))
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0,)))
    ax.xaxis.set_major_formatter(FuncFormatter(_tick_text))
    ax.xaxis.set_minor_locator(LogLocator(base=10, subs=tuple(range(2, 10))))
    ax.xaxis.set_minor_formatter(NullFormatter())


def _hue_values(ds, spec):
    if spec.hue is None or spec.hue not in ds.dims:
        return [None]
    return list(ds[spec.hue].values)


def plot_cdf(ds, spec):
    """CDFs of the series listed in ``spec.extra["series"]`` (default: every series with a CDF).

    ``spec.extra`` may set ``"complement": True`` (draw ``P(X > x)``, a coverage or a tail),
    ``"x_db": True`` (abscissae as ``10 log10 x``), ``"estimators": {series: estimator}``
    (default: Monte Carlo ``"mc"``, closed forms ``"closed"``), ``"labels": {series: legend text}``,
    ``"tail": {"series": name, "index": series holding the tail index as its value}`` (dashed reference
    slopes ``x^-a`` on the CCDF of ``name``; without ``"index"`` the series' stored ``tail_index``) and
    ``"markers": n`` (Monte Carlo markers per curve, default 12), ``"hue_labels"`` (legend text per hue
    value, where the swept field has no symbol) and ``"x_marks": [(x, text), ...]`` (thin vertical
    lines, e.g. a coverage threshold, labelled at the bottom; or a callable ``ds -> [(x, text), ...]`` that
    finds them in the data). Colour and marker = the value of
    ``spec.hue``; line style = the estimator. Returns the figure.
    """
    extra = dict(spec.extra)
    names = [str(s) for s in ds["series"].values]
    if "cdf" not in ds:
        raise ValueError(f"figure {spec.id}: the result keeps no CDF (set [results] cdf_points or cdf_grid)")
    wanted = extra.get("series") or [n for n in names if np.isfinite(ds["cdf"].sel(series=n).values).any()]
    kinds = dict(zip(names, (str(k) for k in ds["series_kind"].values)))
    labels = dict(zip(names, (str(v) for v in ds["series_label"].values)))
    labels.update(extra.get("labels", {}))
    estimators = {n: extra.get("estimators", {}).get(n, "mc" if kinds[n] == "mc" else "closed") for n in wanted}
    complement, x_db = bool(extra.get("complement")), bool(extra.get("x_db"))
    num_markers = int(extra.get("markers", 12))
    hues = _hue_values(ds, spec)
    fig, ax = new_figure(spec)
    tail = dict(extra.get("tail") or {})
    tail_series = tail.get("series")
    spans = []
    for hi, hv in enumerate(hues):
        point = {} if hv is None else {spec.hue: hv}
        for si, name in enumerate(wanted):
            x, f = cdf_curve(ds, name, **point)
            if x.size == 0:
                continue
            y = 1.0 - f if complement else f
            xs = 10.0 * np.log10(x) if x_db else x
            spans.append((float(np.min(xs)), float(np.max(xs))))
            index = hi if hv is not None else si
            est = estimators[name]
            style = series_style(index, est, xs.size)
            step = max(1, int(np.ceil(xs.size / num_markers)))
            if est == "mc":
                keep = np.arange(0, xs.size, step)
                if spec.yscale == "log":
                    keep = keep[y[keep] > 0]
                ax.plot(xs[keep], y[keep], **style)
            else:
                if "marker" in style:  # the hue's marker between the Monte Carlo ones, not on top of them
                    style["markevery"] = slice(step // 2, None, max(step, 2))
                ax.plot(xs, np.where(y > 0, y, np.nan) if spec.yscale == "log" else y, **style)
            if name == tail_series and complement:
                alpha = float(ds["value"].sel(series=tail["index"], **point) if "index" in tail
                              else ds["tail_index"].sel(series=name, **point))
                n = float(ds["n_samples"].sel(series=name, **point))
                ref = tail_reference(x, 1.0 - f, alpha, floor=0.3 / max(n, 1.0))
                if ref is not None:
                    ax.plot(ref[0], ref[1], linestyle="--", color=style.get("color", "black"), linewidth=0.8,
                            gid="aux")
    ax.set_xscale(spec.xscale)
    ax.set_yscale(spec.yscale)
    ax.set_xlabel(spec.xlabel)
    ax.set_ylabel(spec.ylabel)
    if spec.yscale != "log":
        ax.set_ylim(-0.02, 1.02)
    else:
        ax.set_ylim(top=1.5)
    if spec.xscale == "log" and spans:
        _decade_ticks(ax, min(lo for lo, _ in spans), max(hi for _, hi in spans))
    marks = extra.get("x_marks", ())
    for x_mark, text in (marks(ds) if callable(marks) else marks):
        ax.axvline(x_mark, color="0.4", linewidth=0.6, linestyle=":", gid="aux")
        ax.annotate(text, (x_mark, 0.0), xycoords=("data", "axes fraction"), xytext=(2, 3),
                    textcoords="offset points", fontsize=6.5, color="0.3", gid="aux")
    entries = [(estimators[n], labels[n]) for n in wanted]
    if tail_series and complement:
        entries.append(("bound", tail.get("label", r"tail $x^{-a}$")))
    hue_labels = extra.get("hue_labels")
    hue_group = [] if hues == [None] else hue_handles(
        spec, spec.hue, hues, symbol=extra.get("hue_symbol"),
        labels=None if hue_labels is None else [hue_labels.get(str(v), str(v)) for v in hues])
    where = "right" if spec.width == "double" else "above"
    add_legends(fig, hue_group, estimator_handles(entries), where=where)
    return fig


def plot_percentiles(ds, spec):
    """The median of the Monte Carlo series ``spec.extra["series"][0]`` against ``spec.x``, with the
    25–75 % and 5–95 % bands of its stored quantiles (shaded, darker inside) and its mean (open markers).

    Needs the levels 0.05, 0.25, 0.5, 0.75 and 0.95 (the default ``[results] quantiles``).
    """
    name = (spec.extra.get("series") or [str(ds["series"].values[0])])[0]
    sel = ds.sel(series=name)
    levels = [float(q) for q in ds["quantile"].values]
    need = (0.05, 0.25, 0.5, 0.75, 0.95)
    missing = [q for q in need if not any(abs(q - v) < 1e-9 for v in levels)]
    if missing:
        raise ValueError(f"figure {spec.id}: quantiles {missing} not kept (see [results] quantiles)")
    q = {lv: sel["quantile_value"].sel(quantile=lv, method="nearest").values for lv in need}
    x = sel[spec.x].values
    fig, ax = new_figure(spec)
    ax.fill_between(x, q[0.05], q[0.95], color="0.85", linewidth=0)
    ax.fill_between(x, q[0.25], q[0.75], color="0.65", linewidth=0)
    ax.plot(x, q[0.5], **series_style(None, "closed"))
    ax.plot(x, sel["value"].values, **series_style(0, "mc"))
    ax.set_xscale(spec.xscale)
    ax.set_yscale(spec.yscale)
    ax.set_xlabel(spec.xlabel or spec.x)
    ax.set_ylabel(spec.ylabel)
    from isacnet.plotting._legend import handle

    handles = [handle("median", None, "closed"), handle("25–75 %", None, None, color="0.65", linewidth=5),
               handle("5–95 %", None, None, color="0.85", linewidth=5), handle(str(sel["series_label"].values), 0,
                                                                                 "mc")]
    add_legends(fig, handles, where="right" if spec.width == "double" else "above")
    return fig
