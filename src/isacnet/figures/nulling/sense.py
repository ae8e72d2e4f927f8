"""nulling-fig7/8: radar information rate and sensing ASE (experiments in :mod:`isacnet.experiments.nulling.sense`)."""

from __future__ import annotations

from isacnet.figures.nulling._plot import plot_curves
from isacnet.registry import FigureSpec, register_figure

register_figure(FigureSpec(
    id="nulling-fig7", experiment="nulling.radar_rate", scenario="nulling-fig7",
    title="Radar information rate vs Delta T, with and without the interference hole (nulling Fig. 7)",
    x="filter_gain", xlabel=r"Matched-filter gain $\Delta T$", ylabel=r"$R_s$ [nats/s/Hz]", xscale="log",
    plot=plot_curves,
    notes="Q = 1, K = 2, alpha = 4, beta = 2, c = Delta T kappa M_r |xi|^2 = Delta T. Ignoring the hole "
          "under-estimates R_s by about 14 % (paper: about 15 %).",
))

register_figure(FigureSpec(
    id="nulling-fig8", experiment="nulling.sense_ase", scenario="nulling-fig8",
    title="Sensing and total ASE vs the sensing cluster size Q (nulling Fig. 8)",
    x="cluster_size_sense", hue="num_rx_antennas", xlabel=r"Sensing cluster size $Q$",
    ylabel="ASE [nats/s/Hz/km²]", plot=plot_curves,
    extra={"hue_symbol": r"$M_r$", "hide": ("num_targets_used",)},
    notes="K = L = 1, M_t = 20, J = min(J_max, (M_t - 1) // (Q - 1)) (ripples: J(Q-1) must be integral), "
          "J_max = 10, c = M_r |xi|^2 (1 for M_r = 10, 4 for M_r = 40).",
))
