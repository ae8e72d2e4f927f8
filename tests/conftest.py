import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def serial():
    from isacnet.parallel import SerialExecutor

    return SerialExecutor()
