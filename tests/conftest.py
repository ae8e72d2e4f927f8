import os

import pytest
from hypothesis import settings

os.environ.setdefault("MPLBACKEND", "Agg")

# property-based tests draw their examples from a fixed seed, like every other statistical test here: a CI run
# fails or passes for the code, not for the draw
settings.register_profile("isacnet", derandomize=True, print_blob=True)
settings.load_profile("isacnet")


@pytest.fixture
def serial():
    from isacnet.parallel import SerialExecutor

    return SerialExecutor()


@pytest.fixture
def claim_as_documented():
    """Run one claim in quick mode, under both profiles where it depends on them, and assert that its outcome
    is the one its declaration (and its theory page) documents: not *unexpected*, with the paper's value, ours
    and the tolerance filled in."""
    from isacnet.claims import EXPLAINED, REASONS, REPRODUCED, check, claims

    def run(claim_id: str):
        """Under each profile the claim runs with (``spec`` and ``paper`` for a profiled claim); the last record."""
        claim = claims()[claim_id]
        for profile in claim.profiles("both"):
            rec = check(claim, quick=True, profile=profile)
            assert not rec.unexpected, (f"{claim_id} [profile {profile}]: {rec.note}\n  paper: {rec.paper_value}\n"
                                        f"  ours:  {rec.ours}\n  tolerance: {rec.tolerance}\n  detail: {rec.detail}\n"
                                        f"  error: {rec.error}")
            assert rec.verdict in (REPRODUCED, EXPLAINED) and rec.profile == profile
            assert rec.paper_value and rec.ours and rec.tolerance and rec.statement
            assert (rec.reason in REASONS) == (rec.verdict == EXPLAINED)
        return rec

    return run
