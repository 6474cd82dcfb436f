"""A run can be stopped (issue 15): SIGTERM to `fazhi run` while one portal waits on a slow
host ends the process within 10 s, with exit status 143, the run recorded as cancelled, and the
reports collected before the signal kept in the warehouse, and no process of it left behind."""
from __future__ import annotations

import dataclasses
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb

from fazhi.core.paths import SEED_REPORTS_DIR
from fazhi.farm.running import Farm
from fazhi.farm.spec import load_specs

TRADITIONAL = Path(__file__).parent / "farm" / "traditional.toml"


def _lines(stream, out: queue.Queue) -> None:
    for line in stream:
        out.put(line)


def _children(pid: int) -> list[int]:
    """The processes whose parent is pid (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            pass
    return found


def test_sigterm_stops_a_run_waiting_on_a_slow_host(tmp_path):
    (quick,) = load_specs(TRADITIONAL, SEED_REPORTS_DIR)
    slow = dataclasses.replace(quick, id="farm-slow", items=list(quick.items))
    db = tmp_path / "w.duckdb"
    with Farm([quick]).start() as fast_farm, Farm([slow], latency=120.0).start() as slow_farm:
        registry = tmp_path / "portals.toml"
        registry.write_text(fast_farm.registry_toml() + slow_farm.registry_toml().split("\n", 1)[1], encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "fazhi.cli", "run", "--registry", str(registry), "--db", str(db),
                                 "--archive", str(tmp_path / "a"), "--min-host-delay", "0"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_lines, args=(proc.stderr, lines), daemon=True).start()
        seen, deadline = [], time.monotonic() + 240
        while not any("farm-big5" in line and "3 new" in line for line in seen):   # the quick portal is loaded
            assert time.monotonic() < deadline and proc.poll() is None, "".join(seen)
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                pass
        assert slow_farm.requests.total >= 1       # the slow portal is waiting on its host
        helpers = _children(proc.pid)              # its parsing process, its temporary Prefect server
        asked = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        took = time.monotonic() - asked
    gone = time.monotonic() + 5
    while any(Path(f"/proc/{pid}").exists() for pid in helpers) and time.monotonic() < gone:
        time.sleep(0.2)
    assert helpers and not [pid for pid in helpers if Path(f"/proc/{pid}").exists()], "a process outlived the run"
    time.sleep(0.5)               # the reader thread takes the last lines
    while not lines.empty():
        seen.append(lines.get())
    stderr, stdout = "".join(seen), proc.stdout.read()
    assert took <= 10, (took, stderr)
    assert proc.returncode == 143, stderr
    assert "cancelled by SIGTERM" in stderr and "Traceback" not in stderr
    assert "Portals by status: 1 cancelled, 1 ok" in stdout
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status FROM runs").fetchall() == [("cancelled",)]
        assert con.execute("SELECT count(*) FROM reports WHERE portal_id = 'farm-big5'").fetchone()[0] == 3
        assert dict(con.execute("SELECT portal_id, status FROM portal_status").fetchall()) == \
            {"farm-big5": "ok", "farm-slow": "cancelled"}
