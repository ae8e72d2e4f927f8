"""``python -m isacnet.calibration KEY [--quick] [--out PATH]``: run a key's scan and write its JSON.

Without ``--out`` the record replaces the committed package data file
``isacnet/calibration/data/<key>_scan.json`` (what the ``calib-<key>`` figures and the theory
pages show).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time

from isacnet.calibration import KEYS, save_scan


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m isacnet.calibration", description=__doc__.splitlines()[0])
    ap.add_argument("key", choices=KEYS)
    ap.add_argument("--quick", action="store_true", help="coarse grids and small budgets (seconds to minutes)")
    ap.add_argument("--out", default=None, help="write here instead of the package data file")
    ap.add_argument("--cache", default=None, help="folder for intermediate results (deploy: CRLB maps), reused by "
                                                  "a rerun")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    module = importlib.import_module(f"isacnet.calibration.{args.key}")
    kwargs = {"cache_dir": args.cache} if args.cache else {}
    record = module.scan(quick=args.quick, progress=lambda msg: print(msg, file=sys.stderr, flush=True), **kwargs)
    record["compute_time_s"] = round(time.perf_counter() - t0, 1)
    path = save_scan(args.key, record, args.out)
    print(f"{args.key}: wrote {path} ({record['compute_time_s']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
