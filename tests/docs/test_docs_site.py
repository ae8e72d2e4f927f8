"""The documentation site: built in strict mode, complete, and usable offline.

The module fixture runs ``python -m mkdocs build --strict`` once (the CI build of the site: any
warning fails it: a broken link or anchor, a docstring naming an object that does not exist, math
that does not convert, an asset loaded from the network). Its figure store defaults to
``build/docs-figures`` (``ISACNET_DOCS_FIGURES``), which reuses figures while the package source is
unchanged; from scratch the build reproduces every figure in quick mode and runs every example
(about 2-3 minutes of CPU, see docs/index.md). The tests then read the built HTML.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT / "tools" / "docs"))

pytestmark = pytest.mark.slow

THEORY = sorted(p.stem for p in (DOCS / "theory").glob("*.md"))
API_NAMESPACES = [
    "isacnet.coop", "isacnet.nulling", "isacnet.power", "isacnet.deploy", "isacnet.plan", "isacnet.models",
    "isacnet.analysis.coop", "isacnet.analysis.nulling", "isacnet.analysis.power", "isacnet.analysis.deploy",
    "isacnet.simulate.engine", "isacnet.simulate.stats", "isacnet.simulate.coop", "isacnet.simulate.nulling",
    "isacnet.simulate.power", "isacnet.simulate.deploy", "isacnet.optimization.coop",
    "isacnet.optimization.nulling", "isacnet.optimization.power", "isacnet.optimization.deploy",
    "isacnet.metrics.localization", "isacnet.metrics.detection", "isacnet.metrics.deploy", "isacnet.geometry",
    "isacnet.channel",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "site"
    env = {**os.environ, "MPLBACKEND": "Agg", "NO_MKDOCS_2_WARNING": "1"}
    res = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)], cwd=ROOT,
                         capture_output=True, text=True, env=env, timeout=3000)
    problems = [ln for ln in res.stderr.splitlines() if "WARNING" in ln or "ERROR" in ln]
    assert res.returncode == 0, "strict docs build failed:\n" + "\n".join(problems[:40]) + res.stderr[-3000:]
    return out


def _html(site: Path, page: str) -> str:
    path = site / page
    assert path.is_file(), f"{page} is not in the built site"
    return path.read_text()


class _Assets(HTMLParser):
    """Every URL a page loads by itself (not the links a reader may follow)."""

    LOADS: ClassVar[dict[str, str]] = {"script": "src", "img": "src", "iframe": "src", "source": "src",
                                       "audio": "src", "video": "src", "embed": "src", "object": "data",
                                       "input": "src"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in self.LOADS and a.get(self.LOADS[tag]):
            self.urls.append(a[self.LOADS[tag]])
        if tag == "link" and a.get("href") and set((a.get("rel") or "").split()) & {
                "stylesheet", "preload", "icon", "modulepreload", "manifest", "prefetch", "preconnect", "dns-prefetch"}:
            self.urls.append(a["href"])
        if a.get("srcset"):
            self.urls += [s.split()[0] for s in a["srcset"].split(",") if s.strip()]
        if a.get("style"):
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", a["style"])


def _remote(url: str) -> bool:
    return bool(re.match(r"^\s*(https?:)?//", url, re.IGNORECASE))


def test_strict_build_passes_and_lists_the_pages(site):
    index = _html(site, "index.html")
    for page in ["getting-started.html", "architecture.html", "nomenclature.html", "plan.html",
                 "reference/parameters.html", "reference/api/index.html", "gallery/index.html", "examples/index.html",
                 *(f"theory/{t}.html" for t in THEORY)]:
        assert (site / page).is_file(), page
        assert f'href="{page}"' in index, f"{page} is not in the navigation"
    # every Markdown page of docs/ is built and reachable from the navigation (a page added later too)
    for md in DOCS.rglob("*.md"):
        rel = md.relative_to(DOCS).with_suffix(".html").as_posix()
        assert (site / rel).is_file(), rel
        assert f'href="{rel}"' in index or rel == "index.html", f"{rel} is not in the navigation"


def test_no_asset_is_loaded_from_the_network(site):
    offenders = []
    for path in site.rglob("*"):
        if path.suffix == ".html":
            parser = _Assets()
            parser.feed(path.read_text(errors="replace"))
            offenders += [f"{path.relative_to(site)}: {u}" for u in parser.urls if _remote(u)]
        elif path.suffix == ".css":
            text = path.read_text(errors="replace")
            urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text)
            offenders += [f"{path.relative_to(site)}: {u}" for u in urls if _remote(u)]
    assert not offenders, "assets loaded from the network:\n" + "\n".join(offenders[:20])
    # no web fonts at all (theme font off) and the math needs no script
    assert not [p for p in site.rglob("*") if p.suffix in (".woff", ".woff2", ".ttf", ".otf")]
    assert "mathjax" not in _html(site, "theory/coop.html").lower()


@pytest.mark.parametrize("page", THEORY)
def test_theory_math_is_rendered_as_mathml(site, page):
    html = _html(site, f"theory/{page}.html")
    src = (DOCS / "theory" / f"{page}.md").read_text()
    prose = re.sub(r"```.*?```", "", src, flags=re.DOTALL)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    formulas = len(re.findall(r"(?<![\\$])\$(?!\$)[^$\n]+?(?<!\\)\$", prose)) + len(re.findall(r"\$\$", prose)) // 2
    assert formulas >= 1, f"theory/{page}.md has no LaTeX math"
    assert html.count("<math ") >= formulas, f"{html.count('<math ')} MathML elements for {formulas} formulas"
    assert 'class="arithmatex"' not in html and "math-error" not in html
    body = html[html.index('<article'):html.index('</article>')]
    assert not re.search(r"\$[^$<]*\\[a-zA-Z]+", re.sub(r"<(pre|code)\b.*?</\1>", "", body, flags=re.DOTALL))


def test_gallery_shows_every_figure_with_caption_and_command(site):
    from isacnet.registry import figures

    pages = {p.name: p.read_text() for p in (site / "gallery").glob("*.html")}
    for fid, spec in figures().items():
        png = site / "gallery" / "img" / f"{fid}.png"
        assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", fid
        page = pages.get(f"{spec.paper}.html", "")
        assert f'id="{fid}"' in page and f'src="img/{fid}.png"' in page, fid
        assert f"isacnet reproduce {fid} --quick" in re.sub(r"<[^>]+>", "", page), fid
        assert f'href="{spec.paper}.html#{fid}"' in pages["index.html"], fid


def test_api_reference_documents_every_public_namespace(site):
    api = "".join(p.read_text() for p in (site / "reference" / "api").glob("*.html"))
    for ns in API_NAMESPACES:
        assert f'id="{ns}"' in api, f"{ns} has no API entry"
    # numpydoc sections were parsed (a parameters table), and docstring roles became links
    front = _html(site, "reference/api/front-doors.html")
    assert 'id="isacnet.coop.expected_crlb"' in front
    assert ":func:`" not in api and ":class:`" not in api


def test_examples_are_shown_with_their_output(site):
    for script in sorted((DOCS / "examples").glob("*.py")):
        html = _html(site, f"examples/{script.stem}.html")
        blocks = re.findall(r"<pre\b.*?</pre>", html, flags=re.DOTALL)
        assert len(blocks) >= 2, f"{script.name}: script and output expected"
        output = re.sub(r"<[^>]+>", "", blocks[-1]).strip()
        assert output, f"{script.name}: empty output"


def test_parameter_reference_renders_symbols(site):
    html = _html(site, "reference/parameters.html")
    assert html.count("<math ") > 50
    assert "&lt;paper key&gt;" in html


# -- the build tools themselves (fast, no site needed) -------------------------------------------
@pytest.mark.parametrize("tex", [r"\lambda_b", r"\frac{2}{|\zeta|^2 \sum_{k \ne l} E[d_k]^{-\beta}}",
                                 r"P(X > t) \sim t^{-(N-1)/2}", r"\Gamma(n+\tfrac12)^2", r"\mathrm{km}^{-2}"])
def test_mathml_converts(tex):
    from docs_math import to_mathml

    out = to_mathml(tex, display=False)
    assert out.startswith("<math") and "\\" not in out


@pytest.mark.parametrize("tex", [r"\nosuchcommand x", r"\begin{eqnarray} a &= b \end{eqnarray}"])
def test_mathml_rejects_what_it_cannot_render(tex):
    from docs_math import MathError, to_mathml

    with pytest.raises(MathError):
        to_mathml(tex, display=True)


def test_stale_docstring_reference_is_detected():
    import griffe
    from docs_crossrefs import protect_brackets, resolve

    pkg = griffe.load("isacnet", search_paths=[str(ROOT / "src")], resolve_aliases=False)
    func = pkg["analysis.coop._sensing.expected_crlb"] if "_sensing" in pkg["analysis.coop"].members else None
    obj = func if func is not None else pkg["coop"]
    assert resolve(obj, "isacnet.coop.expected_crlb", pkg) == "isacnet.coop.expected_crlb"
    assert resolve(obj, "numpy.random.Generator", pkg) is None
    with pytest.raises(LookupError):
        resolve(obj, "no_such_function_anywhere", pkg)
    with pytest.raises(LookupError):
        resolve(obj, "isacnet.coop.no_such_function", pkg)
    assert protect_brackets("points [n, 3] [m]") == r"points [n, 3] \[m]"
    assert protect_brackets("``a] [b``") == "``a] [b``"
