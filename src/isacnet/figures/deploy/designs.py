"""deploy-fig7 and deploy-fig8: 2-D layouts, CRLB maps and sensing coverage of three designs
(deploy Sec. V-C, Figs. 7–8): rate-optimal, min A-CRLB s.t. R >= 5 bits/s/Hz, sensing-only."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from isacnet.metrics.deploy import coverage_probability, rate_exact_bits
from isacnet.registry import Experiment, FigureSpec, Series, register_experiment, register_figure
from isacnet.units import db_to_linear

from ._common import (
    UNKNOWN_NOTE,
    build_problem,
    cached,
    comm_design,
    layout_from,
    layout_series,
    layout_values,
    params_from,
    point_crlb,
    sensing_design,
)
from ._planar import PlanarParams, planar_setup

DESIGNS = ("comm", "rate", "sensing")
DESIGN_LABEL = {"comm": "rate-optimal", "rate": "min A-CRLB s.t. rate", "sensing": "sensing-only"}


class DesignParams(PlanarParams):
    """One design of Sec. V-C evaluated on an ``eval_per_axis``² grid of the target plane."""

    design: Literal["comm", "rate", "sensing"] = "rate"
    rate_threshold_bits: float = Field(5.0, ge=0, description="R_th of the constrained design [bits/s/Hz]")
    coverage_threshold: float = Field(0.1, gt=0, description="gamma of the coverage series [m^2]")
    eval_per_axis: int = Field(30, ge=2, le=100, description="evaluation grid per axis (maps, coverage)")
    gain_model: Literal["mean_gain", "monte_carlo"] = Field("mean_gain", description="CRLB of maps/coverage")


def _design_key(p: DesignParams) -> DesignParams:
    return p.model_copy(update={"coverage_threshold": 0.1})


@cached
def _design(p: DesignParams):
    tr, ur, lo, hi = planar_setup(p)
    free = build_problem(p, tr, ur, lo, hi, None)
    comm = comm_design(p, free)
    if p.design == "comm":
        return comm
    if p.design == "sensing":
        return sensing_design(p, free, [comm.layout])
    cons = build_problem(p, tr, ur, lo, hi, p.rate_threshold_bits)
    if comm.area_rate_bits < p.rate_threshold_bits:
        return None
    return sensing_design(p, cons, [comm.layout])


def run_design(p: DesignParams):
    """The optimised layout of ``p.design`` (cached; None when the rate requirement is infeasible)."""
    return _design(_design_key(p))


def evaluation(p: DesignParams, layout):
    """Per-point CRLB on the evaluation grid [eval², ] and the exact area rate [bits/s/Hz]."""
    tr, ur, _, _ = planar_setup(p)
    pts, w = tr.grid(p.eval_per_axis)
    rng = np.random.default_rng(p.init_seed + 7) if p.gain_model == "monte_carlo" else None
    basis = None
    c = point_crlb(p, pts, layout, basis, rng)
    users, uw = ur.grid(p.eval_per_axis)
    sigma2 = float(db_to_linear(p.noise_power_db))
    rate = float(np.sum(uw * rate_exact_bits(users, layout, p.power * p.comm_power_fraction, sigma2, p.comm_exp,
                                             p.num_tx_antennas)))
    return c, w, rate


def _evaluate(p: DesignParams, rng):
    res = run_design(p)
    nan = float("nan")
    if res is None:
        return {s.name: nan for s in EXP.series}
    c, w, rate_exact = evaluation(p, res.layout)
    return {
        "a_crlb": res.objective,
        "a_crlb_eval": float(np.sum(w * c)),
        "crlb_min": float(np.min(c)),
        "crlb_max": float(np.max(c)),
        "coverage": float(coverage_probability(c, p.coverage_threshold, w)),
        "area_rate_mean_gain": res.area_rate_bits,
        "area_rate_exact": rate_exact,
        **layout_values(res.layout),
    }


EXP = register_experiment(Experiment(
    id="deploy.designs_2d",
    params=DesignParams,
    series=(Series("a_crlb", "optimised A-CRLB on the samples (30) [m²]"),
            Series("a_crlb_eval", "A-CRLB on the evaluation grid [m²]"),
            Series("crlb_min", "min CRLB on the map [m²]"), Series("crlb_max", "max CRLB on the map [m²]"),
            Series("coverage", "P(CRLB <= gamma)"),
            Series("area_rate_mean_gain", "mean-gain area rate [bits/s/Hz]"),
            Series("area_rate_exact", "exact (Hamdi) area rate [bits/s/Hz]"),
            *layout_series()),
    evaluate=_evaluate,
    description="Rate-optimal, rate-constrained and sensing-only 2-D deployments (Sec. V-C).",
))


def _plot_fig7(ds, spec):
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    from isacnet.plotting import IEEE_STYLE, add_notes

    from ._common import draw_layout, draw_region, heatmap, style_3d

    designs = [str(d) for d in ds["design"].values]
    with plt.rc_context(IEEE_STYLE):
        fig = plt.figure(figsize=(7.16, 4.6))
        maps = []
        for d in designs:
            p = params_from(ds, DesignParams, design=d)
            lay = layout_from(ds, design=d)
            c = evaluation(p, lay)[0] if lay.size else None
            maps.append((p, lay, c))
        finite = np.concatenate([m[2][np.isfinite(m[2])] for m in maps if m[2] is not None])
        norm = LogNorm(vmin=finite.min(), vmax=finite.max())
        for i, (d, (p, lay, c)) in enumerate(zip(designs, maps)):
            tr, ur, _, _ = planar_setup(p)
            ax = fig.add_subplot(2, len(designs), i + 1, projection="3d")
            draw_region(ax, ur, "green", "users")
            draw_region(ax, tr, "tab:blue", "targets")
            rate = float(ds["value"].sel(series="area_rate_exact", design=d))
            if lay.size:
                draw_layout(ax, lay)
            style_3d(ax, f"({chr(97 + i)}) {DESIGN_LABEL[d]}\nrate {rate:.2f} bits/s/Hz")
            ax.set_zlim(0, p.target_height * 1.05)
            if i == 0:
                ax.legend(fontsize=5, loc="upper left", frameon=False)
            ax2 = fig.add_subplot(2, len(designs), len(designs) + i + 1)
            if c is not None:
                heatmap(ax2, fig, tr, c, p.eval_per_axis, f"({chr(100 + i)}) CRLB map, A-CRLB "
                        f"{float(np.mean(c)):.3g} m²", norm=norm)
                ax2.plot(lay[:, 0], lay[:, 1], "r^", ms=3)
        fig.tight_layout()
        add_notes(fig.axes[-2] if len(fig.axes) > 1 else fig.axes[0], spec.notes, width=160)
    return fig


def _plot_fig8(ds, spec):
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        g = ds["coverage_threshold"].values
        for i, d in enumerate(ds["design"].values):
            cov = ds["value"].sel(series="coverage", design=d).values
            rate = float(ds["value"].sel(series="area_rate_exact", design=d).values[0])
            rmg = float(ds["value"].sel(series="area_rate_mean_gain", design=d).values[0])
            ax.plot(g, cov, ["-o", "-s", "-^"][i % 3], mfc="none",
                    label=f"{DESIGN_LABEL[str(d)]} ({rmg:.2f} mean-gain / {rate:.2f} exact bits/s/Hz)")
        ax.set_xlabel("CRLB threshold γ [m²]")
        ax.set_ylabel("sensing coverage P(CRLB ≤ γ)")
        ax.set_ylim(-0.02, 1.02)
        ax.legend(frameon=False)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


_NOTES = ("N, region size, alpha lost in 004: N=6 BSs, 400 m x 400 m squares, users at 0 m, targets at 400 m, "
          "BS heights 10-390 m, alpha=3.7 calibrated so the rate-optimal area rate is ~6.5 bits/s/Hz (paper: 6.5). "
          "Rates: exact Hamdi integral; optimiser uses the mean-gain surrogate. CRLB is proportional to 1/C_0: with "
          "C_0 = 100 every threshold reads 100x larger. " + UNKNOWN_NOTE)

register_figure(FigureSpec(
    id="deploy-fig7", experiment="deploy.designs_2d", scenario="deploy-fig7",
    title="2-D layouts and CRLB maps: rate-optimal, rate >= 5 bits/s/Hz, sensing-only", x="design",
    plot=_plot_fig7, notes=_NOTES,
))
register_figure(FigureSpec(
    id="deploy-fig8", experiment="deploy.designs_2d", scenario="deploy-fig8",
    title="Sensing coverage vs CRLB threshold for the three designs", x="coverage_threshold", hue="design",
    plot=_plot_fig8, notes=_NOTES,
))
