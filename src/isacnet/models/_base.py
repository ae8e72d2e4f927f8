"""The base of every parameter model, and :func:`param`, which declares one field."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import JsonDict

from isacnet.errors import InputError

__all__ = ["StrictModel", "ParamsModel", "param", "field_info", "FieldDoc"]


def _is_numeric(annotation: Any) -> bool:
    """Whether a field annotation holds numbers (int or float, possibly in a list, tuple or
    Optional) and never a bool, so that ``true``/``false`` given for it is a mistake."""
    if annotation is bool:
        return False
    if annotation in (int, float):
        return True
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not Ellipsis and a is not type(None)]
    if origin is typing.Annotated:
        return _is_numeric(args[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_numeric(a) for a in args) and bool not in args
    if origin in (list, tuple, typing.Sequence):
        return bool(args) and all(_is_numeric(a) for a in args)
    return False


def _holds_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, list | tuple):
        return any(_holds_bool(v) for v in value)
    return False


class StrictModel(BaseModel):
    """Base of every model read from user input: no unknown keys, finite numbers, no booleans
    for numbers.

    NaN and ±inf are rejected for every float field (``allow_inf_nan=False``), and ``true`` or
    ``false`` given for an int or float field is rejected (pydantic would read them as 1 and 0);
    an int for a float field is still accepted.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _no_bool_for_number(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name, value in data.items():
                info = cls.model_fields.get(name) if isinstance(name, str) else None
                if info is not None and _holds_bool(value) and _is_numeric(info.annotation):
                    shown = str(value).lower() if isinstance(value, bool) else repr(value)
                    raise InputError(name, f"must be a number, not true/false, got {shown}")
        return data


class ParamsModel(StrictModel):
    """Base of every parameter model: strict, immutable, no unknown keys, finite numbers.

    NaN and ±inf are rejected for every float field (``allow_inf_nan=False``), and so are
    booleans given for a number (see :class:`StrictModel`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def param(
    default: Any = ...,
    *,
    unit: str,
    doc: str,
    symbol: str | None = None,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    **kwargs: Any,
) -> Any:
    """Declare one model field with its symbol, unit and meaning.

    Parameters
    ----------
    default : any
        Default value (``...``: required).
    unit : str
        SI unit of the value as stored in the field, e.g. ``"W"``, ``"m"``, ``"km⁻²"`` for a
        ``_per_km2`` field, ``"dB re 1 W"`` for a ``_db`` field, ``"1"`` for a pure number and
        ``"–"`` for a choice or a count.
    doc : str
        One line: what the field means (and where the paper leaves it unstated, say so).
    symbol : str, optional
        The paper's symbol in matplotlib mathtext, e.g. ``r"$\\lambda_b$"``; used by plots and
        ``isacnet describe``.
    ge, gt, le, lt : float, optional
        Allowed range (pydantic constraints).
    **kwargs
        Passed to :func:`pydantic.Field`.
    """
    extra: JsonDict = {"unit": unit}
    if symbol is not None:
        extra["symbol"] = symbol
    if "default_factory" in kwargs:
        return Field(description=doc, ge=ge, gt=gt, le=le, lt=lt, json_schema_extra=extra, **kwargs)
    return Field(default, description=doc, ge=ge, gt=gt, le=le, lt=lt, json_schema_extra=extra, **kwargs)


@dataclass(frozen=True)
class FieldDoc:
    """What :func:`field_info` reports about one field."""

    name: str
    type: str
    default: Any
    unit: str | None
    symbol: str | None
    doc: str | None
    lower: str | None
    upper: str | None


def _type_name(annotation: Any) -> str:
    text = getattr(annotation, "__name__", None) or str(annotation)
    return text.replace("typing.", "")


def _text(value: object) -> str | None:
    """A text entry of a field's ``json_schema_extra`` (``None`` where absent or not text)."""
    return value if isinstance(value, str) else None


def field_info(model: type[BaseModel]) -> list[FieldDoc]:
    """Every field of ``model`` with its type, default, unit, symbol, meaning and range."""
    out = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        lower = upper = None
        for m in info.metadata:
            for attr, op in (("ge", ">="), ("gt", ">")):
                if getattr(m, attr, None) is not None:
                    lower = f"{op} {getattr(m, attr)}"
            for attr, op in (("le", "<="), ("lt", "<")):
                if getattr(m, attr, None) is not None:
                    upper = f"{op} {getattr(m, attr)}"
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        out.append(FieldDoc(name, _type_name(info.annotation), default, _text(extra.get("unit")),
                            _text(extra.get("symbol")), info.description, lower, upper))
    return out
