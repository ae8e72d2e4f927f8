"""The bad-input corpus: every case ends with exit 2, one line naming the field, no traceback,
and nothing written (``bad_input`` in conftest asserts all four).

Each case is what a user could type. They run in-process (``isacnet.cli.main``); the cases that
need a real process (signals, a read-only folder for a non-root user) are in the fault tests.
The comments name the finding of issue #13 a case covers.
"""

from __future__ import annotations

import os

import pytest

BIG_INT = str(2**70)

# A small valid scenario of the sensing CRLB (coop Fig. 4) that the file cases mutate.
CRLB = """
experiment = "coop.crlb"
seed = 3
[params]
cluster_size_sense = [3, 4]
bs_density_per_km2 = 1.0
power_sense = 1.0
noise_power_db = -80.0
[monte_carlo]
batch_size = 1000
min_samples = 1000
max_samples = 2000
"""


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


# (case id, builtin scenario or scenario text, extra arguments, words the message must hold)
SET_CASES = [
    # -- NaN and inf are accepted (finding 1) ------------------------------------------
    ("noise-nan", ["--set", "noise_power_db=nan"], "params.noise_power_db"),
    ("noise-inf", ["--set", "noise_power_db=inf"], "params.noise_power_db"),
    ("noise-minus-inf", ["--set", "noise_power_db=-inf"], "params.noise_power_db"),
    ("power-inf", ["--set", "power_sense=inf"], "params.power_sense"),
    ("power-nan", ["--set", "power_sense=nan"], "params.power_sense"),
    ("density-inf", ["--set", "bs_density_per_km2=inf"], "params.bs_density_per_km2"),
    ("density-nan", ["--set", "bs_density_per_km2=nan"], "params.bs_density_per_km2"),
    ("pathloss-inf", ["--set", "pathloss_exp_sense=inf"], "params.pathloss_exp_sense"),
    ("bandwidth-inf", ["--set", "bandwidth=inf"], "params.bandwidth"),
    ("rcs-nan", ["--set", "rcs_mean=nan"], "params.rcs_mean"),
    ("swept-nan", ["--set", "cluster_size_sense=[3, nan]"], "params.cluster_size_sense"),
    ("cluster-true", ["--set", "cluster_size_sense=true"], "params.cluster_size_sense: must be a number"),
    ("cluster-false-in-list", ["--set", "cluster_size_sense=[2, false]"], "params.cluster_size_sense"),
    ("power-true", ["--set", "power_sense=true"], "params.power_sense: must be a number"),
    ("target-ci-nan", ["--set", "monte_carlo.target_rel_ci=nan"], "monte_carlo.target_rel_ci"),
    ("confidence-inf", ["--set", "monte_carlo.confidence=inf"], "monte_carlo.confidence"),
    ("batch-true", ["--set", "monte_carlo.batch_size=true"], "monte_carlo.batch_size: must be a number"),
    ("seed-true", ["--set", "seed=true"], "seed: must be a number"),
    ("timeout-nan", ["--set", "compute.connect_timeout_s=nan"], "compute.connect_timeout_s"),
    ("workers-false", ["--set", "compute.workers=false"], "compute.workers"),
    # -- large finite values crash (finding 2) --------------------------------------------
    ("density-1e300", ["--set", "bs_density_per_km2=1e300"], "params.bs_density_per_km2"),
    ("density-1e-300", ["--set", "bs_density_per_km2=1e-300"], "params.bs_density_per_km2"),
    ("pathloss-1e6", ["--set", "pathloss_exp_sense=1e6"], "params.pathloss_exp_sense"),
    ("cluster-1e9", ["--set", "cluster_size_sense=1e9"], "params.cluster_size_sense"),
    ("cluster-2pow70", ["--set", f"cluster_size_sense={BIG_INT}"], "params.cluster_size_sense"),
    ("batch-1e12", ["--set", "monte_carlo.batch_size=1e12"], "monte_carlo.batch_size"),
    ("max-samples-1e30", ["--set", "monte_carlo.max_samples=1e30"], "monte_carlo.max_samples"),
    ("seed-2pow64", ["--set", f"seed={2**64}"], "seed"),
    ("seed-negative", ["--seed", "-1"], "seed: must be >= 0"),
    ("workers-huge", ["--set", "compute.workers=100000"], "compute.workers"),
    ("timeout-huge", ["--set", "compute.connect_timeout_s=1e9"], "compute.connect_timeout_s"),
    ("power-1e300", ["--set", "power_sense=1e300"], "params.power_sense"),
    ("noise-minus-1e300", ["--set", "noise_power_db=-1e300"], "params.noise_power_db"),
    ("min-above-max", ["--set", "monte_carlo.min_samples=5000", "--set", "monte_carlo.max_samples=2000"],
     "monte_carlo.min_samples"),
    ("grid-too-large", ["--set", "cluster_size_sense=" + str(list(range(2, 402))),
                        "--set", "bs_density_per_km2=" + str([1.0 + i / 1000 for i in range(400)])], "params"),
    # -- types, unknown and deleted keys ------------------------------------------------------
    ("cluster-string", ["--set", "cluster_size_sense='four'"], "params.cluster_size_sense: must be an integer"),
    ("cluster-fraction", ["--set", "cluster_size_sense=4.5"], "params.cluster_size_sense"),
    ("power-nested-list", ["--set", "power_sense=[[1.0]]"], "params.power_sense"),
    ("power-table", ["--set", "power_sense={a=1}"], "params.power_sense"),
    ("unknown-param", ["--set", "colour=1"], "params.colour: unknown key"),
    ("unknown-mc-key", ["--set", "monte_carlo.speed=1"], "monte_carlo.speed: unknown key"),
    ("unknown-compute-key", ["--set", "compute.gpu=1"], "compute.gpu: unknown key"),
    ("sweep-mode", ["--set", "sweep.mode='spiral'"], "sweep.mode"),
    ("zip-unequal", ["--set", "sweep.mode='zip'", "--set", "cluster_size_sense=[3, 4]",
                     "--set", "bs_density_per_km2=[1.0, 2.0, 3.0]"], "sweep.mode"),
    ("empty-sweep", ["--set", "cluster_size_sense=[]"], "params.cluster_size_sense"),
    ("experiment-number", ["--set", "experiment=3"], "experiment"),
    ("experiment-unknown", ["--set", "experiment='coop.nope'"], "experiment: unknown experiment"),
    ("title-table", ["--set", "title={a=1}"], "title"),
    ("params-number", ["--set", "params=3"], "params"),
    ("mc-number", ["--set", "monte_carlo=3"], "monte_carlo"),
    ("set-no-equals", ["--set", "nonsense"], "--set: expects key=value"),
    ("set-empty-key", ["--set", "=3"], "--set: expects key=value"),
    ("set-under-scalar", ["--set", "seed.x=1"], "seed.x"),
    ("seed-text", ["--seed", "abc"], "arguments"),
    # -- the command line's own numbers -------------------------------------------------------
    ("workers-zero", ["--workers", "0"], "--workers"),
    ("workers-100000", ["--workers", "100000"], "--workers"),
    ("connect-timeout-nan", ["--connect-timeout", "nan"], "--connect-timeout"),
    ("connect-timeout-zero", ["--connect-timeout", "0"], "--connect-timeout"),
    ("connect-timeout-huge", ["--connect-timeout", "1e9"], "--connect-timeout"),
    ("unknown-flag", ["--frobnicate"], "arguments"),
    # -- scheduler addresses that need no server (finding 3) ----------------------------------
    ("scheduler-foo", ["--scheduler", "foo"],
     "--scheduler: must be 'processes', 'serial', 'dask' (a local Dask cluster), or a Dask"),
    ("scheduler-http", ["--scheduler", "http://127.0.0.1:8787"], "--scheduler: 'http://127.0.0.1:8787' is a web"),
    ("scheduler-https", ["--scheduler", "https://example.org/status"], "--scheduler"),
    ("scheduler-no-port", ["--scheduler", "tcp://127.0.0.1"], "--scheduler: must be"),
    ("scheduler-bad-port", ["--scheduler", "tcp://127.0.0.1:99999"], "--scheduler: must be"),
    ("scheduler-ucx", ["--scheduler", "ucx://127.0.0.1:8786"], "--scheduler: must be"),
    ("scheduler-empty-host", ["--scheduler", "tcp://:8786"], "--scheduler: must be"),
    ("scheduler-unresolvable", ["--scheduler", "tcp://no-such-host.invalid:8786"], "--scheduler: cannot resolve"),
    ("compute-scheduler-bogus", ["--set", "compute.scheduler='bogus'"], "compute.scheduler: must be"),
    ("tls-ca-missing", ["--set", "compute.scheduler='tls://127.0.0.1:8786'", "--set",
                        "compute.tls_ca_file='/no/such/ca.pem'"], "compute.tls_ca_file: no such file"),
]


