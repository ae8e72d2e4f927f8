"""``isacnet report``: the page and report.json built from stored results, self-contained, degrading
gracefully where the figure attributes or the stored claims are missing."""

import json
import re

from isacnet.cli import main
from isacnet.report import build_report, write_report
from isacnet.scenario import load_scenario

from .conftest import CLAIMS, FIGURES


def test_report_has_a_card_per_stored_figure_and_the_stored_tables(results_copy, capsys):
    assert main(["report", "--out", str(results_copy)]) == 0
    assert "report.html" in capsys.readouterr().out
    html = (results_copy / "report.html").read_text()
    doc = json.loads((results_copy / "report.json").read_text())
    assert [f["id"] for f in doc["figures"]] == list(FIGURES)  # catalogue order, not the folders' names
    for fid in FIGURES:
        assert f'<img src="{fid}/{fid}.png"' in html  # relative: the folder moves as a whole
    card = doc["figures"][0]
    assert card["budget"] == "quick" and card["seed"] == load_scenario(FIGURES[0]).seed and card["profile"] == "paper"
    assert card["runtime_s"] > 0 and card["isacnet_version"] and card["git_commit"]
    assert [r["claim_id"] for r in doc["claims"]["claims"]] == list(CLAIMS)  # read, not rerun
    assert len(doc["validation"]["cases"]) == 2
    assert {"python", "numpy", "scipy", "platform", "cpu_count", "isacnet_version", "git_commit"} <= set(
        doc["environment"])
    for cid in CLAIMS:
        assert f'id="claim-{cid}"' in html


def test_report_is_self_contained(results_copy):
    write_report(results_copy)
    html = (results_copy / "report.html").read_text()
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "no network reference"
    assert "@import" not in html and "url(" not in html
    for src in re.findall(r'<img src="([^"]+)"', html):
        assert (results_copy / src).is_file()


def test_caption_and_paper_numbers_from_the_dataset_attributes(results_copy):
    """The figure modules add ``caption`` and ``paper_numbers``; the card shows them when present."""
    import xarray as xr

    nc = results_copy / "nulling-fig6" / "nulling-fig6.nc"
    with xr.open_dataset(nc) as ds:
        ds = ds.load()
    ds.attrs["caption"] = "Optimal L of the communication ASE."
    ds.attrs["paper_numbers"] = json.dumps([{"quantity": "K*", "paper": 12, "ours": 12}])
    ds.to_netcdf(nc)
    doc = build_report(results_copy)
    card = next(f for f in doc["figures"] if f["id"] == "nulling-fig6")
    assert card["caption"] == "Optimal L of the communication ASE."
    assert card["paper_numbers"] == [{"quantity": "K*", "paper": 12, "ours": 12}]
    write_report(results_copy)
    html = (results_copy / "report.html").read_text()
    assert "Optimal L of the communication ASE." in html and "<th>quantity</th>" in html


def test_no_claims_and_a_damaged_result(results_copy):
    (results_copy / "nulling-fig12" / "nulling-fig12.nc").write_bytes(b"not netcdf")
    (results_copy / "nulling-fig6" / "nulling-fig6.png").unlink()
    doc = build_report(results_copy, claims=False)
    assert doc["claims"] is None
    cards = {f["id"]: f for f in doc["figures"]}
    assert "could not be read" in cards["nulling-fig12"]["problem"]
    assert cards["nulling-fig6"]["image"] is None
    write_report(results_copy, claims=False)
    html = (results_copy / "report.html").read_text()
    assert "No figure image is stored" in html and "--no-claims" in html


def test_report_of_a_missing_folder_is_one_line_exit_2(tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("isacnet: error: --out:") and err.count("\n") == 1
    assert not (tmp_path / "nowhere").exists()
