"""nulling-fig4/5/6: communication rate and ASE (experiments in :mod:`isacnet.experiments.nulling.comm`)."""

from __future__ import annotations

import json

import numpy as np

from isacnet.figures.nulling._plot import plot_curves
from isacnet.registry import FigureSpec, PaperNumber, register_figure

__all__ = ["system_text", "optimum"]


def _v(ds, series, **sel) -> np.ndarray:
    return np.asarray(ds["value"].sel(series=series, **sel).values, dtype=float)


def _pct(x: float) -> str:
    from isacnet.plotting import percent

    return percent(x, 1)


def system_text(ds) -> str:
    """What the system-level Monte Carlo of ``ds`` is: networks, BSs, CI, and its largest deviation."""
    params = json.loads(ds.attrs["scenario"])["params"]
    nets, num_bs = params.get("system_networks", 0), params.get("system_mean_num_bs", 0)
    if not nets:
        return "No system-level simulation in this run (system_networks = 0)."
    return (f"System level (filled markers): {nets} independent torus networks of about {num_bs:g} BSs per point, "
            "K users and J targets per Voronoi cell, actual ZF precoders (2), nulling requests beyond a BS's spare "
            "spatial DoF dropped at random; 95 % CI with the networks as clusters (samples of one network are "
            "correlated).")


def optimum(ds, series: str, x: str, **sel) -> tuple[float, float]:
    """The ``x`` value and the value of the largest finite point of ``series`` at ``sel``."""
    y = _v(ds, series, **sel)
    xs = ds[x].values
    i = int(np.nanargmax(y))
    return float(xs[i]), float(y[i])


# -- Fig. 4 -------------------------------------------------------------------------------------
def _fig4_facts(ds) -> dict:
    ls = [int(v) for v in ds["cluster_size_comm"].values]
    k1 = _v(ds, "thm1", num_users=1)
    k5 = _v(ds, "thm1", num_users=5)
    gap = {cl: float(np.nanmax(np.abs(_v(ds, "thm2", cluster_size_comm=cl) / _v(ds, "thm1", cluster_size_comm=cl) - 1)))
           for cl in ls}
    sys = _v(ds, "mc_system")
    dev = np.abs(sys / _v(ds, "thm1") - 1)
    worst = np.unravel_index(np.nanargmax(dev), dev.shape) if np.isfinite(dev).any() else None
    dims = ds["value"].sel(series="mc_system").dims
    where = {d: ds[d].values[i] for d, i in zip(dims, worst)} if worst is not None else {}
    lo, hi = (np.asarray(ds[f].sel(series="mc_system").values, float) for f in ("ci_low", "ci_high"))
    inside = (_v(ds, "thm1") >= lo) & (_v(ds, "thm1") <= hi)
    ok = np.isfinite(sys)
    return {"ls": ls, "k1": k1, "k5": k5, "gap": gap, "dev": float(np.nanmax(dev)) if ok.any() else np.nan,
            "median_dev": float(np.nanmedian(dev)) if ok.any() else np.nan, "where": where,
            "inside": int(inside[ok].sum()), "num": int(ok.sum())}


def _fig4_caption(ds) -> str:
    f = _fig4_facts(ds)
    return ("Average user rate R_c vs K, M_t = 20, alpha = 4, no sensing nulls (J(Q-1) = 0); K L > M_t is outside "
            "the spatial budget and left blank (L = 3 stops at K = 6). Lines: Theorem 1 (11) solid, Theorem 1 with "
            "the exact joint law of (r, eta_L) dash-dot (our addition: (11) treats r and eta = r/r_L as independent, "
            "see the theory page; equal to (11) at L = 1), Theorem 2 (12) dashed. Open markers: typical-user Monte "
            "Carlo with the paper's Gamma gains. " + system_text(ds)
            + f" System level vs Theorem 1: median deviation {_pct(f['median_dev'])}, Theorem 1 inside the CI at "
            f"{f['inside']} of {f['num']} points; largest {_pct(f['dev'])} at "
            f"K = {int(f['where'].get('num_users', 0))}, L = {int(f['where'].get('cluster_size_comm', 0))}"
            + (" (K L = M_t: no spare DoF, so some nulling requests are dropped and the simulated users keep more "
               "diversity than Theorem 1 assumes)." if f["where"].get("num_users", 0) * f["where"].get(
                   "cluster_size_comm", 0) >= 20 else "."))


