"""The caption and the paper's numbers of a figure, as stored in its dataset's attributes.

Notes never sit inside a drawing: a figure's caption (``FigureSpec.caption``, text or built from the
data) and the numbers its paper quotes next to ours (``FigureSpec.paper_numbers``) are stored with
the data when the figure is drawn (attributes ``caption`` and ``paper_numbers``, JSON), where the
report reads them.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from isacnet.registry import FigureSpec, PaperNumber

__all__ = ["PaperNumber", "caption_text", "paper_numbers", "figure_attributes", "stored_paper_numbers",
           "percent"]


def paper_numbers(spec: FigureSpec, ds) -> list[PaperNumber]:
    """The paper's numbers of ``spec`` next to ours, computed from ``ds`` (empty when it declares none).

    The numbers are read at the paper's own points (e.g. N = 3 and N = 6); a user's scenario whose
    sweep leaves them out (a run of ``isacnet run`` with other values) gets none rather than an error.
    """
    if spec.paper_numbers is None:
        return []
    try:
        numbers = list(spec.paper_numbers(ds))
    except (KeyError, IndexError):  # a sweep without the paper's points, or without a series it reads
        return []
    for n in numbers:
        if not isinstance(n, PaperNumber):
            raise TypeError(f"figure {spec.id}: paper_numbers must return PaperNumber items, got {n!r}")
    return numbers


def caption_text(spec: FigureSpec, ds) -> str:
    """The caption of ``spec`` for the data ``ds``, ending with the paper's numbers next to ours."""
    try:
        base = spec.caption(ds) if callable(spec.caption) else (spec.caption or spec.notes)
    except (KeyError, IndexError):  # a caption built from the paper's points, absent from this sweep
        base = spec.notes or ""
    base = " ".join(str(base).split())
    numbers = paper_numbers(spec, ds)
    if numbers:
        table = "; ".join(n.text() for n in numbers)
        base = f"{base} Paper vs. here: {table}." if base else f"Paper vs. here: {table}."
    return base


def figure_attributes(spec: FigureSpec, ds) -> dict[str, str | float]:
    """The dataset attributes a drawn figure adds: id, title, width [in], caption, paper numbers (JSON)."""
    from isacnet.plotting._style import FIGURE_WIDTHS

    caption = caption_text(spec, ds)
    return {
        "figure": spec.id,
        "figure_title": spec.title,
        "figure_width_in": FIGURE_WIDTHS[spec.width],
        "caption": caption,
        "notes": caption,  # the attribute's name before captions (read by older tools)
        "paper_numbers": json.dumps([asdict(n) for n in paper_numbers(spec, ds)], ensure_ascii=False),
    }


def stored_paper_numbers(ds) -> list[PaperNumber]:
    """The paper's numbers stored in a drawn figure's dataset (empty when there are none)."""
    return [PaperNumber(**d) for d in json.loads(ds.attrs.get("paper_numbers", "[]") or "[]")]


def percent(value: float, digits: int = 0) -> str:
    """A ratio as a caption shows it: ``0.431 -> "43 %"`` (non-finite: ``"–"``)."""
    import math

    value = float(value)
    return f"{100 * value:.{digits}f} %" if math.isfinite(value) else "–"
