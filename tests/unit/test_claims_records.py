"""The claims framework: records, verdicts, the exit code and the JSON of ``isacnet claims``, and the
declarations of every registered claim (no claim is run here except two fast ones)."""

import json
import re
from pathlib import Path

import pytest

import isacnet.claims as claims_mod
from isacnet.claims import (
    EXPLAINED,
    REASONS,
    REPRODUCED,
    UNEXPECTED,
    Claim,
    Expected,
    Measurement,
    PaperValue,
    check,
    claims,
    explained,
    reproduced,
)
from isacnet.cli import main

DOCS = Path(__file__).parents[2] / "docs" / "theory"


def _claim(cid, agrees, expected, raises=False):
    def measure(quick, profile):
        if raises:
            raise ValueError("boom")
        return Measurement(ours="1.0×", agrees=agrees, number=1.0)

    return Claim(cid, "a statement", PaperValue("2×", 2.0, "×"), "±10 %", expected, measure)


@pytest.mark.parametrize("agrees, expected, verdict", [
    (True, reproduced(), REPRODUCED),
    (False, explained("erratum", "the paper's (7) has a typo"), EXPLAINED),
    (False, reproduced(), UNEXPECTED),  # documented as reproduced, no longer is
    (True, explained("unstated parameter", "why"), UNEXPECTED),  # documented as not reproduced, now is
])
def test_verdict_is_the_expected_one_only_when_the_measurement_agrees(agrees, expected, verdict):
    rec = check(_claim("zz.x", agrees, expected), quick=True)
    assert rec.verdict == verdict
    assert rec.measured_verdict == ("reproduced" if agrees else "not reproduced")
    assert rec.expected_verdict == expected.verdict and rec.reason == expected.reason
    assert rec.profile == "paper" and rec.quick and rec.runtime_s >= 0
    if verdict == UNEXPECTED:
        assert "documented as" in rec.note


def test_a_measurement_that_raises_is_unexpected_not_a_crash():
    rec = check(_claim("zz.x", True, reproduced(), raises=True))
    assert rec.verdict == UNEXPECTED and rec.error == "ValueError: boom"


def test_expected_verdicts_need_their_reason():
    with pytest.raises(ValueError):
        Expected(EXPLAINED, None, "why")
    with pytest.raises(ValueError):
        Expected(EXPLAINED, "a typo", "why")  # not a reason category
    with pytest.raises(ValueError):
        Expected(REPRODUCED, "erratum")
    with pytest.raises(ValueError):
        Expected("passed")


def test_unknown_profile_is_refused():
    from isacnet.errors import InputError

    with pytest.raises(InputError):
        check(_claim("zz.x", True, reproduced()), profile="nope")


@pytest.mark.parametrize("claim_id", sorted(claims()))
def test_every_claim_declares_the_paper_value_tolerance_and_expected_verdict(claim_id):
    c = claims()[claim_id]
    assert c.paper in ("coop", "nulling", "overview", "power", "deploy")
    assert c.statement and c.paper_value.text and c.tolerance
    for profile in c.profiles("both"):
        e = c.expected_for(profile)
        assert e.verdict in (REPRODUCED, EXPLAINED)
        assert (e.reason in REASONS) == (e.verdict == EXPLAINED)


@pytest.mark.parametrize("paper", ["coop", "nulling", "overview", "power", "deploy"])
def test_theory_page_lists_every_claim_with_its_expected_verdict(paper):
    """The claims table of docs/theory/<paper>.md (written by ``python -m isacnet.claims --write-docs``)
    shows every claim of the paper with the verdict and reason its declaration expects."""
    text = (DOCS / f"{paper}.md").read_text()
    block = re.search(r"<!-- claims:begin -->(.*?)<!-- claims:end -->", text, re.S)
    assert block, f"docs/theory/{paper}.md has no generated claims table"
    rows = {line.split("|")[1].strip(): line for line in block.group(1).splitlines() if line.startswith("| `")}
    for cid, c in claims().items():
        if c.paper == paper:
            for profile in c.profiles("both"):
                key = f"`{cid}` ({profile})" if c.profiled else f"`{cid}`"
                assert key in rows, f"{key} missing from docs/theory/{paper}.md"
                e = c.expected_for(profile)
                assert e.verdict in rows[key] and (e.reason or "") in rows[key]


