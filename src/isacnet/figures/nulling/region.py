"""nulling-fig9 … fig12: S–C regions and the weighted sum (experiments in :mod:`isacnet.experiments.nulling.region`)."""

from __future__ import annotations

import numpy as np

from isacnet.figures.nulling._plot import plot_region, region_caption, region_summary
from isacnet.registry import FigureSpec, PaperNumber, register_figure

__all__ = ["plot_region", "region_caption", "region_summary"]  # re-used by overview-fig3

_SETTING = ("J_max = 5, alpha = 4, beta = 2, M_r = 10, |xi|^2 = 0.1 (c = 1), lambda_b = 1/km²; R_c by Theorem 2 "
            "(12), R_s by Prop. 3 (Q = 1) / Theorem 3 (Q >= 2); Theorem 3's boundary law and the region search "
            "come from the nulling profile (its values end the caption).")
_WHY_LARGER = ("our corrected closed forms (spec 001 §8); R_s grows with K here, so the corners and the "
               "boundary differ from the paper's (theory page)")


def _gain(ds, hue, value, which: str) -> float:
    r = region_summary(ds, hue, value)
    return r.sense_gain if which == "sense" else r.comm_gain


def _pct(x: float) -> str:
    from isacnet.plotting import percent

    return percent(x)


# -- Fig. 9 -------------------------------------------------------------------------------------
def _fig9_numbers(ds):
    return [PaperNumber(f"R_s gain over time sharing at equal R_c, M_t = {mt}", paper, _pct(_gain(ds, "num_tx_antennas",
                        mt, "sense")), _WHY_LARGER if mt == 10 else "")
            for mt, paper in ((10, "38 %"), (20, "67 %")) if mt in ds["num_tx_antennas"].values]


register_figure(FigureSpec(
    id="nulling-fig9", experiment="nulling.region", scenario="nulling-fig9",
    title="Average S&C spectral-efficiency trade-off (R_c, R_s) vs M_t (nulling Fig. 9)",
    x="vertex", hue="num_tx_antennas", xlabel=r"Average user rate $R_c$ [nats/s/Hz]",
    ylabel=r"Average radar rate $R_s$ [nats/s/Hz]", plot=plot_region,
    extra={"gain": "sense", "metric": "rate", "hue_text": "M_t", "paper_gains": {10: "38 %", 20: "67 %"}},
    caption=lambda ds: (f"Per-link rates (R_c, R_s) of region (20). {_SETTING} "
                        + region_caption(ds, "num_tx_antennas", hue_text="M_t", metric="rate")
                        + " The arrows give the gain the paper quotes (R_s at equal R_c)."),
    paper_numbers=_fig9_numbers,
))


# -- Fig. 10 ------------------------------------------------------------------------------------
def _fig10_numbers(ds):
    out = [PaperNumber(f"T_c gain over time sharing at equal T_s, M_t = {mt}", paper,
                       _pct(_gain(ds, "num_tx_antennas", mt, "comm")), _WHY_LARGER if mt == 30 else "")
           for mt, paper in ((30, "33 %"), (40, "48 %")) if mt in ds["num_tx_antennas"].values]
    mts = [int(m) for m in ds["num_tx_antennas"].values]
    comm = [_gain(ds, "num_tx_antennas", m, "comm") for m in mts]
    sense = [_gain(ds, "num_tx_antennas", m, "sense") for m in mts]
    # where cooperation gains nothing on either axis (0 % / 0 % at the smallest M_t) neither gains more
    more = all(c >= s for c, s in zip(comm, sense)) and any(c > s for c, s in zip(comm, sense))
    out.append(PaperNumber("communication gains more than sensing as M_t grows", "yes",
                           ("yes" if more else "no") + ": T_c " + "/".join(_pct(c) for c in comm) + " vs T_s "
                           + "/".join(_pct(s) for s in sense) + f" (M_t = {'/'.join(map(str, mts))})"))
    return out


