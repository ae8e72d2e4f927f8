"""Claims of paper ``nulling`` (001), checked with the corrected closed forms (spec 001 §7).

Every measurement is deterministic (closed forms; the Monte Carlo one is seeded). Claims
about the rate use Theorem 1, the exact expression (it matches the Monte Carlo in
``isacnet validate``), with Theorem 2, the paper's approximation, next to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np

from isacnet.analysis import nulling as an
from isacnet.claims import (
    Claim,
    Expected,
    Measurement,
    PaperValue,
    explained,
    profile_fields,
    register_claim,
    reproduced,
)
from isacnet.models.nulling import NullingModel
from isacnet.optimization import nulling as opt
from isacnet.simulate.engine import MonteCarloSettings, run_monte_carlo
from isacnet.simulate.nulling import radar_rate_trial

_LAM = 1e-6  # 1 / km², Sec. VI


def _model(profile: str, **fields) -> NullingModel:
    return NullingModel(**{**profile_fields("nulling", profile, NullingModel), **fields})


def _region_params(profile: str, **fields):
    """``nulling.region``'s parameters under ``profile`` (its boundary law of Theorem 3 and region search)."""
    from isacnet.experiments.nulling.region import RegionParams

    return RegionParams(**{**profile_fields("nulling", profile, RegionParams), **fields})


def _front(profile: str, num_tx_antennas: int, metric: Literal["ase", "rate"] = "ase",
           link_constraints: tuple[int, int] = (1, 1)):
    """Region boundary of Sec. VI-C: J_max = 5, c = 1, alpha = 4, beta = 2, 1 BS/km²; the boundary law of
    Theorem 3 and the region search from ``profile`` (``nulling.region``'s fields)."""
    p = _region_params(profile, num_tx_antennas=num_tx_antennas, max_targets=5, metric=metric,
                       link_constraints=link_constraints)
    return opt.region_boundary(p.physics(), p.search(), p.method)


def _profile_note(profile: str) -> str:
    p = _region_params(profile)
    law = {"paper": "f_(Q)", "slivnyak": "f_(Q-1)"}[p.sense_boundary]
    return f"profile {profile}: {p.method} region search, boundary law {law}"