@pytest.mark.parametrize("argv, words", [pytest.param(a, w, id=i) for i, a, w in SET_CASES])
def test_run_builtin_with_bad_override(bad_input, tmp_path, argv, words):
    out = tmp_path / "out"
    assert words in bad_input(["run", "coop-fig4", "--quick", "--out", str(out), "--scheduler", "serial", *argv])


FILE_CASES = [
    ("toml-nan", _with(CRLB, "power_sense = 1.0", "power_sense = nan"), "params.power_sense"),
    ("toml-inf-density", _with(CRLB, "bs_density_per_km2 = 1.0", "bs_density_per_km2 = inf"),
     "params.bs_density_per_km2"),
    ("toml-bool-cluster", _with(CRLB, "cluster_size_sense = [3, 4]", "cluster_size_sense = true"),
     "params.cluster_size_sense"),
    ("toml-huge-batch", _with(CRLB, "batch_size = 1000", "batch_size = 1e12"), "monte_carlo.batch_size"),
    ("toml-unknown-top", CRLB + "\ncolour = 1\n", "colour: unknown key"),
    ("toml-misspelt-param", _with(CRLB, "power_sense", "powr_sense"), "params.powr_sense: unknown key"),
    ("toml-no-experiment", _with(CRLB, 'experiment = "coop.crlb"', ""), "experiment: is required"),
    ("toml-empty", "", "experiment: is required"),
    ("toml-params-list", _with(CRLB, "[params]", "params = [1]\n[other]"), "params"),
    ("toml-quick-number", CRLB + "\nquick = 3\n", "quick"),
    ("toml-invalid", "experiment = [", "is not valid TOML"),
    ("toml-deep-nesting", "a = " + "[" * 5000 + "]" * 5000, "scenario"),
    ("toml-compute-bogus", CRLB + "\n[compute]\nscheduler = 'bogus'\n", "compute.scheduler"),
    ("toml-compute-http", CRLB + "\n[compute]\nscheduler = 'http://127.0.0.1:8787'\n", "compute.scheduler"),
    ("toml-tls-key-missing", CRLB + "\n[compute]\nscheduler = 'tls://127.0.0.1:8786'\n"
     "tls_client_key = '/no/key.pem'\n", "compute.tls_client_key"),
    ("toml-title-too-long", _with(CRLB, "seed = 3", f"seed = 3\ntitle = '{'t' * 3000}'"), "title"),
]


