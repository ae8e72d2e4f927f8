"""Stored results in other formats (MATLAB, CSV) and the percentile KPIs of a run.

``isacnet export RESULT --format mat|csv`` writes a stored result (the netCDF file of
``isacnet run`` / ``reproduce``) as

* ``mat``: a MATLAB file (:func:`scipy.io.savemat`, format 5): one struct per stored CF
  variable and coordinate, named as in the netCDF file where MATLAB allows it, with fields
  ``values`` (dimensions in the order of ``dims``), ``dims``, ``units``, ``long_name`` and the
  other attributes; ``attrs`` holds the global attributes (scenario, provenance, references);
* ``csv``: ``<name>.csv``, one row per sweep point and series (value, CI, samples, every kept
  quantile with its CI, label, units), and ``<name>_cdf.csv``, one row per CDF point, when the
  result keeps CDFs.

Parquet is not offered: it needs pyarrow, which is not a dependency of isacnet.

:func:`format_kpis` prints the percentile KPIs of a result next to its means
(``isacnet run ... --stat p5``).
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from isacnet.errors import InputError
from isacnet.store import atomic_write, read_dataset

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["FORMATS", "find_result", "export_result", "to_mat_dict", "matlab_name", "parse_stats", "format_kpis"]

FORMATS = ("mat", "csv")
"""Formats ``isacnet export`` writes (parquet would need pyarrow, which isacnet does not depend on)."""

_MATLAB_MAX_NAME = 63


def find_result(result: str | Path) -> Path:
    """The netCDF file of a stored result: a ``.nc`` file, or a result folder holding ``<folder>.nc``.

    Raises
    ------
    InputError
        When ``result`` is neither.
    """
    path = Path(result)
    if path.is_file():
        if path.suffix != ".nc":
            raise InputError("RESULT", f"must be a result's .nc file or its folder, got {str(path)!r}")
        return path
    if path.is_dir():
        own = path / f"{path.name}.nc"
        if own.is_file():
            return own
        found = sorted(path.glob("*.nc"))
        if len(found) == 1:
            return found[0]
        what = "no .nc file" if not found else f"{len(found)} .nc files"
        raise InputError("RESULT", f"{str(path)!r} holds {what}; name the result's .nc file")
    raise InputError("RESULT", f"no such file or folder: {str(path)!r} (a result folder of 'isacnet run', e.g. "
                               "results/coop-fig4)")


def matlab_name(name: str, taken: set[str] | None = None) -> str:
    """A valid MATLAB identifier for ``name`` (letters, digits, ``_``; a letter first; at most 63
    characters), unique among ``taken`` (which it joins)."""
    out = re.sub(r"[^0-9A-Za-z_]", "_", name)
    if not out or not out[0].isalpha():
        out = "v_" + out
    if len(out) > _MATLAB_MAX_NAME:
        digest = hashlib.sha1(name.encode()).hexdigest()[:8]
        out = out[: _MATLAB_MAX_NAME - 9] + "_" + digest
    if taken is not None:
        base, k = out, 1
        while out in taken:
            suffix = f"_{k}"
            out = base[: _MATLAB_MAX_NAME - len(suffix)] + suffix
            k += 1
        taken.add(out)
    return out


def _mat_value(v):
    if isinstance(v, np.ndarray):
        if v.dtype.kind in "USO":
            return np.array([str(x) for x in v.ravel()], dtype=object).reshape(v.shape)
        return v
    if isinstance(v, np.generic):
        return v.item()
    return v


def to_mat_dict(stored: xr.Dataset) -> dict:
    """The ``scipy.io.savemat`` dictionary of a stored (CF) result: one struct per variable and coordinate.

    Parameters
    ----------
    stored : xarray.Dataset
        The result as stored (:func:`isacnet.cf.to_cf`), one variable per series.

    Returns
    -------
    dict
        ``{matlab name: {"values", "dims", "name", "units", "long_name", ...}, "attrs": {...}}``.
    """
    taken = {"attrs"}
    out: dict = {}
    for name in [*stored.coords, *stored.data_vars]:
        var = stored[name]
        entry = {"values": _mat_value(np.asarray(var.values)), "dims": np.array(list(var.dims), dtype=object),
                 "name": str(name)}
        for key, value in var.attrs.items():
            entry[matlab_name(str(key))] = _mat_value(value)
        out[matlab_name(str(name), taken)] = entry
    attr_names: set[str] = set()
    out["attrs"] = {matlab_name(str(k), attr_names): _mat_value(v) for k, v in stored.attrs.items()}
    return out


def _write_mat(stored: xr.Dataset, path: Path) -> list[Path]:
    from scipy.io import savemat

    data = to_mat_dict(stored)
    return [atomic_write(path, lambda p: savemat(p, data, do_compression=True, oned_as="column"))]


def _tidy_frames(ds: xr.Dataset):
    """Rows per point and series (value, CI, quantiles) and rows per CDF point, as pandas frames."""
    import pandas as pd

    dims = [d for d in ds["value"].dims if d != "series"]
    scalars = [f for f in ("value", "ci_low", "ci_high", "std_error", "n_samples", "tail_index", "ci_valid") if f in ds]
    plain = ds.reset_coords([c for c in ds.coords if isinstance(c, str) and c.startswith("series_")], drop=True)
    table = plain[scalars].to_dataframe().reset_index()
    if "quantile" in ds.dims:
        for q in ds["quantile"].values:
            tag = f"p{100 * q:g}"
            sel = plain.sel(quantile=q)
            for field, suffix in (("quantile_value", ""), ("quantile_ci_low", "_ci_low"),
                                  ("quantile_ci_high", "_ci_high")):
                col = sel[field].to_dataframe(name=tag + suffix).reset_index()[[*dims, "series", tag + suffix]]
                table = table.merge(col, on=[*dims, "series"], how="left")
    meta = pd.DataFrame({"series": ds["series"].values, "series_label": ds["series_label"].values,
                         "units": ds["series_units"].values, "kind": ds["series_kind"].values})
    table = table.merge(meta, on="series", how="left")
    first = [*dims, "series", "series_label", "units", "kind"]
    table = table[first + [c for c in table.columns if c not in first]]
    cdf = None
    if "cdf" in ds:
        cdf = plain[["cdf_x", "cdf"]].to_dataframe().reset_index().dropna(subset=["cdf_x", "cdf"])
        cdf = cdf.merge(meta[["series", "units"]], on="series", how="left")
        cdf = cdf[[*dims, "series", "units", "cdf_point", "cdf_x", "cdf"]]
    return table, cdf


def _write_csv(ds: xr.Dataset, path: Path) -> list[Path]:
    table, cdf = _tidy_frames(ds)
    files = [atomic_write(path, lambda p: table.to_csv(p, index=False, float_format="%.10g"))]
    if cdf is not None and len(cdf):
        other = path.with_name(f"{path.stem}_cdf.csv")
        files.append(atomic_write(other, lambda p: cdf.to_csv(p, index=False, float_format="%.10g")))
    return files


def export_result(result: str | Path, fmt: str, out: str | Path | None = None) -> list[Path]:
    """Write a stored result as ``fmt``; returns the files written.

    Parameters
    ----------
    result : path
        The result's ``.nc`` file or its folder (:func:`find_result`).
    fmt : {"mat", "csv"}
    out : path, optional
        Target file (default: next to the result, ``<name>.mat`` or ``<name>_export.csv``).

    Raises
    ------
    InputError
        Unknown format, or ``result`` is not a stored result.
    """
    if fmt not in FORMATS:
        raise InputError("--format", f"must be one of {', '.join(FORMATS)} (parquet would need pyarrow, which "
                                     f"isacnet does not depend on), got {fmt!r}")
    nc = find_result(result)
    try:
        ds = read_dataset(nc)
    except (OSError, ValueError) as exc:
        raise InputError("RESULT", f"cannot read {str(nc)!r} as a stored result: {exc.__class__.__name__}") from None
    if "series" not in ds.dims:
        raise InputError("RESULT", f"{str(nc)!r} is not a result of 'isacnet run' or 'reproduce'")
    default = nc.with_name(f"{nc.stem}.mat") if fmt == "mat" else nc.with_name(f"{nc.stem}_export.csv")
    target = Path(out) if out is not None else default
    if target.suffix != f".{fmt}":
        raise InputError("--out", f"must end in .{fmt}, got {str(target)!r}")
    if fmt == "mat":
        from isacnet.cf import to_cf

        return _write_mat(to_cf(ds), target)
    return _write_csv(ds, target)


# -- percentile KPIs -------------------------------------------------------------------------
_STAT = re.compile(r"^p(\d+(?:\.\d+)?)$")


def parse_stats(items: list[str]) -> list[tuple[str, float | None]]:
    """``["mean", "p5,p95", "median"]`` → ``[("mean", None), ("p5", 0.05), ("p95", 0.95), ("median", 0.5)]``.

    Raises
    ------
    InputError
        A statistic other than ``mean``, ``median`` or ``pN`` with ``0 < N < 100``.
    """
    out: list[tuple[str, float | None]] = []
    for item in items:
        for word in (w.strip() for w in item.split(",")):
            if not word:
                continue
            if word == "mean":
                out.append(("mean", None))
            elif word == "median":
                out.append(("median", 0.5))
            else:
                m = _STAT.match(word)
                level = float(m.group(1)) / 100 if m else math.nan
                if not 0 < level < 1:
                    raise InputError("--stat", f"must be mean, median or pN with 0 < N < 100 (p5, p95), got {word!r}")
                out.append((word, round(level, 10)))
    return list(dict.fromkeys(out))


def _fmt(v: float) -> str:
    return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.4g}"


def format_kpis(ds: xr.Dataset, stats: list[tuple[str, float | None]]) -> str:
    """A short table of the Monte Carlo series of ``ds``: their value (mean or median) and the asked percentiles.

    Parameters
    ----------
    ds : xarray.Dataset
        A result (``series`` dimension).
    stats : list of (name, level)
        From :func:`parse_stats`; ``mean`` is the series' value where it reports a mean.

    Returns
    -------
    str
        One line per Monte Carlo series and sweep point (empty when there is none).
    """
    mc = [i for i, k in enumerate(ds["series_kind"].values) if str(k) == "mc"]
    if not mc:
        return ""
    dims = [d for d in ds["value"].dims if d != "series"]
    levels = [float(q) for q in ds["quantile"].values] if "quantile" in ds.dims else []
    header = ["series", *(str(d) for d in dims), "unit", "value"] + [name for name, _ in stats]
    rows: list[list[str]] = []
    for i in mc:
        sel = ds.isel(series=i)
        stat = str(sel["series_stat"].values) if "series_stat" in ds.coords else ""
        for idx in np.ndindex(*(ds.sizes[d] for d in dims)):
            point = sel.isel(dict(zip(dims, idx)))
            value = float(point["value"])
            cells = [str(ds["series"].values[i]), *(str(point[d].values) for d in dims),
                     str(sel["series_units"].values) or "–", f"{_fmt(value)} ({stat or 'value'})"]
            for _, level in stats:
                if level is None:
                    cells.append(_fmt(value) if stat == "mean" else "–")
                    continue
                hit = [j for j, q in enumerate(levels) if abs(q - level) < 1e-9]
                cells.append(_fmt(float(point["quantile_value"].isel(quantile=hit[0]))) if hit else "not kept")
            rows.append(cells)
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in [header, *rows]]
    return "\n".join(lines) + "\n"
