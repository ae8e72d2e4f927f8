"""Radar information rate and sensing ASE experiments (nulling Prop. 3, (17), Theorem 3; spec 001 §4).

nulling-fig7 (``nulling.radar_rate``) and fig8 (``nulling.sense_ase``).
"""

from __future__ import annotations

import math

import numpy as np

from isacnet.analysis import nulling as an
from isacnet.experiments.nulling._params import NullingParams
from isacnet.experiments.nulling.comm import KM2, system_estimate
from isacnet.registry import Experiment, Series, register_experiment
from isacnet.simulate.nulling import comm_rate_trial, radar_rate_trial

__all__ = ["radar_analytic", "radar_trial", "sense_ase_analytic", "sense_ase_trial", "sense_ase_system"]


# -- Fig. 7: R_s vs Delta T with and without the hole ------------------------------------
def radar_analytic(p: NullingParams) -> dict[str, float]:
    """``R_s`` [nats/s/Hz] with the interference hole (Prop. 3 for Q = 1, Theorem 3 for Q >= 2) and without it."""
    c, k = p.gain_factor, p.num_users
    args = (p.pathloss_exp, p.pathloss_exp_sense, p.bs_density)
    if p.cluster_size_sense == 1:
        hole = an.radar_rate_prop3(c, k, *args)
    else:
        hole = an.radar_rate_theorem3(c, k, p.cluster_size_sense, *args)
    return {"prop3": hole, "nohole": an.radar_rate_prop3(c, k, *args, hole=False)}


def radar_trial(p: NullingParams, rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    """Typical-target ``ln(1 + SIR_s)`` samples [nats/s/Hz], ``[size]``."""
    return radar_rate_trial(rng, size, p.gain_factor, p.num_users, p.cluster_size_sense, p.pathloss_exp,
                            p.pathloss_exp_sense, p.bs_density, num_points=128)


register_experiment(Experiment(
    id="nulling.radar_rate",
    params=NullingParams,
    series=(
        Series("prop3", "Prop. 3 (15)-(16) corrected, with the hole", unit="nats/s/Hz"),
        Series("nohole", "without the hole (benchmark)", unit="nats/s/Hz"),
        Series("mc_typical", "MC, typical target, Gamma gains", kind="mc", source="rate_sense", unit="nats/s/Hz"),
        Series("mc_system", "MC, system level (actual ZF, ULA)", kind="mc", unit="nats/s/Hz"),
    ),
    analytic=radar_analytic,
    trial=radar_trial,
    evaluate=lambda p, rng: {"mc_system": system_estimate(p, rng, "rate_sense")},
    description="Radar information rate R_s [nats/s/Hz] vs the matched-filter gain.",
))


# -- Fig. 8: T_s and T_sum vs Q ----------------------------------------------------------
def sense_ase_analytic(p: NullingParams) -> dict[str, float]:
    """``T_s`` with ``f_(Q)`` and ``f_(Q-1)``, ``T_c + T_s`` [nats/s/Hz/km²] and the ``J`` used; NaN if infeasible."""
    keys = ("ts_paper_per_km2", "ts_slivnyak_per_km2", "tsum_per_km2", "num_targets_used")
    if not p.feasible:
        return dict.fromkeys(keys, math.nan)
    bs_density, j, q = p.bs_density, p.num_targets_used, p.cluster_size_sense
    args = (p.gain_factor, p.num_users, q, p.pathloss_exp, p.pathloss_exp_sense, bs_density)
    rs = an.radar_rate(*args)
    rs_alt = rs if q == 1 else an.radar_rate(*args, boundary="slivnyak")
    rc = an.rate_comm_theorem1(p.num_tx_antennas, p.num_users, p.cluster_size_comm, j, q, p.pathloss_exp)
    ts = an.ase_sense(bs_density, j, rs)
    return {"ts_paper_per_km2": ts * KM2, "ts_slivnyak_per_km2": an.ase_sense(bs_density, j, rs_alt) * KM2,
            "tsum_per_km2": (ts + an.ase_comm(bs_density, p.num_users, rc)) * KM2, "num_targets_used": float(j)}


def sense_ase_trial(p: NullingParams, rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    """Typical-point samples of ``T_s`` and ``T_c + T_s`` [nats/s/Hz/km²]."""
    if not p.feasible:
        nan = np.full(1, np.nan)
        return {"ts": nan, "tsum": nan}
    if p.num_targets_used == 0:
        return {"ts": np.zeros(size), "tsum": np.zeros(size)}
    ts = p.bs_density_per_km2 * p.num_targets_used * radar_trial(p, rng, size)["rate_sense"]
    rc = comm_rate_trial(rng, size, p.num_tx_antennas, p.num_users, p.cluster_size_comm, p.num_targets_used,
                         p.cluster_size_sense, p.pathloss_exp, p.bs_density, num_exact=100)["rate_comm"]
    return {"ts": ts, "tsum": ts + p.bs_density_per_km2 * p.num_users * rc}


def sense_ase_system(p: NullingParams, rng: np.random.Generator) -> dict:
    """System-level ``T_s = lambda_b J R_s`` [nats/s/Hz/km²] (an :class:`~isacnet.simulate.stats.Estimate`)."""
    est = system_estimate(p, rng, "rate_sense")  # NaN without targets
    scale = p.bs_density_per_km2 * p.num_targets_used
    return {"ts_system_per_km2": est.scaled(scale) if scale > 0 else est}


register_experiment(Experiment(
    id="nulling.sense_ase",
    params=NullingParams,
    series=(
        Series("ts_paper_per_km2", r"$T_s$, Prop. 3 / Thm 3 with $f_{(Q)}$", unit="nats/s/Hz/km²"),
        Series("ts_slivnyak_per_km2", r"$T_s$, Thm 3 with $f_{(Q-1)}$", unit="nats/s/Hz/km²"),
        Series("ts_mc_per_km2", r"$T_s$, MC typical target", kind="mc", source="ts", unit="nats/s/Hz/km²"),
        Series("ts_system_per_km2", r"$T_s$, MC system level", kind="mc", unit="nats/s/Hz/km²"),
        Series("tsum_per_km2", r"$T_c$ (Thm 1) $+ T_s$", unit="nats/s/Hz/km²"),
        Series("num_targets_used", r"$J$ used", unit="1"),
    ),
    analytic=sense_ase_analytic,
    trial=sense_ase_trial,
    evaluate=sense_ase_system,
    description="Sensing and total ASE [nats/s/Hz/km²] vs the sensing cluster size Q.",
))
