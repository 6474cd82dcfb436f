"""Analysis views, named queries, search, snapshot and export on a real multi-year warehouse.

The warehouse is built the way a run builds it: seed texts, rewritten for other years and
with other numbers, go through clean_text, extract_report and Warehouse.load_report.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from fazhi.core.paths import SEED_REPORTS_DIR
from fazhi.core import rules
from fazhi.core.errors import UserError
from fazhi.analysis.reading import PUBLIC_VIEWS, SNAPSHOT_NAME, connect
from fazhi.analysis.queries import list_queries, run_query
from fazhi.analysis.snapshot import publish_snapshot
from fazhi.analysis.search import search
from tasks.clean import clean_text
from fazhi.core.records import LoadItem, ReportContext
from tasks.extract import extract_report
from tasks.load import Warehouse

REPO = Path(__file__).resolve().parent.parent
SEED_JIANGBEI = (SEED_REPORTS_DIR / "000_8a596ebcca1d5ce5.txt").read_text(encoding="utf-8")   # 2023, traditional
SEED_HECHENG = (SEED_REPORTS_DIR / "001_756b88d9e06b440f.txt").read_text(encoding="utf-8")    # 2023
SEED_BLANKED = (SEED_REPORTS_DIR / "004_e9cabccbc8936a94.txt").read_text(encoding="utf-8")    # 20xx年


def fazhi(*args, timeout=300):
    """The fazhi command; through fazhi.analysis until cli.py registers the analysis commands."""
    cli = (REPO / "fazhi" / "cli.py").read_text(encoding="utf-8")
    module = "fazhi.cli" if "add_analysis_commands" in cli else "fazhi.analysis"
    return subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=REPO,
                          timeout=timeout)


def for_year(text: str, seed_year: int, year: int, subs: dict[str, str] | None = None) -> str:
    """The seed report as if written about `year`: its years shifted, some numbers changed."""
    subs = subs or {}
    for i, old in enumerate(subs):
        assert old in text, old
        text = text.replace(old, f"@SUB{i}@")
    text = (text.replace(str(seed_year + 1), "@NEXT@").replace(str(seed_year), str(year))
            .replace("@NEXT@", str(year + 1)))
    for i, new in enumerate(subs.values()):
        text = text.replace(f"@SUB{i}@", new)
    return text


def load(warehouse: Warehouse, text: str, url: str, source: str = "crawl", list_date: str | None = None,
         fetched_at: dt.datetime | None = None) -> str:
    cleaned = clean_text(text)
    facts = extract_report(cleaned, ReportContext(url=url, list_date=list_date))
    return warehouse.load_report(LoadItem(
        url=url, source=source, content_sha=hashlib.sha256(text.encode()).hexdigest(), cleaned=cleaned, facts=facts,
        fetched_at=fetched_at or dt.datetime(2025, 1, 1), portal_id=None, run_id="test"))


# 江北区 2021–2023 (2022 late, on 12 April); 鹤城区 2022–2023; a portal that never published; the
# 2023 江北区 report twice (crawled page and a file copy); one report with blanked years.
JIANGBEI = {  # year: (publish date as the page gives it, 出庭率, 复议申请)
    2021: ("2022年3月30日", "90", "120"),
    2022: ("2023年4月12日", "95", "140"),
    2023: ("2024年3月28日", "100", "156"),
}
HECHENG = {2022: "2023-06-01", 2023: "2024-03-27"}


def build_multi_year(db: Path) -> Path:
    with Warehouse(db) as w:
        for year, (date, rate, received) in JIANGBEI.items():
            text = for_year(SEED_JIANGBEI, 2023, year, {"2024年3月28日": date, "出庭率100%": f"出庭率{rate}%",
                                                        "申請156件": f"申請{received}件"})
            load(w, text, f"https://www.nbjb.gov.cn/art/{year}/report.html")
        load(w, SEED_JIANGBEI, "/seeds/000.txt", source="file", fetched_at=dt.datetime(2024, 12, 1))
        for year, date in HECHENG.items():
            text = for_year(SEED_HECHENG, 2023, year, {"收案94件": f"收案{94 - (2023 - year) * 10}件"})
            load(w, text, f"https://www.hecheng.gov.cn/{year}/report.shtml", list_date=date)
        load(w, SEED_BLANKED, "/seeds/004.txt", source="file")
        w.con.execute("INSERT INTO portals (portal_id, name, admin_code, province, city, county, level, cms, "
                      "start_urls, updated_at) VALUES ('nb-beilun', '宁波市北仑区人民政府', '330206', '浙江省', '宁波市', "
                      "'北仑区', 'government', 'hanweb', ['https://www.bl.gov.cn/'], now())")
    return db


@pytest.fixture(scope="module")
def warehouse_path(tmp_path_factory) -> Path:
    return build_multi_year(tmp_path_factory.mktemp("multi") / "fazhi.duckdb")


@pytest.fixture
def con(warehouse_path):
    c = connect(warehouse_path)
    yield c
    c.close()


# ---------------------------------------------------------------------------------- views --
def test_unit_reports_count_copies_once_and_skip_unknown_years(con):
    rows = con.execute("SELECT admin_name, report_year, copies, url FROM unit_reports ORDER BY 1, 2").fetchall()
    assert [(r[0], r[1]) for r in rows] == [("江北区", 2021), ("江北区", 2022), ("江北区", 2023),
                                            ("鹤城区", 2022), ("鹤城区", 2023)]
    jb2023 = rows[2]
    # the seed file and the crawled page are one report (merged on load), the crawled copy shown
    assert jb2023[2] == 2 and jb2023[3].startswith("https://")
    copies = con.execute("SELECT copy_kind, is_canonical FROM report_copies c JOIN unit_reports u USING (report_id) "
                         "WHERE u.admin_name = '江北区' AND u.report_year = 2023 ORDER BY 1").fetchall()
    assert copies == [("file", False), ("other_portal", True)]


def test_coverage_published_late_missing(con):
    rows = {(r[0], r[1]): r[2:] for r in con.execute(
        "SELECT admin_name, report_year, published, publish_date, days_after_deadline, status, url FROM coverage "
        "WHERE admin_name IN ('江北区', '鹤城区', '北仑区') AND report_year BETWEEN 2021 AND 2023").fetchall()}
    assert rows[("江北区", 2021)][:4] == (True, dt.date(2022, 3, 30), -2, "on_time")
    assert rows[("江北区", 2022)][:4] == (True, dt.date(2023, 4, 12), 11, "late")
    assert rows[("江北区", 2023)][:4] == (True, dt.date(2024, 3, 28), -4, "on_time")
    assert rows[("江北区", 2023)][4] == "https://www.nbjb.gov.cn/art/2023/report.html"
    assert rows[("鹤城区", 2022)][2:4] == (61, "late")
    assert rows[("鹤城区", 2021)][:4] == (False, None, None, "missing")
    assert all(rows[("北仑区", y)][3] == "missing" for y in (2021, 2022, 2023))   # a portal that never published
    # one row per unit and year
    dup = con.execute("SELECT count(*) FROM (SELECT admin_code, level, department, report_year FROM coverage "
                      "GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
    assert dup == 0


def test_indicator_panel_results_only_with_evidence(con):
    rows = con.execute("SELECT admin_name, report_year, indicator, value, evidence FROM indicator_panel").fetchall()
    assert rows and all(r[4] for r in rows)
    targets = con.execute("SELECT count(*) FROM indicator_panel p JOIN indicators i USING (report_id, indicator) "
                          "WHERE i.is_target AND i.value = p.value AND i.evidence = p.evidence AND NOT EXISTS ("
                          "SELECT 1 FROM indicators j WHERE j.report_id = i.report_id AND j.indicator = i.indicator "
                          "AND NOT j.is_target)").fetchone()[0]
    assert targets == 0
    # 鹤城区's 出庭应诉率 100% is a plan target: never in the panel
    assert not [r for r in rows if r[0] == "鹤城区" and r[2] == "head_appearance_rate"]
    rate = {r[1]: r[3] for r in rows if r[0] == "江北区" and r[2] == "head_appearance_rate"}
    assert rate == {2021: 90.0, 2022: 95.0, 2023: 100.0}
    for r in rows:
        if r[0] == "江北区" and r[2] == "head_appearance_rate":
            assert f"{r[3]:g}%" in r[4]                               # the number leads back to its sentence


def test_indicator_changes_year_on_year(con):
    rows = con.execute("""SELECT admin_name, indicator, prev_year, report_year, prev_value, value, change, change_pct
                          FROM indicator_changes WHERE admin_name = '江北区'
                            AND indicator IN ('head_appearance_rate', 'reconsideration_received')
                          ORDER BY indicator, report_year""").fetchall()
    assert rows == [
        ("江北区", "head_appearance_rate", 2021, 2022, 90.0, 95.0, 5.0, 5.56),
        ("江北区", "head_appearance_rate", 2022, 2023, 95.0, 100.0, 5.0, 5.26),
        ("江北区", "reconsideration_received", 2021, 2022, 120.0, 140.0, 20.0, 16.67),
        ("江北区", "reconsideration_received", 2022, 2023, 140.0, 156.0, 16.0, 11.43),
    ]
    hc = con.execute("SELECT prev_value, value FROM indicator_changes WHERE admin_name = '鹤城区' "
                     "AND indicator = 'reconsideration_received'").fetchall()
    assert hc == [(84.0, 94.0)]


def test_report_outline_roles(con):
    rows = con.execute("SELECT DISTINCT role FROM report_outline o JOIN unit_reports u USING (report_id) "
                       "WHERE u.admin_name = '鹤城区' AND u.report_year = 2022").fetchall()
    assert {"achievements", "shortcomings", "plan"} <= {r[0] for r in rows}
    heads = con.execute("SELECT heading FROM report_outline WHERE report_id = (SELECT report_id FROM unit_reports "
                        "WHERE admin_name='鹤城区' AND report_year=2022) AND depth = 1 ORDER BY seq").fetchall()
    assert heads[0][0] == "一、2022年工作开展情况"


def test_shortcomings_followup_next_year(con):
    rows = con.execute("""SELECT report_year, item_seq, shortcoming, topic, next_year, next_report_id, best_match,
                                 match_share FROM shortcomings_followup WHERE admin_name = '鹤城区'
                          ORDER BY report_year, item_seq""").fetchall()
    y2022 = [r for r in rows if r[0] == 2022]
    y2023 = [r for r in rows if r[0] == 2023]
    assert len(y2022) == 3 and len(y2023) == 3
    next_id = con.execute("SELECT report_id FROM unit_reports WHERE admin_name='鹤城区' AND report_year=2023").fetchone()[0]
    assert all(r[4] == 2023 and r[5] == next_id for r in y2022)
    assert y2022[0][3] == "干部队伍法治意识"
    # the same text next year: the shortcoming is found again, wholly
    assert y2022[0][7] == 1.0 and "干部队伍法治意识" in y2022[0][6]
    assert all(r[4] == 2024 and r[5] is None and r[6] is None for r in y2023)   # no 2024 report yet


# -------------------------------------------------------------------------------- queries --
QUERY_PARAMS = {
    "coverage": {"year": "2022"},
    "late": {"year": "2022"},
    "district_trend": {"district": "江北区"},
    "compare": {"indicator": "出庭应诉率"},
    "mentions": {"topic": "合法性审查"},
    "shortcomings": {"district": "431202"},
    "portal_health": {},
}


def test_every_query_file_is_exercised():
    assert set(list_queries()) == set(QUERY_PARAMS)


@pytest.mark.parametrize("name", sorted(QUERY_PARAMS))
def test_named_queries_run(con, name):
    columns, rows = run_query(con, list_queries()[name], QUERY_PARAMS[name])
    assert columns and (rows or name == "portal_health"), name   # portal_health with rows: test_portal_status.py


def test_late_query_answers_who_was_late(con):
    columns, rows = run_query(con, list_queries()["late"], {"year": "2022"})
    got = {(r[columns.index("admin_name")], r[columns.index("status")]) for r in rows}
    assert got == {("江北区", "late"), ("鹤城区", "late"), ("北仑区", "missing")}


def test_compare_query_takes_chinese_label(con):
    columns, rows = run_query(con, list_queries()["compare"], {"indicator": "出庭应诉率"})
    assert [(r[columns.index("admin_name")], r[columns.index("report_year")], r[columns.index("value")])
            for r in rows] == [("江北区", 2023, 100.0)]


def test_query_param_errors(con):
    with pytest.raises(UserError, match=r"query 'late' needs --param year="):
        run_query(con, list_queries()["late"], {})
    with pytest.raises(UserError, match=r"query 'late' has no parameter 'yaer'"):
        run_query(con, list_queries()["late"], {"yaer": "2022"})


def test_query_cli_formats_and_errors(warehouse_path):
    listing = fazhi("query", "--db", str(warehouse_path))
    assert listing.returncode == 0 and "late" in listing.stdout and "--param year=" in listing.stdout
    out = fazhi("query", "late", "--param", "year=2022", "--format", "json", "--db", str(warehouse_path))
    assert out.returncode == 0, out.stderr
    assert {r["admin_name"] for r in json.loads(out.stdout)} == {"江北区", "鹤城区", "北仑区"}
    out = fazhi("query", "coverage", "--param", "year=2023", "--format", "csv", "--db", str(warehouse_path))
    assert out.returncode == 0 and out.stdout.splitlines()[0].startswith("province,city,admin_name")
    table = fazhi("query", "compare", "--param", "indicator=head_appearance_rate", "--db", str(warehouse_path))
    assert table.returncode == 0 and "江北区" in table.stdout and "(1 row)" in table.stdout
    for args, message in [
        (["query", "late"], "query 'late' needs --param year=… (report year, e.g. 2023)"),
        (["query", "nope"], "unknown query 'nope'; known: compare, coverage"),
        (["query", "late", "--param", "year"], "--param 'year': expected NAME=VALUE"),
        (["search", "合法性审查", "--year", "23"], "--year 23 is not a plausible report year"),
    ]:
        result = fazhi(*args, "--db", str(warehouse_path))
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    missing = fazhi("query", "late", "--param", "year=2022", "--db", str(warehouse_path.parent / "none.duckdb"))
    assert missing.returncode == 2 and "no warehouse here" in missing.stderr
    assert not (warehouse_path.parent / "none.duckdb").exists()


@pytest.mark.parametrize("command", ["query", "search", "export", "report"])
def test_help(command):
    result = fazhi(command, "--help")
    assert result.returncode == 0 and f"usage: fazhi {command}" in result.stdout and "--db" in result.stdout


# --------------------------------------------------------------------------------- search --
def test_search_keyword_in_context(con):
    columns, rows = search(con, "合法性审查")
    col = {c: i for i, c in enumerate(columns)}
    assert rows and all("合法性审查" in r[col["sentence"]] and "【合法性审查】" in r[col["context"]] for r in rows)
    assert {r[col["admin_name"]] for r in rows} == {"江北区", "鹤城区"}
    # copies of one report: each sentence once, from the crawled page, counting the copy
    jb2023 = [r for r in rows if r[col["admin_name"]] == "江北区" and r[col["report_year"]] == 2023]
    assert jb2023 and all(r[col["url"]].startswith("https://") and r[col["copies"]] == 2 for r in jb2023)
    assert len({r[col["sentence"]] for r in jb2023}) == len(jb2023)
    hc = [r for r in rows if r[col["admin_name"]] == "鹤城区" and r[col["report_year"]] == 2023]
    assert [r[col["section"]] for r in hc] == ["一、2023年工作开展情况 › 2.完善规范性文件管理工作"]
    assert hc[0][col["sentence"]] == "一是落实规范性文件合法性审查制度。"


def test_search_filters_and_normalises(con):
    _, by_year = search(con, "合法性审查", year=2022)
    assert by_year and {r[3] for r in by_year} == {2022}
    _, hunan = search(con, "合法性审查", province="湖南")
    assert hunan and {r[2] for r in hunan} == {"湖南省"}
    _, traditional = search(con, "合法性審查")                     # traditional script finds simplified text
    assert len(traditional) == len(search(con, "合法性审查")[1])
    assert search(con, "不存在的词语")[1] == []
    with pytest.raises(UserError, match="keyword is empty"):
        search(con, "  ")


def test_search_cli(warehouse_path):
    out = fazhi("search", "合法性审查", "--province", "湖南省", "--db", str(warehouse_path))
    assert out.returncode == 0, out.stderr
    assert "鹤城区" in out.stdout and "江北区" not in out.stdout and "【合法性审查】" in out.stdout


# ----------------------------------------------------------------------- snapshot, export --
HOLD_WRITE_LOCK = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])            # a writer, as a run holds it
con.execute("CREATE TABLE IF NOT EXISTS busy (x INTEGER)")
con.execute("INSERT INTO busy VALUES (1)")
print("locked", flush=True)
time.sleep(120)
"""


