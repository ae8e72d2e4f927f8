"""Claims of paper ``deploy`` (004), measured with the reconstructed model of spec 004.

The paper's CRLB scale depends on constants lost in extraction (C_0, noise, alpha; spec 004
§3.2, §8). Because the CRLB is proportional to 1/ζ² ∝ 1/C_0, coverage at threshold γ with
reference gain C_0 equals coverage at ``C_0 · γ`` with C_0 = 1: the coverage claims are
reported at the paper's thresholds (γ <= 0.3 m², C_0 = 1) and at ``C_0 = 100`` to show what
would reproduce them.

Each check draws from the generator that ``isacnet run <figure>`` hands to the experiment at the
same point (the built-in scenario's seed, the experiment's shared stream), so a claim measures the
layouts its figure shows.
"""

from __future__ import annotations

import numpy as np

from isacnet.claims import Claim, ClaimResult, register_claim

_FAST = {"samples_per_axis": 5, "num_starts": 1, "max_sweeps": 30, "eval_per_axis": 15}
_FULL = {"samples_per_axis": 8, "num_starts": 2, "max_sweeps": 120, "eval_per_axis": 30}


def _budget(quick: bool, model) -> dict:
    b = _FAST if quick else _FULL
    return {k: v for k, v in b.items() if k in model.model_fields}


def _figure_rng(figure_id: str, p) -> np.random.Generator:
    """The generator the runner passes to ``evaluate`` at ``p`` for the built-in scenario of ``figure_id``."""
    from isacnet.registry import get_experiment, get_figure
    from isacnet.runner import evaluate_generator
    from isacnet.scenario import load_scenario

    spec = get_figure(figure_id)
    exp = get_experiment(spec.experiment)
    return evaluate_generator(exp, p, load_scenario(spec.scenario).seed, 0)  # shared stream: no point key needed


# -- Fig. 3 -----------------------------------------------------------------------------------
def _convergence(quick: bool) -> ClaimResult:
    from isacnet.experiments.deploy import ConvergenceParams, run_convergence, sweep_histories

    b = _budget(quick, ConvergenceParams)
    b["max_sweeps"] = 120
    sweeps = {}
    gap = {}
    for n in (4, 6, 8):
        p = ConvergenceParams(num_bs=n, **b)
        res = run_convergence(p, _figure_rng("deploy-fig3", p))
        obj, sur = sweep_histories(res)
        sweeps[n] = res.num_sweeps
        gap[n] = abs(sur[-1] - obj[-1]) / obj[-1]
    ok = 15 <= sweeps[4] <= 45 and max(gap.values()) < 1e-2
    return ClaimResult(
        ok, f"sweeps to converge: N=4: {sweeps[4]}, N=6: {sweeps[6]}, N=8: {sweeps[8]}; final |surrogate-objective|"
            f"/objective: {max(gap.values()):.1e}",
        "about 30 iterations for 4 BSs (criterion: 15-45 sweeps), surrogate and objective end at the same value "
        "(criterion < 1 %); more BSs need more iterations",
        "one iteration = one MM sweep over all BSs; relative-decrease stop 1e-4 [?]; "
        f"more BSs -> more sweeps holds: {sweeps[8] >= sweeps[4]}",
    )


register_claim(Claim("deploy.convergence", "Fig. 3: N = 4 converges in ~30 iterations; surrogate tracks the objective",
                     _convergence))


# -- Fig. 6 -----------------------------------------------------------------------------------
def _height(quick: bool) -> ClaimResult:
    from isacnet.experiments.deploy import HeightParams, optimal_height

    ls = [250.0, 500.0, 750.0, 1000.0]
    hs = [optimal_height(HeightParams(region_length=L, samples_per_axis=100 if quick else 400))[0] for L in ls]
    ratio = np.array(hs) / np.array(ls)
    ok = np.ptp(ratio) < 1e-3 * ratio.mean()
    return ClaimResult(ok, "optimal heights " + ", ".join(f"{h:.1f} m" for h in hs) + f" for L = 250..1000 m: "
                       f"h*/L = {ratio.mean():.4f} (spread {np.ptp(ratio):.1e})",
                       "optimal BS height grows in proportion to L (Prop. 4)",
                       "N = 4 fixed, common height, position in the line's vertical plane (spec 004 §6.2)")


