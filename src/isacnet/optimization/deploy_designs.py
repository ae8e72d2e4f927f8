"""Design strategies of paper ``deploy`` (004, Sec. V): from a physics model and two regions to layouts.

The optimisers of :mod:`isacnet.optimization.deploy` solve one problem from one start. The
strategies here are what the paper's figures do with them:

* :func:`problem_from_model` — sample the target and user regions and build (P3) from a
  :class:`~isacnet.models.deploy.DeployModel` (ζ², γ_c, exponents, estimated dimensions);
* :func:`optimize_rate_layout` — the rate-optimal ("communication-only") layout, multi-start;
* :func:`optimize_sensing_layout` — the min A-CRLB layout of (P2) or, with a rate requirement in
  the problem, of (P3), by MM from given layouts (typically the rate-optimal one, which meets any
  feasible requirement) and from random layouts;
* :func:`regularise_start` — a rate-feasible start with a finite objective near a singular one.

Every random draw comes from the generator the caller passes (one per strategy: spawn them).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from isacnet.errors import InputError
from isacnet.geometry.regions import Region
from isacnet.models.deploy import DeployModel
from isacnet.optimization.deploy import (
    DeploymentProblem,
    DeploymentResult,
    TrustRegionOptions,
    area_objective,
    area_rate_mean_gain_bits,
    initial_layout,
    make_problem,
    optimize_comm_only,
    optimize_deployment,
)

__all__ = [
    "problem_from_model",
    "optimize_rate_layout",
    "optimize_sensing_layout",
    "regularise_start",
]


def problem_from_model(
    model: DeployModel,
    target_region: Region,
    user_region: Region,
    lower,
    upper,
    *,
    samples_per_axis: int,
    rate_threshold_bits: float | None = None,
    free_axes=(True, True, True),
) -> DeploymentProblem:
    """(P3), eq. (30), on ``samples_per_axis^d``-point grids of both regions (spec 004 §3.4, §8).

    Parameters
    ----------
    model : DeployModel
        Physics: ``ζ²`` (``model.zeta_squared``), ``γ_c`` (``model.comm_snr_scale``), ``β``, ``α``
        and the estimated dimensions.
    target_region, user_region : Region
        Sampled at grid midpoints with density weights ``f_T``, ``f_U``.
    lower, upper : array_like, [3]
        Deployment box [m].
    samples_per_axis : int
        Grid points per region axis (>= 1).
    rate_threshold_bits : float, optional
        ``R_th`` [bits/s/Hz]; None = sensing only (P2).
    free_axes : (bool, bool, bool)
        Coordinates that may move (heights-only: ``(False, False, True)``).

    Returns
    -------
    DeploymentProblem
    """
    if samples_per_axis < 1:
        raise InputError("samples_per_axis", f"must be >= 1, got {samples_per_axis}")
    targets, target_weights = target_region.grid(samples_per_axis)
    users, user_weights = user_region.grid(samples_per_axis)
    return make_problem(targets, users, lower, upper, zeta2=model.zeta_squared,
                        pathloss_exp_sense=model.pathloss_exp_sense, pathloss_exp=model.pathloss_exp,
                        comm_snr_scale=model.comm_snr_scale, rate_threshold_bits=rate_threshold_bits,
                        target_weights=target_weights, user_weights=user_weights, target_region=target_region,
                        estimate_dims=model.estimate_dims, free_axes=free_axes)


def optimize_rate_layout(
    problem: DeploymentProblem,
    num_bs: int,
    rng: np.random.Generator,
    *,
    init=None,
    num_starts: int = 2,
) -> DeploymentResult:
    """Rate-optimal layout: max mean-gain area rate over the box (comm-only design, spec 004 §5).

    Multi-start L-BFGS-B (:func:`~isacnet.optimization.deploy.optimize_comm_only`) from ``init``
    (default: a random layout) and random layouts; at least two starts in all, since the rate
    surface of a symmetric set-up has mirror-image local optima. The problem's rate requirement
    is ignored.

    Parameters
    ----------
    problem : DeploymentProblem
    num_bs : int
        ``N``.
    rng : numpy.random.Generator
        Draws the random starts.
    init : ndarray, [num_bs, 3], optional
        First start [m].
    num_starts : int
        Starts in all (at least 2 are used).

    Returns
    -------
    DeploymentResult
        ``area_rate_bits`` is the peak mean-gain area rate [bits/s/Hz]; ``objective`` the A-CRLB of
        the rate-optimal layout [m²].
    """
    first = initial_layout(problem, num_bs, rng) if init is None else init
    return optimize_comm_only(problem, first, num_starts=max(2, num_starts), rng=rng)


def optimize_sensing_layout(
    problem: DeploymentProblem,
    num_bs: int,
    rng: np.random.Generator,
    *,
    starts: Iterable = (),
    num_starts: int = 2,
    options: TrustRegionOptions | None = None,
) -> DeploymentResult | None:
    """Min A-CRLB layout of (P2), or of (P3) when ``problem.rate_threshold_bits`` is set: the best MM
    run (:func:`~isacnet.optimization.deploy.optimize_deployment`, spec 004 §7) from ``starts`` and
    ``num_starts`` random layouts.

    A start that violates the rate requirement or has a singular FIM is moved by
    :func:`regularise_start`; one that cannot be repaired is skipped.

    Parameters
    ----------
    problem : DeploymentProblem
    num_bs : int
        ``N`` of the random starts.
    rng : numpy.random.Generator
        Draws the random starts and the repairs.
    starts : iterable of ndarray, [num_bs, 3]
        Given starts [m] (e.g. the rate-optimal layout, which meets every feasible requirement).
    num_starts : int
        Random starts besides ``starts``.
    options : TrustRegionOptions, optional

    Returns
    -------
    DeploymentResult or None
        None when no start can be made feasible.
    """
    candidates = [*starts, *(initial_layout(problem, num_bs, rng) for _ in range(num_starts))]
    best = None
    for start in candidates:
        start = regularise_start(problem, start, rng)
        if start is None:
            continue
        res = optimize_deployment(problem, start, options=options)
        if best is None or res.objective < best.objective:
            best = res
    return best


def regularise_start(problem: DeploymentProblem, layout, rng: np.random.Generator) -> np.ndarray | None:
    """A rate-feasible start with a finite objective near ``layout`` (None if none is found).

    Layouts such as the rate-optimal one of a 1-D region put every BS in the target line's
    vertical plane, where the 3-D FIM is singular (objective ``inf``); small random moves of
    the free coordinates (1 %, 3 %, 10 % of the diameter, five tries each) restore a finite
    objective.

    Parameters
    ----------
    problem : DeploymentProblem
    layout : ndarray, [N, 3]
        [m].
    rng : numpy.random.Generator
        Draws the moves.

    Returns
    -------
    ndarray, [N, 3], or None
        [m].
    """

    def acceptable(u):
        rate_ok = (problem.rate_threshold_bits is None
                   or area_rate_mean_gain_bits(problem, u) >= problem.rate_threshold_bits)
        return rate_ok and np.isfinite(area_objective(problem, u))

    u0 = np.asarray(layout, float)
    if acceptable(u0):
        return u0
    for frac in (0.01, 0.03, 0.1):
        for _ in range(5):
            step = frac * problem.diameter * rng.standard_normal(u0.shape) * problem.free_axes
            u = np.clip(u0 + step, problem.lower, problem.upper)
            if acceptable(u):
                return u
    return None
