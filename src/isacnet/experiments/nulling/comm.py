"""Communication rate and ASE experiments (nulling Theorems 1–2, (13), Lemma 2; spec 001 §2–3).

nulling-fig4 (``nulling.comm_rate``), fig5 (``nulling.comm_ase``), fig6 (``nulling.comm_ase_grid``).
"""

from __future__ import annotations

import math

import numpy as np

from isacnet.analysis import nulling as an
from isacnet.experiments.nulling._params import NullingParams
from isacnet.registry import Experiment, Series, register_experiment
from isacnet.simulate.nulling import comm_rate_trial, radar_rate_trial, system_level_trial
from isacnet.simulate.stats import Estimate, RunningStats

__all__ = ["KM2", "system_estimate", "rate_analytic", "rate_trial", "ase_analytic", "ase_trial", "grid_analytic"]

KM2 = 1e6
"""ASE per m² -> per km², for display series named ``*_per_km2``."""


def system_estimate(p: NullingParams, rng: np.random.Generator, name: str) -> Estimate:
    """Seeded system-level estimate of ``name`` (``rate_comm`` / ``rate_sense``) at point ``p`` [nats/s/Hz].

    Samples are per link and correlated within a network: the standard error is the
    cluster-robust one with the simulated networks as clusters. NaN when the simulation is off
    (``system_networks = 0``), the point is infeasible, or there is no target to sense.
    """
    stats = RunningStats()
    if p.system_networks > 0 and p.feasible and (name != "rate_sense" or p.num_targets_used > 0):
        out = system_level_trial(rng, p.system_networks, p, num_users=p.num_users,
                                 cluster_size_comm=p.cluster_size_comm, num_targets=p.num_targets_used,
                                 cluster_size_sense=p.cluster_size_sense, mean_num_bs=p.system_mean_num_bs)
        stats.update(out[name], cluster=out["network_" + name.split("_")[1]])
    else:
        stats.update(np.array([np.nan]))
    return stats.estimate(0.95)


# -- Fig. 4: R_c vs K for several L ------------------------------------------------------
def _comm_args(p: NullingParams) -> tuple[int, int, int, int, int, float]:
    return (p.num_tx_antennas, p.num_users, p.cluster_size_comm, p.num_targets_used, p.cluster_size_sense,
            p.pathloss_exp)


def rate_analytic(p: NullingParams) -> dict[str, float]:
    """``R_c`` [nats/s/Hz] by Theorem 1 (11), its exact joint-law variant and Theorem 2 (12); NaN if infeasible."""
    if not p.feasible:
        return dict.fromkeys(("thm1", "thm1_joint", "thm2"), math.nan)
    args = _comm_args(p)
    return {
        "thm1": an.rate_comm_theorem1(*args),
        "thm1_joint": an.rate_comm_theorem1(*args, eta_law="joint"),
        "thm2": an.rate_comm_theorem2(*args),
    }


