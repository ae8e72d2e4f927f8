"""The Monte Carlo engine: seeded batches, streamed statistics, a stopping rule.

A *trial function* holds the physics of one batch::

    def trial(rng: numpy.random.Generator, size: int) -> dict[str, numpy.ndarray]

It draws ``size`` independent drops (vectorised over the leading drop axis) and
returns one sample array per named quantity (or one bare array, named ``"value"``).
The engine never stores samples: each batch is reduced to :class:`RunningStats`
and merged in batch order.

Seeding. Batch ``b`` of the point with key ``k`` under root seed ``s`` uses
``SeedSequence(s, spawn_key=(*k, b))``. Its random stream depends on nothing else,
so the numbers are the same whatever the batch schedule or number of workers; when
batches run in parallel, the ones computed past the stopping batch are discarded.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from isacnet.simulate.stats import Estimate, RunningStats, auto_cdf_grid

__all__ = [
    "Clustered",
    "DistributionRequest",
    "MonteCarloSettings",
    "MonteCarloAccumulator",
    "seed_sequence",
    "stable_key",
    "run_batch",
    "run_monte_carlo",
]

TrialFunction = Callable[[np.random.Generator, int], "Mapping[str, np.ndarray] | np.ndarray"]


@dataclass(frozen=True)
class Clustered:
    """Trial output whose samples are dependent within clusters (see ``RunningStats.update``).

    Return ``{"rate": Clustered(rates, network_or_block_ids)}`` from a trial function for
    system-level quantities (all users of one network drop share its geometry).
    """

    values: np.ndarray
    cluster: np.ndarray


@dataclass(frozen=True)
class MonteCarloSettings:
    """Budget and stopping rule of a Monte Carlo estimate.

    Parameters
    ----------
    batch_size : int
        Drops per batch (one call of the trial function).
    min_samples : int
        No stopping before this many batches' worth of drops.
    max_samples : int
        Hard budget of drops per estimate.
    target_rel_ci : float
        Stop once every quantity's relative CI half-width is at most this (the median's
        CI is used where the mean's is not valid). ``0`` disables early stopping.
    confidence : float
        Level of the confidence intervals.
    """

    batch_size: int = 20_000
    min_samples: int = 20_000
    max_samples: int = 1_000_000
    target_rel_ci: float = 0.01
    confidence: float = 0.95

    @property
    def max_batches(self) -> int:
        return max(1, math.ceil(self.max_samples / self.batch_size))

    @property
    def min_batches(self) -> int:
        return max(1, math.ceil(self.min_samples / self.batch_size))


@dataclass(frozen=True)
class DistributionRequest:
    """What to keep of one quantity's distribution besides its mean and median.

    Parameters
    ----------
    quantiles : tuple of float
        Levels in [0, 1] whose quantiles (with order-statistic CIs) are kept.
    cdf_x : tuple of float
        Explicit abscissae of the empirical CDF, in the quantity's unit (ascending).
    cdf_points : int
        Size of an automatic grid (:func:`isacnet.simulate.stats.auto_cdf_grid`) when ``cdf_x``
        is empty; 0 keeps no CDF.
    """

    quantiles: tuple[float, ...] = ()
    cdf_x: tuple[float, ...] = ()
    cdf_points: int = 0


def seed_sequence(seed: int, *key: int) -> np.random.SeedSequence:
    """The seed sequence of stream ``key`` under root ``seed`` (no hidden state)."""
    return np.random.SeedSequence(entropy=int(seed), spawn_key=tuple(int(k) for k in key))


def stable_key(obj) -> int:
    """A 32-bit integer determined by the canonical JSON of ``obj`` (stable across runs)."""
    text = json.dumps(obj, sort_keys=True, default=str)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")


def run_batch(trial: TrialFunction, seed: int, key: tuple, batch_index: int,
              batch_size: int) -> dict[str, RunningStats]:
    """Run batch ``batch_index`` of stream ``key`` and reduce it to statistics."""
    rng = np.random.default_rng(seed_sequence(seed, *key, batch_index))
    out = trial(rng, int(batch_size))
    if not isinstance(out, Mapping):
        out = {"value": out}
    return {name: RunningStats().update(v.values, v.cluster) if isinstance(v, Clustered) else RunningStats().update(v)
            for name, v in out.items()}


class MonteCarloAccumulator:
    """Merges batch statistics in batch order and applies the stopping rule."""

    def __init__(self, settings: MonteCarloSettings):
        self.settings = settings
        self.stats: dict[str, RunningStats] = {}
        self.num_batches = 0
        self.done = False

    def add(self, batch: Mapping[str, RunningStats]) -> bool:
        """Merge the next batch (in order); returns True once the estimate is complete."""
        if self.done:
            return True
        for name, stats in batch.items():
            self.stats.setdefault(name, RunningStats()).merge(stats)
        self.num_batches += 1
        settings = self.settings
        if self.num_batches >= settings.max_batches:
            self.done = True
        elif self.num_batches >= settings.min_batches and settings.target_rel_ci > 0:
            ests = self.estimates()
            self.done = all(e.rel_half_width <= settings.target_rel_ci for e in ests.values())
        return self.done

    def estimates(self, distributions: Mapping[str, DistributionRequest] | None = None) -> dict[str, Estimate]:
        """The estimate of every quantity; ``distributions`` adds quantiles and CDF values to the named ones."""
        conf = self.settings.confidence
        out = {}
        for name, stats in self.stats.items():
            est = stats.estimate(conf)
            req = (distributions or {}).get(name)
            if req is not None:
                grid = req.cdf_x or auto_cdf_grid(stats, req.cdf_points)
                dist = stats.distribution(req.quantiles, grid, conf)
                dist["quantiles"] = {**est.quantiles, **dist["quantiles"]}
                est = replace(est, **dist)
            out[name] = est
        return out


def run_monte_carlo(
    trial: TrialFunction,
    *,
    seed: int,
    key: tuple = (),
    settings: MonteCarloSettings = MonteCarloSettings(),
    executor=None,
) -> dict[str, Estimate]:
    """Estimate the means (and medians, quantiles) of the quantities ``trial`` returns.

    Parameters
    ----------
    trial : callable
        ``trial(rng, size) -> {name: samples}``; must be picklable when ``executor`` runs
        batches in other processes (a module-level function or ``functools.partial``).
    seed : int
        Root seed.
    key : tuple of int
        Stream key (e.g. the sweep point's key).
    settings : MonteCarloSettings
        Budget and stopping rule.
    executor : isacnet.parallel executor, optional
        Runs ``parallelism`` batches at a time; serial when omitted. Results do not
        depend on it.

    Returns
    -------
    dict of str to Estimate
    """
    acc = MonteCarloAccumulator(settings)
    wave = 1 if executor is None else max(1, executor.parallelism)
    b = 0
    while not acc.done:
        idx = range(b, min(b + wave, settings.max_batches))
        args = [(trial, seed, tuple(key), i, settings.batch_size) for i in idx]
        if executor is None:
            results = [run_batch(*a) for a in args]
        else:
            results = executor.map(_run_batch_star, args)
        for r in results:
            if acc.add(r):
                break
        b += len(args)
    return acc.estimates()


def _run_batch_star(args):
    return run_batch(*args)
