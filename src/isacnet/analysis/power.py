"""Closed forms of paper ``power`` (003): CoMP-ISAC rates and GLRT detection probability.

Network model (spec 003 §1): ``L`` cells; BS ``B_l`` transmits one unit-power ISAC
signal ``x_l`` with power ``P_l``. Array conventions, with a leading drop axis where a
function says so:

* ``powers[..., l]`` = ``P_l`` [W];
* ``gains_comm[..., l, i]`` = ``rho_{l,i} = |h^c_{l,i}|^2``, link ``B_l -> U_i`` [1];
* ``channel_sense[..., l, i]`` = ``h^s_{l,i}``, two-way link ``B_l -> T_i -> B_i``
  (complex, [1]), ``gains_sense = |channel_sense|^2``;
* ``noise_comm[..., i]`` = ``sigma^2_{c,i}``, ``noise_sense[..., i]`` = ``sigma^2_{s,i}`` [W].

Channel statistics are not given in the letter (spec 003 §1 **[?]**); our path-loss-scaled
Rayleigh model is :mod:`isacnet.channel.power`. Channel gains are dimensionless (normalised
to 1 at the reference distance) so that ``P |h|^2`` is a received power in W. The exact
sensing SNR and PoD given the waveforms (eq. (12), 4th line) are
:func:`isacnet.metrics.detection.sensing_snr_exact` and
:func:`~isacnet.metrics.detection.pod_exact`, shared with the Monte Carlo.

Rates are in bits/s/Hz (names end in ``_bits``) because the letter's thresholds are.
"""

from __future__ import annotations

import itertools

import numpy as np

from isacnet.channel.power import pathloss_gain
from isacnet.errors import InputError
from isacnet.metrics.detection import (
    check_num_samples,
    check_powers,
    detection_probability,
    detection_threshold,
    min_sensing_snr,
)

__all__ = [
    "sinr",
    "rate_bits",
    "sum_rate_bits",
    "sum_rate_bits_dc",
    "sinr_threshold",
    "sensing_snr_large_n",
    "sensing_snr_variance_unit_modulus",
    "pod_large_n",
    "hypoexponential_cdf",
    "pod_cdf_over_drops",
]


def sinr(powers, gains_comm, noise_comm):
    """SINR of every user (power eq. (2), argument of the log, spec 003 §1).

    ``gamma_i = P_i rho_{i,i} / (sum_{l != i} P_l rho_{l,i} + sigma^2_{c,i})``: the letter's
    numerator has ``h^c_{l,i}``; it must be the direct link ``h^c_{i,i}`` (spec 003 §1 [C]).

    Parameters
    ----------
    powers : array_like, [..., num_cells]
        ``P_l`` [W].
    gains_comm : array_like, [..., num_cells (tx l), num_cells (rx i)]
        ``rho_{l,i}`` [1].
    noise_comm : array_like, [..., num_cells] or scalar
        ``sigma^2_{c,i}`` [W].

    Returns
    -------
    ndarray, [..., num_cells]
        SINR [1].
    """
    p = check_powers(powers)
    g = np.asarray(gains_comm, dtype=float)
    received = np.einsum("...l,...li->...i", p, g)  # sum_l P_l rho_{l,i}
    signal = p * np.diagonal(g, axis1=-2, axis2=-1)  # P_i rho_{i,i}
    return signal / (received - signal + np.asarray(noise_comm, dtype=float))  # Eq. (2), spec 003 §1


def rate_bits(powers, gains_comm, noise_comm):
    """Rate ``R_i = log2(1 + gamma_i)`` of every user (power eq. (2), direct link as in :func:`sinr`).

    Parameters
    ----------
    powers, gains_comm, noise_comm
        See :func:`sinr` ([W], [1], [W]).

    Returns
    -------
    ndarray, [..., num_cells]
        ``R_i`` [bits/s/Hz].
    """
    return np.log2(1.0 + sinr(powers, gains_comm, noise_comm))  # Eq. (2)


def sum_rate_bits(powers, gains_comm, noise_comm):
    """Sum rate ``R_sum = sum_i R_i`` (power eq. (3)).

    Parameters
    ----------
    powers, gains_comm, noise_comm
        See :func:`sinr` ([W], [1], [W]).

    Returns
    -------
    ndarray, [...]
        ``R_sum`` [bits/s/Hz].
    """
    return np.sum(rate_bits(powers, gains_comm, noise_comm), axis=-1)  # Eq. (3)


