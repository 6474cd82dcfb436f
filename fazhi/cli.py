"""The fazhi command line: run, backfill, demo, ingest, reprocess, eval, mirror, serve, and the
analysis commands (query, search, export, report).

Exit codes: 0 success; 2 a user error (one line on stderr); 1 the run could not complete.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from fazhi import DEFAULT_ARCHIVE, DEFAULT_DB, DEFAULT_REGISTRY, SEED_REPORTS_DIR, UserError


def _quiet_prefect() -> None:
    """Keep Prefect's own startup noise (temporary server, telemetry) out of what users read.
    Set before prefect is imported; a user's own settings win."""
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "false")
    # the temporary API server can take long to start on a small, busy machine
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def _check_before_prefect(registry: str | None, portals: list[str] | None, db: str) -> None:
    """User errors before Prefect's temporary server starts (that takes seconds): a bad
    registry or portal id, a warehouse another process is writing."""
    from tasks.load import Warehouse

    if registry is not None:
        from fazhi.registry import load_registry, select_portals

        select_portals(load_registry(registry), portals)
    if Path(db).exists():
        Warehouse(db).close()       # raises WarehouseBusy, one line, when the file is locked


def _run_flow(registry: str, db: str, archive: str, year: int | None, portals: list[str] | None,
              min_host_delay: float, dask_address: str | None = None) -> dict:
    _quiet_prefect()
    _check_before_prefect(registry, portals, db)
    from flows.annual_reports import annual_reports

    return annual_reports(registry=registry, db=db, archive=archive, year=year, portals=portals,
                          min_host_delay=min_host_delay, dask_address=dask_address)


def _print_summary(summary: dict) -> None:
    from fazhi.summary import summary_text

    print(summary_text(summary))


def cmd_run(args) -> int:
    summary = _run_flow(args.registry, args.db, args.archive, args.year, args.portal, args.min_host_delay,
                        args.dask_address)
    _print_summary(summary)
    return 1 if summary["status"] == "failed" else 0


def cmd_backfill(args) -> int:
    _quiet_prefect()
    _check_before_prefect(args.registry, args.portal, args.db)
    from flows.annual_reports import backfill

    summary = backfill(first_year=args.first_year, last_year=args.last_year, registry=args.registry, db=args.db,
                       archive=args.archive, portals=args.portal, min_host_delay=args.min_host_delay)
    _print_summary(summary)
    return 1 if summary["status"] == "failed" else 0


def cmd_serve(args) -> int:
    from flows.deployments import main as serve_deployments

    return serve_deployments()