register_figure(FigureSpec(
    id="nulling-fig10", experiment="nulling.region", scenario="nulling-fig10",
    title="S-C ASE region vs M_t (nulling Fig. 10)",
    x="vertex", hue="num_tx_antennas", xlabel=r"Communication ASE $T_c$ [nats/s/Hz/km²]",
    ylabel=r"Sensing ASE $T_s$ [nats/s/Hz/km²]", plot=plot_region,
    extra={"gain": "comm", "metric": "ase", "hue_text": "M_t", "paper_gains": {30: "33 %", 40: "48 %"}},
    caption=lambda ds: (f"ASE region (T_c, T_s) for each M_t. {_SETTING} "
                        + region_caption(ds, "num_tx_antennas", hue_text="M_t")
                        + " The arrows give the gain the paper quotes (T_c at equal T_s)."),
    paper_numbers=_fig10_numbers,
))


# -- Fig. 11 ------------------------------------------------------------------------------------
def _constraint_values(ds):
    return list(ds["link_constraints"].values)


def _fig11_explanation(ds) -> str:
    """Why the gain is not monotone in the constraints, from the stored corners."""
    from isacnet.plotting import format_value

    rows = [(format_value(v), region_summary(ds, "link_constraints", v)) for v in _constraint_values(ds)]
    gains = ", ".join(f"{name}: {_pct(r.sense_gain)}" for name, r in rows)
    corners = "; ".join(f"{name}: J = {int(r.config[0, 2])}, Q = {int(r.config[0, 3])}, T_s = {r.sense[0]:.3g}"
                        for name, r in rows)
    return (f"The gain at equal T_c is not monotone in the constraints ({gains}) although each region contains the "
            f"next (the staircases nest): the baseline moves too. Its communication corner ({corners}) senses "
            "J_max targets at no spatial cost when Q = 1 is allowed, but with Q_th >= 2 every target costs Q - 1 "
            "degrees of freedom and the corner keeps a single one, so the dotted segment starts far lower and the "
            "relative gain over it jumps before the shrinking region lowers it again. The paper's 'the gain "
            "gradually decreases' holds for the region itself, not for a gain over a baseline that the constraints "
            "also change.")


def _fig11_numbers(ds):
    rows = [region_summary(ds, "link_constraints", v) for v in _constraint_values(ds)]
    from isacnet.plotting import format_value

    names = [format_value(v) for v in _constraint_values(ds)]
    nested = all(np.all(_value_at(rows[i], rows[i + 1].comm) >= rows[i + 1].sense * (1 - 1e-9))
                 for i in range(len(rows) - 1))
    return [
        PaperNumber("the region shrinks as (L_th, Q_th) grow", "yes", "yes" if nested else "no"),
        PaperNumber("gain over time sharing as (L_th, Q_th) grow", "gradually decreases",
                    " → ".join(f"{_pct(r.sense_gain)} {n}" for r, n in zip(rows, names)),
                    "the baseline's corner changes with Q_th (caption)"),
    ]


def _value_at(r, comm_level):
    """Staircase value ``max{T_s : T_c >= level}`` of a recomputed region."""
    lv = np.atleast_1d(comm_level)
    return np.array([r.sense[r.comm >= x * (1 - 1e-12)].max() if np.any(r.comm >= x * (1 - 1e-12)) else np.nan
                     for x in lv])


register_figure(FigureSpec(
    id="nulling-fig11", experiment="nulling.region", scenario="nulling-fig11",
    title="S-C ASE region vs link-quality constraints (L_th, Q_th), M_t = 30 (nulling Fig. 11)",
    x="vertex", hue="link_constraints", xlabel=r"Communication ASE $T_c$ [nats/s/Hz/km²]",
    ylabel=r"Sensing ASE $T_s$ [nats/s/Hz/km²]", plot=plot_region,
    extra={"gain": "sense", "metric": "ase", "hue_text": "(L_th, Q_th)"},
    caption=lambda ds: (f"ASE region under L >= L_th, Q >= Q_th, M_t = 30. {_SETTING} "
                        + region_caption(ds, "link_constraints", hue_text="(L_th, Q_th)") + " "
                        + _fig11_explanation(ds)),
    paper_numbers=_fig11_numbers,
))


