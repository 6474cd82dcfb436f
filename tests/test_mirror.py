"""The offline portal mirror: real HTTP on loopback, no mocks."""

from __future__ import annotations

import re
import socket
import tomllib
from pathlib import Path

import lxml.html
import pytest
import requests
from bs4 import BeautifulSoup

from fazhi.farm.mirror import (
    DEFAULT_BASE_PORT,
    SITE_IDS,
    TRUTH,
    default_registry_toml,
    reports,
    start_mirror,
    write_default_registry,
)

ROOT = Path(__file__).resolve().parents[1]
HANWEB = [sid for sid in SITE_IDS if TRUTH[sid].cms == "hanweb"]
HREF_RE = re.compile(r'<a href="([^"]+)"')


@pytest.fixture(scope="module")
def mirror():
    m = start_mirror()
    yield m
    m.stop()


@pytest.fixture(scope="module")
def http():
    with requests.Session() as s:
        yield s


def _text(resp: requests.Response) -> str:
    return resp.content.decode("gb18030" if b'charset="gb2312"' in resp.content[:300] else "utf-8")


def _records(xml: str) -> list[str]:
    return re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", xml, re.S)


def _hrefs(records: list[str]) -> list[str]:
    return [HREF_RE.search(r).group(1) for r in records]


def _expected(sid: str, page: int) -> list[str]:
    return [i.path for i in TRUTH[sid].items if i.page == page]


# -- truth -------------------------------------------------------------------
def test_truth_shape():
    assert len(reports()) == 4
    for sid in SITE_IDS:
        t = TRUTH[sid]
        kinds = [i.kind for i in t.items]
        assert kinds.count("report") == 1
        for k in ("interpretation", "work_plan", "info_disclosure_report", "news"):
            assert k in kinds, (sid, k)
        assert t.n_pages >= 3 and 35 <= t.total <= 45
        assert next(i.page for i in t.items if i.kind == "report") in (1, 2)
        dates = [i.date for i in t.items]
        assert dates == sorted(dates, reverse=True)
    assert TRUTH["nb-zhenhai"].report.level == "department"
    assert TRUTH["nb-jiangbei"].report.publish_date == "2024-03-28"
    assert TRUTH["hz-xiacheng"].report.report_year == 2020


# -- Hanweb columns ------------------------------------------------------------
@pytest.mark.parametrize("sid", HANWEB)
def test_hanweb_column_first_page(mirror, http, sid):
    t = TRUTH[sid]
    r = http.get(mirror.sites[sid] + t.column_path)
    assert r.status_code == 200
    html = _text(r)
    assert "Produced By 大汉网络 大汉版通发布系统" in html
    m = re.search(r'<script type="text/xml">(.*?)</script>', html, re.S)
    assert m and "<datastore>" in m.group(1) and "<recordset>" in m.group(1)
    assert f"totalRecord:{t.total}," in html
    assert _hrefs(_records(m.group(1))) == _expected(sid, 1)


def _proxy_from_page(html: str) -> tuple[str, str]:
    """The proxy URL as a crawler finds it: the nextgroup href in the page's datastore."""
    href = re.search(r"<nextgroup><!\[CDATA\[<a href=\"([^\"]+)\"", html).group(1)
    path, query = href.split("?", 1)
    return path, query


def test_dataproxy_post_jiangbei(mirror, http):
    sid = "nb-jiangbei"
    base, t = mirror.sites[sid], TRUTH[sid]
    path, query = _proxy_from_page(_text(http.get(base + t.column_path)))
    assert path == "/module/jpage/dataproxy.jsp"
    form = dict(kv.split("=", 1) for kv in query.split("&"))
    form.pop("page")
    form["col"] = "1"
    for page in (2, 3):
        start, end = (page - 1) * 15 + 1, page * 15
        r = http.post(f"{base}{path}?startrecord={start}&endrecord={end}&perpage=15", data=form)
        assert r.status_code == 200
        assert f"<totalrecord>{t.total}</totalrecord>" in r.text
        assert _hrefs(_records(r.text)) == _expected(sid, page)
    # a whole group of three pages in one call, as jcms asks for it
    r = http.post(f"{base}{path}?startrecord=1&endrecord=45&perpage=15", data=form)
    assert len(_records(r.text)) == t.total
    # the other variant's path does not exist here; a wrong column gives nothing
    assert http.get(base + "/module/web/jpage/dataproxy.jsp?page=2").status_code == 404
    r = http.post(f"{base}{path}?startrecord=16&endrecord=30", data={"columnid": "1"})
    assert _records(r.text) == []


