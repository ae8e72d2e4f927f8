"""deploy.convergence (Fig. 3): the MM + trust-region optimiser from a random layout (deploy Sec. IV-B)."""

from __future__ import annotations

import numpy as np

from isacnet.models import param
from isacnet.optimization.deploy import DeploymentResult, area_rate_mean_gain_bits, initial_layout, optimize_deployment
from isacnet.optimization.deploy_designs import optimize_rate_layout, problem_from_model
from isacnet.registry import Experiment, Series, register_experiment

from ._common import MAX_BS
from ._planar import PlanarParams, planar_setup

__all__ = ["MAX_HIST", "ConvergenceParams", "run_convergence", "sweep_histories", "evaluate", "EXPERIMENT"]

MAX_HIST = 120
"""Most sweeps stored per run (series ``obj_000`` … ``obj_120``)."""


class ConvergenceParams(PlanarParams):
    """Fig. 3: one MM run from a random off-plane layout."""

    num_bs: int = param(4, unit="1", symbol=r"$N$", ge=1, le=MAX_BS,
                        doc="number of BSs; <= 16: the stored layout holds 16 BSs")
    rate_threshold_bits: float | None = param(None, unit="bits/s/Hz", symbol=r"$R_\mathrm{th}$", ge=0, le=100,
                                              doc="rate requirement; none = sensing only; <= 100 bits/s/Hz")
    max_sweeps: int = param(MAX_HIST, unit="1", ge=1, le=MAX_HIST,
                            doc="MM sweeps over all BSs at most; <= 120: the stored history holds 120")


def run_convergence(p: ConvergenceParams, rng: np.random.Generator) -> DeploymentResult:
    """One MM run (spec 004 §7) from a random layout drawn from ``rng``; with a rate requirement the
    start is first made feasible by the rate-optimal search from it."""
    start_rng, rate_rng = rng.spawn(2)
    targets, users, lower, upper = planar_setup(p)
    problem = problem_from_model(p, targets, users, lower, upper, samples_per_axis=p.samples_per_axis,
                                 rate_threshold_bits=p.rate_threshold_bits)
    start = initial_layout(problem, p.num_bs, start_rng)
    required = problem.rate_threshold_bits
    if required is not None and area_rate_mean_gain_bits(problem, start) < required:
        start = optimize_rate_layout(problem, p.num_bs, rate_rng, init=start, num_starts=p.num_starts).layout
    return optimize_deployment(problem, start, options=p.trust_region_options())


def sweep_histories(res: DeploymentResult) -> tuple[np.ndarray, np.ndarray]:
    """Objective and surrogate after each sweep (surrogate of the sweep's last accepted update) [m²],
    each [num_sweeps + 1]."""
    n = len(res.layout)
    obj = [res.objective_history[0]]
    sur = [res.surrogate_history[0]]
    for s in range(res.num_sweeps):
        idx = np.arange(s * n, (s + 1) * n)
        obj.append(res.objective_history[idx[-1] + 1])
        acc = np.flatnonzero(res.accepted[idx])
        sur.append(res.surrogate_history[idx[acc[-1]] + 1] if acc.size else obj[-1])
    return np.array(obj), np.array(sur)


def evaluate(p: ConvergenceParams, rng: np.random.Generator) -> dict:
    """Series of one MM run: sweeps, convergence, final A-CRLB [m²], objective/surrogate per sweep [m²]."""
    res = run_convergence(p, rng)
    obj, sur = sweep_histories(res)
    out = {"num_sweeps": float(res.num_sweeps), "converged": float(res.converged), "final_objective": res.objective,
           "sweeps_to_1pct": float(np.argmax(obj <= obj[-1] * 1.01))}
    for r in range(MAX_HIST + 1):
        out[f"obj_{r:03d}"] = float(obj[r]) if r < len(obj) else float("nan")
        out[f"sur_{r:03d}"] = float(sur[r]) if r < len(sur) else float("nan")
    return out


EXPERIMENT = register_experiment(Experiment(
    id="deploy.convergence",
    params=ConvergenceParams,
    series=(Series("num_sweeps", "sweeps until the stopping rule", unit="1"),
            Series("converged", "1 if converged", unit="1"),
            Series("final_objective", "final A-CRLB [m²]", unit="m²"),
            Series("sweeps_to_1pct", "sweeps to within 1 % of final", unit="1"),
            *(Series(f"obj_{r:03d}", f"objective after sweep {r}", unit="m²") for r in range(MAX_HIST + 1)),
            *(Series(f"sur_{r:03d}", f"surrogate after sweep {r}", unit="m²") for r in range(MAX_HIST + 1))),
    evaluate=evaluate,
    shared_stream_fields=("init_seed",),
    description="Objective and MM surrogate per sweep of the block-coordinate MM + trust-region optimiser.",
))
