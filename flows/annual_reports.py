"""Flows `annual-reports` and `backfill`: per portal discover -> fetch -> clean -> extract on a
task runner (threads, or a Dask cluster), then load in the flow process (the one writer).

Stage logic lives in fazhi.pipeline and tasks/; this module only wires it into Prefect.

Why loading stays here: the Warehouse holds a DuckDB connection (no pickling, one writer per
file). A portal task returns a PortalHaul (pages already cleaned and extracted, candidates,
fetch log); reports are loaded as they are collected, in batches, and finished portals' records
with load_hauls, several portals in one transaction.
"""
from __future__ import annotations

import datetime as dt
import queue
import threading
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
from fazhi.core import rules
from fazhi.pipeline.portal import (PortalJob, PortalOutcome, collect_portal, forget_run, known_by_host,
                                   known_for_portal, load_hauls, load_items)
from fazhi.pipeline.runs import close_channel, open_channel
from fazhi.core.registry import load_registry, select_portals
from fazhi.pipeline.summary import build_summary, checks_summary, summary_markdown
from flows.common import (abandon_threads, dask_address_for, exclusive_warehouse, portal_table, proxy_for, publish,
                          publish_snapshot_of, refuse, run_identity, say, stop_signals, task_runner)
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
          portals: list[str] | None, min_host_delay: float, max_concurrency: int, workers: int | None,
          dask_address: str | None, portal_retries: int, retry_delay: float, proxy: str | None = None,
          revalidate: bool = False, revalidate_days: float = 30.0, walk_known: bool = False,
          browser_path: str | None = None) -> dict:
    """One run over the selected portals. Routine runs are incremental: a column's walk ends at
    the first list page of links seen before (walk_known: read on, as a backfill must), and a
    report page stored before is not asked for again until revalidate_days have passed
    (revalidate: ask for every one now)."""
    started = time.monotonic()
    selected = select_portals(load_registry(registry), portals)
    dask_address_for(dask_address)                       # a user error before anything is written
    settings = FetchSettings(min_host_delay=min_host_delay, max_concurrency=max_concurrency,
                             proxy=proxy_for(proxy), revalidate=revalidate, revalidate_days=revalidate_days)
    browser = BrowserSettings(path=browser_path or "")
    run_id, origin = run_identity()
    with exclusive_warehouse(db) as warehouse:
        warehouse.upsert_portals(selected)
        warehouse.start_run(run_id, flow_name, {**parameters, **origin})
        outcomes: list[PortalOutcome] = []
        try:
            channel = open_channel(run_id)
            known, links, report_urls = known_by_host(warehouse.known_fetches()), warehouse.known_links(), \
                warehouse.report_urls()
            columns = warehouse.portal_columns()      # home-page-only portals start where the last run found
            runner = task_runner(dask_address, workers or min(len(selected), rules.MAX_PORTALS_IN_FLIGHT))
            say(f"Collecting from {len(selected)} portal(s) into {db} (run {run_id}, "
                f"{type(runner).__name__})")
            portal_run = portal_task.with_options(retries=max(0, portal_retries), retry_delay_seconds=retry_delay)
            jobs = []
            for p in selected:
                mine = known_for_portal(known, p)
                jobs.append((p, PortalJob(archive=archive, settings=settings, run_id=run_id, years=years, known=mine,
                                          known_links=frozenset() if walk_known else frozenset(links.get(p.id, ())),
                                          known_reports=frozenset(u for u in mine if u in report_urls),
                                          browser=browser, columns={p.id: columns[p.id]} if p.id in columns else {})))
            with stop_signals(channel.cancelled) as stopped_by:
                outcomes = _collect_and_load(runner, portal_run, jobs, portal_retries, warehouse, channel)
        except BaseException as exc:  # interrupted or broken: the runs row must not stay 'running'
            warehouse.finish_run(run_id, "failed", {}, {}, [{"portal_id": None, "reason": f"{type(exc).__name__}: {exc}"}])
            raise
        finally:
            close_channel(run_id)
            forget_run(run_id)
        order = {p.id: i for i, p in enumerate(selected)}
        outcomes.sort(key=lambda o: order[o.portal_id])
        summary = build_summary(run_id, db, archive, outcomes, time.monotonic() - started)
        if stopped_by:
            summary["status"], summary["stopped_by"] = "cancelled", stopped_by[0]
        failures = [{"portal_id": o.portal_id, "reason": o.failed} for o in outcomes if o.failed]
        summary["status"], checks = warehouse.finish_run(run_id, summary["status"], summary["totals"],
                                                         {o.portal_id: o.seconds for o in outcomes}, failures)
        summary["checks"] = checks_summary(checks)
    if summary["status"] not in ("failed", "cancelled"):
        publish_snapshot_of(db, summary)     # the warehouse is closed: readers get a fresh copy
    return summary