def cmd_ingest(args) -> int:
    from fazhi.archive import Archive
    from fazhi.pipeline import ingest_report, local_report_paths, new_run_id, read_local_report
    from tasks.load import Warehouse

    # every file is read and checked before anything is written
    reports = [read_local_report(path) for path in local_report_paths(args.files)]
    run_id = new_run_id()
    archive = Archive(args.archive)
    with Warehouse(args.db) as warehouse:
        warehouse.start_run(run_id, "ingest", {"files": [str(r.path) for r in reports]})
        counts: dict[str, int] = {}
        for report in reports:
            outcome, meta = ingest_report(report, warehouse, archive, run_id)
            counts[outcome] = counts.get(outcome, 0) + 1
            year = meta["report_year"] or "year unknown"
            print(f"  {report.path.name}: {outcome} — {meta['title']} ({meta['admin_name'] or 'unit unknown'}, {year})")
        warehouse.finish_run(run_id, "completed", counts, {}, [])
    print(f"Ingested {len(reports)} file(s) into {args.db}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 0


def cmd_reprocess(args) -> int:
    _quiet_prefect()
    from flows.reprocess import check_inputs

    check_inputs(args.db, args.archive)
    _check_before_prefect(None, None, args.db)
    from flows.reprocess import reprocess

    summary = reprocess(db=args.db, archive=args.archive)
    print(f"Reprocessed from {args.archive} into {args.db}: " +
          (", ".join(f"{n} {k}" for k, n in sorted(summary["counts"].items())) or "nothing to do"))
    if summary.get("snapshot"):
        print(f"Read-only snapshot: {summary['snapshot']}")
    return 1 if summary["status"] == "failed" else 0


SAMPLE_QUERY = """SELECT admin_name, report_year, publish_date, left(title, 36) AS title
FROM reports ORDER BY province, admin_name, report_year"""


def cmd_demo(args) -> int:
    from fazhi.mirror import start_mirror

    # Fixed ports: the mirror's URLs are the reports' identity, so a second demo run must
    # see the same URLs to add nothing.
    try:
        mirror_cm = start_mirror(base_port=args.port)
    except OSError as exc:
        raise UserError(f"cannot serve the mirror on 127.0.0.1:{args.port}–{args.port + 3} ({exc.strerror}); "
                        f"is `fazhi mirror` running? Use --port, or `fazhi run --registry seeds/mirror/portals.toml`") from None
    with mirror_cm as mirror:
        print(f"1. Ingesting the seed reports in {SEED_REPORTS_DIR}")
        cmd_ingest(argparse.Namespace(files=[str(SEED_REPORTS_DIR)], db=args.db, archive=args.archive))
        registry = Path(args.db).parent / "mirror-portals.toml"
        registry.parent.mkdir(parents=True, exist_ok=True)
        registry.write_text(mirror.registry_toml(), encoding="utf-8")
        print(f"2. Crawling the offline mirror ({len(mirror.sites)} portals on 127.0.0.1, registry {registry})")
        summary = _run_flow(str(registry), args.db, args.archive, None, None, min_host_delay=0.0)
    _print_summary(summary)
    import duckdb

    print("\n3. A sample query:\n" + SAMPLE_QUERY)
    with duckdb.connect(args.db, read_only=True) as con:
        rel = con.sql(SAMPLE_QUERY)
        for row in rel.fetchall():
            print("   " + " | ".join("" if v is None else str(v) for v in row))
    print(f"\nThe warehouse is {args.db} (views: reports, indicators, candidates); open it with any DuckDB client,\n"
          f"e.g. python -c \"import duckdb; duckdb.connect('{args.db}', read_only=True).sql('FROM reports').show()\"")
    return 1 if summary["status"] == "failed" else 0


def cmd_eval(args) -> int:
    if args.target == "clean":
        from fazhi.eval_clean import evaluate_cleaning, format_clean_table

        try:
            print(format_clean_table(evaluate_cleaning()))
        except FileNotFoundError as exc:
            raise UserError(str(exc)) from None
        return 0
    from fazhi.evaluate import evaluate_extraction, format_evaluation

    print(format_evaluation(evaluate_extraction(), details=args.details))
    return 0


def cmd_mirror(args) -> int:
    from fazhi.mirror import serve_forever_cli

    serve_forever_cli(base_port=args.port, host="127.0.0.1")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fazhi", description="Collect 法治政府建设 annual reports into DuckDB.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def storage(p):
        p.add_argument("--db", default=str(DEFAULT_DB), help=f"DuckDB warehouse file (default {DEFAULT_DB})")
        p.add_argument("--archive", default=str(DEFAULT_ARCHIVE), help=f"raw archive folder (default {DEFAULT_ARCHIVE})")

    p = sub.add_parser("run", help="discover, fetch, clean, extract and load reports from the registry's portals",
                       description="Run the annual-reports flow (Prefect, no server needed).")
    p.add_argument("--registry", default=str(DEFAULT_REGISTRY), help="portal registry TOML (default seeds/portals.toml)")
    storage(p)
    p.add_argument("--year", type=int, help="report year to collect (default: every year found)")
    p.add_argument("--portal", action="append", metavar="ID", help="only this portal id (repeatable)")
    p.add_argument("--min-host-delay", type=float, default=1.0, help="seconds between requests to one host (default 1.0)")
    p.add_argument("--dask-address", metavar="ADDR", help="run portals on this Dask scheduler (needs PREFECT_API_URL)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("backfill", help="collect a range of report years (the backfill flow)")
    p.add_argument("first_year", type=int, metavar="FIRST")
    p.add_argument("last_year", type=int, nargs="?", metavar="LAST", help="default: FIRST")
    p.add_argument("--registry", default=str(DEFAULT_REGISTRY), help="portal registry TOML (default seeds/portals.toml)")
    storage(p)
    p.add_argument("--portal", action="append", metavar="ID", help="only this portal id (repeatable)")
    p.add_argument("--min-host-delay", type=float, default=1.0, help="seconds between requests to one host (default 1.0)")
    p.set_defaults(func=cmd_backfill)

    p = sub.add_parser("serve", help="serve the Prefect deployments: yearly, catch-up, backfill, reprocess "
                                     "(needs PREFECT_API_URL)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("demo", help="start the offline mirror, ingest the seeds, crawl it, print a summary and a query")
    storage(p)
    p.add_argument("--port", type=int, default=8701, help="first mirror port; site i listens on PORT+i (default 8701)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("ingest", help="load local report files (.txt, .html); metadata is read from the text")
    p.add_argument("files", nargs="+", metavar="FILE", help="a report file, or a folder of them")
    storage(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("reprocess", help="clean, extract and load again from the raw archive (no network)")
    storage(p)
    p.set_defaults(func=cmd_reprocess)

    p = sub.add_parser("eval", help="score cleaning (vs trafilatura) or extraction against hand-checked references",
                       description="clean: character P/R/F1 of body text on every mirror page, ours and "
                                   "trafilatura alone; extract: indicator and metadata precision/recall on the seeds.")
    p.add_argument("target", choices=["clean", "extract"], help="what to evaluate")
    p.add_argument("--details", action="store_true", help="extract: list every miss and extra value")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("mirror", help="serve the offline portal mirror on 127.0.0.1 until Ctrl-C")
    p.add_argument("--port", type=int, default=8701, help="first port; site i listens on PORT+i (default 8701)")
    p.set_defaults(func=cmd_mirror)

    from fazhi.analysis import add_analysis_commands

    add_analysis_commands(sub)      # query, search, export, report
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "year", None) is not None and not 1990 <= args.year <= 2100:
        print(f"fazhi: error: --year {args.year} is not a plausible report year", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except UserError as exc:
        print(f"fazhi: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("fazhi: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
