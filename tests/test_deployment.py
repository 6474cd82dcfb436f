"""The deployed stack, as docker-compose.yml runs it, started here as plain processes:
`prefect server start` (SQLite in a throw-away PREFECT_HOME, a free port), our serve process
(`python -m flows.deployments`), deployment runs triggered with `prefect deployment run`
against the offline mirror, and the rows they loaded checked in DuckDB. Nothing leaves loopback."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import requests

from fazhi.core.paths import REPO_ROOT
from fazhi.farm.mirror import TRUTH

BIN = Path(sys.executable).parent
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(what: str, check, timeout: float, proc: subprocess.Popen | None = None, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"{what}: process exited with {proc.returncode}\n{log.read_text()[-3000:] if log else ''}")
        try:
            result = check()
            if result:
                return result
        except requests.RequestException:
            pass
        time.sleep(0.5)
    pytest.fail(f"{what}: not within {timeout} s\n{log.read_text()[-3000:] if log else ''}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


@pytest.fixture(scope="module")
def stack(mirror, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stack")
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    registry = tmp / "mirror-portals.toml"
    registry.write_text(mirror.registry_toml(), encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    base.update(PREFECT_HOME=str(tmp / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
                PREFECT_LOGGING_LEVEL="WARNING")
    server_log, serve_log = tmp / "server.log", tmp / "serve.log"
    procs = []
    try:
        t0 = time.monotonic()
        server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port),
                                   "--no-ui"], env=base, cwd=tmp, stdout=server_log.open("w"),
                                  stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(server)
        _wait("prefect server", lambda: requests.get(f"{api}/health", timeout=2).ok, 90, server, server_log)
        server_seconds = time.monotonic() - t0
        client_env = {**base, "PREFECT_API_URL": api}
        serve_env = {**{k: v for k, v in client_env.items() if k != "PREFECT_LOGGING_LEVEL"}, "FAZHI_DB": str(tmp / "fazhi.duckdb"), "FAZHI_ARCHIVE": str(tmp / "archive"),
                     "FAZHI_REGISTRY": str(registry), "FAZHI_MIN_HOST_DELAY": "0"}
        t1 = time.monotonic()
        serve = subprocess.Popen([sys.executable, "-m", "flows.deployments"], env=serve_env, cwd=REPO_ROOT,
                                 stdout=serve_log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(serve)
        for name in ("annual-reports/yearly", "annual-reports/catch-up", "backfill/manual", "reprocess/manual"):
            _wait(f"deployment {name}", lambda: requests.get(f"{api}/deployments/name/{name}", timeout=2).ok,
                  60, serve, serve_log)
        yield {"api": api, "env": client_env, "db": str(tmp / "fazhi.duckdb"), "serve_log": serve_log,
               "server_seconds": round(server_seconds, 1), "serve_seconds": round(time.monotonic() - t1, 1)}
    finally:
        for proc in reversed(procs):
            _stop(proc)


def _run_deployment(stack, name: str, *params: str) -> str:
    args = [str(BIN / "prefect"), "deployment", "run", name]
    for p in params:
        args += ["--param", p]
    result = subprocess.run(args, env=stack["env"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    return re.search(r"UUID: ([0-9a-f-]{36})", result.stdout).group(1)


def _wait_run(stack, flow_run_id: str, timeout: float = 90) -> dict:
    def done():
        run = requests.get(f"{stack['api']}/flow_runs/{flow_run_id}", timeout=5).json()
        return run if run["state"]["type"] in TERMINAL else None
    return _wait(f"flow run {flow_run_id}", done, timeout, log=stack["serve_log"])


def _logs(stack, flow_run_id: str, expect: str) -> str:
    """The flow run's log lines in the API (they arrive in batches, shortly after the state)."""
    def text():
        logs = requests.post(f"{stack['api']}/logs/filter", timeout=5,
                             json={"logs": {"flow_run_id": {"any_": [flow_run_id]}}}).json()
        joined = "\n".join(log["message"] for log in logs)
        return joined if expect in joined else None
    return _wait(f"logs of {flow_run_id}", text, 20, log=stack["serve_log"])


