"""Plot helpers of the ``deploy`` figures: reading layouts and parameters back from a stored Dataset,
and drawing regions, layouts and CRLB maps."""

from __future__ import annotations

import json

import numpy as np

from isacnet.experiments.deploy import MAX_BS
from isacnet.geometry.regions import Region

UNKNOWN_NOTE = ("Values lost in 004 ([?]) take the defaults of spec 004 §8: M_t = 4, M_r = 5, P = 1 W "
                "(p_c = p_s = 0.5 W), mean RCS 1 m², B = 50 MHz, noise -80 dBW, beta = 2, B_eff² = B²; C_0, the "
                "region size, alpha and the RCS model come from the deploy profile (its values end the caption). "
                "The CRLB uses the mean beam gains (by Jensen's inequality an optimistic CRLB) and scales as 1/C_0.")
"""The caption sentence on the unknown parameters, shared by every deploy figure."""


def scenario_param(ds, name: str, default):
    """The value of field ``name`` in a result's scenario (its first value where it is swept), else ``default``
    (the experiment's default: a profile's values are in the stored scenario)."""
    value = json.loads(ds.attrs.get("scenario", "{}")).get("params", {}).get(name, default)
    return value[0] if isinstance(value, list) else value


def layout_from(ds, prefix: str = "bs", **sel) -> np.ndarray:
    """The layout [N, 3] [m] stored in the series ``<prefix><k>_<x|y|z>`` at the point ``sel``."""
    rows = []
    for k in range(MAX_BS):
        vals = [float(ds["value"].sel(series=f"{prefix}{k}_{ax}", **sel)) for ax in "xyz"]
        if np.isnan(vals[0]):
            break
        rows.append(vals)
    return np.array(rows)


def params_from(ds, model, **coords):
    """Rebuild the parameters of one sweep point from a result dataset."""
    scn = json.loads(ds.attrs["scenario"])
    raw = dict(scn["params"])
    for k, v in coords.items():
        raw[k] = v.item() if hasattr(v, "item") else v
    for k, v in list(raw.items()):
        if isinstance(v, list) and k in model.model_fields and k not in coords:
            raw[k] = v[0]
    return model.model_validate(raw)


def evaluate_rng(ds, experiment_id: str, p) -> np.random.Generator:
    """The generator the runner handed to ``evaluate`` at the point ``p`` of ``ds`` (deploy experiments
    share one stream per figure, keyed by ``shared_stream_fields``), so a plot redraws exactly what
    the experiment drew."""
    from isacnet.registry import get_experiment
    from isacnet.runner import evaluate_generator

    exp = get_experiment(experiment_id)
    if not exp.shared_stream_fields:
        raise ValueError(f"{experiment_id}: per-point streams cannot be rebuilt from the parameters alone")
    return evaluate_generator(exp, p, json.loads(ds.attrs["scenario"])["seed"], 0)


REGION_COLOURS = {"users": "#009E73", "targets": "#56B4E9"}
"""Okabe–Ito bluish green (users) and sky blue (targets) of the drawn regions."""
BS_STYLE = {"marker": "^", "color": "#D55E00", "linestyle": "none", "markersize": 4.5}
"""Vermillion triangles: the BSs of a layout (a second layout uses :data:`BS_STYLE_ALT`)."""
BS_STYLE_ALT = {"marker": "v", "color": "0.35", "linestyle": "none", "markersize": 4.5}


def draw_region(ax, region: Region, color: str, alpha: float = 0.25):
    """Draw a 1-D or 2-D region on a 3-D axes (its legend entry: :func:`region_handle`)."""
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    o, e = region.origin, region.edges
    if region.dim == 1:
        pts = np.array([o, o + e[0]])
        ax.plot(pts[:, 0], pts[:, 1], pts[:, 2], color=color, lw=2.5, gid="aux")
    else:
        corners = np.array([o, o + e[0], o + e[0] + e[1], o + e[1]])
        poly = Poly3DCollection([corners], alpha=alpha, facecolor=color, edgecolor=color)
        ax.add_collection3d(poly)


def region_handle(label: str, color: str, line: bool = False):
    """Legend entry of a drawn region: a thick line (1-D) or a translucent patch (2-D)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if line:
        return Line2D([], [], color=color, lw=2.5, label=label)
    return Patch(facecolor=color, alpha=0.4, edgecolor=color, label=label)


def bs_handle(label: str = "BS", style: dict | None = None):
    """Legend entry of the BSs of a layout."""
    from matplotlib.lines import Line2D

    return Line2D([], [], label=label, **(style or BS_STYLE))


def draw_layout(ax, layout, style: dict | None = None, stems: bool = True, ground: float = 0.0):
    """BSs as triangles on a 3-D axes, with dotted stems down to ``ground`` (legend entry: :func:`bs_handle`)."""
    st = dict(style or BS_STYLE)
    lay = np.asarray(layout)
    ax.plot(lay[:, 0], lay[:, 1], lay[:, 2], gid="aux", **st)
    if stems:
        for u in lay:
            ax.plot([u[0], u[0]], [u[1], u[1]], [ground, u[2]], color=st["color"], lw=0.5, ls=":", gid="aux")


def style_3d(ax, title: str = ""):
    """Axis labels, 6 pt ticks (at most five per axis) and the view of a 3-D layout panel."""
    from matplotlib.ticker import MaxNLocator

    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_major_locator(MaxNLocator(5))
    ax.set_xlabel("$x$ [m]", labelpad=-4)
    ax.set_ylabel("$y$ [m]", labelpad=-4)
    ax.set_zlabel("$z$ [m]", labelpad=-5)
    ax.tick_params(labelsize=6, pad=-2)
    ax.set_title(title, fontsize=7, pad=0)
    ax.view_init(elev=22, azim=-60)


def heatmap(ax, fig, region: Region, values, n: int, title: str, norm=None, cmap="viridis", colorbar: bool = True):
    """CRLB map on a 2-D region's grid (midpoints, ``n × n``) in region coordinates; a colour bar when asked."""
    from matplotlib.colors import LogNorm

    v = np.asarray(values).reshape(n, n).T
    e = region.edges
    lx, ly = np.linalg.norm(e[0]), np.linalg.norm(e[1])
    ox = region.origin[0]
    oy = region.origin[1]
    finite = v[np.isfinite(v)]
    norm = norm or LogNorm(vmin=max(finite.min(), 1e-12), vmax=finite.max())
    im = ax.imshow(np.where(np.isfinite(v), v, finite.max()), origin="lower", extent=[ox, ox + lx, oy, oy + ly],
                   norm=norm, cmap=cmap, aspect="equal")
    ax.set_title(title, fontsize=7)
    ax.set_xlabel("$x$ [m]")
    ax.set_ylabel("$y$ [m]")
    ax.grid(False)
    if colorbar:
        cb = fig.colorbar(im, ax=ax, shrink=0.9)
        cb.set_label("CRLB [m²]", fontsize=7)
        cb.ax.tick_params(labelsize=6)
    return im


def zero_label(label: str, what: str = "every threshold") -> str:
    """The legend entry of a curve that is 0 everywhere; the caption says why."""
    return f"{label} (0 at {what}: see caption)"


def paper_handle(label: str):
    """Legend entry of a number the paper quotes, drawn as :func:`isacnet.plotting.mark_paper_value`'s star."""
    from isacnet.plotting import PAPER_MARKER, handle

    return handle(label, None, None, **{k: v for k, v in PAPER_MARKER.items() if k != "zorder"})
