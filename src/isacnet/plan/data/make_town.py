"""Generate the example town of ``isacnet plan`` (a **generated** layout, not a real place).

The town is drawn from a fixed seed so that the committed files are reproducible::

    python -m isacnet.plan.data.make_town            # rewrites src/isacnet/plan/data/town/

What it draws (local metres, then lon/lat about 51.0°N 10.0°E, a position chosen only to
exercise the projection; nothing at that place is modelled):

* a town boundary of about 6.5 km² (a smooth random star-shaped outline);
* a meandering river, 90 m wide, across the town: the forbidden zone for new sites;
* the user area = town minus river minus a lake (a hole), in two density classes: the old town
  (density 3) and the suburbs (density 1, with holes where the old town and the lake are);
* two target areas at different altitudes: a drone corridor 80 m above the river and the
  market square at 1.5 m (ground vehicles) with a building block as a hole;
* 40 sites with irregular spacing: an inhomogeneous Poisson intensity (denser in the centre)
  thinned by sequential inhibition (no two sites closer than 130 m), none in the river; rooftop
  sites in the centre (18–32 m, a cap 6–15 m above), masts outside (25–45 m, cap 55 m);
  8 small cells (2 transmit antennas, 0.25 W, 100 MHz); 3 fixed (listed buildings).
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np

SEED = 20_240_614
LON0, LAT0 = 10.0, 51.0
NUM_SITES = 40
HERE = Path(__file__).resolve().parent / "town"
NOTE = ("GENERATED example town of isacnet (isacnet.plan.data.make_town, seed {seed}): not a real place; "
        "the coordinates only exercise the projection")


def _star(rng, centre, rx, ry, num=96, terms=5, amp=0.16):
    t = np.linspace(0, 2 * np.pi, num, endpoint=False)
    r = np.ones_like(t)
    for k in range(2, 2 + terms):
        r += amp / (k - 1) * rng.uniform(0.5, 1.0) * np.cos(k * t + rng.uniform(0, 2 * np.pi))
    return np.column_stack([centre[0] + rx * r * np.cos(t), centre[1] + ry * r * np.sin(t)])


def _ellipse(centre, rx, ry, angle=0.0, num=48):
    t = np.linspace(0, 2 * np.pi, num, endpoint=False)
    x, y = rx * np.cos(t), ry * np.sin(t)
    c, s = math.cos(angle), math.sin(angle)
    return np.column_stack([centre[0] + c * x - s * y, centre[1] + s * x + c * y])


def _rect(centre, w, h, angle):
    pts = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]])
    c, s = math.cos(angle), math.sin(angle)
    return pts @ np.array([[c, s], [-s, c]]) + centre


def build(seed: int = SEED):
    """Draw the town in local metres; returns a dict of shapely geometries and the site table."""
    import shapely
    from shapely.geometry import LineString, Polygon

    rng = np.random.default_rng(seed)
    town = Polygon(_star(rng, (0.0, 0.0), 1650.0, 1250.0))
    x = np.linspace(-2600, 2600, 400)
    y = -180 + 190 * np.sin(2 * np.pi * x / 2600 + 0.6) + 60 * np.sin(2 * np.pi * x / 900 + 1.3)
    centre_line = LineString(np.column_stack([x, y]))
    river = centre_line.buffer(45.0, cap_style="flat").intersection(town.buffer(400.0))
    lake = Polygon(_ellipse((820.0, 560.0), 150.0, 85.0, 0.4))
    land = town.difference(river).difference(lake)
    old_core = Polygon(_ellipse((-250.0, 300.0), 700.0, 520.0, 0.2))
    old_town = land.intersection(old_core)
    suburbs = land.difference(old_core)
    corridor = centre_line.buffer(230.0).intersection(town)
    block = Polygon(_rect((-300.0, 420.0), 150.0, 90.0, 0.35))
    market = Polygon(_rect((-300.0, 420.0), 640.0, 380.0, 0.35)).difference(block).difference(river.buffer(30.0))
    # sites: inhomogeneous intensity, sequential inhibition, not in the river
    allowed = land.difference(river.buffer(25.0))
    x0, y0, x1, y1 = town.bounds
    accepted: list[np.ndarray] = []
    while len(accepted) < NUM_SITES:
        p = rng.uniform([x0, y0], [x1, y1])
        lam = 0.35 + 0.65 * math.exp(-((p[0] + 250) ** 2 + (p[1] - 300) ** 2) / (2 * 800.0**2))
        if rng.uniform() > lam or not shapely.contains_xy(allowed, p[0], p[1]):
            continue
        if accepted and np.min(np.linalg.norm(np.array(accepted) - p, axis=1)) < 130.0:
            continue
        accepted.append(p)
    sites = np.array(accepted)
    core = shapely.contains_xy(old_core, sites[:, 0], sites[:, 1])
    height = np.where(core, rng.uniform(18, 32, NUM_SITES), rng.uniform(25, 45, NUM_SITES)).round(1)
    cap = np.where(core, height + rng.uniform(6, 15, NUM_SITES), 55.0).round(1)
    small = np.zeros(NUM_SITES, bool)
    small[rng.choice(NUM_SITES, 8, replace=False)] = True
    fixed = np.zeros(NUM_SITES, bool)
    fixed[rng.choice(np.flatnonzero(core & ~small), 3, replace=False)] = True
    table = {
        "xy": sites, "height": height, "max_height": cap, "fixed": fixed,
        "num_tx_antennas": np.where(small, 2, 4), "num_rx_antennas": np.where(small, 2, 5),
        "power_total": np.where(small, 0.25, 1.0), "bandwidth": np.where(small, 100e6, 50e6),
    }
    geoms = {"town": town, "river": river, "old town": old_town, "suburbs": suburbs, "drone corridor": corridor,
             "market square": market}
    geoms = {k: g.simplify(2.0) for k, g in geoms.items()}  # 2 m: far below any pixel
    return geoms, table


def _to_lonlat():
    from pyproj import CRS, Transformer

    local = CRS.from_proj4(f"+proj=tmerc +lat_0={LAT0} +lon_0={LON0} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m")
    return Transformer.from_crs(local, CRS.from_epsg(4326), always_xy=True)


def _geojson(features, note):
    from shapely.geometry import mapping

    tr = _to_lonlat()
    import shapely

    def ll(c):
        lon, lat = tr.transform(c[:, 0], c[:, 1])
        return np.round(np.column_stack([lon, lat]), 7)

    out = []
    for props, g in features:
        out.append({"type": "Feature", "properties": props, "geometry": mapping(shapely.transform(g, ll))})
    return {"type": "FeatureCollection", "description": note, "features": out}


def write(out_dir: Path = HERE, seed: int = SEED) -> list[Path]:
    """Write ``sites.csv``, ``areas.geojson``, ``river.geojson`` into ``out_dir``."""
    geoms, t = build(seed)
    note = NOTE.format(seed=seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tr = _to_lonlat()
    lon, lat = tr.transform(t["xy"][:, 0], t["xy"][:, 1])
    sites = out_dir / "sites.csv"
    with sites.open("w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "lon", "lat", "height", "max_height", "num_tx_antennas", "num_rx_antennas", "power_total",
                    "bandwidth", "fixed"])
        for i in range(len(lon)):
            w.writerow([f"S{i + 1:02d}", f"{lon[i]:.7f}", f"{lat[i]:.7f}", f"{t['height'][i]:.1f}",
                        f"{t['max_height'][i]:.1f}", int(t["num_tx_antennas"][i]), int(t["num_rx_antennas"][i]),
                        f"{t['power_total'][i]:g}", f"{t['bandwidth'][i]:.0f}", "true" if t["fixed"][i] else "false"])
    areas = _geojson([({"name": "old town", "role": "users", "density": 3.0}, geoms["old town"]),
                      ({"name": "suburbs", "role": "users", "density": 1.0}, geoms["suburbs"]),
                      ({"name": "drone corridor", "role": "targets"}, geoms["drone corridor"]),
                      ({"name": "market square", "role": "targets"}, geoms["market square"])], note)
    river = _geojson([({"name": "river", "role": "forbidden"}, geoms["river"])], note)
    paths = [sites]
    for name, obj in (("areas.geojson", areas), ("river.geojson", river)):
        p = out_dir / name
        p.write_text(json.dumps(obj, separators=(",", ":")) + "\n")
        paths.append(p)
    return paths


if __name__ == "__main__":  # pragma: no cover
    for p in write():
        print(p)
