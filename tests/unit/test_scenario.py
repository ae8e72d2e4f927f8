"""Scenario files: validation, sweeps (grid and zip), overrides, quick tables."""

import pytest

from isacnet.errors import InputError
from isacnet.registry import get_experiment
from isacnet.scenario import builtin_scenarios, load_scenario, sweep_points

BASE = {"experiment": "coop.gdop", "seed": 1, "params": {"cluster_size_sense": 4}}


def test_builtin_scenarios_load_and_validate():
    names = builtin_scenarios()
    assert "coop-fig3" in names
    for name in names:
        scn = load_scenario(name)
        sweep_points(scn, get_experiment(scn.experiment).params)


def test_grid_and_zip_sweeps():
    model = get_experiment("coop.gdop").params
    scn = load_scenario({**BASE, "params": {"cluster_size_sense": [2, 3, 5]}})
    dims, pts = sweep_points(scn, model)
    assert dims == [("cluster_size_sense", [2, 3, 5])]
    assert [p.params.cluster_size_sense for p in pts] == [2, 3, 5]
    scn = load_scenario({**BASE, "params": {"cluster_size_sense": [2, 3]}, "sweep": {"mode": "zip"}})
    dims, pts = sweep_points(scn, model)
    assert dims[0][0] == "point" and len(pts) == 2


def test_overrides_and_quick():
    scn = load_scenario("coop-fig3", overrides=["seed=7", "cluster_size_sense=[4, 8]"], quick=True)
    assert scn.seed == 7
    assert scn.params["cluster_size_sense"] == [4, 8]
    assert scn.monte_carlo.max_samples == 200_000  # from the [quick] table


@pytest.mark.parametrize(
    "raw, field",
    [
        ({**BASE, "sede": 1}, "sede"),
        ({**BASE, "seed": "x"}, "seed"),
        ({**BASE, "seed": -1}, "seed"),
        ({**BASE, "monte_carlo": {"confidence": 1.5}}, "monte_carlo.confidence"),
        ({**BASE, "monte_carlo": {"batch_size": 0}}, "monte_carlo.batch_size"),
        ({**BASE, "sweep": {"mode": "diagonal"}}, "sweep.mode"),
    ],
)
def test_bad_scenarios_name_the_field(raw, field):
    with pytest.raises(InputError) as err:
        load_scenario(raw)
    assert err.value.field == field


@pytest.mark.parametrize(
    "params, field, words",
    [
        ({"cluster_size_sense": 0}, "params.cluster_size_sense", ">= 1"),
        ({"cluster_size_sense": [3, 0]}, "params.cluster_size_sense", ">= 1"),
        ({"cluster_size_sense": 2.5}, "params.cluster_size_sense", "integer"),
        ({"cluster_sise": 3}, "params.cluster_sise", "unknown key"),
    ],
)
def test_bad_params_name_the_field_and_range(params, field, words):
    scn = load_scenario({**BASE, "params": params})
    with pytest.raises(InputError) as err:
        sweep_points(scn, get_experiment("coop.gdop").params)
    assert err.value.field == field and words in err.value.message
