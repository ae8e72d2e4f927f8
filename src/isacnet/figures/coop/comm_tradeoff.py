"""coop-fig8/9 (rate vs root CRLB) and coop-fig10 (weighted sum vs rho): experiments ``coop.tradeoff``
and ``coop.weighted_sum``. overview-fig4 re-uses :func:`plot_tradeoff` and :func:`tradeoff_caption`.

Region (39) (coop Section V) is the set of (rate, CRLB) pairs of the designs ``(L, N, p^c, p^s)`` under
(34a)–(34c); its boundary is the largest ``R_c`` at each root-CRLB level, computed with ``p^c``
continuous over every feasible ``(L, N)`` (:func:`isacnet.optimization.coop.tradeoff_curves`). The
paper's baseline is time sharing between the two corner points; the convex hull (time sharing among
any designs) is drawn where the region is not convex. The printed gains are those of the boundary
over the corner time sharing, computed on the plotted points.
"""

from __future__ import annotations

import json

import numpy as np

from isacnet.plotting import (
    PaperNumber,
    add_legends,
    coincident,
    estimator_handles,
    handle,
    hue_handles,
    new_figure,
    percent,
    plot_series,
    value_label,
)
from isacnet.registry import FigureSpec, register_figure

__all__ = ["plot_tradeoff", "tradeoff_gains", "tradeoff_caption", "hue_labels", "GAIN_AT_RATIO"]

GAIN_AT_RATIO = 1.5
"""The second printed gain: at root CRLB = 1.5 x the smallest (a plotted level of every scenario)."""


def _params(ds) -> dict:
    return json.loads(ds.attrs.get("scenario", "{}")).get("params", {})


_SHARED_METRIC = {"inverse_root": "1/√CRLB", "fisher": "1/CRLB (the Fisher information)", "root": "√CRLB"}
"""Caption text of the sensing metric time sharing averages (``time_sharing_metric``, set by the coop profile)."""


_CRLB_FORM = {"prop2_app_b": "Prop. 2, eq. (45)", "theorem1": "Theorem 1 (22), i.e. eq. (24)"}
"""Caption text of the sensing CRLB of the region (``crlb_form``, set by the coop profile)."""


def _assumed(ds) -> str:
    """The unstated values this run used, for a paper number's note: ``e`` and the time-sharing metric."""
    p = _params(ds)
    return (f"e unstated, {p.get('backhaul_per_bs_bits', 0.25):g} bits/s/Hz "
            f"(profile '{ds.attrs.get('profile', 'spec')}'), "
            f"time sharing linear in {_SHARED_METRIC[p.get('time_sharing_metric', 'inverse_root')]}")


def hue_labels(ds, spec) -> list[str]:
    """Legend text of each hue value: ``$C_{\\rm backhaul} = 8.6$ bits/s/Hz``, or for a swept BS density
    the paper's ratio ``$\\lambda_u/\\lambda_b = 5$`` (the user density is fixed)."""
    values = list(ds[spec.hue].values)
    if spec.hue == "bs_density_per_km2":
        user = float(_params(ds).get("user_density_per_km2", 1.0))
        return [value_label(spec, spec.hue, user / float(v), symbol=r"$\lambda_u/\lambda_b$", unit=False)
                for v in values]
    return [value_label(spec, spec.hue, v) for v in values]


def _curves(ds, spec, hue_index: int) -> dict[str, np.ndarray]:
    sel = ds.isel({spec.hue: hue_index})
    return {s: sel["value"].sel(series=s).values.astype(float)
            for s in ("root_crlb", "coop", "hull", "time_sharing", "noncoop", "gain")}


