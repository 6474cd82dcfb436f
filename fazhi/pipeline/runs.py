"""A run's id and the progress lines a user reads while it goes."""
from __future__ import annotations

import datetime as dt
import sys
import uuid


def new_run_id() -> str:
    return dt.datetime.now().strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:6]


def progress(message: str) -> None:
    """What the user reads while a run goes: one line per step, on stderr."""
    print(message, file=sys.stderr, flush=True)
