"""Library use (serial by default, the spawn guard explained in one line), and the honesty of the
output: ``claims`` fails when a claim fails, the heavy-tail warning quotes a number the output
shows, and a median's CI is never of zero width."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

from isacnet.cli import main
from isacnet.scenario import load_scenario

SCRIPT_HEAD = """
from isacnet.pipeline import run_scenario
from isacnet.scenario import load_scenario
scn = load_scenario({"experiment": "coop.gdop", "seed": 1, "params": {"cluster_size_sense": [3, 4]},
                     "monte_carlo": {"batch_size": 2000, "min_samples": 2000, "max_samples": 4000}})
"""


def _script(tmp_path, body: str) -> subprocess.CompletedProcess:
    f = tmp_path / "user_script.py"
    f.write_text(SCRIPT_HEAD + textwrap.dedent(body))
    return subprocess.run([sys.executable, str(f)], capture_output=True, text=True, timeout=300, cwd=tmp_path)


def test_unguarded_script_runs_serially_by_default(tmp_path):
    """Finding: a script without ``if __name__ == "__main__":`` died with a 181-line traceback."""
    proc = _script(tmp_path, """
        import multiprocessing
        out = run_scenario(scn, "out", "lib")
        assert not out.reused and not multiprocessing.active_children()
        print("ok", out.files["netcdf"])
    """)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok") and (tmp_path / "out" / "lib" / "lib.nc").exists()


def test_unguarded_script_with_a_process_pool_is_explained_in_one_line(tmp_path):
    proc = _script(tmp_path, """
        from isacnet.parallel import ProcessExecutor
        with ProcessExecutor(2) as ex:
            run_scenario(scn, "out", "lib", executor=ex)
    """)
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("isacnet.errors.ComputeError: workers: the worker processes re-ran the main script")
    assert "if __name__ == \"__main__\":" in last
    assert "BrokenProcessPool" not in proc.stderr and "bootstrapping phase" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) < 30  # the user's own call chain, not 181 lines
    assert not (tmp_path / "out" / "lib").exists()


def test_guarded_script_with_a_process_pool_matches_serial(tmp_path):
    proc = _script(tmp_path, """
        from isacnet.parallel import ProcessExecutor
        if __name__ == "__main__":
            with ProcessExecutor(2) as ex:
                pooled = run_scenario(scn, "out", "pool", executor=ex).dataset
            serial = run_scenario(scn, "out", "serial").dataset
            assert (pooled["value"].values == serial["value"].values).all()
            print("ok")
    """)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


def test_library_default_executor_is_serial_unless_the_scenario_asks():
    from isacnet.parallel import DaskExecutor, ProcessExecutor, SerialExecutor
    from isacnet.pipeline import library_executor

    base = {"experiment": "coop.gdop", "params": {"cluster_size_sense": 3}}
    assert isinstance(library_executor(load_scenario(base)), SerialExecutor)
    pooled = library_executor(load_scenario({**base, "compute": {"workers": 2}}))
    assert isinstance(pooled, ProcessExecutor) and pooled.parallelism == 2
    assert isinstance(library_executor(load_scenario({**base, "compute": {"scheduler": "processes"}})),
                      ProcessExecutor)
    assert DaskExecutor  # an address in [compute] goes to Dask (tested with a cluster in test_dask.py)


# -- claims (finding "claims exits 0 when claims fail") ----------------------------------------
def test_claims_exit_non_zero_when_a_claim_fails(monkeypatch, capsys):
    import isacnet.claims as claims_mod
    from isacnet.claims import Claim, ClaimResult

    fake = {
        "zz.holds": Claim("zz.holds", "a claim that holds", lambda quick: ClaimResult(True, "1", "1")),
        "zz.fails": Claim("zz.fails", "a claim that fails", lambda quick: ClaimResult(False, "2", "1")),
    }
    monkeypatch.setattr(claims_mod, "claims", lambda: fake)
    assert main(["claims", "--paper", "zz"]) == 1
    assert "1 passed, 1 failed" in capsys.readouterr().out
    monkeypatch.setattr(claims_mod, "claims", lambda: {"zz.holds": fake["zz.holds"]})
    assert main(["claims", "--paper", "zz"]) == 0


# -- the heavy-tail warning quotes what the output shows ---------------------------------------
def test_heavy_tail_warning_quotes_the_root_the_output_shows(serial):
    """Finding: the warning quoted the CRLB median in m², a number that appears nowhere in the
    output (which shows root CRLBs in m)."""
    from isacnet.runner import compute_dataset

    scn = load_scenario("coop-fig4", quick=True, overrides=["cluster_size_sense=[4]"])
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        ds = compute_dataset(scn, serial)
    heavy = [str(w.message) for w in record if "read the median instead" in str(w.message)]
    assert heavy, "N = 4 has tail index 3/2: the CRLB has a mean but no variance"
    quoted = float(re.search(r"read the median instead \(([^)]+)\)", heavy[0]).group(1))
    shown = float(ds["value"].sel(series="mc_median").values.ravel()[0])
    assert "series mc_mean" in heavy[0]
    assert quoted == pytest.approx(shown, rel=5e-4)  # printed with 4 significant digits


# -- the median's CI -----------------------------------------------------------------------------
@pytest.mark.parametrize("values", [np.full(50_000, 2.5), np.full(50_000, -0.3),
                                    np.repeat([1.0, 3.0], [10_000, 10_001])])
def test_median_ci_never_has_zero_width(values):
    """Finding: the median's CI could have zero width (both ends in one histogram bin)."""
    from isacnet.simulate.stats import RunningStats

    est = RunningStats().update(values).estimate()
    median = float(np.median(values))
    assert est.median_ci_low < est.median_ci_high
    assert est.median_ci_low <= median <= est.median_ci_high
    if np.ptp(values) == 0:  # a constant: the interval is the bin, no wider
        assert (est.median_ci_high - est.median_ci_low) / abs(median) < 0.01


def test_median_ci_of_a_continuous_sample_covers_the_true_median():
    from isacnet.simulate.stats import RunningStats

    rng = np.random.default_rng(7)
    est = RunningStats().update(rng.exponential(1.0, 200_000)).estimate()
    assert est.median_ci_low < math.log(2) < est.median_ci_high
