"""nulling-fig7/8: radar information rate and sensing ASE (nulling Prop. 3, (17), Theorem 3; spec 001 §4)."""

from __future__ import annotations

import math

import numpy as np

from isacnet.analysis import nulling as an
from isacnet.figures.nulling._params import NullingParams
from isacnet.figures.nulling.comm import system_estimate
from isacnet.registry import Experiment, FigureSpec, Series, register_experiment, register_figure
from isacnet.simulate.nulling import comm_rate_trial, radar_rate_trial

_KM2 = 1e6


# -- Fig. 7: R_s vs Delta T with and without the hole ------------------------------------
def _radar_analytic(p: NullingParams) -> dict[str, float]:
    c, k = p.gain_factor, p.num_users
    args = (p.pathloss_exp, p.pathloss_exp_sense, p.bs_density)
    if p.cluster_size_sense == 1:
        hole = an.radar_rate_prop3(c, k, *args)
    else:
        hole = an.radar_rate_theorem3(c, k, p.cluster_size_sense, *args)
    return {"prop3": hole, "nohole": an.radar_rate_prop3(c, k, *args, hole=False)}


def _radar_trial(p: NullingParams, rng, size):
    return radar_rate_trial(rng, size, p.gain_factor, p.num_users, p.cluster_size_sense, p.pathloss_exp,
                            p.pathloss_exp_sense, p.bs_density, num_points=128)


register_experiment(Experiment(
    id="nulling.radar_rate",
    params=NullingParams,
    series=(
        Series("prop3", "Prop. 3 (15)-(16) corrected, with the hole"),
        Series("nohole", "without the hole (benchmark)"),
        Series("mc_typical", "MC, typical target, Gamma gains", kind="mc", source="rate_sense"),
        Series("mc_system", "MC, system level (actual ZF, ULA)", kind="mc"),
    ),
    analytic=_radar_analytic,
    trial=_radar_trial,
    evaluate=lambda p, rng: {"mc_system": system_estimate(p, rng, "rate_sense")},
    description="Radar information rate R_s [nats/s/Hz] vs the matched-filter gain.",
))

register_figure(FigureSpec(
    id="nulling-fig7", experiment="nulling.radar_rate", scenario="nulling-fig7",
    title="Radar information rate vs Delta T, with and without the interference hole (nulling Fig. 7)",
    x="filter_gain", xlabel="Matched-filter gain Delta T", ylabel="R_s [nats/s/Hz]", xscale="log",
    notes="Q = 1, K = 2, alpha = 4, beta = 2, c = Delta T kappa M_r |xi|^2 = Delta T. Ignoring the hole "
          "under-estimates R_s by about 14 % (paper: about 15 %).",
))


# -- Fig. 8: T_s and T_sum vs Q ----------------------------------------------------------
def _sense_ase_analytic(p: NullingParams) -> dict[str, float]:
    keys = ("ts_paper_per_km2", "ts_slivnyak_per_km2", "tsum_per_km2", "num_targets_used")
    if not p.feasible:
        return dict.fromkeys(keys, math.nan)
    lam, j, q = p.bs_density, p.targets, p.cluster_size_sense
    args = (p.gain_factor, p.num_users, q, p.pathloss_exp, p.pathloss_exp_sense, lam)
    rs = an.radar_rate(*args)
    rs_alt = rs if q == 1 else an.radar_rate(*args, boundary="slivnyak")
    rc = an.rate_comm_theorem1(p.num_tx_antennas, p.num_users, p.cluster_size_comm, j, q, p.pathloss_exp)
    ts = an.ase_sense(lam, j, rs)
    return {"ts_paper_per_km2": ts * _KM2, "ts_slivnyak_per_km2": an.ase_sense(lam, j, rs_alt) * _KM2,
            "tsum_per_km2": (ts + an.ase_comm(lam, p.num_users, rc)) * _KM2, "num_targets_used": float(j)}


def _sense_ase_trial(p: NullingParams, rng, size):
    if not p.feasible or p.targets == 0:
        nan = np.full(1, np.nan)
        return {"ts": nan, "tsum": nan} if not p.feasible else {"ts": np.zeros(size), "tsum": np.zeros(size)}
    lam_km2 = p.bs_density_per_km2
    ts = lam_km2 * p.targets * _radar_trial(p, rng, size)["rate_sense"]
    rc = comm_rate_trial(rng, size, p.num_tx_antennas, p.num_users, p.cluster_size_comm, p.targets,
                         p.cluster_size_sense, p.pathloss_exp, p.bs_density, num_exact=100)["rate_comm"]
    return {"ts": ts, "tsum": ts + lam_km2 * p.num_users * rc}


def _sense_ase_system(p: NullingParams, rng):
    est = system_estimate(p, rng, "rate_sense")
    scale = p.bs_density_per_km2 * p.targets
    return {"ts_system_per_km2": est.scaled(scale)}


register_experiment(Experiment(
    id="nulling.sense_ase",
    params=NullingParams,
    series=(
        Series("ts_paper_per_km2", "T_s, Prop. 3 / Thm 3 with f_(Q)"),
        Series("ts_slivnyak_per_km2", "T_s, Thm 3 with f_(Q-1)"),
        Series("ts_mc_per_km2", "T_s, MC typical target", kind="mc", source="ts"),
        Series("ts_system_per_km2", "T_s, MC system level", kind="mc"),
        Series("tsum_per_km2", "T_sum = T_c (Thm 1) + T_s"),
        Series("num_targets_used", "J used"),
    ),
    analytic=_sense_ase_analytic,
    trial=_sense_ase_trial,
    evaluate=_sense_ase_system,
    description="Sensing and total ASE [nats/s/Hz/km²] vs the sensing cluster size Q.",
))


def _plot_fig8(ds, spec):
    import dataclasses

    from isacnet.plotting import plot_default

    keep = [s for s in ds["series"].values if s != "num_targets_used"]
    return plot_default(ds.sel(series=keep), dataclasses.replace(spec, plot=None))


register_figure(FigureSpec(
    id="nulling-fig8", experiment="nulling.sense_ase", scenario="nulling-fig8",
    title="Sensing and total ASE vs the sensing cluster size Q (nulling Fig. 8)",
    x="cluster_size_sense", hue="num_rx_antennas", xlabel="Sensing cluster size Q",
    ylabel="ASE [nats/s/Hz/km²]", plot=_plot_fig8,
    notes="K = L = 1, M_t = 20, J = min(J_max, (M_t - 1) // (Q - 1)) (ripples: J(Q-1) must be integral), "
          "J_max = 10, c = M_r |xi|^2 (1 for M_r = 10, 4 for M_r = 40).",
))
