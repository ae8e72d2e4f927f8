"""Claims of paper ``coop`` (000), sensing side (Section VI-A, Figs. 3–5)."""

from __future__ import annotations

from functools import partial

import numpy as np

from isacnet.analysis.coop import crlb_scaling_constant, expected_crlb, expected_gdop, kappa_sense
from isacnet.claims import Claim, ClaimResult, register_claim
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


def _tenfold(quick):
    m3, m6 = _gdop(3, quick), _gdop(6, quick)
    formula = float(expected_gdop(3) / expected_gdop(6))
    medians = m3.median / m6.median
    return ClaimResult(
        passed=medians >= 10 or formula >= 10,
        measured=(f"median GDoP ratio N=3/N=6: {medians:.1f}x; Prop. 1 (16): {formula:.1f}x; "
                  f"mean at N=3 is infinite (tail index {m3.tail_index:.2f})"),
        expected="GDoP(N=3) / GDoP(N=6) >= 10",
        note="E[GDoP] is infinite for N <= 3, so no expectation can show a finite tenfold gain (spec 000 §13).",
    )


def _ln2_law(quick):
    const = crlb_scaling_constant(1.0)
    ns = (10, 100, 300) if quick else (10, 100, 1000)
    mc = {n: run_monte_carlo(partial(_crlb_trial, n=n), seed=5, key=(n,),
                             settings=_settings(quick, 200_000, 40_000, 10_000))["crlb"].mean for n in ns}
    agree = {n: mc[n] / float(expected_crlb(n, 1.0)) for n in ns[1:]}
    big = (10, 100, 10**4, 10**6)
    law = [float(expected_crlb(n, 1.0)) * np.log(n) ** 2 / const for n in big]
    last = mc[ns[-1]] * np.log(ns[-1]) ** 2 / const
    return ClaimResult(
        passed=bool(abs(1 - last) < 0.2),
        measured=("E[CRLB] ln^2 N / const (MC): "
                  + ", ".join(f"{mc[n] * np.log(n) ** 2 / const:.3f} (N={n})" for n in ns)
                  + "; MC / eq. (45): " + ", ".join(f"{v:.3f} (N={n})" for n, v in agree.items())
                  + "; eq. (45) ln^2 N / const: "
                  + ", ".join(f"{v:.3f} (N=1e{int(np.log10(n))})" for n, v in zip(big, law))),
        expected="CRLB ln^2 N -> 2 / (|zeta|^2 lambda_b^2 pi^2) (Thm. 1 with the corrected constant)",
        note=("A limit law that simulation cannot reach: sum_{k != l} E[d_k]^-2 E[d_l]^-2 ~ (ln N + C)^2 with "
              "C ~ 0.9, so CRLB ln^2 N / const ~ (ln N / (ln N + C))^2 (0.88 at N = 1e6 by eq. (45)); the simulated "
              "ratio stays near 0.67-0.70 for N = 10..1000 (the nearest BS's heavy 1/d^2 term lowers E[1/S^2]). "
              "Pass criterion: within 20 % of the constant at the largest simulated N."),
    )


def _small_n_deviation(quick):
    dev = {}
    for n in (4, 6, 20):
        est = _crlb(n, quick, seed=6)
        dev[n] = abs(float(expected_crlb(n, 1.0, form="eq21")) - est.mean) / est.mean
    return ClaimResult(
        passed=dev[4] > dev[20] and dev[6] > dev[20],
        measured="|eq. (21) - MC| / MC: " + ", ".join(f"{100 * v:.0f} % (N={n})" for n, v in dev.items()),
        expected="closed form deviates for N <= 4, tight for larger N",
        note="E[CRLB] is infinite for N <= 3 and has infinite variance for N = 4, 5 (tail index (N-1)/2).",
    )


def _incremental(quick):
    r = {n: np.sqrt(_crlb(n, quick, seed=7).median) for n in (4, 10, 20)}
    early = (1 - r[10] / r[4]) / 6  # per added BS
    late = (1 - r[20] / r[10]) / 10
    return ClaimResult(
        passed=late < 0.5 * early,
        measured=f"root-median CRLB gain per added BS: {100 * early:.1f} % (N 4->10), {100 * late:.1f} % (N 10->20)",
        expected="substantial gains for small N, only incremental gains for N >= 10",
        note="Read as the marginal gain per cooperating BS; the 1/ln N law gives about a third beyond N = 10.",
    )


def _optimal_cluster(quick):
    ns = np.arange(6, 27, 2 if quick else 1)
    kappa = kappa_sense(ns, 1.0, 15)
    formula = ns[np.argmin(expected_crlb(ns, 1.0, kappa_sense=kappa, form="theorem1"))]  # Eq. (24)
    targets = 10_000 if quick else 50_000
    medians = []
    for n in ns:
        rng = np.random.default_rng(seed_sequence(OPTIMAL_CLUSTER_SEED, n))
        out = acceptance_network_trial(rng, targets, int(n), bs_density=1.0, target_density=1.0, max_load=15)
        medians.append(np.median(out["crlb"]))
    sim = ns[int(np.argmin(medians))]
    return ClaimResult(
        passed=abs(formula - 15) <= 2 and abs(sim - 15) <= 3,
        measured=f"argmin eq. (24) with Lemma 1: N={formula}; argmin system-level median CRLB: N={sim}",
        expected="optimal sensing cluster size N = psi = 15",
        note="The system-level optimum sits slightly below psi: declines start before the mean load reaches psi.",
    )


register_claim(Claim("coop.gdop_tenfold", "GDoP improves tenfold from N = 3 to N = 6 (Fig. 3)", _tenfold))
register_claim(Claim("coop.crlb_ln2_law", "root CRLB ~ 1/ln N: CRLB ln^2 N -> constant (Thm. 1)", _ln2_law))
register_claim(Claim("coop.closed_form_small_n", "closed form deviates slightly for N <= 4 (Fig. 4)",
                     _small_n_deviation))
register_claim(Claim("coop.incremental_beyond_10", "only incremental gains for N >= 10 (Fig. 4)", _incremental))
register_claim(Claim("coop.optimal_sensing_cluster",
                     "optimal cooperative sensing cluster size equals psi = 15 (Fig. 5)", _optimal_cluster))
