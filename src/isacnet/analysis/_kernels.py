"""Closed-form kernels shared by several papers' analyses."""

from __future__ import annotations

import numpy as np
from scipy import special

__all__ = ["interference_kernel"]


def interference_kernel(x, order, pathloss_exp: float, eta):
    """General interference kernel ``H(x, K, alpha, eta)`` (coop Lemma 3, spec 000 §9; nulling eq. (37)).

    ``H = 2 int_{1/eta}^inf (1 - (1 + x y^-alpha)^-K) y dy
        = K x^(2/alpha) B(x / (x + eta^-alpha); 1 - 2/alpha, K + 2/alpha) + ((1 + x eta^alpha)^-K - 1) / eta^2``,

    the Laplace-transform exponent of a PPP of interferers with ``Gamma(K)`` gains beyond the
    normalised radius ``1/eta``. ``B(.; a, b)`` is the unnormalised incomplete beta function.

    Parameters
    ----------
    x : array_like
        Normalised Laplace variable (``z P``), >= 0 [dimensionless].
    order : float or array_like
        Gamma shape ``K`` of the gains (> 0).
    pathloss_exp : float
        Pathloss exponent ``alpha`` (> 2).
    eta : array_like
        Distance ratio in (0, 1] (broadcast with ``x``).

    Returns
    -------
    ndarray
        Broadcast shape of the inputs.
    """
    x = np.asarray(x, dtype=float)
    eta = np.asarray(eta, dtype=float)
    k = np.asarray(order, dtype=float)
    alpha = pathloss_exp
    a, b = 1.0 - 2.0 / alpha, k + 2.0 / alpha
    xe = x * eta**alpha
    y = xe / (xe + 1.0)  # = x / (x + eta^-alpha)
    beta_inc = special.betainc(a, b, y) * special.beta(a, b)
    return k * x ** (2.0 / alpha) * beta_inc + np.expm1(-k * np.log1p(xe)) / eta**2
