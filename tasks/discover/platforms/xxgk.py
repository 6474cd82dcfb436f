"""Hanweb 信息公开 module (portal-platforms.md §2.8): a column page that loads
/module/xxgk/tree.jsp and posts to /module/xxgk/search.jsp?…&currpage=N with form fields
(infotypeId, jdid, area, divid, vc_title …) -> an HTML table, rows tr.tr_main_value_odd / _even.
search.jsp answers for the whole area, whatever the column: only links of the column
(art_<column id>_) are kept. Referer (and X-Requested-With) on every call."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from fazhi.core.html import element_text, has_class, links, parse_html
from tasks.discover.listing import Column, ListItem, int_in, item_date, item_title

NAME = "hanweb_xxgk"
FINGERPRINTS = ((r"/module/xxgk/tree\.jsp", None), (r"/module/xxgk/search(_custom)?\.jsp", None))

SEARCH_URL_RE = re.compile(r"['\"]([^'\"]*/module/xxgk/search(?:_custom)?\.jsp\?[^'\"]*)['\"]")
FORM_FIELDS = ("infotypeId", "jdid", "area", "divid", "vc_title", "vc_number", "vc_filenumber", "texttype", "fbtime",
               "standardXxgk", "isAllList")


def column_id(column: Column) -> str | None:
    """The column's id: in its URL (/col/col<id>/) or the page's `columnid`."""
    match = re.search(r"/col/col(\d+)/", column.start_url) or re.search(r"columnid\s*[:=]\s*['\"]?(\d+)", column.html, re.I)
    return match.group(1) if match else None


def form_fields(html: str) -> dict[str, str]:
    """The search form's fields as the page's script sets them (name: 'value')."""
    return {name: value for name, value in re.findall(r"\b(" + "|".join(FORM_FIELDS) + r")\s*:\s*['\"]([^'\"]*)['\"]", html)}


def read(column: Column) -> list[ListItem]:
    call = SEARCH_URL_RE.search(column.html)
    col = column_id(column)
    if call is None or col is None:
        return []
    url = urljoin(column.start_url, call.group(1).replace("&amp;", "&"))
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    query.pop("currpage", None)
    endpoint = url.split("?")[0]
    fields = form_fields(column.html)
    mine = re.compile(rf"art_{col}_")
    items, seen, n = [], set(), 1
    while column.can_page():
        page = column.page(endpoint + "?" + urlencode({**query, "currpage": n}), method="POST", data=fields, xhr=True)
        if page is None:
            break
        rows = table_rows(page.text, page.url)
        if not rows:
            break
        batch = [r for r in rows if mine.search(r.url) and r.url not in seen]
        items.extend(batch)
        seen.update(r.url for r in batch)
        pages = int_in(r"共\s*(\d+)\s*页", page.text) or int_in(r"totalpage\s*[=:]\s*['\"]?(\d+)", page.text)
        if (pages is not None and n >= pages) or column.nothing_new(rows):
            break
        n += 1
    return items


def table_rows(html: str, base_url: str) -> list[ListItem]:
    """Every row of the answer (tr.tr_main_value_odd / _even), whichever column it belongs to."""
    out = []
    for row in parse_html(html).xpath(_ROWS):
        link = next(iter(links(row)), None)
        if link is None:
            continue
        title = link.get("mc") or link.get("title") or element_text(link)
        out.append(ListItem(urljoin(base_url, link.get("href")), item_title(title),
                            item_date(link.get("rq") or element_text(row, " ", strip=False))))
    return out


_ROWS = f"//tr[{has_class('tr_main_value_odd')} or {has_class('tr_main_value_even')}]"
