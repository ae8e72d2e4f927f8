"""Paper ``deploy`` (004) for notebooks and scripts: CRLB maps, coverage, CoMP rates and 3-D layouts.

Meng, Han, Masouros, Hanzo, *ISAC network planning: sensing coverage analysis and 3-D BS
deployment optimization* (arXiv 2506.18009), as reconstructed in spec 004. SI in and out:
positions in m, powers in W, a CRLB in m², rates in bits/s/Hz (the names say ``_bits``).

The physics is a :class:`DeployModel` (defaults: spec 004 §8). Every function takes one
(``model=``) and/or its fields as keywords (``power_total=2.0, bandwidth=100e6, rcs=10.0,
reference_gain=...``; the noise as ``noise_power`` [W] or ``noise_power_db``), so that the
Fisher constant ζ² is never computed by hand::

    from isacnet import deploy
    targets = deploy.horizontal_plane([0, 0], 400, 400, 400.0)      # 400 m square at 400 m
    users = deploy.horizontal_plane([0, 0], 400, 400, 0.0)
    res = deploy.optimize_layout(targets, users, 6, bs_box=([-200, -200, 10], [200, 200, 390]),
                                 rate_threshold_bits=5.0, rng=np.random.default_rng(1))
    deploy.area_crlb(targets, res.layout), deploy.area_rate_bits(users, res.layout)

Closed forms and their Monte Carlo twins sit side by side: :func:`crlb_map` (mean beam gains, a
Jensen lower bound) and :func:`simulate_crlb_map` (the expected CRLB (7) over ZF beam gains);
:func:`rate_map_bits` (Hamdi's exact rate or the mean-gain surrogate) and
:func:`simulate_rate_map_bits`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import ValidationError

from isacnet.analysis.deploy import scaled_area_crlb, theorem1_bound, tile_layout
from isacnet.errors import InputError, NumericalError
from isacnet.geometry.regions import Box, Rectangle, Region, Segment, horizontal_plane
from isacnet.metrics.deploy import (
    crlb,
    expected_crlb_monte_carlo,
    rate_exact_bits,
    rate_mean_gain_bits,
    rate_monte_carlo_bits,
)
from isacnet.models.deploy import DeployModel, free_space_reference_gain
from isacnet.optimization.deploy import (
    DatabaseLookupResult,
    DeploymentDatabase,
    DeploymentResult,
    TrustRegionOptions,
    optimize_deployment,
)
from isacnet.optimization.deploy_designs import optimize_rate_layout, optimize_sensing_layout, problem_from_model
from isacnet.units import linear_to_db

__all__ = [
    "DeployModel",
    "free_space_reference_gain",
    "zeta_squared",
    "crlb_map",
    "simulate_crlb_map",
    "area_crlb",
    "coverage",
    "rate_map_bits",
    "simulate_rate_map_bits",
    "area_rate_bits",
    "optimize_layout",
    "optimize_heights",
    "LayoutResult",
    "MapEstimate",
    "TrustRegionOptions",
    "DeploymentDatabase",
    "DatabaseLookupResult",
    "scaled_area_crlb",
    "theorem1_bound",
    "tile_layout",
    "Region",
    "Segment",
    "Rectangle",
    "Box",
    "horizontal_plane",
]

_Z95 = 1.959963984540054
"""Two-sided 95 % normal quantile."""


# -- inputs --------------------------------------------------------------------------------------
def _model(model: DeployModel | None, physical: dict) -> DeployModel:
    """``model`` (default :class:`DeployModel`) with the fields given as keywords replaced."""
    base = DeployModel() if model is None else model
    if not isinstance(base, DeployModel):
        raise InputError("model", f"must be a DeployModel, got {type(base).__name__}")
    if not physical:
        return base
    fields = dict(physical)
    if "noise_power" in fields:
        if "noise_power_db" in fields:
            raise InputError("noise_power", "give noise_power [W] or noise_power_db, not both")
        noise = fields.pop("noise_power")
        try:
            ok = math.isfinite(float(noise)) and float(noise) > 0
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise InputError("noise_power", f"must be a finite power > 0 W, got {noise!r}")
        fields["noise_power_db"] = float(linear_to_db(float(noise)))
    unknown = sorted(set(fields) - set(type(base).model_fields))
    if unknown:
        raise InputError(unknown[0], f"is not a field of {type(base).__name__} "
                                     f"(physical inputs: {', '.join(type(base).model_fields)}, noise_power)")
    try:
        return type(base).model_validate({**base.model_dump(), **fields})
    except ValidationError as err:
        from isacnet.scenario import validation_error_to_input_error

        raise validation_error_to_input_error(err) from None


def _points(x, field: str) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if a.ndim == 1:
        a = a[None, :]
    if a.ndim != 2 or a.shape[1] != 3 or a.shape[0] < 1:
        raise InputError(field, f"must be 3-D points [n, 3] with n >= 1, got shape {np.shape(x)}")
    if not np.all(np.isfinite(a)):
        raise InputError(field, "must be finite")
    return a


def _samples(points, weights, samples_per_axis: int, field: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Points [n, 3] and weights [n] of a Region (grid midpoints, density weights) or of given points."""
    if isinstance(points, Region):
        if weights is not None:
            raise InputError("weights", "come from the region's density; give points to weight them yourself")
        if not 1 <= samples_per_axis <= 1000:
            raise InputError("samples_per_axis", f"must be in [1, 1000], got {samples_per_axis}")
        return points.grid(samples_per_axis)
    pts = _points(points, field)
    if weights is None:
        return pts, None
    w = np.asarray(weights, dtype=float)
    if w.shape != (len(pts),) or not np.all(np.isfinite(w)) or np.any(w < 0) or not w.sum() > 0:
        raise InputError("weights", f"must be {len(pts)} finite non-negative numbers, not all zero")
    return pts, w