def _rows(db, sql, params=None):
    with duckdb.connect(db, read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_deployments_are_scheduled_in_shanghai_time(stack):
    yearly = requests.get(f"{stack['api']}/deployments/name/annual-reports/yearly", timeout=5).json()
    (schedule,) = yearly["schedules"]
    assert schedule["schedule"]["cron"] == "0 6 2,9,16,23 4 *"
    assert schedule["schedule"]["timezone"] == "Asia/Shanghai"
    assert yearly["parameters"]["recent_years"] == 1 and yearly["parameters"]["db"] == stack["db"]
    catch_up = requests.get(f"{stack['api']}/deployments/name/annual-reports/catch-up", timeout=5).json()
    assert catch_up["schedules"][0]["schedule"]["cron"] == "0 6 1 5-9 *"


def test_triggered_run_loads_the_mirror_with_its_flow_run_id(stack):
    t0 = time.monotonic()
    flow_run_id = _run_deployment(stack, "annual-reports/yearly", "year=2023",
                                  'portals=["nb-jiangbei", "hh-hecheng"]')
    run = _wait_run(stack, flow_run_id)
    seconds = time.monotonic() - t0
    assert run["state"]["type"] == "COMPLETED", run["state"]
    assert run["parameters"]["year"] == 2023
    reports = _rows(stack["db"], "SELECT portal_id, report_year, run_id FROM report_versions ORDER BY portal_id")
    assert reports == [("hh-hecheng", TRUTH["hh-hecheng"].report.report_year, flow_run_id),
                       ("nb-jiangbei", TRUTH["nb-jiangbei"].report.report_year, flow_run_id)]
    (record,) = _rows(stack["db"], "SELECT flow, status, parameters, counts FROM runs WHERE run_id = ?", [flow_run_id])
    assert record[:2] == ("annual-reports", "completed")
    assert json.loads(record[2])["portals"] == ["nb-jiangbei", "hh-hecheng"]
    assert json.loads(record[3])["reports_new"] == 2
    assert _rows(stack["db"], "SELECT count(*) FROM candidate_links WHERE run_id <> ?", [flow_run_id]) == [(0,)]
    artifacts = requests.post(f"{stack['api']}/artifacts/filter", timeout=5,
                              json={"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}}).json()
    assert {(a["key"], a["type"]) for a in artifacts} == {("annual-reports-summary", "markdown"),
                                                         ("annual-reports-summary-table", "table")}
    progress = _logs(stack, flow_run_id, "[2/2]")
    assert "Collecting from 2 portal(s)" in progress and "1 new" in progress
    print(f"\nserver start {stack['server_seconds']} s, serve start {stack['serve_seconds']} s, "
          f"triggered run {seconds:.1f} s")


def test_run_refused_while_another_process_writes(stack, tmp_path):
    """A run that finds the warehouse busy fails with the one-line reason, not a traceback."""
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({stack['db']!r}); "
                               "print('ok', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        flow_run_id = _run_deployment(stack, "reprocess/manual")
        run = _wait_run(stack, flow_run_id)
    finally:
        holder.kill()
        holder.wait()
    assert run["state"]["type"] == "FAILED"
    assert "is writing this warehouse" in run["state"]["message"]
    assert "Traceback" not in _logs(stack, flow_run_id, "is writing this warehouse")


def test_a_run_on_a_dask_cluster_of_worker_processes(stack, mirror, tmp_path):
    """As compose's dask profile runs it: `dask scheduler` and `dask worker --nworkers 2` as
    separate processes reporting to the Prefect server; `fazhi run --dask-address` sends the
    portal tasks there and loads in its own process, the one writer."""
    port = _free_port()
    log = tmp_path / "dask.log"
    env = {**stack["env"], "PYTHONPATH": str(REPO_ROOT), "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "false"}
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--dashboard-address", ":0"], env=env, cwd=tmp_path, stdout=log.open("w"),
                              stderr=subprocess.STDOUT, start_new_session=True)]
    try:
        procs.append(subprocess.Popen([str(BIN / "dask"), "worker", f"tcp://127.0.0.1:{port}", "--nworkers", "2",
                                       "--nthreads", "2", "--no-dashboard"], env=env, cwd=tmp_path,
                                      stdout=(tmp_path / "workers.log").open("w"), stderr=subprocess.STDOUT,
                                      start_new_session=True))
        from distributed import Client

        with Client(f"tcp://127.0.0.1:{port}", timeout=60) as client:
            client.wait_for_workers(2, timeout=90)
            worker_pids = set(client.run(os.getpid).values())
        registry = tmp_path / "mirror.toml"
        registry.write_text(mirror.registry_toml(), encoding="utf-8")
        db = tmp_path / "w.duckdb"
        run = subprocess.run([sys.executable, "-m", "fazhi.cli", "run", "--registry", str(registry), "--db", str(db),
                              "--archive", str(tmp_path / "a"), "--min-host-delay", "0",
                              "--dask-address", f"tcp://127.0.0.1:{port}"],
                             env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "DaskTaskRunner" in run.stderr and len(worker_pids) == 2 and os.getpid() not in worker_pids
        with duckdb.connect(str(db), read_only=True) as con:
            (run_id,) = con.execute("SELECT run_id FROM runs WHERE status = 'completed'").fetchone()
            assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == len(TRUTH)
        tasks = requests.post(f"{stack['api']}/task_runs/filter", timeout=10,
                              json={"flow_runs": {"id": {"any_": [run_id]}}}).json()
        assert len(tasks) == len(TRUTH) and {t["state"]["type"] for t in tasks} == {"COMPLETED"}
    finally:
        for proc in reversed(procs):
            _stop(proc)


def test_compose_file_validates_with_debians_docker_compose():
    """docker-compose.yml, with its Dask profile, as Debian's docker-compose (1.29) reads it;
    `make test` installs it when run as root."""
    if not shutil.which("docker-compose"):
        pytest.skip("docker-compose is not installed (make test installs Debian's package when run as root)")
    run = subprocess.run(["docker-compose", "-f", str(REPO_ROOT / "docker-compose.yml"), "--profile", "dask",
                          "--profile", "demo", "config"], capture_output=True, text=True, cwd=REPO_ROOT)
    assert run.returncode == 0, run.stderr
    services = subprocess.run(["docker-compose", "--profile", "dask", "--profile", "demo", "config", "--services"],
                              capture_output=True, text=True, cwd=REPO_ROOT).stdout.split()
    assert set(services) == {"postgres", "prefect-server", "fazhi", "mirror", "dask-scheduler", "dask-worker"}
    assert "dockerfile: Dockerfile" in run.stdout and (REPO_ROOT / "Dockerfile").is_file()
