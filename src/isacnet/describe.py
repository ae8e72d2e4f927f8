"""What a scenario may contain: every field with its unit, default, allowed range and meaning.

``isacnet describe <figure id | scenario file | built-in scenario | experiment id>`` prints it,
and ``docs/reference/parameters.md`` is generated from the same source
(:func:`parameters_markdown`); a test fails when the file is stale. So is the index the CLI
answers from without importing the experiments (:mod:`isacnet._index`, :func:`describe_index`):
``python -m isacnet.describe --write`` rewrites both. Everything is read from the
pydantic models: the experiment's parameter model (declared with :func:`isacnet.models.param`)
and the scenario's own tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from isacnet.errors import InputError
from isacnet.models import field_info

__all__ = ["FieldRow", "Description", "describe", "format_description", "parameters_markdown", "describe_index",
           "write_generated"]


@dataclass(frozen=True)
class FieldRow:
    """One field: dotted name, type, value (scenario value or default), unit, range, symbol, meaning."""

    name: str
    type: str
    value: str
    unit: str
    range: str
    symbol: str
    doc: str
    swept: bool = False


@dataclass(frozen=True)
class Description:
    """Everything ``describe`` reports about one target."""

    title: str
    experiment: str
    experiment_doc: str
    params: tuple[FieldRow, ...]
    scenario: tuple[FieldRow, ...]


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _rows(model: type[BaseModel], prefix: str = "", values: dict | None = None, swept=()) -> list[FieldRow]:
    values = values or {}
    rows = []
    for f in field_info(model):
        given = f.name in values
        value = values[f.name] if given else f.default
        rng = " and ".join(r for r in (f.lower, f.upper) if r) or _choices(model, f.name)
        rows.append(FieldRow(prefix + f.name, f.type, _fmt(value), f.unit or "", rng, f.symbol or "", f.doc or "",
                             f.name in swept))
    return rows


def _choices(model: type[BaseModel], name: str) -> str:
    import typing

    ann = model.model_fields[name].annotation
    args = [a for a in typing.get_args(ann) if a is not type(None)]
    if typing.get_origin(ann) is typing.Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(ann))
    lits = [a for a in args if typing.get_origin(a) is typing.Literal]
    if lits:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(lits[0]))
    return ""


def _scenario_rows() -> list[FieldRow]:
    from isacnet.scenario import ComputeConfig, MonteCarloConfig, ResultsConfig, Scenario, SweepConfig

    rows = [r for r in _rows(Scenario) if r.name in ("experiment", "title", "seed")]
    rows += _rows(MonteCarloConfig, "monte_carlo.")
    rows += _rows(SweepConfig, "sweep.")
    rows += _rows(ComputeConfig, "compute.")
    rows += _rows(ResultsConfig, "results.")
    return rows


def describe(target: str) -> Description:
    """Describe a figure id, a built-in scenario, a scenario file or an experiment id.

    Raises
    ------
    InputError
        When ``target`` names none of these.
    """
    from isacnet.registry import experiments, figures, get_experiment
    from isacnet.scenario import builtin_scenarios, load_scenario, sweep_axes

    scn = None
    if target in experiments():
        exp = get_experiment(target)
        title = f"experiment {exp.id}"
    else:
        figs = figures()
        source: str | Path | None = None
        if target in figs:
            source = figs[target].scenario
        elif target in builtin_scenarios() or Path(target).is_file():
            source = target
        if source is None:
            raise InputError("describe", f"{target!r} is no figure id, scenario file, built-in scenario or experiment "
                                         "id (see 'isacnet reproduce --list', 'isacnet scenarios')")
        scn = load_scenario(source)
        exp = get_experiment(scn.experiment)
        title = f"{target}: {scn.title}" if scn.title else target
    values = dict(scn.params) if scn is not None else {}
    swept = {name for name, _ in sweep_axes(scn, exp.params)} if scn is not None else set()
    params = _rows(exp.params, "params.", values, swept)
    scenario = _scenario_rows()
    if scn is not None:
        dump = scn.model_dump(mode="json")
        scenario = [FieldRow(r.name, r.type, _fmt(_dotted(dump, r.name)), r.unit, r.range, r.symbol, r.doc)
                    for r in scenario]
    return Description(title, exp.id, exp.description, tuple(params), tuple(scenario))


def _dotted(d: dict, name: str) -> Any:
    """The value at the dotted path ``name`` of the nested dict ``d`` (``None`` where it is missing)."""
    value: Any = d
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def format_description(desc: Description) -> str:
    """Plain-text table, one field per line."""
    lines = [desc.title, f"experiment: {desc.experiment}", f"  {desc.experiment_doc}".rstrip(), ""]
    for heading, rows in (("parameters ([params]; a list sweeps a field)", desc.params),
                          ("scenario tables", desc.scenario)):
        lines.append(heading)
        w = max((len(r.name) for r in rows), default=10)
        for r in rows:
            mark = " (swept)" if r.swept else ""
            unit = f" [{r.unit}]" if r.unit and r.unit != "–" else ""
            rng = f"; {r.range}" if r.range else ""
            lines.append(f"  {r.name:<{w}}  = {r.value}{mark}{unit}{rng}")
            if r.doc:
                lines.append(f"  {'':<{w}}    {r.doc}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md_escape(text: str) -> str:
    """Table-cell text: ``|`` escaped, and ``<`` where it would open an HTML tag (``'<paper key>'``)."""
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text.replace("|", "\\|"))


def parameters_markdown() -> str:
    """The parameter reference (``docs/reference/parameters.md``) for every registered experiment."""
    from isacnet.registry import experiments, figures

    figs_of: dict[str, list[str]] = {}
    for fid, spec in figures().items():
        figs_of.setdefault(spec.experiment, []).append(fid)
    out = ["# Parameter reference", "",
           "Generated by `python -m isacnet.describe > docs/reference/parameters.md` from the parameter models;",
           "a test fails when this file is stale. `isacnet describe <figure|scenario|experiment>` prints the same",
           "for one target, with the scenario's values. Units are SI unless the name ends in `_db`, `_dbm` or",
           "`_per_km2`.", "", "## Scenario tables", "",
           "| field | unit | default | range | meaning |", "|---|---|---|---|---|"]
    out += [f"| `{r.name}` | {r.unit} | {_md_escape(r.value)} | {_md_escape(r.range)} | {_md_escape(r.doc)} |"
            for r in _scenario_rows()]
    for exp_id, exp in sorted(experiments().items()):
        if not exp.params.__module__.startswith("isacnet."):
            continue  # experiments registered by user code (or tests) are not the package's reference
        figs = ", ".join(sorted(figs_of.get(exp_id, []))) or "none"
        out += ["", f"## `{exp_id}`", "", f"{exp.description} Figures: {figs}.", "",
                "| field | symbol | unit | default | range | meaning |", "|---|---|---|---|---|---|"]
        for r in _rows(exp.params):
            out.append(f"| `{r.name}` | {r.symbol} | {r.unit} | {_md_escape(r.value)} | {_md_escape(r.range)} | "
                       f"{_md_escape(r.doc)} |")
    return "\n".join(out) + "\n"


def describe_index() -> dict:
    """The content of ``isacnet/_describe_index.json``: every figure id, built-in scenario and package
    experiment id with what ``isacnet describe`` prints for it, the registered figures, and the
    fingerprint of the source it was computed from (:func:`isacnet._index.fingerprint`)."""
    from isacnet._index import fingerprint
    from isacnet.registry import experiments, figures
    from isacnet.scenario import builtin_scenarios

    targets = sorted(set(figures()) | set(builtin_scenarios())
                     | {k for k, e in experiments().items() if e.params.__module__.startswith("isacnet.")})
    return {
        "fingerprint": fingerprint(),
        "figures": {fid: {"experiment": spec.experiment, "scenario": spec.scenario}
                    for fid, spec in sorted(figures().items())},
        "describe": {t: format_description(describe(t)) for t in targets},
    }


def write_generated(root: Path | None = None) -> list[Path]:
    """Write ``docs/reference/parameters.md`` (under ``root``, the repository) and the package's describe index."""
    import json

    from isacnet._index import INDEX

    root = Path(__file__).parents[2] if root is None else Path(root)
    reference = root / "docs" / "reference" / "parameters.md"
    reference.write_text(parameters_markdown())
    INDEX.write_text(json.dumps(describe_index(), indent=0, sort_keys=True) + "\n")
    return [reference, INDEX]


if __name__ == "__main__":  # pragma: no cover
    import sys

    if "--write" in sys.argv[1:]:
        for path in write_generated():
            print(path)
    else:
        print(parameters_markdown(), end="")
