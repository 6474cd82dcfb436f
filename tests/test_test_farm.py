"""The test farm (issue 3; tests/farm): real HTTP on loopback, no mocks."""

from __future__ import annotations

import io
import re
import socket
import tomllib
import urllib.robotparser
from urllib.parse import urljoin, urlsplit

import docx
import pytest
import requests
from bs4 import BeautifulSoup
from pypdf import PdfReader

from farm import (BLOCKED, ELSEWHERE_PATHS, FARM_PORTAL_IDS, FARM_SITE_IDS, FARM_TRUTH, farm_reports, list_items,
                  start_test_farm)
from fazhi.farm import SITE_IDS, start_mirror
from fazhi.farm.attachments import OLE_SIGNATURE, build_pdf

ELSEWHERE = "farm-elsewhere"
SIGNATURE_LINES = 2  # reports end with the unit and the date, not indented


@pytest.fixture(scope="module")
def farm():
    with start_test_farm() as f:
        yield f


@pytest.fixture(scope="module")
def http():
    with requests.Session() as s:
        yield s


def _get(http, url: str) -> requests.Response:
    return http.get(url, allow_redirects=False, timeout=5)


def _text(resp: requests.Response) -> str:
    return resp.content.decode("gb18030" if b"charset=gb2312" in resp.content[:400] else "utf-8")


def _nows(s: str) -> str:
    return re.sub(r"\s", "", s)


# -- truth ---------------------------------------------------------------------
def test_truth_shape():
    assert FARM_PORTAL_IDS == ("farm-trs-gbk", "farm-generic", "farm-attach", "farm-flaky")
    assert ELSEWHERE in FARM_SITE_IDS and ELSEWHERE not in FARM_TRUTH
    for sid, t in FARM_TRUTH.items():
        kinds = {i.kind for i in t.items}
        assert {"report", "interpretation", "work_plan", "info_disclosure_report", "news"} <= kinds, sid
        assert t.n_pages >= 3 and len(t.list_pages) == t.n_pages
        dates = [i.date for i in t.items]
        assert dates == sorted(dates, reverse=True)
        assert t.reports and all(r.path in {i.path for i in t.items} for r in t.reports)
    reps = farm_reports()
    assert sorted(r.source for r in reps) == ["doc", "docx", "page", "page", "page", "page", "pdf"]
    assert [r.readable for r in reps].count(False) == 1
    assert sorted((r.site_id, r.report_year) for r in reps) == sorted([
        ("farm-trs-gbk", 2023), ("farm-trs-gbk", 2022), ("farm-generic", 2023),
        ("farm-attach", 2023), ("farm-attach", 2022), ("farm-attach", 2021), ("farm-flaky", 2024)])
    assert sorted(i.role for _, i in BLOCKED) == ["foreign", "redirect", "robots"]
    r = FARM_TRUTH["farm-trs-gbk"].report
    assert (r.title, r.report_year, r.publish_date) == ("历下区2023年法治政府建设情况报告", 2023, "2024-03-28")
    for rep in reps:
        if rep.readable:
            assert len("".join(rep.body)) > 2000
            assert rep.indicators["head_appearance_rate"] == 100.0


