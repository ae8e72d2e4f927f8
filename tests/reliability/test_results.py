"""Result folders and the point cache: a corrupt cache entry heals itself with one warning, a
folder is one run (manifest), a stale or interrupted figure is redrawn, and a variant never
replaces a figure's result. In-process and serial, so they are quick."""

from __future__ import annotations

import hashlib
import json
import os

import numpy as np
import pytest

from isacnet.cli import main
from isacnet.parallel import SerialExecutor
from isacnet.pipeline import run_scenario
from isacnet.runner import compute_dataset
from isacnet.scenario import load_scenario, profile_values
from isacnet.store import MANIFEST_NAME, CacheWarning, read_dataset

# Two GDoP points with a small budget: about 0.1 s.
TINY = {"experiment": "coop.gdop", "seed": 4, "params": {"cluster_size_sense": [3, 5]},
        "monte_carlo": {"batch_size": 2000, "min_samples": 2000, "max_samples": 4000, "target_rel_ci": 0}}


def _first_entry(cache):
    return sorted(cache.glob("*.json"))[0]


def _corrupt(path, kind):
    other = json.loads(path.read_text())
    if kind == "random-bytes":
        path.write_bytes(os.urandom(64) + b"\xff\xfe")
    elif kind == "empty-object":
        path.write_text("{}")
    elif kind == "empty-results":
        path.write_text(json.dumps({**other, "results": {}}))
    elif kind == "directory":
        path.unlink()
        path.mkdir()
        (path / "inside").write_text("x")
    elif kind == "list":
        path.write_text("[1, 2, 3]")
    elif kind == "truncated":
        path.write_text(path.read_text()[:40])
    elif kind == "other-point":
        path.write_text(json.dumps({**other, "key": "0" * 24}))
    elif kind == "malformed-estimate":
        res = {k: ({**v, "mean": "NaN?"} if isinstance(v, dict) else v) for k, v in other["results"].items()}
        path.write_text(json.dumps({**other, "results": res}))
    elif kind == "missing-series":
        path.write_text(json.dumps({**other, "results": {"unrelated": 1.0}}))
    elif kind == "negative-time":
        path.write_text(json.dumps({**other, "compute_time_s": -1}))
    else:
        raise AssertionError(kind)


KINDS = ["random-bytes", "empty-object", "empty-results", "directory", "list", "truncated", "other-point",
         "malformed-estimate", "missing-series", "negative-time"]


@pytest.mark.parametrize("kind", KINDS)
def test_corrupt_cache_entry_is_reported_moved_aside_and_recomputed(tmp_path, kind):
    scn = load_scenario(TINY)
    cache = tmp_path / "cache"
    ref = compute_dataset(scn, SerialExecutor(), cache_dir=cache)
    entry = _first_entry(cache)
    _corrupt(entry, kind)
    with pytest.warns(CacheWarning) as record:
        again = compute_dataset(scn, SerialExecutor(), cache_dir=cache)
    cache_warnings = [w for w in record if issubclass(w.category, CacheWarning)]
    assert len(cache_warnings) == 1
    text = str(cache_warnings[0].message)
    assert str(entry) in text and "moved it to" in text and "recomputing" in text and "\n" not in text
    assert (cache / (entry.name + ".bad")).exists() and entry.is_file()
    for var in ("value", "ci_low", "ci_high", "n_samples"):
        np.testing.assert_array_equal(again[var].values, ref[var].values)
    json.loads(entry.read_text())  # healed: a later run reads it without a warning
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        compute_dataset(scn, SerialExecutor(), cache_dir=cache)


def test_corrupt_cache_entry_on_the_command_line_is_one_warning_line(tmp_path):
    """A real process (pytest would capture the warning in-process)."""
    from .conftest import run_isacnet

    f = tmp_path / "tiny.toml"
    f.write_text('experiment = "coop.gdop"\nseed = 4\n[params]\ncluster_size_sense = [3, 5]\n[monte_carlo]\n'
                 "batch_size = 2000\nmin_samples = 2000\nmax_samples = 4000\ntarget_rel_ci = 0\n")
    out = tmp_path / "out"
    argv = ["run", str(f), "--out", str(out), "--scheduler", "serial"]
    assert main(argv) == 0
    entry = _first_entry(out / ".cache" / "coop.gdop")
    entry.write_bytes(b"\x00garbage")
    proc = run_isacnet(*argv, "--set", "title='again'")  # a new run reads the cache
    assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if "point cache" in ln]
    assert len(lines) == 1 and lines[0].startswith("isacnet: warning: point cache entry ") and entry.name in lines[0]
    assert "Traceback" not in proc.stderr


def test_a_folder_holds_one_run_and_its_manifest(tmp_path):
    scn = load_scenario(TINY)
    out = run_scenario(scn, tmp_path, "tiny")
    folder = tmp_path / "tiny"
    m = json.loads((folder / MANIFEST_NAME).read_text())
    assert set(m["files"]) == {"tiny.nc", "tiny.csv"} and m["seed"] == 4 and m["cache_key"]
    # the stored scenario: TINY's params and the values its profile (paper, the default) fills in
    assert m["scenario"]["params"] == {**profile_values(scn), **TINY["params"]} and m["isacnet_version"]
    for name, digest in m["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    assert run_scenario(scn, tmp_path, "tiny").reused
    other = run_scenario(load_scenario({**TINY, "seed": 5}), tmp_path, "tiny")
    assert not other.reused and other.replaced and "another scenario" in other.replaced
    assert json.loads((folder / MANIFEST_NAME).read_text())["seed"] == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "tiny"]  # no staging, no lock
    assert out.files["netcdf"] == folder / "tiny.nc"


