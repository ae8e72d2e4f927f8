"""Validation cases of paper ``coop`` (000)."""

from __future__ import annotations

from functools import partial

import numpy as np

from isacnet.analysis.coop import expected_gdop, expected_gdop_asymptotic
from isacnet.metrics.localization import fim_entries
from isacnet.simulate.coop import gdop_trial
from isacnet.simulate.engine import run_monte_carlo
from isacnet.validation import ValidationCase, register_case


def _gdop_mc(num_bs, seed, settings):
    return run_monte_carlo(partial(_gdop_trial, num_bs=num_bs), seed=seed, key=(num_bs,), settings=settings)["gdop"]


def _gdop_trial(rng, size, num_bs):
    return gdop_trial(rng, size, num_bs)


def _numerator_trial(rng, size, num_bs):
    angles = rng.uniform(0, 2 * np.pi, (size, num_bs))
    A, B, _ = fim_entries(angles)
    return {"numerator": A + B}


def _numerator_mc(num_bs, seed, settings):
    return run_monte_carlo(partial(_numerator_trial, num_bs=num_bs), seed=seed, key=(num_bs,), settings=settings)["numerator"]


for _n in (2, 4, 8):
    # Exact: E_theta[sum_ij a_ij^2 + b_ij^2] = 2N^2 + 2N, since E cos(theta_i - theta_j) = [i = j]
    # (identity (42), spec 000 §6).
    register_case(
        ValidationCase(
            id=f"coop.gdop_numerator[N={_n}]",
            description=f"E[tr F~] = 2N^2 + 2N, identity (42), N={_n}",
            analytic=partial(lambda n: 2.0 * n * n + 2.0 * n, _n),
            monte_carlo=partial(_numerator_mc, _n),
        )
    )

for _n in (6, 10, 20):
    # Prop. 1 replaces E[ratio] by a ratio of expectations; the paper calls (16) an
    # approximation. Its relative error is O(1/N): spec 000 §6 measures 24 % (N=6),
    # 17 % (N=10), 8 % (N=20). Model term 2/N covers that with margin (33 %, 20 %, 10 %).
    register_case(
        ValidationCase(
            id=f"coop.expected_gdop[N={_n}]",
            description=f"E[GDoP] vs Prop. 1 eq. (16), N={_n}",
            analytic=partial(lambda n: float(expected_gdop(n)), _n),
            monte_carlo=partial(_gdop_mc, _n),
            model_rel=2.0 / _n,
            tolerance_note="Prop. 1 is approximate with O(1/N) relative error (spec 000 §6): model term 2/N",
        )
    )

# Cor. 1: N^2 E[GDoP] -> 2. At N = 40 the O(1/N) correction of Prop. 1 is ~ 2N/N^2 relative
# to 2/N^2 ... (2N+2)/(N^3-N^2) * N^2/2 = (N+1)/(N-1) = 1.05; allow 3/N = 7.5 %.
register_case(
    ValidationCase(
        id="coop.gdop_scaling[N=40]",
        description="N^2 E[GDoP] -> 2, Cor. 1 eq. (17), N=40",
        analytic=lambda: float(expected_gdop_asymptotic(40)),
        monte_carlo=partial(_gdop_mc, 40),
        model_rel=3.0 / 40,
        tolerance_note="Cor. 1 is the N -> infinity law; finite-N correction (N+1)/(N-1) - 1 = 5 %: model term 3/N",
    )
)
