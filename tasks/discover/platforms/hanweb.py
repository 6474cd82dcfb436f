"""Hanweb jcms (大汉): the first records in a text/xml <script> block, the rest from the jpage
proxy (POST startrecord/endrecord, or GET page/perpage on /web/jpage/).

Dialects (portal-platforms.md §2.9): the proxy path as the page's jpage config names it
(`proxyUrl:'…'`, the older /module/jslib/jquery/jpage/dataproxy.jsp); servers that honour
`page` but not `startrecord` (every call says both); perpage above ~300 truncated (a call asks
for rules.HANWEB_MAX_PERPAGE at most); `<nextgroup>` URLs with encrypted ids, followed as given;
server-side paging `index.html?uid=…&pageNum=N`. Title search: jrobot/search.do (§2.1) with
the webid of the page's search form.
"""
from __future__ import annotations

import math
import re
from urllib.parse import urlencode, urljoin


from fazhi.core import rules
from fazhi.core.html import element_text, has_class, links, parse_html
from tasks.discover.listing import (Column, ListItem, int_in, item_date, item_title, items_from_html, page_count,
                                    search_walk)

NAME = "hanweb"
FINGERPRINTS = ((r"大汉", None), (r"<script[^>]+type=[\"']text/xml[\"']", None), (r"dataproxy\.jsp", None),
                (r"jpage\(\{[^}]*proxyUrl\s*:", None))

XML_BLOCK_RE = re.compile(r"<script[^>]+type=[\"']text/xml[\"'][^>]*>(.*?)</script>", re.S)
PROXY_URL_RE = re.compile(r"proxyUrl\s*:\s*['\"]([^'\"]+)['\"]")
DATAPROXY_RE = re.compile(r"['\"]([^'\"]*dataproxy\.jsp)(\?[^'\"]*)?['\"]")
NEXTGROUP_RE = re.compile(r"<nextgroup>\s*<!\[CDATA\[\s*<a[^>]+href=[\"']([^\"']+)[\"']", re.S)
PAGENUM_RE = re.compile(r"[?&]uid=(\w+)&(?:amp;)?pageNum=\d+")
JROBOT_PAGE_SIZE = 12     # pg=: hits per result page


def read(column: Column) -> list[ListItem]:
    html, start_url = column.html, column.start_url
    block = XML_BLOCK_RE.search(html)
    if not block:
        paged = PAGENUM_RE.search(html)
        return _server_pages(column, paged.group(1)) if paged else []
    items = records(block.group(1), start_url)
    total = int_in(r"totalRecord\s*:\s*['\"]?(\d+)", html)
    nextgroup = NEXTGROUP_RE.search(block.group(1))
    if nextgroup and _encrypted_ids(nextgroup.group(1)):
        items = _follow_nextgroup(column, items, nextgroup.group(1))
        if column.stop_reason or (total and len(items) >= total):
            return items       # else an empty answer to the nextgroup: the built calls may still work
    per_page = min(int_in(r"perPage\s*:\s*['\"]?(\d+)", html) or max(len(items), 15), rules.HANWEB_MAX_PERPAGE)
    proxy = PROXY_URL_RE.search(html) or DATAPROXY_RE.search(html)
    if not (total and proxy) or len(items) >= total or column.nothing_new(items):
        return items
    proxy_url = urljoin(start_url, proxy.group(1).split("?")[0])
    params = _js_object_params(html)
    method = "GET" if re.search(r"ajaxType\s*:\s*['\"]get", html, re.I) or "/web/jpage/" in proxy_url else "POST"
    window = min(3 * per_page, rules.HANWEB_MAX_PERPAGE)
    # Ask for the first record not yet seen: the embedded recordset may already hold several
    # pages (jcms embeds up to 3), and a proxy answer may overlap what we have. Every call says
    # both startrecord and page: some servers honour only one of them.
    seen = {item.url for item in items}
    while len(seen) < total and column.can_page():
        start = len(seen) + 1
        paging = {"startrecord": start, "endrecord": start + window - 1, "page": (start - 1) // per_page + 1,
                  "perpage": per_page}
        if method == "GET":
            page = column.page(proxy_url + "?" + urlencode({**paging, **params}))
        else:
            page = column.page(proxy_url + "?" + urlencode(paging), method="POST", data=params)
        if page is None:
            break
        batch = [item for item in records(page.text, start_url) if item.url not in seen]
        if not batch:
            break
        items.extend(batch)
        seen.update(item.url for item in batch)
        if column.nothing_new(batch):
            break
    return items


