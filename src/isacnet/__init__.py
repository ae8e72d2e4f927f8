"""isacnet: analysis, simulation and optimisation of cooperative ISAC cellular networks.

The front door is one namespace per paper, named for quantities, SI units in and out::

    from isacnet import coop, nulling, power, deploy

    coop.expected_crlb(...)        # paper 000: cooperative sensing and CoMP
    nulling.comm_rate(...)         # paper 001: interference nulling
    power.detection_probability(...)  # paper 003: CoMP-ISAC power allocation
    deploy.optimize_layout(...)    # paper 004: 3-D deployment

Each namespace is imported on first use, so ``import isacnet`` stays light. The layers beneath
(``geometry`` → ``channel`` → ``metrics`` → ``models`` → ``analysis`` / ``simulate`` →
``optimization`` → ``experiments`` → ``figures``) are documented in docs/architecture.md.
"""

from __future__ import annotations

import importlib

from isacnet._version import __version__
from isacnet.errors import InputError, NumericalError, SingularGeometryWarning

_NAMESPACES = ("coop", "nulling", "power", "deploy", "plan")

__all__ = ["__version__", "InputError", "NumericalError", "SingularGeometryWarning", *_NAMESPACES]


def __getattr__(name: str):
    if name in _NAMESPACES:
        module = importlib.import_module(f"isacnet.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'isacnet' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_NAMESPACES))
