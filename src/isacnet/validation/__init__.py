"""Analytic-versus-Monte-Carlo checks: one registry, used by ``isacnet validate`` and the tests.

A :class:`ValidationCase` pairs a closed form with a Monte Carlo estimate of the same
quantity and states its tolerance: ``z * SE`` (sampling error) plus a model term,
``model_rel * |analytic| + model_abs``, where the paper itself calls the expression
approximate (the docstring of the case says why that much). A case passes when
``|analytic - mc| <= tolerance``.

A :class:`DistributionCase` pairs a closed-form CDF with the empirical CDF of a Monte Carlo
quantity on a grid. Its statistic is the Kolmogorov–Smirnov distance on the grid,
``max_x |F_n(x) - F(x)|``, and its bound is the Dvoretzky–Kiefer–Wolfowitz half-width
``sqrt(ln(2 / (1 - level)) / (2 n))`` (the whole empirical CDF of ``n`` independent samples lies
within it with probability ``level``), plus the sketch's resolution (the empirical CDF is read at
a point within one log bin of ``x``: ``max_x F(x 10^r) - F(x 10^-r)`` of the closed form), plus a
stated model or numerical term.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from isacnet._plugins import Registry
from isacnet.simulate.engine import DistributionRequest, MonteCarloAccumulator, MonteCarloSettings, run_batch
from isacnet.simulate.stats import HIST_RESOLUTION, Estimate, dkw_halfwidth

__all__ = ["ValidationCase", "ValidationResult", "register_case", "cases", "run_case", "DistributionCase",
           "DistributionResult", "register_distribution_case", "distribution_cases", "run_distribution_case",
           "results_document"]

# default budgets (MonteCarloSettings is frozen, so one shared instance per default is safe)
_CASE_SETTINGS = MonteCarloSettings(batch_size=50_000, min_samples=200_000, max_samples=1_000_000)
_CASE_QUICK_SETTINGS = MonteCarloSettings(batch_size=50_000, min_samples=100_000, max_samples=200_000)
_DISTRIBUTION_SETTINGS = MonteCarloSettings(batch_size=50_000, min_samples=400_000, max_samples=400_000)
_DISTRIBUTION_QUICK_SETTINGS = MonteCarloSettings(batch_size=50_000, min_samples=100_000, max_samples=100_000)

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
    settings: MonteCarloSettings = _CASE_SETTINGS
    quick_settings: MonteCarloSettings = _CASE_QUICK_SETTINGS
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


# -- distributions ------------------------------------------------------------------------
@dataclass(frozen=True)
class DistributionCase:
    """A closed-form CDF and the Monte Carlo quantity it describes.

    Parameters
    ----------
    id : str
        ``"<paper key>.<quantity>[<point>]"``.
    description : str
        What is compared, with equation numbers.
    grid : callable
        ``grid() -> abscissae`` (ascending, in the quantity's unit, > 0).
    analytic_cdf : callable
        ``analytic_cdf(x) -> P(X <= x)`` for an array ``x``.
    trial : callable
        ``trial(rng, size) -> {quantity: samples}``, picklable not required (runs serially).
    quantity : str
        Which output of ``trial``.
    settings, quick_settings : MonteCarloSettings
        Budgets (``target_rel_ci`` is ignored: the full budget runs).
    seed : int
    level : float
        Confidence of the DKW band (0.999: a false alarm once in a thousand runs of a correct case).
    model_abs : float
        Model or numerical term of the bound [probability], justified in ``tolerance_note``.
    tolerance_note : str
    """

    id: str
    description: str
    grid: Callable[[], np.ndarray]
    analytic_cdf: Callable[[np.ndarray], np.ndarray]
    trial: Callable
    quantity: str
    settings: MonteCarloSettings = _DISTRIBUTION_SETTINGS
    quick_settings: MonteCarloSettings = _DISTRIBUTION_QUICK_SETTINGS
    seed: int = 12345
    level: float = 0.999
    model_abs: float = 0.0
    tolerance_note: str = "exact closed form: DKW band and sketch resolution only"

    @property
    def paper(self) -> str:
        return self.id.split(".")[0]


@dataclass(frozen=True)
class DistributionResult:
    """Kolmogorov–Smirnov distance on the grid and its bound (DKW + resolution + model term)."""

    case: DistributionCase
    grid: np.ndarray
    analytic: np.ndarray
    empirical: np.ndarray
    num_samples: int
    dkw: float
    resolution: float
    seconds: float

    @property
    def ks_distance(self) -> float:
        return float(np.max(np.abs(self.empirical - self.analytic)))

    @property
    def bound(self) -> float:
        return self.dkw + self.resolution + self.case.model_abs

    @property
    def passed(self) -> bool:
        return bool(self.ks_distance <= self.bound)

    def to_dict(self) -> dict:
        """The result as JSON-ready values (the grid and both CDFs as lists)."""
        c = self.case
        return {
            "case_id": c.id, "description": c.description, "ks_distance": self.ks_distance, "bound": self.bound,
            "dkw": self.dkw, "resolution": self.resolution, "model_abs": c.model_abs, "level": c.level,
            "n_samples": self.num_samples, "seed": c.seed, "passed": self.passed, "runtime_s": self.seconds,
            "grid": [float(v) for v in self.grid], "analytic": [float(v) for v in self.analytic],
            "empirical": [float(v) for v in self.empirical],
        }


_DISTRIBUTION_CASES: Registry[DistributionCase] = Registry("distribution case", __name__)
register_distribution_case = _DISTRIBUTION_CASES.register


def distribution_cases() -> dict[str, DistributionCase]:
    """All registered distribution cases (imports every module of this package)."""
    return _DISTRIBUTION_CASES.all()


def run_distribution_case(case: DistributionCase, quick: bool = False) -> DistributionResult:
    """Run the Monte Carlo of ``case`` to its budget and compare its CDF with the closed form on the grid."""
    t0 = time.perf_counter()
    x = np.asarray(case.grid(), dtype=float)
    analytic = np.asarray(case.analytic_cdf(x), dtype=float)
    step = 10.0**HIST_RESOLUTION
    resolution = float(np.max(np.asarray(case.analytic_cdf(x * step)) - np.asarray(case.analytic_cdf(x / step))))
    settings = case.quick_settings if quick else case.settings
    acc = MonteCarloAccumulator(MonteCarloSettings(batch_size=settings.batch_size, min_samples=settings.max_samples,
                                                   max_samples=settings.max_samples, target_rel_ci=0.0))
    b = 0
    while not acc.add(run_batch(case.trial, case.seed, (), b, settings.batch_size)):
        b += 1
    est = acc.estimates({case.quantity: DistributionRequest((), tuple(x))})[case.quantity]
    n = int(est.num_samples)
    return DistributionResult(case, x, analytic, np.asarray(est.cdf), n, float(dkw_halfwidth(n, case.level)),
                              resolution, time.perf_counter() - t0)


def results_document(results: list[ValidationResult], *, quick: bool,
                     distributions: Sequence[DistributionResult] = ()) -> dict:
    """The JSON document of ``isacnet validate --json``: provenance, counts and every result."""
    import datetime as dt

    from isacnet._version import __version__
    from isacnet.runner import git_commit

    passed = sum(r.passed for r in results) + sum(d.passed for d in distributions)
    return {
        "format": 1, "kind": "isacnet validate", "isacnet_version": __version__, "git_commit": git_commit(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "quick": quick,
        "summary": {"passed": passed, "failed": len(results) + len(distributions) - passed},
        "cases": [r.to_dict() for r in results],
        "distribution_cases": [d.to_dict() for d in distributions],
    }
