"""Power allocation of paper ``power`` (003), problem (13) solved by eq. (15)–(19): checks by
brute force, KKT conditions, constraints, infeasible budgets and bad inputs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isacnet.analysis.power import pod_large_n, rate_bits
from isacnet.channel.power import draw_network
from isacnet.errors import InputError
from isacnet.optimization.power import (
    PowerAllocationProblem,
    allocate_epa,
    allocate_ppa,
    allocate_rpa,
    brute_force_allocation,
    is_feasible,
    kkt_residual,
    min_total_power,
    sum_rate_gradient_bits,
)
from isacnet.units import db_to_linear

NOISE_C, NOISE_S = float(db_to_linear(1.0)), float(db_to_linear(15.0))  # Section V


def _problem(seed, num_cells=3, budget_factor=4.0, pod_min=0.7, rate_min=1.0, budget=None):
    net = draw_network(np.random.default_rng(seed), 1, num_cells=num_cells)
    pr = PowerAllocationProblem(net.gains_comm[0], net.gains_sense[0], NOISE_C, NOISE_S, 1.0, rate_min, pod_min,
                                1e-6, 100)
    if budget is None:
        p_min, _ = min_total_power(pr)
        if not np.isfinite(p_min):
            return None
        budget = budget_factor * p_min
    return pr.with_budget(budget)


def _feasible_problems(num_cells, count, factors=(1.3, 4.0, 30.0)):
    out, seed = [], 0
    while len(out) < count:
        pr = _problem(seed, num_cells, factors[len(out) % len(factors)])
        if pr is not None:
            out.append((seed, pr))
        seed += 1
    return out


def _assert_constraints(pr, res):
    p = res.powers
    assert np.all(p >= -1e-9)
    assert p.sum() <= pr.power_budget * (1 + 1e-6)
    assert np.all(rate_bits(p, pr.gains_comm, pr.noise_comm) >= pr.rate_min_bits * (1 - 1e-6))
    pod = pod_large_n(p, pr.gains_sense, pr.noise_sense, pr.num_samples, pr.pfa)
    assert np.all(pod >= pr.pod_min - 1e-6)


@pytest.mark.parametrize("num_cells", [2, 3])
def test_ppa_matches_brute_force(num_cells):
    for seed, pr in _feasible_problems(num_cells, 6):
        res = allocate_ppa(pr)
        grid = 20_000 if num_cells == 2 else 400
        bf = brute_force_allocation(pr, grid)
        assert res.feasible and res.converged, (seed, res.message)
        _assert_constraints(pr, res)
        assert bf.feasible
        # never worse than any feasible grid point ...
        assert res.sum_rate_bits >= bf.sum_rate_bits - 1e-6, (seed, res.sum_rate_bits, bf.sum_rate_bits)
        # ... and within the grid resolution of the best one: |grad R|_1 * (2 grid steps)
        step = pr.power_budget / grid
        bound = 2 * step * np.abs(sum_rate_gradient_bits(pr, res.powers)).sum()
        assert res.sum_rate_bits - bf.sum_rate_bits <= bound + 1e-6, (seed, res.sum_rate_bits - bf.sum_rate_bits, bound)


def test_ppa_satisfies_kkt_and_uses_the_whole_budget():
    for seed, pr in _feasible_problems(3, 6):
        res = allocate_ppa(pr)
        resid, info = kkt_residual(pr, res.powers)
        assert resid < 1e-4, (seed, resid, info)
        assert "budget" in info["active"]  # scaling all powers up raises every SINR (sigma_c^2 > 0)
        assert all(mu >= 0 for mu in info["multipliers"].values())


def test_alternating_iterations_alone_reach_a_kkt_point():
    # without the SQP polish, a tight tolerance on |dR| still ends near a KKT point
    _, pr = _feasible_problems(3, 1)[0]
    res = allocate_ppa(pr, polish=False, tol=1e-9)
    assert res.feasible
    assert kkt_residual(pr, res.powers)[0] < 1e-2
    assert allocate_ppa(pr).sum_rate_bits >= res.sum_rate_bits - 1e-9


def test_ppa_history_is_monotone():
    _, pr = _feasible_problems(3, 1)[0]
    res = allocate_ppa(pr, starts="min_power")
    h = np.asarray(res.history)
    assert len(h) >= 2
    assert np.all(np.diff(h) >= -1e-7)  # minorise-maximise: R_sum never decreases


def test_kkt_residual_detects_a_non_optimal_point():
    _, pr = _feasible_problems(3, 1, factors=(30.0,))[0]
    res = allocate_ppa(pr)
    assert kkt_residual(pr, res.powers)[0] < 1e-4
    # equal powers are feasible here but not stationary
    epa = allocate_epa(pr)
    if epa.feasible and abs(epa.sum_rate_bits - res.sum_rate_bits) > 1e-2:
        assert kkt_residual(pr, epa.powers)[0] > 1e-2


def test_infeasible_budget_is_reported():
    pr = _problem(0, 3, budget_factor=1.0)
    p_min = pr.power_budget
    below = pr.with_budget(0.97 * p_min)
    res = allocate_ppa(below)
    assert not res.feasible
    assert "infeasible" in res.message and "minimum total power" in res.message
    assert np.all(np.isnan(res.powers)) and np.isnan(res.sum_rate_bits)
    assert res.min_total_power == pytest.approx(p_min, rel=1e-6)
    assert not allocate_epa(below).feasible
    assert not allocate_rpa(below, np.random.default_rng(2)).feasible
    assert not brute_force_allocation(below, 300).feasible  # no grid point meets the constraints either
    above = pr.with_budget(1.03 * p_min)
    assert allocate_ppa(above).feasible


def test_interference_limited_rate_target_is_infeasible_at_any_power():
    # Two symmetric cells with cross gain = direct gain: SINR < 1 always, so R >= 1 bit is unreachable.
    pr = PowerAllocationProblem(np.ones((2, 2)), np.ones((2, 2)), 1.0, 1.0, 100.0, 1.0, 0.5, 1e-3, 10)
    p_min, _ = min_total_power(pr)
    assert p_min == np.inf
    res = allocate_ppa(pr)
    assert not res.feasible and "at any power" in res.message


def test_min_total_power_lp_is_tight():
    pr = _problem(3, 3, budget_factor=1.0)
    p_min, p = min_total_power(pr)
    assert is_feasible(pr.with_budget(p_min * (1 + 1e-9)), p)
    # a random search never finds a cheaper feasible allocation
    rng = np.random.default_rng(0)
    cand = p_min * rng.uniform(0, 1, (200_000, 1)) * rng.dirichlet(np.ones(3), 200_000)
    assert not np.any(is_feasible(pr.with_budget(p_min), cand, rtol=0.0) & (cand.sum(axis=1) < p_min * (1 - 1e-6)))


def test_baselines_epa_and_seeded_rpa():
    _, pr = _feasible_problems(3, 1, factors=(30.0,))[0]
    epa = allocate_epa(pr)
    np.testing.assert_allclose(epa.powers, pr.power_budget / 3)
    r1 = allocate_rpa(pr, np.random.default_rng(2))
    r2 = allocate_rpa(pr, np.random.default_rng(2))
    assert r1.feasible
    np.testing.assert_array_equal(r1.powers, r2.powers)  # seeded
    assert r1.powers.sum() == pytest.approx(pr.power_budget)
    _assert_constraints(pr, r1)
    ppa = allocate_ppa(pr)
    assert ppa.sum_rate_bits >= r1.sum_rate_bits - 1e-9
    if epa.feasible:
        assert ppa.sum_rate_bits >= epa.sum_rate_bits - 1e-9


def test_ppa_scales_to_twenty_cells():
    pr = None
    for seed in range(50):
        cand = _problem(seed, 20, budget_factor=3.0, rate_min=0.2)
        if cand is not None:
            pr = cand
            break
    assert pr is not None
    res = allocate_ppa(pr, starts="min_power")
    assert res.feasible and res.converged
    _assert_constraints(pr, res)
    assert kkt_residual(pr, res.powers)[0] < 1e-2


@pytest.mark.parametrize(
    "kwargs,field",
    [
        (dict(pfa=0.0), "pfa"),
        (dict(pfa=1.0), "pfa"),
        (dict(pod_min=1.2), "pod_min"),
        (dict(power_budget=-1.0), "power_budget"),
        (dict(num_samples=2), "num_samples"),
        (dict(noise_comm=0.0), "noise_comm"),
        (dict(rate_min_bits=-1.0), "rate_min_bits"),
    ],
)
def test_bad_problem_inputs(kwargs, field):
    base = dict(gains_comm=np.eye(3) + 0.1, gains_sense=np.eye(3) + 0.1, noise_comm=1.0, noise_sense=1.0,
                power_budget=10.0, rate_min_bits=1.0, pod_min=0.7, pfa=1e-6, num_samples=100)
    base.update(kwargs)
    with pytest.raises(InputError, match=field):
        PowerAllocationProblem(**base)


def test_negative_gains_rejected():
    with pytest.raises(InputError, match="gains"):
        PowerAllocationProblem(-np.eye(2), np.eye(2), 1.0, 1.0, 1.0, 1.0, 0.7, 1e-6, 10)


def test_equal_power_threshold_closed_form():
    from isacnet.optimization.power import min_budget_equal_power

    for seed in range(8):
        pr = _problem(seed, 3, budget=1.0)
        b = min_budget_equal_power(pr)
        if not np.isfinite(b):
            assert not allocate_epa(pr.with_budget(1e6)).feasible
            continue
        assert allocate_epa(pr.with_budget(b * (1 + 1e-6))).feasible
        assert not allocate_epa(pr.with_budget(b * (1 - 1e-4))).feasible
        assert b >= min_total_power(pr)[0] * (1 - 1e-9)  # EPA never needs less than the optimum


@settings(max_examples=12, deadline=None)
# rate floors are 0 or >= 1e-3 bits/s/Hz: a floor below ~1e-16 is below what log2(1 + SINR) resolves in float64
# (1 + x == 1), so a feasible allocation can compute as rate 0 < floor
@given(st.integers(0, 10_000), st.floats(1.05, 50.0), st.floats(0.2, 0.95),
       st.one_of(st.just(0.0), st.floats(1e-3, 1.5)))
def test_ppa_properties_on_random_networks(seed, factor, pod_min, rate_min):
    # feasible budgets: PPA meets every constraint, uses the whole budget and beats EPA and RPA
    pr = _problem(seed, 3, budget_factor=factor, pod_min=pod_min, rate_min=rate_min)
    if pr is None:
        return
    res = allocate_ppa(pr)
    assert res.feasible
    _assert_constraints(pr, res)
    assert res.powers.sum() == pytest.approx(pr.power_budget, rel=1e-5)
    for other in (allocate_epa(pr), allocate_rpa(pr, np.random.default_rng(2), max_draws=2000)):
        if other.feasible:
            assert res.sum_rate_bits >= other.sum_rate_bits - 1e-7


def test_problem_from_model_uses_the_model_in_si_units():
    from isacnet.models.power import PowerModel

    model = PowerModel(power_budget_db=13.0, noise_comm_db=1.0, noise_sense_db=15.0, pod_min=0.8, rate_min_bits=0.5)
    net = draw_network(np.random.default_rng(4), 1, num_cells=3)
    got = PowerAllocationProblem.from_model(model, net.gains_comm[0], net.gains_sense[0])
    want = PowerAllocationProblem(net.gains_comm[0], net.gains_sense[0], 10**0.1, 10**1.5, 10**1.3, 0.5, 0.8, 1e-6, 100)
    for name in ("noise_comm", "noise_sense", "power_budget", "rate_min_bits", "pod_min", "snr_min", "sinr_min"):
        np.testing.assert_allclose(getattr(got, name), getattr(want, name), rtol=1e-12)
