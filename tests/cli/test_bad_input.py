"""Bad input: one line naming the field and the allowed range, exit code 2, no traceback, nothing written."""

import pytest

from isacnet.cli import main

GOOD = """
experiment = "coop.gdop"
[params]
cluster_size_sense = 4
"""


def _run(tmp_path, capsys, argv):
    out = tmp_path / "out"
    code = main([*argv, "--out", str(out)] if argv[0] in ("run", "reproduce") else argv)
    err = capsys.readouterr().err
    assert code == 2
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("isacnet: error: "), err
    assert "Traceback" not in err
    assert not out.exists() or not any(p.is_file() for p in out.rglob("*"))
    return lines[0]


@pytest.mark.parametrize(
    "text, override, words",
    [
        (GOOD.replace("cluster_size_sense = 4", "cluster_size_sense = 0"), None,
         "params.cluster_size_sense: must be >= 1"),
        (GOOD.replace("cluster_size_sense = 4", "cluster_size_sense = [5, 0]"), None,
         "params.cluster_size_sense: must be >= 1"),
        (GOOD.replace("cluster_size_sense = 4", "cluster_size_sense = 'four'"), None,
         "params.cluster_size_sense: must be an integer"),
        (GOOD + "\ncolour = 1\n", None, "colour: unknown key"),
        (GOOD.replace("cluster_size_sense", "clustre_size"), None, "params.clustre_size: unknown key"),
        (GOOD + "\n[monte_carlo]\nconfidence = 1.2\n", None, "monte_carlo.confidence: must be < 1"),
        (GOOD + "\n[monte_carlo]\ntarget_rel_ci = -0.1\n", None, "monte_carlo.target_rel_ci: must be >= 0"),
        (GOOD, "cluster_size_sense=-3", "params.cluster_size_sense: must be >= 1"),
        (GOOD, "seed=-1", "seed: must be >= 0"),
        (GOOD, "nonsense", "--set: expects key=value"),
        (GOOD.replace("coop.gdop", "coop.nope"), None, "experiment: unknown experiment 'coop.nope'"),
        ("experiment = [", None, "is not valid TOML"),
    ],
)
def test_bad_scenario(tmp_path, capsys, text, override, words):
    f = tmp_path / "bad.toml"
    f.write_text(text)
    argv = ["run", str(f), "--scheduler", "serial"] + (["--set", override] if override else [])
    assert words in _run(tmp_path, capsys, argv)


def test_unreadable_file(tmp_path, capsys):
    assert "scenario: cannot read" in _run(tmp_path, capsys, ["run", str(tmp_path / "missing.toml")])
    d = tmp_path / "adir.toml"
    d.mkdir()
    assert "scenario: cannot read" in _run(tmp_path, capsys, ["run", str(d)])


def test_unknown_figure_ids(tmp_path, capsys):
    assert "figure: unknown figure id 'coop-fig99'" in _run(tmp_path, capsys, ["reproduce", "coop-fig3", "coop-fig99"])


def test_bad_arguments(tmp_path, capsys):
    assert "--workers: must be >= 1" in _run(tmp_path, capsys, ["reproduce", "coop-fig3", "--workers", "0"])
    assert "arguments:" in _run(tmp_path, capsys, ["frobnicate"])
    assert "--case" in _run(tmp_path, capsys, ["validate", "--case", "no-such-case"])
