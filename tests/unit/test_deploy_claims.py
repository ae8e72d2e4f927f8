"""deploy (004): each claim's outcome is the one declared in isacnet.claims.deploy and documented in
docs/theory/deploy.md (quick mode, fixed seeds)."""

import pytest

from isacnet.claims import claims

IDS = sorted(k for k in claims() if k.startswith("deploy."))


def test_all_deploy_claims_registered():
    assert set(IDS) == {"deploy.convergence", "deploy.height_proportional", "deploy.rate5_coverage",
                        "deploy.sensing_3x", "deploy.heights_only", "deploy.rate_loss_10pct",
                        "deploy.altitude_tradeoff", "deploy.coverage_50pct", "deploy.theorem1",
                        "deploy.line_layouts"}


@pytest.mark.parametrize("claim_id", IDS)
def test_claim_outcome_as_documented(claim_id, claim_as_documented):
    claim_as_documented(claim_id)
