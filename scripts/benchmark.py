"""Throughput of a crawl over many portals, and the cost of cleaning + extraction.

Serves a generated portal farm (bench.portal_farm, default 200 portals) from a child
process on loopback with an added latency per response, then runs the real
fazhi.pipeline.process_portal over every portal concurrently, the way the flow does
(a ThreadPoolExecutor sharing one Politeness: a per-host delay and a global cap on
requests in flight), into a throw-away warehouse and archive. It reports:

- wall time of the run vs the per-host bound (the busiest portal's requests x delay) vs
  the serial estimate (every portal's requests x delay, one portal after another);
- clean_html + extract_report time per report, over the fetched report pages and over the
  mirror's seed report pages / seed text files;
- peak memory (ru_maxrss) of the crawling process;
- OCR seconds per page: seed 003 as a scanned PDF, read by Tesseract (--no-ocr: skipped);
as a markdown table to paste into the README.

    .venv/bin/python scripts/benchmark.py                         # 200 portals, 30 ms, 0.5 s, cap 16
    .venv/bin/python scripts/benchmark.py --n 50 --latency 0.05 --delay 1.0
    .venv/bin/python scripts/benchmark.py --workers 8             # at most 8 portals at once, like the flow
    .venv/bin/python scripts/benchmark.py --no-warehouse          # the crawl without the DuckDB load
    .venv/bin/python scripts/benchmark.py --flow                  # the Prefect flow itself
    .venv/bin/python scripts/benchmark.py --incremental --n 3000  # first run, no-op re-run, 1% changed
    .venv/bin/python scripts/benchmark.py --startup               # the fixed cost before a run's first request
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from fazhi.core.archive import Archive  # noqa: E402
from fazhi.pipeline import parsing  # noqa: E402
from fazhi.pipeline.portal import RunContext, load_haul, process_portal  # noqa: E402
from fazhi.pipeline.runs import new_run_id  # noqa: E402
from fazhi.core.registry import load_registry  # noqa: E402
from tasks.clean import clean_html, clean_text  # noqa: E402
from fazhi.core.records import ReportContext  # noqa: E402
from tasks.extract import extract_report  # noqa: E402
from tasks.fetch import FetchSettings, Politeness  # noqa: E402
from fazhi.core.encoding import decode_body  # noqa: E402
from fazhi.farm import render  # noqa: E402
from fazhi.farm.mirror import SPECS as MIRROR_SPECS  # noqa: E402
from tasks.load import Warehouse  # noqa: E402


def start_farm(n: int, seed: int, latency: float, tmp: Path, *extra: str) -> tuple[subprocess.Popen, Path]:
    registry = tmp / "farm.toml"
    registry.unlink(missing_ok=True)
    proc = subprocess.Popen([sys.executable, "-m", "bench.portal_farm", "--n", str(n), "--seed", str(seed),
                             "--latency", str(latency), "--registry-out", str(registry), *extra],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not registry.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"benchmark: the portal farm did not start: {proc.stderr.read()}")
        time.sleep(0.1)
    return proc, registry


def process_cpu(proc: subprocess.Popen) -> float:
    """CPU seconds (user + system) a child process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_portals(portals, db: Path, archive: Path, delay: float, cap: int, workers: int):
    settings = FetchSettings(min_host_delay=delay, max_concurrency=cap)
    with Warehouse(db) as wh:
        wh.upsert_portals(portals)
        run_id = new_run_id()
        wh.start_run(run_id, "benchmark", {})
        ctx = RunContext(archive=Archive(archive), politeness=Politeness(delay, cap),
                         settings=settings, run_id=run_id, known=wh.known_fetches())
        cpu0, t0 = time.process_time(), time.monotonic()
        with ThreadPoolExecutor(max_workers=workers) as pool:   # collected on threads, loaded here, as the flow does
            outcomes = [load_haul(haul, wh) for haul in pool.map(lambda p: process_portal(p, ctx), portals)]
        wall, cpu = time.monotonic() - t0, time.process_time() - cpu0
        reports = wh.query("SELECT url, title FROM reports")
    return outcomes, wall, cpu, reports


