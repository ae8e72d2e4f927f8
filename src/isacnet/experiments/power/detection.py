"""power.detection: PoD of one target's GLRT, analysis vs simulation (power eq. (8), (10b), (12); fig. 2a).

Every point of a sweep uses one network realisation: the runner draws it once from the
scenario's seed mixed with the field ``network_seed`` (the experiment's ``realisation``,
:func:`detection_network`) and hands it to the closed form and to every Monte Carlo batch; the
batches' own generators drive the detector (symbols and noise). The closed form is eq. (12) in its large-``N`` form;
the simulation runs the detector of eq. (8) and also averages the exact conditional PoD given the symbols.
"""

from __future__ import annotations

import math
from typing import Annotated

import numpy as np
from pydantic import Field, model_validator

from isacnet.analysis.power import pod_large_n
from isacnet.channel.power import NetworkDrop
from isacnet.errors import InputError
from isacnet.models import param
from isacnet.models.power import MAX_NUM_CELLS, PowerModel
from isacnet.registry import Experiment, Series, register_experiment
from isacnet.simulate.power import glrt_trial

__all__ = ["DetectionParams", "detection_network", "DETECTION", "MAX_POWER"]

MAX_POWER = 1e6
"""Upper bound on an explicit BS power [W] (1 MW: above any transmitter)."""


class DetectionParams(PowerModel):
    """One point of ``power.detection``: the network model, its realisation, the powers and the target."""

    network_seed: int = param(
        1, unit="–", ge=0, le=2**32 - 1,
        doc="network realisation (positions and channels): mixed with the scenario seed, it alone keys the "
            "network, so every point with the same value shares it; < 2^32")
    powers: list[Annotated[float, Field(ge=0, le=MAX_POWER)]] | None = param(
        None, unit="W", symbol="$P_l$",
        doc=f"explicit per-BS powers; default: equal split P_th / L of the budget; each <= {MAX_POWER:g} W")
    target_index: int = param(0, unit="–", symbol="$i$", ge=0, lt=MAX_NUM_CELLS,
                              doc="target whose detector is simulated, 0 <= i < L")

    @model_validator(mode="after")
    def _target_and_powers(self):
        num = self.num_cells
        if self.target_index >= num:
            raise InputError("target_index", f"must be < num_cells = {num}, got {self.target_index}")
        if self.powers is not None and len(self.powers) != num:
            raise InputError("powers", f"must list num_cells = {num} powers in W, got {len(self.powers)}")
        return self

    def transmit_powers(self) -> np.ndarray:
        """Per-BS powers ``P_l`` [W], ``[num_cells]`` (explicit, else the equal split ``P_th / L``)."""
        if self.powers is not None:
            return np.asarray(self.powers, dtype=float)
        return np.full(self.num_cells, self.power_budget / self.num_cells)


def detection_network(p: DetectionParams, rng: np.random.Generator) -> NetworkDrop:
    """One network realisation of the model ``p`` (positions and channels) drawn from ``rng``.

    As the experiment's ``realisation``, the runner calls it once per point with the generator
    keyed by the scenario seed and ``network_seed`` (:func:`isacnet.runner.realisation`), so
    points that differ in the budget, the powers or the target share the network.

    Returns
    -------
    NetworkDrop
        Arrays with a leading drop axis of size 1.
    """
    return p.draw_network(rng, 1)


def analytic(p: DetectionParams, net: NetworkDrop) -> dict[str, float]:
    """Eq. (12), large-``N`` form, for the target ``target_index`` of the network ``net``."""
    pod = pod_large_n(p.transmit_powers(), net.gains_sense[0], p.noise_sense, p.num_samples, p.pfa)
    return {"large_n": float(pod[p.target_index])}


def trial(p: DetectionParams, rng: np.random.Generator, size: int, net: NetworkDrop) -> dict[str, np.ndarray]:
    """``size`` runs of the GLRT of eq. (8) for the target ``target_index`` (symbols and noise from ``rng``)."""
    out = glrt_trial(rng, size, powers=p.transmit_powers(), channel=net.channel_sense[0][:, p.target_index],
                     noise_power=p.noise_sense, num_samples=p.num_samples, threshold=p.detection_threshold,
                     pfa=p.pfa, symbols=p.symbols)
    return {"detected": out["detected"], "pod_exact": out["pod_exact"]}


def _tail_index(p: DetectionParams, source: str) -> float:
    return math.inf  # indicators and probabilities are bounded


DETECTION = register_experiment(
    Experiment(
        id="power.detection",
        params=DetectionParams,
        series=(
            Series("glrt_mc", "GLRT simulation, eq. (8) >= delta", kind="mc", source="detected", unit="1"),
            Series("exact_mc", "eq. (12) exact given X, mean over symbols", kind="mc", source="pod_exact", unit="1"),
            Series("large_n", "eq. (12), large-N form", unit="1"),
        ),
        analytic=analytic,
        trial=trial,
        realisation=detection_network,
        shared_stream_fields=("network_seed",),
        tail_index=_tail_index,
        description="Probability of detection of one target's GLRT for equal (or given) BS powers.",
    )
)
