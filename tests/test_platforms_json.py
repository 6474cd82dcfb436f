"""The JSON-API platforms (gkmlpt, Hanweb jpaas, TRS IGS / IRS, Epoint, Jilin infogate,
Heilongjiang search) on their test portals (tests/farm/platforms_json.toml): every report is
found and no look-alike taken, each platform detected from its first page, and each platform's
quirk honoured, as counted at the server."""
from __future__ import annotations

import json
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from farm import PLATFORM_SPECS
from fazhi.core.archive import Archive
from fazhi.core.registry import parse_registry
from fazhi.farm.running import Farm
from fazhi.core.errors import FetchError
from fazhi.core.records import FetchedPage
from tasks.clean import clean_html, normalise_lines
from tasks.discover import discover_portal, list_items
from tasks.discover.listing import page_json
from tasks.fetch import FetchSettings, Politeness, PortalFetcher

FAST = FetchSettings(min_host_delay=0.0, backoff_base=0.01)
SPECS = {s.id: s for s in PLATFORM_SPECS}


@pytest.fixture(scope="module")
def farm():
    with Farm(list(SPECS.values())).start() as running:
        yield running


def discover(farm, tmp_path, site_id: str, years: set[int] | None = None):
    """(candidates by URL, failed columns, list pages) of one test portal, its platform detected."""
    (portal,) = parse_registry(farm.registry_toml(portals=(site_id,)))
    assert portal.cms == "auto"
    fetcher = PortalFetcher(portal.id, portal.hosts, Archive(tmp_path / "a"), Politeness(0, 4), FAST)
    found = discover_portal(portal, fetcher, years)
    candidates, errors, pages = found.candidates, found.failures, found.list_pages
    return {c.url: c for c in candidates}, errors, pages


def requests_to(farm, site_id: str, prefix: str):
    return [r for r in farm.requests.snapshot() if r.site == site_id and r.path.startswith(prefix)]


@pytest.mark.parametrize("site_id", list(SPECS))
def test_every_report_found_and_no_lookalike_taken(farm, tmp_path, site_id):
    spec = SPECS[site_id]
    fetcher = PortalFetcher(site_id, frozenset({urlsplit(farm.sites[site_id]).netloc}), Archive(tmp_path / "b"),
                            Politeness(0, 4), FAST)
    _, platform, _ = list_items(fetcher, farm.start_url(site_id), "auto", None)
    assert platform == spec.family
    found, errors, pages = discover(farm, tmp_path, site_id)
    assert not errors and pages > 1
    base = farm.sites[site_id]
    for item in spec.listed:
        candidate = found.get(base + item.path)
        assert candidate is not None, f"{item.title} never listed"
        assert candidate.title == item.title           # the platform's own title field, whole
        assert candidate.date is not None and candidate.date.isoformat() == item.date
        assert (candidate.kind == "report") == (item.kind == "report"), (item.title, candidate.reason)


def test_gkmlpt_reads_from_page_1_and_ends_at_the_404(farm, tmp_path):
    site, spec = "farm-gkmlpt", SPECS["farm-gkmlpt"]
    api = farm.sites[site] + "/yjsfj/gkmlpt/api/all/721?sid=662021&page="
    assert requests.get(api + "0").content == requests.get(api + "1").content   # pages 0 and 1 are one page
    farm.requests.clear()
    _, errors, _ = discover(farm, tmp_path, site)
    asked = [parse_qs(urlsplit(r.path).query)["page"][0] for r in requests_to(farm, site, "/yjsfj/gkmlpt/api/")]
    assert asked == ["1", "2", "3", "4"] and spec.n_pages == 3 and not errors
    assert farm.requests.count(site=site, prefix="/yjsfj/gkmlpt/api/", status=404) == 1


def test_gkmlpt_article_text_is_read_from_its_config_detail(farm):
    """The article page is a script shell; its text is in window._CONFIG.DETAIL."""
    spec = SPECS["farm-gkmlpt"]
    report = spec.reports[0]
    html = requests.get(farm.sites["farm-gkmlpt"] + report.path).content.decode("utf-8")
    assert report.report.body[3] not in html.split("window._CONFIG")[0]
    page = clean_html(html)
    assert page.method == "embedded-detail" and page.title == report.title
    lines = page.body_text.split("\n")
    assert lines == normalise_lines(list(report.report.body))[0]    # every paragraph, as any page's
    assert page.fields["publisher"] == report.source


