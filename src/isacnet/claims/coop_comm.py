"""Claims of paper ``coop`` (000), communication side and trade-off (Section IV-B, VI), and of
``overview`` (002) case study 2, checked with the closed forms of this package."""

from __future__ import annotations

import numpy as np

from isacnet.analysis.coop import comp_rate, kappa_comm, mean_cluster_size_factor, optimal_cluster_size_comm
from isacnet.claims import Claim, ClaimResult, register_claim
from isacnet.experiments.coop.comm_tradeoff import TradeoffParams, regions
from isacnet.optimization.coop import boundary_rate, polyblock_weighted_sum, time_sharing_rate

PSI = 15


def _rates(mu: float, pc: float, max_l: int) -> np.ndarray:
    ls = np.arange(1, max_l + 1)
    ks = kappa_comm(ls, mu, PSI)
    return np.array([comp_rate(int(L), float(k), pc, 1.0, 4) for L, k in zip(ls, ks)])


def _unimodal(r: np.ndarray) -> bool:
    i = int(np.argmax(r))
    return bool(np.all(np.diff(r[: i + 1]) > 0) and np.all(np.diff(r[i:]) < 0))


def _check_unimodal(quick: bool) -> ClaimResult:
    max_l = 30 if quick else 45
    rows, ok = [], True
    opt = {}
    for mu in (1.0, 5.0):
        for pc in (0.2, 0.5, 1.0):
            r = _rates(mu, pc, max_l)
            opt[(mu, pc)] = int(np.argmax(r)) + 1
            ok &= _unimodal(r)
        ok &= len({opt[(mu, pc)] for pc in (0.2, 0.5, 1.0)}) == 1
    ok &= opt[(5.0, 1.0)] < opt[(1.0, 1.0)]
    rows = ", ".join(f"L*(mu={mu:g}, p^c={pc:g})={v}" for (mu, pc), v in opt.items())
    return ClaimResult(bool(ok), f"Theorem 2 (corrected), psi=15: {rows}; unimodal in L: {ok}",
                       "R_c rises then falls with L; L* the same for every p^c/P^t; "
                       "L* smaller for larger lambda_u/lambda_b",
                       "Checked on Theorem 2 with kappa_c of Lemma 2 (the exact model rate gives the same optima +-1).")


def _check_five_times(quick: bool) -> ClaimResult:
    r1, r5 = _rates(1.0, 1.0, 45), _rates(5.0, 1.0, 45)
    l1, l5 = int(np.argmax(r1)) + 1, int(np.argmax(r5)) + 1
    ratio = l1 / l5
    return ClaimResult(3.0 <= ratio <= 7.0, f"L*(mu=1) = {l1}, L*(mu=5) = {l5}: ratio {ratio:.2f}",
                       "a 5x larger lambda_u/lambda_b shrinks L* by about 5x (criterion: ratio in [3, 7])",
                       "Remark 3 predicts L_bar ∝ 1/mu_c, i.e. a factor ~5; the optimum is flat so L* moves in steps.")


def _check_remark3(quick: bool) -> ClaimResult:
    out, ok = [], True
    for mu in (1.0, 5.0):
        L = int(np.argmax(_rates(mu, 1.0, 45))) + 1
        load = mu * float(mean_cluster_size_factor(L))
        out.append(f"mu={mu:g}: L*={L}, lambda_u L_bar/lambda_b={load:.1f}")
        ok &= PSI / 1.5 <= load <= PSI * 1.5
    return ClaimResult(bool(ok), "; ".join(out) + f" (psi={PSI})",
                       "lambda_u L_bar / lambda_b ≈ psi at the optimum (criterion: within a factor 1.5)",
                       "The optimum sits where the mean load reaches psi minus a few requests "
                       "(kappa_c starts to drop).")


