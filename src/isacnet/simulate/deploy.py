"""Monte Carlo trials of paper ``deploy`` (004): ZF beam gains, CoMP rate, expected CRLB.

Each trial draws ``size`` independent drops at once (no loop over drops) and returns
one sample array per quantity, for :func:`isacnet.simulate.engine.run_monte_carlo`.
"""

from __future__ import annotations

import numpy as np

from isacnet.errors import InputError
from isacnet.metrics.deploy import crlb, fisher_information, rate_monte_carlo_bits, sample_beam_gains

__all__ = ["zf_gain_trial", "rate_trial", "crlb_gain_trial"]


def zf_gain_trial(rng: np.random.Generator, size: int, num_tx_antennas: int, comm_power: float) -> dict:
    """Gains of the two-column ZF precoder ``W = H (Hᴴ H)⁻¹``, ``H = [h_c, a(ω)]`` (spec 004 §2).

    ``h_c ~ CN(0, I)``, ``ω ~ U[-1, 1]``, ULA steering ``a(ω)_m = e^{jπ m ω}``; columns normalised.

    Returns
    -------
    dict
        ``beam_gain``: ``|a(ω)ᴴ w_s|²`` (mean ``M_t − 1``); ``comm_gain``: ``p_c |h_cᴴ w_c|²``
        [W] (``Γ(M_t−1, p_c)``, mean ``(M_t−1) p_c``); each [size].
    """
    m = num_tx_antennas
    if m < 2:
        raise InputError("num_tx_antennas", f"must be >= 2, got {m}")
    h = (rng.standard_normal((size, m)) + 1j * rng.standard_normal((size, m))) / np.sqrt(2)
    omega = rng.uniform(-1, 1, size)
    a = np.exp(1j * np.pi * np.arange(m)[None, :] * omega[:, None])
    hm = np.stack([h, a], axis=-1)  # [size, M, 2]
    gram = np.conj(np.swapaxes(hm, 1, 2)) @ hm
    w = hm @ np.linalg.inv(gram)
    w = w / np.linalg.norm(w, axis=1, keepdims=True)
    beam = np.abs(np.einsum("sm,sm->s", np.conj(a), w[:, :, 1])) ** 2
    comm = comm_power * np.abs(np.einsum("sm,sm->s", np.conj(h), w[:, :, 0])) ** 2
    return {"beam_gain": beam, "comm_gain": comm}


def rate_trial(rng, size, users, bs, comm_power, noise_power, pathloss_exp, num_tx_antennas) -> dict:
    """Instantaneous CoMP rate ``log2(1 + Σ_n g_n ||u_n − q||^-α / σ_c²)`` at each user
    (deploy eq. (10)); returns ``{"rate_bits_<j>": [size]}`` per user ``j``."""
    s = rate_monte_carlo_bits(rng, users, bs, comm_power, noise_power, pathloss_exp, num_tx_antennas, size)
    return {f"rate_bits_{j}": s[:, j] for j in range(s.shape[1])}


def crlb_gain_trial(rng, size, target, bs, zeta2, pathloss_exp, num_tx_antennas) -> dict:
    """Per-draw CRLB and FIM trace at one target with ZF beam gains ``G_t ~ M_t Beta(M_t−1, 1)``.

    Returns
    -------
    dict
        ``crlb`` [m²] (mean = expected CRLB (7)), ``fim_trace`` [m⁻²] (mean = trace of the
        mean-gain FIM, exactly, since F is linear in the gains).
    """
    bs = np.asarray(bs, float)
    g = sample_beam_gains(rng, num_tx_antennas, (size, len(bs)))
    t = np.asarray(target, float).reshape(1, 3)
    f = fisher_information(t, bs[None], zeta2, pathloss_exp, g)[:, 0]
    return {"crlb": crlb(t, bs[None], zeta2, pathloss_exp, g)[:, 0], "fim_trace": np.trace(f, axis1=1, axis2=2)}