_DONE = object()     # on the run's queue: a portal task finished (its future follows)
CANCEL_GRACE = 3.0   # seconds a stopped run waits for portals to notice, before leaving them


def _collect_and_load(runner, portal_run, jobs, retries: int, warehouse, channel) -> list[PortalOutcome]:
    """Run the portal tasks and load as things arrive on the run's queue: each report as soon
    as it is collected (threads in this process), each finished portal's haul. When the run is
    stopped: no new request is sent, what is queued is loaded, portals get CANCEL_GRACE seconds
    to finish, and those still waiting on a slow host are recorded as cancelled and left."""
    loaded: dict[str, dict[str, int]] = {p.id: {} for p, _job in jobs}
    errors: dict[str, list[str]] = {p.id: [] for p, _job in jobs}
    outcomes: dict[str, PortalOutcome] = {}
    with runner:
        futures = {runner.submit(portal_run, {"portal": p, "job": job, "retries": retries}): p for p, job in jobs}

        def report_done():  # as_completed blocks: on a thread of its own, feeding the queue
            for future in as_completed(list(futures)):
                channel.collected.put((_DONE, future))

        threading.Thread(target=report_done, name="fazhi-portals-done", daemon=True).start()
        deadline = None
        while len(outcomes) < len(futures):
            if channel.cancelled.is_set() and deadline is None:
                deadline = time.monotonic() + CANCEL_GRACE
                say("Stopping: no new requests; loading what was collected")
            if deadline is not None and time.monotonic() > deadline:
                break
            try:
                first = channel.collected.get(timeout=0.2)
            except queue.Empty:
                continue
            reports, finished = _drain(channel, first)
            for start in range(0, len(reports), rules.LOAD_BATCH):
                load_items([(item, loaded[key], errors[key]) for key, item in reports[start:start + rules.LOAD_BATCH]],
                           warehouse)
            for portal, outcome in _load_finished([(futures[f], f) for f in finished], warehouse, loaded, errors,
                                                  jobs[0][1].run_id):
                outcomes[portal.id] = outcome
                state = f"{outcome.status.upper()}: {outcome.reason}" if outcome.reason else \
                    ", ".join(f"{n} {k}" for k, n in outcome.reports.items()) or "no reports"
                say(f"  [{len(outcomes)}/{len(futures)}] {outcome.portal_id}: {outcome.candidates} candidates, {state}")
        if len(outcomes) < len(futures):
            while True:                    # reports collected but not yet loaded are kept
                try:
                    key, value = channel.collected.get_nowait()
                except queue.Empty:
                    break
                if key is not _DONE:
                    load_items([(item, loaded[key], errors[key]) for key, item in [(key, value)]], warehouse)
            abandon_threads(runner)        # threads stuck on a slow host must not hold the stop
    return [outcomes.get(p.id) or _cancelled(p.id, loaded[p.id], warehouse, jobs[0][1].run_id) for p, _job in jobs]


def _drain(channel, first: tuple) -> tuple[list[tuple], list]:
    """`first` and what else is waiting on the run's queue, up to rules.LOAD_BATCH reports and
    rules.PORTALS_PER_LOAD finished portals: (portal id, report) pairs in the order they came,
    and the finished portals' futures. A portal's reports always come before its end."""
    reports, finished, entry = [], [], first
    while True:
        key, value = entry
        if key is _DONE:
            finished.append(value)
        else:
            reports.append((key, value))
        if len(reports) >= rules.LOAD_BATCH or len(finished) >= rules.PORTALS_PER_LOAD:
            return reports, finished
        try:
            entry = channel.collected.get_nowait()
        except queue.Empty:
            return reports, finished


