"""deploy (004): the claims' outcomes as measured and documented (quick mode, fixed seeds).

Pass: convergence (~30 sweeps for N = 4), height proportional to L, 1-D layouts (Fig. 5), heights-only coverage
uplift, altitude trade-off, Theorem 1 tight/loose. Not reproduced with the spec's defaults
(C_0 = 1 puts the rate-optimal CRLBs far above the paper's 0.3 m² thresholds): the 5 bits/s/Hz
coverage uplift, the 3x coverage ratio, the >= 50 % uplift at the required rate and the
< 10 % rate-loss sensing gain (1.4x lower A-CRLB only). See docs/theory/deploy.md.
"""

import pytest

from isacnet.claims import claims

EXPECTED = {
    "deploy.convergence": True,
    "deploy.height_proportional": True,
    "deploy.rate5_coverage": False,
    "deploy.sensing_3x": False,
    "deploy.heights_only": True,
    "deploy.rate_loss_10pct": False,
    "deploy.altitude_tradeoff": True,
    "deploy.coverage_50pct": False,
    "deploy.theorem1": True,
    "deploy.line_layouts": True,
}


def test_all_deploy_claims_registered():
    assert {k for k in claims() if k.startswith("deploy.")} == set(EXPECTED)


@pytest.mark.parametrize("claim_id", sorted(EXPECTED))
def test_claim_outcome(claim_id):
    res = claims()[claim_id].check(True)
    assert bool(res.passed) == EXPECTED[claim_id], res.measured
    assert res.measured and res.expected