register_claim(Claim("deploy.height_proportional", "Fig. 6: the optimal BS height is proportional to the region length",
                     _height))


# -- Figs. 7-8 ----------------------------------------------------------------------------------
def _designs(quick: bool):
    from isacnet.experiments.deploy import DesignParams, evaluation, run_design

    b = _budget(quick, DesignParams)
    out = {}
    for d in ("comm", "rate", "sensing"):
        p = DesignParams(design=d, **b)
        res = run_design(p, _figure_rng("deploy-fig8", p))
        if res is None:  # cannot happen at R_th = 5 bits/s/Hz (peak ~6.4); say so if a budget change makes it
            raise RuntimeError(f"deploy-fig8: the {d!r} design has no layout meeting {p.rate_threshold_bits} bits/s/Hz")
        c, w, rate = evaluation(p, res.layout)
        out[d] = (res, c, w, rate)
    return out


def _cov(c, w, g):
    return float(np.sum(w * (c <= g)))


def _rate5(quick: bool) -> ClaimResult:
    d = _designs(quick)
    gam = np.linspace(0.01, 0.3, 30)
    comm, rate = d["comm"], d["rate"]
    up1 = max(_cov(rate[1], rate[2], g) - _cov(comm[1], comm[2], g) for g in gam)
    up100 = max(_cov(rate[1], rate[2], 100 * g) - _cov(comm[1], comm[2], 100 * g) for g in gam)
    loss = 1 - rate[0].area_rate_bits / comm[0].area_rate_bits
    ok = abs(up1 - 0.2) <= 0.1
    return ClaimResult(
        ok, f"rate-optimal: {comm[0].area_rate_bits:.2f} (mean gain) / {comm[3]:.2f} (exact) bits/s/Hz; 5 bits/s/Hz "
            f"design: rate loss {loss:.0%} (mean gain), A-CRLB {comm[0].objective:.3g} -> {rate[0].objective:.3g} m²; "
            f"largest coverage uplift for gamma <= 0.3: {up1:+.0%} (C_0 = 1), {up100:+.0%} (C_0 = 100)",
        "peak 6.5 bits/s/Hz; 5 bits/s/Hz (~23 % less) buys ~20 % coverage (criterion: uplift 10-30 % at C_0 = 1)",
        "alpha = 3.7 calibrated to the 6.5 bits/s/Hz peak; with C_0 = 1 the rate-constrained CRLBs stay above 0.3 m² "
        "(no coverage at the paper's thresholds); the uplift appears once the CRLB scale is ~100x lower",
    )


register_claim(Claim("deploy.rate5_coverage",
                     "Fig. 8: a 5 bits/s/Hz requirement costs ~23 % rate and buys ~20 % coverage",
                     _rate5))


def _sensing3x(quick: bool) -> ClaimResult:
    d = _designs(quick)
    gam = np.linspace(0.01, 0.3, 30)

    def ratio(scale):
        """Largest sensing/comm coverage ratio over thresholds where the comm layout covers >= 5 %."""
        r = []
        for g in gam:
            a = _cov(d["comm"][1], d["comm"][2], scale * g)
            s = _cov(d["sensing"][1], d["sensing"][2], scale * g)
            if a >= 0.05:
                r.append(s / a)
        return max(r) if r else np.inf

    r1, r100 = ratio(1.0), ratio(100.0)
    ok = np.isfinite(r1) and 2.0 <= r1 <= 4.5
    return ClaimResult(
        ok, f"max coverage ratio sensing-only / rate-optimal over gamma <= 0.3 (where the rate-optimal layout covers"
            f" >= 5 %): {r1:.3g} (C_0 = 1; inf = it never does), {r100:.3g} (C_0 = 100); "
            f"A-CRLB {d['comm'][0].objective:.3g} vs {d['sensing'][0].objective:.3g} m²",
        "sensing-only design: up to ~3x coverage (criterion 2-4.5x)",
        "with C_0 = 1 the rate-optimal layout covers nothing below 0.3 m² (ratio infinite); the sensing-only gain in "
        "A-CRLB is two orders of magnitude, larger than the paper's 3x coverage suggests",
    )


register_claim(Claim("deploy.sensing_3x", "Fig. 8: the sensing-only design reaches up to 3x coverage", _sensing3x))


