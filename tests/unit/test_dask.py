"""A sweep on a 2-worker Dask LocalCluster gives bit-identical numbers to the serial run."""

import numpy as np
import pytest

from isacnet.parallel import DaskExecutor, ProcessExecutor
from isacnet.runner import compute_dataset
from isacnet.scenario import load_scenario

import distributed


def test_dask_local_cluster_matches_serial(serial):
    scn = load_scenario("coop-fig3", quick=True, overrides=["cluster_size_sense=[3, 5, 9]"])
    ref = compute_dataset(scn, serial)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client, DaskExecutor(client) as ex:
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
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        assert main([*common, "--out", str(tmp_path / "dask"), "--scheduler", cluster.scheduler_address]) == 0
    a = read_dataset(tmp_path / "serial" / "coop-fig3" / "coop-fig3.nc")
    b = read_dataset(tmp_path / "dask" / "coop-fig3" / "coop-fig3.nc")
    np.testing.assert_array_equal(a["value"].values, b["value"].values)
