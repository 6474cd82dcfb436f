"""Flows `annual-reports` and `backfill`: per portal discover -> fetch -> clean -> extract on a
task runner (threads, or a Dask cluster), then load in the flow process, one portal at a time.

Stage logic lives in fazhi.pipeline and tasks/; this module only wires it into Prefect.

Why loading stays here: the Warehouse holds a DuckDB connection (no pickling, one writer per
file). A portal task returns a PortalHaul (pages already cleaned and extracted, candidates,
fetch log), and load_haul writes it, each report in its own transaction, as tasks finish.
"""
from __future__ import annotations

import datetime as dt
import time
from traceback import format_exc
from zoneinfo import ZoneInfo

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.context import TaskRunContext
from prefect.futures import as_completed
from prefect.states import Failed

from fazhi.core.paths import DEFAULT_ARCHIVE, DEFAULT_DB, DEFAULT_REGISTRY
from fazhi.core.errors import UserError
from fazhi.pipeline.portal import PortalJob, PortalOutcome, collect_portal, known_for_portal, load_haul
from fazhi.core.registry import load_registry, select_portals
from fazhi.pipeline.summary import build_summary, checks_summary, summary_markdown
from flows.common import (dask_address_for, exclusive_warehouse, portal_table, publish, publish_snapshot_of, refuse,
                          run_identity, say, task_runner)
from tasks.discover import BrowserSettings
from tasks.fetch import FetchSettings


UNREACHABLE = "PortalUnreachable"


def _only_unreachable(task, task_run, state) -> bool:
    """Retry a portal that failed for a passing reason, never a task that raised (a bug)."""
    return state.name == UNREACHABLE


@task(name="portal", cache_policy=NO_CACHE, task_run_name="portal-{portal.id}",
      retry_condition_fn=_only_unreachable)
def portal_task(portal, job: PortalJob, retries: int = 0):
    """One portal up to loading. A portal that failed for a passing reason (timeouts, 5xx, resets,
    after the fetcher's own retries) is tried again later, `retries` times; other failures are
    recorded in the outcome at once. Never raises for a portal's own trouble."""
    haul = collect_portal(portal, job)
    ctx = TaskRunContext.get()
    run_count = ctx.task_run.run_count if ctx else 1
    if haul.transient_failure and run_count <= retries:
        say(f"  {portal.id}: {haul.outcome.failed}; trying again later (retry {run_count}/{retries})")
        return Failed(name=UNREACHABLE, message=f"{portal.id}: {haul.outcome.failed}; trying again")
    return haul


def crawl(flow_name: str, parameters: dict, registry: str, db: str, archive: str, years: set[int] | None,
          portals: list[str] | None, min_host_delay: float, max_concurrency: int, workers: int,
          dask_address: str | None, portal_retries: int, retry_delay: float, browser_path: str | None = None) -> dict:
    started = time.monotonic()
    selected = select_portals(load_registry(registry), portals)
    dask_address_for(dask_address)                       # a user error before anything is written
    settings = FetchSettings(min_host_delay=min_host_delay, max_concurrency=max_concurrency)
    browser = BrowserSettings(path=browser_path or "")
    run_id, origin = run_identity()
    with exclusive_warehouse(db) as warehouse:
        warehouse.upsert_portals(selected)
        warehouse.start_run(run_id, flow_name, {**parameters, **origin})
        outcomes: list[PortalOutcome] = []
        try:
            known = warehouse.known_fetches()
            columns = warehouse.portal_columns()      # home-page-only portals start where the last run found
            runner = task_runner(dask_address, workers)
            say(f"Collecting from {len(selected)} portal(s) into {db} (run {run_id}, "
                f"{type(runner).__name__})")
            portal_run = portal_task.with_options(retries=max(0, portal_retries), retry_delay_seconds=retry_delay)
            with runner:
                futures = {}
                for p in selected:
                    job = PortalJob(archive=archive, settings=settings, run_id=run_id, years=years,
                                    known=known_for_portal(known, p), browser=browser,
                                    columns={p.id: columns[p.id]} if p.id in columns else {})
                    futures[runner.submit(portal_run, {"portal": p, "job": job,
                                                       "retries": portal_retries})] = p
                for i, future in enumerate(as_completed(list(futures)), 1):
                    portal = futures[future]
                    try:
                        haul = future.result()
                        outcome = load_haul(haul, warehouse)
                    except Exception as exc:  # noqa: BLE001 - a bug or a lost worker: this portal only, loudly
                        say(f"  {portal.id}: internal error, please report it:\n{format_exc()}", level="error")
                        outcome = PortalOutcome(portal.id, failed=f"internal error {type(exc).__name__}: {exc}")
                    outcomes.append(outcome)
                    state = f"FAILED: {outcome.failed}" if outcome.failed else \
                        ", ".join(f"{n} {k}" for k, n in outcome.reports.items()) or "no reports"
                    say(f"  [{i}/{len(futures)}] {outcome.portal_id}: {outcome.candidates} candidates, {state}")
        except BaseException as exc:  # interrupted or broken: the runs row must not stay 'running'
            warehouse.finish_run(run_id, "failed", {}, {}, [{"portal_id": None, "reason": f"{type(exc).__name__}: {exc}"}])
            raise
        order = {p.id: i for i, p in enumerate(selected)}
        outcomes.sort(key=lambda o: order[o.portal_id])
        summary = build_summary(run_id, db, archive, outcomes, time.monotonic() - started)
        failures = [{"portal_id": o.portal_id, "reason": o.failed} for o in outcomes if o.failed]
        summary["status"], checks = warehouse.finish_run(run_id, summary["status"], summary["totals"],
                                                         {o.portal_id: o.seconds for o in outcomes}, failures)
        summary["checks"] = checks_summary(checks)
    if summary["status"] != "failed":
        publish_snapshot_of(db, summary)     # the warehouse is closed: readers get a fresh copy
    return summary


