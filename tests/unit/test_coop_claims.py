"""coop sensing claims (Figs. 3–5): each outcome is the one declared in isacnet.claims.coop and
documented in docs/theory/coop.md (quick mode, fixed seeds)."""

import pytest

from isacnet.claims import claims

IDS = sorted(k for k in claims() if k.startswith("coop.") and claims()[k].measure.__module__.endswith(".coop"))


def test_sensing_claims_registered():
    assert set(IDS) == {"coop.gdop_tenfold", "coop.crlb_ln2_law", "coop.closed_form_small_n",
                        "coop.incremental_beyond_10", "coop.optimal_sensing_cluster"}


@pytest.mark.parametrize("claim_id", IDS)
def test_claim_outcome_as_documented(claim_id, claim_as_documented):
    claim_as_documented(claim_id)


def test_optimal_sensing_cluster_evaluates_the_n_it_names():
    """Quick mode once evaluated even N only, so N = psi = 15 itself was never simulated."""
    from isacnet.claims import check

    rec = check(claims()["coop.optimal_sensing_cluster"], quick=True)
    assert "N = 10 … 20" in rec.detail and "at N = 15" in rec.detail
