"""Target detection with the multi-signal GLRT: false alarm, threshold, detection probability.

A receiver takes ``N`` samples ``y = X h + n`` of the echoes of ``L`` known signals
(``X`` = ``[sqrt(P_1) x_1, ..., sqrt(P_L) x_L]``, ``N x L``) in white noise
``n ~ CN(0, sigma^2 I_N)`` and tests ``H0: y = n`` against ``H1: y = X h + n`` with the
GLRT (power eq. (6)–(8))

    T(y) = y^H P_X y / sigma^2,    P_X = X (X^H X)^-1 X^H   (rank L, needs N >= L).

Under ``H0``, ``T ~ Gamma(L, 1)`` (``2T ~ chi^2_{2L}``); under ``H1``,
``2T ~ chi'^2_{2L}(2 s)`` with the *sensing SNR* ``s = h^H X^H X h / sigma^2`` (summed over
the ``N`` samples). Hence (power eq. (10b), (12), spec 003 §2)

    P_FA = Q(L, delta),    P_D = Q_L(sqrt(2 s), sqrt(2 delta)) = ncx2.sf(2 delta, 2L, 2 s).

The exact sensing SNR given the waveforms and its PoD (:func:`sensing_snr_exact`,
:func:`pod_exact`) live here because both the closed forms (:mod:`isacnet.analysis.power`)
and the Monte Carlo (:mod:`isacnet.simulate.power`) use them.

All functions broadcast over their array arguments. Probabilities and SNRs are
dimensionless; the noise power is in W and the echo amplitudes in sqrt(W) units such
that ``|X h|^2`` is in W.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, special, stats

from isacnet.errors import InputError

__all__ = [
    "false_alarm_probability",
    "detection_threshold",
    "marcum_q",
    "detection_probability",
    "min_sensing_snr",
    "glrt_statistic",
    "sensing_snr_exact",
    "pod_exact",
    "check_probability",
    "check_num_samples",
    "check_powers",
]


def check_probability(value, field: str) -> np.ndarray:
    """``value`` as an array, or :class:`InputError` unless every entry is in ``(0, 1)``."""
    arr = np.asarray(value, dtype=float)
    if not np.all((arr > 0) & (arr < 1)):
        bad = arr[~((arr > 0) & (arr < 1))].ravel()[0]
        raise InputError(field, f"must be in (0, 1), got {bad!r}")
    return arr


def check_num_samples(num_samples: int, num_cells: int, field: str = "num_samples") -> None:
    """:class:`InputError` unless ``num_samples >= num_cells`` (``X^H X`` invertible, spec 003 §2)."""
    if int(num_samples) < int(num_cells):
        raise InputError(field, f"must be >= the number of cells L = {num_cells} (rank of X), got {num_samples}")


def check_powers(powers, field: str = "powers") -> np.ndarray:
    """``powers`` as a float array [W], or :class:`InputError` unless every entry is finite and >= 0."""
    p = np.asarray(powers, dtype=float)
    if np.any(~np.isfinite(p)) or np.any(p < 0):
        bad = p[~(np.isfinite(p) & (p >= 0))].ravel()[0]
        raise InputError(field, f"must be finite and >= 0 W, got {bad!r}")
    return p


def _check_order(num_cells) -> np.ndarray:
    n = np.asarray(num_cells)
    if not np.all((n >= 1) & (n == np.floor(n))):
        raise InputError("num_cells", f"must be an integer >= 1, got {num_cells!r}")
    return n.astype(float)


def false_alarm_probability(threshold, num_cells):
    """False-alarm probability of the GLRT (power eq. (10b)).

    ``P_FA = Gamma(L, delta) / Gamma(L)``, the regularised upper incomplete gamma
    function, because ``T ~ Gamma(L, 1)`` under ``H0``. (The letter says "chi-squared
    with 2L degrees of freedom" for ``T`` itself; that holds for ``2T``, spec 003 §2.)

    Parameters
    ----------
    threshold : array_like
        GLRT threshold ``delta`` (>= 0), dimensionless.
    num_cells : int or array_like
        Number ``L`` of signals in ``X`` (cells).

    Returns
    -------
    ndarray
        ``P_FA`` in [0, 1].
    """
    order = _check_order(num_cells)
    return special.gammaincc(order, np.asarray(threshold, dtype=float))  # Eq. (10b)


def detection_threshold(pfa, num_cells):
    """GLRT threshold ``delta`` for a target false-alarm probability (inverse of power eq. (10b)).

    ``delta = Q^-1(L, P_FA)`` with :func:`scipy.special.gammainccinv` (spec 003 §2).

    Parameters
    ----------
    pfa : array_like
        Target ``P_FA`` in (0, 1).
    num_cells : int or array_like
        Number ``L`` of signals.

    Returns
    -------
    ndarray
        Threshold ``delta`` (dimensionless, compared with ``T(y)`` of eq. (8)).
    """
    pfa = check_probability(pfa, "pfa")
    order = _check_order(num_cells)
    return special.gammainccinv(order, pfa)  # inverse of Eq. (10b)


def marcum_q(order, a, b):
    """Generalised Marcum-Q function ``Q_M(a, b)`` of integer order ``M``.

    ``Q_M(a, b) = Pr{chi'^2_{2M}(a^2) > b^2}`` = ``ncx2.sf(b^2, 2M, a^2)``; for ``a = 0`` it is
    the central case ``Q(M, b^2 / 2)``.

    Parameters
    ----------
    order : int or array_like
        ``M >= 1``.
    a, b : array_like
        Non-negative arguments.

    Returns
    -------
    ndarray
    """
    m = _check_order(order)
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    nc = a * a
    central = special.gammaincc(m, 0.5 * b * b)
    noncentral = stats.ncx2.sf(b * b, 2.0 * m, np.where(nc > 0, nc, 1.0))
    return np.where(nc > 0, noncentral, central)


def detection_probability(sensing_snr, threshold, num_cells):
    """Detection probability of the GLRT (power eq. (12)).

    ``P_D = Q_L(sqrt(2 s), sqrt(2 delta))``, evaluated as
    ``ncx2.sf(2 delta, 2L, 2 s)`` (spec 003 §2). Pass the exact SNR
    ``s = h^H X^H X h / sigma^2`` (eq. (12), fourth line) or its large-``N`` form
    ``s = N sum_l P_l |h_l|^2 / sigma^2`` (last line, with the letter's ``P_L`` read as
    ``P_l``, spec 003 §2); see :mod:`isacnet.analysis.power`.

    Parameters
    ----------
    sensing_snr : array_like
        ``s`` (>= 0), dimensionless, summed over the ``N`` samples.
    threshold : array_like
        ``delta``.
    num_cells : int or array_like
        ``L``.

    Returns
    -------
    ndarray
        ``P_D`` in [0, 1].
    """
    s = np.asarray(sensing_snr, dtype=float)
    if np.any(s < 0):
        raise InputError("sensing_snr", f"must be >= 0, got {s[s < 0].ravel()[0]!r}")
    return marcum_q(num_cells, np.sqrt(2.0 * s), np.sqrt(2.0 * np.asarray(threshold, dtype=float)))  # Eq. (12)


def _min_snr_scalar(pod: float, threshold: float, order: int) -> float:
    p0 = float(special.gammaincc(order, threshold))  # P_D at s = 0 equals P_FA
    if pod <= p0:
        return 0.0

    def f(s):
        return float(stats.ncx2.sf(2.0 * threshold, 2.0 * order, 2.0 * s)) - pod

    hi = max(1.0, threshold)
    while f(hi) < 0:
        hi *= 2.0
        if hi > 1e12:  # pragma: no cover - pod < 1 always has a finite root
            raise InputError("pod_min", f"cannot be reached: {pod!r}")
    return optimize.brentq(f, 0.0, hi, xtol=1e-12, rtol=1e-12, maxiter=200)


def min_sensing_snr(pod_min, threshold, num_cells):
    """Smallest sensing SNR ``s`` with ``P_D(s) >= pod_min`` (inverse of power eq. (12)).

    ``P_D = ncx2.sf(2 delta, 2L, 2 s)`` increases strictly with ``s`` (the noncentral
    chi-square family is stochastically increasing in the noncentrality), so the
    constraint ``P_D >= xi`` is exactly ``s >= s_min(xi)``; ``s_min`` is found by Brent's
    root finder to a relative tolerance of 1e-12. This is the threshold ``zeta`` of
    eq. (18) multiplied by ``N`` (the letter omits how it is obtained and the factor
    ``N``, spec 003 §3). ``s_min = 0`` when ``xi <= P_FA`` (met with no signal).

    Parameters
    ----------
    pod_min : array_like
        Required ``P_D`` in (0, 1).
    threshold : array_like
        ``delta``.
    num_cells : int
        ``L``.

    Returns
    -------
    ndarray
        ``s_min`` (dimensionless), same shape as the broadcast inputs.
    """
    pod = check_probability(pod_min, "pod_min")
    order = _check_order(num_cells)
    pod, thr, order = np.broadcast_arrays(pod, np.asarray(threshold, dtype=float), order)
    out = np.empty(pod.shape)
    for idx in np.ndindex(pod.shape):  # a handful of constraints: scalar root finding
        out[idx] = _min_snr_scalar(float(pod[idx]), float(thr[idx]), int(order[idx]))
    return out


def glrt_statistic(y, signals, noise_power):
    """The GLRT statistic ``T(y) = y^H X (X^H X)^-1 X^H y / sigma^2`` (power eq. (8)).

    Computed as ``b^H G^-1 b / sigma^2`` with ``G = X^H X`` and ``b = X^H y`` (the ML
    estimate (7) is ``G^-1 b``), batched over leading axes.

    Parameters
    ----------
    y : array_like, complex, [..., N]
        Received samples [sqrt(W)].
    signals : array_like, complex, [..., N, L]
        ``X`` (power-scaled transmitted signals) [sqrt(W)], ``N >= L``.
    noise_power : array_like, [...]
        ``sigma^2`` [W].

    Returns
    -------
    ndarray, [...]
        ``T`` (dimensionless, >= 0).
    """
    y = np.asarray(y)
    x = np.asarray(signals)
    check_num_samples(x.shape[-2], x.shape[-1])
    xh = np.conj(np.swapaxes(x, -1, -2))
    gram = xh @ x  # [..., L, L]
    b = (xh @ y[..., None])  # [..., L, 1]
    est = np.linalg.solve(gram, b)  # Eq. (7): ML estimate of h
    quad = np.real(np.sum(np.conj(b) * est, axis=(-2, -1)))
    return quad / np.asarray(noise_power, dtype=float)  # Eq. (8)


def sensing_snr_exact(powers, channel_sense, symbols, noise_sense):
    """Exact sensing SNR ``s_i = h_i^H X^H X h_i / sigma^2_{s,i}`` given the waveforms (power eq. (12), 4th line).

    Parameters
    ----------
    powers : array_like, [..., num_cells]
        ``P_l`` [W].
    channel_sense : array_like, complex, [..., num_cells (tx l), num_cells (target i)]
        ``h^s_{l,i}`` [1].
    symbols : array_like, complex, [..., N, num_cells]
        Unit-power symbols ``x_l^n`` [1]; ``X = symbols * sqrt(P)``.
    noise_sense : array_like, [..., num_cells] or scalar
        ``sigma^2_{s,i}`` [W].

    Returns
    -------
    ndarray, [..., num_cells]
        ``s_i`` [1].
    """
    p = check_powers(powers)
    x = np.asarray(symbols) * np.sqrt(p)[..., None, :]  # X = [sqrt(P_l) x_l], [..., N, L]
    check_num_samples(x.shape[-2], x.shape[-1])
    echo = x @ np.asarray(channel_sense)  # [..., N, i]: X h_i
    return np.sum(np.abs(echo) ** 2, axis=-2) / np.asarray(noise_sense, dtype=float)  # Eq. (12)


def pod_exact(powers, channel_sense, symbols, noise_sense, pfa):
    """PoD of every target given the transmitted waveforms (power eq. (12), 4th line; spec 003 §2).

    ``P_D^i = Q_L(sqrt(2 s_i), sqrt(2 delta))`` with the exact SNR of :func:`sensing_snr_exact`
    and ``delta`` set for ``pfa`` by (10b). Exact conditional on ``X``; its mean over random
    symbols is the detector's PoD.

    Parameters
    ----------
    powers, channel_sense, symbols, noise_sense
        See :func:`sensing_snr_exact`.
    pfa : float
        Target false-alarm probability in (0, 1).

    Returns
    -------
    ndarray, [..., num_cells]
        ``P_D`` [1].
    """
    num_cells = np.asarray(channel_sense).shape[-2]
    s = sensing_snr_exact(powers, channel_sense, symbols, noise_sense)
    return detection_probability(s, detection_threshold(pfa, num_cells), num_cells)  # Eq. (12)