# -- the command line --------------------------------------------------------------------------------
@pytest.fixture
def fake_claims(monkeypatch):
    fake = {"zz.holds": _claim("zz.holds", True, reproduced()),
            "zz.explained": _claim("zz.explained", False, explained("model difference", "why"))}
    monkeypatch.setattr(claims_mod, "claims", lambda: fake)
    return fake


def test_claims_exit_0_without_unexpected_outcome_and_1_with_one(fake_claims, capsys):
    assert main(["claims", "--paper", "zz"]) == 0
    out = capsys.readouterr().out
    assert "[reproduced] zz.holds" in out and "[not reproduced – explained] zz.explained" in out
    assert "1 reproduced, 1 not reproduced – explained, 0 unexpected" in out
    fake_claims["zz.broken"] = _claim("zz.broken", False, reproduced())
    assert main(["claims", "--paper", "zz"]) == 1
    assert "[unexpected] zz.broken" in capsys.readouterr().out


def test_claims_json_on_stdout_and_to_a_file(fake_claims, capsys, tmp_path):
    assert main(["claims", "--paper", "zz", "--quick", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)  # only JSON on stdout
    assert doc["kind"] == "isacnet claims" and doc["quick"] is True and doc["profile"] == "both"
    assert doc["summary"] == {REPRODUCED: 1, EXPLAINED: 1, UNEXPECTED: 0}
    rec = doc["claims"][0]
    for key in ("claim_id", "paper", "paper_value", "ours", "tolerance", "measured_verdict", "expected_verdict",
                "reason", "verdict", "note", "runtime_s", "profile"):
        assert key in rec
    target = tmp_path / "claims.json"
    assert main(["claims", "--paper", "zz", "--json", str(target)]) == 0
    assert "zz.holds" in capsys.readouterr().out  # the table is still printed
    assert json.loads(target.read_text())["summary"][REPRODUCED] == 1


@pytest.mark.parametrize("argv, field", [
    (["claims", "--paper", "nope"], "--paper"),
    (["claims", "--profile", "nope"], "--profile"),
    (["claims", "--paper", "zz", "--json", "/nonexistent/dir/x.json"], "--json"),
])
def test_claims_bad_input_is_one_line_exit_2(fake_claims, capsys, argv, field):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"isacnet: error: {field}:") and err.count("\n") == 1


def test_real_claims_quick_json(capsys):
    """Two fast real claims through the CLI: the paper's value, ours and a verdict for each."""
    assert main(["claims", "--quick", "--paper", "overview", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["profile"] for r in doc["claims"]] == ["spec", "paper"]  # a profiled claim: both profiles
    for rec in doc["claims"]:
        assert rec["claim_id"] == "overview.tradeoff_backhaul" and rec["verdict"] == EXPLAINED
        assert rec["reason"] == "unstated parameter" and rec["paper_value"] and rec["ours"]


def test_validate_json(tmp_path, capsys):
    target = tmp_path / "validation.json"
    assert main(["validate", "--quick", "--case", "deploy.comp_rate_hamdi", "--json", str(target)]) == 0
    doc = json.loads(target.read_text())
    (case,) = doc["cases"]
    assert case["case_id"] == "deploy.comp_rate_hamdi" and case["passed"] is True
    assert case["difference"] <= case["tolerance"] and case["tolerance_note"]
    assert "1 passed, 0 failed" in capsys.readouterr().out


def test_a_profiled_claim_is_judged_against_its_paper_profile_verdict():
    def measure(quick, profile):
        return Measurement(ours="x", agrees=profile == "paper")

    c = Claim("zz.p", "s", PaperValue("2×", 2.0, "×"), "±10 %", explained("unstated parameter", "why"), measure,
              profiled=True, expected_paper=reproduced())
    assert c.profiles("both") == ("spec", "paper")
    assert check(c, quick=True, profile="spec").verdict == EXPLAINED
    assert check(c, quick=True, profile="paper").verdict == REPRODUCED
    with pytest.raises(ValueError):
        Claim("zz.q", "s", PaperValue("2×"), "±10 %", reproduced(), measure, expected_paper=reproduced())
