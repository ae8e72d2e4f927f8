"""power-fig2b / power-fig2c: sum rate of PPA, EPA and RPA vs the budget and vs xi_S (``power.allocation``)."""

from __future__ import annotations

from isacnet.figures.power._plot import plot_allocation
from isacnet.registry import FigureSpec, register_figure

_NOTES = (
    "One network realisation drawn from the scenario's seed (path-loss-scaled Rayleigh, our choice: the letter "
    "gives no channel model); L = 3, N = 100, P_FA = 1e-6, sigma_c^2 = 1 dB, sigma_s^2 = 15 dB, R_th = 1 bit/s/Hz. "
    "Crosses on the bottom axis: the scheme has no allocation meeting every constraint."
)

register_figure(
    FigureSpec(
        id="power-fig2b",
        experiment="power.allocation",
        scenario="power-fig2b",
        title="Sum rate vs power budget (PPA, EPA, RPA)",
        x="power_budget_db",
        xlabel=r"Power budget $P_{\mathrm{th}}$ [dB re 1 W]",
        ylabel="Sum rate [bits/s/Hz]",
        notes=_NOTES + " xi_S = 0.7.",
        plot=plot_allocation,
    )
)

register_figure(
    FigureSpec(
        id="power-fig2c",
        experiment="power.allocation",
        scenario="power-fig2c",
        title="Sum rate vs required PoD xi_S",
        x="pod_min",
        hue="power_budget_db",
        xlabel=r"Required probability of detection $\xi_S$",
        ylabel="Sum rate [bits/s/Hz]",
        notes=_NOTES,
        plot=plot_allocation,
    )
)