# -- Fig. 9 -----------------------------------------------------------------------------------
def _heights(quick: bool) -> ClaimResult:
    from isacnet.experiments.deploy import GridParams, crlb_map, grid_design
    from isacnet.metrics.deploy import coverage_probability

    b = _budget(quick, GridParams)
    res = {}
    for d in ("grid", "heights"):
        p = GridParams(design=d, **b)
        lay = grid_design(p)[0]
        c, w = crlb_map(p, lay)
        res[d] = (c, w)
    gam = np.array([0.005, 0.01, 0.015, 0.02, 0.03, 0.05])
    g = coverage_probability(*res["grid"][:1], gam, res["grid"][1])
    h = coverage_probability(*res["heights"][:1], gam, res["heights"][1])
    j = int(np.argmin(np.abs(g - 0.1)))
    ok = bool(np.any((g <= 0.25) & (h >= 0.5)))
    return ClaimResult(ok, "coverage grid -> heights-only: " + ", ".join(
        f"γ={x:g}: {a:.0%} -> {b:.0%}" for x, a, b in zip(gam, g, h)) + f" (closest to 10 %: γ={gam[j]:g})",
        "heights-only optimisation lifts coverage from ~10 % to ~60 % at some threshold "
        "(criterion: some γ with grid <= 25 % and heights >= 50 %)",
        "targets on the ground (altitude lost in 004 [?]); threshold value lost, swept here")


register_claim(Claim("deploy.heights_only", "Fig. 9: heights-only optimisation raises coverage from ~10 % to ~60 %",
                     _heights))


# -- Fig. 11 / contributions -------------------------------------------------------------------
def _tradeoff(quick: bool):
    from isacnet.experiments.deploy import TradeoffParams, tradeoff_design

    b = _budget(quick, TradeoffParams)
    out = {}
    for h in (200.0, 400.0, 600.0):
        base = TradeoffParams(target_height=h, rate_threshold_bits=0.0, **b)
        sens, comm = tradeoff_design(base, _figure_rng("deploy-fig11", base))
        peak = comm.area_rate_bits
        required = base.model_copy(update={"rate_threshold_bits": 0.9 * peak})
        res, _ = tradeoff_design(required, _figure_rng("deploy-fig11", required))
        out[h] = (comm, sens, res, peak, base)
    return out


def _rate10(quick: bool) -> ClaimResult:
    t = _tradeoff(quick)
    comm, _, res, peak, _ = t[400.0]
    gain = comm.objective / res.objective
    ok = gain >= 2.0
    return ClaimResult(ok, f"targets at 400 m: with <= 10 % peak-rate loss ({peak:.2f} -> {res.area_rate_bits:.2f} "
                       f"bits/s/Hz) the A-CRLB drops {comm.objective:.3g} -> {res.objective:.3g} m² ({gain:.1f}x)",
                       "moving a few BSs at < 10 % peak-rate loss boosts sensing substantially (criterion: >= 2x "
                       "lower A-CRLB)", "mean-gain rates; paper's Fig. 11 peak 5.75 bits/s/Hz (ours: alpha = 3.7)")


register_claim(Claim("deploy.rate_loss_10pct", "Fig. 11: < 10 % peak-rate loss buys substantial sensing gains",
                     _rate10))


def _altitude(quick: bool) -> ClaimResult:
    t = _tradeoff(quick)
    rel = {h: v[2].objective / v[1].objective for h, v in t.items()}  # constrained / sensing-only A-CRLB
    hs = sorted(rel)
    ok = all(rel[hs[i]] <= rel[hs[i + 1]] for i in range(len(hs) - 1))
    return ClaimResult(ok, "A-CRLB at 90 % of the peak rate relative to sensing-only: " + ", ".join(
        f"{h:g} m: {rel[h]:.3g}x" for h in hs),
        "the trade-off worsens with target altitude (criterion: the ratio grows with altitude)",
        "rate-optimal layouts hug the ground; higher targets separate the two services")


register_claim(Claim("deploy.altitude_tradeoff", "Fig. 11: the S&C trade-off worsens at higher target altitudes",
                     _altitude))


