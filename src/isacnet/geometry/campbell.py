"""Campbell's theorem for the far field of a PPP: the mean interference beyond a radius.

Monte Carlo estimators draw the nearest interferers exactly and replace everything beyond the
last of them by its mean; :func:`isacnet.geometry.ppp_interference` does this for a PPP drawn
around the typical point, :func:`ppp_tail_mean` gives the mean alone (for a network that is
already drawn, such as a simulated torus).
"""

from __future__ import annotations

import numpy as np

__all__ = ["ppp_tail_mean"]


def ppp_tail_mean(density: float, radius, pathloss_exp: float, gain_mean: float = 1.0):
    """Mean of ``sum_{|x| > radius} g_x |x|^-alpha`` over a PPP (Campbell's theorem).

    ``E = 2 pi lambda E[g] radius^(2 - alpha) / (alpha - 2)``.

    Parameters
    ----------
    density : float
        PPP density ``lambda`` [m⁻²].
    radius : array_like, [...]
        Inner radius [m].
    pathloss_exp : float
        ``alpha`` (> 2).
    gain_mean : float
        ``E[g]`` of the i.i.d. marks (fading gains) [-].

    Returns
    -------
    ndarray, [...]
        [m^-alpha].
    """
    return 2 * np.pi * density * gain_mean * np.asarray(radius) ** (2 - pathloss_exp) / (pathloss_exp - 2)
