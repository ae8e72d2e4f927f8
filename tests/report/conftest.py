"""A small stored-results folder for the report tests: three quick figures (closed forms, under a second
each), claims.json with two claims and validation.json with two cases."""

import json
import shutil

import pytest

FIGURES = ("nulling-fig6", "nulling-fig12", "deploy-fig6")  # catalogue order, a few seconds each
CLAIMS = ("nulling.sense_ase_rise_fall", "nulling.theorem2_tight")
CASES = ("deploy.comp_rate_hamdi", "coop.crlb_eq45[N=20]")


@pytest.fixture(scope="session")
def stored_results(tmp_path_factory):
    from isacnet.claims import check, claims, records_document
    from isacnet.parallel import SerialExecutor
    from isacnet.pipeline import reproduce_figure
    from isacnet.validation import cases, results_document, run_case

    out = tmp_path_factory.mktemp("results")
    for fid in FIGURES:
        reproduce_figure(fid, out, quick=True, executor=SerialExecutor())
    records = [check(claims()[c], quick=True) for c in CLAIMS]
    (out / "claims.json").write_text(json.dumps(records_document(records, quick=True, profile="spec")))
    results = [run_case(cases()[c], quick=True) for c in CASES]
    (out / "validation.json").write_text(json.dumps(results_document(results, quick=True)))
    return out


@pytest.fixture
def results_copy(stored_results, tmp_path):
    """A private copy of the stored results (a test may change it)."""
    dest = tmp_path / "results"
    shutil.copytree(stored_results, dest)
    return dest
