"""A run's id and the progress lines a user reads while it goes."""
from __future__ import annotations

import datetime as dt
import queue
import sys
import threading
import uuid

from fazhi.core import rules


def new_run_id() -> str:
    return dt.datetime.now().strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:6]


def progress(message: str) -> None:
    """What the user reads while a run goes: one line per step, on stderr."""
    print(message, file=sys.stderr, flush=True)


class RunChannel:
    """What the flow process and its portal threads share for one run: the cancel flag they
    all watch, and the queue reports go through to the one writer as soon as they are
    collected (so a portal that hangs, or a stopped run, keeps what it already has).
    Portals on Dask workers in other processes have no channel: their reports come back with
    the portal's haul."""

    def __init__(self):
        self.cancelled = threading.Event()
        # bounded: collectors that get ahead of the writer wait for it, holding no more pages
        self.collected: queue.Queue = queue.Queue(maxsize=rules.QUEUED_REPORTS_MAX)

    def hand_over(self, entry) -> bool:
        """Queue a collected report for the writer, waiting while the queue is full; False when
        the run was stopped and the queue stayed full (the writer has left)."""
        while True:
            try:
                self.collected.put(entry, timeout=0.5)
                return True
            except queue.Full:
                if self.cancelled.is_set():
                    return False


_CHANNELS: dict[str, RunChannel] = {}
_CHANNELS_LOCK = threading.Lock()


def open_channel(run_id: str) -> RunChannel:
    with _CHANNELS_LOCK:
        return _CHANNELS.setdefault(run_id, RunChannel())


def channel_for(run_id: str) -> RunChannel | None:
    """The run's channel in this process, if the run is driven from here."""
    with _CHANNELS_LOCK:
        return _CHANNELS.get(run_id)


def close_channel(run_id: str) -> None:
    with _CHANNELS_LOCK:
        _CHANNELS.pop(run_id, None)