def test_snapshot_opens_while_a_writer_holds_the_warehouse(warehouse_path, tmp_path):
    db = tmp_path / "fazhi.duckdb"
    db.write_bytes(warehouse_path.read_bytes())
    snap = tmp_path / "snapshot"
    manifest = publish_snapshot(db, snap)
    assert set(manifest["rows"]) == set(PUBLIC_VIEWS) and manifest["rows"]["coverage"] > 0
    assert (snap / SNAPSHOT_NAME).exists() and (snap / "coverage.parquet").exists()
    assert not [p for p in snap.iterdir() if p.name.startswith(".snapshot-tmp-")]

    writer = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "locked"
        with pytest.raises(duckdb.IOException, match="(?i)lock"):
            duckdb.connect(str(db), read_only=True)
        # the snapshot opens meanwhile, in this process and from the command line
        with duckdb.connect(str(snap / SNAPSHOT_NAME), read_only=True) as reader:
            assert reader.execute("SELECT count(*) FROM coverage WHERE status = 'late'").fetchone()[0] == 2
            assert reader.execute("SELECT count(*) FROM reports").fetchone()[0] == 6   # a copy merged
        out = fazhi("query", "late", "--param", "year=2022", "--db", str(snap / SNAPSHOT_NAME))
        assert out.returncode == 0 and "北仑区" in out.stdout, out.stderr
        out = fazhi("search", "合法性审查", "--db", str(snap / SNAPSHOT_NAME))
        assert out.returncode == 0 and "鹤城区" in out.stdout, out.stderr
        out = fazhi("query", "compare", "--param", "indicator=出庭应诉率", "--db", str(snap))   # the Parquet files
        assert out.returncode == 0 and "江北区" in out.stdout, out.stderr
        busy = fazhi("query", "late", "--param", "year=2022", "--db", str(db))
        assert busy.returncode == 2 and "is writing this warehouse; read the snapshot" in busy.stderr
        assert len(busy.stderr.strip().splitlines()) == 1
    finally:
        writer.kill()
        writer.wait()