def _coverage50(quick: bool) -> ClaimResult:
    t = _tradeoff(quick)
    comm, _, res, _, p = t[400.0]
    from isacnet.experiments.deploy import coverage

    rows = []
    for c0 in (1.0, 100.0):
        gam = c0 * p.coverage_threshold
        a = coverage(p.model_copy(update={"coverage_threshold": gam}), comm.layout)
        b = coverage(p.model_copy(update={"coverage_threshold": gam}), res.layout)
        rows.append((c0, a, b))
    c0, a, b = rows[0]
    ok = b >= 1.5 * a and b > 0
    return ClaimResult(ok, "coverage at γ = 0.1 m², rate-optimal -> 90 %-rate design: " + "; ".join(
        f"C_0={c:g}: {x:.0%} -> {y:.0%}" for c, x, y in rows),
        "coverage improved by at least 50 % while keeping the rate (criterion at C_0 = 1: >= 1.5x and > 0)",
        "requirement = 90 % of the rate-optimal mean-gain rate [?]; targets at 400 m")


register_claim(Claim("deploy.coverage_50pct", "Contributions: >= 50 % coverage improvement while keeping the rate",
                     _coverage50))


# -- Fig. 4 ------------------------------------------------------------------------------------
def _theorem1(quick: bool) -> ClaimResult:
    from isacnet.experiments.deploy import ScalingParams, evaluate_scaling

    b = {"samples_per_axis": 4, "num_starts": 1, "max_sweeps": 30, "search_points": (7, 7, 5)} if quick else {}
    p1 = ScalingParams(region_dim=1, tiles_per_axis=2, **b)
    p2 = ScalingParams(region_dim=2, tiles_per_axis=2, **b)
    r1 = evaluate_scaling(p1, _figure_rng("deploy-fig4", p1))
    r2 = evaluate_scaling(p2, _figure_rng("deploy-fig4", p2))
    t1 = r1["optimized"] / r1["bound"]
    t2 = r2["optimized"] / r2["bound"]
    ok = t1 >= 0.5 and t2 < t1 and r1["tiled"] <= r1["bound"] and r2["tiled"] <= r2["bound"]
    return ClaimResult(ok, f"optimised/bound: 1-D N=8: {t1:.2f}, 2-D N=16: {t2:.2f}; tiled/bound: "
                       f"{r1['tiled'] / r1['bound']:.2f} (1-D), {r2['tiled'] / r2['bound']:.2f} (2-D)",
                       "1-D bound nearly tight; 2-D optimum persistently below the bound (criterion: 1-D ratio >= 0.5,"
                       " 2-D ratio smaller, tiled <= bound)", "sensing only, BS box scaled with the region")


register_claim(Claim("deploy.theorem1", "Fig. 4: the Theorem 1 bound is tight in 1-D, loose in 2-D", _theorem1))


# -- Fig. 5 ------------------------------------------------------------------------------------
def _line(quick: bool) -> ClaimResult:
    from isacnet.experiments.deploy import LineParams, line_design

    b = {"samples_per_axis": 20, "num_starts": 1, "max_sweeps": 40} if quick else {"samples_per_axis": 40}
    p_comm, p_bal = LineParams(design="comm", **b), LineParams(design="balanced", **b)
    comm, peak = line_design(p_comm, _figure_rng("deploy-fig5", p_comm))
    bal, _ = line_design(p_bal, _figure_rng("deploy-fig5", p_bal))
    lat = np.hypot(bal.layout[:, 1], bal.layout[:, 2])  # distance from the line (x axis)
    near = int(np.sum(lat < 0.06 * 1000.0))
    comm_lat = np.hypot(comm.layout[:, 1], comm.layout[:, 2])
    ok = near == 2 and bool(np.all(comm_lat <= 10.0 + 1e-6))
    return ClaimResult(ok, f"rate-optimal: all BSs within {comm_lat.max():.1f} m of the line (lowest height 10 m), "
                       f"{peak:.2f} bits/s/Hz, 3-D A-CRLB inf (singular); balanced: distances to the line "
                       + ", ".join(f"{x:.0f} m" for x in np.sort(lat)) + f", A-CRLB {bal.objective:.3g} m², "
                       f"{bal.area_rate_bits:.2f} bits/s/Hz",
                       "rate-optimal: BSs on the line at the lowest height; sensing-balanced: two BSs stay near the "
                       "line, the others move off it (criterion: exactly two within 60 m)",
                       "R_th = 0.7 x peak [?]; 1000 m line, N = 4 [?]")


register_claim(Claim("deploy.line_layouts",
                     "Fig. 5: rate-optimal BSs hug the line; the balanced design keeps two near it",
                     _line))
