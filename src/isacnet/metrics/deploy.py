"""Area sensing and communication metrics of a 3-D BS deployment (paper ``deploy``, 004).

ToF bistatic-range Fisher information, per-point / expected / area CRLB, sensing
coverage probability, and the non-coherent CoMP SNR and rate (exact Hamdi integral and
the mean-gain surrogate). Everything follows spec 004 §3–§4 (the paper's equations were
lost in extraction; the spec reconstructs them).

Shapes: targets ``[num_targets, 3]``, users ``[num_users, 3]``, BS positions
``[num_bs, 3]``; beam-gain draws add leading axes ``[..., num_bs]``. Units: m, W, m²
(CRLB), rates in bits/s/Hz where the name ends in ``_bits``.
"""

from __future__ import annotations

import math

import numpy as np

from isacnet.errors import InputError
from isacnet.units import SPEED_OF_LIGHT

__all__ = [
    "SPEED_OF_LIGHT",
    "zeta_squared",
    "bistatic_geometry",
    "fisher_information",
    "fisher_information_loop",
    "project_fim",
    "trace_inverse",
    "crlb",
    "sample_beam_gains",
    "expected_crlb_monte_carlo",
    "area_crlb",
    "coverage_probability",
    "coverage_probability_swerling1",
    "comp_snr_mean_gain",
    "rate_mean_gain_bits",
    "rate_exact_bits",
    "rate_monte_carlo_bits",
    "area_rate_bits",
]

def zeta_squared(
    power_sense: float,
    bandwidth: float,
    noise_power: float,
    num_tx_antennas: int,
    num_rx_antennas: int,
    rcs: float = 1.0,
    reference_gain: float = 1.0,
    effective_bandwidth: str = "full",
) -> float:
    """Per-link Fisher-weight constant ``ζ²`` of the ToF range model.

    ``ζ² = 8 π² B_eff² p_s Ḡ_t G_r ς C_0 / (c² σ_s²)`` with ``Ḡ_t = M_t − 1``, ``G_r = M_r``
    (spec 004 §3.2, reconstruction of the variance below eq. (5) of deploy from the
    Godrich–Haimovich–Blum ToA bound).

    Parameters
    ----------
    power_sense : float
        ``p_s`` [W].
    bandwidth : float
        ``B`` [Hz].
    noise_power : float
        ``σ_s²`` [W].
    num_tx_antennas, num_rx_antennas : int
        ``M_t`` (>= 2) and ``M_r``.
    rcs : float
        ``ς`` [m²].
    reference_gain : float
        ``C_0`` [m^(2β−2)·...] (unknown in 004, spec §3.2 default 1).
    effective_bandwidth : {"full", "flat"}
        ``B_eff² = B²`` (default, 000's "squared effective bandwidth") or ``B²/12``.

    Returns
    -------
    float
        ``ζ²`` [m^(2β−2)] so that ``w_nm = ζ² r_n^-β r_m^-β`` is in [m⁻²].
    """
    if num_tx_antennas < 2:
        raise InputError("num_tx_antennas", f"must be >= 2 (ZF needs M_t - 1 >= 1), got {num_tx_antennas}")
    for name, v in (("power_sense", power_sense), ("bandwidth", bandwidth), ("noise_power", noise_power),
                    ("rcs", rcs), ("reference_gain", reference_gain), ("num_rx_antennas", num_rx_antennas)):
        if not v > 0:
            raise InputError(name, f"must be > 0, got {v}")
    if effective_bandwidth not in ("full", "flat"):
        raise InputError("effective_bandwidth", f"must be 'full' or 'flat', got {effective_bandwidth!r}")
    b_eff2 = bandwidth**2 if effective_bandwidth == "full" else bandwidth**2 / 12.0
    g_bar = num_tx_antennas - 1.0
    return float(8 * math.pi**2 * b_eff2 * power_sense * g_bar * num_rx_antennas * rcs * reference_gain
                 / (SPEED_OF_LIGHT**2 * noise_power))  # spec 004 §3.2


