"""Plots of the nulling figures, in the conventions of :mod:`isacnet.plotting`.

Colour and marker shape = the value of the swept parameter (``spec.hue``); line style = the
estimator (closed forms: solid, dash-dot, dashed; Monte Carlo: markers with 95 % CI bars, open
for the typical-point estimator and filled for the system-level one). Legends sit above the axes.

:func:`plot_region` draws the S–C region (20) of ``nulling.region``: the staircase through every
Pareto-optimal configuration (the region as defined), its convex hull (time sharing among
configurations) and the paper's time-sharing segment between the two corners, with the largest
gain over that segment drawn where it is attained. :func:`region_summary` recomputes every number
the figure prints from the stored vertices (captions and tests use it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["plot_curves", "plot_region", "region_summary", "RegionSummary", "region_caption", "REGION_LINES"]

_CLOSED_CYCLE = ("closed", "alt", "bound", "baseline")

REGION_LINES = {
    "region": "region (20)",
    "hull": "its convex hull",
    "timeshare": "time sharing, corners",
}
"""Legend text of the three curves of a region figure."""


def _names(ds, spec) -> list[str]:
    return [str(s) for s in ds["series"].values if str(s) not in spec.hide]


def _estimators(ds, spec, names) -> dict[str, str]:
    from isacnet.plotting import series_estimator

    out, closed = {}, 0
    for name in names:
        est = series_estimator(ds, spec, name)
        if est == "closed" and name not in spec.series_estimators:
            est = _CLOSED_CYCLE[closed % len(_CLOSED_CYCLE)]
            closed += 1
        out[name] = est
    return out


def plot_curves(ds, spec):
    """Closed forms as lines and Monte Carlo estimates as markers with 95 % CI bars against ``spec.x``.

    ``spec.extra``: ``"filled"`` (Monte Carlo series drawn with filled markers, e.g. the
    system-level ones), ``"steps"`` (closed-form series that are step functions of ``x``, drawn as
    steps centred on the points), ``"decorate"`` (``decorate(ax, ds, spec)``: optima and the paper's
    values drawn on the axes) and ``"extra_handles"`` (``(label, estimator)`` legend entries of
    what ``decorate`` draws; estimator ``"paper"``: the paper's open star). ``spec.hide`` series are not
    drawn. Estimates whose CI is not valid
    (heavy tail) get a small cross.
    """
    from isacnet.plotting import (
        PAPER_MARKER,
        add_legends,
        coincident,
        coincident_label,
        empty_label,
        handle,
        hue_handles,
        is_empty,
        new_figure,
        plot_estimate,
        plot_series,
        series_label,
    )

    names = _names(ds, spec)
    est = _estimators(ds, spec, names)
    filled = set(spec.extra.get("filled", ()))
    steps = {name: {"drawstyle": "steps-mid"} for name in spec.extra.get("steps", ())}
    hue_values = [None] if spec.hue is None else list(ds[spec.hue].values)
    fig, ax = new_figure(spec)
    handles, drawn = [], {}
    for si, name in enumerate(names):
        values = []
        for hi, hv in enumerate(hue_values):
            sel = ds.sel(series=name) if hv is None else ds.sel({"series": name, spec.hue: hv})
            xs, ys = sel[spec.x].values, sel["value"].values.astype(float)
            values.append(ys)
            index = si if hv is None else hi
            if est[name] == "mc":
                extra = {"markerfacecolor": _colour(index)} if name in filled else {}
                plot_estimate(ax, xs, ys, sel["ci_low"].values, sel["ci_high"].values, hue=index,
                              valid=sel["ci_valid"].values, **extra)
            else:
                plot_series(ax, xs, ys, hue=index, estimator=est[name], **steps.get(name, {}))
        label = series_label(ds, spec, name)
        stacked = np.concatenate(values)
        if is_empty(stacked):
            label = empty_label(label)
        else:
            under = next((lab for lab, v in drawn.values() if coincident(stacked, v)), None)
            drawn[name] = (label, stacked)
            label = coincident_label(label, under) if under else label
        style = {"markerfacecolor": "0.25" if spec.hue is not None else _colour(si)} if name in filled else {}
        handles.append(handle(label, si if spec.hue is None else None, est[name], **style))
    ax.set_xscale(spec.xscale)
    ax.set_yscale(spec.yscale)
    ax.set_xlabel(spec.xlabel)
    ax.set_ylabel(spec.ylabel)
    if "decorate" in spec.extra:
        spec.extra["decorate"](ax, ds, spec)
    for label, est_name in spec.extra.get("extra_handles", ()):
        paper = {k: v for k, v in PAPER_MARKER.items() if k != "zorder"}
        handles.append(handle(label, None, None, **paper) if est_name == "paper" else handle(label, None, est_name))
    groups = [handles] if spec.hue is None else [hue_handles(spec, spec.hue, hue_values), handles]
    add_legends(fig, *groups, where="right" if spec.width == "double" else "above")
    return fig


def _colour(index: int) -> str:
    from isacnet.plotting import hue_style

    return hue_style(index)["color"]


# -- regions -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RegionSummary:
    """What a region figure prints for one swept value, recomputed from the stored vertices.

    Attributes
    ----------
    comm, sense : ndarray
        The Pareto-optimal configurations, ``[num_vertices]``, by decreasing communication value
        (per km² for ASE).
    config : ndarray
        Their ``(K, L, J, Q)``, ``[num_vertices, 4]``.
    hull : ndarray of bool
        Vertices of the convex hull, ``[num_vertices]`` (recomputed, not read).
    sense_gain, comm_gain : float
        Largest gains over the corner segment at equal communication / sensing value.
    sense_gain_vertex, comm_gain_vertex : int
        Where they are attained.
    complete : bool
        Whether the stored vertices hold the whole boundary (the sweep reached past its end).
    """

    comm: np.ndarray
    sense: np.ndarray
    config: np.ndarray
    hull: np.ndarray
    sense_gain: float
    comm_gain: float
    sense_gain_vertex: int
    comm_gain_vertex: int
    complete: bool

    def timeshare_at(self, comm_level) -> np.ndarray:
        """The corner segment's sensing value at ``comm_level`` (the sensing corner's below it)."""
        c1, s1, cn, sn = self.comm[0], self.sense[0], self.comm[-1], self.sense[-1]
        x = np.asarray(comm_level, dtype=float)
        if np.isclose(c1, cn):
            return np.full_like(x, max(s1, sn))
        return np.where(x <= cn, sn, sn + (x - cn) / (c1 - cn) * (s1 - sn))

    def comm_timeshare_at(self, sense_level) -> np.ndarray:
        """The corner segment's communication value at ``sense_level``."""
        c1, s1, cn, sn = self.comm[0], self.sense[0], self.comm[-1], self.sense[-1]
        y = np.asarray(sense_level, dtype=float)
        if np.isclose(s1, sn):
            return np.full_like(y, c1)
        return c1 + (y - s1) / (sn - s1) * (cn - c1)

    def corner_text(self, which: int) -> str:
        k, cl, j, q = (int(v) for v in self.config[which])
        return f"(K, L, J, Q) = ({k}, {cl}, {j}, {q})"


