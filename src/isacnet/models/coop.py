"""The physics of paper ``coop`` (000) in one model: :class:`CoopModel`.

Cooperative ISAC network of coop Section II and VI (spec 000 §12): BSs, users and targets are
homogeneous PPPs; a user is served by the non-coherent joint transmission (CoMP) of its ``L``
nearest BSs, a target is localised by the distributed non-coherent MIMO radar of its ``N``
nearest BSs; each BS splits its power ``P^t = p^c + p^s`` and serves at most ``psi`` users or
targets per resource block; the cluster sizes, the power split and the backhaul (13) tie
sensing and communication together. Every experiment of coop-fig3..10 and overview-fig4
subclasses this model and adds only what it sweeps or budgets (cluster sizes, the power split,
search ranges, Monte Carlo budgets); the trade-off optimisers of
:mod:`isacnet.optimization.coop` take it as their configuration.

Densities are fields per km² (the paper's unit) with SI properties (``bs_density`` [m⁻²]) and
the density ratios ``mu_c = lambda_u / lambda_b`` (:attr:`CoopModel.user_ratio`) and
``mu_s = lambda_s / lambda_b`` (:attr:`CoopModel.target_ratio`) that Lemmas 1 and 2 use as
derived properties: one representation, no ratio fields.

Distance unit inside ``|zeta|^2``. The paper does not say in which unit the distances of eq.
(5)–(8) are measured (spec 000 §12). With ``distance_unit = "km"`` (default, the paper's evident
convention: Section VI gives densities per km² and root CRLBs of metres) the FIM is evaluated
with distances in km and the CRLB, in km², is reported in m². This equals an SI evaluation with
``|zeta|^2`` multiplied by ``(1000 m)^(2 beta - 2)``. ``"m"`` is the literal SI evaluation of
eq. (8), which with ``sigma_s^2 = -80 dB`` gives root CRLBs of kilometres.
"""

from __future__ import annotations

from typing import Literal

from isacnet.metrics.localization import zeta_squared
from isacnet.models._base import ParamsModel, param
from isacnet.units import db_to_linear, per_km2_to_per_m2

__all__ = ["CoopModel", "DISTANCE_UNIT_M", "BACKHAUL_PER_BS_DEFAULT"]

DISTANCE_UNIT_M = {"m": 1.0, "km": 1000.0}
"""Length of one distance unit of ``|zeta|^2`` [m]."""

BACKHAUL_PER_BS_DEFAULT = 0.25
"""Default ``e`` [bits/s/Hz per sensing BS]: not given in the paper (spec 000 §5). With it, the
sensing-only optimum ``N~* = 14`` needs 3.5 bits/s/Hz of backhaul, so ``C = 4.3`` leaves almost
nothing for the rate at the best CRLB while ``C = 8.6`` leaves ~5 bits/s/Hz: the region grows
with ``C_backhaul`` and the cooperative boundary pulls away from time sharing (Fig. 8)."""