def test_jpaas_pages_through_paramjson_not_a_bare_pageno(farm, tmp_path):
    site, spec = "farm-jpaas", SPECS["farm-jpaas"]
    unit = farm.sites[site] + "/api-gateway/jpaas-publish-server/front/page/build/unit"
    ids = ("parseType=bulidstatic&webId=3185&tplSetId=0f3a6c4d2b8e41d7a95c1e&pageType=column&editType=null"
           "&pageId=1229561874&tagId=当前栏目list")

    def html(extra: str) -> str:
        return requests.get(f"{unit}?{ids}&{extra}").json()["data"]["html"]
    page_1, page_2 = html('paramJson={"pageNo":1,"pageSize":5}'), html('paramJson={"pageNo":2,"pageSize":5}')
    assert html("pageNo=2&pageSize=5") == page_1 != page_2       # the server ignores a bare pageNo
    farm.requests.clear()
    found, errors, _ = discover(farm, tmp_path, site)
    calls = requests_to(farm, site, "/api-gateway/")
    paging = [json.loads(parse_qs(urlsplit(r.path).query)["paramJson"][0]) for r in calls]
    # 17 items at 15 a page: the empty third page ends the walk (the answer gives no total)
    assert [p["pageNo"] for p in paging] == [1, 2, 3] and all(p["pageSize"] == 15 for p in paging)
    assert all(r.referer and r.xhr for r in calls) and len(found) == len(spec.listed)


def test_trs_igs_sends_referer_and_its_title_search_finds_a_report_filed_elsewhere(farm, tmp_path):
    site, spec = "farm-trs-igs", SPECS["farm-trs-igs"]
    list_url = farm.sites[site] + "/igs/front/search/list.html?siteId=35&filter%5BCHANNELID%5D=61458&pageNumber=1"
    assert requests.get(list_url).status_code == 403                       # no Referer: refused
    assert requests.get(list_url, headers={"Referer": farm.start_url(site)}).json()["page"]["total"] == len(spec.listed)
    farm.requests.clear()
    found, errors, _ = discover(farm, tmp_path, site)
    calls = requests_to(farm, site, "/igs/")
    assert calls and all(r.referer and r.xhr and r.status == 200 for r in calls) and not errors
    searches = [parse_qs(urlsplit(r.path).query) for r in calls if r.path.startswith("/igs/front/search.jhtml")]
    assert {s["searchWord"][0] for s in searches} == {"法治政府建设 年度报告", "法治政府建设 情况"}
    assert all(s["position"] == ["TITLE"] for s in searches) and len(searches) <= 4
    (filed_elsewhere,) = [i for i in spec.items if not i.listed]
    hit = found[farm.sites[site] + filed_elsewhere.path]
    assert hit.kind == "report" and hit.title == filed_elsewhere.title     # <em> stripped


def test_trs_irs_posts_json_and_takes_titles_from_the_field_that_holds_them(farm, tmp_path):
    site, spec = "farm-trs-irs", SPECS["farm-trs-irs"]
    assert requests.get(farm.sites[site] + "/irs/front/list").status_code == 405
    farm.requests.clear()
    found, _, _ = discover(farm, tmp_path, site)
    calls = requests_to(farm, site, "/irs/")
    assert [r.method for r in calls] == ["POST"] * spec.n_pages and all(r.status == 200 for r in calls)
    assert {c.title for c in found.values()} == {i.title for i in spec.listed}


