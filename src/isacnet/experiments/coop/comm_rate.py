"""``coop.comp_rate`` (R_c vs L, Fig. 6) and ``coop.optimal_cluster`` (L* vs psi, Fig. 7): coop Section IV.

Theorem 2 vs Monte Carlo at two fidelities (model level, link/system level), and the optimal
CoMP cluster size by the searches of :func:`isacnet.optimization.coop.optimal_cluster_size`.
Rates are reported in bits/s/Hz (the paper's unit in these figures).
"""

from __future__ import annotations

from pydantic import model_validator

from isacnet.analysis.coop import comp_rate, kappa_comm
from isacnet.errors import InputError
from isacnet.models import param
from isacnet.models.coop import CoopModel
from isacnet.optimization.coop import optimal_cluster_size
from isacnet.registry import Experiment, Series, register_experiment
from isacnet.simulate.coop import comp_rate_link_trial, comp_rate_trial
from isacnet.simulate.stats import RunningStats
from isacnet.units import nats_to_bits

__all__ = ["CoopCommParams", "CommParams", "CompRateParams", "OptimalClusterParams", "COMP_RATE", "OPTIMAL_CLUSTER",
           "CLUSTER_SERIES"]


class CoopCommParams(CoopModel):
    """The coop model where cooperation requests must find a free resource block: ``psi >= 2``.

    Lemma 2 reserves one of a BS's ``psi`` blocks for its own nearest user; a cooperation request
    competes for the other ``psi - 1``, so with ``psi = 1`` none is ever accepted and eq. (25)
    does not apply.
    """

    @model_validator(mode="after")
    def _cooperation_slots(self):
        if self.max_load < 2:
            raise InputError("max_load",
                             f"must be >= 2 (one resource block is the BS's own user's), got {self.max_load}")
        return self


class CommParams(CoopCommParams):
    """A communication power ``p^c``; the rest of ``P^t`` senses: ``p^s = P^t - p^c`` (34a with equality,
    as the interferers' ``Gamma(1, P^t)`` gains assume)."""

    power_comm: float = param(
        1.0, unit="W", symbol=r"$p^c$", gt=0, le=1e3, doc="communication power per BS, 0 < p^c <= P^t (34a)")

    @model_validator(mode="after")
    def _power_budget(self):
        if self.power_comm > self.power_total * (1 + 1e-12):
            raise InputError("power_comm", f"must be <= P^t = {self.power_total} W (34a), got {self.power_comm} W")
        return self

    @property
    def power_sense(self) -> float:
        """``p^s = P^t - p^c`` [W]."""
        return self.power_total - self.power_comm


# ----------------------------------------------------------------------------- coop.comp_rate
class CompRateParams(CommParams):
    """One ``(L, p^c, lambda_u)`` point of coop-fig6."""

    cluster_size_comm: int = param(
        3, unit="–", symbol=r"$L$", ge=1, le=1000, doc="CoMP cluster size (<= 1000: the trials hold [drops, L] arrays)")
    link_drops_per_batch: int = param(
        50, unit="–", ge=1, le=10_000,
        doc="link-level networks simulated per Monte Carlo batch (each batch also draws its model-level drops)")
    link_mean_num_bs: float = param(
        60.0, unit="–", ge=4, le=10_000,
        doc="mean BSs per link-level torus window (raised to 4 L; <= 1e4: [networks, users, BSs] distance arrays)")


def kappa_c(p: CoopCommParams, cluster_size_comm) -> float:
    """``kappa_c`` of Lemma 2, eq. (25), at the model's ``mu_c`` and ``psi``."""
    return float(kappa_comm(cluster_size_comm, p.user_ratio, p.max_load))


def rate_analytic(p: CompRateParams) -> dict[str, float]:
    """Theorem 2 (corrected, printed) and the exact model rate [bits/s/Hz]; ``kappa_c`` of Lemma 2."""
    L = p.cluster_size_comm
    k = kappa_c(p, L)
    args = (L, k, p.power_comm, p.power_total, p.num_tx_antennas, p.pathloss_exp)
    return {
        "thm2": float(nats_to_bits(comp_rate(*args, form="corrected"))),
        "thm2_printed": float(nats_to_bits(comp_rate(*args, form="printed"))),
        "exact": float(nats_to_bits(comp_rate(*args, form="exact"))),
        "kappa_c": k,
    }


