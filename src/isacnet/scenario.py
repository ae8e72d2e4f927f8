"""Scenario files: TOML → validated models, overrides and sweeps.

A scenario names an experiment and its parameters::

    experiment = "coop.gdop"
    title = "GDoP versus N"
    seed = 1

    [params]                        # validated by the experiment's model; SI units
    cluster_size_sense = [2, 3, 4]  # a list sweeps a scalar field

    [monte_carlo]
    max_samples = 1_000_000
    target_rel_ci = 0.005

    [sweep]
    mode = "grid"                   # Cartesian grid of all swept fields, or "zip"

    [compute]
    scheduler = "tcp://10.0.0.1:8786"   # optional Dask scheduler; default: local processes
    workers = 2

    [results]                       # what is kept of each Monte Carlo series' distribution
    quantiles = [0.05, 0.5, 0.95]   # levels (default 0.05, 0.25, 0.5, 0.75, 0.95; [] keeps none)
    cdf_points = 50                 # automatic empirical-CDF grid per series (default 0: no CDF)
    cdf_grid = { mc_median = [1.0, 2.0, 5.0] }   # or explicit abscissae per series, in its unit

    [quick]                         # dotted overrides applied by --quick
    "monte_carlo.max_samples" = 100_000

Command-line overrides ``--set key=value`` take TOML values (``--set seed=3``,
``--set params.cluster_size_sense=[2,4]``); a key that is not a top-level field is
looked up in ``params``.

Profiles. Parameters a paper leaves unstated are set per paper key by a *profile*,
``isacnet/profiles/<key>.toml``: ``[spec]`` holds the spec's defaults, ``[paper]`` the values
inferred from the paper's own quoted numbers (docs/calibration.md). ``profile = "paper"``
(default) or ``"spec"`` selects one; its values fill the experiment's fields that the scenario
does not set. Precedence: model default < profile < the scenario's ``[params]`` < ``--set``.
"""

from __future__ import annotations

import copy
import itertools
import math
import stat
import tomllib
import typing
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError, field_validator

from isacnet.errors import InputError
from isacnet.models import ParamsModel, StrictModel, param

__all__ = [
    "Scenario",
    "ResultsConfig",
    "DEFAULT_QUANTILE_LEVELS",
    "ParamsModel",
    "SweepPoint",
    "load_scenario",
    "builtin_scenarios",
    "sweep_points",
    "validation_error_to_input_error",
    "MAX_SCENARIO_BYTES",
    "MAX_SWEEP_POINTS",
    "parse_scheduler_address",
    "PROFILES",
    "profile_table",
    "profile_values",
]

PROFILES = ("paper", "spec")
"""Profile names: ``paper`` (inferred from the paper's numbers) and ``spec`` (the spec's defaults)."""

MAX_SCENARIO_BYTES = 1 << 20
"""Largest scenario file read [bytes] (the built-in ones are about 1 kB)."""

MAX_SWEEP_POINTS = 100_000
"""Most points one sweep may have (the built-in figures have at most 252)."""


class MonteCarloConfig(StrictModel):
    """``[monte_carlo]``: budget and stopping rule of every Monte Carlo estimate of a run."""

    batch_size: int = param(20_000, unit="drops", ge=1, le=10_000_000,
                            doc="drops per batch (one trial call; its arrays are [batch_size, ...])")
    min_samples: int = param(20_000, unit="drops", ge=1, le=10**12, doc="no early stop before this many drops")
    max_samples: int = param(1_000_000, unit="drops", ge=1, le=10**12, doc="budget of drops per estimate")
    target_rel_ci: float = param(0.01, unit="1", ge=0.0, le=1.0,
                                 doc="relative CI half-width at which to stop; 0 disables early stopping")
    confidence: float = param(0.95, unit="1", gt=0.0, lt=1.0, doc="confidence level of every interval")


class SweepConfig(StrictModel):
    """``[sweep]``: how swept fields combine."""

    mode: Literal["grid", "zip"] = param("grid", unit="–",
                                         doc="grid: Cartesian product of the swept fields; zip: taken in step")


_SCHEDULER_SCHEMES = ("tcp", "tls")


