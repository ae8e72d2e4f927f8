"""Monte Carlo: the engine (``engine``, ``stats``) and one estimator module per paper key."""

from isacnet.simulate.engine import MonteCarloSettings, run_monte_carlo, seed_sequence
from isacnet.simulate.stats import Estimate, RunningStats

__all__ = ["MonteCarloSettings", "run_monte_carlo", "seed_sequence", "Estimate", "RunningStats"]