def run_judged(portals, archive: Path, delay: float, cap: int, workers: int):
    """discover + fetch + clean + extract per portal (bench.evaluate.judge_portal), no warehouse."""
    from bench.evaluate import judge_portal

    ctx = RunContext(archive=Archive(archive), politeness=Politeness(delay, cap),
                     settings=FetchSettings(min_host_delay=delay, max_concurrency=cap), run_id="benchmark")
    cpu0, t0 = time.process_time(), time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = list(pool.map(lambda p: judge_portal(p, ctx), portals))
    wall, cpu = time.monotonic() - t0, time.process_time() - cpu0
    reports = [(u, j.title) for r in runs for u, j in r.judged.items() if j.taken]
    return runs, wall, cpu, reports


def run_flow(registry: Path, db: Path, archive: Path, delay: float, cap: int):
    from flows.annual_reports import annual_reports

    cpu0, t0 = time.process_time(), time.monotonic()
    annual_reports(registry=str(registry), db=str(db), archive=str(archive), min_host_delay=delay,
                   max_concurrency=cap)
    wall, cpu = time.monotonic() - t0, time.process_time() - cpu0
    with Warehouse(db) as wh:
        requests = dict(wh.query("SELECT portal_id, count(*) FROM fetches GROUP BY portal_id")) \
            if _has_table(wh, "fetches") else {}
        reports = wh.query("SELECT url, title FROM reports")
    return requests, wall, cpu, reports


