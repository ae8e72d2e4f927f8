"""power-fig2a: PoD of the GLRT vs the power budget, analysis vs simulation (experiment ``power.detection``)."""

from __future__ import annotations

from isacnet.figures.power._plot import detection_caption, plot_detection
from isacnet.registry import FigureSpec, register_figure

register_figure(
    FigureSpec(
        id="power-fig2a",
        experiment="power.detection",
        scenario="power-fig2a",
        title="PoD vs power budget: analysis vs simulation",
        x="power_budget_db",
        hue="target_index",
        xlabel=r"Power budget $P_{\mathrm{th}}$ [dB re 1 W]",
        ylabel="Probability of detection",
        caption=detection_caption,
        plot=plot_detection,
    )
)
