"""``nulling.sir_coverage``: the SIR distribution of the typical user (not in the paper; figure nulling-cdf-sir).

The coverage ``P(SIR_c > theta)`` of the ZF-nulling model (nulling (3), (10)) in closed form
(:func:`isacnet.analysis.nulling.sir_coverage_comm`: exact joint law of ``(r, eta_L)``, and the
paper's independent treatment of Theorem 1) against the empirical CDF of the typical-user Monte
Carlo (:func:`isacnet.simulate.nulling.comm_rate_trial`, the trial of Fig. 4) on the same grid.
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import Field

from isacnet.analysis import nulling as an
from isacnet.experiments.nulling._params import NullingParams
from isacnet.models import param
from isacnet.registry import AnalyticCdf, Experiment, Series, register_experiment
from isacnet.simulate.nulling import comm_rate_trial

__all__ = ["SirCoverageParams", "sir_grid", "coverage_analytic", "sir_trial", "SIR_COVERAGE"]


class SirCoverageParams(NullingParams):
    """One operating point ``(K, L, J, Q)`` and the SIR thresholds of its distribution."""

    sir_thresholds_db: list[Annotated[float, Field(ge=-100, le=100)]] = param(
        [float(v) for v in np.arange(-10.0, 40.5, 2.5)], unit="dB", symbol=r"$\theta$",
        doc="SIR thresholds theta of the CDF, in dB (10 log10 of the linear SIR); -100..100 dB")


def sir_grid(p: SirCoverageParams) -> np.ndarray:
    """The linear SIR thresholds [1], ascending."""
    return np.sort(10.0 ** (np.asarray(p.sir_thresholds_db, dtype=float) / 10.0))


def _args(p: SirCoverageParams) -> tuple[int, int, int, int, int, float]:
    """``(num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense, pathloss_exp)``,
    positional arguments shared by the closed form and the trial."""
    return (p.num_tx_antennas, p.num_users, p.cluster_size_comm, p.num_targets_used, p.cluster_size_sense,
            p.pathloss_exp)


def coverage_analytic(p: SirCoverageParams) -> dict:
    """``P(SIR_c <= theta)`` on the grid: exact joint law and Theorem 1's independent treatment; and the
    median SIR of the exact law (bisection of the CDF) [1]."""
    x = sir_grid(p)
    exact = 1.0 - an.sir_coverage_comm(x, *_args(p), eta_law="joint")
    thm1 = 1.0 - an.sir_coverage_comm(x, *_args(p), eta_law="independent")
    lo, hi = 1e-6, 1e9  # median by bisection in log SIR (the CDF rises through 1/2 in between)
    for _ in range(60):
        mid = np.sqrt(lo * hi)
        lo, hi = (mid, hi) if an.sir_coverage_comm(mid, *_args(p)) > 0.5 else (lo, mid)
    return {"cdf_exact": AnalyticCdf(x, exact), "cdf_thm1": AnalyticCdf(x, thm1),
            "median_exact": float(np.sqrt(lo * hi))}


def sir_trial(p: SirCoverageParams, rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    """Typical-user SIR samples [1] of the Fig. 4 trial (``SIR = e^rate - 1``)."""
    rate = comm_rate_trial(rng, size, *_args(p)[:5], p.pathloss_exp, p.bs_density, num_exact=100)["rate_comm"]
    return {"sir": np.expm1(rate)}


SIR_COVERAGE = register_experiment(Experiment(
    id="nulling.sir_coverage",
    params=SirCoverageParams,
    series=(
        Series("cdf_exact", "closed form, joint $(r, \\eta_L)$ law", unit="1",
               long_name="P(SIR_c <= theta), closed form with the exact joint law of (r, eta_L) (our derivation)"),
        Series("cdf_thm1", "closed form, Theorem 1's independent $\\eta_L$", unit="1",
               long_name="P(SIR_c <= theta) with eta_L treated as independent of r, as Theorem 1 (11) does"),
        Series("median_exact", "median SIR, closed form", unit="1"),
        Series("sir_mc", "Monte Carlo, typical user", kind="mc", source="sir", stat="median", unit="1",
               long_name="typical-user SIR_c (linear), Monte Carlo of nulling (3) with Gamma gains"),
    ),
    analytic=coverage_analytic,
    trial=sir_trial,
    cdf_grid=lambda p: {"sir_mc": sir_grid(p)},
    description="SIR distribution of the typical user, P(SIR_c <= theta): closed form vs Monte Carlo (not in the "
                "paper).",
))
