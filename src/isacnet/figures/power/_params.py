"""Parameters shared by the ``power`` experiments and the network they build.

Defaults are the letter's Section V (L = 3, N = 100, P_FA = 1e-6, sigma_c^2 = 1 dB,
sigma_s^2 = 15 dB, xi_S = 0.7, R_th = 1 bit/s/Hz, RPA seed 2). The letter gives no
geometry or channel statistics (spec 003 §1 [?]); ours: three tangent cells of radius
100 m (its Fig. 1), path-loss exponents 3 (communication) and 2 per radar hop, gains
normalised to 1 at 100 m and clipped at 10 m, Rayleigh fading, one network realisation
drawn with ``network_seed``. Power fields in dB are relative to 1 W (the letter's "dB"
has no stated reference).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, model_validator

from isacnet.errors import InputError
from isacnet.optimization.power import PowerAllocationProblem
from isacnet.scenario import ParamsModel
from isacnet.simulate.power import NetworkDrop, draw_network
from isacnet.units import db_to_linear

__all__ = ["PowerParams", "network_of", "problem_of"]


class PowerParams(ParamsModel):
    """One point of a ``power`` experiment (SI units; dB fields relative to 1 W).

    Attributes
    ----------
    num_cells : int
        ``L``; must equal the number of ``bs_positions`` when those are given.
    bs_positions : list of [x, y] or [x, y, z], optional
        BS positions [m]; default: the letter's Fig. 1 layout (first ``L`` sites of a
        hexagonal grid with ISD ``2 r``).
    cell_radius : float
        ``r`` [m]; users and targets are uniform in their cell's disc.
    pathloss_exp, pathloss_exp_sense : float
        Communication exponent and per-hop radar exponent.
    reference_distance, min_distance : float
        Gain 1 at ``reference_distance`` [m]; distances clipped at ``min_distance`` [m].
    network_seed : int
        Seed of the one network realisation (positions and channels) the figures use.
    num_samples : int
        ``N`` (>= L).
    pfa : float
        ``P_FA`` in (0, 1).
    noise_comm_db, noise_sense_db : float
        ``sigma^2_c``, ``sigma^2_s`` [dB re 1 W].
    power_budget_db : float
        ``P_th`` [dB re 1 W].
    pod_min : float
        ``xi_S`` in (0, 1).
    rate_min_bits : float
        ``R_th`` (the letter's ``xi_C``) [bits/s/Hz].
    rpa_seed : int
        Seed of the random (RPA) baseline (the letter: 2).
    symbols : {"qpsk", "gaussian"}
        Symbol alphabet of the simulated detector.
    powers : list of float, optional
        Explicit per-BS powers [W] for the detection experiment (default: ``P_th / L`` each).
    target_index : int
        Target whose detector is simulated (detection experiment), ``0 <= i < L``.
    """

    num_cells: int = Field(3, ge=1, le=64, description="number of cells L")
    bs_positions: list[list[float]] | None = Field(None, description="BS positions [m]")
    cell_radius: float = Field(100.0, gt=0, description="cell radius r [m]")
    pathloss_exp: float = Field(3.0, gt=0)
    pathloss_exp_sense: float = Field(2.0, gt=0)
    reference_distance: float = Field(100.0, gt=0)
    min_distance: float = Field(10.0, ge=0)
    network_seed: int = Field(1, ge=0)
    num_samples: int = Field(100, ge=1, description="observation samples N")
    pfa: float = Field(1e-6, gt=0, lt=1, description="false-alarm probability")
    noise_comm_db: float = 1.0
    noise_sense_db: float = 15.0
    power_budget_db: float = Field(10.0, ge=-100, le=100)
    pod_min: float = Field(0.7, gt=0, lt=1, description="required PoD xi_S")
    rate_min_bits: float = Field(1.0, ge=0, le=50)
    rpa_seed: int = Field(2, ge=0)
    symbols: Literal["qpsk", "gaussian"] = "qpsk"
    powers: list[Annotated[float, Field(ge=0)]] | None = Field(None, description="explicit BS powers [W]")
    target_index: int = Field(0, ge=0)

    @model_validator(mode="after")
    def _consistent(self):
        num = self.num_cells
        if self.bs_positions is not None and len(self.bs_positions) != num:
            raise InputError("bs_positions", f"must list num_cells = {num} positions, got {len(self.bs_positions)}")
        if self.num_samples < num:
            raise InputError("num_samples", f"must be >= num_cells L = {num} (X^H X must be invertible), "
                                            f"got {self.num_samples}")
        if self.target_index >= num:
            raise InputError("target_index", f"must be < num_cells = {num}, got {self.target_index}")
        if self.powers is not None and len(self.powers) != num:
            raise InputError("powers", f"must list num_cells = {num} powers in W, got {len(self.powers)}")
        return self

    @property
    def power_budget(self) -> float:
        """``P_th`` [W]."""
        return float(db_to_linear(self.power_budget_db))

    def transmit_powers(self) -> np.ndarray:
        """Per-BS powers [W] of the detection experiment (explicit, else equal split)."""
        if self.powers is not None:
            return np.asarray(self.powers, dtype=float)
        return np.full(self.num_cells, self.power_budget / self.num_cells)


def _network_key(p: PowerParams) -> tuple:
    pos = None if p.bs_positions is None else tuple(tuple(x) for x in p.bs_positions)
    return (p.num_cells, pos, p.cell_radius, p.pathloss_exp, p.pathloss_exp_sense, p.reference_distance,
            p.min_distance, p.network_seed)


@lru_cache(maxsize=64)
def _network(key: tuple) -> NetworkDrop:
    num, pos, radius, alpha, beta, d0, dmin, seed = key
    rng = np.random.default_rng(seed)
    return draw_network(rng, 1, num_cells=num, bs_positions=None if pos is None else [list(x) for x in pos],
                        cell_radius=radius, pathloss_exp=alpha, pathloss_exp_sense=beta, reference_distance=d0,
                        min_distance=dmin)


def network_of(p: PowerParams) -> NetworkDrop:
    """The network realisation of ``p`` (one drop, seeded by ``network_seed``; cached)."""
    return _network(_network_key(p))


def problem_of(p: PowerParams) -> PowerAllocationProblem:
    """Problem (13) for the network and requirements of ``p``."""
    net = network_of(p)
    return PowerAllocationProblem(
        gains_comm=net.gains_comm[0], gains_sense=net.gains_sense[0],
        noise_comm=float(db_to_linear(p.noise_comm_db)), noise_sense=float(db_to_linear(p.noise_sense_db)),
        power_budget=p.power_budget, rate_min_bits=p.rate_min_bits, pod_min=p.pod_min, pfa=p.pfa,
        num_samples=p.num_samples)
