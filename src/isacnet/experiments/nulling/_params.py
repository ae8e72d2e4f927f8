"""Operating-point parameter model of the ``nulling`` rate and ASE experiments (nulling Sec. VI, spec 001 §6)."""

from __future__ import annotations

from pydantic import model_validator

from isacnet.analysis.nulling import check_spatial_budget
from isacnet.models import param
from isacnet.models.nulling import NullingModel

__all__ = ["NullingParams"]


class NullingParams(NullingModel):
    """One operating point ``(K, L, J, Q)`` of the network, plus the system-level simulation budget.

    The spatial budget ``K L + J(Q-1) <= M_t`` and ``J <= J_max`` are checked (nulling (25a),
    (25c)) unless ``skip_infeasible``.
    """

    num_users: int = param(
        1, unit="–", symbol=r"$K$", ge=1, le=256,
        doc="users served per BS (within the spatial budget, so at most M_t <= 256)")
    cluster_size_comm: int = param(
        1, unit="–", symbol=r"$L$", ge=1, le=256,
        doc="communication nulling cluster: BSs 2..L null towards each user")
    num_targets: int = param(
        0, unit="–", symbol=r"$J$", ge=0, le=256,
        doc="targets sensed per BS (at most J_max <= 256)")
    cluster_size_sense: int = param(
        1, unit="–", symbol=r"$Q$", ge=1, le=256,
        doc="sensing nulling cluster: the Q-1 nearest other BSs null towards each receive beam")
    fill_targets: bool = param(
        False, unit="–",
        doc="use the largest feasible J = min(J_max, (M_t - K L) // (Q - 1)) (J_max for Q = 1) instead of "
            "num_targets (Fig. 8)")
    skip_infeasible: bool = param(
        False, unit="–",
        doc="points outside the spatial budget give NaN instead of an error (grids of Figs. 5-6)")
    system_networks: int = param(
        0, unit="–", ge=0, le=1000,
        doc="networks per point of the system-level simulation (0: off); at most 1000 (one network of ~1e3 BSs "
            "takes ~0.2 s)")
    system_mean_num_bs: float = param(
        400.0, unit="–", ge=100.0, le=1e5,
        doc="mean number of BSs per simulated torus network; at least 100 (the 24 nearest interferers of every "
            "receiver must exist), at most 1e5 (memory)")

    @model_validator(mode="after")
    def _budget(self):
        if not self.skip_infeasible:
            check_spatial_budget(self.num_tx_antennas, self.num_users, self.cluster_size_comm, self.num_targets_used,
                                 self.cluster_size_sense, self.max_targets)
        return self

    @property
    def feasible(self) -> bool:
        """Whether ``K L + J(Q-1) <= M_t`` and ``0 <= J <= J_max`` hold."""
        j = self.num_targets_used
        return (self.num_users * self.cluster_size_comm + j * (self.cluster_size_sense - 1) <= self.num_tx_antennas
                and 0 <= j <= self.max_targets)

    @property
    def num_targets_used(self) -> int:
        """``J`` in use (``num_targets``, or the largest feasible one with ``fill_targets``)."""
        if not self.fill_targets:
            return self.num_targets
        if self.cluster_size_sense == 1:
            return self.max_targets
        return min(self.max_targets, (self.num_tx_antennas - self.num_users * self.cluster_size_comm)
                   // (self.cluster_size_sense - 1))