def _basis(m: DeployModel, target_region: Region | None) -> np.ndarray | None:
    if m.estimate_dims == "3d":
        return None
    if target_region is None:
        raise InputError("target_region", "is needed when estimate_dims='in_region' (the FIM is projected on its span)")
    return target_region.basis


# -- Fisher constant and CRLB ---------------------------------------------------------------------
def zeta_squared(model: DeployModel | None = None, **physical) -> float:
    """Per-link Fisher constant ``ζ² = 8π² B_eff² p_s (M_t−1) M_r ς C_0 / (c² σ_s²)`` [m^(2β−2)].

    Spec 004 §3.2 (reconstruction of the range variance below eq. (5) of deploy); the link
    weight is ``w_nm = ζ² r_n^-β r_m^-β`` [m⁻²].

    Parameters
    ----------
    model : DeployModel, optional
        Default: the spec 004 §8 defaults.
    **physical
        Fields of :class:`DeployModel` to override, or ``noise_power`` [W].
    """
    return _model(model, physical).zeta_squared


def crlb_map(targets, layout, model: DeployModel | None = None, *, target_region: Region | None = None,
             **physical) -> np.ndarray:
    """Position CRLB ``tr F̄⁻¹(t)`` at each target with mean beam gains [m²] (deploy eq. (4), (6)).

    The mean-gain CRLB is what the optimiser minimises (Sec. IV-A); by Jensen it is a lower
    bound of the expected CRLB (7), whose Monte Carlo estimate is :func:`simulate_crlb_map`.

    Parameters
    ----------
    targets : array_like, [num_targets, 3]
        Target positions [m].
    layout : array_like, [num_bs, 3]
        BS positions [m].
    model : DeployModel, optional
    target_region : Region, optional
        Needed with ``estimate_dims="in_region"`` (d×d FIM on the region's span, spec 004 §1).
    **physical
        Fields of :class:`DeployModel` to override, or ``noise_power`` [W].

    Returns
    -------
    ndarray, [num_targets]
        [m²]; ``inf`` where the FIM is singular (e.g. every BS in the target line's plane).
    """
    m = _model(model, physical)
    return crlb(_points(targets, "targets"), _points(layout, "layout"), m.zeta_squared, m.pathloss_exp_sense,
                basis=_basis(m, target_region))


