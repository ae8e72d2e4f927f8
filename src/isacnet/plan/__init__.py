"""``isacnet plan``: an ISAC planner for a real area (sensing and rate maps, an improved layout).

Give it sites and areas (a TOML plan file naming CSV/GeoJSON inputs); get CRLB, sensing-coverage
and rate maps, a heights-only optimisation of the existing sites, ``k`` added sites placed by the
deploy paper's MM + trust-region optimiser under the rate requirement, a before/after table, and
a check of how far the Poisson model of the stochastic-geometry papers is from this layout::

    from isacnet.plan import load_plan, run_plan
    plan = load_plan("town", overrides=["grid.resolution=20"])   # the example town
    result = run_plan(plan)
    result.table()                                                 # before/after rows
    from isacnet.plan.outputs import write_plan                    # netCDF, GeoJSON, maps, HTML
    write_plan(result, "results")

Importing this package loads neither matplotlib nor xarray (nor shapely/pyproj until a plan is read).
"""

from isacnet.plan._config import PlanConfig, builtin_plans
from isacnet.plan._evaluate import AreaEvaluation, CommEvaluation, LayoutEvaluation, LinkModel
from isacnet.plan._inputs import PlanInputs
from isacnet.plan._modelcheck import ModelCheckResult
from isacnet.plan._run import (
    Plan,
    PlanImprovement,
    PlanResult,
    SiteChange,
    Stage,
    evaluate_plan,
    improve_plan,
    load_plan,
    model_check,
    run_plan,
)

__all__ = [
    "load_plan",
    "evaluate_plan",
    "improve_plan",
    "model_check",
    "run_plan",
    "builtin_plans",
    "Plan",
    "PlanConfig",
    "PlanInputs",
    "PlanResult",
    "PlanImprovement",
    "Stage",
    "SiteChange",
    "LayoutEvaluation",
    "AreaEvaluation",
    "CommEvaluation",
    "LinkModel",
    "ModelCheckResult",
]
