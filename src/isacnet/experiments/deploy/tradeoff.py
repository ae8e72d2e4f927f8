"""deploy.tradeoff (Fig. 11): sensing coverage vs the rate requirement for several target altitudes
(deploy Sec. V-C)."""

from __future__ import annotations

import numpy as np

from isacnet.models import param
from isacnet.optimization.deploy import DeploymentResult
from isacnet.optimization.deploy_designs import optimize_rate_layout, optimize_sensing_layout, problem_from_model
from isacnet.registry import Experiment, Series, register_experiment

from ._common import cached, point_crlb
from ._planar import PlanarParams, planar_setup, rate_on_grid

__all__ = ["TradeoffParams", "tradeoff_design", "coverage", "coverage_and_min", "evaluate", "EXPERIMENT"]


class TradeoffParams(PlanarParams):
    """Min A-CRLB s.t. area rate >= R_th (R_th = 0: sensing only), coverage at ``coverage_threshold``."""

    rate_threshold_bits: float = param(5.0, unit="bits/s/Hz", symbol=r"$R_\mathrm{th}$", ge=0, le=100,
                                       doc="rate requirement; 0 = none (sensing only)")
    coverage_threshold: float = param(0.1, unit="m²", symbol=r"$\gamma$", gt=0, le=1e12, doc="CRLB threshold [?]")
    eval_per_axis: int = param(30, unit="1", ge=2, le=100, doc="evaluation grid per axis (coverage)")


@cached
def _rate_optimal(p: TradeoffParams, rng: np.random.Generator) -> DeploymentResult:
    targets, users, lower, upper = planar_setup(p)
    problem = problem_from_model(p, targets, users, lower, upper, samples_per_axis=p.samples_per_axis)
    return optimize_rate_layout(problem, p.num_bs, rng, num_starts=p.num_starts)


@cached
def _design(p: TradeoffParams, rate_rng: np.random.Generator, sense_rng: np.random.Generator):
    comm = _rate_optimal(p.model_copy(update={"rate_threshold_bits": 0.0}), rate_rng)
    rate = p.rate_threshold_bits if p.rate_threshold_bits > 0 else None
    if rate is not None and comm.area_rate_bits < rate:
        return None, comm
    targets, users, lower, upper = planar_setup(p)
    problem = problem_from_model(p, targets, users, lower, upper, samples_per_axis=p.samples_per_axis,
                                 rate_threshold_bits=rate)
    res = optimize_sensing_layout(problem, p.num_bs, sense_rng, starts=[comm.layout], num_starts=p.num_starts,
                                  options=p.trust_region_options())
    return res, comm


def tradeoff_design(p: TradeoffParams, rng: np.random.Generator) -> tuple[DeploymentResult | None, DeploymentResult]:
    """(min A-CRLB s.t. the rate requirement — None when it exceeds the peak rate —, rate-optimal layout).

    The rate-optimal layout draws from one stream of ``rng`` and is shared by every requirement;
    the sensing design draws from another.
    """
    rate_rng, sense_rng = rng.spawn(2)
    key = p.model_copy(update={"coverage_threshold": 0.1, "eval_per_axis": 30})
    return _design(key, rate_rng, sense_rng)


def coverage(p: TradeoffParams, layout) -> float:
    """P(CRLB <= ``coverage_threshold``) on the ``eval_per_axis``² grid of the target plane (mean gains)."""
    return coverage_and_min(p, layout)[0]


def coverage_and_min(p: TradeoffParams, layout) -> tuple[float, float]:
    """P(CRLB <= ``coverage_threshold``) and the smallest CRLB [m²] on the ``eval_per_axis``² grid of the
    target plane (mean gains); the coverage is 0 exactly when that smallest CRLB exceeds the threshold."""
    targets, _, _, _ = planar_setup(p)
    pts, w = targets.grid(p.eval_per_axis)
    c = point_crlb(p, pts, layout)
    return float(p.coverage(c, p.coverage_threshold, w)), float(np.min(c))


def evaluate(p: TradeoffParams, rng: np.random.Generator) -> dict:
    """Series of one requirement: coverage, A-CRLB and smallest CRLB [m²], rates [bits/s/Hz] on the optimisation
    samples and on the evaluation grid (NaN above the peak rate)."""
    res, comm = tradeoff_design(p, rng)
    cov_comm, min_comm = coverage_and_min(p, comm.layout)
    common = {"peak_rate": comm.area_rate_bits, "peak_rate_eval": rate_on_grid(p, comm.layout, p.eval_per_axis),
              "coverage_comm_optimal": cov_comm, "crlb_min_comm_optimal": min_comm}
    if res is None:
        return {"coverage": float("nan"), "a_crlb": float("nan"), "area_rate_mean_gain": float("nan"),
                "area_rate_eval": float("nan"), "rate_loss": float("nan"), "crlb_min": float("nan"), **common}
    cov, cmin = coverage_and_min(p, res.layout)
    return {"coverage": cov, "a_crlb": res.objective, "area_rate_mean_gain": res.area_rate_bits,
            "area_rate_eval": rate_on_grid(p, res.layout, p.eval_per_axis),
            "rate_loss": 1 - res.area_rate_bits / comm.area_rate_bits, "crlb_min": cmin, **common}


EXPERIMENT = register_experiment(Experiment(
    id="deploy.tradeoff",
    params=TradeoffParams,
    series=(Series("coverage", "P(CRLB <= gamma), min A-CRLB s.t. rate", unit="1"),
            Series("a_crlb", "A-CRLB [m²]", unit="m²"),
            Series("area_rate_mean_gain", "mean-gain area rate [bits/s/Hz]", unit="bits/s/Hz"),
            Series("peak_rate", "rate-optimal area rate [bits/s/Hz]", unit="bits/s/Hz"),
            Series("coverage_comm_optimal", "P(CRLB <= gamma), rate-optimal layout", unit="1"),
            Series("rate_loss", "1 - rate / peak rate", unit="1"),
            Series("crlb_min", "smallest CRLB on the evaluation grid, min A-CRLB s.t. rate [m²]", unit="m²"),
            Series("crlb_min_comm_optimal", "smallest CRLB on the evaluation grid, rate-optimal layout [m²]",
                   unit="m²"),
            Series("peak_rate_eval", "rate-optimal area rate on the evaluation grid [bits/s/Hz]", unit="bits/s/Hz"),
            Series("area_rate_eval", "mean-gain area rate on the evaluation grid [bits/s/Hz]", unit="bits/s/Hz")),
    evaluate=evaluate,
    shared_stream_fields=("init_seed",),
    description="Coverage vs rate requirement and target altitude (Fig. 11).",
))