def parse_scheduler_address(address: str, field: str = "--scheduler") -> tuple[str, str, int]:
    """``(scheme, host, port)`` of a Dask scheduler address (``tcp://host:port``, ``tls://…``,
    or ``host:port`` for tcp), else :class:`InputError`."""
    allowed = ("'processes', 'serial', 'dask' (a local Dask cluster), or a Dask scheduler address tcp://host:port "
               "or tls://host:port")
    text = address.strip()
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "tcp", text
    scheme = scheme.lower()
    if scheme in ("http", "https"):
        raise InputError(field, f"{address!r} is a web address (the Dask dashboard?); give the scheduler's "
                                "tcp:// or tls:// address, by default port 8786")
    if scheme not in _SCHEDULER_SCHEMES:
        raise InputError(field, f"must be {allowed}, got {address!r}")
    rest = rest.rstrip("/")
    if rest.startswith("["):  # [IPv6]:port
        host, _, port_text = rest[1:].partition("]:")
    else:
        host, _, port_text = rest.rpartition(":")
    if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536 or any(c in host for c in "/@ "):
        raise InputError(field, f"must be {allowed}, got {address!r}")
    return scheme, host, int(port_text)


class ComputeConfig(StrictModel):
    """``[compute]``: where a run computes (does not change its numbers)."""

    scheduler: str | None = param(None, unit="–", max_length=300,
                                  doc="Dask scheduler address (tcp://host:port or tls://host:port), "
                                      "'processes' (default on the command line), 'serial' or 'dask' "
                                      "(a local Dask cluster)")
    workers: int | None = param(None, unit="processes", ge=1, le=1024,
                                doc="local worker processes (default: all cores)")
    connect_timeout_s: float = param(5.0, unit="s", gt=0.0, le=600.0,
                                     doc="how long to wait for a Dask scheduler to answer")
    tls_ca_file: str | None = param(None, unit="–", max_length=4096,
                                    doc="CA certificate (PEM) that signed the scheduler's, for a tls:// scheduler")
    tls_client_cert: str | None = param(None, unit="–", max_length=4096,
                                        doc="this client's certificate (PEM), for a tls:// scheduler")
    tls_client_key: str | None = param(None, unit="–", max_length=4096,
                                       doc="this client's private key (PEM; may be inside tls_client_cert)")

    @field_validator("scheduler")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value not in (None, "", "processes", "serial", "dask"):
            parse_scheduler_address(value, "scheduler")
        return value


DEFAULT_QUANTILE_LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)
"""Quantile levels kept for every Monte Carlo series unless ``[results] quantiles`` says otherwise."""

MAX_CDF_POINTS = 10_000
"""Most points of one stored CDF (a grid finer than the sketch's 0.23 % bins adds nothing)."""


class ResultsConfig(StrictModel):
    """``[results]``: what a run keeps of each Monte Carlo series' distribution (besides mean and median)."""

    quantiles: list[float] = param(list(DEFAULT_QUANTILE_LEVELS), unit="1",
                                   doc="quantile levels in (0, 1) stored for every Monte Carlo series, with "
                                       "order-statistic CIs ([]: none); at most 99 levels")
    cdf_points: int = param(0, unit="–", ge=0, le=MAX_CDF_POINTS,
                            doc="points of the automatic empirical-CDF grid per Monte Carlo series and point "
                                "(0.1 % to 99.9 % quantile; geometric when it spans > 2 decades); 0: no CDF")
    cdf_grid: dict[str, list[float]] = param(default_factory=dict, unit="series unit",
                                             doc="explicit CDF abscissae per Monte Carlo series name, in the "
                                                 "series' unit (overrides cdf_points for that series)")
    series: list[str] = param(default_factory=list, unit="–",
                              doc="Monte Carlo series whose quantiles and CDF are kept (empty: all)")

    @field_validator("quantiles")
    @classmethod
    def _levels(cls, levels: list[float]) -> list[float]:
        if len(levels) > 99:
            raise ValueError(f"at most 99 levels, got {len(levels)}")
        for q in levels:
            if not 0.0 < q < 1.0:
                raise ValueError(f"levels must be in (0, 1), got {q!r}")
        return sorted(set(levels))

    @field_validator("cdf_grid")
    @classmethod
    def _grids(cls, grids: dict[str, list[float]]) -> dict[str, list[float]]:
        for name, grid in grids.items():
            if not 1 <= len(grid) <= MAX_CDF_POINTS:
                raise ValueError(f"grid of {name!r} needs 1 to {MAX_CDF_POINTS} points, got {len(grid)}")
        return {name: sorted(set(grid)) for name, grid in grids.items()}


