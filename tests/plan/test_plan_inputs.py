"""Plan inputs: CSV/cell-tower/GeoJSON sites, projections, polygons with holes, densities, overrides."""

import json
import math

import numpy as np
import pytest

from isacnet.errors import InputError
from isacnet.plan import load_plan

from .conftest import PLAN, SITES, areas_geojson, feature, rect, river_geojson, write_tiny_plan

LON0, LAT0 = 10.0, 51.0


def _utm32():
    from pyproj import CRS, Transformer

    return Transformer.from_crs(CRS.from_epsg(4326), CRS.from_epsg(32632), always_xy=True)


def _geo_plan(folder, sites_text, areas, river, plan=PLAN):
    return write_tiny_plan(folder, sites=sites_text, areas=areas, river=river, plan=plan)


def _lonlat_of_local(x, y):
    """lon/lat of local metres about (LON0, LAT0) by an azimuthal equidistant projection (independent of the
    planner's transverse Mercator: the two agree to centimetres within a few km)."""
    from pyproj import CRS, Transformer

    aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={LAT0} +lon_0={LON0} +ellps=WGS84 +units=m")
    return Transformer.from_crs(aeqd, CRS.from_epsg(4326), always_xy=True).transform(x, y)


def _geo_inputs(folder):
    """The tiny plan in lon/lat (sites CSV, GeoJSON without crs member)."""
    rows = []
    for sid, x, y, h in SITES:
        lon, lat = _lonlat_of_local(x, y)
        rows.append(f"{sid},{lon:.9f},{lat:.9f},{h}")
    sites = "id,lon,lat,height\n" + "\n".join(rows) + "\n"

    def to_ll(obj):
        obj = json.loads(json.dumps(obj))
        obj.pop("crs", None)
        for f in obj["features"]:
            f["geometry"]["coordinates"] = [[list(_lonlat_of_local(*p)) for p in ring]
                                            for ring in f["geometry"]["coordinates"]]
        return obj

    return sites, to_ll(areas_geojson()), to_ll(river_geojson())


def test_local_plan_reads_sites_areas_and_holes(tiny_plan):
    plan = load_plan(tiny_plan)
    inp = plan.inputs
    assert inp.sites.ids == tuple(s[0] for s in SITES)
    np.testing.assert_array_equal(inp.sites.position, np.array([s[1:] for s in SITES]))
    assert not inp.frame.georeferenced
    field = inp.target_pixels[0]
    # 50 m pixels: the field [100, 1100] x [150, 850] has 20 x 14 centres, the hole [500, 700] x [400, 600] 4 x 4
    assert len(field) == 20 * 14 - 4 * 4
    x, y = field.points[:, 0], field.points[:, 1]
    assert not np.any((x > 500) & (x < 700) & (y > 400) & (y < 600))
    np.testing.assert_allclose(field.points[:, 2], 60.0)
    np.testing.assert_allclose(field.weights.sum(), 1.0)
    assert len(inp.user_pixels) == 24 * 20
    # new sites: the user area minus the river
    import shapely

    assert not shapely.contains_xy(inp.siting, 600.0, 500.0)
    assert shapely.contains_xy(inp.siting, 600.0, 300.0)


def test_lonlat_inputs_project_to_the_same_metric_layout(tmp_path):
    """Sites and polygons given in lon/lat land where the local plan has them (up to a rigid shift: the
    planner centres its frame on the data); distances agree with the geodesic to 1e-4."""
    sites, areas, river = _geo_inputs(tmp_path)
    plan = load_plan(_geo_plan(tmp_path / "geo", sites, areas, river))
    local = load_plan(write_tiny_plan(tmp_path / "local"))
    assert plan.inputs.frame.georeferenced
    p_geo, p_loc = plan.inputs.sites.position, local.inputs.sites.position
    d_geo = np.linalg.norm(p_geo[:, None, :2] - p_geo[None, :, :2], axis=-1)
    d_loc = np.linalg.norm(p_loc[:, None, :2] - p_loc[None, :, :2], axis=-1)
    np.testing.assert_allclose(d_geo, d_loc, rtol=1e-4, atol=0.05)
    from pyproj import Geod

    lon, lat = plan.inputs.frame.to_lonlat(p_geo[:, 0], p_geo[:, 1])
    _, _, dist = Geod(ellps="WGS84").inv(lon[0], lat[0], lon[1], lat[1])
    assert dist == pytest.approx(d_geo[0, 1], rel=1e-4)
    assert len(plan.inputs.target_pixels[0]) == pytest.approx(len(local.inputs.target_pixels[0]), abs=12)


