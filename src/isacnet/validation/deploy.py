"""Validation cases of paper ``deploy`` (004): closed forms vs Monte Carlo (spec 004 §2–§4)."""

from __future__ import annotations

from functools import partial

import numpy as np

from isacnet.metrics.deploy import fisher_information, rate_exact_bits, zeta_squared
from isacnet.simulate.deploy import crlb_gain_trial, rate_trial, zf_gain_trial
from isacnet.simulate.engine import MonteCarloSettings, run_monte_carlo
from isacnet.validation import DistributionCase, ValidationCase, register_case, register_distribution_case

_QUICK = MonteCarloSettings(batch_size=50_000, min_samples=100_000, max_samples=200_000)

# A fixed geometry: 5 BSs around a 400 m square, a user on the ground, a target at 400 m.
_BS = np.array([[-150.0, -120, 20], [160, -90, 35], [140, 170, 15], [-130, 150, 60], [0, 10, 300]])
_USER = np.array([[35.0, -60, 0]])
_TARGET = np.array([20.0, 40, 400])
_ZETA2 = zeta_squared(0.5, 50e6, 1e-8, 4, 5)


def _zf_mc(source, seed, settings, m=4, power_comm=0.5):
    return run_monte_carlo(partial(lambda rng, size: zf_gain_trial(rng, size, m, power_comm)), seed=seed, key=(m,),
                           settings=settings)[source]


register_case(ValidationCase(
    id="deploy.zf_beam_gain[Mt=4]",
    description="E|a(w)^H w_s|^2 of the ZF sensing beam = M_t - 1 (spec 004 §2; used as G_t-bar in (30))",
    analytic=lambda: 3.0,
    monte_carlo=partial(_zf_mc, "beam_gain"),
    quick_settings=_QUICK,
))

register_case(ValidationCase(
    id="deploy.zf_comm_gain[Mt=4]",
    description="E[p_c |h^H w_c|^2] of the ZF comm beam = (M_t - 1) p_c (spec 004 §2, eq. (10))",
    analytic=lambda: 3 * 0.5,
    monte_carlo=partial(_zf_mc, "comm_gain"),
    quick_settings=_QUICK,
))


def _rate_mc(seed, settings):
    trial = partial(lambda rng, size: rate_trial(rng, size, _USER, _BS[:4], 0.5, 1e-8, 3.0, 4))
    return run_monte_carlo(trial, seed=seed, key=(1,), settings=settings)["rate_bits_0"]


register_case(ValidationCase(
    id="deploy.comp_rate_hamdi",
    description="Exact CoMP rate by Hamdi's integral vs E[log2(1+SNR)] with g_n ~ Gamma(M_t-1, p_c) (eq. (10)-(11))",
    analytic=lambda: float(rate_exact_bits(_USER, _BS[:4], 0.5, 1e-8, 3.0, 4)[0]),
    monte_carlo=_rate_mc,
    quick_settings=_QUICK,
))


def _fim_trace_mc(seed, settings):
    trial = partial(lambda rng, size: crlb_gain_trial(rng, size, _TARGET, _BS, _ZETA2, 2.0, 4))
    return run_monte_carlo(trial, seed=seed, key=(2,), settings=settings)["fim_trace"]


register_case(ValidationCase(
    id="deploy.fim_mean_gain",
    description="E_G[tr F(t)] over ZF beam gains = tr F-bar(t) with G_t = M_t - 1 (F linear in G, eq. (6), spec §3.4)",
    analytic=lambda: float(np.trace(fisher_information(_TARGET[None], _BS, _ZETA2, 2.0)[0])),
    monte_carlo=_fim_trace_mc,
    quick_settings=_QUICK,
))


# -- the CRLB over target positions (#15): coverage curve by quadrature vs Monte Carlo -----------------
def _deploy_setup():
    from isacnet.geometry.regions import horizontal_plane

    return horizontal_plane([0, 0], 400.0, 400.0, 400.0, name="target_region")


def _deploy_cdf(x, per_axis):
    from isacnet.analysis.deploy import crlb_cdf_quadrature

    return crlb_cdf_quadrature(x, _deploy_setup(), _BS, _ZETA2, 2.0, per_axis)


def _deploy_trial(rng, size):
    from isacnet.simulate.deploy import crlb_position_trial

    return crlb_position_trial(rng, size, _deploy_setup(), _BS, _ZETA2, 2.0)


_QUAD = 400
_grid_x = partial(np.geomspace, 1e-3, 1e2, 31)
_quad_term = float(2 * np.max(np.abs(_deploy_cdf(_grid_x(), _QUAD) - _deploy_cdf(_grid_x(), _QUAD // 2))))
register_distribution_case(DistributionCase(
    id="deploy.crlb_cdf[5 BSs, 400 m square at 400 m]",
    description=("P(CRLB <= gamma) over a uniform target on the 400 m x 400 m plane at 400 m (eq. (4), (6), mean "
                 "beam gains) for the fixed 5-BS geometry: midpoint rule on 400 x 400 points "
                 "(crlb_cdf_quadrature) vs uniformly drawn targets"),
    grid=_grid_x,
    analytic_cdf=partial(_deploy_cdf, per_axis=_QUAD),
    trial=_deploy_trial,
    quantity="crlb",
    quick_settings=MonteCarloSettings(batch_size=50_000, min_samples=100_000, max_samples=100_000),
    model_abs=_quad_term,
    tolerance_note=(f"numerical term {_quad_term:.1e}: twice the change of the midpoint rule from 200 to 400 points "
                    "per axis (cells crossed by the level set CRLB = gamma)"),
))
