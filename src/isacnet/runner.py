"""Running a scenario: sweep points and Monte Carlo batches on an executor.

Work is cut into units: one *analysis* unit per point (closed forms and ``evaluate``)
and Monte Carlo units of consecutive *batches*. A pipeline keeps twice ``parallelism``
units in flight, earliest points first (a point takes at most its share of the window),
and hands out the next unit as soon as any finishes, so no worker waits for another.
A unit runs as many batches as fill the executor's ``unit_seconds`` (measured on the
point's earlier units; one batch to start with, and few while a point may stop early),
so that the cost of handing out a unit stays small against the work in it. Batch results
are merged strictly in batch order with the stopping rule applied after each one, so the
numbers are the same for any executor, any number of workers and any grouping of batches
(surplus batches are discarded). A finished point is written to the point cache at once;
an interrupted sweep resumes from the cache without recomputing it.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import math
import os
import subprocess
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

import numpy as np

from isacnet._accel import compiled_kernels, numba_enabled, use_compiled
from isacnet._version import __version__
from isacnet.cf import SERIES_COORD_LONG_NAMES, field_attrs
from isacnet.errors import InputError
from isacnet.models import field_info
from isacnet.registry import AnalyticCdf, Experiment, Series, get_experiment
from isacnet.scenario import Scenario, SweepPoint, profile_values, sweep_axes, sweep_points
from isacnet.simulate.engine import (
    DistributionRequest,
    MonteCarloAccumulator,
    MonteCarloSettings,
    run_batch,
    seed_sequence,
    stable_key,
)
from isacnet.simulate.stats import Estimate, warn_if_heavy_tailed
from isacnet.store import PointCache
from isacnet.units import cf_units

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["compute_dataset", "cache_key", "git_commit", "EVALUATE_STREAM", "MemoryEstimate", "probe_trial_memory",
           "check_memory", "check_results_config", "distribution_requests"]

COMPILED_MIN_DROPS = 5_000_000
"""A run's kernels are compiled (numba) when its Monte Carlo budget, ``max_samples`` summed over
its points, reaches this (or the experiment has no Monte Carlo trial); a shorter run uses the
NumPy kernels, so that it does not pay numba's import and cache load in every process. The choice
depends on the scenario alone: every worker of a run uses the same kernels."""

EVALUATE_STREAM = 2**32 - 1
"""Spawn-key slot of a point's ``evaluate`` stream (batches use 0, 1, 2, ...)."""

REALISATION_STREAM = 2**32 - 2
"""Spawn-key slot of the stream that draws an experiment's shared realisation."""

_FIELDS = ("value", "ci_low", "ci_high", "n_samples", "std_error", "tail_index", "ci_valid")


@functools.lru_cache(maxsize=1)
def source_fingerprint() -> str:
    """Hash of the package's own source files, so that cached results never outlive a code change."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")) + sorted(root.rglob("*.toml")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """Versions of what the numbers depend on: Python, NumPy and SciPy (and numba when used)."""
    import platform

    import scipy

    out = {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__}
    if numba_enabled():  # the compiled twins agree with the NumPy ones to rounding, not always bit for bit
        from importlib.metadata import version

        out["numba"] = version("numba")
    return out


def cache_key(scn: Scenario) -> str:
    """Hash of (scenario, seed, package version and source, NumPy/SciPy versions) keying a whole run."""
    payload = json.dumps({"scenario": scn.canonical(), "version": __version__, "source": source_fingerprint(),
                          "libraries": library_versions()}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def _point_key(exp: Experiment, point: SweepPoint) -> int:
    return stable_key({"experiment": exp.id, "params": point.params.model_dump(mode="json")})


def _point_cache_key(scn: Scenario, exp: Experiment, point: SweepPoint) -> str:
    payload = {
        "experiment": exp.id,
        "params": point.params.model_dump(mode="json"),
        "seed": scn.seed,
        "monte_carlo": scn.monte_carlo.model_dump(mode="json"),
        "results": scn.results.model_dump(mode="json"),
        "version": __version__,
        "source": source_fingerprint(),
        "libraries": library_versions(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:24]


def git_commit() -> str:
    """The git commit of the package source, or "unknown"."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=Path(__file__).parent, capture_output=True, text=True, timeout=5
        )
        return out.stdout.strip() if out.returncode == 0 else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