def bistatic_geometry(targets: np.ndarray, layout: np.ndarray):
    """Distances and unit vectors from every BS to every target.

    Parameters
    ----------
    targets : ndarray, [num_targets, 3]
        [m].
    layout : ndarray, [..., num_bs, 3]
        [m].

    Returns
    -------
    dist : ndarray, [..., num_targets, num_bs]
        ``r_n(t) = ||t − u_n||`` [m].
    unit : ndarray, [..., num_targets, num_bs, 3]
        ``e_n(t) = (t − u_n)/r_n`` (spec 004 §1).
    """
    diff = targets[..., :, None, :] - layout[..., None, :, :]
    dist = np.sqrt(np.sum(diff * diff, axis=-1))
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = diff / dist[..., None]
    return dist, unit


def fisher_information(targets, layout, zeta2: float, pathloss_exp_sense: float, gain_ratio=None) -> np.ndarray:
    """3×3 FIM of the target position from all ``N²`` bistatic ToF ranges.

    ``F(t) = Σ_n Σ_m w_nm h_nm h_nmᵀ``, ``h_nm = e_n + e_m``,
    ``w_nm = ζ² (G_t^(n)/Ḡ_t) r_n^-β r_m^-β`` (deploy eq. (6), spec 004 §3.2–3.3), evaluated
    in O(I·N) with ``Σ_nm ζ_n a_n a_m (e_n+e_m)(e_n+e_m)ᵀ = (Σa) Σ ζ a e eᵀ + (Σζa) Σ a e eᵀ
    + x yᵀ + y xᵀ``, ``a_n = r_n^-β``, ``x = Σ ζ_n a_n e_n``, ``y = Σ a_n e_n``.

    Parameters
    ----------
    targets : ndarray, [num_targets, 3]
        [m].
    layout : ndarray, [num_bs, 3] or [..., num_bs, 3]
        [m].
    zeta2 : float
        ``ζ²`` [m^(2β−2)], see :func:`zeta_squared`.
    pathloss_exp_sense : float
        ``β`` (BS–target, per hop).
    gain_ratio : ndarray, [..., num_bs], optional
        ``G_t^(n)/Ḡ_t`` (1 = mean gain, default).

    Returns
    -------
    ndarray, [..., num_targets, 3, 3]
        [m⁻²].
    """
    targets = np.asarray(targets, dtype=float)
    layout = np.asarray(layout, dtype=float)
    dist, e = bistatic_geometry(targets, layout)
    with np.errstate(divide="ignore", invalid="ignore"):  # a BS on a target: infinite weight -> CRLB inf/nan
        a = dist ** (-pathloss_exp_sense)  # [..., I, N]
    z = a if gain_ratio is None else a * np.asarray(gain_ratio, dtype=float)[..., None, :]
    sa = a.sum(-1)[..., None, None]
    sz = z.sum(-1)[..., None, None]
    eet = e[..., :, None] * e[..., None, :]  # [..., I, N, 3, 3]
    x = np.einsum("...n,...nk->...k", z, e)
    y = np.einsum("...n,...nk->...k", a, e)
    with np.errstate(invalid="ignore", over="ignore"):
        f = sa * np.einsum("...n,...nkl->...kl", z, eet) + sz * np.einsum("...n,...nkl->...kl", a, eet)
        cross = x[..., :, None] * y[..., None, :]
        return zeta2 * (f + cross + np.swapaxes(cross, -1, -2))  # Eq. (6)


def fisher_information_loop(targets, layout, zeta2: float, pathloss_exp_sense: float) -> np.ndarray:
    """Reference per-point, per-link double loop of eq. (6) (for tests and benchmarks only).

    Same arguments as :func:`fisher_information` (mean gain); returns [num_targets, 3, 3].
    """
    targets = np.asarray(targets, dtype=float)
    layout = np.asarray(layout, dtype=float)
    out = np.zeros((len(targets), 3, 3))
    for i, t in enumerate(targets):
        for n in range(len(layout)):
            for m in range(len(layout)):
                rn = np.linalg.norm(t - layout[n])
                rm = np.linalg.norm(t - layout[m])
                h = (t - layout[n]) / rn + (t - layout[m]) / rm
                out[i] += zeta2 * rn**-pathloss_exp_sense * rm**-pathloss_exp_sense * np.outer(h, h)
    return out


