"""The stored layout of a result: one CF variable per series, units on every variable.

In memory a result is one Dataset with the series stacked along a ``series`` dimension
(``value``, ``ci_low``, ... over ``(series, *swept fields)``; :func:`isacnet.runner.compute_dataset`
builds it and the figures draw it). The series of one experiment have different units (a root
CRLB in m next to an acceptance probability), and CF gives one ``units`` per variable, so the
file holds each series as its own variables (CF-1.10, readable as they are by xarray, Panoply,
MATLAB's ``ncread`` or any netCDF tool):

* ``<series>`` (over the swept fields): the value, with ``units``, ``long_name`` (the series'
  description), ``label`` (the legend text), ``series_kind`` and ``series_stat``;
* ``<series>_ci_low``, ``_ci_high``, ``_std_error``, ``_n_samples``, ``_tail_index``,
  ``_ci_valid``: the Monte Carlo accompaniments (named in the value's ``ancillary_variables``),
  written where they carry information;
* ``<series>_quantile``, ``_quantile_ci_low``, ``_quantile_ci_high`` over ``(quantile, *swept)``
  and ``<series>_cdf_x``, ``<series>_cdf`` over ``(cdf_point, *swept)``: the kept distribution;
* ``compute_time_s`` and the coordinates (swept fields with units and meaning, ``quantile``,
  ``cdf_point``); the global attributes keep the scenario, provenance and the series order.

:func:`to_cf` and :func:`from_cf` convert between the two; ``from_cf(to_cf(ds))`` equals ``ds``.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["to_cf", "from_cf", "field_attrs", "series_variable_names", "STACKED_FIELDS", "SERIES_UNIT_FIELDS",
           "SERIES_ORDER_ATTR"]

SERIES_ORDER_ATTR = "isacnet_series"
"""Global attribute of a stored file: the series ids in order (JSON list)."""

_SCALAR_FIELDS = ("ci_low", "ci_high", "std_error", "n_samples", "tail_index", "ci_valid")
_QUANTILE_FIELDS = ("quantile_value", "quantile_ci_low", "quantile_ci_high")
_CDF_FIELDS = ("cdf_x", "cdf")
STACKED_FIELDS = ("value", *_SCALAR_FIELDS, *_QUANTILE_FIELDS, *_CDF_FIELDS)
"""Variables of the in-memory Dataset that have a ``series`` dimension."""

_SUFFIX = {"value": "", "quantile_value": "_quantile", **{f: f"_{f}" for f in STACKED_FIELDS if f not in
                                                           ("value", "quantile_value")}}
_DEFAULTS = {"ci_low": np.nan, "ci_high": np.nan, "std_error": np.nan, "n_samples": 0, "tail_index": np.nan,
             "ci_valid": 1}
SERIES_UNIT_FIELDS = ("value", "ci_low", "ci_high", "std_error", *_QUANTILE_FIELDS, "cdf_x")
"""Fields in the unit of their series (the ``series_units`` coordinate in memory); the others have one unit."""

_LONG_NAMES = {
    "value": "value of the series: Monte Carlo mean or median, or the closed form (see series_label)",
    "ci_low": "lower end of the {conf:.0%} confidence interval of the value (NaN for closed forms)",
    "ci_high": "upper end of the {conf:.0%} confidence interval of the value (NaN for closed forms)",
    "n_samples": "number of finite Monte Carlo samples behind the value (0 for closed forms)",
    "std_error": "standard error of the Monte Carlo mean (cluster-robust for system-level samples)",
    "tail_index": "upper tail index a of |samples|, P(|X| > x) ~ x^-a (theory where known, else Hill estimate)",
    "ci_valid": "1 where the value's confidence interval is valid, 0 where the tail index says it is not",
    "quantile_value": "quantile of the Monte Carlo samples at the probability level 'quantile'",
    "quantile_ci_low": "lower end of the {conf:.0%} order-statistic confidence interval of the quantile",
    "quantile_ci_high": "upper end of the {conf:.0%} order-statistic confidence interval of the quantile",
    "cdf_x": "abscissa of the cumulative distribution function",
    "cdf": "cumulative distribution function P(X <= cdf_x): empirical for Monte Carlo series, closed form otherwise",
    "compute_time_s": "compute time of the sweep point summed over workers",
}
_FIXED_UNITS = {"n_samples": "1", "tail_index": "1", "ci_valid": "1", "cdf": "1", "compute_time_s": "s"}


def field_attrs(field: str, confidence: float) -> dict:
    """CF attributes of one field of a result (``units`` only where it does not depend on the series).

    Parameters
    ----------
    field : str
        One of :data:`STACKED_FIELDS` or ``"compute_time_s"``.
    confidence : float
        Level of the run's confidence intervals.
    """
    from isacnet.simulate.stats import QUANTILE_REL_ACCURACY_NOTE

    out: dict[str, Any] = {"long_name": _LONG_NAMES[field].format(conf=confidence)}
    if field in _FIXED_UNITS:
        out["units"] = _FIXED_UNITS[field]
    if field == "ci_valid":
        out.update(flag_values=np.array([0, 1], dtype=np.int8), flag_meanings="ci_not_valid ci_valid")
    if field in (*_QUANTILE_FIELDS, *_CDF_FIELDS):
        out["comment"] = QUANTILE_REL_ACCURACY_NOTE
    if field == "cdf":
        out["comment"] += ("; sampling error of an empirical CDF: the DKW band sqrt(ln(2/(1-c))/(2 n)) at level c "
                           "covers the whole CDF (n = n_samples; samples dependent within networks need more)")
    return out


def _confidence(attrs: dict) -> float:
    try:
        return float(json.loads(attrs["scenario"])["monte_carlo"]["confidence"])
    except (KeyError, TypeError, ValueError):
        return 0.95


_SERIES_COORDS = ("series_label", "series_kind", "series_stat", "series_units", "series_long_name",
                  "series_standard_name")
SERIES_COORD_LONG_NAMES = {
    "series": "series id (variable name in the stored file)",
    "series_label": "legend label of the series: equation or estimator",
    "series_kind": "'analysis': closed form or one-shot computation; 'mc': Monte Carlo",
    "series_stat": "statistic a Monte Carlo series reports as its value: 'mean' or 'median' ('' for closed forms)",
    "series_units": "units of the series' value, CI, quantiles and CDF abscissae",
    "series_long_name": "description of the series",
    "series_standard_name": "CF standard name of the series' value ('' where the quantity has none)",
}
"""``long_name`` of the in-memory series coordinates."""


def series_variable_names(series: str) -> dict[str, str]:
    """The stored variable name of each field of ``series``.

    ``{"value": "mc_mean", "ci_low": "mc_mean_ci_low", ..., "quantile_value": "mc_mean_quantile", ...}``.
    """
    return {f: series + _SUFFIX[f] for f in STACKED_FIELDS}


def _informative(field: str, arr: np.ndarray) -> bool:
    """Whether a field of one series differs anywhere from what a closed form stores."""
    if arr.size == 0:
        return False
    if field in _DEFAULTS:
        default = _DEFAULTS[field]
        if isinstance(default, float) and np.isnan(default):
            return bool(np.any(~np.isnan(arr)))
        return bool(np.any(arr != default))
    return bool(np.any(~np.isnan(arr)))


def to_cf(ds: xr.Dataset) -> xr.Dataset:
    """The stored (one variable per series) form of an in-memory result.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`isacnet.runner.compute_dataset` (``series`` dimension).

    Returns
    -------
    xarray.Dataset
        No ``series`` dimension; every variable and coordinate has ``units`` and ``long_name``.

    Raises
    ------
    ValueError
        When a series id collides with a coordinate or another stored variable.
    """
    import xarray as xr

    series = [str(s) for s in ds["series"].values]
    conf = _confidence(ds.attrs)
    per = {c: [str(v) for v in ds[c].values] for c in _SERIES_COORDS if c in ds.coords}
    keep_coords = [c for c in ds.coords if "series" not in ds[c].dims]
    out = xr.Dataset(coords={c: ds[c] for c in keep_coords})
    taken = set(out.coords) | {"compute_time_s"}
    for i, name in enumerate(series):
        names = series_variable_names(name)
        clash = sorted(set(names.values()) & taken)
        if clash:
            raise ValueError(f"series {name!r}: stored name(s) {clash} already used by a coordinate or another "
                             "series; rename the series")
        unit = per.get("series_units", [""] * len(series))[i]
        label = per.get("series_label", series)[i]
        long_name = per.get("series_long_name", per.get("series_label", series))[i]
        kind = per.get("series_kind", ["analysis"] * len(series))[i]
        stat = per.get("series_stat", [""] * len(series))[i]
        standard = per.get("series_standard_name", [""] * len(series))[i]
        ancillary = []
        for field in STACKED_FIELDS:
            if field not in ds:
                continue
            da = ds[field].isel(series=i, drop=True)
            if field != "value" and not _informative(field, da.values):
                continue
            var = da.copy()
            var.attrs = field_attrs(field, conf)
            if field in SERIES_UNIT_FIELDS and unit:
                var.attrs["units"] = unit
            what = var.attrs["long_name"]
            var.attrs["long_name"] = long_name if field == "value" else f"{what}; series: {label}"
            if field == "value":
                var.attrs.update(label=label, series_kind=kind, series_stat=stat)
                if standard:
                    var.attrs["standard_name"] = standard
            else:
                ancillary.append(names[field])
            out[names[field]] = var
            taken.add(names[field])
        if ancillary:
            out[name].attrs["ancillary_variables"] = " ".join(ancillary)
    if "compute_time_s" in ds:
        out["compute_time_s"] = ds["compute_time_s"].copy()
        out["compute_time_s"].attrs = field_attrs("compute_time_s", conf)
    out.attrs = dict(ds.attrs)
    out.attrs[SERIES_ORDER_ATTR] = json.dumps(series)
    return out


def from_cf(stored: xr.Dataset) -> xr.Dataset:
    """The in-memory (``series`` dimension) form of a stored result; a stacked file is returned as it is.

    Parameters
    ----------
    stored : xarray.Dataset
        What :func:`to_cf` wrote (loaded).

    Returns
    -------
    xarray.Dataset
    """
    import xarray as xr

    if SERIES_ORDER_ATTR not in stored.attrs:
        return stored
    series = json.loads(stored.attrs[SERIES_ORDER_ATTR])
    swept = list(stored["compute_time_s"].dims) if "compute_time_s" in stored else []
    variables: dict[str, Any] = {}  # name -> (dims, values) or DataArray
    for field in STACKED_FIELDS:
        extra = ("quantile",) if field in _QUANTILE_FIELDS else ("cdf_point",) if field in _CDF_FIELDS else ()
        if any(d not in stored.coords for d in extra):
            continue
        full = extra + tuple(swept)
        fill = _DEFAULTS.get(field, np.nan)
        arr = np.full((len(series), *(stored.sizes[d] for d in full)), fill, dtype=float)
        for i, s in enumerate(series):
            vname = series_variable_names(s)[field]
            if vname in stored:
                arr[i] = stored[vname].transpose(*full).values
        if field == "n_samples":
            arr = arr.astype(np.int64)
        elif field == "ci_valid":
            arr = arr.astype(np.int8)
        variables[field] = (("series", *full), arr)
    values = [stored[s] for s in series]
    coords: dict[Hashable, Any] = {c: stored[c] for c in stored.coords}
    coords["series"] = ("series", series)
    coords["series_label"] = ("series", [str(v.attrs.get("label", s)) for v, s in zip(values, series)])
    coords["series_kind"] = ("series", [str(v.attrs.get("series_kind", "analysis")) for v in values])
    coords["series_stat"] = ("series", [str(v.attrs.get("series_stat", "")) for v in values])
    coords["series_units"] = ("series", [str(v.attrs.get("units", "")) for v in values])
    coords["series_long_name"] = ("series", [str(v.attrs.get("long_name", "")) for v in values])
    coords["series_standard_name"] = ("series", [str(v.attrs.get("standard_name", "")) for v in values])
    if "compute_time_s" in stored:
        variables["compute_time_s"] = stored["compute_time_s"]
    ds = xr.Dataset(variables, coords=coords)
    conf = _confidence(stored.attrs)
    for name in ds.data_vars:
        ds[name].attrs = field_attrs(str(name), conf)
    for c in _SERIES_COORDS:
        ds[c].attrs = {"long_name": SERIES_COORD_LONG_NAMES[c]}
    ds["series"].attrs = {"long_name": SERIES_COORD_LONG_NAMES["series"]}
    ds.attrs = {k: v for k, v in stored.attrs.items() if k != SERIES_ORDER_ATTR}
    return ds
