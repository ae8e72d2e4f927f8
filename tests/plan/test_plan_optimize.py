"""Improvement: heights-only and added sites raise the coverage at γ, keep the rate requirement and the
constraints, and come close to a multi-start / exhaustive search on a small case.

The small case is the tiny plan with ground targets (1.5 m) and γ = 10 m²: sensing wants higher sites
(vertical geometry), the rate wants lower ones, so the requirement R_th = 5.55 bits/s/Hz (the existing
layout gives 5.61) binds.
"""

import numpy as np
import pytest
import shapely

from isacnet.plan import improve_plan, load_plan
from isacnet.plan._evaluate import crlb_increment_scores, mean_gain_snr, sensing_fields
from isacnet.plan._optimize import RateGuard, bisect_tiles
from isacnet.plan._run import _new_site_link, _site_link

SMALL = ["targets.0.altitude=1.5", "sensing.coverage_threshold=10", "comm.rate_threshold_bits=5.55"]


def _coverage(plan, layout, link):
    tp = plan.inputs.target_pixels[0]
    c, _, _ = sensing_fields(tp.points, layout, link, max_range=plan.config.sensing.max_range)
    return float(tp.weights @ (c <= plan.config.sensing.coverage_threshold)), c


def _rate(plan, layout, link):
    up = plan.inputs.user_pixels
    return float(up.weights @ np.log2(1 + mean_gain_snr(up.points, layout, link)))


def test_heights_only_improves_coverage_within_caps_and_rate(tiny_plan):
    plan = load_plan(tiny_plan, [*SMALL, "improve.num_added_sites=0", 'constraints.fixed_sites=["B"]'])
    imp = improve_plan(plan)
    first, last = imp.stages[0], imp.stages[-1]
    assert [s.key for s in imp.stages] == ["existing", "heights"]
    assert last.evaluation.coverage > first.evaluation.coverage + 0.05
    r_th = plan.config.comm.rate_threshold_bits
    assert last.evaluation.users.area_rate_mean_gain_bits >= r_th - 1e-9
    assert _rate(plan, last.layout, last.link) >= r_th - 1e-9  # independent recomputation
    np.testing.assert_array_equal(last.layout[:, :2], first.layout[:, :2])  # heights only
    c = plan.config.constraints
    assert np.all((last.layout[:, 2] >= c.height_min - 1e-9) & (last.layout[:, 2] <= c.height_max + 1e-9))
    assert last.layout[1, 2] == first.layout[1, 2]  # B is fixed
    assert {ch.status for ch in imp.changes} == {"height"}


def test_heights_only_matches_a_multistart_search(tiny_plan):
    """Reference: coordinate search over a 21-level height grid per site from the existing layout and 7
    random starts, on the plan's own criterion (coverage at γ on every pixel, then A-CRLB) under the rate
    requirement. The planner (local MM, continuous heights) must reach its best coverage within 0.02
    (5 of the 264 pixels)."""
    plan = load_plan(tiny_plan, [*SMALL, "improve.num_added_sites=0"])
    ours = improve_plan(plan).stages[-1].evaluation.coverage
    link = _site_link(plan)
    r_th = plan.config.comm.rate_threshold_bits
    rng = np.random.default_rng(0)
    levels = np.linspace(10, 50, 21)
    best = 0.0
    for start in range(8):
        lay = plan.inputs.sites.position.copy()
        if start:
            lay[:, 2] = rng.uniform(10, 50, len(lay))
        if _rate(plan, lay, link) < r_th:
            continue
        cov, c = _coverage(plan, lay, link)
        score = (cov, -np.mean(np.minimum(c, 1e9)))
        for _ in range(10):
            changed = False
            for k in range(len(lay)):
                for h in levels:
                    trial = lay.copy()
                    trial[k, 2] = h
                    if _rate(plan, trial, link) < r_th:
                        continue
                    cv, cc = _coverage(plan, trial, link)
                    s = (cv, -np.mean(np.minimum(cc, 1e9)))
                    if s > score:
                        lay, score, changed = trial, s, True
            if not changed:
                break
        best = max(best, score[0])
    assert best > 0.40  # the reference itself finds a real improvement over 0.36
    assert ours >= best - 0.02