def project_fim(fim: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """In-region FIM ``B F Bᵀ`` [..., d, d] for an orthonormal basis ``basis`` [d, 3] of the
    region's span (spec 004 §1, ``estimate_dims = "in_region"``)."""
    return np.einsum("ik,...kl,jl->...ij", basis, fim, basis)


def trace_inverse(fim: np.ndarray) -> np.ndarray:
    """``tr(F⁻¹)`` of symmetric positive semidefinite matrices [..., d, d] (``inf`` where singular).

    3×3 uses the adjugate, ``tr F⁻¹ = (sum of principal 2×2 minors)/det F``; 1×1 and 2×2
    likewise; other sizes fall back to a batched inverse.
    """
    d = fim.shape[-1]
    if d == 1:
        det = fim[..., 0, 0]
        num = np.ones_like(det)
    elif d == 2:
        det = fim[..., 0, 0] * fim[..., 1, 1] - fim[..., 0, 1] * fim[..., 1, 0]
        num = fim[..., 0, 0] + fim[..., 1, 1]
    elif d == 3:
        a, b, c = fim[..., 0, 0], fim[..., 1, 1], fim[..., 2, 2]
        x, y, z = fim[..., 0, 1], fim[..., 0, 2], fim[..., 1, 2]
        num = (b * c - z * z) + (a * c - y * y) + (a * b - x * x)
        det = a * (b * c - z * z) - x * (x * c - z * y) + y * (x * z - b * y)
    else:  # pragma: no cover - d <= 3 in this package
        return np.trace(np.linalg.inv(fim), axis1=-2, axis2=-1)
    scale = np.abs(fim).max(axis=(-2, -1)) ** d
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / det
    bad = ~(det > 1e-13 * scale) | ~np.isfinite(out)
    return np.where(bad, np.inf, out)


def crlb(targets, layout, zeta2: float, pathloss_exp_sense: float, gain_ratio=None, basis=None) -> np.ndarray:
    """Per-point position CRLB ``tr F⁻¹(t)`` [m²] (deploy eq. (4), (6)).

    Parameters
    ----------
    targets : ndarray, [num_targets, 3]
    layout : ndarray, [..., num_bs, 3]
    zeta2, pathloss_exp_sense, gain_ratio : see :func:`fisher_information`
    basis : ndarray, [d, 3], optional
        Orthonormal basis of the region span: in-region d×d CRLB; ``None`` = 3-D (default).

    Returns
    -------
    ndarray, [..., num_targets]
        [m²]; ``inf`` where the FIM is singular.
    """
    f = fisher_information(targets, layout, zeta2, pathloss_exp_sense, gain_ratio)
    if basis is not None:
        f = project_fim(f, np.asarray(basis, dtype=float))
    return trace_inverse(f)


def sample_beam_gains(rng: np.random.Generator, num_tx_antennas: int, size) -> np.ndarray:
    """Transmit sensing beam gains ``G_t / Ḡ_t`` of ZF beams, ``G_t = M_t B``, ``B ~ Beta(M_t−1, 1)``
    (spec 004 §2), normalised by ``Ḡ_t = M_t − 1``.

    Parameters
    ----------
    rng : numpy.random.Generator
    num_tx_antennas : int
        ``M_t`` (>= 2).
    size : int or tuple
        Output shape, e.g. ``(num_draws, num_bs)``.

    Returns
    -------
    ndarray, ``size``
        Mean 1.
    """
    if num_tx_antennas < 2:
        raise InputError("num_tx_antennas", f"must be >= 2, got {num_tx_antennas}")
    return num_tx_antennas * rng.beta(num_tx_antennas - 1.0, 1.0, size) / (num_tx_antennas - 1.0)


def expected_crlb_monte_carlo(rng, targets, layout, zeta2, pathloss_exp_sense, num_tx_antennas, num_draws=256,
                              basis=None):
    """Monte Carlo estimate of the expected CRLB (7) over ZF beam gains (deploy eq. (7), spec 004 §3.4).

    Parameters
    ----------
    rng : numpy.random.Generator
    targets : ndarray, [num_targets, 3]
        [m].
    layout : ndarray, [num_bs, 3]
        BS positions [m].
    zeta2, pathloss_exp_sense : see :func:`fisher_information`
    num_tx_antennas : int
        ``M_t`` (>= 2); beam gains ``G_t = M_t Beta(M_t − 1, 1)``.
    num_draws : int
        Beam-gain draws (>= 2).
    basis : ndarray, [d, 3], optional
        In-region basis (see :func:`crlb`).

    Returns
    -------
    mean : ndarray, [num_targets]
        ``E_G[tr F⁻¹(t)]`` [m²] (>= the mean-gain CRLB by Jensen, spec 004 §3.4).
    std_error : ndarray, [num_targets]
        Its standard error [m²].
    """
    if num_draws < 2:
        raise InputError("num_draws", f"must be >= 2, got {num_draws}")
    g = sample_beam_gains(rng, num_tx_antennas, (num_draws, len(np.atleast_2d(layout))))
    c = crlb(targets, np.asarray(layout, dtype=float)[None], zeta2, pathloss_exp_sense, g, basis)  # [draws, I]
    return c.mean(0), c.std(0, ddof=1) / math.sqrt(num_draws)


def area_crlb(crlb_values, weights=None) -> float:
    """Sampled area CRLB (8): ``Σ w_i CRLB(t_i) / Σ w_i`` [m²] (uniform when ``weights`` is None;
    density weights ``f_T(t_i)`` for non-uniform targets, spec 004 §3.4)."""
    c = np.asarray(crlb_values, dtype=float)
    w = np.ones(c.shape[-1]) if weights is None else np.asarray(weights, dtype=float)
    return np.sum(c * w, axis=-1) / np.sum(w)


def _weighted_coverage(crlb_values, threshold, weights, covered):
    """``sum_t w_t covered(CRLB_t, γ) / sum_t w_t`` for each threshold ``γ`` (> 0) [1]."""
    g = np.asarray(threshold, dtype=float)
    if np.any(~(g > 0)):
        raise InputError("threshold", f"must be > 0, got {threshold}")
    c = np.asarray(crlb_values, dtype=float)
    w = np.ones(c.shape[-1]) if weights is None else np.asarray(weights, dtype=float)
    cov = (covered(c[None, :], g.reshape(-1, 1)) * w).sum(-1) / w.sum()
    return float(cov[0]) if g.ndim == 0 else cov


def coverage_probability(crlb_values, threshold, weights=None):
    """Sensing coverage ``P(CRLB(t) <= γ)`` over the (weighted) target samples (spec 004 §3.4).

    Parameters
    ----------
    crlb_values : ndarray, [num_targets]
        [m²].
    threshold : float or ndarray, [num_thresholds]
        ``γ`` [m²], > 0.
    weights : ndarray, [num_targets], optional

    Returns
    -------
    float or ndarray, [num_thresholds]
    """
    return _weighted_coverage(crlb_values, threshold, weights, lambda c, g: c <= g)


def coverage_probability_swerling1(crlb_values, threshold, weights=None):
    """Sensing coverage ``P(CRLB(t, ς) <= γ)`` with a Swerling-I target (RCS ``ς ~ Exp(ς̄)``).

    Every bistatic link of one target sees the same RCS ``ς``, so the FIM (6) scales with
    ``ς / ς̄`` and ``CRLB(t, ς) = CRLB(t, ς̄) ς̄ / ς``: ``P(CRLB <= γ) = P(ς >= ς̄ CRLB(t, ς̄)/γ)
    = exp(−CRLB(t, ς̄) / γ)``, averaged over the (weighted) target samples. The RCS model is the
    one of the sister paper coop (000, Sec. II: Swerling I with mean ``σ_av``), whose FIM deploy
    reuses (spec 004 §3.1 [S]); the coverage definition of deploy itself was lost (spec 004 §3.4).

    Parameters
    ----------
    crlb_values : ndarray, [num_targets]
        CRLB at the mean RCS ``ς̄`` [m²] (``inf`` where the FIM is singular: never covered).
    threshold : float or ndarray, [num_thresholds]
        ``γ`` [m²], > 0.
    weights : ndarray, [num_targets], optional

    Returns
    -------
    float or ndarray, [num_thresholds]
    """
    return _weighted_coverage(crlb_values, threshold, weights, lambda c, g: np.exp(-c / g))


def _link_snr(users, layout, power_comm, noise_power, pathloss_exp):
    """``γ_n(q) = p_c ||u_n − q||^-α / σ_c²`` [..., num_users, num_bs] (spec 004 §4)."""
    d, _ = bistatic_geometry(np.asarray(users, dtype=float), np.asarray(layout, dtype=float))
    return power_comm * d ** (-pathloss_exp) / noise_power


def comp_snr_mean_gain(users, layout, power_comm, noise_power, pathloss_exp, num_tx_antennas):
    """Mean-gain CoMP SNR ``(M_t−1) p_c Σ_n ||u_n−q||^-α / σ_c²`` [num_users] (deploy eq. (10) with
    ``g_n → E g_n``, spec 004 §4)."""
    return (num_tx_antennas - 1) * _link_snr(users, layout, power_comm, noise_power, pathloss_exp).sum(-1)


def rate_mean_gain_bits(users, layout, power_comm, noise_power, pathloss_exp, num_tx_antennas):
    """Mean-gain surrogate ``R̄(q) = log2(1 + SNR̄(q))`` [bits/s/Hz], [..., num_users]; a Jensen upper
    bound of eq. (11) (spec 004 §4)."""
    return np.log2(1 + comp_snr_mean_gain(users, layout, power_comm, noise_power, pathloss_exp, num_tx_antennas))


# Hamdi integral on z = exp(x): smooth integrand, trapezoid rule converges geometrically.
_HAMDI_X = np.linspace(-45.0, 4.5, 1200)
_HAMDI_DX = _HAMDI_X[1] - _HAMDI_X[0]
_HAMDI_Z = np.exp(_HAMDI_X)


def rate_exact_bits(users, layout, power_comm, noise_power, pathloss_exp, num_tx_antennas):
    """Exact ergodic CoMP rate ``E[log2(1+SNR(q))]`` with ``g_n ~ Γ(M_t−1, p_c)`` i.i.d. (deploy
    eq. (10)–(11)) by Hamdi's lemma,
    ``R = (1/ln 2) ∫_0^∞ (e^{-z}/z) (1 − Π_n (1 + z γ_n)^{-(M_t−1)}) dz`` (spec 004 §4),
    integrated on ``z = e^x`` with the trapezoid rule (relative error < 1e-9 for SNRs up to 1e12).

    Parameters
    ----------
    users : ndarray, [num_users, 3]
        [m].
    layout : ndarray, [num_bs, 3]
        [m].
    power_comm, noise_power : float
        ``p_c``, ``σ_c²`` [W].
    pathloss_exp : float
        ``α``.
    num_tx_antennas : int
        ``M_t``.

    Returns
    -------
    ndarray, [num_users]
        [bits/s/Hz].
    """
    gam = _link_snr(users, layout, power_comm, noise_power, pathloss_exp)  # [J, N]
    log_prod = (num_tx_antennas - 1) * np.log1p(_HAMDI_Z[:, None, None] * gam[None]).sum(-1)  # [K, J]
    integrand = np.exp(-_HAMDI_Z)[:, None] * (-np.expm1(-log_prod))  # e^{-z}/z * (..) * dz/dx (= z)
    val = _HAMDI_DX * (integrand.sum(0) - 0.5 * (integrand[0] + integrand[-1]))
    return val / math.log(2)


def rate_monte_carlo_bits(rng, users, layout, power_comm, noise_power, pathloss_exp, num_tx_antennas, size):
    """Rate samples ``log2(1 + Σ g_n γ_n/p_c)``, ``g_n ~ Γ(M_t−1, p_c)`` [size, num_users] (eq. (10))."""
    gam = _link_snr(users, layout, power_comm, noise_power, pathloss_exp) / power_comm  # [J, N]
    g = rng.gamma(num_tx_antennas - 1.0, power_comm, (size, 1, gam.shape[-1]))
    return np.log2(1 + (g * gam[None]).sum(-1))


def area_rate_bits(rate_values, weights=None) -> float:
    """Area rate (12): ``Σ w_j R(q_j)/Σ w_j`` [bits/s/Hz] (density weights ``f_U`` optional)."""
    r = np.asarray(rate_values, dtype=float)
    w = np.ones(r.shape[-1]) if weights is None else np.asarray(weights, dtype=float)
    return np.sum(r * w, axis=-1) / np.sum(w)
