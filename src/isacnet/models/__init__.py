"""Physics models: one validated parameter model per paper key, SI units.

Each paper's physics is declared once, here, as a strict pydantic model (``CoopModel`` in
:mod:`isacnet.models.coop`, ...). Experiments extend it with what one figure sweeps or
budgets; the optimisers and the system-level simulators take it as their configuration. Every
field is declared with :func:`param`, which records the paper symbol, the unit and the
meaning, so that ``isacnet describe`` and ``docs/reference/parameters.md`` are generated from
the same source.

This package sits between ``metrics`` and ``analysis``/``simulate`` in the layers: it may use
``geometry``, ``channel`` and ``metrics`` for derived quantities, and both the closed forms and
the Monte Carlo may read it.
"""

from isacnet.models._base import ParamsModel, StrictModel, field_info, param

__all__ = ["ParamsModel", "StrictModel", "param", "field_info"]