def sum_rate_bits_dc(powers, gains_comm, noise_comm):
    """Sum rate as a difference of logs (power eq. (14), receiver index restored, spec 003 §3).

    ``sum_i [log2(sum_l P_l rho_{l,i} + sigma^2_{c,i}) - log2(sum_{l != i} P_l rho_{l,i} + sigma^2_{c,i})]``;
    equal to :func:`sum_rate_bits`, the form the optimiser works on.
    """
    p = check_powers(powers)
    g = np.asarray(gains_comm, dtype=float)
    noise = np.asarray(noise_comm, dtype=float)
    total = np.einsum("...l,...li->...i", p, g) + noise
    interf = total - p * np.diagonal(g, axis1=-2, axis2=-1)
    return np.sum(np.log2(total) - np.log2(interf), axis=-1)  # Eq. (14)


def sinr_threshold(rate_min_bits):
    """SINR ``zeta^c = 2^{R_th} - 1`` equivalent to ``R >= R_th`` (power eq. (17)).

    Parameters
    ----------
    rate_min_bits : array_like
        ``R^c_{l,th}`` [bits/s/Hz] (>= 0).
    """
    r = np.asarray(rate_min_bits, dtype=float)
    if np.any(r < 0):
        raise InputError("rate_min_bits", f"must be >= 0 bits/s/Hz, got {r[r < 0].ravel()[0]!r}")
    return np.expm1(r * np.log(2.0))  # Eq. (17)


def sensing_snr_large_n(powers, gains_sense, noise_sense, num_samples):
    """Large-``N`` sensing SNR ``s_i = N sum_l P_l |h^s_{l,i}|^2 / sigma^2_{s,i}`` (power eq. (12), last line).

    Replaces ``X^H X`` by ``N diag(P)`` (orthogonal unit-power waveforms); the letter's
    ``P_L`` is ``P_l`` (spec 003 §2 [C]). Exact in the mean over i.i.d. zero-mean
    unit-power symbols: ``E[X^H X] = N diag(P)``.

    Parameters
    ----------
    powers : array_like, [..., num_cells]
        ``P_l`` [W].
    gains_sense : array_like, [..., num_cells (tx l), num_cells (target i)]
        ``|h^s_{l,i}|^2`` [1].
    noise_sense : array_like, [..., num_cells] or scalar
        ``sigma^2_{s,i}`` [W].
    num_samples : int
        ``N`` (>= number of cells).

    Returns
    -------
    ndarray, [..., num_cells]
        ``s_i`` [1].
    """
    p = check_powers(powers)
    g = np.asarray(gains_sense, dtype=float)
    check_num_samples(num_samples, g.shape[-2])
    return num_samples * np.einsum("...l,...li->...i", p, g) / np.asarray(noise_sense, dtype=float)  # Eq. (12)


def sensing_snr_variance_unit_modulus(powers, gains_sense, noise_sense, num_samples):
    """Variance of the exact SNR over i.i.d. circular unit-modulus symbols (e.g. QPSK).

    With ``|x_l^n| = 1``, ``x_l^H x_l = N`` and the cross products ``s_{ll'} = x_l^H x_{l'}``
    (``l != l'``) are zero-mean, uncorrelated across pairs, circular with ``E|s|^2 = N``, so
    ``s_i = s_i^{large N} + (2/sigma^2) sum_{l<l'} Re(a_l^* a_{l'} s_{ll'})`` with
    ``a_l = sqrt(P_l) h^s_{l,i}`` and

        Var[s_i] = 2 N sum_{l<l'} P_l P_{l'} |h_l|^2 |h_{l'}|^2 / sigma^4.

    Used for the model term of the large-``N`` validation (our derivation; not in the letter).

    Returns
    -------
    ndarray, [..., num_cells]
        Variance [1].
    """
    p = check_powers(powers)
    a2 = p[..., :, None] * np.asarray(gains_sense, dtype=float)  # |a_l|^2, [..., l, i]
    s1 = np.sum(a2, axis=-2)
    pair_sum = 0.5 * (s1**2 - np.sum(a2**2, axis=-2))  # sum_{l<l'} |a_l|^2 |a_l'|^2
    return 2.0 * num_samples * pair_sum / np.asarray(noise_sense, dtype=float) ** 2


