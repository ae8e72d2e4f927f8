"""Claims of paper ``coop`` (000), sensing side (Section VI-A, Figs. 3–5).

Each claim about the model is measured on its Monte Carlo (the model-level trials of
:mod:`isacnet.simulate.coop`); the paper's closed forms (Prop. 1, eq. (21), eq. (24)) are
reported next to it. Sensing uses the unit-free set-up of the figures: ``lambda_b = 1``,
``beta = 2``, ``|zeta|^2 = 1`` (the claims are ratios and argmins, which these do not change).
"""

from __future__ import annotations

from functools import partial

import numpy as np

from isacnet.analysis.coop import crlb_scaling_constant, expected_crlb, expected_gdop, kappa_sense
from isacnet.claims import Claim, Measurement, PaperValue, explained, register_claim, reproduced
from isacnet.simulate.coop import acceptance_network_trial, crlb_trial, gdop_trial
from isacnet.simulate.engine import MonteCarloSettings, run_monte_carlo, seed_sequence

OPTIMAL_CLUSTER_SEED = 8
"""Root seed of the system-level networks of the optimal-sensing-cluster claim (one stream per N)."""


def _settings(quick, n_full=400_000, n_quick=100_000, batch=20_000):
    n = n_quick if quick else n_full
    return MonteCarloSettings(batch_size=batch, min_samples=n, max_samples=n, target_rel_ci=0.0)


def _gdop(n, quick):
    return run_monte_carlo(partial(_gdop_trial, n=n), seed=3, key=(n,), settings=_settings(quick))["gdop"]


def _gdop_trial(rng, size, n):
    return gdop_trial(rng, size, n)


def _crlb(n, quick, seed=4):
    return run_monte_carlo(partial(_crlb_trial, n=n), seed=seed, key=(n,), settings=_settings(quick))["crlb"]


def _crlb_trial(rng, size, n):
    return crlb_trial(rng, size, n, bs_density=1.0, pathloss_exp_sense=2.0, zeta_sq=1.0)


# -- Fig. 3 ---------------------------------------------------------------------------------------
def _tenfold(quick: bool, profile: str) -> Measurement:
    m3, m6 = _gdop(3, quick), _gdop(6, quick)
    formula = float(expected_gdop(3) / expected_gdop(6))
    medians = m3.median / m6.median
    return Measurement(
        ours=f"{medians:.1f}× (medians)", number=round(medians, 3), agrees=bool(10 / 1.5 <= medians <= 10 * 1.5),
        detail=(f"Monte Carlo median GDoP N = 3 / N = 6: {medians:.2f}×; the mean at N = 3 is infinite "
                f"(tail index {m3.tail_index:.2f}; any finite sample's mean ratio depends on the sample size)"),
        approximation=f"Prop. 1 (16): {formula:.2f}×",
    )


register_claim(Claim(
    "coop.gdop_tenfold", "Fig. 3: increasing N from 3 to 6 gives a tenfold geometry gain (GDoP)",
    PaperValue("tenfold (10×)", 10.0, "×"),
    "within a factor 1.5 of 10 (6.7× … 15×): 'tenfold' is a round number",
    explained("erratum", "the paper's own Prop. 1 gives 5.7× and E[GDoP] is infinite at N = 3 (tail index "
                         "(N − 1)/2 = 1), so no expectation shows a finite tenfold gain; medians give about 4× "
                         "(spec 000 §13)"),
    _tenfold,
))


# -- Thm. 1 ---------------------------------------------------------------------------------------
def _ln2_law(quick: bool, profile: str) -> Measurement:
    const = crlb_scaling_constant(1.0)
    ns = (10, 100, 300) if quick else (10, 100, 1000)
    mc = {n: run_monte_carlo(partial(_crlb_trial, n=n), seed=5, key=(n,),
                             settings=_settings(quick, 200_000, 40_000, 10_000))["crlb"].mean for n in ns}
    ratios = {n: mc[n] * np.log(n) ** 2 / const for n in ns}
    big = (10, 100, 10**4, 10**6)
    law = [float(expected_crlb(n, 1.0)) * np.log(n) ** 2 / const for n in big]
    last = ratios[ns[-1]]
    return Measurement(
        ours=f"{last:.2f} at N = {ns[-1]}", number=round(float(last), 4), agrees=bool(abs(1 - last) <= 0.2),
        detail="Monte Carlo E[CRLB] ln²N / constant: " + ", ".join(f"{v:.3f} (N = {n})" for n, v in ratios.items()),
        approximation="eq. (45): " + ", ".join(f"{v:.3f} (N = 1e{int(np.log10(n))})" for n, v in zip(big, law)),
    )


register_claim(Claim(
    "coop.crlb_ln2_law", "Thm. 1: root CRLB ~ 1/ln N, i.e. CRLB ln²N → 2/(|ζ|²λ_b²π²)",
    PaperValue("CRLB ln²N / constant → 1", 1.0, "×"),
    "within 20 % of the constant at the largest simulated N (a limit law: the reading at finite N)",
    explained("approximation", "a limit law: Σ_{k≠l} E[d_k]⁻²E[d_l]⁻² ~ (ln N + C)² with C ≈ 0.9, so the ratio is "
                               "≈ (ln N/(ln N + C))²: 0.72 at N = 100 and 0.88 at N = 1e6 by eq. (45); the simulated "
                               "ratio stays near 0.67–0.71 for N = 10 … 1000"),
    _ln2_law,
))


