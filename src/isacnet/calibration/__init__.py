"""Paper profiles: the parameters a paper leaves unstated, inferred from the paper's own numbers.

Several quoted numbers of the papers depend on parameters the papers never state (a radar
constant, a backhaul cost, a channel model, ...). For each paper key, a module here poses the
inference as an inverse problem:

* a physically plausible **range** for every unstated parameter, with the reason for it;
* a **mismatch** between the model's numbers and a *fitting* subset of the paper's quoted
  numbers, scanned over that range (:func:`log_error`, :func:`rms`);
* the **held-out** quoted numbers, predicted at the fitted values and reported with their errors.

The model's numbers come from the registered experiments (:func:`run_experiment`, the
scenario machinery) or, where a scan needs thousands of evaluations, from the same
optimisation/analysis functions the experiments call. Each module's ``scan(quick)`` returns a
JSON-able record that ``python -m isacnet.calibration <key>`` writes to
``isacnet/calibration/data/<key>_scan.json``: the figures ``calib-<key>`` and the theory pages
show that file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from isacnet.registry import QuotedNumber

__all__ = [
    "KEYS",
    "QuotedNumber",
    "Prediction",
    "log_error",
    "rms",
    "predictions_table",
    "scan_path",
    "load_scan",
    "save_scan",
    "run_experiment",
]

KEYS = ("deploy", "coop", "nulling", "power")
"""Paper keys with a calibration, in the order the issue asks for them."""


@dataclass(frozen=True)
class Prediction:
    """One quoted number next to the model's value at the fitted parameters."""

    quoted: QuotedNumber
    model: float
    note: str = ""

    @property
    def error(self) -> float:
        """Relative error ``model / paper - 1`` (bounds: only the violation, else 0)."""
        if not self.quoted.value:
            return math.nan
        e = self.model / self.quoted.value - 1.0
        if self.quoted.kind == "upper":
            return max(0.0, e)
        if self.quoted.kind == "lower":
            return min(0.0, e)
        return e

    @property
    def reproduced(self) -> bool:
        return bool(math.isfinite(self.error) and abs(self.error) <= self.quoted.tolerance)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self.quoted)
        d.update(model=_finite_or_none(self.model), error=_finite_or_none(self.error), reproduced=self.reproduced,
                 note=self.note)
        return d


def log_error(model: float, paper: float, kind: Literal["value", "upper", "lower"] = "value") -> float:
    """``ln(model / paper)`` (a symmetric relative error); for bounds only the violation counts.

    Non-positive or non-finite model values give ``inf`` (the number is not produced at all).
    """
    if not (math.isfinite(model) and model > 0):
        return math.inf
    e = math.log(model / paper)
    if kind == "upper":
        return max(0.0, e)
    if kind == "lower":
        return min(0.0, e)
    return e


def rms(errors: Iterable[float]) -> float:
    """Root mean square of the errors (the mismatch of a fit)."""
    e = [float(x) for x in errors]
    if not e:
        return math.nan
    if not all(math.isfinite(x) for x in e):
        return math.inf
    return math.sqrt(sum(x * x for x in e) / len(e))


def predictions_table(predictions: Iterable[Prediction]) -> list[dict[str, Any]]:
    """The JSON rows of fitted and held-out numbers."""
    return [p.as_dict() for p in predictions]


def _finite_or_none(x):
    try:
        xf = float(x)
    except (TypeError, ValueError):
        return None
    return xf if math.isfinite(xf) else None


def scan_path(key: str) -> Path:
    """Where the committed scan of ``key`` lives (package data)."""
    return Path(str(resources.files("isacnet.calibration") / "data" / f"{key}_scan.json"))


def load_scan(key: str) -> dict:
    """The committed scan record of ``key`` (written by ``python -m isacnet.calibration KEY``)."""
    from isacnet.errors import InputError

    if key not in KEYS:
        raise InputError("key", f"must be one of {', '.join(KEYS)}, got {key!r}")
    path = scan_path(key)
    if not path.exists():
        raise InputError("key", f"no scan for {key!r} yet: run 'python -m isacnet.calibration {key}'")
    return json.loads(path.read_text())


def save_scan(key: str, record: dict, path: str | Path | None = None) -> Path:
    """Write ``record`` as JSON atomically (default: the package data file of ``key``)."""
    from isacnet.store import atomic_write

    target = Path(path) if path is not None else scan_path(key)
    rec = _round(clean(record))
    # one top-level entry per line, each compact: small files with readable diffs
    lines = [f"  {json.dumps(k)}: {json.dumps(v, default=_json_default, allow_nan=False, ensure_ascii=False)}"
             for k, v in rec.items()]
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    return atomic_write(target, lambda tmp: tmp.write_text(text))


def _round(obj, digits: int = 6):
    """Floats to ``digits`` significant digits (the scans are not more accurate than that)."""
    if isinstance(obj, dict):
        return {k: _round(v, digits) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_round(v, digits) for v in obj]
    if isinstance(obj, float) and obj != 0.0:
        return float(f"{obj:.{digits}g}")
    return obj


def _json_default(o):
    import numpy as np

    if isinstance(o, np.integer):
        return int(o)
    if isinstance(o, np.floating):
        return _finite_or_none(o)
    if isinstance(o, np.ndarray):
        return [_json_default(x) if isinstance(x, np.generic) else x for x in o.tolist()]
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def clean(obj):
    """Replace non-finite floats by ``None`` recursively (JSON has no NaN/inf)."""
    import numpy as np

    if isinstance(obj, dict):
        return {k: clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [clean(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return clean(obj.tolist())
    if isinstance(obj, float | np.floating):
        return _finite_or_none(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    return obj


def run_experiment(experiment: str, params: dict, seed: int = 0, profile: str = "spec"):
    """Compute a registered experiment through the scenario machinery (serial).

    ``params`` may sweep fields by giving lists, as in a scenario file; fields it leaves unset
    take the ``profile``'s values (default ``"spec"``: a scan sets the parameters it infers
    itself). Returns the result :class:`xarray.Dataset` (``value`` over ``(series, *swept fields)``).
    """
    from isacnet.parallel import SerialExecutor
    from isacnet.runner import compute_dataset
    from isacnet.scenario import load_scenario

    scn = load_scenario({"experiment": experiment, "params": params, "seed": seed}, profile=profile)
    with SerialExecutor() as ex:
        return compute_dataset(scn, ex)
