"""Claims of paper ``deploy`` (004), measured with the reconstructed model of spec 004.

The paper's CRLB scale depends on constants lost in extraction (C_0, noise, alpha; spec 004
§3.2, §8), and so do the region size and the RCS model. The deploy profile sets them: ``spec``
(C_0 = 1, 400 m squares, fixed RCS) or ``paper`` (inferred from Fig. 8, docs/calibration.md). The
coverage claims read coverage as deploy-fig8 draws it: at its thresholds (γ <= 0.3 m²) under the
profile's RCS model.

Each check draws from the generator that ``isacnet run <figure>`` hands to the experiment at the
same point (the built-in scenario's seed, the experiment's shared stream), so a claim measures the
layouts its figure shows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

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

_FAST = {"samples_per_axis": 10, "num_starts": 1, "max_sweeps": 30, "eval_per_axis": 15}
_FULL = {"samples_per_axis": 10, "num_starts": 2, "max_sweeps": 120, "eval_per_axis": 30}
"""Optimiser samples as in the figures (10 per axis, where the paper profile's alpha gives the 6.5 bits/s/Hz peak)."""
_FIG8_THRESHOLDS = np.array([0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3])
"""deploy-fig8's CRLB thresholds γ [m²] (the paper: "all values up to 0.3")."""


def _params(cls, profile: str, quick: bool | None = None, **fields: Any):
    """``cls`` under ``profile``, with the optimiser budget (quick or full, where ``quick`` is given) and ``fields``."""
    budget = {} if quick is None else (_FAST if quick else _FULL)
    merged = {**profile_fields("deploy", profile, cls), **{k: v for k, v in budget.items() if k in cls.model_fields},
              **fields}
    return cls(**merged)


def _figure_rng(figure_id: str, p, profile: str = "spec") -> np.random.Generator:
    """The generator the runner passes to ``evaluate`` at ``p`` for the built-in scenario of ``figure_id``."""
    from isacnet.registry import get_experiment, get_figure
    from isacnet.runner import evaluate_generator

    spec = get_figure(figure_id)
    exp = get_experiment(spec.experiment)
    seed = profile_scenario(spec.scenario, profile=profile).seed
    return evaluate_generator(exp, p, seed, 0)  # shared stream: no point key needed


_WHY_C0 = ("the radar constant C_0 (with the noise and integration gain), the region size and the RCS model are lost "
           "in extraction (spec 004 §3.2, §8); the CRLB scales with 1/C_0, and at the spec profile's C_0 = 1 the "
           "rate-optimal CRLBs lie far above the paper's thresholds (≤ 0.3 m²), so that layout covers nothing there")
_PAPER_FIT = "the paper profile (C_0, region size, alpha, Swerling-I RCS) is fitted on Fig. 8 (docs/calibration.md)"
_PAPER_HELD_OUT = "held out by the paper profile (fitted on Fig. 8, docs/calibration.md)"


def _profile_note(p) -> str:
    return (f"s = {p.region_size:g} m, alpha = {p.pathloss_exp:g}, C_0 = {p.reference_gain:g}, RCS "
            f"{'Swerling I' if p.rcs_fluctuation == 'swerling1' else 'fixed'}")


# -- Fig. 3 -----------------------------------------------------------------------------------
def _convergence(quick: bool, profile: str) -> Measurement:
    from isacnet.experiments.deploy import ConvergenceParams, run_convergence, sweep_histories

    sweeps, gap = {}, {}
    for n in (4, 6, 8):
        p = _params(ConvergenceParams, profile, quick, num_bs=n, max_sweeps=120)
        res = run_convergence(p, _figure_rng("deploy-fig3", p, profile))
        obj, sur = sweep_histories(res)
        sweeps[n] = res.num_sweeps
        gap[n] = abs(sur[-1] - obj[-1]) / obj[-1]
    return Measurement(
        ours=f"{sweeps[4]} sweeps (N = 4)", number=float(sweeps[4]),
        agrees=15 <= sweeps[4] <= 45 and max(gap.values()) < 1e-2,
        detail=(f"N = 6: {sweeps[6]}, N = 8: {sweeps[8]} sweeps; final |surrogate − objective| / objective "
                f"{max(gap.values()):.1e}; one iteration = one MM sweep over all BSs, relative-decrease stop 1e-4"),
    )


# -- Fig. 6 -----------------------------------------------------------------------------------
def _height(quick: bool, profile: str) -> Measurement:
    from isacnet.experiments.deploy import HeightParams, optimal_height

    ls = [250.0, 500.0, 750.0, 1000.0]
    hs = [optimal_height(_params(HeightParams, profile, region_length=L, samples_per_axis=100 if quick else 400))[0]
          for L in ls]
    ratio = np.array(hs) / np.array(ls)
    return Measurement(
        ours=f"h*/L = {ratio.mean():.4f} (spread {np.ptp(ratio):.1e})", number=round(float(ratio.mean()), 5),
        agrees=bool(np.ptp(ratio) < 1e-3 * ratio.mean()),
        detail="optimal heights " + ", ".join(f"{h:.1f} m" for h in hs) + " for L = 250 … 1000 m; N = 4, common "
               "height, positions in the line's vertical plane (spec 004 §6.2)",
    )


# -- Figs. 7-8 ----------------------------------------------------------------------------------
def _designs(quick: bool, profile: str):
    from isacnet.experiments.deploy import DesignParams, evaluation, run_design

    out = {}
    for d in ("comm", "rate", "sensing"):
        p = _params(DesignParams, profile, quick, design=d)
        res = run_design(p, _figure_rng("deploy-fig8", p, profile))
        if res is None:  # cannot happen at R_th = 5 bits/s/Hz (peak ~6.4); say so if a budget change makes it
            raise RuntimeError(f"deploy-fig8: the {d!r} design has no layout meeting {p.rate_threshold_bits} bits/s/Hz")
        c, w, rate = evaluation(p, res.layout)
        out[d] = (res, c, w, rate, p)
    return out


def _curves(d, thresholds=_FIG8_THRESHOLDS) -> dict[str, np.ndarray]:
    """Coverage of each design at ``thresholds`` under its parameters' RCS model, as deploy-fig8 draws it."""
    return {k: np.asarray(v[4].coverage(v[1], thresholds, v[2])) for k, v in d.items()}


def _rate5(quick: bool, profile: str) -> Measurement:
    d = _designs(quick, profile)
    cov = _curves(d)
    comm, rate = d["comm"], d["rate"]
    uplift = cov["rate"] - cov["comm"]
    loss = 1 - rate[0].area_rate_bits / comm[0].area_rate_bits
    return Measurement(
        ours=f"{100 * np.mean(uplift):+.0f} points of coverage for a {loss:.0%} rate loss",
        number=round(100 * float(np.mean(uplift)), 1), agrees=bool(0.1 <= float(np.mean(uplift)) <= 0.3),
        detail=(f"rate-optimal {comm[0].area_rate_bits:.2f} (mean gain) / {comm[3]:.2f} (exact) bits/s/Hz; "
                f"A-CRLB {comm[0].objective:.3g} → {rate[0].objective:.3g} m²; coverage uplift over deploy-fig8's "
                f"thresholds (γ ≤ 0.3 m²): mean {100 * np.mean(uplift):+.0f}, largest {100 * np.max(uplift):+.0f} "
                f"points; rate-optimal coverage {cov['comm'][0]:.2g} … {cov['comm'][-1]:.2f} "
                f"({_profile_note(comm[4])})"),
    )


def _sensing3x(quick: bool, profile: str) -> Measurement:
    d = _designs(quick, profile)
    cov = _curves(d)
    covered = cov["comm"] >= 0.05
    r = float(np.max(cov["sensing"][covered] / cov["comm"][covered])) if covered.any() else np.inf
    return Measurement(
        ours=f"{r:.3g}× (inf: the rate-optimal layout never covers 5 %)", number=float(r),
        agrees=bool(np.isfinite(r) and 2.0 <= r <= 4.5),
        detail=(f"largest sensing-only / rate-optimal coverage over deploy-fig8's thresholds (γ ≤ 0.3 m²) where the "
                f"rate-optimal layout covers ≥ 5 %; A-CRLB {d['comm'][0].objective:.3g} vs "
                f"{d['sensing'][0].objective:.3g} m² ({_profile_note(d['comm'][4])})"),
    )


# -- Fig. 9 -----------------------------------------------------------------------------------
def _heights(quick: bool, profile: str) -> Measurement:
    from isacnet.experiments.deploy import GridParams, crlb_map, grid_design

    res = {}
    for d in ("grid", "heights"):
        p = _params(GridParams, profile, quick, design=d)
        lay = grid_design(p)[0]
        res[d] = crlb_map(p, lay)
    finite = res["grid"][0][np.isfinite(res["grid"][0])]
    gam = np.geomspace(finite.min() / 30, finite.max() * 30, 61)  # the paper's threshold is lost: swept
    g = np.asarray(p.coverage(res["grid"][0], gam, res["grid"][1]))  # under the profile's RCS model
    h = np.asarray(p.coverage(res["heights"][0], gam, res["heights"][1]))
    hit = (g <= 0.25) & (h >= 0.5)
    j = int(np.argmax(hit)) if hit.any() else int(np.argmin(np.abs(g - 0.1)))
    return Measurement(
        ours=f"{g[j]:.0%} → {h[j]:.0%} at γ = {gam[j]:.3g} m²", number=(round(float(g[j]), 3), round(float(h[j]), 3)),
        agrees=bool(hit.any()),
        detail=(f"largest heights-only coverage where the grid covers ≤ 25 %: {np.max(h[g <= 0.25]):.0%}; targets on "
                f"the ground (their altitude is lost in 004), threshold swept over {gam[0]:.2g} … {gam[-1]:.2g} m² "
                f"(lost too); {_profile_note(p)}"),
    )


# -- Fig. 11 / contributions -------------------------------------------------------------------
def _tradeoff(quick: bool, profile: str):
    from isacnet.experiments.deploy import TradeoffParams, tradeoff_design

    out = {}
    for h in (200.0, 400.0, 600.0):
        base = _params(TradeoffParams, profile, quick, target_height=h, rate_threshold_bits=0.0)
        sens, comm = tradeoff_design(base, _figure_rng("deploy-fig11", base, profile))
        peak = comm.area_rate_bits
        required = base.model_copy(update={"rate_threshold_bits": 0.9 * peak})
        res, _ = tradeoff_design(required, _figure_rng("deploy-fig11", required, profile))
        out[h] = (comm, sens, res, peak, base)
    return out


def _mean_coverage(p, layout) -> float:
    """Coverage averaged over deploy-fig8's thresholds (the paper profile's reading of "coverage overall")."""
    from isacnet.experiments.deploy import planar_setup
    from isacnet.experiments.deploy._common import point_crlb

    pts, w = planar_setup(p)[0].grid(p.eval_per_axis)
    return float(np.mean(p.coverage(point_crlb(p, pts, layout), _FIG8_THRESHOLDS, w)))


def _rate10(quick: bool, profile: str) -> Measurement:
    t = _tradeoff(quick, profile)
    comm, _, res, peak, p = t[400.0]
    gain = comm.objective / res.objective
    a, b = _mean_coverage(p, comm.layout), _mean_coverage(p, res.layout)
    ratio = b / a if a > 0 else (np.inf if b > 0 else np.nan)
    return Measurement(
        ours=f"mean coverage {ratio:.2f}× (A-CRLB {gain:.1f}× lower)", number=round(float(ratio), 3),
        agrees=bool(np.isfinite(ratio) and ratio >= 1.5),
        detail=(f"targets at 400 m: at ≤ 10 % peak-rate loss ({peak:.2f} → {res.area_rate_bits:.2f} bits/s/Hz, mean "
                f"gain) the A-CRLB drops {comm.objective:.3g} → {res.objective:.3g} m² and the coverage averaged over "
                f"γ ≤ 0.3 m² grows {a:.3f} → {b:.3f}; the paper's Fig. 11 peak is 5.75 bits/s/Hz ({_profile_note(p)})"),
    )


def _altitude(quick: bool, profile: str) -> Measurement:
    t = _tradeoff(quick, profile)
    rel = {h: v[2].objective / v[1].objective for h, v in t.items()}  # constrained / sensing-only A-CRLB
    hs = sorted(rel)
    return Measurement(
        ours=", ".join(f"{rel[h]:.3g}× ({h:g} m)" for h in hs), number=tuple(round(float(rel[h]), 3) for h in hs),
        agrees=all(rel[hs[i]] <= rel[hs[i + 1]] for i in range(len(hs) - 1)),
        detail="A-CRLB at 90 % of the peak rate relative to sensing-only; rate-optimal layouts hug the ground",
    )


def _coverage50(quick: bool, profile: str) -> Measurement:
    from isacnet.experiments.deploy import coverage

    t = _tradeoff(quick, profile)
    comm, _, res, _, p = t[400.0]
    a, b = coverage(p, comm.layout), coverage(p, res.layout)
    return Measurement(
        ours=f"{a:.0%} → {b:.0%} at γ = {p.coverage_threshold:g} m²", number=(round(a, 4), round(b, 4)),
        agrees=bool(b >= 1.5 * a and b > 0),
        detail=("rate-optimal → 90 %-rate design; requirement 90 % of the rate-optimal mean-gain rate, targets at "
                f"400 m ({_profile_note(p)})"),
    )


# -- Fig. 4 ------------------------------------------------------------------------------------
def _theorem1(quick: bool, profile: str) -> Measurement:
    from isacnet.experiments.deploy import ScalingParams, evaluate_scaling

    b: dict[str, Any] = ({"samples_per_axis": 4, "num_starts": 1, "max_sweeps": 30, "search_points": (7, 7, 5)}
                         if quick else {})
    p1 = _params(ScalingParams, profile, region_dim=1, tiles_per_axis=2, **b)
    p2 = _params(ScalingParams, profile, region_dim=2, tiles_per_axis=2, **b)
    r1 = evaluate_scaling(p1, _figure_rng("deploy-fig4", p1, profile))
    r2 = evaluate_scaling(p2, _figure_rng("deploy-fig4", p2, profile))
    t1 = r1["optimized"] / r1["bound"]
    t2 = r2["optimized"] / r2["bound"]
    return Measurement(
        ours=f"optimised / bound {t1:.2f} (1-D, N = 8), {t2:.2f} (2-D, N = 16)", number=(round(t1, 3), round(t2, 3)),
        agrees=bool(t1 >= 0.5 and t2 < t1 and r1["tiled"] <= r1["bound"] and r2["tiled"] <= r2["bound"]),
        detail=(f"tiled / bound {r1['tiled'] / r1['bound']:.2f} (1-D), {r2['tiled'] / r2['bound']:.2f} (2-D); sensing "
                "only, BS box scaled with the region"),
    )


# -- Fig. 5 ------------------------------------------------------------------------------------
def _line(quick: bool, profile: str) -> Measurement:
    from isacnet.experiments.deploy import LineParams, line_design

    b: dict[str, Any] = ({"samples_per_axis": 20, "num_starts": 1, "max_sweeps": 40} if quick
                         else {"samples_per_axis": 40})
    p_comm = _params(LineParams, profile, design="comm", **b)
    p_bal = _params(LineParams, profile, design="balanced", **b)
    comm, peak = line_design(p_comm, _figure_rng("deploy-fig5", p_comm, profile))
    bal, _ = line_design(p_bal, _figure_rng("deploy-fig5", p_bal, profile))
    lat = np.hypot(bal.layout[:, 1], bal.layout[:, 2])  # distance from the line (x axis)
    near = int(np.sum(lat < 0.06 * 1000.0))
    comm_lat = np.hypot(comm.layout[:, 1], comm.layout[:, 2])
    return Measurement(
        ours=f"rate-optimal within {comm_lat.max():.1f} m of the line; balanced: {near} BSs within 60 m",
        number=float(near), agrees=near == 2 and bool(np.all(comm_lat <= 10.0 + 1e-6)),
        detail=(f"rate-optimal {peak:.2f} bits/s/Hz, 3-D A-CRLB inf (singular); balanced: distances to the line "
                + ", ".join(f"{x:.0f} m" for x in np.sort(lat)) + f", A-CRLB {bal.objective:.3g} m², "
                f"{bal.area_rate_bits:.2f} bits/s/Hz; R_th = 0.7 × peak, 1000 m line, N = 4 (not stated)"),
    )


for _claim in (
    Claim("deploy.convergence", "Fig. 3: N = 4 BSs converge in about 30 iterations; the surrogate tracks the objective",
          PaperValue("≈ 30 iterations (N = 4)", 30.0, "iterations"),
          "15–45 sweeps ('about', and the stopping rule is not stated) and surrogate within 1 % of the objective at "
          "the end", reproduced(), _convergence),
    Claim("deploy.height_proportional", "Fig. 6 / Prop. 4: the optimal BS height is proportional to the region "
          "length", PaperValue("h* ∝ L (Prop. 4)"), "h*/L constant to 0.1 % over L = 250 … 1000 m", reproduced(),
          _height),
    Claim("deploy.rate5_coverage", "Fig. 8: a 5 bits/s/Hz requirement (about 23 % below the 6.5 bits/s/Hz peak) "
          "buys about 20 % more coverage", PaperValue("+20 % coverage", 20.0, "points"),
          "coverage uplift averaged over deploy-fig8's thresholds (γ ≤ 0.3 m²: the paper's 'overall') within 10–30 "
          "points", explained("unstated parameter", _WHY_C0), _rate5, profiled=True,
          expected_paper=reproduced(_PAPER_FIT)),
    Claim("deploy.sensing_3x", "Fig. 8: the sensing-only design reaches up to threefold coverage",
          PaperValue("up to 3×", 3.0, "×"), "2–4.5× where the rate-optimal layout covers at least 5 %",
          explained("unstated parameter", _WHY_C0 + ". The sensing-only A-CRLB is two orders of magnitude lower"),
          _sensing3x, profiled=True, expected_paper=reproduced(_PAPER_FIT)),
    Claim("deploy.heights_only", "Fig. 9: optimising the heights alone raises coverage from about 10 % to about 60 %",
          PaperValue("≈ 10 % → ≈ 60 %", (10.0, 60.0), "%"),
          "some threshold γ with grid coverage ≤ 25 % and heights-only coverage ≥ 50 % (the threshold is lost)",
          reproduced("the threshold swept; held out by the paper profile"), _heights, profiled=True),
    Claim("deploy.rate_loss_10pct", "Fig. 11: moving a few BSs at < 10 % peak-rate loss boosts sensing substantially",
          PaperValue("substantial sensing gain at < 10 % rate loss (Fig. 11)"),
          "coverage averaged over deploy-fig8's thresholds at least 1.5× (the paper's 'at least 50 %')",
          explained("unstated parameter", _WHY_C0 + ": both layouts cover nothing"), _rate10, profiled=True,
          expected_paper=reproduced(_PAPER_HELD_OUT)),
    Claim("deploy.altitude_tradeoff", "Fig. 11: the S&C trade-off worsens at higher target altitudes",
          PaperValue("trade-off worse for higher targets (Fig. 11)"),
          "the constrained / sensing-only A-CRLB ratio grows with the target altitude", reproduced(), _altitude,
          profiled=True),
    Claim("deploy.coverage_50pct", "Contributions: at least 50 % coverage improvement while keeping the rate",
          PaperValue("≥ +50 % coverage", 50.0, "%"), "at γ = 0.1 m² coverage ≥ 1.5× and > 0",
          explained("unstated parameter", _WHY_C0), _coverage50, profiled=True,
          expected_paper=reproduced(_PAPER_HELD_OUT)),
    Claim("deploy.theorem1", "Fig. 4: the Theorem 1 bound is nearly tight in 1-D and loose in 2-D",
          PaperValue("1-D tight, 2-D persistently below the bound (Fig. 4)"),
          "1-D optimised / bound ≥ 0.5, 2-D ratio smaller, tiled layouts ≤ bound", reproduced(), _theorem1),
    Claim("deploy.line_layouts", "Fig. 5: rate-optimal BSs hug the line; the sensing-balanced design keeps two near it",
          PaperValue("rate-optimal on the line at the lowest height; balanced: two BSs near the line (Fig. 5)", 2.0),
          "all rate-optimal BSs within 10 m of the line, exactly two balanced BSs within 60 m", reproduced(), _line),
):
    register_claim(_claim)