def pod_large_n(powers, gains_sense, noise_sense, num_samples, pfa):
    """PoD of every target with the large-``N`` SNR (power eq. (12), last line; spec 003 §2).

    ``P_D^i = Q_L(sqrt(2 s_i), sqrt(2 delta))`` with ``delta`` set for ``pfa`` by (10b).

    Parameters
    ----------
    powers, gains_sense, noise_sense, num_samples
        See :func:`sensing_snr_large_n`.
    pfa : float
        Target false-alarm probability in (0, 1).

    Returns
    -------
    ndarray, [..., num_cells]
        ``P_D`` [1].
    """
    num_cells = np.asarray(gains_sense).shape[-2]
    s = sensing_snr_large_n(powers, gains_sense, noise_sense, num_samples)
    return detection_probability(s, detection_threshold(pfa, num_cells), num_cells)  # Eq. (12)


def hypoexponential_cdf(x, scales):
    """``P(sum_l a_l E_l <= x)`` for independent ``E_l ~ Exp(1)`` (a hypoexponential law).

    Distinct scales: ``1 - sum_l prod_{k != l} a_l / (a_l - a_k) e^(-x / a_l)``; where two scales are
    within a relative 1e-4 of each other that sum cancels, and the phase-type form
    ``1 - e_1^T exp(Q x) 1`` (``Q`` bidiagonal with rates ``1/a_l``, :func:`scipy.linalg.expm`) is
    used instead.

    Parameters
    ----------
    x : array_like, [...]
        Abscissae (>= 0), in the unit of the scales.
    scales : array_like, [..., L]
        ``a_l > 0`` (broadcast with ``x`` over the leading axes).

    Returns
    -------
    ndarray, [...]
        Probability in [0, 1].
    """
    a = np.asarray(scales, dtype=float)
    x = np.asarray(x, dtype=float)
    if np.any(~(a > 0)):
        raise InputError("scales", "must be > 0")
    x, a = np.broadcast_arrays(x[..., None], a)
    x = x[..., 0]
    num = a.shape[-1]
    diff = a[..., :, None] - a[..., None, :]  # [..., l, k]
    eye = np.eye(num, dtype=bool)
    rel_gap = np.min(np.where(eye, np.inf, np.abs(diff) / np.maximum(a[..., :, None], a[..., None, :])), axis=(-2, -1))
    close = rel_gap < 1e-4
    with np.errstate(divide="ignore", invalid="ignore"):
        coef = np.prod(np.where(eye, 1.0, a[..., :, None] / np.where(eye, 1.0, diff)), axis=-1)  # [..., l]
        out = np.asarray(1.0 - np.sum(coef * np.exp(-x[..., None] / a), axis=-1))
    if np.any(close):
        from scipy.linalg import expm

        rates = 1.0 / a[close]  # [m, L]
        q = np.zeros((rates.shape[0], num, num))
        idx = np.arange(num)
        q[:, idx, idx] = -rates
        q[:, idx[:-1], idx[1:]] = rates[:, :-1]
        survival = expm(q * x[close][:, None, None])[:, 0, :].sum(axis=-1)
        out[close] = 1.0 - survival
    return np.clip(out, 0.0, 1.0)


