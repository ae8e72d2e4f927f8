"""Paper profiles (issue #11): one parameter set per paper key, applied between the experiment's
defaults and the scenario's own parameters."""

from __future__ import annotations

import json
import tomllib
from importlib import resources

import pytest

from isacnet.errors import InputError
from isacnet.registry import experiments
from isacnet.scenario import PROFILES, builtin_scenarios, load_scenario, profile_table, profile_values

KEYS_WITH_PROFILES = ("coop", "deploy", "nulling", "power")


def _fields_of_paper(paper: str) -> dict[str, list]:
    """Every field of every experiment of ``paper`` with the experiments' defaults."""
    out: dict[str, list] = {}
    for exp in experiments().values():
        if exp.paper != paper:
            continue
        for name, info in exp.params.model_fields.items():
            out.setdefault(name, []).append(info.default)
    return out


def test_every_paper_key_of_the_issue_has_a_profile_file():
    files = {p.name[:-5] for p in (resources.files("isacnet") / "profiles").iterdir() if p.name.endswith(".toml")}
    assert set(KEYS_WITH_PROFILES) <= files
    for key in files:
        tables = tomllib.loads((resources.files("isacnet") / "profiles" / f"{key}.toml").read_text())
        assert set(tables) == set(PROFILES), f"{key}.toml must have exactly [paper] and [spec]"


@pytest.mark.parametrize("paper", KEYS_WITH_PROFILES)
@pytest.mark.parametrize("name", PROFILES)
def test_every_profile_key_is_a_field_of_an_experiment_of_its_paper(paper, name):
    fields = _fields_of_paper(paper)
    unknown = sorted(set(profile_table(paper, name)) - set(fields))
    assert not unknown, f"profile {paper}.{name} sets {unknown}, which no {paper} experiment has"


@pytest.mark.parametrize("paper", KEYS_WITH_PROFILES)
def test_spec_profile_is_the_experiments_defaults(paper):
    """[spec] reproduces today's numbers: it only restates the default of every experiment that has the field."""
    fields = _fields_of_paper(paper)
    for key, value in profile_table(paper, "spec").items():
        assert all(d == value for d in fields[key]), f"{paper}.spec.{key} = {value!r}, defaults {fields[key]}"


def test_precedence_default_profile_params_set():
    base = {"experiment": "coop.tradeoff", "params": {"root_crlb_ratio": 1.5}}
    paper = profile_table("coop", "paper")["backhaul_per_bs_bits"]
    assert paper != 0.25  # the spec's default
    assert load_scenario(base).params["backhaul_per_bs_bits"] == paper  # profile "paper" by default
    assert load_scenario(base, profile="spec").params["backhaul_per_bs_bits"] == 0.25
    own = {"experiment": "coop.tradeoff", "params": {"root_crlb_ratio": 1.5, "backhaul_per_bs_bits": 0.4}}
    assert load_scenario(own).params["backhaul_per_bs_bits"] == 0.4  # the scenario's params beat the profile
    assert load_scenario(own, overrides=["backhaul_per_bs_bits=0.5"]).params["backhaul_per_bs_bits"] == 0.5
    assert load_scenario({**base, "profile": "spec"}).profile == "spec"
    assert "rcs_fluctuation" not in load_scenario(base).params  # another paper's fields do not leak in


def test_unknown_profile_is_an_input_error():
    with pytest.raises(InputError, match="profile"):
        load_scenario({"experiment": "coop.tradeoff", "params": {}}, profile="fancy")
    with pytest.raises(InputError, match="profile"):
        load_scenario({"experiment": "coop.tradeoff", "params": {}, "profile": "fancy"})


def test_builtin_scenarios_leave_profile_fields_to_the_profile():
    for name, path in builtin_scenarios().items():
        raw = tomllib.loads(path.read_text())
        scn = load_scenario(raw)
        governed = set(profile_values(scn))
        restated = governed & set(raw.get("params", {}))
        assert not restated, f"{name} restates profile-governed params {sorted(restated)}"


def test_result_records_its_profile(serial):
    from isacnet.runner import cache_key, compute_dataset

    raw = {"experiment": "coop.tradeoff", "params": {"root_crlb_ratio": 1.5, "num_power": 5, "max_cluster_comm": 4}}
    paper, spec = load_scenario(raw), load_scenario(raw, profile="spec")
    ds = compute_dataset(paper, serial)
    assert ds.attrs["profile"] == "paper"
    assert json.loads(ds.attrs["profile_values"]) == profile_values(paper)
    assert json.loads(ds.attrs["scenario"])["profile"] == "paper"
    assert cache_key(paper) != cache_key(spec)
