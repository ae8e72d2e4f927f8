"""Files of a plan: CF netCDF of every map, GeoJSON of the planned sites, PNG/PDF maps, an HTML page.

:func:`write_plan` writes ``<out>/<plan name>/`` as one unit: everything goes into a temporary
sibling folder that is renamed into place at the end, so a failure leaves nothing half-written
(and an existing result is replaced only by a complete one).
"""

from __future__ import annotations

import csv
import html
import json
import math
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from isacnet._version import __version__

__all__ = ["plan_dataset", "planned_sites_geojson", "summary", "report_html", "write_plan"]

_STAGE_KEYS = ("existing", "heights", "added")


def _grid_fill(result, values, index, fill=np.nan, dtype=float):
    g = result.plan.inputs.grid
    out = np.full(g.shape[0] * g.shape[1], fill, dtype=dtype)
    out[index] = values
    return out.reshape(g.shape)


def plan_dataset(result):
    """Every map as a CF-1.8 :class:`xarray.Dataset` with coordinates and CRS.

    Dimensions ``stage`` (existing, heights, added: those the plan ran), ``target_area``, ``y``,
    ``x`` (pixel centres [m] in the plan's transverse Mercator frame); ``lat``/``lon`` auxiliary
    coordinates and a ``crs`` grid-mapping variable when the plan is geo-referenced. Pixels outside
    an area are missing (``NaN``); ``inf`` CRLB marks a pixel the sites in range cannot localise.
    """
    import xarray as xr

    inp = result.plan.inputs
    cfg = result.plan.config
    g = inp.grid
    stages = result.stages
    t_names = [p.name for p in inp.target_pixels]
    crlb = np.stack([np.stack([_grid_fill(result, a.crlb, p.index) for a, p in zip(st.evaluation.targets,
                                                                                   inp.target_pixels)])
                     for st in stages])
    cov = np.stack([np.stack([_grid_fill(result, a.coverage_prob, p.index) for a, p in zip(st.evaluation.targets,
                                                                                          inp.target_pixels)])
                    for st in stages])
    count = np.stack([np.stack([_grid_fill(result, a.num_sites, p.index, -1, np.int16)
                                for a, p in zip(st.evaluation.targets, inp.target_pixels)]) for st in stages])
    up = inp.user_pixels
    rate_x = np.stack([_grid_fill(result, st.evaluation.users.rate_exact_bits, up.index) for st in stages])
    rate_m = np.stack([_grid_fill(result, st.evaluation.users.rate_mean_gain_bits, up.index) for st in stages])
    tw = np.stack([_grid_fill(result, p.weights, p.index) for p in inp.target_pixels])
    uw = _grid_fill(result, up.weights, up.index)
    gm = {"grid_mapping": "crs"} if inp.frame.georeferenced else {}
    aux = {"coordinates": "lat lon"} if inp.frame.georeferenced else {}
    dims4 = ("stage", "target_area", "y", "x")
    gamma = cfg.sensing.coverage_threshold
    ds = xr.Dataset(
        {
            "crlb": (dims4, crlb.astype(np.float32), {
                "long_name": "position CRLB tr(F^-1) with mean beam gains (deploy eq. (4), (6))",
                "units": "m2", **gm, **aux}),
            "coverage_probability": (dims4, cov.astype(np.float32), {
                "long_name": f"probability over ZF beam gains that the CRLB is <= gamma = {gamma:g} m2",
                "units": "1", "valid_min": 0.0, "valid_max": 1.0, **gm, **aux}),
            "num_sites_in_range": (dims4, count, {
                "long_name": "number of sites within the sensing range", "units": "1", "_FillValue": np.int16(-1),
                **gm, **aux}),
            "rate_exact": (("stage", "y", "x"), rate_x.astype(np.float32), {
                "long_name": "ergodic CoMP rate, every site cooperating (Hamdi's lemma, deploy eq. (11))",
                "units": "bit s-1 Hz-1", **gm, **aux}),
            "rate_mean_gain": (("stage", "y", "x"), rate_m.astype(np.float32), {
                "long_name": "mean-gain CoMP rate log2(1 + E[SNR]) (the optimiser's constraint)",
                "units": "bit s-1 Hz-1", **gm, **aux}),
            "target_weight": (("target_area", "y", "x"), tw.astype(np.float32), {
                "long_name": "target density weight of the pixel (sums to 1 per area)", "units": "1", **gm, **aux}),
            "user_weight": (("y", "x"), uw.astype(np.float32), {
                "long_name": "user density weight of the pixel (sums to 1)", "units": "1", **gm, **aux}),
        },
        coords={
            "stage": ("stage", [st.key for st in stages], {"long_name": "layout of the plan"}),
            "target_area": ("target_area", t_names, {"long_name": "target area"}),
            "x": ("x", g.x, {"standard_name": "projection_x_coordinate", "long_name": "x (east) of pixel centre",
                             "units": "m", "axis": "X"}),
            "y": ("y", g.y, {"standard_name": "projection_y_coordinate", "long_name": "y (north) of pixel centre",
                             "units": "m", "axis": "Y"}),
            "target_altitude": ("target_area", [a.altitude for a in inp.targets],
                                {"long_name": "target altitude above ground", "units": "m"}),
        },
        attrs={
            "Conventions": "CF-1.8",
            "title": f"isacnet plan {cfg.name}: sensing and rate maps",
            "institution": "isacnet",
            "source": f"isacnet {__version__} (isacnet.plan)",
            "history": f"{datetime.now(UTC).isoformat(timespec='seconds')} isacnet plan {cfg.name}",
            "references": "deploy: arXiv 2506.18009 (spec 004); coop: arXiv 2404.14514 (spec 000)",
            "comment": (f"gamma = {gamma:g} m2; sensing range {cfg.sensing.max_range} m; "
                        f"estimate_dims = {cfg.sensing.estimate_dims}; {cfg.title}"),
        },
    )
    if inp.frame.georeferenced:
        from pyproj import CRS

        crs = CRS.from_wkt(inp.frame.crs_wkt)
        gx, gy = np.meshgrid(g.x, g.y)
        lon, lat = inp.frame.to_lonlat(gx, gy)
        ds = ds.assign_coords(lon=(("y", "x"), lon, {"standard_name": "longitude", "units": "degrees_east"}),
                              lat=(("y", "x"), lat, {"standard_name": "latitude", "units": "degrees_north"}))
        cf = crs.to_cf()
        ds["crs"] = ((), np.int32(0), {k: v for k, v in cf.items() if v is not None})
    for name in ("crlb", "coverage_probability", "rate_exact", "rate_mean_gain", "target_weight", "user_weight"):
        ds[name].encoding["_FillValue"] = np.float32(np.nan)
    for name in ds.data_vars:
        if ds[name].ndim >= 2:
            ds[name].encoding.update(zlib=True, complevel=4)
    return ds


