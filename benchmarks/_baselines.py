"""Baselines the benchmarks compare against: competent vectorised NumPy, and the physical floors.

* ``*_numpy``: what a competent engineer writes first, vectorised over the drops in double
  precision with no tricks (no blocking, no single precision, no fused loops).
* ``*_v0``: our own implementations before issue #12 (vectorised NumPy too), kept verbatim in
  substance so that every speed-up is measured against the code it replaced.
* ``*_floor``: only the random numbers a trial draws, drawn as cheaply as NumPy can (into
  preallocated buffers): no implementation can be faster than its floor.

None of these is used by the package.
"""

from __future__ import annotations

import numpy as np

from isacnet.channel.mimo import beam_gain, rayleigh_vectors, steering_vector, zf_precoder
from isacnet.geometry import wrap_displacement
from isacnet.metrics.detection import glrt_statistic, pod_exact
from isacnet.simulate.coop import torus_tail_factor


# -- coop: typical-target CRLB (coop eq. (5)-(9)) ---------------------------------------------------------------
def crlb_numpy(rng, size: int, num_bs: int, density: float = 1.0):
    """Competent NumPy: arrival times by cumsum, uniform bearings, the O(N) moments of eq. (7)."""
    arrivals = np.cumsum(rng.standard_exponential((size, num_bs)), axis=1)  # pi lambda d_k^2
    theta = rng.uniform(0.0, 2 * np.pi, (size, num_bs))
    w = np.pi * density / arrivals  # d_k^-2
    c, s = np.cos(theta), np.sin(theta)
    S, Sc, Ss = w.sum(1), (w * c).sum(1), (w * s).sum(1)
    Scc, Sss, Scs = (w * c * c).sum(1), (w * s * s).sum(1), (w * c * s).sum(1)
    A, B, C = 2 * (S * Scc + Sc * Sc), 2 * (S * Sss + Ss * Ss), 2 * (S * Scs + Sc * Ss)
    return (A + B) / (A * B - C * C)


def crlb_floor(num_bs: int, block: int = 1024):
    """The draws of ``simulate.coop.crlb_trial``: per block, ``[N, 1024]`` float32 gaps and turns."""
    gaps = np.empty((num_bs, block), dtype=np.float32)
    turns = np.empty_like(gaps)

    def draw(rng, size):
        for _ in range(0, size, block):
            rng.standard_exponential(out=gaps, dtype=np.float32)
            rng.random(out=turns, dtype=np.float32)

    return draw


# -- coop comm, model level (v0) ---------------------------------------------------------------------------
def _positive_exponential(rng, shape):
    x = rng.standard_exponential(shape)
    bad = x == 0.0
    while bad.any():
        x[bad] = rng.standard_exponential(int(bad.sum()))
        bad = x == 0.0
    return x


def ppp_interference_v0(rng, start, density, alpha, sampler, gain_mean, num_exact):
    """v0 ``geometry.ppp_interference``: radii from a cumsum, ``r ** -alpha``, pairwise sum."""
    gaps = np.maximum(rng.standard_exponential((start.size, num_exact)), np.finfo(float).tiny)
    arr = start[:, None] + np.cumsum(gaps, axis=1)
    radii, last = np.sqrt(arr / (np.pi * density)), arr[:, -1]
    gains = sampler(rng, radii.shape)
    exact = np.sum(gains * radii ** (-alpha), axis=1)
    r_last = np.sqrt(last / (np.pi * density))
    return exact + 2 * np.pi * density * gain_mean * r_last ** (2 - alpha) / (alpha - 2)


def comp_rate_v0(rng, size, L, kappa, pc, pt=1.0, m=4, alpha=4.0, num_exact=100):
    """v0 ``simulate.coop.comp_rate_trial`` (interferer gains Gamma(1, P^t))."""
    def sampler(r, shape):
        return r.exponential(pt, shape)
    last_arrivals = np.cumsum(_positive_exponential(rng, (size, L)), axis=1)
    radii, last = np.sqrt(last_arrivals), last_arrivals[:, -1]
    path = radii ** (-alpha)
    g_sig = rng.gamma(m - 1.0, pc, (size, L))
    acc = np.ones((size, L), dtype=bool)
    acc[:, 1:] = rng.random((size, L - 1)) < kappa
    g_int = sampler(rng, (size, L))
    signal = np.sum(np.where(acc, g_sig, 0.0) * path, axis=1)
    inner = np.sum(np.where(acc, 0.0, g_int) * path, axis=1)
    outer = ppp_interference_v0(rng, last, 1.0 / np.pi, alpha, sampler, pt, num_exact)
    return np.log1p(signal / (inner + outer))


