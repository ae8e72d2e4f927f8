"""The example town: reproducible from its generator; ``isacnet plan examples/town.toml`` runs end to end
and improves the coverage at γ within the rate requirement (``docs/examples/plan_a_town.py`` runs in
``tests/examples``)."""

import csv
import json
from pathlib import Path

import numpy as np
from shapely.geometry import shape

from isacnet.cli import main
from isacnet.plan.data import make_town

ROOT = Path(__file__).resolve().parents[2]
TOWN = ROOT / "src" / "isacnet" / "plan" / "data" / "town"


def test_committed_town_is_what_the_generator_writes(tmp_path):
    make_town.write(tmp_path)
    new = list(csv.DictReader((tmp_path / "sites.csv").open()))
    old = list(csv.DictReader((TOWN / "sites.csv").open()))
    assert [r["id"] for r in new] == [r["id"] for r in old] and len(old) == 40
    for a, b in zip(new, old):
        assert {k: v for k, v in a.items() if k not in ("lon", "lat")} == {k: v for k, v in b.items()
                                                                          if k not in ("lon", "lat")}
        np.testing.assert_allclose([float(a["lon"]), float(a["lat"])], [float(b["lon"]), float(b["lat"])], atol=2e-7)
    for name in ("areas.geojson", "river.geojson"):
        a, b = json.loads((tmp_path / name).read_text()), json.loads((TOWN / name).read_text())
        assert "GENERATED" in b["description"]
        assert [f["properties"] for f in a["features"]] == [f["properties"] for f in b["features"]]
        for fa, fb in zip(a["features"], b["features"]):  # same vertices to 2e-7 deg (2 cm)
            assert shape(fa["geometry"]).equals_exact(shape(fb["geometry"]), tolerance=2e-7)


def _check_improves(table):
    coverage = [row["coverage"] for row in table]
    assert coverage[1] > coverage[0] and coverage[2] > coverage[1]  # heights, then + new sites
    assert all(row["rate_requirement_met"] for row in table)


def test_isacnet_plan_examples_town(tmp_path):
    rc = main(["plan", str(ROOT / "examples" / "town.toml"), "--out", str(tmp_path), "--set", "grid.resolution=50",
               "--set", 'output.formats=["png"]', "--set", "model_check.num_realisations=10"])
    assert rc == 0
    out = tmp_path / "town"
    assert {"maps.nc", "sites_planned.geojson", "report.html", "overview.png", "crlb_0.png", "crlb_1.png",
            "rate.png"} <= {p.name for p in out.iterdir()}
    summary = json.loads((out / "summary.json").read_text())
    _check_improves(summary["table"])
    gj = json.loads((out / "sites_planned.geojson").read_text())
    lon = [f["geometry"]["coordinates"][0] for f in gj["features"]]
    assert all(9.9 < x < 10.1 for x in lon)  # RFC 7946 lon/lat