def _check_approx_search(quick: bool) -> ClaimResult:
    psis = (12, 20, 30) if quick else (12, 15, 20, 25, 30)
    rows, ok_eta, ok_sur = [], True, True
    for mu in (1.0, 5.0):
        for psi in psis:
            ls = np.arange(1, 46)
            ks = kappa_comm(ls, mu, psi)
            ex = int(np.argmax([comp_rate(int(L), float(k), 1.0, 1.0, 4) for L, k in zip(ls, ks)])) + 1
            a = optimal_cluster_size_comm(mu, psi, max_cluster_comm=45)
            s = optimal_cluster_size_comm(mu, psi, max_cluster_comm=45, method="surrogate")
            rows.append(f"(mu={mu:g}, psi={psi}): exhaustive {ex}, eq.(38) {a}, surrogate {s}")
            ok_eta &= abs(a - ex) <= max(1, 0.1 * ex)
            ok_sur &= abs(s - ex) <= max(1, 0.1 * ex)
    return ClaimResult(bool(ok_eta), "; ".join(rows) + f". eq. (38) within max(1, 10%): {ok_eta}; "
                       f"mean-SIR surrogate argmax within max(1, 10%): {ok_sur}",
                       "the approximate search matches the exhaustive search, especially for psi > 10",
                       "Our reconstruction of (38) (maximise kappa~(eta)(1 - eta^(alpha-2)) with L_bar ≈ eta^-2, then "
                       "E[eta_L] ≈ eta*) undershoots L* by 20-25 % at lambda_u/lambda_b = 1: the seed's objective is "
                       "garbled (spec 000 §10). Maximising the surrogate (37) over L directly is within one step.")


def _search(quick: bool, max_cluster_comm_quick: int = 20, **physics) -> TradeoffParams:
    """The trade-off at the coop model's defaults (spec 000 §12) changed by ``physics``, with the search knobs."""
    return TradeoffParams(num_power=11 if quick else 41, max_cluster_comm=max_cluster_comm_quick if quick else 30,
                          **physics)


def _tradeoff_gain(p: TradeoffParams):
    reg, _ = regions(p)
    x_min = float(np.sqrt(reg.crlb.min()))
    xs = x_min * np.geomspace(1.1, 10.0, 60)
    coop, ts = boundary_rate(reg, xs), time_sharing_rate(reg, xs)
    gain = coop / ts - 1.0
    i = int(np.nanargmax(gain))
    g15 = float(boundary_rate(reg, 1.5 * x_min) / time_sharing_rate(reg, 1.5 * x_min) - 1.0)
    return float(gain[i]), float(xs[i]), g15


def _check_backhaul_gain(quick: bool) -> ClaimResult:
    g_hi, x_hi, g15_hi = _tradeoff_gain(_search(quick, backhaul_bits=8.6))
    g_lo, x_lo, g15_lo = _tradeoff_gain(_search(quick, backhaul_bits=4.3))
    return ClaimResult(
        bool(g_hi > g_lo > 0 and g15_hi > g15_lo > 0),
        f"max gain over root CRLB in [1.1, 10] x_min: C=8.6: {100 * g_hi:.0f} % (at {x_hi:.2f} m), C=4.3: "
        f"{100 * g_lo:.0f} % (at {x_lo:.2f} m); at 1.5 x_min: {100 * g15_hi:.0f} % and {100 * g15_lo:.0f} %",
        "rate gain over time sharing up to 300 % (C=8.6) and 85 % (C=4.3) (criterion: both positive, larger for 8.6)",
        "Our e = 0.25 bits/s/Hz per sensing BS (not in the paper), the CRLB form (Prop. 2 (45) thinned by kappa_s) and "
        "the time-sharing definition (segment in the rate, 1/root-CRLB plane) set the numbers; 'up to' depends on "
        "how close to the sensing corner one looks (the time-sharing rate -> 0 there).")


def _check_density_gain(quick: bool) -> ClaimResult:
    # lambda_u = lambda_s = 1/km² fixed; lambda_b = 1 and 0.2 /km²: lambda_u/lambda_b = 1 and 5
    g1, _, g15_1 = _tradeoff_gain(_search(quick, bs_density_per_km2=1.0))
    g5, _, g15_5 = _tradeoff_gain(_search(quick, bs_density_per_km2=0.2))
    return ClaimResult(
        bool(g1 > g5 > 0),
        f"max gain in [1.1, 10] x_min: lambda_u/lambda_b=1: {100 * g1:.0f} %, =5: {100 * g5:.0f} %; at 1.5 x_min: "
        f"{100 * g15_1:.0f} % and {100 * g15_5:.0f} %",
        "rate gain over time sharing up to 78 % (lambda_u/lambda_b=1) and 50 % (=5) (criterion: maximum gains "
        "positive and larger for 1)",
        "lambda_u = lambda_s = 1/km² fixed, lambda_b in {1, 0.2}/km²; same caveats as the backhaul claim. At 1.5 x_min "
        "the two gains are equal within 2 %: the ordering holds only for the maxima.")


