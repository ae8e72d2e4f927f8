"""The papers' stated numbers and qualitative claims, as data, checked by code.

A :class:`Claim` declares, in one place, what a paper says (:class:`PaperValue`: a number
with its unit, or a qualitative statement), how this package measures the same thing
(``measure(quick, profile) -> Measurement``), the tolerance (written next to the claim, with
its justification) and the verdict we have established and document on the theory page
(:class:`Expected`): *reproduced*, or *not reproduced – explained* with a reason category
(:data:`REASONS`).

Running a claim (:func:`check`) gives a :class:`ClaimRecord`. Its final ``verdict`` is the
expected one when the measurement agrees with it, and *unexpected* otherwise: a claim we
document as reproduced that no longer is, one we document as not reproduced that now is, or a
measurement that raised. ``isacnet claims`` prints the records (or JSON) and exits 1 on any
unexpected outcome.

A claim about the model is measured on the exact model or its Monte Carlo; where the paper's
approximation gives a different answer, the record reports it next to ours
(``Measurement.approximation``).

Profiles: every record says which parameter profile it ran under (``isacnet/profiles/<key>.toml``,
docs/calibration.md): ``"paper"``, the values inferred from the paper's own quoted numbers, or
``"spec"``, the spec's defaults. :func:`profile_fields` gives the field values a profile sets for a
paper's models, and :func:`profile_scenario` loads a built-in scenario under a profile. Claims pass
``profile`` to both wherever they build a model or run a scenario. A claim whose measurement
depends on the profile is declared ``profiled``; where the paper profile changes its verdict it
declares that verdict too (``expected_paper``).
"""

from __future__ import annotations

import datetime as _dt
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from isacnet._plugins import Registry
from isacnet.errors import InputError

__all__ = [
    "REPRODUCED",
    "EXPLAINED",
    "UNEXPECTED",
    "NOT_REPRODUCED",
    "REASONS",
    "PROFILES",
    "PaperValue",
    "Expected",
    "reproduced",
    "explained",
    "Measurement",
    "Claim",
    "ClaimRecord",
    "register_claim",
    "claims",
    "check",
    "check_profile",
    "check_profiles",
    "profile_fields",
    "profile_scenario",
    "summary",
    "records_document",
]

REPRODUCED = "reproduced"
"""The measurement agrees with the paper within the tolerance."""
EXPLAINED = "not reproduced – explained"
"""It does not, for a documented reason (:data:`REASONS`)."""
UNEXPECTED = "unexpected"
"""The measured verdict differs from the expected one (or the measurement raised)."""
NOT_REPRODUCED = "not reproduced"
"""A measured verdict: outside the tolerance (before it is compared with the expected one)."""

Reason = Literal["erratum", "unstated parameter", "model difference", "approximation"]
REASONS: tuple[str, ...] = ("erratum", "unstated parameter", "model difference", "approximation")
"""Why a claim is not reproduced: an error in the paper (*erratum*: a printed equation, a
number or a statement its own equations contradict); a parameter the paper does not state
(*unstated parameter*); a difference between the paper's model and ours, the corrected
specification's (*model difference*); the paper's approximation, where the exact model or its
Monte Carlo disagree with it (*approximation*)."""

PROFILES: tuple[str, ...] = ("paper", "spec")
"""Parameter profiles the claims can run under (:data:`isacnet.scenario.PROFILES`): ``"paper"`` (inferred from
the paper's quoted numbers) and ``"spec"`` (the spec's defaults)."""


@dataclass(frozen=True)
class PaperValue:
    """What the paper states.

    Parameters
    ----------
    text : str
        As the paper states it, with where (``"≈ 15 % (Fig. 7)"``).
    number : float or tuple of float, optional
        The number(s), None for a qualitative statement.
    unit : str
        Unit of ``number`` (``"%"``, ``"dB"``, ``"×"``, ``""`` for a count).
    """

    text: str
    number: float | tuple[float, ...] | None = None
    unit: str = ""

    @property
    def qualitative(self) -> bool:
        return self.number is None


@dataclass(frozen=True)
class Expected:
    """The verdict we have established for a claim and document on its theory page.

    Parameters
    ----------
    verdict : {"reproduced", "not reproduced – explained"}
    reason : {"erratum", "unstated parameter", "model difference", "approximation"}, optional
        Required exactly when the verdict is *not reproduced – explained*.
    why : str
        The explanation (what differs and where that is documented).
    """

    verdict: str
    reason: str | None = None
    why: str = ""

    def __post_init__(self):
        if self.verdict not in (REPRODUCED, EXPLAINED):
            raise ValueError(f"expected verdict must be {REPRODUCED!r} or {EXPLAINED!r}, got {self.verdict!r}")
        if self.verdict == EXPLAINED and self.reason not in REASONS:
            raise ValueError(f"a claim not reproduced needs a reason among {REASONS}, got {self.reason!r}")
        if self.verdict == REPRODUCED and self.reason is not None:
            raise ValueError("a reproduced claim has no reason")
        if self.verdict == EXPLAINED and not self.why:
            raise ValueError("a claim not reproduced needs its explanation ('why')")


