"""``power.pod_distribution``: how the PoD of one target's GLRT spreads over network drops (not in the letter;
figure power-cdf-pod).

The letter shows the PoD of one network. Over drops (target positions uniform in the cell,
Rayleigh radar channels, :mod:`isacnet.channel.power`) the PoD of eq. (12) is a random variable;
its CDF in closed form (:func:`isacnet.analysis.power.pod_cdf_over_drops`, large-``N`` SNR) is
checked against the empirical CDF of simulated drops (:func:`isacnet.simulate.power.pod_drop_trial`),
next to the PoD with the exact SNR of the drawn QPSK waveforms.
"""

from __future__ import annotations

import numpy as np
from pydantic import model_validator

from isacnet.analysis.power import pod_cdf_over_drops
from isacnet.errors import InputError
from isacnet.experiments.power.detection import MAX_POWER
from isacnet.models import param
from isacnet.models.power import MAX_NUM_CELLS, PowerModel
from isacnet.registry import AnalyticCdf, Experiment, Series, register_experiment
from isacnet.simulate.power import pod_drop_trial

__all__ = ["PodDistributionParams", "pod_grid", "distribution_analytic", "distribution_trial", "POD_DISTRIBUTION"]


class PodDistributionParams(PowerModel):
    """Equal (or given) powers, one target, and the PoD grid of its distribution."""

    powers: list[float] | None = param(
        None, unit="W", symbol="$P_l$",
        doc=f"explicit per-BS powers (each in (0, {MAX_POWER:g}] W); default: the equal split P_th / L")
    target_index: int = param(0, unit="–", symbol="$i$", ge=0, lt=MAX_NUM_CELLS,
                              doc="target whose PoD is followed over the drops, 0 <= i < L")
    num_pod_points: int = param(49, unit="–", ge=2, le=999,
                                doc="points of the PoD grid of the CDF, evenly spaced in [0.01, 0.99]")

    @model_validator(mode="after")
    def _target_and_powers(self):
        if self.target_index >= self.num_cells:
            raise InputError("target_index", f"must be < num_cells = {self.num_cells}, got {self.target_index}")
        if self.powers is not None:
            if len(self.powers) != self.num_cells:
                raise InputError("powers", f"must list num_cells = {self.num_cells} powers in W, got "
                                           f"{len(self.powers)}")
            if any(not 0 < v <= MAX_POWER for v in self.powers):
                raise InputError("powers", f"each must be in (0, {MAX_POWER:g}] W")
        return self

    def transmit_powers(self) -> np.ndarray:
        """``P_l`` [W], ``[num_cells]``."""
        if self.powers is not None:
            return np.asarray(self.powers, dtype=float)
        return np.full(self.num_cells, self.power_budget / self.num_cells)


def pod_grid(p: PodDistributionParams) -> np.ndarray:
    """The PoD abscissae of the CDF [1]."""
    return np.linspace(0.01, 0.99, p.num_pod_points)


def _closed_form(p: PodDistributionParams, pod) -> np.ndarray:
    return pod_cdf_over_drops(pod, p.transmit_powers(), p.bs_layout(), p.target_index, p.cell_radius,
                              p.pathloss_exp_sense, p.reference_distance, p.min_distance, p.noise_sense,
                              p.num_samples, p.pfa)


def distribution_analytic(p: PodDistributionParams) -> dict:
    """CDF of the PoD over drops on the grid, and its mean ``E[PoD] = int_0^1 (1 - F(p)) dp`` [1]."""
    nodes, weights = np.polynomial.legendre.leggauss(64)
    pod = 0.5 * (nodes + 1.0)  # Gauss–Legendre on [0, 1]; F jumps from 0 at P_FA, resolved well enough at 1e-6
    mean = float(np.sum(0.5 * weights * (1.0 - _closed_form(p, pod))))
    x = pod_grid(p)
    return {"cdf_large_n": AnalyticCdf(x, _closed_form(p, x)), "mean_large_n": mean}


def distribution_trial(p: PodDistributionParams, rng: np.random.Generator, size: int,
                       exact: bool = True) -> dict[str, np.ndarray]:
    """``size`` network drops: the PoD of the target with the large-``N`` and (``exact``) with the exact SNR [1]."""
    return pod_drop_trial(rng, size, powers=p.transmit_powers(), target_index=p.target_index,
                          noise_power=p.noise_sense, num_samples=p.num_samples, pfa=p.pfa, symbols=p.symbols,
                          exact=exact,
                          num_cells=p.num_cells, bs_positions=p.bs_positions, cell_radius=p.cell_radius,
                          pathloss_exp=p.pathloss_exp, pathloss_exp_sense=p.pathloss_exp_sense,
                          reference_distance=p.reference_distance, min_distance=p.min_distance)


POD_DISTRIBUTION = register_experiment(Experiment(
    id="power.pod_distribution",
    params=PodDistributionParams,
    series=(
        Series("cdf_large_n", "closed form, eq. (12) large-$N$", unit="1",
               long_name="P(PoD <= p) over network drops, eq. (12) large-N form (our derivation)"),
        Series("mean_large_n", "mean PoD, closed form", unit="1"),
        Series("pod_mc", "Monte Carlo, large-$N$ SNR", kind="mc", source="pod_large_n", unit="1",
               long_name="PoD of eq. (12) (large-N SNR) per simulated network drop"),
        Series("pod_exact_mc", "Monte Carlo, exact SNR (QPSK)", kind="mc", source="pod_exact", unit="1",
               long_name="PoD of eq. (12) with the exact SNR of the drawn QPSK waveforms per drop"),
    ),
    analytic=distribution_analytic,
    trial=distribution_trial,
    cdf_grid=lambda p: {"pod_mc": pod_grid(p), "pod_exact_mc": pod_grid(p)},
    description="PoD of one target's GLRT over network drops: closed-form CDF vs Monte Carlo (not in the letter).",
))