def comp_rate_floor(rng, size, L, kappa, pc, pt=1.0, m=4, alpha=4.0, num_exact=100):
    """The draws of ``comp_rate_trial``."""
    rng.standard_exponential((size, L))
    rng.gamma(m - 1.0, pc, (size, L))
    rng.random((size, L - 1))
    rng.exponential(pt, (size, L))
    rng.standard_exponential((size, num_exact))
    rng.exponential(pt, (size, num_exact))


# -- coop comm, link level (v0: the dense [networks, users, BSs] tensor) --------------------------------------
def comp_rate_link_v0(rng, size, L, max_load, bs_density, user_density, pc, pt, m, alpha=4.0, mean_num_bs=60.0):
    """v0 ``simulate.coop.comp_rate_link_trial`` (returns the rates)."""
    side = np.sqrt(mean_num_bs / bs_density)
    nb = np.maximum(rng.poisson(mean_num_bs, size), L + 1)
    nu = rng.poisson(user_density * side**2, size) + 1
    nb_max, nu_max = int(nb.max()), int(nu.max())
    bs = rng.uniform(0.0, side, (size, nb_max, 2))
    users = rng.uniform(0.0, side, (size, nu_max, 2))
    bs_ok = np.arange(nb_max) < nb[:, None]
    user_ok = np.arange(nu_max) < nu[:, None]
    delta = wrap_displacement(users[:, :, None, :] - bs[:, None, :, :], side)
    dist = np.hypot(delta[..., 0], delta[..., 1])
    dist = np.where(bs_ok[:, None, :], dist, np.inf)
    near = np.argpartition(dist, L - 1, axis=2)[..., :L] if nb_max > L else np.argsort(dist, axis=2)[..., :L]
    near_d = np.take_along_axis(dist, near, axis=2)
    near = np.take_along_axis(near, np.argsort(near_d, axis=2), axis=2)
    drop = np.arange(size)[:, None]
    own = np.zeros((size, nb_max))
    np.add.at(own, (np.broadcast_to(drop, (size, nu_max))[user_ok], near[..., 0][user_ok]), 1.0)
    slots = np.maximum(max_load - own, 0.0)
    accepted = np.zeros((size, nu_max, L), dtype=bool)
    accepted[..., 0] = True
    if L > 1:
        gid = (np.arange(size)[:, None, None] * nb_max + near[..., 1:]).astype(np.int64)
        gid = np.where(np.broadcast_to(user_ok[..., None], gid.shape), gid, size * nb_max)
        key = rng.random(gid.shape)
        flat_gid, flat_key = gid.ravel(), key.ravel()
        ordr = np.lexsort((flat_key, flat_gid))
        sg = flat_gid[ordr]
        within = np.arange(sg.size) - np.searchsorted(sg, sg, side="left")
        acc_flat = np.empty(sg.size, dtype=bool)
        acc_flat[ordr] = within < np.append(slots.ravel(), 0.0)[sg]
        accepted[..., 1:] = acc_flat.reshape(gid.shape)
    d0 = dist[:, 0, :]
    path = np.where(bs_ok, d0, np.inf) ** (-alpha)
    serving = np.zeros((size, nb_max), dtype=bool)
    serving[np.broadcast_to(drop, (size, L)), near[:, 0, :]] = accepted[:, 0, :]
    g = rayleigh_vectors(rng, (size, nb_max), m)
    h_own = rayleigh_vectors(rng, (size, nb_max), m)
    a = steering_vector(rng.uniform(0.0, 2.0 * np.pi, (size, nb_max)), m)
    wc_typ, _ = zf_precoder(g, a)
    wc, ws = zf_precoder(h_own, a)
    sig_gain = pc * beam_gain(g, wc_typ)
    int_gain = pc * beam_gain(g, wc) + (pt - pc) * beam_gain(g, ws)
    signal = np.sum(np.where(serving, sig_gain, 0.0) * path, axis=1)
    tail = bs_density * pt * (side / 2) ** (2 - alpha) * torus_tail_factor(float(alpha))
    return np.log1p(signal / (np.sum(np.where(serving, 0.0, int_gain) * path, axis=1) + tail))


