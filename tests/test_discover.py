"""Discovery adapters and classification on the test farm (TRS in GBK, generic 下一页 lists,
table lists) and the seed mirror (Hanweb POST and GET dataproxy, Hunan list pages)."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from fazhi.core.archive import Archive
from fazhi.core.paths import SEED_REPORTS_DIR
from fazhi.farm.running import Farm
from fazhi.farm.spec import load_specs
from fazhi.pipeline.portal import RunContext, process_portal
from farm import start_test_farm
from farm import FARM_TRUTH
from fazhi.farm.mirror import TRUTH
from fazhi.core.registry import parse_registry
from fazhi.core import rules
from tasks.discover import classify_title, discover_portal, items_from_html
from tasks.fetch import FetchSettings, Politeness, PortalFetcher

FAST = FetchSettings(min_host_delay=0.0, backoff_base=0.01)


def discover_all(running, tmp_path, auto=False):
    """{portal id: ({path: candidate}, list pages fetched)} for every portal of a running mirror."""
    registry = running.registry_toml()
    if auto:   # make discovery detect each CMS family itself
        registry = re.sub(r'(?m)^cms = ".*"$', 'cms = "auto"', registry)
    results = {}
    for portal in parse_registry(registry):
        fetcher = PortalFetcher(portal.id, portal.hosts, Archive(tmp_path / "a"), Politeness(0, 4), FAST)
        found = discover_portal(portal, fetcher)
        candidates, errors, pages = found.candidates, found.failures, found.list_pages
        assert not errors, errors
        results[portal.id] = ({urlsplit(c.url).path + (f"?{urlsplit(c.url).query}" if urlsplit(c.url).query else ""): c
                               for c in candidates}, pages)
    return results


@pytest.fixture(scope="module")
def farm():
    with start_test_farm() as running:
        yield running


@pytest.mark.parametrize("auto", [False, True], ids=["cms-given", "cms-auto"])
def test_every_farm_item_found_on_every_page_and_classified(farm, tmp_path, auto):
    results = discover_all(farm, tmp_path, auto=auto)
    for site_id, (found, pages) in results.items():
        truth = FARM_TRUTH[site_id]
        assert pages == truth.n_pages, site_id
        for item in truth.items:
            if item.role == "foreign":
                (candidate,) = [c for c in found.values() if c.title == item.title]
                assert candidate.kind == "other" and "another host" in candidate.reason
                continue
            candidate = found[item.path]
            assert (candidate.kind == "report") == (item.kind == "report"), (item.title, candidate.reason)
        reports = [c for c in found.values() if c.kind == "report"]
        assert {c.report_year for c in reports} >= {r.report_year for r in truth.reports}
        # nothing but list items is taken: no breadcrumb or pagination link back to the column
        listed = {i.path for i in truth.items} | {i.title for i in truth.items}
        assert all(path in listed or c.title in listed for path, c in found.items()), site_id


def test_mirror_adapters_page_through_every_column(tmp_path):
    from fazhi.farm import start_mirror

    with start_mirror() as mirror:
        results = discover_all(mirror, tmp_path, auto=True)
    for site_id, (found, pages) in results.items():
        truth = TRUTH[site_id]
        assert len(found) == len(truth.items), site_id
        assert [c.kind == "report" for c in found.values()].count(True) == 1


def test_paging_stops_at_items_older_than_the_years_asked_for(farm, tmp_path):
    (portal,) = [p for p in parse_registry(farm.registry_toml()) if p.id == "farm-trs-gbk"]
    newest = max(int(i.date[:4]) for i in FARM_TRUTH["farm-trs-gbk"].items)
    fetcher = PortalFetcher(portal.id, portal.hosts, Archive(tmp_path / "a"), Politeness(0, 4), FAST)
    pages = discover_portal(portal, fetcher, years={newest}).list_pages
    assert pages < FARM_TRUTH["farm-trs-gbk"].n_pages


@pytest.mark.parametrize("title, kind", [
    ("关于2023年度宁波市江北区法治政府建设情况的报告", "report"),
    ("镇海区司法局2024年法治政府建设年度报告和2025年工作思路", "report"),
    ("一图读懂《关于2023年度宁波市江北区法治政府建设情况的报告》", "interpretation"),
    ("2024年江北区法治政府建设工作要点", "work_plan"),
    ("江北区2023年政府信息公开工作年度报告", "info_disclosure_report"),
    ("区政府常务会议审议《2023年度法治政府建设情况报告》", "news"),
    ("20xx年区法治政府建设工作报告", "other"),
    ("我区开展法治政府建设示范创建活动", "news"),
    ("江北区甬江街道办事处关于2022年度法治政府建设情况的报告", "township_report"),
    ("慈城镇人民政府2023年法治政府建设年度报告", "township_report"),
    ("水宽乡2025年度法治政府建设报告", "township_report"),
    ("镇海区2024年法治政府建设年度报告", "report"),
    # look-alikes seen on unseen portals (issue reports)
    ("司法部2021年法治政府建设年度报告:一份抢眼的成绩单", "news"),
    ("法治政府建设报告制度实证研究——以2016年度25份省级政府建设报告文本为例", "other"),
    ("全国青少年普法网登录(法治政府建设情况如何?…)", "other"),
])
def test_title_classification(title, kind):
    assert classify_title(title)[0] == kind


def test_traditional_script_list_reads_like_a_simplified_one():
    """Titles in traditional script are kept and classified in simplified script, and a
    traditional 下一頁 leads to the next page (real big5 gateways of provincial portals)."""
    html = ('<ul><li><a href="/art/1.html">寧波市江北區關於2023年度法治政府建設情況的報告</a> 2024-03-01</li>'
            '<li><a href="/art/2.html">乾縣2023年法治政府建設工作要點</a></li></ul>'
            '<div class="page"><a href="/col/index_1.html">下一頁</a> <a href="/col/index_9.html">尾頁</a></div>')
    items = items_from_html(html, "https://www.example.gov.cn/col/index.html")
    assert [(i.title, classify_title(i.title).kind) for i in items] == [
        ("宁波市江北区关于2023年度法治政府建设情况的报告", "report"), ("乾县2023年法治政府建设工作要点", "work_plan")]
    assert rules.NEXT_PAGE_RE.search("下一頁")


def test_a_portal_in_traditional_script_yields_all_its_reports(tmp_path):
    """A big5 gateway serving every page in traditional script (法治政府建設, 下一頁): every
    report on its three list pages is found, by its simplified title, and loaded with its unit."""
    specs = load_specs(Path(__file__).parent / "farm" / "traditional.toml", SEED_REPORTS_DIR)
    with Farm(specs).start() as running:
        (portal,) = parse_registry(running.registry_toml())
        ctx = RunContext(archive=Archive(tmp_path / "a"), politeness=Politeness(0, 4), settings=FAST, run_id="t")
        haul = process_portal(portal, ctx)
    assert haul.outcome.list_pages == 3 and not haul.outcome.failed
    truth = {i.title: i.kind for i in specs[0].items}
    assert {c.title: c.kind for c in haul.candidates} == truth
    loaded = sorted((item.facts.metadata.admin_name, item.facts.metadata.report_year) for item in haul.reports)
    assert loaded == [("下城区", 2020), ("江北区", 2023), ("镇海区", 2024)]


def test_real_report_titles_are_taken_or_sent_to_the_body_check():
    """The dev set's 394 titles of real reports (from 31 provinces, every level, simplified and
    traditional) are reports by their title, or go to the body check (…部门建设工作情况); none is
    dropped by its title. The one exception is a copy whose title was censored (法治 cut out)."""
    from fazhi.core.text import traditional_to_simplified
    from fazhi.evaluation.devset import load_devset
    from tasks.discover.classify import classify_title
    dropped = []
    for passage in load_devset():
        if passage.title:
            verdict = classify_title(traditional_to_simplified(passage.title))
            if verdict.kind != "report" and not verdict.needs_body_check:
                dropped.append(passage.id)
    assert dropped == ["c126"]
