"""Runner and store: datasets, tidy CSV, atomic writes, cache reuse, resume after interruption."""

import json

import numpy as np
import pytest
from pydantic import Field

from isacnet.pipeline import run_scenario
from isacnet.registry import Experiment, Series, register_experiment
from isacnet.runner import compute_dataset
from isacnet.scenario import ParamsModel, load_scenario
from isacnet.store import atomic_write

CALLS = {"analytic": 0}


class _Params(ParamsModel):
    x: float = Field(1.0, gt=0)
    y: int = Field(1, ge=1)


def _analytic(p):
    CALLS["analytic"] += 1
    return {"exact": p.x * p.y}


def _trial(p, rng, size):
    return {"s": p.x * rng.uniform(0, 2 * p.y, size)}


register_experiment(
    Experiment(
        id="test.toy",
        params=_Params,
        series=(Series("exact", "x y"), Series("mc", "MC of x U(0, 2y)", kind="mc", source="s")),
        analytic=_analytic,
        trial=_trial,
    )
)

SCN = {"experiment": "test.toy", "seed": 3, "params": {"x": [1.0, 2.0, 4.0], "y": [1, 3]},
       "monte_carlo": {"batch_size": 1000, "min_samples": 2000, "max_samples": 4000, "target_rel_ci": 0}}


def test_dataset_layout_and_values(serial):
    ds = compute_dataset(load_scenario(SCN), serial)
    assert ds["value"].dims == ("series", "x", "y")
    np.testing.assert_allclose(ds["value"].sel(series="exact").values, np.outer([1, 2, 4], [1, 3]))
    mc = ds.sel(series="mc")
    assert np.all(mc["n_samples"] == 4000)
    assert np.all(np.abs(mc["value"] - ds["value"].sel(series="exact")) <= 4 * mc["std_error"])
    for key in ("scenario", "seed", "isacnet_version", "git_commit", "cache_key", "wall_time_s"):
        assert key in ds.attrs
    assert json.loads(ds.attrs["scenario"])["experiment"] == "test.toy"


def test_files_cache_and_csv(tmp_path, serial):
    scn = load_scenario(SCN)
    out = run_scenario(scn, tmp_path, "toy", executor=serial)
    assert not out.reused and out.files["netcdf"].exists()
    lines = out.files["csv"].read_text().splitlines()
    assert lines[0] == "x,y,series,value,ci_low,ci_high,n_samples,series_label,units"
    assert len(lines) == 1 + 2 * 6
    again = run_scenario(scn, tmp_path, "toy", executor=serial)
    assert again.reused
    other = run_scenario(load_scenario(SCN, overrides=["seed=4"]), tmp_path, "toy", executor=serial)
    assert not other.reused and other.dataset.attrs["seed"] == 4


def test_interrupted_sweep_resumes_without_recomputing(tmp_path, serial):
    scn = load_scenario({**SCN, "params": {"x": [1.0, 2.0, 3.0, 5.0], "y": 2}})
    CALLS["analytic"] = 0
    seen = {"n": 0}

    def interrupt(advance, total):
        seen["n"] += advance
        if seen["n"] >= 2 * 5:  # two points (1 analysis + 4 batches each) done
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        compute_dataset(scn, serial, cache_dir=tmp_path, progress=interrupt)
    done_before = len(list(tmp_path.glob("*.json")))
    assert done_before >= 1 and done_before < 4
    calls_before = CALLS["analytic"]
    ds = compute_dataset(scn, serial, cache_dir=tmp_path)
    assert CALLS["analytic"] - calls_before == 4 - done_before  # finished points were not redone
    fresh = compute_dataset(scn, serial)
    np.testing.assert_array_equal(ds["value"].values, fresh["value"].values)


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    def broken(p):
        p.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(tmp_path / "r.nc", broken)
    assert list(tmp_path.iterdir()) == []


def test_input_error_survives_pickling():
    import pickle

    from isacnet.errors import InputError

    err = pickle.loads(pickle.dumps(InputError("params.x", "must be > 0, got -1")))
    assert err.field == "params.x" and str(err) == "params.x: must be > 0, got -1"
