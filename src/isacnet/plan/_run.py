"""The planner's steps: load a plan, evaluate a layout, improve it, check the Poisson model.

:func:`run_plan` chains them and returns a :class:`PlanResult`; writing the files is
:func:`isacnet.plan.outputs.write_plan` (a higher layer).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from isacnet.errors import InputError
from isacnet.optimization.deploy import TrustRegionOptions, make_problem
from isacnet.plan._config import PlanConfig, read_plan_config
from isacnet.plan._evaluate import (
    HORIZONTAL_BASIS,
    LayoutEvaluation,
    LinkModel,
    draw_beam_gains,
    evaluate_layout,
    link_model,
    sensing_fields,
)
from isacnet.plan._inputs import PlanInputs, load_inputs
from isacnet.plan._modelcheck import ModelCheckResult, check_model
from isacnet.plan._optimize import (
    RateGuard,
    SearchModel,
    SearchSpace,
    best_candidate,
    bisect_tiles,
    candidate_grid,
    local_coverage,
    maximise_rate,
    mm_refine,
    pixels_near,
)
from isacnet.units import dbm_to_watt

__all__ = [
    "Plan",
    "Stage",
    "SiteChange",
    "PlanImprovement",
    "PlanResult",
    "load_plan",
    "evaluate_plan",
    "improve_plan",
    "model_check",
    "run_plan",
]

Progress = Callable[[int, int], None] | None


@dataclass(frozen=True)
class Plan:
    """A validated plan and its inputs in the plan frame."""

    config: PlanConfig
    folder: Path
    inputs: PlanInputs

    @property
    def name(self) -> str:
        return self.config.name


def load_plan(source, overrides: list[str] | None = None, base_dir=None) -> Plan:
    """Read and check a plan and every file it names (nothing is computed or written).

    Parameters
    ----------
    source : path, built-in plan name (``"town"``) or dict
        A TOML plan file, or its content as a dict.
    overrides : list of str
        ``key=value`` (TOML values, dotted keys: ``sensing.coverage_threshold=0.02``).
    base_dir : path, optional
        Where relative file names resolve (default: the plan file's folder, or the working
        directory for a dict).

    Raises
    ------
    InputError
        Any bad field or file, with one line naming it.
    """
    cfg, folder = read_plan_config(source, overrides, base_dir)
    return Plan(cfg, folder, load_inputs(cfg, folder))


# -- models built from the plan ------------------------------------------------------------------------
def _site_link(plan: Plan) -> LinkModel:
    s = plan.inputs.sites
    return link_model(plan.config.radio, s.power_total, s.num_tx_antennas, s.num_rx_antennas, s.bandwidth)


def _new_site_link(plan: Plan, count: int = 1) -> LinkModel:
    r = plan.config.radio
    return link_model(r, np.full(count, r.power_total), np.full(count, r.num_tx_antennas),
                      np.full(count, r.num_rx_antennas), np.full(count, r.bandwidth))


def _basis(plan: Plan):
    return HORIZONTAL_BASIS if plan.config.sensing.estimate_dims == "horizontal" else None


def _search_model(plan: Plan) -> SearchModel:
    r = plan.config.radio
    d = _new_site_link(plan)
    noise = float(dbm_to_watt(r.noise_power_dbm))
    return SearchModel(float(d.tx_factor[0] * d.rx_factor[0]),
                       (r.num_tx_antennas - 1) * r.power_total * r.power_comm_fraction / noise, r.pathloss_exp_sense,
                       r.pathloss_exp,
                       plan.config.sensing.coverage_threshold, plan.config.sensing.max_range, _basis(plan))


def _beam_gains(plan: Plan, link: LinkModel):
    """ZF beam-gain draws of every site that may exist (common random numbers across stages)."""
    d = plan.config.sensing.gain_draws
    if d == 0:
        return None
    rng = np.random.default_rng(np.random.SeedSequence([plan.config.seed, 1]))
    return draw_beam_gains(rng, link.num_tx_antennas, d)


def evaluate_plan(plan: Plan, layout=None, link: LinkModel | None = None, gain_ratio=None,
                  with_comm: bool = True) -> LayoutEvaluation:
    """Sensing and rate maps of a layout over the plan's pixels (default: the existing sites).

    Parameters
    ----------
    plan : Plan
    layout : ndarray, [N, 3], optional
        Site positions [m] in the plan frame (default: the plan's sites).
    link : LinkModel, optional
        Per-site constants of ``layout`` (default: the plan's sites, or default radio for extra rows).
    gain_ratio : ndarray, [draws, N], optional
        Beam-gain draws (default: drawn from the plan's seed).
    with_comm : bool
        Compute the exact rate map as well.
    """
    inp = plan.inputs
    layout = inp.sites.position if layout is None else np.asarray(layout, float)
    if link is None:
        link = _site_link(plan)
        extra = len(layout) - len(link)
        if extra > 0:
            link = link.append(_new_site_link(plan, extra))
    if gain_ratio is None:
        gain_ratio = _beam_gains(plan, link)
    s = plan.config.sensing
    return evaluate_layout(layout, link, [p.points for p in inp.target_pixels], [p.weights for p in inp.target_pixels],
                           [p.name for p in inp.target_pixels], inp.user_pixels.points, inp.user_pixels.weights,
                           threshold=s.coverage_threshold, max_range=s.max_range, basis=_basis(plan),
                           gain_ratio=None if gain_ratio is None else gain_ratio[:, :len(layout)],
                           with_comm=with_comm)


# -- improvement ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stage:
    """One layout of the plan: ``key`` is ``existing``, ``heights`` or ``added``."""

    key: str
    label: str
    ids: tuple[str, ...]
    layout: np.ndarray  # [N, 3] [m]
    link: LinkModel
    evaluation: LayoutEvaluation


@dataclass(frozen=True)
class SiteChange:
    """A site the plan moves or adds: positions [m] in the plan frame (``before`` None if added)."""

    id: str
    status: str  # "added" | "height"
    before: np.ndarray | None
    after: np.ndarray


@dataclass(frozen=True)
class PlanImprovement:
    """The stages (existing first) and what changed from the first to the last."""

    stages: tuple[Stage, ...]
    changes: tuple[SiteChange, ...]
    notes: tuple[str, ...]

    @property
    def final(self) -> Stage:
        return self.stages[-1]


def _pooled_targets(plan: Plan):
    """All target pixels with weights ∝ (pixel weight × area's pixel share) (sum 1)."""
    px = plan.inputs.target_pixels
    total = sum(len(p) for p in px)
    pts = np.vstack([p.points for p in px])
    w = np.concatenate([p.weights * len(p) / total for p in px])
    return pts, w / w.sum()


def _subsample(rng, count: int, size: int) -> np.ndarray:
    return np.arange(count) if count <= size else np.sort(rng.choice(count, size, replace=False))


def _space(plan: Plan, layout) -> SearchSpace:
    c = plan.config.constraints
    s = plan.inputs.sites
    n = len(s)
    h = layout[:, 2]
    cap = np.minimum(c.height_max, s.max_height)
    lower = layout.copy()
    upper = layout.copy()
    lower[:, 2] = np.minimum(c.height_min, h)
    upper[:, 2] = np.maximum(cap, h)
    free = np.zeros((n, 3), bool)
    if plan.config.improve.heights:
        free[:, 2] = ~s.fixed & (upper[:, 2] > lower[:, 2])
    return SearchSpace(lower, upper, free, plan.inputs.siting, c.min_site_spacing)


def _rate_guard(plan: Plan, layout, link: LinkModel, model: SearchModel, rng) -> RateGuard:
    up = plan.inputs.user_pixels
    r_th = plan.config.comm.rate_threshold_bits
    rate_prob = None
    if r_th is not None:
        sub = _subsample(rng, len(up), plan.config.improve.rate_samples)
        pts = up.points
        lo, hi = pts.min(0) - np.array([0, 0, 1]), pts.max(0) + np.array([0, 0, 1000])
        rate_prob = make_problem(pts[:1], pts[sub], lo, hi, zeta2=model.zeta2,
                                 pathloss_exp_sense=model.pathloss_exp_sense, pathloss_exp=model.pathloss_exp,
                                 comm_snr_scale=model.comm_snr_scale,
                                 rate_threshold_bits=r_th, user_weights=up.weights[sub])
    return RateGuard(up.points, up.weights, layout, link, r_th, rate_prob)


def _options(plan: Plan) -> TrustRegionOptions:
    i = plan.config.improve
    return TrustRegionOptions(max_sweeps=i.max_sweeps, radius0_frac=i.radius0_frac, radius_min=0.05, rel_tol=1e-3)


def _context(layout, members, max_total: int) -> list[int]:
    """The sites nearest to the members' centroid, up to ``max_total`` sites with the members."""
    centre = layout[members, :2].mean(0)
    order = np.argsort(np.linalg.norm(layout[:, :2] - centre, axis=1), kind="stable")
    return [int(i) for i in order if i not in set(members)][:max(0, max_total - len(members))]


def _local_targets(rng, plan: Plan, pool_pts, pool_w, centres, layout, link: LinkModel, model: SearchModel):
    """Target samples of a local problem and their coverage-oriented weights.

    The samples are the pooled target pixels within ``improve.window_radius`` of the moved sites
    (at most ``improve.target_samples``). The A-CRLB objective of (P3) is dominated by the worst
    pixels, which may be beyond any repair, while the plan is judged on coverage at γ; the weights
    ``f(t) / max(CRLB₀(t), γ)`` (``CRLB₀`` at the start of the local problem) make each pixel count by
    its *relative* improvement, saturated once it is covered (a density weighting of (30), spec 004
    §3.4). Returns ``(None, None)`` when no pixel is near.
    """
    radius = plan.config.improve.window_radius
    idx = pixels_near(pool_pts[:, :2], np.asarray(centres)[:, :2], radius)
    if idx.size == 0:
        return None, None
    idx = idx[_subsample(rng, idx.size, plan.config.improve.target_samples)]
    pts = pool_pts[idx]
    crlb0, _, _ = sensing_fields(pts, layout, link, max_range=model.max_range, basis=model.basis)
    w = np.where(np.isfinite(crlb0), pool_w[idx] / np.maximum(crlb0, model.threshold), 0.0)
    if not w.sum() > 0:
        return None, None
    return pts, w


def _new_site_box(plan: Plan):
    """Box of a new site: the siting area's bounding box, heights in [height_min, height_max] [m]."""
    c = plan.config.constraints
    b = plan.inputs.siting.bounds
    return np.array([b[0], b[1], c.height_min]), np.array([b[2], b[3], c.height_max])


def _ensure_rate(plan, layout, link, space, guard, new_link, model, rng, notes):
    """Raise with the best rate found when the requirement cannot be met; otherwise return a layout
    (and link, space) that meets it: the given one, or a comm-only improvement of the movable sites
    and the new ones (seeded at the best-rate candidates)."""
    cfg = plan.config
    r_th = cfg.comm.rate_threshold_bits
    now = guard.rate()
    if r_th is None or now >= r_th:
        return layout, link, space
    k = cfg.improve.num_added_sites
    up = plan.inputs.user_pixels
    sub = _subsample(rng, len(up), cfg.improve.rate_samples)
    users, w = up.points[sub], up.weights[sub] / up.weights[sub].sum()
    trial, tlink, tspace = layout.copy(), link, SearchSpace(space.lower.copy(), space.upper.copy(), space.free.copy(),
                                                             space.siting, space.min_spacing)
    for _ in range(k):
        cand = candidate_grid(plan.inputs.siting, trial, heights=[cfg.constraints.height_min],
                              max_candidates=cfg.improve.max_candidates, min_spacing=space.min_spacing)
        base = (np.sum((users[:, None, :] - trial[None]) ** 2, -1) ** (-model.pathloss_exp / 2)) @ (
            tlink.comm_shape * tlink.comm_scale)
        g = float(new_link.comm_shape[0] * new_link.comm_scale[0])
        d2 = np.sum((users[:, None, :] - cand[None]) ** 2, -1)
        gain = np.log2(1 + base[:, None] + g * d2 ** (-model.pathloss_exp / 2))
        best = cand[int(np.argmax(w @ gain))]
        trial = np.vstack([trial, best])
        tlink = tlink.append(new_link)
        tspace.add(*_new_site_box(plan), [True, True, True])
    movable = [i for i in range(len(trial)) if tspace.free[i].any()]
    best_layout = maximise_rate(users, w, trial, tlink, tspace, movable)
    best_rate = RateGuard(up.points, up.weights, best_layout, tlink, None).rate()
    if best_rate < r_th:
        if k or movable:
            moved = " and ".join(([f"the heights of {len([i for i in movable if i < len(layout)])} sites"]
                                  if cfg.improve.heights else []) + ([f"{k} new sites"] if k else []))
            how = f"found by optimising {moved}"
        else:
            how = "achievable with the existing layout (nothing may move: heights fixed, no new sites)"
        raise InputError("comm.rate_threshold_bits", f"{r_th:g} bits/s/Hz cannot be met: the best mean-gain area rate "
                         f"{how} is {best_rate:.3f} bits/s/Hz (now {now:.3f})")
    notes.append(f"The existing layout gives {now:.3f} < {r_th:g} bits/s/Hz: the plan starts from a comm-only "
                 f"improvement ({best_rate:.3f} bits/s/Hz){' with the new sites placed for rate' if k else ''}.")
    if k:
        return best_layout, tlink, tspace
    return best_layout, link, space


def improve_plan(plan: Plan, progress: Progress = None) -> PlanImprovement:
    """Heights-only optimisation of the existing sites, then ``k`` added sites (module notes of
    :mod:`isacnet.plan._optimize`), each stage kept only if the coverage at γ does not drop and
    the rate requirement holds.

    Parameters
    ----------
    plan : Plan
    progress : callable(n, total), optional
        Called as work units finish.

    Returns
    -------
    PlanImprovement

    Raises
    ------
    InputError
        ``comm.rate_threshold_bits`` when the requirement cannot be met (with the best rate found).
    """
    cfg, inp = plan.config, plan.inputs
    imp = cfg.improve
    rng = np.random.default_rng(np.random.SeedSequence([cfg.seed, 2]))
    model = _search_model(plan)
    new_link = _new_site_link(plan)
    link = _site_link(plan)
    ids = list(inp.sites.ids)
    layout = inp.sites.position.copy()
    gains = _beam_gains(plan, link.append(_new_site_link(plan, imp.num_added_sites)) if imp.num_added_sites else link)
    space = _space(plan, layout)
    guard = _rate_guard(plan, layout, link, model, rng)
    movable_all = np.flatnonzero(space.free.any(1))
    tiles = bisect_tiles(layout[movable_all, :2], imp.group_size) if imp.heights else []
    total = 1 + (imp.passes * len(tiles) + 1 if tiles else 0) + (imp.num_added_sites + 1 if imp.num_added_sites else 0)

    def tick():
        if progress is not None:
            progress(1, total)

    notes: list[str] = []
    existing = Stage("existing", "existing layout", tuple(ids), layout.copy(), link,
                     evaluate_plan(plan, layout, link, gains))
    tick()
    stages = [existing]
    r_th = cfg.comm.rate_threshold_bits
    start_layout, start_link, start_space = _ensure_rate(plan, layout, link, space, guard, new_link, model, rng, notes)
    pool_pts, pool_w = _pooled_targets(plan)
    check = _subsample(rng, len(pool_pts), imp.greedy_samples)
    check_pts, check_w = pool_pts[check], pool_w[check] / pool_w[check].sum()
    opts = _options(plan)

    added_from_rate = len(start_layout) > len(layout)
    layout, link, space = start_layout, start_link, start_space
    guard.reset(layout, link)
    if tiles:
        before = layout.copy()
        for _ in range(imp.passes):
            for tile in tiles:
                members = [int(i) for i in movable_all[tile]]
                tpts, tw = _local_targets(rng, plan, pool_pts, pool_w, layout[members], layout, link, model)
                if tpts is not None:
                    ctx = _context(layout, members, imp.max_local_sites)
                    near = pixels_near(check_pts, layout[members], cfg.sensing.max_range)
                    cov0 = local_coverage(check_pts[near], check_w[near], layout, link, model)
                    res = mm_refine(layout, members, ctx, tpts, tw, model, space, guard, opts)
                    cov1 = local_coverage(check_pts[near], check_w[near], res.layout, link, model)
                    if cov1 >= cov0:
                        layout = res.layout
                    guard.reset(layout, link)
                tick()
        ev = evaluate_plan(plan, layout, link, gains)
        prev = stages[-1].evaluation
        if ev.coverage >= prev.coverage and (r_th is None or ev.users.area_rate_mean_gain_bits >= r_th - 1e-9):
            stages.append(Stage("heights", "heights optimised", tuple(ids) + tuple(
                f"N{i + 1}" for i in range(len(layout) - len(ids))), layout.copy(), link, ev))
        else:
            notes.append("The heights-only step did not raise the coverage at this resolution and was dropped.")
            layout = before
            guard.reset(layout, link)
        tick()
    if imp.num_added_sites:
        h0 = imp.added_height or 0.5 * (cfg.constraints.height_min + cfg.constraints.height_max)
        heights = sorted({cfg.constraints.height_min, h0, cfg.constraints.height_max})
        box_lo, box_hi = _new_site_box(plan)
        num_before = len(ids)
        for j in range(imp.num_added_sites):
            k = len(ids) + j
            if k >= len(layout):  # place a new site greedily
                cand = candidate_grid(inp.siting, layout, heights=heights, max_candidates=imp.max_candidates,
                                      min_spacing=cfg.constraints.min_site_spacing)
                pos, _ = best_candidate(check_pts, check_w, layout, link, new_link, cand, model)
                layout = np.vstack([layout, pos])
                link = link.append(new_link)
                space.add(box_lo, box_hi, [True, True, True])
                guard.reset(layout, link)
            tpts, tw = _local_targets(rng, plan, pool_pts, pool_w, layout[[k]], layout, link, model)
            if tpts is not None:
                ctx = _context(layout, [k], imp.max_local_sites)
                cov0 = local_coverage(check_pts, check_w, layout, link, model)
                res = mm_refine(layout, [k], ctx, tpts, tw, model, space, guard, opts)
                cov1 = local_coverage(check_pts, check_w, res.layout, link, model)
                if cov1 >= cov0:
                    layout = res.layout
                guard.reset(layout, link)
            tick()
        new_ids = tuple(ids) + tuple(f"N{i + 1}" for i in range(len(layout) - num_before))
        ev = evaluate_plan(plan, layout, link, gains)
        plural = "s" if imp.num_added_sites > 1 else ""
        label = f"{'heights + ' if len(stages) > 1 else ''}{imp.num_added_sites} new site{plural}"
        stages.append(Stage("added", label, new_ids, layout.copy(), link, ev))
        tick()
        if added_from_rate:
            notes.append("The new sites were first placed for the rate requirement, then refined for sensing.")
    final = stages[-1]
    changes = []
    for i, sid in enumerate(final.ids):
        if i < len(existing.ids):
            if not np.allclose(final.layout[i], existing.layout[i], atol=1e-6):
                changes.append(SiteChange(sid, "height", existing.layout[i].copy(), final.layout[i].copy()))
        else:
            changes.append(SiteChange(sid, "added", None, final.layout[i].copy()))
    return PlanImprovement(tuple(stages), tuple(changes), tuple(notes))


def model_check(plan: Plan, layout=None) -> ModelCheckResult:
    """Fit a PPP to the sites and set coop's predictions next to this layout (``_modelcheck``)."""
    cfg, inp = plan.config, plan.inputs
    mc = cfg.model_check
    layout = inp.sites.position if layout is None else np.asarray(layout, float)
    r = cfg.radio
    model = _search_model(plan)
    pts, w = _pooled_targets(plan)
    rng = np.random.default_rng(np.random.SeedSequence([cfg.seed, 3]))
    return check_model(rng, layout[:, :2], inp.window, pts, w, inp.user_pixels.points, inp.user_pixels.weights,
                       zeta2=model.zeta2, pathloss_exp_sense=r.pathloss_exp_sense,
                       power_comm=r.power_total * r.power_comm_fraction,
                       power_total=r.power_total, num_tx_antennas=r.num_tx_antennas, pathloss_exp=r.pathloss_exp,
                       cluster_size_sense=mc.cluster_size_sense, cluster_size_comm=mc.cluster_size_comm,
                       num_realisations=mc.num_realisations, num_pixels=mc.num_pixels,
                       num_plane_drops=mc.num_plane_drops)


@dataclass(frozen=True)
class PlanResult:
    """Everything :func:`run_plan` computed."""

    plan: Plan
    improvement: PlanImprovement
    model_check: ModelCheckResult | None
    wall_time_s: float

    @property
    def stages(self) -> tuple[Stage, ...]:
        return self.improvement.stages

    def table(self) -> list[dict]:
        """The before/after table: one row per stage (coverage at γ, A-CRLB, rates)."""
        rows = []
        r_th = self.plan.config.comm.rate_threshold_bits
        for st in self.stages:
            ev = st.evaluation
            rows.append({
                "stage": st.label,
                "num_sites": len(st.ids),
                "coverage": ev.coverage,
                "expected_coverage": ev.expected_coverage,
                "area_crlb_m2": ev.area_crlb,
                "localisable": ev.localisable,
                "area_rate_exact_bits": ev.users.area_rate_exact_bits,
                "area_rate_mean_gain_bits": ev.users.area_rate_mean_gain_bits,
                "rate_requirement_met": (None if r_th is None
                                         else bool(ev.users.area_rate_mean_gain_bits >= r_th - 1e-9)),
                **{f"coverage[{a.name}]": a.coverage for a in ev.targets},
            })
        return rows


def run_plan(plan: Plan, progress: Progress = None) -> PlanResult:
    """Evaluate, improve and model-check a plan (nothing is written; see ``isacnet.plan.outputs``).

    Parameters
    ----------
    plan : Plan
        From :func:`load_plan`.
    progress : callable(n, total), optional
    """
    t0 = time.perf_counter()
    imp = improve_plan(plan, progress)
    mc = model_check(plan) if plan.config.model_check.enabled else None
    return PlanResult(plan, imp, mc, time.perf_counter() - t0)