def stop_farm(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _free_port_range(n: int) -> int:
    """A base port with n free ports after it (the farm restarts on the same ports)."""
    import random
    import socket

    for _ in range(50):
        base = random.randint(20000, 60000 - n)
        try:
            for port in range(base, base + n):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise SystemExit("benchmark: no free port range")


def run_incremental(args, tmp: Path) -> list[tuple[str, str]]:
    """The flow three times over one warehouse: a first run, a no-op re-run, and a re-run after
    1% of the portals gained a report (the farm restarted on the same ports, grown)."""
    from flows.annual_reports import annual_reports

    db, archive, base = tmp / "bench.duckdb", tmp / "archive", _free_port_range(args.n)
    runs = {}

    def flow(name):
        profiler = _profile(args.profile, name)
        t0, cpu0, farm0 = time.monotonic(), time.process_time(), process_cpu(proc)
        try:
            summary = annual_reports(registry=str(registry), db=str(db), archive=str(archive),
                                     min_host_delay=args.delay, max_concurrency=args.cap, portal_retries=0)
        finally:
            _stop_profile(profiler)
        runs[name] = (time.monotonic() - t0, time.process_time() - cpu0, summary, process_cpu(proc) - farm0)
        print(f"benchmark: {name} run {runs[name][0]:.1f} s", file=sys.stderr, flush=True)

    proc, registry = start_farm(args.n, args.seed, args.latency, tmp, "--base-port", str(base))
    try:
        flow("first")
        flow("no-op")
    finally:
        stop_farm(proc)
    proc, registry = start_farm(args.n, args.seed, args.latency, tmp, "--base-port", str(base), "--grow", "0.01")
    try:
        flow("1% changed")
    finally:
        stop_farm(proc)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    parsing_mb = [int(re.search(r"VmHWM:\s*(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1)) / 1024
                  for pid in parsing.worker_pids()]
    with Warehouse(db) as wh:
        bodies = dict(wh.query("""SELECT f.run_id, count(*) FROM fetches f JOIN report_versions r ON r.url = f.url
                                  WHERE f.status = 200 GROUP BY 1"""))
        sample = wh.query("""SELECT r.url, r.title, f.sha256, f.content_type FROM reports r JOIN fetches f
                             ON f.url = r.url AND f.status = 200 ORDER BY r.url LIMIT 500""")
    stored = Archive(archive)
    clean_extract_ms = time_clean_extract([(url, title, decode_body(stored.get(sha), ct)[0])
                                           for url, title, sha, ct in sample])
    from bench.portal_farm import PortalFarm
    grown = len(PortalFarm(args.n, args.seed, grown=0.01).grown)
    first_wall, _, first, _ = runs["first"]
    per_portal = [p["requests"] for p in first["portals"]]
    bound = max(per_portal) * args.delay
    rate_bound = sum(per_portal) * (args.latency + 0.002) / args.cap
    rows = [("run", f"the annual-reports flow, {args.n} portals on 127.0.0.1, +{args.latency * 1000:.0f} ms per "
                    f"response, min_host_delay {args.delay:g} s, one request per host, at most {args.cap} in flight")]
    for name, (wall, cpu, summary, farm_cpu) in runs.items():
        t = summary["totals"]
        made = ", ".join(f"{t[k]} {k[8:]}" for k in sorted(t) if k.startswith("reports_")) or "none"
        rows.append((f"**{name} run**", f"**{wall:.1f} s** ({wall / first_wall:.1%} of the first); {t['requests']} "
                                        f"requests, {t['downloaded_bytes'] // 1024} KiB, report pages downloaded "
                                        f"{bodies.get(summary['run_id'], 0)}; reports: {made}; CPU {cpu:.0f} s "
                                        f"(the farm serving it: {farm_cpu:.0f} s); "
                                        f"{'snapshot written' if summary.get('snapshot') else 'NO SNAPSHOT'}"))
    rows += [("politeness bound", f"{max(bound, rate_bound):.1f} s = max(busiest portal {max(per_portal)} requests x "
                                  f"{args.delay:g} s = {bound:.1f} s, {sum(per_portal)} requests x "
                                  f"{(args.latency + 0.002) * 1000:.0f} ms / {args.cap} in flight = {rate_bound:.1f} s)"),
             ("first run / politeness bound", f"{first_wall / max(bound, rate_bound):.2f}x"),
             ("portals that gained a report", str(grown)),
             ("clean + extract per report, after the runs, one thread (500 report pages)", stats(clean_extract_ms)),
             ("peak memory (ru_maxrss, the flow process)", f"{peak_mb:.0f} MB"),
             ("peak memory of the parsing processes (VmHWM)",
              " + ".join(f"{mb:.0f} MB" for mb in parsing_mb) or "none (parsed on the flow's threads)")]
    return rows


def _profile(directory: str | None, name: str) -> subprocess.Popen | None:
    """py-spy sampling the thread holding the GIL (where the Python CPU goes) into DIR/<run>.txt as
    collapsed stacks, while one run goes; None without --profile."""
    if not directory:
        return None
    Path(directory).mkdir(parents=True, exist_ok=True)
    out = Path(directory) / f"{name.replace('%', 'pct').replace(' ', '_')}.txt"
    spy = Path(sys.executable).with_name("py-spy")
    proc = subprocess.Popen([str(spy), "record", "--pid", str(os.getpid()), "--format", "raw", "--rate", "50", "--gil", "--nonblocking",
                             "--output", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)                      # attached before the run starts
    return proc


def _stop_profile(proc: subprocess.Popen | None) -> None:
    if proc is not None:
        proc.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        proc.wait(timeout=60)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(what: str, ready, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"benchmark: {what} ended before it was ready")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"benchmark: {what} not ready after {seconds:.0f} s")


def run_dask_first(args, tmp: Path) -> list[tuple[str, str]]:
    """The first run again, on a Dask cluster of worker processes as compose's dask profile runs
    it: a `prefect server`, `dask scheduler` and `dask worker --nworkers 2`, and `fazhi run
    --dask-address` in a process of its own (loading stays there, the one writer)."""
    import urllib.request

    tmp.mkdir(parents=True, exist_ok=True)
    bin_dir = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_LEVEL="WARNING", PYTHONPATH=str(ROOT),
               DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED="false")   # as compose runs its workers
    log = (tmp / "dask.log").open("w")
    procs = []
    farm, registry = start_farm(args.n, args.seed, args.latency, tmp)
    procs.append(farm)
    try:
        prefect_port, dask_port = _free_port(), _free_port()    # after the farm took its thousands of ports
        api = f"http://127.0.0.1:{prefect_port}/api"
        env["PREFECT_API_URL"] = api
        server = subprocess.Popen([str(bin_dir / "prefect"), "server", "start", "--host", "127.0.0.1", "--port",
                                   str(prefect_port), "--no-ui"], env=env, cwd=tmp, stdout=log, stderr=subprocess.STDOUT)
        procs.append(server)
        _wait_for("prefect server", lambda: urllib.request.urlopen(f"{api}/health", timeout=2).status == 200, server)
        procs.append(subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port",
                                       str(dask_port), "--dashboard-address", ":0"], env=env, stdout=log, stderr=subprocess.STDOUT))
        procs.append(subprocess.Popen([str(bin_dir / "dask"), "worker", f"tcp://127.0.0.1:{dask_port}", "--nworkers",
                                       "2", "--nthreads", str(args.dask_threads), "--no-dashboard"], env=env, cwd=ROOT,
                                      stdout=log, stderr=subprocess.STDOUT))
        from distributed import Client

        with Client(f"tcp://127.0.0.1:{dask_port}", timeout=60) as client:
            client.wait_for_workers(2, timeout=90)
        t0 = time.monotonic()
        run = subprocess.run([str(bin_dir / "fazhi"), "run", "--registry", str(registry), "--db",
                              str(tmp / "dask.duckdb"), "--archive", str(tmp / "dask-archive"), "--min-host-delay",
                              str(args.delay), "--dask-address", f"tcp://127.0.0.1:{dask_port}"],
                             env=env, cwd=ROOT, capture_output=True, text=True)
        wall = time.monotonic() - t0
    finally:
        for proc in reversed(procs):
            stop_farm(proc)
    if run.returncode not in (0,):
        raise SystemExit(f"benchmark: the Dask run failed ({run.returncode}): {run.stderr[-2000:]}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with Warehouse(tmp / "dask.duckdb") as wh:
        reports = wh.query("SELECT count(*) FROM reports")[0][0]
        requests = wh.query("SELECT count(*) FROM fetches")[0][0]
    return [("**first run on Dask**", f"**{wall:.1f} s** (`fazhi run --dask-address`: 2 worker processes x "
                                      f"{args.dask_threads} threads, a `prefect server`); {requests} requests, "
                                      f"{reports} reports"),
            ("peak memory of any one child process (ru_maxrss)", f"{peak_mb:.0f} MB")]


def startup_costs() -> list[tuple[str, str]]:
    """Where the seconds before a run's first request go, each in a fresh process."""
    def timed(code: str, env: dict | None = None) -> float:
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, **(env or {})}, timeout=300)
        if out.returncode:
            raise SystemExit(f"benchmark: start-up probe failed: {out.stderr[-500:]}")
        return float(out.stdout.strip().splitlines()[-1])

    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    interpreter = time.perf_counter() - t0
    imports = timed("import time; t = time.perf_counter(); import flows.annual_reports, fazhi.cli; "
                    "print(time.perf_counter() - t)")
    flow_code = ("import time; import flows.annual_reports; from prefect import flow\n"
                 "@flow\ndef nothing(): return 1\n"
                 "t = time.perf_counter(); nothing(); print(time.perf_counter() - t)")
    with tempfile.TemporaryDirectory() as home:
        cold = timed(flow_code, {"PREFECT_HOME": home})
        warm = timed(flow_code, {"PREFECT_HOME": home})
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        Warehouse(Path(d) / "w.duckdb").close()
        migrate = time.perf_counter() - t0
        t0 = time.perf_counter()
        Warehouse(Path(d) / "w.duckdb").close()
        reopen = time.perf_counter() - t0
    return [("Python start", f"{interpreter:.2f} s"),
            ("imports (flows, CLI: prefect, duckdb, requests …)", f"{imports:.1f} s"),
            ("Prefect's temporary server + a trivial flow, first time (new PREFECT_HOME)", f"{cold:.1f} s"),
            ("the same, PREFECT_HOME already set up", f"{warm:.1f} s"),
            ("warehouse: migrations + views + comments on a new file", f"{migrate:.2f} s"),
            ("warehouse: open an existing file (views and comments again)", f"{reopen:.2f} s")]