def reproduced(why: str = "") -> Expected:
    """Expected verdict *reproduced*."""
    return Expected(REPRODUCED, None, why)


def explained(reason: Reason, why: str) -> Expected:
    """Expected verdict *not reproduced – explained*, with its reason category and explanation."""
    return Expected(EXPLAINED, reason, why)


@dataclass(frozen=True)
class Measurement:
    """What a claim's ``measure`` found.

    Parameters
    ----------
    ours : str
        Our value, short, in the paper's terms and units (``"1.44×"``, ``"K = 12, L = 1"``).
    agrees : bool
        Whether ``ours`` is within the claim's tolerance of the paper's value.
    detail : str
        The numbers behind it (other points, Monte Carlo CIs, the ensemble...).
    approximation : str
        The paper's approximation at the same point where the claim is measured on the exact model
        or Monte Carlo (``"Theorem 2: L* = 12 and 3, ratio 4.0"``); empty where none applies.
    number : float or tuple of float, optional
        ``ours`` as number(s), for the JSON record.
    """

    ours: str
    agrees: bool
    detail: str = ""
    approximation: str = ""
    number: float | tuple[float, ...] | None = None


@dataclass(frozen=True)
class Claim:
    """A stated result of a paper, with how we measure it and the verdict we expect.

    Parameters
    ----------
    id : str
        ``"<paper key>.<short name>"``.
    statement : str
        The paper's words, with the figure or section.
    paper_value : PaperValue
    tolerance : str
        The criterion ``measure`` applies, and why that much (read-off precision of a plot,
        Monte Carlo error, the paper's own wording).
    expected : Expected
        The verdict under the ``spec`` profile, and under ``paper`` unless ``expected_paper`` says otherwise.
    measure : callable
        ``measure(quick: bool, profile: str) -> Measurement``; seeded, deterministic.
    profiled : bool
        Whether the measurement depends on the profile's parameters (``isacnet claims`` then runs it under
        both profiles; the others once).
    expected_paper : Expected, optional
        The verdict under the ``paper`` profile where it differs from ``expected`` (a profiled claim only).
    """

    id: str
    statement: str
    paper_value: PaperValue
    tolerance: str
    expected: Expected
    measure: Callable[[bool, str], Measurement]
    profiled: bool = False
    expected_paper: Expected | None = None

    def __post_init__(self):
        if self.expected_paper is not None and not self.profiled:
            raise ValueError(f"{self.id}: only a profiled claim can expect another verdict under the paper profile")

    @property
    def paper(self) -> str:
        return self.id.split(".")[0]

    def expected_for(self, profile: str) -> Expected:
        """The verdict we document for ``profile``."""
        return self.expected_paper if profile == "paper" and self.expected_paper is not None else self.expected

    def profiles(self, selection: str = "both") -> tuple[str, ...]:
        """The profiles ``isacnet claims --profile selection`` runs this claim under: ``"both"`` gives
        ``("spec", "paper")`` for a profiled claim and ``("paper",)`` for the others."""
        if selection == "both":
            return ("spec", "paper") if self.profiled else ("paper",)
        return (check_profile(selection),)


