"""``isacnet plan`` bad input (issue #14, item 7): one line ``isacnet: error: ...``, exit 2, no traceback,
nothing written. Each case starts from the valid tiny plan of ``conftest.py`` and breaks one thing."""

import re

import numpy as np
import pytest

from isacnet.cli import main

from .conftest import PLAN, SITES, areas_geojson, feature, rect, sites_csv, write_tiny_plan


def bow_tie():
    return {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "local"}}, "features": [
        feature("town", [rect(0, 0, 1200, 1000)]),
        feature("field", [[[100, 150], [1100, 850], [1100, 150], [100, 850], [100, 150]]]),
    ]}


def with_feature(name, rings, **props):
    a = areas_geojson()
    a["features"] = [f for f in a["features"] if f["properties"]["name"] != name] + [feature(name, rings, **props)]
    return a


def density_raster(values):
    """A netCDF raster over the tiny town with the given value pattern (local x, y)."""
    import xarray as xr

    x = np.linspace(-100, 1300, 15)
    y = np.linspace(-100, 1100, 13)
    ds = xr.Dataset({"density": (("y", "x"), np.broadcast_to(values, (13, 15)).astype(float))}, coords={"x": x, "y": y})
    return bytes(ds.to_netcdf())


CASES = {
    # invalid GeoJSON
    "geojson-not-json": (dict(areas="{not json"), "targets.0.file", "not JSON"),
    "geojson-unknown-type": (dict(areas={"type": "Foo"}), "targets.0.file", "unknown type"),
    "geojson-bad-coordinates": (dict(areas=with_feature("field", [[[0, 0], [1, 1]]])), "targets.0.file",
                                "invalid GeoJSON"),
    "geojson-not-polygon": (dict(areas={"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "field"}, "geometry": {"type": "Point", "coordinates": [1, 2]}}]}),
        "targets.0.file", "not a polygon"),
    # self-intersecting polygons
    "self-intersecting": (dict(areas=bow_tie()), "targets.0.file", "Self-intersection"),
    # empty areas
    "empty-collection": (dict(river={"type": "FeatureCollection", "features": []}), "constraints.forbidden.0.file",
                         "empty"),
    "area-smaller-than-pixel": (dict(areas=with_feature("field", [rect(300, 300, 310, 310)])), "targets.0.file",
                                "no pixel"),
    "zero-area-polygon": (dict(areas=with_feature("field", [[[0, 0], [100, 0], [200, 0], [0, 0]]])),
                          "targets.0.file", "is not valid"),
    "unknown-feature": (dict(plan=PLAN.replace('features = ["field"]', 'features = ["fields"]')),
                        "targets.0.features", "no polygon named"),
    # sites outside every area, duplicates, missing columns
    "site-outside": (dict(sites=sites_csv([*SITES, ("Z", 9000.0, 9000.0, 30.0)])), "sites.file",
                     "outside every area"),
    "duplicate-id": (dict(sites=sites_csv([*SITES, ("A", 500.0, 700.0, 30.0)])), "sites.file", "duplicate site id"),
    "duplicate-position": (dict(sites=sites_csv([*SITES, ("Z", 150.0, 120.0, 25.0)])), "sites.file",
                           "duplicate sites"),
    "missing-height": (dict(sites="id,x,y\nA,1,2\nB,300,400\n"), "sites.file", "missing column 'height'"),
    "missing-coordinates": (dict(sites="id,x,height\nA,1,20\n"), "sites.file", "missing column"),
    "celltowers-without-height": (dict(sites="radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,"
                                       "updated,averageSignal\nLTE,262,1,100,1,0,10.0,51.0,1000,5,1,0,0,0\n"),
                                  "sites.file", "no antenna heights"),
    # mixed or unknown CRS
    "mixed-crs-frames": (dict(areas=areas_geojson(crs=None)), "sites.crs", "mixed CRS"),
    "mixed-crs-columns": (dict(sites="id,x,y,lon,lat,height\nA,1,2,10.0,51.0,20\n"), "sites.file", "mixed CRS"),
    "mixed-crs-features": (dict(areas={"type": "FeatureCollection", "features": [
        dict(feature("town", [rect(0, 0, 1200, 1000)]), crs={"type": "name", "properties": {"name": "EPSG:32632"}}),
        dict(feature("field", [rect(100, 150, 1100, 850)]), crs={"type": "name", "properties": {"name": "EPSG:4326"}}),
    ]}), "targets.0.file", "mixed CRS"),
    "unknown-crs": (dict(plan=PLAN.replace('file = "sites.csv"', 'file = "sites.csv"\ncrs = "EPSG:99999"')),
                    "sites.crs", "unknown CRS"),
    "metres-as-lonlat": (dict(sites="id,lon,lat,height\nA,150,120,25\nB,620,80,30\n", areas=areas_geojson(crs=None),
                              plan=PLAN.replace('forbidden = [{ file = "river.geojson" }]\n', "")), "sites.file",
                         "outside longitude/latitude range"),
    # non-positive heights or densities
    "zero-height": (dict(sites=sites_csv([*SITES[:-1], ("G", 430.0, 330.0, 0.0)])), "sites.file", "height must be > 0"),
    "negative-height": (dict(sites=sites_csv([*SITES[:-1], ("G", 430.0, 330.0, -5.0)])), "sites.file",
                        "height must be > 0"),
    "negative-feature-density": (dict(areas=with_feature("field", [rect(100, 150, 1100, 850)], density=-1.0)),
                                 "targets.0.file", "density must be > 0"),
    "zero-area-density": (dict(plan=PLAN.replace("altitude = 60.0", "altitude = 60.0\ndensity = 0.0")),
                          "targets.0.density", "must be > 0"),
    "negative-raster-density": (dict(plan=PLAN.replace("altitude = 60.0", 'altitude = 60.0\ndensity_file = "d.nc"'),
                                     extra_files={"d.nc": "NEGATIVE"}), "targets.0.density_file", "negative"),
    "zero-raster-density": (dict(plan=PLAN.replace("altitude = 60.0", 'altitude = 60.0\ndensity_file = "d.nc"'),
                                 extra_files={"d.nc": "ZERO"}), "targets.0.density_file", "zero over the whole"),
    "negative-default-height": (dict(plan=PLAN.replace('file = "sites.csv"',
                                                       'file = "sites.csv"\ndefault_height = -3.0')),
                                "sites.default_height", "must be > 0"),
    # gamma <= 0
    "gamma-zero": (dict(args=["--set", "sensing.coverage_threshold=0"]), "sensing.coverage_threshold", "> 0"),
    "gamma-negative": (dict(args=["--set", "sensing.coverage_threshold=-0.1"]), "sensing.coverage_threshold", "> 0"),
    # infeasible rate requirement: the message carries the best rate achievable
    "rate-infeasible": (dict(args=["--set", "comm.rate_threshold_bits=30"]), "comm.rate_threshold_bits",
                        "best mean-gain area rate found"),
    "rate-infeasible-no-freedom": (dict(args=["--set", "comm.rate_threshold_bits=30", "--set", "improve.heights=false",
                                              "--k-added", "0"]), "comm.rate_threshold_bits", "the existing layout"),
    # other plan fields
    "negative-k": (dict(args=["--k-added", "-1"]), "improve.num_added_sites", ">= 0"),
    "unknown-key": (dict(args=["--set", "sensing.gama=1"]), "sensing.gama", "unknown key"),
    "unknown-fixed-site": (dict(args=["--set", 'constraints.fixed_sites=["nope"]']), "constraints.fixed_sites",
                           "unknown site id"),
    "height-range": (dict(args=["--set", "constraints.height_max=5"]), "constraints.height_max", "height_min"),
    "missing-file": (dict(plan=PLAN.replace('file = "river.geojson"', 'file = "nope.geojson"')),
                     "constraints.forbidden.0.file", "no such file"),
    "grid-too-fine": (dict(args=["--set", "grid.resolution=0.5"]), "grid.resolution", "pixels"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_one_line_exit_2_nothing_written(case, tmp_path, capsys):
    edits, field, words = CASES[case]
    edits = dict(edits)
    args = edits.pop("args", [])
    extra = edits.pop("extra_files", None)
    if extra:
        extra = {name: density_raster({"NEGATIVE": -1.0, "ZERO": 0.0}[v]) for name, v in extra.items()}
    plan = write_tiny_plan(tmp_path / "in", extra_files=extra, **edits)
    out = tmp_path / "out"
    rc = main(["plan", str(plan), "--out", str(out), *args])
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert rc == 2, (case, err)
    assert len(err.splitlines()) == 1, err
    assert err.startswith("isacnet: error: "), err
    assert "Traceback" not in captured.err + captured.out
    assert field in err, err
    assert words in err, err
    assert not out.exists() or not any(out.iterdir()), f"{case} wrote {list(out.iterdir())}"


def test_infeasible_rate_states_the_best_rate(tmp_path, capsys):
    """The error names a number below the requirement (the best rate found), and the current rate."""
    plan = write_tiny_plan(tmp_path / "in")
    rc = main(["plan", str(plan), "--out", str(tmp_path / "out"), "--set", "comm.rate_threshold_bits=30"])
    err = capsys.readouterr().err
    assert rc == 2
    best, now = map(float, re.search(r"is ([0-9.]+) bits/s/Hz \(now ([0-9.]+)\)", err).groups())
    assert now <= best < 30.0


def test_every_issue_item_7_case_is_covered():
    """Issue #14 item 7 lists these inputs; each has at least one case above."""
    needed = {"geojson": "invalid GeoJSON", "self-intersecting": "self-intersecting", "empty": "empty areas",
              "site-outside": "sites outside", "duplicate": "duplicates", "missing": "missing columns",
              "mixed-crs": "mixed CRS", "unknown-crs": "unknown CRS", "height": "non-positive heights",
              "density": "non-positive densities", "gamma": "gamma <= 0", "rate-infeasible": "infeasible rate"}
    for prefix in needed:
        assert any(prefix in c for c in CASES), needed[prefix]

