"""Validation cases of paper ``coop`` (000), communication side: Theorem 2 vs Monte Carlo."""

from __future__ import annotations

from functools import partial

import numpy as np

from isacnet.analysis.coop import comp_rate
from isacnet.channel.mimo import beam_gain, rayleigh_vectors, steering_vector, zf_precoder
from isacnet.simulate.coop import comp_rate_trial
from isacnet.simulate.engine import MonteCarloSettings, run_monte_carlo
from isacnet.validation import ValidationCase, register_case

NUM_TX_ANTENNAS = 4
POWER_TOTAL = 1.0


def _rate_mc(L, kappa, pc, seed, settings):
    trial = partial(comp_rate_trial, cluster_size_comm=L, kappa=kappa, power_comm=pc, power_total=POWER_TOTAL,
                    num_tx_antennas=NUM_TX_ANTENNAS)
    return run_monte_carlo(trial, seed=seed, key=(L, round(kappa * 1000), round(pc * 1000)),
                           settings=settings)["rate"]


# Exact rate of the simulated model (docs/theory/coop.md): the model-level Monte Carlo draws
# exactly that model (the interference beyond the 100th interferer is replaced by its mean; its
# standard deviation is < 1e-3 of the mean interference, so the Jensen bias of ln(1 + S/I) is
# < 1e-6 nats, far below z SE). Sampling error only.
for _L, _k, _pc in ((1, 1.0, 0.5), (2, 0.5, 1.0), (3, 0.6, 0.5), (6, 0.8, 0.3), (10, 0.5, 1.0)):
    register_case(
        ValidationCase(
            id=f"coop.comp_rate_exact[L={_L},kappa={_k},pc={_pc}]",
            description=(f"exact model rate (nats) vs model-level MC, L={_L}, kappa_c={_k}, p^c/P^t={_pc}, M_t=4, "
                         "alpha=4"),
            analytic=partial(lambda L, k, pc: comp_rate(L, k, pc, POWER_TOTAL, NUM_TX_ANTENNAS, form="exact"),
                             _L, _k, _pc),
            monte_carlo=partial(_rate_mc, _L, _k, _pc),
        )
    )

# Theorem 2 (29) treats the in-cluster BSs as a PPP on the annulus (d_1, d_L) independent of d_1
# (spec 000 §9 calls the remaining gap "eta_L treated as independent of r"). Measured gaps to the
# model-level MC (1e6 drops): -4.3 % (L=3, kappa=1), +2.1 % (L=3, kappa=0.6), +3.4 % (L=6,
# kappa=0.8), 0 for L=1 (exact there). Model term 6 %.
for _L, _k, _pc in ((3, 1.0, 0.5), (3, 0.6, 0.5), (6, 0.8, 0.3)):
    register_case(
        ValidationCase(
            id=f"coop.comp_rate_thm2[L={_L},kappa={_k},pc={_pc}]",
            description=f"Theorem 2 (29) corrected vs model-level MC, L={_L}, kappa_c={_k}, p^c/P^t={_pc}",
            analytic=partial(lambda L, k, pc: comp_rate(L, k, pc, POWER_TOTAL, NUM_TX_ANTENNAS), _L, _k, _pc),
            monte_carlo=partial(_rate_mc, _L, _k, _pc),
            model_rel=0.06,
            tolerance_note="Theorem 2 models the in-cluster BSs as a PPP independent of d_1 (spec 000 §9): "
                           "measured gaps <= 4.3 %, model term 6 %",
        )
    )


def _zf_gain_trial(rng, size, kind):
    h = rayleigh_vectors(rng, (size,), NUM_TX_ANTENNAS)
    a = steering_vector(rng.uniform(0, 2 * np.pi, size), NUM_TX_ANTENNAS)
    wc, ws = zf_precoder(h, a)
    if kind == "signal":
        return {"gain": beam_gain(h, wc)}
    g = rayleigh_vectors(rng, (size,), NUM_TX_ANTENNAS)  # another user's channel
    return {"gain": 0.5 * beam_gain(g, wc) + 0.5 * beam_gain(g, ws)}


def _zf_gain_mc(kind, seed, settings):
    return run_monte_carlo(partial(_zf_gain_trial, kind=kind), seed=seed, key=(1 if kind == "signal" else 2,),
                           settings=settings)["gain"]


_FAST = MonteCarloSettings(batch_size=100_000, min_samples=200_000, max_samples=400_000)
# Link level: |h^H w^c|^2 of the ZF beam (2) is Gamma(M_t - 1, 1) exactly (projection of h on the
# (M_t - 1)-dimensional complement of a(theta)); an interferer's p^c|g^H w^c|^2 + p^s|g^H w^s|^2 has
# mean p^c + p^s = P^t exactly (unit-norm beams independent of g), as the Gamma(1, P^t) model assumes.
register_case(
    ValidationCase(
        id="coop.zf_signal_gain",
        description="E|h^H w^c|^2 = M_t - 1 for the ZF precoder of eq. (2), M_t = 4",
        analytic=lambda: float(NUM_TX_ANTENNAS - 1),
        monte_carlo=partial(_zf_gain_mc, "signal"),
        settings=_FAST,
        quick_settings=_FAST,
    )
)
register_case(
    ValidationCase(
        id="coop.zf_interferer_gain",
        description="E[p^c|g^H w^c|^2 + p^s|g^H w^s|^2] = P^t (p^c = p^s = 0.5 W), ZF beams of eq. (2)",
        analytic=lambda: POWER_TOTAL,
        monte_carlo=partial(_zf_gain_mc, "interferer"),
        settings=_FAST,
        quick_settings=_FAST,
    )
)
