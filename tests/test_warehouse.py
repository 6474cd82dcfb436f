"""The warehouse documents and checks itself: comments on every table, view and column, the
upgrade of a warehouse built by release 0.1.0, and data checks that name a planted bad row."""
import datetime as dt
import json
import re
from pathlib import Path

import duckdb

import pytest

from fazhi.cli import main
from fazhi.core.paths import REPO_ROOT, SEED_REPORTS_DIR
from fazhi.core.records import LoadItem, ReportContext
from fazhi.core.registry import Portal
from tasks.clean import clean_text
from tasks.extract import extract_report
from tasks.load import Warehouse
from warehouse import MIGRATIONS_DIR, load_checks

FIXTURE_0_1_0 = Path(__file__).parent / "fixtures" / "warehouse-0.1.0"
TABLES = ("portals", "runs", "fetches", "candidate_links", "report_versions", "sections", "quantities",
          "indicator_values", "citations", "report_items", "attachments")


def _undocumented(con) -> list[str]:
    tables = con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT internal AND NOT temporary "
                         "AND coalesce(comment, '') = ''").fetchall()
    views = con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal AND NOT temporary "
                        "AND coalesce(comment, '') = ''").fetchall()
    columns = con.execute("SELECT table_name || '.' || column_name FROM duckdb_columns() "
                          "WHERE NOT internal AND coalesce(comment, '') = ''").fetchall()
    return [r[0] for r in tables + views + columns]


def _readme_example_sql() -> list[str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"### Example SQL\n\n```sql\n(.*?)```", readme, re.S).group(1)
    statements = ["\n".join(line for line in s.splitlines() if not line.startswith("--")) for s in block.split(";")]
    return [s.strip() for s in statements if s.strip()]


def test_every_table_view_and_column_has_a_comment(tmp_path):
    db = tmp_path / "w.duckdb"
    with Warehouse(str(db)):
        pass
    with duckdb.connect(str(db), read_only=True) as con:      # persisted, seen by any SQL client
        assert _undocumented(con) == []
        title = con.execute("SELECT comment FROM duckdb_columns() "
                            "WHERE table_name = 'candidates' AND column_name = 'title'").fetchone()[0]
        assert "list" in title          # a view column inherits its own source's comment, not report_versions'


def _warehouse_0_1_0(db: Path) -> dict[str, int]:
    """Rebuild the warehouse release 0.1.0 wrote (its EXPORT DATABASE) and count its rows."""
    with duckdb.connect(str(db)) as con:
        con.execute((FIXTURE_0_1_0 / "schema.sql").read_text(encoding="utf-8"))
        load = (FIXTURE_0_1_0 / "load.sql").read_text(encoding="utf-8")
        con.execute(load.replace("'/tmp/exp/", f"'{FIXTURE_0_1_0}/"))
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_upgrade_from_0_1_0_keeps_every_row_and_answers_the_readme_queries(tmp_path):
    db = tmp_path / "old.duckdb"
    before = _warehouse_0_1_0(db)
    assert before["report_versions"] >= 5 and before["indicator_values"] > 50
    with Warehouse(str(db)) as w:
        con = w.con
        after = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        assert after == before
        applied = [r[0] for r in con.execute("SELECT name FROM schema_migrations ORDER BY version").fetchall()]
        # every migration after 0.1.0's three, in order
        assert applied[3:] == sorted(p.name for p in MIGRATIONS_DIR.glob("*.sql"))[3:]
        for sql in _readme_example_sql():
            con.execute(sql).fetchall()
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] > 0
        # the new columns are filled from the old rows, and the old rows pass every check
        assert con.execute("SELECT count(*) FROM quantities WHERE raw_offset IS NULL").fetchone()[0] == 0
        failed = [c.name for c in w.run_checks() if not c.passed and c.severity == "serious"]
        assert failed == []
        assert _undocumented(con) == []
        # the constraints hold now: a run status outside the closed set is refused
        with pytest.raises(duckdb.ConstraintException):
            con.execute("UPDATE runs SET status = 'done' WHERE run_id = (SELECT min(run_id) FROM runs)")


