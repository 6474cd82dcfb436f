"""Cleaning and extraction in worker processes (fazhi.pipeline.parsing): the same facts as on
the run's own threads, a worker that dies costs one page, and no worker where none can be had.
Each case runs in a fresh interpreter: the pool belongs to a process."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from fazhi.core.paths import REPO_ROOT, SEEDS_DIR


def _python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=180, env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **env})


def test_a_report_parsed_in_a_worker_process_equals_one_parsed_here():
    seed = SEEDS_DIR / "references" / "html" / "unknown-cms.html"    # a report page, three indicators
    out = _python(f"""
        import os, pathlib
        from fazhi.pipeline import parsing
        from fazhi.core.records import ReportContext
        from tasks.clean import clean_html
        from tasks.extract import extract_report
        html = pathlib.Path({str(seed)!r}).read_text(encoding="utf-8")
        ctx = ReportContext(url="https://example.gov.cn/r.html", portal_id="p", admin_code="330205",
                            admin_name="江北区", city="宁波市", province="浙江省", level="government")
        there = parsing.parse(extract_report, parsing.parse(clean_html, html, ctx.url), ctx)
        here = extract_report(clean_html(html, ctx.url), ctx)
        assert parsing.parse(os.getpid) != os.getpid(), "parsed in this process"
        assert there == here
        assert there.indicators, "a seed report has indicators"
        print("same", len(there.indicators))
    """)
    assert out.returncode == 0 and out.stdout.startswith("same"), out.stderr


def test_a_page_that_kills_its_worker_costs_that_page_only():
    out = _python("""
        import os
        from fazhi.core.errors import UnparsablePage
        from fazhi.pipeline import parsing
        try:
            parsing.parse(os._exit, 3)          # the worker dies, twice: never run here
        except UnparsablePage as exc:
            print("unparsable:", exc)
        assert parsing.parse(os.getpid) != os.getpid()   # a new worker for the next page
        print("next page parsed")
    """)
    assert out.returncode == 0, out.stderr
    assert "unparsable: the process parsing it died" in out.stdout and "next page parsed" in out.stdout


def test_no_worker_processes_when_none_are_asked_for():
    out = _python("""
        import os
        from fazhi.pipeline import parsing
        assert parsing.parse(os.getpid) == os.getpid()
        print("here")
    """, FAZHI_PARSING_PROCESSES="0")
    assert out.returncode == 0 and "here" in out.stdout, out.stderr


def test_a_worker_leaves_when_the_run_process_is_gone():
    out = _python("""
        import os
        from fazhi.pipeline import parsing
        print(parsing.parse(os.getpid), flush=True)
        os._exit(0)                               # no shutdown: as if killed
    """)
    worker = int(out.stdout.split()[0])
    deadline = time.monotonic() + 10
    while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(f"/proc/{worker}").exists(), "the parsing process outlived the run's process"
