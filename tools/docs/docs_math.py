"""LaTeX math to MathML at build time: the site renders math without MathJax, KaTeX or a CDN.

``pymdownx.arithmatex`` (generic mode) marks ``$...$`` as ``<span class="arithmatex">\\(...\\)</span>``
and ``$$...$$`` as ``<div class="arithmatex">\\[...\\]</div>``; :func:`render_math` replaces each with
the MathML that ``latex2mathml`` makes of it. Browsers render MathML Core natively (Chromium 109+,
Firefox, Safari). A formula that latex2mathml cannot convert faithfully (an unknown command left as
a backslash, output that is not well-formed XML) is reported, so that the strict build fails rather
than show broken math.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from latex2mathml.converter import convert

MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\\(?P<open>[(\[])(?P<tex>.*?)\\[)\]]</(?P=tag)>', re.DOTALL)

# mathtext (matplotlib, the symbols of isacnet.models.param) spellings that LaTeX spells otherwise
# (and environments latex2mathml lacks, mapped to one it has with the same layout)
_MATHTEXT = [(re.compile(r"\\sim(?![a-zA-Z])"), r"\\thicksim"),
             (re.compile(r"\\(begin|end)\{aligned\}"), r"\\\1{split}")]


class MathError(ValueError):
    """A formula that does not convert to well-formed MathML."""


def to_mathml(tex: str, *, display: bool) -> str:
    """The MathML ``<math>`` element of ``tex`` (LaTeX math, without delimiters).

    Raises
    ------
    MathError
        When latex2mathml fails, leaves a command unconverted, or yields malformed XML.
    """
    src = tex.strip()
    for pattern, repl in _MATHTEXT:
        src = pattern.sub(repl, src)
    try:
        out = convert(src, display="block" if display else "inline")
    except Exception as err:  # latex2mathml raises a zoo of exception types on bad input
        raise MathError(f"latex2mathml cannot convert {tex!r}: {err}") from err
    text_only = re.sub(r"<[^>]+>", "", out)
    if "\\" in html.unescape(text_only):
        raise MathError(f"unsupported LaTeX command left in {tex!r}")
    try:
        ET.fromstring(out)
    except ET.ParseError as err:
        raise MathError(f"{tex!r} converts to malformed MathML ({err})") from err
    return out


def render_math(page_html: str, on_error) -> tuple[str, int]:
    """Replace every arithmatex placeholder in ``page_html`` by MathML.

    Parameters
    ----------
    page_html : str
        A rendered page (arithmatex generic output).
    on_error : callable
        ``on_error(message)`` for a formula that does not convert; the placeholder is then left as
        the LaTeX source in a ``<code>`` element.

    Returns
    -------
    html : str
    count : int
        Number of formulas converted.
    """
    count = 0

    def sub(m: re.Match) -> str:
        nonlocal count
        tex = html.unescape(m["tex"])
        display = m["open"] == "["
        try:
            out = to_mathml(tex, display=display)
        except MathError as err:
            on_error(str(err))
            return f'<code class="math-error">{html.escape(tex)}</code>'
        count += 1
        return f'<div class="math-block">{out}</div>' if display else out

    return MATH.sub(sub, page_html), count