class Scenario(StrictModel):
    """A validated scenario (parameters are checked per sweep point by :func:`sweep_points`)."""

    experiment: str = param(..., unit="–", max_length=200,
                            doc="experiment id, '<paper key>.<name>' (see 'isacnet describe')")
    title: str = param("", unit="–", max_length=2000, doc="free text stored with the result")
    seed: int = param(0, unit="–", ge=0, lt=2**63, doc="root seed of every random stream of the run")
    profile: Literal["paper", "spec"] = param(
        "paper", unit="–", doc="parameter profile of the paper key: 'paper' (unstated parameters inferred from the "
                              "paper's quoted numbers, docs/calibration.md) or 'spec' (the spec's defaults)")
    params: dict[str, Any] = param(default_factory=dict, unit="–",
                                   doc="the experiment's parameters; a list sweeps a scalar field")
    monte_carlo: MonteCarloConfig = param(default_factory=MonteCarloConfig, unit="–", doc="Monte Carlo budget")
    sweep: SweepConfig = param(default_factory=SweepConfig, unit="–", doc="sweep mode")
    compute: ComputeConfig = param(default_factory=ComputeConfig, unit="–", doc="where to compute")
    results: ResultsConfig = param(default_factory=ResultsConfig, unit="–",
                                   doc="what is kept of the Monte Carlo distributions")
    quick: dict[str, Any] = param(default_factory=dict, unit="–", doc="dotted overrides applied by --quick")

    def canonical(self) -> dict:
        """The scenario as plain data without the ``quick`` table (what a result depends on)."""
        d = self.model_dump(mode="json")
        d.pop("quick", None)
        d.pop("compute", None)  # where it ran does not change the numbers
        return d


_TYPE_WORDS = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "a string",
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
}


def validation_error_to_input_error(err: ValidationError, prefix: str = "") -> InputError:
    """The first pydantic error as a one-line :class:`InputError` naming field and range."""
    e = err.errors()[0]
    loc = ".".join(str(p) for p in e.get("loc", ()))
    field = ".".join(p for p in (prefix, loc) if p) or prefix or "scenario"
    ctx = e.get("ctx", {}) or {}
    typ = e.get("type", "")
    got = e.get("input")
    got_s = "" if isinstance(got, dict) else f", got {got!r}"
    inner = ctx.get("error")
    if isinstance(inner, InputError):
        tail = "" if loc == inner.field or loc.endswith("." + inner.field) else inner.field
        return InputError(".".join(p for p in (prefix, loc, tail) if p), inner.message)
    if typ == "extra_forbidden":
        return InputError(field, "unknown key (check the spelling; see the experiment's parameters)")
    if typ == "missing":
        return InputError(field, "is required")
    if typ in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        op = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<"}[typ]
        bound = next(iter(ctx.values())) if ctx else "?"
        return InputError(field, f"must be {op} {bound}{got_s}")
    if typ in ("literal_error", "enum"):
        return InputError(field, f"must be {ctx.get('expected', 'one of the allowed values')}{got_s}")
    if typ in _TYPE_WORDS:
        return InputError(field, f"must be {_TYPE_WORDS[typ]}{got_s}")
    msg = e.get("msg", "invalid value")
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return InputError(field, f"{msg}{got_s}")


def builtin_scenarios() -> dict[str, Path]:
    """Built-in scenario files by name (``coop-fig3`` …)."""
    root = resources.files("isacnet") / "scenarios"
    return {p.name[:-5]: Path(str(p)) for p in root.iterdir() if p.name.endswith(".toml")}


