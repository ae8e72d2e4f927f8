"""Fault tests: a killed run resumes bit-identically, no worker outlives its parent, two runs never
mix in one folder, an interrupted or tampered result is redrawn, a lost worker or scheduler is one
line. Each names the finding of issue #13 it covers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from isacnet.cli import main
from isacnet.store import MANIFEST_NAME, read_dataset

from .conftest import (
    alive,
    assert_one_line_error,
    children_of,
    isacnet_cmd,
    run_isacnet,
    terminate,
    wait_for,
)

pytestmark = pytest.mark.slow

# Eight points of a few seconds in all on two workers: long enough to interrupt in the middle.
SWEEP = """
experiment = "coop.crlb"
seed = 11
[params]
cluster_size_sense = [3, 4, 5, 6, 7, 8, 9, 10]
[monte_carlo]
batch_size = 20000
min_samples = 200000
max_samples = 200000
target_rel_ci = 0
"""


def _scenario(tmp_path: Path, text: str = SWEEP, name: str = "sweep") -> Path:
    f = tmp_path / f"{name}.toml"
    f.write_text(text)
    return f


def _cache_entries(out: Path) -> list[Path]:
    return sorted((out / ".cache").glob("*/*.json"))


def _leftovers(out: Path) -> list[str]:
    """Temporary files, staging folders and locks a run must not leave behind."""
    return sorted(str(p.relative_to(out)) for p in out.rglob("*")
                  if ".tmp" in p.name or p.name.endswith(".lock") or ".tmp-" in str(p))


def _workers(pid: int) -> list[int]:
    return [c for c in children_of(pid) if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def _assert_manifest_holds(folder: Path) -> dict:
    """Every file in the folder is listed in its manifest with its current hash."""
    import hashlib

    m = json.loads((folder / MANIFEST_NAME).read_text())
    on_disk = {p.name for p in folder.iterdir()} - {MANIFEST_NAME}
    assert on_disk == set(m["files"]), (on_disk, m["files"])
    for name, digest in m["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    return m


# -- SIGKILL mid-sweep, resume, orphans (findings: "Processes", the core's resume) -------------
def test_sigkill_mid_sweep_leaves_no_worker_and_the_rerun_is_bit_identical(tmp_path):
    f = _scenario(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.Popen(isacnet_cmd("run", str(f), "--out", str(out), "--workers", "2"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        assert wait_for(lambda: len(_cache_entries(out)) >= 2, timeout=240), "no point finished"
        workers = _workers(proc.pid)
        assert workers, "the run has no worker processes"
        helpers = children_of(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        # the contract: no worker (nor the resource tracker) survives its parent 10 s later
        assert wait_for(lambda: not any(alive(p) for p in helpers), timeout=10), \
            [p for p in helpers if alive(p)]
    finally:
        terminate(proc)
    done = {p: p.stat().st_mtime_ns for p in _cache_entries(out)}
    assert 2 <= len(done) < 8
    assert main(["run", str(f), "--out", str(out), "--scheduler", "serial"]) == 0
    assert all(p.stat().st_mtime_ns == t for p, t in done.items()), "finished points were recomputed"
    assert len(_cache_entries(out)) == 8
    assert main(["run", str(f), "--out", str(tmp_path / "fresh"), "--scheduler", "serial"]) == 0
    resumed = read_dataset(out / "sweep" / "sweep.nc")
    fresh = read_dataset(tmp_path / "fresh" / "sweep" / "sweep.nc")
    for var in ("value", "ci_low", "ci_high", "n_samples", "std_error"):
        np.testing.assert_array_equal(resumed[var].values, fresh[var].values)
    assert _leftovers(out) == []


@pytest.mark.parametrize("sig, code, words", [(signal.SIGTERM, 143, "terminated"),
                                              (signal.SIGINT, 130, "interrupted")])
def test_signal_stops_workers_with_one_line(tmp_path, sig, code, words):
    f = _scenario(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.Popen(isacnet_cmd("run", str(f), "--out", str(out), "--workers", "2"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert wait_for(lambda: len(_workers(proc.pid)) == 2, timeout=120)
        helpers = children_of(proc.pid)
        proc.send_signal(sig)
        err = proc.communicate(timeout=30)[1]
    finally:
        terminate(proc)
    lines = err.strip().splitlines()
    assert proc.returncode == code and len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith(f"isacnet: {words}; finished points are cached")
    assert wait_for(lambda: not any(alive(p) for p in helpers), timeout=10)
    assert not (out / "sweep").exists() and _leftovers(out) == []


def test_killed_worker_is_one_line_and_keeps_finished_points(tmp_path):
    f = _scenario(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.Popen(isacnet_cmd("run", str(f), "--out", str(out), "--workers", "2"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert wait_for(lambda: len(_cache_entries(out)) >= 1 and len(_workers(proc.pid)) == 2, timeout=240)
        os.kill(_workers(proc.pid)[0], signal.SIGKILL)
        try:
            err = proc.communicate(timeout=120)[1]
        except subprocess.TimeoutExpired:  # show where it hangs (faulthandler dumps every thread)
            proc.send_signal(signal.SIGABRT)
            pytest.fail("no exit 120 s after a worker was killed:\n" + proc.communicate(timeout=30)[1][-8000:])
    finally:
        terminate(proc)
    msg = assert_one_line_error(proc.returncode, err, 1)
    assert msg.startswith("workers: a worker process died") and "re-run resumes" in msg
    assert len(_cache_entries(out)) >= 1 and _leftovers(out) == []


# -- two runs into one folder (finding "A result folder can mix two runs") --------------------
def test_concurrent_run_into_the_same_folder_fails_clearly_and_nothing_mixes(tmp_path):
    f = _scenario(tmp_path)
    out = tmp_path / "out"
    first = subprocess.Popen(isacnet_cmd("run", str(f), "--out", str(out), "--scheduler", "serial", "--set", "seed=1"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: (out / ".sweep.lock").exists(), timeout=120)
        second = run_isacnet("run", str(f), "--out", str(out), "--scheduler", "serial", "--set", "seed=2")
        msg = assert_one_line_error(second.returncode, second.stderr)
        assert "is being written by another isacnet run" in msg and str(first.pid) in msg
        assert first.wait(timeout=300) == 0
    finally:
        terminate(first)
    m = _assert_manifest_holds(out / "sweep")
    assert m["seed"] == 1 and read_dataset(out / "sweep" / "sweep.nc").attrs["seed"] == 1
    assert _leftovers(out) == []


def test_racing_runs_leave_one_whole_result(tmp_path):
    """Both start at once: each ends with exit 0 or the one-line refusal, and the folder
    holds exactly one run's files (its manifest's hashes match every file)."""
    f = _scenario(tmp_path, SWEEP.replace("[3, 4, 5, 6, 7, 8, 9, 10]", "[3, 4]"), "race")
    out = tmp_path / "out"
    for trial in range(1):
        procs = [subprocess.Popen(isacnet_cmd("run", str(f), "--out", str(out), "--scheduler", "serial",
                                              "--set", f"seed={10 * trial + k}"),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for k in range(2)]
        results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
        for p in procs:
            p.stdout.close()
            p.stderr.close()
        assert any(code == 0 for code, _ in results)
        for code, err in results:
            if code != 0:
                assert "being written by another isacnet run" in assert_one_line_error(code, err)
        m = _assert_manifest_holds(out / "race")
        assert read_dataset(out / "race" / "race.nc").attrs["seed"] == m["seed"]
    assert _leftovers(out) == []


# -- a killed Dask scheduler (finding "A killed Dask scheduler gives 63 lines") ----------------
CLUSTER = """
import time
import distributed
if __name__ == "__main__":
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp://",
                                  dashboard_address=None) as c:
        print(c.scheduler_address, flush=True)
        while True:
            time.sleep(1)
