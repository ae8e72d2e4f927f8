"""A small plan (7 sites over 1.2 km x 1 km, local metric frame) written into a temporary folder.

``tiny_plan(tmp_path, **edits)`` writes ``sites.csv``, ``areas.geojson``, ``river.geojson`` and
``plan.toml`` and returns the TOML path; ``edits`` replace whole files or plan tables so that every
bad-input test starts from a valid plan and breaks one thing.
"""

import json
from pathlib import Path

import pytest

SITES = [  # id, x, y, height [m]
    ("A", 150.0, 120.0, 25.0),
    ("B", 620.0, 80.0, 30.0),
    ("C", 1080.0, 180.0, 22.0),
    ("D", 260.0, 880.0, 35.0),
    ("E", 700.0, 930.0, 28.0),
    ("F", 1120.0, 760.0, 24.0),
    ("G", 430.0, 330.0, 33.0),
]

LOCAL_CRS = {"type": "name", "properties": {"name": "local"}}


def rect(x0, y0, x1, y1):
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def feature(name, rings, **props):
    return {"type": "Feature", "properties": {"name": name, **props}, "geometry": {"type": "Polygon",
                                                                                  "coordinates": rings}}


def areas_geojson(crs=LOCAL_CRS):
    out = {"type": "FeatureCollection", "features": [
        feature("town", [rect(0, 0, 1200, 1000)], density=1.0),
        feature("field", [rect(100, 150, 1100, 850), rect(500, 400, 700, 600)[::-1]]),  # with a hole
    ]}
    if crs is not None:
        out["crs"] = crs
    return out


def river_geojson(crs=LOCAL_CRS):
    out = {"type": "FeatureCollection", "features": [feature("river", [rect(-50, 480, 1250, 540)])]}
    if crs is not None:
        out["crs"] = crs
    return out


def sites_csv(rows=SITES, header="id,x,y,height"):
    return header + "\n" + "".join(f"{r[0]},{r[1]},{r[2]},{r[3]}\n" for r in rows)


PLAN = """name = "tiny"
seed = 3

[sites]
file = "sites.csv"

[[targets]]
name = "field"
file = "areas.geojson"
features = ["field"]
altitude = 60.0

[users]
name = "town"
file = "areas.geojson"
features = ["town"]

[constraints]
forbidden = [{ file = "river.geojson" }]
height_min = 10.0
height_max = 50.0
min_site_spacing = 50.0

[grid]
resolution = 50.0

[sensing]
coverage_threshold = 0.5
max_range = 1500.0
gain_draws = 16

[comm]
rate_threshold_bits = 4.0

[improve]
heights = true
num_added_sites = 1
max_sweeps = 6
target_samples = 150
greedy_samples = 300
max_candidates = 300
passes = 1

[model_check]
num_realisations = 8
num_pixels = 200
num_plane_drops = 20000
"""


def write_tiny_plan(folder: Path, *, sites=None, areas=None, river=None, plan=None, extra_files=None) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sites.csv").write_text(sites if sites is not None else sites_csv())
    for name, obj, default in (("areas.geojson", areas, areas_geojson), ("river.geojson", river, river_geojson)):
        text = obj if isinstance(obj, str) else json.dumps(obj if obj is not None else default())
        (folder / name).write_text(text)
    for name, content in (extra_files or {}).items():
        p = folder / name
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content)
    path = folder / "plan.toml"
    path.write_text(plan if plan is not None else PLAN)
    return path


@pytest.fixture
def tiny_plan(tmp_path):
    """Path of a valid tiny plan in ``tmp_path/in``."""
    return write_tiny_plan(tmp_path / "in")
