"""The physics of paper ``power`` (003): one CoMP-ISAC network, its detector and its requirements.

:class:`PowerModel` declares every physical parameter of the letter once (Section V defaults:
L = 3, N = 100, P_FA = 1e-6, sigma_c^2 = 1 dB, sigma_s^2 = 15 dB, xi_S = 0.7, R_th = 1 bit/s/Hz).
The letter gives no geometry or channel statistics (spec 003 §1 [?]); ours: three tangent
cells of radius 100 m (its Fig. 1), path-loss exponents 3 (communication) and 2 per radar
hop, gains normalised to 1 at 100 m and clipped at 10 m, Rayleigh fading
(:mod:`isacnet.channel.power`). Power fields in dB are relative to 1 W (the letter's "dB" has
no stated reference, spec 003 §6.7); the properties give them in W.

The experiments of :mod:`isacnet.experiments.power` subclass it and add only what they
sweep or fix (a network realisation, explicit powers, the simulated target).
"""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from pydantic import Field, model_validator

from isacnet.channel.power import NetworkDrop, draw_network
from isacnet.errors import InputError
from isacnet.geometry.cells import default_bs_positions
from isacnet.geometry.layouts import explicit_positions
from isacnet.metrics.detection import detection_threshold
from isacnet.models._base import ParamsModel, param
from isacnet.units import db_to_linear

__all__ = ["PowerModel", "MAX_NUM_CELLS", "MAX_COORDINATE"]

MAX_NUM_CELLS = 64
"""Upper bound on ``L``: the allocation solves LPs and conic programs in ``L`` variables and the
detector inverts ``L x L`` Gram matrices per run (tested up to L = 20)."""

MAX_COORDINATE = 1e6
"""Upper bound on ``|x|, |y|, |z|`` of a BS [m] (1000 km: larger than any cellular layout)."""

Coordinate = Annotated[float, Field(ge=-MAX_COORDINATE, le=MAX_COORDINATE)]


