"""Validation cases of paper ``power`` (003): the GLRT detector simulated vs eq. (10b) and (12)."""

from __future__ import annotations

from functools import partial

import numpy as np

from isacnet.analysis.power import sensing_snr_large_n, sensing_snr_variance_unit_modulus
from isacnet.experiments.power import DETECTION, DetectionParams
from isacnet.metrics.detection import detection_probability, detection_threshold, sensing_snr_exact
from isacnet.runner import realisation
from isacnet.scenario import load_scenario
from isacnet.simulate.engine import MonteCarloSettings, run_monte_carlo
from isacnet.simulate.power import draw_symbols, glrt_trial
from isacnet.validation import DistributionCase, ValidationCase, register_case, register_distribution_case

_FAST = MonteCarloSettings(batch_size=20_000, min_samples=100_000, max_samples=200_000, target_rel_ci=0.0)
_FAST_QUICK = MonteCarloSettings(batch_size=20_000, min_samples=40_000, max_samples=40_000, target_rel_ci=0.0)


def _trial(rng, size, *, source, **kw):
    return {source: glrt_trial(rng, size, **kw)[source]}


def _mc(source, kw, key, seed, settings):
    return run_monte_carlo(partial(_trial, source=source, **kw), seed=seed, key=key, settings=settings)[source]


# -- false alarm, eq. (10b): exact ---------------------------------------------------------
for _num, _n in ((1, 10), (3, 20)):
    _pfa = 0.05
    _kw = dict(powers=np.ones(_num), channel=np.ones(_num, dtype=complex), noise_power=1.0, num_samples=_n,
               threshold=float(detection_threshold(_pfa, _num)))
    register_case(
        ValidationCase(
            id=f"power.pfa[L={_num},N={_n}]",
            description=f"GLRT false-alarm rate under H0 (random QPSK X) vs eq. (10b) Q(L, delta), P_FA = {_pfa}",
            analytic=partial(float, _pfa),
            monte_carlo=partial(_mc, "false_alarm", _kw, (_num, _n)),
            settings=_FAST,
            quick_settings=_FAST_QUICK,
        )
    )

# -- detection given the waveforms, eq. (12) 4th line: exact ---------------------------------
_CHANNEL = np.array([1.0 + 0.5j, 0.8 - 0.3j, -0.4 + 0.9j, 0.3 + 0.2j])
_WAVEFORM_SEED = 100
"""The fixed waveform block of each case is part of its definition: i.i.d. QPSK drawn once from this seed."""

for _num, _n, _scale in ((2, 10, 0.5), (3, 20, 0.15), (4, 40, 0.12)):
    _sym = draw_symbols(np.random.default_rng(_WAVEFORM_SEED + _num), (_n, _num))  # one fixed waveform block
    _p = _scale * np.linspace(1.0, 0.5, _num)
    _h = _CHANNEL[:_num]
    _delta = float(detection_threshold(1e-3, _num))
    _s = float(sensing_snr_exact(_p, _h[:, None], _sym, 1.0)[0])
    _kw = dict(powers=_p, channel=_h, noise_power=1.0, num_samples=_n, threshold=_delta, fixed_symbols=_sym)
    register_case(
        ValidationCase(
            id=f"power.pod_exact[L={_num},N={_n},s={_s:.1f}]",
            description=("GLRT detection rate with a fixed waveform block X vs eq. (12) Q_L(sqrt(2 h^H X^H X h / "
                         f"sigma^2), sqrt(2 delta)), P_FA = 1e-3, L = {_num}"),
            analytic=partial(lambda s, d, m: float(detection_probability(s, d, m)), _s, _delta, _num),
            monte_carlo=partial(_mc, "detected", _kw, (_num, _n, 1)),
            settings=_FAST,
            quick_settings=_FAST_QUICK,
        )
    )


