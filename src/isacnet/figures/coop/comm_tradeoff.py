"""coop-fig8/9 (rate vs root CRLB) and coop-fig10 (weighted sum vs rho): the S&C trade-off (coop Section V).

Closed forms only: ``R_c`` from Theorem 2 (corrected, eq. (29)) with ``kappa_c`` of Lemma 2, the
CRLB from Prop. 2 in the App. B form (45) with the BS density thinned by ``kappa_s`` of Lemma 1
(the thinning of eq. (24)); see :mod:`isacnet.optimization.coop` and docs/theory/coop.md.
"""

from __future__ import annotations

import itertools
from typing import Literal

import numpy as np
from pydantic import Field

from isacnet.optimization.coop import (
    TradeoffSetup,
    boundary_rate,
    brute_force_weighted_sum,
    noncooperative_points,
    polyblock_weighted_sum,
    rate_crlb_region,
    time_sharing_rate,
)
from isacnet.registry import Experiment, FigureSpec, Series, register_experiment, register_figure
from isacnet.scenario import ParamsModel
from isacnet.units import db_to_linear, per_km2_to_per_m2

__all__ = ["TradeoffParams", "TradeoffPointParams", "WeightedSumParams", "setup_from_params", "plot_tradeoff"]

BACKHAUL_PER_BS_DEFAULT = 0.25
"""Default ``e`` [bits/s/Hz per sensing BS]: not given in the paper (spec 000 §5). With it, the
sensing-only optimum ``N~* = 14`` needs 3.5 bits/s/Hz of backhaul, so ``C = 4.3`` leaves almost
nothing for the rate at the best CRLB while ``C = 8.6`` leaves ~5 bits/s/Hz: the region grows
with ``C_backhaul`` and the cooperative boundary pulls away from time sharing (Fig. 8)."""


class TradeoffParams(ParamsModel):
    """System parameters of the S&C trade-off (coop Section V-VI, spec 000 §12; SI units).

    Attributes
    ----------
    backhaul_bits : float
        ``C_backhaul`` [bits/s/Hz].
    backhaul_per_bs_bits : float
        ``e`` [bits/s/Hz] per cooperating sensing BS in (13) (paper: not given;
        default :data:`BACKHAUL_PER_BS_DEFAULT`).
    bs_density_per_km2, user_density_per_km2, target_density_per_km2 : float
        ``lambda_b``, ``lambda_u``, ``lambda_s`` [km⁻²] (the analysis uses the ratios
        ``mu_c = lambda_u/lambda_b``, ``mu_s = lambda_s/lambda_b`` and ``lambda_b`` in the CRLB).
    max_load : int
        ``psi``.
    power_total : float
        ``P^t`` [W].
    num_tx_antennas, num_rx_antennas : int
        ``M_t``, ``M_r``.
    pathloss_exp, pathloss_exp_sense : float
        Communication / radar pathloss exponents.
    carrier_frequency, bandwidth : float
        [Hz].
    noise_power_db : float
        ``sigma_s^2`` [dB W].
    rcs_mean : float
        [m²].
    distance_unit : {"km", "m"}
        Length unit of the distances inside ``|zeta|^2`` (paper: not stated; as coop-fig4/5).
    num_power : int
        ``p^c`` grid points.
    max_cluster_comm, max_cluster_sense : int
        Search ranges.
    rate_variant : {"corrected", "printed", "exact"}
    crlb_form : {"prop2", "eq24"}
    """

    backhaul_bits: float = Field(8.6, ge=0)
    backhaul_per_bs_bits: float = Field(BACKHAUL_PER_BS_DEFAULT, ge=0, description="e, backhaul per sensing BS")
    bs_density_per_km2: float = Field(1.0, gt=0)
    user_density_per_km2: float = Field(1.0, ge=0)
    target_density_per_km2: float = Field(1.0, ge=0)
    max_load: int = Field(15, ge=2)
    power_total: float = Field(1.0, gt=0)
    num_tx_antennas: int = Field(4, ge=2)
    num_rx_antennas: int = Field(5, ge=1)
    pathloss_exp: float = Field(4.0, gt=2)
    pathloss_exp_sense: float = Field(2.0, ge=2)
    carrier_frequency: float = Field(5e9, gt=0)
    bandwidth: float = Field(50e6, gt=0)
    noise_power_db: float = -80.0
    rcs_mean: float = Field(1.0, gt=0)
    distance_unit: Literal["km", "m"] = "km"
    num_power: int = Field(41, ge=2)
    max_cluster_comm: int = Field(30, ge=1)
    max_cluster_sense: int = Field(40, ge=2)
    rate_variant: Literal["corrected", "printed", "exact"] = "corrected"
    crlb_form: Literal["prop2", "eq24"] = "prop2"


