"""Claims of paper ``coop`` (000), communication side and trade-off (Section IV-B, VI), and of
``overview`` (002) case study 2.

The L* claims (Figs. 6-7, Remark 3) are measured on the exact rate of the model and its
model-level Monte Carlo (common random numbers over L), with Theorem 2's optimum next to them.
The trade-off claims use the closed forms of the region (39) (Theorem 2 + Prop. 2), as the
figures do."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from isacnet.analysis.coop import kappa_comm, mean_cluster_size_factor
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
from isacnet.experiments.coop.comm_tradeoff import TradeoffParams, regions
from isacnet.models.coop import CoopModel
from isacnet.optimization.coop import (
    optimal_cluster_size,
    polyblock_weighted_sum,
    sense_corner_root_crlb,
    tradeoff_curves,
)
from isacnet.simulate.coop import comp_rate_sweep_trial
from isacnet.simulate.engine import seed_sequence
from isacnet.units import nats_to_bits

PSI = 15
POWER_SPLITS = (0.2, 0.5, 1.0)
"""p^c / P^t of Fig. 6."""
MC_SEED = 20240423
"""Seed of the model-level Monte Carlo of the L* claims (coop-fig6's scenario seed)."""


def _model(profile: str, mu: float, psi: int = PSI) -> CoopModel:
    """The coop model at lambda_u/lambda_b = ``mu`` (lambda_b = 1/km²) and ``psi``, under ``profile``."""
    fields = {**profile_fields("coop", profile, CoopModel), "bs_density_per_km2": 1.0, "user_density_per_km2": mu,
              "max_load": psi}
    return CoopModel(**fields)


@dataclass(frozen=True)
class _Optimum:
    """L* of one (lambda_u/lambda_b, p^c) by the exact model rate, its Monte Carlo and Theorem 2."""

    exact: int
    exact_rates: np.ndarray
    theorem2: int
    mc: int
    mc_gap_se: float
    """How many paired standard errors the Monte Carlo rate at the exact L* lies below the Monte Carlo's best."""

    @property
    def mc_consistent(self) -> bool:
        return self.mc_gap_se <= 3.0  # the exact L* is not significantly worse in the simulation (z = 3)


@lru_cache(maxsize=8)
def _optima(quick: bool, profile: str, splits=POWER_SPLITS) -> dict[tuple[float, float], _Optimum]:
    """L* for each lambda_u/lambda_b in {1, 5} and p^c/P^t in ``splits``.

    The exact model rate decides; the model-level Monte Carlo (drops shared by every L) checks it: the
    simulated rate at the exact L* must not be significantly below the simulated maximum (the
    maximum is flat, so the Monte Carlo's own argmax can differ by one step within its noise).
    """
    max_l = 30 if quick else 45
    drops = 10_000 if quick else 40_000
    out = {}
    for i, mu in enumerate((1.0, 5.0)):
        model = _model(profile, mu)
        kappas = kappa_comm(np.arange(1, max_l + 1), model.user_ratio, model.max_load)
        for j, pc in enumerate(splits):
            p_c = pc * model.power_total
            exact = optimal_cluster_size(model, p_c, max_l, "exact")
            thm2 = optimal_cluster_size(model, p_c, max_l, "theorem2").cluster_size_comm
            rng = np.random.default_rng(seed_sequence(MC_SEED, i, j))
            samples = nats_to_bits(comp_rate_sweep_trial(rng, drops, kappas, p_c, model.power_total,
                                                         model.num_tx_antennas, model.pathloss_exp))
            mc = int(np.argmax(samples.mean(axis=0))) + 1
            diff = samples[:, mc - 1] - samples[:, exact.cluster_size_comm - 1]  # paired: common random numbers
            se = float(diff.std(ddof=1) / np.sqrt(drops)) if mc != exact.cluster_size_comm else 1.0
            rates = np.asarray(exact.rates_bits)  # the exhaustive search ranks every L
            out[(mu, pc)] = _Optimum(exact.cluster_size_comm, rates, thm2, mc, float(diff.mean()) / se)
    return out


def _unimodal(r: np.ndarray) -> bool:
    i = int(np.argmax(r))
    return bool(np.all(np.diff(r[: i + 1]) > 0) and np.all(np.diff(r[i:]) < 0))


def _lstar(opt, attr: str, mu: float) -> set[int]:
    return {getattr(v, attr) for key, v in opt.items() if key[0] == mu}


def _row(opt, attr: str) -> str:
    return ", ".join(f"L*(μ={mu:g}) = {'/'.join(map(str, sorted(_lstar(opt, attr, mu))))}" for mu in (1.0, 5.0))


def _mc_note(opt) -> str:
    return ("model-level Monte Carlo (drops shared by every L): its own argmax " + _row(opt, "mc")
            + "; the rate at the exact L* is within " + f"{max(v.mc_gap_se for v in opt.values()):.1f}"
            + " paired SE of the simulated maximum (consistent within 3 SE: "
            + f"{all(v.mc_consistent for v in opt.values())})")


def _check_unimodal(quick: bool, profile: str) -> Measurement:
    opt = _optima(quick, profile)
    uni = all(_unimodal(v.exact_rates) for v in opt.values())
    same = all(len(_lstar(opt, "exact", mu)) == 1 for mu in (1.0, 5.0))
    smaller = max(_lstar(opt, "exact", 5.0)) < min(_lstar(opt, "exact", 1.0))
    consistent = all(v.mc_consistent for v in opt.values())
    return Measurement(
        ours=f"exact model rate: {_row(opt, 'exact')} for every split; unimodal: {uni}",
        agrees=bool(uni and same and smaller and consistent),
        detail=f"p^c/P^t in {POWER_SPLITS}; {_mc_note(opt)}",
        approximation=f"Theorem 2 (corrected): {_row(opt, 'theorem2')}",
    )


def _ratio(opt, attr: str):
    l1, l5 = _lstar(opt, attr, 1.0).pop(), _lstar(opt, attr, 5.0).pop()
    return l1, l5, l1 / l5


def _check_five_times(quick: bool, profile: str) -> Measurement:
    opt = _optima(quick, profile, splits=(1.0,))
    (l1, l5, r), (t1, t5, rt) = _ratio(opt, "exact"), _ratio(opt, "theorem2")
    consistent = all(v.mc_consistent for v in opt.values())
    return Measurement(
        ours=f"L* = {l1} and {l5}: ratio {r:.2f} (exact model rate)", number=round(r, 3),
        agrees=bool(3.75 <= r <= 6.25 and consistent),
        detail=f"p^c = P^t, ψ = {PSI}; {_mc_note(opt)}",
        approximation=f"Theorem 2: L* = {t1} and {t5}, ratio {rt:.2f}",
    )


def _check_remark3(quick: bool, profile: str) -> Measurement:
    opt = _optima(quick, profile, splits=(1.0,))

    def loads(attr):
        return {mu: mu * float(mean_cluster_size_factor(_lstar(opt, attr, mu).pop())) for mu in (1.0, 5.0)}

    ex, th = loads("exact"), loads("theorem2")
    consistent = all(v.mc_consistent for v in opt.values())

    def fmt(d, attr):
        return ", ".join(f"μ = {mu:g}: L* = {_lstar(opt, attr, mu).pop()}, μL̄ = {v:.1f}" for mu, v in d.items())

    return Measurement(
        ours=f"μ_c L̄(L*) = {ex[1.0]:.1f} and {ex[5.0]:.1f} (exact model rate)",
        number=(round(ex[1.0], 3), round(ex[5.0], 3)),
        agrees=bool(all(0.75 * PSI <= v <= PSI for v in ex.values()) and consistent),
        detail=f"exact: {fmt(ex, 'exact')} (ψ = {PSI}); {_mc_note(opt)}",
        approximation=f"Theorem 2: {fmt(th, 'theorem2')}",
    )


def _check_approx_search(quick: bool, profile: str) -> Measurement:
    psis = (12, 20, 30) if quick else (12, 15, 20, 25, 30)
    rows, ok_eta, ok_sur = [], True, True
    for mu in (1.0, 5.0):
        for psi in psis:
            model = _model(profile, mu, psi)
            ex = optimal_cluster_size(model, model.power_total, 45, "exact").cluster_size_comm
            th = optimal_cluster_size(model, model.power_total, 45, "theorem2").cluster_size_comm
            a = optimal_cluster_size(model, model.power_total, 45, "eta").cluster_size_comm
            s = optimal_cluster_size(model, model.power_total, 45, "surrogate").cluster_size_comm
            rows.append(f"(μ={mu:g}, ψ={psi}): exact {ex}, Theorem 2 {th}, eq. (38) {a}, surrogate {s}")
            ok_eta &= abs(a - ex) <= max(1, 0.1 * ex)
            ok_sur &= abs(s - ex) <= max(1, 0.1 * ex)
    return Measurement(
        ours=f"eq. (38) within max(1, 10 %) of the exhaustive optimum: {ok_eta}", agrees=bool(ok_eta),
        detail="; ".join(rows) + f". The mean-SIR surrogate (37) maximised over L is within max(1, 10 %): {ok_sur}",
        approximation="exhaustive search of Theorem 2 in the rows above",
    )


def _search(quick: bool, profile: str, max_cluster_comm_quick: int = 20, **physics) -> TradeoffParams:
    """The trade-off at the coop model's ``profile`` changed by ``physics``, with the search knobs."""
    fields = {**profile_fields("coop", profile, TradeoffParams), **physics}
    return TradeoffParams(num_power=11 if quick else 41, max_cluster_comm=max_cluster_comm_quick if quick else 30,
                          **fields)


@dataclass(frozen=True)
class _Gain:
    """Rate gains of the boundary over time sharing, read as coop-fig8/9 draw them (``tradeoff_curves``)."""

    at_gap: float
    """At the largest rate gap: the paper profile's reading of "up to" (:mod:`isacnet.calibration.coop`)."""
    largest: float
    """The largest over root CRLBs from 1.1 to 10 x the best one."""
    at_largest: float
    """Where ``largest`` is [m]."""
    at_15: float
    """At 1.5 x the best root CRLB."""


def _tradeoff_gain(p: TradeoffParams) -> _Gain:
    """The gains of ``p``'s boundary (p^c continuous over every feasible (L, N)) over the corner time sharing
    in the metric ``p.time_sharing_metric``."""
    from isacnet.calibration.coop import gain_at_largest_gap

    physics = p.physics()
    x2 = sense_corner_root_crlb(physics, p.max_cluster_sense)
    xs = x2 * np.concatenate([np.geomspace(1.1, 10.0, 60), [1.5]])
    c = tradeoff_curves(physics, xs, p.num_power, p.max_cluster_comm, p.max_cluster_sense, p.time_sharing_metric)
    with np.errstate(divide="ignore", invalid="ignore"):
        gain = c.boundary / c.time_sharing - 1.0
    i = int(np.nanargmax(gain[:-1]))
    return _Gain(gain_at_largest_gap(p)["gain"], float(gain[i]), float(xs[i]), float(gain[-1]))


def _within(ours: float, paper: float, rel: float = 0.2) -> bool:
    return bool(abs(ours - paper) <= rel * paper)


_UP_TO = ("'up to' read where the boundary and the time sharing are furthest apart (the paper profile's reading, "
          "docs/calibration.md): the largest ratio grows without bound towards the sensing corner, where time "
          "sharing's rate tends to 0")
_GAIN_TOLERANCE = f"each gain within ±20 % of the stated one (240–360 % and 68–102 %); {_UP_TO}"


def _gain_detail(a: _Gain, b: _Gain, what: str) -> str:
    return (f"largest gain over 1.1–10 x the best root CRLB: +{100 * a.largest:.0f} % (at {a.at_largest:.2f} m) and "
            f"+{100 * b.largest:.0f} %; at 1.5 x: +{100 * a.at_15:.0f} % and +{100 * b.at_15:.0f} %; larger for "
            f"{what}: {a.at_gap > b.at_gap}")


def _check_backhaul_gain(quick: bool, profile: str) -> Measurement:
    hi, lo = (_tradeoff_gain(_search(quick, profile, backhaul_bits=c)) for c in (8.6, 4.3))
    p = _search(quick, profile)
    return Measurement(
        ours=f"+{100 * hi.at_gap:.0f} % and +{100 * lo.at_gap:.0f} %",
        number=(round(100 * hi.at_gap, 1), round(100 * lo.at_gap, 1)),
        agrees=_within(hi.at_gap, 3.0) and _within(lo.at_gap, 0.85),
        detail=(_gain_detail(hi, lo, "the larger backhaul")
                + f" (e = {p.backhaul_per_bs_bits:g} bits/s/Hz, time sharing in {p.time_sharing_metric})"),
    )


def _check_density_gain(quick: bool, profile: str) -> Measurement:
    # lambda_u = lambda_s = 1/km² fixed; lambda_b = 1 and 0.2 /km²: lambda_u/lambda_b = 1 and 5
    g1, g5 = (_tradeoff_gain(_search(quick, profile, bs_density_per_km2=b)) for b in (1.0, 0.2))
    return Measurement(
        ours=f"+{100 * g1.at_gap:.0f} % and +{100 * g5.at_gap:.0f} %",
        number=(round(100 * g1.at_gap, 1), round(100 * g5.at_gap, 1)),
        agrees=_within(g1.at_gap, 0.78) and _within(g5.at_gap, 0.50),
        detail="λ_u = λ_s = 1/km², λ_b = 1 and 0.2/km², C = 8.6; " + _gain_detail(g1, g5, "λ_u/λ_b = 1"),
    )


def _check_weighted_sum(quick: bool, profile: str) -> Measurement:
    reg, noncoop = regions(_search(quick, profile))
    rhos = np.linspace(0, 1, 11 if quick else 21)
    coop = [polyblock_weighted_sum(reg, r) for r in rhos]
    non = [polyblock_weighted_sum(noncoop, r) for r in rhos]
    gain = np.array([c.value / n.value for c, n in zip(coop, non)])
    both = [float(r) for r, c, n in zip(rhos, coop, non) if c.rate > n.rate and c.sense_metric > n.sense_metric]
    ok = bool(np.all(gain > 1.0) and both)
    return Measurement(
        ours=(f"T^ISAC cooperative / non-cooperative {gain.min():.2f}× … {gain.max():.2f}× over ρ; both terms "
              f"larger at ρ = {', '.join(f'{r:g}' for r in both) or 'none'}"),
        number=(round(float(gain.min()), 3), round(float(gain.max()), 3)), agrees=ok,
        detail=("non-cooperative scheme: L = 1, N = 2 (spec 000 §11); at ρ = 0.1: cooperative R_c "
                f"{coop[1 if quick else 2].rate:.2f} bits/s/Hz, 1/√CRLB {coop[1 if quick else 2].sense_metric:.3f} "
                f"1/m vs {non[1 if quick else 2].rate:.2f}, {non[1 if quick else 2].sense_metric:.3f}"),
    )


def _check_overview(quick: bool, profile: str) -> Measurement:
    # the boundary as overview-fig4 draws it: p^c continuous over every feasible (L, N) (tradeoff_curves)
    scn = profile_scenario("overview-fig4", quick=quick, profile=profile)
    fields = {k: v for k, v in scn.params.items() if k not in ("root_crlb_m", "root_crlb_ratio", "backhaul_bits")
              and k in TradeoffParams.model_fields}
    capacities = scn.params["backhaul_bits"]
    areas, gaps = [], []
    for c in capacities:
        p = TradeoffParams(**{**fields, "backhaul_bits": c})
        physics = p.physics()
        xs = sense_corner_root_crlb(physics, p.max_cluster_sense) * np.geomspace(1.05, 10, 40)
        curves = tradeoff_curves(physics, xs, p.num_power, p.max_cluster_comm, p.max_cluster_sense,
                                 p.time_sharing_metric)
        areas.append(float(np.nanmean(curves.boundary)))
        gaps.append(float(np.nanmax(curves.boundary - curves.time_sharing)))
    exists = all(a > 0 and g > 0 for a, g in zip(areas, gaps))
    ok = bool(exists and np.all(np.diff(areas) > 0) and np.all(np.diff(gaps) > 0))
    return Measurement(
        ours=(f"mean boundary rate {', '.join(f'{a:.2f}' for a in areas)} bits/s/Hz and largest gain over time "
              f"sharing {', '.join(f'{g:.2f}' for g in gaps)} for C = {', '.join(f'{c:g}' for c in capacities)}"),
        number=tuple(round(g, 4) for g in gaps), agrees=ok,
        detail=(f"overview-fig4's scenario{' (quick)' if quick else ''}: λ_u = λ_s = 20/km², e = "
                f"{fields.get('backhaul_per_bs_bits', 0.25)} bits/s/Hz per sensing BS; a trade-off at every "
                f"capacity: {exists}"),
    )


_WHY_E = ("the per-BS backhaul rate e, the CRLB form and the time-sharing geometry are not stated (the spec "
          "profile: e = 0.25 bits/s/Hz, time sharing in 1/√CRLB); they set the gains. ")

for _claim in (
    Claim("coop.rate_unimodal_in_L",
          "Fig. 6: R_c first rises then falls with L; the optimal L is the same for all power splits and decreases "
          "as λ_u/λ_b grows",
          PaperValue("R_c unimodal in L; L* independent of p^c/P^t; smaller L* for larger λ_u/λ_b (Fig. 6)"),
          "the exact rate unimodal in L for every split, one L* per λ_u/λ_b (smaller for 5), and the Monte Carlo rate "
          "at that L* within 3 paired SE of the simulated maximum",
          reproduced("Theorem 2's optima are one step lower (12 and 3 vs 13 and 4)"), _check_unimodal),
    Claim("coop.lstar_five_times", "Fig. 7: a fivefold increase of λ_u/λ_b decreases L* by approximately the same "
          "factor", PaperValue("≈ 5×", 5.0, "×"),
          "ratio within ±25 % of 5 (3.75–6.25), exact rate (Monte Carlo consistent within 3 paired SE); one step of "
          "L* at λ_u/λ_b = 5 moves the ratio by 25–33 %",
          explained("approximation", "the paper's conclusion is Theorem 2's (12/3 = 4.0); the exact model rate and "
                                     "its Monte Carlo put both optima one step higher, 13/4 = 3.25"),
          _check_five_times),
    Claim("coop.remark3_load", "Remark 3 / Fig. 7: at the optimum λ_u L̄/λ_b ≤ ψ and ≈ ψ",
          PaperValue("μ_c L̄(L*) ≈ ψ = 15, and ≤ ψ", 15.0, "requests per BS"),
          "0.75 ψ ≤ μ_c L̄(L*) ≤ ψ (Remark 3's bound; '≈' read as within 25 %), exact rate (Monte Carlo consistent "
          "within 3 paired SE)",
          explained("approximation", "with the exact model rate L* = 4 at λ_u/λ_b = 5 and the mean load is 18.8 > ψ; "
                                     "Theorem 2's L* = 3 gives 13.8 (and 11.8 at λ_u/λ_b = 1)"),
          _check_remark3),
    Claim("coop.approx_search", "Fig. 7: the approximate search matches the exhaustive/MC search, especially for "
          "ψ > 10", PaperValue("approximate L* ≈ exhaustive L* for ψ > 10 (Fig. 7)"),
          "|L*(38) − L*exact| ≤ max(1, 10 % of L*) at every (λ_u/λ_b, ψ) checked",
          explained("erratum", "the seed's objective of (38) is garbled (spec 000 §10); our reconstruction "
                               "(maximise κ̃(η)(1 − η^(α−2)), then E[η_L] ≈ η*) undershoots L* by 20–25 % at "
                               "λ_u/λ_b = 1, while the surrogate (37) maximised over L is within one step"),
          _check_approx_search),
    Claim("coop.gain_backhaul", "Fig. 8: the rate is up to 300 % and 85 % higher than time sharing for C_backhaul = "
          "8.6 and 4.3 bits/s/Hz", PaperValue("+300 % and +85 %", (300.0, 85.0), "%"), _GAIN_TOLERANCE,
          explained("unstated parameter", _WHY_E + "The ordering (larger gain for the larger backhaul) holds."),
          _check_backhaul_gain, profiled=True,
          expected_paper=reproduced("the paper profile fits e and the time-sharing metric to these two numbers "
                                    "(docs/calibration.md)")),
    Claim("coop.gain_density", "Fig. 9: the rate is up to 78 % and 50 % higher than time sharing for λ_u/λ_b = 1 "
          "and 5", PaperValue("+78 % and +50 %", (78.0, 50.0), "%"),
          "each gain within ±20 % of the stated one (62–94 % and 40–60 %); 'up to' as for Fig. 8",
          explained("unstated parameter", _WHY_E + "The ordering (larger gain for λ_u/λ_b = 1) holds. Held out by "
                                          "the paper profile, which does not reproduce them either (its Fig. 8 fit "
                                          "gives about 300 % at λ_u/λ_b = 1, where Figs. 8 and 9 share their set-up; "
                                          "docs/calibration.md)"),
          _check_density_gain, profiled=True),
    Claim("coop.weighted_sum", "Fig. 10: compared to the non-cooperative scheme, the cooperative scheme enhances both "
          "S&C performance by setting ρ appropriately",
          PaperValue("cooperative T^ISAC above non-cooperative; both terms better at some ρ (Fig. 10)"),
          "T^ISAC cooperative > non-cooperative at every ρ of the grid, and some ρ where the cooperative optimum has "
          "both the larger rate and the larger 1/√CRLB. (The paper's other Fig. 10 statements — the rate rises and "
          "the sensing term falls with ρ, T^ISAC below the larger term — hold for any maximiser of (40): they are "
          "tested on the optimiser, not claims.)",
          reproduced("the non-cooperative scheme (L = 1, N = 2) is our reading; the paper does not define it"),
          _check_weighted_sum, profiled=True),
    Claim("overview.tradeoff_backhaul", "002 Fig. 4: the S&C boundaries expand significantly with the backhaul, and "
          "the cooperative region grows over time sharing as the backhaul increases",
          PaperValue("boundaries expand with C; the gain over time sharing grows with C (Fig. 4)"),
          "at every capacity of the figure a trade-off exists (positive rate, positive gain over time sharing), and "
          "the mean boundary rate and the largest gain grow with C",
          explained("unstated parameter", "the overview states neither its backhaul capacities nor e; with ours "
                                          "(C = 1.5, 2.5, 4.3; e = 0.25, or 0.28 in the paper profile) C = 1.5 caps "
                                          "the rate at C - 2e ≈ 1 bit/s/Hz "
                                          "at every root CRLB (two sensing BSs' echoes take the rest): its boundary is "
                                          "flat and equals time sharing, no gain. From C = 2.5 on, the boundary and "
                                          "the gain grow with C"),
          _check_overview, profiled=True),
):
    register_claim(_claim)
