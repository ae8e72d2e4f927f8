"""Claims of paper ``power`` (003), Section V, checked on our reconstruction.

The letter states its numbers for one unspecified network realisation and channel model
(spec 003 §1, §4 [?]). Each check measures the statement on the built-in scenario's network
(the realisation the runner draws for ``power-fig2b`` / ``power-fig2c``, or for the detection
claim ``power-fig2a``'s network) and, where the statement depends on that realisation, also
reports the distribution over independent drops of the same model.
A statement the reconstruction does not reproduce is declared *not reproduced – explained*
(unstated parameter: the letter's channel model), not tuned.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize

from isacnet.analysis.power import sensing_snr_large_n, sensing_snr_variance_unit_modulus, sum_rate_bits
from isacnet.claims import (
    Claim,
    Measurement,
    PaperValue,
    explained,
    profile_fields,
    profile_scenario,
    register_claim,
    reproduced,
)
from isacnet.experiments.power import (
    ALLOCATION,
    DETECTION,
    AllocationParams,
    DetectionParams,
    allocation_problem,
    evaluate_allocation,
)
from isacnet.metrics.detection import detection_probability
from isacnet.models.power import PowerModel
from isacnet.optimization.power import (
    PowerAllocationProblem,
    allocate_ppa,
    min_budget_equal_power,
    min_total_power,
)
from isacnet.runner import evaluate_generator, realisation
from isacnet.units import db_to_linear, linear_to_db

__all__ = ["epa_budget_for_rate_db", "ensemble_problems", "figure_generator", "ENSEMBLE_SEED"]

ENSEMBLE_SEED = 20250101
"""Seed of the independent drops over which the network-dependent claims are also reported."""


def figure_generator(p: AllocationParams, scenario: str = "power-fig2b", profile: str = "spec") -> np.random.Generator:
    """The generator the runner gives ``power.allocation``'s ``evaluate`` at ``p`` in a built-in scenario.

    The stream is keyed by the scenario's seed and ``p.network_seed`` alone
    (``shared_stream_fields``), so its first draw is the network of that scenario's figure.
    """
    seed = profile_scenario(scenario, profile=profile).seed
    return evaluate_generator(ALLOCATION, p, seed, 0)


def _params(profile: str, **fields) -> AllocationParams:
    """``power.allocation``'s parameters under ``profile`` with ``fields`` set."""
    return AllocationParams(**{**profile_fields("power", profile, AllocationParams), **fields})


def _evaluate(p: AllocationParams, profile: str) -> dict[str, float]:
    """``evaluate_allocation`` at ``p`` on the built-in figures' network (as ``isacnet run`` computes it)."""
    return evaluate_allocation(p, figure_generator(p, profile=profile))


def _problem(p: AllocationParams, profile: str) -> PowerAllocationProblem:
    """Problem (13) at ``p`` on the built-in figures' network."""
    return allocation_problem(p, figure_generator(p, profile=profile))


def ensemble_problems(num_drops: int, budget_db: float, seed: int = ENSEMBLE_SEED,
                      profile: str = "spec") -> list[PowerAllocationProblem]:
    """Problem (13) for ``num_drops`` independent drops of the built-in model (Section V requirements)."""
    model = PowerModel(**{**profile_fields("power", profile, PowerModel), "power_budget_db": budget_db})
    net = model.draw_network(np.random.default_rng(seed), num_drops)
    return [PowerAllocationProblem.from_model(model, net.gains_comm[k], net.gains_sense[k]) for k in range(num_drops)]


def _feasible_from(watts: float) -> str:
    if np.isfinite(watts):
        return f"from {float(linear_to_db(watts)):.2f} dB"
    return "at no budget (its rate floors cannot all hold: interference-limited)"


def epa_budget_for_rate_db(problem: PowerAllocationProblem, rate_bits: float) -> float:
    """Smallest budget [dB re 1 W] at which equal powers are feasible and reach ``rate_bits`` (``inf`` if never).

    The EPA sum rate increases with the budget (every SINR does) but saturates at the
    interference-limited value, so a rate above that limit is never reached.
    """
    start = min_budget_equal_power(problem)
    if not np.isfinite(start):
        return math.inf
    num = problem.num_cells

    def rate(db):
        return float(sum_rate_bits(np.full(num, db_to_linear(db) / num), problem.gains_comm, problem.noise_comm))

    lo = float(linear_to_db(start))
    if rate(lo) >= rate_bits:
        return lo
    hi = lo + 80.0
    if rate(hi) < rate_bits:
        return math.inf
    return optimize.brentq(lambda d: rate(d) - rate_bits, lo, hi, xtol=1e-6)


