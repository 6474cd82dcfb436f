"""The real annual-reports flow (Prefect engine, no server) against the mirror on loopback."""
from __future__ import annotations

import duckdb
import pytest

from fazhi.farm.mirror import TRUTH
from flows.annual_reports import annual_reports

DEAD_PORTAL = """
[[portal]]
id = "dead-portal"
name = "不存在区人民政府"
admin_code = "330206"
province = "浙江省"
city = "宁波市"
county = "北仑区"
start_urls = ["http://127.0.0.1:9/col/col1/index.html"]
cms = "hanweb"
"""


@pytest.fixture(scope="module")
def crawled(mirror, tmp_path_factory):
    """Two runs of the flow over the mirror plus one dead portal, into one warehouse."""
    tmp = tmp_path_factory.mktemp("crawl")
    registry = tmp / "portals.toml"
    registry.write_text(mirror.registry_toml() + DEAD_PORTAL, encoding="utf-8")
    db, archive = str(tmp / "fazhi.duckdb"), str(tmp / "archive")
    mirror.requests.clear()
    first = annual_reports(registry=str(registry), db=db, archive=archive, min_host_delay=0.0)
    first_requests = list(mirror.requests)
    mirror.requests.clear()
    second = annual_reports(registry=str(registry), db=db, archive=archive, min_host_delay=0.0)
    return {"db": db, "first": first, "second": second, "first_requests": first_requests,
            "second_requests": list(mirror.requests)}


def _rows(db, sql):
    with duckdb.connect(db, read_only=True) as con:
        return con.execute(sql).fetchall()


def test_four_mirror_reports_with_metadata(crawled):
    rows = _rows(crawled["db"], "SELECT portal_id, admin_code, admin_name, report_year, title, publisher, "
                                "publish_date, level, length(body_text) FROM reports ORDER BY portal_id")
    assert [r[0] for r in rows] == sorted(TRUTH)
    for portal_id, code, name, year, title, publisher, published, level, body_len in rows:
        truth = TRUTH[portal_id].report
        assert code and name and body_len > 3000
        assert year == truth.report_year
        assert title == truth.title
        assert published.isoformat() == truth.publish_date[:10]
        assert publisher
        assert level == truth.level


def test_lookalikes_are_candidates_but_not_reports(crawled):
    kinds = dict(_rows(crawled["db"], "SELECT url, kind FROM candidates"))
    assert len(kinds) == sum(len(t.items) for t in TRUTH.values())
    wrong = []
    for portal_id, truth in TRUTH.items():
        for item in truth.items:
            got = next(k for u, k in kinds.items() if u.endswith(item.path) and portal_id in _portal_of(crawled, u))
            if (got == "report") != (item.kind == "report"):
                wrong.append((item.title, item.kind, got))
    assert not wrong
    assert {k for k in kinds.values()} >= {"report", "interpretation", "work_plan", "info_disclosure_report", "news"}


def _portal_of(crawled, url):
    return dict(_rows(crawled["db"], "SELECT url, portal_id FROM candidates"))[url]


def test_failing_portal_is_recorded_and_others_go_on(crawled):
    summary = crawled["first"]
    assert summary["status"] == "partial"
    dead = next(p for p in summary["portals"] if p["portal_id"] == "dead-portal")
    assert "Connection refused" in dead["failed"]
    (failures,) = _rows(crawled["db"], "SELECT failures FROM runs WHERE run_id = '%s'" % summary["run_id"])[0:1]
    assert "dead-portal" in failures[0]


def test_second_run_adds_nothing_and_requests_no_report_page(crawled):
    """Incremental by default: the second run asks only each column's first page (counted at
    the mirror; not robots.txt, read the same day) and knows its reports without fetching them."""
    assert _rows(crawled["db"], "SELECT count(*) FROM report_versions")[0][0] == 4
    assert _rows(crawled["db"], "SELECT count(*) FROM candidate_links")[0][0] == sum(len(t.items) for t in TRUTH.values())
    second = crawled["second"]
    assert second["totals"].get("reports_known") == 4 and not second["totals"].get("reports_new")
    assert _rows(crawled["db"], f"""SELECT count(*) FROM fetches f JOIN report_versions r ON r.url = f.url
                                    WHERE f.run_id = '{second['run_id']}'""")[0][0] == 0
    report_paths = {r.path for t in TRUTH.values() for r in t.reports}
    asked = [r.path for r in crawled["second_requests"]]
    assert not report_paths & {p.split("?")[0] for p in asked}
    assert len(asked) == len(TRUTH)      # one list page per portal; robots.txt read within a day is not asked again
    status = dict(_rows(crawled["db"], "SELECT portal_id, status FROM portal_status"))
    assert status == {**{p: "ok" for p in TRUTH}, "dead-portal": "unreachable"}