def recent_report_years(n: int) -> set[int]:
    """The last n report years before the current one in China: in April 2025, n=1 gives {2024}."""
    this_year = dt.datetime.now(ZoneInfo("Asia/Shanghai")).year
    return {this_year - k for k in range(1, max(1, n) + 1)}


@flow(name="annual-reports")
def annual_reports(registry: str = str(DEFAULT_REGISTRY), db: str = str(DEFAULT_DB),
                   archive: str = str(DEFAULT_ARCHIVE), year: int | None = None,
                   portals: list[str] | None = None, min_host_delay: float = 1.0,
                   max_concurrency: int = 8, workers: int = 8, dask_address: str | None = None,
                   portal_retries: int = 1, retry_delay: float = 120.0,
                   recent_years: int | None = None, browser: str | None = None) -> dict:
    """Collect reports from the portals in `registry` into the warehouse `db`.

    year: the report year to collect (default: every year found); recent_years: instead of year,
    the last N report years before this one (Asia/Shanghai), as scheduled runs use; portals: a subset of ids;
    min_host_delay: seconds between requests to one host; max_concurrency: requests in flight;
    workers: portals at once on the thread pool; dask_address: run portals on this Dask
    scheduler instead (or set FAZHI_DASK_ADDRESS); portal_retries / retry_delay: a portal that
    failed for a passing reason (timeouts, 5xx) is tried again after retry_delay seconds;
    browser: the headless Chromium that renders lists built by script (default $FAZHI_BROWSER,
    else chromium on PATH; none: such portals say needs_browser).
    """
    years = {year} if year else recent_report_years(recent_years) if recent_years else None
    parameters = {"registry": registry, "db": db, "year": year, "portals": portals}
    if recent_years and not year:
        parameters.update(recent_years=recent_years, years=sorted(years))
    try:
        summary = crawl("annual-reports", parameters, registry, db, archive, years, portals,
                        min_host_delay, max_concurrency, workers, dask_address, portal_retries, retry_delay,
                        browser)
    except UserError as exc:
        return refuse(exc)
    publish("annual-reports-summary", summary_markdown(summary), portal_table(summary),
            "fazhi annual-reports run summary")
    return summary


@flow(name="backfill")
def backfill(first_year: int, last_year: int | None = None, registry: str = str(DEFAULT_REGISTRY),
             db: str = str(DEFAULT_DB), archive: str = str(DEFAULT_ARCHIVE), portals: list[str] | None = None,
             min_host_delay: float = 1.0, max_concurrency: int = 8, workers: int = 8,
             dask_address: str | None = None, portal_retries: int = 1, retry_delay: float = 120.0,
             browser: str | None = None) -> dict:
    """Collect the reports for the years first_year..last_year (default: first_year only).

    One pass over every portal's lists: paging stops at items older than first_year."""
    last_year = first_year if last_year is None else last_year
    parameters = {"registry": registry, "db": db, "first_year": first_year, "last_year": last_year,
                  "portals": portals}
    try:
        if not 1990 <= first_year <= last_year <= 2100:
            raise UserError(f"backfill: years {first_year}..{last_year} are not a plausible range of report years")
        summary = crawl("backfill", parameters, registry, db, archive, set(range(first_year, last_year + 1)),
                        portals, min_host_delay, max_concurrency, workers, dask_address, portal_retries,
                        retry_delay, browser)
    except UserError as exc:
        return refuse(exc)
    publish("backfill-summary", summary_markdown(summary), portal_table(summary),
            f"fazhi backfill {first_year}-{last_year} run summary")
    return summary