# -- 1. TRS, GBK, no charset in the header ---------------------------------------
def test_trs_gbk_lists(farm, http):
    sid = "farm-trs-gbk"
    t, base = FARM_TRUTH[sid], farm.sites[sid]
    assert t.list_pages == ("/zwgk/fdzdgknr/fzzfjsbg/index.html", "/zwgk/fdzdgknr/fzzfjsbg/index_1.html",
                            "/zwgk/fdzdgknr/fzzfjsbg/index_2.html")
    for k, path in enumerate(t.list_pages):
        r = _get(http, base + path)
        assert r.status_code == 200
        assert r.headers["Content-Type"] == "text/html"
        assert b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' in r.content[:400]
        with pytest.raises(UnicodeDecodeError):
            r.content.decode("utf-8")
        html = r.content.decode("gb18030")
        assert f'createPageHTML({t.n_pages}, {k}, "index", "html")' in html
        soup = BeautifulSoup(html, "lxml")
        lis = soup.select("ul.list li")
        hrefs = [li.a["href"] for li in lis]
        assert all(re.fullmatch(r"\./\d{6}/t\d{8}_\d+\.html", h) for h in hrefs)
        assert [urlsplit(urljoin(r.url, h)).path for h in hrefs] == [i.path for i in t.items if i.page == k + 1]
        assert [li.a["title"] for li in lis] == [i.title for i in t.items if i.page == k + 1]
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", li.span.text) for li in lis)
    assert _get(http, base + "/zwgk/fdzdgknr/fzzfjsbg/index_3.html").status_code == 404


def test_trs_gbk_article(farm, http):
    sid = "farm-trs-gbk"
    for rep in FARM_TRUTH[sid].reports:
        r = _get(http, farm.sites[sid] + rep.path)
        assert r.status_code == 200 and "charset" not in r.headers["Content-Type"]
        html = r.content.decode("gb18030")
        assert "&#" not in html  # every character is in GBK, none escaped
        soup = BeautifulSoup(html, "lxml")
        meta = {m["name"]: m["content"] for m in soup.find_all("meta", attrs={"name": True})}
        assert meta["ArticleTitle"] == rep.title
        assert meta["PubDate"] == rep.publish_datetime and meta["PubDate"].startswith(rep.publish_date)
        assert meta["ContentSource"] == rep.publisher
        assert meta["SiteName"] == "济南市历下区人民政府" and meta["ColumnName"]
        assert soup.select_one("div.crumbsNav").get_text().startswith("当前位置：首页")
        assert "索引号：" in soup.select_one("table.xxgk-table").get_text()
        paras = soup.select("div.TRS_Editor > div.Custom_UnionStyle > p")
        assert [p.get_text().lstrip("\u3000") for p in paras] == list(rep.body)
        assert all(p.get_text().startswith("\u3000\u3000") for p in paras[:-SIGNATURE_LINES])
        heads = [p.get_text().strip("\u3000")[:2] for p in paras if p.strong]
        assert heads == ["一、", "二、", "三、", "四、", "五、"]


# -- 2. generic list with 下一页 ----------------------------------------------------
def test_generic_next_page_chain(farm, http):
    sid = "farm-generic"
    t, base = FARM_TRUTH[sid], farm.sites[sid]
    url, seen, page = farm.start_url(sid), [], 1
    while url:
        r = _get(http, url)
        assert r.status_code == 200 and r.headers["Content-Type"] == "text/html; charset=utf-8"
        for marker in ("createPageHTML", "TRS_Editor", "大汉", "text/xml", "dataproxy"):
            assert marker not in r.text
        soup = BeautifulSoup(r.text, "lxml")
        lis = soup.select("ul.list > li")
        want = [i for i in t.items if i.page == page]
        assert [li.a.get_text() for li in lis] == [i.title for i in want]
        assert [li.span.get_text() for li in lis] == [i.date for i in want]
        for li, item in zip(lis, want):
            full = urljoin(url, li.a["href"])
            assert full == farm.sites[item.host] + item.path
        seen.append(urlsplit(url).path)
        nxt = soup.find("a", string="下一页")
        url, page = (urljoin(url, nxt["href"]), page + 1) if nxt else (None, page)
    assert seen == ["/gsq/fzzfjs/list.html", "/gsq/fzzfjs/list_2.html", "/gsq/fzzfjs/list_3.html"]
    assert list(t.list_pages) == seen
    rep = t.report
    html = _get(http, base + rep.path).text
    soup = BeautifulSoup(html, "lxml")
    assert [p.get_text().lstrip("\u3000") for p in soup.select("div.content > p")] == list(rep.body)


