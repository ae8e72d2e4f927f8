"""deploy-fig4: A-CRLB vs N for 1-D and 2-D regions — optimised, tiled construction and the
Theorem 1 bound (deploy Sec. III-B/C and V-A, Fig. 4; spec 004 §6.4–6.5)."""

from __future__ import annotations

import numpy as np

from isacnet.registry import FigureSpec, PaperNumber, register_figure

from ._common import UNKNOWN_NOTE

_SERIES = (("optimized", "closed", "optimised (global search + MM)"),
           ("tiled", "alt", "simplified construction (tiled)"),
           ("bound", "bound", "Theorem 1 bound (23)"))


def panel(ds, dim: int) -> dict[str, np.ndarray]:
    """The points of the ``dim``-D panel by increasing N: ``num_bs_total`` and every series."""
    sel = np.flatnonzero(ds["region_dim"].values == dim)
    n = ds["value"].sel(series="num_bs_total").values[sel]
    order = np.argsort(n)
    out = {"n": n[order]}
    for name in ("optimized", "tiled", "bound", "grid_search", "slope"):
        out[name] = np.asarray(ds["value"].sel(series=name).values[sel][order], float)
    return out


def fitted_exponent(n, crlb) -> float:
    """Least-squares slope of log A-CRLB against log N."""
    return float(np.polyfit(np.log(n), np.log(crlb), 1)[0])


DRAWN_UNDER = 0.02
"""Relative difference below which two curves of a panel lie on top of each other at print size (log axes
spanning several decades)."""


def _tiled_under(ds) -> list[str]:
    """Panels where the tiled curve lies under the optimised one."""
    from isacnet.plotting import coincident

    out = []
    for d in (1, 2):
        p = panel(ds, d)
        if p["n"].size and coincident(p["tiled"], p["optimized"], rtol=DRAWN_UNDER):
            out.append(f"({'ab'[d - 1]})")
    return out


def _plot(ds, spec):
    from isacnet.plotting import add_legends, handle, new_figure, plot_series

    fig, axes = new_figure(spec, ncols=2)
    labels = {name: label for name, _, label in _SERIES}
    under = _tiled_under(ds)
    if under:
        labels["tiled"] += f" (= optimised in {', '.join(under)})"
    for ax, dim in zip(axes, (1, 2)):
        p = panel(ds, dim)
        if not p["n"].size:
            ax.set_visible(False)
            continue
        for i, (name, est, _) in enumerate(_SERIES):
            plot_series(ax, p["n"], p[name], hue=i, estimator=est)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("Number of BSs $N$")
        ax.set_ylabel("A-CRLB [m²]")
        ticks = [v for v in p["n"] if int(v) in (4, 8, 16, 32, 36, 64) or v == p["n"][-1]]
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{int(v)}" for v in ticks])
        ax.minorticks_off()
        ax.set_title(f"({'ab'[dim - 1]}) {dim}-D region, bound $\\propto N^{{{p['slope'][0]:g}}}$")
    add_legends(fig, [handle(labels[name], i, est) for i, (name, est, _) in enumerate(_SERIES)], where="right")
    return fig


def _caption(ds) -> str:
    parts = []
    for dim in (1, 2):
        p = panel(ds, dim)
        if not p["n"].size:
            continue
        parts.append(f"{dim}-D: N = {', '.join(str(int(v)) for v in p['n'])}; fitted exponent of the optimised "
                     f"curve {fitted_exponent(p['n'], p['optimized']):.2f} (bound {p['slope'][0]:g}); optimised / "
                     f"bound at the largest N {p['optimized'][-1] / p['bound'][-1]:.2f}; tiled / optimised at most "
                     f"{np.max(p['tiled'] / p['optimized']):.2f}")
    return ("Sensing-only design (P2) on a line or square of side L = 1000 m at z = 0 [?] cut into K tiles "
            "(K^(1/d) per axis, an integer as Theorem 1 needs, so N = 4 K: 2-D N = 4, 16, 36), with the BS box "
            "scaled with the region (1-D: [0, L] x [-L/2, L/2] x [0, L/2]; 2-D: [0, L]² x [0, L/2]) so Prop. 4 holds "
            "per tile. Solid: per-BS global grid search + MM from the tiled layout (the 4-BS optimum itself from "
            "random starts); dash-dot: the tiled 4-BS optimum; dashed: the bound K^(-2 beta/d) CRLB*(4) of (23). "
            + "; ".join(parts) + ". " + UNKNOWN_NOTE)


def _numbers(ds):
    out = []
    for dim, paper in ((1, "N^-4"), (2, "N^-2")):
        p = panel(ds, dim)
        if p["n"].size >= 2:
            out.append(PaperNumber(f"scaling of the A-CRLB in N, {dim}-D", paper,
                                   f"N^{fitted_exponent(p['n'], p['optimized']):.2f} (fit over N = "
                                   f"{int(p['n'][0])}-{int(p['n'][-1])})"))
    one, two = panel(ds, 1), panel(ds, 2)
    if one["n"].size and two["n"].size:
        out.append(PaperNumber("bound tight in 1-D, a gap in 2-D (optimised below it)", "yes",
                               "optimised / bound at the largest N: "
                               f"1-D {one['optimized'][-1] / one['bound'][-1]:.2f}, "
                               f"2-D {two['optimized'][-1] / two['bound'][-1]:.2f}"))
    return out


register_figure(FigureSpec(
    id="deploy-fig4", experiment="deploy.scaling", scenario="deploy-fig4",
    title="A-CRLB vs N: optimised, tiled construction, theoretical bound", x="tiles_per_axis", plot=_plot,
    width="double", caption=_caption, paper_numbers=_numbers,
))
