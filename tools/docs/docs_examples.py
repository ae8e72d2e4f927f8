"""The examples: every ``docs/examples/*.py``, run at build time and shown with its output.

Each script runs in a fresh interpreter from a temporary folder (as ``tests/examples`` runs them).
Its output is cached under the store, keyed by the script's text, the package source fingerprint and
the library versions, so it is recomputed exactly when it could have changed. A script that fails
fails the build.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ExampleRun:
    """One example script and what it printed."""

    name: str
    path: Path
    summary: str
    doc: str
    source: str
    output: str
    seconds: float
    reused: bool


def _key(script: Path) -> str:
    from isacnet.runner import library_versions, source_fingerprint

    payload = json.dumps({"script": script.read_text(), "source": source_fingerprint(),
                          "libraries": library_versions()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def run_example(script: Path, cache: Path, timeout: float = 600) -> ExampleRun:
    """Run ``script`` (or reuse its cached output) and return what it printed.

    Raises
    ------
    RuntimeError
        When the script exits non-zero.
    """
    source = script.read_text()
    doc = ast.get_docstring(ast.parse(source)) or ""
    first, _, rest = doc.partition("\n\n")  # the first paragraph says what the script shows
    summary = " ".join(first.split())
    body = source
    if doc:  # drop the module docstring from the listing: it is the page's text
        tree = ast.parse(source)
        first = tree.body[0]
        lines = source.splitlines(keepends=True)
        body = "".join(lines[first.end_lineno:]).lstrip("\n")
    key = _key(script)
    cached = cache / f"{script.stem}-{key}.json"
    if cached.exists():
        rec = json.loads(cached.read_text())
        return ExampleRun(script.stem, script, summary, rest.strip(), body, rec["output"], rec["seconds"], True)
    env = {**os.environ, "MPLBACKEND": "Agg"}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        res = subprocess.run([sys.executable, str(script.resolve())], cwd=tmp, capture_output=True, text=True,
                             env=env, timeout=timeout)
    seconds = time.perf_counter() - t0
    if res.returncode != 0:
        raise RuntimeError(f"docs/examples/{script.name} failed (exit {res.returncode}):\n{res.stderr[-3000:]}")
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.glob(f"{script.stem}-*.json"):
        old.unlink()
    tmp_file = cached.with_suffix(".tmp")
    tmp_file.write_text(json.dumps({"output": res.stdout, "seconds": seconds}))
    tmp_file.replace(cached)
    return ExampleRun(script.stem, script, summary, rest.strip(), body, res.stdout, seconds, False)


def _fence(text: str, lang: str) -> str:
    ticks = "````" if "```" in text else "```"
    return f"{ticks}{lang}\n{text.rstrip()}\n{ticks}"


def example_page(run: ExampleRun) -> str:
    """The Markdown page of one example: what it shows, the script, its output."""
    parts = ["---", f"title: {run.name}", "---", "", f"# {run.name}", "", run.summary, ""]
    if run.doc:
        parts += [run.doc, ""]
    parts += [f"Script: [`docs/examples/{run.path.name}`]({run.path.name}) (run it with "
              f"`python docs/examples/{run.path.name}`).", "", _fence(run.source, "python"), "",
              f"Output (printed when this site was built; {run.seconds:.1f} s):", "", _fence(run.output, "text"), ""]
    return "\n".join(parts)


def examples_index(runs: list[ExampleRun]) -> str:
    lines = ["# Examples", "",
             "Short scripts that use the library from Python, one or more per paper. Each page shows the",
             "script and the output it printed when this site was built (the build runs every script; the",
             "test suite runs them too).", "",
             "| example | what it shows |", "|---|---|"]
    lines += [f"| [{r.name}]({r.name}.md) | {r.summary} |" for r in runs]
    return "\n".join(lines) + "\n"
