"""power-fig2a: PoD of the GLRT vs the power budget, analysis vs simulation (power eq. (8), (10b), (12))."""

from __future__ import annotations

import math

import numpy as np

from isacnet.analysis.power import pod_large_n
from isacnet.figures.power._params import PowerParams, network_of
from isacnet.figures.power._plot import plot_detection
from isacnet.metrics.detection import detection_threshold
from isacnet.registry import Experiment, FigureSpec, Series, register_experiment, register_figure
from isacnet.simulate.power import glrt_trial
from isacnet.units import db_to_linear

__all__ = ["DETECTION"]


def _analytic(p: PowerParams) -> dict[str, float]:
    net = network_of(p)
    pod = pod_large_n(p.transmit_powers(), net.gains_sense[0], db_to_linear(p.noise_sense_db), p.num_samples, p.pfa)
    return {"large_n": float(pod[p.target_index])}


def _trial(p: PowerParams, rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    net = network_of(p)
    out = glrt_trial(rng, size, powers=p.transmit_powers(), channel=net.channel_sense[0][:, p.target_index],
                     noise_power=float(db_to_linear(p.noise_sense_db)), num_samples=p.num_samples,
                     threshold=float(detection_threshold(p.pfa, p.num_cells)), pfa=p.pfa, symbols=p.symbols)
    return {"detected": out["detected"], "pod_exact": out["pod_exact"]}


def _tail_index(p: PowerParams, source: str) -> float:
    return math.inf  # indicators and probabilities are bounded


DETECTION = register_experiment(
    Experiment(
        id="power.detection",
        params=PowerParams,
        series=(
            Series("glrt_mc", "GLRT simulation, eq. (8) >= delta", kind="mc", source="detected"),
            Series("exact_mc", "eq. (12) exact given X, mean over symbols", kind="mc", source="pod_exact"),
            Series("large_n", "eq. (12), large-N form"),
        ),
        analytic=_analytic,
        trial=_trial,
        tail_index=_tail_index,
        description="Probability of detection of one target's GLRT for equal (or given) BS powers.",
    )
)

register_figure(
    FigureSpec(
        id="power-fig2a",
        experiment="power.detection",
        scenario="power-fig2a",
        title="PoD vs power budget: analysis vs simulation",
        x="power_budget_db",
        hue="target_index",
        xlabel="Power budget P_th [dB re 1 W]",
        ylabel="Probability of detection",
        notes=(
            "Equal powers P_th/L; one seeded network realisation (path-loss-scaled Rayleigh, our choice: the letter "
            "gives no channel model); QPSK symbols, N = 100, P_FA = 1e-6. Markers: Monte Carlo with 95 % CI."
        ),
        plot=plot_detection,
    )
)
