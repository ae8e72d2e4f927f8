"""overview-fig3: case study 1 of paper ``overview`` (002) — paper 001's ASE trade-off vs service constraints.

Re-uses the ``nulling.region`` experiment (spec 002 §1, case 1): coordinated ZF nulling
with ``Q`` nearest BSs for sensing and ``L`` for communication, ``K, J, L, Q`` jointly
optimised, compared with time sharing between the corner points, under ``L >= L_th`` and
``Q >= Q_th``. Case-study parameters: 1 BS/km², 5 receive antennas, average RCS 1.
"""

from __future__ import annotations

from isacnet.figures.nulling.region import plot_region
from isacnet.registry import FigureSpec, register_figure

register_figure(FigureSpec(
    id="overview-fig3", experiment="nulling.region", scenario="overview-fig3",
    title="ASE trade-off vs service-quality constraints (overview case study 1)",
    x="vertex", hue="link_constraints", xlabel=r"Communication ASE $T_c$ [nats/s/Hz/km²]",
    ylabel=r"Sensing ASE $T_s$ [nats/s/Hz/km²]", plot=plot_region, extra={"hue_symbol": r"$(L_{th}, Q_{th})$"},
    notes="M_t = 20, M_r = 5, |xi|^2 = 1 (c = 5), J_max = 5, lambda_b = 1/km², alpha = 4, beta = 2 (SIR only: "
          "the noise power of spec 002 is irrelevant in this interference-limited model).",
))