# -- nulling, typical target with the interference hole (v0) -------------------------------------------------
def radar_hole_v0(rng, size, k=2.0, q=1, a=4.0, num_points=128, density=1e-6):
    """v0 ``radar_rate_trial(hole=True)`` up to the interference sum."""
    gaps = np.maximum(rng.standard_exponential((size, num_points), dtype=np.float32), np.finfo(np.float32).tiny)
    arr = np.cumsum(gaps, axis=1, dtype=np.float64)
    radii = np.sqrt(arr / (np.pi * density))
    ang = rng.uniform(0.0, 2.0 * np.pi, (size, num_points))
    x, y = radii * np.cos(ang), radii * np.sin(ang)
    dist = np.hypot(x[:, 1:] - x[:, :1], y[:, 1:] - y[:, :1])
    if q > 1:
        dist = np.sort(dist, axis=1)[:, q - 1:]
    gains = rng.standard_gamma(k, dist.shape)
    return np.sum(gains * dist ** (-a), axis=1)


def radar_hole_floor(rng, size, k=2.0, q=1, a=4.0, num_points=128, density=1e-6):
    rng.standard_exponential((size, num_points), dtype=np.float32)
    rng.uniform(0.0, 2.0 * np.pi, (size, num_points))
    rng.standard_gamma(k, (size, num_points - q))


# -- power: the GLRT detector (v0) -----------------------------------------------------------------------------
def complex_normal_v0(rng, shape, variance=1.0):
    return np.sqrt(variance / 2.0) * (rng.standard_normal(shape) + 1j * rng.standard_normal(shape))


