"""Streaming, mergeable statistics for Monte Carlo estimators.

:class:`RunningStats` accumulates a sample stream batch by batch without storing it:
count, mean and sum of squared deviations (Chan et al. parallel update), a signed
logarithmic histogram sketch for quantiles and the CDF (:class:`LogHistogram`, bins of
``HIST_RESOLUTION = 0.001`` decades stored over their occupied range only), and the
largest magnitudes for a Hill tail-index estimate. Merging is associative and exact for
the counts and the histogram, and deterministic for mean and variance when batches are
merged in the same order, which is how the Monte Carlo runner keeps results independent
of the number of workers.

Accuracy. ``quantile(q)`` is the geometric centre of the bin that holds the order
statistic of rank ``floor(q (n - 1))`` (0-based; NumPy's ``method="lower"``, infinities
ranked, NaNs not), so it is within a factor ``10**(±HIST_RESOLUTION/2)`` of it: relative
error at most ``QUANTILE_REL_ACCURACY`` = 0.116 % (magnitudes between 1e-60 and 1e60; zeros
and infinities are exact). ``cdf(x)`` is the exact empirical CDF evaluated at a point within
one bin of ``x`` (a factor ``10**(±HIST_RESOLUTION)``).

Size. A batch of ``n`` samples ships its histogram over the occupied bin range in the
smallest unsigned integer type (or sparse, whichever is smaller) plus at most
``TOP_K_STORED`` magnitudes: about 15-35 kB for 50 000 CRLB or rate samples (the dense
120 001-bin histograms it replaces took 1.9 MB).

:meth:`RunningStats.estimate` turns the state into an :class:`Estimate`: the mean with
its standard error and normal-theory confidence interval, the median with a
distribution-free confidence interval, quantiles, and an honesty check on the mean's
interval. A CRLB or a GDoP can have infinite variance or even an infinite mean; the
Hill estimate of the tail index ``a`` (``P(|X| > x) ~ x**-a``) flags that: ``a <= 2``
means the variance is infinite and the normal CI is not valid, ``a <= 1`` means the
mean itself is infinite.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass, field, replace

import numpy as np
from scipy import special

__all__ = ["Estimate", "RunningStats", "LogHistogram", "HeavyTailWarning", "DEFAULT_QUANTILES", "auto_cdf_grid",
           "dkw_halfwidth", "hill_estimate", "QUANTILE_REL_ACCURACY_NOTE"]

HIST_LOG10_MIN = -60.0
HIST_LOG10_MAX = 60.0
HIST_RESOLUTION = 0.001  # decades per bin
_NBINS = round((HIST_LOG10_MAX - HIST_LOG10_MIN) / HIST_RESOLUTION)
QUANTILE_REL_ACCURACY = 10 ** (HIST_RESOLUTION / 2) - 1  # 0.116 %: half a bin either side of the bin centre
TOP_K_STORED = 2000
DEFAULT_QUANTILES = (0.05, 0.25, 0.75, 0.95)
QUANTILE_REL_ACCURACY_NOTE = (
    f"streaming log-histogram sketch: a quantile is the geometric centre of the bin holding the order statistic, "
    f"within a factor 10**(+-{HIST_RESOLUTION / 2:g}) of it (relative error <= "
    f"{100 * (10 ** (HIST_RESOLUTION / 2) - 1):.3f} %); the CDF is the exact empirical CDF at a point within one bin "
    f"(a factor 10**(+-{HIST_RESOLUTION:g})) of x")
"""What the stored quantiles and CDF values owe to the sketch (stated in the result's attributes)."""


class HeavyTailWarning(RuntimeWarning):
    """The sample looks heavy-tailed: the normal CI of the mean is not valid."""


def _z_value(confidence: float) -> float:
    return float(special.ndtri(0.5 + confidence / 2.0))


@dataclass(frozen=True)
class Estimate:
    """A named Monte Carlo estimate.

    Attributes
    ----------
    mean, std_error : float
        Sample mean and its standard error.
    ci_low, ci_high : float
        Normal-theory confidence interval of the mean at level ``confidence``.
    num_samples : int
        Number of finite samples used.
    median, median_ci_low, median_ci_high : float
        Sample median and its distribution-free (order-statistic) confidence interval.
    quantiles : dict
        ``{0.05: q05, 0.25: ..., 0.75: ..., 0.95: ...}``.
    tail_index : float
        Hill estimate of the upper tail index of ``|X|`` (``inf`` for light tails).
    ci_valid : bool
        False when the tail index says the variance is infinite (``tail_index <= 2``):
        then the mean's CI is meaningless and the median should be reported.
    mean_finite : bool
        False when the tail index says the mean itself is infinite (``<= 1``).
    num_nonfinite : int
        Samples that were NaN or infinite (excluded from mean/variance, counted in
        the histogram's overflow when infinite).
    confidence : float
        Confidence level of the intervals.
    quantile_ci : dict
        ``{level: (low, high)}``: distribution-free confidence interval of each quantile in
        ``quantiles`` (order statistics of ranks ``n (q -+ z sqrt(q (1 - q) / n))``; valid for
        independent samples, narrower than the truth for clustered ones).
    cdf_x, cdf : tuple of float
        The empirical CDF ``P(X <= x)`` at the points ``cdf_x`` (ascending; empty unless asked
        for, see :meth:`RunningStats.distribution`).
    """

    mean: float
    std_error: float
    ci_low: float
    ci_high: float
    num_samples: int
    median: float
    median_ci_low: float
    median_ci_high: float
    quantiles: dict = field(default_factory=dict)
    tail_index: float = math.inf
    ci_valid: bool = True
    mean_finite: bool = True
    num_nonfinite: int = 0
    confidence: float = 0.95
    quantile_ci: dict = field(default_factory=dict)
    cdf_x: tuple = ()
    cdf: tuple = ()

    @property
    def rel_half_width(self) -> float:
        """Relative half-width of the mean's CI, or of the median's when the CI is invalid."""
        if self.ci_valid:
            centre, lo, hi = self.mean, self.ci_low, self.ci_high
        else:
            centre, lo, hi = self.median, self.median_ci_low, self.median_ci_high
        if centre == 0 or not np.isfinite(centre):
            return math.inf if hi > lo else 0.0
        return 0.5 * (hi - lo) / abs(centre)

    def scaled(self, k: float) -> Estimate:
        """The estimate of ``k X`` (``k > 0``): every location statistic times ``k``."""
        if not k > 0:
            raise ValueError("scale must be > 0")
        q = {p: v * k for p, v in self.quantiles.items()}
        qci = {p: (lo * k, hi * k) for p, (lo, hi) in self.quantile_ci.items()}
        return replace(self, mean=self.mean * k, std_error=self.std_error * k, ci_low=self.ci_low * k,
                       ci_high=self.ci_high * k, median=self.median * k, median_ci_low=self.median_ci_low * k,
                       median_ci_high=self.median_ci_high * k, quantiles=q, quantile_ci=qci,
                       cdf_x=tuple(x * k for x in self.cdf_x))

    def to_dict(self) -> dict:
        d = asdict(self)
        d["quantiles"] = {str(k): v for k, v in self.quantiles.items()}
        d["quantile_ci"] = {str(k): list(v) for k, v in self.quantile_ci.items()}
        d["cdf_x"], d["cdf"] = list(self.cdf_x), list(self.cdf)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Estimate:
        d = dict(d)
        d["quantiles"] = {float(k): v for k, v in d.get("quantiles", {}).items()}
        d["quantile_ci"] = {float(k): tuple(v) for k, v in d.get("quantile_ci", {}).items()}
        d["cdf_x"], d["cdf"] = tuple(d.get("cdf_x", ())), tuple(d.get("cdf", ()))
        return cls(**d)


class LogHistogram:
    """Counts of positive magnitudes in logarithmic bins, kept over the occupied bin range only.

    Bin ``j`` (``1..NBINS``) holds ``10**(MIN + (j-1) RES) <= v < 10**(MIN + j RES)`` with
    ``MIN = HIST_LOG10_MIN``, ``RES = HIST_RESOLUTION``; bin 0 collects everything below
    ``10**MIN`` and bin ``NBINS + 1`` everything above ``10**HIST_LOG10_MAX``. The counts of
    bins ``lo .. lo + len(counts) - 1`` are stored; every other bin is empty. Adding and
    merging are integer additions: exact, associative and commutative.
    """

    __slots__ = ("counts", "lo")

    def __init__(self):
        self.lo = 0
        self.counts = np.zeros(0, dtype=np.int64)

    @staticmethod
    def bin_index(values: np.ndarray) -> np.ndarray:
        """Global bin index of each positive value, ``[n]`` int64."""
        idx = np.floor((np.log10(values) - HIST_LOG10_MIN) / HIST_RESOLUTION).astype(np.int64) + 1
        return np.clip(idx, 0, _NBINS + 1, out=idx)

    @staticmethod
    def bin_centre(j: int) -> float:
        """Representative value of bin ``j``: the geometric centre (the range ends for under/overflow)."""
        if j <= 0:
            return 10.0**HIST_LOG10_MIN
        if j >= _NBINS + 1:
            return 10.0**HIST_LOG10_MAX
        return 10.0 ** (HIST_LOG10_MIN + (j - 0.5) * HIST_RESOLUTION)

    @property
    def total(self) -> int:
        return int(self.counts.sum())

    def add(self, values: np.ndarray) -> tuple[int, np.ndarray]:
        """Count positive ``values`` ``[n]``; returns this batch's own ``(lo, counts)``."""
        if values.size == 0:
            return 0, np.zeros(0, dtype=np.int64)
        idx = self.bin_index(values)
        lo = int(idx.min())
        counts = np.bincount(idx - lo)
        self._add_counts(lo, counts)
        return lo, counts

    def merge(self, other: LogHistogram) -> None:
        if other.counts.size:
            self._add_counts(other.lo, other.counts)

    def _add_counts(self, lo: int, counts: np.ndarray) -> None:
        if self.counts.size == 0:
            self.lo, self.counts = lo, counts.astype(np.int64, copy=True)
            return
        new_lo = min(self.lo, lo)
        new_hi = max(self.lo + self.counts.size, lo + counts.size)
        if new_lo != self.lo or new_hi != self.lo + self.counts.size:
            grown = np.zeros(new_hi - new_lo, dtype=np.int64)
            grown[self.lo - new_lo:self.lo - new_lo + self.counts.size] = self.counts
            self.lo, self.counts = new_lo, grown
        self.counts[lo - self.lo:lo - self.lo + counts.size] += counts

    def dense(self) -> np.ndarray:
        """All ``NBINS + 2`` counts (underflow, bins, overflow), int64."""
        out = np.zeros(_NBINS + 2, dtype=np.int64)
        out[self.lo:self.lo + self.counts.size] = self.counts
        return out

    def __eq__(self, other) -> bool:
        if not isinstance(other, LogHistogram):
            return NotImplemented
        a, b = np.flatnonzero(self.counts), np.flatnonzero(other.counts)
        return bool(a.size == b.size and np.array_equal(a + self.lo, b + other.lo)
                    and np.array_equal(self.counts[a], other.counts[b]))

    def __getstate__(self):
        # ship the occupied range in the smallest unsigned type, or sparse where that is smaller
        c = self.counts
        top = int(c.max()) if c.size else 0
        dtype = next(t for t in (np.uint8, np.uint16, np.uint32, np.uint64) if top <= np.iinfo(t).max)
        nz = np.flatnonzero(c)
        idx_dtype = np.uint16 if c.size <= 2**16 else np.uint32
        size = np.dtype(dtype).itemsize
        if nz.size * (size + np.dtype(idx_dtype).itemsize) < c.size * size:
            return self.lo, c.size, nz.astype(idx_dtype), c[nz].astype(dtype)
        return self.lo, c.size, None, c.astype(dtype)

    def __setstate__(self, state):
        lo, size, nz, values = state
        self.lo = lo
        if nz is None:
            self.counts = values.astype(np.int64)
        else:
            self.counts = np.zeros(size, dtype=np.int64)
            self.counts[nz.astype(np.intp)] = values


def _largest(parts, num_values: int, k: int) -> np.ndarray:
    """The ``k`` largest magnitudes of one batch, found through its histogram.

    ``parts`` holds ``(magnitudes, (lo, counts))`` of the positive and the negative samples
    (their bin counts from :meth:`LogHistogram.add`); the other ``num_values - sum sizes``
    samples are zeros. Only the magnitudes in the bins that hold the top ``k`` go through
    ``np.partition``: the same multiset as partitioning everything, at a fraction of the cost.
    """
    nonzero = sum(m.size for m, _ in parts)
    if nonzero <= k:
        return np.concatenate([m for m, _ in parts] + [np.zeros(min(k - nonzero, num_values - nonzero))])
    parts = [(m, lc) for m, lc in parts if m.size]
    lo = min(lo for _, (lo, _) in parts)
    hi = max(lo_ + c.size for _, (lo_, c) in parts)
    counts = np.zeros(hi - lo, dtype=np.int64)
    for _, (lo_, c) in parts:
        counts[lo_ - lo:lo_ - lo + c.size] += c
    from_top = np.cumsum(counts[::-1])
    first = lo + counts.size - 1 - int(np.searchsorted(from_top, k))  # lowest bin holding one of the top k
    edge = 10.0 ** (HIST_LOG10_MIN + (first - 2) * HIST_RESOLUTION)  # one bin lower: safe against log10 rounding
    cand = np.concatenate([m[m >= edge] for m, _ in parts]) if first > 1 else np.concatenate([m for m, _ in parts])
    return np.partition(cand, cand.size - k)[cand.size - k:]


class RunningStats:
    """Mergeable streaming statistics of a scalar sample stream.

    Attributes
    ----------
    n, mean, m2 : int, float, float
        Count, mean and sum of squared deviations of the finite samples.
    pos, neg : LogHistogram
        Magnitudes of the positive and of the negative finite samples.
    n_zero, n_nan, n_posinf, n_neginf : int
        Exact zeros, NaNs and infinities.
    top : ndarray
        The up to ``TOP_K_STORED`` largest finite magnitudes (unordered).
    clusters : ndarray or None
        Cluster sums of the ratio estimator (see :meth:`update`).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> s = RunningStats()
    >>> s.update(rng.exponential(size=10_000))
    >>> est = s.estimate()
    >>> abs(est.mean - 1) < 4 * est.std_error
    True
    """

    __slots__ = ("clusters", "m2", "mean", "n", "n_nan", "n_neginf", "n_posinf", "n_zero", "neg", "pos", "top")

    def __init__(self):
        self.n = 0
        self.mean = 0.0
        self.m2 = 0.0
        self.pos = LogHistogram()
        self.neg = LogHistogram()
        self.n_zero = 0
        self.n_nan = 0
        self.n_posinf = 0
        self.n_neginf = 0
        self.top = np.empty(0)
        # cluster sums for the ratio estimator: [count, sum s_c, sum n_c, sum s_c^2, sum n_c^2, sum s_c n_c]
        self.clusters = None

    # -- accumulation -------------------------------------------------------------
    def update(self, x, cluster=None) -> RunningStats:
        """Add a batch of samples (any shape; flattened).

        ``cluster`` (same shape, integer labels) marks samples that are not independent,
        e.g. the users of one simulated network or of one spatial block: the standard error
        is then the cluster-robust one of the ratio estimator ``sum s_c / sum n_c`` over
        clusters (delta method). Labels are reduced within each call, so they only need to
        be distinct within one batch; a cluster must not span two calls.
        """
        x = np.asarray(x, dtype=float).ravel()
        if cluster is not None:
            self._add_clusters(x, np.asarray(cluster).ravel())
        finite = np.isfinite(x)
        if not finite.all():
            self.n_nan += int(np.isnan(x).sum())
            self.n_posinf += int(np.isposinf(x).sum())
            self.n_neginf += int(np.isneginf(x).sum())
            x = x[finite]
        if x.size:
            self._merge_moments(*RunningStats._moments(x))
            if x.min() > 0:  # the common case: no split, no copy
                parts = [(x, self.pos.add(x))]
            else:
                pos, neg = x[x > 0], -x[x < 0]
                self.n_zero += x.size - pos.size - neg.size
                parts = [(pos, self.pos.add(pos)), (neg, self.neg.add(neg))]
            self.top = self._top_merge(self.top, _largest(parts, x.size, min(TOP_K_STORED, x.size)))
        return self

    def _add_clusters(self, x, cluster):
        ok = np.isfinite(x)
        _, inv = np.unique(cluster[ok], return_inverse=True)
        s = np.bincount(inv, weights=x[ok])
        n = np.bincount(inv).astype(float)
        add = np.array([s.size, s.sum(), n.sum(), (s * s).sum(), (n * n).sum(), (s * n).sum()])
        self.clusters = add if self.clusters is None else self.clusters + add

    @staticmethod
    def _moments(x):
        m = float(x.mean())
        return x.size, m, float(np.sum((x - m) ** 2))

    def _merge_moments(self, nb, mb, m2b):
        na = self.n
        n = na + nb
        if n == 0:
            return
        delta = mb - self.mean
        self.mean = self.mean + delta * nb / n
        self.m2 = self.m2 + m2b + delta * delta * na * nb / n
        self.n = n

    @staticmethod
    def _top_merge(a, b):
        c = np.concatenate([a, b])
        if c.size > TOP_K_STORED:
            c = np.partition(c, c.size - TOP_K_STORED)[c.size - TOP_K_STORED:]
        return c

    def merge(self, other: RunningStats) -> RunningStats:
        """Merge another accumulator into this one (in place) and return self."""
        self._merge_moments(other.n, other.mean, other.m2)
        self.pos.merge(other.pos)
        self.neg.merge(other.neg)
        self.n_zero += other.n_zero
        self.n_nan += other.n_nan
        self.n_posinf += other.n_posinf
        self.n_neginf += other.n_neginf
        self.top = self._top_merge(self.top, other.top)
        if other.clusters is not None:
            self.clusters = other.clusters.copy() if self.clusters is None else self.clusters + other.clusters
        return self

    # -- queries ------------------------------------------------------------------
    @property
    def num_ranked(self) -> int:
        """Samples the quantiles and the CDF rank: the finite ones and the infinities (not NaNs)."""
        return self.n + self.n_posinf + self.n_neginf

    def _cumulative(self) -> np.ndarray:
        # ascending order: -inf, negative bins (large magnitude first), zero, positive bins, +inf
        return np.cumsum(np.concatenate(([self.n_neginf], self.neg.counts[::-1], [self.n_zero], self.pos.counts,
                                         [self.n_posinf])))

    def _quantile(self, cum: np.ndarray, q: float) -> float:
        total = int(cum[-1])
        if total == 0:
            return math.nan
        rank = min(max(q, 0.0), 1.0) * (total - 1)
        i = int(np.searchsorted(cum, rank, side="right"))  # first entry with more than rank samples at or below
        nneg = self.neg.counts.size
        if i == 0:
            return -math.inf
        if i >= cum.size - 1:
            return math.inf
        if i <= nneg:
            return -LogHistogram.bin_centre(self.neg.lo + nneg - i)
        if i == nneg + 1:
            return 0.0
        return LogHistogram.bin_centre(self.pos.lo + i - nneg - 2)

    def quantile(self, q: float) -> float:
        """The ``q``-quantile (inverted CDF, infinities ranked, NaNs ignored); see the module notes for its accuracy."""
        return self._quantile(self._cumulative(), q)

    def cdf(self, x: float) -> float:
        """Fraction of the ranked samples (finite and infinite, not NaN) that are ``<= x``.

        Exact for ``x`` zero or infinite; otherwise the samples in the bin of ``x`` count as
        at or below ``x`` when ``x`` is at or above the bin centre (the value :meth:`quantile`
        reports), so ``cdf(quantile(q)) >= q - 1/n``. NaN when nothing was ranked or ``x`` is NaN.
        """
        total = self.num_ranked
        if total == 0 or math.isnan(x):
            return math.nan
        if x == math.inf:
            return 1.0
        below = self.n_neginf
        if x == -math.inf:
            return below / total
        neg_total = self.neg.total
        if x < 0:
            j = int(LogHistogram.bin_index(np.array([-x]))[0])
            c, lo = self.neg.counts, self.neg.lo
            k = j - lo  # bins with index > j hold larger magnitudes: further left
            above = int(c[max(k + 1, 0):].sum()) if k + 1 < c.size else 0
            inside = int(c[k]) if 0 <= k < c.size else 0
            return (below + above + (inside if -x <= LogHistogram.bin_centre(j) else 0)) / total
        below += neg_total + self.n_zero
        if x == 0:
            return below / total
        j = int(LogHistogram.bin_index(np.array([x]))[0])
        c, lo = self.pos.counts, self.pos.lo
        k = j - lo
        under = int(c[:max(k, 0)].sum()) if k > 0 else 0
        inside = int(c[k]) if 0 <= k < c.size else 0
        return (below + under + (inside if x >= LogHistogram.bin_centre(j) else 0)) / total

    def distribution(self, quantiles=(), cdf_x=(), confidence: float = 0.95) -> dict:
        """Quantiles with their confidence intervals and the CDF on a grid, as :class:`Estimate` fields.

        Parameters
        ----------
        quantiles : sequence of float
            Levels in [0, 1].
        cdf_x : sequence of float
            Points of the empirical CDF, in the unit of the samples.
        confidence : float
            Level of the quantiles' order-statistic intervals.

        Returns
        -------
        dict
            ``quantiles``, ``quantile_ci``, ``cdf_x``, ``cdf``: pass to ``dataclasses.replace`` of
            the :class:`Estimate` of the same stream. Accuracy: :data:`QUANTILE_REL_ACCURACY_NOTE`.
        """
        z = _z_value(confidence)
        total = self.num_ranked
        cum = self._cumulative()
        levels = sorted({float(q) for q in quantiles})
        qs, ci = {}, {}
        for q in levels:
            qs[q] = self._quantile(cum, q)
            half = z * math.sqrt(q * (1.0 - q) / total) if total else 0.5
            ci[q] = (_bin_edge(self._quantile(cum, q - half), -1), _bin_edge(self._quantile(cum, q + half), +1))
        xs = tuple(float(x) for x in cdf_x)
        return {"quantiles": qs, "quantile_ci": ci, "cdf_x": xs, "cdf": tuple(self.cdf(x) for x in xs)}

    def tail_index(self) -> float:
        """Hill estimate of the upper tail index of ``|X|`` from the stored top magnitudes.

        Uses the ``k = clip(n/100, 10, 1999)`` largest magnitudes; ``inf`` when the tail is
        flat (light-tailed or bounded samples) or the sample is too small (< 1000).
        """
        if self.n_posinf or self.n_neginf:
            return 0.0
        if self.n < 1000:
            return math.inf
        k = int(min(TOP_K_STORED - 1, max(10, self.n // 100)))
        top = np.sort(self.top)[::-1]
        if top.size <= k or top[k] <= 0:
            return math.inf
        xi = float(np.mean(np.log(top[:k])) - math.log(top[k]))
        return math.inf if xi <= 0 else 1.0 / xi

    def estimate(self, confidence: float = 0.95, *, tail_threshold: float = 2.0,
                 quantiles: tuple[float, ...] = DEFAULT_QUANTILES) -> Estimate:
        """Summarise the stream as an :class:`Estimate` (see the module notes)."""
        z = _z_value(confidence)
        n = self.n
        var = self.m2 / (n - 1) if n > 1 else math.nan
        se = math.sqrt(var / n) if n > 1 else math.nan
        if self.clusters is not None:
            c, S, Nn, SS, NN, SN = self.clusters
            r = S / Nn
            se = math.sqrt(c / (c - 1) * max(SS - 2 * r * SN + r * r * NN, 0.0)) / Nn if c > 1 else math.nan
        mean = self.mean if n else math.nan
        total = self.num_ranked
        alpha = self.tail_index()
        half = 0.5 * z / math.sqrt(total) if total else 0.5
        cum = self._cumulative()
        median = self._quantile(cum, 0.5)
        return Estimate(
            mean=mean,
            std_error=se,
            ci_low=mean - z * se,
            ci_high=mean + z * se,
            num_samples=int(n),
            median=median,
            median_ci_low=min(self._quantile(cum, 0.5 - half), _bin_edge(median, -1)),
            median_ci_high=max(self._quantile(cum, 0.5 + half), _bin_edge(median, +1)),
            quantiles={q: self._quantile(cum, q) for q in quantiles},
            tail_index=alpha,
            ci_valid=bool(alpha > tail_threshold) and self.n_posinf + self.n_neginf == 0,
            mean_finite=bool(alpha > 1.0),
            num_nonfinite=int(self.n_nan + self.n_posinf + self.n_neginf),
            confidence=confidence,
        )


def auto_cdf_grid(stats: RunningStats, num_points: int, low: float = 0.001, high: float = 0.999) -> tuple:
    """A grid of ``num_points`` abscissae spanning the ``low``..``high`` quantiles of a stream.

    Geometric spacing when the span is positive and wider than two decades (a heavy tail: a CRLB),
    linear otherwise; infinite end points are replaced by the nearest finite quantile. Empty when
    ``num_points`` is 0 or nothing finite was seen.

    Parameters
    ----------
    stats : RunningStats
    num_points : int
        Grid size (>= 2 for a span).
    low, high : float
        Quantile levels of the end points.

    Returns
    -------
    tuple of float
        Ascending abscissae, in the unit of the samples.
    """
    if num_points <= 0 or stats.n == 0:
        return ()
    lo, hi = stats.quantile(low), stats.quantile(high)
    if not math.isfinite(lo) or not math.isfinite(hi):
        finite = [v for v in (stats.quantile(q) for q in np.linspace(low, high, 201)) if math.isfinite(v)]
        if not finite:
            return ()
        lo, hi = min(finite), max(finite)
    if num_points == 1 or hi <= lo:
        return (float(lo),)
    if lo > 0 and hi / lo > 100:
        return tuple(float(v) for v in np.geomspace(lo, hi, num_points))
    return tuple(float(v) for v in np.linspace(lo, hi, num_points))


def dkw_halfwidth(num_samples, confidence: float = 0.95):
    """Half-width of the Dvoretzky–Kiefer–Wolfowitz band of an empirical CDF.

    ``P(sup_x |F_n(x) - F(x)| > eps) <= 2 exp(-2 n eps^2)`` (Massart's constant), so
    ``eps = sqrt(ln(2 / (1 - confidence)) / (2 n))`` covers the whole CDF at once with
    probability ``confidence``, for ``n`` independent samples.

    Parameters
    ----------
    num_samples : int or array_like
        ``n`` (> 0).
    confidence : float
        Level in (0, 1).

    Returns
    -------
    float or ndarray
        ``eps`` [probability].
    """
    n = np.asarray(num_samples, dtype=float)
    with np.errstate(divide="ignore"):
        eps = np.sqrt(math.log(2.0 / (1.0 - confidence)) / (2.0 * n))
    return float(eps) if eps.ndim == 0 else eps


def hill_estimate(magnitudes, k: int) -> tuple[float, float]:
    """Hill estimate of the upper tail index from the ``k + 1`` largest magnitudes, and its standard error.

    ``1/a = mean_{j<k} ln(x_(j) / x_(k))`` over the order statistics ``x_(0) >= x_(1) >= ...``;
    asymptotically normal with standard error ``a / sqrt(k)`` (Hill 1975) when ``k -> inf``,
    ``k/n -> 0``. Slowly varying corrections bias it for ``k/n`` not small: choose ``k ~ sqrt(n)``.

    Parameters
    ----------
    magnitudes : array_like
        At least the ``k + 1`` largest ``|X|`` of the sample (e.g. :attr:`RunningStats.top`).
    k : int
        Number of exceedances (>= 2).

    Returns
    -------
    (float, float)
        ``a`` and its standard error [1]; ``(inf, nan)`` for a flat top.
    """
    top = np.sort(np.asarray(magnitudes, dtype=float))[::-1]
    if k < 2 or top.size <= k or not top[k] > 0:
        raise ValueError(f"need k >= 2 and more than k positive magnitudes, got k = {k}, {top.size} values")
    xi = float(np.mean(np.log(top[:k])) - math.log(top[k]))
    if xi <= 0:
        return math.inf, math.nan
    return 1.0 / xi, 1.0 / xi / math.sqrt(k)


def _bin_edge(value: float, side: int) -> float:
    """The edge of ``value``'s histogram bin on ``side`` (-1 lower, +1 upper): a quantile read
    from the histogram is known only to within its bin, so no CI is narrower than the bin."""
    if not math.isfinite(value) or value == 0:
        return value
    factor = 10.0 ** (HIST_RESOLUTION / 2) if (value > 0) == (side > 0) else 10.0 ** (-HIST_RESOLUTION / 2)
    return value * factor


def warn_if_heavy_tailed(name: str, est: Estimate, tail_index: float | None = None,
                         shown_median: float | None = None) -> None:
    """Emit a :class:`HeavyTailWarning` when the mean's CI is not valid.

    ``tail_index`` (theory) overrides the Hill estimate stored in ``est``; ``shown_median`` is
    the median as the output shows it (e.g. its root, for a root-CRLB series), default
    ``est.median``.
    """
    alpha = est.tail_index if tail_index is None else tail_index
    if alpha > 2 and est.num_nonfinite == 0:
        return
    what = "mean looks infinite" if alpha <= 1 else "variance looks infinite"
    warnings.warn(
        f"{name}: {what} (tail index {alpha:.2f}); the CI of the mean is not valid, "
        f"read the median instead ({est.median if shown_median is None else shown_median:.4g})",
        HeavyTailWarning,
        stacklevel=2,
    )