"""


def test_killed_dask_scheduler_is_one_line_and_keeps_finished_points(tmp_path):
    script = tmp_path / "cluster.py"
    script.write_text(CLUSTER)
    cluster = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, start_new_session=True)
    run = None
    try:
        address = cluster.stdout.readline().strip()
        assert address.startswith("tcp://")
        out = tmp_path / "out"
        run = subprocess.Popen(isacnet_cmd("run", str(_scenario(tmp_path)), "--out", str(out), "--scheduler", address),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert wait_for(lambda: len(_cache_entries(out)) >= 1, timeout=240)
        os.killpg(cluster.pid, signal.SIGKILL)
        err = run.communicate(timeout=120)[1]
    finally:
        if run is not None:
            terminate(run)
        terminate(cluster)
    msg = assert_one_line_error(run.returncode, err, 1)
    assert msg.startswith(f"--scheduler: lost the Dask scheduler at {address}")
    assert len(_cache_entries(out)) >= 1 and _leftovers(out) == []


# -- a read-only output folder (finding 3) --------------------------------------------------------
def test_read_only_output_folder_is_one_line(tmp_path):
    import shutil

    folder = tmp_path / "read-only"
    folder.mkdir()
    os.chmod(folder, 0o555)
    immutable = os.geteuid() == 0  # root writes through permission bits: make the folder immutable
    if immutable:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a folder read-only")
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    try:
        proc = run_isacnet("run", "coop-fig3", "--quick", "--out", str(folder / "out"))
        msg = assert_one_line_error(proc.returncode, proc.stderr)
        assert msg == f"--out: {str(folder)!r} is not writable"
        assert list(folder.iterdir()) == []
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        os.chmod(folder, 0o755)
