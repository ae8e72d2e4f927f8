"""Streaming, mergeable statistics for Monte Carlo estimators.

:class:`RunningStats` accumulates a sample stream batch by batch without storing it:
count, mean and sum of squared deviations (Chan et al. parallel update), a signed
logarithmic histogram for quantiles (relative resolution ``10**HIST_RESOLUTION - 1``,
i.e. 0.23 %), and the largest magnitudes for a Hill tail-index estimate. Merging is
associative and exact for count and histogram, and deterministic for mean and
variance when batches are merged in the same order, which is how the Monte Carlo
runner keeps results independent of the number of workers.

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

__all__ = ["Estimate", "RunningStats", "HeavyTailWarning"]

HIST_LOG10_MIN = -60.0
HIST_LOG10_MAX = 60.0
HIST_RESOLUTION = 0.001  # decades per bin
_NBINS = int(round((HIST_LOG10_MAX - HIST_LOG10_MIN) / HIST_RESOLUTION))
TOP_K_STORED = 2000


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

    def scaled(self, k: float) -> "Estimate":
        """The estimate of ``k X`` (``k > 0``): every location statistic times ``k``."""
        if not k > 0:
            raise ValueError("scale must be > 0")
        q = {p: v * k for p, v in self.quantiles.items()}
        return replace(self, mean=self.mean * k, std_error=self.std_error * k, ci_low=self.ci_low * k,
                       ci_high=self.ci_high * k, median=self.median * k, median_ci_low=self.median_ci_low * k,
                       median_ci_high=self.median_ci_high * k, quantiles=q)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["quantiles"] = {str(k): v for k, v in self.quantiles.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Estimate":
        d = dict(d)
        d["quantiles"] = {float(k): v for k, v in d.get("quantiles", {}).items()}
        return cls(**d)


class RunningStats:
    """Mergeable streaming statistics of a scalar sample stream.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> s = RunningStats()
    >>> s.update(rng.exponential(size=10_000))
    >>> est = s.estimate()
    >>> abs(est.mean - 1) < 4 * est.std_error
    True
    """

    __slots__ = ("n", "mean", "m2", "hist_pos", "hist_neg", "n_zero", "n_nan", "n_posinf", "n_neginf", "top", "clusters")

    def __init__(self):
        self.n = 0
        self.mean = 0.0
        self.m2 = 0.0
        self.hist_pos = np.zeros(_NBINS + 2, dtype=np.int64)  # [underflow, bins..., overflow]
        self.hist_neg = np.zeros(_NBINS + 2, dtype=np.int64)
        self.n_zero = 0
        self.n_nan = 0
        self.n_posinf = 0
        self.n_neginf = 0
        self.top = np.empty(0)
        # cluster sums for the ratio estimator: [count, sum s_c, sum n_c, sum s_c^2, sum n_c^2, sum s_c n_c]
        self.clusters = None

    # -- accumulation -------------------------------------------------------------
    def update(self, x, cluster=None) -> "RunningStats":
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
        nan = np.isnan(x)
        self.n_nan += int(nan.sum())
        self.n_posinf += int(np.isposinf(x).sum())
        self.n_neginf += int(np.isneginf(x).sum())
        finite = x[np.isfinite(x)]
        if finite.size:
            other = RunningStats._moments(finite)
            self._merge_moments(*other)
            self._add_hist(finite)
            mags = np.abs(finite)
            k = min(TOP_K_STORED, mags.size)
            part = np.partition(mags, mags.size - k)[mags.size - k:]
            self.top = self._top_merge(self.top, part)
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

    def _add_hist(self, x):
        pos = x[x > 0]
        neg = -x[x < 0]
        self.n_zero += int(np.count_nonzero(x == 0))
        for vals, hist in ((pos, self.hist_pos), (neg, self.hist_neg)):
            if vals.size:
                idx = np.floor((np.log10(vals) - HIST_LOG10_MIN) / HIST_RESOLUTION).astype(np.int64) + 1
                np.clip(idx, 0, _NBINS + 1, out=idx)
                hist += np.bincount(idx, minlength=_NBINS + 2)

    @staticmethod
    def _top_merge(a, b):
        c = np.concatenate([a, b])
        if c.size > TOP_K_STORED:
            c = np.partition(c, c.size - TOP_K_STORED)[c.size - TOP_K_STORED:]
        return c

    def merge(self, other: "RunningStats") -> "RunningStats":
        """Merge another accumulator into this one (in place) and return self."""
        self._merge_moments(other.n, other.mean, other.m2)
        self.hist_pos += other.hist_pos
        self.hist_neg += other.hist_neg
        self.n_zero += other.n_zero
        self.n_nan += other.n_nan
        self.n_posinf += other.n_posinf
        self.n_neginf += other.n_neginf
        self.top = self._top_merge(self.top, other.top)
        if other.clusters is not None:
            self.clusters = other.clusters.copy() if self.clusters is None else self.clusters + other.clusters
        return self

    # -- queries ------------------------------------------------------------------
    def quantile(self, q: float) -> float:
        """Quantile from the log histogram (relative error <= 0.23 %); infinities included."""
        total = self.n + self.n_posinf + self.n_neginf
        if total == 0:
            return math.nan
        q = min(max(q, 0.0), 1.0)
        rank = q * (total - 1)
        # ascending order: -inf, negative bins (large magnitude first), zero, positive bins, +inf
        counts = np.concatenate(([self.n_neginf], self.hist_neg[::-1], [self.n_zero], self.hist_pos, [self.n_posinf]))
        cum = np.cumsum(counts)
        i = int(np.searchsorted(cum, rank, side="right"))
        i = min(i, counts.size - 1)
        nneg = self.hist_neg.size
        if i == 0:
            return -math.inf
        if i == counts.size - 1:
            return math.inf
        if i <= nneg:
            j = nneg - i  # index into hist_neg
            return -self._bin_centre(j)
        if i == nneg + 1:
            return 0.0
        return self._bin_centre(i - nneg - 2)

    @staticmethod
    def _bin_centre(j: int) -> float:
        if j == 0:
            return 10.0 ** HIST_LOG10_MIN
        if j == _NBINS + 1:
            return 10.0 ** HIST_LOG10_MAX
        return 10.0 ** (HIST_LOG10_MIN + (j - 0.5) * HIST_RESOLUTION)

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

    def estimate(self, confidence: float = 0.95, *, tail_threshold: float = 2.0) -> Estimate:
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
        total = n + self.n_posinf + self.n_neginf
        alpha = self.tail_index()
        half = 0.5 * z / math.sqrt(total) if total else 0.5
        quantiles = {q: self.quantile(q) for q in (0.05, 0.25, 0.75, 0.95)}
        median = self.quantile(0.5)
        return Estimate(
            mean=mean,
            std_error=se,
            ci_low=mean - z * se,
            ci_high=mean + z * se,
            num_samples=int(n),
            median=median,
            median_ci_low=min(self.quantile(0.5 - half), _bin_edge(median, -1)),
            median_ci_high=max(self.quantile(0.5 + half), _bin_edge(median, +1)),
            quantiles=quantiles,
            tail_index=alpha,
            ci_valid=bool(alpha > tail_threshold) and self.n_posinf + self.n_neginf == 0,
            mean_finite=bool(alpha > 1.0),
            num_nonfinite=int(self.n_nan + self.n_posinf + self.n_neginf),
            confidence=confidence,
        )


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
