"""Flow `reprocess`: clean, extract and load every report's latest version again from the raw
archive, without the network. Run it after the cleaning or extraction rules change."""
from __future__ import annotations

import time
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from fazhi.core.paths import DEFAULT_ARCHIVE, DEFAULT_DB
from fazhi.core.errors import UserError
from fazhi.core.archive import Archive
from fazhi.pipeline.reprocess import reprocess_archive
from fazhi.pipeline.summary import checks_lines, checks_summary
from flows.common import exclusive_warehouse, publish, publish_snapshot_of, refuse, run_identity, say


@task(name="reprocess-archive", cache_policy=NO_CACHE)
def reprocess_task(warehouse, archive: Archive, run_id: str) -> dict:
    return reprocess_archive(warehouse, archive, run_id)


def check_inputs(db: str, archive: str) -> None:
    if not Path(db).exists():
        raise UserError(f"{db}: no warehouse here (run `fazhi run` or `make run` first)")
    if not (Path(archive) / "index.jsonl").exists():
        raise UserError(f"{archive}: no raw archive here (give the archive the runs wrote to)")


@flow(name="reprocess")
def reprocess(db: str = str(DEFAULT_DB), archive: str = str(DEFAULT_ARCHIVE)) -> dict:
    """Re-derive every report's latest version from the raw archive (no network)."""
    started = time.monotonic()
    try:
        check_inputs(db, archive)
        run_id, origin = run_identity()
        with exclusive_warehouse(db) as warehouse:
            warehouse.start_run(run_id, "reprocess", {"db": db, "archive": archive, **origin})
            say(f"Reprocessing {db} from {archive} (run {run_id})")
            try:
                counts = reprocess_task(quote(warehouse), Archive(archive), run_id)
            except BaseException as exc:
                warehouse.finish_run(run_id, "failed", {}, {}, [{"portal_id": None,
                                                                  "reason": f"{type(exc).__name__}: {exc}"}])
                raise
            seconds = round(time.monotonic() - started, 2)
            status = "failed" if counts.get("missing_raw") and len(counts) == 1 else "completed"
            status, checks = warehouse.finish_run(run_id, status, counts, {"reprocess": seconds}, [])
    except UserError as exc:
        return refuse(exc)
    summary = {"run_id": run_id, "status": status, "db": db, "archive": archive, "counts": counts,
               "seconds": seconds, "checks": checks_summary(checks)}
    if status != "failed":
        publish_snapshot_of(db, summary)
    line = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing to do"
    say(f"Reprocessed from {archive} into {db}: {line}")
    for check_line in checks_lines(summary["checks"]):
        say(check_line)
    publish("reprocess-summary",
            f"# fazhi reprocess {run_id} — {status}\n\n{line}, in {seconds} s. "
            f"Warehouse `{db}`, archive `{archive}`.",
            [{"outcome": k, "reports": n} for k, n in sorted(counts.items())],
            "fazhi reprocess run summary")
    return summary