def setup_from_params(p: TradeoffParams) -> TradeoffSetup:
    """The optimiser's :class:`TradeoffSetup` (SI) from scenario parameters."""
    b = p.bs_density_per_km2
    return TradeoffSetup(
        power_total=p.power_total, num_tx=p.num_tx_antennas, num_rx=p.num_rx_antennas, alpha=p.pathloss_exp,
        beta=p.pathloss_exp_sense, max_load=p.max_load, user_ratio=p.user_density_per_km2 / b,
        target_ratio=p.target_density_per_km2 / b, bs_density=float(per_km2_to_per_m2(b)), backhaul_bits=p.backhaul_bits,
        backhaul_per_bs_bits=p.backhaul_per_bs_bits, carrier_frequency=p.carrier_frequency, bandwidth=p.bandwidth,
        noise_power=float(db_to_linear(p.noise_power_db)), rcs_mean=p.rcs_mean, distance_unit={"km": 1000.0, "m": 1.0}[p.distance_unit],
        max_cluster_comm=p.max_cluster_comm, max_cluster_sense=p.max_cluster_sense, rate_variant=p.rate_variant,
        crlb_form=p.crlb_form,
    )


def _region(p: TradeoffParams):
    setup = setup_from_params(p)
    return rate_crlb_region(setup, p.num_power), noncooperative_points(setup, p.num_power)


class TradeoffPointParams(TradeoffParams):
    """One root-CRLB level of the rate-CRLB boundary.

    Attributes
    ----------
    root_crlb_m : float
        Root-CRLB constraint ``sqrt(crlb^) `` [m].
    """

    root_crlb_m: float = Field(3.0, gt=0)


def _tradeoff_analytic(p: TradeoffPointParams) -> dict[str, float]:
    region, noncoop = _region(p)
    x = p.root_crlb_m
    return {
        "coop": float(boundary_rate(region, x)),
        "time_sharing": float(time_sharing_rate(region, x)),
        "noncoop": float(boundary_rate(noncoop, x)) if noncoop.rate.size else float("nan"),
    }


register_experiment(
    Experiment(
        id="coop.tradeoff",
        params=TradeoffPointParams,
        series=(
            Series("coop", "cooperative (optimal L, N, p^c)"),
            Series("time_sharing", "time sharing between the corners"),
            Series("noncoop", "non-cooperative (L = 1, N = 2)"),
        ),
        analytic=_tradeoff_analytic,
        description="Largest rate [bits/s/Hz] with root CRLB <= x (region (39) under (34a)-(34c)).",
    )
)


def plot_tradeoff(ds, spec):
    """Rate vs root CRLB: one colour per curve parameter, solid cooperative, dashed time sharing."""
    from isacnet.plotting import IEEE_STYLE, add_notes
    import matplotlib.pyplot as plt

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        x = spec.x
        other = [d for d in ds["value"].dims if d not in ("series", x)]
        combos = list(itertools.product(*[range(ds.sizes[d]) for d in other]))
        label_fields = spec.extra.get("label_fields", other)
        for ci, idx in enumerate(combos):
            sel = ds.isel({d: i for d, i in zip(other, idx)})
            tag = ", ".join(f"{spec.extra.get('labels', {}).get(f, f)}={float(sel[f].values):g}" for f in label_fields
                            if f in sel.coords)
            col = colors[ci % len(colors)]
            xs = sel[x].values
            for s, st in (("coop", "-"), ("time_sharing", "--"), ("noncoop", ":")):
                if s not in ds["series"].values or (s == "noncoop" and not spec.extra.get("show_noncoop", False)):
                    continue
                y = sel["value"].sel(series=s).values.astype(float)
                ok = np.isfinite(y)
                name = {"coop": "cooperative", "time_sharing": "time sharing", "noncoop": "non-cooperative"}[s]
                ax.plot(xs[ok], y[ok], st, color=col, label=f"{name}, {tag}" if tag else name)
        ax.set_xscale(spec.xscale)
        if spec.xscale == "log":
            from matplotlib.ticker import LogLocator, NullFormatter, ScalarFormatter

            ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            ax.xaxis.set_major_formatter(ScalarFormatter())
            ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel(spec.xlabel)
        ax.set_ylabel(spec.ylabel)
        ax.legend(loc="best", frameon=False, fontsize=5.5)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


