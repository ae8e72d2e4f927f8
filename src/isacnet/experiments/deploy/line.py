"""deploy.line_designs (Fig. 5) and deploy.line_height (Fig. 6): the 1-D region of deploy Sec. V-B (users
and targets on one ground line): communication-optimal vs sensing-balanced layouts; minimum CRLB and
optimal BS height vs region length (Prop. 4)."""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy.optimize import minimize_scalar

from isacnet.errors import NumericalError
from isacnet.geometry.regions import Segment
from isacnet.metrics.deploy import area_crlb, crlb
from isacnet.models import param
from isacnet.optimization.deploy import DeploymentResult
from isacnet.optimization.deploy_designs import optimize_rate_layout, optimize_sensing_layout, problem_from_model
from isacnet.registry import Experiment, Series, register_experiment

from ._common import MAX_BS, DeployParams, cached, layout_series, layout_values

__all__ = [
    "LINE_LABEL", "LineParams", "line_setup", "line_design", "evaluate_line_designs",
    "HeightParams", "evenly_spaced_layout", "line_crlb", "optimal_height", "evaluate_line_height",
    "EXPERIMENT_DESIGNS", "EXPERIMENT_HEIGHT",
]

LINE_LABEL = {"comm": "communication-optimal", "balanced": "sensing-balanced", "sensing": "sensing-only"}


class LineParams(DeployParams):
    """1-D set-up: the segment ``[0, L] × {0} × {0}`` carries users and targets."""

    num_bs: int = param(4, unit="1", symbol=r"$N$", ge=1, le=MAX_BS,
                        doc="number of BSs; <= 16: the stored layout holds 16 BSs")
    region_length: float = param(1000.0, unit="m", symbol=r"$L$", gt=0, le=1e5, doc="line length L [?]; <= 100 km")
    bs_min_height: float = param(10.0, unit="m", ge=0, le=2e4, doc="lowest BS height [?]; <= 20 km")
    bs_max_height_frac: float = param(0.5, unit="1", gt=0, le=10, doc="highest BS height / L [?]")
    bs_lateral_frac: float = param(0.5, unit="1", gt=0, le=10, doc="BS box |y| <= this x L [?]")
    design: Literal["comm", "balanced", "sensing"] = param("balanced", unit="–",
                                                           doc="rate-optimal, min A-CRLB s.t. rate, or sensing-only")
    rate_fraction: float = param(0.7, unit="1", gt=0, le=1,
                                 doc="balanced design: R_th = this x rate-optimal area rate [?]")
    samples_per_axis: int = param(40, unit="1", ge=2, le=400, doc="target/user samples on the line")


def line_setup(p: LineParams):
    """The line (targets = users) and the BS box ``(lower, upper)`` [m]."""
    seg = Segment([0, 0, 0], [p.region_length, 0, 0], name="line")
    w = p.bs_lateral_frac * p.region_length
    lower = [0.0, -w, p.bs_min_height]
    upper = [p.region_length, w, max(p.bs_max_height_frac * p.region_length, p.bs_min_height)]
    return seg, lower, upper


@cached
def _rate_optimal(p: LineParams, rng: np.random.Generator) -> DeploymentResult:
    seg, lower, upper = line_setup(p)
    problem = problem_from_model(p, seg, seg, lower, upper, samples_per_axis=p.samples_per_axis)
    return optimize_rate_layout(problem, p.num_bs, rng, num_starts=p.num_starts)


def line_design(p: LineParams, rng: np.random.Generator) -> tuple[DeploymentResult, float]:
    """The layout of ``p.design`` and the peak (rate-optimal) mean-gain area rate [bits/s/Hz].

    The rate-optimal layout (one stream of ``rng``) starts the sensing designs (another stream).
    """
    rate_rng, sense_rng = rng.spawn(2)
    comm = _rate_optimal(p.model_copy(update={"design": "comm", "rate_fraction": 0.7}), rate_rng)
    if p.design == "comm":
        return comm, comm.area_rate_bits
    seg, lower, upper = line_setup(p)
    rate = p.rate_fraction * comm.area_rate_bits if p.design == "balanced" else None
    problem = problem_from_model(p, seg, seg, lower, upper, samples_per_axis=p.samples_per_axis,
                                 rate_threshold_bits=rate)
    res = optimize_sensing_layout(problem, p.num_bs, sense_rng, starts=[comm.layout], num_starts=p.num_starts,
                                  options=p.trust_region_options())
    if res is None:  # the rate-optimal start meets the requirement; only an unrepairable singular FIM is left
        raise NumericalError(f"line design {p.design!r}: no start with a finite A-CRLB was found")
    return res, comm.area_rate_bits