@pytest.mark.parametrize("text, words", [pytest.param(t, w, id=i) for i, t, w in FILE_CASES])
def test_run_bad_scenario_file(bad_input, tmp_path, text, words):
    f = tmp_path / "s.toml"
    f.write_text(text)
    assert words in bad_input(["run", str(f), "--out", str(tmp_path / "out"), "--scheduler", "serial"])


# -- scenario files that are not files (finding 3: /dev/zero) --------------------------------
def test_special_and_oversized_files(bad_input, tmp_path):
    out = str(tmp_path / "out")
    for path in ("/dev/zero", "/dev/null", "/dev/urandom"):
        assert "not a regular file" in bad_input(["run", path, "--out", out])
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    assert "not a regular file" in bad_input(["run", str(fifo), "--out", out])
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert "a folder" in bad_input(["run", str(folder), "--out", out])
    big = tmp_path / "big.toml"
    big.write_text(CRLB + "#" * (2 << 20))
    assert "at most 1048576 bytes" in bad_input(["run", str(big), "--out", out])
    binary = tmp_path / "random.toml"
    binary.write_bytes(bytes(range(256)) * 8)
    assert "not UTF-8" in bad_input(["run", str(binary), "--out", out])
    assert "no such file" in bad_input(["run", str(tmp_path / "missing.toml"), "--out", out])
    assert "no such file" in bad_input(["run", "x" * 5000, "--out", out])
    assert "no such file" in bad_input(["run", "bad\x00name.toml", "--out", out])


# -- --out and --name (findings 3 and 6) ------------------------------------------------------
NAME_CASES = [
    ("escape-up", "../../escape", "--name: must be a single folder name"),
    ("absolute", "/tmp/isacnet-absolute-name", "--name: must be a single folder name"),
    ("dot", ".", "--name: must not start with '.'"),
    ("dotdot", "..", "--name: must not start with '.'"),
    ("hidden", ".hidden", "--name: must not start with '.'"),
    ("backslash", "a\\b", "--name: must be a single folder name"),
    ("newline", "a\nb", "--name: must be a single folder name"),
    ("too-long", "x" * 300, "--name: must have at most 100 characters"),
    ("empty", "", "--name: must be a non-empty name"),
]


