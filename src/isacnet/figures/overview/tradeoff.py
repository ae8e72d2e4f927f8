"""overview-fig4: case study 2 of paper 002 = the cooperative S&C scheme of paper 000.

Same experiment and drawing as coop-fig8 (``coop.tradeoff``, :func:`plot_tradeoff`) with the case-study
setting of spec 002 §1: ``M_t = 4``, ``M_r = 5``, 5 GHz, 50 MHz, ``P^t = 1`` W, ``lambda_b = 1/km²``,
user and target densities ``20/km²``, noise ``-80`` dB, several backhaul capacities.
"""

from __future__ import annotations

from isacnet.figures.coop.comm_tradeoff import plot_tradeoff, tradeoff_caption
from isacnet.registry import FigureSpec, register_figure

FIG4: FigureSpec = register_figure(
    FigureSpec(
        id="overview-fig4",
        experiment="coop.tradeoff",
        scenario="overview-fig4",
        title="Case study 2: average rate vs root CRLB for several backhaul capacities",
        x="root_crlb_ratio",
        hue="backhaul_bits",
        ylabel="Average data rate $R_c$ [bits/s/Hz]",
        caption=lambda ds: tradeoff_caption(
            ds, FIG4, "Overview case study 2 (spec 002 §1) with the model of paper 000 (coop-fig8): λ_u = λ_s = "
                      "20/km², λ_b = 1/km², ψ = 15, M_t = 4, M_r = 5, P^t = 1 W, 5 GHz, 50 MHz, −80 dB. The paper "
                      "quotes no number for this figure; as it says, the boundaries expand with the backhaul and pull "
                      "away from time sharing."),
        plot=plot_tradeoff,
    )
)