def evaluate_line_designs(p: LineParams, rng: np.random.Generator) -> dict:
    """Series of one 1-D design: A-CRLB [m²], rate and peak rate [bits/s/Hz], BSs off the line, layout [m]."""
    res, peak = line_design(p, rng)
    return {"a_crlb": res.objective, "area_rate_mean_gain": res.area_rate_bits, "peak_rate": peak,
            "num_offline": float(np.sum(np.abs(res.layout[:, 1]) > 0.05 * p.region_length)),
            **layout_values(res.layout)}


EXPERIMENT_DESIGNS = register_experiment(Experiment(
    id="deploy.line_designs",
    params=LineParams,
    series=(Series("a_crlb", "A-CRLB (30) [m²]", unit="m²"),
            Series("area_rate_mean_gain", "mean-gain area rate [bits/s/Hz]", unit="bits/s/Hz"),
            Series("peak_rate", "rate-optimal area rate [bits/s/Hz]", unit="bits/s/Hz"),
            Series("num_offline", "BSs farther than 0.05 L from the line's vertical plane",
                   unit="1"), *layout_series()),
    evaluate=evaluate_line_designs,
    shared_stream_fields=("init_seed",),
    description="1-D region: rate-optimal vs sensing-balanced layouts (Sec. V-B, Fig. 5).",
))


# -- Fig. 6 ---------------------------------------------------------------------------------
class HeightParams(DeployParams):
    """Fig. 6: ``N`` BSs evenly spaced over ``[0, L]`` at a common height ``h`` above the line."""

    num_bs: int = param(4, unit="1", symbol=r"$N$", ge=1, le=MAX_BS, doc="number of BSs; <= 16")
    region_length: float = param(500.0, unit="m", symbol=r"$L$", gt=0, le=1e5, doc="line length L; <= 100 km")
    bs_height: float = param(100.0, unit="m", symbol=r"$h$", gt=0, le=1e5, doc="common BS height h; <= 100 km")
    estimate_axes: Literal["xz", "x", "xyz"] = param(
        "xz", unit="–", doc="estimated coordinates: along-line and height (default), along-line only, or 3-D")
    samples_per_axis: int = param(200, unit="1", ge=2, le=2000, doc="target samples on the line")


def evenly_spaced_layout(p: HeightParams, height: float) -> np.ndarray:
    """``N`` BSs at the midpoints of ``N`` equal cells of ``[0, L]``, all at ``height`` [m]; [N, 3] [m]."""
    x = (np.arange(p.num_bs) + 0.5) * p.region_length / p.num_bs
    return np.column_stack([x, np.zeros(p.num_bs), np.full(p.num_bs, height)])


def line_crlb(p: HeightParams, height: float) -> float:
    """A-CRLB over the line for the evenly spaced layout at ``height`` [m²] (in-region or 3-D FIM)."""
    seg = Segment([0, 0, 0], [p.region_length, 0, 0])
    pts, w = seg.grid(p.samples_per_axis)
    basis = {"xz": np.array([[1.0, 0, 0], [0, 0, 1.0]]), "x": np.array([[1.0, 0, 0]]), "xyz": None}[p.estimate_axes]
    return float(area_crlb(crlb(pts, evenly_spaced_layout(p, height), p.zeta_squared, p.pathloss_exp_sense,
                                basis=basis), w))


def optimal_height(p: HeightParams) -> tuple[float, float]:
    """Height minimising the A-CRLB (bounded search on log h in [1e-3 L, 3 L]) [m] and its A-CRLB [m²]."""
    lo, hi = np.log(1e-3 * p.region_length), np.log(3 * p.region_length)
    grid = np.linspace(lo, hi, 61)
    vals = [line_crlb(p, float(np.exp(g))) for g in grid]
    j = int(np.argmin(vals))
    a, b = grid[max(j - 1, 0)], grid[min(j + 1, len(grid) - 1)]
    res = minimize_scalar(lambda g: line_crlb(p, float(np.exp(g))), bounds=(a, b), method="bounded",
                          options={"xatol": 1e-8})
    return float(np.exp(res.x)), float(res.fun)


def evaluate_line_height(p: HeightParams, rng: np.random.Generator | None = None) -> dict:
    """Series of one line length (deterministic): A-CRLB at h and at the optimal height [m²], that height [m]."""
    h, c = optimal_height(p)
    return {"crlb": line_crlb(p, p.bs_height), "min_crlb": c, "optimal_height": h,
            "optimal_height_ratio": h / p.region_length}


EXPERIMENT_HEIGHT = register_experiment(Experiment(
    id="deploy.line_height",
    params=HeightParams,
    series=(Series("crlb", "A-CRLB at height h [m²]", unit="m²"),
            Series("min_crlb", "A-CRLB at the optimal height [m²]", unit="m²"),
            Series("optimal_height", "optimal common height [m]", unit="m"),
            Series("optimal_height_ratio", "optimal height / L", unit="1")),
    evaluate=evaluate_line_height,
    evaluate_uses_rng=False,
    description="Minimum A-CRLB and optimal common BS height vs line length (Sec. V-B, Fig. 6).",
))