# -- 1. Fig. 2(a): theory vs simulation ---------------------------------------------------------
def _check_pod(quick: bool, profile: str) -> Measurement:
    from isacnet.parallel import SerialExecutor
    from isacnet.runner import compute_dataset

    scn = profile_scenario("power-fig2a", quick=quick, profile=profile)
    ds = compute_dataset(scn, SerialExecutor())
    worst, worst_ratio, n_points = 0.0, 0.0, 0
    for pb in ds["power_budget_db"].values:
        for t in ds["target_index"].values:
            p = DetectionParams(**{**scn.params, "power_budget_db": float(pb), "target_index": int(t)})
            sel = ds.sel(power_budget_db=pb, target_index=t)
            theory = float(sel["value"].sel(series="large_n"))
            sim = float(sel["value"].sel(series="glrt_mc"))
            n = int(sel["n_samples"].sel(series="glrt_mc"))
            # binomial SE at the larger of the two proportions' variances (the sample SE is 0 when every
            # trial detected or none did)
            se = math.sqrt(max(theory * (1 - theory), sim * (1 - sim)) / n)
            # model term of the large-N form: twice the Jensen term (see validation.power)
            gains = realisation(DETECTION, p, scn.seed, 0).gains_sense[0][:, [p.target_index]]
            s = float(sensing_snr_large_n(p.transmit_powers(), gains, p.noise_sense, p.num_samples)[0])
            var = float(sensing_snr_variance_unit_modulus(p.transmit_powers(), gains, p.noise_sense,
                                                          p.num_samples)[0])
            delta = p.detection_threshold
            eps = 1e-2 * max(s, 1e-6)
            f = [float(detection_probability(max(x, 0.0), delta, p.num_cells)) for x in (s - eps, s, s + eps)]
            model = abs((f[2] - 2 * f[1] + f[0]) / eps**2 * var)
            tol = 4 * se + model + 1e-12
            diff = abs(sim - theory)
            worst = max(worst, diff)
            worst_ratio = max(worst_ratio, diff / tol)
            n_points += 1
    return Measurement(
        ours=f"largest |simulation − theory| = {worst:.4f} ({worst_ratio:.2f} of its tolerance)",
        number=round(worst, 5), agrees=worst_ratio <= 1.0,
        detail=(f"GLRT simulation vs the large-N form of eq. (12) at {n_points} points of power-fig2a "
                f"({int(ds['n_samples'].sel(series='glrt_mc').min())} trials each)"),
    )


# -- 2. Fig. 2(b): only PPA feasible at 9 dB ------------------------------------------------------
def _state(res: dict, scheme: str) -> str:
    return "feasible" if res[f"{scheme}_feasible"] else "infeasible"


def _check_only_ppa_at_9db(quick: bool, profile: str) -> Measurement:
    p = _params(profile, power_budget_db=9.0)
    res = _evaluate(p, profile)
    problem = _problem(p, profile)
    ppa_w, epa_w = min_total_power(problem)[0], min_budget_equal_power(problem)
    ok = res["ppa_feasible"] == 1.0 and res["epa_feasible"] == 0.0 and res["rpa_feasible"] == 0.0
    num = 60 if quick else 300
    windows, at9 = [], 0
    for pr in ensemble_problems(num, 9.0, profile=profile):
        a, b = min_total_power(pr)[0], min_budget_equal_power(pr)
        if np.isfinite(a):
            windows.append(float(linear_to_db(b) - linear_to_db(a)) if np.isfinite(b) else math.inf)
            at9 += bool(a <= pr.power_budget < b)
    w = np.asarray(windows)
    return Measurement(
        ours=f"at 9 dB PPA {_state(res, 'ppa')}, EPA {_state(res, 'epa')}, RPA {_state(res, 'rpa')}",
        agrees=bool(ok),
        detail=(f"built-in network: PPA feasible {_feasible_from(ppa_w)}, EPA {_feasible_from(epa_w)}. Over {num} "
                f"drops: a PPA-only window exists in {np.mean(w > 0):.0%} (median width {np.median(w):.2f} dB); "
                f"9 dB lies in it in {at9 / num:.0%}. PPA is feasible whenever EPA is, so a PPA-only window always "
                "exists; where it lies in dB depends on the channel model"),
    )