def _load_finished(finished: list[tuple], warehouse, loaded: dict, errors: dict, run_id: str) -> list[tuple]:
    """Write finished portals (load_hauls: together); a portal whose task broke (a bug, a lost
    worker) is recorded as failed, loudly, and costs only itself. [(portal, outcome)]."""
    hauls, done = [], []

    def broken(portal, exc) -> None:
        say(f"  {portal.id}: internal error, please report it:\n{format_exc()}", level="error")
        outcome = PortalOutcome(portal.id, reports=loaded[portal.id], failed=f"internal error {type(exc).__name__}: {exc}")
        outcome.status, outcome.reason = "failed", outcome.failed
        warehouse.record_portal_run(outcome, run_id)
        done.append((portal, outcome))

    for portal, future in finished:
        try:
            haul = future.result()
            haul.outcome.errors.extend(errors[portal.id])
            hauls.append((portal, haul))
        except Exception as exc:  # noqa: BLE001 - a bug or a lost worker: this portal only, loudly
            broken(portal, exc)
    try:
        written = list(zip(hauls, load_hauls([(haul, loaded[portal.id]) for portal, haul in hauls], warehouse)))
    except Exception:  # noqa: BLE001 - a bug in one of them: each alone, so that it costs only itself
        written = []
        for portal, haul in hauls:
            try:
                written.append(((portal, haul), load_hauls([(haul, loaded[portal.id])], warehouse)[0]))
            except Exception as exc:  # noqa: BLE001
                broken(portal, exc)
    for (portal, haul), outcome in written:
        haul.reports, haul.candidates, haul.fetches, haul.attachments = [], [], [], []  # written: the
        # task's future holds its haul until the run ends, and there are thousands
        done.append((portal, outcome))
    return done


def _cancelled(portal_id: str, loaded: dict[str, int], warehouse, run_id: str) -> PortalOutcome:
    """A portal the stopped run left unfinished: what it loaded, recorded as cancelled."""
    outcome = PortalOutcome(portal_id, reports=dict(loaded), cancelled=True)
    outcome.status, outcome.reason = "cancelled", "the run was stopped before this portal finished"
    warehouse.record_portal_run(outcome, run_id)
    return outcome


def recent_report_years(n: int) -> set[int]:
    """The last n report years before the current one in China: in April 2025, n=1 gives {2024}."""
    this_year = dt.datetime.now(ZoneInfo("Asia/Shanghai")).year
    return {this_year - k for k in range(1, max(1, n) + 1)}


@flow(name="annual-reports")
def annual_reports(registry: str = str(DEFAULT_REGISTRY), db: str = str(DEFAULT_DB),
                   archive: str = str(DEFAULT_ARCHIVE), year: int | None = None,
                   portals: list[str] | None = None, min_host_delay: float = 1.0,
                   max_concurrency: int = 16, workers: int | None = None, dask_address: str | None = None,
                   portal_retries: int = 1, retry_delay: float = 120.0,
                   recent_years: int | None = None, proxy: str | None = None, revalidate: bool = False,
                   revalidate_days: float = 30.0, browser: str | None = None) -> dict:
    """Collect reports from the portals in `registry` into the warehouse `db`.

    year: the report year to collect (default: every year found); recent_years: instead of year,
    the last N report years before this one (Asia/Shanghai), as scheduled runs use; portals: a subset of ids;
    min_host_delay: seconds between requests to one host; max_concurrency: requests in flight
    over all portals (one at a time per host); workers: portals at once on the thread pool
    (default: all of them, up to 200: politeness, not this, bounds the run); dask_address: run portals on this Dask
    scheduler instead (or set FAZHI_DASK_ADDRESS); portal_retries / retry_delay: a portal that
    failed for a passing reason (timeouts, 5xx) is tried again after retry_delay seconds;
    proxy: an http(s) proxy URL for every portal without its own (or set FAZHI_PROXY);
    revalidate: ask again (conditionally) for every report page stored before, not only those
    last checked more than revalidate_days ago; browser: the headless Chromium that renders
    lists built by script (default $FAZHI_BROWSER, else chromium on PATH; none: such portals say
    needs_browser).
    """
    years = {year} if year else recent_report_years(recent_years) if recent_years else None
    parameters = {"registry": registry, "db": db, "year": year, "portals": portals}
    if recent_years and not year:
        parameters.update(recent_years=recent_years, years=sorted(years))
    try:
        summary = crawl("annual-reports", parameters, registry, db, archive, years, portals,
                        min_host_delay, max_concurrency, workers, dask_address, portal_retries, retry_delay, proxy,
                        revalidate, revalidate_days, browser_path=browser)
    except UserError as exc:
        return refuse(exc)
    publish("annual-reports-summary", summary_markdown(summary), portal_table(summary),
            "fazhi annual-reports run summary")
    return summary


@flow(name="backfill")
def backfill(first_year: int, last_year: int | None = None, registry: str = str(DEFAULT_REGISTRY),
             db: str = str(DEFAULT_DB), archive: str = str(DEFAULT_ARCHIVE), portals: list[str] | None = None,
             min_host_delay: float = 1.0, max_concurrency: int = 16, workers: int | None = None,
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
                        retry_delay, walk_known=True, browser_path=browser)
    except UserError as exc:
        return refuse(exc)
    publish("backfill-summary", summary_markdown(summary), portal_table(summary),
            f"fazhi backfill {first_year}-{last_year} run summary")
    return summary
