"""The flows on the real Prefect engine (throw-away PREFECT_HOME, no server) against the mirror:
Dask task runner on a local cluster, backfill over a range of years, reprocess from the archive,
run records and artifacts, and one writer per warehouse."""
from __future__ import annotations

import json
import pickle
import subprocess
import sys
import time

import duckdb
import pytest

from fazhi.core.errors import UserError
from fazhi.farm.mirror import TRUTH
from flows.annual_reports import annual_reports, backfill
from flows.common import exclusive_warehouse
from flows.reprocess import reprocess
from tasks.load import WarehouseBusy


def _rows(db, sql, params=None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _artifacts(flow_run_id: str) -> set[tuple[str, str]]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    return {(a.key, a.type) for a in found}


@pytest.fixture(scope="module")
def dask_cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        yield cluster


def test_dask_runner_collects_on_workers_and_loads_in_the_flow(mirror, tmp_path, dask_cluster, capsys):
    registry = tmp_path / "portals.toml"
    registry.write_text(mirror.registry_toml(), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    started = time.monotonic()
    summary = annual_reports(registry=str(registry), db=str(db), archive=str(tmp_path / "a"), min_host_delay=0.0,
                             dask_address=dask_cluster.scheduler_address)
    print(f"dask run: {time.monotonic() - started:.1f} s, flow {summary['totals']['seconds']} s", file=sys.stderr)
    assert summary["status"] == "completed" and summary["totals"]["reports_new"] == 4
    assert "DaskTaskRunner" in capsys.readouterr().err
    run_id = summary["run_id"]
    assert _rows(db, "SELECT DISTINCT run_id FROM report_versions") == [(run_id,)]
    assert _rows(db, "SELECT count(*) FROM candidate_links WHERE run_id = ?", [run_id])[0][0] == \
        sum(len(t.items) for t in TRUTH.values())
    assert _rows(db, "SELECT flow, status FROM runs WHERE run_id = ?", [run_id]) == [("annual-reports", "completed")]
    assert _artifacts(run_id) == {("annual-reports-summary", "markdown"), ("annual-reports-summary-table", "table")}


def test_dask_cluster_in_other_processes_needs_a_prefect_server(tmp_path, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with pytest.raises(UserError, match="workers need a Prefect server; set PREFECT_API_URL"):
        annual_reports(registry="seeds/mirror/portals.toml", db=str(tmp_path / "w.duckdb"),
                       archive=str(tmp_path / "a"), dask_address="tcp://127.0.0.1:8786")
    assert not (tmp_path / "w.duckdb").exists()


def test_portal_haul_crosses_process_boundaries(mirror, tmp_path):
    """What a Dask worker in another process sends back must pickle (the Warehouse never travels)."""
    from fazhi.pipeline.portal import PortalJob, collect_portal
    from fazhi.core.registry import load_registry
    from tasks.fetch import FetchSettings

    registry = tmp_path / "portals.toml"
    registry.write_text(mirror.registry_toml(), encoding="utf-8")
    portal = load_registry(str(registry))[0]
    job = pickle.loads(pickle.dumps(PortalJob(str(tmp_path / "a"), FetchSettings(min_host_delay=0.0), "r1")))
    haul = pickle.loads(pickle.dumps(collect_portal(portal, job)))
    assert len(haul.reports) == 1 and haul.candidates and haul.fetches and not haul.outcome.failed


@pytest.fixture(scope="module")
def backfilled(mirror, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("backfill")
    registry = tmp / "portals.toml"
    registry.write_text(mirror.registry_toml(), encoding="utf-8")
    db, archive = tmp / "w.duckdb", tmp / "a"
    summary = backfill(first_year=2023, last_year=2024, registry=str(registry), db=str(db), archive=str(archive),
                       min_host_delay=0.0)
    return {"db": db, "archive": archive, "summary": summary, "registry": registry}


def test_backfill_takes_a_range_of_years(backfilled):
    db, summary = backfilled["db"], backfilled["summary"]
    want = sorted(p for p, t in TRUTH.items() if 2023 <= t.report.report_year <= 2024)
    assert [p for (p,) in _rows(db, "SELECT portal_id FROM reports ORDER BY 1")] == want
    assert "hz-xiacheng" not in want    # its report is for 2020
    (flow, status, parameters) = _rows(db, "SELECT flow, status, parameters FROM runs WHERE run_id = ?",
                                       [summary["run_id"]])[0]
    assert (flow, status) == ("backfill", "completed")
    assert json.loads(parameters)["first_year"] == 2023 and json.loads(parameters)["last_year"] == 2024
    assert ("backfill-summary-table", "table") in _artifacts(summary["run_id"])


def test_reprocess_flow_rederives_from_the_archive(backfilled, mirror):
    db = backfilled["db"]
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM indicator_values")
    mirror.requests.clear()
    summary = reprocess(db=str(db), archive=str(backfilled["archive"]))
    assert not list(mirror.requests)                     # no network
    reports = len(_rows(db, "SELECT * FROM reports"))
    assert summary["counts"] == {"reprocessed": reports}
    assert _rows(db, "SELECT count(DISTINCT report_id) FROM indicators")[0][0] == reports
    assert _rows(db, "SELECT DISTINCT run_id FROM indicator_values") == [(summary["run_id"],)]
    assert _rows(db, "SELECT flow, status FROM runs WHERE run_id = ?", [summary["run_id"]]) == [("reprocess", "completed")]
    assert _artifacts(summary["run_id"]) == {("reprocess-summary", "markdown"), ("reprocess-summary-table", "table")}


def test_second_writer_in_this_process_is_refused(backfilled):
    before = _rows(backfilled["db"], "SELECT count(*) FROM runs")
    with exclusive_warehouse(str(backfilled["db"])):
        with pytest.raises(WarehouseBusy, match="another flow run in this process is writing"):
            annual_reports(registry=str(backfilled["registry"]), db=str(backfilled["db"]),
                           archive=str(backfilled["archive"]), min_host_delay=0.0)
        state = reprocess(db=str(backfilled["db"]), archive=str(backfilled["archive"]), return_state=True)
        assert state.is_failed() and "is writing this warehouse" in state.message
    assert _rows(backfilled["db"], "SELECT count(*) FROM runs") == before


def test_second_writer_process_gets_one_line(backfilled, tmp_path):
    """`fazhi run` while a flow run in another process writes: one line on stderr, exit 2."""
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(backfilled['db'])!r}); "
                               "print('ok', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        result = subprocess.run([sys.executable, "-m", "fazhi.cli", "run", "--registry", str(backfilled["registry"]),
                                 "--db", str(backfilled["db"]), "--archive", str(backfilled["archive"])],
                                capture_output=True, text=True, timeout=120)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "another process" in result.stderr and "is writing this warehouse" in result.stderr


def test_a_portal_failing_for_a_passing_reason_is_tried_again_later(tmp_path, resetting_server, capsys):
    registry = tmp_path / "portals.toml"
    registry.write_text(f'''[[portal]]
id = "resets"
name = "会断开的门户"
admin_code = "330205"
province = "浙江省"
city = "宁波市"
county = "江北区"
start_urls = ["http://{resetting_server.host}/col/col1/index.html"]
''', encoding="utf-8")
    summary = annual_reports(registry=str(registry), db=str(tmp_path / "w.duckdb"), archive=str(tmp_path / "a"),
                             min_host_delay=0.0, portal_retries=1, retry_delay=0.2)
    err = capsys.readouterr().err
    assert "resets: list page" in err and "trying again later (retry 1/1)" in err and summary["status"] == "failed"
    # robots.txt and the list page, each with the fetcher's own attempts, in two portal runs
    assert len(resetting_server.connections) >= 2 * 2
    assert "connection failed" in summary["portals"][0]["failed"]