# -- 3. Fig. 2(b): 4 dB gain ------------------------------------------------------------------------
def _check_gain(quick: bool, profile: str) -> Measurement:
    problem = _problem(_params(profile, power_budget_db=15.0), profile)
    ppa = allocate_ppa(problem)
    gain = epa_budget_for_rate_db(problem, ppa.sum_rate_bits) - 15.0 if ppa.feasible else math.nan
    if not ppa.feasible:
        ours = "PPA is infeasible at 15 dB"
    elif np.isfinite(gain):
        ours = f"{gain:.2f} dB (PPA at 15 dB reaches {ppa.sum_rate_bits:.3f} bits/s/Hz; EPA needs {15.0 + gain:.2f} dB)"
    else:
        ours = (f"none: PPA at 15 dB reaches {ppa.sum_rate_bits:.3f} bits/s/Hz; EPA never does (its rate constraints "
                "or its interference-limited sum rate stop it)")
    num = 30 if quick else 150
    gains = []
    for pr in ensemble_problems(num, 15.0, profile=profile):
        r = allocate_ppa(pr)
        if r.feasible:
            gains.append(epa_budget_for_rate_db(pr, r.sum_rate_bits) - 15.0)
    g = np.asarray(gains)
    finite = g[np.isfinite(g)]
    q25, q50, q75 = np.percentile(finite, [25, 50, 75])
    return Measurement(
        ours=ours, number=float(gain), agrees=bool(np.isfinite(gain) and 3.0 <= gain <= 5.0),
        detail=(f"over {g.size} drops feasible at 15 dB: EPA never reaches PPA's rate (interference-limited) in "
                f"{np.mean(~np.isfinite(g)):.0%}; in the others the gain has median {q50:.2f} dB, quartiles "
                f"{q25:.2f}/{q75:.2f} dB, {np.mean((finite >= 3) & (finite <= 5)):.0%} within 3 to 5 dB"),
    )


# -- 4. Fig. 2(b): PPA best, gap grows ----------------------------------------------------------------
def _best_other(row: dict) -> float:
    return max(row["epa"] if row["epa_feasible"] else -np.inf, row["rpa"] if row["rpa_feasible"] else -np.inf)


def _check_ppa_best(quick: bool, profile: str) -> Measurement:
    budgets = np.arange(13.0, 26.0, 2.0 if quick else 1.0)
    rows = [_evaluate(_params(profile, power_budget_db=float(b)), profile) for b in budgets]
    best = all(r["ppa"] >= _best_other(r) - 1e-9 for r in rows if r["ppa_feasible"])
    gaps = np.array([r["ppa"] - r["epa"] for r in rows if r["epa_feasible"] and r["ppa_feasible"]])
    grows = bool(gaps.size >= 2 and np.all(np.diff(gaps) > 0))
    gap = (f"PPA − EPA gap {gaps[0]:.3f} → {gaps[-1]:.3f} bits/s/Hz, increasing at every step: {grows}"
           if gaps.size >= 2 else f"EPA feasible at {gaps.size} of these budgets: no gap to measure")
    return Measurement(
        ours=f"PPA best at every feasible budget {budgets[0]:g}…{budgets[-1]:g} dB: {best}; {gap}",
        agrees=bool(best and grows),
        detail="PPA ≥ EPA holds by construction where both are feasible (global optimum, brute force in the tests)",
    )


# -- 5. Fig. 2(c) ------------------------------------------------------------------------------------
def _check_fig2c_20db(quick: bool, profile: str) -> Measurement:
    xis = (0.3, 0.7, 0.99) if quick else (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99)
    rows = [_evaluate(_params(profile, power_budget_db=20.0, pod_min=x), profile) for x in xis]
    last = rows[-1]
    all_ok = all(last[f"{s}_feasible"] == 1.0 for s in ("ppa", "epa", "rpa"))
    best = all(r["ppa_feasible"] and r["ppa"] >= _best_other(r) - 1e-9 for r in rows)
    return Measurement(
        ours=(f"at ξ_S = 0.99: PPA {last['ppa']:.3f}, EPA {last['epa']:.3f}, RPA {last['rpa']:.3f} bits/s/Hz "
              f"(nan: infeasible)"),
        agrees=bool(all_ok and best),
        detail=f"all feasible at 0.99: {all_ok}; PPA best at every ξ_S in {xis}: {best}",
    )


def _check_fig2c_10db(quick: bool, profile: str) -> Measurement:
    xis = (0.3, 0.5, 0.7, 0.8)

    def summary(pb):
        rows = [_evaluate(_params(profile, power_budget_db=pb, pod_min=x), profile) for x in xis]
        ppa = np.array([r["ppa"] for r in rows])
        feasible = bool(np.all(np.isfinite(ppa)))
        above = feasible and all(r["ppa"] >= _best_other(r) - 1e-9 for r in rows)
        trades = feasible and bool(np.all(np.diff(ppa) <= 1e-7) and ppa[-1] < ppa[0])
        return rows, feasible, above, trades

    rows10, feas10, above10, trades10 = summary(10.0)
    rows13, feas13, above13, trades13 = summary(13.0)
    fmt = lambda rows: ", ".join(f"{x}: {r['ppa']:.3f}" for x, r in zip(xis, rows))  # noqa: E731
    return Measurement(
        ours=(f"at 10 dB PPA feasible for ξ_S in {xis}: {feas10} (minimum total power "
              f"{rows10[0]['min_power_db']:.2f} dB at ξ_S = 0.3)"),
        agrees=bool(feas10 and above10 and trades10),
        detail=(f"at 13 dB: PPA sum rate {fmt(rows13)}; feasible {feas13}, above EPA/RPA {above13}, decreasing with "
                f"ξ_S {trades13}"),
    )


