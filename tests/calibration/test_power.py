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
    p = cal.problem(1, 3.0, 5.0, 5.0, 15.0)
    target = 3.0
    b = cal.equal_power_budget_for_rate(p, target)
    rate = lambda x: float(sum_rate_bits(np.full(3, x / 3), p.gains_comm, p.noise_comm))  # noqa: E731
    assert rate(b) == pytest.approx(target, abs=1e-9) or b == pytest.approx(cal.min_budget_equal_power(p))
    assert cal.equal_power_budget_for_rate(p, 1e3) == math.inf  # interference-limited: EPA saturates


def test_network_is_the_experiments_network():
    seed = 4
    ds = run_experiment("power.allocation", {"network_seed": seed, "power_budget_db": 30.0})
    p = cal.problem(seed, 3.0, 0.0, 0.0, 30.0)
    assert float(ds["value"].sel(series="min_power_db")) == pytest.approx(10 * math.log10(min_total_power(p)[0]),
                                                                          abs=1e-9)
