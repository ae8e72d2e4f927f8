"""The report as one static HTML page: inline stylesheet, no script, figures by relative path."""

from __future__ import annotations

import math
from html import escape
from typing import Any

__all__ = ["render_html"]

_CSS = """
:root { --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --ok: #1b5e20; --explained: #7a4f00; --bad: #b00020; }
* { box-sizing: border-box; }
body { font: 15px/1.45 Georgia, 'Times New Roman', serif; color: var(--ink); background: #fff;
       max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.3rem; border-bottom: 2px solid var(--ink);
     padding-bottom: .2rem; margin-top: 2.2rem; } h3 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
p.meta, .muted { color: var(--muted); font-size: .9rem; }
nav ul { columns: 3; list-style: none; padding: 0; font-size: .9rem; }
code, .mono { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: .85em; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .88rem; }
th, td { border-top: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { border-top: 2px solid var(--ink); border-bottom: 1px solid var(--ink); }
tbody th { font-weight: normal; color: var(--muted); white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.card { border: 1px solid var(--rule); padding: 1rem; margin: 1.2rem 0; break-inside: avoid; page-break-inside: avoid; }
.card img { display: block; max-width: min(100%, 760px); height: auto; margin: .5rem auto; border: 1px solid #eee; }
.card dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; font-size: .85rem;
           margin: .5rem 0; }
.card dt { color: var(--muted); } .card dd { margin: 0; }
.caption { font-style: italic; }
.verdict { font-weight: bold; white-space: nowrap; }
.v-reproduced, .v-pass { color: var(--ok); } .v-explained { color: var(--explained); }
.v-unexpected, .v-fail { color: var(--bad); }
.summary span { margin-right: 1.2rem; }
.problem { color: var(--bad); }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; } nav { display: none; }
  a { color: inherit; text-decoration: none; } h2 { break-after: avoid; }
  tr, .card { break-inside: avoid; page-break-inside: avoid; }
}
"""


def _e(v: Any) -> str:
    return escape("" if v is None else str(v))


def _fmt(v: Any, digits: int = 4) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return f"{v:.{digits}g}" if math.isfinite(v) else str(v)
    return str(v)


def _seconds(v: Any) -> str:
    return f"{v:.1f} s" if isinstance(v, int | float) and math.isfinite(v) else "–"


def _commit(c: Any) -> str:
    return _e(str(c)[:12]) if c else "–"


def _paper_numbers(data: Any) -> str:
    """The paper's numbers next to ours: a table for records or a mapping, a paragraph otherwise."""
    if data is None or data == [] or data == {}:
        return '<p class="muted">The paper states no number for this figure, or none is recorded.</p>'
    if isinstance(data, dict):
        rows = "".join(f"<tr><th scope=\"row\">{_e(k)}</th><td>{_e(_fmt(v))}</td></tr>" for k, v in data.items())
        return f"<table><tbody>{rows}</tbody></table>"
    if isinstance(data, list) and all(isinstance(r, dict) for r in data):
        cols: list[str] = []
        for r in data:
            cols += [k for k in r if k not in cols]
        head = "".join(f"<th>{_e(c.replace('_', ' '))}</th>" for c in cols)
        body = "".join("<tr>" + "".join(f"<td>{_e(_fmt(r.get(c)))}</td>" for c in cols) + "</tr>" for r in data)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if isinstance(data, list):
        return "<ul>" + "".join(f"<li>{_e(_fmt(x))}</li>" for x in data) + "</ul>"
    return f"<p>{_e(data)}</p>"


