"""Closed forms of paper ``nulling`` (001): coordinated-beamforming interference nulling.

Each BS serves ``K`` users and senses ``J`` targets; zero-forcing precoders also null
towards the users of the ``L - 1`` and the targets of the ``Q - 1`` nearest other BSs,
within the spatial budget ``K L + J (Q - 1) <= M_t`` (nulling Sec. II, spec 001 §1).

All rates come from Hamdi's lemma (nulling eq. (8)) with the natural logarithm and are in
**nats/s/Hz**; ASEs are in nats/s/Hz/m² (``bs_density`` in m⁻²). Every integral over
``z in (0, inf)`` is computed on the logarithmic scale ``z = exp(u)`` with composite
Gauss–Legendre panels (no adaptive quadrature), vectorised over all nodes at once; the
truncation is chosen so that the neglected tails are below ``exp(-30)`` relative.

Corrections of the printed paper (spec 001 §8) are cited where they are applied:
the ``L = 1`` case and the exponent of Theorem 1, ``F(z, alpha)`` of Theorem 2, Lemma 2's
``G(v)``, the α/β swap and the double-counted ``f(R)`` of Proposition 3 / Theorem 3.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import special

from isacnet.analysis._kernels import interference_kernel
from isacnet.errors import InputError

__all__ = [
    "check_spatial_budget",
    "diversity_order",
    "partial_plane_laplace_exponent",
    "rate_comm_theorem1",
    "sir_coverage_comm",
    "misr_gain",
    "misr_function_f",
    "rate_comm_theorem2",
    "ase_comm",
    "misr_signal_term",
    "misr_signal_term_optimum",
    "load_ratio_objective",
    "load_ratio_derivative",
    "optimal_load_ratio",
    "optimal_num_users",
    "sensing_gain_factor",
    "hole_laplace_exponent",
    "radar_rate_prop3",
    "ase_sense_eq17",
    "radar_rate_theorem3",
    "radar_rate",
    "ase_sense",
    "LoadOptimum",
]


# -- quadrature helpers ----------------------------------------------------------------
@functools.lru_cache(maxsize=64)
def _composite_gl(lo: float, hi: float, panels: int, order: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of composite Gauss–Legendre on ``[lo, hi]``."""
    x, w = np.polynomial.legendre.leggauss(order)
    edges = np.linspace(lo, hi, panels + 1)
    half = 0.5 * np.diff(edges)
    mid = 0.5 * (edges[1:] + edges[:-1])
    nodes = (mid[:, None] + half[:, None] * x[None, :]).ravel()
    weights = (half[:, None] * w[None, :]).ravel()
    nodes.setflags(write=False)
    weights.setflags(write=False)
    return nodes, weights


def _log_z_grid(decay: float, lo: float = -32.0) -> tuple[np.ndarray, np.ndarray]:
    """Nodes ``z`` and weights for ``∫_0^∞ f(z) dz/z`` with ``f ~ z^-decay`` at infinity.

    Returns ``z`` [..] and weights ``w`` such that ``∫ f(z)/z dz ≈ Σ w f(z)``.
    """
    hi = float(np.ceil(min(32.0 / max(decay, 1e-3), 400.0)))
    panels = int(np.ceil((hi - lo) / 3.0))
    u, w = _composite_gl(lo, hi, panels, 8)
    return np.exp(u), w