@pytest.mark.parametrize("name, words", [pytest.param(n, w, id=i) for i, n, w in NAME_CASES])
def test_bad_result_name(bad_input, tmp_path, name, words):
    out = tmp_path / "out"
    assert words in bad_input(["run", "coop-fig3", "--quick", "--out", str(out), "--name", name])
    assert not (tmp_path.parent / "escape").exists()


def test_bad_output_folder(bad_input, tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("keep")
    assert "is not a folder" in bad_input(["run", "coop-fig3", "--quick", "--out", str(afile)])
    assert "is inside" in bad_input(["run", "coop-fig3", "--quick", "--out", str(afile / "sub" / "deeper")])
    out = tmp_path / "out"
    (out / "coop-fig3").parent.mkdir()
    (out / "coop-fig3").write_text("a file where the result folder goes")
    assert "is not a folder" in bad_input(["run", "coop-fig3", "--quick", "--out", str(out)])
    assert afile.read_text() == "keep"


def test_result_folder_with_foreign_files_is_not_replaced(bad_input, tmp_path):
    folder = tmp_path / "out" / "coop-fig3"
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("mine")
    msg = bad_input(["run", "coop-fig3", "--quick", "--out", str(tmp_path / "out"), "--scheduler", "serial",
                     "--set", "cluster_size_sense=[2]", "--name", "coop-fig3"])
    assert "notes.txt" in msg and (folder / "notes.txt").read_text() == "mine"


# -- scheduler addresses with something (or nothing) behind them (finding 3) -------------------
def test_scheduler_nothing_listening(bad_input, tmp_path, closed_port):
    msg = bad_input(["run", "coop-fig3", "--quick", "--out", str(tmp_path / "o"), "--scheduler",
                     f"tcp://127.0.0.1:{closed_port}"])
    assert f"tcp://127.0.0.1:{closed_port}" in msg and "nothing is listening" in msg


def test_scheduler_http_port_looks_like_dashboard(bad_input, tmp_path, http_server):
    import time

    t0 = time.monotonic()
    msg = bad_input(["run", "coop-fig3", "--quick", "--out", str(tmp_path / "o"), "--scheduler",
                     f"tcp://127.0.0.1:{http_server.port}", "--connect-timeout", "3"])
    assert "looks like the Dask dashboard" in msg and time.monotonic() - t0 < 10


def test_scheduler_silent_peer(bad_input, tmp_path, silent_server):
    msg = bad_input(["run", "coop-fig3", "--quick", "--out", str(tmp_path / "o"), "--scheduler",
                     f"127.0.0.1:{silent_server.port}", "--connect-timeout", "1"])
    assert "does not answer like a Dask scheduler" in msg


def test_scheduler_unanswered_times_out_quickly(bad_input, tmp_path, unanswered_address):
    import time

    t0 = time.monotonic()
    msg = bad_input(["run", "coop-fig3", "--quick", "--out", str(tmp_path / "o"), "--scheduler", unanswered_address,
                     "--connect-timeout", "1"])
    assert "nothing answered" in msg and unanswered_address in msg and time.monotonic() - t0 < 8


def test_compute_table_scheduler_nothing_listening(bad_input, tmp_path, closed_port):
    f = tmp_path / "s.toml"
    f.write_text(CRLB + f"\n[compute]\nscheduler = 'tcp://127.0.0.1:{closed_port}'\nconnect_timeout_s = 1\n")
    assert "compute.scheduler: nothing is listening" in bad_input(["run", str(f), "--out", str(tmp_path / "o")])


# -- reproduce: every figure checked before any computes (finding 8) ---------------------------
REPRODUCE_CASES = [
    ("no-figures", [], "figures"),
    ("unknown-figure", ["coop-fig99"], "figure: unknown figure id 'coop-fig99'"),
    ("unknown-among-known", ["coop-fig3", "coop-fig99"], "figure: unknown figure id 'coop-fig99'"),
    ("override-unknown-everywhere", ["coop-fig3", "--set", "colour=1"], "coop-fig3: params.colour: unknown key"),
    ("override-fits-only-second", ["coop-fig3", "coop-fig4", "--set", "cluster_size_sense=[2]", "--set",
                                   "power_sense=2.0"], "coop-fig3: params.power_sense: unknown key"),
    ("override-nan", ["coop-fig4", "coop-fig5", "--set", "power_sense=nan"], "coop-fig4: params.power_sense"),
    ("workers-zero", ["coop-fig3", "--workers", "0"], "--workers"),
    ("scheduler-foo", ["coop-fig3", "--scheduler", "foo"], "--scheduler"),
    ("name-into-file", ["coop-fig3", "--out", "/dev/null"], "--out"),
]


@pytest.mark.parametrize("argv, words", [pytest.param(a, w, id=i) for i, a, w in REPRODUCE_CASES])
def test_reproduce_bad_batch(bad_input, tmp_path, argv, words):
    out = [] if "--out" in argv else ["--out", str(tmp_path / "out")]
    scheduler = [] if "--scheduler" in argv else ["--scheduler", "serial"]
    assert words in bad_input(["reproduce", *argv, "--quick", *scheduler, *out])


def test_reproduce_batch_names_the_failing_figure_and_writes_nothing(bad_input, tmp_path):
    # coop-fig3 (GDoP) has no power_sense: the batch stops before coop-fig4 is computed.
    msg = bad_input(["reproduce", "coop-fig4", "coop-fig3", "--quick", "--scheduler", "serial",
                     "--out", str(tmp_path / "out"), "--set", "power_sense=2.0"])
    assert msg.startswith("coop-fig3: params.power_sense: unknown key")


# -- other commands -----------------------------------------------------------------------------
OTHER_CASES = [
    ("frobnicate", ["frobnicate"], "arguments"),
    ("validate-case", ["validate", "--case", "no-such-case"], "--case"),
    ("claims-paper", ["claims", "--paper", "nope"], "--paper"),
    ("describe-unknown", ["describe", "nope-fig99"], "describe"),
    ("run-no-scenario", ["run"], "arguments"),
]


@pytest.mark.parametrize("argv, words", [pytest.param(a, w, id=i) for i, a, w in OTHER_CASES])
def test_other_commands(bad_input, argv, words):
    assert words in bad_input(argv)


# -- memory: the estimate refuses a batch that cannot fit (finding 2, 7 GiB / 7 TiB) -----------
def test_batch_that_does_not_fit_is_refused_with_the_estimate(bad_input, tmp_path, monkeypatch):
    import isacnet.parallel as parallel

    monkeypatch.setattr(parallel, "available_memory", lambda: 256 * 2**20)  # a 256 MiB machine
    msg = bad_input(["run", "coop-fig4", "--quick", "--out", str(tmp_path / "out"), "--scheduler", "serial",
                     "--set", "monte_carlo.batch_size=10000000", "--set", "monte_carlo.min_samples=10000000",
                     "--set", "monte_carlo.max_samples=10000000"])
    assert msg.startswith("monte_carlo.batch_size: a batch of 10000000 drops")
    assert "needs about" in msg and "must be <=" in msg
    largest = int(msg.rsplit("must be <= ", 1)[1].split()[0])
    assert 1000 < largest < 10_000_000


def test_memory_refusal_counts_every_worker(bad_input, tmp_path, monkeypatch):
    import isacnet.parallel as parallel

    monkeypatch.setattr(parallel, "available_memory", lambda: 4 * 2**30)
    # 2 workers share 4 GiB: 1 GiB per batch (MEMORY_FRACTION of 2 GiB); a batch of 10^7 drops of the CRLB
    # needs about 1.6 GB (about 160 B per drop at cluster_size_sense = 30, NumPy kernels), and 2 GiB in one
    # process would have held it: the refusal counts both workers.
    msg = bad_input(["reproduce", "coop-fig4", "--quick", "--out", str(tmp_path / "out"), "--workers", "2",
                     "--set", "monte_carlo.batch_size=10000000", "--set", "monte_carlo.min_samples=10000000",
                     "--set", "monte_carlo.max_samples=10000000"])
    assert msg.startswith("coop-fig4: monte_carlo.batch_size") and "2 workers" in msg


def test_corpus_has_at_least_100_cases():
    """The tabled cases, plus every other ``bad_input`` call site of this module (a call site inside a
    loop counts once, so the count is a lower bound)."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(__file__).read_text())
    call_sites = sum(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "bad_input" for n in ast.walk(tree))
    tables = (SET_CASES, FILE_CASES, NAME_CASES, REPRODUCE_CASES, OTHER_CASES)
    total = sum(map(len, tables)) + call_sites - len(tables)  # each table's test has one call site
    assert total >= 100, total