@dataclass(frozen=True)
class ClaimRecord:
    """The outcome of running one claim: the paper's value, ours, the tolerance and the verdicts.

    Attributes
    ----------
    claim_id, paper, statement : str
    paper_value : str
        The paper's value as stated; ``paper_number`` and ``paper_unit`` hold it as a number.
    ours : str
        Our value; ``our_number`` as a number where there is one.
    tolerance : str
    measured_verdict : {"reproduced", "not reproduced"}
        Whether ours is within the tolerance.
    expected_verdict : {"reproduced", "not reproduced – explained"}
    reason : str or None
        The expected reason category (:data:`REASONS`) when the claim is not reproduced.
    verdict : {"reproduced", "not reproduced – explained", "unexpected"}
        ``expected_verdict`` when it matches the measured one, else *unexpected*.
    note : str
        Why (the expected explanation), and for an unexpected outcome what happened.
    detail, approximation : str
        See :class:`Measurement`.
    runtime_s : float
        Wall time of the measurement [s].
    profile : str
        Parameter profile (:data:`PROFILES`).
    quick : bool
        Whether the quick budgets were used.
    error : str
        The exception the measurement raised (empty when none).
    """

    claim_id: str
    paper: str
    statement: str
    paper_value: str
    paper_number: float | tuple[float, ...] | None
    paper_unit: str
    ours: str
    our_number: float | tuple[float, ...] | None
    tolerance: str
    measured_verdict: str
    expected_verdict: str
    reason: str | None
    verdict: str
    note: str
    detail: str
    approximation: str
    runtime_s: float
    profile: str
    quick: bool
    error: str = ""

    @property
    def unexpected(self) -> bool:
        return self.verdict == UNEXPECTED

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready values (non-finite numbers as strings ``"inf"``, ``"nan"``)."""
        return {k: _json_number(v) for k, v in asdict(self).items()}


def _json_number(v):
    if isinstance(v, tuple | list):
        return [_json_number(x) for x in v]
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    return v


_CLAIMS: Registry[Claim] = Registry("claim", __name__)
register_claim = _CLAIMS.register


def claims() -> dict[str, Claim]:
    """All registered claims (imports every module of this package)."""
    return _CLAIMS.all()


def check_profile(profile: str, field_name: str = "profile") -> str:
    """``profile`` if it is a known parameter profile, else :class:`InputError`."""
    if profile not in PROFILES:
        raise InputError(field_name, f"must be one of {', '.join(PROFILES)}, got {profile!r}")
    return profile


def profile_fields(paper: str, profile: str = "spec", model=None) -> dict[str, Any]:
    """Field values that ``profile`` sets on paper ``paper``'s parameter models (``isacnet/profiles/<paper>.toml``).

    A claim builds its models as ``Params(**{**profile_fields(key, profile, Params), **its_own_fields})``:
    precedence as in a scenario, the model's defaults < the profile < the claim's fields. With ``model``
    (a parameter model class), only the fields it has.
    """
    from isacnet.scenario import profile_table

    check_profile(profile)
    values = profile_table(paper, profile)
    return values if model is None else {k: v for k, v in values.items() if k in model.model_fields}


def profile_scenario(name: str, *, quick: bool = False, profile: str = "spec", overrides=None):
    """Built-in scenario ``name`` under ``profile`` (its values fill the fields the scenario leaves unset)."""
    from isacnet.scenario import load_scenario

    check_profile(profile)
    return load_scenario(name, overrides=overrides, quick=quick, profile=profile)


def check(claim: Claim, quick: bool = False, profile: str = "paper") -> ClaimRecord:
    """Measure ``claim`` under ``profile`` and judge it against the paper and against the verdict we expect
    for that profile (:meth:`Claim.expected_for`).

    A measurement that raises is recorded as *unexpected*, with the exception in ``error``.
    """
    check_profile(profile)
    t0 = time.perf_counter()
    try:
        m = claim.measure(quick, profile)
        error = ""
    except Exception as exc:  # a broken measurement is an outcome to report, not a crash of the table
        m = Measurement("—", False)
        error = f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - t0
    measured = REPRODUCED if m.agrees else NOT_REPRODUCED
    exp = claim.expected_for(profile)
    as_expected = not error and (measured == REPRODUCED) == (exp.verdict == REPRODUCED)
    verdict = exp.verdict if as_expected else UNEXPECTED
    if error:
        note = f"the measurement raised {error}"
    elif as_expected:
        note = exp.why
    elif exp.verdict == REPRODUCED:
        note = f"documented as reproduced, but ours is outside the tolerance. Documented: {exp.why}".rstrip(" .:")
    else:
        note = (f"documented as not reproduced ({exp.reason}: {exp.why}), but ours is now within the tolerance: "
                "update the claim's expected verdict and its theory page")
    pv = claim.paper_value
    return ClaimRecord(
        claim_id=claim.id, paper=claim.paper, statement=claim.statement, paper_value=pv.text,
        paper_number=pv.number, paper_unit=pv.unit, ours=m.ours, our_number=m.number, tolerance=claim.tolerance,
        measured_verdict=measured, expected_verdict=exp.verdict, reason=exp.reason, verdict=verdict, note=note,
        detail=m.detail, approximation=m.approximation, runtime_s=seconds, profile=profile, quick=quick, error=error,
    )


def check_profiles(claim: Claim, quick: bool = False, selection: str = "both") -> list[ClaimRecord]:
    """``claim``'s records under the profiles ``selection`` names (:meth:`Claim.profiles`): ``"both"``
    measures a profiled claim under ``spec`` and ``paper`` and the others once."""
    return [check(claim, quick=quick, profile=profile) for profile in claim.profiles(selection)]


def summary(records: Iterable[ClaimRecord]) -> dict[str, int]:
    """How many records have each final verdict."""
    out = {REPRODUCED: 0, EXPLAINED: 0, UNEXPECTED: 0}
    for r in records:
        out[r.verdict] += 1
    return out


@dataclass(frozen=True)
class _Provenance:
    isacnet_version: str
    git_commit: str
    created: str = field(default_factory=lambda: _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"))


def records_document(records: Sequence[ClaimRecord], *, quick: bool, profile: str) -> dict[str, Any]:
    """The JSON document of ``isacnet claims --json``: provenance, summary and every record."""
    from isacnet._version import __version__
    from isacnet.runner import git_commit

    prov = _Provenance(__version__, git_commit())
    return {
        "format": 1,
        "kind": "isacnet claims",
        **asdict(prov),
        "quick": quick,
        "profile": profile,
        "summary": summary(records),
        "claims": [r.to_dict() for r in records],
    }
