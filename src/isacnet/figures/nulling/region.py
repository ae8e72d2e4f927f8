"""nulling-fig9 … fig12: S–C regions and the weighted sum (experiments in :mod:`isacnet.experiments.nulling.region`)."""

from __future__ import annotations

from isacnet.figures.nulling._plot import plot_curves, plot_region
from isacnet.registry import FigureSpec, register_figure

__all__ = ["plot_region"]  # re-used by overview-fig3


register_figure(FigureSpec(
    id="nulling-fig9", experiment="nulling.region", scenario="nulling-fig9",
    title="Average S&C spectral-efficiency trade-off (R_c, R_s) vs M_t (nulling Fig. 9)",
    x="comm_fraction", hue="num_tx_antennas", xlabel=r"$R_c$ [nats/s/Hz]", ylabel=r"$R_s$ [nats/s/Hz]",
    plot=plot_region, extra={"hue_symbol": r"$M_t$"},
    notes="J_max = 5, c = 1, alpha = 4, beta = 2; Theorem 2 for R_c, Prop. 3/Thm 3 (f_(Q)) for R_s. Gain: largest "
          "R_s increase over time sharing at equal R_c (paper: 38 % at M_t = 10, 67 % at M_t = 20).",
))
register_figure(FigureSpec(
    id="nulling-fig10", experiment="nulling.region", scenario="nulling-fig10",
    title="S-C ASE region vs M_t (nulling Fig. 10)",
    x="comm_fraction", hue="num_tx_antennas", xlabel=r"$T_c$ [nats/s/Hz/km²]", ylabel=r"$T_s$ [nats/s/Hz/km²]",
    plot=plot_region, extra={"hue_symbol": r"$M_t$", "gain": "comm_gain"},
    notes="J_max = 5. Gain: largest T_c increase over time sharing at equal T_s (paper: 33 % at M_t = 30, 48 % at 40).",
))
register_figure(FigureSpec(
    id="nulling-fig11", experiment="nulling.region", scenario="nulling-fig11",
    title="S-C ASE region vs link-quality constraints (L_th, Q_th), M_t = 30 (nulling Fig. 11)",
    x="comm_fraction", hue="link_constraints", xlabel=r"$T_c$ [nats/s/Hz/km²]", ylabel=r"$T_s$ [nats/s/Hz/km²]",
    plot=plot_region, extra={"hue_symbol": r"$(L_{th}, Q_{th})$"},
    notes="Stricter L >= L_th, Q >= Q_th shrink the region and its gain over time sharing.",
))
register_figure(FigureSpec(
    id="nulling-fig12", experiment="nulling.weighted_sum", scenario="nulling-fig12",
    title="Weighted-sum ASE vs rho (nulling Fig. 12)", x="weight", hue="num_tx_antennas",
    xlabel=r"Weighting factor $\rho$", ylabel="ASE [nats/s/Hz/km²]", plot=plot_curves,
    extra={"hue_symbol": r"$M_t$"},
    notes="J_max = 5; (P1) solved on the region boundary and checked against exhaustive enumeration in the tests.",
))