def pod_cdf_over_drops(pod, powers, bs_positions, target_index: int, cell_radius: float, pathloss_exp_sense: float,
                       reference_distance: float, min_distance: float, noise_sense: float, num_samples: int,
                       pfa: float, *, radial_nodes: int = 24, angular_nodes: int = 96):
    """Distribution of target ``i``'s PoD (power eq. (12), large-``N`` form) over network drops (our derivation).

    Over drops the target ``T_i`` is uniform in the disc of radius ``r`` around ``B_i`` and the radar
    channels are Rayleigh (:mod:`isacnet.channel.power`), so given ``T_i`` the SNR
    ``s = N sum_l P_l |h^s_{l,i}|^2 / sigma^2`` is a sum of independent exponentials with means
    ``a_l = N P_l g(|B_l - T_i|) g(|T_i - B_i|) / sigma^2`` (:func:`hypoexponential_cdf`). The PoD
    ``Q_L(sqrt(2 s), sqrt(2 delta))`` increases strictly with ``s``, hence
    ``P(PoD <= p) = E_T[P(s <= s_min(p))]`` with ``s_min`` of
    :func:`isacnet.metrics.detection.min_sensing_snr` (``0`` for ``p <= P_FA``); the average over
    ``T_i`` is a polar Gauss–Legendre (radius; a panel break at ``d_min``) × trapezoid (angle) rule.
    docs/theory/power.md, "PoD over network drops".

    Parameters
    ----------
    pod : array_like, [...]
        PoD values in (0, 1) [1].
    powers : array_like, [num_cells]
        ``P_l`` [W] (> 0 for the BSs that transmit; zeros drop out).
    bs_positions : array_like, [num_cells, 3]
        ``B_l`` [m].
    target_index : int
        ``i``.
    cell_radius, reference_distance, min_distance : float
        ``r``, ``d_0``, ``d_min`` [m] (:func:`isacnet.channel.power.pathloss_gain`).
    pathloss_exp_sense : float
        ``beta`` per radar hop [1].
    noise_sense : float
        ``sigma^2_s`` [W].
    num_samples : int
        ``N``.
    pfa : float
        ``P_FA`` in (0, 1) (sets ``delta`` by (10b)).
    radial_nodes, angular_nodes : int
        Quadrature sizes (the defaults reach about 1e-5; checked against a finer rule in the tests).

    Returns
    -------
    ndarray, [...]
        ``P(PoD_i <= pod)``.
    """
    bs = np.asarray(bs_positions, dtype=float)
    num_cells = bs.shape[0]
    p = check_powers(powers)
    if p.shape != (num_cells,):
        raise InputError("powers", f"must list num_cells = {num_cells} powers, got {p.shape}")
    if not 0 <= target_index < num_cells:
        raise InputError("target_index", f"must be in [0, {num_cells}), got {target_index}")
    check_num_samples(num_samples, num_cells)
    q = np.asarray(pod, dtype=float)
    delta = float(detection_threshold(pfa, num_cells))
    s_min = min_sensing_snr(np.clip(q, 1e-300, 1 - 1e-16).ravel(), delta, num_cells)  # [P]
    # polar rule over the disc of T_i: radial panels [0, d_min], [d_min, r] (the clip's kink), angle periodic
    breaks = sorted({0.0, min(max(min_distance, 0.0), cell_radius), float(cell_radius)})
    gx, gw = np.polynomial.legendre.leggauss(radial_nodes)
    rho = np.concatenate([0.5 * (b - a) * gx + 0.5 * (a + b) for a, b in itertools.pairwise(breaks) if b > a])
    w_rho = np.concatenate([0.5 * (b - a) * gw for a, b in itertools.pairwise(breaks) if b > a])
    w_rho = w_rho * 2.0 * rho / cell_radius**2  # area-uniform radius
    phi = 2.0 * np.pi * (np.arange(angular_nodes) + 0.5) / angular_nodes
    centre = bs[target_index]
    pts = centre + np.stack([np.multiply.outer(rho, np.cos(phi)), np.multiply.outer(rho, np.sin(phi)),
                             np.zeros((rho.size, phi.size))], axis=-1).reshape(-1, 3)  # [nodes, 3]
    weights = np.repeat(w_rho, phi.size) / phi.size
    back = pathloss_gain(np.linalg.norm(pts - centre, axis=-1), pathloss_exp_sense, reference_distance, min_distance)
    out_gain = pathloss_gain(np.linalg.norm(pts[:, None, :] - bs[None], axis=-1), pathloss_exp_sense,
                             reference_distance, min_distance)  # [nodes, L]
    on = p > 0
    scales = num_samples * p[on] * out_gain[:, on] * back[:, None] / noise_sense  # a_l, [nodes, L']
    cdf = hypoexponential_cdf(s_min[:, None], scales[None, :, :]) @ weights  # [P]
    cdf = np.where(s_min > 0, cdf, 0.0)  # PoD >= P_FA always: P(PoD <= p) = 0 below it
    return cdf.reshape(q.shape)