# -- Fig. 4 ---------------------------------------------------------------------------------------
def _small_n_deviation(quick: bool, profile: str) -> Measurement:
    dev, cells = {}, []
    for n in (4, 6, 10, 20):
        est = _crlb(n, quick, seed=6)
        closed = float(expected_crlb(n, 1.0, form="eq21"))
        dev[n] = np.sqrt(closed / est.mean) - 1.0  # Fig. 4 plots the root CRLB
        cells.append(f"N = {n}: eq. (21) {closed:.4f}, Monte Carlo {est.mean:.4f} ± {est.std_error:.4f} "
                     f"(tail index {est.tail_index:.1f})")
    agrees = abs(dev[4]) <= 0.10 and all(abs(dev[n]) <= 0.05 for n in (6, 10, 20))
    return Measurement(
        ours="root CRLB of eq. (21) vs Monte Carlo: " + ", ".join(f"{100 * v:+.0f} % (N = {n})"
                                                                   for n, v in dev.items()),
        number=tuple(round(float(v), 4) for v in dev.values()), agrees=bool(agrees), detail="; ".join(cells),
        approximation="eq. (21) is the paper's approximation (Theorem 1); the Monte Carlo is the model",
    )


register_claim(Claim(
    "coop.closed_form_small_n",
    "Fig. 4: Theorem 1 is a remarkably tight approximation, especially for larger N; a slight deviation for N ≤ 4",
    PaperValue("slight deviation for N ≤ 4, tight for larger N (Fig. 4, root CRLB)"),
    "'slight': root CRLB within 10 % of the Monte Carlo at N = 4; 'tight': within 5 % at N = 6, 10, 20",
    explained("approximation", "eq. (21) replaces the expectation of the trigonometric terms; its root CRLB is "
                               "about 30 % below the Monte Carlo mean at N = 4 and 15 % at N = 6, tight only from "
                               "N ≈ 10. The CRLB has tail index (N − 1)/2 (infinite variance for N = 4, 5): a short "
                               "simulation's average falls below the mean, which may be what Fig. 4 shows"),
    _small_n_deviation,
))


def _incremental(quick: bool, profile: str) -> Measurement:
    r = {n: np.sqrt(_crlb(n, quick, seed=7).median) for n in (4, 10, 20)}
    early = (1 - r[10] / r[4]) / 6  # per added BS
    late = (1 - r[20] / r[10]) / 10
    return Measurement(
        ours=f"{100 * early:.1f} % per BS (N 4 → 10) vs {100 * late:.1f} % (10 → 20)",
        number=(round(float(early), 4), round(float(late), 4)), agrees=bool(late < 0.5 * early),
        detail="root median CRLB (Monte Carlo): " + ", ".join(f"{v:.4f} (N = {n})" for n, v in r.items()),
    )


register_claim(Claim(
    "coop.incremental_beyond_10", "Fig. 4: substantial gains for small N, only incremental gains for N ≥ 10",
    PaperValue("only incremental gains for N ≥ 10 (Fig. 4)"),
    "marginal root-CRLB gain per added BS beyond N = 10 below half of that from N = 4 to 10",
    reproduced("the 1/ln N law gives about a third of the early gain per BS beyond N = 10"),
    _incremental,
))


# -- Fig. 5 ---------------------------------------------------------------------------------------
def _optimal_cluster(quick: bool, profile: str) -> Measurement:
    ns = list(range(10, 21) if quick else range(6, 27))  # both contain the N the claim names, psi = 15
    kappa = kappa_sense(np.asarray(ns), 1.0, 15)
    formula = ns[int(np.argmin(expected_crlb(np.asarray(ns), 1.0, kappa_sense=kappa, form="theorem1")))]  # (24)
    targets = 10_000 if quick else 50_000
    medians = []
    for n in ns:
        rng = np.random.default_rng(seed_sequence(OPTIMAL_CLUSTER_SEED, n))
        out = acceptance_network_trial(rng, targets, n, bs_density=1.0, target_density=1.0, max_load=15)
        medians.append(np.median(out["crlb"]))
    roots = np.sqrt(np.asarray(medians))
    sim = ns[int(np.argmin(roots))]
    at15 = roots[ns.index(15)] / roots.min() - 1
    return Measurement(
        ours=f"N* = {sim} (system-level Monte Carlo)", number=float(sim), agrees=abs(sim - 15) <= 1,
        detail=(f"root median CRLB over N = {ns[0]} … {ns[-1]} ({targets} targets per N); at N = 15 it is "
                f"{100 * at15:.1f} % above the minimum"),
        approximation=f"argmin eq. (24) with Lemma 1: N = {formula}",
    )


register_claim(Claim(
    "coop.optimal_sensing_cluster", "Fig. 5: the optimal cooperative sensing cluster size equals ψ = 15",
    PaperValue("N* = ψ = 15", 15.0, ""),
    "|N* − 15| ≤ 1: one step either side; the minimum is flat (the root median CRLB at N = 15 is within 3 % of it)",
    reproduced("the system-level optimum sits one step below ψ: declines start before the mean load reaches ψ"),
    _optimal_cluster,
))
