"""coop-fig4 and coop-fig5: root CRLB of cooperative sensing versus the cluster size N.

Fig. 4: every requested BS accepts (``kappa_s = 1``); Monte Carlo over the N nearest BSs of
a PPP against Theorem 1 / eq. (21) / App. B eq. (45). Fig. 5: BSs serve at most ``psi``
targets; the system-level simulation (requests, random admission on a wrap-around
network) against eq. (24) with ``kappa_s`` of Lemma 1.

Distance unit. The paper does not state the length unit inside ``|zeta|^2`` (spec 000
§12). With ``distance_unit = "km"`` (default, the paper's evident convention: Section
VI gives densities per km² and O(1) root CRLBs), distances enter eq. (5)–(8) in km and
the CRLB comes out in km², reported here in metres; ``"m"`` evaluates eq. (8) in SI,
which with ``sigma_s^2 = -80 dB`` gives root CRLBs of kilometres.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from isacnet.analysis.coop import (
    expected_crlb_acceptance,
    expected_crlb_eq21,
    expected_crlb_prop2,
    expected_crlb_theorem1,
    kappa_sense,
)
from isacnet.metrics.localization import zeta_squared
from isacnet.registry import Experiment, FigureSpec, Series, register_experiment, register_figure
from isacnet.scenario import ParamsModel
from isacnet.simulate.coop import acceptance_network_trial, crlb_trial
from isacnet.simulate.engine import Clustered
from isacnet.units import db_to_linear

__all__ = ["CoopSensingParams"]

_UNIT_M = {"m": 1.0, "km": 1000.0}


class CoopSensingParams(ParamsModel):
    """Cooperative sensing scenario of coop Section VI.

    Attributes
    ----------
    cluster_size_sense : int
        ``N``, BSs cooperating for one target (>= 1).
    bs_density_per_km2, target_density_per_km2 : float
        ``lambda_b``, ``lambda_s`` [km⁻²] (> 0).
    pathloss_exp_sense : float
        ``beta`` (>= 2); Theorem 1 and eq. (24) need ``beta = 2``.
    max_load : int
        ``psi``, targets one BS can serve (>= 1).
    num_tx_antennas, num_rx_antennas : int
        ``M_t`` (>= 2), ``M_r`` (>= 1); ``G_t = M_t - 1`` (App. B), ``G_r = M_r`` (spec [?]).
    power_sense : float
        ``p^s`` [W] (> 0).
    bandwidth, carrier_frequency : float
        ``B``, ``f_c`` [Hz]; not stated in the paper, 002's case study values (50 MHz, 5 GHz).
    noise_power_db : float
        ``sigma_s^2`` [dB relative to 1 W].
    rcs_mean : float
        ``sigma_av`` [m²].
    rcs_model : {"mean", "swerling1"}
        Monte Carlo RCS: the mean (``F_bar``, as analysed) or independent Swerling-I per link.
    distance_unit : {"km", "m"}
        Unit of distances inside eq. (5)–(8) (see the module notes).
    acceptance_variant : {"corrected", "printed", "palm"}
        Lemma 1 form (spec 000 §8.1).
    crlb_constant : {"corrected", "printed"}
        Constant 2 (spec 000 §7.2) or 1 (as printed) in eq. (22)/(24).
    """

    cluster_size_sense: int = Field(6, ge=1)
    bs_density_per_km2: float = Field(1.0, gt=0)
    target_density_per_km2: float = Field(1.0, gt=0)
    pathloss_exp_sense: float = Field(2.0, ge=2)
    max_load: int = Field(15, ge=1)
    num_tx_antennas: int = Field(4, ge=2)
    num_rx_antennas: int = Field(5, ge=1)
    power_sense: float = Field(1.0, gt=0)
    bandwidth: float = Field(50e6, gt=0)
    carrier_frequency: float = Field(5e9, gt=0)
    noise_power_db: float = -80.0
    rcs_mean: float = Field(1.0, gt=0)
    rcs_model: Literal["mean", "swerling1"] = "mean"
    distance_unit: Literal["km", "m"] = "km"
    acceptance_variant: Literal["corrected", "printed", "palm"] = "corrected"
    crlb_constant: Literal["corrected", "printed"] = "corrected"

    @property
    def unit_m(self) -> float:
        return _UNIT_M[self.distance_unit]

    @property
    def density_in_unit(self) -> float:
        """``lambda_b`` per distance unit squared."""
        return self.bs_density_per_km2 * (self.unit_m / 1000.0) ** 2

    @property
    def target_density_in_unit(self) -> float:
        return self.target_density_per_km2 * (self.unit_m / 1000.0) ** 2

    @property
    def zeta_sq(self) -> float:
        """``|zeta|^2`` of eq. (8)."""
        return float(zeta_squared(self.power_sense, self.num_tx_antennas - 1, self.num_rx_antennas, self.bandwidth,
                                  self.carrier_frequency, db_to_linear(self.noise_power_db), self.rcs_mean))

    @property
    def to_m2(self) -> float:
        """Factor from CRLB in the distance unit squared to m²."""
        return self.unit_m**2


def _tail_index(p, source) -> float | None:
    # Degenerate (collinear) geometries: P(CRLB > t) ~ t^-(N-1)/2 as for the GDoP (coop-fig3);
    # with acceptance the number of accepting BSs can be as small as 2, so the tail is t^-1/2.
    if source == "crlb":
        return (p.cluster_size_sense - 1) / 2.0
    return None


# -- coop-fig4 -------------------------------------------------------------------------------
def _crlb_analytic(p: CoopSensingParams) -> dict[str, float]:
    n, lam, beta, z, m2 = p.cluster_size_sense, p.density_in_unit, p.pathloss_exp_sense, p.zeta_sq, p.to_m2
    out = {
        "eq45": expected_crlb_prop2(n, lam, beta, z) * m2,
        "eq21": expected_crlb_eq21(n, lam, beta, z) * m2,
    }
    out["thm1"] = float(expected_crlb_theorem1(n, lam, z, p.crlb_constant)) * m2 if beta == 2.0 else np.nan
    return out


def _crlb_trial(p: CoopSensingParams, rng, size):
    out = crlb_trial(rng, size, p.cluster_size_sense, p.density_in_unit, p.pathloss_exp_sense, p.zeta_sq, p.rcs_model)
    return {"crlb": out["crlb"] * p.to_m2}


register_experiment(
    Experiment(
        id="coop.crlb",
        params=CoopSensingParams,
        series=(
            Series("mc_mean", "Monte Carlo, root of mean, eq. (9)", kind="mc", source="crlb", transform="sqrt"),
            Series("mc_median", "Monte Carlo, root of median", kind="mc", source="crlb", stat="median",
                   transform="sqrt"),
            Series("thm1", "Thm. 1, eq. (22)", transform="sqrt"),
            Series("eq21", "Eq. (21)", transform="sqrt"),
            Series("eq45", "Prop. 2, App. B eq. (45)", transform="sqrt"),
        ),
        analytic=_crlb_analytic,
        trial=_crlb_trial,
        tail_index=_tail_index,
        description="Root CRLB of the typical target with its N nearest BSs, all accepting.",
    )
)

register_figure(
    FigureSpec(
        id="coop-fig4",
        experiment="coop.crlb",
        scenario="coop-fig4",
        title="Root CRLB vs N, acceptance probability 1",
        x="cluster_size_sense",
        xlabel="Number of cooperative BSs N",
        ylabel="Root CRLB [m]",
        yscale="log",
        notes=("E[CRLB] is infinite for N <= 3 (collinear geometries): medians only there. Distances in km inside "
               "eq. (8) (unit not stated in the paper); constant 2 in Thm. 1 (spec 000 §7.2)."),
    )
)


# -- coop-fig5 -------------------------------------------------------------------------------
def _acceptance_analytic(p: CoopSensingParams) -> dict[str, float]:
    n, lam, z, m2 = p.cluster_size_sense, p.density_in_unit, p.zeta_sq, p.to_m2
    mu = p.target_density_per_km2 / p.bs_density_per_km2
    kappa = float(kappa_sense(n, mu, p.max_load, p.acceptance_variant))
    out = {"kappa_lemma1": kappa, "eq45_thinned": expected_crlb_prop2(n, kappa * lam, p.pathloss_exp_sense, z) * m2}
    if p.pathloss_exp_sense == 2.0:
        out["eq24"] = float(expected_crlb_acceptance(n, lam, kappa, z, p.crlb_constant)) * m2
    else:
        out["eq24"] = np.nan
    return out


def _acceptance_trial(p: CoopSensingParams, rng, size):
    out = acceptance_network_trial(rng, size, p.cluster_size_sense, p.density_in_unit, p.target_density_in_unit,
                                   p.max_load, p.pathloss_exp_sense, p.zeta_sq)
    blocks = np.repeat(out["block"], p.cluster_size_sense)  # requests in target order
    return {"crlb": out["crlb"] * p.to_m2, "accepted": Clustered(out["accepted"], blocks)}


register_experiment(
    Experiment(
        id="coop.crlb_acceptance",
        params=CoopSensingParams,
        series=(
            Series("sys_median", "System-level MC, root of median", kind="mc", source="crlb", stat="median",
                   transform="sqrt"),
            Series("eq24", "Eq. (24), kappa_s of Lemma 1", transform="sqrt"),
            Series("eq45_thinned", "Eq. (45) at density kappa_s lambda_b", transform="sqrt"),
            Series("sys_acceptance", "System-level MC acceptance", kind="mc", source="accepted"),
            Series("kappa_lemma1", "Lemma 1, eq. (23)"),
        ),
        analytic=_acceptance_analytic,
        trial=_acceptance_trial,
        description="Root CRLB when each BS serves at most psi targets: system-level load process vs eq. (24).",
    )
)


def _plot_fig5(ds, spec):
    from isacnet.plotting import IEEE_STYLE, add_notes, plain_log_ticks

    import matplotlib.pyplot as plt

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        n = ds[spec.x].values
        for name, fmt in (("eq24", "-"), ("eq45_thinned", "--")):
            sel = ds.sel(series=name)
            ax.plot(n, sel["value"], fmt, label=str(sel["series_label"].values))
        sel = ds.sel(series="sys_median")
        err = np.vstack([sel["value"] - sel["ci_low"], sel["ci_high"] - sel["value"]])
        ax.errorbar(n, sel["value"], yerr=np.nan_to_num(err), fmt="o", mfc="none", capsize=1.5, elinewidth=0.6,
                    label=str(sel["series_label"].values))
        ax.set_yscale("log")
        ax.set_xlabel(spec.xlabel)
        ax.set_ylabel(spec.ylabel)
        ax2 = ax.twinx()
        ax2.plot(n, ds["value"].sel(series="sys_acceptance"), "s", color="0.5", ms=2.5, label="MC acceptance")
        ax2.plot(n, ds["value"].sel(series="kappa_lemma1"), ":", color="0.5", label="Lemma 1 kappa_s")
        ax2.set_ylabel("acceptance probability", color="0.4")
        ax2.set_ylim(0, 1.05)
        ax2.grid(False)
        h1, l1 = ax.get_legend_handles_labels()
        h2, l2 = ax2.get_legend_handles_labels()
        ax.legend(h1 + h2, l1 + l2, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False,
                  fontsize=5.5)
        plain_log_ticks(ax)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


register_figure(
    FigureSpec(
        id="coop-fig5",
        experiment="coop.crlb_acceptance",
        scenario="coop-fig5",
        title="Root CRLB vs N with cooperation acceptance (psi = 15)",
        x="cluster_size_sense",
        xlabel="Number of cooperative BSs N",
        ylabel="Root CRLB [m]",
        yscale="log",
        notes=("With limited resource blocks two accepting BSs are always possible, so E[CRLB] is infinite for "
               "every N: the system-level curve is the root of the median. Lemma 1 as corrected in spec 000 §8.1."),
        plot=_plot_fig5,
    )
)