def _read_toml(source: str | Path) -> tuple[dict, str]:
    path = Path(source)
    try:
        info = path.stat()
    except (OSError, ValueError):  # missing, a name too long, an embedded NUL byte
        info = None
    if info is None:
        builtin = builtin_scenarios()
        if str(source) in builtin:
            path = builtin[str(source)]
            info = path.stat()
        else:
            raise InputError("scenario", f"cannot read {str(source)[:200]!r}: no such file or built-in scenario "
                                         "(see 'isacnet scenarios')")
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise InputError("scenario", f"cannot read {str(path)!r}: {what}; a scenario is a TOML file")
    if info.st_size > MAX_SCENARIO_BYTES:
        raise InputError("scenario", f"{str(path)!r} has {info.st_size} bytes; a scenario file may have at most "
                                     f"{MAX_SCENARIO_BYTES} bytes")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_SCENARIO_BYTES + 1)
        if len(data) > MAX_SCENARIO_BYTES:
            raise InputError("scenario", f"{str(path)!r} has more than {MAX_SCENARIO_BYTES} bytes")
        text = data.decode("utf-8")
    except OSError as exc:
        raise InputError("scenario", f"cannot read {str(path)!r}: {exc.strerror or exc.__class__.__name__}") from None
    except UnicodeDecodeError:
        raise InputError("scenario", f"cannot read {str(path)!r}: not UTF-8 text; a scenario is a TOML file") from None
    try:
        return tomllib.loads(text), str(path)
    except tomllib.TOMLDecodeError as exc:
        raise InputError("scenario", f"{str(path)!r} is not valid TOML: {exc}") from None
    except RecursionError:
        raise InputError("scenario", f"{str(path)!r} nests tables or lists too deeply") from None


def _parse_value(text: str):
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return text


def _set_dotted(d: dict, key: str, value) -> None:
    parts = key.split(".")
    top_fields = set(Scenario.model_fields)
    if parts[0] not in top_fields:
        parts = ["params", *parts]
    cur = d
    for p in parts[:-1]:
        nxt = cur.setdefault(p, {})
        if not isinstance(nxt, dict):
            raise InputError(key, "cannot set a sub-key of a non-table field")
        cur = nxt
    cur[parts[-1]] = value


def parse_override(text: str) -> tuple[str, Any]:
    """``"key=value"`` → ``(key, parsed TOML value)``."""
    if "=" not in text:
        raise InputError("--set", f"expects key=value, got {text!r}")
    key, value = text.split("=", 1)
    key = key.strip()
    if not key:
        raise InputError("--set", f"expects key=value, got {text!r}")
    return key, _parse_value(value.strip())


def load_scenario(source: str | Path | dict, overrides: list[str] | None = None, quick: bool = False,
                  profile: str | None = None) -> Scenario:
    """Read, override and validate a scenario, and fill in its profile's values.

    Parameters
    ----------
    source : path, built-in name, or dict
    overrides : list of str
        ``key=value`` strings (TOML values).
    quick : bool
        Apply the scenario's ``[quick]`` overrides first.
    profile : {"paper", "spec"}, optional
        Replaces the scenario's ``profile``. Its values (:func:`profile_values`) fill the
        experiment's fields that ``params`` (after the overrides) leaves unset.
    """
    raw = copy.deepcopy(source) if isinstance(source, dict) else _read_toml(source)[0]
    if not isinstance(raw, dict):
        raise InputError("scenario", "must be a table")
    if quick:
        table = raw.get("quick") or {}
        if not isinstance(table, dict):
            raise InputError("quick", f"must be a table of dotted overrides, got {table!r}")
        for key, value in table.items():
            _set_dotted(raw, key, value)
    for item in overrides or []:
        key, value = parse_override(item)
        _set_dotted(raw, key, value)
    if profile is not None:
        raw["profile"] = profile
    try:
        scn = Scenario.model_validate(raw)
    except ValidationError as err:
        raise validation_error_to_input_error(err) from None
    mc = scn.monte_carlo
    if mc.min_samples > mc.max_samples:
        raise InputError("monte_carlo.min_samples", f"must be <= max_samples = {mc.max_samples}, got {mc.min_samples}")
    values = profile_values(scn)
    if values:
        scn = scn.model_copy(update={"params": {**scn.params, **{k: v for k, v in values.items()
                                                                 if k not in scn.params}}})
    return scn


