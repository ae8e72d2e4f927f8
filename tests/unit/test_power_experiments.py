"""Experiments of paper ``power`` (003): parameter models, the network realisations and the one seed."""

import numpy as np
import pytest

from isacnet.channel.power import draw_network
from isacnet.experiments.power import (
    DETECTION,
    AllocationParams,
    DetectionParams,
    allocation_problem,
    evaluate_allocation,
)
from isacnet.models import field_info
from isacnet.models.power import PowerModel


@pytest.mark.parametrize("model", [PowerModel, DetectionParams, AllocationParams])
def test_every_field_has_a_unit_a_meaning_and_a_finite_upper_bound(model):
    for f in field_info(model):
        assert f.unit and f.doc, f.name
        if f.type in ("int", "float"):
            assert f.upper is not None, f"{model.__name__}.{f.name} has no upper bound"


def test_detection_network_is_keyed_by_the_seed_and_network_seed_alone():
    from isacnet.runner import realisation

    p = DetectionParams()
    ref = realisation(DETECTION, p, 7, 0)
    # the budget, the powers and the target do not change the network (nor the point key) ...
    other = DetectionParams(power_budget_db=17.0, target_index=2, powers=[1.0, 2.0, 3.0])
    np.testing.assert_array_equal(realisation(DETECTION, other, 7, 12345).channel_sense, ref.channel_sense)
    # ... another network_seed or another scenario seed does
    assert not np.array_equal(realisation(DETECTION, DetectionParams(network_seed=2), 7, 0).channel_sense,
                              ref.channel_sense)
    assert not np.array_equal(realisation(DETECTION, p, 8, 0).channel_sense, ref.channel_sense)
    # and it is the model's network draw from the runner's realisation stream
    assert ref.channel_sense.shape == draw_network(np.random.default_rng(0), 1, num_cells=3).channel_sense.shape


def test_allocation_draws_its_network_and_rpa_from_the_generator():
    p = AllocationParams(power_budget_db=22.0)
    first = evaluate_allocation(p, np.random.default_rng(5))
    assert evaluate_allocation(p, np.random.default_rng(5)) == first
    assert evaluate_allocation(p, np.random.default_rng(6))["min_power_db"] != first["min_power_db"]
    # the network is the generator's first draw
    problem = allocation_problem(p, np.random.default_rng(5))
    ref = draw_network(np.random.default_rng(5), 1, num_cells=3)
    np.testing.assert_array_equal(problem.gains_comm, ref.gains_comm[0])


def test_every_point_of_a_sweep_shares_the_network():
    from isacnet.parallel import SerialExecutor
    from isacnet.runner import compute_dataset
    from isacnet.scenario import load_scenario

    def min_power(seed, network_seed):
        scn = load_scenario({"experiment": "power.allocation", "seed": seed,
                             "params": {"network_seed": network_seed, "power_budget_db": [5.0, 8.0]}})
        return compute_dataset(scn, SerialExecutor())["value"].sel(series="min_power_db").values

    a = min_power(3, 1)
    assert a[0] == a[1]  # the LP minimum does not depend on the budget: same network at both points
    assert min_power(4, 1)[0] != a[0]  # another scenario seed, another network
    assert min_power(3, 2)[0] != a[0]  # another realisation


def test_fixed_split_rpa_is_one_split_scaled_with_the_budget():
    # rpa_mode="fixed_split" reads the letter's "random seed of 2" as one split, the same at every point: its rate
    # is then constant in xi_S wherever it is feasible (Fig. 2(c): "remains constant until ... infeasible"), and it
    # is feasible only where the search finds a feasible split too (one draw is a subset of the search's draws)
    from isacnet.parallel import SerialExecutor
    from isacnet.runner import compute_dataset
    from isacnet.scenario import load_scenario

    def run(mode):
        scn = load_scenario({"experiment": "power.allocation", "seed": 3,
                             "params": {"rpa_mode": mode, "power_budget_db": [20.0, 25.0],
                                        "pod_min": [0.3, 0.6, 0.9]}})
        return compute_dataset(scn, SerialExecutor())["value"]

    fixed, search = run("fixed_split"), run("search")
    assert np.all(search.sel(series="rpa_feasible").values >= fixed.sel(series="rpa_feasible").values)
    assert fixed.sel(series="rpa_feasible").values.any()  # the check below is not vacuous
    for budget in fixed["power_budget_db"].values:
        rate = fixed.sel(series="rpa", power_budget_db=budget).values  # over xi_S
        rate = rate[np.isfinite(rate)]
        assert rate.size == 0 or np.ptp(rate) == 0


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(target_index=3), "target_index"),
        (dict(powers=[1.0, 2.0]), "powers"),
        (dict(num_samples=2), "num_samples"),
        (dict(bs_positions=[[0, 0], [1, 1]]), "bs_positions"),
        (dict(bs_positions=[[0.0], [1.0], [2.0]]), "bs_positions"),
    ],
)
def test_inconsistent_parameters_are_rejected(kwargs, field):
    # pydantic reports a validator's InputError as a ValidationError naming the field (the CLI turns it back
    # into one line, tests/cli/test_power_bad_input.py)
    with pytest.raises(ValueError, match=field):
        DetectionParams(**kwargs)