class PowerModel(ParamsModel):
    """The CoMP-ISAC network of paper ``power`` (SI units; dB fields relative to 1 W).

    Users ``U_i`` and targets ``T_i`` are uniform in the disc of radius ``cell_radius`` around
    their BS ``B_i``; the links are path-loss-scaled Rayleigh channels (our model, spec 003 §1
    [?]). BS ``B_i`` sends one unit-power ISAC waveform ``x_i`` with power ``P_i``; each BS
    detects its own target with the GLRT of eq. (8) from ``num_samples`` samples, at false-alarm
    probability ``pfa``. Problem (13) maximises the sum rate under the budget ``power_budget``,
    a rate floor ``rate_min_bits`` per user and a PoD floor ``pod_min`` per target.
    """

    num_cells: int = param(
        3, unit="–", symbol="$L$", ge=1, le=MAX_NUM_CELLS,
        doc=f"number of cells (one BS, user and target each); <= {MAX_NUM_CELLS}: the optimisers' program size")
    bs_positions: list[list[Coordinate]] | None = param(
        None, unit="m", symbol="$B_l$",
        doc="BS positions [[x, y] or [x, y, z], ...]; default: the first L sites of a hexagonal grid with "
            f"inter-site distance 2r (Fig. 1); |coordinate| <= {MAX_COORDINATE:g} m")
    cell_radius: float = param(
        100.0, unit="m", symbol="$r$", gt=0, le=1e5,
        doc="cell radius (not given in the letter; ours: 100 m); at most 100 km, a macro cell's reach")
    pathloss_exp: float = param(
        3.0, unit="1", symbol=r"$\alpha$", gt=0, le=10,
        doc="communication path-loss exponent (our channel model); physical values lie in 2-6")
    pathloss_exp_sense: float = param(
        2.0, unit="1", symbol=r"$\beta$", gt=0, le=10,
        doc="radar path-loss exponent per hop (our channel model); physical values lie in 2-6")
    reference_distance: float = param(
        100.0, unit="m", symbol="$d_0$", gt=0, le=1e5,
        doc="distance at which every path gain is 1 (RCS folded in); at most the cell scale (100 km)")
    reference_gain_comm_db: float = param(
        0.0, unit="dB", symbol=r"$g_c$", ge=-200, le=200,
        doc="communication path gain at the reference distance relative to the noise unit (the letter gives no "
            "channel model; 0 dB: gain 1 at d_0)")
    reference_gain_sense_db: float = param(
        0.0, unit="dB", symbol=r"$g_s$", ge=-200, le=200,
        doc="two-way radar gain at the reference distance (RCS and radar constant folded in), relative to the "
            "noise unit")
    min_distance: float = param(
        10.0, unit="m", symbol=r"$d_{\min}$", ge=0, le=1e5,
        doc="distances are clipped at this value (finite gain near a BS); at most the cell scale (100 km)")
    num_samples: int = param(
        100, unit="–", symbol="$N$", ge=1, le=100_000,
        doc="observation samples of the detector (>= L); <= 1e5: the simulated detector holds [runs, N, L] "
            "complex arrays")
    pfa: float = param(
        1e-6, unit="1", symbol=r"$P_{\mathrm{FA}}$", gt=0, lt=1,
        doc="false-alarm probability of every detector, eq. (10b)")
    noise_comm_db: float = param(
        1.0, unit="dB re 1 W", symbol=r"$\sigma_c^2$", ge=-300, le=100,
        doc="noise power of every user (the letter: 1 dB, reference unstated); -300..100 dB: finite in W")
    noise_sense_db: float = param(
        15.0, unit="dB re 1 W", symbol=r"$\sigma_s^2$", ge=-300, le=100,
        doc="noise power of every radar receiver (the letter: 15 dB); -300..100 dB: finite in W")
    power_budget_db: float = param(
        10.0, unit="dB re 1 W", symbol=r"$P_{\mathrm{th}}$", ge=-100, le=100,
        doc="total power budget of the L BSs, (13b); -100..100 dB: finite in W")
    pod_min: float = param(
        0.7, unit="1", symbol=r"$\xi_S$", gt=0, lt=1,
        doc="required probability of detection of every target, (13d)")
    rate_min_bits: float = param(
        1.0, unit="bits/s/Hz", symbol=r"$R_{\mathrm{th}}$", ge=0, le=50,
        doc="required rate of every user, (13c) (the letter's xi_C); <= 50 bits/s/Hz: beyond any link")
    symbols: Literal["qpsk", "gaussian"] = param(
        "qpsk", unit="–", symbol="$x_l$",
        doc="alphabet of the i.i.d. unit-power waveforms of the simulated detector (not given; spec 003 §1 "
            "suggests QPSK)")

    @model_validator(mode="after")
    def _consistent(self):
        num = self.num_cells
        if self.bs_positions is not None:
            if len(self.bs_positions) != num:
                raise InputError("bs_positions",
                                 f"must list num_cells = {num} positions, got {len(self.bs_positions)}")
            if any(len(xyz) not in (2, 3) for xyz in self.bs_positions):
                raise InputError("bs_positions", "must be [x, y] or [x, y, z] coordinates in m")
        if self.num_samples < num:
            raise InputError("num_samples", f"must be >= num_cells L = {num} (X^H X must be invertible), "
                                            f"got {self.num_samples}")
        return self

    @property
    def power_budget(self) -> float:
        """``P_th`` [W]."""
        return float(db_to_linear(self.power_budget_db))

    @property
    def noise_comm(self) -> float:
        """``sigma^2_c`` [W]."""
        return float(db_to_linear(self.noise_comm_db))

    @property
    def noise_sense(self) -> float:
        """``sigma^2_s`` [W]."""
        return float(db_to_linear(self.noise_sense_db))

    @property
    def detection_threshold(self) -> float:
        """GLRT threshold ``delta = Q^-1(L, P_FA)`` [1] (inverse of eq. (10b))."""
        return float(detection_threshold(self.pfa, self.num_cells))

    def bs_layout(self) -> np.ndarray:
        """BS positions [m], ``[num_cells, 3]`` (explicit, else the Fig. 1 layout)."""
        if self.bs_positions is None:
            return default_bs_positions(self.num_cells, self.cell_radius)
        return explicit_positions(self.bs_positions, "bs_positions")

    def draw_network(self, rng: np.random.Generator, size: int = 1) -> NetworkDrop:
        """``size`` realisations of users, targets and channels of this network.

        Parameters
        ----------
        rng : numpy.random.Generator
            Source of the drops (see :func:`isacnet.channel.power.draw_network` for the order).
        size : int
            Number of drops.

        Returns
        -------
        NetworkDrop
            Arrays with a leading ``[size]`` axis.
        """
        return draw_network(rng, size, num_cells=self.num_cells, bs_positions=self.bs_positions,
                            cell_radius=self.cell_radius, pathloss_exp=self.pathloss_exp,
                            pathloss_exp_sense=self.pathloss_exp_sense, reference_distance=self.reference_distance,
                            min_distance=self.min_distance,
                            reference_gain_comm=float(db_to_linear(self.reference_gain_comm_db)),
                            reference_gain_sense=float(db_to_linear(self.reference_gain_sense_db)))
