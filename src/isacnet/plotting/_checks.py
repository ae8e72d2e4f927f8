"""What every figure must satisfy at print size, as code: the layer-wide tests and authors call these.

:func:`figure_problems` draws a figure and lists what breaks the rules: a font below 6 pt or above
9 pt, a raw field name or plain-text pseudo-LaTeX in a label or legend, two series that only colour
separates, a legend of too many entries or over an axes, text outside the page or over another panel.
:func:`pdf_page_size` reads a PDF's page size, to check the printed width.
"""

from __future__ import annotations

import re
from pathlib import Path

from isacnet.plotting._legend import MAX_LEGEND_ENTRIES

__all__ = ["MIN_FONT_PT", "MAX_FONT_PT", "text_problems", "figure_problems", "pdf_page_size", "series_keys"]

MIN_FONT_PT = 6.0
MAX_FONT_PT = 9.0

_GREEK = ("alpha|beta|gamma|Gamma|delta|Delta|epsilon|zeta|eta|theta|Theta|kappa|lambda|Lambda|mu|nu|xi|Xi|pi|"
          "rho|sigma|Sigma|tau|phi|Phi|chi|psi|Psi|omega|Omega")
_RULES = (
    (re.compile(r"\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+"), "a field name or a subscript outside mathtext"),
    (re.compile(r"\^"), "a superscript '^' outside mathtext"),
    (re.compile(r"\\[A-Za-z]+"), "a TeX command outside mathtext"),
    (re.compile(rf"\b({_GREEK})\b"), "a Greek letter spelled out (use mathtext)"),
)


def text_problems(text: str) -> list[str]:
    """What is wrong with a label or legend text: raw field names, pseudo-LaTeX outside ``$...$``."""
    parts = re.split(r"(?<!\\)\$", text)
    if len(parts) % 2 == 0:
        return [f"unbalanced '$' in {text!r}"]
    out = []
    for outside in parts[::2]:
        for pattern, what in _RULES:
            m = pattern.search(outside)
            if m:
                out.append(f"{what}: {m.group(0)!r} in {text!r}")
    return out


def _labels_of(fig):
    """(kind, Text) of every label-like text: axis labels, titles, legend texts and titles, direct labels."""
    from matplotlib.legend import Legend
    from matplotlib.text import Text

    out = []
    for ax in fig.axes:
        out += [("x label", ax.xaxis.label), ("y label", ax.yaxis.label), ("title", ax.title),
                ("title", ax._left_title), ("title", ax._right_title)]
        out += [("text", t) for t in ax.texts]
    legends = list(fig.findobj(Legend))
    for leg in legends:
        out += [("legend", t) for t in leg.get_texts()] + [("legend title", leg.get_title())]
    if fig._suptitle is not None:
        out.append(("title", fig._suptitle))
    out += [("text", t) for t in fig.texts if isinstance(t, Text)]
    return [(k, t) for k, t in out if t.get_visible() and t.get_text().strip()]


def series_keys(fig) -> dict[tuple, set]:
    """``{(line style, marker, filled): {colours}}`` over the data lines of every axes (error-bar caps, and
    lines with ``gid`` ``"aux"``, ``"paper"`` or ``"reference"`` left out)."""
    from matplotlib.colors import to_hex

    keys: dict[tuple, set] = {}
    for ax in fig.axes:
        for line in ax.get_lines():
            if not line.get_visible() or line.get_gid() in ("aux", "paper", "reference"):
                continue
            marker = line.get_marker()
            ls = line.get_linestyle()
            if ls in ("None", "none", " ", "") and marker in ("_", "|", "None", "none", None, "", " "):
                continue  # error-bar caps, invisible lines
            if len(line.get_xdata(orig=False)) == 0:
                continue
            marker = None if marker in ("None", "none", "", " ") else marker
            if ls in ("None", "none", " ", ""):
                ls = "none"
            elif ls != "-":  # custom dash tuples all read '--': compare the patterns
                ls = str(getattr(line, "_unscaled_dash_pattern", ls))
            hollow = marker is None or str(line.get_markerfacecolor()).lower() in ("none", "white", "#ffffff")
            filled = "none" if hollow else line.get_fillstyle()
            keys.setdefault((ls, marker, filled), set()).add(to_hex(line.get_color()))
    return keys


