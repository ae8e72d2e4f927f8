"""Sensing side of paper ``coop`` (000): geometry gain, CRLB scaling laws, acceptance.

Distances are in metres and densities in m⁻² (or any one length unit throughout); ``zeta_sq``
is ``|zeta|^2`` of eq. (8) in the matching unit (see
:func:`isacnet.metrics.localization.zeta_squared` and the distance-unit notes of
:mod:`isacnet.models.coop`). Each closed form is named for its quantity; the paper's equation
variants are a ``form=`` option whose default is the spec's corrected form.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy import special

from isacnet.errors import InputError

__all__ = [
    "expected_gdop",
    "gdop_tail_index",
    "mean_distance",
    "mean_cluster_size_factor",
    "expected_crlb",
    "crlb_scaling_constant",
    "acceptance_probability",
    "kappa_sense",
    "GDOP_FORMS",
    "CRLB_FORMS",
    "CrlbForm",
]

GDOP_FORMS = ("prop1", "cor1")
"""Forms of :func:`expected_gdop`: Prop. 1 eq. (16), Cor. 1 eq. (17)."""

CRLB_FORMS = ("prop2_app_b", "prop2_printed", "eq21", "theorem1", "theorem1_printed")
"""Forms of :func:`expected_crlb`: Prop. 2 as App. B (45) (default) or as printed (19), eq. (21),
Theorem 1 (22) with the corrected constant 2 or the printed 1."""


def _check_num_bs(num_bs, smallest: int = 1) -> np.ndarray:
    n = np.asarray(num_bs)
    if n.size and (np.any(n < smallest) or np.any(n != np.round(n))):
        raise InputError("num_bs", f"must be integers >= {smallest}, got {num_bs}")
    return n.astype(float)


def expected_gdop(num_bs, form: Literal["prop1", "cor1"] = "prop1"):
    """Expected GDoP of ``N`` BSs with uniform i.i.d. bearings (coop Prop. 1, Cor. 1).

    ``form="prop1"`` (default): eq. (16), ``E_theta[GDoP] ~ (2N + 2) / (N^3 - N^2)``. The paper
    calls it an approximation: it replaces the expectation of the ratio by the ratio of
    expectations. The true mean is infinite for ``N <= 3`` (degenerate geometries; spec 000 §6),
    and the formula's relative error is O(1/N) (spec 000 §6 table: 24 % at N = 6, 8 % at N = 20);
    ``inf`` at ``N = 1``.

    ``form="cor1"``: the large-``N`` law of Cor. 1, eq. (17), ``2 / N^2`` (the paper writes
    "lim E[GDoP] = 2/N^2"; read as ``N^2 E[GDoP] -> 2``, spec 000 §6).

    Parameters
    ----------
    num_bs : int or array_like, [...]
        Sensing cluster size ``N`` (>= 1).
    form : {"prop1", "cor1"}

    Returns
    -------
    ndarray, [...]
        Dimensionless.
    """
    n = _check_num_bs(num_bs)
    if form == "prop1":
        with np.errstate(divide="ignore"):
            return ((2 * n + 2) / (n**3 - n**2))[()]  # Eq. (16)
    if form == "cor1":
        return (2.0 / n**2)[()]  # Eq. (17)
    raise InputError("form", f"must be one of {GDOP_FORMS}, got {form!r}")


def gdop_tail_index(num_bs):
    """Upper tail index ``a`` of the GDoP and the CRLB of ``N`` cooperating BSs: ``P(X > t) ~ t^-a``,
    ``a = (N - 1)/2`` (coop Prop. 1's model; our derivation, docs/theory/coop.md "Heavy tails").

    ``det F`` of eq. (7) vanishes on the collinear bearings (all ``theta_n`` equal modulo ``pi``), a set
    of codimension ``N - 1`` in ``[0, 2 pi)^N``, quadratically in the distance ``rho`` to it; the GDoP
    ``tr F^-1`` grows like ``rho^-2``, so ``P(GDoP > t) = P(rho < t^-1/2) ~ (t^-1/2)^(N-1)``. Random
    distances change the constant, not the index. Hence the mean is infinite for ``N <= 3`` and the
    variance for ``N <= 5``: the reason the figures show medians there.

    Parameters
    ----------
    num_bs : int or array_like, [...]
        ``N`` (>= 1).

    Returns
    -------
    ndarray, [...]
        ``(N - 1)/2`` [1].
    """
    n = _check_num_bs(num_bs)
    return ((n - 1.0) / 2.0)[()]


def mean_distance(n, bs_density, exact: bool = True):
    """Mean distance from the typical point to the ``n``-th nearest PPP point (coop eq. (20)).

    Parameters
    ----------
    n : int or array_like, [...]
        Rank (>= 1).
    bs_density : float or array_like
        PPP density ``lambda_b`` [m⁻²] (broadcast with ``n``).
    exact : bool
        ``Gamma(n + 1/2) / (sqrt(pi lambda_b) Gamma(n))``; else the approximation
        ``sqrt(n / (pi lambda_b))``.

    Returns
    -------
    ndarray, [...]
        Distance [m].
    """
    n = np.asarray(n, dtype=float)
    if exact:
        return np.exp(special.gammaln(n + 0.5) - special.gammaln(n)) / np.sqrt(np.pi * bs_density)  # Eq. (20)
    return np.sqrt(n / (np.pi * bs_density))  # Eq. (20), approximation


def mean_cluster_size_factor(n):
    """``N_bar = Gamma(N + 1/2)^2 / Gamma(N)^2 = pi lambda_b E[d_N]^2`` (coop Lemma 1, ~ N - 1/4).

    Parameters
    ----------
    n : int or array_like, [...]
        Cluster size (>= 1).

    Returns
    -------
    ndarray, [...]
        Dimensionless.
    """
    n = np.asarray(n, dtype=float)
    return np.exp(2 * (special.gammaln(n + 0.5) - special.gammaln(n)))


def _pair_sums(weights_by_rank: np.ndarray, num_bs: np.ndarray, include_diagonal: bool) -> np.ndarray:
    """``sum_{k, l <= N} v_k v_l`` (all pairs, or ``k != l``) for every ``N`` in ``num_bs``."""
    s1 = np.concatenate([[0.0], np.cumsum(weights_by_rank)])
    idx = num_bs.astype(int)
    if include_diagonal:
        return s1[idx] ** 2
    s2 = np.concatenate([[0.0], np.cumsum(weights_by_rank**2)])
    return s1[idx] ** 2 - s2[idx]


CrlbForm = Literal["prop2_app_b", "prop2_printed", "eq21", "theorem1", "theorem1_printed"]
"""The values of :data:`CRLB_FORMS`, as a type: the ``form`` of :func:`expected_crlb`."""


def expected_crlb(num_bs, bs_density, pathloss_exp_sense: float = 2.0, zeta_sq=1.0, *, kappa_sense=1.0,
                  form: CrlbForm = "prop2_app_b"):
    """Expected CRLB of the typical target localised by its ``N`` nearest BSs (coop Prop. 2, eq. (21), Thm. 1).

    The BSs are a PPP of density ``lambda_b``; with cooperation acceptance each requested BS
    takes part with probability ``kappa_s`` (Lemma 1), which thins the density to
    ``kappa_s lambda_b`` (coop eq. (24), spec 000 §8.2).

    Forms (``lambda = kappa_s lambda_b``, ``E[d_k]`` of eq. (20)):

    * ``"prop2_app_b"`` (default, spec 000 §7.2): Prop. 2 as in App. B eq. (45),
      ``2 / (|zeta|^2 sum_{k != l} E[d_k]^-beta E[d_l]^-beta)``; Monte Carlo supports the
      constant 2 and ``k != l``. ``inf`` for ``N = 1``.
    * ``"prop2_printed"``: the body's eq. (19), constant 1 and all ``(k, l)``.
    * ``"eq21"``: eq. (21), ``E[d_n] ~ sqrt(n / (pi lambda))``:
      ``2 / (|zeta|^2 (lambda pi)^beta sum_k sum_l k^(-beta/2) l^(-beta/2))`` (as printed: all
      ``(k, l)``, constant 2; spec 000 §7.2 table).
    * ``"theorem1"``: the large-``N`` law of Theorem 1, eq. (22), ``beta = 2`` only:
      ``2 / (|zeta|^2 lambda^2 pi^2 ln^2 N)`` with the constant 2 of spec 000 §7.2 (consistent
      with (21) and (45)); with ``kappa_s < 1`` this is eq. (24). ``inf`` for ``N = 1``.
    * ``"theorem1_printed"``: the same with the printed constant 1.

    Parameters
    ----------
    num_bs : int or array_like, [...]
        Sensing cluster size ``N`` (>= 1).
    bs_density : float or array_like
        BS density ``lambda_b`` [m⁻²] (broadcast with ``num_bs``).
    pathloss_exp_sense : float
        Radar path-loss exponent ``beta`` per hop (>= 2; the Theorem 1 forms need 2).
    zeta_sq : float or array_like
        ``|zeta|^2`` of eq. (8) [m^(2 beta - 2)].
    kappa_sense : float or array_like
        Acceptance probability ``kappa_s`` in (0, 1] (1: every requested BS cooperates, Fig. 4).
    form : {"prop2_app_b", "prop2_printed", "eq21", "theorem1", "theorem1_printed"}

    Returns
    -------
    ndarray, [...]
        CRLB ``E[tr F^-1]`` [m²] (a 0-d array for scalar inputs).
    """
    if form not in CRLB_FORMS:
        raise InputError("form", f"must be one of {CRLB_FORMS}, got {form!r}")
    n = _check_num_bs(num_bs)
    pathloss_exp_sense = float(pathloss_exp_sense)
    if not pathloss_exp_sense >= 2:
        raise InputError("pathloss_exp_sense", f"must be >= 2, got {pathloss_exp_sense}")
    kappa = np.asarray(kappa_sense, dtype=float)
    if np.any(kappa <= 0) or np.any(kappa > 1):
        raise InputError("kappa_sense", f"must be in (0, 1], got {kappa_sense}")
    density = np.asarray(bs_density, dtype=float) * kappa
    if np.any(density <= 0):
        raise InputError("bs_density", f"must be > 0, got {bs_density}")
    zeta_sq = np.asarray(zeta_sq, dtype=float)
    with np.errstate(divide="ignore"):
        if form.startswith("theorem1"):
            if pathloss_exp_sense != 2.0:
                raise InputError("pathloss_exp_sense", f"Theorem 1 (22) needs beta = 2, got {pathloss_exp_sense}")
            constant = crlb_scaling_constant(density, zeta_sq, "printed" if form.endswith("printed") else "corrected")
            return (constant / np.log(n) ** 2)[()]  # Eq. (22); eq. (24) at the thinned density
        ranks = np.arange(1, int(n.max(initial=1)) + 1, dtype=float)
        scale = zeta_sq * (np.pi * density) ** pathloss_exp_sense  # E[d_k]^-beta = (pi lambda)^(beta/2) v_k
        if form == "eq21":
            pairs = _pair_sums(ranks ** (-pathloss_exp_sense / 2), n, include_diagonal=True)
            return (2.0 / (scale * pairs))[()]  # Eq. (21)
        log_mean_rank = special.gammaln(ranks + 0.5) - special.gammaln(ranks)  # ln(sqrt(pi lambda) E[d_k]), eq. (20)
        v = np.exp(-pathloss_exp_sense * log_mean_rank)
        if form == "prop2_printed":
            return (1.0 / (scale * _pair_sums(v, n, include_diagonal=True)))[()]  # Eq. (19)
        return (2.0 / (scale * _pair_sums(v, n, include_diagonal=False)))[()]  # Eq. (45)


def crlb_scaling_constant(bs_density, zeta_sq=1.0, constant: Literal["corrected", "printed"] = "corrected"):
    """``lim_{N->inf} CRLB ln^2 N`` for ``beta = 2`` (coop Thm. 1, eq. (22)) [m²].

    Parameters
    ----------
    bs_density : float or array_like
        ``lambda_b`` [m⁻²] (``kappa_s lambda_b`` for eq. (24)).
    zeta_sq : float or array_like
        ``|zeta|^2`` of eq. (8) [m²].
    constant : {"corrected", "printed"}
        ``corrected``: ``2 / (|zeta|^2 lambda_b^2 pi^2)`` (spec 000 §7.2, consistent with (21)
        and (45)); ``printed``: numerator 1.

    Returns
    -------
    ndarray
        [m²].
    """
    c = {"corrected": 2.0, "printed": 1.0}.get(constant)
    if c is None:
        raise InputError("crlb_constant", f"must be 'corrected' or 'printed', got {constant!r}")
    return c / (np.asarray(zeta_sq, dtype=float) * np.asarray(bs_density, dtype=float) ** 2 * np.pi**2)  # Eq. (22)


def acceptance_probability(mean_load, slots: int, offset: int = 0):
    """Probability that a request is accepted by a BS with Poisson load (coop App. D).

    A BS receives ``n ~ Poisson(mean_load)`` requests counted with ``offset`` of its own
    reserved ones; with ``n <= slots + offset`` all are served, otherwise a uniformly
    random ``slots`` of the ``n - offset`` others::

        kappa = sum_{n <= slots+offset} Pois(n) + sum_{n > slots+offset} slots/(n - offset) Pois(n).

    ``offset=0, slots=psi`` is Lemma 1 (sensing, spec 000 §8.1 (a)); ``offset=1,
    slots=psi-1`` is Lemma 2 (communication, eq. (25)).

    Parameters
    ----------
    mean_load : float or array_like
        Poisson mean ``m`` (>= 0).
    slots : int
        Requests that can be served (>= 1 for sensing, >= 0 otherwise).

    Returns
    -------
    ndarray
        Acceptance probability in [0, 1].
    """
    m = np.asarray(mean_load, dtype=float)
    head = special.gammaincc(slots + offset + 1, m)  # Q(psi+1, m) = P(n <= psi); tail-accurate
    n_max = int(np.max(m + 40 * np.sqrt(m + 1) + 60)) + slots + offset
    n = np.arange(slots + offset + 1, n_max + 1, dtype=float)
    pmf = np.exp(special.xlogy(n, m[..., None]) - m[..., None] - special.gammaln(n + 1))  # Poisson(n; m)
    tail = np.sum(slots / (n - offset) * pmf, axis=-1)
    return np.clip(head + tail, 0.0, 1.0)


def kappa_sense(num_bs, target_ratio: float, max_load: int,
                form: Literal["corrected", "printed", "palm"] = "corrected"):
    """Sensing cooperation acceptance probability ``kappa_s`` (coop Lemma 1, eq. (23)).

    Parameters
    ----------
    num_bs : int or array_like, [...]
        Sensing cluster size ``N``.
    target_ratio : float
        ``mu_s = lambda_s / lambda_b`` [1].
    max_load : int
        ``psi``, targets a BS can serve.
    form : {"corrected", "printed", "palm"}
        ``corrected`` (default, spec 000 §8.1 (a)): mean load ``mu_s N_bar``, all
        ``n <= psi`` accepted. ``printed``: eq. (23) as printed (drops the ``n = psi``
        term). ``palm``: request-level version with mean load ``mu_s N`` and
        ``psi / (n + 1)`` (the request itself is one of ``n + 1``), more accurate.

    Returns
    -------
    ndarray, [...]
        Probability in [0, 1].
    """
    n = np.asarray(num_bs, dtype=float)
    if form == "corrected":
        return acceptance_probability(target_ratio * mean_cluster_size_factor(n), max_load)  # Eq. (23), §8.1 (a)
    if form == "printed":
        m = np.asarray(target_ratio * mean_cluster_size_factor(n), dtype=float)
        # Eq. (23) as printed: Gamma(psi, m)/(psi-1)! + sum_{n >= psi+1} psi m^n / (n n!) e^-m
        return np.clip(special.gammaincc(max_load, m) + acceptance_probability(m, max_load)
                       - special.gammaincc(max_load + 1, m), 0.0, 1.0)
    if form == "palm":
        m = np.asarray(target_ratio * n, dtype=float)
        # sum_{n < psi} Pois(n) + sum_{n >= psi} psi/(n+1) Pois(n) = acceptance with offset -1
        return acceptance_probability(m, max_load, offset=-1)
    raise InputError("acceptance_form", f"must be 'corrected', 'printed' or 'palm', got {form!r}")
