"""deploy-fig10: layouts for non-uniform target/user densities and the elevated pivot BS (deploy Fig. 10)."""

from __future__ import annotations

import numpy as np

from isacnet.experiments.deploy.densities import DensityParams, density_setup
from isacnet.registry import FigureSpec, register_figure

from ._common import UNKNOWN_NOTE, draw_layout, layout_from, params_from, style_3d


def _plot(ds, spec):
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    designs = [str(d) for d in ds["density"].values]
    with plt.rc_context(IEEE_STYLE):
        fig = plt.figure(figsize=(7.16, 2.9))
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
            ax.scatter(*lay[k], marker="*", s=80, color="gold", edgecolor="k", depthshade=False, label="pivot BS")
            h = float(ds["value"].sel(series="pivot_height", density=d))
            style_3d(ax, f"({chr(97 + i)}) {d} densities (blue f_T, green f_U)\npivot height {h:.0f} m, "
                     f"A-CRLB {float(ds['value'].sel(series='a_crlb', density=d)):.3g} m²")
            ax.set_zlim(0, p.bs_max_height)
            ax.legend(fontsize=5, frameon=False, loc="upper left")
        fig.tight_layout()
        add_notes(fig.axes[-1], spec.notes, width=120)
    return fig


register_figure(FigureSpec(
    id="deploy-fig10", experiment="deploy.densities", scenario="deploy-fig10",
    title="Non-uniform densities and the pivot BS", x="density", plot=_plot,
    notes=("Targets and users on a 400 m ground square; clustered: Gaussian bumps (sd 60 m, 5 % floor) for f_T at "
           "(-100,-90) and f_U at (110,90) [?]; min density-weighted A-CRLB s.t. rate >= 0.8 x rate-optimal [?]; "
           "BS heights 10-200 m [?]. " + UNKNOWN_NOTE),
))
