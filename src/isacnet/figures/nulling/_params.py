"""Shared parameter model of the ``nulling`` experiments (nulling Sec. VI, spec 001 §6)."""

from __future__ import annotations

from pydantic import Field, model_validator

from isacnet.analysis.nulling import check_spatial_budget, sensing_gain_factor
from isacnet.scenario import ParamsModel
from isacnet.units import per_km2_to_per_m2


class NullingParams(ParamsModel):
    """One operating point of the cooperative ISAC network (defaults: nulling Sec. VI).

    Attributes
    ----------
    num_tx_antennas, num_rx_antennas : int
        ``M_t``, ``M_r``.
    num_users, cluster_size_comm, num_targets, cluster_size_sense : int
        ``K, L, J, Q`` with ``K L + J(Q-1) <= M_t`` and ``J <= J_max``.
    max_targets : int
        ``J_max``.
    pathloss_exp, pathloss_exp_sense : float
        ``alpha`` (> 2), ``beta``.
    bs_density_per_km2 : float
        ``lambda_b`` [km⁻²].
    target_rcs, mismatch, filter_gain : float
        ``|xi|^2``, ``kappa``, ``Delta T``.
    fill_targets : bool
        Use the largest feasible ``J = min(J_max, (M_t - K L) // (Q - 1))`` (``J_max`` for
        ``Q = 1``) instead of ``num_targets`` (Fig. 8).
    skip_infeasible : bool
        Points outside the spatial budget give NaN instead of an error (grids of Figs. 5–6).
    system_networks : int
        Networks per point of the system-level simulation (0: off).
    system_mean_num_bs : float
        Mean number of BSs per simulated network.
    """

    num_tx_antennas: int = Field(20, ge=1, le=256)
    num_rx_antennas: int = Field(10, ge=1)
    num_users: int = Field(1, ge=1)
    cluster_size_comm: int = Field(1, ge=1)
    num_targets: int = Field(0, ge=0)
    cluster_size_sense: int = Field(1, ge=1)
    max_targets: int = Field(10, ge=1)
    pathloss_exp: float = Field(4.0, gt=2.0, le=8.0)
    pathloss_exp_sense: float = Field(2.0, gt=1.0, le=6.0)
    bs_density_per_km2: float = Field(1.0, gt=0.0)
    target_rcs: float = Field(0.1, gt=0.0)
    mismatch: float = Field(1.0, gt=0.0, le=1.0)
    filter_gain: float = Field(1.0, gt=0.0)
    fill_targets: bool = False
    skip_infeasible: bool = False
    system_networks: int = Field(0, ge=0, le=1000)
    system_mean_num_bs: float = Field(400.0, ge=100.0, le=1e5)

    @model_validator(mode="after")
    def _budget(self):
        if not self.skip_infeasible:
            check_spatial_budget(self.num_tx_antennas, self.num_users, self.cluster_size_comm, self.targets,
                                 self.cluster_size_sense, self.max_targets)
        return self

    @property
    def feasible(self) -> bool:
        return (self.num_users * self.cluster_size_comm + self.targets * (self.cluster_size_sense - 1)
                <= self.num_tx_antennas and self.targets <= self.max_targets and self.targets >= 0)

    @property
    def targets(self) -> int:
        """``J`` in use (``num_targets``, or the largest feasible one with ``fill_targets``)."""
        if not self.fill_targets:
            return self.num_targets
        if self.cluster_size_sense == 1:
            return self.max_targets
        return min(self.max_targets, (self.num_tx_antennas - self.num_users * self.cluster_size_comm)
                   // (self.cluster_size_sense - 1))

    @property
    def bs_density(self) -> float:
        """``lambda_b`` [m⁻²]."""
        return float(per_km2_to_per_m2(self.bs_density_per_km2))

    @property
    def gain_factor(self) -> float:
        """``c = Delta T kappa M_r |xi|^2``."""
        return sensing_gain_factor(self.filter_gain, self.mismatch, self.num_rx_antennas, self.target_rcs)
