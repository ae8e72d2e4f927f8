"""nulling-fig9 … fig12: S–C regions, time sharing and the weighted-sum ASE (nulling Sec. V, VI-C; spec 001 §5)."""

from __future__ import annotations

import functools

import numpy as np
from pydantic import Field

from isacnet.analysis.nulling import sensing_gain_factor
from isacnet.optimization import nulling as opt
from isacnet.registry import Experiment, FigureSpec, Series, register_experiment, register_figure
from isacnet.scenario import ParamsModel
from isacnet.units import per_km2_to_per_m2


class RegionParams(ParamsModel):
    """Parameters of the region experiments (defaults: nulling Sec. VI-C).

    Attributes
    ----------
    num_tx_antennas, num_rx_antennas, max_targets : int
        ``M_t``, ``M_r``, ``J_max``.
    link_constraints : tuple of int
        ``(L_th, Q_th)``.
    metric : {"ase", "rate"}
        ``(T_c, T_s)`` [nats/s/Hz/km² in the series] or ``(R_c, R_s)`` [nats/s/Hz].
    method : {"coupled", "paper"}
        Boundary search (see :func:`isacnet.optimization.nulling.region_boundary`).
    comm_fraction : float
        Communication level as a fraction of the largest one (the swept abscissa).
    weight : float
        ``rho`` of the weighted sum (24).
    """

    num_tx_antennas: int = Field(20, ge=2, le=64)
    num_rx_antennas: int = Field(10, ge=1)
    max_targets: int = Field(5, ge=1)
    target_rcs: float = Field(0.1, gt=0.0)
    mismatch: float = Field(1.0, gt=0.0, le=1.0)
    filter_gain: float = Field(1.0, gt=0.0)
    pathloss_exp: float = Field(4.0, gt=2.0, le=8.0)
    pathloss_exp_sense: float = Field(2.0, gt=1.0, le=6.0)
    bs_density_per_km2: float = Field(1.0, gt=0.0)
    link_constraints: tuple[int, int] = (1, 1)
    metric: str = Field("ase", pattern="^(ase|rate)$")
    method: str = Field("coupled", pattern="^(coupled|paper)$")
    comm_method: str = Field("theorem2", pattern="^(theorem1|theorem2)$")
    comm_fraction: float = Field(1.0, ge=0.0, le=1.0)
    weight: float = Field(0.5, ge=0.0, le=1.0)

    def setup(self) -> opt.RegionSetup:
        return opt.RegionSetup(
            num_tx_antennas=self.num_tx_antennas, max_targets=self.max_targets,
            gain_factor=sensing_gain_factor(self.filter_gain, self.mismatch, self.num_rx_antennas, self.target_rcs),
            pathloss_exp=self.pathloss_exp, pathloss_exp_sense=self.pathloss_exp_sense,
            bs_density=float(per_km2_to_per_m2(self.bs_density_per_km2)),
            min_cluster_comm=self.link_constraints[0], min_cluster_sense=self.link_constraints[1],
            comm_method=self.comm_method, metric=self.metric,
        )


@functools.lru_cache(maxsize=64)
def _front(setup: opt.RegionSetup, method: str):
    return tuple(opt.region_boundary(setup, method))


def _scale(p: RegionParams) -> float:
    return 1e6 if p.metric == "ase" else 1.0  # ASE series per km²


def _region_analytic(p: RegionParams) -> dict[str, float]:
    setup = p.setup()
    front = list(_front(setup, p.method))
    gain = opt.time_sharing_gain(front)
    c, s = gain.comm_corner, gain.sense_corner
    level = p.comm_fraction * c.comm
    region = float(opt.region_value_at(front, level)[0])
    if level <= s.comm:
        ts_line = s.sense
    else:
        ts_line = s.sense + (level - s.comm) / (c.comm - s.comm) * (c.sense - s.sense)
    k = _scale(p)
    return {"comm_level": level * k, "sense_region": region * k, "sense_timeshare": ts_line * k,
            "sense_gain": gain.sense_gain, "comm_gain": gain.comm_gain}


register_experiment(Experiment(
    id="nulling.region",
    params=RegionParams,
    series=(
        Series("comm_level", "communication value (T_c or R_c)"),
        Series("sense_region", "region (20): max sensing value at this communication value"),
        Series("sense_timeshare", "time sharing between the corner points"),
        Series("sense_gain", "largest sensing gain over time sharing"),
        Series("comm_gain", "largest communication gain over time sharing"),
    ),
    analytic=_region_analytic,
    description="S-C region boundary (paper's scan over J(Q-1)) and the time-sharing inner bound.",
))


