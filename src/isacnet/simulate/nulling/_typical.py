"""Typical-point Monte Carlo of paper ``nulling`` (001) with the paper's Gamma gains.

Exact nearest-``n`` PPP geometry from :mod:`isacnet.geometry` plus the Campbell tail
correction (nulling (3), (6), (10), Lemma 1). These trials estimate exactly the quantity
the closed forms model. Rates are ``ln(1 + SIR)`` [nats/s/Hz].
"""

from __future__ import annotations

import numpy as np

from isacnet.errors import InputError
from isacnet.geometry import nearest_ppp_points, ppp_interference

__all__ = ["comm_rate_trial", "radar_rate_trial"]


def _gamma_sampler(shape_k: float):
    def sample(rng: np.random.Generator, shape: tuple) -> np.ndarray:
        return rng.standard_gamma(shape_k, shape)

    return sample


def _exp_sampler(mean: float):
    def sample(rng: np.random.Generator, shape: tuple) -> np.ndarray:
        return mean * rng.standard_exponential(shape)

    return sample


def comm_rate_trial(rng: np.random.Generator, size: int, num_tx_antennas: int, num_users: int,
                    cluster_size_comm: int, num_targets: int = 0, cluster_size_sense: int = 1,
                    pathloss_exp: float = 4.0, bs_density: float = 1e-6, num_exact: int = 200) -> dict:
    """Typical-user rate samples with the paper's gains (nulling (3), (10); Theorem 1's model).

    The typical user at the origin is served by its nearest BS; BSs 2..L null towards it;
    the signal gain is ``Gamma(M_t - K L - J(Q-1) + 1, 1)`` and each BS beyond the ``L``-th
    interferes with a ``Gamma(K, 1)`` gain.

    Parameters
    ----------
    rng : numpy.random.Generator
    size : int
        Number of drops.
    num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense : int
        ``M_t, K, L, J, Q``.
    pathloss_exp : float
        ``alpha`` (> 2).
    bs_density : float
        ``lambda_b`` [m⁻²] (the rate does not depend on it).
    num_exact : int
        Interferers drawn exactly before the tail correction.

    Returns
    -------
    dict
        ``"rate_comm"``: ``ln(1 + SIR_c)`` [nats/s/Hz], shape ``[size]``.
    """
    m = num_tx_antennas - num_users * cluster_size_comm - num_targets * (cluster_size_sense - 1) + 1
    if m < 1:
        raise InputError("num_tx_antennas", f"spatial budget K*L + J*(Q-1) must be <= M_t, got diversity {m}")
    radii, _, arrivals = nearest_ppp_points(rng, size, cluster_size_comm, bs_density)
    signal = rng.standard_gamma(m, size) * radii[:, 0] ** (-pathloss_exp)  # Eq. (3) numerator, (10)
    k = float(num_users)
    interf = ppp_interference(rng, arrivals, bs_density, pathloss_exp, _gamma_sampler(k), k, k * (k + 1), num_exact)
    return {"rate_comm": np.log1p(signal / interf.total)}  # Eq. (3)-(4)


def radar_rate_trial(rng: np.random.Generator, size: int, gain_factor: float, num_users: int,
                     cluster_size_sense: int = 1, pathloss_exp: float = 4.0, pathloss_exp_sense: float = 2.0,
                     bs_density: float = 1e-6, *, hole: bool = True, num_points: int = 256,
                     clutter_density: float = 0.0, clutter_rcs: float = 0.0,
                     clutter_min_distance: float = 0.0) -> dict:
    """Typical-target radar information rate samples with the paper's gains (nulling (6), Lemma 1).

    ``hole=True``: the BSs are a PPP seen from the target at the origin; the nearest one
    (distance ``R``) serves it, so no other BS lies within ``R`` of the target (the
    interference hole arises by construction). The ``Q - 1`` BSs nearest to the serving BS
    null towards it; every other BS interferes with a ``Gamma(K, 1)`` gain over the
    BS-to-BS distance. Points beyond the ``num_points``-th get the Campbell mean.
    ``hole=False``: the benchmark of Fig. 7 — interferers a full-plane PPP around the
    serving BS (Slivnyak), independent of ``R``.

    Parameters
    ----------
    gain_factor : float
        ``c = Delta T kappa M_r |xi|^2``.
    num_users : int
        ``K`` (signal ``h^t ~ Gamma(K, 1)``, interferers ``Gamma(K, 1)``).
    cluster_size_sense : int
        ``Q`` (>= 1).
    pathloss_exp, pathloss_exp_sense : float
        ``alpha`` (BS-BS), ``beta`` (one way to the target).
    bs_density : float
        [m⁻²].
    hole : bool
    num_points : int
        BSs drawn exactly around the target.
    clutter_density, clutter_rcs, clutter_min_distance : float
        Optional clutter of Remark 1 / (19) (see ``analysis.nulling.radar_rate_prop3``).

    Returns
    -------
    dict
        ``"rate_sense"``: ``ln(1 + SIR_s)`` [nats/s/Hz], shape ``[size]``.
    """
    q = int(cluster_size_sense)
    k = float(num_users)
    a = pathloss_exp
    if hole:
        radii, ang, last = nearest_ppp_points(rng, size, num_points, bs_density)
        r_serv = radii[:, 0]
        x = radii * np.cos(ang)
        y = radii * np.sin(ang)
        dist = np.hypot(x[:, 1:] - x[:, :1], y[:, 1:] - y[:, :1])  # BS-to-serving-BS distances
        if q > 1:
            dist = np.sort(dist, axis=1)[:, q - 1:]  # nulled: the Q-1 BSs nearest to the serving BS
        gains = rng.standard_gamma(k, dist.shape)
        r_last = np.sqrt(last / (np.pi * bs_density))
        tail = 2 * np.pi * bs_density * k * r_last ** (2 - a) / (a - 2)  # Campbell mean beyond r_N
        interf = np.sum(gains * dist ** (-a), axis=1) + tail
    else:
        r_serv = np.sqrt(rng.standard_exponential(size) / (np.pi * bs_density))
        start = np.zeros(size)
        if q > 1:
            _, _, start = nearest_ppp_points(rng, size, q - 1, bs_density)
        interf = ppp_interference(rng, start, bs_density, a, _gamma_sampler(k), k, k * (k + 1), num_points).total
    if clutter_density > 0 and clutter_rcs > 0:
        start = np.full(size, np.pi * clutter_density * clutter_min_distance**2)
        cl = ppp_interference(rng, start, clutter_density, 2 * pathloss_exp_sense, _exp_sampler(clutter_rcs),
                              clutter_rcs, 2 * clutter_rcs**2, num_points)
        interf = interf + cl.total  # Eq. (19): I_S + I_X
    signal = gain_factor * rng.standard_gamma(k, size) * r_serv ** (-2 * pathloss_exp_sense)  # Eq. (6)
    return {"rate_sense": np.log1p(signal / interf)}