_WHY_CHANNEL = ("the letter gives neither its channel model nor the dB reference of P_th (spec 003 §1, §4); on the "
                "spec profile's network (the built-in scenarios' draw) ")
_PAPER_FIT = ("the paper profile (its channel family, network draw and reference gains, docs/calibration.md) is fitted "
              "on PPA's 9 dB threshold and this gain")
_PAPER_HELD_OUT = "held out by the paper profile (fitted on Fig. 2(b)'s 9 dB threshold and 4 dB gain)"

for _claim in (
    Claim("power.pod_theory_matches_simulation", "Fig. 2a: the theoretical and simulated values of PoD align well",
          PaperValue("theory and simulation align (Fig. 2a; 10 000 trials)"),
          "|simulation − theory| ≤ 4 binomial SE + the model term of the large-N step (twice its Jensen term, "
          "spec 003 §2) at every point",
          reproduced(), _check_pod),
    Claim("power.only_ppa_feasible_at_9db", "Fig. 2b: at P_th = 9 dB only the proposed scheme meets both "
          "requirements", PaperValue("only PPA feasible at 9 dB", 9.0, "dB"),
          "PPA feasible and EPA, RPA infeasible at exactly 9 dB",
          explained("unstated parameter", _WHY_CHANNEL + "PPA becomes feasible at 10.15 dB and EPA never (its rate "
                                                         "floors cannot all hold). With the paper profile PPA is "
                                                         "feasible from 8.5 dB and EPA from 11.8 dB, but RPA finds a "
                                                         "feasible split at 9 dB too"),
          _check_only_ppa_at_9db, profiled=True),
    Claim("power.gain_4db", "Fig. 2b: PPA at P_th = 15 dB matches EPA at 19 dB, a 4 dB gain",
          PaperValue("4 dB", 4.0, "dB"), "3–5 dB (±1 dB: read off Fig. 2b's 1-dB grid of budgets)",
          explained("unstated parameter", _WHY_CHANNEL + "EPA never reaches PPA's 15 dB rate; over random drops "
                                                         "the gain has a median of about 1 dB"),
          _check_gain, profiled=True, expected_paper=reproduced(_PAPER_FIT)),
    Claim("power.ppa_best_gap_grows", "Fig. 2b: PPA achieves the highest sum rate; the gap widens as P_th increases",
          PaperValue("PPA best at every P_th; the gap to EPA widens (Fig. 2b)"),
          "PPA ≥ EPA, RPA wherever feasible, and the PPA − EPA gap increasing over 13–25 dB",
          explained("unstated parameter", _WHY_CHANNEL + "PPA is best everywhere but EPA is never feasible, so there "
                                                         "is no gap to watch grow"),
          _check_ppa_best, profiled=True, expected_paper=reproduced(_PAPER_HELD_OUT)),
    Claim("power.all_feasible_at_20db", "Fig. 2c: at P_th = 20 dB all schemes meet ξ_S = 0.99 and PPA is best",
          PaperValue("all schemes feasible at 20 dB and ξ_S = 0.99", 20.0, "dB"),
          "PPA, EPA and RPA feasible at ξ_S = 0.99, PPA best at every ξ_S",
          explained("unstated parameter", _WHY_CHANNEL + "EPA is infeasible at every budget"), _check_fig2c_20db,
          profiled=True, expected_paper=reproduced(_PAPER_HELD_OUT)),
    Claim("power.tradeoff_at_10db", "Fig. 2c: at P_th = 10 dB PPA trades sum rate for PoD and outperforms the "
          "benchmarks as ξ_S rises", PaperValue("PPA feasible for ξ_S = 0.3 … 0.8 at 10 dB, rate falling with ξ_S",
                                                10.0, "dB"),
          "PPA feasible at every ξ_S in 0.3 … 0.8 at 10 dB, above EPA/RPA, its rate non-increasing and lower at 0.8",
          explained("unstated parameter", _WHY_CHANNEL + "PPA needs 10.15 dB; at 13 dB the PoD floor does not bind"),
          _check_fig2c_10db, profiled=True, expected_paper=reproduced(_PAPER_HELD_OUT)),
):
    register_claim(_claim)
