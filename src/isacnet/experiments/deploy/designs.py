"""deploy.designs_2d (Figs. 7–8): 2-D layouts, CRLB maps and sensing coverage of three designs
(deploy Sec. V-C): rate-optimal, min A-CRLB s.t. R >= 5 bits/s/Hz, sensing-only."""

from __future__ import annotations

from typing import Literal

import numpy as np

from isacnet.errors import InputError
from isacnet.metrics.deploy import rate_exact_bits
from isacnet.models import param
from isacnet.optimization.deploy import DeploymentResult
from isacnet.optimization.deploy_designs import optimize_rate_layout, optimize_sensing_layout, problem_from_model
from isacnet.registry import Experiment, Series, register_experiment

from ._common import cached, layout_series, layout_values, point_crlb
from ._planar import PlanarParams, planar_setup, rate_on_grid

__all__ = ["DESIGNS", "DESIGN_LABEL", "DesignParams", "design_streams", "run_design", "evaluation", "evaluate",
           "EXPERIMENT"]

DESIGNS = ("comm", "rate", "sensing")
DESIGN_LABEL = {"comm": "rate-optimal", "rate": "min A-CRLB s.t. rate", "sensing": "sensing-only"}


class DesignParams(PlanarParams):
    """One design of Sec. V-C evaluated on an ``eval_per_axis``² grid of the target plane."""

    design: Literal["comm", "rate", "sensing"] = param(
        "rate", unit="–", doc="rate-optimal, min A-CRLB s.t. the rate requirement, or sensing-only")
    rate_threshold_bits: float = param(5.0, unit="bits/s/Hz", symbol=r"$R_\mathrm{th}$", ge=0, le=100,
                                       doc="rate requirement of the constrained design; <= 100 bits/s/Hz")
    coverage_threshold: float = param(0.1, unit="m²", symbol=r"$\gamma$", gt=0, le=1e12,
                                      doc="CRLB threshold of the coverage series")
    eval_per_axis: int = param(30, unit="1", ge=2, le=100, doc="evaluation grid per axis (maps, coverage)")
    gain_model: Literal["mean_gain", "monte_carlo"] = param(
        "mean_gain", unit="–", doc="CRLB of maps/coverage: mean beam gains, or the expected CRLB (7) over 64 "
                                   "beam-gain draws")


def design_streams(rng: np.random.Generator) -> tuple[np.random.Generator, np.random.Generator, np.random.Generator]:
    """The three streams of one point: rate-optimal starts, sensing starts, beam gains of the maps."""
    rate_rng, sense_rng, gain_rng = rng.spawn(3)
    return rate_rng, sense_rng, gain_rng


@cached
def _rate_optimal(p: DesignParams, rng: np.random.Generator) -> DeploymentResult:
    targets, users, lower, upper = planar_setup(p)
    problem = problem_from_model(p, targets, users, lower, upper, samples_per_axis=p.samples_per_axis)
    return optimize_rate_layout(problem, p.num_bs, rng, num_starts=p.num_starts)


@cached
def _design(p: DesignParams, rate_rng: np.random.Generator, sense_rng: np.random.Generator):
    comm = _rate_optimal(p.model_copy(update={"design": "comm", "rate_threshold_bits": 5.0}), rate_rng)
    if p.design == "comm":
        return comm
    if p.design == "rate" and comm.area_rate_bits < p.rate_threshold_bits:
        return None
    targets, users, lower, upper = planar_setup(p)
    problem = problem_from_model(p, targets, users, lower, upper, samples_per_axis=p.samples_per_axis,
                                 rate_threshold_bits=p.rate_threshold_bits if p.design == "rate" else None)
    return optimize_sensing_layout(problem, p.num_bs, sense_rng, starts=[comm.layout], num_starts=p.num_starts,
                                   options=p.trust_region_options())


