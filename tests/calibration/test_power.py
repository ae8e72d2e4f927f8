"""power calibration: the offset fit, the EPA budget inversion and the network against the experiment."""

from __future__ import annotations

import math

import numpy as np
import pytest

from isacnet.analysis.power import sum_rate_bits
from isacnet.calibration import power as cal
from isacnet.calibration import run_experiment
from isacnet.optimization.power import min_total_power


def test_offset_puts_the_ppa_threshold_at_8_5_db():
    g = cal.gain_offset(3, 3.0, -5.0)
    p = cal.problem(3, 3.0, g, g - 5.0, 12.0)
    assert 10 * math.log10(min_total_power(p)[0]) == pytest.approx(cal.PPA_THRESHOLD_DB, abs=1e-9)


def test_equal_power_budget_inverts_the_epa_rate():
    p = cal.problem(2, 3.0, 5.0, 5.0, 15.0)  # a realisation where equal powers are feasible (from 3.5 dB)
    rate = lambda x: float(sum_rate_bits(np.full(3, x / 3), p.gains_comm, p.noise_comm))  # noqa: E731
    lo = cal.min_budget_equal_power(p)
    target = rate(lo) + 1.0
    b = cal.equal_power_budget_for_rate(p, target)
    assert rate(b) == pytest.approx(target, abs=1e-9) and rate(0.99 * b) < target
    assert cal.equal_power_budget_for_rate(p, rate(lo) - 0.5) == lo  # reached as soon as EPA is feasible
    assert cal.equal_power_budget_for_rate(p, 1e3) == math.inf  # interference-limited: EPA saturates
    assert cal.equal_power_budget_for_rate(cal.problem(1, 3.0, 5.0, 5.0, 15.0), 1.0) == math.inf  # EPA never feasible


def test_network_and_rpa_are_the_experiments():
    seed = 4
    ds = run_experiment("power.allocation", {"network_seed": seed, "power_budget_db": [12.0, 30.0]},
                        seed=cal.SCENARIO_SEED)
    p = cal.problem(seed, 3.0, 0.0, 0.0, 30.0)
    assert float(ds["value"].sel(series="min_power_db", power_budget_db=30.0)) == pytest.approx(
        10 * math.log10(min_total_power(p)[0]), abs=1e-9)
    for budget in (12.0, 30.0):
        assert float(ds["value"].sel(series="rpa_feasible", power_budget_db=budget)) == float(
            cal.rpa_feasible(seed, 3.0, 0.0, 0.0, budget))
