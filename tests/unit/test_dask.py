"""A sweep on a 2-worker Dask LocalCluster gives bit-identical numbers to the serial run."""

import distributed
import numpy as np
import pytest

from isacnet.parallel import DaskExecutor, ProcessExecutor, local_cluster, make_executor
from isacnet.runner import compute_dataset
from isacnet.scenario import load_scenario


def test_dask_local_cluster_matches_serial(serial):
    scn = load_scenario("coop-fig3", quick=True, overrides=["cluster_size_sense=[3, 5, 9]"])
    ref = compute_dataset(scn, serial)
    with local_cluster(2) as cluster, distributed.Client(cluster) as client, DaskExecutor(client) as ex:
        assert ex.parallelism == 2
        got = compute_dataset(scn, ex)
    for var in ("value", "ci_low", "ci_high", "n_samples"):
        np.testing.assert_array_equal(got[var].values, ref[var].values)


def test_process_pool_matches_serial(serial):
    scn = load_scenario("coop-fig3", quick=True, overrides=["cluster_size_sense=[4, 7]"])
    ref = compute_dataset(scn, serial)
    with ProcessExecutor(2) as ex:
        got = compute_dataset(scn, ex)
    np.testing.assert_array_equal(got["value"].values, ref["value"].values)


def test_cli_scheduler_address_matches_serial(tmp_path):
    from isacnet.cli import main
    from isacnet.store import read_dataset

    common = ["run", "coop-fig3", "--quick", "--set", "cluster_size_sense=[4, 6]", "--name", "coop-fig3"]
    assert main([*common, "--out", str(tmp_path / "serial"), "--scheduler", "serial"]) == 0
    with local_cluster(2) as cluster:
        assert main([*common, "--out", str(tmp_path / "dask"), "--scheduler", cluster.scheduler_address]) == 0
    a = read_dataset(tmp_path / "serial" / "coop-fig3" / "coop-fig3.nc")
    b = read_dataset(tmp_path / "dask" / "coop-fig3" / "coop-fig3.nc")
    np.testing.assert_array_equal(a["value"].values, b["value"].values)


def _allocator_state(_):
    import os

    from isacnet.parallel import _TUNED

    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), _TUNED


def test_workers_start_without_the_trim_threshold_and_tune_the_allocator():
    import os

    before = os.environ.get("MALLOC_TRIM_THRESHOLD_")
    with make_executor("dask", 2) as ex:
        assert ex.parallelism == 2
        states = ex.map(_allocator_state, range(4))
    assert all(env is None and tuned for env, tuned in states)
    assert os.environ.get("MALLOC_TRIM_THRESHOLD_") == before  # nothing leaked into this process
    with ProcessExecutor(2) as ex:
        assert all(tuned for _, tuned in ex.map(_allocator_state, range(4)))


def test_tune_allocator_undoes_the_trim_threshold_variable():
    # a process started with Dask's default variable: glibc then maps every array > 128 kB afresh
    # (minor page faults on each allocation); after tune_allocator it reuses the heap
    import os
    import subprocess
    import sys

    code = """
import resource, numpy as np
from isacnet.parallel import tune_allocator
def faults():
    r0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(200):
        a = np.ones(400_000)  # 3.2 MB
        a.sum()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - r0
faults()
before = faults()
print(tune_allocator())
faults()
print(before, faults())
"""
    env = dict(os.environ, MALLOC_TRIM_THRESHOLD_="65536")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    out = run.stdout.split()
    if out[0] != "True":
        pytest.skip("no glibc malloc here")
    before, after = int(out[1]), int(out[2])
    assert before > 50_000  # 200 x 782 pages mapped afresh
    assert after < before / 20
