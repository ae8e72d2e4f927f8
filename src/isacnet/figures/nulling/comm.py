"""nulling-fig4/5/6: communication rate and ASE (nulling Theorems 1–2, (13), Lemma 2; spec 001 §2–3)."""

from __future__ import annotations

import math

import numpy as np

from isacnet.analysis import nulling as an
from isacnet.figures.nulling._params import NullingParams
from isacnet.registry import Experiment, FigureSpec, Series, register_experiment, register_figure
from isacnet.simulate.nulling import SystemLevelConfig, comm_rate_trial, radar_rate_trial, system_level_trial
from isacnet.simulate.stats import RunningStats

_KM2 = 1e6  # ASE per m² -> per km² for display series named *_per_km2


def system_estimate(p: NullingParams, rng, name: str):
    """Seeded system-level estimate of ``name`` (``rate_comm`` / ``rate_sense``) at point ``p``.

    Samples are per link and correlated within a network: the standard error is the
    cluster-robust one with the simulated networks as clusters.
    """
    stats = RunningStats()
    if p.system_networks > 0 and p.feasible and (name != "rate_sense" or p.targets > 0):
        cfg = SystemLevelConfig(
            num_tx_antennas=p.num_tx_antennas, num_users=p.num_users, cluster_size_comm=p.cluster_size_comm,
            num_targets=p.targets, cluster_size_sense=p.cluster_size_sense, pathloss_exp=p.pathloss_exp,
            pathloss_exp_sense=p.pathloss_exp_sense, gain_factor=p.gain_factor, bs_density=p.bs_density,
            mean_num_bs=p.system_mean_num_bs,
        )
        out = system_level_trial(rng, p.system_networks, cfg)
        stats.update(out[name], cluster=out["network_" + name.split("_")[1]])
    else:
        stats.update(np.array([np.nan]))
    return stats.estimate(0.95)


# -- Fig. 4: R_c vs K for several L ------------------------------------------------------
def _rate_analytic(p: NullingParams) -> dict[str, float]:
    args = (p.num_tx_antennas, p.num_users, p.cluster_size_comm, p.targets, p.cluster_size_sense, p.pathloss_exp)
    return {
        "thm1": an.rate_comm_theorem1(*args),
        "thm1_joint": an.rate_comm_theorem1(*args, eta_law="joint"),
        "thm2": an.rate_comm_theorem2(*args),
    }


def _rate_trial(p: NullingParams, rng, size):
    return comm_rate_trial(rng, size, p.num_tx_antennas, p.num_users, p.cluster_size_comm, p.targets,
                           p.cluster_size_sense, p.pathloss_exp, p.bs_density, num_exact=100)


register_experiment(Experiment(
    id="nulling.comm_rate",
    params=NullingParams,
    series=(
        Series("thm1", "Theorem 1, eq. (11)"),
        Series("thm1_joint", "Theorem 1, joint (r, eta_L) law"),
        Series("thm2", "Theorem 2 (MISR), eq. (12)"),
        Series("mc_typical", "MC, typical user, Gamma gains", kind="mc", source="rate_comm"),
        Series("mc_system", "MC, system level (actual ZF nulling)", kind="mc"),
    ),
    analytic=_rate_analytic,
    trial=_rate_trial,
    evaluate=lambda p, rng: {"mc_system": system_estimate(p, rng, "rate_comm")},
    description="Average user rate R_c [nats/s/Hz] vs K and L.",
))

register_figure(FigureSpec(
    id="nulling-fig4", experiment="nulling.comm_rate", scenario="nulling-fig4",
    title="User rate R_c vs K for several L (nulling Fig. 4)", x="num_users", hue="cluster_size_comm",
    xlabel="Number of users per cell K", ylabel="R_c [nats/s/Hz]",
    notes="M_t = 20, alpha = 4, J(Q-1) = 0. System-level MC: K users per Voronoi cell, requests beyond the "
          "spatial DoF dropped at random; cluster-robust CI over simulated networks.",
    legend="outside",
))