def test_snapshot_is_replaced_atomically_under_an_open_reader(warehouse_path, tmp_path):
    db = tmp_path / "fazhi.duckdb"
    db.write_bytes(warehouse_path.read_bytes())
    snap = tmp_path / "snapshot"
    publish_snapshot(db, snap, formats=("duckdb",))
    reader = duckdb.connect(str(snap / SNAPSHOT_NAME), read_only=True)
    try:
        with Warehouse(db) as w:                         # a run adds a report
            load(w, for_year(SEED_HECHENG, 2023, 2024, {}), "https://www.hecheng.gov.cn/2024/report.shtml",
                 list_date="2025-03-20")
            publish_snapshot(db, snap, formats=("duckdb",), con=w.con)     # the lead's call after a run
        assert reader.execute("SELECT count(*) FROM unit_reports").fetchone()[0] == 5    # the old file, whole
    finally:
        reader.close()
    with duckdb.connect(str(snap / SNAPSHOT_NAME), read_only=True) as fresh:
        assert fresh.execute("SELECT count(*) FROM unit_reports").fetchone()[0] == 6
        assert fresh.execute("SELECT count(*) FROM snapshot_info").fetchone()[0] == 1


@pytest.mark.parametrize("fmt", ["parquet", "csv", "duckdb"])
def test_export_command(warehouse_path, tmp_path, fmt):
    out = fazhi("export", str(tmp_path / "out"), "--format", fmt, "--db", str(warehouse_path))
    assert out.returncode == 0, out.stderr
    files = {p.name for p in (tmp_path / "out").iterdir()}
    if fmt == "duckdb":
        assert files == {SNAPSHOT_NAME, "snapshot.json"}
    else:
        assert files == {f"{v}.{fmt}" for v in PUBLIC_VIEWS} | {"snapshot.json"}
        reader = duckdb.connect()
        fn = "read_parquet" if fmt == "parquet" else "read_csv"
        n = reader.execute(f"SELECT count(*) FROM {fn}('{tmp_path / 'out' / f'coverage.{fmt}'}')").fetchone()[0]
        assert n == json.loads((tmp_path / "out" / "snapshot.json").read_text())["rows"]["coverage"]