def planned_sites_geojson(result) -> dict:
    """The final layout as a GeoJSON FeatureCollection (RFC 7946 lon/lat when geo-referenced; local
    metres with ``"crs": "local"`` otherwise). Properties: ``id``, ``status`` (existing, height
    changed, added), ``height`` and ``height_before`` [m], ``x``, ``y`` [m] in the plan frame."""
    inp = result.plan.inputs
    final = result.improvement.final
    first = result.stages[0]
    n0 = len(first.ids)
    feats = []
    lonlat = inp.frame.to_lonlat(final.layout[:, 0], final.layout[:, 1]) if inp.frame.georeferenced else None
    for i, sid in enumerate(final.ids):
        pos = final.layout[i]
        if i >= n0:
            status, before = "added", None
        else:
            before = float(first.layout[i, 2])
            status = "existing" if np.allclose(pos, first.layout[i]) else "height changed"
        coords = [round(float(lonlat[0][i]), 7), round(float(lonlat[1][i]), 7)] if lonlat else \
            [round(float(pos[0]), 3), round(float(pos[1]), 3)]
        props = {"id": sid, "status": status, "height": round(float(pos[2]), 2),
                 "height_before": None if before is None else round(before, 2),
                 "x": round(float(pos[0]), 2), "y": round(float(pos[1]), 2)}
        if i < n0:
            props["fixed"] = bool(inp.sites.fixed[i])
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": coords}, "properties": props})
    out: dict = {"type": "FeatureCollection", "name": f"{result.plan.name} planned sites", "features": feats}
    if not inp.frame.georeferenced:
        out["crs"] = {"type": "name", "properties": {"name": "local"}}
    return out


