"""Run every benchmark (``benchmarks/bench_*.py``) and print its ratios.

Each benchmark module has ``main(quick: bool) -> list[str]`` and measures ratios within one
run (vectorised vs naive, ours vs a reference), so that machine noise cancels. Usage::

    python benchmarks/run.py [--quick] [name ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("names", nargs="*", help="benchmark names (bench_<name>.py); default all")
    args = ap.parse_args()
    here = Path(__file__).parent
    sys.path.insert(0, str(here))
    files = sorted(here.glob("bench_*.py"))
    if args.names:
        files = [f for f in files if f.stem[len("bench_"):] in args.names]
    for f in files:
        spec = importlib.util.spec_from_file_location(f.stem, f)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        print(f"== {f.stem}")
        for line in mod.main(args.quick):
            print(f"   {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
