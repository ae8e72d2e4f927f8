"""power-fig2b / power-fig2c: sum rate of PPA, EPA and RPA vs the budget and vs xi_S (``power.allocation``)."""

from __future__ import annotations

from isacnet.figures.power._plot import (
    allocation_caption,
    allocation_numbers,
    plot_allocation,
    plot_pod_sweep,
    pod_sweep_caption,
    pod_sweep_numbers,
)
from isacnet.registry import FigureSpec, register_figure

register_figure(
    FigureSpec(
        id="power-fig2b",
        experiment="power.allocation",
        scenario="power-fig2b",
        title="Sum rate vs power budget (PPA, EPA, RPA)",
        x="power_budget_db",
        xlabel=r"Power budget $P_{\mathrm{th}}$ [dB re 1 W]",
        ylabel="Sum rate [bits/s/Hz]",
        caption=allocation_caption,
        paper_numbers=allocation_numbers,
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
        caption=pod_sweep_caption,
        paper_numbers=pod_sweep_numbers,
        plot=plot_pod_sweep,
    )
)