def test_projected_crs_member_and_lonlat_agree(tmp_path):
    """The same town given in UTM 32N (legacy GeoJSON crs member, sites.crs) and in lon/lat gives the same
    site positions in the plan frame."""
    sites, areas, river = _geo_inputs(tmp_path)
    tr = _utm32()
    rows = [r.split(",") for r in sites.strip().splitlines()[1:]]
    utm_rows = []
    for sid, lon, lat, h in rows:
        x, y = tr.transform(float(lon), float(lat))
        utm_rows.append(f"{sid},{x:.4f},{y:.4f},{h}")
    utm_sites = "id,x,y,height\n" + "\n".join(utm_rows) + "\n"

    def to_utm(obj):
        obj = json.loads(json.dumps(obj))
        obj["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32632"}}
        for f in obj["features"]:
            rings = f["geometry"]["coordinates"]
            f["geometry"]["coordinates"] = [[list(tr.transform(*p)) for p in ring] for ring in rings]
        return obj

    plan_utm = load_plan(_geo_plan(tmp_path / "utm", utm_sites, to_utm(areas), to_utm(river),
                                   PLAN.replace('file = "sites.csv"', 'file = "sites.csv"\ncrs = "EPSG:32632"')))
    plan_ll = load_plan(_geo_plan(tmp_path / "ll", sites, areas, river))
    np.testing.assert_allclose(plan_utm.inputs.sites.position, plan_ll.inputs.sites.position, atol=0.01)


def test_cell_tower_export_merges_cells_of_one_mast(tmp_path):
    """The public cell-tower export (header or not): cells at one position are one site; heights come from
    sites.default_height."""
    sites, areas, river = _geo_inputs(tmp_path)
    rows = [r.split(",") for r in sites.strip().splitlines()[1:]]
    lines = []
    for i, (_, lon, lat, _) in enumerate(rows):
        for sector in range(3 if i % 2 == 0 else 1):  # sectors of one mast share the position
            lines.append(f"LTE,262,2,{100 + i},{i * 256 + sector},0,{lon},{lat},1500,12,1,1600000000,1700000000,-90")
    header = "radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\n"
    plan_text = PLAN.replace('file = "sites.csv"', 'file = "sites.csv"\ndefault_height = 28.0')
    for text in (header + "\n".join(lines) + "\n", "\n".join(lines) + "\n"):
        plan = load_plan(_geo_plan(tmp_path / f"ct{len(text)}", text, areas, river, plan_text))
        assert len(plan.inputs.sites) == len(SITES)
        np.testing.assert_allclose(plan.inputs.sites.position[:, 2], 28.0)
        assert plan.inputs.sites.ids[0].startswith("LTE:262-2-100-0")


def test_geojson_point_sites_with_per_site_radio(tmp_path):
    feats = [{"type": "Feature", "properties": {"id": sid, "height": h, "num_tx_antennas": 8, "power_total": 2.0,
                                                "bandwidth": 100e6, "max_height": h + 5, "fixed": sid == "A"},
              "geometry": {"type": "Point", "coordinates": [x, y]}} for sid, x, y, h in SITES]
    pts = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "local"}}, "features": feats}
    plan_text = PLAN.replace('file = "sites.csv"', 'file = "sites.geojson"')
    plan = load_plan(write_tiny_plan(tmp_path / "gj", plan=plan_text, extra_files={"sites.geojson": json.dumps(pts)}))
    s = plan.inputs.sites
    assert s.ids == tuple(x[0] for x in SITES)
    np.testing.assert_array_equal(s.num_tx_antennas, 8)
    np.testing.assert_array_equal(s.num_rx_antennas, 5)  # the plan default
    np.testing.assert_allclose(s.power_total, 2.0)
    np.testing.assert_allclose(s.max_height, s.position[:, 2] + 5)
    assert s.fixed.tolist() == [True] + [False] * 6


