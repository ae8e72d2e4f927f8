"""overview-fig4: case study 2 of paper 002 = the cooperative S&C scheme of paper 000.

Same experiment as coop-fig8 (``coop.tradeoff``) with the case-study setting of spec 002 §1:
``M_t = 4``, ``M_r = 5``, 5 GHz, 50 MHz, ``P^t = 1`` W, ``lambda_b = 1/km²``, user and target
densities ``20/km²``, noise ``-80`` dB, several backhaul capacities.
"""

from __future__ import annotations

from isacnet.figures.coop.comm_tradeoff import plot_tradeoff
from isacnet.registry import FigureSpec, register_figure

register_figure(
    FigureSpec(
        id="overview-fig4",
        experiment="coop.tradeoff",
        scenario="overview-fig4",
        title="Case study 2: average rate vs root CRLB for several backhaul capacities",
        x="root_crlb_m",
        hue="backhaul_bits",
        xlabel="Root CRLB [m]",
        ylabel="Average data rate $R_c$ [bits/s/Hz]",
        xscale="log",
        notes=("Paper 002 case study 2 (spec 002 §1): lambda_u = lambda_s = 20/km², lambda_b = 1/km², psi = 15; "
               "model and closed forms of paper 000 (coop-fig8); e = backhaul_per_bs_bits is not given in either "
               "paper."),
        plot=plot_tradeoff,
        extra={"label_fields": ["backhaul_bits"], "labels": {"backhaul_bits": r"$C_{\rm backhaul}$"}},
    )
)
