"""Maps of a plan: sites, areas, forbidden zones and a scale bar over each field (PNG/PDF).

Figures are built with the object-oriented API (:class:`matplotlib.figure.Figure`): no
``pyplot`` state and no backend switch, so a notebook keeps its own backend. Coordinates are
kilometres east and north of the plan origin. Every map is readable in greyscale (``viridis``
and ``cividis``, black-edged markers, hatched forbidden zones).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["MAP_STYLE", "overview_map", "field_maps", "all_maps"]

MAP_STYLE = {
    "font.size": 7,
    "axes.labelsize": 7,
    "axes.titlesize": 7.5,
    "legend.fontsize": 6,
    "xtick.labelsize": 6,
    "ytick.labelsize": 6,
    "figure.dpi": 150,
    "savefig.dpi": 300,
    "mathtext.fontset": "dejavusans",
    "pdf.fonttype": 42,
    "hatch.linewidth": 0.5,
}

_KM = 1e-3


def _outline():
    """A thin black outline under a white line (visible on light and dark colours)."""
    from matplotlib import patheffects

    return [patheffects.Stroke(linewidth=1.8, foreground="black"), patheffects.Normal()]
_FIELDS = {
    "crlb": "root CRLB $\\sqrt{\\mathrm{tr}\\,F^{-1}}$ [m]",
    "coverage": "$P(\\mathrm{CRLB} \\leq \\gamma)$ over beam gains",
    "sites": "sites within sensing range",
    "rate": "exact CoMP rate [bit/s/Hz]",
}


def _rc():
    import matplotlib as mpl

    return mpl.rc_context(MAP_STYLE)


def _path_of(geom):
    """A matplotlib Path of a shapely (Multi)Polygon with holes, in km."""
    from matplotlib.path import Path

    parts = [geom] if geom.geom_type == "Polygon" else list(getattr(geom, "geoms", []))
    polys = [g for g in parts if g.geom_type == "Polygon"]
    verts, codes = [], []
    for p in polys:
        for ring in [p.exterior, *p.interiors]:
            xy = np.asarray(ring.coords) * _KM
            verts.append(xy)
            codes.append([Path.MOVETO] + [Path.LINETO] * (len(xy) - 2) + [Path.CLOSEPOLY])
    if not verts:
        return None
    return Path(np.vstack(verts), np.concatenate(codes))


def _draw_polygon(ax, geom, **kw):
    from matplotlib.patches import PathPatch

    path = _path_of(geom)
    if path is not None:
        ax.add_patch(PathPatch(path, **kw))


def _scale_bar(ax, extent_km: float):
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    nice = [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 50]
    length = max(v for v in nice if v <= max(extent_km / 4, nice[0]))
    label = f"{length * 1000:.0f} m" if length < 1 else f"{length:g} km"
    bar = AnchoredSizeBar(ax.transData, length, label, loc="lower right", pad=0.4, borderpad=0.4, sep=2,
                          frameon=True, size_vertical=extent_km / 250, fontproperties={"size": 6})
    bar.patch.set_alpha(0.8)
    bar.patch.set_edgecolor("none")
    ax.add_artist(bar)


def _context(ax, result, stage, *, areas=True, show_legend=False):
    """Forbidden zones, area outlines, sites of ``stage``, scale bar."""
    inp = result.plan.inputs
    if not inp.forbidden.is_empty:
        _draw_polygon(ax, inp.forbidden, facecolor="none", edgecolor="0.25", hatch="/////", lw=0.5,
                      label="forbidden zone", zorder=3)
    if areas:
        _draw_polygon(ax, inp.users.geometry, facecolor="none", edgecolor="0.4", lw=0.6, ls="--", zorder=3)
    existing = result.stages[0]
    n0 = len(existing.ids)
    lay = stage.layout
    moved = np.array([i < n0 and not np.allclose(lay[i], existing.layout[i]) for i in range(len(lay))])
    kept = np.array([i < n0 for i in range(len(lay))]) & ~moved
    new = np.array([i >= n0 for i in range(len(lay))])
    mk = dict(edgecolors="black", linewidths=0.6, zorder=5)
    if kept.any():
        ax.scatter(lay[kept, 0] * _KM, lay[kept, 1] * _KM, marker="^", s=16, c="white", label="site", **mk)
    if moved.any():
        ax.scatter(lay[moved, 0] * _KM, lay[moved, 1] * _KM, marker="^", s=16, c="0.55", label="height changed", **mk)
    if new.any():
        ax.scatter(lay[new, 0] * _KM, lay[new, 1] * _KM, marker="*", s=60, c="white", label="added site",
                   edgecolors="black", linewidths=0.7, zorder=6)
    x0, y0, x1, y1 = inp.window.bounds
    pad = 0.03 * max(x1 - x0, y1 - y0)
    ax.set_xlim((x0 - pad) * _KM, (x1 + pad) * _KM)
    ax.set_ylim((y0 - pad) * _KM, (y1 + pad) * _KM)
    ax.set_aspect("equal")
    ax.set_xlabel("east [km]")
    ax.grid(False)
    _scale_bar(ax, (x1 - x0) * _KM)


def _raster(result, values, index):
    """Grid [ny, nx] with ``values`` at the flat ``index`` and nan elsewhere."""
    grid = result.plan.inputs.grid
    out = np.full(grid.shape[0] * grid.shape[1], np.nan)
    out[index] = values
    return out.reshape(grid.shape)


def _extent(result):
    g = result.plan.inputs.grid
    h = g.resolution / 2
    return [(g.x[0] - h) * _KM, (g.x[-1] + h) * _KM, (g.y[0] - h) * _KM, (g.y[-1] + h) * _KM]


def overview_map(result):
    """Sites (existing, height changed, added), target and user areas, forbidden zones."""
    from matplotlib.figure import Figure

    inp = result.plan.inputs
    with _rc():
        fig = Figure(figsize=(3.5, 3.2), layout="constrained")
        ax = fig.add_subplot()
        _draw_polygon(ax, inp.users.geometry, facecolor="0.93", edgecolor="0.4", lw=0.6, ls="--",
                      label=f"users: {inp.users.name}")
        styles = [dict(hatch="....", edgecolor="0.35"), dict(hatch="xxxx", edgecolor="0.1"),
                  dict(hatch="----", edgecolor="0.35"), dict(hatch="||||", edgecolor="0.2")]
        for i, a in enumerate(inp.targets):
            st = styles[i % len(styles)]
            _draw_polygon(ax, a.geometry, facecolor="none", lw=0.8, label=f"target: {a.name}", zorder=2, **st)
        _context(ax, result, result.improvement.final, areas=False)
        ax.set_ylabel("north [km]")
        ax.set_title(f"{result.plan.config.title or result.plan.name}", wrap=True)
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=2, frameon=False)
    return fig


def _field(result, kind, stage, area_index):
    """(values [num_pixels], flat index) of a field of one stage."""
    ev = stage.evaluation
    if kind == "rate":
        return ev.users.rate_exact_bits, result.plan.inputs.user_pixels.index
    a = ev.targets[area_index]
    idx = result.plan.inputs.target_pixels[area_index].index
    if kind == "crlb":
        return np.sqrt(a.crlb), idx
    if kind == "coverage":
        return a.coverage_prob, idx
    return a.num_sites.astype(float), idx


def field_maps(result, kind: str, area_index: int = 0):
    """The existing layout and the final plan side by side, one colour bar.

    Parameters
    ----------
    result : PlanResult
    kind : {"crlb", "coverage", "sites", "rate"}
        Root CRLB [m] (log scale; contour at ``√γ``), coverage probability, number of sites in
        sensing range, or exact rate [bit/s/Hz] (user area).
    area_index : int
        Target area (ignored for ``rate``).
    """
    from matplotlib import colors
    from matplotlib.figure import Figure

    if kind not in _FIELDS:
        raise ValueError(f"kind must be one of {sorted(_FIELDS)}, got {kind!r}")
    stages = [result.stages[0], result.improvement.final]
    data = [_field(result, kind, st, area_index) for st in stages]
    grids = [_raster(result, v, i) for v, i in data]
    finite = np.concatenate([v[np.isfinite(v)] for v, _ in data])
    gamma = result.plan.config.sensing.coverage_threshold
    norm: Any
    if kind == "crlb":
        lo = max(float(np.percentile(finite, 1)), 1e-6) if finite.size else 1e-3
        hi = max(float(np.percentile(finite, 99)), lo * 10) if finite.size else 1.0
        norm, cmap, extend = colors.LogNorm(vmin=lo, vmax=hi), "viridis", "both"
    elif kind == "coverage":
        norm, cmap, extend = colors.Normalize(0, 1), "cividis", "neither"
    elif kind == "sites":
        hi = float(finite.max()) if finite.size else 1.0
        norm, cmap, extend = colors.Normalize(0, hi), "viridis", "neither"
    else:
        lo, hi = (float(np.percentile(finite, 1)), float(np.percentile(finite, 99.5))) if finite.size else (0, 1)
        norm, cmap, extend = colors.Normalize(lo, hi), "viridis", "both"
    import matplotlib as mpl

    base = mpl.colormaps[cmap]
    cm = base.with_extremes(bad=(0, 0, 0, 0), over="white" if kind == "crlb" else base(1.0), under=base(0.0))
    area = result.plan.inputs.user_pixels.name if kind == "rate" else result.plan.inputs.targets[area_index].name
    with _rc():
        fig = Figure(figsize=(7.16, 3.3), layout="constrained")
        axes = fig.subplots(1, 2, sharey=True)
        for ax, st, g in zip(axes, stages, grids):
            show = np.where(np.isinf(g), np.inf, g)
            im = ax.imshow(show, origin="lower", extent=_extent(result), norm=norm, cmap=cm, interpolation="nearest",
                           zorder=1)
            if kind == "crlb" and np.isfinite(g).any():
                gx = np.array(result.plan.inputs.grid.x) * _KM
                gy = np.array(result.plan.inputs.grid.y) * _KM
                cs = ax.contour(gx, gy, np.where(np.isfinite(g), g, hi * 10), levels=[math.sqrt(gamma)],
                                colors="white", linewidths=0.8, zorder=4)
                cs.set(path_effects=_outline())
            _context(ax, result, st)
            ax.set_title(f"{st.label}: {_summary_line(result, kind, st, area_index)}")
        axes[0].set_ylabel("north [km]")
        cb = fig.colorbar(im, ax=axes, shrink=0.85, extend=extend, pad=0.01)
        cb.set_label(_FIELDS[kind])
        handles, labels = axes[1].get_legend_handles_labels()
        seen = dict(zip(labels, handles))
        if kind == "crlb":
            from matplotlib.lines import Line2D

            cb.ax.axhline(math.sqrt(gamma), color="white", lw=1.0, path_effects=_outline())
            seen[f"CRLB = γ = {gamma:g} m²"] = Line2D([], [], color="white", lw=1.0, path_effects=_outline())
        fig.legend(seen.values(), seen.keys(), loc="outside lower center", ncol=len(seen), frameon=False)
        fig.suptitle(f"{area}", fontsize=7.5)
    return fig


def _summary_line(result, kind, stage, area_index) -> str:
    ev = stage.evaluation
    if kind == "rate":
        return f"area rate {ev.users.area_rate_exact_bits:.2f} bit/s/Hz"
    a = ev.targets[area_index]
    if kind in ("crlb", "coverage"):
        return f"coverage {100 * a.coverage:.0f} %"
    return f"median {np.median(a.num_sites):.0f} sites"


def all_maps(result) -> dict[str, object]:
    """Every map of a plan: name → Figure (``overview``, ``crlb_<i>``, ``coverage_<i>``,
    ``sites_<i>`` per target area, ``rate``)."""
    out = {"overview": overview_map(result)}
    for i in range(len(result.plan.inputs.targets)):
        for kind in ("crlb", "coverage", "sites"):
            out[f"{kind}_{i}"] = field_maps(result, kind, i)
    out["rate"] = field_maps(result, "rate")
    return out
