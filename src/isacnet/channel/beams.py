"""Array responses parameterised by spatial frequency (paper ``deploy``, spec 004 §1).

:func:`isacnet.channel.mimo.steering_vector` takes a bearing ``θ``; paper 004 writes the same
half-wavelength ULA response in the spatial frequency ``ω = cos θ ∈ [−1, 1]`` and draws ``ω``
uniformly (spec 004 §2), which is not a uniform bearing.
"""

from __future__ import annotations

import numpy as np

__all__ = ["steering_vector_spatial"]


def steering_vector_spatial(spatial_frequency, num_antennas: int):
    """Half-wavelength ULA steering vector ``a(ω) = [1, e^{jπω}, …, e^{jπ(M−1)ω}]`` (spec 004 §1).

    Parameters
    ----------
    spatial_frequency : array_like, [...]
        ``ω = cos θ`` (dimensionless, in [−1, 1]).
    num_antennas : int
        ``M_t``.

    Returns
    -------
    ndarray, complex, [..., num_antennas]
    """
    m = np.arange(int(num_antennas))
    return np.exp(1j * np.pi * np.asarray(spatial_frequency, dtype=float)[..., None] * m)
