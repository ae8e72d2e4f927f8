"""``isacnet describe`` and the generated parameter reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from isacnet.cli import main
from isacnet.models import field_info
from isacnet.registry import experiments

REFERENCE = Path(__file__).parents[2] / "docs" / "reference" / "parameters.md"


@pytest.mark.parametrize("exp_id", sorted(k for k in experiments() if not k.startswith("test.")))
def test_every_field_has_unit_meaning_and_numeric_range(exp_id):
    exp = experiments()[exp_id]
    for f in field_info(exp.params):
        assert f.unit, f"{exp_id}: params.{f.name} has no unit"
        assert f.doc, f"{exp_id}: params.{f.name} has no meaning"
        if f.type in ("int", "float"):
            assert f.lower and f.upper, f"{exp_id}: params.{f.name} needs a finite range, has {f.lower}, {f.upper}"


def test_describe_lists_every_field_with_unit_and_range(capsys):
    assert main(["describe", "coop-fig6"]) == 0
    out = capsys.readouterr().out
    exp = experiments()["coop.comp_rate"]
    for f in field_info(exp.params):
        line = next(ln for ln in out.splitlines() if ln.strip().startswith(f"params.{f.name} "))
        assert f"[{f.unit}]" in line or f.unit == "–", line
    assert "monte_carlo.batch_size" in out and "[drops]" in out


def test_describe_an_experiment_id_and_a_file(tmp_path, capsys):
    assert main(["describe", "coop.gdop"]) == 0
    assert "params.cluster_size_sense" in capsys.readouterr().out
    f = tmp_path / "s.toml"
    f.write_text('experiment = "coop.gdop"\n[params]\ncluster_size_sense = [2, 3]\n')
    assert main(["describe", str(f)]) == 0
    assert "(swept)" in capsys.readouterr().out


def test_describe_unknown_target_is_one_line(capsys):
    assert main(["describe", "nope-fig99"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("isacnet: error: describe:")


def test_parameter_reference_is_up_to_date():
    from isacnet.describe import parameters_markdown

    assert REFERENCE.read_text() == parameters_markdown(), (
        "docs/reference/parameters.md is stale: run python -m isacnet.describe > docs/reference/parameters.md")
