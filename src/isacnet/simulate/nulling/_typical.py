"""Typical-point Monte Carlo of paper ``nulling`` (001) with the paper's Gamma gains.

Exact nearest-``n`` PPP geometry from :mod:`isacnet.geometry` plus the Campbell tail
correction (nulling (3), (6), (10), Lemma 1). These trials estimate exactly the quantity
the closed forms model. Rates are ``ln(1 + SIR)`` [nats/s/Hz].
"""

from __future__ import annotations

import numpy as np

from isacnet._accel import Kernel
from isacnet.errors import InputError
from isacnet.geometry import cos_sin, nearest_ppp_points, ppp_interference

__all__ = ["comm_rate_trial", "radar_rate_trial", "hole_interference"]

_TINY32 = np.finfo(np.float32).tiny
_ROWS = 512  # drops per vector pass of the NumPy form


def _hole_interference_numpy(gaps, theta, gains, pi_density: float, alpha: float, num_nulled: int):
    """Serving distance and interference at a typical target from its PPP of BSs (the NumPy form).

    The BSs are the ``num_points`` nearest to the target (exact arrival times
    ``Gamma_k = pi lambda r_k^2``, bearings ``theta``); the nearest serves it, the
    ``num_nulled - 1`` BSs nearest to the serving BS null towards it, and every other BS ``k``
    interferes with gain ``g`` over its distance ``D_k`` to the serving BS (nulling (6)).

    Parameters
    ----------
    gaps : ndarray, float32, [num_drops, num_points]
        Exponential gaps of the arrival times.
    theta : ndarray, [num_drops, num_points]
        Bearings [rad].
    gains : ndarray, [num_drops, num_points - num_nulled]
        Interferers' gains, in the order of the points (the nulling BSs skipped).
    pi_density : float
        ``pi lambda_b`` [m⁻²].
    alpha : float
        BS-to-BS pathloss exponent.
    num_nulled : int
        ``Q``.

    Returns
    -------
    r_serv : ndarray, [num_drops]
        Serving distance [m].
    exact : ndarray, [num_drops]
        ``sum_k g_k D_k^-alpha`` over the interferers.
    last : ndarray, [num_drops]
        ``Gamma`` of the last point drawn.
    """
    n = gaps.shape[0]
    r_serv, exact, last = np.empty(n), np.empty(n), np.empty(n)
    for lo in range(0, n, _ROWS):
        hi = min(lo + _ROWS, n)
        arrivals = np.cumsum(np.maximum(gaps[lo:hi], _TINY32), axis=1, dtype=np.float64)
        radii = np.sqrt(arrivals / pi_density)
        cos, sin = cos_sin(theta[lo:hi])
        x, y = radii * cos, radii * sin
        dx, dy = x[:, 1:] - x[:, :1], y[:, 1:] - y[:, :1]
        d2 = dx * dx + dy * dy  # squared BS-to-serving-BS distances
        if num_nulled > 1:  # nulled: the Q-1 BSs nearest to the serving BS; the others keep their order
            nearest = np.argpartition(d2, num_nulled - 2, axis=1)[:, :num_nulled - 1]
            keep = np.ones(d2.shape, dtype=bool)
            np.put_along_axis(keep, nearest, False, axis=1)
            d2 = d2[keep].reshape(d2.shape[0], -1)
        path = 1.0 / (d2 * d2) if alpha == 4.0 else d2 ** (-0.5 * alpha)
        path *= gains[lo:hi]
        exact[lo:hi] = path.sum(axis=1)
        r_serv[lo:hi] = radii[:, 0]
        last[lo:hi] = arrivals[:, -1]
    return r_serv, exact, last


hole_interference = Kernel(_hole_interference_numpy, "isacnet.simulate.nulling._typical_loops:hole_interference")


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
        if num_points <= q:
            raise InputError("num_points", f"must exceed Q = {q}, got {num_points}")
        gaps = rng.standard_exponential((size, num_points), dtype=np.float32)  # the draws of nearest_ppp_points
        theta = rng.uniform(0.0, 2.0 * np.pi, (size, num_points))
        gains = rng.standard_gamma(k, (size, num_points - q))
        r_serv, exact, last = hole_interference(gaps, theta, gains, np.pi * bs_density, float(a), q)
        r_last = np.sqrt(last / (np.pi * bs_density))
        tail = 2 * np.pi * bs_density * k * r_last ** (2 - a) / (a - 2)  # Campbell mean beyond r_N
        interf = exact + tail
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
