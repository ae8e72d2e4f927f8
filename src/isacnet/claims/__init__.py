"""The papers' stated numbers and qualitative claims, checked by code.

A :class:`Claim` quotes the paper and knows how to measure the same thing with this
package. :func:`check` returns a :class:`ClaimResult`: pass/fail, the measured number
next to the paper's, and a note on why they may differ. ``isacnet claims`` prints the
table; each paper's tests assert the outcome we expect (a claim the papers' own models
cannot reproduce is documented as such, not hidden).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from isacnet._plugins import Registry

__all__ = ["Claim", "ClaimResult", "register_claim", "claims", "check", "profile_fields"]


@dataclass(frozen=True)
class ClaimResult:
    """Outcome of checking one claim.

    Attributes
    ----------
    passed : bool
        Whether our measurement supports the claim (within the stated criterion).
    measured : str
        What we measured, with numbers.
    expected : str
        The paper's number or statement, with the criterion applied.
    note : str
        Why it may differ (model reconstructions, approximations, spec corrections).
    """

    passed: bool
    measured: str
    expected: str
    note: str = ""


@dataclass(frozen=True)
class Claim:
    """A stated result of a paper.

    Parameters
    ----------
    id : str
        ``"<paper key>.<short name>"``.
    statement : str
        The paper's words (figure/section).
    check : callable
        ``check(quick: bool) -> ClaimResult``, or ``check(quick: bool, profile: str) -> ClaimResult``
        for a claim whose numbers depend on the parameters a paper leaves unstated (measured with
        that paper profile, ``"paper"`` or ``"spec"``; see :mod:`isacnet.scenario`); seeded,
        deterministic.
    """

    id: str
    statement: str
    check: Callable[..., ClaimResult]

    @property
    def paper(self) -> str:
        return self.id.split(".")[0]

    @property
    def profiled(self) -> bool:
        """Whether the check takes a profile (its verdict may differ between ``paper`` and ``spec``)."""
        import inspect

        return len(inspect.signature(self.check).parameters) >= 2


_CLAIMS: Registry[Claim] = Registry("claim", __name__)
register_claim = _CLAIMS.register


def claims() -> dict[str, Claim]:
    """All registered claims (imports every module of this package)."""
    return _CLAIMS.all()


def check(claim: Claim, quick: bool = False, profile: str = "paper") -> tuple[ClaimResult, float]:
    """Run ``claim.check`` (with ``profile`` where it takes one) and time it [s]."""
    t0 = time.perf_counter()
    res = claim.check(quick, profile) if claim.profiled else claim.check(quick)
    return res, time.perf_counter() - t0


def profile_fields(model, paper: str, profile: str, **fields):
    """``model`` (a parameter model class) validated with ``profile``'s values for ``paper`` and ``fields``.

    Precedence as in a scenario: the model's defaults < the profile < ``fields``.
    """
    from isacnet.scenario import profile_table

    values = {k: v for k, v in profile_table(paper, profile).items() if k in model.model_fields}
    return model.model_validate({**values, **fields})
