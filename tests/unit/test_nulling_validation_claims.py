"""nulling (001): every validation case passes in quick mode; claims give the outcomes we document."""

import pytest

from isacnet.claims import check, claims
from isacnet.validation import cases, run_case

CASES = {k: v for k, v in cases().items() if k.startswith("nulling.")}


def test_cases_registered():
    assert len(CASES) >= 10


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_case(case_id):
    res = run_case(CASES[case_id], quick=True)
    assert res.passed, f"{case_id}: {res.analytic:.5g} vs {res.mc_value:.5g} (tol {res.tolerance:.3g})"


EXPECTED = {
    "nulling.comm_optimum_k12_l1": True,
    "nulling.load_ratio_60pct": True,
    "nulling.hole_15pct": True,  # 13.6 % measured
    "nulling.sense_ase_rise_fall": True,
    "nulling.sense_ase_twice_mr40": False,  # 1.44x measured (docs/theory/nulling.md)
    "nulling.rate_region_gain_38_67": True,  # 45 % / 67 %
    "nulling.ase_region_gain_33_48": False,  # 64 % / 77 %
    "nulling.comm_gains_more_than_sense": True,
    "nulling.theorem2_tight": True,
    "nulling.no_comm_nulling": True,
    "nulling.link_constraints_shrink": False,  # region shrinks, relative gain not monotone
    "nulling.weighted_sum_between": True,
}


EXPECTED_PAPER = {  # with the paper profile: Slivnyak boundary law, the paper's region search (fitted on Fig. 10)
    "nulling.sense_ase_twice_mr40": False,  # 1.29x: not reproduced - explained (docs/calibration.md)
    "nulling.rate_region_gain_38_67": True,  # 31 % / 58 % (held out)
    "nulling.ase_region_gain_33_48": True,  # 33 % / 50 % (fitted)
}


def test_profiled_claims_are_the_listed_ones():
    assert {k for k, c in claims().items() if k.startswith("nulling.") and c.profiled} == set(EXPECTED_PAPER)


@pytest.mark.parametrize("claim_id", sorted(EXPECTED))
def test_claim_outcome(claim_id):
    res, _ = check(claims()[claim_id], quick=True, profile="spec")
    assert res.passed == EXPECTED[claim_id], res.measured
    assert any(ch.isdigit() for ch in res.measured)


@pytest.mark.parametrize("claim_id", sorted(EXPECTED_PAPER))
def test_claim_outcome_paper_profile(claim_id):
    res, _ = check(claims()[claim_id], quick=True, profile="paper")
    assert res.passed == EXPECTED_PAPER[claim_id], res.measured