class CoopModel(ParamsModel):
    """Physical parameters of the cooperative ISAC network of coop (spec 000 §12 defaults).

    Every field is declared once with its symbol, unit, meaning and range (see
    :func:`isacnet.models.field_info`). Derived SI quantities are properties.
    """

    # -- network -----------------------------------------------------------------------------
    bs_density_per_km2: float = param(
        1.0, unit="km⁻²", symbol=r"$\lambda_b$", ge=1e-6, le=1e4,
        doc="BS density (1e-6 to 1e4 per km²: one BS per million km² to one per 100 m²; far below, the "
            "distances overflow the CRLB)")
    user_density_per_km2: float = param(
        1.0, unit="km⁻²", symbol=r"$\lambda_u$", ge=0, le=1e5,
        doc="user density (0: no other users, kappa_c = 1; <= 1e5 per km²)")
    target_density_per_km2: float = param(
        1.0, unit="km⁻²", symbol=r"$\lambda_s$", ge=1e-6, le=1e5,
        doc="target density (1e-6 to 1e5 per km²)")
    max_load: int = param(
        15, unit="–", symbol=r"$\psi$", ge=1, le=10_000,
        doc=("users or targets one BS serves per resource block; >= 2 where CoMP is modelled (Lemma 2 keeps one "
             "for the BS's own user); <= 1e4: the Lemma 1/2 sums run to ~psi + 40 sqrt(psi)"))
    # -- radio -------------------------------------------------------------------------------
    power_total: float = param(
        1.0, unit="W", symbol=r"$P^t$", gt=0, le=1e3,
        doc="power budget per BS, p^c + p^s <= P^t (34a) (<= 1 kW: macro BSs transmit ~ 200 W)")
    num_tx_antennas: int = param(
        4, unit="–", symbol=r"$M_t$", ge=2, le=1024,
        doc="transmit antennas; ZF against the target's steering vector needs M_t >= 2 (G_t = M_t - 1)")
    num_rx_antennas: int = param(
        5, unit="–", symbol=r"$M_r$", ge=1, le=1024,
        doc="receive antennas, receive array gain G_r = M_r (not stated in the paper)")
    pathloss_exp: float = param(
        4.0, unit="1", symbol=r"$\alpha$", gt=2, le=8,
        doc="communication path-loss exponent (> 2 for finite PPP interference; <= 8, beyond any channel)")
    pathloss_exp_sense: float = param(
        2.0, unit="1", symbol=r"$\beta$", ge=2, le=8,
        doc="radar path-loss exponent per hop; Theorem 1 and eq. (24) need beta = 2 (<= 8)")
    carrier_frequency: float = param(
        5e9, unit="Hz", symbol=r"$f_c$", gt=0, le=1e12,
        doc="carrier frequency (paper: not stated; 002's case study: 5 GHz; <= 1 THz)")
    bandwidth: float = param(
        50e6, unit="Hz", symbol=r"$B$", gt=0, le=1e11,
        doc="signal bandwidth (paper: not stated; 002's case study: 50 MHz; <= 100 GHz)")
    noise_power_db: float = param(
        -80.0, unit="dB re 1 W", symbol=r"$\sigma_s^2$", ge=-250, le=50,
        doc="radar receiver noise power (thermal noise in 1 Hz is -204 dBW; range [-250, 50])")
    rcs_mean: float = param(
        1.0, unit="m²", symbol=r"$\sigma_{av}$", gt=0, le=1e6,
        doc="mean radar cross-section (<= 1e6 m², a large ship)")
    # -- backhaul (13) ------------------------------------------------------------------------
    backhaul_bits: float = param(
        8.6, unit="bits/s/Hz", symbol=r"$C_{\rm backhaul}$", ge=0, le=1e3,
        doc="backhaul capacity of (13): R_c + e N <= C (<= 1e3: far above any rate)")
    backhaul_per_bs_bits: float = param(
        BACKHAUL_PER_BS_DEFAULT, unit="bits/s/Hz", symbol=r"$e$", ge=0, le=100,
        doc="backhaul per cooperating sensing BS in (13) (paper: not given; default 0.25)")
    # -- model choices and equation variants ------------------------------------------------
    distance_unit: Literal["km", "m"] = param(
        "km", unit="–", doc="unit of the distances inside eq. (5)–(8) (paper: not stated; see the module notes)")
    rcs_model: Literal["mean", "swerling1"] = param(
        "mean", unit="–",
        doc="Monte Carlo RCS: its mean (F_bar, as analysed) or independent Swerling-I per Tx-Rx link")
    interferer_gain: Literal["gamma1", "sum_exp"] = param(
        "gamma1", unit="–",
        doc="model-level interferer gains: Gamma(1, P^t) (paper) or p^c X + p^s Y, X, Y ~ Exp(1) (spec 000 §4)")
    acceptance_form: Literal["corrected", "printed", "palm"] = param(
        "corrected", unit="–", doc="Lemma 1 (23): corrected (spec 000 §8.1 (a)), as printed, or request-level (Palm)")
    crlb_constant: Literal["corrected", "printed"] = param(
        "corrected", unit="–", doc="constant of Theorem 1 (22) and eq. (24): 2 (spec 000 §7.2) or 1 as printed")
    crlb_form: Literal["prop2_app_b", "theorem1"] = param(
        "prop2_app_b", unit="–",
        doc=("sensing CRLB of the trade-off, lambda_b thinned by kappa_s: Prop. 2 App. B (45), or Theorem 1 "
             "(22), i.e. eq. (24)"))
    rate_form: Literal["corrected", "printed", "exact"] = param(
        "corrected", unit="–",
        doc="Theorem 2 (29) in the trade-off: signal at z p^c (spec 000 §9), as printed, or the exact model rate")

    # -- derived SI quantities ----------------------------------------------------------------
    @property
    def bs_density(self) -> float:
        """``lambda_b`` [m⁻²]."""
        return float(per_km2_to_per_m2(self.bs_density_per_km2))

    @property
    def user_density(self) -> float:
        """``lambda_u`` [m⁻²]."""
        return float(per_km2_to_per_m2(self.user_density_per_km2))

    @property
    def target_density(self) -> float:
        """``lambda_s`` [m⁻²]."""
        return float(per_km2_to_per_m2(self.target_density_per_km2))

    @property
    def user_ratio(self) -> float:
        """``mu_c = lambda_u / lambda_b`` of Lemma 2 [1]."""
        return self.user_density_per_km2 / self.bs_density_per_km2

    @property
    def target_ratio(self) -> float:
        """``mu_s = lambda_s / lambda_b`` of Lemma 1 [1]."""
        return self.target_density_per_km2 / self.bs_density_per_km2

    @property
    def noise_power(self) -> float:
        """``sigma_s^2`` [W]."""
        return float(db_to_linear(self.noise_power_db))

    @property
    def distance_unit_m(self) -> float:
        """Length of the distance unit of ``|zeta|^2`` [m] (1000 for ``"km"``)."""
        return DISTANCE_UNIT_M[self.distance_unit]

    @property
    def bs_density_in_unit(self) -> float:
        """``lambda_b`` per distance unit squared (km⁻² for ``"km"``)."""
        return self.bs_density_per_km2 * (self.distance_unit_m / 1000.0) ** 2

    @property
    def target_density_in_unit(self) -> float:
        """``lambda_s`` per distance unit squared."""
        return self.target_density_per_km2 * (self.distance_unit_m / 1000.0) ** 2

    @property
    def crlb_to_m2(self) -> float:
        """Factor from a CRLB in the distance unit squared to m²."""
        return self.distance_unit_m**2

    def zeta_sq(self, power_sense: float) -> float:
        """``|zeta|^2`` of eq. (8) at sensing power ``p^s`` [W], with ``G_t = M_t - 1``, ``G_r = M_r``.

        Its unit is (distance unit)^(2 beta - 2): the CRLB of eq. (9) comes out in the distance
        unit squared (:attr:`crlb_to_m2` converts).
        """
        return float(zeta_squared(power_sense, self.num_tx_antennas - 1, self.num_rx_antennas, self.bandwidth,
                                  self.carrier_frequency, self.noise_power, self.rcs_mean))

    @property
    def zeta_sq_per_watt(self) -> float:
        """``|zeta|^2 / p^s`` of eq. (8) [W⁻¹ (distance unit)^(2 beta - 2)]; the CRLB scales as ``1/p^s`` (Prop. 3)."""
        return self.zeta_sq(1.0)

    def physics(self) -> CoopModel:
        """This model's :class:`CoopModel` fields alone (a subclass's sweep and budget fields dropped).

        Optimisers cache on it, so that sweep points differing only in, say, the root-CRLB level
        share one region.
        """
        if type(self) is CoopModel:
            return self
        return CoopModel(**{name: getattr(self, name) for name in CoopModel.model_fields})
