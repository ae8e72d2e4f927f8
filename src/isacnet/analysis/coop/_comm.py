"""Communication side of paper ``coop`` (000): CoMP rate, acceptance, optimal cluster size.

The typical user at the origin is served by the non-coherent joint transmission of its
``L`` nearest BSs; BS 1 always serves, BSs ``2..L`` accept with probability ``kappa_c``
(Lemma 2) and otherwise interfere; every BS beyond ``L`` interferes. The SIR is
interference limited (noise neglected) and rates are in **nats/s/Hz** (Hamdi's lemma,
natural log; spec 000 header). Rates do not depend on ``lambda_b`` (scale invariance).

Numerics of the double integral of Theorem 2 (eq. (29)). The outer variable ``z`` runs
over ``(0, inf)`` with the exp-sinh (double-exponential) substitution
``z = z0 exp(pi/2 sinh s)`` and the trapezoidal rule in ``s``; the integrand decays like
``z`` at 0 and ``z^(-2/alpha)`` at infinity, which the substitution turns into a
double-exponential decay. The inner variable is ``v = eta^2 ~ Beta(1, L - 1)`` (the density
(53) of ``eta_L``), integrated with Gauss-Jacobi nodes for the weight ``(1 - v)^(L-2)``.
``H_1``, ``H_2`` are closed forms in ``scipy.special.betainc`` (Lemma 3, spec 000 §9), so one
``(L, p^c)`` point costs about 3,000 evaluations of two incomplete beta functions. Accuracy
(checked against nested adaptive quadrature at 1e-11 in ``tests/unit/test_coop_comm_analysis.py``
and in ``benchmarks/bench_coop_comm.py``): relative error below 1e-7 at the default grids.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import numpy as np
from scipy import special

from isacnet.analysis._kernels import interference_kernel
from isacnet.analysis.coop._sensing import acceptance_probability, mean_cluster_size_factor
from isacnet.errors import InputError

__all__ = [
    "kappa_comm",
    "h1_kernel",
    "h2_kernel",
    "h0_kernel",
    "comp_rate",
    "comp_rate_single",
    "exponential_gain_kernel",
    "sir_coverage_comp",
    "mean_eta",
    "rate_mean_sir",
    "kappa_comm_eta",
    "optimal_eta",
    "optimal_cluster_size_comm",
]


# --------------------------------------------------------------------------- checks
def _check_common(cluster_size_comm, power_comm, power_total, num_tx_antennas, pathloss_exp, kappa=None):
    if int(cluster_size_comm) != cluster_size_comm or cluster_size_comm < 1:
        raise InputError("cluster_size_comm", f"must be an integer >= 1, got {cluster_size_comm}")
    if not power_comm > 0:
        raise InputError("power_comm", f"must be > 0 W, got {power_comm}")
    if not power_total >= power_comm:
        raise InputError("power_comm",
                         f"must be <= the total power P^t = {power_total} W (p^c + p^s <= P^t), got {power_comm}")
    if int(num_tx_antennas) != num_tx_antennas or num_tx_antennas < 2:
        raise InputError("num_tx_antennas",
                         f"must be an integer >= 2 (ZF with the steering vector needs M_t >= 2), got {num_tx_antennas}")
    if not pathloss_exp > 2:
        raise InputError("pathloss_exp", f"must be > 2, got {pathloss_exp}")
    if kappa is not None and not 0.0 <= kappa <= 1.0:
        raise InputError("kappa", f"must be in [0, 1], got {kappa}")


# --------------------------------------------------------------------------- Lemma 2
def kappa_comm(cluster_size_comm, user_ratio: float, max_load: int):
    """Communication cooperation acceptance probability ``kappa_c`` (coop Lemma 2, eq. (25)).

    ``kappa_c = Q(psi, m_c) + sum_{n >= psi} (psi - 1)/(n - 1) m_c^n e^{-m_c} / n!`` with
    ``m_c = mu_c L_bar``, ``mu_c = lambda_u / lambda_b`` and
    ``L_bar = Gamma(L + 1/2)^2 / Gamma(L)^2`` (spec 000 §8.3): one of the ``psi`` slots of a BS
    is reserved for its own nearest user, a cooperation request competes for the other
    ``psi - 1`` with the ``n - 1`` other requests.

    Parameters
    ----------
    cluster_size_comm : int or array_like, [...]
        ``L`` (>= 1).
    user_ratio : float
        ``mu_c = lambda_u / lambda_b`` (>= 0) [1].
    max_load : int
        ``psi``, users one BS can serve per resource block (>= 1).

    Returns
    -------
    ndarray, [...]
        Probability in [0, 1].
    """
    if max_load < 1 or int(max_load) != max_load:
        raise InputError("max_load", f"must be an integer >= 1, got {max_load}")
    if user_ratio < 0:
        raise InputError("user_ratio", f"must be >= 0, got {user_ratio}")
    m = user_ratio * mean_cluster_size_factor(cluster_size_comm)
    return acceptance_probability(m, int(max_load) - 1, offset=1)  # Eq. (25)


# --------------------------------------------------------------------------- Lemma 3
def h1_kernel(x, order, pathloss_exp: float, eta):
    """In-cluster kernel ``H_1(x, K, alpha, eta)`` of coop Lemma 3, eq. (30)-(31).

    ``H_1 = 2 int_1^{1/eta} (1 - (1 + x y^-alpha)^-K) y dy = H(x, K, alpha, 1) - H(x, K, alpha, eta)``
    (spec 000 §9; the seed writes ``1/eta^2`` without the index ``L``).

    Parameters
    ----------
    x : array_like
        ``z p^c`` or ``z P^t`` [dimensionless].
    order : float
        ``K`` (``M_t - 1`` for cooperating BSs, 1 for interferers).
    pathloss_exp : float
        Path-loss exponent ``pathloss_exp`` (> 2).
    eta : array_like
        ``eta_L = d_1 / d_L`` in (0, 1] (broadcast with ``x``).

    Returns
    -------
    ndarray
        Dimensionless, broadcast shape of ``x`` and ``eta``.
    """
    return interference_kernel(x, order, pathloss_exp, 1.0) - interference_kernel(x, order, pathloss_exp, eta)


def h2_kernel(x, pathloss_exp: float, eta):
    """Out-of-cluster kernel ``H_2(x, alpha, eta) = H(x, 1, alpha, eta)`` (coop Lemma 3, eq. (32)).

    Arguments as :func:`h1_kernel`; returns the broadcast shape of ``x`` and ``eta`` [dimensionless].
    """
    return interference_kernel(x, 1.0, pathloss_exp, eta)


def h0_kernel(x, pathloss_exp: float):
    """``H_0(x, alpha) = H_2(x, alpha, 1) + 1`` of the ``L = 1`` rate (coop eq. (33), spec 000 §9).

    Arguments as :func:`h1_kernel`; returns the shape of ``x`` [dimensionless].
    """
    return interference_kernel(x, 1.0, pathloss_exp, 1.0) + 1.0


# --------------------------------------------------------------------------- quadrature
@lru_cache(maxsize=64)
def _z_nodes(pathloss_exp: float, step: float):
    """exp-sinh nodes ``s`` and weights for ``int_0^inf F(z) dz / z`` with ``z = exp(pi/2 sinh s)``."""
    decay_hi = 2.0 / pathloss_exp  # F ~ z^(-2/alpha) as z -> inf
    s_hi = np.arcsinh(2.0 / np.pi * 45.0 / decay_hi)  # F(z(s_hi)) ~ e^-45
    s_lo = -np.arcsinh(2.0 / np.pi * 45.0)  # F ~ z as z -> 0
    s = np.arange(np.floor(s_lo / step), np.ceil(s_hi / step) + 1) * step
    return np.exp(0.5 * np.pi * np.sinh(s)), step * 0.5 * np.pi * np.cosh(s)


@lru_cache(maxsize=256)
def _v_nodes(cluster_size_comm: int, num_nodes: int, power: float = 4.0):
    """Nodes and weights for ``E[g(v)]``, ``v = eta_L^2 ~ Beta(1, L - 1)`` (density (53) of ``eta_L``).

    The integrand has a ``ln v`` singularity at ``v = 0`` (a far cluster edge leaves no
    interference nearby), so ``v = u^power`` with Gauss-Legendre nodes in ``u``.
    """
    x, w = special.roots_legendre(num_nodes)
    u, wu = 0.5 * (1.0 + x), 0.5 * w
    v = u**power
    wv = wu * power * u ** (power - 1) * (cluster_size_comm - 1) * (1.0 - v) ** (cluster_size_comm - 2)
    return v, wv / np.sum(wv)


def mean_eta(cluster_size_comm):
    """``E[eta_L] = (sqrt(pi)/2) Gamma(L) / Gamma(L + 1/2)`` (coop Section IV-B, spec 000 §10).

    Parameters
    ----------
    cluster_size_comm : int or array_like, [...]
        ``L`` (>= 1).

    Returns
    -------
    ndarray, [...]
        Mean of ``d_1 / d_L`` [dimensionless].
    """
    n = np.asarray(cluster_size_comm, dtype=float)
    return 0.5 * np.sqrt(np.pi) * np.exp(special.gammaln(n) - special.gammaln(n + 0.5))


# --------------------------------------------------------------------------- Theorem 2
def comp_rate_single(power_comm: float, power_total: float, num_tx_antennas: int, pathloss_exp: float = 4.0,
                     z_step: float = 0.1):
    """Rate of the non-cooperative user, ``L = 1`` (coop eq. (33), corrected).

    ``R_c = int_0^inf (1 - (1 + p^c z)^(1 - M_t)) / (z H_0(z P^t, alpha)) dz`` (spec 000 §9: the
    seed drops the ``1 -``). Exact for the model of Section II (gains ``Gamma(M_t - 1, p^c)``
    and ``Gamma(1, P^t)``); independent of ``lambda_b``.

    Parameters
    ----------
    power_comm : float
        ``p^c`` [W].
    power_total : float
        ``P^t`` [W] (interferers' mean gain).
    num_tx_antennas : int
        ``M_t`` (>= 2).
    pathloss_exp : float
        Path-loss exponent ``pathloss_exp`` (> 2).
    z_step : float
        Step of the exp-sinh trapezoidal rule.

    Returns
    -------
    float
        Ergodic rate [nats/s/Hz].
    """
    _check_common(1, power_comm, power_total, num_tx_antennas, pathloss_exp)
    z, w = _z_nodes(float(pathloss_exp), float(z_step))
    z = z / power_total
    signal = -np.expm1((1 - num_tx_antennas) * np.log1p(power_comm * z))
    f = signal / h0_kernel(z * power_total, pathloss_exp)  # Eq. (33)
    return float(np.sum(w * f))


def comp_rate(cluster_size_comm: int, kappa: float, power_comm: float, power_total: float, num_tx_antennas: int,
              pathloss_exp: float = 4.0, form: Literal["corrected", "printed", "exact"] = "corrected",
              z_step: float = 0.1, num_eta: int = 48):
    """Average CoMP rate of the typical user (coop Theorem 2, eq. (29)).

    ``form="corrected"`` (default) is eq. (29) with the cooperative-signal term at
    ``H_1(z p^c, M_t - 1, alpha, eta)`` as Lemma 3 (30) says (spec 000 §9, inconsistency 5)::

        R_c = int_0^inf int_0^1 f_eta(eta)/z [ 1 / (1 + (1-kappa) H_1(zP^t,1) + H_2(zP^t))
              - (1+p^c z)^(1-M_t) / (1 + kappa H_1(zp^c, M_t-1) + (1-kappa) H_1(zP^t,1) + H_2(zP^t)) ] deta dz

    with ``f_eta(x) = 2(L-1) x (1-x^2)^(L-2)`` (53). It treats ``eta_L`` as independent of
    ``d_1`` and the in-cluster BSs as a PPP on the annulus ``(d_1, d_L)``.

    ``form="printed"``: the seed's eq. (29), ``H_1(z P^t, M_t - 1, ...)`` in the signal term.

    ``form="exact"``: the exact rate of the same model (our derivation, docs/theory/coop.md):
    given ``eta``, BS ``L`` sits at ``y = 1/eta`` (distances normalised by ``d_1``), the ``L - 2``
    BSs between are i.i.d. with density ``2y/(eta^-2 - 1)`` on ``y in [1, 1/eta]``, and
    ``pi lambda_b d_1^2 = eta^2 S`` with
    ``S ~ Gamma(L, 1)`` independent of ``eta`` (beta-gamma algebra), so::

        R_c = int int f_eta/z (1 + eta^2 H_2)^(-L) [ e_Y (1 - (1-kappa) q(zP^t, 1))^(L-2)
              - (1+p^c z)^(1-M_t) e_X (1 - kappa q(zp^c, M_t-1) - (1-kappa) q(zP^t, 1))^(L-2) ] deta dz

    with ``q = H_1 / (eta^-2 - 1)``, ``e_Y = kappa + (1-kappa)/(1 + zP^t eta^alpha)`` and
    ``e_X = kappa (1 + zp^c eta^alpha)^(1-M_t) + (1-kappa)/(1 + zP^t eta^alpha)`` (BS ``L``). It is what
    the model-level Monte Carlo simulates.

    Parameters
    ----------
    cluster_size_comm : int
        ``L`` (>= 1); ``L = 1`` returns :func:`comp_rate_single`.
    kappa : float
        Acceptance probability ``kappa_c`` in [0, 1] (:func:`kappa_comm`).
    power_comm : float
        ``p^c`` [W], ``0 < p^c <= P^t``.
    power_total : float
        ``P^t = p^c + p^s`` [W].
    num_tx_antennas : int
        ``M_t`` (>= 2).
    pathloss_exp : float
        Path-loss exponent ``pathloss_exp`` (> 2).
    form : {"corrected", "printed", "exact"}
    z_step, num_eta : float, int
        Quadrature grids (defaults: relative error < 1e-7, see module notes).

    Returns
    -------
    float
        Ergodic rate [nats/s/Hz].
    """
    _check_common(cluster_size_comm, power_comm, power_total, num_tx_antennas, pathloss_exp, kappa)
    cluster_size_comm = int(cluster_size_comm)
    if form not in ("exact", "corrected", "printed"):
        raise InputError("rate_form", f"must be 'corrected', 'printed' or 'exact', got {form!r}")
    if cluster_size_comm == 1:
        return comp_rate_single(power_comm, power_total, num_tx_antennas, pathloss_exp, z_step)
    z, wz = _z_nodes(float(pathloss_exp), float(z_step))
    z = (z / power_total)[:, None]  # [n_z, 1]
    v, wv = _v_nodes(cluster_size_comm, int(num_eta))
    eta = np.sqrt(v)[None, :]  # [1, n_v]
    xt, xc = z * power_total, z * power_comm
    k_sig = num_tx_antennas - 1.0
    h_t_eta = interference_kernel(xt, 1.0, pathloss_exp, eta)  # = H_2(zP^t, eta)
    h1_t = interference_kernel(xt, 1.0, pathloss_exp, 1.0) - h_t_eta  # H_1(zP^t, 1, eta)
    sig_x = xt if form == "printed" else xc
    h1_c = (interference_kernel(sig_x, k_sig, pathloss_exp, 1.0)
            - interference_kernel(sig_x, k_sig, pathloss_exp, eta))  # H_1(z p^c, M_t-1, eta)
    lead = np.exp((1 - num_tx_antennas) * np.log1p(xc))  # Eq. (28)
    if form == "exact":
        ratio = v / (1.0 - v)  # 1 / (eta^-2 - 1)
        base = (1.0 + v[None, :] * h_t_eta) ** (-cluster_size_comm)
        m = cluster_size_comm - 2
        # the L-th BS sits at y = 1/eta exactly; the L - 2 between are i.i.d. on the annulus
        edge_t = 1.0 / (1.0 + xt * v[None, :] ** (pathloss_exp / 2))  # E e^{-z g y^-alpha}, g ~ Exp(P^t), y = 1/eta
        edge_c = np.exp(-k_sig * np.log1p(xc * v[None, :] ** (pathloss_exp / 2)))  # g ~ Gamma(M_t - 1, p^c)
        first = base * (kappa + (1.0 - kappa) * edge_t) * (1.0 - (1.0 - kappa) * h1_t * ratio) ** m
        second = (lead * base * (kappa * edge_c + (1.0 - kappa) * edge_t)
                  * (1.0 - (kappa * h1_c + (1.0 - kappa) * h1_t) * ratio) ** m)
        f = first - second
    else:
        den_i = 1.0 + (1.0 - kappa) * h1_t + h_t_eta
        f = 1.0 / den_i - lead / (den_i + kappa * h1_c)  # Eq. (29)
    return float(wz @ (f @ wv))


# --------------------------------------------------------------------------- SIR distribution
def exponential_gain_kernel(x, pathloss_exp: float, eta):
    """``H(x, 1, alpha, eta)`` of Lemma 3 for complex ``x`` (exponential gains; spec 000 §9).

    ``H = 2 int_{1/eta}^inf x y^-alpha / (1 + x y^-alpha) y dy
        = 2 x eta^(alpha-2) / (alpha-2) 2F1(1, 1 - 2/alpha; 2 - 2/alpha; -x eta^alpha)``
    (substitute ``w = y^-alpha``; Euler's integral of ``2F1``). Equal to
    :func:`isacnet.analysis._kernels.interference_kernel` with ``K = 1`` for real ``x >= 0``;
    for ``x = i omega`` it is the characteristic exponent of a PPP of interferers with
    exponential gains beyond the normalised radius ``1/eta`` (``Re H >= 0``).

    Parameters
    ----------
    x : array_like, complex
        ``i t theta P^t`` (Gil-Pelaez) or a real Laplace variable [dimensionless].
    pathloss_exp : float
        ``alpha`` (> 2).
    eta : array_like
        Distance ratio in (0, 1] (broadcast with ``x``).

    Returns
    -------
    ndarray, complex
        Broadcast shape of ``x`` and ``eta``.
    """
    x = np.asarray(x, dtype=complex)
    eta = np.asarray(eta, dtype=float)
    b = 1.0 - 2.0 / pathloss_exp
    return 2.0 * x * eta ** (pathloss_exp - 2.0) / (pathloss_exp - 2.0) * special.hyp2f1(
        1.0, b, b + 1.0, -x * eta**pathloss_exp)


@lru_cache(maxsize=16)
def _log_nodes(lo: float, hi: float, panels: int, order: int = 8):
    """Composite Gauss–Legendre nodes and weights on ``[lo, hi]``."""
    x, w = special.roots_legendre(order)
    edges = np.linspace(lo, hi, panels + 1)
    half = 0.5 * np.diff(edges)[:, None]
    mid = 0.5 * (edges[1:] + edges[:-1])[:, None]
    return (mid + half * x).ravel(), (half * w).ravel()


def sir_coverage_comp(threshold, cluster_size_comm: int, kappa: float, power_comm: float, power_total: float,
                      num_tx_antennas: int, pathloss_exp: float = 4.0, *, num_eta: int = 40, num_annulus: int = 48,
                      t_panels: int = 48):
    """SIR coverage ``P(SIR > theta)`` of the typical CoMP user (coop model of Section II, eq. (11)-(12),
    the model of Theorem 2 and of the model-level Monte Carlo; our derivation, docs/theory/coop.md).

    With distances normalised by ``d_1`` the SIR is ``S / I``: ``S = g_1 + sum_{accepted k} g_k y_k^-alpha``
    (``g ~ Gamma(M_t - 1, p^c)``), ``I`` the non-accepting in-cluster BSs and the PPP beyond ``d_L``
    (gains ``Exp(P^t)``). Given ``eta = d_1/d_L`` (density (53)), BS ``L`` sits at ``y = 1/eta``, the
    ``L - 2`` between are i.i.d. uniform in area on ``[1, 1/eta]``, and ``pi lambda_b d_L^2 ~ Gamma(L)``
    independent of ``eta`` (as in ``comp_rate(form="exact")``). The characteristic function of
    ``D = S - theta I`` is therefore::

        phi(t) = E_eta[ (1 - i t p^c)^-(M_t-1) B(t, eta)^(L-2) b(t, 1/eta) (1 + eta^2 H(i t theta P^t, eta))^-L ]

    with ``b(t, y) = kappa (1 - i t p^c y^-alpha)^-(M_t-1) + (1 - kappa) / (1 + i t theta P^t y^-alpha)``,
    ``B`` its average over the annulus and ``H`` of :func:`exponential_gain_kernel`; Gil-Pelaez inversion
    gives ``P(D > 0) = 1/2 + (1/pi) int_0^inf Im phi(t) / t dt``. ``L = 1``: ``phi = (1 - i t p^c)^-(M_t-1) /
    (1 + H(i t theta P^t, 1))``. ``int_0^inf P(SIR > theta) / (1 + theta) dtheta`` is ``comp_rate(form="exact")``
    (a test checks it). Interferer gains ``Gamma(1, P^t)`` (the paper's; ``interferer_gain = "gamma1"``).

    Parameters
    ----------
    threshold : array_like, [...]
        ``theta`` (> 0) [1] (linear SIR).
    cluster_size_comm : int
        ``L`` (>= 1).
    kappa : float
        ``kappa_c`` in [0, 1] (Lemma 2).
    power_comm, power_total : float
        ``p^c`` and ``P^t`` [W].
    num_tx_antennas : int
        ``M_t`` (>= 2).
    pathloss_exp : float
        ``alpha`` (> 2).
    num_eta, num_annulus, t_panels : int
        Quadrature sizes: Gauss nodes of ``eta^2``, of ``ln y^2`` on the annulus, and panels (8 nodes
        each) per 42 e-folds of ``ln t``, which spans 21 e-folds beyond ``1/p^c`` and ``1/(theta P^t)``;
        the defaults reach about 1e-6 (checked against the Monte Carlo and the rate identity in
        ``tests/unit/test_coop_sir_coverage.py``).

    Returns
    -------
    ndarray, [...]
        Probability in [0, 1]; independent of the densities.
    """
    _check_common(cluster_size_comm, power_comm, power_total, num_tx_antennas, pathloss_exp, kappa)
    theta = np.asarray(threshold, dtype=float)
    if np.any(~(theta > 0)):
        raise InputError("threshold", f"must be > 0 (a linear SIR), got {theta[~(theta > 0)].ravel()[0]!r}")
    cl, alpha, k_sig = int(cluster_size_comm), float(pathloss_exp), num_tx_antennas - 1.0
    if cl == 1:
        eta, w_eta = np.ones(1), np.ones(1)
    else:
        v, w_eta = _v_nodes(cl, int(num_eta))
        eta = np.sqrt(v)
    eta_b = eta[None, :, None]  # [1, eta, 1]
    out = np.empty(theta.size)
    for i, th in enumerate(theta.ravel()):
        # ln t spans 21 e-folds beyond both scales of D = S - theta I (1/p^c and 1/(theta P^t))
        scales = np.log([power_comm, th * power_total])
        lo, hi = -21.0 - scales.max(), 21.0 - scales.min()
        u, wu = _log_nodes(float(lo), float(hi), int(np.ceil(t_panels * (hi - lo) / 42.0)))
        t = np.exp(u)[:, None, None]  # [t, 1, 1]
        lead = (1.0 - 1j * t[..., 0] * power_comm) ** (-k_sig)  # BS 1, [t, 1]
        x_int = 1j * t * th * power_total  # [t, 1, 1]

        def b(path, t=t, x_int=x_int):  # one in-cluster BS at path gain y^-alpha = path (normalised by d_1)
            return (kappa * (1.0 - 1j * t * power_comm * path) ** (-k_sig)
                    + (1.0 - kappa) / (1.0 + x_int * path))

        outer = (1.0 + eta_b[..., 0] ** 2 * exponential_gain_kernel(x_int[..., 0], alpha, eta_b[..., 0])) ** (-cl)
        phi = lead * outer  # [t, eta]
        if cl >= 2:
            phi = phi * b(eta_b**alpha)[..., 0]  # BS L at y = 1/eta
            if cl >= 3:
                top = -2.0 * np.log(eta)  # ln y^2 on [0, top]
                s, ws = special.roots_legendre(int(num_annulus))
                w_log = 0.5 * top[:, None] * (s[None, :] + 1.0)  # [eta, node]
                ww = 0.5 * top[:, None] * ws[None, :] * np.exp(w_log)  # d(y^2)
                path = np.exp(-0.5 * alpha * w_log)[None, :, :]  # y^-alpha, [1, eta, node]
                mean_b = 1.0 + np.sum((b(path) - 1.0) * ww[None], axis=-1) / (eta[None, :] ** -2 - 1.0)
                phi = phi * mean_b ** (cl - 2)
        im = np.imag(phi) @ w_eta  # E over eta, [t]
        out[i] = 0.5 + np.sum(wu * im) / np.pi  # Gil-Pelaez: P(S - theta I > 0)
    return np.clip(out, 0.0, 1.0).reshape(theta.shape)


# --------------------------------------------------------------------------- Section IV-B
def rate_mean_sir(cluster_size_comm, kappa, power_comm: float, power_total: float, num_tx_antennas: int,
                  pathloss_exp: float = 4.0, num_nodes: int = 64):
    """Mean-SIR surrogate of the rate (coop eq. (35)-(37), factor ``2 pi`` corrected).

    ``R_c ~ E_r ln(1 + p^c (M_t - 1)/P^t * SIR_bar)`` with
    ``SIR_bar = (r^-alpha + c f r^(2-alpha)) / (c (1 - f) r^(2-alpha))``, ``c = 2 pi lambda_b/(alpha-2)``,
    ``f = kappa_c (1 - eta^(alpha-2))`` and ``eta -> E[eta_L]`` (spec 000 §10: the seed has
    ``pi lambda_b/(alpha-2)``). With ``Gamma_1 = pi lambda_b r^2 ~ Exp(1)``:
    ``SIR_bar = ((alpha - 2)/(2 Gamma_1) + f) / (1 - f)``; ``E`` over ``Gamma_1`` by Gauss-Laguerre.

    Parameters
    ----------
    cluster_size_comm : int or array_like, [...]
        ``L``.
    kappa : float or array_like
        ``kappa_c`` (broadcast with ``cluster_size_comm``).
    power_comm, power_total : float
        ``p^c``, ``P^t`` [W].
    num_tx_antennas : int
        ``M_t``.
    pathloss_exp : float
        Path-loss exponent ``pathloss_exp`` (> 2).

    Returns
    -------
    ndarray, [...]
        Approximate rate [nats/s/Hz].
    """
    f = np.asarray(kappa, dtype=float) * (1.0 - mean_eta(cluster_size_comm) ** (pathloss_exp - 2.0))
    g, w = special.roots_laguerre(num_nodes)
    sir = ((pathloss_exp - 2.0) / (2.0 * g) + f[..., None]) / (1.0 - f[..., None])  # Eq. (37)
    return np.sum(w * np.log1p(power_comm * (num_tx_antennas - 1) / power_total * sir), axis=-1)  # Eq. (36)


def kappa_comm_eta(eta, user_ratio: float, max_load: int):
    """``kappa_c`` with ``L_bar ~ eta^-2`` (coop eq. (38), sum start aligned with (25), spec 000 §10).

    Parameters
    ----------
    eta : array_like, [...]
        Distance ratio in (0, 1].
    user_ratio : float
        ``mu_c = lambda_u / lambda_b`` [1].
    max_load : int
        ``psi``.

    Returns
    -------
    ndarray, [...]
        Probability in [0, 1].
    """
    eta = np.asarray(eta, dtype=float)
    return acceptance_probability(user_ratio * eta**-2, int(max_load) - 1, offset=1)  # Eq. (38)


def optimal_eta(user_ratio: float, max_load: int, pathloss_exp: float = 4.0, num_grid: int = 2000):
    """``eta* = argmax_eta kappa~_c(eta) (1 - eta^(alpha-2))`` (coop eq. (38), spec 000 §10).

    The mean SIR (37) increases with ``f = kappa_c (1 - eta^(alpha-2))`` at every ``r``, so
    the surrogate optimum maximises ``f``. Grid search on a log grid of ``eta``, refined by a
    golden-section step around the best node.

    Parameters
    ----------
    user_ratio : float
        ``mu_c = lambda_u / lambda_b`` [1].
    max_load : int
        ``psi``.
    pathloss_exp : float
        Path-loss exponent ``pathloss_exp`` (> 2).
    num_grid : int
        Nodes of the log grid of ``eta``.

    Returns
    -------
    float
        ``eta*`` in (0, 1).
    """
    if max_load < 1:
        raise InputError("max_load", f"must be >= 1, got {max_load}")
    if user_ratio <= 0:
        return float("nan")  # no load: kappa = 1 and f grows to 1 as eta -> 0 (L* unbounded)
    # mean loads beyond 50 (psi + 1) give kappa ~ (psi - 1) eta^2 / mu_c: never optimal
    eta_min = min(np.sqrt(user_ratio / (50.0 * (max_load + 1))), 0.5)
    eta = np.geomspace(eta_min, 1.0, num_grid)[:-1]
    obj = kappa_comm_eta(eta, user_ratio, max_load) * (1.0 - eta ** (pathloss_exp - 2.0))
    i = int(np.argmax(obj))
    lo, hi = eta[max(i - 1, 0)], eta[min(i + 1, eta.size - 1)]
    fine = np.linspace(lo, hi, 201)
    obj_f = kappa_comm_eta(fine, user_ratio, max_load) * (1.0 - fine ** (pathloss_exp - 2.0))
    return float(fine[int(np.argmax(obj_f))])


def optimal_cluster_size_comm(user_ratio: float, max_load: int, pathloss_exp: float = 4.0, max_cluster_comm: int = 200,
                              method: Literal["eta", "surrogate"] = "eta", num_tx_antennas: int = 4):
    """Approximate optimal CoMP cluster size ``L*`` (coop Section IV-B, eq. (35)-(38)).

    ``method="eta"`` (the paper's low-complexity search): the ``L`` whose ``E[eta_L]``
    (:func:`mean_eta`) is closest to :func:`optimal_eta`. ``method="surrogate"``: ``argmax_L``
    of the mean-SIR surrogate :func:`rate_mean_sir` with ``kappa_c(L)`` of Lemma 2 and
    ``eta = E[eta_L]`` (no ``L_bar ~ eta^-2`` step). Both are independent of the power split (37).

    Parameters
    ----------
    user_ratio : float
        ``mu_c = lambda_u / lambda_b`` [1].
    max_load : int
        ``psi``.
    pathloss_exp : float
        Path-loss exponent ``pathloss_exp`` (> 2).
    max_cluster_comm : int
        Largest ``L`` considered.
    method : {"eta", "surrogate"}
    num_tx_antennas : int
        ``M_t`` (surrogate only; the argmax hardly depends on it).

    Returns
    -------
    int
        ``L*`` (>= 1).
    """
    ls = np.arange(1, max_cluster_comm + 1)
    if method == "surrogate":
        kap = kappa_comm(ls, user_ratio, max_load)
        return int(ls[np.argmax(rate_mean_sir(ls, kap, 1.0, 1.0, num_tx_antennas, pathloss_exp))])
    if method != "eta":
        raise InputError("method", f"must be 'eta' or 'surrogate', got {method!r}")
    eta_star = optimal_eta(user_ratio, max_load, pathloss_exp)
    if not np.isfinite(eta_star):
        return int(max_cluster_comm)
    return int(ls[np.argmin(np.abs(mean_eta(ls) - eta_star))])
