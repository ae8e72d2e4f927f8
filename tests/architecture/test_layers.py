"""The package's imports run one way: down the layers, never in a circle.

Layers (docs/architecture.md), lowest first. A module may import modules of its own rank or
below; ``analysis`` and ``simulate`` never import each other (the closed forms and the Monte
Carlo that checks them share only what lies below them). Imports inside functions count too:
a lazy import that runs up the layers is still an upward dependency.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).parents[2] / "src" / "isacnet"

RANKS: dict[str, float] = {
    "isacnet._version": 0, "isacnet.errors": 0, "isacnet.units": 0, "isacnet._plugins": 0, "isacnet._accel": 0,
    "isacnet._index": 0,
    "isacnet.geometry": 1,
    "isacnet.channel": 2,
    "isacnet.metrics": 3,
    "isacnet.models": 3.5,
    "isacnet.analysis": 4, "isacnet.simulate": 4,
    "isacnet.optimization": 5,
    "isacnet.scenario": 6, "isacnet.registry": 6, "isacnet.catalog": 6,
    "isacnet.coop": 6, "isacnet.nulling": 6, "isacnet.power": 6, "isacnet.deploy": 6, "isacnet.overview": 6,
    "isacnet.experiments": 7, "isacnet.plan": 7,
    "isacnet.runner": 8, "isacnet.store": 8, "isacnet.cf": 8, "isacnet.claims": 8, "isacnet.validation": 8,
    "isacnet.calibration": 8, "isacnet.parallel": 8, "isacnet.describe": 8,
    "isacnet.plotting": 9, "isacnet.figures": 9, "isacnet.plan.maps": 9,
    "isacnet.pipeline": 10, "isacnet.report": 10, "isacnet.export": 10, "isacnet.plan.outputs": 10,
    "isacnet.cli": 11, "isacnet.__main__": 11,
}
SIBLINGS = ("isacnet.analysis", "isacnet.simulate")



def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def rank(mod: str) -> float | None:
    best = None
    for prefix, r in RANKS.items():
        if (mod == prefix or mod.startswith(prefix + ".")) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, r)
    if mod == "isacnet":
        return 12.0  # the package's __init__ is the front door: it may expose anything (lazily)
    return None if best is None else best[1]


def imports_of(path: Path) -> set[str]:
    mod = module_name(path)
    tree = ast.parse(path.read_text())
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("isacnet"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = mod.split(".")[: len(mod.split(".")) - node.level + (1 if path.name == "__init__.py" else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("isacnet"):
                out.add(target)
    return out


def graph() -> dict[str, set[str]]:
    g = defaultdict(set)
    for path in SRC.rglob("*.py"):
        g[module_name(path)] |= imports_of(path)
    return g


GRAPH = graph()


def test_every_module_has_a_layer():
    unranked = sorted(m for m in GRAPH if rank(m) is None)
    assert not unranked, f"modules without a layer (add them to RANKS and docs/architecture.md): {unranked}"


def test_no_import_runs_up_the_layers():
    bad = []
    for mod, targets in GRAPH.items():
        for t in targets:
            rm, rt = rank(mod), rank(t)
            if rm is None or rt is None or rt <= rm:
                continue
            bad.append(f"{mod} (layer {rm}) imports {t} (layer {rt})")
    assert not bad, "upward imports:\n" + "\n".join(sorted(bad))


def test_analysis_and_simulate_do_not_import_each_other():
    bad = []
    for mod, targets in GRAPH.items():
        for a, b in (SIBLINGS, SIBLINGS[::-1]):
            if (mod == a or mod.startswith(a + ".")) and any(t == b or t.startswith(b + ".") for t in targets):
                bad.append(mod)
    assert not bad, f"closed forms and Monte Carlo import each other: {sorted(set(bad))}"


def test_no_import_cycles():
    # Cycles between modules (a package's __init__ re-exporting its private modules is not a cycle
    # of the layers: its submodules never import the __init__ back).
    nodes = set(GRAPH)
    edges = {m: {t for t in GRAPH[m] if t in nodes and t != m} for m in nodes}
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []
    counter = [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    import sys

    sys.setrecursionlimit(10_000)
    for v in sorted(nodes):
        if v not in index:
            strong(v)
    assert not cycles, f"import cycles: {cycles}"


HEAVY = ("matplotlib", "xarray", "pandas", "distributed", "dask", "cvxpy", "rich", "numba")


def test_computing_an_experiment_does_not_import_heavy_libraries():
    """Loading every experiment (what a worker process does) imports no plotting or dataset library."""
    import subprocess
    import sys

    code = ("import sys, isacnet.registry as r; r.experiments(); "
            f"print(sorted(h for h in {HEAVY!r} if any(m == h or m.startswith(h + '.') for m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]", f"loading every experiment imports {out}"
