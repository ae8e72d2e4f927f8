"""``nulling.calibration``: the nulling (001) paper profile's fit — boundary law, region search and
the radar gain inferred from Fig. 10, checked on Figs. 9 and 8 (docs/calibration.md)."""

from __future__ import annotations

from isacnet.experiments._calibration import calibration_experiment
from isacnet.registry import QuotedNumber, register_experiment

__all__ = ["QUOTED", "EXPERIMENT"]

QUOTED = (
    QuotedNumber("fig10_mt30", "Fig. 10", "the proposed cooperative scheme can improve the communication performance "
                 "by up to ... 33% as compared to the time-sharing scheme with M_t = 30", 0.33, "fit", 0.2),
    QuotedNumber("fig10_mt40", "Fig. 10", "... by up to 48% ... with M_t = 40", 0.48, "fit", 0.2),
    QuotedNumber("fig9_mt10", "Fig. 9", "with M_t = 10 ..., under the same data rate R_c, the radar information rates "
                 "R_s of the proposed cooperative scheme are ... 38% ... higher than that of the time-sharing scheme",
                 0.38, "held_out", 0.2),
    QuotedNumber("fig9_mt20", "Fig. 9", "... and M_t = 20 ... 67% higher", 0.67, "held_out", 0.2),
    QuotedNumber("fig8_ratio", "Fig. 8", "when M_r = 40, our proposed cooperative scheme can achieve up to twice the "
                 "ASE of that with no interference nulling case (Q = 1) (M_t = 20, K = L = 1)", 2.0, "held_out",
                 0.1),
)
"""The paper's quoted numbers the profile is fitted on (``fit``) or checked against (``held_out``)."""

EXPERIMENT = register_experiment(calibration_experiment("nulling", QUOTED))
