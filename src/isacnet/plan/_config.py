"""The plan file: TOML → validated pydantic models (SI units), ``--set`` overrides.

A plan names the sites, the target and user areas, the constraints on new or moved sites,
the radio parameters and what to improve::

    name = "town"                       # output folder <out>/<name>/
    title = "Example town (generated)"
    seed = 1

    [sites]
    file = "sites.csv"                  # CSV (x,y or lon,lat), cell-tower export, GeoJSON points
    default_height = 25.0               # [m], for files without a height column

    [[targets]]                         # one table per target area
    name = "drone corridor"
    file = "areas.geojson"
    features = ["drone corridor"]       # features whose "name" property matches (default: all)
    altitude = 80.0                     # [m] above ground

    [users]
    file = "areas.geojson"
    features = ["old town", "suburbs"]

    [constraints]
    forbidden = [{ file = "river.geojson" }]
    height_min = 10.0
    height_max = 60.0

    [sensing]
    coverage_threshold = 0.05           # gamma [m²]

    [comm]
    rate_threshold_bits = 6.0           # on the mean-gain area rate [bits/s/Hz]

    [improve]
    num_added_sites = 3

Relative paths resolve against the plan file's folder. ``--set key=value`` takes TOML values
and dotted keys (``sensing.coverage_threshold=0.1``, ``targets.0.altitude=120``).
"""

from __future__ import annotations

import copy
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from isacnet.errors import InputError
from isacnet.scenario import parse_override, validation_error_to_input_error

