"""How far is the Poisson model from this town? (paper ``coop``, 000, against a real layout).

A homogeneous PPP is fitted to the sites (``λ̂ = n / |W|``, ``W`` the union of the plan's areas)
and the stochastic-geometry predictions are set next to the same statistic of the actual
layout, like with like:

* **Sensing**: at each target pixel, the coop per-target CRLB (coop eq. (5)–(9), 2-D
  ``tr F_N⁻¹`` of the ``N`` nearest sites by horizontal distance, the plan's ``ζ²``), summarised
  by its mean and median over the pixels; against a PPP of density ``λ̂`` in the same window
  (Monte Carlo, same pixels: the same edge effects), a PPP on the whole plane (Monte Carlo of the
  typical point) and coop's closed form Prop. 2, App. B eq. (45) (spec 000 §7.2).
* **Communication**: at each user pixel, the interference-limited CoMP rate of coop eq. (11)–(12)
  with the ``L`` nearest sites cooperating (``g ~ Γ(M_t − 1, p_c)``, every site accepts,
  ``κ_c = 1``) and every other site interfering (``g ~ Exp(P^t)``), by Hamdi's lemma (26); against
  the PPP in the same window and coop Theorem 2 (eq. (29), "corrected" and "exact" variants,
  spec 000 §9) on the plane.
* **Regularity**: the Clark–Evans ratio with Donnelly's edge correction and the largest gap
  between the nearest-neighbour distance distribution ``Ĝ(r)`` and the PPP's
  ``1 − exp(−λ̂ π r²)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from isacnet.analysis.coop import comp_rate, expected_crlb
from isacnet.errors import InputError
from isacnet.geometry.ppp import nearest_ppp_points
from isacnet.metrics.localization import crlb_trace

__all__ = [
    "StatComparison",
    "RegularityResult",
    "ModelCheckResult",
    "clark_evans",
    "nearest_sensing_crlb",
    "nearest_comp_rate_nats",
    "uniform_in_window",
    "check_model",
]


@dataclass(frozen=True)
class StatComparison:
    """One statistic of the layout next to its Poisson predictions.

    Attributes
    ----------
    layout_mean, layout_median : float
        This layout, over the sampled pixels.
    window_mean, window_median : float
        PPP of the fitted density in the plan's window (Monte Carlo, same pixels).
    window_mean_se : float
        Standard error of ``window_mean`` (between realisations).
    window_median_range : tuple of float
        95 % bootstrap interval of ``window_median`` (realisations resampled).
    plane_mean, plane_median : float
        PPP on the plane (typical point, Monte Carlo), nan where not computed.
    closed_forms : dict
        Name → value of the stochastic-geometry closed forms.
    unit : str
    """

    layout_mean: float
    layout_median: float
    window_mean: float
    window_median: float
    window_mean_se: float
    window_median_range: tuple[float, float]
    plane_mean: float
    plane_median: float
    closed_forms: dict
    unit: str


@dataclass(frozen=True)
class RegularityResult:
    """Clark–Evans test (Donnelly edge correction) and the G-function gap."""

    ratio: float
    z_score: float
    p_value: float
    mean_nn_distance: float  # [m]
    expected_nn_distance: float  # [m], PPP in the window
    g_max_gap: float  # sup_r |Ĝ(r) − (1 − exp(−λ̂ π r²))|
    g_gap_distance: float  # [m] where the gap is largest
    g_p_value: float  # Monte Carlo: share of PPP drops in the window with a gap at least as large


@dataclass(frozen=True)
class ModelCheckResult:
    """Everything the model check measured, and a plain-language verdict."""

    density: float  # λ̂ [m⁻²]
    window_area: float  # [m²]
    num_sites: int
    cluster_size_sense: int
    cluster_size_comm: int
    regularity: RegularityResult
    sensing: StatComparison
    comm: StatComparison
    verdict: tuple[str, ...]


def clark_evans(xy, area: float, perimeter: float) -> tuple[float, float, float, np.ndarray]:
    """Clark–Evans ratio with Donnelly's (1978) edge correction.

    ``R = r̄ / E``, ``E = 0.5 sqrt(A/n) + (0.0514 + 0.041/sqrt(n)) P/n``,
    ``SE = sqrt(0.0703 A/n² + 0.037 P sqrt(A/n⁵))``; ``R < 1`` clustered, ``> 1`` regular.

    Returns
    -------
    ratio, z_score, expected_nn [m], nn_distances [n] [m]
    """
    from scipy.spatial import cKDTree

    xy = np.asarray(xy, float)
    n = len(xy)
    if n < 2:
        raise InputError("sites", "the model check needs at least 2 sites")
    d, _ = cKDTree(xy).query(xy, k=2)
    nn = d[:, 1]
    expected = 0.5 * math.sqrt(area / n) + (0.0514 + 0.041 / math.sqrt(n)) * perimeter / n
    se = math.sqrt(0.0703 * area / n**2 + 0.037 * perimeter * math.sqrt(area / n**5))
    return float(nn.mean() / expected), float((nn.mean() - expected) / se), float(expected), nn


def nearest_sensing_crlb(points, sites, num_nearest: int, zeta2: float, pathloss_exp_sense: float) -> np.ndarray:
    """coop per-target CRLB of the ``N`` nearest sites (horizontal geometry), coop eq. (5)–(9) [m²].

    Parameters
    ----------
    points : ndarray, [P, 2 or 3]
        Target positions (x, y used) [m].
    sites : ndarray, [..., S, 2 or 3]
        Site positions; a leading axis holds realisations (pad with nan for fewer sites).
    num_nearest : int
        ``N``.
    zeta2 : float
        ``|ζ|²`` [m^(2β−2)].
    pathloss_exp_sense : float

    Returns
    -------
    ndarray, [..., P]
        ``inf`` where fewer than ``N`` sites exist or the geometry is degenerate.
    """
    pts = np.asarray(points, float)[:, :2]
    s = np.asarray(sites, float)[..., :2]
    diff = s[..., None, :, :] - pts[:, None, :]  # [..., P, S, 2]
    dist = np.hypot(diff[..., 0], diff[..., 1])
    dist = np.where(np.isfinite(dist), dist, np.inf)
    k = min(num_nearest, dist.shape[-1])
    near = np.argpartition(dist, k - 1, axis=-1)[..., :k]
    d = np.take_along_axis(dist, near, -1)
    dx = np.take_along_axis(diff[..., 0], near, -1)
    dy = np.take_along_axis(diff[..., 1], near, -1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = crlb_trace(np.arctan2(dy, dx), d, pathloss_exp_sense, zeta2)  # coop eq. (9)
    if k < num_nearest:
        out = np.full_like(out, np.inf)
    return np.where(np.all(np.isfinite(d), axis=-1), out, np.inf)


def nearest_comp_rate_nats(points, sites, cluster_size: int, power_comm: float, power_total: float,
                           num_tx_antennas: int, pathloss_exp: float, step: float = 0.5) -> np.ndarray:
    """Interference-limited CoMP rate of the ``L`` nearest sites (coop eq. (11)–(12), κ_c = 1) [nats/s/Hz].

    Hamdi's lemma (coop (26)) with ``X = Σ_{n <= L} g_n d_n^-α``, ``g ~ Γ(M_t − 1, p_c)``, and
    ``Y = Σ_{n > L} h_n d_n^-α``, ``h ~ Exp(P^t)``:
    ``R = ∫_0^∞ (1/z) E e^{-zY} (1 − E e^{-zX}) dz`` on ``z = e^x`` (distances in units of the
    nearest one), trapezoid rule (no ``e^{-z}`` factor: the strip of analyticity is
    ``|Im x| < π``, error ~ ``exp(−2π²/step)``).

    Parameters
    ----------
    points : ndarray, [P, 2 or 3]
    sites : ndarray, [..., S, 2 or 3]
        Realisations on a leading axis (nan-padded).
    cluster_size : int
        ``L``.
    power_comm, power_total : float
        ``p_c``, ``P^t`` [W].
    num_tx_antennas : int
        ``M_t``.
    pathloss_exp : float

    Returns
    -------
    ndarray, [..., P]
    """
    pts = np.asarray(points, float)[:, :2]
    s = np.asarray(sites, float)[..., :2]
    diff = s[..., None, :, :] - pts[:, None, :]
    dist = np.sort(np.hypot(diff[..., 0], diff[..., 1]), axis=-1)  # nan sorted last
    dist = np.where(np.isfinite(dist), dist, np.inf)
    rel = dist / dist[..., :1]
    path = rel ** (-pathloss_exp)  # 0 for padding
    sig, intf = path[..., :cluster_size], path[..., cluster_size:]
    no_interferer = ~(intf > 0).any(-1)  # no interference and no noise: the rate is unbounded
    intf = np.where(no_interferer[..., None], 1.0, intf)  # a stand-in, masked below
    mean_signal = (num_tx_antennas - 1) * power_comm * sig.sum(-1)
    out = np.zeros(dist.shape[:-1])
    xk = -float(np.log(np.max(mean_signal))) - 20.0  # below: (1 - E e^{-zX}) < e^-20
    while xk < 80.0:
        z = math.exp(xk)
        ly = -np.log1p(z * power_total * intf).sum(-1)  # ln E e^{-zY}
        lx = -(num_tx_antennas - 1) * np.log1p(z * power_comm * sig).sum(-1)  # ln E e^{-zX}
        term = np.exp(ly) * (-np.expm1(lx))  # (1/z) dz = dx
        out += step * term
        if xk > 0 and np.all(term <= 1e-13 * np.maximum(out, 1e-300)):
            break
        xk += step
    return np.where(no_interferer, np.nan, out)  # no interference and no noise: unbounded
    return out


def uniform_in_window(rng: np.random.Generator, window, count: int) -> np.ndarray:
    """``count`` points uniform in a shapely polygon (rejection from its bounding box) [count, 2]."""
    import shapely

    x0, y0, x1, y1 = window.bounds
    frac = window.area / ((x1 - x0) * (y1 - y0))
    out = np.empty((0, 2))
    while len(out) < count:
        m = int((count - len(out)) / frac * 1.2) + 16
        p = rng.uniform([x0, y0], [x1, y1], (m, 2))
        out = np.vstack([out, p[shapely.contains_xy(window, p[:, 0], p[:, 1])]])
    return out[:count]


def _ppp_window(rng, window, density: float, num: int) -> np.ndarray:
    """``num`` PPP realisations in ``window``, nan-padded to a common size [num, S_max, 2]."""
    counts = rng.poisson(density * window.area, num)
    out = np.full((num, max(int(counts.max()), 1), 2), np.nan)
    for i, c in enumerate(counts):
        out[i, :c] = uniform_in_window(rng, window, int(c))
    return out


def _g_gap(nn, density: float, r_grid) -> tuple[float, float]:
    """``sup_r |Ĝ(r) − G_PPP(r)|`` of nearest-neighbour distances ``nn`` and where it is [m]."""
    g_emp = np.searchsorted(np.sort(nn), r_grid, side="right") / len(nn)
    gap = np.abs(g_emp - (1 - np.exp(-density * np.pi * r_grid**2)))
    return float(gap.max()), float(r_grid[np.argmax(gap)])


def _between_se(values) -> float:
    """Standard error of the mean over realisations [R, P] (realisation means; nan/inf skipped)."""
    means = np.array([np.mean(v[np.isfinite(v)]) for v in values if np.isfinite(v).any()])
    return float(np.std(means, ddof=1) / math.sqrt(len(means))) if len(means) > 1 else math.nan


def _median_range(rng, values, num_boot: int = 200) -> tuple[float, float]:
    """95 % bootstrap interval of the pooled median of ``values`` [R, P], resampling realisations."""
    r = len(values)
    idx = rng.integers(0, r, (num_boot, r))
    with np.errstate(invalid="ignore"):  # inf CRLBs (degenerate drops) may straddle a median
        meds = [np.nanmedian(values[i]) for i in idx]
        lo, hi = np.percentile(meds, [2.5, 97.5])
    return float(lo), float(hi)


def _summary(values) -> tuple[float, float]:
    v = np.asarray(values, float).ravel()
    v = v[~np.isnan(v)]
    with np.errstate(invalid="ignore"):
        return float(np.mean(v)), float(np.median(v))


def _verdict(reg: RegularityResult, sense: StatComparison, comm: StatComparison, n: int, big_l: int) -> tuple:
    lines = []
    tests = (f"Clark-Evans R = {reg.ratio:.2f}, p = {reg.p_value:.3f}; nearest-neighbour G-function gap "
             f"{reg.g_max_gap:.2f} at {reg.g_gap_distance:.0f} m, Monte Carlo p = {reg.g_p_value:.3f}")
    if min(reg.p_value, reg.g_p_value) < 0.05:
        kind = "more regular" if reg.ratio > 1 else "more clustered"
        lines.append(f"The sites are {kind} than a Poisson process ({tests}).")
    else:
        lines.append(f"The site pattern is consistent with a Poisson process ({tests}).")
    r_med = sense.layout_median / sense.window_median
    lo, hi = sense.window_median_range
    side = ("better than Poisson (below" if sense.layout_median < lo else "worse than Poisson (above"
            if sense.layout_median > hi else "indistinguishable from Poisson (inside")
    edge = sense.plane_median / sense.window_median
    lines.append(f"Sensing (nearest {n}): the town's median CRLB is {r_med:.2f}x that of a Poisson layout of the same "
                 f"density in the same area: {side} the 95 % interval of the Poisson estimate, "
                 f"{lo / sense.window_median:.2f}-{hi / sense.window_median:.2f}x); on the whole plane the Poisson "
                 f"median is {edge:.2f}x the in-area one ({'little' if abs(edge - 1) < 0.1 else 'a marked'} edge "
                 "effect).")
    r_rate = comm.layout_mean - comm.window_mean
    lines.append(f"Rate (nearest {big_l} cooperate): the town's mean is {r_rate:+.2f} bits/s/Hz against the Poisson "
                 f"layout in the same area; Theorem 2 on the plane says "
                 f"{comm.closed_forms['theorem2_exact']:.2f} bits/s/Hz (the area's edge removes interference).")
    close = abs(math.log(r_med)) < math.log(1.25) and abs(r_rate) < 0.25
    lines.append("Verdict: " + ("the Poisson model is a fair guide for this town's averages; use the maps for "
                                "where coverage is." if close else
                                "the Poisson model is not a good stand-in for this town: plan with the "
                                "deterministic maps, and use the stochastic-geometry numbers only for trends."))
    return tuple(lines)


def check_model(rng: np.random.Generator, sites_xy, window, target_points, target_weights, user_points,
                user_weights, *, zeta2: float, pathloss_exp_sense: float, power_comm: float, power_total: float,
                num_tx_antennas: int, pathloss_exp: float, cluster_size_sense: int, cluster_size_comm: int,
                num_realisations: int, num_pixels: int, num_plane_drops: int) -> ModelCheckResult:
    """Fit a PPP to the sites and compare its predictions with this layout (module notes).

    Parameters
    ----------
    rng : numpy.random.Generator
    sites_xy : ndarray, [n, 2]
        Site positions [m].
    window : shapely Polygon/MultiPolygon
        Observation window ``W`` [m].
    target_points, user_points : ndarray, [P, 3], [J, 3]
        Pixels [m], drawn with probability ∝ their weights: ``num_pixels`` for every PPP drop,
        ``20 num_pixels`` for this layout.
    target_weights, user_weights : ndarray
    zeta2 : float
        ``|ζ|²`` [m^(2β−2)].
    pathloss_exp_sense, pathloss_exp : float
    power_comm, power_total : float
        ``p_c``, ``P^t`` [W].
    num_tx_antennas : int
    cluster_size_sense, cluster_size_comm : int
        ``N``, ``L``.
    num_realisations, num_pixels, num_plane_drops : int
        Monte Carlo budgets.
    """
    xy = np.asarray(sites_xy, float)[:, :2]
    n = len(xy)
    if n < max(cluster_size_sense, cluster_size_comm + 1):
        raise InputError("model_check.cluster_size_sense", f"needs at most {n} sites for N and {n - 1} for L")
    area = float(window.area)
    density = n / area
    ratio, z, expected, nn = clark_evans(xy, area, float(window.length))
    p = float(2 * stats.norm.sf(abs(z)))
    r_grid = np.linspace(0, np.max(nn) * 2.0, 400)
    gap, at = _g_gap(nn, density, r_grid)
    def draw(points, weights, count):  # pixels ∝ their weights: plain means over them are weighted means
        return np.asarray(points)[rng.choice(len(points), count, p=weights / weights.sum())]

    # the layout is one deterministic realisation: twenty times the pixels of each PPP drop
    tp, tp_layout = draw(target_points, target_weights, num_pixels), draw(target_points, target_weights,
                                                                        20 * num_pixels)
    up, up_layout = draw(user_points, user_weights, num_pixels), draw(user_points, user_weights, 20 * num_pixels)
    ppp = _ppp_window(rng, window, density, num_realisations)
    null = []
    for drop in ppp:
        pts = drop[np.isfinite(drop[:, 0])]
        if len(pts) >= 2:
            null.append(_g_gap(clark_evans(pts, area, float(window.length))[3], density, r_grid)[0])
    g_p = (1 + sum(g >= gap for g in null)) / (1 + len(null))
    reg = RegularityResult(ratio, z, p, float(nn.mean()), expected, gap, at, float(g_p))

    def realisation_stats(fn, pts):
        vals = np.stack([fn(pts, ppp[i]) for i in range(len(ppp))])  # [R, P]
        return vals

    n_s, n_l = cluster_size_sense, cluster_size_comm
    sense_layout = nearest_sensing_crlb(tp_layout, xy, n_s, zeta2, pathloss_exp_sense)
    sense_win = realisation_stats(lambda pts, s: nearest_sensing_crlb(pts, s, n_s, zeta2, pathloss_exp_sense), tp)
    radii, angles, _ = nearest_ppp_points(rng, num_plane_drops, n_s, density)
    sense_plane = crlb_trace(angles, radii, pathloss_exp_sense, zeta2)
    sensing = StatComparison(*_summary(sense_layout), *_summary(sense_win),
                             _between_se(sense_win), _median_range(rng, sense_win), *_summary(sense_plane),
                             {"prop2_eq45": float(expected_crlb(n_s, density, pathloss_exp_sense, zeta2,
                                                                form="prop2_app_b"))}, "m^2")

    def rate_bits(pts, s):
        return nearest_comp_rate_nats(pts, s, n_l, power_comm, power_total, num_tx_antennas, pathloss_exp) / math.log(2)

    comm_layout = rate_bits(up_layout, xy)
    comm_win = realisation_stats(rate_bits, up)
    closed = {f"theorem2_{v}": comp_rate(n_l, 1.0, power_comm, power_total, num_tx_antennas, pathloss_exp,
                                          form=v) / math.log(2)
              for v in ("corrected", "exact")}
    comm = StatComparison(*_summary(comm_layout), *_summary(comm_win),
                          _between_se(comm_win), _median_range(rng, comm_win), math.nan, math.nan, closed,
                          "bits/s/Hz")
    return ModelCheckResult(density, area, n, n_s, n_l, reg, sensing, comm, _verdict(reg, sensing, comm, n_s, n_l))
