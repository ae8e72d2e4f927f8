"""nulling (001) optimisers vs exhaustive enumeration of integer (K, L, J, Q)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isacnet.errors import InputError
from isacnet.models.nulling import NullingModel
from isacnet.optimization import nulling as opt


def _problem(num_tx_antennas, max_targets=5, min_cluster_comm=1, min_cluster_sense=1, metric="ase"):
    """Sec. VI-C physics (J_max = 5, c = 1) and the search choices."""
    return (NullingModel(num_tx_antennas=num_tx_antennas, max_targets=max_targets),
            opt.RegionSearch(min_cluster_comm=min_cluster_comm, min_cluster_sense=min_cluster_sense, metric=metric))


@pytest.mark.parametrize("mt, metric, lc", [(10, "ase", (1, 1)), (12, "rate", (1, 1)), (14, "ase", (2, 2))])
def test_coupled_boundary_equals_enumeration(mt, metric, lc):
    s = _problem(mt, metric=metric, min_cluster_comm=lc[0], min_cluster_sense=lc[1])
    front = opt.region_boundary(*s)
    ex = opt.pareto_front(opt.enumerate_points(*s))
    np.testing.assert_allclose([(r.comm, r.sense) for r in front], [(r.comm, r.sense) for r in ex], rtol=1e-12)


def test_paper_method_close_to_enumeration_for_ase():
    # the paper's separate searches evaluate T_s at the comm-optimal K; R_s depends weakly on K
    s = _problem(16)
    front = opt.region_boundary(*s, method="paper")
    ex = opt.pareto_front(opt.enumerate_points(*s))
    ref = np.array([r.sense for r in ex])
    got = opt.region_value_at(front, [r.comm for r in ex])
    assert np.all(got <= ref * (1 + 1e-12))  # achievable points only
    assert np.nanmax(1 - got / ref) < 0.01


def test_points_respect_constraints():
    s = _problem(12, max_targets=3, min_cluster_comm=2, min_cluster_sense=2)
    for r in opt.enumerate_points(*s):
        assert r.num_users * r.cluster_size_comm + r.num_targets * (r.cluster_size_sense - 1) <= 12
        assert r.num_targets <= 3 and r.cluster_size_comm >= 2 and r.cluster_size_sense >= 2


def test_bisection_matches_scan():
    model, search = _problem(14)
    front = opt.region_boundary(model, search)
    for level in np.linspace(0, front[0].comm, 9):
        pt = opt.boundary_at_comm_level(model, level, search)
        assert pt.sense == pytest.approx(float(opt.region_value_at(front, level)[0]), rel=1e-12)
    assert opt.boundary_at_comm_level(model, 2 * front[0].comm, search) is None


@pytest.mark.parametrize("rho", [0.0, 0.2, 0.5, 0.8, 1.0])
def test_weighted_sum_boundary_equals_enumeration(rho):
    s = _problem(12)
    b = opt.max_weighted_sum(opt.region_boundary(*s), rho)
    e = opt.max_weighted_sum(opt.enumerate_points(*s), rho)
    assert rho * b.comm + (1 - rho) * b.sense == pytest.approx(rho * e.comm + (1 - rho) * e.sense, rel=1e-12)


def test_time_sharing_gain_nonnegative_and_corners():
    front = opt.region_boundary(*_problem(20))
    g = opt.time_sharing_gain(front)
    assert g.sense_gain >= 0 and g.comm_gain >= 0
    assert g.comm_corner.comm == max(r.comm for r in front)
    # Remark 2: the comm corner has Q = 1, J = J_max and the Lemma 2 load K = 12, L = 1
    assert (g.comm_corner.num_users, g.comm_corner.cluster_size_comm) == (12, 1)
    assert (g.comm_corner.cluster_size_sense, g.comm_corner.num_targets) == (1, 5)


def test_constraints_shrink_region():
    base = opt.region_boundary(*_problem(16))
    tight = opt.region_boundary(*_problem(16, min_cluster_comm=2, min_cluster_sense=3))
    lv = [r.comm for r in tight]
    assert np.all(opt.region_value_at(base, lv) >= np.array([r.sense for r in tight]))


def test_time_sharing_value_runs_between_the_corners():
    g = opt.time_sharing_gain(opt.region_boundary(*_problem(14)))
    c, s = g.comm_corner, g.sense_corner
    assert opt.time_sharing_value_at(g, 0.0) == s.sense
    assert opt.time_sharing_value_at(g, c.comm) == pytest.approx(c.sense, rel=1e-12)
    mid = opt.time_sharing_value_at(g, 0.5 * (s.comm + c.comm))
    assert mid == pytest.approx(0.5 * (s.sense + c.sense), rel=1e-12)


def test_bad_setup():
    with pytest.raises(InputError) as e:
        opt.region_boundary(*_problem(1))
    assert e.value.field == "num_tx_antennas"
    with pytest.raises(InputError) as e:
        opt.region_boundary(*_problem(6, min_cluster_comm=7))
    assert e.value.field == "min_cluster_comm"
    with pytest.raises(InputError) as e:
        opt.RegionSearch(min_cluster_sense=0)
    assert e.value.field == "min_cluster_sense"
    with pytest.raises(InputError) as e:
        opt.RegionSearch(metric="sum")
    assert e.value.field == "metric"
    with pytest.raises(InputError):
        opt.region_boundary(*_problem(6), method="greedy")
    with pytest.raises(InputError):
        opt.max_weighted_sum(opt.region_boundary(*_problem(6)), 1.5)



@settings(max_examples=12, deadline=None)
@given(mt=st.integers(3, 11), jmax=st.integers(1, 4), lth=st.integers(1, 2), qth=st.integers(1, 3),
       metric=st.sampled_from(["ase", "rate"]))
def test_property_boundary_equals_enumeration(mt, jmax, lth, qth, metric):
    try:
        s = _problem(mt, max_targets=jmax, min_cluster_comm=lth, min_cluster_sense=qth, metric=metric)
        ex = opt.pareto_front(opt.enumerate_points(*s))
    except InputError:
        return  # constraints leave nothing feasible
    front = opt.region_boundary(*s)
    np.testing.assert_allclose([(r.comm, r.sense) for r in front], [(r.comm, r.sense) for r in ex], rtol=1e-12)
    for r in front:  # every boundary point is feasible
        assert r.num_users * r.cluster_size_comm + r.num_targets * (r.cluster_size_sense - 1) <= mt
        assert r.cluster_size_comm >= lth and r.cluster_size_sense >= qth and 1 <= r.num_targets <= jmax


def test_convex_hull_is_the_concave_majorant_of_the_boundary():
    front = opt.region_boundary(*_problem(16))
    hull = opt.convex_hull(front)
    assert set(hull) <= set(front) and hull[0] == front[0] and hull[-1] == front[-1]  # both corners
    tc = np.array([r.comm for r in front])
    # every configuration lies on or under the hull (time sharing among configurations dominates them) ...
    assert np.all(opt.hull_value_at(front, tc) >= np.array([r.sense for r in front]) * (1 - 1e-12))
    # ... and the hull is concave: its slopes fall from the sensing corner to the communication corner
    x = np.array([r.comm for r in hull][::-1])
    y = np.array([r.sense for r in hull][::-1])
    assert np.all(np.diff(np.diff(y) / np.diff(x)) < 0)
    assert np.isnan(opt.hull_value_at(front, 1.01 * x[-1])[0])


def test_time_sharing_gain_is_exact_and_attained_on_the_hull():
    front = opt.region_boundary(*_problem(18))
    g = opt.time_sharing_gain(front)
    c, s = g.comm_corner, g.sense_corner
    levels = np.linspace(s.comm, c.comm, 20001)
    line = np.array([opt.time_sharing_value_at(g, x) for x in levels])
    # a fine grid of levels never beats the exact value, for the staircase or for its hull, and gets close
    grid_region = np.nanmax(opt.region_value_at(front, levels) / line) - 1
    grid_hull = np.nanmax(opt.hull_value_at(front, levels) / line) - 1
    assert grid_region <= g.sense_gain + 1e-12 and grid_hull <= g.sense_gain + 1e-12
    assert grid_hull == pytest.approx(g.sense_gain, abs=1e-3)
    hull = opt.convex_hull(front)
    assert g.sense_gain_point in hull and g.comm_gain_point in hull
    pt = g.sense_gain_point
    assert pt.sense / opt.time_sharing_value_at(g, pt.comm) - 1 == pytest.approx(g.sense_gain, rel=1e-12)