@functools.lru_cache(maxsize=64)
def _eta_nodes(num_l: int, panels: int = 12, order: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Nodes ``eta`` and weights of ``E[f(eta_L)]``, ``f_eta(x) = 2(L-1)x(1-x^2)^(L-2)`` (nulling (39)).

    Composite Gauss–Legendre in ``y = ln eta`` on ``[-22, 0]``: for large ``z`` the kernel
    changes on the scale ``eta ~ z^(-1/alpha)``, a boundary layer at small ``eta`` that a
    polynomial rule in ``eta`` resolves only slowly. The mass below ``eta = e^-22`` is
    ``< (L-1) e^-44``.
    """
    y, w = _composite_gl(-22.0, 0.0, panels, order)
    eta = np.exp(y)
    dens = 2.0 * (num_l - 1) * eta * (1.0 - eta**2) ** (num_l - 2)
    return eta, w * dens * eta


def _ibeta(x, a, b):
    """Unnormalised incomplete Beta ``B(x; a, b) = ∫_0^x t^(a-1) (1-t)^(b-1) dt``."""
    return special.betainc(a, b, x) * special.beta(a, b)


# -- input checks ----------------------------------------------------------------------
def _check_pathloss_exp(pathloss_exp) -> None:
    if not np.all(np.asarray(pathloss_exp) > 2):
        raise InputError("pathloss_exp", f"must be > 2 (finite interference), got {pathloss_exp}")


def _check_int(name: str, value, minimum: int) -> int:
    if int(value) != value or value < minimum:
        raise InputError(name, f"must be an integer >= {minimum}, got {value}")
    return int(value)


def check_spatial_budget(num_tx_antennas: int, num_users: int, cluster_size_comm: int, num_targets: int,
                         cluster_size_sense: int, max_targets: int | None = None) -> None:
    """Raise :class:`InputError` unless ``K L + J (Q - 1) <= M_t`` and ``J <= J_max``.

    nulling Sec. II-A / constraint (25a), (25c); spec 001 §1.
    """
    mt = _check_int("num_tx_antennas", num_tx_antennas, 1)
    k = _check_int("num_users", num_users, 1)
    cl = _check_int("cluster_size_comm", cluster_size_comm, 1)
    j = _check_int("num_targets", num_targets, 0)
    q = _check_int("cluster_size_sense", cluster_size_sense, 1)
    used = k * cl + j * (q - 1)
    if used > mt:
        raise InputError(
            "num_tx_antennas",
            f"spatial budget K*L + J*(Q-1) = {k}*{cl} + {j}*{q - 1} = {used} must be <= M_t = {mt}",
        )
    if max_targets is not None and j > max_targets:
        raise InputError("num_targets", f"must be <= max_targets J_max = {max_targets}, got {j}")


def diversity_order(num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense):
    """Shape ``M = M_t - K L - J (Q - 1) + 1`` of the ZF signal gain ``Gamma(M, 1)`` (nulling eq. (10))."""
    return num_tx_antennas - num_users * cluster_size_comm - num_targets * (cluster_size_sense - 1) + 1


# -- communication: Theorem 1 -----------------------------------------------------------
def partial_plane_laplace_exponent(s, num_users, pathloss_exp, radius):
    """``∫_{radius}^∞ (1 - (1 + s x^-alpha)^-K) 2x dx`` in closed form [m²] (nulling (37)/(48)).

    ``= radius² ((1 + s radius^-alpha)^-K - 1) + K s^(2/alpha) B(x/(1+x); 1-2/alpha, K+2/alpha)``,
    ``x = s radius^-alpha``; ``radius = 0`` gives the whole plane ``K s^(2/alpha) B(1; ...)``.

    Parameters
    ----------
    s : array_like
        Scaled Hamdi variable [m^alpha].
    num_users : int
        ``K``.
    pathloss_exp : float
        Exponent ``alpha`` (> 2).
    radius : array_like
        Inner radius [m].
    """
    s = np.asarray(s, dtype=float)
    radius = np.asarray(radius, dtype=float)
    d = 2.0 / pathloss_exp
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(radius > 0, s * np.where(radius > 0, radius, 1.0) ** (-pathloss_exp), np.inf)
        arg = np.where(np.isinf(x), 1.0, x / (1.0 + x))
        first = np.where(radius > 0, radius**2 * ((1.0 + x) ** (-num_users) - 1.0), 0.0)
    return first + num_users * s**d * _ibeta(arg, 1.0 - d, num_users + d)


def rate_comm_theorem1(num_tx_antennas, num_users, cluster_size_comm, num_targets=0, cluster_size_sense=1,
                       pathloss_exp=4.0, *, eta_law: Literal["independent", "joint"] = "independent",
                       eta_panels: int = 12):
    """Average user rate ``R_c`` [nats/s/Hz] (nulling Theorem 1, eq. (11); spec 001 §2).

    ``R_c = ∫_0^∞ (1 - (1+z)^-M)/z · E_eta[1 / (H(z, K, alpha, eta) + 1)] dz``,
    ``M = M_t - K L - J(Q-1) + 1``, ``eta = r_1 / r_L`` with density
    ``2(L-1) eta (1-eta²)^(L-2)``. Corrections (spec 001 §8 items 1–3): ``e^{-x}`` in (10);
    the exponent ``-(M_t - KL - J(Q-1) + 1)`` of (11), not (40)'s; for ``L = 1`` the eta
    law degenerates and ``eta ≡ 1`` is used. Independent of the BS density.

    Parameters
    ----------
    num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense : int
        ``M_t, K, L, J, Q`` with ``K L + J(Q-1) <= M_t``.
    pathloss_exp : float
        ``alpha`` (> 2).
    eta_law : {"independent", "joint"}
        ``"independent"`` (the paper's (11)): ``r`` averaged as if independent of ``eta``,
        giving ``1/(H+1)``. ``"joint"``: the exact joint law — ``pi lambda r_L² ~ Gamma(L)``
        independent of ``eta² ~ Beta(1, L-1)`` and ``r = eta r_L``, so the average is
        ``(1 + eta² H)^-L`` (our derivation; the typical-point MC confirms it). Equal for L = 1.
    eta_panels : int
        Panels (8 Gauss–Legendre nodes each) of the ``ln eta`` grid on ``[-22, 0]``.

    Returns
    -------
    float
        ``R_c`` [nats/s/Hz].
    """
    _check_pathloss_exp(pathloss_exp)
    check_spatial_budget(num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense)
    m = diversity_order(num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense)
    z, w = _log_z_grid(2.0 / pathloss_exp)
    if cluster_size_comm == 1:
        inner = 1.0 / (interference_kernel(z, num_users, pathloss_exp, 1.0) + 1.0)  # L = 1: eta ≡ 1 (spec §2)
    else:
        eta, we = _eta_nodes(int(cluster_size_comm), eta_panels)
        h = interference_kernel(z[:, None], num_users, pathloss_exp, eta[None, :])
        if eta_law == "joint":
            inner = ((1.0 + eta[None, :] ** 2 * h) ** (-float(cluster_size_comm))) @ we  # exact joint (r, eta)
        else:
            inner = (1.0 / (h + 1.0)) @ we  # Eq. (11), inner eta integral (Laplace averaged over r: (38))
    return float(np.sum(w * (1.0 - (1.0 + z) ** (-m)) * inner))  # Eq. (11)


# -- communication: the SIR distribution -------------------------------------------------
def _kernel_taylor(theta, num_users, pathloss_exp, eta, order: int) -> np.ndarray:
    """Scaled Taylor coefficients ``h_n = (-theta)^n / n! d^n H / ds^n`` at ``s = theta``, ``n = 0..order``.

    ``H = H(s, K, alpha, eta)`` is the interference kernel (nulling (37)). For ``n >= 1``
    (our derivation, docs/theory/nulling.md "SIR distribution")::

        h_n = -C(K + n - 1, n) (2/alpha) theta^(2/alpha) B(t0; n - 2/alpha, K + 2/alpha),
        t0 = theta eta^alpha / (1 + theta eta^alpha),

    all ``<= 0``; ``h_0 = H(theta)``. Returns ``[order + 1, *broadcast(theta, eta).shape]``.
    """
    theta, eta = np.broadcast_arrays(np.asarray(theta, dtype=float), np.asarray(eta, dtype=float))
    d = 2.0 / pathloss_exp
    out = np.empty((order + 1, *theta.shape))
    out[0] = interference_kernel(theta, num_users, pathloss_exp, eta)
    xe = theta * eta**pathloss_exp
    t0 = xe / (1.0 + xe)
    k = float(num_users)
    for n in range(1, order + 1):
        log_c = special.gammaln(k + n) - special.gammaln(k) - special.gammaln(n + 1.0)
        log_b = special.betaln(n - d, k + d)
        with np.errstate(divide="ignore"):
            log_term = log_c + log_b + np.log(special.betainc(n - d, k + d, t0)) + d * np.log(theta)
        out[n] = -2.0 / pathloss_exp * np.exp(log_term)
    return out


def _power_series_inverse_power(g: np.ndarray, power: float, order: int) -> np.ndarray:
    """Coefficients ``f_n`` of ``g^(-power)`` from those of ``g`` (leading axis), ``n = 0..order``.

    ``n g_0 f_n = sum_{k=1}^n ((1 - power) k - n) g_k f_{n-k}`` (J. C. P. Miller's recurrence for a
    power of a series). With ``g_k <= 0`` for ``k >= 1`` every term is ``>= 0``: no cancellation.
    """
    f = np.empty_like(g)
    f[0] = g[0] ** (-power)
    for n in range(1, order + 1):
        acc = np.zeros_like(g[0])
        for k in range(1, n + 1):
            acc += ((1.0 - power) * k - n) * g[k] * f[n - k]
        f[n] = acc / (n * g[0])
    return f


def sir_coverage_comm(threshold, num_tx_antennas, num_users, cluster_size_comm, num_targets=0, cluster_size_sense=1,
                      pathloss_exp=4.0, *, eta_law: Literal["independent", "joint"] = "joint", eta_panels: int = 12):
    """SIR coverage ``P(SIR_c > theta)`` of the typical user (nulling model (3), (10); our derivation).

    The signal gain is ``g ~ Gamma(M, 1)`` with the integer ``M = M_t - K L - J(Q-1) + 1``, so
    ``P(g > theta Y) = E[e^{-theta Y} sum_{n<M} (theta Y)^n / n!] = sum_{n<M} (-theta)^n / n! L_Y^(n)(theta)``
    for the normalised interference ``Y = I r^alpha`` with Laplace transform
    ``L_Y(s) = E_eta[(1 + eta^2 H(s, K, alpha, eta))^-L]`` (``"joint"``: the exact joint law of ``r`` and
    ``eta = r / r_L``, as in :func:`rate_comm_theorem1`) or ``E_eta[1 / (1 + H)]`` (``"independent"``: the
    paper's treatment in Theorem 1, eq. (11)). The derivatives come from the closed-form Taylor
    coefficients of ``H`` (incomplete beta functions) and Miller's power-series recurrence, all terms
    non-negative (docs/theory/nulling.md, "SIR distribution"). ``int_0^inf P(SIR > theta) / (1 + theta)
    dtheta`` is the rate of :func:`rate_comm_theorem1` (a test checks it). For ``L = 1``: ``eta ≡ 1``.

    Parameters
    ----------
    threshold : array_like, [...]
        ``theta`` (> 0) [1] (linear SIR, not dB).
    num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense : int
        ``M_t, K, L, J, Q`` with ``K L + J(Q-1) <= M_t``.
    pathloss_exp : float
        ``alpha`` (> 2).
    eta_law : {"joint", "independent"}
        See above; equal for ``L = 1``.
    eta_panels : int
        Panels (8 Gauss–Legendre nodes each) of the ``ln eta`` grid.

    Returns
    -------
    ndarray, [...]
        Probability in [0, 1]. Independent of the BS density.
    """
    _check_pathloss_exp(pathloss_exp)
    check_spatial_budget(num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense)
    m = int(diversity_order(num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense))
    theta = np.asarray(threshold, dtype=float)
    if np.any(~(theta > 0)):
        raise InputError("threshold", f"must be > 0 (a linear SIR), got {theta[~(theta > 0)].ravel()[0]!r}")
    flat = theta.ravel()
    if cluster_size_comm == 1:
        eta, weights, power, scale = np.ones(1), np.ones(1), 1.0, np.ones(1)
    else:
        eta, weights = _eta_nodes(int(cluster_size_comm), eta_panels)
        joint = eta_law == "joint"
        power = float(cluster_size_comm) if joint else 1.0
        scale = eta**2 if joint else np.ones_like(eta)
    h = _kernel_taylor(flat[:, None], num_users, pathloss_exp, eta[None, :], m - 1)  # [M, theta, eta]
    g = scale[None, None, :] * h
    g[0] += 1.0  # 1 + eta^2 H (joint) or 1 + H (independent)
    f = _power_series_inverse_power(g, power, m - 1)
    cover = np.sum(f, axis=0) @ weights  # Eq. (3) with Gamma(M, 1) signal, averaged over eta
    return np.clip(cover, 0.0, 1.0).reshape(theta.shape)


# -- communication: Theorem 2 (MISR) ---------------------------------------------------
def misr_gain(cluster_size_comm, pathloss_exp):
    """SIR gain of nulling the ``L-1`` nearest interferers, ``G_L`` (nulling Thm 2 / (12), spec 001 §2).

    ``G_L = Gamma(L + alpha/2) / (Gamma(L+1) Gamma(1 + alpha/2))``; ``G_1 = 1``; ``alpha = 4``: ``(L+1)/2``.
    """
    cl = np.asarray(cluster_size_comm, dtype=float)
    half = pathloss_exp / 2
    return np.exp(special.gammaln(cl + half) - special.gammaln(cl + 1) - special.gammaln(1 + half))


def misr_function_f(z, pathloss_exp):
    """``F(z, alpha) = e^-z + z^(2/alpha) gamma(1 - 2/alpha, z)`` (nulling App. C (42), spec 001 §2, §8 item 4).

    ``gamma`` is the *lower* incomplete gamma function. The printed (12) writes
    ``(e^-z - 1) + ...`` (= ``F - 1``), inconsistent with its own proof; ``E[e^{-zI}] = 1/F``.
    """
    z = np.asarray(z, dtype=float)
    d = 2.0 / pathloss_exp
    return np.exp(-z) + z**d * special.gammainc(1.0 - d, z) * special.gamma(1.0 - d)  # Eq. (42)


def misr_signal_term(num_tx_antennas, num_users, cluster_size_comm, num_targets=0, cluster_size_sense=1,
                     pathloss_exp=4.0):
    """``Y(K, L, J, Q) = G_L (M_t - J(Q-1) + 1 - K L) / K`` of nulling (13) [-]."""
    mprime = num_tx_antennas - num_targets * (cluster_size_sense - 1) + 1
    return misr_gain(cluster_size_comm, pathloss_exp) * (mprime - num_users * cluster_size_comm) / num_users


def _misr_integral(y, pathloss_exp):
    """``∫ (1 - e^{-z y}) / (z F(z, alpha)) dz`` for ``y`` of any shape [nats]."""
    z, w = _log_z_grid(2.0 / pathloss_exp)
    y = np.asarray(y, dtype=float)
    f = misr_function_f(z, pathloss_exp)
    return np.tensordot(-np.expm1(-np.multiply.outer(y, z)), w / f, axes=([-1], [0]))


def rate_comm_theorem2(num_tx_antennas, num_users, cluster_size_comm, num_targets=0, cluster_size_sense=1,
                       pathloss_exp=4.0):
    """MISR approximation ``R~_c`` [nats/s/Hz] (nulling Theorem 2, eq. (12); spec 001 §2).

    ``R~_c = ∫_0^∞ (1 - e^{-z Y}) / (z F(z, alpha)) dz`` with ``Y`` of :func:`misr_signal_term`
    and the corrected ``F`` of :func:`misr_function_f`.
    """
    _check_pathloss_exp(pathloss_exp)
    check_spatial_budget(num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense)
    y = misr_signal_term(num_tx_antennas, num_users, cluster_size_comm, num_targets, cluster_size_sense, pathloss_exp)
    return float(_misr_integral(y, pathloss_exp))  # Eq. (12)


def ase_comm(bs_density, num_users, rate):
    """Communication ASE ``T_c = lambda_b K R_c`` [nats/s/Hz/m²] (nulling (4), (13))."""
    return bs_density * num_users * rate  # Eq. (4)/(13)


# -- Propositions 1-2 and Lemma 2 --------------------------------------------------------
def misr_signal_term_optimum(load_ratio):
    """Maximum over continuous ``L`` of ``Y`` at ``alpha = 4``: ``(1/8)(1/v + 1)^2`` (nulling App. D (44)).

    Spec 001 §2: the printed (44) has ``1/4``; ``y(L) = (-L² + (1/v - 1) L + 1/v)/2`` peaks at
    ``L = (1/v - 1)/2`` with value ``(1/v + 1)²/8``. ``v = K / (M_t - J(Q-1) + 1)``.
    """
    v = np.asarray(load_ratio, dtype=float)
    return (1.0 / v + 1.0) ** 2 / 8.0  # Eq. (44), corrected


def load_ratio_objective(load_ratio, cluster_size_comm, pathloss_exp):
    """``G(v) = v ∫ (1 - e^{-z G_L (1/v - L)}) / (z F) dz`` (nulling (21), corrected in spec 001 §3).

    ``T_c = lambda_b M' G(v)`` with ``M' = M_t - J(Q-1) + 1`` and ``v = K/M' in (0, 1/L)``.
    """
    v = np.asarray(load_ratio, dtype=float)
    gl = misr_gain(cluster_size_comm, pathloss_exp)
    return v * _misr_integral(gl * (1.0 / v - cluster_size_comm), pathloss_exp)  # Eq. (21) corrected


def load_ratio_derivative(load_ratio, cluster_size_comm, pathloss_exp):
    """``G'(v)`` of Lemma 2 (nulling (22) with the factor ``G_L``, spec 001 §3) [-]."""
    v = np.asarray(load_ratio, dtype=float)
    gl = misr_gain(cluster_size_comm, pathloss_exp)
    z, w = _log_z_grid(2.0 / pathloss_exp)
    a = np.multiply.outer(gl * (1.0 / v - cluster_size_comm), z)
    e = np.exp(-a)
    num = -np.expm1(-a) - np.multiply.outer(gl / v, z) * e
    return np.tensordot(num, w / misr_function_f(z, pathloss_exp), axes=([-1], [0]))  # Eq. (22) corrected


@dataclass(frozen=True)
class LoadOptimum:
    """Result of :func:`optimal_num_users`.

    Attributes
    ----------
    load_ratio : float
        ``v*`` of Lemma 2.
    num_users_continuous : float
        ``v* M'``.
    num_users : int
        Best integer ``K`` (of floor/ceil, by Theorem 2's ASE).
    ase_per_density : float
        ``T_c / lambda_b = K R~_c`` at that ``K`` [nats/s/Hz].
    """

    load_ratio: float
    num_users_continuous: float
    num_users: int
    ase_per_density: float


def optimal_load_ratio(cluster_size_comm: int = 1, pathloss_exp: float = 4.0, *, tol: float = 1e-10) -> float:
    """Lemma 2's ``v*``: the unique root of ``G'(v) = 0`` on ``(0, 1/L)`` by bisection (spec 001 §3).

    Spec values (``J(Q-1) = 0``): ``alpha = 4``: 0.592 (L = 1), 0.318 (L = 2).
    """
    _check_pathloss_exp(pathloss_exp)
    _check_int("cluster_size_comm", cluster_size_comm, 1)
    lo, hi = 1e-6 / cluster_size_comm, (1.0 - 1e-9) / cluster_size_comm
    if (load_ratio_derivative(lo, cluster_size_comm, pathloss_exp) <= 0
            or load_ratio_derivative(hi, cluster_size_comm, pathloss_exp) >= 0):
        raise ArithmeticError("G'(v) does not change sign on (0, 1/L)")
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if load_ratio_derivative(mid, cluster_size_comm, pathloss_exp) > 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def optimal_num_users(num_tx_antennas: int, num_targets: int = 0, cluster_size_sense: int = 1,
                      cluster_size_comm: int = 1, pathloss_exp: float = 4.0) -> LoadOptimum:
    """Optimal number of users ``K*`` of the communication ASE (nulling Lemma 2, Remark 2).

    ``K* = v* M'``, ``M' = M_t - J(Q-1) + 1``; the integer ``K`` is the better of floor and
    ceil by Theorem 2's ``K R~_c`` within ``K L + J(Q-1) <= M_t``.
    """
    v = optimal_load_ratio(cluster_size_comm, pathloss_exp)
    mprime = num_tx_antennas - num_targets * (cluster_size_sense - 1) + 1
    kc = v * mprime
    kmax = (num_tx_antennas - num_targets * (cluster_size_sense - 1)) // cluster_size_comm
    if kmax < 1:
        raise InputError("num_tx_antennas", f"no user fits the spatial budget: M_t - J(Q-1) = {mprime - 1} < L")
    cands = sorted({min(max(int(np.floor(kc)), 1), kmax), min(max(int(np.ceil(kc)), 1), kmax)})
    vals = [k * rate_comm_theorem2(num_tx_antennas, k, cluster_size_comm, num_targets, cluster_size_sense, pathloss_exp)
            for k in cands]
    i = int(np.argmax(vals))
    return LoadOptimum(v, kc, cands[i], float(vals[i]))


# -- sensing: Proposition 3, eq. (17) ----------------------------------------------------
def sensing_gain_factor(filter_gain=1.0, mismatch=1.0, num_rx_antennas=10, target_rcs=0.1):
    """``c = Delta T kappa M_r |xi|^2`` of the sensing SIR (nulling (6)) [-]."""
    return filter_gain * mismatch * num_rx_antennas * target_rcs


@functools.lru_cache(maxsize=16)
def _arccos_nodes(order: int = 40):
    # t = 2 cos(phi), phi in [0, pi/2]: arccos(t/2) = phi, dt = 2 sin(phi) dphi (removes the
    # square-root endpoint behaviour of arccos at t = 2).
    x, w = np.polynomial.legendre.leggauss(order)
    phi = 0.25 * np.pi * (x + 1.0)
    wphi = 0.25 * np.pi * w
    t = 2.0 * np.cos(phi)
    return t, wphi * (2.0 / np.pi) * phi * t * 2.0 * np.sin(phi)


def hole_laplace_exponent(s, num_users, pathloss_exp, *, hole: bool = True):
    """``I(s) = K s^(2/alpha) B(1; 1-2/alpha, K+2/alpha) + 1 - ∫_0^2 (2/pi) arccos(t/2) (1 - (1+s t^-alpha)^-K) t dt``.

    The bracket of nulling (16)/(17) in the corrected form of spec 001 §4.1 (α and β in
    their right places): ``s = z R^(2 beta - alpha)``; the first term is the whole-plane
    interference seen from the serving BS, the integral removes the interference hole (the
    disc of radius ``R`` around the target holds no BS), the ``+1`` is the serving-distance
    law. ``hole=False`` gives the no-hole benchmark ``K s^(2/alpha) B(1; .) + 1``.

    Parameters
    ----------
    s : array_like
        [m^(2 beta)] scaled Hamdi variable.
    num_users : int
        ``K`` (Gamma shape of the interferers' gains).
    pathloss_exp : float
        ``alpha``, BS-to-BS pathloss exponent (> 2).
    hole : bool
        Remove the interference hole.
    """
    s = np.asarray(s, dtype=float)
    d = 2.0 / pathloss_exp
    out = num_users * s**d * special.beta(1.0 - d, num_users + d) + 1.0
    if hole:
        t, wt = _arccos_nodes()
        inside = (1.0 + np.multiply.outer(s, t ** (-pathloss_exp))) ** (-num_users)
        out = out + np.tensordot(inside, wt, axes=([-1], [0]))
        out = out - wt.sum()  # - ∫ (2/pi) arccos(t/2) (1 - (1+s t^-a)^-K) t dt
    return out


def _tabulated_exponent(s, num_users, pathloss_exp, hole):
    """:func:`hole_laplace_exponent` on a cubic spline in ``ln s`` (900 nodes; spline error < 1e-9 relative).

    The exponent is a smooth function of one variable; tabulating it avoids the
    ``[z, v, t]`` tensor of the direct evaluation (Prop. 3 for ``alpha != 2 beta``).
    """
    from scipy.interpolate import CubicSpline

    ls = np.log(s)
    lo, hi = float(ls.min()) - 1e-9, float(ls.max()) + 1e-9
    grid = np.linspace(lo, hi, 900)
    spline = CubicSpline(grid, np.log(hole_laplace_exponent(np.exp(grid), num_users, pathloss_exp, hole=hole)))
    return np.exp(spline(ls))


def _clutter_exponent(z, r_sq, clutter_density, clutter_rcs, clutter_min_distance, pathloss_exp_sense):
    """``pi lambda_c ∫_{r0}^∞ (1 - 1/(1 + z sigma_c² R^(2 beta) x^(-2 beta))) 2x dx`` (nulling Remark 1, (19))."""
    s = z * clutter_rcs * r_sq**pathloss_exp_sense
    exponent = partial_plane_laplace_exponent(s, 1, 2.0 * pathloss_exp_sense, clutter_min_distance)
    return np.pi * clutter_density * exponent


def radar_rate_prop3(gain_factor, num_users, pathloss_exp=4.0, pathloss_exp_sense=2.0, bs_density=1e-6, *,
                     hole: bool = True, clutter_density: float = 0.0, clutter_rcs: float = 0.0,
                     clutter_min_distance: float = 0.0):
    """Radar information rate ``R_s`` for ``Q = 1`` [nats/s/Hz] (nulling Prop. 3, (15)–(16); spec 001 §4.1).

    ``R_s = ∫ (1 - (1 + c z)^-K)/z · ∫_0^∞ exp(-v I(z (v/(pi lambda_b))^(beta - alpha/2))) dv dz``,
    ``v = pi lambda_b R²`` (its density ``e^-v`` is the ``+1`` in ``I``; the seed's extra
    ``f(R)`` double-counts it, and its α/β are swapped: spec 001 §8 items 7–8). For
    ``alpha = 2 beta`` the inner integral is ``1/I(z)`` exactly (eq. (17)); otherwise
    composite Gauss–Legendre on ``ln v`` with the bracket tabulated as a spline in ``ln s``.
    ``R_s`` grows with ``lambda_b`` iff ``alpha < 2 beta``.

    Parameters
    ----------
    gain_factor : float
        ``c = Delta T kappa M_r |xi|^2`` [-] (:func:`sensing_gain_factor`).
    num_users : int
        ``K``: signal gain ``h^t ~ Gamma(K, 1)`` and interferers' gains ``Gamma(K, 1)``.
    pathloss_exp : float
        ``alpha``, BS-to-BS interference exponent (> 2).
    pathloss_exp_sense : float
        ``beta``, one-way target exponent (round trip ``R^(-2 beta)``).
    bs_density : float
        ``lambda_b`` [m⁻²] (irrelevant when ``alpha = 2 beta``).
    hole : bool
        False gives the no-hole benchmark of Fig. 7.
    clutter_density, clutter_rcs, clutter_min_distance : float
        Optional clutter of Remark 1 / (19): scatterers a PPP [m⁻²] around the serving BS
        beyond ``clutter_min_distance`` [m], ``|xi_c|^2 ~ Exp`` with mean ``clutter_rcs``
        [m^(2 beta)-normalised, same unit as ``|xi|^2 R^-2beta`` terms]; off when density 0.

    Returns
    -------
    float
        ``R_s`` [nats/s/Hz].
    """
    _check_pathloss_exp(pathloss_exp)
    _check_int("num_users", num_users, 1)
    if gain_factor <= 0:
        raise InputError("gain_factor", f"must be > 0, got {gain_factor}")
    a, b = float(pathloss_exp), float(pathloss_exp_sense)
    clutter = clutter_density > 0 and clutter_rcs > 0
    if clutter and b <= 1:
        raise InputError("pathloss_exp_sense", f"must be > 1 with clutter, got {b}")
    z, w = _log_z_grid(min(2.0 / a, 1.0 / b if clutter else 1.0))
    sig = -np.expm1(-num_users * np.log1p(gain_factor * z))  # 1 - (1 + c z)^-K: signal MGF, Gamma(K, 1)
    if np.isclose(a, 2 * b) and not clutter:
        lap = 1.0 / hole_laplace_exponent(z, num_users, a, hole=hole)  # Eq. (17) corrected
    else:
        y, wy = _composite_gl(-30.0, 4.0, 17, 8)  # v = e^y; I >= 1 so v > e^4 adds < e^-54
        v = np.exp(y)
        wv = wy * v
        r_sq = v / (np.pi * bs_density)
        s = np.multiply.outer(z, r_sq ** (b - a / 2))
        expo = v[None, :] * _tabulated_exponent(s, num_users, a, hole)
        if clutter:
            expo = expo + _clutter_exponent(z[:, None], r_sq[None, :], clutter_density, clutter_rcs,
                                            clutter_min_distance, b)
        lap = np.exp(-expo) @ wv  # Eq. (16): the density e^{-v} of v is the '+1' in I
    return float(np.sum(w * sig * lap))  # Eq. (15) corrected


def ase_sense_eq17(bs_density, num_targets, gain_factor, num_users, pathloss_exp=4.0, *, hole: bool = True):
    """Sensing ASE for ``alpha = 2 beta`` ``T_s = lambda_b J ∫ (1-(1+cz)^-K)/(z I(z,K,alpha)) dz`` [nats/s/Hz/m²].

    nulling (17) corrected (spec 001 §4.1: ``z^(2/alpha)``, ``B(1; 1-2/alpha, K+2/alpha)``, ``t^-alpha``).
    """
    r = radar_rate_prop3(gain_factor, num_users, pathloss_exp, pathloss_exp / 2.0, bs_density, hole=hole)
    return bs_density * num_targets * r  # Eq. (17)


def radar_rate_theorem3(gain_factor, num_users, cluster_size_sense, pathloss_exp=4.0, pathloss_exp_sense=2.0,
                        bs_density=1e-6, *, boundary: Literal["paper", "slivnyak"] = "paper"):
    """Radar information rate with sensing nulling, ``Q >= 2`` [nats/s/Hz] (nulling Thm 3, (18), (48); spec 001 §4.2).

    Hole ignored (Lemma 6). Given the target distance ``R`` and the nulling boundary ``r_Q``
    (distance from the serving BS beyond which BSs interfere),
    ``E[e^{-z I_S} | R, r_Q] = exp(-pi lambda_b [r_Q²((1+s r_Q^-alpha)^-K - 1)
    + K s^(2/alpha) B(x/(1+x); 1-2/alpha, K+2/alpha)])``,
    ``s = z R^(2 beta)``, ``x = s r_Q^-alpha`` (α/β un-swapped and ``-kappa -> -K``: spec §8
    items 7, 10). ``pi lambda_b r_Q² ~ Gamma(n, 1)`` with ``n = Q`` (``boundary="paper"``,
    the seed's ``f_(Q)``, default as in spec §4.2) or ``n = Q - 1`` (``"slivnyak"``: the
    serving BS's (Q-1)-th neighbour). For ``alpha = 2 beta`` the two distance integrals
    reduce to one: with ``rho = R²/r_Q²``, ``E = n ∫_0^∞ A^-(n+1) d rho``,
    ``A = (1 + z rho^beta)^-K + rho (1 + K z^(2/alpha) B(x/(1+x); .))``, ``x = z rho^beta``.
    """
    _check_pathloss_exp(pathloss_exp)
    q = _check_int("cluster_size_sense", cluster_size_sense, 2)
    k = _check_int("num_users", num_users, 1)
    if boundary not in ("paper", "slivnyak"):
        raise InputError("boundary", f"must be 'paper' or 'slivnyak', got {boundary!r}")
    n = q if boundary == "paper" else q - 1
    a, b = float(pathloss_exp), float(pathloss_exp_sense)
    d = 2.0 / a
    z, w = _log_z_grid(d)
    sig = -np.expm1(-k * np.log1p(gain_factor * z))
    if np.isclose(a, 2 * b):
        y, wy = _composite_gl(-24.0, 24.0 / n + 4.0, 16, 10)
        rho = np.exp(y)
        x = np.multiply.outer(z, rho**b)
        amat = (1.0 + x) ** (-k) + rho[None, :] * (1.0 + k * z[:, None] ** d * _ibeta(x / (1.0 + x), 1 - d, k + d))
        lap = n * (amat ** (-(n + 1.0)) * rho[None, :]) @ wy  # d rho = rho dy
    else:
        yw, gw = _composite_gl(-30.0, 4.0, 17, 8)  # pi lambda R² = e^yw ~ Exp(1)
        wv = np.exp(yw)
        ww = gw * wv * np.exp(-wv)
        hi = np.log(n + 12.0 * np.sqrt(n) + 40.0)
        yu, gu = _composite_gl(-30.0 / n, hi, 17, 8)  # pi lambda r_Q² = e^yu ~ Gamma(n, 1)
        u = np.exp(yu)
        wu = gu * np.exp(n * yu - u - special.gammaln(n))
        r_sq = wv / (np.pi * bs_density)
        rq = np.sqrt(u / (np.pi * bs_density))
        s = z[:, None, None] * r_sq[None, :, None] ** b
        expo = np.pi * bs_density * partial_plane_laplace_exponent(s, k, a, rq[None, None, :])  # Eq. (48)
        lap = np.einsum("zwu,w,u->z", np.exp(-expo), ww, wu)
    return float(np.sum(w * sig * lap))  # Eq. (18)


def radar_rate(gain_factor, num_users, cluster_size_sense, pathloss_exp=4.0, pathloss_exp_sense=2.0,
               bs_density=1e-6, *, boundary: Literal["paper", "slivnyak"] = "paper"):
    """``R_s`` [nats/s/Hz]: Prop. 3 (with the hole) for ``Q = 1``, Theorem 3 for ``Q >= 2``."""
    if cluster_size_sense == 1:
        return radar_rate_prop3(gain_factor, num_users, pathloss_exp, pathloss_exp_sense, bs_density)
    return radar_rate_theorem3(gain_factor, num_users, cluster_size_sense, pathloss_exp, pathloss_exp_sense,
                               bs_density, boundary=boundary)


def ase_sense(bs_density, num_targets, rate):
    """Sensing ASE ``T_s = lambda_b J R_s`` [nats/s/Hz/m²] (nulling (7))."""
    return bs_density * num_targets * rate  # Eq. (7)