def rate_samples(p: CompRateParams, rng, size):
    """``size`` model-level rate samples and ``link_drops_per_batch`` link-level networks [bits/s/Hz]."""
    L = p.cluster_size_comm
    out = comp_rate_trial(rng, size, L, kappa_c(p, L), p.power_comm, p.power_total, p.num_tx_antennas,
                          p.pathloss_exp, p.interferer_gain)
    res = {"rate_bits": nats_to_bits(out["rate"])}
    link = comp_rate_link_trial(rng, p.link_drops_per_batch, L, p.max_load, p.bs_density, p.user_density,
                                p.power_comm, p.power_total, p.num_tx_antennas, p.pathloss_exp,
                                max(p.link_mean_num_bs, 4.0 * L))
    res["link_rate_bits"] = nats_to_bits(link["rate"])
    res["link_accepted"] = link["accepted"]
    return res


COMP_RATE = register_experiment(
    Experiment(
        id="coop.comp_rate",
        params=CompRateParams,
        series=(
            Series("thm2", "Theorem 2, eq. (29) (signal at z p^c)", unit="bits/s/Hz"),
            Series("thm2_printed", "eq. (29) as printed (signal at z P^t)", unit="bits/s/Hz"),
            Series("exact", "exact rate of the model (docs/theory)", unit="bits/s/Hz"),
            Series("mc_model", "MC, model level", kind="mc", source="rate_bits", unit="bits/s/Hz"),
            Series("mc_link", "MC, link/system level (ZF, load)", kind="mc", source="link_rate_bits", unit="bits/s/Hz"),
            Series("kappa_c", "Lemma 2, eq. (25)", unit="1"),
            Series("link_kappa", "acceptance in the system simulation", kind="mc", source="link_accepted", unit="1"),
        ),
        analytic=rate_analytic,
        trial=rate_samples,
        description="Average CoMP rate [bits/s/Hz] vs the cluster size L (coop Theorem 2, Lemma 2).",
    )
)


# ----------------------------------------------------------------------------- coop.optimal_cluster
class OptimalClusterParams(CommParams):
    """One ``(psi, lambda_u)`` point of coop-fig7."""

    max_cluster_comm: int = param(40, unit="–", ge=2, le=1000, doc="largest L of the exhaustive searches")
    mc_drops: int = param(
        20_000, unit="–", ge=0, le=10_000_000,
        doc="model-level drops shared by every L in the Monte Carlo search (0: skip it; <= 1e7 for run time)")


CLUSTER_SERIES = {"approx": "eta", "surrogate": "surrogate", "exhaustive_thm2": "theorem2",
                  "exhaustive_exact": "exact", "remark3": "remark3"}
"""Closed-form series of ``coop.optimal_cluster`` and the search method each one names."""


def cluster_analytic(p: OptimalClusterParams) -> dict[str, float]:
    """``L*`` by the approximate search (38), the surrogate (37), Theorem 2, the exact rate and Remark 3."""
    return {name: float(optimal_cluster_size(p, p.power_comm, p.max_cluster_comm, method).cluster_size_comm)
            for name, method in CLUSTER_SERIES.items()}


def cluster_evaluate(p: OptimalClusterParams, rng) -> dict:
    """``L*`` of model-level Monte Carlo means (``mc_drops`` drops on common random numbers) and the
    Monte Carlo rate there [bits/s/Hz] (an :class:`~isacnet.simulate.stats.Estimate`)."""
    if p.mc_drops == 0:
        return {"exhaustive_mc": float("nan"), "rate_mc_opt": RunningStats().estimate()}  # no samples: NaN
    res = optimal_cluster_size(p, p.power_comm, p.max_cluster_comm, "monte_carlo", num_drops=p.mc_drops, rng=rng)
    return {"exhaustive_mc": float(res.cluster_size_comm), "rate_mc_opt": res.rate_estimate}


OPTIMAL_CLUSTER = register_experiment(
    Experiment(
        id="coop.optimal_cluster",
        params=OptimalClusterParams,
        series=(
            Series("approx", "approximate search, eq. (38)", unit="1"),
            Series("surrogate", "argmax_L of the mean-SIR surrogate (37)", unit="1"),
            Series("exhaustive_thm2", "exhaustive, Theorem 2", unit="1"),
            Series("exhaustive_exact", "exhaustive, exact model rate", unit="1"),
            Series("exhaustive_mc", "exhaustive, model-level MC (common random numbers)", unit="1"),
            Series("remark3", "Remark 3: λu·L̄/λb ≈ ψ", unit="1"),
            Series("rate_mc_opt", "MC rate at the MC optimum L* [bits/s/Hz] (selection-biased upwards)", kind="mc",
                   unit="bits/s/Hz"),
        ),
        analytic=cluster_analytic,
        evaluate=cluster_evaluate,
        description="Optimal CoMP cluster size L* vs psi (coop Section IV-B).",
    )
)
