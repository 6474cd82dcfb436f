"""What every fazhi flow shares: one writer per warehouse, a clear refusal instead of a traceback,
the Prefect flow run id as our run id, progress lines, summary artifacts and the task runner.

Nothing here knows about portals or reports; that is fazhi.pipeline's and tasks/' business.
"""
from __future__ import annotations

import logging
import os
import re
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.context import FlowRunContext
from prefect.settings import PREFECT_API_URL
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner

from fazhi.analysis.snapshot import publish_snapshot
from fazhi.core.errors import UserError
from fazhi.pipeline.runs import new_run_id, progress
from tasks.load import Warehouse, WarehouseBusy

DASK_ADDRESS_ENV = "FAZHI_DASK_ADDRESS"
PROXY_ENV = "FAZHI_PROXY"

_held: set[str] = set()
_held_lock = threading.Lock()


@contextmanager
def exclusive_warehouse(db: str):
    """The warehouse for writing, by this run alone.

    Another process writing the file: DuckDB's file lock, turned into WarehouseBusy by Warehouse.
    Another flow run in this process (DuckDB lets one process open a file twice): refused here."""
    key = str(Path(db).resolve())
    with _held_lock:
        if key in _held:
            raise WarehouseBusy(f"{db}: another flow run in this process is writing this warehouse; "
                                "wait for it to finish")
        _held.add(key)
    try:
        with Warehouse(db) as warehouse:
            yield warehouse
    finally:
        with _held_lock:
            _held.discard(key)


class _NoTracebackForRefusals(logging.Filter):
    """A deployment run ends in Prefect's engine, which re-raises a Failed state's exception and logs
    it with its traceback ("Engine execution exited with unexpected exception"). For a refusal
    (a UserError, already logged in one line by refuse) that record is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, UserError)


logging.getLogger("prefect.flow_runs").addFilter(_NoTracebackForRefusals())


def refuse(exc: UserError) -> Failed:
    """End a flow run on a user error (busy warehouse, bad registry, missing archive) with its one
    line as the state message: no traceback in the log, and the caller gets the exception back."""
    if _from_deployment():   # local callers (fazhi run, tests) get the exception and print it themselves
        get_run_logger().error(f"fazhi: {exc}")
    return Failed(message=str(exc), data=exc)


def run_identity() -> tuple[str, dict]:
    """Our run id is the Prefect flow run id when there is a flow run; plus where it came from."""
    ctx = FlowRunContext.get()
    if ctx is None or ctx.flow_run is None:
        return new_run_id(), {}
    run = ctx.flow_run
    origin = {"prefect_flow_run": run.name}
    if run.deployment_id:
        origin["prefect_deployment_id"] = str(run.deployment_id)
    return str(run.id), origin


def _from_deployment() -> bool:
    ctx = FlowRunContext.get()
    return bool(ctx and ctx.flow_run and ctx.flow_run.deployment_id)


def say(message: str, level: str = "info") -> None:
    """A progress line. Local runs (fazhi run, tests): stderr, as fazhi.pipeline.progress.
    Deployment runs: the flow run's log, so it shows in the Prefect UI and in the serve process."""
    if _from_deployment():
        getattr(get_run_logger(), level)(message)
    else:
        progress(message)


def dask_address_for(dask_address: str | None) -> str | None:
    """The Dask scheduler to use, if any. Workers in other processes run Prefect tasks and report
    to the Prefect API, so they need a real server: Prefect's temporary one lives in this process."""
    address = dask_address or os.environ.get(DASK_ADDRESS_ENV) or None
    if address and not address.startswith("inproc://") and not PREFECT_API_URL.value():
        raise UserError(f"Dask cluster {address}: its workers need a Prefect server; set PREFECT_API_URL "
                        "for this run and for the workers (e.g. http://HOST:4200/api)")
    return address


@contextmanager
def stop_signals(cancelled: threading.Event):
    """SIGTERM and SIGINT (`timeout`, Ctrl-C, a cancel from Prefect, which sends SIGTERM) set
    `cancelled` instead of killing the run mid-write; a second signal stops at once. Yields a
    list that holds the signal's name once one came. Only the main thread can take signals:
    elsewhere (a flow run on a worker thread) this does nothing."""
    stopped_by: list[str] = []

    def on_signal(signum, _frame):
        if cancelled.is_set():                       # asked twice: the user means it
            raise KeyboardInterrupt
        stopped_by.append(signal.Signals(signum).name)
        cancelled.set()

    if threading.current_thread() is not threading.main_thread():
        yield stopped_by
        return
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stopped_by
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def abandon_threads(runner) -> None:
    """Leave a thread-pool runner's threads behind instead of joining them on exit: a portal
    thread waiting on a slow host (up to the read timeout, and retries) must not hold a
    stopped run. Prefect's ThreadPoolTaskRunner joins its executor on exit; we shut it down
    without waiting first. Dask runners need nothing: their workers are other processes."""
    executor = getattr(runner, "_executor", None)
    if executor is not None:
        executor.shutdown(wait=False, cancel_futures=True)
        runner._executor = None


def proxy_for(proxy: str | None) -> str | None:
    """The run's proxy: the parameter, else FAZHI_PROXY. Refused in one line when it is no http(s) URL."""
    proxy = proxy or os.environ.get(PROXY_ENV) or None
    if proxy and not re.match(r"^https?://[^/\s]+", proxy):
        raise UserError(f"proxy {proxy!r}: not an http(s) proxy URL such as http://10.0.0.2:3128")
    return proxy


def task_runner(dask_address: str | None, workers: int):
    """Threads by default; a Dask cluster (prefect-dask) when an address is given."""
    address = dask_address_for(dask_address)
    if address:
        from prefect_dask import DaskTaskRunner

        if os.environ.get("PREFECT_LOGGING_LEVEL", "INFO").upper() in ("WARNING", "ERROR", "CRITICAL"):
            logging.getLogger("distributed").setLevel(logging.WARNING)   # its connection chatter

        return DaskTaskRunner(address=address)
    return ThreadPoolTaskRunner(max_workers=max(1, workers))


def _cell(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{n} {k}" for k, n in sorted(value.items())) or "none"
    return "" if value is None else str(value)


def portal_table(summary: dict) -> list[dict]:
    return [{"portal": r["portal_id"], "candidates": r["candidates"], "reports": _cell(r["reports"]),
             "list_pages": r["list_pages"], "requests": r["requests"],
             "seconds": round(sum(r["seconds"].values()), 2), "status": r["status"], "reason": r["reason"]}
            for r in summary["portals"]]


def publish(key: str, markdown: str, table: list[dict], description: str) -> None:
    """The run summary as a markdown artifact `key` and a table artifact `key`-table."""
    create_markdown_artifact(key=key, markdown=markdown, description=description)
    create_table_artifact(key=f"{key}-table", table=table, description=description)


SNAPSHOT_DIR = "snapshot"


def publish_snapshot_of(db: str, summary: dict) -> None:
    """After a run that wrote something: a read-only copy of the public views beside the
    warehouse (data/snapshot/), which readers open while the next run writes. A snapshot that
    cannot be written is reported, never a reason to fail a run whose data is already stored."""
    out = Path(db).parent / SNAPSHOT_DIR
    try:
        publish_snapshot(db, out)
        summary["snapshot"] = str(out)
    except Exception as exc:  # noqa: BLE001 - reported, the run's own data is safe
        say(f"snapshot not written to {out}: {type(exc).__name__}: {exc}", level="warning")