# -- large-N form on the fig. 2(a) network, random QPSK: approximate ------------------------
def _large_n_case(power_budget_db: float, target: int) -> ValidationCase:
    scn = load_scenario("power-fig2a")  # the figure's network and Section V parameters
    fixed = {k: v for k, v in scn.params.items() if not isinstance(v, list)}
    p = DetectionParams(**{**fixed, "power_budget_db": power_budget_db, "target_index": target})
    num_cells, num_samples, pfa = p.num_cells, p.num_samples, p.pfa
    net = realisation(DETECTION, p, scn.seed, 0)  # the figure's network (as the runner draws it)
    powers = p.transmit_powers()  # equal powers
    noise = p.noise_sense
    gains = net.gains_sense[0][:, [target]]
    delta = p.detection_threshold
    s = float(sensing_snr_large_n(powers, gains, noise, num_samples)[0])
    var = float(sensing_snr_variance_unit_modulus(powers, gains, noise, num_samples)[0])
    eps = 1e-2 * s
    f = [float(detection_probability(x, delta, num_cells)) for x in (s - eps, s, s + eps)]
    jensen = 0.5 * (f[2] - 2 * f[1] + f[0]) / eps**2 * var
    kw = dict(powers=powers, channel=net.channel_sense[0][:, target], noise_power=noise, num_samples=num_samples,
              threshold=delta)
    return ValidationCase(
        id=f"power.pod_large_n[fig2a,T{target + 1},{power_budget_db:g}dB]",
        description=("GLRT detection rate with random QPSK symbols vs eq. (12) large-N form, fig. 2(a) network, "
                     f"target T{target + 1}, P_th = {power_budget_db:g} dB, N = {num_samples}, P_FA = {pfa:g}"),
        analytic=partial(float, f[1]),
        monte_carlo=partial(_mc, "detected", kw, (int(power_budget_db), target)),
        settings=_FAST,
        quick_settings=_FAST_QUICK,
        model_abs=2.0 * abs(jensen),
        tolerance_note=(
            "the large-N step replaces X^H X by N diag(P) (spec 003 §2: the only loose step). Over random unit-modulus "
            f"symbols the SNR has that mean and variance {var:.3g} (analysis.power.sensing_snr_variance_unit_modulus), "
            f"so the error is the Jensen term P_D''(s) Var(s)/2 = {jensen:.2e}; model term twice that for the "
            "higher-order remainder"),
    )


for _pdb, _t in ((8.0, 0), (12.0, 2)):
    register_case(_large_n_case(_pdb, _t))


# -- the PoD over network drops (#15) ----------------------------------------------------------------
def _pod_cdf(x, budget_db):
    from isacnet.experiments.power.distribution import PodDistributionParams, _closed_form

    return _closed_form(PodDistributionParams(power_budget_db=budget_db), x)


def _pod_trial(rng, size, budget_db):
    from isacnet.experiments.power.distribution import PodDistributionParams, distribution_trial

    return distribution_trial(PodDistributionParams(power_budget_db=budget_db), rng, size, exact=False)


for _budget in (5.0, 10.0):
    register_distribution_case(DistributionCase(
        id=f"power.pod_cdf[P_th={_budget:g} dB]",
        description=("P(PoD <= p) of target 1 over network drops (uniform in its cell, Rayleigh radar channels, "
                     "equal powers, eq. (12) large-N): hypoexponential SNR averaged over the disc "
                     "(pod_cdf_over_drops) vs simulated drops, p in 0.02..0.98"),
        grid=partial(np.linspace, 0.02, 0.98, 25),
        analytic_cdf=partial(_pod_cdf, budget_db=_budget),
        trial=partial(_pod_trial, budget_db=_budget),
        quantity="pod_large_n",
        settings=MonteCarloSettings(batch_size=20_000, min_samples=400_000, max_samples=400_000),
        quick_settings=MonteCarloSettings(batch_size=20_000, min_samples=100_000, max_samples=100_000),
        tolerance_note="exact for the simulated model; the quadrature over the disc is converged to 1e-12",
    ))