def _card(f: dict) -> str:
    img = (f'<img src="{_e(f["image"])}" alt="{_e(f["title"])}">' if f.get("image")
           else '<p class="problem">No figure image is stored for this result.</p>')
    caption = (f'<p class="caption">{_e(f["caption"])}</p>' if f.get("caption")
               else (f'<p class="caption muted">{_e(f["notes"])}</p>' if f.get("notes") else ""))
    links = " · ".join(f'<a href="{_e(path)}">{_e(kind)}</a>' for kind, path in f["files"].items())
    meta = [("experiment", _e(f.get("experiment") or "–")), ("runtime", _seconds(f.get("runtime_s"))),
            ("compute time", _seconds(f.get("compute_time_s"))), ("seed", _e(_fmt(f.get("seed")))),
            ("budget", _e(f.get("budget") or "–")),
            ("profile", _e(f.get("profile"))), ("isacnet", _e(f.get("isacnet_version") or "–")),
            ("commit", f'<span class="mono">{_commit(f.get("git_commit"))}</span>'),
            ("created", _e(f.get("created") or "–")), ("files", links or "–")]
    if f.get("manifest"):
        m = f["manifest"]
        meta.append(("manifest", _e(f"{m.get('origin') or '?'}, written {m.get('written') or '?'}")))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta)
    problem = f'<p class="problem">{_e(f["problem"])}</p>' if f.get("problem") else ""
    return (f'<section class="card" id="fig-{_e(f["id"])}"><h3>{_e(f["id"])}: {_e(f["title"])}</h3>{img}{caption}'
            f"{problem}<h4>The paper's numbers and ours</h4>{_paper_numbers(f.get('paper_numbers'))}"
            f"<dl>{dl}</dl></section>")


_VERDICT_CLASS = {"reproduced": "v-reproduced", "not reproduced – explained": "v-explained",
                  "unexpected": "v-unexpected"}


