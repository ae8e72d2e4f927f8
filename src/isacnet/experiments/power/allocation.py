"""power.allocation: sum rate of PPA, EPA and RPA under rate and PoD constraints (power Sec. IV–V; fig. 2b, 2c).

One point solves problem (13) on one network realisation. The network is the first draw of
the generator the runner passes; the experiment keys that generator by ``network_seed`` alone
(``shared_stream_fields``), so every point of a sweep (every budget, every ``xi_S``) sees the
same network and the same RPA draws, and another scenario seed gives another network. The
RPA then draws from the same generator.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

from isacnet.models import param
from isacnet.models.power import PowerModel
from isacnet.optimization.power import (
    PowerAllocationProblem,
    allocate_epa,
    allocate_ppa,
    allocate_rpa,
    min_budget_equal_power,
)
from isacnet.registry import Experiment, Series, register_experiment

__all__ = ["AllocationParams", "allocation_problem", "evaluate_allocation", "ALLOCATION"]


class AllocationParams(PowerModel):
    """One point of ``power.allocation``: the network model and which realisation of it."""

    network_seed: int = param(
        1, unit="–", ge=0, le=2**32 - 1,
        doc="network realisation: mixed with the scenario seed into the evaluate stream, which alone it keys, so "
            "every point with the same value shares the network (and the RPA draws); < 2^32")
    rpa_mode: Literal["search", "fixed_split"] = param(
        "search", unit="–",
        doc="RPA 'within the feasible region, with a random seed of 2' (power Sec. V): the first feasible one of "
            "up to 1e5 uniform splits of the budget (search), or one uniform split, the same at every point of a "
            "sweep, feasible or not (fixed_split: then RPA's rate is constant in xi_S until it turns infeasible, "
            "as the letter's Fig. 2(c) describes)")


def allocation_problem(p: PowerModel, rng: np.random.Generator) -> PowerAllocationProblem:
    """Problem (13) for one network drawn from ``rng`` and the requirements of ``p``.

    Parameters
    ----------
    p : PowerModel
        Network model and requirements.
    rng : numpy.random.Generator
        Source of the network (users, targets, channels; see
        :func:`isacnet.channel.power.draw_network`).

    Returns
    -------
    PowerAllocationProblem
    """
    net = p.draw_network(rng, 1)
    return PowerAllocationProblem.from_model(p, net.gains_comm[0], net.gains_sense[0])


def evaluate_allocation(p: AllocationParams, rng: np.random.Generator) -> dict[str, float]:
    """Sum rates of PPA, EPA and RPA on one network drawn from ``rng``.

    Draws the network from ``rng`` (:func:`allocation_problem`), then the RPA splits.

    Returns
    -------
    dict
        ``"ppa"``, ``"epa"``, ``"rpa"``: sum rate [bits/s/Hz] (NaN where infeasible);
        ``"<scheme>_feasible"``: 1 or 0; ``"min_power_db"``: the minimum total power meeting
        (17)–(18) [dB re 1 W] (``inf`` if none); ``"ppa_iterations"``.
    """
    problem = allocation_problem(p, rng)
    ppa = allocate_ppa(problem)
    epa = allocate_epa(problem)
    one_split = {"max_draws": 1, "batch": 1} if p.rpa_mode == "fixed_split" else {}
    rpa = allocate_rpa(problem, rng, **one_split)
    out: dict[str, float] = {}
    for name, res in (("ppa", ppa), ("epa", epa), ("rpa", rpa)):
        out[name] = res.sum_rate_bits if res.feasible else math.nan
        out[f"{name}_feasible"] = float(res.feasible)
    out["min_power_db"] = 10 * math.log10(ppa.min_total_power) if np.isfinite(ppa.min_total_power) else math.inf
    epa_min = min_budget_equal_power(problem)
    out["epa_min_power_db"] = 10 * math.log10(epa_min) if np.isfinite(epa_min) and epa_min > 0 else math.inf
    out["ppa_iterations"] = float(ppa.iterations)
    return out


ALLOCATION = register_experiment(
    Experiment(
        id="power.allocation",
        params=AllocationParams,
        series=(
            Series("ppa", "PPA: alternating eq. (15)-(19), sum rate [bits/s/Hz]", unit="bits/s/Hz"),
            Series("epa", "EPA: P_l = P_th / L", unit="bits/s/Hz"),
            Series("rpa", "RPA: random feasible split of the budget", unit="bits/s/Hz"),
            Series("ppa_feasible", "PPA feasible (1) / infeasible (0)", unit="1"),
            Series("epa_feasible", "EPA feasible (1) / infeasible (0)", unit="1"),
            Series("rpa_feasible", "RPA feasible (1) / infeasible (0)", unit="1"),
            Series("min_power_db", "minimum total power meeting (17)-(18) [dB re 1 W] (LP)", unit="dB re 1 W"),
            Series("epa_min_power_db", "smallest budget at which equal powers meet (17)-(18) [dB re 1 W]",
                   unit="dB re 1 W"),
            Series("ppa_iterations", "PPA alternating iterations", unit="1"),
        ),
        evaluate=evaluate_allocation,
        shared_stream_fields=("network_seed",),
        description="Sum-rate maximisation (13) with rate and PoD constraints, and two baselines.",
    )
)