def _upper_hull(comm, sense) -> np.ndarray:
    """Mask of the vertices on the upper-right concave majorant (monotone chain, collinear points dropped)."""
    order = np.argsort(comm, kind="stable")
    keep: list[int] = []
    for i in order:
        while len(keep) >= 2:
            a, b = keep[-2], keep[-1]
            cross = (comm[b] - comm[a]) * (sense[i] - sense[a]) - (sense[b] - sense[a]) * (comm[i] - comm[a])
            if cross < 0:
                break
            keep.pop()
        keep.append(i)
    mask = np.zeros(comm.size, bool)
    mask[keep] = True
    return mask


def region_summary(ds, hue: str | None = None, value=None) -> RegionSummary:
    """The region of one swept value (``hue = value``) recomputed from the stored vertices alone.

    Uses only the series ``comm``, ``sense`` and the configuration: the hull, the corner segment and
    both gains are computed here independently of the experiment (the gains are attained at
    vertices, see :func:`isacnet.optimization.nulling.time_sharing_gain`).
    """
    sel = ds if hue is None else ds.sel({hue: value})

    def get(name):
        return np.ravel(sel["value"].sel(series=name).values.astype(float))

    comm, sense = get("comm"), get("sense")
    ok = np.isfinite(comm)
    complete = bool(not ok[-1])
    comm, sense = comm[ok], sense[ok]
    config = np.stack([get(n)[ok] for n in ("num_users", "cluster_size_comm", "num_targets", "cluster_size_sense")],
                      axis=1)
    summary = RegionSummary(comm, sense, config, _upper_hull(comm, sense), 0.0, 0.0, 0, 0, complete)
    ratio_s = sense / summary.timeshare_at(comm)
    ratio_c = comm / summary.comm_timeshare_at(sense)
    return RegionSummary(comm, sense, config, summary.hull, float(ratio_s.max() - 1), float(ratio_c.max() - 1),
                         int(np.argmax(ratio_s)), int(np.argmax(ratio_c)), complete)


