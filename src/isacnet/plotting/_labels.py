"""Labels from the models: a field's mathtext symbol and unit turned into legend and axis text.

Every field of a physics model is declared with :func:`isacnet.models.param` (symbol, unit,
meaning); these helpers read them back, so a legend says ``$L = 3$`` or
``$\\lambda_b = 1\\,\\mathrm{km}^{-2}$``, never ``cluster_size_comm=3``.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["field_symbol", "unit_text", "format_value", "value_label", "axis_label", "params_of"]

# units of model fields -> (mathtext inside the $...$ after the value, plain text after it)
_UNITS_MATH = {
    "km⁻²": r"\mathrm{km}^{-2}", "m⁻²": r"\mathrm{m}^{-2}", "W": r"\mathrm{W}", "m": r"\mathrm{m}",
    "m²": r"\mathrm{m}^2", "Hz": r"\mathrm{Hz}", "s": r"\mathrm{s}", "rad": r"\mathrm{rad}",
}
_UNITS_TEXT = {"dB re 1 W": "dB", "dB": "dB", "dBm": "dBm", "bits/s/Hz": "bits/s/Hz", "nats/s/Hz": "nats/s/Hz"}
_NO_UNIT = {None, "", "1", "–", "-"}


def params_of(source):
    """The parameter model behind ``source``: a model class, an :class:`~isacnet.registry.Experiment`,
    a :class:`~isacnet.registry.FigureSpec` or an experiment id."""
    from isacnet.registry import get_experiment

    if isinstance(source, type):
        return source
    if hasattr(source, "params"):
        return source.params
    if hasattr(source, "experiment"):
        return get_experiment(source.experiment).params
    if isinstance(source, str):
        return get_experiment(source).params
    raise TypeError(f"cannot find the parameter model of {source!r}")


def _doc(source, name: str):
    from isacnet.models import field_info

    docs = {f.name: f for f in field_info(params_of(source))}
    if name not in docs:
        raise KeyError(f"{name!r} is not a field of {params_of(source).__name__}")
    return docs[name]


def field_symbol(source, name: str) -> str:
    """The field's mathtext symbol (``r"$\\lambda_b$"``); a field without one raises, since a label
    must never show a field name."""
    doc = _doc(source, name)
    if not doc.symbol:
        raise ValueError(f"field {name!r} of {params_of(source).__name__} declares no symbol: give the label")
    return doc.symbol


def unit_text(unit: str | None) -> tuple[str, str]:
    """``(inside, after)``: the unit in mathtext (inside the ``$...$`` of a value) or as plain text after it."""
    if unit is None or unit in _NO_UNIT:
        return "", ""
    if unit in _UNITS_MATH:
        return _UNITS_MATH[unit], ""
    return "", _UNITS_TEXT.get(unit, unit)


def format_value(value) -> str:
    """A number as a label shows it: integers plain, floats with up to 4 significant digits, tuples
    (and their stored text form ``"[1, 3]"``) as ``(1, 3)``."""
    if isinstance(value, bytes):
        value = value.decode()
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("[") and text.endswith("]"):
            return "(" + ", ".join(p.strip() for p in text[1:-1].split(",")) + ")"
        return text
    if isinstance(value, tuple | list | np.ndarray):
        return "(" + ", ".join(format_value(v) for v in np.ravel(value)) + ")"
    if isinstance(value, numbers.Integral | np.integer | bool):
        return str(int(value))
    value = float(value)
    if value.is_integer() and abs(value) < 1e6:
        return str(int(value))
    return f"{value:.4g}"


def value_label(source, name: str, value, *, unit: bool = True, symbol: str | None = None) -> str:
    """``$L = 3$``, ``$\\lambda_b = 1\\,\\mathrm{km}^{-2}$``, ``$P_{\\mathrm{th}} = 10$ dB``.

    Parameters
    ----------
    source : model class, Experiment, FigureSpec or experiment id
    name : str
        Field name.
    value : number, tuple or str
    unit : bool
        Append the field's unit.
    symbol : str, optional
        Mathtext symbol to use instead of the field's (e.g. ``r"$\\lambda_u/\\lambda_b$"``).
    """
    sym = (symbol or field_symbol(source, name)).strip("$")
    inside, after = unit_text(_doc(source, name).unit if unit else None)
    text = f"${sym} = {format_value(value)}"
    text += rf"\,{inside}$" if inside else "$"
    return f"{text} {after}" if after else text


def axis_label(source, name: str | None = None, *, text: str | None = None, symbol: str | None = None,
               unit: str | None = None) -> str:
    """An axis label: ``"Cluster size $L$"``, ``"$\\lambda_b$ [km$^{-2}$]"``, ``"Root CRLB [m]"``.

    Parameters
    ----------
    source : model class, Experiment, FigureSpec or experiment id, optional
        Where the field ``name`` is declared (its symbol and unit).
    name : str, optional
        Field name.
    text : str, optional
        Words before the symbol ("Cluster size").
    symbol, unit : str, optional
        Override the field's (``unit=""``: none).
    """
    sym = symbol if symbol is not None else (field_symbol(source, name) if name else "")
    if unit is None:
        unit = _doc(source, name).unit if name else None
    inside, after = unit_text(unit)
    unit_part = f"${inside}$" if inside else after
    label = " ".join(p for p in (text, sym) if p)
    return f"{label} [{unit_part}]" if unit_part else label
