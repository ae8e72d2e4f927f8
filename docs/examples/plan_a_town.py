"""Plan a town with ``isacnet.plan``: maps, heights, three new sites, and the Poisson model check.

The town is the example shipped with isacnet: **generated** (``isacnet.plan.data.make_town``, fixed
seed), not a real place. Run from anywhere::

    python docs/examples/plan_a_town.py                               # 40 m pixels, PNG maps: a quick look
    python docs/examples/plan_a_town.py --resolution 10 --pdf         # the plan's 10 m pixels, PNG and PDF

``tests/examples/test_examples.py`` runs it end to end (defaults, into a temporary folder).
"""

from __future__ import annotations

import argparse

from isacnet.plan import load_plan, run_plan
from isacnet.plan.outputs import write_plan


def main(out="results", resolution=40.0, k_added=3, formats=("png",), quiet=False):
    overrides = [f"improve.num_added_sites={k_added}", f"output.formats={list(formats)!r}".replace("'", '"')]
    if resolution is not None:
        overrides.append(f"grid.resolution={resolution}")
    plan = load_plan("town", overrides=overrides)  # the built-in copy of examples/town.toml
    say = (lambda *a: None) if quiet else print
    say(f"{plan.config.title}\n{len(plan.inputs.sites)} sites, "
        f"{sum(len(p) for p in plan.inputs.target_pixels)} target and {len(plan.inputs.user_pixels)} user pixels "
        f"of {plan.inputs.grid.resolution:g} m")

    result = run_plan(plan)  # evaluate, heights-only, k new sites, model check

    gamma = plan.config.sensing.coverage_threshold
    say(f"\ncoverage at gamma = {gamma:g} m^2, A-CRLB, area rate (exact / mean gain):")
    for row in result.table():
        say(f"  {row['stage']:22s} {100 * row['coverage']:5.1f} %   {row['area_crlb_m2']:7.3g} m^2   "
            f"{row['area_rate_exact_bits']:.2f} / {row['area_rate_mean_gain_bits']:.2f} bits/s/Hz")
    say("\nsites moved or added:")
    for c in result.improvement.changes:
        before = "new" if c.before is None else f"{c.before[2]:.0f} m"
        say(f"  {c.id:4s} {c.status:7s} height {before:>5s} -> {c.after[2]:.0f} m at x = {c.after[0]:.0f}, "
            f"y = {c.after[1]:.0f} m")
    if result.model_check is not None:
        say("\nmodel check:")
        for line in result.model_check.verdict:
            say(f"  {line}")
    files = write_plan(result, out)
    say(f"\nwritten: {files['report']}")
    return result, files


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="results")
    ap.add_argument("--resolution", type=float, default=40.0, help="pixel side [m] (the plan's own: 10)")
    ap.add_argument("--k-added", type=int, default=3)
    ap.add_argument("--pdf", action="store_true", help="PDF maps as well as PNG")
    args = ap.parse_args()
    main(args.out, args.resolution, args.k_added, ("png", "pdf") if args.pdf else ("png",))