def _plot_region(ds, spec):
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    with plt.rc_context(IEEE_STYLE):
        fig, ax = plt.subplots()
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        hue_vals = [None] if spec.hue is None else list(ds[spec.hue].values)
        for i, hv in enumerate(hue_vals):
            sel = ds if hv is None else ds.sel({spec.hue: hv})
            x = np.ravel(sel["value"].sel(series="comm_level").squeeze().values)
            y = np.ravel(sel["value"].sel(series="sense_region").squeeze().values)
            t = np.ravel(sel["value"].sel(series="sense_timeshare").squeeze().values)
            g = float(sel["value"].sel(series=spec.extra.get("gain", "sense_gain")).values.max())
            lab = "" if hv is None else f"{spec.extra.get('hue_label', spec.hue)}={hv}"
            ax.step(x, y, where="pre", color=colors[i % len(colors)], label=f"cooperative {lab} (gain {g:.0%})")
            ax.plot(x, t, "--", color=colors[i % len(colors)], label=f"time sharing {lab}")
        ax.set_xlabel(spec.xlabel)
        ax.set_ylabel(spec.ylabel)
        ax.legend(loc="best", frameon=False, fontsize=6)
        fig.tight_layout()
        add_notes(ax, spec.notes)
    return fig


register_figure(FigureSpec(
    id="nulling-fig9", experiment="nulling.region", scenario="nulling-fig9",
    title="Average S&C spectral-efficiency trade-off (R_c, R_s) vs M_t (nulling Fig. 9)",
    x="comm_fraction", hue="num_tx_antennas", xlabel="R_c [nats/s/Hz]", ylabel="R_s [nats/s/Hz]",
    plot=_plot_region, extra={"hue_label": "M_t"},
    notes="J_max = 5, c = 1, alpha = 4, beta = 2; Theorem 2 for R_c, Prop. 3/Thm 3 (f_(Q)) for R_s. Gain: largest "
          "R_s increase over time sharing at equal R_c (paper: 38 % at M_t = 10, 67 % at M_t = 20).",
))
register_figure(FigureSpec(
    id="nulling-fig10", experiment="nulling.region", scenario="nulling-fig10",
    title="S-C ASE region vs M_t (nulling Fig. 10)",
    x="comm_fraction", hue="num_tx_antennas", xlabel="T_c [nats/s/Hz/km²]", ylabel="T_s [nats/s/Hz/km²]",
    plot=_plot_region, extra={"hue_label": "M_t", "gain": "comm_gain"},
    notes="J_max = 5. Gain: largest T_c increase over time sharing at equal T_s (paper: 33 % at M_t = 30, 48 % at 40).",
))
register_figure(FigureSpec(
    id="nulling-fig11", experiment="nulling.region", scenario="nulling-fig11",
    title="S-C ASE region vs link-quality constraints (L_th, Q_th), M_t = 30 (nulling Fig. 11)",
    x="comm_fraction", hue="link_constraints", xlabel="T_c [nats/s/Hz/km²]", ylabel="T_s [nats/s/Hz/km²]",
    plot=_plot_region, extra={"hue_label": "(L_th, Q_th)"},
    notes="Stricter L >= L_th, Q >= Q_th shrink the region and its gain over time sharing.",
))


# -- Fig. 12: weighted sum vs rho ------------------------------------------------------------
def _wsum_analytic(p: RegionParams) -> dict[str, float]:
    setup = p.setup()
    front = list(_front(setup, p.method))
    best = opt.max_weighted_sum(front, p.weight)
    k = _scale(p)
    return {
        "weighted_sum": (p.weight * best.comm + (1 - p.weight) * best.sense) * k,
        "comm_at_opt": best.comm * k,
        "sense_at_opt": best.sense * k,
        "comm_only": max(r.comm for r in front) * k,
        "sense_only": max(r.sense for r in front) * k,
    }


register_experiment(Experiment(
    id="nulling.weighted_sum",
    params=RegionParams,
    series=(
        Series("weighted_sum", "max rho T_c + (1-rho) T_s, (P1) (24)-(25)"),
        Series("comm_at_opt", "T_c at the optimum"),
        Series("sense_at_opt", "T_s at the optimum"),
        Series("comm_only", "communication-only optimum"),
        Series("sense_only", "sensing-only optimum"),
    ),
    analytic=_wsum_analytic,
    description="Weighted-sum ASE (P1) over the boundary points.",
))

register_figure(FigureSpec(
    id="nulling-fig12", experiment="nulling.weighted_sum", scenario="nulling-fig12",
    title="Weighted-sum ASE vs rho (nulling Fig. 12)", x="weight", hue="num_tx_antennas",
    xlabel="Weighting factor rho", ylabel="ASE [nats/s/Hz/km²]",
    notes="J_max = 5; (P1) solved on the region boundary and checked against exhaustive enumeration in the tests.",
))
