"""Validation cases of paper ``nulling`` (001): closed forms vs both Monte Carlo fidelities.

Typical-point cases (paper's Gamma gains) compare exact expressions with sampling error
only; where the paper's expression is itself an approximation (Theorem 1's independence
of ``r`` and ``eta_L``, Theorem 2's MISR, Theorem 3's ignored hole) the model term is
written next to the case with the measured gap. System-level cases (actual ZF precoders,
nulling requests, random dropping; what the paper's figures call Monte Carlo) carry a
model term for the differences the paper's Remark on dropped requests and its Gamma
approximations of Lemma 1 leave open.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from isacnet.analysis import nulling as an
from isacnet.models.nulling import NullingModel
from isacnet.simulate.engine import Clustered, MonteCarloSettings, run_monte_carlo
from isacnet.simulate.nulling import comm_rate_trial, radar_rate_trial, system_level_trial
from isacnet.validation import DistributionCase, ValidationCase, register_case, register_distribution_case

_TYPICAL = MonteCarloSettings(batch_size=20_000, min_samples=200_000, max_samples=400_000, target_rel_ci=0.0)
_TYPICAL_QUICK = MonteCarloSettings(batch_size=20_000, min_samples=60_000, max_samples=60_000, target_rel_ci=0.0)
_SYSTEM = MonteCarloSettings(batch_size=4, min_samples=40, max_samples=40, target_rel_ci=0.0)
_SYSTEM_QUICK = MonteCarloSettings(batch_size=2, min_samples=4, max_samples=4, target_rel_ci=0.0)


def _comm_trial(rng, size, mt, k, cl, j, q):
    return comm_rate_trial(rng, size, mt, k, cl, j, q, 4.0, 1e-6, num_exact=100)


def _comm_mc(mt, k, cl, j, q, seed, settings):
    trial = partial(_comm_trial, mt=mt, k=k, cl=cl, j=j, q=q)
    return run_monte_carlo(trial, seed=seed, key=(mt, k, cl, j, q), settings=settings)["rate_comm"]


def _radar_trial(rng, size, k, q, hole, clutter):
    kw = dict(clutter_density=2e-6, clutter_rcs=1e-2, clutter_min_distance=50.0) if clutter else {}
    return radar_rate_trial(rng, size, 1.0, k, q, 4.0, 2.0, 1e-6, hole=hole, num_points=128, **kw)


def _radar_mc(k, q, hole, clutter, seed, settings):
    trial = partial(_radar_trial, k=k, q=q, hole=hole, clutter=clutter)
    return run_monte_carlo(trial, seed=seed, key=(k, q, int(hole), int(clutter)), settings=settings)["rate_sense"]


_MODEL = NullingModel()  # Sec. VI: M_t = 20, alpha = 4, beta = 2, 1 BS/km², c = 1
_NETWORK_SIZE = 400  # mean BSs per simulated torus network


def _system_trial(rng, size, point):
    # per-link samples share their network's geometry: cluster-robust SE over the simulated networks
    out = system_level_trial(rng, size, _MODEL, mean_num_bs=_NETWORK_SIZE, **point)
    return {k: Clustered(out[k], out["network_" + k.split("_")[1]]) for k in ("rate_comm", "rate_sense") if k in out}


def _system_mc(point, name, seed, settings):
    """System-level estimate at the operating point ``point = {num_users: K, cluster_size_comm: L, ...}``."""
    full = {"num_users": 1, "cluster_size_comm": 1, "num_targets": 0, "cluster_size_sense": 1, **point}
    key = (full["num_users"], full["cluster_size_comm"], full["num_targets"], full["cluster_size_sense"])
    return run_monte_carlo(partial(_system_trial, point=full), seed=seed, key=key, settings=settings)[name]


_COMMON: dict[str, Any] = {"settings": _TYPICAL, "quick_settings": _TYPICAL_QUICK, "seed": 1001}

# Theorem 1 is exact for L = 1 (eta ≡ 1, spec 001 §2).
for _k in (1, 5):
    register_case(ValidationCase(
        id=f"nulling.rate_comm_thm1[Mt=20,K={_k},L=1]",
        description=f"R_c: Theorem 1 (11) vs typical-user MC with Gamma gains, M_t=20, K={_k}, L=1",
        analytic=partial(an.rate_comm_theorem1, 20, _k, 1), monte_carlo=partial(_comm_mc, 20, _k, 1, 0, 1), **_COMMON))

# The exact joint law of (r, eta_L) (our derivation) is exact for any L.
register_case(ValidationCase(
    id="nulling.rate_comm_thm1_joint[Mt=20,K=1,L=3]",
    description="R_c: Theorem 1 with the joint (r, eta_L) law vs typical-user MC, M_t=20, K=1, L=3",
    analytic=lambda: an.rate_comm_theorem1(20, 1, 3, eta_law="joint"),
    monte_carlo=partial(_comm_mc, 20, 1, 3, 0, 1), **_COMMON))

# The paper's (11) for L >= 2 averages r as if independent of eta_L (spec 000 §9 "residual
# gap"); measured: K=5, L=2: MC 2.722 vs (11) 2.798 (+2.8 %). Model term 4 %.
register_case(ValidationCase(
    id="nulling.rate_comm_thm1[Mt=20,K=5,L=2]",
    description="R_c: Theorem 1 (11) (r independent of eta_L) vs typical-user MC, M_t=20, K=5, L=2",
    analytic=partial(an.rate_comm_theorem1, 20, 5, 2), monte_carlo=partial(_comm_mc, 20, 5, 2, 0, 1),
    model_rel=0.04, tolerance_note="(11) treats r and eta_L as independent: +2.8 % measured; model term 4 %",
    **_COMMON))

# Theorem 2 is the MISR approximation (the paper calls it approximate); spec 001 §2: K=5,
# L=1 0.2 %, K=12 0.9 %, J(Q-1)=4 similar. Model term 2 %.
register_case(ValidationCase(
    id="nulling.rate_comm_thm2[Mt=20,K=5,L=1,J=2,Q=3]",
    description="R_c: Theorem 2 (12) (MISR) vs typical-user MC, M_t=20, K=5, L=1, J(Q-1)=4",
    analytic=partial(an.rate_comm_theorem2, 20, 5, 1, 2, 3), monte_carlo=partial(_comm_mc, 20, 5, 1, 2, 3),
    model_rel=0.02, tolerance_note="MISR approximation (Theorem 2): within 1 % of Theorem 1 at L = 1; model term 2 %",
    **_COMMON))

# Proposition 3 (corrected) and its no-hole benchmark are exact for their models.
register_case(ValidationCase(
    id="nulling.radar_rate_prop3[K=2,c=1]",
    description="R_s: Proposition 3 (15)-(16) corrected (spec 001 §4.1) vs typical-target MC with the hole, Q=1",
    analytic=lambda: an.radar_rate_prop3(1.0, 2, 4.0, 2.0, 1e-6),
    monte_carlo=partial(_radar_mc, 2, 1, True, False),
    model_abs=0.01, tolerance_note="exact; the Campbell mean beyond the 128th BS is taken from the target, not the "
    "serving BS: O((R/r_128)^2) ~ 1e-3 bias, model term 0.01 nats", **_COMMON))
register_case(ValidationCase(
    id="nulling.radar_rate_nohole[K=2,c=1]",
    description="R_s without the hole (Fig. 7 benchmark) vs MC of a full-plane interferer PPP",
    analytic=lambda: an.radar_rate_prop3(1.0, 2, 4.0, 2.0, 1e-6, hole=False),
    monte_carlo=partial(_radar_mc, 2, 1, False, False), **_COMMON))
register_case(ValidationCase(
    id="nulling.radar_rate_clutter[K=2,c=1]",
    description="R_s with clutter (Remark 1, (19)) vs typical-target MC with a clutter PPP",
    analytic=lambda: an.radar_rate_prop3(1.0, 2, 4.0, 2.0, 1e-6, clutter_density=2e-6, clutter_rcs=1e-2,
                                         clutter_min_distance=50.0),
    monte_carlo=partial(_radar_mc, 2, 1, True, True),
    model_abs=0.01, tolerance_note="as the Prop. 3 case (Campbell tail from the target): 0.01 nats", **_COMMON))

# Theorem 3 ignores the hole (Lemma 6) and uses f_(Q) (spec 001 §4.2): MC Q=3 2.348 vs
# 2.433 (+3.6 %), Q=5 2.759 vs 2.814 (+2 %). Model term 6 %.
register_case(ValidationCase(
    id="nulling.radar_rate_thm3[K=2,Q=3]",
    description="R_s: Theorem 3 (18) with f_(Q) vs typical-target MC (hole present, Q-1 nearest BSs nulled)",
    analytic=lambda: an.radar_rate_theorem3(1.0, 2, 3), monte_carlo=partial(_radar_mc, 2, 3, True, False),
    model_rel=0.06, tolerance_note="Theorem 3 ignores the hole and approximates the boundary law: +3.6 % measured "
    "(spec 001 §4.2); model term 6 %", **_COMMON))

# System level: actual ZF, requests, dropping, cell-uniform scheduling. Theorem 1 vs the
# network: measured +0.4 % (K=5, L=2, 8 networks of 500 BSs); scheduling K users per
# cell weights cells equally (small cells, short links: +1 %) and Theorem 1's eta
# approximation (+2.8 %) pull in opposite directions. Model term 5 %.
_SYS_COMM = {"num_users": 5, "cluster_size_comm": 2}
register_case(ValidationCase(
    id="nulling.system_rate_comm[Mt=20,K=5,L=2]",
    description="R_c: Theorem 1 (11) vs the system-level network simulation (actual ZF nulling), M_t=20, K=5, L=2",
    analytic=partial(an.rate_comm_theorem1, 20, 5, 2), monte_carlo=partial(_system_mc, _SYS_COMM, "rate_comm"),
    settings=_SYSTEM, quick_settings=_SYSTEM_QUICK, seed=1002, model_rel=0.05,
    tolerance_note="cell-uniform scheduling and the eta approximation of (11): model term 5 %"))

# Sensing at system level: actual h^t (ULA) and interferer gains vs Lemma 1's Gamma(K)
# approximation, cell-uniform targets; measured -1.4 % (Q=1). Model term 6 %.
_SYS_SENSE = {"num_users": 2, "num_targets": 2, "cluster_size_sense": 1}
register_case(ValidationCase(
    id="nulling.system_rate_sense[K=2,J=2,Q=1]",
    description="R_s: Proposition 3 corrected vs the system-level network simulation, K=2, J=2, Q=1, c=1",
    analytic=lambda: an.radar_rate_prop3(1.0, 2, 4.0, 2.0, 1e-6),
    monte_carlo=partial(_system_mc, _SYS_SENSE, "rate_sense"),
    settings=_SYSTEM, quick_settings=_SYSTEM_QUICK, seed=1003, model_rel=0.06,
    tolerance_note="Lemma 1's Gamma(K) gains approximate the actual ZF/ULA gains; model term 6 %"))

# Theorem 2 (MISR) vs the network at L = 1, with sensing nulls J(Q-1) = 4: the MISR error is
# < 1 % at L = 1 (spec 001 §2) and the network's cell-uniform scheduling adds about +1 %.
_SYS_MISR = {"num_users": 5, "cluster_size_comm": 1, "num_targets": 2, "cluster_size_sense": 3}
register_case(ValidationCase(
    id="nulling.system_rate_comm_thm2[Mt=20,K=5,L=1,J=2,Q=3]",
    description="R_c: Theorem 2 (12) vs the system-level network simulation, M_t=20, K=5, L=1, J=2, Q=3",
    analytic=partial(an.rate_comm_theorem2, 20, 5, 1, 2, 3), monte_carlo=partial(_system_mc, _SYS_MISR, "rate_comm"),
    settings=_SYSTEM, quick_settings=_SYSTEM_QUICK, seed=1004, model_rel=0.04,
    tolerance_note="MISR approximation (<1 %) and cell-uniform scheduling (~1 %): model term 4 %"))

# Theorem 3 vs the network (Q = 3): hole ignored and f_(Q) (typical MC: -4.6 %), Lemma 1's
# Gamma gains and cell-uniform targets (+7 % measured for the network vs the typical MC).
_SYS_THM3 = {"num_users": 2, "num_targets": 2, "cluster_size_sense": 3}
register_case(ValidationCase(
    id="nulling.system_rate_sense_thm3[K=2,J=2,Q=3]",
    description="R_s: Theorem 3 (18) with f_(Q) vs the system-level network simulation, K=2, J=2, Q=3, c=1",
    analytic=lambda: an.radar_rate_theorem3(1.0, 2, 3), monte_carlo=partial(_system_mc, _SYS_THM3, "rate_sense"),
    settings=_SYSTEM, quick_settings=_SYSTEM_QUICK, seed=1005, model_rel=0.08,
    tolerance_note="Theorem 3's hole/boundary approximations and Lemma 1's Gamma gains: model term 8 %"))


# -- the SIR distribution (#15): closed-form coverage vs the typical-user empirical CDF ----------------
def _sir_trial(rng, size, mt, k, cl):
    return {"sir": np.expm1(comm_rate_trial(rng, size, mt, k, cl, 0, 1, 4.0, 1e-6, num_exact=100)["rate_comm"])}


for _mt, _k, _cl in ((20, 1, 1), (20, 2, 3), (8, 1, 2)):
    register_distribution_case(DistributionCase(
        id=f"nulling.sir_cdf[Mt={_mt},K={_k},L={_cl}]",
        description=("P(SIR_c <= theta) of the typical user: 1 - sir_coverage_comm (Gamma(M) signal, Taylor "
                     "coefficients of the kernel, exact joint (r, eta_L) law) vs the Fig. 4 trial, theta in "
                     "-5..45 dB"),
        grid=partial(lambda: 10.0 ** (np.arange(-5.0, 45.1, 2.5) / 10.0)),
        analytic_cdf=partial(lambda x, mt, k, cl: 1.0 - an.sir_coverage_comm(x, mt, k, cl), mt=_mt, k=_k, cl=_cl),
        trial=partial(_sir_trial, mt=_mt, k=_k, cl=_cl),
        quantity="sir",
        quick_settings=MonteCarloSettings(batch_size=25_000, min_samples=100_000, max_samples=100_000),
        tolerance_note=("exact for the trial's model; its Campbell tail beyond the 100th interferer shifts the SIR "
                        "by < 1e-3 relative (below the sketch's resolution)"),
    ))
