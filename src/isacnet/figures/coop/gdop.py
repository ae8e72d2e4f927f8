"""coop-fig3: GDoP versus the sensing cluster size N (experiment ``coop.gdop``)."""

from __future__ import annotations

from isacnet.registry import FigureSpec, register_figure

register_figure(
    FigureSpec(
        id="coop-fig3",
        experiment="coop.gdop",
        scenario="coop-fig3",
        title="GDoP vs the number N of cooperative BSs",
        x="cluster_size_sense",
        xlabel="Number of cooperative BSs $N$",
        ylabel="GDoP",
        yscale="log",
        legend="outside",
        notes=(
            "E[GDoP] is infinite for N <= 3 (tail P(GDoP>t) ~ t^-(N-1)/2): only medians are shown there; "
            "x marks: mean with infinite variance (N = 4, 5), CI not valid."
        ),
    )
)