def test_dataproxy_get_zhenhai(mirror, http):
    sid = "nb-zhenhai"
    base, t = mirror.sites[sid], TRUTH[sid]
    html = _text(http.get(base + t.column_path))
    path, query = _proxy_from_page(html)
    assert path == "/module/web/jpage/dataproxy.jsp"
    assert f"proxyUrl: '{path}'" in html
    for page in (2, 3):
        q = re.sub(r"page=\d+", f"page={page}", query)
        r = http.get(f"{base}{path}?{q}")
        assert r.status_code == 200
        assert f"<totalrecord>{t.total}</totalrecord>" in r.text
        assert _hrefs(_records(r.text)) == _expected(sid, page)
    assert http.get(base + "/module/jpage/dataproxy.jsp").status_code == 404


def test_gbk_site(mirror, http):
    sid = "hz-xiacheng"
    base, t = mirror.sites[sid], TRUTH[sid]
    for path in (t.column_path, t.report.path):
        r = http.get(base + path)
        assert r.headers["Content-Type"] == "text/html"
        assert b'<meta charset="gb2312">' in r.content[:300]
        with pytest.raises(UnicodeDecodeError):
            r.content.decode("utf-8")
        assert t.report.title in r.content.decode("gbk")
    r = http.post(f"{base}/module/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=15",
                  data={"columnid": "1229160421", "unitid": "5231107"})
    assert "charset" not in r.headers["Content-Type"]
    assert _hrefs(_records(r.content.decode("gbk"))) == _expected(sid, 2)


# -- Hunan ---------------------------------------------------------------------
def test_hunan_lists(mirror, http):
    sid = "hh-hecheng"
    base, t = mirror.sites[sid], TRUTH[sid]
    assert t.column_path == "/hechengqu/c115525/list.shtml"
    for page, name in ((1, "list.shtml"), (2, "list_2.shtml"), (3, "list_3.shtml")):
        r = http.get(f"{base}/hechengqu/c115525/{name}")
        assert r.status_code == 200 and "charset=utf-8" in r.headers["Content-Type"]
        assert f"createPageHTML('paging', 3, {page}," in r.text
        soup = BeautifulSoup(r.text, "lxml")
        hrefs = [a["href"] for a in soup.select("ul.list li > a")]
        assert hrefs == _expected(sid, page)
        assert all(li.span and re.fullmatch(r"\d{4}-\d{2}-\d{2}", li.span.text)
                   for li in soup.select("ul.list li"))
    assert http.get(f"{base}/hechengqu/c115525/list_4.shtml").status_code == 404


# -- report pages --------------------------------------------------------------
@pytest.mark.parametrize("sid", SITE_IDS)
def test_report_page_body(mirror, http, sid):
    t = TRUTH[sid]
    r = http.get(mirror.sites[sid] + t.report.path)
    assert r.status_code == 200
    html = _text(r)
    soup = BeautifulSoup(html, "lxml")
    assert soup.find("meta", attrs={"name": "ArticleTitle"})["content"] == t.report.title
    assert soup.find("meta", attrs={"name": "PubDate"})["content"].startswith(t.report.publish_date)
    assert soup.find("meta", attrs={"name": "ContentSource"})
    body = soup.select_one("#zoom" if t.cms == "hanweb" else "div.p_box")
    # lxml's text_content keeps <rt>/<rp> text ("發(fā)"), as a naive extractor would;
    # bs4's get_text() leaves ruby text out (see test_jiangbei_ruby_pinyin).
    tree = lxml.html.fromstring(html)
    box = tree.get_element_by_id("zoom") if t.cms == "hanweb" else tree.find_class("p_box")[0]
    paras = [p.text_content().lstrip("\u3000").strip() for p in box.iter("p")]
    assert paras == list(t.report.body)
    assert "扫一扫在手机打开当前页" in html and "网站标识码" in html
    if t.cms == "hanweb":
        assert "<!--ZJEG_RSS.content.begin-->" in html and "<!--ZJEG_RSS.content.end-->" in html
        assert "Produced By 大汉网络 大汉版通发布系统" in html
        assert "<td class=\"xxgk-label\">索引号：</td>" in html
        assert all(p.get_text().startswith("\u3000\u3000") for p in body.find_all("p"))
    else:
        assert soup.select_one("div.article_site")
        assert len(body.find_all("span")) > len(paras)


