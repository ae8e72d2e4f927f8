"""Regenerate ``pinned_values.json``: one small scenario per registered experiment and its results.

Run from the repository root: ``python tests/data/make_pinned.py``. The scenarios are taken once
from the built-in figure scenarios in quick mode, cut to at most two points per swept field and a
small Monte Carlo budget, and stored literally, so that later edits of the built-in scenarios do
not move the pins. ``tests/regression/test_pinned.py`` recomputes them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "pinned_values.json"


def small_scenario(fig_id: str) -> dict:
    import tomllib

    from isacnet.registry import get_figure
    from isacnet.scenario import builtin_scenarios, load_scenario

    spec = get_figure(fig_id)
    raw = tomllib.loads(builtin_scenarios()[spec.scenario].read_text())
    scn = load_scenario(raw, quick=True, profile="spec").model_dump(mode="json")  # the spec's numbers
    from isacnet.registry import get_experiment
    from isacnet.scenario import sweep_axes

    swept = [name for name, _ in sweep_axes(load_scenario(scn), get_experiment(spec.experiment).params)]
    for k in swept:
        scn["params"][k] = scn["params"][k][:2]
    mc = scn["monte_carlo"]
    mc["batch_size"] = min(mc["batch_size"], 5000)
    mc["min_samples"] = min(mc["min_samples"], 10000)
    mc["max_samples"] = min(mc["max_samples"], 10000)
    scn.pop("quick", None)
    scn.pop("compute", None)
    return scn


def compute(scn: dict) -> dict:
    from isacnet.parallel import SerialExecutor
    from isacnet.runner import compute_dataset
    from isacnet.scenario import load_scenario

    ds = compute_dataset(load_scenario(scn), SerialExecutor())
    out = {}
    for f in ("value", "ci_low", "ci_high", "n_samples"):
        out[f] = [None if v != v else v for v in ds[f].values.astype(float).ravel().tolist()]
    out["series"] = [str(s) for s in ds["series"].values]
    out["shape"] = list(ds["value"].shape)
    return out


def main() -> None:
    import warnings

    from isacnet.registry import figures

    warnings.simplefilter("ignore")
    cases = {}
    seen = set()
    for fid, spec in figures().items():
        if spec.experiment in seen:
            continue
        seen.add(spec.experiment)
        scn = small_scenario(fid)
        cases[spec.experiment] = {"from_figure": fid, "scenario": scn, "result": compute(scn)}
        print(spec.experiment, file=sys.stderr)
    OUT.write_text(json.dumps(cases, indent=1) + "\n")


if __name__ == "__main__":
    main()