def _has_table(wh, name: str) -> bool:
    return bool(wh.query("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [name]))


def time_clean_extract(pages: list[tuple[str, str, str]], html: bool = True) -> list[float]:
    """ms per page for clean + extract (pages: (url, title, text))."""
    out = []
    for url, title, text in pages:
        t0 = time.perf_counter()
        cleaned = clean_html(text, url) if html else clean_text(text)
        extract_report(cleaned, ReportContext(url=url, list_title=title or None))
        out.append((time.perf_counter() - t0) * 1000)
    return out


def seed_pages() -> tuple[list, list]:
    """The mirror's four report pages (HTML, built from seeds 000–003) and the five seed texts."""
    html = []
    for spec in MIRROR_SPECS:
        item = spec.report_item
        pages, _ = render.routes(spec, {spec.id: "http://127.0.0.1"})
        html.append((f"mirror:{spec.id}", item.title, pages[item.path]().body.decode(spec.encoding)))
    texts = [(str(p), "", decode_body(p.read_bytes())[0]) for p in sorted((ROOT / "seeds" / "reports").glob("*.txt"))]
    return html, texts


def stats(ms: list[float]) -> str:
    if not ms:
        return "–"
    q = sorted(ms)
    p95 = q[min(len(q) - 1, int(0.95 * len(q)))]
    return f"{statistics.mean(ms):.0f} ms mean, {statistics.median(ms):.0f} median, {p95:.0f} p95 (n={len(ms)})"


def ocr_seconds_per_page() -> str:
    """Seconds a scanned page takes to read (render, deskew, binarise, Tesseract), in the
    reading worker as a crawl runs it."""
    from fazhi.core.documents.ocr import engine, missing_engine_reason
    from fazhi.evaluation.documents import score_format

    if engine() is None:
        return f"not measured: {missing_engine_reason()}"
    score, _text = score_format("003_1a326fd2bbbc3412.txt", "scanned_pdf")
    return (f"{score.seconds / score.pages:.1f} s a page ({score.pages} pages in {score.seconds:.1f} s; "
            f"character F1 {score.f1:.3f}, confidence {score.confidence:.2f}; {engine()})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200, help="portals (default 200)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--latency", type=float, default=0.03, help="added seconds per response (default 0.03)")
    ap.add_argument("--delay", type=float, default=0.5, help="min_host_delay in seconds (default 0.5)")
    ap.add_argument("--cap", type=int, default=16, help="global cap on requests in flight (default 16)")
    ap.add_argument("--workers", type=int, default=0, help="portals at once (default: all of them)")
    ap.add_argument("--flow", action="store_true", help="run the Prefect flow (its own 8 portal workers)")
    ap.add_argument("--incremental", action="store_true",
                    help="the flow three times: first run, no-op re-run, re-run after 1%% of portals gained a report")
    ap.add_argument("--dask", action="store_true",
                    help="the first run on a Dask cluster (scheduler + 2 worker processes) and a Prefect server")
    ap.add_argument("--dask-threads", type=int, default=100, help="threads per Dask worker process (default 100)")
    ap.add_argument("--profile", metavar="DIR",
                    help="with --incremental: py-spy samples each run into DIR/<run>.txt (collapsed stacks)")
    ap.add_argument("--startup", action="store_true", help="only the fixed start-up cost of a run, by part")
    ap.add_argument("--no-ocr", action="store_true", help="skip the OCR measure (seconds per scanned page)")
    ap.add_argument("--no-warehouse", action="store_true",
                    help="discover, fetch, clean and extract only (no DuckDB load): the crawl without the warehouse")
    args = ap.parse_args(argv)
    workers = args.workers or args.n
    machine = f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, Python {platform.python_version()}"
    if args.startup or args.incremental or args.dask:
        title = "Fixed start-up cost of a run" if args.startup else f"Incremental runs ({args.n} portals)" \
            if args.incremental else f"First run on a Dask cluster ({args.n} portals)"
        print(f"## {title}\n\n| measure | value |\n|---|---|\n| machine | {machine} |", flush=True)
        with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmpname:
            parts = [startup_costs] if args.startup else \
                ([lambda: run_incremental(args, Path(tmpname))] if args.incremental else []) + \
                ([lambda: run_dask_first(args, Path(tmpname) / "dask")] if args.dask else [])
            for part in parts:
                try:
                    rows = part()
                except SystemExit as exc:            # one part failing leaves the others' figures
                    rows = [("failed", str(exc))]
                for k, v in rows:
                    print(f"| {k} | {v} |", flush=True)
        return 0

    loaded: Counter = Counter()     # what the warehouse made of the reports (new, copy …)
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmpname:
        tmp = Path(tmpname)
        proc, registry = start_farm(args.n, args.seed, args.latency, tmp)
        try:
            portals = load_registry(registry)
            if args.flow:
                per_portal, wall, cpu, reports = run_flow(registry, tmp / "bench.duckdb", tmp / "archive",
                                                          args.delay, args.cap)
                requests = [per_portal.get(p.id, 0) for p in portals]      # robots.txt is a fetch too
                mode = "the annual-reports flow (ThreadPoolTaskRunner, 8 portal workers)"
            elif args.no_warehouse:
                runs, wall, cpu, reports = run_judged(portals, tmp / "archive", args.delay, args.cap, workers)
                requests = [r.requests for r in runs]
                mode = (f"discover + fetch + clean + extract (bench.evaluate.judge_portal, no warehouse) in a "
                        f"ThreadPoolExecutor ({workers} workers), one shared Politeness")
            else:
                outcomes, wall, cpu, reports = run_portals(portals, tmp / "bench.duckdb", tmp / "archive",
                                                           args.delay, args.cap, workers)
                requests = [o.requests for o in outcomes]
                failed = [o for o in outcomes if o.failed]
                for o in failed:
                    print(f"FAILED {o.portal_id}: {o.failed}", file=sys.stderr)
                loaded = Counter(k for o in outcomes for k, n in o.reports.items() for _ in range(n))
                mode = f"process_portal in a ThreadPoolExecutor ({workers} workers), one shared Politeness"
        finally:
            stop_farm(proc)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        archive = Archive(tmp / "archive")
        sha_of = {r["url"]: r["sha256"] for r in archive.records()}
        fetched = [(url, title, decode_body(archive.get(sha_of[url]))[0]) for url, title in reports if url in sha_of]

    crawled_ms = time_clean_extract(fetched)
    mirror_html, seed_texts = seed_pages()
    mirror_ms = time_clean_extract(mirror_html)
    seed_ms = time_clean_extract(seed_texts, html=False)
    total_req = sum(requests)
    busiest = max(requests)
    bound = busiest * args.delay
    serial = total_req * max(args.delay, args.latency)
    gap = args.delay
    cap_bound = total_req * (args.latency + 0.002) / args.cap
    rows = [
        ("machine", machine),
        ("run", f"{mode}; {args.n} portals on 127.0.0.1, +{args.latency * 1000:.0f} ms per response, "
                f"min_host_delay {gap:g} s, at most {args.cap} requests in flight"),
        ("requests", f"{total_req} in all; busiest portal {busiest}, median {statistics.median(requests):.0f}"),
        ("reports taken", f"{len(reports)}"
                          + (f" (loaded: {', '.join(f'{n} {k}' for k, n in sorted(loaded.items()))})" if loaded else "")),
        ("**wall time**", f"**{wall:.1f} s**"),
        ("per-host bound (busiest portal x delay)", f"{bound:.1f} s"),
        ("serial estimate (all requests x delay)", f"{serial:.0f} s ({serial / 60:.1f} min)"),
        ("wall / per-host bound", f"{wall / bound:.2f}x" if bound else "n/a (no per-host delay)"),
        ("serial / wall (speed-up)", f"{serial / wall:.0f}x" if serial else "n/a (no delay, no latency)"),
        ("CPU time of the crawling process", f"{cpu:.1f} s ({cpu / wall:.0%} of wall, of {os.cpu_count()} cores)"),
        ("clean + extract, crawled report pages", stats(crawled_ms)),
        ("clean + extract, mirror pages of seeds 000–003", stats(mirror_ms)),
        ("clean_text + extract, seed files 000–004", stats(seed_ms)),
        ("peak memory (ru_maxrss)", f"{peak_mb:.0f} MB"),
    ]
    if not args.no_ocr:
        rows.append(("OCR (Tesseract chi_sim), seed 003 as a scanned PDF", ocr_seconds_per_page()))
    print(f"## Crawl benchmark ({args.n} portals)\n")
    print("| measure | value |\n|---|---|")
    for k, v in rows:
        print(f"| {k} | {v} |")
    print(f"\n(global-cap bound, all requests x latency / cap: {cap_bound:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
