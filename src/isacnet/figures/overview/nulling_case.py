"""overview-fig3: case study 1 of paper ``overview`` (002) — paper 001's ASE trade-off vs service constraints.

Re-uses the ``nulling.region`` experiment and its drawing (:func:`isacnet.figures.nulling.region.plot_region`,
spec 002 §1, case 1): coordinated ZF nulling with ``Q`` nearest BSs for sensing and ``L`` for communication,
``K, J, L, Q`` jointly optimised, compared with time sharing between the corner points, under
``L >= L_th`` and ``Q >= Q_th``. Case-study parameters: 1 BS/km², 5 receive antennas, average RCS 1.
"""

from __future__ import annotations

from isacnet.figures.nulling.region import plot_region, region_caption
from isacnet.registry import FigureSpec, register_figure

_SETTING = ("Overview case study 1 (spec 002 §1) with the model of paper 001: M_t = 20, M_r = 5, |ξ|² = 1 (c = 5), "
            "J_max = 5, λ_b = 1/km², α = 4, β = 2; R_c by Theorem 2, R_s by Prop. 3 / Theorem 3. The model is "
            "interference limited, so the case study's noise power (−80 dB) does not enter.")


def _caption(ds) -> str:
    return (f"ASE region (T_c, T_s) under the service-quality constraints L ≥ L_th, Q ≥ Q_th. {_SETTING} "
            + region_caption(ds, "link_constraints", hue_text="(L_th, Q_th)")
            + " The overview quotes no number for this figure; as it says, the cooperative region lies well "
              "outside the time sharing between its corners, and stricter constraints shrink it.")


register_figure(FigureSpec(
    id="overview-fig3", experiment="nulling.region", scenario="overview-fig3",
    title="ASE trade-off vs service-quality constraints (overview case study 1)",
    x="vertex", hue="link_constraints", xlabel=r"Communication ASE $T_c$ [nats/s/Hz/km²]",
    ylabel=r"Sensing ASE $T_s$ [nats/s/Hz/km²]", plot=plot_region,
    extra={"gain": "sense", "metric": "ase", "hue_text": "(L_th, Q_th)"},
    caption=_caption,
))
