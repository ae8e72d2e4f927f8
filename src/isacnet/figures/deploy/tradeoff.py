"""deploy-fig11: sensing coverage vs the rate requirement for several target altitudes
(deploy Sec. V-C, Fig. 11)."""

from __future__ import annotations

import numpy as np
from pydantic import Field

from isacnet.metrics.deploy import coverage_probability
from isacnet.registry import Experiment, FigureSpec, Series, register_experiment, register_figure

from ._common import UNKNOWN_NOTE, build_problem, cached, comm_design, params_from, point_crlb, sensing_design
from ._planar import PlanarParams, planar_setup


class TradeoffParams(PlanarParams):
    """Min A-CRLB s.t. area rate >= R_th (R_th = 0: sensing only), coverage at ``coverage_threshold``."""

    rate_threshold_bits: float = Field(5.0, ge=0, description="R_th [bits/s/Hz]; 0 = no requirement")
    coverage_threshold: float = Field(0.1, gt=0, description="gamma [m^2] [?]")
    eval_per_axis: int = Field(30, ge=2, le=100)


@cached
def _comm(p: TradeoffParams):
    tr, ur, lo, hi = planar_setup(p)
    return comm_design(p, build_problem(p, tr, ur, lo, hi, None))


@cached
def _design(p: TradeoffParams):
    tr, ur, lo, hi = planar_setup(p)
    comm = _comm(p.model_copy(update={"rate_threshold_bits": 0.0}))
    rate = p.rate_threshold_bits if p.rate_threshold_bits > 0 else None
    if rate is not None and comm.area_rate_bits < rate:
        return None, comm
    prob = build_problem(p, tr, ur, lo, hi, rate)
    return sensing_design(p, prob, [comm.layout]), comm


def _coverage(p, layout):
    tr, _, _, _ = planar_setup(p)
    pts, w = tr.grid(p.eval_per_axis)
    return float(coverage_probability(point_crlb(p, pts, layout), p.coverage_threshold, w))


def _evaluate(p: TradeoffParams, rng):
    res, comm = _design(p)
    cov_comm = _coverage(p, comm.layout)
    if res is None:
        return {"coverage": float("nan"), "a_crlb": float("nan"), "area_rate_mean_gain": float("nan"),
                "peak_rate": comm.area_rate_bits, "coverage_comm_optimal": cov_comm, "rate_loss": float("nan")}
    return {"coverage": _coverage(p, res.layout), "a_crlb": res.objective, "area_rate_mean_gain": res.area_rate_bits,
            "peak_rate": comm.area_rate_bits, "coverage_comm_optimal": cov_comm,
            "rate_loss": 1 - res.area_rate_bits / comm.area_rate_bits}


EXP = register_experiment(Experiment(
    id="deploy.tradeoff",
    params=TradeoffParams,
    series=(Series("coverage", "P(CRLB <= gamma), min A-CRLB s.t. rate"),
            Series("a_crlb", "A-CRLB [m²]"), Series("area_rate_mean_gain", "mean-gain area rate [bits/s/Hz]"),
            Series("peak_rate", "rate-optimal area rate [bits/s/Hz]"),
            Series("coverage_comm_optimal", "P(CRLB <= gamma), rate-optimal layout"),
            Series("rate_loss", "1 - rate / peak rate")),
    evaluate=_evaluate,
    description="Coverage vs rate requirement and target altitude (Fig. 11).",
))


def _plot(ds, spec):
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        x = ds["rate_threshold_bits"].values
        swept = "target_height" in ds.dims
        heights = ds["target_height"].values if swept else [params_from(ds, TradeoffParams).target_height]
        for i, h in enumerate(heights):
            c = colors[i % len(colors)]
            sel = {"target_height": h} if swept else {}
            cov = np.atleast_1d(ds["value"].sel(series="coverage", **sel).values)
            peak = float(np.atleast_1d(ds["value"].sel(series="peak_rate", **sel).values)[0])
            cc = float(np.atleast_1d(ds["value"].sel(series="coverage_comm_optimal", **sel).values)[0])
            ax.plot(x, cov, "-o", color=c, mfc="none", ms=3, label=f"targets at {h:g} m")
            ax.plot([peak], [cc], "x", color=c, ms=6, label=f"rate-optimal ({peak:.2f} bits/s/Hz)")
        ax.set_xlabel("rate requirement R_th [bits/s/Hz] (0: sensing only)")
        ax.set_ylabel("sensing coverage P(CRLB ≤ γ)")
        ax.set_ylim(-0.02, 1.02)
        ax.legend(frameon=False, fontsize=5)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


register_figure(FigureSpec(
    id="deploy-fig11", experiment="deploy.tradeoff", scenario="deploy-fig11",
    title="Sensing coverage vs rate requirement and target altitude", x="rate_threshold_bits", hue="target_height",
    plot=_plot,
    notes=("Set-up of Fig. 7 (N=6, 400 m squares, alpha=3.7) with the target altitude swept; gamma = 0.1 m^2 [?]; "
           "missing points: requirement above the rate-optimal rate. " + UNKNOWN_NOTE),
))