__all__ = [
    "PlanConfig",
    "SitesConfig",
    "AreaConfig",
    "PolygonSource",
    "ConstraintsConfig",
    "RadioConfig",
    "GridConfig",
    "SensingConfig",
    "CommConfig",
    "ImproveConfig",
    "ModelCheckConfig",
    "OutputConfig",
    "read_plan_config",
    "builtin_plans",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class PolygonSource(_Strict):
    """Polygons from a GeoJSON file (forbidden zones, siting area)."""

    file: str = Field(description="GeoJSON file of Polygon/MultiPolygon features")
    features: list[str] | None = Field(None, min_length=1, description="feature names to use (default: all)")
    crs: str | None = Field(None, description="CRS of the coordinates (default: the file's crs member, else EPSG:4326)")


class AreaConfig(PolygonSource):
    """A target or user area: polygons at an altitude, with an optional density."""

    name: str = Field("", description="label in tables and maps (default: the feature names)")
    altitude: float = Field(1.5, ge=0.0, le=20_000.0, description="height above ground [m]")
    density: float | None = Field(None, gt=0.0, description="relative density of the whole area (per-feature "
                                  "'density' properties override it)")
    density_file: str | None = Field(None, description="netCDF raster of the relative density")
    density_variable: str | None = Field(None, description="variable in density_file (default: the only one)")

    @model_validator(mode="after")
    def _one_density(self):
        if self.density is not None and self.density_file is not None:
            raise InputError("density", "give density or density_file, not both")
        return self


class SitesConfig(_Strict):
    file: str = Field(description="CSV (x,y or lon,lat + height), a cell-tower export, or GeoJSON points")
    format: Literal["auto", "csv", "celltowers", "geojson"] = "auto"
    crs: str | None = Field(None, description="CRS of x,y columns ('local' = a metric frame without geo-reference); "
                            "lon,lat columns are EPSG:4326")
    default_height: float | None = Field(None, gt=0.0, le=1000.0, description="height [m] for files without one")
    outside_margin: float = Field(1000.0, ge=0.0, description="a site farther than this from every area is an "
                                  "error [m]")


class ConstraintsConfig(_Strict):
    forbidden: list[PolygonSource] = Field(default_factory=list, description="no new site inside these")
    siting_area: PolygonSource | None = Field(None, description="new sites only inside (default: the user area)")
    height_min: float = Field(10.0, gt=0.0, description="lowest antenna height of a moved or new site [m]")
    height_max: float = Field(60.0, gt=0.0, le=1000.0, description="highest antenna height [m]")
    fixed_sites: list[str] = Field(default_factory=list, description="site ids whose height must not change")
    min_site_spacing: float = Field(50.0, ge=0.0, description="a new site keeps this distance to every site [m]")

    @model_validator(mode="after")
    def _heights(self):
        if not self.height_min < self.height_max:
            raise InputError("height_max", f"must be > height_min = {self.height_min} m, got {self.height_max}")
        return self


class RadioConfig(_Strict):
    """Defaults of every site (per-site CSV columns override power, antennas, bandwidth) and the
    link model of paper ``deploy`` (spec 004 §3–§4; values lost in 004 are its §8 defaults)."""

    power_total: float = Field(1.0, gt=0.0, le=1000.0, description="transmit power per site P [W]")
    power_comm_fraction: float = Field(0.5, gt=0.0, lt=1.0, description="p_c / P")
    num_tx_antennas: int = Field(4, ge=2, le=1024, description="M_t")
    num_rx_antennas: int = Field(5, ge=1, le=1024, description="M_r")
    bandwidth: float = Field(50e6, gt=0.0, description="B [Hz]")
    noise_power_dbm: float = Field(-50.0, ge=-250.0, le=100.0, description="sigma^2 [dBm] (sensing and comm)")
    rcs: float = Field(1.0, gt=0.0, description="radar cross section [m^2]")
    reference_gain: float = Field(1.0, gt=0.0, description="C_0 of the bistatic channel power (spec 004 §3.2)")
    effective_bandwidth: Literal["full", "flat"] = "full"
    pathloss_exp_sense: float = Field(2.0, ge=1.0, le=6.0, description="beta, per hop")
    pathloss_exp: float = Field(3.0, gt=2.0, le=6.0, description="alpha")


class GridConfig(_Strict):
    resolution: float = Field(10.0, ge=0.5, le=5000.0, description="pixel side [m]")
    max_pixels: int = Field(4_000_000, ge=1, description="refuse grids larger than this")


class SensingConfig(_Strict):
    coverage_threshold: float = Field(0.05, gt=0.0, description="gamma: a pixel is covered when CRLB <= gamma [m^2]")
    max_range: float | None = Field(1500.0, gt=0.0, description="a site contributes to a pixel within this 3-D "
                                    "distance [m] (None: every site)")
    estimate_dims: Literal["3d", "horizontal"] = Field("3d", description="3-D position, or x,y only")
    gain_draws: int = Field(32, ge=0, le=4096, description="ZF beam-gain draws for P(CRLB <= gamma) per pixel "
                            "(0: mean gains, a 0/1 map)")


class CommConfig(_Strict):
    rate_threshold_bits: float | None = Field(None, ge=0.0, le=100.0, description="requirement on the mean-gain "
                                              "area rate [bits/s/Hz] (None: none)")


class ImproveConfig(_Strict):
    heights: bool = Field(True, description="optimise the heights of the existing, non-fixed sites")
    num_added_sites: int = Field(0, ge=0, le=64, description="k new sites")
    added_height: float | None = Field(None, gt=0.0, description="start height of a new site [m] (default: the "
                                       "middle of [height_min, height_max])")
    max_local_sites: int = Field(16, ge=2, le=32, description="sites per local MM problem (moved + context)")
    window_radius: float = Field(600.0, gt=0.0, description="target samples of a local problem lie within this "
                                 "horizontal distance of its moved sites [m]")
    group_size: int = Field(6, ge=1, le=16, description="sites moved together in one heights tile")
    target_samples: int = Field(400, ge=20, le=20_000, description="target samples per local problem")
    greedy_samples: int = Field(2000, ge=50, le=100_000, description="target samples scoring new-site candidates")
    max_candidates: int = Field(1500, ge=10, le=100_000, description="candidate positions per new site")
    rate_samples: int = Field(2000, ge=20, le=100_000, description="user samples of the linearised rate "
                              "constraint (the check itself uses every user pixel)")
    passes: int = Field(2, ge=1, le=20, description="passes over the heights tiles")
    max_sweeps: int = Field(20, ge=1, le=500, description="MM sweeps per local problem")
    radius0_frac: float = Field(0.1, gt=0.0, le=1.0, description="initial trust radius / local diameter")


class ModelCheckConfig(_Strict):
    enabled: bool = True
    cluster_size_sense: int = Field(6, ge=3, le=64, description="N nearest sites of the coop CRLB")
    cluster_size_comm: int = Field(3, ge=1, le=64, description="L nearest sites of the coop CoMP rate")
    num_realisations: int = Field(200, ge=2, le=10_000, description="PPP drops in the plan's window")
    num_pixels: int = Field(300, ge=20, le=100_000, description="pixels per PPP drop (the layout: 20 times as many)")
    num_plane_drops: int = Field(100_000, ge=1000, le=10_000_000, description="typical-point drops on the plane")


class OutputConfig(_Strict):
    formats: list[Literal["png", "pdf", "svg"]] = Field(["png", "pdf"], min_length=1, description="map file formats")


class PlanConfig(_Strict):
    """A validated plan (file paths as written; :func:`read_plan_config` resolves them)."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$", description="output folder name")
    title: str = ""
    seed: int = Field(0, ge=0, lt=2**63)
    sites: SitesConfig
    targets: list[AreaConfig] = Field(min_length=1, max_length=16)
    users: AreaConfig
    constraints: ConstraintsConfig = Field(default_factory=ConstraintsConfig)
    radio: RadioConfig = Field(default_factory=RadioConfig)
    grid: GridConfig = Field(default_factory=GridConfig)
    sensing: SensingConfig = Field(default_factory=SensingConfig)
    comm: CommConfig = Field(default_factory=CommConfig)
    improve: ImproveConfig = Field(default_factory=ImproveConfig)
    model_check: ModelCheckConfig = Field(default_factory=ModelCheckConfig)
    output: OutputConfig = Field(default_factory=OutputConfig)


def builtin_plans() -> dict[str, Path]:
    """Plans shipped with the package (``town``), by name."""
    root = resources.files("isacnet") / "plan" / "data"
    out = {}
    for folder in root.iterdir():
        p = folder / f"{folder.name}.toml"
        if p.is_file():
            out[folder.name] = Path(str(p))
    return out


def _read_toml(source: str | Path) -> tuple[dict, Path]:
    path = Path(source)
    if not path.exists():
        builtin = builtin_plans()
        if str(source) in builtin:
            path = builtin[str(source)]
        else:
            raise InputError("plan", f"cannot read {str(source)!r}: no such file or built-in plan "
                             f"({', '.join(sorted(builtin)) or 'none'})")
    try:
        text = path.read_text()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("plan", f"cannot read {str(path)!r}: {exc.__class__.__name__}") from None
    try:
        return tomllib.loads(text), path.resolve().parent
    except tomllib.TOMLDecodeError as exc:
        raise InputError("plan", f"{str(path)!r} is not valid TOML: {exc}") from None


def _set_dotted(raw: dict, key: str, value: Any) -> None:
    """Set ``a.b.0.c = value`` in nested dicts/lists (list items by index)."""
    parts = key.split(".")
    if not all(parts):
        raise InputError("--set", f"bad key {key!r}")
    cur: Any = raw
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(cur, list):
            if not re.fullmatch(r"\d+", part) or int(part) >= len(cur):
                raise InputError(key, f"{part!r} is not an index of a list of {len(cur)}")
            if last:
                cur[int(part)] = value
            else:
                cur = cur[int(part)]
        elif isinstance(cur, dict):
            if last:
                cur[part] = value
            else:
                cur = cur.setdefault(part, {})
        else:
            raise InputError(key, "cannot set a sub-key of a value that is not a table")


def read_plan_config(source: str | Path | dict, overrides: list[str] | None = None,
                     base_dir: str | Path | None = None) -> tuple[PlanConfig, Path]:
    """Read, override and validate a plan.

    Parameters
    ----------
    source : path, built-in plan name (``"town"``) or dict
    overrides : list of str
        ``key=value`` strings (TOML values, dotted keys).
    base_dir : path, optional
        Folder that relative file names resolve against (default: the plan file's folder,
        or the working directory for a dict).

    Returns
    -------
    (PlanConfig, Path)
        The validated plan and the folder its relative paths resolve against.
    """
    if isinstance(source, dict):
        raw, folder = copy.deepcopy(source), Path.cwd()
    else:
        raw, folder = _read_toml(source)
    if base_dir is not None:
        folder = Path(base_dir).resolve()
    for item in overrides or []:
        key, value = parse_override(item)
        _set_dotted(raw, key, value)
    try:
        cfg = PlanConfig.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        inner = (first.get("ctx") or {}).get("error")
        if isinstance(inner, InputError):  # a cross-field check of one table: name the table too
            loc = ".".join(str(p) for p in first.get("loc", ()))
            raise InputError(".".join(p for p in (loc, inner.field) if p), inner.message) from None
        raise validation_error_to_input_error(err) from None
    return cfg, folder