def _claims(doc: dict | None) -> str:
    if doc is None:
        return ('<p class="muted">Left out (<code>--no-claims</code>). <code>isacnet claims --quick --json '
                'results/claims.json</code> stores them for the next report.</p>')
    summary = doc.get("summary", {})
    head = ('<p class="summary">' + "".join(
        f'<span class="verdict {_VERDICT_CLASS.get(k, "")}">{_e(k)}: {_e(v)}</span>' for k, v in summary.items())
        + "</p>" + f'<p class="meta">{"Quick" if doc.get("quick") else "Full"} budgets, profile '
        f'{_e(doc.get("profile"))}, isacnet {_e(doc.get("isacnet_version"))} '
        f'(<span class="mono">{_commit(doc.get("git_commit"))}</span>), {_e(doc.get("created"))}.</p>')
    out, papers = [head], []
    for rec in doc.get("claims", []):
        if rec.get("paper") not in papers:
            papers.append(rec.get("paper"))
    counts: dict = {}
    for rec in doc.get("claims", []):
        counts[rec.get("claim_id")] = counts.get(rec.get("claim_id"), 0) + 1
    for paper in papers:
        rows = []
        for r in (r for r in doc["claims"] if r.get("paper") == paper):
            twice = counts.get(r.get("claim_id"), 0) > 1  # a profiled claim: one row per profile
            anchor = f'{r.get("claim_id")}-{r.get("profile")}' if twice else r.get("claim_id")
            tag = f' <span class="muted">[profile {_e(r.get("profile"))}]</span>' if twice else ""
            cls = _VERDICT_CLASS.get(r.get("verdict"), "")
            ours = _e(r.get("ours"))
            if r.get("approximation"):
                ours += f'<br><span class="muted">{_e(r["approximation"])}</span>'
            why = _e(r.get("note"))
            if r.get("reason") and r.get("verdict") != "unexpected":
                why = f"<em>{_e(r['reason'])}</em>: {why}"
            rows.append(
                f'<tr id="claim-{_e(anchor)}"><td><span class="mono">{_e(r.get("claim_id"))}</span>{tag}<br>'
                f'{_e(r.get("statement"))}</td><td>{_e(r.get("paper_value"))}</td><td>{ours}</td>'
                f'<td>{_e(r.get("tolerance"))}</td><td><span class="verdict {cls}">{_e(r.get("verdict"))}</span>'
                f'<br><span class="muted">{why}</span></td><td class="num">{_seconds(r.get("runtime_s"))}</td></tr>')
        out.append(f"<h3>{_e(paper)}</h3><table><thead><tr><th>claim</th><th>paper</th><th>ours</th>"
                   f"<th>tolerance</th><th>verdict</th><th>time</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return "".join(out)


def _validation(doc: dict | None) -> str:
    if doc is None:
        return '<p class="muted">Left out.</p>'
    s = doc.get("summary", {})
    rows = []
    for c in doc.get("cases", []):
        ok = c.get("passed")
        rows.append(
            f'<tr><td><span class="mono">{_e(c.get("case_id"))}</span><br><span class="muted">'
            f'{_e(c.get("description"))}</span></td><td class="num">{_e(_fmt(c.get("analytic"), 5))}</td>'
            f'<td class="num">{_e(_fmt(c.get("monte_carlo"), 5))}</td><td class="num">{_e(_fmt(c.get("std_error"), 3))}'
            f'</td><td class="num">{_e(_fmt(c.get("difference"), 3))}</td><td class="num">'
            f'{_e(_fmt(c.get("tolerance"), 3))}</td><td><span class="verdict {"v-pass" if ok else "v-fail"}">'
            f'{"pass" if ok else "FAIL"}</span><br><span class="muted">z = {_e(_fmt(c.get("z")))}; '
            f'{_e(c.get("tolerance_note"))}</span></td></tr>')
    return (f'<p class="summary"><span class="verdict v-pass">pass: {_e(s.get("passed"))}</span>'
            f'<span class="verdict v-fail">fail: {_e(s.get("failed"))}</span></p>'
            f'<p class="meta">{"Quick" if doc.get("quick") else "Full"} budgets; tolerance = z·SE + model term '
            f'(nonzero only where a paper calls its expression approximate); isacnet {_e(doc.get("isacnet_version"))}'
            f' (<span class="mono">{_commit(doc.get("git_commit"))}</span>), {_e(doc.get("created"))}.</p>'
            f'<table><thead><tr><th>case</th><th>closed form</th><th>Monte Carlo</th><th>SE</th><th>|diff|</th>'
            f'<th>tolerance</th><th>result</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _environment(env: dict) -> str:
    rows = "".join(f"<tr><th scope=\"row\">{_e(k.replace('_', ' '))}</th><td>{_e(_fmt(v))}</td></tr>"
                   for k, v in env.items())
    return f"<table><tbody>{rows}</tbody></table>"


def render_html(report: dict) -> str:
    """The page of ``report`` (:func:`isacnet.report.build_report`)."""
    env, figures = report["environment"], report["figures"]
    nav = "".join(f'<li><a href="#fig-{_e(f["id"])}">{_e(f["id"])}</a></li>' for f in figures)
    cards = "".join(_card(f) for f in figures) or '<p class="muted">No stored results in this folder.</p>'
    claims = report.get("claims")
    summary = ""
    if claims:
        summary = " · ".join(f"{_e(v)} {_e(k)}" for k, v in claims.get("summary", {}).items())
        summary = f"; claims: {summary}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>isacnet report</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>isacnet: reproduced figures, claims and checks</h1>
<p class="meta">isacnet {_e(env.get("isacnet_version"))}
(commit <span class="mono">{_commit(env.get("git_commit"))}</span>),
made {_e(env.get("created"))}; {len(figures)} figures{summary}.</p>
<nav><ul><li><a href="#claims">Claims</a></li><li><a href="#validation">Validation</a></li>
<li><a href="#environment">Environment</a></li>{nav}</ul></nav>
</header>
<main>
<h2 id="figures">Figures</h2>
{cards}
<h2 id="claims">Claims: the papers' numbers and ours</h2>
<p class="muted">Each claim states the paper's value, ours, the tolerance, and a verdict: <em>reproduced</em>,
<em>not reproduced – explained</em> (with its reason: erratum, unstated parameter, model difference,
approximation) or <em>unexpected</em> (the measured verdict differs from the documented one).</p>
{_claims(claims)}
<h2 id="validation">Validation: closed forms vs Monte Carlo</h2>
{_validation(report.get("validation"))}
<h2 id="environment">Environment</h2>
{_environment(env)}
</main>
</body>
</html>
"""
