"""Vectorised evaluation of a layout over the plan's pixels (paper ``deploy``, 004, spec 004 §3–§4).

Sensing: the ToF bistatic-range FIM of eq. (6) at every target pixel, with the links of the
sites within ``max_range`` of the pixel only (a site farther away contributes nothing), and
per-site transmit and receive factors::

    F(t) = Σ_n Σ_m τ_n ρ_m a_n a_m (e_n + e_m)(e_n + e_m)ᵀ,   a_n = r_n^-β · 1{r_n <= max_range},
    τ_n = 8π² B_n² p_s^(n) (M_t^(n) − 1) ς C_0 / (c² σ²),   ρ_m = M_r^(m)

(``τ_n ρ_m = ζ²`` of spec 004 §3.2 when every site is alike), evaluated in O(N) per pixel as
``(Σy) Σ z e eᵀ + (Σz) Σ y e eᵀ + X Yᵀ + Y Xᵀ`` with ``z = τ a``, ``y = ρ a``, ``X = Σ z e``,
``Y = Σ y e`` (the identity of :func:`isacnet.metrics.deploy.fisher_information`, with a
receive factor and a per-pixel link mask added). ``CRLB = tr F⁻¹`` (eq. (4)) in 3-D or in the
horizontal plane; ZF beam gains ``G_t^(n)/Ḡ_t`` (spec 004 §2) drawn per site give the
per-pixel coverage probability ``P(CRLB <= γ)``.

Communication: the mean-gain CoMP rate ``log2(1 + Σ_n (M_t^(n) − 1) p_c^(n) d_n^-α / σ²)`` and
the exact ergodic rate with ``g_n ~ Γ(M_t^(n) − 1, p_c^(n))`` by Hamdi's lemma (eq. (10)–(11),
spec 004 §4), every site cooperating (the deploy model: noise limited, no interference).

Pixels are processed in chunks so that memory stays bounded (``[chunk, num_sites, 10]``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from isacnet.errors import InputError
from isacnet.metrics.deploy import (
    crlb as point_crlb,
)
from isacnet.metrics.deploy import (
    project_fim,
    rate_exact_bits,
    rate_mean_gain_bits,
    sample_beam_gains,
    trace_inverse,
    zeta_squared,
)
from isacnet.plan._config import RadioConfig
from isacnet.units import dbm_to_watt

__all__ = [
    "LinkModel",
    "link_model",
    "HORIZONTAL_BASIS",
    "sensing_fields",
    "crlb_increment_scores",
    "comm_fields",
    "mean_gain_snr",
    "draw_beam_gains",
    "evaluate_points_loop",
    "AreaEvaluation",
    "CommEvaluation",
    "LayoutEvaluation",
    "evaluate_layout",
]

HORIZONTAL_BASIS = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
_CHUNK = 2048


@dataclass(frozen=True)
class LinkModel:
    """Per-site link constants (all arrays [num_sites]).

    Attributes
    ----------
    tx_factor : ndarray
        ``τ_n`` [m^(2β−2)]: ζ² of spec 004 §3.2 without the receive gain.
    rx_factor : ndarray
        ``ρ_m = M_r^(m)``.
    comm_shape : ndarray
        ``M_t^(n) − 1`` (shape of the ZF comm gain, and the mean-gain array gain).
    comm_scale : ndarray
        ``p_c^(n) / σ²`` [m^α] (``γ_n = comm_scale · d^-α``).
    num_tx_antennas : ndarray of int
        ``M_t^(n)`` (beam-gain law).
    pathloss_exp_sense, pathloss_exp : float
        ``β``, ``α``.
    """

    tx_factor: np.ndarray
    rx_factor: np.ndarray
    comm_shape: np.ndarray
    comm_scale: np.ndarray
    num_tx_antennas: np.ndarray
    pathloss_exp_sense: float
    pathloss_exp: float

    def __len__(self) -> int:
        return len(self.tx_factor)

    def take(self, index) -> LinkModel:
        """The model of the sites ``index``."""
        idx = np.asarray(index)
        return LinkModel(self.tx_factor[idx], self.rx_factor[idx], self.comm_shape[idx], self.comm_scale[idx],
                         self.num_tx_antennas[idx], self.pathloss_exp_sense, self.pathloss_exp)

    def append(self, other: LinkModel) -> LinkModel:
        """The sites of ``self`` followed by those of ``other``."""
        def cat(name):
            return np.concatenate([getattr(self, name), getattr(other, name)])

        return LinkModel(cat("tx_factor"), cat("rx_factor"), cat("comm_shape"), cat("comm_scale"),
                         cat("num_tx_antennas"), self.pathloss_exp_sense, self.pathloss_exp)

    @property
    def uniform(self) -> bool:
        """Every site alike (then ``τ ρ = ζ²`` and the scalar deploy model applies)."""
        return all(np.ptp(getattr(self, f)) == 0 for f in ("tx_factor", "rx_factor", "comm_shape", "comm_scale"))


def link_model(radio: RadioConfig, power, num_tx_antennas, num_rx_antennas, bandwidth) -> LinkModel:
    """Per-site constants from the plan's radio defaults and per-site columns.

    Parameters
    ----------
    radio : RadioConfig
    power : array_like, [num_sites]
        Transmit power ``P`` [W] (split ``p_c = f P``, ``p_s = (1 − f) P``).
    num_tx_antennas, num_rx_antennas : array_like of int, [num_sites]
    bandwidth : array_like, [num_sites]
        [Hz].
    """
    noise = float(dbm_to_watt(radio.noise_power_dbm))
    power = np.asarray(power, float)
    mt = np.asarray(num_tx_antennas, int)
    tau = np.array([zeta_squared(p * (1 - radio.power_comm_fraction), b, noise, int(m), 1, radio.rcs,
                                 radio.reference_gain, radio.effective_bandwidth)
                    for p, b, m in zip(power, np.asarray(bandwidth, float), mt)])  # spec 004 §3.2 with G_r = 1
    return LinkModel(tau, np.asarray(num_rx_antennas, float), (mt - 1).astype(float),
                     power * radio.power_comm_fraction / noise, mt, float(radio.pathloss_exp_sense),
                     float(radio.pathloss_exp))


def draw_beam_gains(rng: np.random.Generator, num_tx_antennas, num_draws: int) -> np.ndarray:
    """ZF transmit beam gains ``G_t^(n)/Ḡ_t`` (spec 004 §2), one column per site.

    Returns
    -------
    ndarray, [num_draws, num_sites]
        Mean 1.
    """
    mt = np.asarray(num_tx_antennas, int)
    out = np.empty((num_draws, mt.size))
    for m in np.unique(mt):
        cols = np.flatnonzero(mt == m)
        out[:, cols] = sample_beam_gains(rng, int(m), (num_draws, cols.size))
    return out


# -- sensing -----------------------------------------------------------------------------------
def _link_terms(points, sites, link: LinkModel, max_range):
    """``a`` [P, N] (masked ``r^-β``), the direction terms ``[1, e, e eᵀ (6)]`` [P, N, 10] and the mask."""
    diff = points[:, None, :] - sites[None, :, :]
    r2 = np.einsum("pnk,pnk->pn", diff, diff)
    ok = r2 > 0
    if max_range is not None:
        ok &= r2 <= max_range * max_range
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_r = np.where(ok, 1.0 / np.sqrt(r2), 0.0)
        a = inv_r * inv_r if link.pathloss_exp_sense == 2.0 else inv_r**link.pathloss_exp_sense
    terms = np.empty((*a.shape, 10))
    terms[..., 0] = 1.0
    e = terms[..., 1:4]
    np.multiply(diff, inv_r[..., None], out=e)
    np.multiply(e[..., 0], e[..., 0], out=terms[..., 4])
    np.multiply(e[..., 1], e[..., 1], out=terms[..., 5])
    np.multiply(e[..., 2], e[..., 2], out=terms[..., 6])
    np.multiply(e[..., 0], e[..., 1], out=terms[..., 7])
    np.multiply(e[..., 0], e[..., 2], out=terms[..., 8])
    np.multiply(e[..., 1], e[..., 2], out=terms[..., 9])
    return a, terms, ok


def _weighted_sums(weights, terms) -> np.ndarray:
    """``Σ_n weights[..., n] terms[p, n, :]``: weights [P, N] → [P, 10]; [P, D, N] → [P, D, 10]."""
    if weights.ndim == 2:
        return np.matmul(weights[:, None, :], terms)[:, 0, :]
    return np.matmul(weights, terms)


_SYM = ((0, 0, 4), (1, 1, 5), (2, 2, 6), (0, 1, 7), (0, 2, 8), (1, 2, 9))


def _assemble(tx_sums, rx_sums) -> np.ndarray:
    """``F = (Σy) Σz eeᵀ + (Σz) Σy eeᵀ + X Yᵀ + Y Xᵀ`` from the sums ``[..., 10]`` of ``z·terms`` and
    ``y·terms`` (eq. (6) of deploy in the O(N) form)."""
    sz, sy = tx_sums[..., 0], rx_sums[..., 0]
    x, y = tx_sums[..., 1:4], rx_sums[..., 1:4]
    f = np.empty((*tx_sums.shape[:-1], 3, 3))
    for k, l, c in _SYM:
        v = sy * tx_sums[..., c] + sz * rx_sums[..., c] + x[..., k] * y[..., l] + y[..., k] * x[..., l]
        f[..., k, l] = v
        f[..., l, k] = v
    return f


def _trace_inverse(fim, basis) -> np.ndarray:
    return trace_inverse(fim if basis is None else project_fim(fim, basis))


def sensing_fields(points, sites, link: LinkModel, *, max_range=None, basis=None, gain_ratio=None,
                   threshold=None, chunk: int = _CHUNK):
    """Per-pixel CRLB, contributing-site count and coverage probability.

    Parameters
    ----------
    points : ndarray, [num_pixels, 3]
        Target pixels [m].
    sites : ndarray, [num_sites, 3]
        [m].
    link : LinkModel
    max_range : float, optional
        Sites farther than this [m] contribute nothing (None: all sites).
    basis : ndarray, [d, 3], optional
        Estimate the position in this span only (None: 3-D).
    gain_ratio : ndarray, [num_draws, num_sites], optional
        Beam-gain draws ``G_t/Ḡ_t`` for ``coverage_prob``.
    threshold : float, optional
        ``γ`` [m²] of ``coverage_prob`` (needed with ``gain_ratio``).

    Returns
    -------
    crlb : ndarray, [num_pixels]
        Mean-gain CRLB ``tr F⁻¹`` [m²] (``inf`` where the contributing sites cannot localise).
    num_sites : ndarray of int, [num_pixels]
        Sites within ``max_range``.
    coverage_prob : ndarray, [num_pixels] or None
        Fraction of beam-gain draws with ``CRLB <= γ``.
    """
    points = np.asarray(points, float)
    sites = np.asarray(sites, float)
    if gain_ratio is not None:
        gain_ratio = np.asarray(gain_ratio, float)
    n_px = len(points)
    crlb = np.empty(n_px)
    count = np.empty(n_px, dtype=int)
    cov = None if gain_ratio is None else np.empty(n_px)
    if gain_ratio is not None and threshold is None:
        raise InputError("threshold", "is needed with gain_ratio")
    for s in range(0, n_px, chunk):
        sl = slice(s, min(s + chunk, n_px))
        a, terms, ok = _link_terms(points[sl], sites, link, max_range)
        z = a * link.tx_factor  # [P, N]
        rx_sums = _weighted_sums(a * link.rx_factor, terms)
        crlb[sl] = _trace_inverse(_assemble(_weighted_sums(z, terms), rx_sums), basis)
        count[sl] = ok.sum(1)
        if gain_ratio is not None:
            tz = np.swapaxes(z[..., None] * terms, 1, 2)  # [P, 10, N]
            tx_draws = np.ascontiguousarray(np.swapaxes(tz @ gain_ratio.T, 1, 2))  # [P, D, 10], one GEMM
            c = _trace_inverse(_assemble(tx_draws, rx_sums[:, None, :]), basis)
            cov[sl] = np.mean(c <= threshold, axis=1)  # type: ignore[index]
    return crlb, count, cov


def _crlb_from_components(f, basis) -> np.ndarray:
    """``tr F⁻¹`` from the six components ``f = (F00, F11, F22, F01, F02, F12)`` (arrays of one shape),
    by the adjugate as in :func:`isacnet.metrics.deploy.trace_inverse` (``inf`` where singular);
    ``basis`` None (3-D) or the horizontal basis (x, y block)."""
    f00, f11, f22, f01, f02, f12 = f
    if basis is None:
        num = (f11 * f22 - f12 * f12) + (f00 * f22 - f02 * f02) + (f00 * f11 - f01 * f01)
        det = f00 * (f11 * f22 - f12 * f12) - f01 * (f01 * f22 - f12 * f02) + f02 * (f01 * f12 - f11 * f02)
        scale = np.maximum(np.maximum(f00, f11), f22) ** 3  # PSD: the largest entry is on the diagonal
    else:
        num, det = f00 + f11, f00 * f11 - f01 * f01
        scale = np.maximum(f00, f11) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / det
    return np.where((det > 1e-13 * scale) & np.isfinite(out), out, np.inf)


def crlb_increment_scores(points, weights, sites, link: LinkModel, new_link: LinkModel, candidates, threshold,
                          *, max_range=None, basis=None, chunk: int = 128):
    """Coverage and soft coverage of the target samples if one site were added at each candidate.

    Exact rank update of eq. (6): a site at ``c`` adds
    ``a_c [S0 e eᵀ + S2 + e S1ᵀ + S1 eᵀ] + 4 τ_c ρ_c a_c² e eᵀ`` with ``e = e_c(t)`` and
    ``S0 = Σ_m w_m``, ``S1 = Σ_m w_m e_m``, ``S2 = Σ_m w_m e_m e_mᵀ``,
    ``w_m = (τ_c ρ_m + τ_m ρ_c) a_m`` (the grid-search update of deploy, Fig. 4 reference,
    with per-site factors and the range mask), component-wise over ``[samples, candidates]``.

    Parameters
    ----------
    points : ndarray, [num_samples, 3]
    weights : ndarray, [num_samples]
        Summing to 1.
    sites : ndarray, [num_sites, 3]
    link : LinkModel
        Of ``sites``.
    new_link : LinkModel
        Of the new site (one entry).
    candidates : ndarray, [num_candidates, 3]
    threshold : float
        ``γ`` [m²].

    Returns
    -------
    coverage : ndarray, [num_candidates]
        ``Σ w 1{CRLB <= γ}`` after adding the candidate.
    soft : ndarray, [num_candidates]
        ``Σ w min(1, γ / CRLB)`` (rewards progress below coverage).
    """
    pts = np.asarray(points, float)
    a, terms, _ = _link_terms(pts, np.asarray(sites, float), link, max_range)
    f_now = _assemble(_weighted_sums(a * link.tx_factor, terms), _weighted_sums(a * link.rx_factor, terms))  # [I,3,3]
    tau_c, rho_c = float(new_link.tx_factor[0]), float(new_link.rx_factor[0])
    wm = (tau_c * link.rx_factor + link.tx_factor * rho_c) * a  # [I, N]
    sums = _weighted_sums(wm, terms)  # [I, 10]: S0, S1 (3), S2 (6)
    s0, s1 = sums[:, 0, None], sums[:, 1:4]
    comps = ((0, 0, 4), (1, 1, 5), (2, 2, 6), (0, 1, 7), (0, 2, 8), (1, 2, 9))
    cand = np.asarray(candidates, float)
    cov = np.empty(len(cand))
    soft = np.empty(len(cand))
    w = np.asarray(weights, float)
    one = new_link.take(np.zeros(1, int))
    for s in range(0, len(cand), chunk):
        cs = cand[s:s + chunk]
        ac, tc, _ = _link_terms(pts, cs, one, max_range)  # [I, C], [I, C, 10]
        e = tc[..., 1:4]
        sq = 4 * tau_c * rho_c * ac * ac
        f = []
        for k, l, c in comps:
            eet = tc[..., c]
            cross = e[..., k] * s1[:, None, l] + s1[:, None, k] * e[..., l]
            inc = ac * (s0 * eet + sums[:, c, None] + cross) + sq * eet
            f.append(f_now[:, None, k, l] + inc)
        crlb = _crlb_from_components(f, basis)  # [I, C]
        cov[s:s + chunk] = w @ (crlb <= threshold)
        with np.errstate(divide="ignore"):
            soft[s:s + chunk] = w @ np.minimum(1.0, threshold / crlb)
    return cov, soft


# -- communication ------------------------------------------------------------------------------------
def mean_gain_snr(points, sites, link: LinkModel) -> np.ndarray:
    """``Σ_n (M_t^(n) − 1) p_c^(n) d_n^-α / σ²`` [num_points] (deploy eq. (10), ``g_n → E g_n``)."""
    diff = np.asarray(points, float)[:, None, :] - np.asarray(sites, float)[None]
    d2 = np.einsum("pnk,pnk->pn", diff, diff)
    return (d2 ** (-link.pathloss_exp / 2)) @ (link.comm_shape * link.comm_scale)


_HAMDI_STEP = 0.5  # trapezoid step on x = ln z: error ~ exp(-pi^2 / step) ~ 3e-9 (strip |Im x| < pi/2)
_HAMDI_HI = math.log(45.0)  # e^{-z} < 3e-20 beyond


def _hamdi_bits(gam, shape) -> np.ndarray:
    """Exact rate ``(1/ln 2) ∫ e^{-z}/z (1 − Π_n (1 + z γ_n)^{-m_n}) dz`` [bits/s/Hz] on ``z = e^x``.

    ``gam`` [P, N], ``shape`` [N] (``m_n``). The lower end ``x = −ln(max S) − 19``, ``S = Σ m γ``,
    cuts a tail below ``e^-19 ≈ 6e-9`` bits; relative error < 1e-8 against
    :func:`isacnet.metrics.deploy.rate_exact_bits` (tests).
    """
    s_max = float(np.max(gam @ shape)) if gam.size else 1.0
    x_lo = -math.log(max(s_max, 1e-300)) - 19.0
    n = math.ceil((_HAMDI_HI - x_lo) / _HAMDI_STEP) + 1
    x = np.linspace(x_lo, _HAMDI_HI, n)
    dx = x[1] - x[0]
    out = np.zeros(len(gam))
    for k, xk in enumerate(x):
        z = math.exp(xk)
        log_prod = np.log1p(z * gam) @ shape
        w = dx * (0.5 if k in (0, n - 1) else 1.0) * math.exp(-z)  # e^{-z}/z dz = e^{-z} dx
        out += w * (-np.expm1(-log_prod))
    return out / math.log(2)


def comm_fields(points, sites, link: LinkModel, *, chunk: int = _CHUNK):
    """Exact and mean-gain CoMP rate at every user pixel (all sites cooperate, deploy eq. (10)–(11)).

    Parameters
    ----------
    points : ndarray, [num_pixels, 3]
        User pixels [m].
    sites : ndarray, [num_sites, 3]
        [m].
    link : LinkModel

    Returns
    -------
    rate_exact_bits : ndarray, [num_pixels]
        ``E log2(1 + SNR)`` with ``g_n ~ Γ(M_t^(n) − 1, p_c^(n))`` [bits/s/Hz].
    rate_mean_gain_bits : ndarray, [num_pixels]
        ``log2(1 + E SNR)`` (Jensen upper bound; the optimiser's constraint) [bits/s/Hz].
    """
    points = np.asarray(points, float)
    sites = np.asarray(sites, float)
    exact = np.empty(len(points))
    mean = np.empty(len(points))
    for s in range(0, len(points), chunk):
        sl = slice(s, min(s + chunk, len(points)))
        diff = points[sl, None, :] - sites[None]
        d2 = np.einsum("pnk,pnk->pn", diff, diff)
        gam = link.comm_scale * d2 ** (-link.pathloss_exp / 2)  # γ_n = p_c d^-α / σ²
        mean[sl] = np.log2(1 + gam @ link.comm_shape)
        exact[sl] = _hamdi_bits(gam, link.comm_shape)
    return exact, mean


# -- reference loop -------------------------------------------------------------------------------------
def evaluate_points_loop(points, sites, link: LinkModel, *, max_range=None, basis=None):
    """Per-point reference: for each pixel, the sites in range and :mod:`isacnet.metrics.deploy`
    (``crlb``, ``rate_exact_bits``, ``rate_mean_gain_bits``) on that subset (uniform radio only).

    Returns
    -------
    crlb, rate_exact_bits, rate_mean_gain_bits : ndarray, [num_points]
    """
    if not link.uniform:
        raise InputError("link", "the per-point reference needs every site alike")
    zeta2 = float(link.tx_factor[0] * link.rx_factor[0])
    noise = 1.0
    p_c = float(link.comm_scale[0])  # p_c / σ² with σ² = 1
    m_t = int(link.comm_shape[0]) + 1
    out = np.empty((3, len(points)))
    for i, p in enumerate(np.asarray(points, float)):
        r = np.linalg.norm(sites - p, axis=1)
        near = sites[(r <= max_range) & (r > 0)] if max_range is not None else sites
        out[0, i] = point_crlb(p[None], near, zeta2, link.pathloss_exp_sense, basis=basis)[0] if len(near) else np.inf
        out[1, i] = rate_exact_bits(p[None], sites, p_c, noise, link.pathloss_exp, m_t)[0]
        out[2, i] = rate_mean_gain_bits(p[None], sites, p_c, noise, link.pathloss_exp, m_t)[0]
    return out[0], out[1], out[2]


# -- evaluation of a layout ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class AreaEvaluation:
    """Sensing over one target area (arrays [num_pixels] of that area).

    Attributes
    ----------
    name : str
    crlb : ndarray
        Mean-gain CRLB [m²].
    coverage_prob : ndarray
        ``P(CRLB <= γ)`` over ZF beam gains (0/1 with mean gains when no draws).
    num_sites : ndarray of int
        Sites within ``max_range``.
    weights : ndarray
        Pixel weights (sum 1).
    coverage : float
        ``Σ w 1{CRLB <= γ}`` (mean gains).
    expected_coverage : float
        ``Σ w P(CRLB <= γ)``.
    area_crlb : float
        A-CRLB over the pixels with a finite CRLB [m²] (eq. (8), density weights).
    localisable : float
        Weight of the pixels with a finite CRLB.
    median_crlb : float
        Weighted median [m²].
    """

    name: str
    crlb: np.ndarray
    coverage_prob: np.ndarray
    num_sites: np.ndarray
    weights: np.ndarray
    coverage: float
    expected_coverage: float
    area_crlb: float
    localisable: float
    median_crlb: float


@dataclass(frozen=True)
class CommEvaluation:
    """Communication over the user area (arrays [num_pixels]); area rates are density weighted."""

    rate_exact_bits: np.ndarray
    rate_mean_gain_bits: np.ndarray
    weights: np.ndarray
    area_rate_exact_bits: float
    area_rate_mean_gain_bits: float


@dataclass(frozen=True)
class LayoutEvaluation:
    """A layout and its sensing (per target area) and communication evaluation.

    ``coverage``, ``expected_coverage`` and ``area_crlb`` pool every target area, each weighted
    by its number of pixels (its ground area).
    """

    layout: np.ndarray
    targets: tuple[AreaEvaluation, ...]
    users: CommEvaluation
    coverage: float
    expected_coverage: float
    area_crlb: float
    localisable: float


def _weighted_median(values, weights) -> float:
    order = np.argsort(values)
    cw = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cw, 0.5 * cw[-1])])


def area_summary(name, crlb, cov_prob, count, weights, threshold) -> AreaEvaluation:
    """Area numbers of one target area from its per-pixel fields."""
    finite = np.isfinite(crlb)
    w_fin = weights[finite].sum()
    a_crlb = float(weights[finite] @ crlb[finite] / w_fin) if w_fin > 0 else math.inf
    return AreaEvaluation(name, crlb, cov_prob, count, weights, float(weights @ (crlb <= threshold)),
                          float(weights @ cov_prob), a_crlb, float(w_fin), _weighted_median(crlb, weights))


def evaluate_layout(layout, link: LinkModel, target_points, target_weights, target_names, user_points, user_weights,
                    *, threshold: float, max_range=None, basis=None, gain_ratio=None,
                    with_comm: bool = True) -> LayoutEvaluation:
    """Evaluate a layout on the plan's pixels.

    Parameters
    ----------
    layout : ndarray, [num_sites, 3]
        [m].
    link : LinkModel
        Of ``layout``.
    target_points, target_weights : sequence of ndarray
        Per target area: pixels [P_a, 3] [m] and weights [P_a] (sum 1).
    target_names : sequence of str
    user_points, user_weights : ndarray
        User pixels [J, 3] [m] and weights [J] (sum 1).
    threshold : float
        ``γ`` [m²].
    max_range, basis, gain_ratio
        See :func:`sensing_fields`.
    with_comm : bool
        Compute the exact rate too (the expensive part); otherwise only the mean-gain rate.
    """
    layout = np.asarray(layout, float)
    areas = []
    for pts, w, name in zip(target_points, target_weights, target_names):
        c, n, p = sensing_fields(pts, layout, link, max_range=max_range, basis=basis, gain_ratio=gain_ratio,
                                 threshold=threshold)
        if p is None:
            p = (c <= threshold).astype(float)
        areas.append(area_summary(name, c, p, n, w, threshold))
    if with_comm:
        exact, mean = comm_fields(user_points, layout, link)
    else:
        mean = np.log2(1 + mean_gain_snr(user_points, layout, link))
        exact = np.full_like(mean, np.nan)
    comm = CommEvaluation(exact, mean, user_weights, float(user_weights @ exact), float(user_weights @ mean))
    share = np.array([len(a.crlb) for a in areas], float)
    share /= share.sum()
    cov = float(sum(s * a.coverage for s, a in zip(share, areas)))
    ecov = float(sum(s * a.expected_coverage for s, a in zip(share, areas)))
    loc = float(sum(s * a.localisable for s, a in zip(share, areas)))
    num = sum(s * a.localisable * a.area_crlb for s, a in zip(share, areas) if a.localisable > 0)
    return LayoutEvaluation(layout, tuple(areas), comm, cov, ecov, float(num / loc) if loc > 0 else math.inf, loc)
