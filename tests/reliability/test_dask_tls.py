"""A ``tls://`` Dask scheduler with the ``[compute]`` TLS files gives the serial numbers; without
them the run stops with one line. Certificates are made with the openssl command line."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from isacnet.cli import main
from isacnet.store import read_dataset

from .conftest import assert_one_line_error

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")]


def _certificates(folder):
    def ssl(*args):
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=isacnet-test-ca")
    ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "node.key", "-out", "node.csr", "-subj", "/CN=127.0.0.1")
    (folder / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    ssl("x509", "-req", "-in", "node.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
        "node.pem", "-days", "2", "-extfile", "ext.cnf")
    return {k: str(folder / f) for k, f in (("ca", "ca.pem"), ("cert", "node.pem"), ("key", "node.key"))}


def test_tls_scheduler_matches_serial_and_needs_the_certificates(tmp_path, capsys):
    import distributed
    from distributed.security import Security

    pem = _certificates(tmp_path)
    sec = Security(tls_ca_file=pem["ca"], tls_scheduler_cert=pem["cert"], tls_scheduler_key=pem["key"],
                   tls_worker_cert=pem["cert"], tls_worker_key=pem["key"], tls_client_cert=pem["cert"],
                   tls_client_key=pem["key"], require_encryption=True)
    common = ["run", "coop-fig3", "--quick", "--set", "cluster_size_sense=[3, 4]", "--name", "tls"]
    assert main([*common, "--out", str(tmp_path / "serial"), "--scheduler", "serial"]) == 0
    tls_files = ["--set", f"compute.tls_ca_file='{pem['ca']}'", "--set", f"compute.tls_client_cert='{pem['cert']}'",
                 "--set", f"compute.tls_client_key='{pem['key']}'"]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tls://",
                                  security=sec, dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tls://")
        assert main([*common, "--out", str(tmp_path / "tls"), "--scheduler", address, *tls_files]) == 0
        capsys.readouterr()
        code = main([*common, "--out", str(tmp_path / "plain"), "--scheduler", address, "--connect-timeout", "2"])
        msg = assert_one_line_error(code, capsys.readouterr().err)
        assert msg.startswith(f"--scheduler: cannot connect to the Dask scheduler at {address}")
        assert "tls_*" in msg
    a = read_dataset(tmp_path / "serial" / "tls" / "tls.nc")
    b = read_dataset(tmp_path / "tls" / "tls" / "tls.nc")
    np.testing.assert_array_equal(a["value"].values, b["value"].values)
    assert not (tmp_path / "plain" / "tls").exists()
