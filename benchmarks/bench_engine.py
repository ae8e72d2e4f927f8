"""The Monte Carlo engine's statistics (issue 12, target 2): their share of the work, their size, their accuracy.

* Share: ``isacnet run coop-fig4 --quick`` computed serially in this process, with the CPU time of
  the statistics (``RunningStats.update``, ``merge``, ``estimate``) and of the trial
  (``crlb_trial``) measured by wrapping them (a profile without a profiler's overhead).
* Size: the pickled statistics of one batch of 50 000 drops, per quantity (what a worker sends back).
* Accuracy: the sketch's quantiles against the exact sample quantiles.
* Throughput: drops per second of the whole engine on a trivial trial, against the trial alone.
"""

from __future__ import annotations

import pickle
import time
import warnings

import numpy as np

try:
    import _baselines as base
    from _timing import interleaved, record
except ImportError:  # run from elsewhere
    from benchmarks import _baselines as base
    from benchmarks._timing import interleaved, record

from isacnet.simulate import stats as stats_module
from isacnet.simulate.coop import _sensing
from isacnet.simulate.engine import MonteCarloSettings, run_batch, run_monte_carlo


class _Clock:
    """CPU seconds spent inside wrapped functions (outermost calls only)."""

    def __init__(self):
        self.seconds = 0.0
        self.depth = 0

    def wrap(self, fn):
        def timed(*args, **kwargs):
            if self.depth:
                return fn(*args, **kwargs)
            self.depth += 1
            t0 = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.thread_time() - t0
                self.depth -= 1
        return timed


def statistics_share() -> tuple[float, float]:
    """(statistics CPU s, trial CPU s) of coop-fig4 --quick, serial."""
    import sys

    import isacnet.simulate.coop as coop_pkg
    from isacnet.parallel import SerialExecutor
    from isacnet.runner import compute_dataset
    from isacnet.scenario import load_scenario

    rs = stats_module.RunningStats
    stats_clock, trial_clock = _Clock(), _Clock()
    saved = {name: getattr(rs, name) for name in ("update", "merge", "estimate")}
    original = _sensing.crlb_trial
    users = [m for m in list(sys.modules.values()) if getattr(m, "crlb_trial", None) is original]  # who imported it
    try:
        for name, fn in saved.items():
            setattr(rs, name, stats_clock.wrap(fn))
        for m in users:
            m.crlb_trial = trial_clock.wrap(original)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compute_dataset(load_scenario("coop-fig4", quick=True), SerialExecutor())
    finally:
        for name, fn in saved.items():
            setattr(rs, name, fn)
        for m in users:
            m.crlb_trial = original
    assert coop_pkg.crlb_trial is original
    return stats_clock.seconds, trial_clock.seconds


def main(quick: bool = False) -> list:
    out = []
    s, t = statistics_share()
    out.append(record("statistics share of the trial time, isacnet run coop-fig4 --quick (serial)", s, t, None, s / t,
                      "<= 0.1", unit="CPU s", ratio_def="statistics / trial",
                      note="update + merge + estimate against crlb_trial; before #12: 4.4 s against 1.6 s"))
    rng = np.random.default_rng(0)
    crlb = _sensing.crlb_trial(rng, 50_000, 10, 1.0)["crlb"]
    rate = np.log1p(rng.exponential(size=50_000) * 3)
    wide = rng.lognormal(0.0, 8.0, 50_000)
    sizes = {name: len(pickle.dumps(run_batch(lambda r, n, x=x: {"q": x}, 1, (0,), 0, 50_000)["q"]))
             for name, x in (("CRLB, N = 10", crlb), ("rate", rate), ("lognormal sigma = 8", wide))}
    v0 = len(pickle.dumps(base.RunningStatsV0().update(crlb).__dict__))
    worst = max(sizes.values())
    out.append(record("batch payload per quantity (50 000 drops), largest of CRLB / rate / wide lognormal", worst, v0,
                      None, worst / 1e3, "<= 50", unit="bytes", ratio_def="kB per quantity",
                      note="; ".join(f"{k}: {v / 1e3:.1f} kB" for k, v in sizes.items())
                      + f"; dense v0: {v0 / 1e6:.2f} MB"))
    x = rng.lognormal(0.0, 2.0, 200_000)
    st = stats_module.RunningStats().update(x)
    errs = [abs(st.quantile(q) / np.quantile(x, q, method="lower") - 1) for q in np.linspace(0.01, 0.99, 99)]
    out.append(record("quantile accuracy of the sketch (99 levels, lognormal sigma = 2)", max(errs), None, None,
                      max(errs), "<= 0.0025", unit="relative error", ratio_def="max relative error",
                      note=f"stated bound {stats_module.QUANTILE_REL_ACCURACY:.5f} (half a bin), same bins as v0"))
    new, old = stats_module.RunningStats().update(crlb), base.RunningStatsV0().update(crlb)
    t = interleaved({"update": lambda: stats_module.RunningStats().update(crlb),
                     "update v0": lambda: base.RunningStatsV0().update(crlb),
                     "estimate": new.estimate, "estimate v0": old.estimate}, repeat=5 if quick else 9)
    out.append(record("statistics of one batch (50 000 CRLB samples): update", t["update"] * 1e3, t["update v0"] * 1e3,
                      None, t["update v0"] / t["update"], unit="ms"))
    out.append(record("statistics: estimate (mean, CI, median with CI, 4 quantiles, tail index)",
                      t["estimate"] * 1e3, t["estimate v0"] * 1e3, None, t["estimate v0"] / t["estimate"], unit="ms"))
    settings = MonteCarloSettings(batch_size=20_000, min_samples=400_000, max_samples=400_000, target_rel_ci=0.0)

    def trivial(r, n):
        return r.random(n)

    t = interleaved({"engine": lambda: run_monte_carlo(trivial, seed=1, settings=settings),
                     "trial": lambda: [trivial(np.random.default_rng(b), 20_000) for b in range(20)]},
                    repeat=3 if quick else 7)
    out.append(record("engine throughput on a trivial trial (drops/s)", 400_000 / t["engine"], 400_000 / t["trial"],
                      None, t["trial"] / t["engine"], unit="drops/s", ratio_def="trial alone / engine (time)",
                      note="before #12 about 4e5 drops/s for the engine against 6e7 for the trial"))
    return out


if __name__ == "__main__":
    import sys

    for r in main("--quick" in sys.argv):
        print(r)
