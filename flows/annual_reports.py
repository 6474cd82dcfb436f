"""Flow `annual-reports`: per portal discover -> fetch -> clean -> extract -> load, concurrently.

Stage logic lives in fazhi.pipeline and tasks/; this module only wires it into Prefect.
"""
from __future__ import annotations

import time

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from fazhi import DEFAULT_ARCHIVE, DEFAULT_DB, DEFAULT_REGISTRY
from fazhi.archive import Archive
from fazhi.pipeline import RunContext, new_run_id, process_portal, progress
from fazhi.registry import load_registry, select_portals
from fazhi.summary import build_summary, summary_markdown
from tasks.fetch import FetchSettings, Politeness
from tasks.load import Warehouse


@task(name="portal", cache_policy=NO_CACHE)
def portal_task(portal, ctx):
    return process_portal(portal, ctx)


@flow(name="annual-reports", task_runner=ThreadPoolTaskRunner(max_workers=8))
def annual_reports(registry: str = str(DEFAULT_REGISTRY), db: str = str(DEFAULT_DB),
                   archive: str = str(DEFAULT_ARCHIVE), year: int | None = None,
                   portals: list[str] | None = None, min_host_delay: float = 1.0,
                   max_concurrency: int = 8) -> dict:
    """Collect reports from the portals in `registry` into the warehouse `db`.

    year: the report year to collect (default: every year found); portals: a subset of ids.
    """
    started = time.monotonic()
    selected = select_portals(load_registry(registry), portals)
    settings = FetchSettings(min_host_delay=min_host_delay, max_concurrency=max_concurrency)
    run_id = new_run_id()
    with Warehouse(db) as warehouse:
        warehouse.upsert_portals(selected)
        warehouse.start_run(run_id, "annual-reports", {"registry": registry, "db": db, "year": year,
                                                       "portals": portals})
        ctx = RunContext(warehouse=warehouse, archive=Archive(archive),
                         politeness=Politeness(settings.min_host_delay, settings.max_concurrency),
                         settings=settings, run_id=run_id, years={year} if year else None,
                         known=warehouse.known_fetches())
        progress(f"Collecting from {len(selected)} portal(s) into {db} (run {run_id})")
        futures = [portal_task.submit(p, quote(ctx)) for p in selected]
        outcomes = []
        for i, future in enumerate(futures, 1):
            outcome = future.result()
            outcomes.append(outcome)
            state = f"FAILED: {outcome.failed}" if outcome.failed else \
                ", ".join(f"{n} {k}" for k, n in outcome.reports.items()) or "no reports"
            progress(f"  [{i}/{len(futures)}] {outcome.portal_id}: {outcome.candidates} candidates, {state}")
        summary = build_summary(run_id, db, archive, outcomes, time.monotonic() - started)
        failures = [{"portal_id": o.portal_id, "reason": o.failed} for o in outcomes if o.failed]
        warehouse.finish_run(run_id, summary["status"], summary["totals"],
                             {o.portal_id: o.seconds for o in outcomes}, failures)
    create_markdown_artifact(key="annual-reports-summary", markdown=summary_markdown(summary),
                             description="fazhi annual-reports run summary")
    return summary