# -- profiles -------------------------------------------------------------------------
def profile_table(paper: str, name: str) -> dict[str, Any]:
    """The values of profile ``name`` of paper key ``paper`` (``{}`` for a paper without a profile file).

    Parameters
    ----------
    paper : str
        Paper key (``deploy``, ``coop``, ...).
    name : {"paper", "spec"}
    """
    if name not in PROFILES:
        raise InputError("profile", f"must be one of {', '.join(PROFILES)}, got {name!r}")
    path = resources.files("isacnet") / "profiles" / f"{paper}.toml"
    if not path.is_file():
        return {}
    tables = tomllib.loads(path.read_text())
    unknown = set(tables) - set(PROFILES)
    if unknown:
        raise InputError("profile", f"{paper}.toml has tables {sorted(unknown)}; only [paper] and [spec] exist")
    return dict(tables.get(name, {}))


def profile_values(scn: Scenario) -> dict[str, Any]:
    """The profile values that apply to ``scn``'s experiment: the profile's fields its parameter model has."""
    from isacnet.registry import get_experiment

    exp = get_experiment(scn.experiment)
    fields = exp.params.model_fields
    return {k: v for k, v in profile_table(exp.paper, scn.profile).items() if k in fields}


# -- sweeps -------------------------------------------------------------------------
def _list_depth(annotation) -> int:
    """How many list/tuple levels a field's annotation has (0 for scalars)."""
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, typing.Sequence) or annotation in (list, tuple):
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        return 1 + (max((_list_depth(a) for a in args), default=0))
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return max((_list_depth(a) for a in typing.get_args(annotation) if a is not type(None)), default=0)
    if origin is typing.Annotated:
        return _list_depth(typing.get_args(annotation)[0])
    return 0


def _value_depth(v) -> int:
    d = 0
    while isinstance(v, list | tuple) and v:
        d += 1
        v = v[0]
    return d + (1 if isinstance(v, list | tuple) else 0)


@dataclass(frozen=True)
class SweepPoint:
    """One point of a sweep: its index on each swept axis and its validated parameters."""

    index: tuple[int, ...]
    params: BaseModel
    coords: dict


def sweep_axes(scn: Scenario, model: type[BaseModel]) -> list[tuple[str, list]]:
    """The swept fields and their values, in scenario order."""
    axes = []
    for name, value in scn.params.items():
        info = model.model_fields.get(name)
        if info is None or not isinstance(value, list):
            continue
        if _value_depth(value) > _list_depth(info.annotation):
            if len(value) == 0:
                raise InputError(f"params.{name}", "a swept field needs at least one value")
            axes.append((name, value))
    return axes


def sweep_points(scn: Scenario, model: type[BaseModel]) -> tuple[list[tuple[str, list]], list[SweepPoint]]:
    """Expand a scenario's sweep into validated points.

    Returns
    -------
    dims : list of (name, values)
        ``grid``: one axis per swept field; ``zip``: a single axis ``point``.
    points : list of SweepPoint
        Row-major over ``dims``.
    """
    axes = sweep_axes(scn, model)
    if scn.sweep.mode == "grid":
        count = math.prod(len(v) for _, v in axes)
        if count > MAX_SWEEP_POINTS:
            sizes = " x ".join(f"{len(v)} ({name})" for name, v in axes)
            raise InputError("params", f"a grid sweep may have at most {MAX_SWEEP_POINTS} points, "
                                       f"got {sizes} = {count}")
    elif axes and max(len(v) for _, v in axes) > MAX_SWEEP_POINTS:
        raise InputError("params", f"a zip sweep may have at most {MAX_SWEEP_POINTS} points")
    base = dict(scn.params)
    combos: list[tuple[tuple[int, ...], dict]] = []
    if scn.sweep.mode == "zip" and axes:
        lengths = {len(v) for _, v in axes}
        if len(lengths) != 1:
            raise InputError("sweep.mode", f"'zip' needs swept fields of equal length, got {sorted(lengths)}")
        n = lengths.pop()
        for i in range(n):
            combos.append(((i,), {name: vals[i] for name, vals in axes}))
        dims = [("point", list(range(n)))]
    else:
        for idx in itertools.product(*[range(len(v)) for _, v in axes]):
            combos.append((idx, {name: vals[i] for (name, vals), i in zip(axes, idx)}))
        dims = list(axes)
    points = []
    for idx, values in combos:
        raw = {**base, **values}
        try:
            params = model.model_validate(raw)
        except ValidationError as err:
            raise validation_error_to_input_error(err, prefix="params") from None
        points.append(SweepPoint(idx, params, values))
    return dims, points