def test_added_site_matches_an_exhaustive_search(tiny_plan):
    """One new site: the planner (greedy over candidates, then MM refinement) against every position of a
    20 m grid x 5 heights allowed by the constraints, scored exactly on every pixel. Within 0.015 (4 pixels)."""
    plan = load_plan(tiny_plan, [*SMALL, "improve.heights=false", "improve.num_added_sites=1"])
    imp = improve_plan(plan)
    new = imp.stages[-1]
    ours = new.evaluation.coverage
    assert ours > imp.stages[0].evaluation.coverage + 0.2
    inp = plan.inputs
    xs, ys = np.meshgrid(np.arange(0, 1201, 20.0), np.arange(0, 1001, 20.0))
    xs, ys = xs.ravel(), ys.ravel()
    ok = shapely.contains_xy(inp.siting, xs, ys)
    d = np.min(np.hypot(xs[:, None] - inp.sites.position[None, :, 0], ys[:, None] - inp.sites.position[None, :, 1]), 1)
    ok &= d >= plan.config.constraints.min_site_spacing
    cand = np.array([[x, y, h] for h in (10, 20, 30, 40, 50) for x, y in zip(xs[ok], ys[ok])])
    tp = inp.target_pixels[0]
    cov, _ = crlb_increment_scores(tp.points, tp.weights, inp.sites.position, _site_link(plan), _new_site_link(plan),
                                   cand, plan.config.sensing.coverage_threshold,
                                   max_range=plan.config.sensing.max_range)
    assert ours >= cov.max() - 0.015


def test_added_sites_respect_forbidden_zone_spacing_and_heights(tiny_plan):
    plan = load_plan(tiny_plan, [*SMALL, "improve.num_added_sites=3", "constraints.min_site_spacing=150"])
    imp = improve_plan(plan)
    last = imp.stages[-1]
    assert [s.key for s in imp.stages] == ["existing", "heights", "added"]
    assert last.evaluation.coverage > imp.stages[1].evaluation.coverage
    new = last.layout[len(plan.inputs.sites):]
    assert len(new) == 3
    assert not shapely.contains_xy(plan.inputs.forbidden, new[:, 0], new[:, 1]).any()
    assert shapely.contains_xy(plan.inputs.siting, new[:, 0], new[:, 1]).all()
    for i, p in enumerate(new):
        others = np.delete(last.layout, len(plan.inputs.sites) + i, axis=0)
        assert np.min(np.linalg.norm(others[:, :2] - p[:2], axis=1)) >= 150 - 1e-6
    assert np.all((new[:, 2] >= 10 - 1e-9) & (new[:, 2] <= 50 + 1e-9))
    assert last.evaluation.users.area_rate_mean_gain_bits >= 5.55 - 1e-9
    assert [c.id for c in imp.changes if c.status == "added"] == ["N1", "N2", "N3"]


def test_rate_requirement_above_the_existing_layout_is_met_by_new_sites(tiny_plan):
    """R_th above the existing 5.61 bits/s/Hz but reachable with two more sites: the plan meets it."""
    plan = load_plan(tiny_plan, ["comm.rate_threshold_bits=5.9", "improve.num_added_sites=2"])
    imp = improve_plan(plan)
    assert imp.stages[0].evaluation.users.area_rate_mean_gain_bits < 5.9
    for st in imp.stages[1:]:
        assert st.evaluation.users.area_rate_mean_gain_bits >= 5.9 - 1e-9
    assert any("comm-only" in n for n in imp.notes)


def test_rate_guard_tracks_the_full_recomputation(tiny_plan):
    plan = load_plan(tiny_plan)
    link = _site_link(plan)
    lay = plan.inputs.sites.position.copy()
    up = plan.inputs.user_pixels
    guard = RateGuard(up.points, up.weights, lay, link, 5.0)
    new = lay[2] + [40.0, -30.0, 7.0]
    trial = lay.copy()
    trial[2] = new
    assert guard.trial_rate(2, new) == pytest.approx(_rate(plan, trial, link), rel=1e-12)
    guard.commit(2, new)
    assert guard.rate() == pytest.approx(_rate(plan, trial, link), rel=1e-12)


def test_tiles_split_by_median_bisection():
    rng = np.random.default_rng(4)
    xy = rng.uniform(0, 1000, (37, 2))
    tiles = bisect_tiles(xy, 6)
    assert sorted(np.concatenate(tiles).tolist()) == list(range(37))
    assert all(1 <= len(t) <= 6 for t in tiles)
