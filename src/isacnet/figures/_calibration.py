"""Shared drawing of the ``calib-<key>`` figures: the quoted numbers, fitted and held out.

Every calibration figure ends with the same panel: each quoted number of the paper as the
ratio model / paper on a log axis, fitted numbers as filled circles, held-out numbers as open
squares, the tolerance written next to it as a grey band (one-sided for bounds, whose
violation only counts). The scan itself (mismatch against each parameter) is drawn by the
key's own module from the committed scan record (:func:`isacnet.calibration.load_scan`), in the
plotting layer's convention (:func:`isacnet.plotting.plot_series`: colour and marker = one parameter,
line style = another) with a legend above each panel (:func:`isacnet.plotting.add_panel_legend`).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["quoted_panel", "quoted_rows", "mark_choice", "register_calibration_figure", "FIT_STYLE", "HELD_STYLE"]

FIT_STYLE = {"marker": "o", "color": "k", "mfc": "k", "ls": "none", "ms": 4}
HELD_STYLE = {"marker": "s", "color": "k", "mfc": "white", "ls": "none", "ms": 4}


def _ratio(row) -> float:
    m, v = row.get("model"), row.get("value")
    if m is None or not v:
        return math.nan
    return m / v


def quoted_rows(ds, quoted) -> list[dict]:
    """The quoted numbers of a ``<key>.calibration`` result: paper value, model value, role, tolerance, kind."""
    rows = []
    for q in quoted:
        model = float(ds["value"].sel(series=q.id))
        rows.append({"id": q.id, "role": q.role, "value": q.value, "tolerance": q.tolerance, "kind": q.kind,
                     "model": model if math.isfinite(model) else None})
    return rows


def quoted_panel(ax, predictions, labels=None, xlim=(0.2, 5.0)) -> None:
    """Model / paper for every quoted number (rows), fitted (filled) vs held out (open)."""
    rows = list(predictions)
    y = np.arange(len(rows))[::-1]
    for yi, row in zip(y, rows):
        kind, tol = row.get("kind", "value"), row.get("tolerance", 0.0)
        lo, hi = {"value": (1 - tol, 1 + tol), "upper": (xlim[0], 1 + tol), "lower": (1 - tol, xlim[1])}[kind]
        ax.fill_betweenx([yi - 0.35, yi + 0.35], max(lo, xlim[0]), min(hi, xlim[1]), color="0.85", lw=0)
        r = _ratio(row)
        style = FIT_STYLE if row["role"] == "fit" else HELD_STYLE
        if math.isfinite(r) and r > 0:
            x = min(max(r, xlim[0]), xlim[1])
            ax.plot([x], [yi], **style)
            if x != r:  # off scale: an arrow in its direction
                ax.annotate("", xy=(x * (1.25 if r > x else 0.8), yi), xytext=(x, yi),
                            arrowprops={"arrowstyle": "->", "lw": 0.6})
        else:
            ax.text(xlim[0] * 1.05, yi, "model: 0" if r == 0 else "none", fontsize=6, va="center")
    ax.axvline(1.0, color="0.4", lw=0.6, gid="reference")
    ax.set_xscale("log")
    ax.set_xlim(*xlim)
    from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator

    ticks = [t for t in (0.25, 0.5, 1, 2, 4) if xlim[0] <= t <= xlim[1]]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.set_xticklabels([f"{t:g}" for t in ticks])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(y)
    ax.set_yticklabels(labels or [r["id"] for r in rows], fontsize=6)
    # the two numbers themselves on the right, as the calibration reads them (model / paper)
    right = ax.secondary_yaxis("right")
    right.set_yticks(y)
    right.set_yticklabels([_plain_pair(r) for r in rows], fontsize=6)
    right.tick_params(length=0)
    ax.set_xlabel("model / paper (● fitted, □ held out)", fontsize=6)
    ax.grid(axis="y", visible=False)


def _plain_pair(row: dict) -> str:
    """``model / paper`` of a quoted row in plain numbers (``"0.171 / 0.2"``; ``"– / 1"`` without a model value)."""
    model = row.get("model")
    return f"{'–' if model is None else f'{model:.3g}'} / {row['value']:.3g}"


def mark_choice(ax, x, y=None, label: str | None = None, where: str = "top") -> None:
    """Mark the chosen parameter value: a vertical dotted line (and a star at ``y``), labelled at the
    ``where`` ("top" or "bottom") end of the line."""
    ax.axvline(x, color="0.3", lw=0.7, ls=":", gid="reference")
    if y is not None and math.isfinite(y):
        ax.plot([x], [y], marker="*", color="k", ms=7, ls="none", zorder=5, gid="reference")
    if label:
        top = where == "top"
        ax.annotate(label, xy=(x, 1.0 if top else 0.0), xycoords=("data", "axes fraction"),
                    xytext=(2, -2 if top else 2), textcoords="offset points", fontsize=6,
                    va="top" if top else "bottom", ha="left")


def register_calibration_figure(key: str, title: str, plot_calibration, scan_note: str, fit_note: str):
    """Register ``calib-<key>``: ``plot_calibration(scan, rows)`` draws the committed scan of ``key`` and this
    run's quoted numbers (from the ``<key>.calibration`` result; its experiment module's ``QUOTED``).

    ``scan_note`` follows "python -m isacnet.calibration <key> recomputes it" in the caption (e.g. its cost);
    ``fit_note`` says which numbers were fitted and which held out.
    """
    import importlib

    from isacnet.registry import FigureSpec, register_figure

    def plot(ds, spec):
        from isacnet.calibration import load_scan

        quoted = importlib.import_module(f"isacnet.experiments.{key}.calibration").QUOTED
        return plot_calibration(load_scan(key), quoted_rows(ds, quoted))

    plot.__doc__ = f"calib-{key}: the scan (committed) and this run's quoted numbers, fitted and held out."
    return register_figure(FigureSpec(
        id=f"calib-{key}", experiment=f"{key}.calibration", scenario=f"calib-{key}", title=title, plot=plot,
        caption=(f"Curves (a, b): the committed scan, isacnet/calibration/data/{key}_scan.json (python -m "
                 f"isacnet.calibration {key} recomputes it{scan_note}); (c) the quoted numbers as the calibration "
                 "reads them (each reading in docs/calibration.md), computed in this run at the profile's values, as "
                 "model / paper, the grey band the tolerance; a figure's caption may read the same sentence another "
                 "way (e.g. a largest rather than a mean difference, on its quick grid), and says so. "
                 f"{fit_note} "
                 "(docs/calibration.md)."),
    ))
