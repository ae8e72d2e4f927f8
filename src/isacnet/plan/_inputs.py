"""Inputs of a plan: sites, areas and constraints read, checked and put in one metric frame.

* Sites: CSV with ``x,y`` [m] or ``lon,lat`` [deg] and ``height`` [m], optional per-site
  ``num_tx_antennas``, ``num_rx_antennas`` (or ``antennas`` for both), ``power_total`` [W] (or ``power_dbm``),
  ``bandwidth`` [Hz], ``max_height`` [m], ``fixed`` and ``id``; the public cell-tower export
  (``radio, mcc, net, area, cell, unit, lon, lat, range, samples, changeable, created, updated,
  averageSignal``, with or without its header; cells at one position are one site); or
  GeoJSON points with the same properties.
* Areas: GeoJSON Polygon/MultiPolygon features (holes included), selected by their ``name``
  property, with a per-feature ``density`` property, a per-area density or a netCDF raster.
* CRS: ``lon,lat`` columns and GeoJSON are EPSG:4326 unless a ``crs`` is given (a legacy
  GeoJSON ``crs`` member is honoured); ``x,y`` columns take ``sites.crs`` (default ``local``:
  metres in a frame without geo-reference). Everything geo-referenced is projected (``pyproj``)
  to a local transverse Mercator frame centred on the plan; polygons are ``shapely`` geometries.

Every problem is an :class:`isacnet.errors.InputError` naming the file or field.
"""

from __future__ import annotations

import csv
import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from isacnet.errors import InputError
from isacnet.plan._config import AreaConfig, PlanConfig, PolygonSource, SitesConfig
from isacnet.units import dbm_to_watt

__all__ = ["Frame", "Sites", "Area", "Grid", "Pixels", "PlanInputs", "load_inputs", "read_sites", "LOCAL"]

LOCAL = "local"
CELL_TOWER_COLUMNS = ("radio", "mcc", "net", "area", "cell", "unit", "lon", "lat", "range", "samples",
                      "changeable", "created", "updated", "averagesignal")
_RADIO_TYPES = {"gsm", "umts", "lte", "nr", "cdma"}


# -- data ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Frame:
    """The plan's metric frame.

    Attributes
    ----------
    crs_wkt : str or None
        WKT of the local transverse Mercator CRS (None: a local frame without geo-reference).
    lon0, lat0 : float
        Its origin [deg] (nan without geo-reference).
    """

    crs_wkt: str | None
    lon0: float = math.nan
    lat0: float = math.nan

    @property
    def georeferenced(self) -> bool:
        return self.crs_wkt is not None

    def _transformer(self, inverse: bool):
        return _frame_transformer(self.crs_wkt, inverse)

    def to_lonlat(self, x, y):
        """Longitude, latitude [deg] of local ``x, y`` [m] (any shape)."""
        if not self.georeferenced:
            raise InputError("crs", "the plan has no geo-reference (its coordinates are 'local')")
        lon, lat = self._transformer(True).transform(np.asarray(x, float), np.asarray(y, float))
        return np.asarray(lon), np.asarray(lat)

    def from_lonlat(self, lon, lat):
        """Local ``x, y`` [m] of longitude, latitude [deg]."""
        x, y = self._transformer(False).transform(np.asarray(lon, float), np.asarray(lat, float))
        return np.asarray(x), np.asarray(y)


@functools.lru_cache(maxsize=16)
def _frame_transformer(crs_wkt: str, inverse: bool):
    from pyproj import CRS, Transformer

    local, geo = CRS.from_wkt(crs_wkt), CRS.from_epsg(4326)
    return Transformer.from_crs(local, geo, always_xy=True) if inverse else Transformer.from_crs(geo, local,
                                                                                                 always_xy=True)


@dataclass(frozen=True)
class Sites:
    """Site table in the plan frame (all arrays [num_sites]).

    Attributes
    ----------
    ids : tuple of str
    position : ndarray, [num_sites, 3]
        Local x, y and antenna height above ground [m].
    num_tx_antennas, num_rx_antennas : ndarray of int
        ``M_t`` (>= 2), ``M_r``.
    power_total : ndarray
        Transmit power [W].
    bandwidth : ndarray
        [Hz].
    max_height : ndarray
        Height cap [m] (inf: only ``constraints.height_max``).
    fixed : ndarray of bool
        Height must not change.
    """

    ids: tuple[str, ...]
    position: np.ndarray
    num_tx_antennas: np.ndarray
    num_rx_antennas: np.ndarray
    power_total: np.ndarray
    bandwidth: np.ndarray
    max_height: np.ndarray
    fixed: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Area:
    """A target or user area in the plan frame."""

    name: str
    geometry: Any  # shapely (Multi)Polygon [m]
    altitude: float  # [m]
    feature_names: tuple[str, ...]
    feature_geometries: tuple = ()  # per feature, for per-feature densities
    feature_densities: tuple = ()  # relative density per feature
    raster: tuple | None = None  # (values [ny, nx], (axis0, axis1), crs_text) of a density raster


