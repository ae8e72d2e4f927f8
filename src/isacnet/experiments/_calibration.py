"""The ``<key>.calibration`` experiments: a paper profile's fit, read from its committed scan.

The scans that infer a paper's unstated parameters (:mod:`isacnet.calibration`,
``python -m isacnet.calibration KEY``) optimise hundreds of layouts or solve thousands of
problems, too slow for ``--quick``; they write ``isacnet/calibration/data/<key>_scan.json``,
package data that these experiments read. One point: for every quoted number of the paper,
the model's value at the paper profile and the paper's value, and the fit's mismatch.
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources
from typing import Literal

from isacnet.errors import InputError
from isacnet.models import ParamsModel, param
from isacnet.registry import Experiment, QuotedNumber, Series

__all__ = ["CalibrationParams", "scan_record", "calibration_experiment"]


class CalibrationParams(ParamsModel):
    """Which scan the calibration figure shows."""

    source: Literal["committed"] = param(
        "committed", unit="–",
        doc="the committed scan, isacnet/calibration/data/<key>_scan.json (python -m isacnet.calibration KEY "
            "rewrites it)")


@functools.lru_cache(maxsize=8)
def _read(key: str) -> str:
    path = resources.files("isacnet") / "calibration" / "data" / f"{key}_scan.json"
    if not path.is_file():
        raise InputError("key", f"no committed scan for {key!r}: run 'python -m isacnet.calibration {key}'")
    return path.read_text()


def scan_record(key: str) -> dict:
    """The committed scan record of paper key ``key`` (a fresh copy)."""
    return json.loads(_read(key))


def calibration_experiment(key: str, quoted: tuple[QuotedNumber, ...]) -> Experiment:
    """The experiment ``<key>.calibration`` for the quoted numbers ``quoted``."""

    def analytic(p: CalibrationParams) -> dict[str, float]:
        rec = scan_record(key)
        rows = {r["id"]: r for r in rec["predictions"]}
        out = {"mismatch": float(rec["mismatch_at_profile"])}
        for q in quoted:
            model = rows[q.id]["model"]
            out[q.id] = math.nan if model is None else float(model)
            out[f"{q.id}_paper"] = q.value
        return out

    series = [Series("mismatch", "mismatch of the fitted numbers at the paper profile (RMS log error)", unit="1")]
    for q in quoted:
        series.append(Series(q.id, f"{q.figure}, {'fitted' if q.role == 'fit' else 'held out'}: model at the paper "
                                   "profile", unit=q.unit))
        series.append(Series(f"{q.id}_paper", f"{q.figure}: the paper's value", unit=q.unit))
    return Experiment(id=f"{key}.calibration", params=CalibrationParams, series=tuple(series), analytic=analytic,
                      description=f"Paper profile of {key}: quoted numbers, fitted and held out, at the inferred "
                                  "parameters (from the committed scan).")