def tradeoff_gains(ds, spec) -> list[dict]:
    """Per hue value: the largest rate gain of the boundary over time sharing at the plotted levels
    (``(coop - time_sharing) / time_sharing``, where time sharing is positive), the level where it
    occurs [m] and the gain at :data:`GAIN_AT_RATIO` times the smallest root CRLB."""
    ratios = ds["root_crlb_ratio"].values.astype(float)
    out = []
    for i, label in enumerate(hue_labels(ds, spec)):
        c = _curves(ds, spec, i)
        ok = np.isfinite(c["coop"]) & np.isfinite(c["time_sharing"]) & (c["time_sharing"] > 0)
        gain = np.where(ok, c["coop"] / np.where(ok, c["time_sharing"], 1.0) - 1.0, np.nan)
        k = int(np.nanargmax(gain)) if ok.any() else -1
        # the reading the coop profile is fitted on: the gain where the boundary and time sharing are furthest
        # apart in rate, stored by the experiment (400 levels; the same at every plotted level)
        sel = ds.isel({spec.hue: i})["value"]
        largest = [float(np.ravel(sel.sel(series=s).values)[0]) for s in ("gain_largest_gap", "root_crlb_largest_gap")]
        at = np.flatnonzero(np.isclose(ratios, GAIN_AT_RATIO))
        out.append({"label": label, "max_gain": float(gain[k]) if k >= 0 else float("nan"),
                    "at_root_crlb": float(c["root_crlb"][k]) if k >= 0 else float("nan"),
                    "at_ratio": float(ratios[k]) if k >= 0 else float("nan"),
                    "gain_at_ratio": float(gain[at[0]]) if at.size else float("nan"),
                    "first_ratio": float(ratios[ok][0]) if ok.any() else float("nan"),
                    "gain_at_largest_gap": largest[0], "largest_gap_root_crlb": largest[1],
                    "nonconvex": _hull_differs(c)})
    return out


HULL_VISIBLE = 0.01
"""The hull is drawn (and called non-convex) where it exceeds the boundary by more than this fraction of
the largest rate: below that the two lines print on top of each other."""


def _hull_differs(c: dict[str, np.ndarray]) -> bool:
    return bool(np.nanmax(c["hull"] - c["coop"]) > HULL_VISIBLE * np.nanmax(c["coop"]))


def _hue_index(ds, spec, value) -> int:
    values = [float(v) for v in ds[spec.hue].values]
    return int(np.argmin([abs(v - value) for v in values]))


def plot_tradeoff(ds, spec):
    """Rate vs root CRLB: colour and marker = the hue value (backhaul or density ratio); boundary of
    region (39) solid, its convex hull dash-dot (only where the region is not convex), time sharing
    between the corners dotted; ``spec.extra["show_noncoop"]`` adds the non-cooperative boundary (dashed)."""
    fig, ax = new_figure(spec)
    labels = hue_labels(ds, spec)
    show_noncoop = spec.extra.get("show_noncoop", False)
    any_hull = False
    for i in range(len(labels)):
        c = _curves(ds, spec, i)
        x = c["root_crlb"]
        plot_series(ax, x, c["coop"], hue=i, estimator="closed")
        plot_series(ax, x, c["time_sharing"], hue=i, estimator="baseline")
        if _hull_differs(c):
            any_hull = True
            plot_series(ax, x, c["hull"], hue=i, estimator="alt", linewidth=0.8)
        if show_noncoop:
            plot_series(ax, x, c["noncoop"], hue=i, estimator="bound")
    ax.set_xscale("log")
    ax.set_xlabel("Root CRLB [m]")
    ax.set_ylabel(spec.ylabel)
    ax.set_ylim(bottom=0)
    # a hull that coincides with the boundary for every hue is not drawn: the boundary's entry says so, with
    # the boundary's (visible) solid handle
    styles = [("closed", "boundary" if any_hull else "boundary (= convex hull)"), ("baseline", "time sharing")]
    if any_hull:
        styles.append(("alt", "convex hull"))
    if show_noncoop:
        styles.append(("bound", "non-cooperative ($L = 1$, $N = 2$)"))
    hues = (hue_handles(spec, spec.hue, ds[spec.hue].values, compact=True) if spec.hue == "backhaul_bits"
            else [handle(lab, i, linestyle="-") for i, lab in enumerate(labels)])
    add_legends(fig, hues, estimator_handles(styles))
    return fig


