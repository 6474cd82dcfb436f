"""Discovery on the HTML-fragment platforms (issue 13): the Anhui label platform, Hanweb xxgk,
TrueCMS, Hebei /columns/, TRS WAS5, the Hanweb jcms dialects and the TRS dialects, on the test
portals of tests/farm/platforms_html.toml. Every report is found, no look-alike is taken as a
report, and each platform's quirk is checked where it shows: in the requests the portal served."""
from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from fazhi.core import registry, rules
from fazhi.core.archive import Archive
from fazhi.core.paths import SEED_REPORTS_DIR
from fazhi.core.registry import parse_registry
from fazhi.farm.running import Farm
from fazhi.farm.spec import load_specs
from fazhi.pipeline.portal import RunContext, process_portal
from tasks.discover import discover_portal, platforms, title_search
from tasks.discover.listing import Column
from tasks.fetch import FetchSettings, Politeness, PortalFetcher

FAST = FetchSettings(min_host_delay=0.0, backoff_base=0.01)
SPECS = load_specs(Path(__file__).parent / "farm" / "platforms_html.toml", SEED_REPORTS_DIR)
BY_ID = {s.id: s for s in SPECS}
# the platform each test portal must be detected as
PLATFORM = {"label": "label", "hanweb_xxgk": "hanweb_xxgk", "truecms": "truecms", "hebei_columns": "hebei_columns",
            "was5": "was5", "jcms": "hanweb", "trs_dialect": "trs"}