def test_foreign_link_points_at_another_host(farm, http):
    (item,) = list_items("farm-generic", role="foreign")
    assert item.host == ELSEWHERE and item.path in ELSEWHERE_PATHS
    html = _get(http, farm.start_url("farm-generic") if item.page == 1 else
                farm.sites["farm-generic"] + FARM_TRUTH["farm-generic"].list_pages[item.page - 1]).text
    href = BeautifulSoup(html, "lxml").find("a", string=item.title)["href"]
    assert href == farm.sites[ELSEWHERE] + item.path
    assert urlsplit(href).netloc != urlsplit(farm.sites["farm-generic"]).netloc
    assert _get(http, href).status_code == 200


# -- 6. cross-host redirect ---------------------------------------------------------
def test_redirect_to_other_host(farm, http):
    (item,) = list_items("farm-generic", role="redirect")
    r = _get(http, farm.sites["farm-generic"] + item.path)
    assert r.status_code == 302
    loc = r.headers["Location"]
    assert loc == farm.sites[ELSEWHERE] + item.redirect_to
    assert urlsplit(loc).netloc != urlsplit(farm.sites["farm-generic"]).netloc
    assert urlsplit(loc).hostname == "127.0.0.1" and urlsplit(loc).port == farm.ports[ELSEWHERE]
    target = _get(http, loc)
    assert target.status_code == 200 and item.title in target.text


# -- 7. robots.txt ------------------------------------------------------------------
def test_robots_disallows_private(farm, http):
    sid = "farm-generic"
    base = farm.sites[sid]
    r = _get(http, base + "/robots.txt")
    assert r.status_code == 200 and "Disallow: /private/" in r.text
    assert r.text == FARM_TRUTH[sid].robots_txt
    (item,) = list_items(sid, role="robots")
    assert item.path.startswith("/private/") and item.kind == "report"
    rp = urllib.robotparser.RobotFileParser()
    rp.parse(r.text.splitlines())
    ua = "fazhi/0 (research crawler)"
    assert not rp.can_fetch(ua, base + item.path)
    assert rp.can_fetch(ua, base + FARM_TRUTH[sid].report.path)
    assert rp.can_fetch(ua, farm.start_url(sid))
    for other in ("farm-trs-gbk", "farm-attach", "farm-flaky"):
        assert "Disallow" not in _get(http, farm.sites[other] + "/robots.txt").text


# -- 3-5. attachments ----------------------------------------------------------------
def test_attach_list_pages(farm, http):
    sid = "farm-attach"
    t = FARM_TRUTH[sid]
    url, page = farm.start_url(sid), 1
    while url:
        soup = BeautifulSoup(_get(http, url).text, "lxml")
        rows = soup.select("table.list-table tr")
        assert [tr.a["title"] for tr in rows] == [i.title for i in t.items if i.page == page]
        assert [tr.select_one("td.date").text for tr in rows] == [i.date for i in t.items if i.page == page]
        nxt = soup.find("a", string="下页")
        url, page = (urljoin(url, nxt["href"]), page + 1) if nxt else (None, page)
    assert page == t.n_pages == 3
    assert _get(http, farm.sites[sid] + "/public/column/6596211/index.jsp?pageIndex=4").status_code == 404


@pytest.mark.parametrize("source", ["pdf", "docx", "doc"])
def test_notice_links_attachment(farm, http, source):
    sid = "farm-attach"
    (rep,) = [r for r in FARM_TRUTH[sid].reports if r.source == source]
    html = _get(http, farm.sites[sid] + rep.path).text
    soup = BeautifulSoup(html, "lxml")
    link = soup.select_one("div.content a")
    assert link["href"] == rep.attachment_path and link.get_text() == rep.attachment_name
    assert link.parent.get_text().lstrip("\u3000") == "附件：" + rep.attachment_name
    assert rep.attachment_name.endswith("." + source)
    assert len(soup.select_one("div.content").get_text()) < 300  # a notice, not the report
    assert [p.get_text().lstrip("\u3000") for p in soup.select("div.content > p")][:2] == list(rep.notice)
    if source == "pdf":
        assert rep.attachment_path.startswith("/module/download/downfile.jsp?classid=0&filename=")
    else:
        assert rep.attachment_path.startswith("/attach/")