def test_reprocess_merges_the_copies_an_old_warehouse_counted_as_reports(tmp_path, capsys):
    """Release 0.1.0 loaded each seed file and its crawled mirror page as two reports (9 rows
    for 5 reports). A reprocess — even with none of the raw bytes at hand — folds each pair
    into one report whose canonical copy is the unit's own portal; no version is deleted."""
    db = tmp_path / "old.duckdb"
    before = _warehouse_0_1_0(db)
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "index.jsonl").write_text("", encoding="utf-8")
    assert main(["reprocess", "--db", str(db), "--archive", str(archive)]) == 0
    assert "4 merged" in capsys.readouterr().out
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 5
        assert con.execute("SELECT count(*) FROM report_versions").fetchone()[0] == before["report_versions"]
        copies = con.execute("""
            SELECT r.admin_code, list(c.copy_kind ORDER BY c.copy_kind), list(c.is_canonical ORDER BY c.copy_kind)
            FROM reports r JOIN report_copies c USING (report_id)
            WHERE r.report_year IS NOT NULL GROUP BY 1 ORDER BY 1""").fetchall()
    # 镇海区司法局's report was crawled from the district government's portal: not its own
    assert copies == [(code, ["file", "other_portal" if code == "330211" else "own_portal"], [False, True])
                      for code in ("330103", "330205", "330211", "431202")]
    # a second reprocess finds nothing more to merge
    assert main(["reprocess", "--db", str(db), "--archive", str(archive)]) in (0, 1)
    assert "merged" not in capsys.readouterr().out


def test_a_planted_bad_indicator_is_named_and_fails_the_run(tmp_path, capsys):
    db, archive = str(tmp_path / "w.duckdb"), str(tmp_path / "archive")
    assert main(["ingest", str(SEED_REPORTS_DIR), "--db", db, "--archive", archive]) == 0
    assert "Data checks: 12 of 12 passed" in capsys.readouterr().out
    with duckdb.connect(db) as con:
        con.execute("UPDATE indicator_values SET evidence = '本句不在任何报告中。' "
                    "WHERE (report_id, version, quantity_seq) = "
                    "(SELECT (report_id, version, quantity_seq) FROM indicator_values LIMIT 1)")
    assert main(["ingest", str(SEED_REPORTS_DIR), "--db", db, "--archive", archive]) == 1
    out = capsys.readouterr().out
    assert "! serious check evidence_in_report_text: 1 row(s)" in out
    with duckdb.connect(db, read_only=True) as con:
        runs = con.execute("SELECT status, checks FROM runs").fetchall()
    failed_checks = sorted((status, [c["name"] for c in json.loads(checks) if c["failing_rows"]]) for status, checks in runs)
    assert failed_checks == [("completed", []), ("failed", ["evidence_in_report_text"])]


def test_a_check_file_must_say_how_serious_it_is(tmp_path):
    (tmp_path / "no_severity.sql").write_text("SELECT 1 WHERE false\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no_severity.sql: first line must be"):
        load_checks(tmp_path)
    assert len(load_checks()) == 12


def test_a_department_portal_keeps_its_department_and_has_no_phantom_coverage_row(tmp_path):
    """A department portal's unit in coverage is the department, not also a 'missing' government,
    and the department comes back for a reprocess."""
    portal = Portal(id="zh-sfj", name="宁波市镇海区司法局", admin_code="330211", province="浙江省", city="宁波市",
                    county="镇海区", start_urls=("http://127.0.0.1:9/col/1/index.html",), level="department",
                    department="司法局")
    (path,) = SEED_REPORTS_DIR.glob("003_*.txt")
    cleaned = clean_text(path.read_text(encoding="utf-8"))
    url = "http://127.0.0.1:9/art/2025/3/19/art_1.html"
    facts = extract_report(cleaned, ReportContext(
        url=url, portal_id=portal.id, admin_code=portal.admin_code, admin_name=portal.county, city=portal.city,
        province=portal.province, level=portal.level, department=portal.department))
    with Warehouse(str(tmp_path / "w.duckdb")) as w:
        w.upsert_portals([portal])
        w.start_run("r1", "annual_reports", {})
        assert w.load_report(LoadItem(url=url, source="crawl", content_sha="0" * 64, cleaned=cleaned, facts=facts,
                                      fetched_at=dt.datetime(2025, 3, 20), portal_id=portal.id,
                                      run_id="r1")) == "new"
        assert w.finish_run("r1", "completed", {}, {}, [])[0] == "completed"
        units = w.con.execute("SELECT DISTINCT level, department FROM coverage WHERE admin_code = '330211'").fetchall()
        assert units == [("department", "司法局")]
        assert w.con.execute("SELECT published FROM coverage WHERE report_year = 2024").fetchall() == [(True,)]
        (source,) = w.reprocess_sources()
        assert (source.context.level, source.context.department) == ("department", "司法局")