def tradeoff_caption(ds, spec, setting: str) -> str:
    """The caption of a rate–CRLB figure: definitions, the search, the gains computed on the plotted points."""
    gains = tradeoff_gains(ds, spec)
    p = _params(ds)
    e = p.get("backhaul_per_bs_bits", 0.25)
    text = (f"{setting} Region (39): rate R_c (Theorem 2 with κ_c of Lemma 2) and CRLB "
            f"({_CRLB_FORM[p.get('crlb_form', 'prop2_app_b')]}, λ_b thinned by κ_s of Lemma 1) of every design "
            "(L, N, p^c, p^s) with p^c + p^s ≤ P^t and backhaul "
            f"R_c + eN ≤ C_backhaul, e = {e:g} bits/s/Hz per sensing BS (not given in the paper); the boundary "
            "is the largest R_c at each root-CRLB level, p^c continuous over every feasible (L, N). Time sharing: "
            "the segment between the corner points (0, √CRLB_min) and (max R_c, its smallest √CRLB) in the "
            f"(R_c, {_SHARED_METRIC[p.get('time_sharing_metric', 'inverse_root')]}) plane (the paper does not say "
            "which "
            "sensing metric is shared), the paper's baseline; the paper's gains compare the boundary with it. ")
    text += "Colour and marker: " + ("C_backhaul" if spec.hue == "backhaul_bits" else "λ_u/λ_b") + \
        "; solid: the boundary; dotted: time sharing between the corners. "
    hulls = [g["label"] for g in gains if g["nonconvex"]]
    if hulls:
        text += ("Dash-dot: the convex hull (time sharing among any designs), drawn where the region is not convex "
                 "(" + ", ".join(_plain(h) for h in hulls) + "): there time sharing between the corners can exceed "
                 "the boundary. ")
    else:
        text += (f"The region is convex at every {'backhaul' if spec.hue == 'backhaul_bits' else 'density'} "
                 f"drawn (its convex hull exceeds the boundary by at most {HULL_VISIBLE:.0%} of the largest rate): one "
                 "curve, \"boundary (= convex hull)\". ")
    capped = []
    for i, g in enumerate(gains):
        coop = _curves(ds, spec, i)["coop"]
        coop = coop[np.isfinite(coop) & (coop > 0)]
        cap = float(p.get("backhaul_bits", np.nan)) if spec.hue != "backhaul_bits" else \
            float(ds[spec.hue].values[i])
        if coop.size > 2 and np.ptp(coop[1:]) <= 0.01 * coop.max() and abs(coop.max() - (cap - 2 * e)) <= 0.05:
            capped.append(_plain(g["label"]))
    if capped:
        text += (", ".join(capped) + ": the backhaul caps R_c at C − 2e (two sensing BSs' echoes take the rest) "
                 "for every design; the boundary reaches the cap next to the sensing corner and is flat from there "
                 "on, and time sharing reaches the same cap soon after: a gain only at the first levels. ")
    parts = [f"{_plain(g['label'])}: up to {percent(g['max_gain'])} (at {g['at_root_crlb']:.3g} m), "
             f"{percent(g['gain_at_ratio'])} at {GAIN_AT_RATIO:g} √CRLB_min" for g in gains]
    text += ("Rate gain of the boundary over time sharing at the plotted levels (from "
             f"{gains[0]['first_ratio']:g} √CRLB_min; it grows without bound towards the sensing corner, where time "
             "sharing's rate tends to 0): " + "; ".join(parts) + ".")
    return text


def _plain(label: str) -> str:
    """A mathtext legend label as caption text (``$C_{\\rm backhaul} = 8.6$ bits/s/Hz`` -> ``C = 8.6 bits/s/Hz``)."""
    return (label.replace("$", "").replace(r"C_{\rm backhaul}", "C").replace(r"\lambda_u/\lambda_b", "λ_u/λ_b")
            .replace(r"\,", " "))


