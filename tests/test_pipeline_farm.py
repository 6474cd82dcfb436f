"""The real flow over the test farm: every adapter, attachments, robots, redirects, a flaky
server; then a second run that downloads no report again, and a reprocess from the archive."""
from __future__ import annotations

from urllib.parse import urlsplit

import duckdb
import pytest

from fazhi.core.archive import Archive
from farm import start_test_farm
from farm import FARM_TRUTH
from fazhi.pipeline.runs import new_run_id
from fazhi.pipeline.reprocess import reprocess_archive
from flows.annual_reports import annual_reports
from tasks.load import Warehouse


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("farm")
    with start_test_farm() as farm:
        registry = tmp / "farm.toml"
        registry.write_text(farm.registry_toml(), encoding="utf-8")
        db, archive = str(tmp / "w.duckdb"), str(tmp / "archive")
        farm.reset_flaky()
        farm.requests.clear()
        first = annual_reports(registry=str(registry), db=db, archive=archive, min_host_delay=0.0)
        first_requests = list(farm.requests)
        farm.requests.clear()
        second = annual_reports(registry=str(registry), db=db, archive=archive, min_host_delay=0.0)
        second_requests = list(farm.requests)
        farm.requests.clear()
        farm.reset_flaky()
        third = annual_reports(registry=str(registry), db=db, archive=archive, min_host_delay=0.0, revalidate=True)
        third_requests = list(farm.requests)
        start_paths = {urlsplit(farm.start_url(site)).path for site in FARM_TRUTH}
    return {"db": db, "archive": archive, "first": first, "second": second, "third": third,
            "first_requests": first_requests, "second_requests": second_requests, "third_requests": third_requests,
            "start_paths": start_paths}


def _rows(db, sql):
    with duckdb.connect(db, read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_readable_report_with_its_text(runs):
    stored = {(p, y): body for p, y, body in _rows(runs["db"], "SELECT portal_id, report_year, body_text FROM reports")}
    expected = {(site, r.report_year): r for site, t in FARM_TRUTH.items() for r in t.reports if r.readable}
    assert set(stored) == set(expected)
    for key, report in expected.items():
        assert stored[key].split("\n") == list(report.body), key


def test_attachments_used_and_unreadable_recorded(runs):
    rows = dict(_rows(runs["db"], "SELECT file_type, status || ': ' || coalesce(reason, '') FROM attachments"))
    assert rows["pdf"].startswith("used") and rows["docx"].startswith("used")
    assert rows["doc"].startswith("unreadable") and "cannot be read" in rows["doc"]
    methods = {m for (m,) in _rows(runs["db"], "SELECT clean_method FROM report_versions")}
    assert {"attachment:pdf", "attachment:docx"} <= methods


def test_polite_refusals_are_recorded_not_followed(runs):
    generic = next(p for p in runs["first"]["portals"] if p["portal_id"] == "farm-generic")
    errors = " ".join(generic["errors"])
    assert "robots.txt" in errors and "redirects to" in errors and not generic["failed"]
    assert not [r for r in runs["first_requests"] if r.site == "farm-elsewhere"]
    blocked = [i.path for i in FARM_TRUTH["farm-generic"].items if i.role == "robots"]
    assert not [r for r in runs["first_requests"] if r.path in blocked]


def test_flaky_server_retried(runs):
    flaky = FARM_TRUTH["farm-flaky"]
    hits = [r for r in runs["first_requests"] if r.site == "farm-flaky" and r.path == flaky.flaky_paths[0]]
    assert len(hits) == flaky.flaky_failures + 1


def test_second_run_requests_only_first_list_pages(runs):
    """Incremental by default: the second run asks each column for its first page (with its
    validators), sees nothing new there, and asks for no report page or attachment."""
    second = runs["second"]["totals"]
    assert second.get("reports_known") == 6 and not second.get("reports_new") and not second.get("reports_unchanged")
    asked = {r.path.split("?")[0] for r in runs["second_requests"]} - {"/robots.txt"}
    assert asked == runs["start_paths"], asked - runs["start_paths"]
    # robots.txt and one list page per portal, nothing else
    assert len([r for r in runs["second_requests"] if r.path != "/robots.txt"]) == len(FARM_TRUTH)
    assert _rows(runs["db"], "SELECT count(*) FROM report_versions")[0][0] == 6


def test_revalidate_asks_again_for_every_report_page(runs):
    """--revalidate walks every page and asks for each stored report page conditionally (304);
    stored attachments are still not asked for again."""
    third = runs["third"]["totals"]
    assert third.get("reports_unchanged") == 6 and not third.get("reports_new")
    report_pages = {r.path for t in FARM_TRUTH.values() for r in t.reports}
    attachment_paths = {r.attachment_path.split("?")[0] for t in FARM_TRUTH.values() for r in t.reports if r.attachment_path}
    assert not [r for r in runs["third_requests"] if r.path.split("?")[0] in attachment_paths]
    statuses = _rows(runs["db"], f"""SELECT f.url, f.status FROM fetches f WHERE f.run_id = '{runs['third']['run_id']}'""")
    revalidated = [status for url, status in statuses if any(url.endswith(p) for p in report_pages)]
    assert revalidated and all(status == 304 for status in revalidated)


def test_reprocess_rebuilds_attachment_reports_from_the_archive(runs):
    before = dict(_rows(runs["db"], "SELECT url, body_text FROM reports"))
    with Warehouse(runs["db"]) as warehouse:
        counts = reprocess_archive(warehouse, Archive(runs["archive"]), new_run_id())
    assert counts == {"reprocessed": 6}
    assert dict(_rows(runs["db"], "SELECT url, body_text FROM reports")) == before
