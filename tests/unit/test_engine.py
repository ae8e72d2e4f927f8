"""Monte Carlo engine: seeding independent of the schedule, stopping rule, streaming."""

from functools import partial

import numpy as np
import pytest

from isacnet.parallel import ProcessExecutor, SerialExecutor
from isacnet.simulate.engine import MonteCarloSettings, run_monte_carlo, seed_sequence


def _uniform_trial(rng, size, scale=1.0):
    return {"u": scale * rng.uniform(size=size), "u2": (scale * rng.uniform(size=size)) ** 2}


def test_mean_of_known_distribution():
    est = run_monte_carlo(_uniform_trial, seed=5, settings=MonteCarloSettings(1000, 1000, 50_000, 0.0))
    assert est["u"].num_samples == 50_000
    assert abs(est["u"].mean - 0.5) <= 4 * est["u"].std_error  # E U = 1/2
    assert abs(est["u2"].mean - 1 / 3) <= 4 * est["u2"].std_error  # E U^2 = 1/3


def test_stops_at_target_relative_ci():
    s = MonteCarloSettings(batch_size=1000, min_samples=1000, max_samples=1_000_000, target_rel_ci=0.01)
    est = run_monte_carlo(_uniform_trial, seed=1, settings=s)["u"]
    assert est.num_samples < 1_000_000
    assert est.rel_half_width <= 0.01
    # one batch fewer would not have met the target: the rule stops at the first batch that does
    n_prev = est.num_samples - 1000
    prev = run_monte_carlo(_uniform_trial, seed=1, settings=MonteCarloSettings(1000, 1000, n_prev, 0.0))
    assert max(e.rel_half_width for e in prev.values()) > 0.01


def test_same_numbers_for_any_number_of_workers():
    s = MonteCarloSettings(batch_size=2000, min_samples=2000, max_samples=40_000, target_rel_ci=0.004)
    trial = partial(_uniform_trial, scale=2.0)
    serial = run_monte_carlo(trial, seed=11, key=(3,), settings=s)
    with ProcessExecutor(2) as ex:
        pooled = run_monte_carlo(trial, seed=11, key=(3,), settings=s, executor=ex)
    for k in serial:
        assert serial[k] == pooled[k]  # bit-identical dataclasses


def test_streams_are_distinct_and_reproducible():
    a = np.random.default_rng(seed_sequence(1, 2, 3)).uniform(size=4)
    b = np.random.default_rng(seed_sequence(1, 2, 3)).uniform(size=4)
    c = np.random.default_rng(seed_sequence(1, 2, 4)).uniform(size=4)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


def test_serial_executor_keeps_order():
    assert SerialExecutor().map(lambda x: x * x, [3, 1, 2]) == [9, 1, 4]


def test_bare_array_trial_is_named_value():
    est = run_monte_carlo(lambda rng, n: rng.normal(size=n), seed=0,
                          settings=MonteCarloSettings(500, 500, 1000, 0.0))
    assert set(est) == {"value"}
    with pytest.raises(KeyError):
        est["u"]
