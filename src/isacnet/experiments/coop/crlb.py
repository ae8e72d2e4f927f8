"""``coop.crlb`` and ``coop.crlb_acceptance``: CRLB of cooperative sensing versus the cluster size N.

``coop.crlb`` (Fig. 4): every requested BS accepts (``kappa_s = 1``); Monte Carlo over the N
nearest BSs of a PPP against Theorem 1 / eq. (21) / App. B eq. (45). ``coop.crlb_acceptance``
(Fig. 5): BSs serve at most ``psi`` targets; the system-level simulation (requests, random
admission on a wrap-around network) against eq. (24) with ``kappa_s`` of Lemma 1.

CRLBs are in m² (the series take the root); the distance unit inside ``|zeta|^2`` is the
model's ``distance_unit`` (see :mod:`isacnet.models.coop`).
"""

from __future__ import annotations

import numpy as np
from pydantic import model_validator

from isacnet.analysis.coop import CrlbForm, expected_crlb, kappa_sense
from isacnet.errors import InputError
from isacnet.models import param
from isacnet.models.coop import CoopModel
from isacnet.registry import Experiment, Series, register_experiment
from isacnet.simulate.coop import acceptance_network_trial, crlb_trial
from isacnet.simulate.engine import Clustered

__all__ = ["CrlbParams", "CRLB", "CRLB_ACCEPTANCE", "theorem1_form"]


class CrlbParams(CoopModel):
    """One cluster size ``N`` and sensing power ``p^s`` of the cooperative sensing scenario (coop Section VI)."""

    cluster_size_sense: int = param(
        6, unit="–", symbol=r"$N$", ge=1, le=1000,
        doc="BSs cooperating for one target (<= 1000: the trials allocate [targets, N] arrays)")
    power_sense: float = param(
        1.0, unit="W", symbol=r"$p^s$", gt=0, le=1e3,
        doc="sensing power per BS, p^s <= P^t (34a); Figs. 4 and 5 give all of P^t = 1 W to sensing")

    @model_validator(mode="after")
    def _power_budget(self):
        if self.power_sense > self.power_total * (1 + 1e-12):
            raise InputError("power_sense", f"must be <= P^t = {self.power_total} W (34a), got {self.power_sense} W")
        return self

    @property
    def zeta_sq_sense(self) -> float:
        """``|zeta|^2`` of eq. (8) at ``p^s`` [(distance unit)^(2 beta - 2)]."""
        return self.zeta_sq(self.power_sense)


def theorem1_form(p: CoopModel) -> CrlbForm:
    """The :func:`~isacnet.analysis.coop.expected_crlb` form of Theorem 1 with the model's constant."""
    return "theorem1" if p.crlb_constant == "corrected" else "theorem1_printed"


def tail_index(p: CrlbParams, source: str) -> float | None:
    """Degenerate (collinear) geometries: ``P(CRLB > t) ~ t^-(N-1)/2`` as for the GDoP (coop-fig3);
    with acceptance the number of accepting BSs can be as small as 2, so the tail is ``t^-1/2``."""
    if source == "crlb":
        return (p.cluster_size_sense - 1) / 2.0
    return None


# -- coop.crlb (Fig. 4) ------------------------------------------------------------------------
def crlb_analytic(p: CrlbParams) -> dict[str, float]:
    """Eq. (45), eq. (21) and Theorem 1 (22) (NaN unless ``beta = 2``) [m²]."""
    n, lam, z, m2 = p.cluster_size_sense, p.bs_density_in_unit, p.zeta_sq_sense, p.crlb_to_m2
    out = {"eq45": float(expected_crlb(n, lam, p.pathloss_exp_sense, z, form="prop2_app_b")) * m2,
           "eq21": float(expected_crlb(n, lam, p.pathloss_exp_sense, z, form="eq21")) * m2}
    if p.pathloss_exp_sense == 2.0:
        out["thm1"] = float(expected_crlb(n, lam, 2.0, z, form=theorem1_form(p))) * m2
    else:
        out["thm1"] = np.nan  # Theorem 1 holds for beta = 2 only
    return out