def qpsk_v0(rng, shape):
    num_bits = 2 * int(np.prod(shape))
    bits = np.unpackbits(np.frombuffer(rng.bytes((num_bits + 7) // 8), dtype=np.uint8))[:num_bits]
    return np.where(bits.astype(bool), np.sqrt(0.5), -np.sqrt(0.5)).view(np.complex128).reshape(shape)


def glrt_v0(rng, size, p, h, noise, n, threshold, pfa):
    """v0 ``simulate.power.glrt_trial``: batched matmul and solve per hypothesis, the exact PoD apart."""
    x_unit = qpsk_v0(rng, (size, n, h.size))
    x = x_unit * np.sqrt(p)
    n1, n0 = complex_normal_v0(rng, (size, n), noise), complex_normal_v0(rng, (size, n), noise)
    t1 = glrt_statistic(x @ h + n1, x, noise)
    t0 = glrt_statistic(n0, x, noise)
    pod = pod_exact(p, h[:, None], x_unit, noise, pfa)[..., 0]
    return t1 >= threshold, t0 >= threshold, pod


def glrt_floor(rng, size, n, num_cells):
    rng.bytes((2 * size * n * num_cells + 7) // 8)
    for _ in range(4):
        rng.standard_normal((size, n))


# -- statistics (v0): the dense 120 001-bin histograms per sign ---------------------------------------------------
class RunningStatsV0:
    """v0 ``simulate.stats.RunningStats`` (update, merge, quantile): dense log histograms, top-k by partition."""

    BINS = 120_000

    def __init__(self):
        self.n, self.mean, self.m2 = 0, 0.0, 0.0
        self.hist_pos = np.zeros(self.BINS + 2, dtype=np.int64)
        self.hist_neg = np.zeros(self.BINS + 2, dtype=np.int64)
        self.top = np.empty(0)

    def update(self, x):
        x = np.asarray(x, dtype=float).ravel()
        finite = x[np.isfinite(x)]
        m = float(finite.mean())
        nb, m2b = finite.size, float(np.sum((finite - m) ** 2))
        n = self.n + nb
        delta = m - self.mean
        self.mean += delta * nb / n
        self.m2 += m2b + delta * delta * self.n * nb / n
        self.n = n
        for vals, hist in ((finite[finite > 0], self.hist_pos), (-finite[finite < 0], self.hist_neg)):
            if vals.size:
                idx = np.floor((np.log10(vals) + 60.0) / 0.001).astype(np.int64) + 1
                np.clip(idx, 0, self.BINS + 1, out=idx)
                hist += np.bincount(idx, minlength=self.BINS + 2)
        mags = np.abs(finite)
        k = min(2000, mags.size)
        self.top = np.concatenate([self.top, np.partition(mags, mags.size - k)[mags.size - k:]])
        return self

    def quantile(self, q):
        counts = np.concatenate(([0], self.hist_neg[::-1], [0], self.hist_pos, [0]))
        cum = np.cumsum(counts)
        i = int(np.searchsorted(cum, q * (self.n - 1), side="right"))
        j = i - self.hist_neg.size - 2
        return 10.0 ** (-60.0 + (j - 0.5) * 0.001)

    def estimate(self):
        return {q: self.quantile(q) for q in (0.05, 0.25, 0.5, 0.75, 0.95, 0.49, 0.51)}


# -- nulling, typical user (v0) ----------------------------------------------------------------------------------
def nulling_comm_v0(rng, size, k=3, L=2, m=14, num_exact=100, density=1e-6, alpha=4.0):
    """v0 ``simulate.nulling.comm_rate_trial`` (nearest_ppp_points, then ppp_interference v0)."""
    gaps = np.maximum(rng.standard_exponential((size, L), dtype=np.float32), np.finfo(np.float32).tiny)
    arrivals = np.cumsum(gaps, axis=1, dtype=np.float64)
    radii = np.sqrt(arrivals / (np.pi * density))
    rng.uniform(0.0, 2.0 * np.pi, (size, L))
    signal = rng.standard_gamma(m, size) * radii[:, 0] ** (-alpha)
    interf = ppp_interference_v0(rng, arrivals[:, -1], density, alpha, lambda r, s: r.standard_gamma(float(k), s),
                                 float(k), num_exact)
    return np.log1p(signal / interf)


def nulling_comm_floor(rng, size, k=3, L=2, m=14, num_exact=100, density=1e-6, alpha=4.0):
    rng.standard_exponential((size, L), dtype=np.float32)
    rng.uniform(0.0, 2.0 * np.pi, (size, L))
    rng.standard_gamma(m, size)
    rng.standard_exponential((size, num_exact))
    rng.standard_gamma(float(k), (size, num_exact))


# -- deploy: the FIM the direct way, and the N x N majoriser (v0) -------------------------------------------------
def fim_numpy(targets, bs, zeta2, beta):
    """Competent NumPy eq. (6): all N^2 links at once, ``[I, N, N, 3]``, then one einsum."""
    diff = targets[:, None, :] - bs[None, :, :]
    r = np.linalg.norm(diff, axis=-1)
    e = diff / r[..., None]
    a = r**-beta
    h = e[:, :, None, :] + e[:, None, :, :]
    return zeta2 * np.einsum("in,im,inmk,inml->ikl", a, a, h, h, optimize=True)


def majoriser_terms_v0(prob, layout, k):
    """v0 ``optimization.deploy.majoriser_terms``: M = Λ⁻¹ + Aᵀ G A inverted per target (N x N)."""
    from isacnet.optimization import deploy as o

    u = np.asarray(layout, float)
    n = len(u)
    fm, amat, lam, dist, e = o.woodbury_split(prob, u, k)
    g = np.linalg.inv(fm)
    bmat = g @ amat
    mmat = np.eye(n)[None] / lam[:, :, None] * np.eye(n)[None] + np.swapaxes(amat, 1, 2) @ bmat
    psi = bmat @ np.linalg.inv(mmat)
    phi = np.swapaxes(psi, 1, 2) @ psi
    v = np.ones(n)
    v[k] = 2.0
    cmat = np.swapaxes(e, 1, 2).copy()
    cmat[:, :, k] = 0.0
    phiv = phi @ v
    pmat = (phiv @ v)[:, None, None] * g
    p = 2 * np.einsum("iab,ib->ia", g, np.einsum("ian,in->ia", cmat, phiv) - np.einsum("ian,n->ia", psi, v))
    lmax = np.linalg.eigvalsh(pmat)[:, -1]
    er = e[:, k]
    qer = np.einsum("iab,ib->ia", lmax[:, None, None] * np.eye(3) - pmat, er)
    gc = g @ cmat
    const = (np.trace(g, axis1=1, axis2=2) - 2 * np.einsum("ian,ian->i", psi, gc)
             + np.einsum("inm,imn->i", phi, np.swapaxes(cmat, 1, 2) @ gc) + lmax + np.einsum("ia,ia->i", er, qer))
    diag = np.diagonal(phi, axis1=1, axis2=2)
    a_m = dist**-prob.pathloss_exp_sense
    others = np.arange(n) != k
    a_coef = np.sum(diag[:, others] / (2 * prob.zeta2 * a_m[:, others]), axis=1)
    return o.MajoriserTerms(k, u[k].copy(), const, p - 2 * qer, a_coef, diag[:, k] / prob.zeta2, g, psi, cmat, a_m)