def _best_kl(mt: int, method: str) -> tuple[int, int, float]:
    """argmax over (K, L) of the communication ASE K R_c (Theorem 1: exact; Theorem 2: its approximation)."""
    f = an.rate_comm_theorem1 if method == "thm1" else an.rate_comm_theorem2
    best = max((k * f(mt, k, cl), k, cl) for cl in range(1, mt + 1) for k in range(1, mt // cl + 1))
    return best[1], best[2], best[0]


def _comm_optimum(quick: bool, profile: str) -> Measurement:
    k1, l1, _ = _best_kl(20, "thm1")
    k2, l2, _ = _best_kl(20, "thm2")
    lemma2 = an.optimal_num_users(20)
    return Measurement(
        ours=f"K = {k1}, L = {l1} (Theorem 1, brute force over (K, L))", number=(float(k1), float(l1)),
        agrees=(k1, l1) == (12, 1),
        approximation=(f"Theorem 2: K = {k2}, L = {l2}; Lemma 2: v* = {lemma2.load_ratio:.3f} → "
                       f"K* = {lemma2.num_users_continuous:.2f} → {lemma2.num_users}"),
    )


def _load_ratio(quick: bool, profile: str) -> Measurement:
    exact = {mt: _best_kl(mt, "thm1")[0] / mt for mt in (10, 20)}
    approx = {mt: _best_kl(mt, "thm2")[0] / mt for mt in (10, 20)}
    v = an.optimal_load_ratio(1, 4.0)
    return Measurement(
        ours=f"{exact[10]:.0%} (M_t = 10), {exact[20]:.0%} (M_t = 20), Theorem 1",
        number=(round(100 * exact[10], 1), round(100 * exact[20], 1)),
        agrees=all(abs(r - 0.6) <= 0.1 + 1e-12 for r in exact.values()),
        approximation=(f"Theorem 2: {approx[10]:.0%}, {approx[20]:.0%}; Lemma 2 v* = K/(M_t + 1) = {v:.3f}"),
    )


def _hole(quick: bool, profile: str) -> Measurement:
    with_hole = an.radar_rate_prop3(1.0, 2, 4.0, 2.0, _LAM)
    no_hole = an.radar_rate_prop3(1.0, 2, 4.0, 2.0, _LAM, hole=False)
    settings = MonteCarloSettings(batch_size=20_000, min_samples=40_000 if quick else 200_000,
                                  max_samples=40_000 if quick else 200_000, target_rel_ci=0.0)
    mc = run_monte_carlo(_hole_trial, seed=7, key=(1,), settings=settings)["rate_sense"]
    under = 1 - no_hole / mc.mean
    return Measurement(
        ours=f"{under:.1%} (vs Monte Carlo)", number=round(100 * under, 2), agrees=bool(0.10 <= under <= 0.20),
        detail=f"K = 2, c = 1: Monte Carlo R_s {mc.mean:.3f} ± {mc.std_error:.3f}, without the hole {no_hole:.3f}",
        approximation=f"Prop. 3 (corrected, α/β un-swapped, spec 001 §4.1): {with_hole:.3f}",
    )


def _hole_trial(rng, size):
    return radar_rate_trial(rng, size, 1.0, 2, 1, 4.0, 2.0, _LAM, num_points=128)


def _sense_curve(c: float, boundary: Literal["paper", "slivnyak"] = "paper") -> dict[int, float]:
    out = {}
    for q in range(1, 21):
        j = 10 if q == 1 else min(10, 19 // (q - 1))
        if j >= 1:
            out[q] = an.ase_sense(_LAM, j, an.radar_rate(c, 1, q, 4.0, 2.0, _LAM, boundary=boundary))
    return out


def _rise_fall(quick: bool, profile: str) -> Measurement:
    curve = _sense_curve(1.0)
    qs = sorted(curve)
    qstar = max(curve, key=lambda q: curve[q])
    return Measurement(
        ours=f"peak at Q = {qstar}", number=float(qstar), agrees=qs[0] < qstar < qs[-1],
        detail=(f"M_t = 20, K = L = 1, M_r = 10, J = min(J_max, (M_t − 1)//(Q − 1)), J_max = 10: T_s(Q = {qstar}) = "
                f"{curve[qstar] * 1e6:.2f} vs T_s(Q = 1) = {curve[1] * 1e6:.2f} nats/s/Hz/km²"),
    )


def _twice(quick: bool, profile: str) -> Measurement:
    curve = _sense_curve(4.0, _region_params(profile).sense_boundary)
    ratio = max(curve.values()) / curve[1]
    return Measurement(ours=f"{ratio:.2f}×", number=round(ratio, 3), agrees=bool(1.8 <= ratio <= 2.2),
                       detail=f"M_r = 40 (c = 4), J = min(J_max, (M_t − 1)//(Q − 1)), corrected Theorem 3 "
                              f"({_profile_note(profile)})")


def _rate_region(quick: bool, profile: str) -> Measurement:
    gains = {mt: opt.time_sharing_gain(_front(profile, mt, "rate")).sense_gain for mt in (10, 20)}
    paper = {10: 0.38, 20: 0.67}
    return Measurement(
        ours=f"+{gains[10]:.0%} (M_t = 10), +{gains[20]:.0%} (M_t = 20)",
        number=(round(100 * gains[10], 1), round(100 * gains[20], 1)),
        agrees=all(abs(gains[m] - paper[m]) <= 0.10 for m in gains),
        detail=f"J_max = 5, Theorem 2 for R_c; 'up to' read as the largest gain along the boundary "
               f"({_profile_note(profile)})",
    )


def _ase_region(quick: bool, profile: str) -> Measurement:
    g = {mt: opt.time_sharing_gain(_front(profile, mt)) for mt in (30, 40)}
    paper = {30: 0.33, 40: 0.48}
    return Measurement(
        ours=f"+{g[30].comm_gain:.0%} (M_t = 30), +{g[40].comm_gain:.0%} (M_t = 40)",
        number=(round(100 * g[30].comm_gain, 1), round(100 * g[40].comm_gain, 1)),
        agrees=all(abs(g[m].comm_gain - paper[m]) <= 0.10 for m in g),
        detail=f"sensing gains +{g[30].sense_gain:.0%}, +{g[40].sense_gain:.0%}; larger for larger M_t: "
               f"{g[40].comm_gain > g[30].comm_gain} ({_profile_note(profile)})",
    )


def _comm_gains_more(quick: bool, profile: str) -> Measurement:
    g = {mt: opt.time_sharing_gain(_front(profile, mt)) for mt in (20, 30, 40)}
    ok = all(g[m].comm_gain > g[m].sense_gain for m in g) and g[40].comm_gain > g[30].comm_gain > g[20].comm_gain
    return Measurement(
        ours="; ".join(f"M_t = {m}: T_c +{g[m].comm_gain:.0%}, T_s +{g[m].sense_gain:.0%}" for m in g), agrees=ok,
        detail=_profile_note(profile))


def _theorem2_tight(quick: bool, profile: str) -> Measurement:
    ks = range(1, 7)  # Fig. 4: K = 1 ... 6, M_t = 20
    gaps = {cl: max(abs(an.rate_comm_theorem2(20, k, cl) / an.rate_comm_theorem1(20, k, cl) - 1) for k in ks)
            for cl in (1, 2, 3)}
    ok = all(v <= 0.10 for v in gaps.values()) and gaps[1] < min(gaps[2], gaps[3])
    return Measurement(
        ours="largest |Theorem 2 / Theorem 1 − 1| over K = 1…6: " + ", ".join(
            f"{v:.1%} (L = {c})" for c, v in gaps.items()),
        number=tuple(round(100 * v, 2) for v in gaps.values()), agrees=ok,
        detail="M_t = 20; Theorem 1 is the exact rate (it matches the Monte Carlo, isacnet validate)",
    )


def _no_comm_nulling(quick: bool, profile: str) -> Measurement:
    out: list[tuple[float, int]] = []
    approx: list[tuple[float, int]] = []
    for pathloss_exp in (2.05, 3.0, 4.0):
        for f, dest in ((an.rate_comm_theorem1, out), (an.rate_comm_theorem2, approx)):
            best = max((k * f(20, k, cl, 0, 1, pathloss_exp), cl)
                       for cl in range(1, 21) for k in range(1, 20 // cl + 1))
            dest.append((pathloss_exp, best[1]))
    return Measurement(
        ours="L* = " + ", ".join(f"{cl} (α = {a})" for a, cl in out) + " (Theorem 1, M_t = 20)",
        agrees=all(cl == 1 for _, cl in out),
        approximation="Theorem 2: L* = " + ", ".join(f"{cl} (α = {a})" for a, cl in approx),
    )


def _constraints(quick: bool, profile: str) -> Measurement:
    fronts = {lc: _front(profile, 30, link_constraints=lc) for lc in ((1, 1), (2, 2), (3, 3))}
    base = fronts[(1, 1)]
    shrink = True
    for lc in ((2, 2), (3, 3)):
        lv = np.array([r.comm for r in fronts[lc]])
        shrink &= bool(np.all(opt.region_value_at(base, lv) >= np.array([r.sense for r in fronts[lc]]) - 1e-15))
    gains = {lc: opt.time_sharing_gain(f).sense_gain for lc, f in fronts.items()}
    return Measurement(
        ours="T_s gain over time sharing " + ", ".join(f"+{g:.0%} {lc}" for lc, g in gains.items())
             + f"; region shrinks: {shrink}",
        number=tuple(round(100 * g, 1) for g in gains.values()),
        agrees=bool(shrink and gains[(1, 1)] >= gains[(2, 2)] >= gains[(3, 3)]),
        detail=f"M_t = 30, J_max = 5, (L_th, Q_th) as listed ({_profile_note(profile)})",
    )


def _weighted_direction(quick: bool, profile: str) -> Measurement:
    front = _front(profile, 20)
    rhos = np.linspace(0, 1, 11)
    best = [opt.max_weighted_sum(front, rho) for rho in rhos]
    tc = np.array([b.comm for b in best])
    ts = np.array([b.sense for b in best])
    sense_up, comm_down = bool(np.all(np.diff(ts) >= 0)), bool(np.all(np.diff(tc) <= 0))
    return Measurement(
        ours=(f"as ρ grows from 0 to 1, T_s {ts[0] * 1e6:.2f} → {ts[-1] * 1e6:.2f} and T_c {tc[0] * 1e6:.2f} → "
              f"{tc[-1] * 1e6:.2f} nats/s/Hz/km²"),
        agrees=sense_up and comm_down and ts[-1] > ts[0],
        detail="M_t = 20, J_max = 5; (P1) with T^ASE = ρ T_c + (1 − ρ) T_s (24), by the boundary and checked by "
               f"enumeration in the tests ({_profile_note(profile)})",
    )


_Measure = Callable[[bool, str], Measurement]
_ClaimRow = (tuple[str, str, PaperValue, str, Expected, _Measure]
             | tuple[str, str, PaperValue, str, Expected, _Measure, dict[str, Expected]])
_CLAIMS: tuple[_ClaimRow, ...] = (
    ("nulling.comm_optimum_k12_l1", "Fig. 6: the optimal communication ASE is at K = 12, L = 1 (M_t = 20)",
     PaperValue("K = 12, L = 1", (12.0, 1.0)), "exact (integers)", reproduced(), _comm_optimum),
    ("nulling.load_ratio_60pct", "Fig. 5 / Lemma 2: at the optimum K/M_t is about 60 % for M_t = 10 and 20",
     PaperValue("≈ 60 %", 60.0, "%"), "±10 points: one step of K at M_t = 10",
     reproduced("Theorem 2 gives 70 % at M_t = 10 (K = 7), the exact Theorem 1 60 %"), _load_ratio),
    ("nulling.hole_15pct", "Fig. 7: ignoring the interference hole under-estimates R_s by about 15 %",
     PaperValue("≈ 15 %", 15.0, "%"), "10–20 %: 'about', read off Fig. 7; Monte Carlo SE ≈ 0.7 points",
     reproduced(), _hole),
    ("nulling.sense_ase_rise_fall", "Fig. 8: T_s first increases then decreases with Q",
     PaperValue("T_s rises then falls with Q (Fig. 8)"), "the peak lies strictly inside Q = 1 … 20", reproduced(),
     _rise_fall),
    ("nulling.sense_ase_twice_mr40", "Fig. 8: with M_r = 40, up to twice the ASE of Q = 1",
     PaperValue("2×", 2.0, "×"), "1.8–2.2× (±10 %, read off Fig. 8)",
     explained("unstated parameter", "how J shrinks with Q in Fig. 8 is not stated; with J = min(J_max, "
                                     "(M_t − 1)//(Q − 1)) and the corrected Theorem 3 the peak gain is about 1.4× "
                                     "(1.3× with the paper profile's f_(Q−1)), and it falls as the radar gain grows: "
                                     "at M_t = 20 it reaches 2 only for |ξ|² ≈ 1e-4, three decades below the stated "
                                     "0.1 (docs/calibration.md)"), _twice, {}),
    ("nulling.rate_region_gain_38_67", "Fig. 9: at the same R_c, R_s is 38 % / 67 % above time sharing "
     "(M_t = 10 / 20)", PaperValue("+38 % and +67 %", (38.0, 67.0), "%"), "±10 points, read off Fig. 9",
     reproduced("'up to' read as the largest gain along the boundary; held out by the paper profile"), _rate_region,
     {}),
    ("nulling.ase_region_gain_33_48", "Fig. 10: T_c up to 33 % / 48 % above time sharing (M_t = 30 / 40)",
     PaperValue("+33 % and +48 %", (33.0, 48.0), "%"), "±10 points, read off Fig. 10",
     explained("unstated parameter", "the law of the nulling boundary in Theorem 3 (f_(Q) or f_(Q−1), spec 001 §4.2) "
                                     "and the region search are not fixed by the paper; ours (f_(Q), every (K, L) with "
                                     "its best (J, Q)) gives larger gains; the ordering holds"), _ase_region,
     {"expected_paper": reproduced("the paper profile (the Slivnyak law f_(Q−1) and the paper's region search) is "
                                   "fitted on these two numbers (docs/calibration.md)")}),
    ("nulling.comm_gains_more_than_sense", "Fig. 10: the region grows with M_t and communication gains more than "
     "sensing", PaperValue("T_c gain > T_s gain, growing with M_t (Fig. 10)"),
     "at M_t = 20, 30, 40: T_c gain above T_s gain, and increasing with M_t", reproduced(), _comm_gains_more, {}),
    ("nulling.theorem2_tight", "Fig. 4: the gap between Theorem 2 and the simulation is quite small, smaller for L = 1",
     PaperValue("Theorem 2 quite tight, tighter for L = 1 (Fig. 4)"),
     "'quite tight': within 10 % of the exact rate at every (K, L) of Fig. 4; the smallest gap at L = 1",
     explained("approximation", "Theorem 2 (the MISR-gain approximation) is within 2.5 % at L = 1 but 12–16 % "
                                "off the exact Theorem 1 (which matches the Monte Carlo) at L = 2, 3"),
     _theorem2_tight),
    ("nulling.no_comm_nulling", "Props. 1-2: no communication nulling (L* = 1) at the ASE optimum",
     PaperValue("L* = 1 for α → 2 (Prop. 1) and α = 4 (Prop. 2)", 1.0), "exact (integers); α = 3 checked too",
     reproduced(), _no_comm_nulling),
    ("nulling.link_constraints_shrink", "Fig. 11: stricter link constraints shrink the region and the gain over time "
     "sharing", PaperValue("region and gain over time sharing shrink with (L_th, Q_th) (Fig. 11)"),
     "region of (2, 2) and (3, 3) inside that of (1, 1), and the relative T_s gain non-increasing",
     explained("model difference", "the region shrinks as stated, but with the corrected Theorem 3 (spec 001 §4.1) "
                                   "the time-sharing corners move too: the relative gain is not monotone (about +30 %, "
                                   "+160 %, +66 %); also with the paper profile"), _constraints, {}),
    ("nulling.weighted_sum_direction", "Fig. 12: as ρ increases, the sensing/communication ASE increases/decreases "
     "monotonically", PaperValue("T_s rises and T_c falls with ρ (Fig. 12)"),
     "T_s non-decreasing and T_c non-increasing in ρ at the (P1) optimum, T_s(1) > T_s(0)",
     explained("erratum", "the text contradicts its own (24), T^ASE = ρ T_c + (1 − ρ) T_s: ρ weights communication, "
                          "so the optimum's T_c rises and T_s falls with ρ. (The other Fig. 12 statement, T^ASE below "
                          "the larger single-function ASE, holds for any convex combination and is not a claim.)"),
     _weighted_direction, {}),
)
"""(id, statement, paper value, tolerance, expected verdict, measure[, profile options]): a claim with the
options (a dict, possibly empty) depends on the nulling profile (``profiled``), with ``expected_paper`` where
the paper profile changes its verdict."""
for _id, _stmt, _value, _tol, _expected, _fn, *_profiled in _CLAIMS:
    register_claim(Claim(_id, _stmt, _value, _tol, _expected, _fn, profiled=bool(_profiled),
                         **(_profiled[0] if _profiled else {})))
