"""A fuzzer over the built-in scenario files: hypothesis mutates them (types, NaN/inf, huge and tiny
values, unknown keys, deleted keys, random bytes) and every mutant either ends with the bad-input
contract (exit 2, one line, no traceback, nothing written) or gives a valid result.

Each example starts from a built-in scenario with its ``[quick]`` budget applied, its sweeps cut to
two values and a tiny Monte Carlo budget, so that a valid mutant computes in well under a second.
Valid mutants of the scenarios whose single point is slow (optimisers, system simulations), and
valid mutants that restore a large budget (a deleted ``max_samples``), are checked up to the
computation (validation and sweep) and not computed. The seed is
fixed (``derandomize``) and the number of examples bounded, so the run is reproducible and short.
"""

from __future__ import annotations

import json
import math
import re
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isacnet.cli import main
from isacnet.errors import InputError
from isacnet.registry import get_experiment
from isacnet.scenario import _set_dotted, builtin_scenarios, load_scenario, sweep_axes, sweep_points

from .conftest import assert_one_line_error, files_under

# Built-ins whose reduced scenario computes in a fraction of a second; valid mutants of these are run.
CHEAP = {"coop-fig3", "coop-fig4", "coop-fig5", "nulling-fig5", "nulling-fig6", "nulling-fig7", "nulling-fig9",
         "nulling-fig12", "power-fig2a", "power-fig2b", "deploy-fig6", "deploy-fig8"}
NUM_EXAMPLES = 120


def _reduced(name: str) -> dict:
    """Built-in scenario ``name`` as data: quick budget, two values per swept field, tiny budget."""
    path = builtin_scenarios()[name]
    raw = tomllib.loads(path.read_text())
    for key, value in (raw.pop("quick", None) or {}).items():
        _set_dotted(raw, key, value)
    swept = dict(sweep_axes(load_scenario(path), get_experiment(raw["experiment"]).params))
    raw["params"] = {k: (v[:2] if k in swept else v) for k, v in raw.get("params", {}).items()}
    raw["monte_carlo"] = {"batch_size": 500, "min_samples": 500, "max_samples": 1000, "target_rel_ci": 0.0}
    return raw


BASES = {name: _reduced(name) for name in sorted(builtin_scenarios())}


# -- a small TOML writer (inline tables), enough for what the mutations produce -------------------
def _key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else json.dumps(k)


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v))


def to_toml(d: dict) -> str:
    return "".join(f"{_key(k)} = {_value(v)}\n" for k, v in d.items())


# -- mutations -----------------------------------------------------------------------------------
SPECIAL = [math.nan, math.inf, -math.inf, 1e300, -1e300, 1e-300, 2**70, -(2**63), 10**12, 0, -1, 0.5, True, False,
           "", "1", "inf", [], [1, 2], {}]
scalars = st.one_of(
    st.sampled_from(SPECIAL),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
)
values = st.one_of(scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=4), scalars, max_size=2))


def _leaf_paths(d: dict, prefix=()) -> list[tuple]:
    out = []
    for k, v in d.items():
        out.append((*prefix, k))
        if isinstance(v, dict):
            out.extend(_leaf_paths(v, (*prefix, k)))
    return out


@st.composite
def mutants(draw):
    """(base name, file bytes, what was done)."""
    name = draw(st.sampled_from(sorted(BASES)))
    doc = json.loads(json.dumps(BASES[name]))
    kind = draw(st.sampled_from(["set", "set", "set", "delete", "unknown", "bytes", "sweep"]))
    if kind == "bytes":
        return name, draw(st.binary(max_size=300)), "random bytes"
    paths = _leaf_paths(doc)
    if kind == "unknown":
        where = draw(st.sampled_from([(), ("params",), ("monte_carlo",), ("sweep",), ("compute",)]))
        path = (*where, draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)))
    else:
        path = draw(st.sampled_from(paths))
    target = doc
    for p in path[:-1]:
        target = target.setdefault(p, {})
    if kind == "delete":
        target.pop(path[-1], None)
    elif kind == "sweep":
        target[path[-1]] = draw(st.lists(scalars, min_size=0, max_size=4))
    else:
        target[path[-1]] = draw(values)
    return name, to_toml(doc).encode(), f"{kind} {'.'.join(path)}"


MAX_DROPS = 4000


def _drops(path) -> int:
    scn = load_scenario(path)
    return len(sweep_points(scn, get_experiment(scn.experiment).params)[1]) * scn.monte_carlo.max_samples


def _validates(path) -> bool:
    try:
        scn = load_scenario(path)
        sweep_points(scn, get_experiment(scn.experiment).params)
    except InputError:
        return False
    return True


@settings(max_examples=NUM_EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(case=mutants())
def test_mutated_builtin_scenarios_keep_the_contract(tmp_path_factory, capsys, case):
    name, data, what = case
    root = tmp_path_factory.mktemp("fuzz")
    f = root / f"{name}.toml"
    f.write_bytes(data)
    out = root / "out"
    valid = _validates(f)
    if valid and (name not in CHEAP or _drops(f) > MAX_DROPS):
        return  # valid up to the computation, which would be slow (an optimiser, a restored big budget)
    capsys.readouterr()
    code = main(["run", str(f), "--out", str(out), "--scheduler", "serial"])
    err = capsys.readouterr().err
    if code == 0:
        manifest = json.loads((out / name / "manifest.json").read_text())
        assert set(manifest["files"]) >= {f"{name}.nc", f"{name}.csv"}, what
        assert "Traceback" not in err and "isacnet: error" not in err, (what, err)
    else:
        assert_one_line_error(code, err)
        assert files_under(root) == {f}, (what, sorted(map(str, files_under(root))))
        assert not valid or "monte_carlo" in err or "params" in err, (what, err)


def test_every_builtin_reduces_to_a_valid_scenario():
    for name, doc in BASES.items():
        scn = load_scenario(doc)
        assert sweep_points(scn, get_experiment(scn.experiment).params)[1], name


@pytest.mark.parametrize("name", sorted(CHEAP))
def test_cheap_bases_exist(name):
    assert name in BASES
