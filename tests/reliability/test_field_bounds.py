"""Every numeric field of every registered experiment, and of the scenario's own tables, refuses
NaN, ±inf, booleans and values beyond a finite range (±1e300), naming the field.

This is behavioural (the model is asked), so it covers list and optional fields and constraints
inside them, which a look at the declared bounds would miss.
"""

from __future__ import annotations

import math
import tomllib

import pytest
from pydantic import ValidationError

from isacnet.models._base import _is_numeric
from isacnet.registry import experiments
from isacnet.scenario import (
    ComputeConfig,
    MonteCarloConfig,
    Scenario,
    builtin_scenarios,
    validation_error_to_input_error,
)

BAD = [math.nan, math.inf, -math.inf, True, False, 1e300, -1e300]


def _base_params(exp_id: str) -> dict | None:
    """The first sweep point of a built-in scenario of ``exp_id`` (None: the model's defaults)."""
    for path in sorted(builtin_scenarios().values()):
        raw = tomllib.loads(path.read_text())
        if raw.get("experiment") == exp_id:
            params = raw.get("params", {})
            fields = experiments()[exp_id].params.model_fields
            out = {}
            for k, v in params.items():
                depth_ok = isinstance(v, list) and v and not _is_list_field(fields.get(k))
                out[k] = v[0] if depth_ok else v
            return out
    return None


def _is_list_field(info) -> bool:
    import typing

    if info is None:
        return False
    ann = info.annotation
    origins = {typing.get_origin(a) for a in (ann, *typing.get_args(ann))}
    return bool(origins & {list, tuple}) or ann in (list, tuple)


def _as_field_value(info, value):
    return [value] if _is_list_field(info) else value


def _rejects(model, base: dict, name: str, value, prefix: str) -> str | None:
    """None when ``model`` refuses ``value`` for ``name`` naming the field, else what went wrong."""
    try:
        model.model_validate({**base, name: value})
    except ValidationError as err:
        field = validation_error_to_input_error(err, prefix).field
        return None if field == f"{prefix}.{name}" or field.startswith(f"{prefix}.{name}.") else \
            f"refused, but names {field!r}"
    return "accepted"


@pytest.mark.parametrize("exp_id", sorted(e for e in experiments() if not e.startswith("test.")))
def test_every_numeric_field_refuses_nan_inf_bool_and_huge(exp_id):
    exp = experiments()[exp_id]
    base = _base_params(exp_id) or {}
    exp.params.model_validate(base)  # the base itself is valid
    problems = []
    for name, info in exp.params.model_fields.items():
        if not _is_numeric(info.annotation):
            continue
        for value in BAD:
            what = _rejects(exp.params, base, name, _as_field_value(info, value), "params")
            if what:
                problems.append(f"params.{name} = {value!r}: {what}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("model, prefix", [(MonteCarloConfig, "monte_carlo"), (ComputeConfig, "compute")])
def test_scenario_tables_refuse_nan_inf_bool_and_huge(model, prefix):
    problems = []
    for name, info in model.model_fields.items():
        if not _is_numeric(info.annotation):
            continue
        for value in BAD:
            try:
                model.model_validate({name: value})
                problems.append(f"{prefix}.{name} = {value!r}: accepted")
            except ValidationError as err:
                field = validation_error_to_input_error(err, prefix).field
                if field != f"{prefix}.{name}":
                    problems.append(f"{prefix}.{name} = {value!r}: names {field!r}")
    assert not problems, "\n".join(problems)


def test_seed_refuses_bool_and_out_of_range():
    for value in (True, -1, 2**63, 1e300):
        with pytest.raises(ValidationError):
            Scenario.model_validate({"experiment": "coop.gdop", "seed": value})