def _discover(running: Farm, tmp_path: Path, auto: bool, years: set[int] | None = None) -> dict:
    """{portal id: ({path: candidate}, list pages, failures)} for every test portal."""
    out = {}
    for portal in parse_registry(running.registry_toml(auto_cms=auto)):
        fetcher = PortalFetcher(portal.id, portal.hosts, Archive(tmp_path / "archive"), Politeness(0, 4), FAST)
        found = discover_portal(portal, fetcher, years)
        candidates, failures, pages = found.candidates, found.failures, found.list_pages
        base = running.sites[portal.id]
        found = {c.url[len(base):]: c for c in candidates}
        out[portal.id] = (found, pages, failures)
    return out


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One farm, discovered once with the platforms detected: (farm, results, the requests
    that discovery made)."""
    with Farm(SPECS).start() as running:
        results = _discover(running, tmp_path_factory.mktemp("platforms"), auto=True)
        yield running, results, running.requests.snapshot()


def served(requests, site: str, path: str | None = None) -> list:
    """Requests the portal served (to one path, query aside)."""
    return [r for r in requests if r.site == site and (path is None or r.path.split("?")[0] == path)]


def query(request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(request.path).query).items()}


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_every_item_found_and_no_lookalike_taken(run, spec):
    running, results, log = run
    found, _pages, failures = results[spec.id]
    assert not failures
    for item in spec.listed:
        candidate = found[item.path]
        assert (candidate.kind == "report") == (item.kind == "report"), (item.title, candidate.reason)
        assert candidate.title == item.title and candidate.date == dt.date.fromisoformat(item.date)
    assert set(found) >= {i.path for i in spec.listed}


def test_each_portal_is_detected_as_its_platform(run, tmp_path):
    running, _, log = run
    for spec in SPECS:
        fetcher = PortalFetcher(spec.id, (urlsplit(running.sites[spec.id]).netloc,), Archive(tmp_path / "a"),
                                Politeness(0, 4), FAST)
        first = fetcher.fetch_page(running.start_url(spec.id))
        assert platforms.detect(first.text, running.start_url(spec.id)) == PLATFORM[spec.family], spec.id


def test_the_platform_forced_by_the_registry_reads_the_same(tmp_path):
    with Farm(SPECS).start() as running:
        results = _discover(running, tmp_path, auto=False)
    for spec in SPECS:
        found, _, failures = results[spec.id]
        assert not failures and {i.path for i in spec.listed} <= set(found), spec.id


def test_registry_knows_every_platform_by_name():
    assert set(platforms.BY_NAME) <= set(registry.CMS_KINDS)


# -- the label platform -----------------------------------------------------------------------
def test_label_pages_the_fragment_with_the_shell_as_referer_and_asks_its_title_search(run):
    running, results, log = run
    calls = served(log, "plat-label", "/site/label/8888")
    lists = [r for r in calls if query(r)["labelName"] == "publicInfoList"]
    assert [int(query(r)["pageIndex"]) for r in lists] == [1, 2, 3]      # pageCount 3 in the fragment: no 4th call
    assert all(r.status == 200 and "/public/column/6596221" in r.referer for r in calls)
    searches = [query(r) for r in calls if query(r)["labelName"] == "searchDataList"]
    assert [s["keywords"] for s in searches] == list(rules.TITLE_SEARCH_PHRASES) or \
        {s["keywords"] for s in searches} == set(rules.TITLE_SEARCH_PHRASES)
    assert all(s["isJson"] == "true" and s["siteId"] == "6781" for s in searches)
    url = running.sites["plat-label"] + lists[0].path
    with pytest.raises(urllib.error.HTTPError) as refused:   # the CDN's rule: no Referer, no list
        urllib.request.urlopen(url, timeout=5)
    assert refused.value.code == 403


def test_label_ids_only_shell_walks_to_the_empty_page(run):
    running, _, log = run
    lists = [query(r) for r in served(log, "plat-label-ids", "/site/label/8888")]
    assert [q["pageIndex"] for q in lists] == ["1", "2", "3"]       # 17 items by 15, then an empty page
    assert {(q["organId"], q["catId"], q["siteId"], q["file"]) for q in lists} == {
        ("6636765", "7184521", "4721", "/hg/xxgk/publicInfoList_js")}
    assert not [q for q in lists if q["labelName"] == "searchDataList"]       # no search form: no search


# -- Hanweb xxgk --------------------------------------------------------------------------------
def test_xxgk_keeps_only_the_columns_rows_of_the_area_wide_answer(run):
    running, results, log = run
    found, pages, _ = results["plat-xxgk"]
    calls = served(log, "plat-xxgk", "/module/xxgk/search.jsp")
    assert all(r.method == "POST" and r.status == 200 and r.referer.endswith("/col/col1229106/index.html") for r in calls)
    assert [query(r)["currpage"] for r in calls] == ["1", "2", "3", "4"]   # 17 area rows by 5
    assert all("art_1229106_" in path for path in found)
    # another column's report sits among the rows: never a candidate
    assert "关于2023年度上城区法治政府建设情况的报告" not in {c.title for c in found.values()}
    request = urllib.request.Request(running.sites["plat-xxgk"] + calls[0].path, data=b"area=11330102002491873C")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 403


# -- TrueCMS -------------------------------------------------------------------------------------
def test_truecms_falls_back_from_perpage_50_to_20_to_10(run):
    running, _, log = run
    calls = served(log, "plat-truecms", "/TrueCMS/messageController/getMessage.do")
    assert [(query(r)["perpage"], query(r)["startrecord"], r.status) for r in calls] == [
        ("50", "1", 404), ("20", "1", 404), ("10", "1", 200), ("10", "11", 200)]
    assert all(r.referer for r in calls)
    with pytest.raises(urllib.error.HTTPError) as refused:     # Rugao's quirk: no Referer, 404
        urllib.request.urlopen(running.sites["plat-truecms"] + calls[-1].path, timeout=5)
    assert refused.value.code == 404


def test_truecms_with_a_retired_pager_reads_the_hidden_init_data(run):
    running, results, log = run
    calls = served(log, "plat-truecms-init", "/TrueCMS/messageController/getMessage.do")
    assert [r.status for r in calls] == [404, 404, 404]
    found, pages, failures = results["plat-truecms-init"]
    assert pages == 1 and not failures and len(found) == len(BY_ID["plat-truecms-init"].listed)


# -- Hebei /columns/ -----------------------------------------------------------------------------
def test_hebei_block_walk_ends_on_the_repeated_last_page_and_searches_by_keyword(run):
    running, _, log = run
    spec = BY_ID["plat-hebei"]
    block = [query(r) for r in served(log, "plat-hebei") if "/blocks/" in r.path]
    pages = [q["page"] for q in block if "keyword" not in q]
    assert pages == ["1", "2", "3", "4"]          # page 4 answers page 3 again: the repeat ends the walk
    assert all(q["fix"] == "0" for q in block)
    assert {q["keyword"] for q in block if "keyword" in q} == set(rules.TITLE_SEARCH_PHRASES)
    assert spec.n_pages == 3


# -- WAS5 --------------------------------------------------------------------------------------
def test_was5_pages_its_call_and_searches_the_channel(run):
    running, _, log = run
    calls = [query(r) for r in served(log, "plat-was5", "/was5/web/search")]
    lists = [q for q in calls if "searchword" not in q]
    assert [q["page"] for q in lists] == ["1", "2", "3"]                 # pagenum 3 in the JSON
    assert all(q["channelid"] == "229105" and q["classsql"] == "chnlid=35207" for q in lists)
    assert {q["searchword"] for q in calls if "searchword" in q} == set(rules.TITLE_SEARCH_PHRASES)
    html_lists = [q for q in map(query, served(log, "plat-was5-html", "/was5/web/search")) if "searchword" not in q]
    assert [q["templet"] for q in html_lists][:3] == ["advsch.jsp"] * 3


# -- Hanweb jcms dialects -----------------------------------------------------------------------
def test_jcms_proxy_path_from_the_page_and_perpage_capped(run):
    running, _, log = run
    calls = served(log, "plat-jcms-proxyurl", "/module/web/jpage/dataproxyNew.jsp")
    assert calls and all(r.status == 200 for r in calls)
    for r in calls:
        q = query(r)
        assert int(q["perpage"]) <= rules.HANWEB_MAX_PERPAGE
        assert int(q["endrecord"]) - int(q["startrecord"]) + 1 <= rules.HANWEB_MAX_PERPAGE


def test_jcms_jrobot_title_search_finds_a_report_of_another_column(run):
    running, results, log = run
    found, _, _ = results["plat-jcms-proxyurl"]
    searches = [query(r) for r in served(log, "plat-jcms-proxyurl", "/jrobot/search.do")]
    assert {q["q"] for q in searches} == set(rules.TITLE_SEARCH_PHRASES)
    assert all(q["pos"] == "title" and q["webid"] == str(BY_ID["plat-jcms-proxyurl"].markup["webid"]) for q in searches)
    (hidden,) = [i for i in BY_ID["plat-jcms-proxyurl"].items if i.role == "unlisted"]
    assert found[hidden.path].kind == "report" and found[hidden.path].title == hidden.title   # <em> stripped
    assert hidden.path not in {i.path for i in BY_ID["plat-jcms-proxyurl"].listed}


def test_jcms_older_jslib_proxy(run):
    running, _, log = run
    calls = served(log, "plat-jcms-jslib", "/module/jslib/jquery/jpage/dataproxy.jsp")
    assert [r.method for r in calls] == ["POST"] and calls[0].status == 200


def test_jcms_server_honouring_only_page(run):
    running, results, log = run
    calls = [query(r) for r in served(log, "plat-jcms-pageonly", "/module/jpage/dataproxy.jsp")]
    assert [q["page"] for q in calls] == ["2", "3"]
    assert len(results["plat-jcms-pageonly"][0]) == len(BY_ID["plat-jcms-pageonly"].listed)


def test_jcms_nextgroup_followed_as_given(run):
    running, _, log = run
    calls = served(log, "plat-jcms-nextgroup", "/module/web/jpage/dataproxy.jsp")
    assert len(calls) == 2 and all("sign" in query(r) for r in calls)    # no call built without the sign
    assert [query(r)["startrecord"] for r in calls] == ["4", "13"]


def test_jcms_server_side_pagenum(run):
    running, _, log = run
    spec = BY_ID["plat-jcms-pagenum"]
    pages = [query(r).get("pageNum") for r in served(log, spec.id, spec.column_path)]
    assert pages == [None, "2", "3"]


# -- TRS dialects ----------------------------------------------------------------------------
def test_trs_createpage_shtml_ends_at_the_first_stub(run):
    running, results, log = run
    paths = [r.path for r in served(log, "plat-trs-createpage") if "/index" in r.path]
    assert paths == ["/zwgk_209/fzzfjsndbg/index.shtml", "/zwgk_209/fzzfjsndbg/index_1.shtml",
                     "/zwgk_209/fzzfjsndbg/index_2.shtml", "/zwgk_209/fzzfjsndbg/index_3.shtml"]   # index_3: a stub
    assert not results["plat-trs-createpage"][2]


def test_trs_column_index_and_count_variable(run):
    running, _, log = run
    chengdu = [r.path for r in served(log, "plat-trs-colindex") if "column-index" in r.path]
    assert chengdu == [f"/jjqzfxxgk/fzzfjs/column-index-{k}.shtml" for k in (1, 2, 3)]
    heihe = [r.path for r in served(log, "plat-trs-countvar") if "/index" in r.path]
    assert heihe == ["/xxgk/fzzf/index.html", "/xxgk/fzzf/index_1.html", "/xxgk/fzzf/index_2.html", "/xxgk/fzzf/index_3.html"]


# -- years and the search hook ---------------------------------------------------------------
def test_walks_stop_at_items_older_than_the_years_asked(tmp_path):
    """Asked for 2024 only (items from 2025 on): each walk stops once a page is all older."""
    with Farm([BY_ID["plat-label"], BY_ID["plat-xxgk"], BY_ID["plat-hebei"]]).start() as running:
        results = _discover(running, tmp_path, auto=True, years={2024})
        log = running.requests.snapshot()
    lists = [r for r in served(log, "plat-label", "/site/label/8888") if "publicInfoList" in r.path]
    blocks = [r for r in served(log, "plat-hebei") if "/blocks/" in r.path and "keyword" not in r.path]
    rows = [r for r in served(log, "plat-xxgk", "/module/xxgk/search.jsp")]
    # page 1 holds 2025 items, page 2 none: the walk ends there, not at page 3
    assert len(lists) == 2 and len(blocks) == 2 and len(rows) == 2
    found, _, _ = results["plat-label"]
    assert {c.title for c in found.values() if c.kind == "report"} >= {"镇海区司法局2024年法治政府建设年度报告和2025年工作思路"}


def test_a_failing_title_search_costs_its_hits_not_the_column(tmp_path):
    """A search answer that is not the platform's JSON is logged; the column's items stay."""
    class Broken:
        @staticmethod
        def title_search(column, phrases):
            raise ValueError("not JSON")

    with Farm([BY_ID["plat-was5"]]).start() as running:
        fetcher = PortalFetcher("plat-was5", (urlsplit(running.sites["plat-was5"]).netloc,), Archive(tmp_path / "a"),
                                Politeness(0, 4), FAST)
        first = fetcher.fetch_page(running.start_url("plat-was5"))
        column = Column(fetcher, running.start_url("plat-was5"), first, None, rules.MAX_LIST_PAGES)
        assert title_search(Broken, column) == ([], 0)


@pytest.mark.parametrize("site", ["plat-label", "plat-truecms", "plat-jcms-nextgroup"])
def test_the_whole_portal_run_loads_the_reports_a_platform_lists(site, tmp_path):
    """Discover, fetch, clean and extract on a platform portal: its three reports (real seed
    texts) come out with their years."""
    with Farm([BY_ID[site]]).start() as running:
        (portal,) = parse_registry(running.registry_toml(auto_cms=True))
        ctx = RunContext(archive=Archive(tmp_path / "a"), politeness=Politeness(0, 4), settings=FAST, run_id="t")
        haul = process_portal(portal, ctx)
    assert not haul.outcome.failed
    years = sorted(item.facts.metadata.report_year for item in haul.reports)
    assert years == [2020, 2023, 2024]