@pytest.mark.parametrize("first", ["aggregator", "own"])
def test_a_copy_whose_unit_is_unknown_is_one_report_with_the_copy_that_knows_it(tmp_path, first):
    """A municipality's column lists a 区司法局 report naming no district (unit unknown); the
    district's portal has the same report (unit known). In either order they are one report,
    credited to the district, with the district's copy canonical. Text: dev set passage b085
    (九龙坡区司法局, https://cqjlp.gov.cn/…/t20260204_15379951.html)."""
    from fazhi.evaluation.devset import load_devset
    text = next(p.text for p in load_devset() if p.id == "b085")
    portals = {
        "aggregator": Portal(id="cq-sfj", name="重庆市司法局", admin_code="500000", province="重庆市", city="",
                             county="", start_urls=("http://127.0.0.1:9/a.html",), level="department",
                             department="司法局"),
        "own": Portal(id="jlp", name="重庆市九龙坡区人民政府", admin_code="500107", province="重庆市", city="",
                      county="九龙坡区", start_urls=("http://127.0.0.1:8/a.html",))}
    order = [first, "own" if first == "aggregator" else "aggregator"]
    with Warehouse(str(tmp_path / "w.duckdb")) as w:
        w.upsert_portals(list(portals.values()))
        w.start_run("r1", "annual_reports", {})
        outcomes = []
        for n, which in enumerate(order):
            portal, cleaned = portals[which], clean_text(text)
            url = f"http://127.0.0.1:{9 - n}/{which}.html"
            facts = extract_report(cleaned, ReportContext(
                url=url, portal_id=portal.id, admin_code=portal.admin_code, admin_name=portal.county or portal.province,
                city=portal.city or None, province=portal.province, level=portal.level, department=portal.department))
            assert facts.metadata.admin_code == (None if which == "aggregator" else "500107")
            outcomes.append(w.load_report(LoadItem(
                url=url, source="crawl", content_sha=f"{n}" * 64, cleaned=cleaned, facts=facts,
                fetched_at=dt.datetime(2026, 2, 5 + n), portal_id=portal.id, run_id="r1")))
        assert outcomes == ["new", "copy"]
        assert w.con.execute("SELECT admin_code, level FROM reports").fetchall() == [("500107", "department")]
        assert w.con.execute("SELECT portal_id, is_canonical FROM report_copies ORDER BY 1").fetchall() == [
            ("cq-sfj", False), ("jlp", True)]
        assert w.finish_run("r1", "completed", {}, {}, [])[0] == "completed"


def _seed_items(portal: Portal, run_id: str) -> list[LoadItem]:
    """The five seed reports as a crawl of `portal` would hand them to the writer."""
    items = []
    for k, path in enumerate(sorted(SEED_REPORTS_DIR.glob("*.txt"))):
        cleaned = clean_text(path.read_text(encoding="utf-8"))
        url = f"http://127.0.0.1:9/art/{k}.html"
        facts = extract_report(cleaned, ReportContext(url=url, portal_id=portal.id, admin_code=f"33021{k}",
                                                      admin_name=path.stem, level="government"))
        items.append(LoadItem(url=url, source="crawl", content_sha=f"{k:064x}", cleaned=cleaned, facts=facts,
                              fetched_at=dt.datetime(2025, 3, 20), portal_id=portal.id, run_id=run_id))
    return items


def _facts_by_url(w: Warehouse) -> dict:
    return {table: sorted(w.con.execute(f"SELECT v.url, count(*) FROM {table} t JOIN report_versions v "
                                        "USING (report_id, version) GROUP BY 1").fetchall())
            for table in ("sections", "quantities", "indicator_values", "citations", "report_items")}


def test_reports_loaded_in_one_batch_are_stored_as_one_by_one_and_a_refused_one_costs_only_itself(tmp_path):
    """load_reports (the run's writer, several reports a transaction) stores what load_report
    stores report by report; a report the constraints refuse is rejected alone, the batch's
    others are loaded."""
    portal = Portal(id="p", name="宁波市镇海区人民政府", admin_code="330211", province="浙江省", city="宁波市",
                    county="镇海区", start_urls=("http://127.0.0.1:9/col/1/index.html",))
    with Warehouse(str(tmp_path / "one.duckdb")) as w:
        w.upsert_portals([portal])
        w.start_run("r", "annual_reports", {})
        one_by_one = [w.load_report(item) for item in _seed_items(portal, "r")]
        expected = _facts_by_url(w)
    with Warehouse(str(tmp_path / "batch.duckdb")) as w:
        w.upsert_portals([portal])
        w.start_run("r", "annual_reports", {})
        assert w.load_reports(_seed_items(portal, "r")) == one_by_one == ["new"] * 5
        assert _facts_by_url(w) == expected
        assert w.load_reports(_seed_items(portal, "r")) == ["unchanged"] * 5
    items = _seed_items(portal, "r")
    items[2].facts.metadata.report_year = 1850           # outside the warehouse's 1990–2100
    with Warehouse(str(tmp_path / "refused.duckdb")) as w:
        w.upsert_portals([portal])
        w.start_run("r", "annual_reports", {})
        outcomes = w.load_reports(items)
        assert [o if isinstance(o, str) else "rejected" for o in outcomes] == ["new", "new", "rejected", "new", "new"]
        assert "art/2.html: refused by the warehouse" in str(outcomes[2])
        assert {table: [r for r in rows if "/2.html" not in r[0]] for table, rows in expected.items()} \
            == _facts_by_url(w)
        assert w.query("SELECT count(*) FROM report_versions") == [(4,)]