def _num(v):
    if v is None or isinstance(v, bool | str | int):
        return v
    if isinstance(v, tuple | list):
        return [_num(x) for x in v]
    v = float(v)
    return v if math.isfinite(v) else str(v)


def summary(result) -> dict:
    """Plain data of the result: table, site changes, model check, notes, settings."""
    cfg = result.plan.config
    mc = result.model_check
    out = {
        "plan": cfg.name,
        "title": cfg.title,
        "isacnet_version": __version__,
        "coverage_threshold_m2": cfg.sensing.coverage_threshold,
        "rate_threshold_bits": cfg.comm.rate_threshold_bits,
        "wall_time_s": round(result.wall_time_s, 2),
        "table": [{k: _num(v) for k, v in row.items()} for row in result.table()],
        "changes": [{"id": c.id, "status": c.status,
                     "before": None if c.before is None else [round(float(x), 2) for x in c.before],
                     "after": [round(float(x), 2) for x in c.after]} for c in result.improvement.changes],
        "notes": list(result.improvement.notes),
        "config": cfg.model_dump(mode="json"),
    }
    if mc is not None:
        r = mc.regularity
        out["model_check"] = {
            "density_per_km2": mc.density * 1e6, "window_area_km2": mc.window_area * 1e-6, "num_sites": mc.num_sites,
            "clark_evans_ratio": r.ratio, "clark_evans_z": r.z_score, "clark_evans_p": r.p_value,
            "g_max_gap": r.g_max_gap, "g_gap_distance_m": r.g_gap_distance, "g_p_value": r.g_p_value,
            "sensing": {k: _num(v) if not isinstance(v, dict) else {a: _num(b) for a, b in v.items()}
                        for k, v in vars(mc.sensing).items()},
            "comm": {k: _num(v) if not isinstance(v, dict) else {a: _num(b) for a, b in v.items()}
                     for k, v in vars(mc.comm).items()},
            "verdict": list(mc.verdict),
        }
    return out


def _fmt(v, digits=3):
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, str):
        return html.escape(v)
    if not math.isfinite(v):
        return "∞"
    return f"{v:.{digits}g}"


