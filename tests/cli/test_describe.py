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


def test_describe_index_is_up_to_date_and_says_what_describe_says():
    # isacnet describe and reproduce --list answer from isacnet/_describe_index.json (no experiment imported);
    # it must be the generated one, and its texts those of the live path
    import json

    from isacnet._index import INDEX, describe_text, fingerprint, implemented_figures
    from isacnet.describe import describe, describe_index, format_description
    from isacnet.registry import figures

    stored = json.loads(INDEX.read_text())
    assert stored["fingerprint"] == fingerprint() and stored == json.loads(json.dumps(describe_index())), (
        "src/isacnet/_describe_index.json is stale: run python -m isacnet.describe --write")
    assert implemented_figures() == set(figures())
    for target in ("coop-fig4", "coop.crlb", "nulling-fig8", "power-fig2a", "deploy-fig9"):
        assert describe_text(target) == format_description(describe(target))
    assert describe_text("nope-fig99") is None


def test_describe_and_list_start_without_the_experiments():
    import subprocess
    import sys

    code = ("import sys; from isacnet.cli import main; main(['describe', 'coop-fig4']); main(['reproduce', '--list']); "
            "print(sorted(m for m in sys.modules "
            "if m.startswith(('isacnet.experiments', 'numpy', 'scipy', 'pydantic'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