# -- Fig. 5 / 6: ASE vs K -----------------------------------------------------------------
def _ase_analytic(p: NullingParams) -> dict[str, float]:
    if not p.feasible:
        return {k: math.nan for k in ("tc_thm1_per_km2", "tc_thm2_per_km2", "tsum_thm1_per_km2")}
    args = (p.num_tx_antennas, p.num_users, p.cluster_size_comm, p.targets, p.cluster_size_sense, p.pathloss_exp)
    lam = p.bs_density
    tc1 = an.ase_comm(lam, p.num_users, an.rate_comm_theorem1(*args))
    tc2 = an.ase_comm(lam, p.num_users, an.rate_comm_theorem2(*args))
    ts = 0.0
    if p.targets:
        rs = an.radar_rate(p.gain_factor, p.num_users, p.cluster_size_sense, p.pathloss_exp, p.pathloss_exp_sense, lam)
        ts = an.ase_sense(lam, p.targets, rs)
    return {"tc_thm1_per_km2": tc1 * _KM2, "tc_thm2_per_km2": tc2 * _KM2, "tsum_thm1_per_km2": (tc1 + ts) * _KM2}


def _ase_trial(p: NullingParams, rng, size):
    if not p.feasible:
        nan = np.full(1, np.nan)
        return {"tc": nan, "tsum": nan}
    lam_km2 = p.bs_density_per_km2
    tc = lam_km2 * p.num_users * _rate_trial(p, rng, size)["rate_comm"]
    ts = 0.0
    if p.targets:
        rs = radar_rate_trial(rng, size, p.gain_factor, p.num_users, p.cluster_size_sense, p.pathloss_exp,
                              p.pathloss_exp_sense, p.bs_density, num_points=128)["rate_sense"]
        ts = lam_km2 * p.targets * rs
    return {"tc": tc, "tsum": tc + ts}


register_experiment(Experiment(
    id="nulling.comm_ase",
    params=NullingParams,
    series=(
        Series("tc_thm1_per_km2", "T_c, Theorem 1 (11), (4)"),
        Series("tc_thm2_per_km2", "T_c, Theorem 2 (13)"),
        Series("tc_mc_per_km2", "T_c, MC typical user", kind="mc", source="tc"),
        Series("tsum_thm1_per_km2", "T_sum = T_c + T_s, Thm 1 + Prop. 3/Thm 3"),
        Series("tsum_mc_per_km2", "T_sum, MC typical user/target", kind="mc", source="tsum"),
    ),
    analytic=_ase_analytic,
    trial=_ase_trial,
    description="Communication and total ASE [nats/s/Hz/km²] vs K.",
))

register_figure(FigureSpec(
    id="nulling-fig5", experiment="nulling.comm_ase", scenario="nulling-fig5",
    title="Communication and total ASE vs K, L = 1 (nulling Fig. 5)", x="num_users", hue="num_tx_antennas",
    xlabel="Number of users per cell K", ylabel="ASE [nats/s/Hz/km²]",
    notes="L = 1, J = J_max = 10, Q = 1 (no sensing nulling), c = 1. Points with K > M_t are outside the "
          "spatial budget (blank). Lemma 2: the T_c optimum is at K ≈ 0.59 (M_t + 1).",
))


def _grid_analytic(p: NullingParams) -> dict[str, float]:
    out = _ase_analytic(p)
    return {"tc_thm1_per_km2": out["tc_thm1_per_km2"], "tc_thm2_per_km2": out["tc_thm2_per_km2"]}


register_experiment(Experiment(
    id="nulling.comm_ase_grid",
    params=NullingParams,
    series=(Series("tc_thm1_per_km2", "T_c, Theorem 1 (11)"), Series("tc_thm2_per_km2", "T_c, Theorem 2 (13)")),
    analytic=_grid_analytic,
    description="Communication ASE over (K, L) (closed forms).",
))

register_figure(FigureSpec(
    id="nulling-fig6", experiment="nulling.comm_ase_grid", scenario="nulling-fig6",
    title="Communication ASE vs K for several L: the optimum is K = 12, L = 1 (nulling Fig. 6)",
    x="num_users", hue="cluster_size_comm", xlabel="Number of users per cell K", ylabel="T_c [nats/s/Hz/km²]",
    notes="M_t = 20, J(Q-1) = 0; KL > M_t blank. Propositions 1-2: L* = 1.",
))