def report_html(result, images: dict[str, str]) -> str:
    """The plan's own HTML page: inputs, before/after table, site changes, model check, maps."""
    cfg = result.plan.config
    inp = result.plan.inputs
    e = html.escape
    gamma = cfg.sensing.coverage_threshold
    rows = result.table()
    head = ("<tr><th>layout</th><th>sites</th><th>coverage at γ</th><th>expected coverage</th>"
            + "".join(f"<th>coverage: {e(a.name)}</th>" for a in inp.targets)
            + "<th>A-CRLB [m²]</th><th>localisable</th><th>area rate, exact [bit/s/Hz]</th>"
              "<th>area rate, mean gain [bit/s/Hz]</th><th>rate requirement</th></tr>")
    body = "".join(
        f"<tr><td>{e(r['stage'])}</td><td>{r['num_sites']}</td><td>{100 * r['coverage']:.1f} %</td>"
        f"<td>{100 * r['expected_coverage']:.1f} %</td>"
        + "".join(f"<td>{100 * r[f'coverage[{a.name}]']:.1f} %</td>" for a in inp.targets)
        + f"<td>{_fmt(r['area_crlb_m2'])}</td><td>{100 * r['localisable']:.1f} %</td>"
          f"<td>{r['area_rate_exact_bits']:.3f}</td><td>{r['area_rate_mean_gain_bits']:.3f}</td>"
          f"<td>{_fmt(r['rate_requirement_met']) if r['rate_requirement_met'] is not None else '–'}</td></tr>"
        for r in rows)
    geo = inp.frame.georeferenced
    ch = []
    for c in result.improvement.changes:
        if geo:
            lon, lat = inp.frame.to_lonlat(c.after[0], c.after[1])
            where = f"{float(lat):.6f}° N, {float(lon):.6f}° E"
        else:
            where = f"x = {c.after[0]:.0f} m, y = {c.after[1]:.0f} m"
        before = "new site" if c.before is None else f"{c.before[2]:.1f} m"
        ch.append(f"<tr><td>{e(c.id)}</td><td>{e(c.status)}</td><td>{before}</td><td>{c.after[2]:.1f} m</td>"
                  f"<td>{where}</td></tr>")
    changes = ("<table><tr><th>site</th><th>change</th><th>height before</th><th>height after</th><th>position</th>"
               "</tr>" + "".join(ch) + "</table>") if ch else "<p>No site changed.</p>"
    mc_html = ""
    mc = result.model_check
    if mc is not None:
        s, c, r = mc.sensing, mc.comm, mc.regularity
        mc_html = f"""
<h2>Model check: how far is the Poisson model from this town?</h2>
<p>PPP fitted to the {mc.num_sites} sites: λ̂ = {mc.density * 1e6:.2f} km⁻² over {mc.window_area * 1e-6:.2f} km².
Clark–Evans R = {r.ratio:.2f} (z = {r.z_score:+.2f}, p = {r.p_value:.3f}); nearest-neighbour G-function gap
{r.g_max_gap:.2f} at {r.g_gap_distance:.0f} m (Monte Carlo p = {r.g_p_value:.3f}).</p>
<table><tr><th>statistic</th><th>this layout</th><th>PPP in this area (Monte Carlo; mean ± SE, median with
95 % interval)</th><th>PPP on the plane</th>
<th>closed form</th></tr>
<tr><td>coop CRLB of the nearest {mc.cluster_size_sense} sites, mean [m²]</td><td>{_fmt(s.layout_mean)}</td>
<td>{_fmt(s.window_mean)} ± {_fmt(s.window_mean_se, 2)}</td><td>{_fmt(s.plane_mean)}</td>
<td>{_fmt(s.closed_forms['prop2_eq45'])} (coop Prop. 2, eq. (45))</td></tr>
<tr><td>… median [m²]</td><td>{_fmt(s.layout_median)}</td><td>{_fmt(s.window_median)}
({_fmt(s.window_median_range[0])}–{_fmt(s.window_median_range[1])})</td><td>{_fmt(s.plane_median)}</td><td>–</td></tr>
<tr><td>CoMP rate, nearest {mc.cluster_size_comm} cooperate, mean [bit/s/Hz]</td><td>{_fmt(c.layout_mean)}</td>
<td>{_fmt(c.window_mean)} ± {_fmt(c.window_mean_se, 2)}</td><td>–</td>
<td>{_fmt(c.closed_forms['theorem2_exact'])} (Theorem 2, exact); {_fmt(c.closed_forms['theorem2_corrected'])}
(eq. (29), corrected)</td></tr>
<tr><td>… median [bit/s/Hz]</td><td>{_fmt(c.layout_median)}</td><td>{_fmt(c.window_median)}
({_fmt(c.window_median_range[0])}–{_fmt(c.window_median_range[1])})</td><td>–</td><td>–</td></tr>
</table>
<ul>{''.join(f'<li>{e(v)}</li>' for v in mc.verdict)}</ul>"""
    maps = "".join(f'<figure><img src="{e(src)}" alt="{e(name)}"><figcaption>{e(name)}</figcaption></figure>'
                   for name, src in images.items())
    notes = "".join(f"<li>{e(n)}</li>" for n in result.improvement.notes)
    r_th = cfg.comm.rate_threshold_bits
    requirement = "none" if r_th is None else f"{r_th:g} bit/s/Hz (mean-gain area rate)"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>isacnet plan {e(cfg.name)}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto;line-height:1.4}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #999;padding:3px 7px;text-align:right}}