@dataclass(frozen=True)
class MapEstimate:
    """Monte Carlo estimate of a quantity at each point, with its 95 % confidence interval.

    Attributes
    ----------
    mean, std_error, ci_low, ci_high : ndarray, [num_points]
        Sample mean, its standard error and the normal-theory 95 % interval (unit of the quantity).
    num_draws : int
    """

    mean: np.ndarray
    std_error: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    num_draws: int


def _estimate(mean, std_error, num_draws: int) -> MapEstimate:
    return MapEstimate(mean, std_error, mean - _Z95 * std_error, mean + _Z95 * std_error, int(num_draws))


def simulate_crlb_map(targets, layout, model: DeployModel | None = None, *, rng: np.random.Generator,
                      num_draws: int = 256, target_region: Region | None = None, **physical) -> MapEstimate:
    """Expected CRLB ``E_G[tr F⁻¹(t)]`` over ZF beam gains at each target [m²] (deploy eq. (7)).

    Monte Carlo twin of :func:`crlb_map`: transmit beam gains ``G_t = M_t Beta(M_t−1, 1)`` per BS
    (spec 004 §2), ``num_draws`` draws from ``rng``.

    Parameters
    ----------
    targets : array_like, [num_targets, 3]
        [m].
    layout : array_like, [num_bs, 3]
        [m].
    model : DeployModel, optional
    rng : numpy.random.Generator
    num_draws : int
        Beam-gain draws (2 to 10⁶).
    target_region : Region, optional
        Needed with ``estimate_dims="in_region"``.
    **physical
        Fields of :class:`DeployModel` to override, or ``noise_power`` [W].

    Returns
    -------
    MapEstimate
        [m²], each [num_targets].
    """
    if not 2 <= num_draws <= 1_000_000:
        raise InputError("num_draws", f"must be in [2, 1e6], got {num_draws}")
    m = _model(model, physical)
    mean, se = expected_crlb_monte_carlo(rng, _points(targets, "targets"), _points(layout, "layout"), m.zeta_squared,
                                         m.pathloss_exp_sense, m.num_tx_antennas, num_draws,
                                         _basis(m, target_region))
    return _estimate(mean, se, num_draws)


def area_crlb(targets, layout, model: DeployModel | None = None, *, weights=None, samples_per_axis: int = 20,
              **physical) -> float:
    """Area CRLB (8)/(30): the (density-weighted) mean of the mean-gain CRLB over the targets [m²].

    Parameters
    ----------
    targets : Region or array_like, [num_targets, 3]
        A region (sampled on a ``samples_per_axis^d`` grid, weighted by its density ``f_T``) or
        target points [m].
    layout : array_like, [num_bs, 3]
        [m].
    model : DeployModel, optional
    weights : array_like, [num_targets], optional
        Weights of given points (uniform by default).
    samples_per_axis : int
        Grid points per region axis.
    **physical
        Fields of :class:`DeployModel` to override, or ``noise_power`` [W].

    Returns
    -------
    float
        [m²].
    """
    pts, w = _samples(targets, weights, samples_per_axis, "targets")
    region = targets if isinstance(targets, Region) else None
    c = crlb_map(pts, layout, model, target_region=region, **physical)
    w = np.ones(len(c)) if w is None else w
    return float(np.sum(w * c) / np.sum(w))