def test_pdf_attachment_text(farm, http):
    (rep,) = [r for r in FARM_TRUTH["farm-attach"].reports if r.source == "pdf"]
    r = _get(http, farm.sites["farm-attach"] + rep.attachment_path)
    assert r.status_code == 200 and r.headers["Content-Type"] == rep.attachment_content_type == "application/octet-stream"
    assert "filename*=UTF-8''" in r.headers["Content-Disposition"]
    assert r.content.startswith(b"%PDF-1.4")
    reader = PdfReader(io.BytesIO(r.content))
    assert len(reader.pages) >= 2
    assert reader.metadata.title == rep.title
    pages = [p.extract_text() for p in reader.pages]
    assert pages[0].splitlines()[0] == rep.title
    for n, text in enumerate(pages, start=1):
        assert text.rstrip().endswith(f"— {n} —")
    joined = "".join(re.sub(r"— \d+ —\s*$", "", p.rstrip()) for p in pages)
    assert _nows(joined) == _nows(rep.title + "".join(rep.body))
    assert r.content == _get(http, farm.sites["farm-attach"] + rep.attachment_path).content


def test_pdf_builder_round_trip():
    paras = ["一、主要举措和成效", "全年办理行政复议案件128件，纠错率12.5%。“引号”《条例》〔2019〕ABC abc"]
    reader = PdfReader(io.BytesIO(build_pdf("标题", paras * 40)))
    assert len(reader.pages) >= 2
    text = "".join(re.sub(r"— \d+ —\s*$", "", p.extract_text().rstrip()) for p in reader.pages)
    assert _nows(text) == _nows("标题" + "".join(paras * 40))


def test_docx_attachment_text(farm, http):
    (rep,) = [r for r in FARM_TRUTH["farm-attach"].reports if r.source == "docx"]
    r = _get(http, farm.sites["farm-attach"] + rep.attachment_path)
    assert r.status_code == 200 and r.headers["Content-Type"] == rep.attachment_content_type
    assert r.content.startswith(b"PK")
    d = docx.Document(io.BytesIO(r.content))
    assert [p.text for p in d.paragraphs] == [rep.title, *rep.body]
    assert d.core_properties.title == rep.title


def test_doc_attachment_unreadable(farm, http):
    (rep,) = [r for r in FARM_TRUTH["farm-attach"].reports if r.source == "doc"]
    assert not rep.readable and rep.body == ()
    r = _get(http, farm.sites["farm-attach"] + rep.attachment_path)
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/msword"
    assert r.content.startswith(OLE_SIGNATURE) and len(r.content) > 10_000
    for enc in ("utf-8", "utf-16-le"):
        with pytest.raises(UnicodeDecodeError):
            r.content.decode(enc)
    assert "法治" not in r.content.decode("gb18030", errors="replace")
    with pytest.raises(Exception):
        docx.Document(io.BytesIO(r.content))
    with pytest.raises(Exception):
        PdfReader(io.BytesIO(r.content))


