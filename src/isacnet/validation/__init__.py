"""Analytic-versus-Monte-Carlo checks: one registry, used by ``isacnet validate`` and the tests.

A :class:`ValidationCase` pairs a closed form with a Monte Carlo estimate of the same
quantity and states its tolerance: ``z * SE`` (sampling error) plus a model term,
``model_rel * |analytic| + model_abs``, where the paper itself calls the expression
approximate (the docstring of the case says why that much). A case passes when
``|analytic - mc| <= tolerance``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from isacnet._plugins import Registry
from isacnet.simulate.engine import MonteCarloSettings
from isacnet.simulate.stats import Estimate

__all__ = ["ValidationCase", "ValidationResult", "register_case", "cases", "run_case", "results_document"]


@dataclass(frozen=True)
class ValidationCase:
    """A closed form and its Monte Carlo estimator.

    Parameters
    ----------
    id : str
        ``"<paper key>.<quantity>[<point>]"``.
    description : str
        What is compared, with equation numbers.
    analytic : callable
        ``analytic() -> float``.
    monte_carlo : callable
        ``monte_carlo(seed, settings) -> Estimate``.
    settings, quick_settings : MonteCarloSettings
        Budgets for the full and the ``--quick`` run.
    seed : int
        Fixed seed.
    z : float
        Multiplier of the standard error (4 gives a false-alarm rate of 6e-5 per case).
    model_rel, model_abs : float
        Model term of the tolerance (0 for exact expressions).
    statistic : {"mean", "median"}
        Which statistic of the estimate is compared (a median uses its own CI).
    tolerance_note : str
        Where the model term comes from.
    """

    id: str
    description: str
    analytic: Callable[[], float]
    monte_carlo: Callable[[int, MonteCarloSettings], Estimate]
    settings: MonteCarloSettings = MonteCarloSettings(batch_size=50_000, min_samples=200_000, max_samples=1_000_000)
    quick_settings: MonteCarloSettings = MonteCarloSettings(batch_size=50_000, min_samples=100_000, max_samples=200_000)
    seed: int = 12345
    z: float = 4.0
    model_rel: float = 0.0
    model_abs: float = 0.0
    statistic: str = "mean"
    tolerance_note: str = "exact expression: sampling error only"

    @property
    def paper(self) -> str:
        return self.id.split(".")[0]


@dataclass(frozen=True)
class ValidationResult:
    case: ValidationCase
    analytic: float
    estimate: Estimate
    mc_value: float
    tolerance: float
    seconds: float

    @property
    def difference(self) -> float:
        return abs(self.analytic - self.mc_value)

    @property
    def passed(self) -> bool:
        return bool(self.difference <= self.tolerance)

    def to_dict(self) -> dict:
        """The result as JSON-ready values (non-finite numbers as strings ``"inf"``, ``"nan"``)."""
        c, e = self.case, self.estimate
        rec = {
            "case_id": c.id, "paper": c.paper, "description": c.description, "statistic": c.statistic,
            "analytic": self.analytic, "monte_carlo": self.mc_value, "difference": self.difference,
            "tolerance": self.tolerance, "z": c.z, "model_rel": c.model_rel, "model_abs": c.model_abs,
            "tolerance_note": c.tolerance_note, "std_error": e.std_error, "n_samples": e.num_samples, "seed": c.seed,
            "passed": self.passed, "runtime_s": self.seconds,
        }
        return {k: (str(v) if isinstance(v, float) and not math.isfinite(v) else v) for k, v in rec.items()}


_CASES: Registry[ValidationCase] = Registry("validation case", __name__)
register_case = _CASES.register


def cases() -> dict[str, ValidationCase]:
    """All registered cases (imports every module of this package)."""
    return _CASES.all()


def run_case(case: ValidationCase, quick: bool = False) -> ValidationResult:
    """Evaluate both sides of ``case`` and its tolerance."""
    t0 = time.perf_counter()
    a = float(case.analytic())
    est = case.monte_carlo(case.seed, case.quick_settings if quick else case.settings)
    if case.statistic == "median":
        value = est.median
        se = max(est.median - est.median_ci_low, est.median_ci_high - est.median) / 1.959964
    else:
        value, se = est.mean, est.std_error
    tol = case.z * se + case.model_rel * abs(a) + case.model_abs
    if not math.isfinite(tol):
        tol = math.inf
    return ValidationResult(case, a, est, value, tol, time.perf_counter() - t0)


def results_document(results: list[ValidationResult], *, quick: bool) -> dict:
    """The JSON document of ``isacnet validate --json``: provenance, counts and every result."""
    import datetime as dt

    from isacnet._version import __version__
    from isacnet.runner import git_commit

    passed = sum(r.passed for r in results)
    return {
        "format": 1, "kind": "isacnet validate", "isacnet_version": __version__, "git_commit": git_commit(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "quick": quick,
        "summary": {"passed": passed, "failed": len(results) - passed},
        "cases": [r.to_dict() for r in results],
    }
