"""coop-fig6 (R_c vs L) and coop-fig7 (optimal L vs psi): Theorem 2 vs Monte Carlo (coop Section IV)."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from isacnet.analysis.coop import comp_rate, kappa_comm, mean_cluster_size_factor, optimal_cluster_size_comm
from isacnet.errors import InputError
from isacnet.registry import Experiment, FigureSpec, Series, register_experiment, register_figure
from isacnet.scenario import ParamsModel
from isacnet.simulate.coop import comp_rate_link_trial, comp_rate_sweep_trial, comp_rate_trial
from isacnet.units import nats_to_bits, per_km2_to_per_m2

__all__ = ["CommParams", "CompRateParams", "OptimalClusterParams", "exhaustive_mc_cluster"]


class CommParams(ParamsModel):
    """Communication parameters shared by the coop rate experiments (SI units).

    Attributes
    ----------
    power_comm : float
        ``p^c`` [W] (> 0).
    power_sense : float, optional
        ``p^s`` [W]; default ``P^t - p^c``. ``p^c + p^s <= P^t`` (34a).
    power_total : float
        ``P^t`` [W].
    user_ratio : float
        ``mu_c = lambda_u / lambda_b``.
    max_load : int
        ``psi``.
    num_tx_antennas : int
        ``M_t`` (>= 2).
    pathloss_exp : float
        ``alpha`` (> 2).
    """

    power_comm: float = Field(1.0, gt=0, description="communication power p^c [W]")
    power_sense: float | None = Field(None, ge=0, description="sensing power p^s [W]; default P^t - p^c")
    power_total: float = Field(1.0, gt=0, description="total power per BS P^t [W]")
    user_ratio: float = Field(1.0, ge=0, description="lambda_u / lambda_b")
    max_load: int = Field(15, ge=2, description="psi, users per BS and resource block")
    num_tx_antennas: int = Field(4, ge=2, description="transmit antennas M_t")
    pathloss_exp: float = Field(4.0, gt=2, description="pathloss exponent")

    @model_validator(mode="after")
    def _power_budget(self):
        ps = self.power_total - self.power_comm if self.power_sense is None else self.power_sense
        if self.power_comm + ps > self.power_total * (1 + 1e-12):
            raise InputError("power_sense", f"p^c + p^s must be <= P^t = {self.power_total} W, got "
                                            f"{self.power_comm} + {ps} W")
        return self


class CompRateParams(CommParams):
    """Parameters of one ``(L, p^c, mu_c)`` point of coop-fig6.

    Attributes
    ----------
    cluster_size_comm : int
        ``L`` (>= 1).
    interferer_gain : {"gamma1", "sum_exp"}
        Model-level interferer gains: ``Gamma(1, P^t)`` (paper) or ``p^c X + p^s Y``.
    link_drops_per_batch : int
        Link-level networks simulated per Monte Carlo batch (each batch also draws its model-level drops).
    bs_density_per_km2 : float
        ``lambda_b`` of the link-level network [km⁻²] (rates do not depend on it).
    link_mean_num_bs : float
        Mean BSs per link-level torus window.
    """

    cluster_size_comm: int = Field(3, ge=1, description="communication cluster size L")
    interferer_gain: Literal["gamma1", "sum_exp"] = "gamma1"
    link_drops_per_batch: int = Field(50, ge=1)
    bs_density_per_km2: float = Field(1.0, gt=0)
    link_mean_num_bs: float = Field(60.0, ge=4)


def _kappa(p: CommParams, L) -> float:
    return float(kappa_comm(L, p.user_ratio, p.max_load))


def _rate_analytic(p: CompRateParams) -> dict[str, float]:
    L = p.cluster_size_comm
    k = _kappa(p, L)
    args = (L, k, p.power_comm, p.power_total, p.num_tx_antennas, p.pathloss_exp)
    return {
        "thm2": float(nats_to_bits(comp_rate(*args, variant="corrected"))),
        "thm2_printed": float(nats_to_bits(comp_rate(*args, variant="printed"))),
        "exact": float(nats_to_bits(comp_rate(*args, variant="exact"))),
        "kappa_c": k,
    }


def _rate_trial(p: CompRateParams, rng, size):
    L = p.cluster_size_comm
    out = comp_rate_trial(rng, size, L, _kappa(p, L), p.power_comm, p.power_total, p.num_tx_antennas, p.pathloss_exp,
                          p.interferer_gain)
    res = {"rate_bits": nats_to_bits(out["rate"])}
    link = comp_rate_link_trial(rng, p.link_drops_per_batch, L, p.max_load, per_km2_to_per_m2(p.bs_density_per_km2),
                                per_km2_to_per_m2(p.bs_density_per_km2) * p.user_ratio, p.power_comm,
                                p.power_total, p.num_tx_antennas, p.pathloss_exp, max(p.link_mean_num_bs, 4.0 * L))
    res["link_rate_bits"] = nats_to_bits(link["rate"])
    res["link_accepted"] = link["accepted"]
    return res


register_experiment(
    Experiment(
        id="coop.comp_rate",
        params=CompRateParams,
        series=(
            Series("thm2", "Theorem 2, eq. (29) (signal at z p^c)"),
            Series("thm2_printed", "eq. (29) as printed (signal at z P^t)"),
            Series("exact", "exact rate of the model (docs/theory)"),
            Series("mc_model", "MC, model level", kind="mc", source="rate_bits"),
            Series("mc_link", "MC, link/system level (ZF, load)", kind="mc", source="link_rate_bits"),
            Series("kappa_c", "Lemma 2, eq. (25)"),
            Series("link_kappa", "acceptance in the system simulation", kind="mc", source="link_accepted"),
        ),
        analytic=_rate_analytic,
        trial=_rate_trial,
        description="Average CoMP rate [bits/s/Hz] vs the cluster size L (coop Theorem 2, Lemma 2).",
    )
)

_RATE_SERIES = ("thm2", "thm2_printed", "exact", "mc_model", "mc_link")


def _plot_rate(ds, spec):
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from isacnet.plotting import IEEE_STYLE, add_notes

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots(figsize=(3.5, 3.0))
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        x = ds["cluster_size_comm"].values
        pcs = np.atleast_1d(ds["power_comm"].values) if "power_comm" in ds.coords else [np.nan]
        mus = np.atleast_1d(ds["user_ratio"].values) if "user_ratio" in ds.coords else [np.nan]
        handles = []
        for ci, (pc, mu) in enumerate((pc, mu) for pc in pcs for mu in mus):
            sel = ds
            for name, val in (("power_comm", pc), ("user_ratio", mu)):
                if name in sel.dims:
                    sel = sel.sel({name: val})
            col = colors[ci % len(colors)]
            ax.plot(x, sel["value"].sel(series="thm2").values, "-", color=col)
            ax.plot(x, sel["value"].sel(series="exact").values, ":", color=col, lw=0.8)
            for s, m in (("mc_model", "o"), ("mc_link", "s")):
                y = sel["value"].sel(series=s).values.astype(float)
                ok = np.isfinite(y)
                lo, hi = sel["ci_low"].sel(series=s).values, sel["ci_high"].sel(series=s).values
                err = np.nan_to_num(np.vstack([y - lo, hi - y]))
                ax.errorbar(x[ok], y[ok], yerr=err[:, ok], fmt=m, mfc="none", color=col, capsize=1.2,
                            elinewidth=0.5, markersize=3)
            tag = ", ".join(t for t in (f"p^c={pc:g} W" if np.isfinite(pc) else "",
                                        f"λu/λb={mu:g}" if np.isfinite(mu) else "") if t)
            handles.append(Line2D([], [], color=col, label=tag or "R_c"))
        styles = [Line2D([], [], color="0.3", ls="-", label="Theorem 2 (29), corrected"),
                  Line2D([], [], color="0.3", ls=":", label="exact model rate"),
                  Line2D([], [], color="0.3", ls="none", marker="o", mfc="none", label="MC, model level"),
                  Line2D([], [], color="0.3", ls="none", marker="s", mfc="none", label="MC, link/system level")]
        first = ax.legend(handles=handles, loc="upper right", frameon=False, fontsize=5)
        ax.add_artist(first)
        ax.legend(handles=styles, loc="lower right", frameon=False, fontsize=5)
        ax.set_xlabel(spec.xlabel)
        ax.set_ylabel(spec.ylabel)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


register_figure(
    FigureSpec(
        id="coop-fig6",
        experiment="coop.comp_rate",
        scenario="coop-fig6",
        title="Average rate R_c vs the CoMP cluster size L",
        x="cluster_size_comm",
        xlabel="Cooperative cluster size L",
        ylabel="Average data rate R_c [bits/s/Hz]",
        notes=("Lines: Theorem 2 (29) with the signal term at z p^c (spec 000 §9) and kappa_c of Lemma 2; dotted: exact "
               "rate of the same model; markers: model-level MC (o) and link/system-level MC (s, ZF precoders, psi-limited "
               "load process)."),
        plot=_plot_rate,
    )
)


# ----------------------------------------------------------------------------- coop-fig7
class OptimalClusterParams(CommParams):
    """Parameters of one ``(psi, mu_c)`` point of coop-fig7.

    Attributes
    ----------
    max_cluster_comm : int
        Largest ``L`` of the exhaustive searches.
    mc_drops : int
        Model-level drops per ``L`` of the Monte Carlo exhaustive search (0: skip it).
    """

    max_cluster_comm: int = Field(40, ge=2)
    mc_drops: int = Field(20_000, ge=0)


def _rates_thm2(p: OptimalClusterParams, variant: str) -> np.ndarray:
    ls = np.arange(1, p.max_cluster_comm + 1)
    ks = kappa_comm(ls, p.user_ratio, p.max_load)
    return np.array([comp_rate(int(L), float(k), p.power_comm, p.power_total, p.num_tx_antennas, p.pathloss_exp, variant=variant)
                     for L, k in zip(ls, ks)])


def exhaustive_mc_cluster(p: OptimalClusterParams, rng: np.random.Generator) -> tuple[int, np.ndarray]:
    """``argmax_L`` of model-level Monte Carlo rate means (``p.mc_drops`` drops, common random numbers).

    Returns
    -------
    L_star : int
    means : ndarray, [max_cluster_comm]
        Mean rates [nats/s/Hz] for ``L = 1..max_cluster_comm``.
    """
    ls = np.arange(1, p.max_cluster_comm + 1)
    ks = kappa_comm(ls, p.user_ratio, p.max_load)
    rates = comp_rate_sweep_trial(rng, p.mc_drops, ks, p.power_comm, p.power_total, p.num_tx_antennas,
                                  p.pathloss_exp)
    means = rates.mean(axis=0)
    return int(np.argmax(means)) + 1, means


def _remark3(p: OptimalClusterParams) -> int:
    ls = np.arange(1, p.max_cluster_comm + 1)
    return int(ls[np.argmin(np.abs(p.user_ratio * mean_cluster_size_factor(ls) - p.max_load))])  # Remark 3


def _cluster_analytic(p: OptimalClusterParams) -> dict[str, float]:
    return {
        "approx": float(optimal_cluster_size_comm(p.user_ratio, p.max_load, p.pathloss_exp, p.max_cluster_comm)),
        "surrogate": float(optimal_cluster_size_comm(p.user_ratio, p.max_load, p.pathloss_exp, p.max_cluster_comm,
                                                     method="surrogate", num_tx=p.num_tx_antennas)),
        "exhaustive_thm2": float(np.argmax(_rates_thm2(p, "corrected")) + 1),
        "exhaustive_exact": float(np.argmax(_rates_thm2(p, "exact")) + 1),
        "remark3": float(_remark3(p)),
    }


def _cluster_evaluate(p: OptimalClusterParams, rng) -> dict[str, float]:
    if p.mc_drops == 0:
        return {"exhaustive_mc": float("nan")}
    return {"exhaustive_mc": float(exhaustive_mc_cluster(p, rng)[0])}


register_experiment(
    Experiment(
        id="coop.optimal_cluster",
        params=OptimalClusterParams,
        series=(
            Series("approx", "approximate search, eq. (38)"),
            Series("surrogate", "argmax_L of the mean-SIR surrogate (37)"),
            Series("exhaustive_thm2", "exhaustive, Theorem 2"),
            Series("exhaustive_exact", "exhaustive, exact model rate"),
            Series("exhaustive_mc", "exhaustive, model-level MC (common random numbers)"),
            Series("remark3", "Remark 3: λu·L̄/λb ≈ ψ"),
        ),
        analytic=_cluster_analytic,
        evaluate=_cluster_evaluate,
        description="Optimal CoMP cluster size L* vs psi (coop Section IV-B).",
    )
)


def _plot_cluster(ds, spec):
    from isacnet.plotting import IEEE_STYLE, add_notes
    import matplotlib.pyplot as plt

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        styles = {"approx": "-", "surrogate": "--", "exhaustive_thm2": "o", "exhaustive_exact": "x", "exhaustive_mc": "s", "remark3": ":"}
        x = ds["max_load"].values
        for hi, mu in enumerate(np.atleast_1d(ds["user_ratio"].values)):
            sel = ds.sel(user_ratio=mu) if "user_ratio" in ds.dims else ds
            for si, s in enumerate(ds["series"].values):
                y = sel["value"].sel(series=s).values.astype(float)
                st = styles.get(str(s), "-")
                lab = f"{ds['series_label'].values[si]}" if hi == 0 else None
                if st in ("-", ":", "--"):
                    ax.plot(x, y, st, color=colors[hi % len(colors)], label=lab)
                else:
                    ax.plot(x, y, st, color=colors[hi % len(colors)], mfc="none", label=lab)
            ax.annotate(f"λu/λb={mu:g}", (x[-1], sel["value"].sel(series="approx").values[-1]), fontsize=6,
                        xytext=(-30, 4), textcoords="offset points", color=colors[hi % len(colors)])
        ax.set_xlabel(spec.xlabel)
        ax.set_ylabel(spec.ylabel)
        ax.legend(loc="best", frameon=False, fontsize=5.5)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


register_figure(
    FigureSpec(
        id="coop-fig7",
        experiment="coop.optimal_cluster",
        scenario="coop-fig7",
        title="Optimal cooperative cluster size L* vs psi",
        x="max_load",
        hue="user_ratio",
        xlabel="Maximum load ψ",
        ylabel="Optimal cluster size L*",
        notes=("Approximate search (38): L with E[eta_L] closest to argmax kappa~(eta)(1-eta^2); exhaustive searches "
               "maximise Theorem 2, the exact model rate and model-level Monte Carlo means over L."),
        plot=_plot_cluster,
    )
)
