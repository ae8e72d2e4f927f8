"""Packaging: the closed forms need only the core dependencies; the citation names every paper."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]

BLOCK = """
import importlib.abc, sys
class _Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, _Block())
"""

OPTIONAL = ("xarray", "netCDF4", "pandas", "matplotlib", "rich", "dask", "distributed", "cvxpy", "clarabel",
            "numba", "shapely", "pyproj")


def test_closed_forms_and_engine_need_only_the_core():
    code = BLOCK.format(blocked=OPTIONAL) + """
import numpy as np
from isacnet.analysis import coop, nulling, power, deploy
from isacnet.simulate.engine import run_monte_carlo, MonteCarloSettings
est = run_monte_carlo(lambda rng, n: {"x": rng.exponential(size=n)}, seed=1,
                      settings=MonteCarloSettings(batch_size=1000, min_samples=1000, max_samples=1000))
print("ok", round(est["x"].mean, 1))
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.startswith("ok")


def test_missing_optional_dependency_is_one_line():
    code = BLOCK.format(blocked=("xarray",)) + """
from isacnet.cli import main
sys.exit(main(["reproduce", "coop-fig3", "--quick", "--out", sys.argv[1]]))
"""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        res = subprocess.run([sys.executable, "-c", code, tmp], capture_output=True, text=True)
        assert res.returncode == 2, res.stderr[-2000:]
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and "isacnet[cli]" in lines[0], lines
        assert not any(Path(tmp).iterdir())


def test_citation_cites_all_five_papers():
    text = (ROOT / "CITATION.cff").read_text()
    for key in ("coop (000)", "nulling (001)", "overview (002)", "power (003)", "deploy (004)"):
        assert f"paper key {key}" in text, key
