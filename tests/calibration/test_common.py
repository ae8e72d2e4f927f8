"""The calibration framework: errors of quoted numbers, mismatch, scan files."""

from __future__ import annotations

import json
import math

import pytest

from isacnet.calibration import KEYS, Prediction, QuotedNumber, load_scan, log_error, rms, save_scan
from isacnet.errors import InputError


def test_log_error_is_symmetric_and_bounds_count_only_violations():
    assert log_error(2.0, 1.0) == pytest.approx(math.log(2.0))
    assert log_error(0.5, 1.0) == pytest.approx(-math.log(2.0))
    assert log_error(0.5, 1.0, "upper") == 0.0 and log_error(2.0, 1.0, "upper") == pytest.approx(math.log(2.0))
    assert log_error(2.0, 1.0, "lower") == 0.0 and log_error(0.5, 1.0, "lower") == pytest.approx(-math.log(2.0))
    assert log_error(0.0, 1.0) == math.inf and log_error(float("nan"), 1.0) == math.inf


def test_rms_of_errors():
    assert rms([3.0, 4.0]) == pytest.approx(math.sqrt(12.5))
    assert rms([1.0, math.inf]) == math.inf
    assert math.isnan(rms([]))


def test_prediction_error_and_verdict():
    q = QuotedNumber("x", "Fig. 1", "about 3", 3.0, "fit", 0.1)
    assert Prediction(q, 3.2).error == pytest.approx(0.2 / 3) and Prediction(q, 3.2).reproduced
    assert not Prediction(q, 3.5).reproduced
    low = QuotedNumber("y", "Fig. 1", "at least 1.5", 1.5, "held_out", 0.0, kind="lower")
    assert Prediction(low, 2.0).error == 0.0 and Prediction(low, 2.0).reproduced
    assert Prediction(low, 1.2).error == pytest.approx(-0.2) and not Prediction(low, 1.2).reproduced
    row = Prediction(q, float("inf")).as_dict()
    assert row["model"] is None and row["reproduced"] is False  # JSON has no inf


def test_save_scan_round_trip(tmp_path):
    path = save_scan("coop", {"key": "coop", "values": [1.0, 2.0]}, tmp_path / "coop_scan.json")
    assert json.loads(path.read_text()) == {"key": "coop", "values": [1.0, 2.0]}


def test_committed_scans_exist_for_every_key():
    for key in KEYS:
        rec = load_scan(key)
        assert rec["key"] == key and not rec["quick"]
        assert {p["role"] for p in rec["predictions"]} == {"fit", "held_out"}


def test_load_scan_rejects_unknown_key():
    with pytest.raises(InputError, match="key"):
        load_scan("overview")