def _fig4_numbers(ds):
    f = _fig4_facts(ds)
    k1_up = bool(np.all(np.diff(f["k1"][np.isfinite(f["k1"])]) > 0))
    k5 = f["k5"][np.isfinite(f["k5"])]
    peak = int(np.argmax(k5))
    k5_text = " / ".join(f"{v:.2f}" for v in k5)
    gap = ", ".join(f"L = {cl}: {_pct(g)}" for cl, g in f["gap"].items())
    tighter = f["gap"][1] < min(g for cl, g in f["gap"].items() if cl > 1) if len(f["gap"]) > 1 else False
    return [
        PaperNumber("K = 1: R_c rises with L", "yes", ("yes: " if k1_up else "no: ")
                    + " / ".join(f"{v:.2f}" for v in f["k1"]) + " nats/s/Hz"),
        PaperNumber("K = 5: R_c rises then falls with L", "yes",
                    ("yes" if 0 < peak < k5.size - 1 else "no") + f": {k5_text} nats/s/Hz (Theorem 1)"),
        PaperNumber("Theorem 2 tight, tighter at L = 1", "yes", ("yes" if tighter else "no")
                    + f": largest |Thm 2/Thm 1 - 1| {gap}"),
    ]


register_figure(FigureSpec(
    id="nulling-fig4", experiment="nulling.comm_rate", scenario="nulling-fig4",
    title="User rate R_c vs K for several L (nulling Fig. 4)", x="num_users", hue="cluster_size_comm",
    xlabel=r"Users per cell $K$", ylabel=r"Average user rate $R_c$ [nats/s/Hz]", plot=plot_curves,
    series_labels={"thm1": "Theorem 1 (11)", "thm1_joint": r"Theorem 1, joint $(r, \eta_L)$ law",
                   "thm2": "Theorem 2 (12)", "mc_typical": "MC, typical user",
                   "mc_system": "MC, system level"},
    series_estimators={"thm1": "closed", "thm1_joint": "alt", "thm2": "bound"},
    extra={"filled": ("mc_system",)},
    caption=_fig4_caption, paper_numbers=_fig4_numbers,
))


# -- Fig. 5 -------------------------------------------------------------------------------------
def _fig5_optima(ds) -> dict[int, tuple[int, float]]:
    out = {}
    for mt in ds["num_tx_antennas"].values:
        k, v = optimum(ds, "tc_thm1_per_km2", "num_users", num_tx_antennas=mt)
        out[int(mt)] = (int(k), v)
    return out


def _fig5_decorate(ax, ds, spec):
    """The paper's optimum K ≈ 0.6 M_t on our T_c curve (open stars)."""
    from isacnet.plotting import mark_paper_value

    ks = ds["num_users"].values
    for mt in ds["num_tx_antennas"].values:
        k = round(0.6 * int(mt))
        if k in ks:
            mark_paper_value(ax, k, float(_v(ds, "tc_thm1_per_km2", num_tx_antennas=mt, num_users=k)))


def _fig5_caption(ds) -> str:
    opt = _fig5_optima(ds)
    gap = []
    for mt in ds["num_tx_antennas"].values:
        d = _v(ds, "tsum_thm1_per_km2", num_tx_antennas=mt) - _v(ds, "tc_thm1_per_km2", num_tx_antennas=mt)
        gap.append(f"M_t = {int(mt)}: {np.nanmin(d):.2f}-{np.nanmax(d):.2f}")
    return ("Communication ASE T_c and total ASE T_c + T_s vs K, L = 1, J = J_max = 10 targets without sensing nulls "
            "(Q = 1), c = 1; K > M_t is outside the spatial budget (blank). Lines: Theorem 1 (11) solid, Theorem 2 "
            "(13) dash-dot (T_c), Theorem 1 + Prop. 3 dashed (T_c + T_s); open markers: typical-point Monte Carlo "
            "(T_c), filled: typical-point Monte Carlo of T_c + T_s. Open stars: the paper's optimum K = 0.6 M_t. "
            "Optimum of T_c on the grid: " + ", ".join(f"M_t = {mt}: K = {k}" for mt, (k, _) in opt.items())
            + " (Lemma 2: v* = 0.592, K* = v*(M_t + 1)). T_s adds " + "; ".join(gap)
            + " nats/s/Hz/km² at every K (the sensing ASE does not depend on K at L = 1 beyond the Gamma(K) "
            "factor of Prop. 3).")