def figure_problems(fig) -> list[str]:
    """Every breach of the figure rules in ``fig`` (drawn first); empty when it is publication grade.

    Checks: every visible text 6–9 pt; no raw field name or pseudo-LaTeX outside mathtext in axis
    labels, titles, legends or direct labels; no two series that differ by colour only (same line style
    and marker); at most :data:`MAX_LEGEND_ENTRIES` entries per legend; no legend over an axes or an axis
    label; no label outside the page; no axis label over another panel.
    """
    from matplotlib.legend import Legend
    from matplotlib.text import Text

    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    problems = []
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text().strip():
            continue
        size = t.get_fontsize()
        if size < MIN_FONT_PT - 1e-9 or size > MAX_FONT_PT + 1e-9:
            problems.append(f"font {size:g} pt (allowed {MIN_FONT_PT:g}-{MAX_FONT_PT:g}): {t.get_text()!r}")
    labels = _labels_of(fig)
    for kind, t in labels:
        problems += [f"{kind}: {p}" for p in text_problems(t.get_text())]
    for (ls, marker, filled), colours in series_keys(fig).items():
        if len(colours) > 1:
            problems.append(f"{len(colours)} series share line style {ls!r} and marker {marker!r} "
                            f"(fill {filled}; colour alone separates them: not readable in "
                            "greyscale)")
    page = fig.bbox
    axes_boxes = [ax.get_window_extent(renderer) for ax in fig.axes if ax.get_visible()]
    for leg in fig.findobj(Legend):
        if not leg.get_visible():
            continue
        gid = leg.get_gid() or ""
        sizes = ([int(v) for v in gid[len("groups:"):].split(",")] if gid.startswith("groups:")
                 else [sum(1 for t in leg.get_texts() if t.get_text().strip())])
        if max(sizes) > MAX_LEGEND_ENTRIES:
            problems.append(f"legend (group) of {max(sizes)} entries (at most {MAX_LEGEND_ENTRIES})")
        box = leg.get_window_extent(renderer)
        for ab in axes_boxes:
            inter = box.intersection(box, ab)
            if inter is not None and inter.width > 1 and inter.height > 1:
                problems.append(f"legend {[t.get_text() for t in leg.get_texts()][:2]}... lies over an axes")
                break
        if box.x0 < page.x0 - 2 or box.x1 > page.x1 + 2 or box.y0 < page.y0 - 2 or box.y1 > page.y1 + 2:
            problems.append("legend reaches outside the page")
        for ax in fig.axes:
            for label in (ax.xaxis.label, ax.yaxis.label):
                if not label.get_visible() or not label.get_text().strip():
                    continue
                inter = box.intersection(box, label.get_window_extent(renderer))  # text boxes include padding:
                if inter is not None and inter.width > 2 and inter.height > 2:  # touching is not covering
                    problems.append(f"legend lies over the axis label {label.get_text()!r}")
    for kind, t in labels:
        box = t.get_window_extent(renderer)
        if box.x0 < page.x0 - 2 or box.x1 > page.x1 + 2 or box.y0 < page.y0 - 2 or box.y1 > page.y1 + 2:
            problems.append(f"{kind} {t.get_text()!r} reaches outside the page")
    for ax in fig.axes:
        for label in (ax.xaxis.label, ax.yaxis.label):
            if not label.get_visible() or not label.get_text().strip():
                continue
            box = label.get_window_extent(renderer)
            for other in fig.axes:
                if other is ax or other.get_position().bounds == ax.get_position().bounds:
                    continue  # twin axes share the panel
                inter = box.intersection(box, other.get_window_extent(renderer))
                if inter is not None and inter.width > 1 and inter.height > 1:
                    problems.append(f"axis label {label.get_text()!r} lies over another panel")
                    break
    return problems


def pdf_page_size(path: str | Path) -> tuple[float, float]:
    """Width and height [in] of the first page of a PDF (its ``/MediaBox``)."""
    data = Path(path).read_bytes()
    m = re.search(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", data)
    if m is None:
        raise ValueError(f"{path}: no /MediaBox")
    x0, y0, x1, y1 = (float(v) for v in m.groups())
    return (x1 - x0) / 72.0, (y1 - y0) / 72.0
