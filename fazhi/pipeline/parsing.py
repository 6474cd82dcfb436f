"""Cleaning and extraction on a core of their own.

A run collects portals on threads of one process, and threads share one interpreter lock:
a first run over thousands of portals is bound by that process's CPU, about two fifths of it
cleaning and extracting report pages. Those are pure functions of text, so they run in
worker processes (rules.PARSING_PROCESSES) while the run's own process fetches, discovers
and loads; a page that kills its parsing process costs that page, not the run. Where worker
processes cannot be had (none asked for, a Dask worker's daemon process) they run here on at
most rules.PARSING_SLOTS threads at once.
"""
from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, TypeVar

from fazhi.core import rules
from fazhi.core.errors import UnparsablePage

log = logging.getLogger(__name__)
T = TypeVar("T")

_SLOTS = threading.BoundedSemaphore(rules.PARSING_SLOTS)
_LOCK = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_pid: int | None = None          # the process that started the pool (a fork must not share it)
_unavailable: str | None = None       # why this process parses on its own threads, if it does


def processes() -> int:
    """Worker processes to parse in: FAZHI_PARSING_PROCESSES, else rules.PARSING_PROCESSES."""
    raw = os.environ.get("FAZHI_PARSING_PROCESSES", "").strip()
    return int(raw) if raw.isdigit() else rules.PARSING_PROCESSES


def _get_pool() -> ProcessPoolExecutor | None:
    global _pool, _pool_pid, _unavailable
    with _LOCK:
        if _pool is not None and _pool_pid == os.getpid():
            return _pool
        if _unavailable is not None:
            return None
        if processes() <= 0:
            _unavailable = "no parsing processes asked for"
        elif multiprocessing.current_process().daemon:
            _unavailable = "a daemon process (a Dask worker) cannot start processes"
        else:
            # spawn: forking a process whose threads hold locks can deadlock the child
            _pool = ProcessPoolExecutor(processes(), mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_leave_with_parent, initargs=(os.getpid(),))
            _pool_pid = os.getpid()
            return _pool
        log.info("parsing on this process's threads: %s", _unavailable)
        return None


def _leave_with_parent(parent: int) -> None:
    """In a parsing process: exit when the run's process is gone (killed, or ended at once by a
    stop), rather than wait on its queue for ever."""
    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="fazhi-parent-watch", daemon=True).start()


def parse(fn: Callable[..., T], *args) -> T:
    """fn(*args) in a parsing process (fn and its arguments must pickle), or here when there is
    none. A page that kills the parsing process is tried once more in a new one (a page queued
    behind it breaks with it); killing that too, it raises UnparsablePage, and is never parsed
    in the run's own process."""
    broke = None
    for _attempt in range(2):
        pool = _get_pool()
        if pool is None:
            with _SLOTS:
                return fn(*args)
        try:
            return pool.submit(fn, *args).result()
        except BrokenProcessPool as exc:
            broke = exc
            _drop(pool)
    raise UnparsablePage(f"the process parsing it died ({broke})")


def _drop(pool: ProcessPoolExecutor) -> None:
    """Forget a broken pool; the next parse starts a new one."""
    global _pool
    with _LOCK:
        if _pool is pool:
            _pool = None
            log.warning("a parsing process died; starting a new one")
    pool.shutdown(wait=False, cancel_futures=True)


def worker_pids() -> list[int]:
    """The parsing processes running now (for a benchmark to read their memory)."""
    with _LOCK:
        return list(getattr(_pool, "_processes", None) or {}) if _pool_pid == os.getpid() else []


def stop_now() -> None:
    """End the parsing processes at once (a stopped run does not wait for a page being parsed)."""
    for pid in worker_pids():
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


def shutdown() -> None:
    """Stop the parsing processes (at exit; a later parse starts them again)."""
    global _pool
    with _LOCK:
        pool, _pool = _pool, None
    if pool is not None and _pool_pid == os.getpid():
        pool.shutdown(wait=True, cancel_futures=True)


atexit.register(shutdown)