@dataclass(frozen=True)
class Grid:
    """Pixel grid of every map: centres ``x`` [nx], ``y`` [ny] [m], side ``resolution`` [m]."""

    x: np.ndarray
    y: np.ndarray
    resolution: float

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.y), len(self.x))


@dataclass(frozen=True)
class Pixels:
    """The pixels of one area.

    Attributes
    ----------
    name : str
    index : ndarray of int, [num_pixels]
        Flat index into the grid (row-major ``[ny, nx]``).
    points : ndarray, [num_pixels, 3]
        Pixel centres at the area's altitude [m].
    weights : ndarray, [num_pixels]
        Density weights, summing to 1.
    """

    name: str
    index: np.ndarray
    points: np.ndarray
    weights: np.ndarray

    def __len__(self) -> int:
        return len(self.index)


@dataclass(frozen=True)
class PlanInputs:
    """Everything read from the plan's files, in the plan frame."""

    frame: Frame
    sites: Sites
    targets: tuple[Area, ...]
    users: Area
    forbidden: Any  # shapely geometry (possibly empty)
    siting: Any  # shapely geometry where new sites may go (minus forbidden)
    window: Any  # union of every area: the observation window of the model check
    grid: Grid
    target_pixels: tuple[Pixels, ...]
    user_pixels: Pixels
    source_files: tuple[str, ...] = field(default=())


# -- CRS --------------------------------------------------------------------------------------
def _crs(text: str | None, field: str):
    """A pyproj CRS, or LOCAL."""
    if text is None:
        return None
    if text.strip().lower() == LOCAL:
        return LOCAL
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        crs = CRS.from_user_input(text)
    except CRSError:
        raise InputError(field, f"unknown CRS {text!r} (use an EPSG code such as 'EPSG:4326', a WKT or "
                         "'local')") from None
    if not (crs.is_geographic or crs.is_projected):
        raise InputError(field, f"CRS {text!r} is neither geographic nor projected")
    return crs


def _is_local(crs) -> bool:
    """True for the LOCAL marker (a string); pyproj CRS objects never equal it (and comparing one
    with a string would parse the string as a CRS)."""
    return isinstance(crs, str) and crs.lower() == LOCAL


def _crs_label(crs) -> str:
    if _is_local(crs):
        return LOCAL
    auth = crs.to_authority()
    return ":".join(auth) if auth else crs.name


