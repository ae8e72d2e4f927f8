"""The ``isacnet`` command line: parse, dispatch, report. The work is in :mod:`isacnet.pipeline`.

Bad input of any kind, the output folder and the scheduler address included, ends with one line
``isacnet: error: <field>: <what is allowed>`` on stderr and exit code 2, before anything is
computed or written. A worker or scheduler lost during a run, or memory running out, is one
line and exit code 1; Ctrl-C is one line and 130, SIGTERM one line and 143 (the workers are
stopped; finished points stay cached).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import warnings
from contextlib import contextmanager
from pathlib import Path

from isacnet._version import __version__
from isacnet.errors import ComputeError, InputError

__all__ = ["main"]

EXIT_INPUT = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

_EXTRA_OF = {"xarray": "cli", "netCDF4": "cli", "pandas": "cli", "matplotlib": "cli", "rich": "cli",
             "dask": "dask", "distributed": "dask", "cvxpy": "opt", "clarabel": "opt", "numba": "fast",
             "shapely": "plan", "pyproj": "plan"}


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, no usage dump
        raise InputError("arguments", message)


def _build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="isacnet", description="Analyse, simulate and optimise cooperative ISAC networks.")
    p.add_argument("--version", action="version", version=f"isacnet {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    def compute_opts(sp):
        sp.add_argument("--out", default="results", help="output folder (default: ./results)")
        sp.add_argument("--quick", action="store_true", help="apply the scenario's [quick] budget")
        sp.add_argument("--scheduler", default=None,
                        help="'processes' (default), 'serial', 'dask' (a local Dask cluster) or a scheduler address")
        sp.add_argument("--workers", type=int, default=None, help="local worker processes (default: all cores)")
        sp.add_argument("--connect-timeout", type=float, default=None, metavar="SECONDS",
                        help="how long to wait for a Dask scheduler (default 5 s, or [compute] connect_timeout_s)")
        sp.add_argument("--force", action="store_true", help="recompute even if an identical result is stored")
        sp.add_argument("--profile", choices=("paper", "spec"), default=None,
                        help="parameter profile: 'paper' (unstated parameters inferred from the paper's numbers, the "
                             "default of built-in scenarios) or 'spec' (the spec's defaults)")
        sp.add_argument("--stat", action="append", default=[], metavar="STAT",
                        help="after the run, print these statistics of every Monte Carlo series next to its value: "
                             "mean, median, pN (p5, p95; comma-separated or repeated); levels the scenario does not "
                             "keep are added to [results] quantiles, which makes the run a variant as --set does")

    r = sub.add_parser("run", help="run a scenario file")
    r.add_argument("scenario", help="TOML file or built-in scenario name")
    r.add_argument("--seed", type=int, default=None)
    r.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    r.add_argument("--name", default=None,
                   help="result folder name (default: the file's stem; a built-in scenario with --set or --seed: "
                        "<name>+<hash of the overrides>)")
    compute_opts(r)

    rp = sub.add_parser("reproduce", help="reproduce paper figures")
    rp.add_argument("figures", nargs="*", help="figure ids (coop-fig3 ...) or 'all'")
    rp.add_argument("--list", action="store_true", help="list every figure and its status")
    rp.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                    help="override a field of every figure's scenario; the results go to <figure>+<hash>/")
    compute_opts(rp)

    sub.add_parser("scenarios", help="list the built-in scenarios")

    d = sub.add_parser("describe", help="every field of a scenario or experiment: unit, default, range, meaning")
    d.add_argument("target", help="figure id, scenario file, built-in scenario or experiment id")

    c = sub.add_parser("claims", help="the papers' stated numbers vs ours, with verdicts (exit 1: unexpected)")
    c.add_argument("--quick", action="store_true")
    c.add_argument("--paper", default=None, help="only this paper key (coop, nulling, ...)")
    c.add_argument("--profile", default="both", metavar="{both,paper,spec}",
                   help="parameter profile: a claim that depends on unstated parameters runs under both by "
                        "default, the others once")
    _json_option(c)

    v = sub.add_parser("validate", help="closed forms vs Monte Carlo, with tolerances")
    v.add_argument("--quick", action="store_true")
    v.add_argument("--case", default=None, help="only cases whose id contains this text")
    _json_option(v)

    rep = sub.add_parser("report", help="one static HTML page (and report.json) from the stored results")
    rep.add_argument("--out", default="results", help="results folder to read and write into (default: ./results)")
    rep.add_argument("--claims", action=argparse.BooleanOptionalAction, default=None,
                     help="--claims: run the claims now and store claims.json; --no-claims: leave them out; "
                          "default: the stored claims.json, else run them and store it")
    rep.add_argument("--quick", action="store_true", default=None,
                     help="quick budgets for what the report runs itself (default: quick when the stored figures "
                          "were reproduced with --quick)")

    ex = sub.add_parser("export", help="write a stored result as MATLAB (.mat) or CSV files")
    ex.add_argument("result", help="a result folder (results/coop-fig4) or its .nc file")
    ex.add_argument("--format", required=True, choices=None, metavar="{mat,csv}",
                    help="mat: scipy.io.savemat, one struct per variable with units; csv: one row per point and "
                         "series with quantiles, plus <name>_cdf.csv; parquet is not offered (pyarrow is not a "
                         "dependency)")
    ex.add_argument("--out", default=None, help="target file (default: next to the result)")

    pl = sub.add_parser("plan", help="ISAC planner: sensing and rate maps and an improved layout for a real area")
    pl.add_argument("plan", help="plan file (TOML) or built-in plan name ('town')")
    pl.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    pl.add_argument("--out", default="results", help="output folder (default: ./results)")
    pl.add_argument("--k-added", type=int, default=None, help="number of sites to add (improve.num_added_sites)")
    return p


def _json_option(sp) -> None:
    sp.add_argument("--json", nargs="?", const="-", default=None, metavar="FILE",
                    help="write the records as JSON to FILE (atomically; the table is still printed), "
                         "or to stdout instead of the table when no FILE is given")


def _emit_json(document: dict, target: str) -> None:
    """``document`` as JSON on stdout (``target == "-"``) or atomically into the file ``target``."""
    import json

    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if target == "-":
        sys.stdout.write(text)
        return
    from isacnet.store import atomic_write

    def write(p: Path) -> None:
        p.write_text(text, encoding="utf-8")

    atomic_write(target, write)


def _check_json_target(target: str | None) -> None:
    """A --json FILE must be writable before anything runs (the run can take minutes)."""
    if target in (None, "-"):
        return
    path = Path(target)
    if path.is_dir():
        raise InputError("--json", f"must be a file name, got the folder {target!r}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise InputError("--json", f"must be in an existing, writable folder, got {target!r}")


@contextmanager
def _progress(enabled: bool, description: str):
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeElapsedColumn(), transient=True) as prog:
        task = prog.add_task(description, total=None)

        def advance(n, total):
            prog.update(task, total=total, advance=n)

        yield advance


def _make_executor(args, scn=None):
    """The executor the arguments (else the scenario's ``[compute]`` table) ask for, checked."""
    import math

    from isacnet.parallel import dask_security, make_executor

    if args.workers is not None and not 1 <= args.workers <= 1024:
        raise InputError("--workers", f"must be >= 1 and <= 1024, got {args.workers}")
    timeout = args.connect_timeout
    if timeout is not None and not (math.isfinite(timeout) and 0 < timeout <= 600):
        raise InputError("--connect-timeout", f"must be > 0 and <= 600 s, got {timeout}")
    compute = scn.compute if scn is not None else None
    field = "--scheduler" if args.scheduler or compute is None or not compute.scheduler else "compute.scheduler"
    scheduler = args.scheduler or (compute.scheduler if compute else None)
    workers = args.workers or (compute.workers if compute else None)
    if timeout is None:
        timeout = compute.connect_timeout_s if compute else 5.0
    security = dask_security(compute.tls_ca_file, compute.tls_client_cert, compute.tls_client_key) if compute else None
    if scheduler not in (None, "", "processes", "serial"):
        _quiet_dask_logs()
    return make_executor(scheduler, workers, timeout=timeout, security=security, field=field)


_RESTORE_LOG_LEVELS: list[tuple[logging.Logger, int]] = []


def _quiet_dask_logs() -> None:
    """Silence Dask's own log lines (tracebacks of a lost scheduler...): this command reports
    every failure in one line. Dask sets its loggers' levels when it is imported, so import first."""
    import distributed  # noqa: F401

    names = ["distributed", *(n for n in logging.root.manager.loggerDict if n.startswith("distributed."))]
    for name in names:
        log = logging.getLogger(name)
        _RESTORE_LOG_LEVELS.append((log, log.level))
        log.setLevel(logging.CRITICAL + 1)


def _cmd_run(args) -> int:
    from isacnet.export import parse_stats
    from isacnet.pipeline import check_destination, figure_for_scenario, require_writers, run_scenario, variant_name
    from isacnet.scenario import builtin_scenarios, load_scenario

    stats = parse_stats(args.stat)
    require_writers(True)
    overrides = list(args.overrides) + ([f"seed={args.seed}"] if args.seed is not None else [])
    scn = load_scenario(args.scenario, overrides=overrides, quick=args.quick, profile=args.profile)
    extra = _level_override(scn, stats)
    if extra:
        overrides.append(extra)
        scn = load_scenario(args.scenario, overrides=overrides, quick=args.quick, profile=args.profile)
    builtin = not os.path.lexists(args.scenario) and args.scenario in builtin_scenarios()
    stem = Path(args.scenario).stem
    name = args.name if args.name is not None else (variant_name(stem, overrides) if builtin else stem)
    check_destination(args.out, name)
    fig = figure_for_scenario(scn, stem if builtin else name)
    with _make_executor(args, scn) as ex, _progress(sys.stderr.isatty(), name) as prog:
        out = run_scenario(scn, args.out, name, figure=fig, executor=ex, progress=prog, force=args.force)
    _report(out, stats)
    return 0


def _level_override(scn, stats) -> str | None:
    """``results.quantiles=[...]`` adding the levels that ``--stat`` asks for and the scenario does not keep."""
    levels = set(scn.results.quantiles)
    wanted = {level for _, level in stats if level is not None}
    if wanted <= levels:
        return None
    return "results.quantiles=[" + ", ".join(repr(q) for q in sorted(levels | wanted)) + "]"


def _report(out, stats=()) -> None:
    state = "reused stored result" if out.reused else f"computed in {out.dataset.attrs.get('wall_time_s', 0):.1f} s"
    if out.replaced:
        state += f"; {out.replaced}"
    print(f"{out.name}: {state}")
    for kind, path in out.files.items():
        print(f"  {kind:7s} {path}")
    if stats:
        from isacnet.export import format_kpis

        table = format_kpis(out.dataset, stats)
        print(table if table else "  (no Monte Carlo series: no percentiles)", end="" if table else "\n")


def _cmd_reproduce(args) -> int:
    from isacnet.catalog import CATALOG, EXTRAS

    if args.list:
        from isacnet._index import implemented_figures

        implemented = implemented_figures()  # the generated index: no experiment module imported
        if implemented is None:
            from isacnet.registry import figures

            implemented = set(figures())
        for fid, title in CATALOG.items():
            status = "implemented" if fid in implemented else "not implemented"
            print(f"{fid:15s} {status:16s} {title}")
        for fid, title in EXTRAS.items():
            status = "extra" if fid in implemented else "not implemented"
            print(f"{fid:15s} {status:16s} {title}")
        return 0
    from isacnet.export import parse_stats
    from isacnet.pipeline import (
        check_destination,
        figure_result_name,
        prepare_figure,
        reproduce_figure,
        require_writers,
    )
    from isacnet.registry import figures, get_figure
    from isacnet.runner import check_memory

    registered = figures()
    if not args.figures:
        raise InputError("figures", "name figure ids (see 'isacnet reproduce --list') or 'all'")
    ids = list(registered) if args.figures == ["all"] else args.figures
    ids = [i for i in CATALOG if i in ids] + [i for i in EXTRAS if i in ids] + \
        [i for i in ids if i not in CATALOG and i not in EXTRAS]
    stats = parse_stats(args.stat)
    extra = {}
    for fid in ids:
        get_figure(fid)  # every id must be known before anything runs
    require_writers(True)
    prepared = {}
    for fid in ids:  # every figure's scenario, overrides and destination are checked before any computes
        try:
            scn = prepare_figure(fid, quick=args.quick, overrides=args.overrides, profile=args.profile)[1]
            level = _level_override(scn, stats) if stats else None
            extra[fid] = [level] if level else []
            if level:
                scn = prepare_figure(fid, quick=args.quick, overrides=[*args.overrides, level], profile=args.profile)[1]
            prepared[fid] = scn
            check_destination(args.out, figure_result_name(fid, [*args.overrides, *extra[fid]], scn.profile))
        except InputError as exc:
            raise InputError(f"{fid}: {exc.field}", exc.message) from None
    with _make_executor(args) as ex:
        for fid in ids:
            try:
                check_memory(prepared[fid], ex)
            except InputError as exc:
                raise InputError(f"{fid}: {exc.field}", exc.message) from None
        for fid in ids:
            with _progress(sys.stderr.isatty(), fid) as prog:
                out = reproduce_figure(fid, args.out, quick=args.quick,
                                       overrides=[*args.overrides, *extra.get(fid, [])], executor=ex,
                                       progress=prog, force=args.force, profile=args.profile)
            _report(out, stats)
    return 0


def _cmd_scenarios(args) -> int:
    from isacnet.scenario import builtin_scenarios, load_scenario

    for name, path in sorted(builtin_scenarios().items()):
        scn = load_scenario(path)
        print(f"{name:18s} {scn.experiment:22s} {scn.title}")
    return 0


def _cmd_describe(args) -> int:
    from isacnet._index import describe_text

    text = describe_text(args.target)  # the generated index: no experiment module imported
    if text is None:
        from isacnet.describe import describe, format_description

        text = format_description(describe(args.target))
    print(text, end="")
    return 0


def _cmd_validate(args) -> int:
    from isacnet.validation import cases, distribution_cases, results_document, run_case, run_distribution_case

    selected = [c for cid, c in cases().items() if args.case is None or args.case in cid]
    dists = [c for cid, c in distribution_cases().items() if args.case is None or args.case in cid]
    if not selected and not dists:
        raise InputError("--case", f"no validation case id contains {args.case!r}")
    _check_json_target(args.json)
    table = args.json != "-"
    if table and selected:
        print(f"{'case':34s} {'analytic':>11s} {'monte carlo':>11s} {'|diff|':>10s} {'tolerance':>10s}  result")
    results = []
    for case in selected:
        res = run_case(case, quick=args.quick)
        results.append(res)
        if table:
            print(f"{case.id:34s} {res.analytic:11.5g} {res.mc_value:11.5g} {res.difference:10.3g} "
                  f"{res.tolerance:10.3g}  {'pass' if res.passed else 'FAIL'}")
    if table and dists:
        print(f"\n{'distribution (CDF on a grid)':46s} {'samples':>9s} {'KS dist.':>9s} {'bound':>9s}  result")
    dist_results = []
    for dcase in dists:
        dres = run_distribution_case(dcase, quick=args.quick)
        dist_results.append(dres)
        if table:
            print(f"{dcase.id:46s} {dres.num_samples:9d} {dres.ks_distance:9.4f} {dres.bound:9.4f}  "
                  f"{'pass' if dres.passed else 'FAIL'}")
    failed = sum(not r.passed for r in results) + sum(not r.passed for r in dist_results)
    if table:
        print(f"{len(results) + len(dist_results) - failed} passed, {failed} failed")
    if args.json is not None:
        _emit_json(results_document(results, quick=args.quick, distributions=dist_results), args.json)
    return 1 if failed else 0


def _cmd_claims(args) -> int:
    from isacnet.claims import PROFILES, check_profiles, claims, records_document

    if args.profile not in ("both", *PROFILES):
        raise InputError("--profile", f"must be one of both, {', '.join(PROFILES)}, got {args.profile!r}")
    selected = [c for c in claims().values() if args.paper is None or c.paper == args.paper]
    if not selected:
        keys = ", ".join(sorted({c.paper for c in claims().values()}))
        raise InputError("--paper", f"must be a paper key with claims ({keys}), got {args.paper!r}")
    _check_json_target(args.json)
    table = args.json != "-"
    records = []
    for claim in selected:
        for rec in check_profiles(claim, quick=args.quick, selection=args.profile):
            records.append(rec)
            if table:
                _print_claim(rec, tag=claim.profiled)
    document = records_document(records, quick=args.quick, profile=args.profile)
    if table:
        counts = document["summary"]
        print(", ".join(f"{n} {verdict}" for verdict, n in counts.items()))
    if args.json is not None:
        _emit_json(document, args.json)
    return _claims_exit_code(records)


def _print_claim(rec, tag: bool = False) -> None:
    profile = f" [profile {rec.profile}]" if tag else ""
    print(f"[{rec.verdict}] {rec.claim_id}{profile} ({rec.runtime_s:.1f} s): {rec.statement}")
    print(f"    paper:     {rec.paper_value}")
    print(f"    ours:      {rec.ours}")
    if rec.approximation:
        print(f"    approx.:   {rec.approximation}")
    if rec.detail:
        print(f"    detail:    {rec.detail}")
    print(f"    tolerance: {rec.tolerance}")
    if rec.reason and not rec.unexpected:
        print(f"    reason:    {rec.reason}: {rec.note}")
    elif rec.note:
        print(f"    note:      {rec.note}")


def _claims_exit_code(records) -> int:
    """Exit code of ``isacnet claims``: 1 when any outcome is *unexpected* (the measured verdict differs
    from the one the claim declares and its theory page documents), else 0."""
    return EXIT_FAILED if any(r.unexpected for r in records) else 0


def _cmd_report(args) -> int:
    from isacnet.report import write_report

    paths = write_report(args.out, claims=args.claims, quick=args.quick)
    for kind, path in paths.items():
        print(f"  {kind:7s} {path}")
    return 0


def _cmd_export(args) -> int:
    from isacnet.export import export_result

    for path in export_result(args.result, args.format, args.out):
        print(f"  {args.format:7s} {path}")
    return 0


def _cmd_plan(args) -> int:
    from isacnet.plan import load_plan, run_plan
    from isacnet.plan.outputs import write_plan

    extra = [] if args.k_added is None else [f"improve.num_added_sites={args.k_added}"]
    plan = load_plan(args.plan, overrides=list(args.overrides) + extra)
    from isacnet.store import check_output_folder

    check_output_folder(args.out)  # before anything is computed
    with _progress(sys.stderr.isatty(), f"plan {plan.name}") as prog:
        result = run_plan(plan, progress=prog)
    files = write_plan(result, args.out)
    for row in result.table():
        print(f"{row['stage']:24s} sites {row['num_sites']:3d}  coverage {100 * row['coverage']:5.1f} %  "
              f"A-CRLB {row['area_crlb_m2']:.3g} m^2  area rate {row['area_rate_exact_bits']:.2f} bits/s/Hz")
    print(f"{plan.name}: written in {files['report'].parent}")
    return 0


def _one_line_warning(message, category, filename, lineno, line=None):
    return f"isacnet: warning: {message}\n"


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so that every ``with`` block (executors, result
    folders) unwinds as for Ctrl-C."""


def _on_sigterm(signum, frame):
    raise _Terminated()


@contextmanager
def _signals_and_logs():
    """SIGTERM unwinds like Ctrl-C; Dask's own log lines stay quiet (this CLI reports in one line)."""
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if main_thread else None
    try:
        yield
    finally:
        while _RESTORE_LOG_LEVELS:
            log, level = _RESTORE_LOG_LEVELS.pop()
            log.setLevel(level)
        if main_thread:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``isacnet`` console script."""
    parser = _build_parser()
    os.environ.setdefault("MPLBACKEND", "Agg")  # the command line draws into files only
    try:
        with _signals_and_logs():
            args = parser.parse_args(argv)
            if args.command is None:
                parser.print_help()
                return 0
            handler = {"run": _cmd_run, "reproduce": _cmd_reproduce, "scenarios": _cmd_scenarios,
                       "validate": _cmd_validate, "claims": _cmd_claims, "report": _cmd_report,
                       "describe": _cmd_describe, "plan": _cmd_plan, "export": _cmd_export}[args.command]
            previous = warnings.formatwarning  # catch_warnings does not restore the formatter
            warnings.formatwarning = _one_line_warning
            try:
                return handler(args)
            finally:
                warnings.formatwarning = previous
    except InputError as exc:
        print(f"isacnet: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except ComputeError as exc:
        print(f"isacnet: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except MemoryError:
        print("isacnet: error: out of memory; finished points are cached (lower monte_carlo.batch_size or --workers)",
              file=sys.stderr)
        return EXIT_FAILED
    except ModuleNotFoundError as exc:
        top = (exc.name or "").split(".")[0]
        if top not in _EXTRA_OF:
            raise
        print(f"isacnet: error: this command needs the optional dependency {top!r}: "
              f"pip install 'isacnet[{_EXTRA_OF[top]}]' (or 'isacnet[all]')", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # e.g. `isacnet reproduce --list | head`
        sys.stderr.close()
        return 0
    except _Terminated:
        print("isacnet: terminated; finished points are cached and a re-run resumes from them", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("isacnet: interrupted; finished points are cached and a re-run resumes from them", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
