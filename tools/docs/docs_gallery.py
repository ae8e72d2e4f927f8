"""The gallery: every registered figure, drawn by the current code, with its caption and command.

:func:`reproduce_all` brings a results store up to date with ``isacnet.pipeline.reproduce_figure``
(quick mode, what ``isacnet reproduce <id> --quick`` does): a figure whose stored dataset carries
the current cache key (scenario, package source, library versions) is reused as it is, any other is
recomputed. So the images are never stale, and a second build with unchanged sources costs nothing.
:func:`gallery_pages` writes one Markdown page per paper key and an index.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

PAPER_ORDER = ("coop", "nulling", "overview", "power", "deploy")


@dataclass(frozen=True)
class GalleryFigure:
    """One figure of the gallery, as stored."""

    id: str
    paper: str
    title: str
    caption: str
    paper_numbers: tuple[dict, ...]
    png: Path
    pdf: Path | None
    in_paper: bool
    wall_time_s: float | None
    reused: bool


def figure_ids() -> list[str]:
    """Every registered figure: the catalog's order first (the papers' figures), then the others."""
    from isacnet.catalog import CATALOG
    from isacnet.registry import figures

    registered = figures()
    return [i for i in CATALOG if i in registered] + sorted(i for i in registered if i not in CATALOG)


def reproduce_all(store: Path, log) -> list[GalleryFigure]:
    """Reproduce every registered figure in quick mode into ``store`` (reusing fresh results)."""
    from isacnet.catalog import CATALOG
    from isacnet.parallel import make_executor
    from isacnet.pipeline import reproduce_figure
    from isacnet.registry import get_figure

    ids = figure_ids()
    out: list[GalleryFigure] = []
    start = time.perf_counter()
    with make_executor() as executor:
        for fid in ids:
            t0 = time.perf_counter()
            res = reproduce_figure(fid, store, quick=True, executor=executor)
            log.info("gallery: %s %s in %.1f s", fid, "reused" if res.reused else "computed", time.perf_counter() - t0)
            spec = get_figure(fid)
            attrs = res.dataset.attrs
            numbers = attrs.get("paper_numbers")
            try:
                parsed = tuple(json.loads(numbers)) if isinstance(numbers, str) and numbers else ()
            except json.JSONDecodeError:
                parsed = ()
            wall = attrs.get("wall_time_s")
            out.append(GalleryFigure(
                id=fid,
                paper=spec.paper,
                title=str(attrs.get("figure_title") or spec.title),
                caption=str(attrs.get("caption") or attrs.get("notes") or spec.notes or ""),
                paper_numbers=tuple(p for p in parsed if isinstance(p, dict)),
                png=res.files["png"],
                pdf=res.files.get("pdf"),
                in_paper=fid in CATALOG,
                wall_time_s=float(wall) if wall is not None else None,
                reused=res.reused,
            ))
    # every figure is stored whole now: the per-point cache (there to resume an interrupted run) would only
    # grow with each source version, so it goes
    shutil.rmtree(store / ".cache", ignore_errors=True)
    log.info("gallery: %d figures up to date in %.1f s (store %s)", len(out), time.perf_counter() - start, store)
    return out


def _md_text(text: str) -> str:
    """Plain caption text safe inside Markdown (no accidental emphasis, math or HTML)."""
    out = text.replace("\\", "\\\\").replace("*", r"\*").replace("_", r"\_").replace("$", r"\$")
    return out.replace("<", "&lt;").replace(">", "&gt;")


def _papers(figs: list[GalleryFigure]) -> list[str]:
    keys = {f.paper for f in figs}
    return [k for k in PAPER_ORDER if k in keys] + sorted(keys - set(PAPER_ORDER))


def image_uri(fig: GalleryFigure, kind: str = "png") -> str:
    """Where the figure's file lies in the site (relative to the site root)."""
    return f"gallery/img/{fig.id}.{kind}"


def figure_section(fig: GalleryFigure) -> str:
    """The Markdown of one figure: heading, image, caption, the paper's numbers, the command."""
    lines = [f"## {fig.id}: {_md_text(fig.title)} {{ #{fig.id} }}", ""]
    lines += [f"![{fig.id}: {_md_text(fig.title)}](img/{fig.id}.png){{ loading=lazy }}", ""]
    if not fig.in_paper:
        lines += ["*Not in the paper: an extra figure of isacnet.*", ""]
    if fig.caption:
        lines += [_md_text(fig.caption), ""]
    if fig.paper_numbers:
        lines += ["| quantity | paper | here | note |", "|---|---|---|---|"]
        for p in fig.paper_numbers:
            cells = (_md_text(str(p.get(k, ""))).replace("|", r"\|") for k in ("quantity", "paper", "ours", "note"))
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["```bash", f"isacnet reproduce {fig.id} --quick", "```", ""]
    meta = []
    if fig.pdf is not None:
        meta.append(f"[PDF](img/{fig.id}.pdf)")
    if fig.wall_time_s is not None:
        meta.append(f"quick run: {fig.wall_time_s:.1f} s")
    meta.append(f"`isacnet describe {fig.id}` lists its parameters")
    lines += [" · ".join(meta), ""]
    return "\n".join(lines)


def gallery_pages(figs: list[GalleryFigure], paper_titles: dict[str, str]) -> dict[str, str]:
    """``{src_uri: markdown}``: ``gallery/index.md`` and ``gallery/<paper>.md``."""
    pages: dict[str, str] = {}
    index = [
        "# Gallery",
        "",
        "Every figure isacnet reproduces, drawn by the code this site was built from: the build runs",
        "`isacnet reproduce <id> --quick` for each (reusing a stored figure only while its scenario, the",
        "package source and the library versions are unchanged). Quick mode uses small Monte Carlo",
        "budgets; drop `--quick` for the full ones. Each figure's page gives its caption and command.",
        "",
        "| figure | title | paper |",
        "|---|---|---|",
    ]
    for key in _papers(figs):
        own = [f for f in figs if f.paper == key]
        title = paper_titles.get(key, key)
        theory = f" Theory: [{key}](../theory/{key}.md)." if key in PAPER_ORDER else ""
        body = ["---", f"title: {key}", "---", "", f"# Gallery: {key}", "", f"{_md_text(title)}.{theory}", ""]
        for fig in own:
            body.append(figure_section(fig))
            mark = "" if fig.in_paper else " (not in the paper)"
            index.append(f"| [{fig.id}]({key}.md#{fig.id}) | {_md_text(fig.title)}{mark} | {key} |")
        pages[f"gallery/{key}.md"] = "\n".join(body)
    index.append("")
    pages["gallery/index.md"] = "\n".join(index)
    return pages