def test_jiangbei_ruby_pinyin(mirror, http):
    t = TRUTH["nb-jiangbei"]
    html = http.get(mirror.sites["nb-jiangbei"] + t.report.path).text
    assert "<ruby>發<rp>(</rp><rt>fā</rt><rp>)</rp></ruby>" in html
    soup = BeautifulSoup(html, "lxml")
    for tag in soup.select("#zoom rt, #zoom rp"):
        tag.decompose()
    assert soup.select("#zoom ruby")
    paras = [p.get_text().lstrip("\u3000") for p in soup.select("#zoom p")]
    assert paras == list(t.report.body_without_pinyin)


def test_every_item_fetchable(mirror, http):
    for sid in SITE_IDS:
        for item in TRUTH[sid].items:
            r = http.get(mirror.sites[sid] + item.path)
            assert r.status_code == 200, (sid, item.path)
            assert item.title in _text(r)


def test_interpretation_links_report(mirror, http):
    for sid in SITE_IDS:
        t = TRUTH[sid]
        for item in (i for i in t.items if i.kind == "interpretation"):
            assert f'href="{t.report.path}"' in _text(http.get(mirror.sites[sid] + item.path))


# -- server behaviour ----------------------------------------------------------
def test_robots_404_and_request_count(mirror, http):
    base = mirror.sites["nb-jiangbei"]
    before = mirror.requests.count(site="nb-jiangbei", path="/robots.txt")
    r = http.get(base + "/robots.txt")
    assert r.status_code == 200 and "Allow: /" in r.text
    assert http.get(base + "/no/such/page.html").status_code == 404
    assert mirror.requests.count(site="nb-jiangbei", path="/robots.txt") == before + 1
    assert ("GET", "/no/such/page.html", "nb-jiangbei") in [r[:3] for r in mirror.requests]
    assert mirror.requests.count(method="POST") >= 1


def test_registry_toml(mirror):
    data = tomllib.loads(mirror.registry_toml())
    assert [p["id"] for p in data["portal"]] == list(SITE_IDS)
    for p in data["portal"]:
        assert p["start_urls"] == [mirror.sites[p["id"]] + TRUTH[p["id"]].column_path]
        assert p["admin_code"] == TRUTH[p["id"]].admin_code
    committed = (ROOT / "seeds" / "mirror" / "portals.toml").read_text(encoding="utf-8")
    assert committed == default_registry_toml()
    assert f":{DEFAULT_BASE_PORT}/" in committed


def test_write_default_registry(tmp_path):
    p = write_default_registry(tmp_path / "x" / "portals.toml")
    assert tomllib.loads(p.read_text(encoding="utf-8"))["portal"][0]["id"] == "nb-jiangbei"


def test_stop_frees_ports():
    m = start_mirror()
    ports = list(m.ports.values())
    assert requests.get(m.sites["hh-hecheng"] + "/robots.txt", timeout=2).status_code == 200
    with m:
        pass  # context manager stops it
    m.stop()  # idempotent
    for port in ports:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port))
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{ports[0]}/robots.txt", timeout=2)


def test_base_port_consecutive():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        base = s.getsockname()[1]
    try:
        m = start_mirror(base_port=base)
    except OSError:
        pytest.skip("ports taken")
    with m:
        assert list(m.ports.values()) == [base + i for i in range(len(SITE_IDS))]
        assert m.sites["nb-jiangbei"] == f"http://127.0.0.1:{base}"
