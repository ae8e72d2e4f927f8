"""The physics of paper ``deploy`` (004): one ISAC BS's antennas, powers, waveform and path loss.

Values lost in the paper's extraction carry the defaults of spec 004 §8 and are marked [?]:
M_t = 4, M_r = 5, P = 1 W split p_c = p_s = 0.5 W, ς = 1 m², B = 50 MHz, σ² = −80 dBW,
β = 2, α = 3 (calibrated per figure), C_0 = 1, B_eff² = B². Derived SI quantities (the
powers, the noise power, the Fisher constant ζ² of spec 004 §3.2 and the mean-gain SNR scale
γ_c of §4) are properties, so that no caller computes them by hand.
"""

from __future__ import annotations

import math
from typing import Literal

from isacnet.metrics.deploy import coverage_probability, coverage_probability_swerling1, zeta_squared
from isacnet.models._base import ParamsModel, param
from isacnet.units import db_to_linear

__all__ = ["DeployModel", "free_space_reference_gain"]


def free_space_reference_gain(wavelength: float) -> float:
    """Free-space radar constant ``C_0 = λ² / (4π)³`` [m²] (coop eq. (8), spec 004 §3.2 [S]).

    With it, ``ζ²`` becomes the radar equation of the sister paper 000; the spec's default is
    ``C_0 = 1`` instead (the paper's CRLB thresholds only make sense for ``C_0 ≈ 1``, §10.8).

    Parameters
    ----------
    wavelength : float
        Carrier wavelength ``λ = c / f_c`` [m].

    Returns
    -------
    float
        ``C_0`` [m²].
    """
    return float(wavelength) ** 2 / (4 * math.pi) ** 3


class DeployModel(ParamsModel):
    """Physical parameters of one ISAC BS of paper ``deploy`` (spec 004 §2–§4, defaults §8).

    Every field is SI except ``noise_power_db`` (dB re 1 W); the properties give the derived
    SI quantities.
    """

    num_tx_antennas: int = param(4, unit="1", symbol=r"$M_t$", ge=2, le=1024,
                                 doc="transmit antennas per BS (ZF needs >= 2) [?]; <= 1024: a massive-MIMO array")
    num_rx_antennas: int = param(5, unit="1", symbol=r"$M_r$", ge=1, le=1024,
                                 doc="receive antennas per BS [?]; <= 1024: a massive-MIMO array")
    power_total: float = param(1.0, unit="W", symbol=r"$P$", gt=0, le=1e3,
                               doc="transmit power budget per BS, p_c + p_s [?]; <= 1 kW (a macro BS radiates < 100 W)")
    power_comm_fraction: float = param(0.5, unit="1", symbol=r"$p_c/P$", gt=0, lt=1,
                                       doc="share of the power on the communication beam [?]")
    rcs: float = param(1.0, unit="m²", symbol=r"$\varsigma$", gt=0, le=1e4,
                       doc="radar cross section of a target [?]; <= 1e4 m² (a ship)")
    bandwidth: float = param(50e6, unit="Hz", symbol=r"$B$", gt=0, le=1e10,
                             doc="signal bandwidth [?]; <= 10 GHz")
    noise_power_db: float = param(-80.0, unit="dB re 1 W", symbol=r"$\sigma^2$", ge=-250, le=50,
                                  doc="noise power sigma_s^2 = sigma_c^2 [?]; >= -250 dBW: below thermal noise in 1 Hz")
    reference_gain: float = param(1.0, unit="m^(2β−2)", symbol=r"$C_0$", gt=0, le=1e6,
                                  doc="constant C_0 of the bistatic channel power [?] (free space: lambda^2/(4 pi)^3); "
                                      "<= 1e6: the CRLB scales as 1/C_0")
    effective_bandwidth: Literal["full", "flat"] = param(
        "full", unit="–", symbol=r"$B_\mathrm{eff}^2$",
        doc="squared effective bandwidth: 'full' = B^2 (spec default), 'flat' = B^2/12 (flat spectrum)")
    pathloss_exp_sense: float = param(2.0, unit="1", symbol=r"$\beta$", ge=1, le=6,
                                      doc="BS-target path-loss exponent, per hop [?]; measured exponents lie in [1, 6]")
    pathloss_exp: float = param(3.0, unit="1", symbol=r"$\alpha$", ge=1, le=6,
                                doc="BS-user path-loss exponent [?] (calibrated per figure); measured exponents lie "
                                    "in [1, 6]")
    estimate_dims: Literal["3d", "in_region"] = param(
        "3d", unit="–", doc="estimated target coordinates: 3-D position (spec 004 §1 default) or the target region's "
                            "span only (d x d in-region FIM)")
    rcs_fluctuation: Literal["none", "swerling1"] = param(
        "none", unit="–", symbol=r"$\varsigma$",
        doc="RCS seen by the sensing coverage: fixed, or Swerling I (exponential, one value per target, as in the "
            "sister paper coop); the CRLB maps and the optimiser use the mean RCS")

    def coverage(self, crlb_values, threshold, weights=None):
        """Sensing coverage ``P(CRLB <= γ)`` of mean-RCS CRLB values under :attr:`rcs_fluctuation`.

        ``"none"``: the fraction of (weighted) target points with ``CRLB <= γ``
        (:func:`isacnet.metrics.deploy.coverage_probability`); ``"swerling1"``: averaged over an
        exponential RCS as well (:func:`isacnet.metrics.deploy.coverage_probability_swerling1`).

        Parameters
        ----------
        crlb_values : array_like, [num_targets]
            CRLB at the mean RCS [m²].
        threshold : float or array_like, [num_thresholds]
            ``γ`` [m²], > 0.
        weights : array_like, [num_targets], optional

        Returns
        -------
        float or ndarray, [num_thresholds]
        """
        if self.rcs_fluctuation == "swerling1":
            return coverage_probability_swerling1(crlb_values, threshold, weights)
        return coverage_probability(crlb_values, threshold, weights)

    @property
    def power_comm(self) -> float:
        """``p_c`` [W]."""
        return self.power_total * self.power_comm_fraction

    @property
    def power_sense(self) -> float:
        """``p_s = P − p_c`` [W]."""
        return self.power_total * (1.0 - self.power_comm_fraction)

    @property
    def noise_power(self) -> float:
        """``σ_s² = σ_c²`` [W]."""
        return float(db_to_linear(self.noise_power_db))

    @property
    def zeta_squared(self) -> float:
        """Fisher constant ``ζ² = 8π² B_eff² p_s (M_t−1) M_r ς C_0 / (c² σ_s²)`` [m^(2β−2)] (spec 004 §3.2)."""
        return zeta_squared(self.power_sense, self.bandwidth, self.noise_power, self.num_tx_antennas,
                            self.num_rx_antennas, self.rcs, self.reference_gain, self.effective_bandwidth)

    @property
    def comm_snr_scale(self) -> float:
        """Mean-gain SNR scale ``γ_c = (M_t − 1) p_c / σ_c²`` [m^α] (spec 004 §4)."""
        return (self.num_tx_antennas - 1) * self.power_total * self.power_comm_fraction / self.noise_power