def _check_weighted_sum(quick: bool) -> ClaimResult:
    reg, _ = regions(_search(quick))
    rhos = np.linspace(0, 1, 11 if quick else 21)
    res = [polyblock_weighted_sum(reg, r) for r in rhos]
    rates = np.array([p.rate for p in res])
    sens = np.array([p.sense_metric for p in res])
    t = np.array([p.value for p in res])
    mono = bool(np.all(np.diff(rates) >= -1e-9) and np.all(np.diff(sens) <= 1e-9))
    below = bool(np.all(t <= np.maximum(rates, sens) + 1e-12))
    return ClaimResult(mono and below,
                       f"R_c at the optimum {rates[0]:.2f} -> {rates[-1]:.2f} bits/s/Hz, 1/root CRLB "
                       f"{sens[0]:.3f} -> {sens[-1]:.3f} 1/m over rho in [0, 1]; T <= max(R, 1/root CRLB): {below}",
                       "as rho grows the sensing term falls and the rate rises; "
                       "T^ISAC stays below the larger of the two",
                       "T is a convex combination of the two terms, so the bound holds by construction.")


def _check_overview(quick: bool) -> ClaimResult:
    xs = None
    areas, gaps = [], []
    for c in (1.5, 2.5, 4.3):
        reg, _ = regions(_search(quick, 16, user_density_per_km2=20.0, target_density_per_km2=20.0, backhaul_bits=c))
        if xs is None:
            x_min = float(np.sqrt(reg.crlb.min()))
            xs = x_min * np.geomspace(1.05, 10, 40)
        b, ts = boundary_rate(reg, xs), time_sharing_rate(reg, xs)
        areas.append(float(np.nanmean(b)))
        gaps.append(float(np.nanmax(b - ts)))
    ok = bool(np.all(np.diff(areas) > 0) and np.all(np.diff(gaps) > 0))
    return ClaimResult(ok, f"mean boundary rate for C = 1.5, 2.5, 4.3: {', '.join(f'{a:.2f}' for a in areas)}; "
                           f"max gap to time sharing: {', '.join(f'{g:.2f}' for g in gaps)} bits/s/Hz",
                       "the S&C boundaries expand with the backhaul; "
                       "the cooperative region grows relative to time sharing",
                       "Case study of 002 = model of 000 with lambda_u = lambda_s = 20/km² (spec 002 §1); e = 0.25.")


for _claim in (
    Claim("coop.rate_unimodal_in_L", "Fig. 6: R_c first rises then falls with L; the optimal L is the same for all "
          "power splits and decreases as lambda_u/lambda_b grows.", _check_unimodal),
    Claim("coop.lstar_five_times", "Fig. 7: a 5x larger lambda_u/lambda_b shrinks L* by about 5x.", _check_five_times),
    Claim("coop.remark3_load", "Remark 3: lambda_u L_bar / lambda_b ≈ psi at the optimal L.", _check_remark3),
    Claim("coop.approx_search", "Fig. 7: the approximate search matches the exhaustive/MC search, especially for "
          "psi > 10.", _check_approx_search),
    Claim("coop.gain_backhaul", "Fig. 8: rate up to 300 % and 85 % above time sharing for C_backhaul = 8.6 and 4.3.",
          _check_backhaul_gain),
    Claim("coop.gain_density", "Fig. 9: rate up to 78 % and 50 % above time sharing for lambda_u/lambda_b = 1 and 5.",
          _check_density_gain),
    Claim("coop.weighted_sum", "Fig. 10: as rho grows the sensing performance decreases and the rate increases; "
          "T^ISAC stays below the larger of the two metrics.", _check_weighted_sum),
    Claim("overview.tradeoff_backhaul", "002 Fig. 4: boundaries expand with backhaul; the cooperative region grows "
          "over time sharing as backhaul increases.", _check_overview),
):
    register_claim(_claim)
