"""What a notebook user meets first: the public namespaces and a quiet import."""

from __future__ import annotations

import subprocess
import sys


def test_importing_isacnet_leaves_the_matplotlib_backend_alone():
    code = ("import matplotlib; matplotlib.use('svg'); import isacnet, isacnet.plotting, isacnet.registry as r; "
            "r.load_plugins(); print(matplotlib.get_backend())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "svg"