def rate_trial(p: NullingParams, rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    """Typical-user ``ln(1 + SIR_c)`` samples [nats/s/Hz], ``[size]`` (one NaN if infeasible)."""
    if not p.feasible:
        return {"rate_comm": np.full(1, np.nan)}
    return comm_rate_trial(rng, size, *_comm_args(p), p.bs_density, num_exact=100)


register_experiment(Experiment(
    id="nulling.comm_rate",
    params=NullingParams,
    series=(
        Series("thm1", "Theorem 1, eq. (11)", unit="nats/s/Hz"),
        Series("thm1_joint", r"Theorem 1, joint $(r, \eta_L)$ law", unit="nats/s/Hz"),
        Series("thm2", "Theorem 2 (MISR), eq. (12)", unit="nats/s/Hz"),
        Series("mc_typical", "MC, typical user, Gamma gains", kind="mc", source="rate_comm", unit="nats/s/Hz"),
        Series("mc_system", "MC, system level (actual ZF nulling)", kind="mc", unit="nats/s/Hz"),
    ),
    analytic=rate_analytic,
    trial=rate_trial,
    evaluate=lambda p, rng: {"mc_system": system_estimate(p, rng, "rate_comm")},
    description="Average user rate R_c [nats/s/Hz] vs K and L.",
))


# -- Fig. 5 / 6: ASE vs K -----------------------------------------------------------------
def ase_analytic(p: NullingParams) -> dict[str, float]:
    """``T_c`` by Theorems 1 and 2 and ``T_c + T_s`` [nats/s/Hz/km²] (nulling (4), (7), (13)); NaN if infeasible."""
    if not p.feasible:
        return dict.fromkeys(("tc_thm1_per_km2", "tc_thm2_per_km2", "tsum_thm1_per_km2"), math.nan)
    args = _comm_args(p)
    tc1 = an.ase_comm(p.bs_density, p.num_users, an.rate_comm_theorem1(*args))
    tc2 = an.ase_comm(p.bs_density, p.num_users, an.rate_comm_theorem2(*args))
    ts = 0.0
    if p.num_targets_used:
        rs = an.radar_rate(p.gain_factor, p.num_users, p.cluster_size_sense, p.pathloss_exp, p.pathloss_exp_sense,
                           p.bs_density)
        ts = an.ase_sense(p.bs_density, p.num_targets_used, rs)
    return {"tc_thm1_per_km2": tc1 * KM2, "tc_thm2_per_km2": tc2 * KM2, "tsum_thm1_per_km2": (tc1 + ts) * KM2}


def ase_trial(p: NullingParams, rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    """Typical-point samples of ``T_c`` and ``T_c + T_s`` [nats/s/Hz/km²]."""
    if not p.feasible:
        nan = np.full(1, np.nan)
        return {"tc": nan, "tsum": nan}
    tc = p.bs_density_per_km2 * p.num_users * rate_trial(p, rng, size)["rate_comm"]
    ts = 0.0
    if p.num_targets_used:
        rs = radar_rate_trial(rng, size, p.gain_factor, p.num_users, p.cluster_size_sense, p.pathloss_exp,
                              p.pathloss_exp_sense, p.bs_density, num_points=128)["rate_sense"]
        ts = p.bs_density_per_km2 * p.num_targets_used * rs
    return {"tc": tc, "tsum": tc + ts}


register_experiment(Experiment(
    id="nulling.comm_ase",
    params=NullingParams,
    series=(
        Series("tc_thm1_per_km2", r"$T_c$, Theorem 1 (11), (4)", unit="nats/s/Hz/km²"),
        Series("tc_thm2_per_km2", r"$T_c$, Theorem 2 (13)", unit="nats/s/Hz/km²"),
        Series("tc_mc_per_km2", r"$T_c$, MC typical user", kind="mc", source="tc", unit="nats/s/Hz/km²"),
        Series("tsum_thm1_per_km2", r"$T_c + T_s$, Thm 1 + Prop. 3 / Thm 3", unit="nats/s/Hz/km²"),
        Series("tsum_mc_per_km2", r"$T_c + T_s$, MC typical user / target", kind="mc", source="tsum",
               unit="nats/s/Hz/km²"),
    ),
    analytic=ase_analytic,
    trial=ase_trial,
    description="Communication and total ASE [nats/s/Hz/km²] vs K.",
))


def grid_analytic(p: NullingParams) -> dict[str, float]:
    """``T_c`` by Theorems 1 and 2 [nats/s/Hz/km²] over a ``(K, L)`` grid."""
    out = ase_analytic(p)
    return {"tc_thm1_per_km2": out["tc_thm1_per_km2"], "tc_thm2_per_km2": out["tc_thm2_per_km2"]}


register_experiment(Experiment(
    id="nulling.comm_ase_grid",
    params=NullingParams,
    series=(Series("tc_thm1_per_km2", r"$T_c$, Theorem 1 (11)", unit="nats/s/Hz/km²"),
            Series("tc_thm2_per_km2", r"$T_c$, Theorem 2 (13)", unit="nats/s/Hz/km²")),
    analytic=grid_analytic,
    description="Communication ASE over (K, L) (closed forms).",
))