def _staircase(comm, sense):
    """The boundary of the union of rectangles ``[0, c] x [0, s]`` through the vertices (decreasing ``c``):
    from ``(0, s_n)`` to ``(c_1, 0)``; returns x, y and the indices of the vertices in them."""
    xs, ys, at = [0.0], [sense[-1]], []
    for i in range(comm.size - 1, -1, -1):
        xs.append(comm[i])
        ys.append(sense[i])
        at.append(len(xs) - 1)
        if i:
            xs.append(comm[i])
            ys.append(sense[i - 1])
    xs.append(comm[0])
    ys.append(0.0)
    return np.array(xs), np.array(ys), at


def _hue_values(ds, spec):
    return [None] if spec.hue is None else list(ds[spec.hue].values)


def plot_region(ds, spec):
    """Region (20), its convex hull and the corner time-sharing segment per swept value, with the largest gain.

    For each value of ``spec.hue``: the staircase through every stored configuration (solid, small
    markers at the configurations), the convex hull (dashed, markers at its vertices) and the
    segment between the corners (dotted). An arrow runs from the segment to the configuration where the
    largest gain is attained, at equal communication value (vertical, ``spec.extra["gain"] = "sense"``,
    default) or at equal sensing value (horizontal, ``"comm"``), drawn in black over the curves; the
    legend gives that gain per value.
    """
    from isacnet.plotting import (
        add_legends,
        handle,
        hue_handles,
        new_figure,
        percent,
        series_style,
        value_label,
    )

    which = spec.extra.get("gain", "sense")
    fig, ax = new_figure(spec)
    values = _hue_values(ds, spec)
    labels, low = [], []
    for i, hv in enumerate(values):
        r = region_summary(ds, spec.hue, hv)
        idx = 0 if hv is None else i
        xs, ys, at = _staircase(r.comm, r.sense)
        ax.plot(xs, ys, **{**series_style(idx, "closed"), "markevery": at, "markersize": 2.0, "linewidth": 0.8})
        hx, hy = r.comm[r.hull][::-1], r.sense[r.hull][::-1]
        hx, hy = np.r_[0.0, hx], np.r_[hy[0], hy]
        ax.plot(hx, hy, **{**series_style(idx, "bound"), "markevery": list(range(1, hx.size)), "markersize": 3.0})
        ax.plot([r.comm[-1], r.comm[0]], [r.sense[-1], r.sense[0]], **series_style(idx, "baseline"))
        v = r.sense_gain_vertex if which == "sense" else r.comm_gain_vertex
        end = (r.comm[v], r.sense[v])
        if which == "sense":
            start, gain = (r.comm[v], float(r.timeshare_at(r.comm[v]))), r.sense_gain
        else:
            start, gain = (float(r.comm_timeshare_at(r.sense[v])), r.sense[v]), r.comm_gain
        if gain > 1e-6:
            ax.annotate("", xy=end, xytext=start, gid="aux", zorder=4,
                        arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 0.7, "mutation_scale": 6,
                                    "shrinkA": 0, "shrinkB": 0})
        base = "" if hv is None else value_label(spec, spec.hue, hv)
        quoted = spec.extra.get("paper_gains", {}).get(hv.item() if hasattr(hv, "item") else hv)
        text = f"+{percent(gain)}" + (f" (paper {quoted})" if quoted else "")
        if gain <= 1e-6:  # the hull is the corner segment: its dashes lie on the dotted line
            text += " (hull = time sharing)"
        labels.append(f"{base}: {text}" if base else text)
        low.append(min(r.sense[0], r.sense[-1]))
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0.8 * min(low))
    ax.set_xlabel(spec.xlabel)
    ax.set_ylabel(spec.ylabel)
    curves = [handle(REGION_LINES["region"], None, "closed"), handle(REGION_LINES["hull"], None, "bound"),
              handle(REGION_LINES["timeshare"], None, "baseline")]
    gains = hue_handles(spec, spec.hue, values, labels=labels) if spec.hue is not None else []
    add_legends(fig, *[g for g in (gains, curves) if g], where="right" if spec.width == "double" else "above")
    return fig


