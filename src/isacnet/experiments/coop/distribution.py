"""Distributions of paper ``coop`` the paper does not show (figure coop-cdf-crlb).

* ``coop.crlb_distribution``: the per-target CRLB of Fig. 4's set-up (N nearest BSs of a PPP,
  eq. (9)), its empirical CCDF on a geometric grid around the Prop. 2 mean, its Hill tail index
  against the theory ``(N - 1)/2`` (:func:`isacnet.analysis.coop.gdop_tail_index`);
* ``coop.sir_coverage``: the SIR distribution of the typical CoMP user of Theorem 2's model,
  ``P(SIR > theta)`` by Gil-Pelaez inversion (:func:`isacnet.analysis.coop.sir_coverage_comp`)
  against the model-level Monte Carlo of Fig. 6 (:func:`isacnet.simulate.coop.comp_rate_trial`).
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import Field

from isacnet.analysis.coop import expected_crlb, gdop_tail_index, sir_coverage_comp
from isacnet.experiments.coop.comm_rate import CommParams, kappa_c
from isacnet.experiments.coop.crlb import CrlbParams, crlb_samples
from isacnet.models import param
from isacnet.registry import AnalyticCdf, Experiment, Series, register_experiment
from isacnet.simulate.coop import comp_rate_trial

__all__ = ["CrlbDistributionParams", "crlb_grid", "CRLB_DISTRIBUTION", "SirCoverageParams", "sir_grid",
           "SIR_COVERAGE"]


# -- coop.crlb_distribution ----------------------------------------------------------------------
class CrlbDistributionParams(CrlbParams):
    """Fig. 4's cooperative sensing set-up and the span of the CRLB grid."""

    grid_decades_below: float = param(2.0, unit="1", ge=0.1, le=10,
                                      doc="decades of the CCDF grid below the Prop. 2 mean CRLB")
    grid_decades_above: float = param(5.0, unit="1", ge=0.1, le=20,
                                      doc="decades of the CCDF grid above the Prop. 2 mean CRLB (the tail)")
    num_cdf_points: int = param(71, unit="1", ge=2, le=1000, doc="points of the geometric CRLB grid")


def _mean_crlb(p: CrlbDistributionParams) -> float:
    """Prop. 2, App. B eq. (45) [m²]: the scale of the grid."""
    return float(expected_crlb(p.cluster_size_sense, p.bs_density_in_unit, p.pathloss_exp_sense,
                               p.zeta_sq_sense, form="prop2_app_b")) * p.crlb_to_m2


def crlb_grid(p: CrlbDistributionParams) -> np.ndarray:
    """CRLB abscissae [m²], geometric around the Prop. 2 mean."""
    mean = _mean_crlb(p)
    return np.geomspace(mean * 10.0**-p.grid_decades_below, mean * 10.0**p.grid_decades_above, p.num_cdf_points)


def crlb_analytic(p: CrlbDistributionParams) -> dict[str, float]:
    """The tail index ``(N - 1)/2`` and the Prop. 2 mean [m²]."""
    return {"tail_index_theory": float(gdop_tail_index(p.cluster_size_sense)), "eq45": _mean_crlb(p)}


CRLB_DISTRIBUTION = register_experiment(Experiment(
    id="coop.crlb_distribution",
    params=CrlbDistributionParams,
    series=(
        Series("crlb_mc", "Monte Carlo, per-target CRLB, eq. (9)", kind="mc", source="crlb", stat="median",
               unit="m²", long_name="CRLB of the typical target with its N nearest BSs, eq. (9) (median as value)"),
        Series("eq45", "Prop. 2, App. B eq. (45): mean", unit="m²"),
        Series("tail_index_theory", "tail index (N - 1)/2", unit="1",
               long_name="upper tail index of the CRLB, (N - 1)/2 (codimension of the collinear geometries)"),
    ),
    analytic=crlb_analytic,
    trial=crlb_samples,
    cdf_grid=lambda p: {"crlb_mc": crlb_grid(p)},
    description="Distribution of the per-target CRLB and its heavy tail (not in the paper).",
))


# -- coop.sir_coverage ---------------------------------------------------------------------------
class SirCoverageParams(CommParams):
    """One CoMP cluster size ``L`` of Fig. 6's model and the SIR thresholds of its distribution."""

    cluster_size_comm: int = param(3, unit="–", symbol=r"$L$", ge=1, le=100,
                                   doc="CoMP cluster size (<= 100: the closed form raises an annulus mean to L - 2)")
    sir_thresholds_db: list[Annotated[float, Field(ge=-100, le=100)]] = param(
        [float(v) for v in np.arange(-10.0, 30.5, 2.5)], unit="dB", symbol=r"$\theta$",
        doc="SIR thresholds theta of the CDF, in dB (10 log10 of the linear SIR); -100..100 dB")


def sir_grid(p: SirCoverageParams) -> np.ndarray:
    """Linear SIR thresholds [1], ascending."""
    return np.sort(10.0 ** (np.asarray(p.sir_thresholds_db, dtype=float) / 10.0))


def sir_analytic(p: SirCoverageParams) -> dict:
    """``P(SIR <= theta)`` of Theorem 2's model on the grid (Gil-Pelaez) and ``kappa_c`` (Lemma 2)."""
    x = sir_grid(p)
    k = kappa_c(p, p.cluster_size_comm)
    cover = sir_coverage_comp(x, p.cluster_size_comm, k, p.power_comm, p.power_total, p.num_tx_antennas,
                              p.pathloss_exp)
    return {"cdf_exact": AnalyticCdf(x, 1.0 - cover), "kappa_c": k}


def sir_trial(p: SirCoverageParams, rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    """Model-level SIR samples [1] of the Fig. 6 trial (``SIR = e^rate - 1``)."""
    out = comp_rate_trial(rng, size, p.cluster_size_comm, kappa_c(p, p.cluster_size_comm), p.power_comm,
                          p.power_total, p.num_tx_antennas, p.pathloss_exp, "gamma1")
    return {"sir": np.expm1(out["rate"])}


SIR_COVERAGE = register_experiment(Experiment(
    id="coop.sir_coverage",
    params=SirCoverageParams,
    series=(
        Series("cdf_exact", "closed form (Gil-Pelaez)", unit="1",
               long_name="P(SIR <= theta) of the CoMP user, Theorem 2's model, by Gil-Pelaez inversion"),
        Series("kappa_c", "Lemma 2, eq. (25)", unit="1"),
        Series("sir_mc", "Monte Carlo, model level", kind="mc", source="sir", stat="median", unit="1",
               long_name="SIR (linear) of the typical CoMP user, model-level Monte Carlo (Fig. 6's trial)"),
    ),
    analytic=sir_analytic,
    trial=sir_trial,
    cdf_grid=lambda p: {"sir_mc": sir_grid(p)},
    description="SIR distribution of the typical CoMP user: closed form vs Monte Carlo (not in the paper).",
))
