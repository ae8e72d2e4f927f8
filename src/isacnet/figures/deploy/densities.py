"""deploy-fig10: layouts for non-uniform target/user densities and the elevated pivot BS (deploy Fig. 10)."""

from __future__ import annotations

import numpy as np

from isacnet.experiments.deploy.densities import DensityParams, density_setup
from isacnet.registry import FigureSpec, PaperNumber, register_figure

from ._common import UNKNOWN_NOTE, bs_handle, draw_layout, layout_from, params_from, scenario_param, style_3d

_PIVOT = {"marker": "*", "color": "#E69F00", "markeredgecolor": "black", "markersize": 8, "linestyle": "none"}


def _first(ds, series, d) -> float:
    return float(np.ravel(ds["value"].sel(series=series, density=d).values)[0])


def _plot(ds, spec):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from isacnet.plotting import add_legends, new_figure

    designs = [str(d) for d in ds["density"].values]
    fig, _ = new_figure(spec, height=2.8)
    fig.clear()
    for i, d in enumerate(designs):
        p = params_from(ds, DensityParams, density=d)
        lay = layout_from(ds, density=d)
        tr, ur, _, _ = density_setup(p)
        ax = fig.add_subplot(1, len(designs), i + 1, projection="3d")
        n = 40
        pts, w = tr.grid(n)
        _, v = ur.grid(n)
        xx = pts[:, 0].reshape(n, n)
        yy = pts[:, 1].reshape(n, n)
        ax.contourf(xx, yy, (w / w.max()).reshape(n, n), zdir="z", offset=0, levels=8, cmap="Blues", alpha=0.6)
        ax.contour(xx, yy, (v / v.max()).reshape(n, n), zdir="z", offset=0, levels=5, cmap="Greens")
        draw_layout(ax, lay)
        k = int(np.argmax(lay[:, 2]))
        ax.plot(*[[c] for c in lay[k]], gid="aux", **_PIVOT)
        style_3d(ax, f"({chr(97 + i)}) {d} densities\npivot at {_first(ds, 'pivot_height', d):.0f} m, "
                     f"A-CRLB {_first(ds, 'a_crlb', d):.3g} m²")
        ax.set_zlim(0, p.bs_max_height)
    add_legends(fig, [Patch(facecolor="#6BAED6", alpha=0.6, label=r"target density $f_T$"),
                      Line2D([], [], color="#31A354", label=r"user density $f_U$ (contours)"), bs_handle(),
                      Line2D([], [], label="pivot BS (tallest)", **_PIVOT)], where="above")
    return fig


def _caption(ds) -> str:
    rows = "; ".join(f"{d}: pivot BS at {_first(ds, 'pivot_height', d):.0f} m, {_first(ds, 'pivot_to_centroid', d):.0f}"
                     f" m from the density centroid, the other BSs on average {_first(ds, 'others_to_bumps', d):.0f} m "
                     f"from the nearest density peak, rate {_first(ds, 'area_rate_mean_gain', d):.2f} of "
                     f"{_first(ds, 'peak_rate', d):.2f} bits/s/Hz" for d in (str(v) for v in ds["density"].values))
    return (f"Targets and users on a {scenario_param(ds, 'region_size', 400.0):g} m ground square, uniform or "
            "clustered (Gaussian bumps, sd 60 m, 5 % floor, "
            "f_T at (-100, -90) m and f_U at (110, 90) m [?]); minimum density-weighted A-CRLB s.t. rate >= 0.8 x "
            "rate-optimal [?]; BS heights 10-200 m [?]. " + rows + ". " + UNKNOWN_NOTE)


def _numbers(ds):
    out = []
    for d in (str(v) for v in ds["density"].values):
        if d == "clustered":
            dist = _first(ds, "pivot_to_centroid", d)
            half = scenario_param(ds, "region_size", 400.0) / 2
            near = dist <= 0.25 * half
            out.append(PaperNumber("an elevated pivot BS near the centroid (clustered densities)", "yes",
                                   f"{'yes' if near else 'no'}: tallest BS at {_first(ds, 'pivot_height', d):.0f} m, "
                                   f"{dist:.0f} m from the centroid ({dist / half:.0%} of the half-side)",
                                   "" if near else "not reproduced; the bumps' centres and widths are lost in 004 "
                                   "([?]): ours (sd 60 m, about 100 m from the centre) were chosen for a 400 m "
                                   "region and are small on this one"))
    return out


register_figure(FigureSpec(
    id="deploy-fig10", experiment="deploy.densities", scenario="deploy-fig10",
    title="Non-uniform densities and the pivot BS", x="density", plot=_plot, width="double",
    caption=_caption, paper_numbers=_numbers,
))
