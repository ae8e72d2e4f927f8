"""deploy-fig5 and deploy-fig6: the 1-D region of deploy Sec. V-B (users and targets on one ground
line): communication-optimal vs sensing-balanced layouts (Fig. 5); minimum CRLB and optimal BS
height vs region length (Fig. 6, Prop. 4)."""

from __future__ import annotations

import numpy as np

from isacnet.experiments.deploy.line import LINE_LABEL, LineParams, line_setup
from isacnet.metrics.deploy import crlb
from isacnet.registry import FigureSpec, register_figure

from ._common import UNKNOWN_NOTE, draw_layout, draw_region, layout_from, params_from, style_3d


def _plot5(ds, spec):
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    designs = [str(d) for d in ds["design"].values]
    with plt.rc_context(IEEE_STYLE):
        fig = plt.figure(figsize=(7.16, 2.6))
        axc = fig.add_subplot(1, len(designs) + 1, len(designs) + 1)
        for i, d in enumerate(designs):
            p = params_from(ds, LineParams, design=d)
            seg, _, _ = line_setup(p)
            lay = layout_from(ds, design=d)
            ax = fig.add_subplot(1, len(designs) + 1, i + 1, projection="3d")
            draw_region(ax, seg, "green", "users = targets")
            draw_layout(ax, lay)
            r = float(ds["value"].sel(series="area_rate_mean_gain", design=d))
            c = float(ds["value"].sel(series="a_crlb", design=d))
            style_3d(ax, f"({chr(97 + i)}) {LINE_LABEL[d]}\nR={r:.2f} bits/s/Hz, A-CRLB={c:.3g} m²")
            ax.set_ylim(-p.region_length / 2, p.region_length / 2)
            ax.set_zlim(0, p.region_length / 2)
            if i == 0:
                ax.legend(fontsize=5, frameon=False, loc="upper left")
            pts, _ = seg.grid(200)
            c3 = crlb(pts, lay, p.zeta_squared, p.pathloss_exp_sense)
            cx = crlb(pts, lay, p.zeta_squared, p.pathloss_exp_sense, basis=np.array([[1.0, 0, 0]]))
            singular = " (singular: inf)" if not np.isfinite(c3).any() else ""
            line = axc.semilogy(pts[:, 0], np.where(np.isfinite(c3), c3, np.nan),
                                label=f"{LINE_LABEL[d]}, 3-D{singular}")
            axc.semilogy(pts[:, 0], cx, "--", color=line[0].get_color(), lw=0.8, label=f"{LINE_LABEL[d]}, along x only")
        axc.set_xlabel("target position x [m]")
        axc.set_ylabel("CRLB [m²]")
        axc.set_title(f"({chr(97 + len(designs))}) CRLB along the line", fontsize=7)
        axc.legend(frameon=False, fontsize=4.5, loc="upper right")
        fig.tight_layout(w_pad=3.0)  # room for the 3-D z label next to the CRLB axis
        add_notes(axc, spec.notes, width=70)
    return fig


register_figure(FigureSpec(
    id="deploy-fig5", experiment="deploy.line_designs", scenario="deploy-fig5",
    title="1-D layouts: communication-optimal vs sensing-balanced", x="design", plot=_plot5,
    notes=("Line length L=1000 m, N=4, BS box [0,L] x [-L/2,L/2] x [10 m, L/2], alpha=3, balanced design: "
           "R_th = 0.7 x rate-optimal mean-gain rate -- all [?] (coordinates lost in 004). " + UNKNOWN_NOTE),
))


def _plot6(ds, spec):
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    with plt.rc_context(IEEE_STYLE):
        fig, (ax, ax2) = plt.subplots(1, 2, figsize=(7.16, 2.6))
        L = ds["region_length"].values
        for h in ds["bs_height"].values:
            ax.semilogy(L, ds["value"].sel(series="crlb", bs_height=h).values, "-o", mfc="none", ms=3,
                        label=f"h = {h:g} m")
        hh = ds["bs_height"].values[0]
        ax.semilogy(L, ds["value"].sel(series="min_crlb", bs_height=hh).values, "k-", lw=1.5,
                    label="optimal height")
        ax.set_xlabel("region length L [m]")
        ax.set_ylabel("A-CRLB [m²]")
        ax.set_title("(a) minimum A-CRLB vs L", fontsize=7)
        ax.legend(frameon=False, fontsize=5.5)
        hopt = ds["value"].sel(series="optimal_height", bs_height=hh).values
        ax2.plot(L, hopt, "ks", mfc="none", label="optimal height (search)")
        slope = float(np.sum(hopt * L) / np.sum(L * L))
        ax2.plot(L, slope * L, "r--", label=f"h* = {slope:.3f} L (Prop. 4)")
        ax2.set_xlabel("region length L [m]")
        ax2.set_ylabel("optimal BS height [m]")
        ax2.set_title("(b) optimal height ∝ L", fontsize=7)
        ax2.legend(frameon=False)
        fig.tight_layout()
        add_notes(ax2, spec.notes, width=80)
    return fig


register_figure(FigureSpec(
    id="deploy-fig6", experiment="deploy.line_height", scenario="deploy-fig6",
    title="Minimum CRLB and optimal BS height vs region length", x="region_length", hue="bs_height", plot=_plot6,
    notes=("N=4 BSs evenly spaced over [0,L] at a common height (fixed N, so Prop. 4 applies exactly); position "
           "estimated in the vertical plane of the line (x and z; the lateral coordinate is unobservable for BSs in "
           "that plane and the along-line-only FIM has its optimum at h -> 0). "
           + UNKNOWN_NOTE),
))