def test_per_feature_and_raster_densities(tmp_path):
    """Per-feature density properties weight the pixels; a netCDF raster is interpolated bilinearly."""
    areas = areas_geojson()
    areas["features"][0] = feature("town", [rect(0, 0, 600, 1000)], density=3.0)
    areas["features"].append(feature("east", [rect(600, 0, 1200, 1000)], density=1.0))
    plan_text = PLAN.replace('features = ["town"]', 'features = ["town", "east"]')
    plan = load_plan(write_tiny_plan(tmp_path / "d", areas=areas, plan=plan_text))
    up = plan.inputs.user_pixels
    west = up.points[:, 0] < 600
    np.testing.assert_allclose(up.weights[west] / up.weights[~west].max(), 3.0)

    import xarray as xr

    x = np.linspace(-100, 1300, 8)
    y = np.linspace(-100, 1100, 7)
    ramp = np.broadcast_to(1.0 + x / 1000.0, (7, 8))  # linear in x: bilinear interpolation is exact
    xr.Dataset({"pop": (("y", "x"), ramp)}, coords={"x": x, "y": y}).to_netcdf(tmp_path / "pop.nc")
    plan_text = PLAN.replace('[users]\nname = "town"', f'[users]\nname = "town"\ndensity_file = "{tmp_path}/pop.nc"')
    plan = load_plan(write_tiny_plan(tmp_path / "r", plan=plan_text))
    up = plan.inputs.user_pixels
    expected = 1.0 + up.points[:, 0] / 1000.0
    np.testing.assert_allclose(up.weights, expected / expected.sum(), rtol=1e-12)


def test_raster_must_cover_the_area(tmp_path):
    import xarray as xr

    x = np.linspace(0, 500, 6)
    y = np.linspace(0, 500, 6)
    xr.Dataset({"pop": (("y", "x"), np.ones((6, 6)))}, coords={"x": x, "y": y}).to_netcdf(tmp_path / "pop.nc")
    plan_text = PLAN.replace('[users]\nname = "town"', f'[users]\nname = "town"\ndensity_file = "{tmp_path}/pop.nc"')
    with pytest.raises(InputError, match="does not cover"):
        load_plan(write_tiny_plan(tmp_path / "r", plan=plan_text))


def test_overrides_and_dict_plans(tiny_plan):
    import tomllib

    plan = load_plan(tiny_plan, overrides=["targets.0.altitude=120", "sensing.coverage_threshold=0.25"])
    np.testing.assert_allclose(plan.inputs.target_pixels[0].points[:, 2], 120.0)
    assert plan.config.sensing.coverage_threshold == 0.25
    raw = tomllib.loads(tiny_plan.read_text())
    from_dict = load_plan(raw, base_dir=tiny_plan.parent)
    assert from_dict.config == load_plan(tiny_plan).config
    with pytest.raises(InputError, match=r"targets\.3"):
        load_plan(tiny_plan, overrides=["targets.3.altitude=1"])


def test_builtin_town_loads():
    plan = load_plan("town", overrides=["grid.resolution=50"])
    assert len(plan.inputs.sites) == 40
    assert [a.altitude for a in plan.inputs.targets] == [80.0, 1.5]
    assert plan.inputs.frame.georeferenced
    assert math.isclose(plan.inputs.frame.lat0, 51.0, abs_tol=0.05)
    assert not plan.inputs.forbidden.is_empty
    market = plan.inputs.targets[1].geometry  # the market square has a building block as a hole
    assert any(len(p.interiors) for p in getattr(market, "geoms", [market]))


def test_importing_the_api_loads_no_heavy_library():
    """``import isacnet.plan`` (the notebook API) loads neither matplotlib nor xarray, nor shapely/pyproj."""
    import subprocess
    import sys

    code = ("import sys, isacnet.plan; print(sorted(m for m in ('matplotlib', 'xarray', 'shapely', 'pyproj') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
