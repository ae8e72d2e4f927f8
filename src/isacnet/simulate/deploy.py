"""Monte Carlo trials of paper ``deploy`` (004): ZF beam gains, CoMP rate, expected CRLB.

Each trial draws ``size`` independent drops at once (no loop over drops) and returns
one sample array per quantity, for :func:`isacnet.simulate.engine.run_monte_carlo`. The
channels and precoders are those of :mod:`isacnet.channel`.
"""

from __future__ import annotations

import numpy as np

from isacnet.channel import beam_gain, rayleigh_vectors, steering_vector_spatial, zf_precoder
from isacnet.errors import InputError
from isacnet.metrics.deploy import crlb, fisher_information, rate_monte_carlo_bits, sample_beam_gains

__all__ = ["zf_gain_trial", "rate_trial", "crlb_gain_trial", "crlb_position_trial"]


def zf_gain_trial(rng: np.random.Generator, size: int, num_tx_antennas: int, power_comm: float) -> dict:
    """Gains of the two-column ZF precoder ``W = H (Hᴴ H)⁻¹``, ``H = [h_c, a(ω)]`` (spec 004 §2).

    ``h_c ~ CN(0, I)``, ``ω ~ U[-1, 1]``, ULA steering ``a(ω)_m = e^{jπ m ω}``; columns normalised.

    Parameters
    ----------
    rng : numpy.random.Generator
    size : int
        Drops.
    num_tx_antennas : int
        ``M_t`` (>= 2).
    power_comm : float
        ``p_c`` [W].

    Returns
    -------
    dict
        ``beam_gain``: ``|a(ω)ᴴ w_s|²`` (mean ``M_t − 1``); ``comm_gain``: ``p_c |h_cᴴ w_c|²``
        [W] (``Γ(M_t−1, p_c)``, mean ``(M_t−1) p_c``); each [size].
    """
    m = num_tx_antennas
    if m < 2:
        raise InputError("num_tx_antennas", f"must be >= 2, got {m}")
    h = rayleigh_vectors(rng, (size,), m)  # [size, M]
    a = steering_vector_spatial(rng.uniform(-1, 1, size), m)  # [size, M]
    w_comm, w_sense = zf_precoder(h, a)
    return {"beam_gain": beam_gain(a, w_sense), "comm_gain": power_comm * beam_gain(h, w_comm)}


def rate_trial(rng, size, users, layout, power_comm, noise_power, pathloss_exp, num_tx_antennas) -> dict:
    """Instantaneous CoMP rate ``log2(1 + Σ_n g_n ||u_n − q||^-α / σ_c²)`` at each user (deploy eq. (10)).

    Parameters
    ----------
    rng : numpy.random.Generator
    size : int
        Drops.
    users : ndarray, [num_users, 3]
        [m].
    layout : ndarray, [num_bs, 3]
        BS positions [m].
    power_comm, noise_power : float
        ``p_c``, ``σ_c²`` [W].
    pathloss_exp : float
        ``α``.
    num_tx_antennas : int
        ``M_t``.

    Returns
    -------
    dict
        ``{"rate_bits_<j>": [size]}`` per user ``j`` [bits/s/Hz].
    """
    s = rate_monte_carlo_bits(rng, users, layout, power_comm, noise_power, pathloss_exp, num_tx_antennas, size)
    return {f"rate_bits_{j}": s[:, j] for j in range(s.shape[1])}


def crlb_gain_trial(rng, size, target, layout, zeta2, pathloss_exp_sense, num_tx_antennas) -> dict:
    """Per-draw CRLB and FIM trace at one target with ZF beam gains ``G_t ~ M_t Beta(M_t−1, 1)``.

    Parameters
    ----------
    rng : numpy.random.Generator
    size : int
        Drops.
    target : ndarray, [3]
        [m].
    layout : ndarray, [num_bs, 3]
        BS positions [m].
    zeta2 : float
        ``ζ²`` [m^(2β−2)].
    pathloss_exp_sense : float
        ``β``.
    num_tx_antennas : int
        ``M_t``.

    Returns
    -------
    dict
        ``crlb`` [m²] (mean = expected CRLB (7)), ``fim_trace`` [m⁻²] (mean = trace of the
        mean-gain FIM, exactly, since F is linear in the gains).
    """
    layout = np.asarray(layout, float)
    g = sample_beam_gains(rng, num_tx_antennas, (size, len(layout)))
    t = np.asarray(target, float).reshape(1, 3)
    f = fisher_information(t, layout[None], zeta2, pathloss_exp_sense, g)[:, 0]
    return {"crlb": crlb(t, layout[None], zeta2, pathloss_exp_sense, g)[:, 0],
            "fim_trace": np.trace(f, axis1=1, axis2=2)}


def crlb_position_trial(rng: np.random.Generator, size: int, region, layout, zeta2: float, pathloss_exp_sense: float,
                        basis=None) -> dict:
    """The CRLB of eq. (4), (6) (mean beam gains) at ``size`` targets uniform in ``region`` (deploy Sec. III).

    Parameters
    ----------
    rng : numpy.random.Generator
    size : int
        Targets.
    region : Region
        Target region with a uniform density (a weighted region would need weighted samples).
    layout : ndarray, [num_bs, 3]
        BS positions [m].
    zeta2, pathloss_exp_sense, basis
        As :func:`isacnet.metrics.deploy.crlb`.

    Returns
    -------
    dict
        ``crlb``: [size] [m²].
    """
    if region.density is not None:
        raise InputError("region.density", "must be uniform for crlb_position_trial (targets are drawn uniformly)")
    pts, _ = region.sample(rng, size)
    return {"crlb": crlb(pts, np.asarray(layout, dtype=float), zeta2, pathloss_exp_sense, basis=basis)}