def test_analysis_views_on_a_warehouse_made_before_them(warehouse_path, tmp_path):
    """A warehouse whose file lacks the analysis views still answers (temporary views, read-only)."""
    db = tmp_path / "old.duckdb"
    db.write_bytes(warehouse_path.read_bytes())
    with duckdb.connect(str(db)) as c:
        for view in ("shortcomings_followup", "report_outline", "indicator_changes", "indicator_panel", "coverage",
                     "unit_reports"):
            c.execute(f"DROP VIEW {view}")
    before = db.stat().st_mtime_ns
    with connect(db) as c:
        assert c.execute("SELECT count(*) FROM coverage").fetchone()[0] > 0
    assert db.stat().st_mtime_ns == before


# ------------------------------------------------------------------------------ benchmark --
def make_corpus(db: Path, n_reports: int = 2000, seed: int = 7) -> dict:
    """n_reports synthetic reports (seed paragraphs reshuffled, other names and years), inserted by SQL."""
    rng = random.Random(seed)
    sources = []
    for path in sorted(SEED_REPORTS_DIR.glob("*.txt")):
        cleaned = clean_text(path.read_text(encoding="utf-8"))
        sources.append(cleaned.paragraphs)
    rows, sections = [], []
    planted = 0
    now = dt.datetime(2025, 1, 1)
    provinces = ["浙江省", "湖南省", "江苏省", "广东省", "四川省"]
    for i in range(n_reports):
        paras = list(rng.choice(sources))
        head, rest = paras[:3], paras[3:]
        rng.shuffle(rest)
        paras = head + rest
        if i % 100 == 0:                                   # a rare topic in 1% of reports
            paras.insert(len(paras) // 2, f"推进数字法治政府建设，上线第{i}号智能审查系统。")
            planted += 1
        body = "\n".join(paras)
        rid = f"bench{i:05d}"
        rows.append([rid, 1, hashlib.sha256(body.encode()).hexdigest(), "crawl", f"https://e{i}.gov.cn/r.html",
                     None, f"{330000 + i:06d}", f"第{i}区", "某市", provinces[i % 5], "government", None,
                     2015 + i % 10, f"第{i}区{2015 + i % 10}年度法治政府建设情况报告", "page", None,
                     dt.date(2016 + i % 10, 3, 1 + i % 28), None, None, None, body, "{}", "bench", None, 0.0, now, now,
                     "bench"])
        for seq, (line_no, para) in enumerate((n, p) for n, p in enumerate(paras) if p[:2] in ("一、", "二、", "三、")):
            sections.append([rid, 1, seq, 1, para[0], para[:30], "achievements", para[:30], line_no, "bench"])
    with Warehouse(db) as w:
        columns = ("report_id, version, content_sha, source, url, portal_id, admin_code, admin_name, city, province, "
                   "level, department, report_year, title, title_source, publisher, publish_date, written_date, "
                   "index_no, doc_no, body_text, fields, clean_method, attachment_url, traditional_share, "
                   "fetched_at, loaded_at, run_id")
        w.con.executemany(f"INSERT INTO report_versions ({columns}) VALUES ({', '.join('?' * 28)})", rows)
        if sections:
            w.con.executemany("INSERT INTO sections (report_id, version, seq, depth, number, heading, role, "
                              "top_heading, line_no, run_id) VALUES (?,?,?,?,?,?,?,?,?,?)", sections)
        chars = w.con.execute("SELECT sum(length(body_text)) FROM report_versions").fetchone()[0]
    return {"reports": n_reports, "chars": chars, "planted": planted}


def bench_search(db: Path, queries, repeat: int = 5) -> dict:
    con = connect(db)
    out = {}
    try:
        for label, kwargs in queries:
            times, hits = [], 0
            for _ in range(repeat):
                start = time.perf_counter()
                _, rows = search(con, **kwargs)
                times.append((time.perf_counter() - start) * 1000)
                hits = len(rows)
            out[label] = {"ms_median": round(statistics.median(times), 1), "ms_max": round(max(times), 1),
                          "sentences": hits}
    finally:
        con.close()
    return out


BENCH_QUERIES = [
    ("rare 数字法治 (1% of reports)", {"keyword": "数字法治"}),
    ("common 合法性审查", {"keyword": "合法性审查"}),
    ("common 合法性审查 --year 2020", {"keyword": "合法性审查", "year": 2020}),
    ("absent word", {"keyword": "不存在的词语"}),
]


def test_search_benchmark_2000_reports(tmp_path):
    """Search is a scan with contains() plus Python for the matched paragraphs: measure it."""
    corpus = make_corpus(tmp_path / "bench.duckdb", 2000)
    figures = bench_search(tmp_path / "bench.duckdb", BENCH_QUERIES)
    print(f"\nsearch over {corpus['reports']} reports, {corpus['chars'] / 1e6:.1f} M characters:")
    for label, f in figures.items():
        print(f"  {label:<34} {f['ms_median']:>8} ms median  {f['ms_max']:>8} ms max  {f['sentences']} sentences")
    assert figures["rare 数字法治 (1% of reports)"]["sentences"] == corpus["planted"]
    assert figures["absent word"]["sentences"] == 0
    assert figures["rare 数字法治 (1% of reports)"]["ms_median"] < 2000      # loose: a slow CI machine passes


def test_snapshot_streams_report_bodies_within_the_memory_cap(warehouse_path, tmp_path, monkeypatch):
    """The snapshot's memory does not grow with the number of reports: bodies are streamed
    (latest_versions, shortcomings_followup, Parquet row groups by size), never held whole.
    A seed report copied as 6,000 reports of 3,000 units over two years: the views held every
    body and needed 384 MB here; streamed, 96-128 MB."""
    db = tmp_path / "fazhi.duckdb"
    db.write_bytes(warehouse_path.read_bytes())
    with duckdb.connect(str(db)) as con:
        seed = con.execute("SELECT report_id, version FROM latest_versions ORDER BY report_id LIMIT 1").fetchone()
        con.execute("INSERT INTO report_versions SELECT v.* REPLACE (report_id || '-' || n AS report_id, 1 AS version, "
                    "printf('%06d', 110000 + n // 2) AS admin_code, 2021 + n % 2 AS report_year) "
                    "FROM report_versions v, range(6000) t(n) WHERE report_id = ? AND version = ?", list(seed))
        con.execute("INSERT INTO report_items SELECT i.* REPLACE (report_id || '-' || n AS report_id, 1 AS version) "
                    "FROM report_items i, range(6000) t(n) WHERE report_id = ? AND version = ? AND kind = 'shortcoming'",
                    list(seed))
    monkeypatch.setattr(rules, "SNAPSHOT_MEMORY_LIMIT", "160MB")
    manifest = publish_snapshot(db, tmp_path / "snapshot")
    assert manifest["rows"]["reports"] >= 6000
    followed = duckdb.connect().execute(
        f"SELECT count(*) FROM read_parquet('{tmp_path / 'snapshot' / 'shortcomings_followup.parquet'}') "
        "WHERE next_report_id IS NOT NULL AND best_match IS NOT NULL").fetchone()[0]
    assert followed >= 3000
