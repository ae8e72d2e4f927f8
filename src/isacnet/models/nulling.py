"""Physics of paper ``nulling`` (001): one cooperative ISAC network with ZF interference nulling.

A BS PPP (density ``lambda_b``) with ``M_t`` transmit and ``M_r`` receive antennas per BS; each BS
serves ``K`` users and senses up to ``J_max`` targets with zero-forcing precoders that also null
towards nearby BSs' users and receive beams (nulling Sec. II, spec 001 §1). The network is
interference-limited: the SIRs (3), (6) involve no transmit power, bandwidth or noise. The
operating point ``(K, L, J, Q)`` is what the experiments sweep and the optimisers search, so it
is not part of this model.
"""

from __future__ import annotations

from isacnet.models._base import ParamsModel, param
from isacnet.units import per_km2_to_per_m2

__all__ = ["NullingModel"]


class NullingModel(ParamsModel):
    """Physical parameters of paper ``nulling`` (defaults: nulling Sec. VI).

    Derived SI quantities are properties: :attr:`bs_density` [m⁻²] and :attr:`gain_factor`
    ``c = Delta T kappa M_r |xi|^2`` of the sensing SIR (6).
    """

    num_tx_antennas: int = param(
        20, unit="–", symbol=r"$M_t$", ge=1, le=256,
        doc="transmit antennas per BS (spatial budget K L + J(Q-1) <= M_t); at most 256: the system-level "
            "simulation inverts [num_bs, M_t, M_t] Gram matrices")
    num_rx_antennas: int = param(
        10, unit="–", symbol=r"$M_r$", ge=1, le=4096,
        doc="receive antennas per BS (MRC gain kappa M_r of the sensing SIR (6)); at most 4096, a bound on "
            "realistic arrays")
    max_targets: int = param(
        10, unit="–", symbol=r"$J_{\max}$", ge=1, le=256,
        doc="largest number J_max of targets a BS senses (constraint (25c)); at most 256: the region search "
            "enumerates every J up to it")
    pathloss_exp: float = param(
        4.0, unit="1", symbol=r"$\alpha$", gt=2.0, le=8.0,
        doc="path-loss exponent of every BS-to-user and BS-to-BS link (> 2: finite interference)")
    pathloss_exp_sense: float = param(
        2.0, unit="1", symbol=r"$\beta$", gt=1.0, le=6.0,
        doc="one-way BS-to-target path-loss exponent (round trip R^(-2 beta))")
    bs_density_per_km2: float = param(
        1.0, unit="km⁻²", symbol=r"$\lambda_b$", ge=1e-6, le=1e4,
        doc="BS density; 1e-6 to 1e4 per km² (one BS per million km² to one per 100 m², beyond any "
            "cellular deployment)")
    target_rcs: float = param(
        0.1, unit="1", symbol=r"$|\xi|^2$", gt=0.0, le=1e4,
        doc="normalised target radar cross-section |xi|^2 (a pure number in the SIR (6)); at most 1e4")
    mismatch: float = param(
        1.0, unit="1", symbol=r"$\kappa$", gt=0.0, le=1.0,
        doc="receive-beam mismatch factor kappa (1: the MRC beam points at the target)")
    filter_gain: float = param(
        1.0, unit="1", symbol=r"$\Delta T$", gt=0.0, le=1e6,
        doc="matched-filter gain Delta T (samples per coherent processing interval); at most 1e6")

    @property
    def bs_density(self) -> float:
        """``lambda_b`` [m⁻²]."""
        return float(per_km2_to_per_m2(self.bs_density_per_km2))

    @property
    def gain_factor(self) -> float:
        """``c = Delta T kappa M_r |xi|^2`` of the sensing SIR, nulling (6) [-]."""
        return self.filter_gain * self.mismatch * self.num_rx_antennas * self.target_rcs

    def physics(self) -> NullingModel:
        """This model's physical parameters alone (drops an experiment's sweep and budget fields)."""
        return NullingModel(**{name: getattr(self, name) for name in NullingModel.model_fields})
