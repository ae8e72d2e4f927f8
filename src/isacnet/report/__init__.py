"""``isacnet report``: one static HTML page and ``report.json`` from the stored results.

:func:`write_report` reads every result folder under an output folder (``<id>/<id>.nc``,
``.png``, ``.csv``, ``.pdf`` and, where present, ``manifest.json``), the claims
(``claims.json``, as ``isacnet claims --json`` writes it) and the validation cases
(``validation.json``, as ``isacnet validate --json`` writes it), and writes ``report.html`` and
``report.json`` atomically beside them. Where the claims or the validation are not stored, the
report runs them and stores their JSON for the next report: with quick budgets when asked, or
when the stored figures were reproduced with ``--quick`` (README command 1 takes about as long
again as ``reproduce all --quick`` for them).

The page is self-contained: no network access, no script, an inline print-friendly
stylesheet, and the figures referenced by relative paths (``<id>/<id>.png``), so the folder can
be moved or archived as a whole.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

from isacnet.errors import InputError
from isacnet.report._collect import (
    collect_figures,
    environment,
    load_or_run_claims,
    load_or_run_validation,
    stored_budget_is_quick,
)
from isacnet.report._html import render_html
from isacnet.store import atomic_write

__all__ = ["write_report", "build_report", "REPORT_HTML", "REPORT_JSON", "CLAIMS_JSON", "VALIDATION_JSON"]

REPORT_HTML = "report.html"
REPORT_JSON = "report.json"
CLAIMS_JSON = "claims.json"
VALIDATION_JSON = "validation.json"


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def build_report(out_dir: str | Path, *, claims: bool | None = None, quick: bool | None = None,
                 validation: bool = True) -> dict[str, Any]:
    """The report's content as JSON-ready data.

    Parameters
    ----------
    out_dir : path
        Folder holding the result folders (``isacnet reproduce ... --out``).
    claims : bool, optional
        None (default): the stored ``claims.json``, else run the claims and store it; True: run
        them now and store ``claims.json``; False: no claims table.
    quick : bool, optional
        Quick budgets for the claims and validation cases the report runs itself. None (default):
        quick when the stored built-in figures were all reproduced with ``--quick``.
    validation : bool
        Whether to include the validation table (stored ``validation.json``, else run and store).
    """
    out = Path(out_dir)
    if not out.is_dir():
        raise InputError("--out", f"must be a folder of stored results, got {str(out_dir)!r}")
    figures = collect_figures(out)
    if quick is None:
        quick = stored_budget_is_quick(figures)
    claims_doc = None if claims is False else load_or_run_claims(out / CLAIMS_JSON, quick=quick, rerun=bool(claims))
    validation_doc = load_or_run_validation(out / VALIDATION_JSON, quick=quick) if validation else None
    return {
        "format": 1,
        "kind": "isacnet report",
        "environment": environment(),
        "figures": figures,
        "claims": claims_doc,
        "validation": validation_doc,
    }


def write_report(out_dir: str | Path, *, claims: bool | None = None, quick: bool | None = None,
                 validation: bool = True) -> dict[str, Path]:
    """Build the report of ``out_dir`` and write ``report.html`` and ``report.json`` into it (atomically).

    Returns
    -------
    dict of str to Path
        ``{"html": ..., "json": ...}``.
    """
    out = Path(out_dir)
    report = build_report(out, claims=claims, quick=quick, validation=validation)
    text = json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"
    html = render_html(report)
    json_path = atomic_write(out / REPORT_JSON, partial(_write_text, text=text))
    html_path = atomic_write(out / REPORT_HTML, partial(_write_text, text=html))
    return {"html": html_path, "json": json_path}