# -- work units (module level: they travel to worker processes) ------------------------
def evaluate_stream_key(exp: Experiment, params, point_key: int) -> int:
    """The stream key of a point's ``evaluate`` generator: the point's own key, or, when the
    experiment shares a realisation across points, a key of its ``shared_stream_fields`` only."""
    if not exp.shared_stream_fields:
        return point_key
    return stable_key({"experiment": exp.id, **{f: getattr(params, f) for f in exp.shared_stream_fields}})


def evaluate_generator(exp: Experiment, params, seed: int, point_key: int) -> np.random.Generator:
    """The generator a point's ``evaluate`` receives (what a claim needs to redo one point by hand)."""
    return np.random.default_rng(seed_sequence(seed, evaluate_stream_key(exp, params, point_key), EVALUATE_STREAM))


@functools.lru_cache(maxsize=16)
def _realisation_cached(exp_id: str, params_json: str, seed: int, stream_key: int):
    exp = get_experiment(exp_id)
    if exp.realisation is None:
        raise ValueError(f"experiment {exp_id} has no shared realisation")  # realisation() checks first
    p = exp.params.model_validate_json(params_json)
    return exp.realisation(p, np.random.default_rng(seed_sequence(seed, stream_key, REALISATION_STREAM)))


def realisation(exp: Experiment, params, seed: int, point_key: int):
    """The experiment's shared realisation for one point (``None`` when it has none).

    Drawn from ``SeedSequence(seed, spawn_key=(key, REALISATION_STREAM))`` with ``key`` the
    point's :func:`evaluate_stream_key`: every point that agrees on ``shared_stream_fields``
    sees the same realisation, and another scenario seed gives another one. Cached per process.
    """
    if exp.realisation is None:
        return None
    return _realisation_cached(exp.id, params.model_dump_json(), int(seed), evaluate_stream_key(exp, params, point_key))


def _unit_analysis(args):
    exp_id, params, seed, key = args
    exp = get_experiment(exp_id)
    p = exp.params.model_validate(params)
    out: dict = {}
    t0 = time.perf_counter()
    real = realisation(exp, p, seed, key)
    extra = () if exp.realisation is None else (real,)
    if exp.analytic is not None:
        out.update({k: v.to_dict() if isinstance(v, AnalyticCdf) else float(v)
                    for k, v in exp.analytic(p, *extra).items()})
    if exp.evaluate is not None:
        rng = evaluate_generator(exp, p, seed, key)
        for k, v in exp.evaluate(p, rng, *extra).items():
            out[k] = v.to_dict() if isinstance(v, Estimate) else float(v)
    return out, time.perf_counter() - t0


def _bound_trial(exp_id, params, seed, key):
    exp = get_experiment(exp_id)
    p = exp.params.model_validate(params)
    if exp.realisation is None:
        return lambda rng, size: exp.trial(p, rng, size)
    real = realisation(exp, p, seed, key)
    return lambda rng, size: exp.trial(p, rng, size, real)


def _unit_batches(args):
    """Batches ``first .. first + count - 1`` of one point: their statistics in batch order, and the seconds."""
    exp_id, params, seed, key, first, count, batch_size = args
    t0 = time.perf_counter()
    trial = _bound_trial(exp_id, params, seed, key)
    res = [run_batch(trial, seed, (key,), b, batch_size) for b in range(first, first + count)]
    return res, time.perf_counter() - t0


# -- memory: bound first (the models' upper bounds), probe second ---------------------------
MEMORY_FRACTION = 0.5
"""Share of the memory available to a worker that one batch may use."""

_PROBE_SIZES = (64, 256)