def coverage(targets, layout, threshold, model: DeployModel | None = None, *, weights=None,
             samples_per_axis: int = 20, **physical):
    """Sensing coverage ``P(CRLB(t) <= γ)`` over the (density-weighted) targets (spec 004 §3.4).

    Parameters
    ----------
    targets : Region or array_like, [num_targets, 3]
        As in :func:`area_crlb`.
    layout : array_like, [num_bs, 3]
        [m].
    threshold : float or array_like, [num_thresholds]
        ``γ`` [m²], > 0.
    model : DeployModel, optional
    weights : array_like, [num_targets], optional
    samples_per_axis : int
    **physical
        Fields of :class:`DeployModel` to override, or ``noise_power`` [W].

    Returns
    -------
    float or ndarray, [num_thresholds]
        Coverage probability (mean-gain CRLB; over the RCS too with ``rcs_fluctuation="swerling1"``).
    """
    pts, w = _samples(targets, weights, samples_per_axis, "targets")
    region = targets if isinstance(targets, Region) else None
    c = crlb_map(pts, layout, model, target_region=region, **physical)
    return _model(model, physical).coverage(c, threshold, w)


# -- communication rate ---------------------------------------------------------------------------
def rate_map_bits(users, layout, model: DeployModel | None = None, *,
                  form: Literal["exact", "mean_gain"] = "exact", **physical) -> np.ndarray:
    """Ergodic CoMP rate at each user [bits/s/Hz] (deploy eq. (10)–(11), spec 004 §4).

    Parameters
    ----------
    users : array_like, [num_users, 3]
        [m].
    layout : array_like, [num_bs, 3]
        [m].
    model : DeployModel, optional
    form : {"exact", "mean_gain"}
        ``"exact"``: ``E log2(1 + SNR)`` with ``g_n ~ Γ(M_t−1, p_c)`` by Hamdi's lemma (spec §4,
        default); ``"mean_gain"``: ``log2(1 + SNR̄)`` with ``g_n → E g_n``, the Jensen upper bound the
        optimiser constrains (Sec. IV-A).
    **physical
        Fields of :class:`DeployModel` to override, or ``noise_power`` [W].

    Returns
    -------
    ndarray, [num_users]
        [bits/s/Hz].
    """
    m = _model(model, physical)
    q, u = _points(users, "users"), _points(layout, "layout")
    args = (q, u, m.power_comm, m.noise_power, m.pathloss_exp, m.num_tx_antennas)
    if form == "exact":
        return rate_exact_bits(*args)
    if form == "mean_gain":
        return rate_mean_gain_bits(*args)
    raise InputError("form", f"must be 'exact' or 'mean_gain', got {form!r}")


def simulate_rate_map_bits(users, layout, model: DeployModel | None = None, *, rng: np.random.Generator,
                           num_draws: int = 10_000, **physical) -> MapEstimate:
    """Monte Carlo twin of :func:`rate_map_bits` (``form="exact"``): ``log2(1 + Σ_n g_n γ_n)`` averaged
    over ``g_n ~ Γ(M_t−1, p_c)`` (ZF comm gains, spec 004 §2; deploy eq. (10)).

    Parameters
    ----------
    users : array_like, [num_users, 3]
        [m].
    layout : array_like, [num_bs, 3]
        [m].
    model : DeployModel, optional
    rng : numpy.random.Generator
    num_draws : int
        Channel draws (2 to 10⁷).
    **physical
        Fields of :class:`DeployModel` to override, or ``noise_power`` [W].

    Returns
    -------
    MapEstimate
        [bits/s/Hz], each [num_users].
    """
    if not 2 <= num_draws <= 10_000_000:
        raise InputError("num_draws", f"must be in [2, 1e7], got {num_draws}")
    m = _model(model, physical)
    s = rate_monte_carlo_bits(rng, _points(users, "users"), _points(layout, "layout"), m.power_comm, m.noise_power,
                              m.pathloss_exp, m.num_tx_antennas, num_draws)
    return _estimate(s.mean(0), s.std(0, ddof=1) / math.sqrt(num_draws), num_draws)


