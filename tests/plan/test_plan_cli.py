"""``isacnet plan`` end to end: the files it writes and what is in them."""

import json

import numpy as np
import pytest

from isacnet.cli import main

from .conftest import write_tiny_plan


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny")
    plan = write_tiny_plan(root / "in")
    out = root / "out"
    rc = main(["plan", str(plan), "--out", str(out), "--k-added", "2", "--set", 'output.formats=["png"]',
               "--set", "targets.0.altitude=1.5", "--set", "sensing.coverage_threshold=10",
               "--set", "comm.rate_threshold_bits=5.55"])
    assert rc == 0
    return out / "tiny"


def test_files_are_written_as_one_folder(tiny_run):
    names = {p.name for p in tiny_run.iterdir()}
    assert {"maps.nc", "sites_planned.geojson", "before_after.csv", "summary.json", "report.html", "overview.png",
            "crlb_0.png", "coverage_0.png", "sites_0.png", "rate.png"} <= names
    assert not [p for p in tiny_run.parent.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_netcdf_is_cf_and_holds_the_maps(tiny_run):
    import xarray as xr

    from isacnet.plan import evaluate_plan, load_plan

    with xr.open_dataset(tiny_run / "maps.nc") as ds:
        ds = ds.load()
    assert ds.attrs["Conventions"] == "CF-1.8"
    assert ds["x"].attrs["standard_name"] == "projection_x_coordinate" and ds["x"].attrs["units"] == "m"
    assert ds["crlb"].attrs["units"] == "m2"
    assert ds["rate_exact"].attrs["units"] == "bit s-1 Hz-1"
    assert list(ds["stage"].values) == ["existing", "heights", "added"]
    assert ds["crlb"].dims == ("stage", "target_area", "y", "x")
    # the stored existing-layout CRLB is the evaluation of the plan (float32)
    plan = load_plan(tiny_run.parent.parent / "in" / "plan.toml",
                     ["targets.0.altitude=1.5", "sensing.coverage_threshold=10"])
    ev = evaluate_plan(plan)
    px = plan.inputs.target_pixels[0]
    stored = ds["crlb"].sel(stage="existing").isel(target_area=0).values.ravel()[px.index]
    np.testing.assert_allclose(stored, ev.targets[0].crlb, rtol=1e-6)
    full = ds["crlb"].isel(stage=0, target_area=0).values.ravel()
    assert np.all(np.isnan(full[np.setdiff1d(np.arange(full.size), px.index)]))  # missing outside the area


def test_geojson_and_summary(tiny_run):
    gj = json.loads((tiny_run / "sites_planned.geojson").read_text())
    assert gj["type"] == "FeatureCollection"
    statuses = [f["properties"]["status"] for f in gj["features"]]
    assert len(statuses) == 9 and statuses.count("added") == 2
    summary = json.loads((tiny_run / "summary.json").read_text())
    table = summary["table"]
    assert table[-1]["coverage"] > table[0]["coverage"]
    assert all(row["rate_requirement_met"] for row in table)
    html = (tiny_run / "report.html").read_text()
    assert "Before and after" in html and "Model check" in html and 'src="crlb_0.png"' in html


def test_rerun_replaces_the_folder(tiny_run, capsys):
    plan = tiny_run.parent.parent / "in" / "plan.toml"
    before = (tiny_run / "summary.json").read_text()
    rc = main(["plan", str(plan), "--out", str(tiny_run.parent), "--k-added", "0", "--set", 'output.formats=["png"]',
               "--set", "model_check.enabled=false"])
    assert rc == 0
    after = json.loads((tiny_run / "summary.json").read_text())
    assert after != json.loads(before) and "model_check" not in after
    assert "coverage" in capsys.readouterr().out
