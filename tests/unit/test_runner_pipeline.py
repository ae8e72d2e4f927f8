"""The runner's pipeline: units of many batches, finishing in any order, give the serial numbers bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from isacnet.parallel import SerialExecutor
from isacnet.runner import compute_dataset
from isacnet.scenario import load_scenario


class _Future:
    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


class ShuffledExecutor:
    """Runs units at submission, in this process, but reports them finished in a random order.

    ``unit_seconds`` is large, so that the runner groups many batches per unit once it has
    timed a point's first batch.
    """

    def __init__(self, parallelism: int, seed: int):
        self.parallelism = parallelism
        self.unit_seconds = 10.0
        self.rng = np.random.default_rng(seed)
        self.units = []

    def submit(self, fn, item):
        self.units.append(item)
        return _Future(fn(item))

    def wait_first(self, futures):
        futures = list(futures)
        k = int(self.rng.integers(1, len(futures) + 1))
        return [futures[i] for i in self.rng.permutation(len(futures))[:k]]

    def result(self, future):
        return future.result()


@pytest.mark.parametrize("target_rel_ci", [0.0, 0.01])
def test_grouped_out_of_order_units_match_the_serial_run(target_rel_ci):
    overrides = ["cluster_size_sense=[3, 6, 10]", "monte_carlo.batch_size=2000", "monte_carlo.min_samples=4000",
                 "monte_carlo.max_samples=40000", f"monte_carlo.target_rel_ci={target_rel_ci}"]
    scn = load_scenario("coop-fig4", quick=True, overrides=overrides)
    ref = compute_dataset(scn, SerialExecutor())
    ex = ShuffledExecutor(3, seed=1)
    got = compute_dataset(scn, ex)
    assert any(u[0] == "b" and u[1][5] > 1 for u in ex.units)  # some units did run several batches
    for var in ("value", "ci_low", "ci_high", "n_samples", "std_error"):
        np.testing.assert_array_equal(got[var].values, ref[var].values)


def test_kernel_choice_follows_the_budget_and_not_the_numbers(monkeypatch):
    # a short run uses the NumPy kernels (no numba import and cache load in its processes), a long one
    # the compiled ones; the CRLB twins are bit-identical, so the numbers are too
    import isacnet.runner as runner
    from isacnet._accel import numba_installed

    scn = load_scenario("coop-fig4", quick=True, overrides=["cluster_size_sense=[4, 9]"])
    short = compute_dataset(scn, SerialExecutor())
    assert short.attrs["kernels"] == "NumPy"
    monkeypatch.setattr(runner, "COMPILED_MIN_DROPS", 0)
    long = compute_dataset(scn, SerialExecutor())
    assert long.attrs["kernels"].startswith("compiled") == numba_installed()
    for var in ("value", "ci_low", "ci_high", "n_samples"):
        np.testing.assert_array_equal(long[var].values, short[var].values)