def area_rate_bits(users, layout, model: DeployModel | None = None, *, form: Literal["exact", "mean_gain"] = "exact",
                   weights=None, samples_per_axis: int = 20, **physical) -> float:
    """Area rate (12): the (density-weighted) mean CoMP rate over the users [bits/s/Hz].

    Parameters
    ----------
    users : Region or array_like, [num_users, 3]
        A region (grid of ``samples_per_axis^d`` points, weighted by its density ``f_U``) or points [m].
    layout : array_like, [num_bs, 3]
        [m].
    model : DeployModel, optional
    form : {"exact", "mean_gain"}
        See :func:`rate_map_bits`.
    weights : array_like, [num_users], optional
    samples_per_axis : int
    **physical
        Fields of :class:`DeployModel` to override, or ``noise_power`` [W].

    Returns
    -------
    float
        [bits/s/Hz].
    """
    pts, w = _samples(users, weights, samples_per_axis, "users")
    r = rate_map_bits(pts, layout, model, form=form, **physical)
    w = np.ones(len(r)) if w is None else w
    return float(np.sum(w * r) / np.sum(w))


# -- layouts ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LayoutResult:
    """An optimised BS layout.

    Attributes
    ----------
    layout : ndarray, [num_bs, 3]
        BS positions [m].
    area_crlb : float
        Sampled mean-gain area CRLB (30) of ``layout`` [m²].
    area_rate_mean_gain_bits : float
        Sampled mean-gain area rate (30a) of ``layout`` [bits/s/Hz].
    converged : bool
        The MM stopping rule was met (spec 004 §7.5).
    num_sweeps : int
        MM sweeps over all BSs.
    rate_optimal_layout : ndarray, [num_bs, 3] or None
        The rate-optimal layout the search started from [m] (None for :func:`optimize_heights`).
    peak_rate_mean_gain_bits : float or None
        Its mean-gain area rate, the largest feasible requirement [bits/s/Hz].
    """

    layout: np.ndarray
    area_crlb: float
    area_rate_mean_gain_bits: float
    converged: bool
    num_sweeps: int
    rate_optimal_layout: np.ndarray | None = None
    peak_rate_mean_gain_bits: float | None = None


def _check_samples(samples_per_axis: int) -> None:
    if not 1 <= samples_per_axis <= 100:  # the MM surrogate builds [I, N, N] arrays, I = samples_per_axis^d
        raise InputError("samples_per_axis", f"must be in [1, 100] for the optimiser, got {samples_per_axis}")


def _box(bs_box) -> tuple[np.ndarray, np.ndarray]:
    try:
        lower, upper = (np.asarray(b, dtype=float).reshape(3) for b in bs_box)
    except (TypeError, ValueError):
        raise InputError("bs_box", "must be (lower [3], upper [3]) in m") from None
    return lower, upper


def _layout_result(res: DeploymentResult, rate_optimal: DeploymentResult | None = None) -> LayoutResult:
    return LayoutResult(res.layout, float(res.objective), float(res.area_rate_bits), bool(res.converged),
                        int(res.num_sweeps), None if rate_optimal is None else rate_optimal.layout,
                        None if rate_optimal is None else float(rate_optimal.area_rate_bits))


