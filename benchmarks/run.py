"""Run every benchmark (``benchmarks/bench_*.py``) and print the table of measured ratios.

Each benchmark module has ``main(quick: bool) -> list[Record]`` (see ``_timing.Record``): our
cost, a competent baseline's, the physical floor's where there is one, and the ratio the issue
sets a target for. Every ratio is measured within one run (interleaved repeats, medians), so
that machine load cancels; no line passes or fails on an absolute time. Usage::

    python benchmarks/run.py [--quick] [--json out.json] [name ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from _timing import as_dicts, machine  # noqa: E402


def _fmt(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    x = float(x)
    if x == 0:
        return "0"
    if abs(x) >= 1e4 or abs(x) < 1e-2:
        return f"{x:.3g}"
    return f"{x:.3g}" if abs(x) < 100 else f"{x:.0f}"


def table(rows: list[dict]) -> str:
    """A Markdown table of the records."""
    lines = ["| benchmark | ours | baseline | floor | unit | ratio | definition | target | met |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        met = "" if r["met"] is None else ("yes" if r["met"] else "**no**")
        lines.append(f"| {r['name']} | {_fmt(r['ours'])} | {_fmt(r['baseline'])} | {_fmt(r['floor'])} | {r['unit']} | "
                     f"{_fmt(r['ratio'])} | {r['ratio_def']} | {r['target']} | {met} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer repeats and smaller problems")
    ap.add_argument("--json", type=Path, help="write the records and the machine description here")
    ap.add_argument("names", nargs="*", help="benchmark names (bench_<name>.py); default all")
    args = ap.parse_args()
    files = sorted(HERE.glob("bench_*.py"))
    if args.names:
        files = [f for f in files if f.stem[len("bench_"):] in args.names]
    rows, started = [], time.time()
    for f in files:
        spec = importlib.util.spec_from_file_location(f.stem, f)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        t0 = time.time()
        records = as_dicts(mod.main(args.quick))
        for r in records:
            r["benchmark"] = f.stem
        rows += records
        print(f"== {f.stem} ({time.time() - t0:.0f} s)", file=sys.stderr)
        for r in records:
            met = "" if r["met"] is None else ("  [met]" if r["met"] else "  [NOT MET]")
            target = f" target {r['target']}" if r["target"] else ""
            print(f"   {r['name']}: {_fmt(r['ratio'])} ({r['ratio_def']}){target}{met}")
    print()
    print(table(rows))
    if args.json:
        payload = {"machine": machine(), "quick": args.quick, "seconds": time.time() - started, "records": rows}
        args.json.write_text(json.dumps(payload, indent=1, default=float) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