_NOTES = ("Theorem 2 (corrected) with kappa_c (Lemma 2); CRLB: Prop. 2 (45) with lambda_b thinned by kappa_s (Lemma 1), "
          "distances in |zeta|^2 in km; N* = min(N~*, floor((C - R_c)/e)), e = backhaul_per_bs_bits "
          "(paper: not given). Time sharing: segment between the boundary's corner points in the (rate, 1/root-CRLB) plane.")

register_figure(
    FigureSpec(
        id="coop-fig8",
        experiment="coop.tradeoff",
        scenario="coop-fig8",
        title="Average rate vs root CRLB for several backhaul capacities",
        x="root_crlb_m",
        hue="backhaul_bits",
        xlabel="Root CRLB [m]",
        ylabel="Average data rate R_c [bits/s/Hz]",
        xscale="log",
        notes=_NOTES,
        plot=plot_tradeoff,
        extra={"label_fields": ["backhaul_bits"], "labels": {"backhaul_bits": "C"}},
    )
)

register_figure(
    FigureSpec(
        id="coop-fig9",
        experiment="coop.tradeoff",
        scenario="coop-fig9",
        title="Average rate vs root CRLB for several user/BS density ratios",
        x="root_crlb_m",
        xlabel="Root CRLB [m]",
        ylabel="Average data rate R_c [bits/s/Hz]",
        xscale="log",
        hue="bs_density_per_km2",
        notes=_NOTES + " lambda_u = lambda_s = 1/km² fixed, lambda_b in {1, 0.2}/km² (lambda_u/lambda_b = 1, 5).",
        plot=plot_tradeoff,
        extra={"label_fields": ["bs_density_per_km2"], "labels": {"bs_density_per_km2": "λb [1/km²]"}},
    )
)


# ----------------------------------------------------------------------------- coop-fig10
class WeightedSumParams(TradeoffParams):
    """One weight of (P2).

    Attributes
    ----------
    rho : float
        Weight of the rate in ``T^ISAC = rho R_c + (1 - rho)/sqrt(CRLB)`` (40), in [0, 1].
    """

    rho: float = Field(0.5, ge=0.0, le=1.0)


def _weighted_analytic(p: WeightedSumParams) -> dict[str, float]:
    region, noncoop = _region(p)
    pb = polyblock_weighted_sum(region, p.rho)
    bf, _ = brute_force_weighted_sum(region, p.rho)
    nc = brute_force_weighted_sum(noncoop, p.rho)[0] if noncoop.rate.size else float("nan")
    return {"t_coop": pb.value, "t_coop_brute": bf, "t_noncoop": nc, "rate_opt": pb.rate,
            "sense_opt": pb.sense_metric}


register_experiment(
    Experiment(
        id="coop.weighted_sum",
        params=WeightedSumParams,
        series=(
            Series("t_coop", "T^ISAC, cooperative (polyblock)"),
            Series("t_coop_brute", "T^ISAC, cooperative (brute force)"),
            Series("t_noncoop", "T^ISAC, non-cooperative (L = 1, N = 2)"),
            Series("rate_opt", "R_c at the optimum [bits/s/Hz]"),
            Series("sense_opt", "1/root CRLB at the optimum [1/m]"),
        ),
        analytic=_weighted_analytic,
        description="Weighted sum (40) maximised over (L, N, p^c, p^s) by polyblock, (P2) (41).",
    )
)

register_figure(
    FigureSpec(
        id="coop-fig10",
        experiment="coop.weighted_sum",
        scenario="coop-fig10",
        title="Weighted-sum performance T^ISAC vs rho",
        x="rho",
        xlabel="Weighting factor ρ",
        ylabel="T^ISAC, R_c [bits/s/Hz], 1/root CRLB [1/m]",
        notes=_NOTES + " T^ISAC adds bits/s/Hz and 1/m as in (40).",
    )
)
