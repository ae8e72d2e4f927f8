"""Helpers of the reliability tests: the bad-input contract, and isacnet run as a user would."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from isacnet.cli import main

ERROR_PREFIX = "isacnet: error: "


def files_under(root: Path) -> set[Path]:
    """Every file and symlink under ``root`` (folders do not count as written)."""
    if not root.exists():
        return set()
    return {p for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def assert_one_line_error(code: int, err: str, expected_code: int = 2) -> str:
    """The contract: exit code 2, one line ``isacnet: error: ...`` on stderr, no traceback."""
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == expected_code, f"exit {code}, stderr: {err!r}"
    assert "Traceback" not in err, err
    assert len(lines) == 1 and lines[0].startswith(ERROR_PREFIX), err
    return lines[0][len(ERROR_PREFIX):]


@pytest.fixture
def bad_input(tmp_path, capsys):
    """``bad_input(argv)``: run the CLI in-process and assert the bad-input contract: exit 2, one
    line, no traceback, and no file written anywhere under ``tmp_path``. Returns the message."""

    def check(argv: list[str]) -> str:
        before = files_under(tmp_path)
        capsys.readouterr()
        code = main(argv)
        err = capsys.readouterr().err
        msg = assert_one_line_error(code, err)
        assert files_under(tmp_path) == before, sorted(map(str, files_under(tmp_path) - before))
        return msg

    return check


def isacnet_cmd(*args: str) -> list[str]:
    """``python -m isacnet ...`` with faulthandler on (SIGABRT dumps every thread of a hung run)."""
    return [sys.executable, "-X", "faulthandler", "-m", "isacnet", *args]


def run_isacnet(*args: str, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """Run ``isacnet`` in a process; one that has not ended after ``timeout`` seconds (a loaded
    machine is slow, a hung run never ends) fails with the stacks of all its threads."""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    cmd = isacnet_cmd(*args)
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **kwargs) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGABRT)  # faulthandler prints every thread's stack
            err = proc.communicate(timeout=30)[1]
            pytest.fail(f"{' '.join(cmd[3:])} did not end within {timeout} s:\n{err[-8000:]}")
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def children_of(pid: int) -> list[int]:
    """Direct child processes of ``pid`` (Linux /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_for(predicate, timeout: float, period: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(period)
    return predicate()


class _Server:
    """A local TCP listener that answers HTTP (``http=True``) or stays silent."""

    def __init__(self, http: bool):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.http = http
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        self.sock.settimeout(0.2)
        conns = []
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conns.append(conn)
            if self.http:
                conn.settimeout(2.0)
                try:
                    if conn.recv(1024):
                        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                except OSError:
                    pass
        for c in conns:
            c.close()

    def close(self):
        self._stop = True
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def http_server():
    srv = _Server(http=True)
    yield srv
    srv.close()


@pytest.fixture
def silent_server():
    srv = _Server(http=False)
    yield srv
    srv.close()


@pytest.fixture
def unanswered_address():
    """An address whose connections time out: a listener with a full backlog drops new SYNs,
    as an unroutable host would."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(8):  # fill the accept queue (its length is backlog + 1 on Linux)
        s = socket.socket()
        s.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            s.connect(("127.0.0.1", port))
        fillers.append(s)
    time.sleep(0.2)
    yield f"tcp://127.0.0.1:{port}"
    for s in fillers:
        s.close()
    listener.close()


@pytest.fixture
def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def terminate(proc: subprocess.Popen, sig=signal.SIGKILL) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        proc.wait(timeout=30)
