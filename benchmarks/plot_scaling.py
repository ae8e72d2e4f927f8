"""Scaling curves for ``docs/performance.md``: measure, save the numbers, draw the PNGs into ``docs/img/``.

* ``scaling_crlb.png``: CPU per drop of the typical-target CRLB trial against the cluster size
  N = 2 ... 1000: compiled kernel, NumPy twin, competent NumPy, and the RNG floor.
* ``scaling_sweep.png``: wall time and CPU of a sweep against its number of points, serial,
  on a 2-process pool and on a 2-worker Dask LocalCluster (fresh interpreters).
* ``scaling_system.png``: CPU per network of the system-level simulators against the network
  size: nulling (actual ZF nulling), coop acceptance (load process), coop link level (coop-fig6).

Usage: ``python benchmarks/plot_scaling.py [--quick] [--only crlb,sweep,system]``. The measured
numbers are written next to the images (``docs/img/scaling.json``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from functools import partial
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import _baselines as base  # noqa: E402
from _timing import ROOT, interleaved, machine  # noqa: E402
from bench_coop import numpy_twins  # noqa: E402
from bench_parallel import _run  # noqa: E402

IMG = ROOT / "docs" / "img"


def measure_crlb(quick: bool) -> dict:
    from isacnet.simulate.coop import crlb_trial

    ns = [2, 5, 10, 30, 100, 1000] if quick else [2, 3, 5, 10, 20, 50, 100, 200, 500, 1000]
    out = {"N": ns, "compiled": [], "numpy twin": [], "competent numpy": [], "floor": []}
    rng = np.random.default_rng(0)
    for n in ns:
        size = int(max(1024, min(50_000, 2_000_000 // n)))
        floor = base.crlb_floor(n)

        def twin(n=n, size=size):
            with numpy_twins():
                crlb_trial(rng, size, n, 1.0)

        t = interleaved({"compiled": lambda n=n, size=size: crlb_trial(rng, size, n, 1.0), "numpy twin": twin,
                         "competent numpy": lambda n=n, size=size: base.crlb_numpy(rng, size, n),
                         "floor": lambda size=size, floor=floor: floor(rng, size)}, repeat=3 if quick else 5)
        for k in ("compiled", "numpy twin", "competent numpy", "floor"):
            out[k].append(t[k] / size)
        print(f"crlb N={n}: " + ", ".join(f"{k} {t[k] / size * 1e6:.2f} us" for k in t), file=sys.stderr)
    return out


def measure_sweep(quick: bool) -> dict:
    points = [1, 2, 4, 8] if quick else [1, 2, 4, 8, 16]
    ns = [2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80]
    samples = 400_000 if quick else 2_000_000
    out = {"points": points, "samples_per_point": samples}
    for mode in ("serial", "pool", "dask"):
        out[mode] = {"wall": [], "cpu": []}
    for p in points:
        overrides = [f"cluster_size_sense={ns[:p]}", "monte_carlo.batch_size=50000",
                     f"monte_carlo.min_samples={samples}", f"monte_carlo.max_samples={samples}",
                     "monte_carlo.target_rel_ci=0"]
        for mode in ("serial", "pool", "dask"):
            runs = [_run(mode, overrides)]
            out[mode]["wall"].append(statistics.median(r["wall"] for r in runs))
            out[mode]["cpu"].append(statistics.median(r["cpu"] for r in runs))
        print(f"sweep {p} points: " + ", ".join(f"{m} {out[m]['wall'][-1]:.1f} s / {out[m]['cpu'][-1]:.1f} CPU s"
                                                 for m in ("serial", "pool", "dask")), file=sys.stderr)
    return out


def measure_system(quick: bool) -> dict:
    from isacnet.models.nulling import NullingModel
    from isacnet.simulate.coop import acceptance_network_trial, comp_rate_link_trial
    from isacnet.simulate.nulling import system_level_trial

    out = {}
    sizes = [200, 1000, 4000] if quick else [200, 500, 1000, 2000, 4000, 8000, 16000]
    cpu = []
    for nbs in sizes:
        cfg = dict(num_users=4, cluster_size_comm=2, num_targets=2, cluster_size_sense=3, mean_num_bs=nbs)
        run = partial(system_level_trial, np.random.default_rng(0), 1, NullingModel(), **cfg)
        cpu.append(interleaved({"x": run}, repeat=1 if quick else 3)["x"])
    out["nulling system level"] = {"num_bs": sizes, "cpu_per_network": cpu}
    targets = [1000, 5000, 20_000] if quick else [1000, 2000, 5000, 10_000, 20_000, 50_000]
    cpu = [interleaved({"x": lambda t=t: acceptance_network_trial(np.random.default_rng(1), t, 10, 1.0, 1.0, 15)},
                       repeat=1 if quick else 3)["x"] for t in targets]
    out["coop acceptance (N = 10)"] = {"num_bs": targets, "cpu_per_network": cpu}  # BS density = target density
    means = [60, 120, 240] if quick else [60, 120, 240, 480, 960]
    cpu_new, cpu_old = [], []
    for m in means:
        link = (10, 15, 1e-6, 5e-6, 0.5, 1.0, 4, 4.0, float(m))
        t = interleaved({"new": lambda link=link: comp_rate_link_trial(np.random.default_rng(2), 20, *link),
                         "v0": lambda link=link: base.comp_rate_link_v0(np.random.default_rng(2), 20, *link)},
                        repeat=1 if quick else 3)
        cpu_new.append(t["new"] / 20)
        cpu_old.append(t["v0"] / 20)
    out["coop link level (L = 10, mu = 5)"] = {"num_bs": means, "cpu_per_network": cpu_new}
    out["coop link level, pre-#12 dense tensor"] = {"num_bs": means, "cpu_per_network": cpu_old}
    return out


def plot(data: dict) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE

    paths = []
    IMG.mkdir(parents=True, exist_ok=True)
    markers = ["o", "s", "^", "v", "D", "x"]
    if "crlb" in data:
        d = data["crlb"]
        with plt.rc_context(IEEE_STYLE):
            fig, ax = plt.subplots()
            for i, (k, ls) in enumerate((("compiled", "-"), ("numpy twin", "--"), ("competent numpy", "-."),
                                         ("floor", ":"))):
                ax.loglog(d["N"], np.array(d[k]) * 1e6, ls, marker=markers[i], ms=3, color=str(0.15 * i),
                          label={"floor": "RNG floor", "numpy twin": "NumPy twin",
                                 "competent numpy": "competent NumPy", "compiled": "compiled (numba)"}[k])
            ax.set_xlabel("Cluster size N")
            ax.set_ylabel(r"CPU time per drop [$\mu$s]")
            ax.legend(frameon=False, fontsize=6)
            fig.tight_layout()
            paths.append(IMG / "scaling_crlb.png")
            fig.savefig(paths[-1])
            plt.close(fig)
    if "sweep" in data:
        d = data["sweep"]
        with plt.rc_context(IEEE_STYLE):
            fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.0, 2.6))
            for i, mode in enumerate(("serial", "pool", "dask")):
                lab = {"serial": "serial", "pool": "process pool, 2", "dask": "Dask LocalCluster, 2"}[mode]
                ax1.plot(d["points"], d[mode]["wall"], "-", marker=markers[i], ms=3, color=str(0.3 * i), label=lab)
                ax2.plot(d["points"], d[mode]["cpu"], "-", marker=markers[i], ms=3, color=str(0.3 * i), label=lab)
            ax1.set_xlabel("Sweep points")
            ax1.set_ylabel("Wall time [s]")
            ax2.set_xlabel("Sweep points")
            ax2.set_ylabel("CPU time, all processes [s]")
            ax1.legend(frameon=False, fontsize=6)
            fig.tight_layout()
            paths.append(IMG / "scaling_sweep.png")
            fig.savefig(paths[-1])
            plt.close(fig)
    if "system" in data:
        d = data["system"]
        with plt.rc_context(IEEE_STYLE):
            fig, ax = plt.subplots()
            for i, (k, v) in enumerate(d.items()):
                ax.loglog(v["num_bs"], v["cpu_per_network"], "-" if "pre-#12" not in k else ":", marker=markers[i],
                          ms=3, color=str(0.2 * i), label=k)
            ax.set_xlabel("BSs per simulated network")
            ax.set_ylabel("CPU time per network [s]")
            ax.legend(frameon=False, fontsize=5.5)
            fig.tight_layout()
            paths.append(IMG / "scaling_system.png")
            fig.savefig(paths[-1])
            plt.close(fig)
    return paths


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default="crlb,sweep,system")
    ap.add_argument("--plot-only", action="store_true", help="redraw from docs/img/scaling.json")
    args = ap.parse_args()
    store = IMG / "scaling.json"
    data = json.loads(store.read_text()) if store.exists() else {}
    if not args.plot_only:
        for name in args.only.split(","):
            data[name] = {"crlb": measure_crlb, "sweep": measure_sweep, "system": measure_system}[name](args.quick)
        data.setdefault("machine", {})[args.only] = machine()
        IMG.mkdir(parents=True, exist_ok=True)
        store.write_text(json.dumps(data, indent=1) + "\n")
    for p in plot(data):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
