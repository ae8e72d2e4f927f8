"""Every registered analytic/Monte Carlo pair agrees within its written tolerance (quick budgets)."""

import pytest

from isacnet.validation import cases, run_case

CASES = cases()


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_case(case_id):
    res = run_case(CASES[case_id], quick=True)
    assert res.passed, (
        f"{case_id}: analytic {res.analytic:.6g} vs MC {res.mc_value:.6g} (|diff| {res.difference:.3g} > "
        f"tolerance {res.tolerance:.3g}; {CASES[case_id].tolerance_note})"
    )
