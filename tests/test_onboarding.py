"""Onboarding from a home page (tests/farm/homepage.toml): a portal registered by its home page
only, its report column three links deep among a hundred-odd others. The first run finds the
column, collects its reports and keeps the column in the warehouse; the next run starts there;
when the kept column is gone, the column is found again."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from fazhi.core import rules
from fazhi.core.paths import SEED_REPORTS_DIR
from fazhi.core.registry import RegistryError, parse_registry
from fazhi.farm.running import Farm
from fazhi.farm.spec import load_specs
from fazhi.farm.truth import portal_truth
from fazhi.pipeline.summary import summary_markdown, summary_text
from flows.annual_reports import annual_reports
from tasks.discover.onboard import link_score

SPECS = load_specs(Path(__file__).parent / "farm" / "homepage.toml", SEED_REPORTS_DIR)
SPEC = SPECS[0]
TRUTH = portal_truth(SPEC)
HUBS = {hub["path"] for hub in SPEC.markup["hubs"]}


def _rows(db, sql, params=None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture()
def farm():
    with Farm(SPECS).start() as running:
        yield running


def _run(farm, tmp_path):
    registry = tmp_path / "portals.toml"
    registry.write_text(farm.registry_toml(), encoding="utf-8")
    return annual_reports(registry=str(registry), db=str(tmp_path / "w.duckdb"), archive=str(tmp_path / "a"),
                          min_host_delay=0.0)


def test_a_registry_entry_may_give_only_the_home_page():
    (portal,) = parse_registry('[[portal]]\nid = "nb"\nname = "宁波市人民政府"\nadmin_code = "330200"\n'
                               'home = "https://www.ningbo.gov.cn/"\n')
    assert portal.start_urls == () and portal.home == "https://www.ningbo.gov.cn/"
    assert portal.hosts == {"www.ningbo.gov.cn"}
    with pytest.raises(RegistryError, match="field 'start_urls': missing .* or `home`"):
        parse_registry('[[portal]]\nid = "nb"\nname = "宁波市人民政府"\nadmin_code = "330200"\n')
    with pytest.raises(RegistryError, match="field 'home': 'www.ningbo.gov.cn' is not an http"):
        parse_registry('[[portal]]\nid = "nb"\nname = "宁波市人民政府"\nadmin_code = "330200"\nhome = "www.ningbo.gov.cn"\n')


def test_navigation_links_are_scored_by_text_and_by_their_own_path():
    order = ["法治政府建设年度报告", "法治政府建设", "依法行政", "工作报告", "政府信息公开", "政务公开"]
    scores = [link_score(text, "http://x/col/a/index.html") for text in order]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores) and scores[-1] > 0
    assert link_score("年度报告", "https://jw.cq.gov.cn/zwgk_209/fzzfjsndbg/") == 100
    # a child of an 信息公开 folder is not an 信息公开 page; another kind of yearly report is no column
    assert link_score("机构职能", "http://x/zfxxgk/jgzn/index.html") == 0
    assert link_score("政府信息公开年报", "http://x/zfxxgk/ndbg/index.html") == 0
    assert link_score("新闻中心", "http://x/xwzx/") == 0


def test_a_home_page_only_portal_is_onboarded_then_crawled_from_its_kept_column(farm, tmp_path):
    db = tmp_path / "w.duckdb"
    column = farm.start_url("farm-home")
    # run 1: the column is found three links deep, every report of its two pages is collected
    summary = _run(farm, tmp_path)
    assert summary["status"] == "completed" and summary["totals"]["reports_new"] == len(TRUTH.reports) == 2
    (row,) = summary["portals"]
    assert row["columns_found"] == [f"法治政府建设年度报告 {column}"]
    assert f"column found from the home page: 法治政府建设年度报告 {column}" in summary_text(summary)
    assert "column found from the home page" in summary_markdown(summary)
    assert _rows(db, "SELECT url FROM report_copies ORDER BY url") == sorted(
        [(farm.url("farm-home", r.path),) for r in TRUTH.reports])
    assert _rows(db, "SELECT portal_id, url, title, score, depth, report_titles, found_from, run_id "
                     "FROM portal_columns") == [
        ("farm-home", column, "法治政府建设年度报告", 100, 3, 1, farm.sites["farm-home"] + "/", summary["run_id"])]
    assert _rows(db, "SELECT home, start_urls FROM portals") == [(farm.sites["farm-home"] + "/", [])]
    # politely: the hundred-odd other links were never opened, and onboarding stayed in its budget
    paths = [r.path for r in farm.requests]
    onboarding = [p for p in paths if p in HUBS or p.startswith("/col/") and not p.startswith(SPEC.markup["column_dir"])]
    assert len(onboarding) + 1 <= rules.ONBOARD_MAX_PAGES
    assert not [p for p in paths if p.startswith(("/col/bm/", "/col/qx/", "/art/2025/1/", "/col/zwfw/"))]
    assert paths.count(SPEC.column_path) == 1        # the column page read while onboarding is reused

    # run 2: starts at the kept column; neither the home page nor a hub is requested
    farm.requests.clear()
    summary = _run(farm, tmp_path)
    assert summary["status"] == "completed" and summary["totals"].get("reports_known") == 2
    assert summary["portals"][0]["columns_found"] == []
    paths = [r.path for r in farm.requests]
    assert "/" not in paths and not set(paths) & HUBS
    assert set(paths) - {"/robots.txt"} == {SPEC.column_path}     # incremental: the column's first page only
    assert len(_rows(db, "SELECT * FROM portal_columns")) == 1


def test_when_the_kept_column_is_gone_the_column_is_found_again(farm, tmp_path):
    db = tmp_path / "w.duckdb"
    first = _run(farm, tmp_path)
    with duckdb.connect(str(db)) as con:     # the site was rebuilt: the kept column answers 404
        con.execute("UPDATE portal_columns SET url = url || 'gone/'")
    farm.requests.clear()
    summary = _run(farm, tmp_path)
    assert summary["status"] == "completed" and summary["totals"].get("reports_known") == 2
    (row,) = summary["portals"]
    assert row["columns_found"] == [f"法治政府建设年度报告 {farm.start_url('farm-home')}"]
    assert any("stored column(s) failed; columns found again" in e for e in row["errors"])
    assert _rows(db, "SELECT url, run_id FROM portal_columns") == [(farm.start_url("farm-home"), summary["run_id"])]
    assert first["run_id"] != summary["run_id"]