def optimize_layout(target_region: Region, user_region: Region, num_bs: int, *, bs_box,
                    rng: np.random.Generator, rate_threshold_bits: float | None = None,
                    model: DeployModel | None = None, samples_per_axis: int = 10, num_starts: int = 2,
                    options: TrustRegionOptions | None = None, **physical) -> LayoutResult:
    """Min area CRLB s.t. the mean-gain area rate >= ``R_th`` over a 3-D box: (P3), eq. (30) (or (P2)).

    The strategy of deploy Sec. V (spec 004 §5, §7): the rate-optimal layout first (multi-start
    L-BFGS-B), then block-coordinate MM + trust region from it and from ``num_starts`` random
    layouts; the best feasible result is returned.

    Parameters
    ----------
    target_region, user_region : Region
        Sampled on ``samples_per_axis^d`` grids, weighted by their densities.
    num_bs : int
        ``N`` (1 to 64).
    bs_box : (array_like [3], array_like [3])
        Lower and upper corner of the BS box [m]; a zero-width axis fixes that coordinate.
    rng : numpy.random.Generator
        Draws every random start.
    rate_threshold_bits : float, optional
        ``R_th`` [bits/s/Hz] on the mean-gain area rate; None = sensing only (P2).
    model : DeployModel, optional
    samples_per_axis : int
    num_starts : int
        Random starts of each search.
    options : TrustRegionOptions, optional
        MM + trust-region constants (spec 004 §7.5 defaults).
    **physical
        Fields of :class:`DeployModel` to override, or ``noise_power`` [W].

    Returns
    -------
    LayoutResult

    Raises
    ------
    InputError
        ``rate_threshold_bits`` above the peak (rate-optimal) area rate of the set-up.
    NumericalError
        No start with a finite area CRLB could be found (every layout tried had a singular FIM).
    """
    if not 1 <= num_bs <= 64:
        raise InputError("num_bs", f"must be in [1, 64], got {num_bs}")
    if not 1 <= num_starts <= 100:
        raise InputError("num_starts", f"must be in [1, 100], got {num_starts}")
    _check_samples(samples_per_axis)
    m = _model(model, physical)
    lower, upper = _box(bs_box)
    problem = problem_from_model(m, target_region, user_region, lower, upper, samples_per_axis=samples_per_axis,
                                 rate_threshold_bits=rate_threshold_bits)
    rate_rng, sense_rng = rng.spawn(2)
    rate_optimal = optimize_rate_layout(problem, num_bs, rate_rng, num_starts=num_starts)
    if rate_threshold_bits is not None and rate_optimal.area_rate_bits < rate_threshold_bits:
        raise InputError("rate_threshold_bits", f"must be <= {rate_optimal.area_rate_bits:.4g} bits/s/Hz, the peak "
                                                f"mean-gain area rate of this set-up, got {rate_threshold_bits}")
    res = optimize_sensing_layout(problem, num_bs, sense_rng, starts=[rate_optimal.layout], num_starts=num_starts,
                                  options=options)
    if res is None:  # every start had a singular FIM that small moves could not repair
        raise NumericalError("optimize_layout: no start with a finite area CRLB was found in the box")
    return _layout_result(res, rate_optimal)


def optimize_heights(target_region: Region, user_region: Region, layout, *, height_range,
                     rate_threshold_bits: float | None = None, model: DeployModel | None = None,
                     samples_per_axis: int = 10, options: TrustRegionOptions | None = None,
                     **physical) -> LayoutResult:
    """Heights-only MM (x, y of every BS fixed) from ``layout`` (deploy Sec. V-C, Fig. 9); deterministic.

    Parameters
    ----------
    target_region, user_region : Region
    layout : array_like, [num_bs, 3]
        Start [m]; it must meet the rate requirement.
    height_range : (float, float)
        Lowest and highest BS height [m].
    rate_threshold_bits : float, optional
        ``R_th`` [bits/s/Hz]; None = sensing only.
    model : DeployModel, optional
    samples_per_axis : int
    options : TrustRegionOptions, optional
    **physical
        Fields of :class:`DeployModel` to override, or ``noise_power`` [W].

    Returns
    -------
    LayoutResult
    """
    _check_samples(samples_per_axis)
    m = _model(model, physical)
    start = _points(layout, "layout")
    try:
        low, high = (float(h) for h in height_range)
    except (TypeError, ValueError):
        raise InputError("height_range", "must be (lowest, highest) BS height in m") from None
    if not low <= high:
        raise InputError("height_range", f"needs lowest <= highest, got {low}, {high}")
    lower = np.array([start[:, 0].min(), start[:, 1].min(), low])
    upper = np.array([start[:, 0].max(), start[:, 1].max(), high])
    problem = problem_from_model(m, target_region, user_region, lower, upper, samples_per_axis=samples_per_axis,
                                 rate_threshold_bits=rate_threshold_bits, free_axes=(False, False, True))
    return _layout_result(optimize_deployment(problem, start, options=options))
