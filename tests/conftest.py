import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def serial():
    from isacnet.parallel import SerialExecutor

    return SerialExecutor()


@pytest.fixture
def claim_as_documented():
    """Run one claim in quick mode and assert that its outcome is the one its declaration (and its theory
    page) documents: not *unexpected*, with the paper's value, ours and the tolerance filled in."""
    from isacnet.claims import EXPLAINED, REASONS, REPRODUCED, check, claims

    def run(claim_id: str):
        rec = check(claims()[claim_id], quick=True)
        assert not rec.unexpected, (f"{claim_id}: {rec.note}\n  paper: {rec.paper_value}\n  ours:  {rec.ours}\n"
                                    f"  tolerance: {rec.tolerance}\n  detail: {rec.detail}\n  error: {rec.error}")
        assert rec.verdict in (REPRODUCED, EXPLAINED)
        assert rec.paper_value and rec.ours and rec.tolerance and rec.statement
        assert (rec.reason in REASONS) == (rec.verdict == EXPLAINED)
        return rec

    return run