def test_indicators_and_run_records(crawled):
    per_portal = dict(_rows(crawled["db"], "SELECT r.portal_id, count(*) FROM indicators i JOIN reports r USING (report_id) GROUP BY 1"))
    assert set(per_portal) == set(TRUTH)
    # every indicator leads back to its sentence: the quantity's own text stands in the evidence
    unsupported = _rows(crawled["db"], """SELECT i.indicator, q.raw, i.evidence FROM indicator_values i
        JOIN quantities q ON q.report_id = i.report_id AND q.version = i.version AND q.seq = i.quantity_seq
        WHERE position(q.raw IN i.evidence) = 0 OR q.sentence <> i.evidence""")
    assert not unsupported
    runs = _rows(crawled["db"], "SELECT flow, status FROM runs ORDER BY started_at")
    assert runs == [("annual-reports", "partial"), ("annual-reports", "partial")]


def test_crawled_bodies_are_the_seed_paragraphs_in_order(crawled):
    """The cleaned body of every mirror report is the report: its paragraphs, in order, simplified,
    without pinyin or chrome (reference: the seed's paragraphs, converted the same way)."""
    from fazhi.core.text import collapse_spaces, fold_width, strip_pinyin, to_simplified

    for portal_id, body in _rows(crawled["db"], "SELECT portal_id, body_text FROM reports"):
        truth = TRUTH[portal_id].report
        paragraphs = truth.body_without_pinyin if portal_id == "nb-jiangbei" else truth.body
        expected = [collapse_spaces(to_simplified(strip_pinyin(fold_width(p)))[0]) for p in paragraphs]
        assert body.split("\n") == expected
        assert "扫一扫" not in body and "当前位置" not in body and "(fā)" not in body


def test_candidates_carry_year_and_level_from_the_title(crawled):
    rows = _rows(crawled["db"], "SELECT portal_id, report_year, level, department FROM candidate_links "
                                "WHERE kind = 'report' ORDER BY portal_id")
    by_portal = {r[0]: r[1:] for r in rows}
    assert by_portal["nb-zhenhai"] == (2024, "department", "区司法局")
    assert by_portal["nb-jiangbei"] == (2023, "government", None)


def test_finished_portals_are_recorded_together_and_a_refused_one_costs_only_itself(tmp_path):
    """load_hauls writes several portals' records in one transaction; when the warehouse
    refuses one portal's records, the others are kept and that portal is recorded as failed,
    with what it asked of its site."""
    import datetime as dt

    from fazhi.core.records import Candidate, FetchRecord
    from fazhi.core.registry import Portal
    from fazhi.pipeline.portal import PortalHaul, PortalOutcome, load_hauls
    from tasks.load import Warehouse

    now = dt.datetime(2026, 4, 1, 8, 0)

    def haul(portal_id: str, kind: str) -> PortalHaul:
        url = f"http://127.0.0.1:9/{portal_id}/"
        return PortalHaul(
            outcome=PortalOutcome(portal_id, candidates=1, requests=1), run_id="run-1",
            candidates=[Candidate(url + "a.html", portal_id, "2025年法治政府建设年度报告", None, kind, "title",
                                  2025, url)],
            fetches=[FetchRecord(url, url, 200, "0" * 64, 10, now, None, None, "text/html", portal_id, "run-1")])

    portals = [Portal(id=f"p{i}", name=f"县{i}", admin_code="330211", province="浙江省", city="宁波市",
                      county="镇海区", start_urls=(f"http://127.0.0.1:9/p{i}/",)) for i in range(3)]
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.upsert_portals(portals)
        wh.start_run("run-1", "test", {})
        together = load_hauls([(haul("p0", "report"), None), (haul("p1", "report"), None)], wh)
        assert all(o.status != "failed" and not o.reason.startswith("internal") for o in together)
        # p2's candidate is of no known kind: the warehouse's CHECK refuses it
        outcomes = load_hauls([(haul("p0", "report"), None), (haul("p2", "no such kind"), None)], wh)
        assert outcomes[0].status != "failed"
        assert outcomes[1].status == "failed" and outcomes[1].reason.startswith("internal error")
        runs = dict(wh.query("SELECT portal_id, status FROM portal_runs WHERE run_id = 'run-1'"))
        assert runs["p2"] == "failed" and runs["p0"] != "failed" and runs["p1"] != "failed"
        fetched = dict(wh.query("SELECT portal_id, count(*) FROM fetches GROUP BY 1"))
        assert fetched == {"p0": 2, "p1": 1, "p2": 1}
        assert wh.query("SELECT count(*) FROM candidate_links WHERE portal_id = 'p2'") == [(0,)]
