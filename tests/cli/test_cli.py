"""End-to-end CLI: run with a sweep, reproduce, list, validate, version."""

import subprocess
import sys

import numpy as np
import xarray as xr

from isacnet import __version__
from isacnet.cli import main

SCENARIO = """
experiment = "coop.gdop"
seed = 9
[params]
cluster_size_sense = [4, 8]
[monte_carlo]
batch_size = 5000
min_samples = 5000
max_samples = 20000
target_rel_ci = 0.0
"""


def test_version(capsys):
    proc = subprocess.run([sys.executable, "-m", "isacnet", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == f"isacnet {__version__}"


def test_run_swept_scenario(tmp_path, capsys):
    f = tmp_path / "s.toml"
    f.write_text(SCENARIO)
    out = tmp_path / "out"
    assert main(["run", str(f), "--out", str(out), "--scheduler", "serial", "--set", "cluster_size_sense=[4,6,8]"]) == 0
    for ext in ("nc", "csv", "png", "pdf"):
        assert (out / "s" / f"s.{ext}").exists()
    with xr.open_dataset(out / "s" / "s.nc") as ds:  # one CF variable per series, with units
        assert list(ds["cluster_size_sense"].values) == [4, 6, 8]
        assert np.all(ds["mc_median_n_samples"] == 20000)
        assert ds["mc_median"].attrs["units"] == "1"  # the GDoP is a pure number
    assert "computed" in capsys.readouterr().out
    assert main(["run", str(f), "--out", str(out), "--scheduler", "serial", "--set", "cluster_size_sense=[4,6,8]"]) == 0
    assert "reused" in capsys.readouterr().out


def test_reproduce_list_marks_status(capsys):
    assert main(["reproduce", "--list"]) == 0
    text = capsys.readouterr().out
    assert "coop-fig3       implemented" in text
    for fid in ("nulling-fig12", "power-fig2c", "deploy-fig11", "overview-fig4"):
        assert fid in text


def test_scenarios_lists_builtins(capsys):
    assert main(["scenarios"]) == 0
    assert "coop-fig3" in capsys.readouterr().out


def test_validate_one_case(capsys):
    assert main(["validate", "--quick", "--case", "gdop_numerator[N=4]"]) == 0
    assert "1 passed, 0 failed" in capsys.readouterr().out


TRADEOFF = """
experiment = "coop.tradeoff"
[params]
root_crlb_ratio = 1.5
num_power = 5
max_cluster_comm = 4
"""


def test_run_profile_flag_selects_and_records_the_profile(tmp_path, capsys):
    f = tmp_path / "t.toml"
    f.write_text(TRADEOFF)
    for profile, e in (("spec", 0.25), ("paper", None)):
        out = tmp_path / profile
        argv = ["run", str(f), "--out", str(out), "--scheduler", "serial"]
        assert main(argv + (["--profile", profile] if profile == "spec" else [])) == 0
        with xr.open_dataset(out / "t" / "t.nc") as ds:
            assert ds.attrs["profile"] == profile
            got = __import__("json").loads(ds.attrs["scenario"])["params"]["backhaul_per_bs_bits"]
            assert got == e if e is not None else got != 0.25
    capsys.readouterr()


def test_profile_flag_rejects_unknown_names(tmp_path, capsys):
    f = tmp_path / "t.toml"
    f.write_text(TRADEOFF)
    assert main(["run", str(f), "--out", str(tmp_path / "o"), "--profile", "fancy"]) == 2
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(err) == 1 and err[0].startswith("isacnet: error: ") and "profile" in err[0]
