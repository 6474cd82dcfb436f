"""The fazhi command line: run, backfill, demo, ingest, reprocess, eval, mirror, serve, and the
analysis commands (query, search, export, report).

Exit codes: 0 success; 2 a user error (one line on stderr); 1 the run could not complete.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

from fazhi.analysis.charts import build_report
from fazhi.analysis.queries import format_rows, list_queries, parse_params, queries_help, run_query
from fazhi.analysis.reading import SNAPSHOT_NAME, connect
from fazhi.analysis.search import search
from fazhi.analysis.snapshot import publish_snapshot
from fazhi.core.archive import Archive
from fazhi.core.errors import UserError
from fazhi.core.paths import DEFAULT_ARCHIVE, DEFAULT_DB, DEFAULT_REGISTRY, SEED_REPORTS_DIR
from fazhi.core.registry import load_registry, select_portals
from fazhi.evaluation.attribution import evaluate_attribution, format_attribution
from fazhi.evaluation.cleaning import evaluate_cleaning, format_clean_table
from fazhi.evaluation.devset import DEVSET_DIR, evaluate_devset, format_devset
from fazhi.evaluation.extraction import evaluate_extraction, format_evaluation
from fazhi.farm import serve_forever_cli, start_mirror
from fazhi.pipeline import parsing
from fazhi.pipeline.local import ingest_report, local_report_paths, read_local_report
from fazhi.pipeline.runs import new_run_id
from fazhi.pipeline.summary import checks_lines, checks_summary, summary_text
from tasks.load import Warehouse

# flows/ is imported where a command runs a flow, after _quiet_prefect: Prefect reads its
# settings when it is imported, and takes seconds to import.


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
    if registry is not None:
        select_portals(load_registry(registry), portals)
    if Path(db).exists():
        Warehouse(db).close()       # raises WarehouseBusy, one line, when the file is locked


def _run_flow(registry: str, db: str, archive: str, year: int | None, portals: list[str] | None,
              min_host_delay: float, dask_address: str | None = None, proxy: str | None = None,
              revalidate: bool = False, browser: str | None = None) -> dict:
    _quiet_prefect()
    _check_before_prefect(registry, portals, db)
    from flows.annual_reports import annual_reports

    return annual_reports(registry=registry, db=db, archive=archive, year=year, portals=portals,
                          min_host_delay=min_host_delay, dask_address=dask_address, proxy=proxy,
                          revalidate=revalidate, browser=browser)


def _print_summary(summary: dict) -> None:
    print(summary_text(summary))


def cmd_run(args) -> int:
    summary = _run_flow(args.registry, args.db, args.archive, args.year, args.portal, args.min_host_delay,
                        args.dask_address, args.proxy, args.revalidate, args.browser)
    _print_summary(summary)
    if summary["status"] == "cancelled":
        t = summary["totals"]
        loaded = sum(v for k, v in t.items() if k.startswith("reports_") and k != "reports_known")
        print(f"fazhi: run {summary['run_id']} cancelled by {summary.get('stopped_by', 'a stop request')} "
              f"after {t['seconds']} s: {loaded} report(s) loaded are kept in {summary['db']}", file=sys.stderr)
        args.stopped = True
        return 143 if summary.get("stopped_by") == "SIGTERM" else 130
    return 1 if summary["status"] == "failed" else 0


def _end_process(code: int) -> None:
    """End a stopped run's process now: portal threads still waiting on a slow host would hold
    the interpreter's exit for up to their read timeout. The warehouse is closed and the run
    recorded by then; Prefect's temporary server and the parsing processes are stopped so they
    do not outlive us."""
    from prefect.server.api.server import SubprocessASGIServer

    for server in list(SubprocessASGIServer._instances.values()):
        server.stop()
    parsing.stop_now()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def cmd_backfill(args) -> int:
    _quiet_prefect()
    _check_before_prefect(args.registry, args.portal, args.db)
    from flows.annual_reports import backfill

    summary = backfill(first_year=args.first_year, last_year=args.last_year, registry=args.registry, db=args.db,
                       archive=args.archive, portals=args.portal, min_host_delay=args.min_host_delay,
                       browser=args.browser)
    _print_summary(summary)
    return 1 if summary["status"] == "failed" else 0


def cmd_serve(args) -> int:
    from flows.deployments import main as serve_deployments

    return serve_deployments()


def cmd_ingest(args) -> int:
    # every file is read and checked before anything is written; a file that is refused says
    # why in one line and the others go in (nothing is written when none is readable)
    reports, refused = [], []
    for path in local_report_paths(args.files):
        try:
            reports.append(read_local_report(path))
        except UserError as exc:
            refused.append(str(exc))
    if not reports:
        if len(refused) == 1:
            raise UserError(refused[0])
        for reason in refused:
            print(f"fazhi: refused {reason}", file=sys.stderr)
        raise UserError(f"none of the {len(refused)} files is a report to ingest")
    for reason in refused:
        print(f"fazhi: refused {reason}", file=sys.stderr)
    run_id = new_run_id()
    archive = Archive(args.archive)
    with Warehouse(args.db) as warehouse:
        warehouse.start_run(run_id, "ingest", {"files": [str(r.path) for r in reports]})
        counts: dict[str, int] = {}
        for report in reports:
            outcome, meta = ingest_report(report, warehouse, archive, run_id)
            counts[outcome] = counts.get(outcome, 0) + 1
            year = meta.report_year or "year unknown"
            title = meta.title if meta.title_source == "page" else f"no title in the file (listed as {meta.title})"
            print(f"  {report.path.name}: {outcome} — {title} ({meta.admin_name or 'unit unknown'}, {year})")
        status, checks = warehouse.finish_run(run_id, "completed", counts, {}, [])
    print(f"Ingested {len(reports)} file(s) into {args.db}: " + ", ".join(f"{n} {k}" for k, n in counts.items())
          + (f"; {len(refused)} refused (listed above)" if refused else ""))
    for line in checks_lines(checks_summary(checks)):
        print(line)
    return 1 if status == "failed" or refused else 0


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
        try:
            print(format_clean_table(evaluate_cleaning()))
        except FileNotFoundError as exc:
            raise UserError(str(exc)) from None
        return 0
    if args.target == "attribution":
        print("Who wrote each report, read as `fazhi ingest` reads a file (no portal to fall back on); "
              "the rules may be tuned on the tuning folds and the seeds only.\n")
        print(format_attribution(evaluate_attribution(), details=args.details))
        for part in sorted(path.stem for path in DEVSET_DIR.glob("part_*.jsonl")):
            print(f"\n{part} alone:\n")
            print(format_attribution(evaluate_attribution(parts=(part,))))
        return 0
    print("Seeds (the rules were tuned on them):\n")
    print(format_evaluation(evaluate_extraction(), details=args.details))
    print(f"\nDevelopment set ({DEVSET_DIR}): real report passages; the rules may be tuned on the tuning "
          "folds only, held_out is what they do on reports they were not fitted to.\n")
    print(format_devset(evaluate_devset(), details=args.details))
    for part in sorted(path.stem for path in DEVSET_DIR.glob("part_*.jsonl")):
        print(f"\n{part} alone:\n")
        print(format_devset(evaluate_devset(parts=(part,)), headline=True))
    return 0


def cmd_mirror(args) -> int:
    serve_forever_cli(base_port=args.port, host="127.0.0.1")
    return 0


def cmd_query(args) -> int:
    queries = list_queries()
    args.name = args.name.replace("-", "_") if args.name else args.name     # portal-health = portal_health
    if not args.name or args.name not in queries:
        text = queries_help(queries)
        if args.name:
            raise UserError(f"unknown query '{args.name}'; known: {', '.join(queries)} (run `fazhi query` to list them)")
        print(text)
        return 0
    query = queries[args.name]
    given = parse_params(args.param)
    con = connect(args.db)
    try:
        columns, rows = run_query(con, query, given)
    finally:
        con.close()
    print(format_rows(columns, rows, args.format))
    return 0


def cmd_search(args) -> int:
    con = connect(args.db)
    try:
        columns, rows = search(con, args.keyword, year=args.year, province=args.province, limit=args.limit)
    finally:
        con.close()
    if args.format == "table":
        keep = ["admin_name", "report_year", "section", "context"]
        idx = [columns.index(c) for c in keep]
        print(format_rows(keep, [tuple(r[i] for i in idx) for r in rows], "table", max_cell=90))
        reports = {r[columns.index("report_id")] for r in rows}
        print(f"{len(rows)} sentence(s) in {len(reports)} report(s) mention {args.keyword!r}"
              " (--format csv|json for titles, full sentences and URLs)")
    else:
        print(format_rows(columns, rows, args.format))
    return 0


def cmd_export(args) -> int:
    manifest = publish_snapshot(args.db, args.dir, formats=(args.format,))
    total = sum(manifest["rows"].values())
    print(f"Exported {len(manifest['rows'])} views ({total} rows) from {args.db} to {args.dir} as {args.format}: "
          + ", ".join(f"{v} {n}" for v, n in manifest["rows"].items()))
    return 0


def cmd_report(args) -> int:
    result = build_report(args.db, args.out, year=args.year, district=args.district)
    print(f"Wrote {result['html']} ({len(result['charts'])} charts, PNGs in {result['png_dir']})")
    for note in result["notes"]:
        print(f"  note: {note}")
    return 0


def add_analysis_commands(subparsers) -> None:
    """Register query, search, export and report on the `fazhi` subparsers."""
    def db_option(p):
        p.add_argument("--db", default=str(DEFAULT_DB),
                       help=f"warehouse, snapshot ({SNAPSHOT_NAME}) or folder of exported Parquet files "
                            f"(default {DEFAULT_DB})")

    names = ", ".join(list_queries()) or "none"
    p = subparsers.add_parser("query", help="run a named query from warehouse/queries/ (no NAME: list them)",
                              description=f"Run a named query. Queries: {names}. Without NAME, list them "
                                          "with their parameters.")
    p.add_argument("name", nargs="?", metavar="NAME", help="query name (omit to list the queries)")
    p.add_argument("--param", action="append", metavar="K=V", help="a query parameter, e.g. year=2023 (repeatable)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format (default table)")
    db_option(p)
    p.set_defaults(func=cmd_query)

    p = subparsers.add_parser("search", help="keyword in context over the report text",
                              description="Every sentence that holds the keyword, with its report and section.")
    p.add_argument("keyword", metavar="KEYWORD", help="a word or phrase, e.g. 合法性审查")
    p.add_argument("--year", type=int, help="only reports about this year")
    p.add_argument("--province", metavar="P", help="only this province (or city), e.g. 浙江 or 宁波市")
    p.add_argument("--limit", type=int, help="at most this many sentences")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format (default table)")
    db_option(p)
    p.set_defaults(func=cmd_search)

    p = subparsers.add_parser("export", help="write the public views to a folder (Parquet, CSV or a DuckDB copy)",
                              description="Write every public view to DIR, one file per view, each renamed into "
                                          "place when complete. Reads the warehouse read-only.")
    p.add_argument("dir", metavar="DIR", help="output folder (created if missing)")
    p.add_argument("--format", choices=["parquet", "csv", "duckdb"], default="parquet",
                   help=f"parquet (default), csv, or duckdb ({SNAPSHOT_NAME} with the views as tables)")
    db_option(p)
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser("report", help="write an offline HTML page of charts (coverage, lateness, indicators, trends)",
                              description="Write a self-contained HTML page (images inline, nothing from the "
                                          "network) and one PNG per chart.")
    p.add_argument("--year", type=int, help="report year for coverage and distributions (default: latest with reports)")
    p.add_argument("--out", default="data/report", help="output folder (default data/report)")
    p.add_argument("--district", metavar="NAME", help="district (name or 6-digit code) for the trend charts "
                                                       "(default: the one with most years)")
    db_option(p)
    p.set_defaults(func=cmd_report)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fazhi", description="Collect 法治政府建设 annual reports into DuckDB.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def storage(p):
        p.add_argument("--db", default=str(DEFAULT_DB), help=f"DuckDB warehouse file (default {DEFAULT_DB})")
        p.add_argument("--archive", default=str(DEFAULT_ARCHIVE), help=f"raw archive folder (default {DEFAULT_ARCHIVE})")

    def browser_option(p):
        p.add_argument("--browser", metavar="PATH", help="headless Chromium for lists built by script "
                                                         "(default $FAZHI_BROWSER, else chromium on PATH)")

    p = sub.add_parser("run", help="discover, fetch, clean, extract and load reports from the registry's portals",
                       description="Run the annual-reports flow (Prefect, no server needed).")
    p.add_argument("--registry", default=str(DEFAULT_REGISTRY), help="portal registry TOML (default seeds/portals.toml)")
    storage(p)
    p.add_argument("--year", type=int, help="report year to collect (default: every year found)")
    p.add_argument("--portal", action="append", metavar="ID", help="only this portal id (repeatable)")
    p.add_argument("--min-host-delay", type=float, default=1.0, help="seconds between requests to one host (default 1.0)")
    p.add_argument("--dask-address", metavar="ADDR", help="run portals on this Dask scheduler (needs PREFECT_API_URL)")
    p.add_argument("--proxy", metavar="URL", help="fetch through this http(s) proxy (or set FAZHI_PROXY); "
                   "a registry entry's own proxy wins")
    p.add_argument("--revalidate", action="store_true", help="walk every column to its end and ask again for every "
                   "stored report page (routine runs stop at links seen before and re-check pages after 30 days)")
    browser_option(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("backfill", help="collect a range of report years (the backfill flow)")
    p.add_argument("first_year", type=int, metavar="FIRST")
    p.add_argument("last_year", type=int, nargs="?", metavar="LAST", help="default: FIRST")
    p.add_argument("--registry", default=str(DEFAULT_REGISTRY), help="portal registry TOML (default seeds/portals.toml)")
    storage(p)
    p.add_argument("--portal", action="append", metavar="ID", help="only this portal id (repeatable)")
    p.add_argument("--min-host-delay", type=float, default=1.0, help="seconds between requests to one host (default 1.0)")
    browser_option(p)
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
                                   "trafilatura alone; extract: indicator and metadata precision/recall on the seeds, and on "
                                   "the development set's tuning and held-out folds, per key and per role; attribution: the "
                                   "reporting unit of every dev-set passage and seed, with and without its title.")
    p.add_argument("target", choices=["clean", "extract", "attribution"], help="what to evaluate")
    p.add_argument("--details", action="store_true", help="extract, attribution: list every miss and extra value of the "
                                                      "seeds and of the dev set's tuning folds (the held-out folds' are "
                                                      "never printed)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("mirror", help="serve the offline portal mirror on 127.0.0.1 until Ctrl-C")
    p.add_argument("--port", type=int, default=8701, help="first port; site i listens on PORT+i (default 8701)")
    p.set_defaults(func=cmd_mirror)

    add_analysis_commands(sub)      # query, search, export, report
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "year", None) is not None and not 1990 <= args.year <= 2100:
        print(f"fazhi: error: --year {args.year} is not a plausible report year", file=sys.stderr)
        return 2
    try:
        code = args.func(args)
        if argv is None and getattr(args, "stopped", False):   # the command line owns this process
            _end_process(code)
        return code
    except UserError as exc:
        print(f"fazhi: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("fazhi: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
