"""Every script in docs/examples/ runs to the end (in a fresh interpreter, from a temporary folder)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).parents[2] / "docs" / "examples").glob("*.py"))


def test_there_are_examples_for_every_paper():
    keys = {p.stem.split("_")[0] for p in EXAMPLES}
    assert {"coop", "nulling", "power", "deploy"} <= keys, f"examples found for {sorted(keys)}"


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(script, tmp_path):
    env = {**os.environ, "MPLBACKEND": "Agg"}
    res = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, env=env,
                         timeout=300)
    assert res.returncode == 0, f"{script.name} failed:\n{res.stderr[-3000:]}"
