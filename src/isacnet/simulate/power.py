"""Monte Carlo of paper ``power`` (003): the actual GLRT detector.

* :func:`draw_symbols`: i.i.d. unit-power symbols (QPSK or circular Gaussian).
* :func:`glrt_trial`: ``size`` independent uses of the detector of eq. (6)–(8): random
  symbols, complex Gaussian noise, the projection statistic against the threshold, under
  both hypotheses; it also returns the exact conditional PoD of eq. (12) for the same
  symbols, whose mean is a lower-variance estimate of the same probability.

The network (users, targets, Rayleigh channels) is drawn by
:func:`isacnet.channel.power.draw_network`; what the closed forms and this Monte Carlo share
(the statistic, the exact conditional PoD) is in :mod:`isacnet.metrics.detection`.
Everything is vectorised over the leading drop axis.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from isacnet._accel import Kernel
from isacnet.channel.power import complex_normal, draw_network
from isacnet.errors import InputError
from isacnet.metrics.detection import check_num_samples, detection_probability, detection_threshold

__all__ = ["draw_symbols", "glrt_trial", "glrt_statistics", "pod_drop_trial", "SymbolKind"]

SymbolKind = Literal["qpsk", "gaussian"]
"""Symbol alphabets of :func:`draw_symbols`."""

_QPSK_LEVELS = np.array([-np.sqrt(0.5), np.sqrt(0.5)])


def draw_symbols(rng: np.random.Generator, shape, kind: SymbolKind = "qpsk") -> np.ndarray:
    """I.i.d. zero-mean unit-power complex symbols.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the symbols.
    shape : tuple of int
        Output shape, e.g. ``[size, N, num_cells]``.
    kind : {"qpsk", "gaussian"}
        Unit-modulus QPSK (spec 003 §1's suggestion) or ``CN(0, 1)``.

    Returns
    -------
    ndarray, complex, ``shape``
        Symbols ``x_l^n`` [1] (``E|x|^2 = 1``).
    """
    if kind == "qpsk":
        shape = tuple(int(k) for k in np.atleast_1d(shape))
        num_bits = 2 * int(np.prod(shape))  # in-phase and quadrature bit of every symbol
        bits = np.unpackbits(np.frombuffer(rng.bytes((num_bits + 7) // 8), dtype=np.uint8))[:num_bits]
        levels = _QPSK_LEVELS[bits]  # (+-1 +- 1j) / sqrt(2): in-phase bit, then quadrature bit
        return levels.view(np.complex128).reshape(shape)
    if kind == "gaussian":
        return complex_normal(rng, shape)
    raise InputError("symbols", f"must be 'qpsk' or 'gaussian', got {kind!r}")


def glrt_trial(rng: np.random.Generator, size: int, *, powers, channel, noise_power: float, num_samples: int,
               threshold: float, pfa: float | None = None, symbols: SymbolKind = "qpsk",
               fixed_symbols=None) -> dict[str, np.ndarray]:
    """``size`` independent runs of the GLRT detector of one target (power eq. (6)–(8)).

    Each run draws unit-power symbols ``x_l^n`` (unless ``fixed_symbols`` is given), noise
    ``n ~ CN(0, sigma^2 I_N)``, forms ``y = X h + n`` (``H1``) and ``y = n'`` (``H0``, fresh
    noise), and compares ``T(y)`` of eq. (8) with ``threshold``.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the symbols and the noise.
    size : int
        Number of detector runs.
    powers : array_like, [num_cells]
        ``P_l`` [W].
    channel : array_like, complex, [num_cells]
        ``h_s = [h^s_{1,i}, ..., h^s_{L,i}]`` of the target [1].
    noise_power : float
        ``sigma^2_{s,i}`` [W].
    num_samples : int
        ``N`` (>= L).
    threshold : float
        ``delta``.
    pfa : float, optional
        When given, also return the exact conditional PoD of eq. (12) for the drawn
        symbols (``"pod_exact"``).
    symbols : {"qpsk", "gaussian"}
        Symbol alphabet.
    fixed_symbols : array_like, complex, [N, num_cells], optional
        Use these symbols in every run (conditional check of eq. (12), 4th line).

    Returns
    -------
    dict
        ``"detected"`` (``T >= delta`` under ``H1``), ``"false_alarm"`` (under ``H0``),
        ``"statistic_h0"`` (``T`` under ``H0``), each ``[size]``; and ``"pod_exact"``
        ``[size]`` when ``pfa`` is given.
    """
    p = np.asarray(powers, dtype=float)
    if np.any(p < 0):
        raise InputError("powers", f"must be >= 0 W, got {p[p < 0][0]!r}")
    h = np.asarray(channel, dtype=complex)
    num_cells = h.shape[-1]
    check_num_samples(num_samples, num_cells)
    if fixed_symbols is None:
        x_unit = draw_symbols(rng, (size, num_samples, num_cells), symbols)
    else:
        x_unit = np.broadcast_to(np.asarray(fixed_symbols, dtype=complex), (size, num_samples, num_cells))
    noise1 = complex_normal(rng, (size, num_samples), noise_power)
    noise0 = complex_normal(rng, (size, num_samples), noise_power)
    t1, t0, snr = glrt_statistics(np.ascontiguousarray(x_unit), np.sqrt(p), h, noise1, noise0, float(noise_power))
    out = {
        "detected": (t1 >= threshold).astype(float),
        "false_alarm": (t0 >= threshold).astype(float),
        "statistic_h0": t0,
    }
    if pfa is not None:
        s = snr[:1] if fixed_symbols is not None else snr  # one waveform: one conditional PoD
        pod = detection_probability(s, detection_threshold(pfa, num_cells), num_cells)  # Eq. (12), 4th line
        out["pod_exact"] = np.broadcast_to(pod, (size,)).copy()
    return out


def _glrt_statistics_numpy(x_unit, sqrt_powers, channel, noise1, noise0, noise_power: float):
    """GLRT statistics under both hypotheses and the exact SNR of each run (the NumPy form).

    ``X = x_unit * sqrt(P)``, ``G = X^H X``; under ``H1`` ``y = X h + n1``, under ``H0``
    ``y = n0``; ``T(y) = b^H G^-1 b / sigma^2`` with ``b = X^H y`` (power eq. (7)-(8)); the
    exact SNR is ``h^H G h / sigma^2`` (eq. (12), 4th line).

    Parameters
    ----------
    x_unit : ndarray, complex, [size, N, L]
        Unit-power symbols.
    sqrt_powers : ndarray, [L]
        ``sqrt(P_l)`` [sqrt(W)].
    channel : ndarray, complex, [L]
        ``h_s`` of the target.
    noise1, noise0 : ndarray, complex, [size, N]
        Receiver noise under ``H1`` and ``H0`` [sqrt(W)].
    noise_power : float
        ``sigma^2`` [W].

    Returns
    -------
    t1, t0, snr : ndarray, [size]
    """
    x = x_unit * sqrt_powers  # X = [sqrt(P_1) x_1, ..., sqrt(P_L) x_L], [size, N, L]
    y = np.stack([x @ channel + noise1, noise0], axis=-1)  # Eq. (5)/(6): H1 and H0, [size, N, 2]
    xh = np.conj(np.swapaxes(x, -1, -2))
    gram = xh @ x  # X^H X, [size, L, L]
    rhs = xh @ y  # X^H y, [size, L, 2]
    est = np.linalg.solve(gram, rhs)  # Eq. (7): ML estimates of h under H1 and H0
    quad = np.real(np.sum(np.conj(rhs) * est, axis=-2)) / noise_power  # Eq. (8)
    snr = np.real(np.sum(np.conj(channel) * (gram @ channel), axis=-1)) / noise_power  # h^H G h
    return quad[:, 0], quad[:, 1], snr


glrt_statistics = Kernel(_glrt_statistics_numpy, "isacnet.simulate._power_loops:glrt_statistics")


def pod_drop_trial(rng: np.random.Generator, size: int, *, powers, target_index: int, noise_power: float,
                   num_samples: int, pfa: float, symbols: SymbolKind = "qpsk", exact: bool = True,
                   **network) -> dict[str, np.ndarray]:
    """The PoD of one target's GLRT in ``size`` independent network drops (power eq. (12)).

    Each drop draws users, targets and Rayleigh channels (:func:`isacnet.channel.power.draw_network`,
    keyword arguments ``network``) and one block of ``N`` waveform symbols; the PoD of target
    ``target_index`` follows from eq. (12) with the large-``N`` SNR ``N sum_l P_l |h_l|^2 / sigma^2``
    and with the exact SNR ``h^H X^H X h / sigma^2`` of the drawn symbols (4th line).

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the networks and symbols.
    size : int
        Number of drops.
    powers : array_like, [num_cells]
        ``P_l`` [W].
    target_index : int
        ``i``.
    noise_power : float
        ``sigma^2_s`` [W].
    num_samples : int
        ``N``.
    pfa : float
        ``P_FA`` (sets ``delta`` by (10b)).
    symbols : {"qpsk", "gaussian"}
    exact : bool
        Also draw the symbols and return the PoD with the exact SNR (``[size, N, L]`` complex arrays).
    **network
        ``num_cells``, ``bs_positions``, ``cell_radius``, ``pathloss_exp``, ``pathloss_exp_sense``,
        ``reference_distance``, ``min_distance`` of :func:`~isacnet.channel.power.draw_network`.

    Returns
    -------
    dict
        ``"pod_large_n"`` and (with ``exact``) ``"pod_exact"``, each ``[size]`` [1].
    """
    p = np.asarray(powers, dtype=float)
    net = draw_network(rng, size, **network)
    h = net.channel_sense[:, :, target_index]  # [size, L]
    num_cells = h.shape[-1]
    check_num_samples(num_samples, num_cells)
    delta = detection_threshold(pfa, num_cells)
    snr_large_n = num_samples * np.sum(p * np.abs(h) ** 2, axis=-1) / noise_power  # Eq. (12), last line
    if not exact:
        return {"pod_large_n": detection_probability(snr_large_n, delta, num_cells)}
    x = draw_symbols(rng, (size, num_samples, num_cells), symbols) * np.sqrt(p)
    snr_exact = np.sum(np.abs(x @ h[..., None]) ** 2, axis=(-2, -1)) / noise_power  # Eq. (12), 4th line
    return {"pod_large_n": detection_probability(snr_large_n, delta, num_cells),
            "pod_exact": detection_probability(snr_exact, delta, num_cells)}
