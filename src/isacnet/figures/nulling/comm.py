"""nulling-fig4/5/6: communication rate and ASE (experiments in :mod:`isacnet.experiments.nulling.comm`)."""

from __future__ import annotations

from isacnet.figures.nulling._plot import plot_curves
from isacnet.registry import FigureSpec, register_figure

register_figure(FigureSpec(
    id="nulling-fig4", experiment="nulling.comm_rate", scenario="nulling-fig4",
    title="User rate R_c vs K for several L (nulling Fig. 4)", x="num_users", hue="cluster_size_comm",
    xlabel=r"Users per cell $K$", ylabel=r"$R_c$ [nats/s/Hz]", plot=plot_curves, extra={"hue_symbol": r"$L$"},
    notes="M_t = 20, alpha = 4, J(Q-1) = 0. System-level MC: K users per Voronoi cell, requests beyond the "
          "spatial DoF dropped at random; cluster-robust CI over simulated networks.",
))

register_figure(FigureSpec(
    id="nulling-fig5", experiment="nulling.comm_ase", scenario="nulling-fig5",
    title="Communication and total ASE vs K, L = 1 (nulling Fig. 5)", x="num_users", hue="num_tx_antennas",
    xlabel=r"Users per cell $K$", ylabel="ASE [nats/s/Hz/km²]", plot=plot_curves,
    extra={"hue_symbol": r"$M_t$"},
    notes="L = 1, J = J_max = 10, Q = 1 (no sensing nulling), c = 1. Points with K > M_t are outside the "
          "spatial budget (blank). Lemma 2: the T_c optimum is at K ≈ 0.59 (M_t + 1).",
))

register_figure(FigureSpec(
    id="nulling-fig6", experiment="nulling.comm_ase_grid", scenario="nulling-fig6",
    title="Communication ASE vs K for several L: the optimum is K = 12, L = 1 (nulling Fig. 6)",
    x="num_users", hue="cluster_size_comm", xlabel=r"Users per cell $K$", ylabel=r"$T_c$ [nats/s/Hz/km²]",
    plot=plot_curves, extra={"hue_symbol": r"$L$"},
    notes="M_t = 20, J(Q-1) = 0; KL > M_t blank. Propositions 1-2: L* = 1.",
))
