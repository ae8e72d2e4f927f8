"""Improving a town's layout with the deploy optimiser (paper ``deploy``, 004, Sec. IV; spec 004 §7).

:func:`isacnet.optimization.deploy.optimize_deployment` moves every BS of its problem and is
practical up to about 16 BSs. A town has 40–50 sites, most of which must stay where they are, so
the planner works **locally**:

* :func:`mm_refine` runs the same block-coordinate MM + trust-region iteration (surrogate
  (31)–(38) from :func:`~isacnet.optimization.deploy.majoriser_terms`, subproblem (41), ratio
  test (42), radius update (43)) over the *movable* sites of a local problem only; the other
  sites of the problem (its nearest neighbours) enter the FIM but stay fixed. Each site keeps its
  own box (height caps), new sites must land in the siting area, outside the forbidden zones and
  ``min_site_spacing`` away from every site, and the rate requirement is the *global* one: the
  linearised constraint (39)–(40) over the town's users, and an exact check of the mean-gain area
  rate over every user pixel before a step is accepted (:class:`RateGuard`).
* Heights-only: the movable sites are split into **tiles** (recursive bisection, at most
  ``group_size`` sites each); each tile is a local problem with its nearest sites as context and
  the target pixels near it as samples.
* Added sites: each new site is placed greedily at the candidate that covers most target
  samples (exact rank-one FIM update, :func:`~isacnet.plan._evaluate.crlb_increment_scores`), then
  refined by :func:`mm_refine` with its neighbours as context.
* A local result is kept only if the coverage of the pixels it can change (those within
  ``max_range`` of the moved sites) does not drop: the optimiser minimises the A-CRLB of its
  samples, the plan is judged on coverage at γ.

The MM surrogate has one ζ² and one γ_c: local problems use the plan's default radio for every
site; evaluation and every acceptance check use the per-site model.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize

from isacnet.errors import InputError
from isacnet.optimization.deploy import (
    TrustRegionOptions,
    area_rate_mean_gain_bits,
    make_problem,
    optimize_deployment,
    rate_linearisation,
)
from isacnet.plan._evaluate import LinkModel, crlb_increment_scores, mean_gain_snr, sensing_fields

__all__ = [
    "SearchModel",
    "SearchSpace",
    "RateGuard",
    "RefineResult",
    "mm_refine",
    "bisect_tiles",
    "candidate_grid",
    "maximise_rate",
]


@dataclass(frozen=True)
class SearchModel:
    """What the local problems need besides positions.

    Attributes
    ----------
    zeta2 : float
        ``ζ²`` of the MM surrogate [m^(2β−2)] (the default site's ``τ ρ``).
    comm_snr_scale : float
        ``γ_c`` of the linearised rate constraint [m^α] (default site).
    pathloss_exp_sense, pathloss_exp : float
    threshold : float
        ``γ`` [m²].
    max_range : float or None
        [m].
    basis : ndarray, [2, 3] or None
        Horizontal-only estimation.
    """

    zeta2: float
    comm_snr_scale: float
    pathloss_exp_sense: float
    pathloss_exp: float
    threshold: float
    max_range: float | None
    basis: np.ndarray | None


@dataclass
class SearchSpace:
    """Where each site may go (per site boxes [N, 3], free coordinates [N, 3])."""

    lower: np.ndarray
    upper: np.ndarray
    free: np.ndarray
    siting: Any  # shapely geometry for the x, y of a site whose x, y move
    min_spacing: float

    def allows(self, k: int, pos, layout) -> bool:
        """May site ``k`` be at ``pos`` [3] given the other sites of ``layout``?"""
        if not self.free[k, :2].any():
            return True
        import shapely

        if not shapely.contains_xy(self.siting, pos[0], pos[1]):
            return False
        others = np.delete(layout, k, axis=0)
        return bool(len(others) == 0 or np.min(np.linalg.norm(others[:, :2] - pos[:2], axis=1)) >= self.min_spacing)

    def add(self, lower, upper, free) -> None:
        self.lower = np.vstack([self.lower, lower])
        self.upper = np.vstack([self.upper, upper])
        self.free = np.vstack([self.free, free])


class RateGuard:
    """The mean-gain area rate over every user pixel, updated in O(J) when one site moves.

    ``R = Σ_j v_j log2(1 + Σ_n g_n d_jn^-α)``, ``g_n = (M_t^(n) − 1) p_c^(n)/σ²`` (per-site model).

    Parameters
    ----------
    users, weights : ndarray, [J, 3], [J]
        User pixels [m] and weights (sum 1).
    layout : ndarray, [N, 3]
    link : LinkModel
    threshold_bits : float or None
        ``R_th`` [bits/s/Hz].
    rate_problem : DeploymentProblem or None
        Scalar-model problem on a user subsample, for the linearisation (40).
    """

    def __init__(self, users, weights, layout, link: LinkModel, threshold_bits, rate_problem=None):
        self.users = np.asarray(users, float)
        self.weights = np.asarray(weights, float)
        self.threshold = threshold_bits
        self.rate_problem = rate_problem
        self.reset(layout, link)

    def reset(self, layout, link: LinkModel) -> None:
        self.layout = np.asarray(layout, float).copy()
        self.link = link
        self.gain = link.comm_shape * link.comm_scale
        self.snr = mean_gain_snr(self.users, self.layout, link)

    def _column(self, k: int, pos) -> np.ndarray:
        d2 = np.sum((self.users - np.asarray(pos, float)) ** 2, axis=1)
        return self.gain[k] * d2 ** (-self.link.pathloss_exp / 2)

    def rate(self, snr=None) -> float:
        return float(self.weights @ np.log2(1 + (self.snr if snr is None else snr)))

    def trial_rate(self, k: int, pos) -> float:
        return self.rate(self.snr - self._column(k, self.layout[k]) + self._column(k, pos))

    def allows(self, k: int, pos) -> bool:
        return self.threshold is None or self.trial_rate(k, pos) >= self.threshold

    def commit(self, k: int, pos) -> None:
        self.snr = self.snr - self._column(k, self.layout[k]) + self._column(k, pos)
        self.layout[k] = pos

    def linearisation(self, k: int):
        """(40) for site ``k`` at the current layout: ``(c [J'], rhs, users [J', 3])`` or Nones.

        The scalar model of ``rate_problem`` gives the direction; its threshold is shifted by the
        gap between the true rate and the model's at the expansion point, so that the
        linearisation is exact there (the exact check still decides).
        """
        if self.threshold is None or self.rate_problem is None:
            return None, None, None
        shift = self.rate() - area_rate_mean_gain_bits(self.rate_problem, self.layout)
        prob = dataclasses.replace(self.rate_problem, rate_threshold_bits=max(self.threshold - shift, 0.0))
        c, rhs = rate_linearisation(prob, self.layout, k)
        return c, rhs, self.rate_problem.users


@dataclass(frozen=True)
class RefineResult:
    """Outcome of :func:`mm_refine`: the whole layout, and the local objective before/after [m²]."""

    layout: np.ndarray
    objective_start: float
    objective_end: float
    num_accepted: int
    num_sweeps: int


def _local_problem(targets, target_weights, layout_local, space_lower, space_upper, model: SearchModel):
    prob = make_problem(targets, targets[:1], space_lower, space_upper, zeta2=model.zeta2,
                        pathloss_exp_sense=model.pathloss_exp_sense, pathloss_exp=model.pathloss_exp,
                        comm_snr_scale=model.comm_snr_scale, target_weights=target_weights)
    if model.basis is not None:
        prob = dataclasses.replace(prob, basis=np.asarray(model.basis, float))
    return prob


def mm_refine(layout, movable, context, targets, target_weights, model: SearchModel, space: SearchSpace,
              guard: RateGuard, options: TrustRegionOptions) -> RefineResult:
    """Block-coordinate MM + trust region over the ``movable`` sites of a local problem.

    The iteration of :func:`isacnet.optimization.deploy.optimize_deployment` (deploy Sec. IV-B,
    spec 004 §7: surrogate (31)–(38), subproblem (41) with the linearised rate constraint
    (39)–(40), ratio test (42), radius update (43); exact-gradient model of §7.6 where
    ``F_{-k}`` is singular), with fixed ``context`` sites, per-site boxes, the siting and spacing
    rules of ``space`` and the exact global rate check of ``guard`` in the acceptance test.

    Parameters
    ----------
    layout : ndarray, [N, 3]
        Every site of the plan [m]; ``guard`` must hold the same layout.
    movable, context : sequence of int
        Indices into ``layout``.
    targets : ndarray, [I, 3]
        Target samples of the local problem [m].
    target_weights : ndarray, [I]
    model : SearchModel
    space : SearchSpace
    guard : RateGuard
    options : TrustRegionOptions

    Returns
    -------
    RefineResult
    """
    layout = np.asarray(layout, float).copy()
    movable, context = list(movable), list(context)
    local = movable + [c for c in context if c not in movable]
    prob = _local_problem(targets, target_weights, layout[local],
                          np.min(space.lower[local], axis=0), np.max(space.upper[local], axis=0), model)
    span = np.ptp(targets, axis=0)
    diameter = float(np.linalg.norm(span)) or 1.0
    prob = dataclasses.replace(prob, diameter=diameter)  # trust radii scale with the local targets

    def rate_constraint(kl, u):
        return guard.linearisation(local[kl])

    def accept(kl, position):
        return space.allows(local[kl], position, layout) and guard.allows(local[kl], position)

    def on_accept(kl, position):
        layout[local[kl]] = position
        guard.commit(local[kl], position)

    res = optimize_deployment(prob, layout[local], options=options, movable=range(len(movable)),
                              lower=space.lower[local], upper=space.upper[local], free_axes=space.free[local],
                              rate_constraint=rate_constraint, accept=accept, on_accept=on_accept)
    f0 = float(res.objective_history[0])
    return RefineResult(layout, f0, float(res.objective), int(np.count_nonzero(res.accepted)), res.num_sweeps)


def bisect_tiles(xy, max_size: int) -> list[np.ndarray]:
    """Split points [n, 2] into tiles of at most ``max_size`` by recursive median bisection of the
    longer side; returns index arrays (the planner's tiles)."""
    xy = np.asarray(xy, float)

    def split(idx):
        if len(idx) <= max_size:
            return [idx]
        pts = xy[idx]
        axis = int(np.argmax(np.ptp(pts, axis=0)))
        order = idx[np.argsort(pts[:, axis], kind="stable")]
        half = len(order) // 2
        return split(order[:half]) + split(order[half:])

    return split(np.arange(len(xy))) if len(xy) else []


def candidate_grid(siting, layout, *, heights, max_candidates: int, min_spacing: float) -> np.ndarray:
    """Candidate positions of a new site: a square grid over the siting area (spacing chosen so that
    ``len(heights)`` heights per point give at most ``max_candidates``), minus points closer than
    ``min_spacing`` to a site.

    Returns
    -------
    ndarray, [num_candidates, 3]
        [m].
    """
    import shapely

    area = siting.area
    per_xy = max(1, max_candidates // max(1, len(heights)))
    step = math.sqrt(area / per_xy)
    x0, y0, x1, y1 = siting.bounds
    for _ in range(20):
        mx, my = np.meshgrid(np.arange(x0 + step / 2, x1, step), np.arange(y0 + step / 2, y1, step))
        gx, gy = mx.ravel(), my.ravel()
        keep = shapely.contains_xy(siting, gx, gy)
        if keep.sum() <= per_xy:
            break
        step *= 1.1
    gx, gy = gx[keep], gy[keep]
    if len(layout):
        d = np.min(np.hypot(gx[:, None] - layout[None, :, 0], gy[:, None] - layout[None, :, 1]), axis=1)
        gx, gy = gx[d >= min_spacing], gy[d >= min_spacing]
    if gx.size == 0:
        raise InputError("constraints.siting_area", "leaves no room for a new site (forbidden zones and "
                         "min_site_spacing cover it)")
    return np.array([[x, y, h] for h in heights for x, y in zip(gx, gy)])


def best_candidate(points, weights, layout, link: LinkModel, new_link: LinkModel, candidates, model: SearchModel):
    """The candidate that covers most target samples (ties: soft coverage) and its coverage."""
    cov, soft = crlb_increment_scores(points, weights, layout, link, new_link, candidates, model.threshold,
                                      max_range=model.max_range, basis=model.basis)
    best = int(np.argmax(cov + 1e-6 * soft))
    return candidates[best], float(cov[best])


def local_coverage(points, weights, layout, link: LinkModel, model: SearchModel) -> float:
    """``Σ w 1{CRLB <= γ}`` of the given pixels (mean gains, per-site model)."""
    if len(points) == 0:
        return 0.0
    c, _, _ = sensing_fields(points, layout, link, max_range=model.max_range, basis=model.basis)
    return float(np.asarray(weights) @ (c <= model.threshold))


def pixels_near(points, centres, radius) -> np.ndarray:
    """Indices of ``points`` within ``radius`` [m] (3-D; None = all) of any of ``centres``."""
    if radius is None or len(points) == 0:
        return np.arange(len(points))
    from scipy.spatial import cKDTree

    hits = cKDTree(np.asarray(centres, float)).query_ball_point(np.asarray(points, float), radius)
    return np.flatnonzero(np.fromiter((len(h) > 0 for h in hits), bool, len(points)))


def maximise_rate(users, weights, layout, link: LinkModel, space: SearchSpace, movable) -> np.ndarray:
    """Comm-only improvement: maximise the mean-gain area rate (per-site model) over the free
    coordinates of ``movable`` with L-BFGS-B (analytic gradient), then put any site that left the
    siting area back at its start. The planner's "best rate achievable".

    Returns
    -------
    ndarray, [N, 3]
        The layout [m].
    """
    u0 = np.asarray(layout, float).copy()
    movable = np.asarray(movable, int)
    mask = np.zeros_like(u0, bool)
    mask[movable] = space.free[movable]
    idx = np.flatnonzero(mask.reshape(-1))
    if idx.size == 0:
        return u0
    lo = space.lower.reshape(-1)[idx]
    hi = space.upper.reshape(-1)[idx]
    gain = link.comm_shape * link.comm_scale
    half = link.pathloss_exp / 2
    users = np.asarray(users, float)
    w = np.asarray(weights, float)

    def negrate(x):
        u = u0.reshape(-1).copy()
        u[idx] = x
        u = u.reshape(u0.shape)
        diff = users[:, None, :] - u[None]  # [J, N, 3]
        s = np.einsum("jnk,jnk->jn", diff, diff)
        tot = 1 + (s**-half) @ gain
        coef = (w / (tot * math.log(2)))[:, None] * gain * (-half) * s ** (-half - 1)  # dR/ds
        grad = np.einsum("jn,jnk->nk", coef, -2 * diff)  # ds/du = -2 (q - u)
        return -float(w @ np.log2(tot)), -grad.reshape(-1)[idx]

    res = minimize(negrate, u0.reshape(-1)[idx], jac=True, method="L-BFGS-B", bounds=list(zip(lo, hi)))
    flat = u0.reshape(-1).copy()
    flat[idx] = np.clip(res.x, lo, hi)
    u = flat.reshape(u0.shape)
    for k in movable:
        if not space.allows(int(k), u[k], u):
            u[k] = u0[k]
    return u