def crlb_samples(p: CrlbParams, rng, size):
    """``size`` CRLB samples [m²] of the typical target with its N nearest BSs, eq. (9)."""
    out = crlb_trial(rng, size, p.cluster_size_sense, p.bs_density_in_unit, p.pathloss_exp_sense, p.zeta_sq_sense,
                     p.rcs_model)
    return {"crlb": out["crlb"] * p.crlb_to_m2}


CRLB = register_experiment(
    Experiment(
        id="coop.crlb",
        params=CrlbParams,
        series=(
            Series("mc_mean", "Monte Carlo, root of mean, eq. (9)", kind="mc", source="crlb", transform="sqrt",
                   unit="m"),
            Series("mc_median", "Monte Carlo, root of median", kind="mc", source="crlb", stat="median",
                   transform="sqrt", unit="m"),
            Series("thm1", "Thm. 1, eq. (22)", transform="sqrt", unit="m"),
            Series("eq21", "Eq. (21)", transform="sqrt", unit="m"),
            Series("eq45", "Prop. 2, App. B eq. (45)", transform="sqrt", unit="m"),
        ),
        analytic=crlb_analytic,
        trial=crlb_samples,
        tail_index=tail_index,
        description="Root CRLB of the typical target with its N nearest BSs, all accepting.",
    )
)


# -- coop.crlb_acceptance (Fig. 5) --------------------------------------------------------------
def acceptance_analytic(p: CrlbParams) -> dict[str, float]:
    """``kappa_s`` of Lemma 1 (23), eq. (24) (NaN unless ``beta = 2``) and eq. (45) at ``kappa_s lambda_b`` [m²]."""
    n, lam, z, m2 = p.cluster_size_sense, p.bs_density_in_unit, p.zeta_sq_sense, p.crlb_to_m2
    kappa = float(kappa_sense(n, p.target_ratio, p.max_load, p.acceptance_form))
    out = {"kappa_lemma1": kappa,
           "eq45_thinned": float(expected_crlb(n, lam, p.pathloss_exp_sense, z, kappa_sense=kappa)) * m2}
    if p.pathloss_exp_sense == 2.0:
        out["eq24"] = float(expected_crlb(n, lam, 2.0, z, kappa_sense=kappa, form=theorem1_form(p))) * m2
    else:
        out["eq24"] = np.nan
    return out


def acceptance_samples(p: CrlbParams, rng, size):
    """One system-level network of ``size`` targets: CRLB [m²] per target and 0/1 per request (clustered)."""
    out = acceptance_network_trial(rng, size, p.cluster_size_sense, p.bs_density_in_unit, p.target_density_in_unit,
                                   p.max_load, p.pathloss_exp_sense, p.zeta_sq_sense)
    blocks = np.repeat(out["block"], p.cluster_size_sense)  # requests in target order
    return {"crlb": out["crlb"] * p.crlb_to_m2, "accepted": Clustered(out["accepted"], blocks)}


CRLB_ACCEPTANCE = register_experiment(
    Experiment(
        id="coop.crlb_acceptance",
        params=CrlbParams,
        series=(
            Series("sys_median", "System-level MC, root of median", kind="mc", source="crlb", stat="median",
                   transform="sqrt", unit="m"),
            Series("eq24", "Eq. (24), kappa_s of Lemma 1", transform="sqrt", unit="m"),
            Series("eq45_thinned", "Eq. (45) at density kappa_s lambda_b", transform="sqrt", unit="m"),
            Series("sys_acceptance", "System-level MC acceptance", kind="mc", source="accepted", unit="1"),
            Series("kappa_lemma1", "Lemma 1, eq. (23)", unit="1"),
        ),
        analytic=acceptance_analytic,
        trial=acceptance_samples,
        description="Root CRLB when each BS serves at most psi targets: system-level load process vs eq. (24).",
    )
)