# -- 8. flaky server ------------------------------------------------------------------
def test_flaky_report_page(farm, http):
    sid = "farm-flaky"
    t = FARM_TRUTH[sid]
    (path,) = t.flaky_paths
    assert path == t.report.path and t.flaky_failures == 2
    url = farm.sites[sid] + path
    farm.reset_flaky()
    before = farm.requests.count(site=sid, path=path)
    assert [_get(http, url).status_code for _ in range(4)] == [503, 503, 200, 200]
    assert farm.requests.count(site=sid, path=path) == before + 4
    page = _get(http, url)
    assert t.report.title in page.text and "charset=utf-8" in page.headers["Content-Type"]
    farm.reset_flaky(sid)
    assert [_get(http, url).status_code for _ in range(3)] == [503, 503, 200]
    # only that page fails: list pages and other articles answer at once
    farm.reset_flaky()
    for p in t.list_pages:
        assert _get(http, farm.sites[sid] + p).status_code == 200
    other = next(i for i in t.items if i.path != path)
    assert _get(http, farm.sites[sid] + other.path).status_code == 200
    assert f'createPageHTML({t.n_pages}, 0, "index", "shtml")' in _get(http, farm.start_url(sid)).text
    farm.reset_flaky()


# -- every site ----------------------------------------------------------------------
def test_every_fetchable_item_serves(farm, http):
    for sid, t in FARM_TRUTH.items():
        farm.reset_flaky()
        for item in t.items:
            if not item.fetchable:
                continue
            r = _get(http, farm.sites[item.host] + item.path)
            if r.status_code == 503:
                r = _get(http, farm.sites[item.host] + item.path)
                r = _get(http, farm.sites[item.host] + item.path)
            assert r.status_code == 200, (sid, item.path)
            assert item.title in _text(r)
        for path in t.list_pages:
            assert _get(http, farm.sites[sid] + path).status_code == 200
    farm.reset_flaky()


def test_interpretations_link_the_newest_report(farm, http):
    for sid, t in FARM_TRUTH.items():
        farm.reset_flaky()
        for item in (i for i in t.items if i.kind == "interpretation"):
            html = _text(_get(http, farm.sites[sid] + item.path))
            assert f'href="{t.report.path}"' in html, (sid, item.title)


def test_detected_cms(farm, http):
    from tasks.discover import detect_cms  # the crawler's own detection, on the farm's pages

    for sid, t in FARM_TRUTH.items():
        r = _get(http, farm.start_url(sid))
        assert detect_cms(_text(r), r.url) == t.cms, sid


def test_conditional_get(farm, http):
    url = farm.start_url("farm-trs-gbk")
    etag = _get(http, url).headers["ETag"]
    assert http.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_registry_toml(farm, http):
    data = tomllib.loads(farm.registry_toml())
    assert [p["id"] for p in data["portal"]] == list(FARM_PORTAL_IDS)
    for p in data["portal"]:
        t = FARM_TRUTH[p["id"]]
        assert p["start_urls"] == [farm.sites[p["id"]] + t.column_path]
        assert p["admin_code"] == t.admin_code and p["cms"] == t.cms
        assert _get(http, p["start_urls"][0]).status_code == 200
    assert farm.sites[ELSEWHERE] not in farm.registry_toml()
    auto = tomllib.loads(farm.registry_toml(auto_cms=True))
    assert {p["cms"] for p in auto["portal"]} == {"auto"}
    one = tomllib.loads(farm.registry_toml(portals=("farm-flaky",)))
    assert [p["id"] for p in one["portal"]] == ["farm-flaky"]


def test_default_mirror_unchanged():
    assert SITE_IDS == ("nb-jiangbei", "nb-zhenhai", "hz-xiacheng", "hh-hecheng")
    with start_mirror() as m:
        assert list(m.sites) == list(SITE_IDS)
        assert not set(m.sites) & set(FARM_SITE_IDS)


def test_stop_and_base_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        base = s.getsockname()[1]
    try:
        f = start_test_farm(base_port=base)
    except OSError:
        pytest.skip("ports taken")
    with f:
        assert list(f.ports.values()) == [base + i for i in range(len(FARM_SITE_IDS))]
        assert requests.get(f.sites[ELSEWHERE] + "/robots.txt", timeout=2).status_code == 200
    f.stop()  # idempotent
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{base}/robots.txt", timeout=2)