def test_epoint_takes_the_siteguid_from_its_script_and_posts_json_only(farm, tmp_path):
    site, spec = "farm-epoint", SPECS["farm-epoint"]
    api = farm.sites[site] + "/EWB-FRONT/rest/lightfrontaction/getgovinfolist"
    body = {"siteGuid": spec.markup["site_guid"], "categorynum": "003006", "pageIndex": 0, "pageSize": 20}
    assert requests.post(api, data=body).status_code == 400          # form-encoded: rejected
    assert requests.get(api, params=body).status_code == 405
    assert len(requests.post(api, json=body).json()["custom"]["data"]) == len(spec.listed)
    farm.requests.clear()
    found, _, _ = discover(farm, tmp_path, site)
    assert farm.requests.count(site=site, path="/js/webBuilderCommon.js") == 1
    calls = requests_to(farm, site, "/EWB-FRONT/")
    assert calls and all(r.method == "POST" and r.status == 200 for r in calls)
    long_titles = [i.title for i in spec.listed if len(i.title) > 20]
    assert long_titles and all(t in {c.title for c in found.values()} for t in long_titles)   # realtitle, not title


def test_infogate_jsonp_with_a_bom_and_blank_lines_is_read(farm, tmp_path):
    site = "farm-infogate"
    jsonp = farm.sites[site] + "/govsearch/jsonp/zf_jd_list.jsp?page=1&channelId=134657&callback=result"
    raw = requests.get(jsonp).content
    assert raw.startswith(b"\xef\xbb\xbf\r\n\r\n") and b"result({" in raw
    farm.requests.clear()
    found, errors, pages = discover(farm, tmp_path, site)
    assert not errors and len(found) == len(SPECS[site].listed)
    assert len(requests_to(farm, site, "/govsearch/jsonp/")) == SPECS[site].n_pages   # ends at num


def test_heilongjiang_search_asks_for_json_and_caps_the_page_size(farm, tmp_path):
    site = "farm-hlj-search"
    html = requests.get(farm.sites[site] + "/common/search/107856?page=1&_pageSize=5")
    assert html.headers["Content-Type"].startswith("text/html")                  # without _isJson
    farm.requests.clear()
    found, _, _ = discover(farm, tmp_path, site)
    asked = [parse_qs(urlsplit(r.path).query) for r in requests_to(farm, site, "/common/search/")]
    assert asked and all(q["_isJson"] == ["true"] and int(q["_pageSize"][0]) <= 50 for q in asked)
    assert len(found) == len(SPECS[site].listed)


def test_a_walk_stops_at_items_older_than_the_years_asked_for(farm, tmp_path):
    """Asked for 2024 reports only (published from 2025 on), the list walk ends at the first
    page whose items are all older, instead of reading every page."""
    site, spec = "farm-infogate", SPECS["farm-infogate"]
    farm.requests.clear()
    found, _, _ = discover(farm, tmp_path, site, years={2024})
    calls = len(requests_to(farm, site, "/govsearch/jsonp/"))
    assert calls < spec.n_pages
    assert all(farm.sites[site] + i.path in found for i in spec.listed if i.date >= "2025-01-01")


def test_an_answer_that_is_not_json_fails_its_column_with_the_url():
    url = "http://x.gov.cn/common/search/1?page=2"

    def answer(body: bytes) -> FetchedPage:
        return FetchedPage(url=url, final_url=url, status=200, headers={}, body=body, sha256="", fetched_at=None,
                           downloaded=True)
    assert page_json(answer(b"\xef\xbb\xbf\r\n\r\nresult({\"num\": 3, \"data\": []});\r\n")) == {"num": 3, "data": []}
    with pytest.raises(FetchError, match=r"^http://x\.gov\.cn/common/search/1\?page=2: list answer is not JSON"):
        page_json(answer(b"<html><body>\xe7\xb3\xbb\xe7\xbb\x9f\xe7\xb9\x81\xe5\xbf\x99</body></html>"))


def test_a_stub_deep_page_ends_the_walk_and_keeps_what_was_read(tmp_path):
    """Pages from the third on answer a 200 stub of a few hundred bytes: the column keeps the
    items of pages 1 and 2 and does not fail."""
    spec = SPECS["farm-hlj-search"]
    stubbed = replace(spec, markup={**spec.markup, "stub_from": 3}, items=list(spec.items))
    with Farm([stubbed]).start() as running:
        found, errors, _ = discover(running, tmp_path, stubbed.id)
        assert running.requests.count(prefix="/common/search/") == 3
    assert not errors
    assert sorted(found) == sorted(running.sites[stubbed.id] + i.path for i in spec.listed[:2 * spec.per_page])
