"""MkDocs hooks of the isacnet site (see mkdocs.yml).

* ``on_files``: generates the gallery (every registered figure, reproduced in quick mode into a
  store that reuses fresh results) and the example pages (every ``docs/examples/*.py``, run and shown
  with its output), and adds their images and pages to the site.
* ``on_nav``: pages that the nav of mkdocs.yml does not list are added, so that every page is
  reachable: generated pages under their index (gallery, examples), a top-level page added later
  (``docs/performance.md``) before the reference, anything else under "More".
* ``on_page_content``: ``$...$`` and ``$$...$$`` become MathML (tools/docs/docs_math.py); a formula that
  does not convert is a warning, so the strict build fails.
* ``on_post_build``: the built site must not load anything from the network (scripts, stylesheets,
  fonts, images): any ``http(s)://`` asset is a warning.

Environment: ``ISACNET_DOCS_FIGURES`` (default ``build/docs-figures``) is the figure store;
``ISACNET_DOCS_CACHE`` (default ``build/docs-cache``) caches the examples' output.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from docs_examples import example_page, examples_index, run_example
from docs_gallery import gallery_pages, image_uri, reproduce_all
from docs_math import render_math

log = logging.getLogger("mkdocs.plugins.isacnet")

ROOT = Path(__file__).resolve().parents[2]
_state: dict = {"math": {}, "timings": {}}

# an external asset: src/href of script, link (stylesheet, icon, font preload), img, source, iframe;
# url(...) in inline styles
_EXTERNAL_ASSET = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*?\bsrc=[\"']?(?:https?:)?//"
    r"|<link\b[^>]*?\bhref=[\"']?(?:https?:)?//"
    r"|url\(\s*[\"']?(?:https?:)?//"
    r"|@import\s+[\"']?(?:url\()?[\"']?(?:https?:)?//",
    re.IGNORECASE,
)


# TeX left in the prose after rendering: a `$` followed by a TeX command before the next tag
_UNRENDERED = re.compile(r"\$[^$<]*?\\[a-zA-Z]+")


def _store(name: str, default: str) -> Path:
    path = Path(os.environ.get(name, default))
    return path if path.is_absolute() else ROOT / path


def on_files(files, config):
    from mkdocs.structure.files import File

    from isacnet.catalog import PAPERS

    t0 = time.perf_counter()
    figs = reproduce_all(_store("ISACNET_DOCS_FIGURES", "build/docs-figures"), log)
    _state["timings"]["gallery_s"] = time.perf_counter() - t0
    _state["figures"] = [f.id for f in figs]
    for uri, text in gallery_pages(figs, PAPERS).items():
        files.append(File.generated(config, uri, content=text))
    for fig in figs:
        files.append(File.generated(config, image_uri(fig, "png"), abs_src_path=str(fig.png)))
        if fig.pdf is not None and fig.pdf.exists():
            files.append(File.generated(config, image_uri(fig, "pdf"), abs_src_path=str(fig.pdf)))

    t0 = time.perf_counter()
    cache = _store("ISACNET_DOCS_CACHE", "build/docs-cache") / "examples"
    scripts = sorted((Path(config.docs_dir) / "examples").glob("*.py"))
    runs = []
    for script in scripts:
        run = run_example(script, cache)
        log.info("examples: %s %s (%.1f s)", script.name, "reused" if run.reused else "ran", run.seconds)
        runs.append(run)
        files.append(File.generated(config, f"examples/{script.stem}.md", content=example_page(run)))
    files.append(File.generated(config, "examples/index.md", content=examples_index(runs)))
    _state["timings"]["examples_s"] = time.perf_counter() - t0
    _state["examples"] = [r.name for r in runs]
    return files


def _pages_in(items) -> set[str]:
    out = set()
    for item in items:
        if getattr(item, "is_page", False):
            out.add(item.file.src_uri)
        out |= _pages_in(getattr(item, "children", None) or [])
    return out


def on_nav(nav, config, files):
    from mkdocs.structure.nav import Section
    from mkdocs.structure.pages import Page

    listed = _pages_in(nav.items)
    missing = [f for f in files.documentation_pages() if f.src_uri not in listed]
    sections = {item.title: item for item in nav.items if isinstance(item, Section)}
    by_index: dict[str, Section] = {}
    for item in list(nav.items):  # a top-level page "x/index.md" with generated siblings becomes a section
        if getattr(item, "is_page", False) and item.file.src_uri.endswith("/index.md"):
            folder = item.file.src_uri.rsplit("/", 1)[0] + "/"
            if any(f.src_uri.startswith(folder) for f in missing):
                sec = Section(item.title, [item])
                nav.items[nav.items.index(item)] = sec
                by_index[folder] = sec
    for f in missing:
        folder = f.src_uri.rsplit("/", 1)[0] + "/" if "/" in f.src_uri else ""
        page = f.page if f.page is not None else Page(None, f, config)
        parent = by_index.get(folder)
        if parent is None and not folder:  # a top-level page (performance.md, ...): before the reference
            ref = sections.get("Reference")
            nav.items.insert(nav.items.index(ref) if ref in nav.items else len(nav.items), page)
            page.parent = None
            log.info("nav: %s added at the top level", f.src_uri)
            continue
        if parent is None:
            parent = sections.get("More")
        if parent is None:
            parent = sections["More"] = Section("More", [])
            nav.items.append(parent)
        page.parent = parent
        parent.children.append(page)
        log.info("nav: %s added under %r", f.src_uri, parent.title)
    # keep the previous/next links in step with the new order
    pages = []

    def walk(items):
        for it in items:
            if getattr(it, "is_page", False):
                pages.append(it)
            walk(getattr(it, "children", None) or [])

    walk(nav.items)
    nav.pages = pages
    for i, page in enumerate(pages):
        page.previous_page = pages[i - 1] if i else None
        page.next_page = pages[i + 1] if i + 1 < len(pages) else None
    return nav


def on_page_content(html, page, config, files):
    def bad(message):
        log.warning("math on %s: %s", page.file.src_uri, message)

    out, count = render_math(html, bad)
    _state["math"][page.file.src_uri] = count
    prose = re.sub(r"<(pre|code)\b.*?</\1>", "", out, flags=re.DOTALL)
    for m in _UNRENDERED.finditer(prose):  # `$$` not on a block of its own, `$ x$` (space after `$`), ...
        log.warning("math on %s left as text: %s", page.file.src_uri, prose[m.start(): m.start() + 60])
    return out


def on_post_build(config):
    site = Path(config.site_dir)
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".css", ".js", ".svg") or not path.is_file():
            continue
        text = path.read_text(errors="replace")
        for m in _EXTERNAL_ASSET.finditer(text):
            snippet = text[m.start(): m.start() + 120].splitlines()[0]
            log.warning("external asset in %s: %s", path.relative_to(site), snippet)
    t = _state["timings"]
    log.info("isacnet: gallery %.1f s (%d figures), examples %.1f s (%d scripts), math on %d pages",
             t.get("gallery_s", 0), len(_state.get("figures", [])), t.get("examples_s", 0),
             len(_state.get("examples", [])), sum(1 for c in _state["math"].values() if c))