def _fig3(tmp_path, capsys, *extra):
    capsys.readouterr()
    code = main(["run", "coop-fig3", "--quick", "--out", str(tmp_path), "--scheduler", "serial",
                 "--set", "cluster_size_sense=[2, 3]", "--name", "fig", *extra])
    return code, capsys.readouterr()


def test_interrupt_while_drawing_keeps_the_old_result_and_the_next_run_redraws(tmp_path, capsys, monkeypatch):
    """Finding: Ctrl-C while the figure was drawn left new data beside the old figure, and the
    next run reused it."""
    import isacnet.pipeline as pipeline

    assert _fig3(tmp_path, capsys)[0] == 0
    folder = tmp_path / "fig"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    png_inode = (folder / "fig.png").stat().st_ino
    real_save = pipeline.save_figure

    def interrupted(fig, path):
        if str(path).endswith(".pdf"):
            raise KeyboardInterrupt
        return real_save(fig, path)

    monkeypatch.setattr(pipeline, "save_figure", interrupted)
    code, streams = _fig3(tmp_path, capsys, "--seed", "99")
    assert code == 130 and "interrupted" in streams.err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # untouched: the old run, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "fig"]  # no staging folder, no lock
    monkeypatch.setattr(pipeline, "save_figure", real_save)
    code, streams = _fig3(tmp_path, capsys, "--seed", "99")
    assert code == 0 and "computed" in streams.out
    m = json.loads((folder / MANIFEST_NAME).read_text())
    assert m["seed"] == 99 and (folder / "fig.nc").read_bytes() != before["fig.nc"]  # the new seed's data
    # and its figure drawn anew (written atomically: a new file). Its pixels may equal the old ones: at
    # print size two seeds' Monte Carlo markers can land on the same pixels, their CIs hidden behind them
    assert (folder / "fig.png").stat().st_ino != png_inode


def test_a_tampered_or_missing_figure_is_redrawn_not_reused(tmp_path, capsys):
    assert _fig3(tmp_path, capsys)[0] == 0
    png = tmp_path / "fig" / "fig.png"
    good = png.read_bytes()
    png.write_bytes(good[: len(good) // 2])  # a stale or damaged figure
    code, streams = _fig3(tmp_path, capsys)
    assert code == 0 and "computed" in streams.out and png.read_bytes() == good
    png.unlink()
    code, streams = _fig3(tmp_path, capsys)
    assert code == 0 and "computed" in streams.out and png.read_bytes() == good
    code, streams = _fig3(tmp_path, capsys)
    assert code == 0 and "reused stored result" in streams.out


def test_a_folder_from_before_manifests_is_recomputed(tmp_path, capsys):
    assert _fig3(tmp_path, capsys)[0] == 0
    (tmp_path / "fig" / MANIFEST_NAME).unlink()
    code, streams = _fig3(tmp_path, capsys)
    assert code == 0 and "computed" in streams.out and (tmp_path / "fig" / MANIFEST_NAME).exists()


def test_run_with_overrides_never_replaces_the_reproduced_figure(tmp_path, capsys):
    """Finding: ``isacnet run coop-fig3 --set ...`` silently replaced results/coop-fig3/."""
    out = str(tmp_path)
    common = ["--quick", "--out", out, "--scheduler", "serial"]
    assert main(["reproduce", "coop-fig3", *common, "--set", "monte_carlo.max_samples=100000"]) == 0
    capsys.readouterr()
    # reproduce with overrides goes to a variant folder too; the plain figure is reproduced once
    variants = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert len(variants) == 1 and variants[0].startswith("coop-fig3+")
    assert main(["reproduce", "coop-fig3", *common]) == 0
    reproduced = json.loads((tmp_path / "coop-fig3" / MANIFEST_NAME).read_text())
    assert reproduced["origin"] == "reproduce"
    capsys.readouterr()
    assert main(["run", "coop-fig3", *common, "--set", "cluster_size_sense=[2, 3]"]) == 0
    printed = capsys.readouterr().out.splitlines()[0]
    assert printed.startswith("coop-fig3+") and "computed" in printed
    assert json.loads((tmp_path / "coop-fig3" / MANIFEST_NAME).read_text()) == reproduced
    assert main(["run", "coop-fig3", *common, "--seed", "5"]) == 0  # --seed is an override too
    assert json.loads((tmp_path / "coop-fig3" / MANIFEST_NAME).read_text()) == reproduced
    capsys.readouterr()
    assert main(["run", "coop-fig3", *common, "--seed", "5", "--name", "coop-fig3"]) == 0  # explicit: allowed, said
    assert "replaced an earlier result of another scenario ('reproduce'" in capsys.readouterr().out
    # the same built-in without overrides is the same result: reused, not replaced
    assert main(["reproduce", "coop-fig3", *common]) == 0
    assert main(["run", "coop-fig3", *common]) == 0
    assert "reused stored result" in capsys.readouterr().out.splitlines()[-5]
    ds = read_dataset(tmp_path / "coop-fig3" / "coop-fig3.nc")
    assert ds.attrs["seed"] == reproduced["seed"]