def _gain_numbers(ds, spec, paper: dict[float, str], what: str, notes: dict[float, str] | None = None
                  ) -> list[PaperNumber]:
    gains = tradeoff_gains(ds, spec)
    out = []
    for value, printed in paper.items():
        extra = (notes or {}).get(value, "")
        g = gains[_hue_index(ds, spec, value)]
        out.append(PaperNumber(f"largest rate gain over time sharing, {_plain(g['label'])}", printed,
                               f"{percent(g['gain_at_largest_gap'])} where the rate gap is largest (at "
                               f"{g['largest_gap_root_crlb']:.3g} m); {percent(g['max_gain'])} from "
                               f"{g['first_ratio']:g} √CRLB_min; {percent(g['gain_at_ratio'])} at {GAIN_AT_RATIO:g} "
                               "√CRLB_min",
                               "'up to' depends on how close to the sensing corner one looks: the profile is fitted "
                               f"on the gain where the rate gap is largest (calib-coop); {what}{extra}"))
    return out


def _fig8_numbers(ds):
    spec = FIG8
    return _gain_numbers(ds, spec, {8.6: "300 %", 4.3: "85 %"}, _assumed(ds))


def _fig9_numbers(ds):
    spec = FIG9
    user = float(_params(ds).get("user_density_per_km2", 1.0))
    notes = {}
    if float(_params(ds).get("backhaul_bits", 8.6)) == 8.6:
        notes[user / 1.0] = ("; Fig. 9's backhaul is not stated: at our C = 8.6 bits/s/Hz this curve is Fig. 8's "
                             "C = 8.6 curve, where the paper quotes 300 %, so no one reading gives both 300 % and 78 %")
    return _gain_numbers(ds, spec, {user / 1.0: "78 %", user / 5.0: "50 %"}, _assumed(ds), notes)


_RATE_LABEL = "Average data rate $R_c$ [bits/s/Hz]"

FIG8: FigureSpec = register_figure(
    FigureSpec(
        id="coop-fig8",
        experiment="coop.tradeoff",
        scenario="coop-fig8",
        title="Average rate vs root CRLB for several backhaul capacities",
        x="root_crlb_ratio",
        hue="backhaul_bits",
        ylabel=_RATE_LABEL,
        caption=lambda ds: tradeoff_caption(ds, FIG8, "ψ = 15, λ_b = λ_u = λ_s = 1/km², M_t = 4, M_r = 5, P^t = 1 W."),
        paper_numbers=_fig8_numbers,
        plot=plot_tradeoff,
    )
)

FIG9: FigureSpec = register_figure(
    FigureSpec(
        id="coop-fig9",
        experiment="coop.tradeoff",
        scenario="coop-fig9",
        title="Average rate vs root CRLB for two user/BS density ratios",
        x="root_crlb_ratio",
        hue="bs_density_per_km2",
        ylabel=_RATE_LABEL,
        caption=lambda ds: tradeoff_caption(
            ds, FIG9, "C_backhaul = 8.6 bits/s/Hz, ψ = 15, λ_u = λ_s = 1/km² and λ_b = 1 or 0.2/km² (λ_u/λ_b = 1, 5)."),
        paper_numbers=_fig9_numbers,
        plot=plot_tradeoff,
    )
)