# -- Fig. 12 ------------------------------------------------------------------------------------
def _plot_fig12(ds, spec):
    """(a) T^ASE at the optimum and the larger single-function optimum per M_t; (b) its two terms T_c and
    T_s at the optimum, step functions of rho (drawn as steps centred on the grid points)."""
    from isacnet.plotting import add_legends, handle, hue_handles, new_figure, plot_series

    fig, (top, bottom) = new_figure(spec, height=4.4, nrows=2, sharex=True)
    values = list(ds["num_tx_antennas"].values)
    for i, mt in enumerate(values):
        sel = ds.sel(num_tx_antennas=mt)
        rho, v = sel["weight"].values, sel["value"]
        best = np.maximum(v.sel(series="comm_only").values, v.sel(series="sense_only").values)
        plot_series(top, rho, v.sel(series="weighted_sum").values, hue=i, estimator="closed")
        plot_series(top, rho, best, hue=i, estimator="baseline", markersize=2.5)
        for name, est in (("comm_at_opt", "bound"), ("sense_at_opt", "alt")):
            plot_series(bottom, rho, v.sel(series=name).values, hue=i, estimator=est, markersize=3,
                        drawstyle="steps-mid")  # markers on the grid points (the middle of each step)
    top.set_ylabel(r"$T^{\mathrm{ASE}}$ [nats/s/Hz/km²]")
    top.set_title(r"(a) weighted sum at the optimum", fontsize=7)
    bottom.set_ylabel(r"$T_c$, $T_s$ [nats/s/Hz/km²]")
    bottom.set_title(r"(b) its two terms at the optimum", fontsize=7)
    bottom.set_xlabel(spec.xlabel)
    add_legends(fig, hue_handles(spec, "num_tx_antennas", values, compact=True),
                [handle(r"$T^{\mathrm{ASE}}$", None, "closed"),
                 handle(r"$\max(T_c^{\max}, T_s^{\max})$", None, "baseline"),
                 handle(r"$T_c$", None, "bound"), handle(r"$T_s$", None, "alt")], where="above")
    return fig


def _fig12_numbers(ds):
    ok_mono, ok_bound = True, True
    for mt in ds["num_tx_antennas"].values:
        sel = ds.sel(num_tx_antennas=mt)["value"]
        tc, ts = sel.sel(series="comm_at_opt").values, sel.sel(series="sense_at_opt").values
        ok_mono &= bool(np.all(np.diff(tc) >= -1e-12) and np.all(np.diff(ts) <= 1e-12))
        top = np.maximum(sel.sel(series="comm_only").values, sel.sel(series="sense_only").values)
        ok_bound &= bool(np.all(sel.sel(series="weighted_sum").values <= top * (1 + 1e-12)))
    return [PaperNumber("T_c at the optimum rises and T_s falls with rho", "yes", "yes" if ok_mono else "no"),
            PaperNumber("T^ASE never above max(T_c-only, T_s-only)", "yes", "yes" if ok_bound else "no")]


def _fig12_caption(ds) -> str:
    jumps = []
    for mt in ds["num_tx_antennas"].values:
        tc = ds.sel(num_tx_antennas=mt)["value"].sel(series="comm_at_opt").values
        jumps.append(f"M_t = {int(mt)}: {len(np.unique(np.round(tc, 9)))} distinct optima")
    return ("Problem (P1), max rho T_c + (1 - rho) T_s over K L + J(Q-1) <= M_t, J <= J_max = 5, solved exactly on the "
            "boundary of region (20) (checked against enumeration of every configuration in the tests). A linear "
            "objective is maximised at a vertex of the convex hull, so T_c and T_s at the optimum are step functions "
            "of rho (drawn as steps between the grid points; each jump lies between its two neighbouring rho values) "
            "and T^ASE is piecewise linear and convex in rho (" + "; ".join(jumps) + " over the rho grid). "
            "Colour and marker: M_t. (a) solid: T^ASE = rho T_c + (1 - rho) T_s at the optimum; dotted: the larger "
            "single-function optimum max(T_c^max, T_s^max) = max(T^ASE at rho = 1, at rho = 0), which T^ASE never "
            "exceeds. (b) dashed and dash-dot: its two terms T_c and T_s at the optimum (beyond the last jump the "
            "three M_t give nearly the same T_s, 7.07-7.10 here, so those lines coincide).")


register_figure(FigureSpec(
    id="nulling-fig12", experiment="nulling.weighted_sum", scenario="nulling-fig12",
    title="Weighted-sum ASE vs rho (nulling Fig. 12)", x="weight", hue="num_tx_antennas",
    xlabel=r"Weighting factor $\rho$", ylabel="ASE [nats/s/Hz/km²]", plot=_plot_fig12,
    caption=_fig12_caption, paper_numbers=_fig12_numbers,
))
