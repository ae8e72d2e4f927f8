"""Experiments of paper ``deploy`` (004): 3-D BS deployment for area-wide sensing coverage.

One module per figure family; each registers its experiment(s). The physics is
:class:`isacnet.models.deploy.DeployModel`, the design strategies are in
:mod:`isacnet.optimization.deploy_designs`. Every random draw comes from the generator the runner
passes; all points of a figure share that stream (``shared_stream_fields = ("init_seed",)``), so
they start from the same random layouts.
"""

from isacnet.experiments.deploy._common import MAX_BS, DeployParams
from isacnet.experiments.deploy._planar import PlanarParams, planar_setup
from isacnet.experiments.deploy.convergence import ConvergenceParams, run_convergence, sweep_histories
from isacnet.experiments.deploy.densities import DensityParams, density_design
from isacnet.experiments.deploy.designs import DesignParams, evaluation, run_design
from isacnet.experiments.deploy.grid_heights import GridParams, crlb_map, grid_design
from isacnet.experiments.deploy.line import HeightParams, LineParams, line_design, optimal_height
from isacnet.experiments.deploy.scaling import ScalingParams
from isacnet.experiments.deploy.scaling import evaluate as evaluate_scaling
from isacnet.experiments.deploy.tradeoff import TradeoffParams, coverage, tradeoff_design

__all__ = [
    "MAX_BS", "DeployParams", "PlanarParams", "planar_setup",
    "ConvergenceParams", "run_convergence", "sweep_histories",
    "ScalingParams", "evaluate_scaling",
    "LineParams", "line_design", "HeightParams", "optimal_height",
    "DesignParams", "run_design", "evaluation",
    "GridParams", "grid_design", "crlb_map",
    "DensityParams", "density_design",
    "TradeoffParams", "tradeoff_design", "coverage",
]