# -- GeoJSON ------------------------------------------------------------------------------------
def _read_json(path: Path, field: str):
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise InputError(field, f"no such file {str(path)!r}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(field, f"cannot read {str(path)!r}: {exc.__class__.__name__}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(field, f"invalid GeoJSON in {path.name}: not JSON ({exc.msg} at line {exc.lineno})") from None


def _member_crs(obj: dict, field: str, name: str):
    c = obj.get("crs")
    if c is None:
        return None
    try:
        text = c["properties"]["name"] if c.get("type") == "name" else None
    except (TypeError, KeyError, AttributeError):
        text = None
    if not isinstance(text, str):
        raise InputError(field, f"invalid GeoJSON in {name}: a 'crs' member must be "
                         "{'type': 'name', 'properties': {'name': ...}}")
    return _crs(text, field)


def _features(obj, field: str, name: str) -> tuple[list[tuple[dict | None, dict]], object]:
    """``[(geometry dict, properties)]`` and the file's CRS (None: not given)."""
    if not isinstance(obj, dict) or "type" not in obj:
        raise InputError(field, f"invalid GeoJSON in {name}: the top level must be an object with a 'type'")
    file_crs = _member_crs(obj, field, name)
    kind = obj["type"]
    if kind == "FeatureCollection":
        feats = obj.get("features")
        if not isinstance(feats, list):
            raise InputError(field, f"invalid GeoJSON in {name}: 'features' must be a list")
    elif kind == "Feature":
        feats = [obj]
    elif kind in ("Point", "MultiPoint", "Polygon", "MultiPolygon", "GeometryCollection", "LineString",
                  "MultiLineString"):
        feats = [{"type": "Feature", "geometry": obj, "properties": {}}]
    else:
        raise InputError(field, f"invalid GeoJSON in {name}: unknown type {kind!r}")
    out = []
    crs_seen = {}
    for i, f in enumerate(feats):
        if not isinstance(f, dict) or f.get("type") != "Feature" or "geometry" not in f:
            raise InputError(field, f"invalid GeoJSON in {name}: feature {i} is not a Feature with a geometry")
        props = f.get("properties") or {}
        if not isinstance(props, dict):
            raise InputError(field, f"invalid GeoJSON in {name}: feature {i} has non-object properties")
        fc = _member_crs(f, field, name)
        if fc is not None:
            crs_seen[_crs_label(fc)] = fc
        out.append((f["geometry"], props))
    if crs_seen:
        labels = set(crs_seen)
        if file_crs is not None:
            labels.add(_crs_label(file_crs))
        if len(labels) > 1:
            raise InputError(field, f"mixed CRS in {name}: features are in {', '.join(sorted(labels))}")
        file_crs = file_crs or next(iter(crs_seen.values()))
    return out, file_crs


def _shape(geom: dict | None, field: str, name: str, i: int):
    from shapely.errors import GEOSException
    from shapely.geometry import shape

    if geom is None:
        raise InputError(field, f"invalid GeoJSON in {name}: feature {i} has a null geometry")
    try:
        g = shape(geom)
    except (GEOSException, ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise InputError(field, f"invalid GeoJSON in {name}: feature {i}: {exc.__class__.__name__}: "
                         f"{str(exc).splitlines()[0] if str(exc) else 'bad coordinates'}") from None
    coords = _all_coords(g)
    if coords.size and not np.all(np.isfinite(coords)):
        raise InputError(field, f"invalid GeoJSON in {name}: feature {i} has non-finite coordinates")
    return g


def _all_coords(g) -> np.ndarray:
    import shapely

    return shapely.get_coordinates(g)


def _feature_name(props: dict, i: int) -> str:
    for key in ("name", "id"):
        if key in props and props[key] is not None:
            return str(props[key])
    return f"feature {i}"


@dataclass
class _RawPolygons:
    field: str
    name: str
    crs: Any  # pyproj CRS or LOCAL
    names: list[str]
    geoms: list  # in source coordinates
    densities: list  # float or None per feature


def _read_polygons(src: PolygonSource, folder: Path, field: str) -> _RawPolygons:
    import shapely

    path = (folder / src.file)
    obj = _read_json(path, f"{field}.file")
    feats, file_crs = _features(obj, f"{field}.file", path.name)
    crs = _crs(src.crs, f"{field}.crs") if src.crs is not None else (file_crs or _crs("EPSG:4326", field))
    names, geoms, dens = [], [], []
    for i, (g, props) in enumerate(feats):
        nm = _feature_name(props, i)
        if src.features is not None and nm not in src.features:
            continue
        shp = _shape(g, f"{field}.file", path.name, i)
        if shp.geom_type not in ("Polygon", "MultiPolygon"):
            raise InputError(f"{field}.file", f"feature {nm!r} of {path.name} is a {shp.geom_type}, not a polygon")
        if not shapely.is_valid(shp):
            reason = shapely.is_valid_reason(shp)
            raise InputError(f"{field}.file", f"polygon {nm!r} of {path.name} is not valid: {reason} "
                             "(self-intersecting or overlapping rings)")
        if shp.is_empty or not shp.area > 0:
            raise InputError(f"{field}.file", f"polygon {nm!r} of {path.name} is empty (zero area)")
        d = props.get("density")
        if d is not None:
            try:
                d = float(d)
            except (TypeError, ValueError):
                raise InputError(f"{field}.file", f"polygon {nm!r}: density must be a number, got {d!r}") from None
            if not (math.isfinite(d) and d > 0):
                raise InputError(f"{field}.file", f"polygon {nm!r}: density must be > 0, got {d}")
        names.append(nm)
        geoms.append(shp)
        dens.append(d)
    if src.features is not None:
        missing = [n for n in src.features if n not in names]
        if missing:
            raise InputError(f"{field}.features", f"no polygon named {missing[0]!r} in {path.name}")
    if not geoms:
        raise InputError(f"{field}.file", f"{path.name} holds no polygon: the area is empty")
    return _RawPolygons(field, path.name, crs, names, geoms, dens)


# -- sites ---------------------------------------------------------------------------------------
@dataclass
class _RawSites:
    crs: Any
    ids: list[str]
    xy: np.ndarray  # [N, 2] in the source CRS
    columns: dict  # name -> list of raw strings/values
    rows: list[int]  # 1-based source row (for messages)


def _num(value, field: str, where: str, col: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(field, f"{where}, column {col!r}: must be a number, got {value!r}") from None
    if not math.isfinite(v):
        raise InputError(field, f"{where}, column {col!r}: must be finite, got {value!r}")
    return v


def _read_csv(path: Path, field: str) -> tuple[list[str], list[list[str]], bool]:
    try:
        with path.open(newline="") as fh:
            rows = [r for r in csv.reader(fh) if r and any(c.strip() for c in r)]
    except FileNotFoundError:
        raise InputError(field, f"no such file {str(path)!r}") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(field, f"cannot read {str(path)!r} as CSV: {exc.__class__.__name__}") from None
    if not rows:
        raise InputError(field, f"{path.name} is empty")
    first = [c.strip() for c in rows[0]]
    if first and first[0].lower() in _RADIO_TYPES and len(first) == len(CELL_TOWER_COLUMNS):
        return list(CELL_TOWER_COLUMNS), [[c.strip() for c in r] for r in rows], True  # headerless export
    return [c.lower() for c in first], [[c.strip() for c in r] for r in rows[1:]], False


def _sites_from_table(header, rows, cfg: SitesConfig, field: str, name: str, fmt: str, header_rows: int):
    cols = {h: i for i, h in enumerate(header)}
    for alias, canonical in (("longitude", "lon"), ("lng", "lon"), ("latitude", "lat")):
        if alias in cols and canonical not in cols:
            cols[canonical] = cols[alias]
    has_xy = "x" in cols and "y" in cols
    has_ll = "lon" in cols and "lat" in cols
    if fmt == "celltowers":
        need = [c for c in ("radio", "mcc", "net", "cell", "lon", "lat") if c not in cols]
        if need:
            raise InputError(field, f"missing column(s) {', '.join(need)} of the cell-tower export in {name}")
    if has_xy and has_ll:
        raise InputError(field, f"mixed CRS in {name}: it has both x,y and lon,lat columns; keep one pair")
    if not (has_xy or has_ll):
        raise InputError(field, f"missing column(s) in {name}: need x,y [m] or lon,lat [deg]")
    if "height" not in cols and cfg.default_height is None:
        hint = " (the cell-tower export has no antenna heights)" if fmt == "celltowers" else ""
        raise InputError(field, f"missing column 'height' in {name}{hint}; add it or set sites.default_height")
    for r_i, r in enumerate(rows):
        if len(r) < len(header):
            raise InputError(field, f"{name} row {r_i + 1 + header_rows}: {len(r)} fields, the header has "
                             f"{len(header)}")
    kx, ky = ("lon", "lat") if has_ll else ("x", "y")
    where = [f"{name} row {i + 1 + header_rows}" for i in range(len(rows))]
    xy = np.array([[_num(r[cols[kx]], field, w, kx), _num(r[cols[ky]], field, w, ky)] for r, w in zip(rows, where)])
    columns = {c: [r[cols[c]] for r in rows] for c in cols}
    if fmt == "celltowers":
        area = cols.get("area", cols["net"])
        ids = [f"{r[cols['radio']]}:{r[cols['mcc']]}-{r[cols['net']]}-{r[area]}-{r[cols['cell']]}" for r in rows]
    elif "id" in cols:
        ids = [r[cols["id"]] for r in rows]
    else:
        ids = [f"S{i + 1}" for i in range(len(rows))]
    if has_ll:
        crs = _crs("EPSG:4326", field) if cfg.crs is None else _crs(cfg.crs, "sites.crs")
    else:
        crs = _crs(cfg.crs, "sites.crs") if cfg.crs is not None else LOCAL
    return _RawSites(crs, ids, xy, columns, [i + 1 + header_rows for i in range(len(rows))])


def _merge_cells(raw: _RawSites) -> _RawSites:
    """One site per position of the cell-tower export (its cells share the mast)."""
    key = np.round(raw.xy, 5)
    _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    order = np.sort(first)
    ids = [raw.ids[i] for i in order]
    cols = {c: [v[i] for i in order] for c, v in raw.columns.items()}
    counts = np.bincount(inverse.reshape(-1))
    remap = {int(f): int(counts[j]) for j, f in enumerate(first)}
    cols["num_cells"] = [str(remap[int(i)]) for i in order]
    return _RawSites(raw.crs, ids, raw.xy[order], cols, [raw.rows[i] for i in order])


def _read_sites_geojson(path: Path, cfg: SitesConfig, field: str) -> _RawSites:
    obj = _read_json(path, field)
    feats, file_crs = _features(obj, field, path.name)
    crs = _crs(cfg.crs, "sites.crs") if cfg.crs is not None else (file_crs or _crs("EPSG:4326", field))
    ids, xy, rows = [], [], []
    cols: dict[str, list] = {}
    keys = set()
    for _, props in feats:
        keys |= {k.lower() for k in props}
    if "height" not in keys and cfg.default_height is None:
        raise InputError(field, f"missing property 'height' in {path.name}; add it or set sites.default_height")
    for i, (g, props) in enumerate(feats):
        shp = _shape(g, field, path.name, i)
        if shp.geom_type != "Point":
            raise InputError(field, f"feature {i} of {path.name} is a {shp.geom_type}; sites must be points")
        ids.append(_feature_name(props, i).replace(f"feature {i}", f"S{i + 1}"))
        xy.append([shp.x, shp.y])
        lower = {k.lower(): v for k, v in props.items()}
        for k in keys:
            cols.setdefault(k, []).append("" if lower.get(k) is None else str(lower.get(k)))
        rows.append(i)
    if not ids:
        raise InputError(field, f"{path.name} holds no site")
    return _RawSites(crs, ids, np.array(xy, float), cols, rows)


def _read_raw_sites(cfg: SitesConfig, folder: Path) -> _RawSites:
    field = "sites.file"
    path = folder / cfg.file
    fmt = cfg.format
    if fmt == "auto":
        fmt = "geojson" if path.suffix.lower() in (".geojson", ".json") else "csv"
    if fmt == "geojson":
        return _read_sites_geojson(path, cfg, field)
    header, rows, headerless = _read_csv(path, field)
    if not rows:
        raise InputError(field, f"{path.name} holds no site")
    if fmt == "csv" and (headerless or {"radio", "mcc", "net", "cell"} <= set(header)):
        fmt = "celltowers"
    raw = _sites_from_table(header, rows, cfg, field, path.name, fmt, 0 if headerless else 1)
    return _merge_cells(raw) if fmt == "celltowers" else raw


def _site_arrays(raw: _RawSites, cfg: PlanConfig, xy_local: np.ndarray) -> Sites:
    field = "sites.file"
    r = cfg.radio
    n = len(raw.ids)
    cols = raw.columns

    def column(name, default, cast=float, check=None):
        if name not in cols:
            return np.full(n, default, dtype=float if cast is float else object)
        out = []
        for i, v in enumerate(cols[name]):
            where = f"row {raw.rows[i]} (site {raw.ids[i]})"
            if v == "" or v is None:
                out.append(default)
                continue
            x = _num(v, field, where, name)
            if check is not None:
                check(x, where)
            out.append(x)
        return np.array(out, dtype=float)

    def positive(col):
        def check(x, where):
            if not x > 0:
                raise InputError(field, f"{where}: {col} must be > 0, got {x:g}")
        return check

    height = column("height", cfg.sites.default_height, check=positive("height"))
    antennas = column("antennas", math.nan)
    tx = column("num_tx_antennas", math.nan)
    rx = column("num_rx_antennas", math.nan)
    tx = np.where(np.isnan(tx), np.where(np.isnan(antennas), r.num_tx_antennas, antennas), tx)
    rx = np.where(np.isnan(rx), np.where(np.isnan(antennas), r.num_rx_antennas, antennas), rx)
    for name, arr, lo in (("num_tx_antennas", tx, 2), ("num_rx_antennas", rx, 1)):
        bad = np.flatnonzero((arr != np.round(arr)) | (arr < lo))
        if bad.size:
            i = bad[0]
            raise InputError(field, f"row {raw.rows[i]} (site {raw.ids[i]}): {name} must be an integer >= {lo}, "
                             f"got {arr[i]:g}")
    power = column("power_total", r.power_total, check=positive("power_total"))
    if "power_dbm" in cols:
        pd = column("power_dbm", math.nan)
        power = np.where(np.isnan(pd), power, dbm_to_watt(np.nan_to_num(pd)))
    bandwidth = column("bandwidth", r.bandwidth, check=positive("bandwidth"))
    max_height = column("max_height", math.inf, check=positive("max_height"))
    over = np.flatnonzero(height > max_height)
    if over.size:
        i = over[0]
        raise InputError(field, f"row {raw.rows[i]} (site {raw.ids[i]}): height {height[i]:g} m exceeds its "
                         f"max_height {max_height[i]:g} m")
    fixed = np.zeros(n, bool)
    if "fixed" in cols:
        for i, v in enumerate(cols["fixed"]):
            s = str(v).strip().lower()
            if s in ("1", "true", "yes", "y", "t"):
                fixed[i] = True
            elif s not in ("", "0", "false", "no", "n", "f", "none"):
                raise InputError(field, f"row {raw.rows[i]} (site {raw.ids[i]}): fixed must be true or false, "
                                 f"got {v!r}")
    known = {s: i for i, s in enumerate(raw.ids)}
    for sid in cfg.constraints.fixed_sites:
        if sid not in known:
            raise InputError("constraints.fixed_sites", f"unknown site id {sid!r}")
        fixed[known[sid]] = True
    pos = np.column_stack([xy_local, height])
    return Sites(tuple(raw.ids), pos, tx.astype(int), rx.astype(int), power, bandwidth, max_height, fixed)


def _check_duplicates(raw: _RawSites, pos: np.ndarray) -> None:
    from scipy.spatial import cKDTree

    seen: dict[str, int] = {}
    for i, sid in enumerate(raw.ids):
        if sid in seen:
            raise InputError("sites.file", f"duplicate site id {sid!r} (rows {raw.rows[seen[sid]]} and {raw.rows[i]})")
        seen[sid] = i
    pairs = sorted(cKDTree(pos).query_pairs(1.0))
    if pairs:
        i, j = pairs[0]
        raise InputError("sites.file", f"duplicate sites {raw.ids[i]!r} and {raw.ids[j]!r}: same position "
                         f"(within 1 m) in rows {raw.rows[i]} and {raw.rows[j]}")


def read_sites(cfg: SitesConfig, folder: Path) -> _RawSites:
    """Read the site file in its own CRS (for tools; :func:`load_inputs` does the rest)."""
    return _read_raw_sites(cfg, folder)


# -- frame and projection ----------------------------------------------------------------------------
def _to_lonlat_fn(crs):
    from pyproj import CRS, Transformer

    if crs.is_geographic and crs.equals(CRS.from_epsg(4326), ignore_axis_order=True):
        return None
    return Transformer.from_crs(crs, CRS.from_epsg(4326), always_xy=True)


def _check_lonlat(lon, lat, what: str, field: str) -> None:
    lon, lat = np.asarray(lon), np.asarray(lat)
    if lon.size and (np.any(~np.isfinite(lon)) or np.any(np.abs(lat) > 90) or np.any(np.abs(lon) > 180)):
        raise InputError(field, f"{what}: coordinates outside longitude/latitude range; are they metres "
                         "given without their CRS (set the crs), or lat,lon swapped?")


def _georeferenced(sources: list[tuple[str, str, object]]) -> bool:
    """``sources``: ``(what, field, crs)``; True unless every source is LOCAL (a mix is an error)."""
    local = [(w, f) for w, f, c in sources if _is_local(c)]
    geo = [(w, f, c) for w, f, c in sources if not _is_local(c)]
    if local and geo:
        raise InputError(local[0][1], f"mixed CRS: {local[0][0]} is in a local x,y frame but {geo[0][0]} is in "
                         f"{_crs_label(geo[0][2])}; give the CRS of the x,y coordinates "
                         "(e.g. sites.crs = 'EPSG:32632')")
    return bool(geo)


def _local_tmerc(lon0: float, lat0: float) -> str:
    from pyproj import CRS

    return CRS.from_proj4(f"+proj=tmerc +lat_0={lat0:.8f} +lon_0={lon0:.8f} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 "
                          "+units=m +no_defs").to_wkt()


def _valid(geom):
    """A projected polygon; a ring that projection made touch itself is repaired (buffer 0)."""
    return geom if geom.is_valid else geom.buffer(0)


# -- pixels and densities ---------------------------------------------------------------------------
def _grid(bounds, resolution: float, max_pixels: int) -> Grid:
    x0, y0, x1, y1 = bounds
    x0, y0 = math.floor(x0 / resolution) * resolution, math.floor(y0 / resolution) * resolution
    nx = max(1, math.ceil((x1 - x0) / resolution))
    ny = max(1, math.ceil((y1 - y0) / resolution))
    if nx * ny > max_pixels:
        raise InputError("grid.resolution", f"gives {nx * ny:,} pixels > grid.max_pixels = {max_pixels:,}; "
                         f"use a coarser resolution than {resolution:g} m")
    return Grid(x0 + (np.arange(nx) + 0.5) * resolution, y0 + (np.arange(ny) + 0.5) * resolution, resolution)


def _inside(geom, x, y) -> np.ndarray:
    import shapely

    return shapely.contains_xy(geom, x, y)


def _raster_density(area: Area, x, y, frame: Frame, field: str) -> np.ndarray:
    if area.raster is None:  # pragma: no cover - callers check
        raise InputError(field, "no raster")
    values, (ax0, ax1), crs_text, _dims = area.raster
    from scipy.interpolate import RegularGridInterpolator

    px, py = x, y
    if not _is_local(crs_text):
        from pyproj import CRS, Transformer

        tr = Transformer.from_crs(CRS.from_wkt(str(frame.crs_wkt)), CRS.from_user_input(crs_text), always_xy=True)
        px, py = tr.transform(x, y)
    # dims are (row axis, column axis) = (y-like, x-like)
    a0, a1, v = np.asarray(ax0, float), np.asarray(ax1, float), np.asarray(values, float)
    if a0[0] > a0[-1]:
        a0, v = a0[::-1], v[::-1]
    if a1[0] > a1[-1]:
        a1, v = a1[::-1], v[:, ::-1]
    interp = RegularGridInterpolator((a0, a1), v, method="linear", bounds_error=False, fill_value=np.nan)
    out = interp(np.column_stack([py, px]))
    bad = ~np.isfinite(out)
    if bad.any():
        raise InputError(field, f"does not cover the area {area.name!r}: {int(bad.sum())} of {bad.size} pixels fall "
                         "outside the raster or on missing values")
    return out


def _read_raster(cfg: AreaConfig, folder: Path, field: str):
    import xarray as xr

    path = folder / str(cfg.density_file)
    if not path.exists():
        raise InputError(f"{field}.density_file", f"no such file {str(path)!r}")
    try:
        with xr.open_dataset(path) as ds:
            ds = ds.load()
    except Exception as exc:
        raise InputError(f"{field}.density_file",
                         f"cannot read {path.name} as netCDF: {exc.__class__.__name__}") from None
    names = [v for v in ds.data_vars if ds[v].ndim == 2]
    var = cfg.density_variable or (names[0] if len(names) == 1 else None)
    if var is None or var not in ds:
        raise InputError(f"{field}.density_variable", f"name one of the 2-D variables of {path.name}: {names}")
    da = ds[var]
    if da.ndim != 2:
        raise InputError(f"{field}.density_variable", f"{var!r} must be 2-D, has dims {da.dims}")
    d0, d1 = (str(d).lower() for d in da.dims)
    values = np.asarray(da.values, float)
    if np.any(values[np.isfinite(values)] < 0):
        raise InputError(f"{field}.density_file", f"{var!r} has negative values: densities must be >= 0")
    if d0 in ("lat", "latitude") and d1 in ("lon", "longitude"):
        crs_text = "EPSG:4326"
    elif d0 == "y" and d1 == "x":
        gm = da.attrs.get("grid_mapping")
        wkt = ds[gm].attrs.get("crs_wkt") or ds[gm].attrs.get("spatial_ref") if gm in ds else None
        crs_text = wkt or cfg.crs or LOCAL
        if not _is_local(crs_text):
            _crs(crs_text, f"{field}.density_file")
    else:
        raise InputError(f"{field}.density_file", f"{var!r} must have dims (lat, lon) or (y, x), has {da.dims}")
    return values, (np.asarray(da[da.dims[0]].values), np.asarray(da[da.dims[1]].values)), crs_text, (d0, d1)


def _pixels(area: Area, grid: Grid, frame: Frame, field: str) -> Pixels:
    gx, gy = np.meshgrid(grid.x, grid.y)
    gx, gy = gx.ravel(), gy.ravel()
    x0, y0, x1, y1 = area.geometry.bounds
    near = np.flatnonzero((gx >= x0) & (gx <= x1) & (gy >= y0) & (gy <= y1))
    inside = near[_inside(area.geometry, gx[near], gy[near])]
    if inside.size == 0:
        raise InputError(f"{field}.file", f"area {area.name!r} contains no pixel centre at grid.resolution = "
                         f"{grid.resolution:g} m: it is empty at this resolution")
    px, py = gx[inside], gy[inside]
    if area.raster is not None:
        w = _raster_density(area, px, py, frame, f"{field}.density_file")
        if not w.sum() > 0:
            raise InputError(f"{field}.density_file", f"is zero over the whole area {area.name!r}: densities must "
                             "be positive somewhere")
    else:
        w = np.ones(inside.size)
        for g, d in zip(area.feature_geometries[::-1], area.feature_densities[::-1]):  # first feature wins
            if d is not None:
                w[_inside(g, px, py)] = d
    pts = np.column_stack([px, py, np.full(inside.size, area.altitude)])
    return Pixels(area.name, inside, pts, w / w.sum())


# -- entry point --------------------------------------------------------------------------------------
def load_inputs(cfg: PlanConfig, folder: Path) -> PlanInputs:
    """Read every file of a plan, check it and put it in one metric frame.

    Raises
    ------
    InputError
        Invalid GeoJSON, self-intersecting or empty polygons, sites outside every area,
        duplicate sites, missing columns, mixed or unknown CRS, non-positive heights or
        densities (one message naming the file, row or field).
    """
    import shapely
    from shapely.ops import unary_union

    folder = Path(folder)
    raw_sites = _read_raw_sites(cfg.sites, folder)
    areas_raw = [(f"targets.{i}", a, _read_polygons(a, folder, f"targets.{i}")) for i, a in enumerate(cfg.targets)]
    areas_raw.append(("users", cfg.users, _read_polygons(cfg.users, folder, "users")))
    extra = [(f"constraints.forbidden.{i}", _read_polygons(p, folder, f"constraints.forbidden.{i}"))
             for i, p in enumerate(cfg.constraints.forbidden)]
    if cfg.constraints.siting_area is not None:
        extra.append(("constraints.siting_area", _read_polygons(cfg.constraints.siting_area, folder,
                                                                "constraints.siting_area")))
    rasters = {}
    for fld, a, _ in areas_raw:
        if a.density_file is not None:
            rasters[fld] = _read_raster(a, folder, fld)

    sources = [(f"{Path(cfg.sites.file).name} (sites)", "sites.crs", raw_sites.crs)]
    sources += [(f"{rp.name} ({fld})", f"{fld}.crs", rp.crs) for fld, _, rp in areas_raw]
    sources += [(f"{rp.name} ({fld})", f"{fld}.crs", rp.crs) for fld, rp in extra]
    sources += [(f"{fld}.density_file", f"{fld}.density_file", LOCAL if _is_local(r[2]) else _crs(r[2], fld))
                for fld, r in rasters.items()]
    frame = Frame(None)

    # project everything into the local frame
    if _georeferenced(sources):
        lonlat_parts = []
        to_ll = {}

        def lonlat_of(crs, xy, what, fld):
            key = crs.to_wkt()
            if key not in to_ll:
                to_ll[key] = _to_lonlat_fn(crs)
            tr = to_ll[key]
            lon, lat = (xy[:, 0], xy[:, 1]) if tr is None else tr.transform(xy[:, 0], xy[:, 1])
            _check_lonlat(lon, lat, what, fld)
            return np.column_stack([lon, lat])

        site_ll = lonlat_of(raw_sites.crs, raw_sites.xy, Path(cfg.sites.file).name, "sites.file")
        lonlat_parts.append(site_ll)
        geo_ll = {}
        def geoms_lonlat(fld, rp):
            return [shapely.transform(g, lambda c: lonlat_of(rp.crs, c, rp.name, f"{fld}.file")) for g in rp.geoms]

        for fld, _, rp in areas_raw:
            geo_ll[fld] = geoms_lonlat(fld, rp)
            lonlat_parts += [shapely.get_coordinates(g) for g in geo_ll[fld]]
        for fld, rp in extra:
            geo_ll[fld] = geoms_lonlat(fld, rp)
        allll = np.vstack(lonlat_parts)
        lon0 = float(0.5 * (allll[:, 0].min() + allll[:, 0].max()))
        lat0 = float(0.5 * (allll[:, 1].min() + allll[:, 1].max()))
        frame = Frame(_local_tmerc(lon0, lat0), lon0, lat0)

        def to_local(c):
            x, y = frame.from_lonlat(c[:, 0], c[:, 1])
            return np.column_stack([x, y])

        site_xy = to_local(site_ll)
        local_geoms = {fld: [_valid(shapely.transform(g, to_local)) for g in gs] for fld, gs in geo_ll.items()}
    else:
        site_xy = raw_sites.xy
        local_geoms = {fld: list(rp.geoms) for fld, _, rp in areas_raw}
        local_geoms.update({fld: list(rp.geoms) for fld, rp in extra})

    areas = []
    for fld, a, rp in areas_raw:
        geoms = local_geoms[fld]
        union = unary_union(geoms)
        label = a.name or ", ".join(rp.names)
        dens = [d if d is not None else a.density for d in rp.densities]
        raster = None
        if fld in rasters:
            values, axes, crs_text, dims = rasters[fld]
            raster = (values, axes, crs_text if _is_local(crs_text) else _crs(crs_text, fld).to_wkt(), dims)
        areas.append(Area(label, union, a.altitude, tuple(rp.names), tuple(geoms), tuple(dens), raster))
    targets, users = tuple(areas[:-1]), areas[-1]
    forbidden_parts = [g for fld, _ in extra if fld.startswith("constraints.forbidden") for g in local_geoms[fld]]
    forbidden = unary_union(forbidden_parts) if forbidden_parts else shapely.Polygon()
    siting_base = unary_union(local_geoms["constraints.siting_area"]) if cfg.constraints.siting_area is not None \
        else users.geometry
    siting = siting_base.difference(forbidden) if not forbidden.is_empty else siting_base
    window = unary_union([a.geometry for a in areas])

    # sites: heights, duplicates, outside every area
    sites = _site_arrays(raw_sites, cfg, site_xy)
    _check_duplicates(raw_sites, sites.position)
    anchor = unary_union([window, siting_base])
    dist = shapely.distance(anchor, shapely.points(site_xy))
    far = np.flatnonzero(dist > cfg.sites.outside_margin)
    if far.size:
        i = far[0]
        raise InputError("sites.file", f"site {raw_sites.ids[i]!r} (row {raw_sites.rows[i]}) lies outside every area, "
                         f"{dist[i]:.0f} m from the nearest (more than sites.outside_margin = "
                         f"{cfg.sites.outside_margin:g} m): check its coordinates and CRS")

    bounds = np.array(window.bounds)
    grid = _grid(bounds, cfg.grid.resolution, cfg.grid.max_pixels)
    target_px = tuple(_pixels(a, grid, frame, f"targets.{i}") for i, a in enumerate(targets))
    user_px = _pixels(users, grid, frame, "users")
    files = [str(folder / cfg.sites.file)] + [str(folder / a.file) for a in [*cfg.targets, cfg.users]]
    return PlanInputs(frame, sites, targets, users, forbidden, siting, window, grid, target_px, user_px,
                      tuple(dict.fromkeys(files)))