def _layout(p: DesignParams, rate_rng: np.random.Generator, sense_rng: np.random.Generator):
    key = p.model_copy(update={"coverage_threshold": 0.1, "eval_per_axis": 30, "gain_model": "mean_gain"})
    return _design(key, rate_rng, sense_rng)


def run_design(p: DesignParams, rng: np.random.Generator) -> DeploymentResult | None:
    """The optimised layout of ``p.design`` (None when the rate requirement exceeds the peak rate).

    Draws from the first two streams of :func:`design_streams` (``rng`` is spawned once); every
    design of one figure starts from the same rate-optimal layout.
    """
    rate_rng, sense_rng, _ = design_streams(rng)
    return _layout(p, rate_rng, sense_rng)


def evaluation(p: DesignParams, layout, gain_rng: np.random.Generator | None = None):
    """Per-point CRLB on the evaluation grid [m²], [eval_per_axis²], its weights, and the exact area
    rate [bits/s/Hz].

    With ``gain_model="monte_carlo"`` the CRLB is the expected CRLB (7) over 64 beam-gain draws
    from ``gain_rng`` (the third stream of :func:`design_streams`).
    """
    if p.gain_model == "monte_carlo" and gain_rng is None:
        raise InputError("gain_rng", "gain_model='monte_carlo' draws beam gains: pass a generator")
    targets, users, _, _ = planar_setup(p)
    pts, w = targets.grid(p.eval_per_axis)
    c = point_crlb(p, pts, layout, rng=gain_rng if p.gain_model == "monte_carlo" else None)
    q, qw = users.grid(p.eval_per_axis)
    rate = float(np.sum(qw * rate_exact_bits(q, layout, p.power_comm, p.noise_power, p.pathloss_exp,
                                             p.num_tx_antennas)))
    return c, w, rate


def evaluate(p: DesignParams, rng: np.random.Generator) -> dict:
    """Series of one design: A-CRLBs and map extremes [m²], coverage, rates [bits/s/Hz], layout [m]; NaN if
    infeasible."""
    rate_rng, sense_rng, gain_rng = design_streams(rng)
    res = _layout(p, rate_rng, sense_rng)
    if res is None:
        return {s.name: float("nan") for s in EXPERIMENT.series}
    c, w, rate_exact = evaluation(p, res.layout, gain_rng)
    return {
        "a_crlb": res.objective,
        "a_crlb_eval": float(np.sum(w * c)),
        "crlb_min": float(np.min(c)),
        "crlb_max": float(np.max(c)),
        "coverage": float(p.coverage(c, p.coverage_threshold, w)),
        "area_rate_mean_gain": res.area_rate_bits,
        "area_rate_exact": rate_exact,
        "area_rate_mean_gain_eval": rate_on_grid(p, res.layout, p.eval_per_axis),
        **layout_values(res.layout),
    }


EXPERIMENT = register_experiment(Experiment(
    id="deploy.designs_2d",
    params=DesignParams,
    series=(Series("a_crlb", "optimised A-CRLB on the samples (30) [m²]", unit="m²"),
            Series("a_crlb_eval", "A-CRLB on the evaluation grid [m²]", unit="m²"),
            Series("crlb_min", "min CRLB on the map [m²]", unit="m²"),
            Series("crlb_max", "max CRLB on the map [m²]", unit="m²"),
            Series("coverage", "P(CRLB <= gamma)", unit="1"),
            Series("area_rate_mean_gain", "mean-gain area rate [bits/s/Hz]", unit="bits/s/Hz"),
            Series("area_rate_exact", "exact (Hamdi) area rate [bits/s/Hz]", unit="bits/s/Hz"),
            Series("area_rate_mean_gain_eval", "mean-gain area rate on the evaluation grid [bits/s/Hz]",
                   unit="bits/s/Hz"),
            *layout_series()),
    evaluate=evaluate,
    shared_stream_fields=("init_seed",),
    description="Rate-optimal, rate-constrained and sensing-only 2-D deployments (Sec. V-C).",
))