def _fig5_numbers(ds):
    opt = _fig5_optima(ds)
    return [PaperNumber(f"K*/M_t at the T_c optimum, M_t = {mt}", "about 60 %", f"{k / mt:.0%} (K* = {k})",
                        "integer K; Lemma 2: v* (M_t + 1) with v* = 0.592" if mt == min(opt) else "")
            for mt, (k, _) in opt.items()]


register_figure(FigureSpec(
    id="nulling-fig5", experiment="nulling.comm_ase", scenario="nulling-fig5",
    title="Communication and total ASE vs K, L = 1 (nulling Fig. 5)", x="num_users", hue="num_tx_antennas",
    xlabel=r"Users per cell $K$", ylabel="ASE [nats/s/Hz/km²]", plot=plot_curves,
    series_labels={"tc_thm1_per_km2": r"$T_c$, Theorem 1", "tc_thm2_per_km2": r"$T_c$, Theorem 2",
                   "tc_mc_per_km2": r"$T_c$, MC", "tsum_thm1_per_km2": r"$T_c + T_s$, Thm 1 + Prop. 3",
                   "tsum_mc_per_km2": r"$T_c + T_s$, MC"},
    series_estimators={"tc_thm1_per_km2": "closed", "tc_thm2_per_km2": "alt", "tsum_thm1_per_km2": "bound"},
    extra={"filled": ("tsum_mc_per_km2",), "decorate": _fig5_decorate,
           "extra_handles": [("paper: optimum $K = 0.6\\,M_t$", "paper")]},
    caption=_fig5_caption, paper_numbers=_fig5_numbers,
))


# -- Fig. 6 -------------------------------------------------------------------------------------
def _fig6_best(ds) -> tuple[int, int, float]:
    tc = ds["value"].sel(series="tc_thm1_per_km2")
    best = tc.where(np.isfinite(tc), -np.inf).argmax(...)
    k = int(ds["num_users"].values[int(best["num_users"])])
    cl = int(ds["cluster_size_comm"].values[int(best["cluster_size_comm"])])
    return k, cl, float(tc.sel(num_users=k, cluster_size_comm=cl))


def _fig6_decorate(ax, ds, spec):
    from isacnet.plotting import mark_paper_value

    if 12 in ds["num_users"].values and 1 in ds["cluster_size_comm"].values:
        mark_paper_value(ax, 12, float(_v(ds, "tc_thm1_per_km2", num_users=12, cluster_size_comm=1)))


def _fig6_caption(ds) -> str:
    k, cl, v = _fig6_best(ds)
    return ("Communication ASE T_c vs K for several cluster sizes L, M_t = 20, no sensing nulls; K L > M_t is "
            "outside the spatial budget (blank). Theorem 1 (11) solid, Theorem 2 (13) dash-dot. Open star: the "
            f"paper's optimum (K, L) = (12, 1). Optimum over the grid (Theorem 1): K = {k}, L = {cl}, "
            f"T_c = {v:.2f} nats/s/Hz/km² (Propositions 1-2: L* = 1; Lemma 2: K* = 12).")


register_figure(FigureSpec(
    id="nulling-fig6", experiment="nulling.comm_ase_grid", scenario="nulling-fig6",
    title="Communication ASE vs K for several L: the optimum is K = 12, L = 1 (nulling Fig. 6)",
    x="num_users", hue="cluster_size_comm", xlabel=r"Users per cell $K$",
    ylabel=r"Communication ASE $T_c$ [nats/s/Hz/km²]", plot=plot_curves,
    series_labels={"tc_thm1_per_km2": "Theorem 1 (11)", "tc_thm2_per_km2": "Theorem 2 (13)"},
    series_estimators={"tc_thm1_per_km2": "closed", "tc_thm2_per_km2": "alt"},
    extra={"decorate": _fig6_decorate, "extra_handles": [("paper: optimum $(K, L) = (12, 1)$", "paper")]},
    caption=_fig6_caption,
    paper_numbers=lambda ds: [PaperNumber("optimum (K, L) of T_c, M_t = 20", "(12, 1)",
                                          "({}, {})".format(*_fig6_best(ds)[:2]))],
))