def region_caption(ds, hue: str | None, *, hue_text: str = "", metric: str = "ase", definition: bool = True) -> str:
    """The caption of a region figure: the definitions, and per value of ``hue`` (named ``hue_text``) the
    boundary's size, the corners and the largest gains (recomputed from the stored vertices by
    :func:`region_summary`)."""
    from isacnet.plotting import format_value, percent

    unit = "nats/s/Hz/km²" if metric == "ase" else "nats/s/Hz"
    parts = []
    if definition:
        parts.append(
            "Region (20) is the union of the rectangles [0, T_c] x [0, T_s] of every feasible integer (K, L, J, Q) "
            "(K L + J(Q-1) <= M_t, J <= J_max): the solid staircase runs through all its Pareto-optimal "
            "configurations (small markers). Sharing time among configurations reaches the convex hull (dashed, "
            "markers at its vertices), the convex region Sec. V describes; the dotted segment is the paper's "
            "time-sharing baseline between the communication corner (largest T_c) and the sensing corner "
            "(largest T_s). A gain is the largest relative increase over that segment along the boundary "
            "('up to'); it is attained at a hull vertex, so region (20) and its hull have the same largest gain "
            "(arrow). Below the hull the staircase can fall under the segment: between two hull vertices a "
            "single configuration does worse than time sharing.")
    for hv in [None] if hue is None else list(ds[hue].values):
        r = region_summary(ds, hue, hv)
        name = "" if hv is None else f"{hue_text or hue} = {format_value(hv)}: "
        parts.append(
            f"{name}{r.comm.size} configurations on the boundary ({int(r.hull.sum())} on the hull); corners "
            f"{r.corner_text(0)} ({r.comm[0]:.3g}, {r.sense[0]:.3g}) and {r.corner_text(-1)} ({r.comm[-1]:.3g}, "
            f"{r.sense[-1]:.3g}) {unit}; largest gain at equal communication value {percent(r.sense_gain)} "
            f"at {r.corner_text(r.sense_gain_vertex)}, at equal sensing value {percent(r.comm_gain)} at "
            f"{r.corner_text(r.comm_gain_vertex)}." + ("" if r.complete else " (boundary truncated: sweep more "
                                                         "vertices)"))
    return " ".join(parts)