@dataclass(frozen=True)
class MemoryEstimate:
    """Peak memory of one Monte Carlo batch, fitted as ``fixed + per_drop * batch_size`` [bytes]."""

    fixed_bytes: float
    per_drop_bytes: float

    def at(self, batch_size: int) -> float:
        return self.fixed_bytes + self.per_drop_bytes * batch_size

    def largest_batch(self, budget_bytes: float) -> int:
        if self.per_drop_bytes <= 0:
            return 10**12
        return int(max(0.0, budget_bytes - self.fixed_bytes) // self.per_drop_bytes)


def probe_trial_memory(exp: Experiment, params, seed: int, key: int) -> MemoryEstimate:
    """Run ``exp.trial`` on two tiny batches (64 and 256 drops) under :mod:`tracemalloc` and fit
    the peak memory linearly in the batch size.

    The probe is safe because every per-drop size field (cluster sizes, antennas, samples per
    axis) has a finite upper bound in its model, so a tiny batch stays small; it takes a few ms.
    It runs the NumPy kernels: :mod:`tracemalloc` does not see the compiled kernels' allocations,
    and a compiled kernel (one pass, no temporaries) needs no more memory than its NumPy twin, so
    the estimate is an upper bound for either.
    """
    trial = _bound_trial(exp.id, params.model_dump(mode="json"), seed, key)  # draws a shared realisation first
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    peaks = []
    try:
        for size in _PROBE_SIZES:
            rng = np.random.default_rng(seed_sequence(seed, key, 0))
            base = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            with compiled_kernels(False):
                out = trial(rng, size)
            peaks.append(max(0, tracemalloc.get_traced_memory()[1] - base))
            del out
    finally:
        if started:
            tracemalloc.stop()
    n1, n2 = _PROBE_SIZES
    per_drop = max(0.0, (peaks[1] - peaks[0]) / (n2 - n1))
    return MemoryEstimate(max(0.0, peaks[1] - per_drop * n2), per_drop)


def _probe_points(points: list[SweepPoint]) -> list[SweepPoint]:
    """The points whose batches are likely the largest, most likely first: the one with the
    numerically largest swept values, the last and the first."""

    def size(pt):
        return sum(float(v) for v in pt.coords.values() if isinstance(v, int | float) and not isinstance(v, bool))

    picks = [max(points, key=size), points[-1], points[0]] if points else []
    return list({id(p): p for p in picks}.values())


_PROBE_BUDGET_S = 0.5
_probed: dict[str, MemoryEstimate] = {}


def _cached_probe(exp: Experiment, pt: SweepPoint, seed: int) -> MemoryEstimate:
    key = json.dumps([exp.id, pt.params.model_dump(mode="json")], sort_keys=True, default=str)
    if key not in _probed:
        if len(_probed) > 1000:
            _probed.clear()
        _probed[key] = probe_trial_memory(exp, pt.params, seed, _point_key(exp, pt))
    return _probed[key]


def _gib(n: float) -> str:
    return f"{n / 2**30:.3g} GiB" if n >= 2**28 else f"{n / 2**20:.3g} MiB"


def check_memory(scn: Scenario, executor) -> None:
    """Refuse a run whose Monte Carlo batches would not fit in memory, before it starts.

    Each worker runs one batch at a time; a batch may use at most :data:`MEMORY_FRACTION` of the
    memory available to one worker (``executor.memory_per_unit()``). The estimate comes from
    :func:`probe_trial_memory` at the likeliest largest points (more while the probes stay within
    half a second; estimates are kept for the process). Raises :class:`InputError` naming ``monte_carlo.batch_size``,
    the estimate and the largest batch size that fits.
    """
    exp = get_experiment(scn.experiment)
    per_unit = getattr(executor, "memory_per_unit", lambda: None)()
    if exp.trial is None or per_unit is None:
        return
    budget = MEMORY_FRACTION * per_unit
    batch = scn.monte_carlo.batch_size
    workers = max(1, int(getattr(executor, "parallelism", 1)))
    _, points = sweep_points(scn, exp.params)
    t0 = time.perf_counter()
    for i, pt in enumerate(_probe_points(points)):
        if i and time.perf_counter() - t0 > _PROBE_BUDGET_S:
            break  # a trial with a heavy fixed part: the likeliest largest point was probed
        est = _cached_probe(exp, pt, scn.seed)
        need = est.at(batch)
        if need <= budget:
            continue
        where = f" at {pt.coords}" if pt.coords else ""
        largest = est.largest_batch(budget)
        if largest < 1:
            raise InputError("params", f"one drop{where} needs more than {_gib(budget)} ({MEMORY_FRACTION:.0%} of the "
                                       f"memory of one of {workers} workers); reduce the per-drop sizes")
        raise InputError("monte_carlo.batch_size",
                         f"a batch of {batch} drops{where} needs about {_gib(need)} per worker, more than "
                         f"{_gib(budget)} ({MEMORY_FRACTION:.0%} of the memory of one of {workers} workers); "
                         f"must be <= {largest} here")


_NAN_ROW = dict(value=math.nan, ci_low=math.nan, ci_high=math.nan, n_samples=0, std_error=math.nan,
                tail_index=math.nan, ci_valid=1)


def _series_row(s: Series, raw, exp: Experiment, params) -> dict:
    """Turn one point's raw result for series ``s`` into the stored fields (in the source's unit).

    Besides the scalar fields of ``_FIELDS``, ``"quantiles"`` (``{level: (q, ci_low, ci_high)}``)
    and ``"cdf"`` (``(x, F)``) hold what the point keeps of the distribution.
    """
    nan = math.nan
    if AnalyticCdf.is_stored(raw):
        closed_form = AnalyticCdf.from_dict(raw)
        return dict(_NAN_ROW, cdf=(np.asarray(s.inverse(np.asarray(closed_form.x))), np.asarray(closed_form.cdf)))
    if s.kind == "analysis" and not isinstance(raw, dict):
        return dict(_NAN_ROW, value=float(raw))
    est = raw if isinstance(raw, Estimate) else Estimate.from_dict(raw)
    quantiles = {q: (v, *est.quantile_ci.get(q, (nan, nan))) for q, v in est.quantiles.items()}
    quantiles.setdefault(0.5, (est.median, est.median_ci_low, est.median_ci_high))
    dist = dict(quantiles=quantiles, cdf=(np.asarray(est.cdf_x), np.asarray(est.cdf)))
    if s.stat == "median":
        return dict(
            value=est.median, ci_low=est.median_ci_low, ci_high=est.median_ci_high, n_samples=est.num_samples,
            std_error=nan, tail_index=est.tail_index, ci_valid=1, **dist,
        )
    theory = exp.tail_index(params, s.source_name) if exp.tail_index else None
    alpha = est.tail_index if theory is None else theory
    if not (est.mean_finite if theory is None else theory > 1):
        return dict(value=math.inf, ci_low=nan, ci_high=nan, n_samples=est.num_samples, std_error=nan,
                    tail_index=alpha, ci_valid=0, **dist)
    valid = est.ci_valid if theory is None else theory > 2
    if not valid:
        shown = math.sqrt(max(est.median, 0.0)) if s.transform == "sqrt" else est.median
        warn_if_heavy_tailed(f"{exp.id}: series {s.name}", est, alpha, shown_median=shown)
    return dict(
        value=est.mean, ci_low=est.ci_low if valid else nan, ci_high=est.ci_high if valid else nan,
        n_samples=est.num_samples, std_error=est.std_error, tail_index=alpha, ci_valid=int(valid), **dist,
    )


# -- what a run keeps of the distributions ([results]) -------------------------------------
def _kept_series(scn: Scenario, exp: Experiment) -> list[Series]:
    """The Monte Carlo series whose quantiles and CDF the scenario keeps."""
    wanted = set(scn.results.series)
    return [s for s in exp.series if s.kind == "mc" and (not wanted or s.name in wanted)]


def check_results_config(scn: Scenario, exp: Experiment) -> None:
    """Check the scenario's ``[results]`` table against the experiment's series (:class:`InputError`).

    Every series it names must be a Monte Carlo series of the experiment, and series that
    summarise the same Monte Carlo quantity may not ask for two different explicit CDF grids.
    """
    mc = {s.name: s for s in exp.series if s.kind == "mc"}
    known = ", ".join(mc) or "none"
    for field_name, names in (("results.series", scn.results.series),
                              ("results.cdf_grid", list(scn.results.cdf_grid))):
        for name in names:
            if name not in mc:
                raise InputError(field_name, f"{name!r} is no Monte Carlo series of {exp.id}; its Monte Carlo series: "
                                        f"{known}")
    grids: dict[str, tuple[str, tuple]] = {}
    for name, grid in scn.results.cdf_grid.items():
        s = mc[name]
        src = tuple(np.round(np.asarray(s.inverse(np.asarray(grid, float))), 12))
        other = grids.setdefault(s.source_name, (name, src))
        if other[1] != src:
            raise InputError("results.cdf_grid", f"series {other[0]!r} and {name!r} summarise the same Monte Carlo "
                                                 f"quantity {s.source_name!r}: give one grid")


def distribution_requests(scn: Scenario, exp: Experiment, params) -> dict[str, DistributionRequest]:
    """What the accumulator keeps of each Monte Carlo quantity of one point (by trial output name).

    Quantile levels of ``[results] quantiles``; the CDF on the scenario's explicit grid of a
    series, else on the experiment's :attr:`~isacnet.registry.Experiment.cdf_grid`, else on an
    automatic grid of ``[results] cdf_points`` points. Grids are taken to the quantity's unit
    (a ``sqrt`` series' grid is squared).
    """
    res = scn.results
    own = dict(exp.cdf_grid(params)) if exp.cdf_grid is not None else {}
    kept = _kept_series(scn, exp)
    out: dict[str, DistributionRequest] = {}
    for source in dict.fromkeys(s.source_name for s in kept):
        mine = [s for s in kept if s.source_name == source]
        chosen = next(((s, res.cdf_grid[s.name]) for s in mine if s.name in res.cdf_grid), None)
        chosen = chosen or next(((s, own[s.name]) for s in mine if s.name in own), None)
        cdf_x = () if chosen is None else tuple(float(v) for v in chosen[0].inverse(np.asarray(chosen[1], float)))
        out[source] = DistributionRequest(tuple(res.quantiles), cdf_x, 0 if cdf_x else res.cdf_points)
    return out


@dataclass
class _PointState:
    point: SweepPoint
    key: int
    cache_key: str
    analysis: dict | None = None
    acc: MonteCarloAccumulator | None = None
    next_batch: int = 0
    seconds: float = 0.0
    cached: dict | None = None
    analysis_sent: bool = False
    in_flight: int = 0
    batch_seconds: float = 0.0  # measured seconds per batch (0: not yet)
    ready: dict = field(default_factory=dict)  # first batch index -> its unit's per-batch statistics

    @property
    def done(self) -> bool:
        return self.cached is not None or (self.analysis is not None and (self.acc is None or self.acc.done))

    @property
    def needs_batches(self) -> bool:
        return self.acc is not None and not self.acc.done and self.next_batch < self.acc.settings.max_batches


def _unit_size(st: _PointState, settings: MonteCarloSettings, unit_seconds: float) -> int:
    """Batches in the next unit of ``st``: enough to fill ``unit_seconds``, few while it may stop early."""
    left = settings.max_batches - st.next_batch
    if unit_seconds <= 0 or st.batch_seconds <= 0:
        return 1
    count = max(1, int(unit_seconds / st.batch_seconds))
    if settings.target_rel_ci > 0:  # the point may stop after any batch past min_batches: little speculation
        count = min(count, max(1, settings.min_batches - st.next_batch, st.next_batch // 4))
    return min(count, left)


def compute_dataset(scn: Scenario, executor, *, cache_dir=None, progress=None, refresh: bool = False) -> xr.Dataset:
    """Compute every point of ``scn`` and assemble the result Dataset.

    Parameters
    ----------
    scn : Scenario
    executor : isacnet.parallel executor
    cache_dir : path, optional
        Point cache folder (resume support).
    progress : callable, optional
        ``progress(advance: int, total: int)`` called as units complete.
    refresh : bool
        Recompute points even when cached (the cache is rewritten).

    Raises
    ------
    InputError
        When a batch would not fit in memory (:func:`check_memory`), before anything runs.

    Returns
    -------
    xarray.Dataset
        Variables ``value, ci_low, ci_high, n_samples, std_error, tail_index, ci_valid``
        over ``(series, *swept fields)``, ``compute_time_s`` over the swept fields, and
        the provenance attributes.
    """
    t_start = time.perf_counter()
    exp = get_experiment(scn.experiment)
    check_results_config(scn, exp)
    dims, points = sweep_points(scn, exp.params)
    check_memory(scn, executor)
    settings = MonteCarloSettings(**scn.monte_carlo.model_dump())
    cache = PointCache(cache_dir)
    states = []
    for pt in points:
        st = _PointState(pt, _point_key(exp, pt), _point_cache_key(scn, exp, pt))
        st.cached = None if refresh else cache.get(st.cache_key, functools.partial(_entry_problem, exp, st.cache_key))
        if exp.trial is not None and st.cached is None:
            st.acc = MonteCarloAccumulator(settings)
        states.append(st)
    per_point = 1 + (settings.max_batches if exp.trial is not None else 0)
    total = per_point * len(states)
    if progress:
        progress(per_point * sum(st.cached is not None for st in states), total)
    params_of = {id(st): st.point.params.model_dump(mode="json") for st in states}
    compiled = use_compiled() and (exp.trial is None or len(points) * settings.max_samples >= COMPILED_MIN_DROPS)
    window = max(1, 2 * executor.parallelism) if executor.parallelism > 1 else 1
    unit_seconds = float(getattr(executor, "unit_seconds", 0.0))
    pending: dict = {}  # future -> (kind, state, first batch, count)

    def next_unit():
        active = [st for st in states if not st.done]
        share = max(1, math.ceil(window / max(1, len(active))))
        for st in active:  # earlier points first: they finish (and are cached) first
            p = params_of[id(st)]
            if not st.analysis_sent:
                st.analysis_sent = True
                return ("a", (exp.id, p, scn.seed, st.key), compiled), st, 0, 0
            if st.needs_batches and st.in_flight < share:
                count = _unit_size(st, settings, unit_seconds)
                first = st.next_batch
                st.next_batch += count
                st.in_flight += 1
                unit = ("b", (exp.id, p, scn.seed, st.key, first, count, settings.batch_size), compiled)
                return unit, st, first, count
        return None

    while True:
        while len(pending) < window:
            nxt = next_unit()
            if nxt is None:
                break
            unit, st, first, count = nxt
            pending[executor.submit(_run_unit, unit)] = (unit[0], st, first, count)
        if not pending:
            break
        for fut in executor.wait_first(pending):
            kind, st, first, count = pending.pop(fut)
            res, secs = executor.result(fut)
            st.seconds += secs
            if kind == "a":
                st.analysis = res
                if progress:
                    progress(1, total)
                continue
            st.in_flight -= 1
            st.batch_seconds = secs / count
            st.ready[first] = res
            while not st.acc.done and st.acc.num_batches in st.ready:  # merge strictly in batch order
                for batch in st.ready.pop(st.acc.num_batches):
                    before = st.acc.num_batches
                    if st.acc.add(batch):
                        if progress:
                            progress(settings.max_batches - before, total)
                        break
                    if progress:
                        progress(1, total)
            if st.acc.done:
                st.ready.clear()  # surplus batches (computed past the stopping batch) are discarded
        for st in states:
            if st.done and st.cached is None:
                st.cached = _finish_point(st, distribution_requests(scn, exp, st.point.params))
                cache.put(st.cache_key, st.cached)
    ds = _assemble(scn, exp, dims, states)
    ds.attrs["wall_time_s"] = time.perf_counter() - t_start
    ds.attrs["kernels"] = f"compiled (numba {library_versions()['numba']})" if compiled else "NumPy"
    return ds


def _run_unit(unit):
    kind, args, compiled = unit
    with compiled_kernels(compiled):  # the run's choice (COMPILED_MIN_DROPS), in whatever process runs the unit
        return _unit_analysis(args) if kind == "a" else _unit_batches(args)


def _finish_point(st: _PointState, requests: dict[str, DistributionRequest]) -> dict:
    out = dict(st.analysis or {})
    if st.acc is not None:
        out.update({k: v.to_dict() for k, v in st.acc.estimates(requests).items()})
    return {"key": st.cache_key, "results": out, "compute_time_s": st.seconds}


def _is_number(v: object) -> TypeGuard[int | float]:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _entry_problem(exp: Experiment, key: str, entry) -> str | None:
    """Why a point-cache entry cannot stand for point ``key`` of ``exp`` (None: it can)."""
    if not isinstance(entry, dict):
        return "does not hold a table"
    if entry.get("key") != key:
        return "belongs to another point"
    res, secs = entry.get("results"), entry.get("compute_time_s")
    if not isinstance(res, dict) or not _is_number(secs) or not secs >= 0:
        return "lacks its results or compute time"
    for s in exp.series:
        raw = res.get(s.name, res.get(s.source_name))
        if raw is None:
            return f"has no result for series {s.name!r}"
        if AnalyticCdf.is_stored(raw):
            try:
                AnalyticCdf.from_dict(raw)
            except (TypeError, ValueError, KeyError, AttributeError):
                return f"holds a malformed distribution for series {s.name!r}"
        elif isinstance(raw, dict):
            try:
                est = Estimate.from_dict(raw)
            except (TypeError, ValueError, AttributeError):
                return f"holds a malformed estimate for series {s.name!r}"
            if not all(_is_number(getattr(est, f)) for f in ("mean", "median", "num_samples", "std_error")):
                return f"holds a malformed estimate for series {s.name!r}"
        elif not _is_number(raw):
            return f"holds a malformed value for series {s.name!r}"
    return None


def _coord_values(values: list):
    if all(isinstance(v, int | float | np.number) and not isinstance(v, bool) for v in values):
        return np.asarray(values)
    return np.asarray([json.dumps(v) if not isinstance(v, str) else v for v in values], dtype=object).astype(str)


STANDARD_NAMES = {"bs_height": "height", "target_height": "height", "user_height": "height",
                  "carrier_frequency": "radiation_frequency"}
"""CF standard names of the model fields that have one (heights above the ground, a carrier frequency); the
other fields' quantities (densities of a point process, cluster sizes, CRLBs, rates) have none in the CF table."""


def _coord_attrs(model, name: str) -> dict:
    info = next((f for f in field_info(model) if f.name == name), None)
    if info is None:
        return {"units": "1", "long_name": name}
    out = {"units": cf_units(info.unit), "long_name": info.doc or name}
    if name in STANDARD_NAMES:
        out["standard_name"] = STANDARD_NAMES[name]
    if info.symbol:
        out["symbol"] = info.symbol
    return out


def _series_units(s: Series, states) -> str:
    """CF units of a series over the sweep (a unit chosen by a swept parameter lists each one)."""
    units = sorted({cf_units(u) for u in (s.unit_at(st.point.params) for st in states) if u})
    return " or ".join(units)


def _assemble(scn: Scenario, exp: Experiment, dims, states) -> xr.Dataset:
    import xarray as xr

    from isacnet.catalog import REFERENCES

    shape = tuple(len(v) for _, v in dims)
    names = [s.name for s in exp.series]
    levels = list(scn.results.quantiles)
    data = {f: np.full((len(names), *shape), np.nan) for f in _FIELDS}
    quant = {f: np.full((len(names), len(levels), *shape), np.nan)
             for f in ("quantile_value", "quantile_ci_low", "quantile_ci_high")}
    cdfs: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
    kept = {s.name for s in _kept_series(scn, exp)}
    times = np.zeros(shape)
    missing = set()
    for st in states:
        res = st.cached["results"]
        times[st.point.index] = st.cached["compute_time_s"]
        for i, s in enumerate(exp.series):
            raw = res.get(s.name if s.kind == "analysis" or s.name in res else s.source_name)
            if raw is None:
                missing.add(s.name)
                continue
            row = _series_row(s, raw, exp, st.point.params)
            for f in ("value", "ci_low", "ci_high"):
                row[f] = float(s.forward(row[f])) if not math.isnan(row[f]) else row[f]
            for f in _FIELDS:
                data[f][(i, *st.point.index)] = row[f]
            if s.kind == "mc" and s.name not in kept:
                continue
            for j, q in enumerate(levels):
                for f, v in zip(quant, row.get("quantiles", {}).get(q, (math.nan,) * 3)):
                    quant[f][(i, j, *st.point.index)] = s.forward(v) if not math.isnan(v) else v
            x, F = row.get("cdf", ((), ()))
            if len(x):
                cdfs[(i, *st.point.index)] = (s.forward(np.asarray(x, float)), np.asarray(F, float))
    if missing:
        raise RuntimeError(f"experiment {exp.id} produced no result for series {sorted(missing)}")
    dim_names = [d for d, _ in dims]
    coords: dict[str, Any] = {"series": names}
    coords["series_label"] = ("series", [s.label for s in exp.series])
    coords["series_kind"] = ("series", [s.kind for s in exp.series])
    coords["series_stat"] = ("series", [s.stat if s.kind == "mc" else "" for s in exp.series])
    coords["series_units"] = ("series", [_series_units(s, states) for s in exp.series])
    coords["series_long_name"] = ("series", [s.description for s in exp.series])
    coords["series_standard_name"] = ("series", [s.standard_name or "" for s in exp.series])
    if dims and dims[0][0] == "point":
        for name, vals in sweep_axes(scn, exp.params):
            coords[name] = ("point", _coord_values(vals))
        coords["point"] = np.arange(shape[0])
    else:
        for name, vals in dims:
            coords[name] = _coord_values(vals)
    variables = {}
    for f in _FIELDS:
        arr = data[f]
        if f == "n_samples":
            arr = np.nan_to_num(arr).astype(np.int64)
        elif f == "ci_valid":
            arr = np.nan_to_num(arr, nan=1).astype(np.int8)
        variables[f] = (("series", *dim_names), arr)
    variables["compute_time_s"] = (tuple(dim_names), times)
    if levels and kept:
        coords["quantile"] = np.asarray(levels, dtype=float)
        for f, arr in quant.items():
            variables[f] = (("series", "quantile", *dim_names), arr)
    if cdfs:
        width = max(len(x) for x, _ in cdfs.values())
        cx = np.full((len(names), width, *shape), np.nan)
        cf = np.full((len(names), width, *shape), np.nan)
        for (i, *idx), (x, F) in cdfs.items():
            cx[(i, slice(0, len(x)), *idx)] = x
            cf[(i, slice(0, len(F)), *idx)] = F
        coords["cdf_point"] = np.arange(width)
        variables["cdf_x"] = (("series", "cdf_point", *dim_names), cx)
        variables["cdf"] = (("series", "cdf_point", *dim_names), cf)
    ds = xr.Dataset(variables, coords=coords)
    for var in ds.data_vars:
        ds[var].attrs.update(field_attrs(str(var), scn.monte_carlo.confidence))
    for name, text in SERIES_COORD_LONG_NAMES.items():
        ds[name].attrs["long_name"] = text
    for name in dim_names:
        if name != "point":
            ds[name].attrs.update(_coord_attrs(exp.params, name))
    if "point" in ds.coords:
        ds["point"].attrs.update(units="1", long_name="index of the sweep point (zip sweep)")
        for name, _ in sweep_axes(scn, exp.params):
            ds[name].attrs.update(_coord_attrs(exp.params, name))
    if "quantile" in ds.coords:
        ds["quantile"].attrs.update(units="1", long_name="probability level of the quantile")
    if "cdf_point" in ds.coords:
        ds["cdf_point"].attrs.update(units="1", long_name="index of the CDF abscissa")
    commit = git_commit()
    created = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    ds.attrs.update(
        Conventions="CF-1.10",
        title=scn.title or exp.description or exp.id,
        institution=os.environ.get("ISACNET_INSTITUTION", "not recorded (set ISACNET_INSTITUTION)"),
        source=f"isacnet {__version__} (git {commit}), experiment {exp.id}: {exp.description}",
        history=f"{created} computed by isacnet {__version__} from the scenario in the 'scenario' attribute",
        references=REFERENCES.get(exp.paper, ""),
        comment=("Monte Carlo series are streamed statistics (mean, CI, quantiles, CDF); closed forms are exact "
                 "evaluations. Series ids, labels and units are in the series coordinates."),
        experiment=exp.id,
        scenario=json.dumps(scn.model_dump(mode="json"), sort_keys=True),
        seed=scn.seed,
        profile=scn.profile,
        profile_values=json.dumps(profile_values(scn), sort_keys=True),
        isacnet_version=__version__,
        python_version=library_versions()["python"],
        numpy_version=library_versions()["numpy"],
        scipy_version=library_versions()["scipy"],
        numba_version=library_versions().get("numba", "none"),
        git_commit=commit,
        created=created,
        cache_key=cache_key(scn),
        source_fingerprint=source_fingerprint(),
        total_compute_time_s=float(times.sum()),
    )
    return ds