# ----------------------------------------------------------------------------- coop-fig10
def plot_weighted_sum(ds, spec):
    """(a) ``T^ISAC`` of the cooperative and the non-cooperative optimum vs ``rho``; (b) the two terms of
    each optimum, ``R_c`` (left axis, solid) and ``1/sqrt(CRLB)`` (right axis, dash-dot)."""
    fig, (top, bottom) = new_figure(spec, height=3.4, nrows=2, sharex=True)
    rho = ds["rho"].values.astype(float)
    v = {s: ds["value"].sel(series=str(s)).values.astype(float) for s in ds["series"].values}
    same = coincident(v["t_coop"], v["t_coop_brute"], rtol=1e-6)
    plot_series(top, rho, v["t_coop"], hue=0)
    if not same:
        plot_series(top, rho, v["t_coop_brute"], hue=0, estimator="bound")
    plot_series(top, rho, v["t_noncoop"], hue=1)
    top.set_ylabel(r"$T^{\rm ISAC}$ (40)")
    right = bottom.twinx()
    for hue, (r, s) in enumerate((("rate_opt", "sense_opt"), ("rate_noncoop", "sense_noncoop"))):
        plot_series(bottom, rho, v[r], hue=hue)
        plot_series(right, rho, v[s], hue=hue, estimator="alt")
    bottom.set_ylabel("$R_c$ [bits/s/Hz]")
    right.set_ylabel(r"$1/\sqrt{\mathrm{CRLB}}$ [1/m]")
    right.grid(False)
    bottom.set_xlabel(r"Weighting factor $\rho$")
    top.set_title("(a) weighted sum at the optimum", loc="left")
    bottom.set_title("(b) its rate and sensing terms", loc="left")
    coop_label = "cooperative" + (" (= brute force)" if same else ", polyblock")
    hues = [handle(coop_label, 0, linestyle="-"), handle("non-cooperative", 1, linestyle="-")]
    styles = estimator_handles([("closed", r"$T^{\rm ISAC}$, $R_c$"),
                                ("alt", r"$1/\sqrt{\mathrm{CRLB}}$ (right)")])
    if not same:
        styles += estimator_handles([("bound", "brute force")])
    add_legends(fig, hues, styles)
    return fig


def _fig10_caption(ds) -> str:
    v = {s: ds["value"].sel(series=str(s)).values.astype(float) for s in ds["series"].values}
    below = np.all(v["t_coop"] <= np.maximum(v["rate_max"], v["sense_max"]) + 1e-9)
    gain = np.all(v["t_coop"] >= v["t_noncoop"] - 1e-12)
    return ("(P2) (41): T^ISAC = ρ R_c + (1 − ρ)/√CRLB (40) maximised over the designs (L, N, p^c, p^s) of region "
            "(39) (p^c on a uniform grid) by the polyblock algorithm, checked by brute force over the same designs "
            "(they agree: one curve); T^ISAC adds bits/s/Hz and 1/m as (40) does. Colour: the cooperative and the "
            "non-cooperative optimum; solid: T^ISAC in (a) and the optimum's R_c in (b), dash-dot: its 1/√CRLB (b, "
            "right axis). Non-cooperative scheme: L = 1, "
            f"N = 2 (the paper does not define it). C_backhaul = 8.6 bits/s/Hz, e = "
            f"{_params(ds).get('backhaul_per_bs_bits', 0.25):g} bits/s/Hz per sensing BS (not given in the paper), "
            "ψ = 15. As in the paper: the optimum's rate rises and its 1/√CRLB falls "
            f"with ρ; T^ISAC stays below max(max R_c, max 1/√CRLB) at every ρ ({'yes' if below else 'no'}); the "
            f"cooperative optimum is at least the non-cooperative one at every ρ ({'yes' if gain else 'no'}). "
            + _scale_note(v, ds["rho"].values.astype(float)))


def _scale_note(v: dict, rho: np.ndarray) -> str:
    """Why the optimum leaves the sensing side at small ρ: the two terms of (40) differ in scale."""
    rate, sense = float(np.nanmax(v["rate_max"])), float(np.nanmax(v["sense_max"]))
    gone = np.flatnonzero(v["sense_opt"] <= 1e-12)
    where = f"; the optimum's sensing term is 0 from ρ = {rho[gone[0]]:g}" if gone.size else ""
    return (f"The terms differ in scale (max R_c {rate:.2f} bits/s/Hz, max 1/√CRLB {sense:.2f} 1/m), so the rate "
            f"term dominates T^ISAC for all but small ρ{where}.")


register_figure(
    FigureSpec(
        id="coop-fig10",
        experiment="coop.weighted_sum",
        scenario="coop-fig10",
        title="Weighted-sum performance T^ISAC vs rho",
        x="rho",
        xlabel=r"Weighting factor $\rho$",
        caption=_fig10_caption,
        plot=plot_weighted_sum,
    )
)