def records(xml_text: str, base_url: str) -> list[ListItem]:
    """The items of a jcms <record><![CDATA[…]]></record> recordset."""
    found = re.findall(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", xml_text, re.S)
    return items_from_html("".join(f"<ul>{r}</ul>" for r in found), base_url)


def _encrypted_ids(href: str) -> bool:
    """A nextgroup whose columnid is not a number: only that URL, as given, pages the column."""
    match = re.search(r"[?&]columnid=([^&]+)", href)
    return bool(match) and not match.group(1).isdigit()


def _follow_nextgroup(column: Column, items: list[ListItem], href: str) -> list[ListItem]:
    """Each answer's <nextgroup> leads to the next group; an empty one (or an empty answer) ends."""
    seen = {item.url for item in items}
    while href and column.can_page() and not column.nothing_new(items[-20:]):
        page = column.page(urljoin(column.start_url, href.replace("&amp;", "&")))
        if page is None:
            break
        batch = [item for item in records(page.text, column.start_url) if item.url not in seen]
        if not batch:
            break
        items.extend(batch)
        seen.update(item.url for item in batch)
        nxt = NEXTGROUP_RE.search(page.text)
        href = nxt.group(1) if nxt else ""
    return items


def _server_pages(column: Column, uid: str) -> list[ListItem]:
    """Server-rendered pages `?uid=<unit>&pageNum=N`, their count from the pager."""
    html = column.html
    items = items_from_html(html, column.start_url)
    base = column.start_url.split("?")[0]
    count = page_count(html) or max(map(int, re.findall(r"pageNum=(\d+)", html)), default=1)
    for k in range(2, count + 1):
        if not column.can_page() or column.nothing_new(items[-20:]):
            break
        page = column.page(f"{base}?uid={uid}&pageNum={k}")
        if page is None:
            break
        batch = items_from_html(page.text, page.url)
        if not batch:
            break
        items.extend(batch)
    return items


def _js_object_params(html: str) -> dict[str, str]:
    block = re.search(r"\{([^{}]*columnid\s*:[^{}]*)\}", html)
    if not block:
        return {}
    return {k: v for k, v in re.findall(r"(\w+)\s*:\s*['\"]?([^,'\"}]*)['\"]?", block.group(1))}


# -- title search: jrobot ------------------------------------------------------------------
def title_search(column: Column, phrases) -> list[ListItem]:
    """jrobot/search.do, titles only (pos=title), with the webid of the page's search form."""
    form = next((f for f in parse_html(column.html).iter("form") if "jrobot/search.do" in (f.get("action") or "")),
                None)
    webid = next((i for i in form.iter("input") if i.get("name") == "webid"), None) if form is not None else None
    if webid is None or not webid.get("value"):
        return []
    action = urljoin(column.start_url, form.get("action")).split("?")[0]

    def page_url(phrase: str, n: int) -> str:
        return action + "?" + urlencode({"webid": webid.get("value"), "pg": JROBOT_PAGE_SIZE, "p": n, "q": phrase,
                                         "pos": "title", "od": "", "date": ""})

    return search_walk(column, phrases, page_url, _jrobot_hits)


def _jrobot_hits(page) -> tuple[list[ListItem], int | None]:
    """Hits in div#jsearch-result-items (<em> in titles), the total in data-total."""
    results = next(iter(parse_html(page.text).xpath("//*[@id='jsearch-result-items']")), None)
    if results is None:
        return [], None
    hits = []
    for box in results.xpath(f".//*[{has_class('jsearch-result-box')}]"):
        link = next(iter(box.xpath(f".//*[{has_class('jsearch-result-title')}]//a[@href]") + links(box)), None)
        date = next(iter(box.xpath(f".//*[{has_class('jsearch-result-date')}]")), None)
        if link is not None:
            hits.append(ListItem(urljoin(page.url, link.get("href")), item_title(element_text(link, "", strip=False)),
                                 item_date(element_text(date, "", strip=False) if date is not None
                                           else element_text(box, " ", strip=False))))
    total = int_in(r"data-total=[\"'](\d+)", page.text)
    return hits, math.ceil(total / JROBOT_PAGE_SIZE) if total is not None else None
