"""Claims of paper ``power`` (003): the outcomes we measure and document (docs/theory/power.md).

The letter's channel model and dB reference are not given, so statements tied to absolute budgets
(9 dB, 10 dB, a 4 dB gain) are not reproduced on our seeded network and are reported as such; the
structural statements are.
"""

import pytest

from isacnet.claims import check, claims

EXPECTED = {
    "power.pod_theory_matches_simulation": True,
    "power.only_ppa_feasible_at_9db": False,  # our network: PPA-only window at [12.09, 13.39) dB
    "power.gain_4db": False,  # our network: 1.55 dB; ensemble median ~1 dB, EPA often saturates
    "power.ppa_best_gap_grows": True,
    "power.all_feasible_at_20db": True,
    "power.tradeoff_at_10db": False,  # infeasible at 10 dB on our network; the trade-off shows at 13 dB
}


def test_every_power_claim_is_listed():
    assert {cid for cid, c in claims().items() if c.paper == "power"} == set(EXPECTED)


@pytest.mark.parametrize("claim_id", sorted(EXPECTED))
def test_power_claim_outcome(claim_id):
    res, _ = check(claims()[claim_id], quick=True)
    assert res.passed is EXPECTED[claim_id], res.measured
    assert res.measured and res.expected


def test_measured_numbers_of_the_budget_claims():
    res, _ = check(claims()["power.only_ppa_feasible_at_9db"], quick=True)
    assert "feasible from 12.09 dB (PPA) and 13.39 dB (EPA)" in res.measured
    res, _ = check(claims()["power.gain_4db"], quick=True)
    assert "a gain of 1.55 dB" in res.measured
