"""Sensing side of paper ``coop`` (000): geometry gain, CRLB scaling laws, acceptance.

Distances are in metres and densities in m⁻²; ``zeta_sq`` is ``|zeta|^2`` of eq. (8)
in the matching unit (see :func:`isacnet.metrics.localization.zeta_squared`).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy import special, stats

from isacnet.errors import InputError

__all__ = [
    "expected_gdop",
    "expected_gdop_asymptotic",
    "mean_distance",
    "mean_cluster_size_factor",
    "expected_crlb_prop2",
    "expected_crlb_eq21",
    "crlb_scaling_constant",
    "expected_crlb_theorem1",
    "acceptance_probability",
    "kappa_sense",
    "expected_crlb_acceptance",
]


def expected_gdop(num_bs):
    """Expected GDoP over uniform i.i.d. bearings (coop Prop. 1, eq. (16)).

    ``E_theta[GDoP] ~ (2N + 2) / (N^3 - N^2)``. The paper calls it an approximation:
    it replaces the expectation of the ratio by the ratio of expectations. The true
    mean is infinite for ``N <= 3`` (degenerate geometries; spec 000 §6), and the
    formula's relative error is O(1/N) (spec 000 §6 table: 24 % at N = 6, 8 % at N = 20).

    Parameters
    ----------
    num_bs : int or array_like
        Sensing cluster size ``N`` (>= 2).

    Returns
    -------
    ndarray
        Dimensionless.
    """
    n = np.asarray(num_bs, dtype=float)
    return (2 * n + 2) / (n**3 - n**2)  # Eq. (16)


def expected_gdop_asymptotic(num_bs):
    """Large-``N`` law of the expected GDoP, ``2 / N^2`` (coop Cor. 1, eq. (17)).

    The paper writes "lim E[GDoP] = 2/N^2"; read as ``N^2 E[GDoP] -> 2`` (spec 000 §6).
    """
    n = np.asarray(num_bs, dtype=float)
    return 2.0 / n**2  # Eq. (17)


def mean_distance(n, density, exact: bool = True):
    """Mean distance from the typical point to the ``n``-th nearest PPP point (coop eq. (20)).

    Parameters
    ----------
    n : int or array_like
        Rank (>= 1).
    density : float
        PPP density [m⁻²].
    exact : bool
        ``Gamma(n + 1/2) / (sqrt(pi density) Gamma(n))``; else the approximation
        ``sqrt(n / (pi density))``.

    Returns
    -------
    ndarray
        Distance [m].
    """
    n = np.asarray(n, dtype=float)
    if exact:
        return np.exp(special.gammaln(n + 0.5) - special.gammaln(n)) / np.sqrt(np.pi * density)  # Eq. (20)
    return np.sqrt(n / (np.pi * density))  # Eq. (20), approximation


def mean_cluster_size_factor(n):
    """``N_bar = Gamma(N + 1/2)^2 / Gamma(N)^2 = pi lambda_b E[d_N]^2`` (coop Lemma 1, ~ N - 1/4)."""
    n = np.asarray(n, dtype=float)
    return np.exp(2 * (special.gammaln(n + 0.5) - special.gammaln(n)))


def _pair_sum(w, include_diagonal: bool):
    """``sum_k sum_l w_k w_l`` over all pairs or over ``k != l`` (last axis)."""
    s = np.sum(w, axis=-1)
    return s * s if include_diagonal else s * s - np.sum(w * w, axis=-1)


def expected_crlb_prop2(num_bs: int, density: float, beta: float = 2.0, zeta_sq: float = 1.0,
                        form: Literal["appendix", "printed"] = "appendix"):
    """Expected CRLB approximated through mean distances (coop Prop. 2).

    ``form="appendix"`` (default): App. B eq. (45), ``2 / (|zeta|^2 sum_{k != l} E[d_k]^-beta
    E[d_l]^-beta)``, which the spec adopts (spec 000 §7.2: MC supports the constant 2 and
    ``k != l``). ``form="printed"``: the body's eq. (19), constant 1 and all ``(k, l)``.

    Parameters
    ----------
    num_bs : int
        Sensing cluster size ``N`` (>= 2 for the appendix form).
    density : float
        BS density ``lambda_b`` [m⁻²] (thinned density ``kappa_s lambda_b`` for eq. (24)).
    beta : float
        Radar pathloss exponent.
    zeta_sq : float
        ``|zeta|^2`` of eq. (8).

    Returns
    -------
    float
        CRLB [m²]; ``inf`` for ``N = 1`` in the appendix form.
    """
    ed = mean_distance(np.arange(1, int(num_bs) + 1), density)
    w = ed ** (-beta)
    if form == "appendix":
        denom = _pair_sum(w, include_diagonal=False)
        with np.errstate(divide="ignore"):
            return float(2.0 / (zeta_sq * denom))  # Eq. (45)
    if form == "printed":
        return float(1.0 / (zeta_sq * _pair_sum(w, include_diagonal=True)))  # Eq. (19)
    raise InputError("form", f"must be 'appendix' or 'printed', got {form!r}")


def expected_crlb_eq21(num_bs: int, density: float, beta: float = 2.0, zeta_sq: float = 1.0):
    """Expected CRLB with ``E[d_n] ~ sqrt(n / (pi lambda_b))`` (coop eq. (21)) [m²].

    ``2 / (|zeta|^2 (lambda_b pi)^beta sum_k sum_l k^(-beta/2) l^(-beta/2))``, as printed
    (all ``(k, l)``, constant 2; spec 000 §7.2 table).
    """
    k = np.arange(1, int(num_bs) + 1, dtype=float)
    w = k ** (-beta / 2)
    return float(2.0 / (zeta_sq * (density * np.pi) ** beta * _pair_sum(w, True)))  # Eq. (21)


def crlb_scaling_constant(density: float, zeta_sq: float = 1.0, variant: Literal["corrected", "printed"] = "corrected"):
    """``lim_{N->inf} CRLB ln^2 N`` for ``beta = 2`` (coop Thm. 1, eq. (22)) [m²].

    ``corrected``: ``2 / (|zeta|^2 lambda_b^2 pi^2)`` (spec 000 §7.2, consistent with (21)
    and (45)); ``printed``: constant 1.
    """
    c = {"corrected": 2.0, "printed": 1.0}.get(variant)
    if c is None:
        raise InputError("variant", f"must be 'corrected' or 'printed', got {variant!r}")
    return c / (zeta_sq * density**2 * np.pi**2)  # Eq. (22)


def expected_crlb_theorem1(num_bs, density: float, zeta_sq: float = 1.0, variant="corrected"):
    """Large-``N`` CRLB law ``crlb_scaling_constant / ln^2 N`` (coop Thm. 1, ``beta = 2``) [m²]."""
    n = np.asarray(num_bs, dtype=float)
    with np.errstate(divide="ignore"):
        return crlb_scaling_constant(density, zeta_sq, variant) / np.log(n) ** 2


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
    pmf = stats.poisson.pmf(n, m[..., None])
    tail = np.sum(slots / (n - offset) * pmf, axis=-1)
    return np.clip(head + tail, 0.0, 1.0)


def kappa_sense(num_bs, density_ratio: float, max_load: int,
                variant: Literal["corrected", "printed", "palm"] = "corrected"):
    """Sensing cooperation acceptance probability ``kappa_s`` (coop Lemma 1, eq. (23)).

    Parameters
    ----------
    num_bs : int or array_like
        Sensing cluster size ``N``.
    density_ratio : float
        ``mu_s = lambda_s / lambda_b``.
    max_load : int
        ``psi``, targets a BS can serve.
    variant : {"corrected", "printed", "palm"}
        ``corrected`` (default, spec 000 §8.1 (a)): mean load ``mu_s N_bar``, all
        ``n <= psi`` accepted. ``printed``: eq. (23) as printed (drops the ``n = psi``
        term). ``palm``: request-level version with mean load ``mu_s N`` and
        ``psi / (n + 1)`` (the request itself is one of ``n + 1``), more accurate.

    Returns
    -------
    ndarray
        Probability in [0, 1].
    """
    n = np.asarray(num_bs, dtype=float)
    if variant == "corrected":
        return acceptance_probability(density_ratio * mean_cluster_size_factor(n), max_load)  # Eq. (23), §8.1 (a)
    if variant == "printed":
        m = np.asarray(density_ratio * mean_cluster_size_factor(n), dtype=float)
        # Eq. (23) as printed: Gamma(psi, m)/(psi-1)! + sum_{n >= psi+1} psi m^n / (n n!) e^-m
        return np.clip(special.gammaincc(max_load, m) + acceptance_probability(m, max_load)
                       - special.gammaincc(max_load + 1, m), 0.0, 1.0)
    if variant == "palm":
        m = np.asarray(density_ratio * n, dtype=float)
        # sum_{n < psi} Pois(n) + sum_{n >= psi} psi/(n+1) Pois(n) = acceptance with offset -1
        return acceptance_probability(m, max_load, offset=-1)
    raise InputError("variant", f"must be 'corrected', 'printed' or 'palm', got {variant!r}")


def expected_crlb_acceptance(num_bs, density: float, kappa, zeta_sq: float = 1.0, variant="corrected"):
    """CRLB with cooperation acceptance, ``beta = 2`` (coop eq. (24)) [m²].

    Thinning ``lambda_b -> kappa_s lambda_b`` in Theorem 1:
    ``2 / (kappa_s^2 |zeta|^2 lambda_b^2 pi^2 ln^2 N)`` (spec 000 §8.2; ``variant="printed"``:
    numerator 1).
    """
    k = np.asarray(kappa, dtype=float)
    return expected_crlb_theorem1(num_bs, density * k, zeta_sq, variant)  # Eq. (24)