td:first-child,th:first-child{{text-align:left}}figure{{margin:1em 0}}img{{max-width:100%}}</style></head><body>
<h1>isacnet plan: {e(cfg.title or cfg.name)}</h1>
<p>{len(inp.sites)} sites; target areas: {', '.join(f'{e(a.name)} at {a.altitude:g} m' for a in inp.targets)};
users: {e(inp.users.name)}. Coverage threshold γ = {gamma:g} m² (root CRLB {math.sqrt(gamma):.3g} m);
sensing range {cfg.sensing.max_range} m; rate requirement {requirement};
grid {inp.grid.resolution:g} m. isacnet {e(__version__)}, {result.wall_time_s:.1f} s.</p>
<h2>Before and after</h2><table>{head}{body}</table>
<p>Coverage: share of the target pixels (density weighted, areas pooled by size) with CRLB ≤ γ at mean beam
gains; expected coverage averages P(CRLB ≤ γ) over ZF beam gains. A-CRLB over the localisable pixels.</p>
{'<ul>' + notes + '</ul>' if notes else ''}
<h2>Sites moved or added</h2>{changes}
{mc_html}
<h2>Maps</h2>{maps}
<h2>Model and limits</h2>
<p>Sensing: ToF bistatic ranges of every pair of sites within the sensing range (deploy eq. (6), spec 004 §3), 3-D
position unless stated; unknown constants of the deploy paper at its spec defaults (C₀ = 1). Rate: every site
cooperates non-coherently, noise limited (deploy eq. (10)–(11)). Flat ground, line of sight, no clutter: a
first-cut planner, not a propagation tool. See docs/plan.md.</p>
</body></html>
"""


def _save(fig, path: Path) -> None:
    """Constrained layout fits everything in the figure: no tight bounding box (one draw); PNG at
    200 dpi (screen and HTML), PDF for print."""
    fig.savefig(path, format=path.suffix[1:], dpi=200 if path.suffix == ".png" else None)


def write_plan(result, out_dir, formats=None) -> dict[str, Path]:
    """Write every output of a plan into ``<out_dir>/<plan name>/`` as one unit.

    Files: ``maps.nc`` (CF netCDF), ``sites_planned.geojson``, ``before_after.csv``,
    ``summary.json``, ``report.html`` and one PNG/PDF per map (``overview``, ``crlb_<i>``,
    ``coverage_<i>``, ``sites_<i>``, ``rate``) in ``formats`` (default: the plan's
    ``output.formats``).

    Returns
    -------
    dict
        Kind → final path.
    """
    from isacnet.plan.maps import all_maps

    formats = tuple(formats or result.plan.config.output.formats)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / result.plan.name
    tmp = Path(tempfile.mkdtemp(prefix=f".{result.plan.name}.", suffix=".tmp", dir=out_dir))
    files: dict[str, Path] = {}
    try:
        ds = plan_dataset(result)
        ds.to_netcdf(tmp / "maps.nc")
        files["netcdf"] = Path("maps.nc")
        (tmp / "sites_planned.geojson").write_text(json.dumps(planned_sites_geojson(result), indent=1) + "\n")
        files["geojson"] = Path("sites_planned.geojson")
        rows = result.table()
        with (tmp / "before_after.csv").open("w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            for r in rows:
                w.writerow({k: ("" if v is None else v) for k, v in r.items()})
        files["table"] = Path("before_after.csv")
        (tmp / "summary.json").write_text(json.dumps(summary(result), indent=1, default=_num) + "\n")
        files["summary"] = Path("summary.json")
        images = {}
        for name, fig in all_maps(result).items():
            for fmt in formats:
                p = tmp / f"{name}.{fmt}"
                _save(fig, p)
                files[f"{name}.{fmt}"] = Path(p.name)
            if "png" in formats:
                images[name] = f"{name}.png"
        (tmp / "report.html").write_text(report_html(result, images))
        files["report"] = Path("report.html")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)
        old = None
        if final.exists():
            old = out_dir / f".{result.plan.name}.old-{os.getpid()}"
            os.replace(final, old)
        os.replace(tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return {k: final / v for k, v in files.items()}
