"""TRS IGS (Guangxi, Hubei, Tianjin, Hainan …): the column page's script pages
/igs/front/search/list.html?…&pageNumber=N → JSON page.content[] (FileName or BT, DOCPUBURL,
PUBDATE) with total / totalPages; the endpoint answers 403 without a Referer. Its title search
/igs/front/search.jhtml?code=…&searchWord=…&position=TITLE complements the walk: a report filed
under another column is still found by its title."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from fazhi.core.errors import FetchError
from tasks.discover.listing import Column, ListItem, as_count, dig, item_date, item_title, list_answer, walk_pages

NAME = "trs_igs"
FINGERPRINTS = ((r"/igs/front/search/list\.html", None),)
SEARCH = "/igs/front/search.jhtml"
# a report's title says 法治政府建设 and 年度报告 or 情况; the search matches every word in the title
SEARCH_PHRASES = ("法治政府建设 年度报告", "法治政府建设 情况")
SEARCH_PAGES = 2   # per phrase: the newest hits are the ones wanted


def read(column: Column) -> list[ListItem]:
    found = re.search(r"['\"]([^'\"]*/igs/front/search/list\.html\?[^'\"]*)['\"]", column.html)
    if not found:
        return []
    list_url = urljoin(column.start_url, found.group(1))
    params = {k: v for k, v in parse_qsl(urlsplit(list_url).query, keep_blank_values=True) if k != "pageNumber"}
    base = list_url.split("?", 1)[0]
    items = _walk(column, lambda n: f"{base}?{urlencode({**params, 'pageNumber': n})}", _list_item)
    return items + _title_search(column, params.get("siteId", ""), {i.url for i in items})


def _walk(column: Column, url_of, to_item, max_pages: int | None = None) -> list[ListItem]:
    """Pages url_of(1), url_of(2) … up to totalPages (or max_pages); a column walk (no max_pages)
    fails on a first answer that is not JSON, a search just ends."""
    def page_items(n: int, _read: int):
        if max_pages is not None and n > max_pages:
            return None
        answer = list_answer(column, url_of(n), first=n == 1 and max_pages is None, xhr=True)
        if answer is None:
            return None
        page, data = answer
        rows = dig(data, "page", "content") or dig(data, "data", "datas") or []
        batch = [item for item in (to_item(row, page.url) for row in rows if isinstance(row, dict)) if item]
        pages = as_count(dig(data, "page", "totalPages")) or as_count(dig(data, "data", "totalPages"))
        return batch, bool(pages and n >= pages)

    return walk_pages(column, page_items)


def _list_item(row: dict, base: str) -> ListItem | None:
    url, title = row.get("DOCPUBURL") or row.get("url"), row.get("FileName") or row.get("BT") or row.get("title")
    if not (url and title):
        return None
    return ListItem(urljoin(base, url), item_title(title), item_date(row.get("PUBDATE") or row.get("trs_time")))


def _search_item(row: dict, base: str) -> ListItem | None:
    if not (row.get("url") and row.get("title")):
        return None
    return ListItem(urljoin(base, row["url"]), item_title(row["title"]), item_date(row.get("trs_time")))


def _title_search(column: Column, site_id: str, seen: set[str]) -> list[ListItem]:
    """The site's own title search, one known endpoint: its code is in the page's script."""
    code = re.search(r"search\.jhtml\?[^'\"]*\bcode=(\w+)", column.html) or \
        re.search(r"\bcode\s*[:=]\s*['\"]([0-9a-f]{16,32})['\"]", column.html)
    if not code:
        return []
    column.stop_reason = ""   # the walk's stop does not end the search
    url = urljoin(column.start_url, SEARCH)
    hits: list[ListItem] = []
    for phrase in SEARCH_PHRASES:
        query = {"code": code.group(1), "siteId": site_id, "searchWord": phrase, "position": "TITLE",
                 "orderBy": "time", "pageSize": 20}
        try:
            found = _walk(column, lambda n: f"{url}?{urlencode({**query, 'pageNumber': n})}", _search_item, SEARCH_PAGES)
        except FetchError as exc:     # a search that fails costs its complement, not the column's items
            column.stop_reason = f"title search failed: {exc}"
            return hits
        for item in found:
            if item.url not in seen:
                seen.add(item.url)
                hits.append(item)
        column.stop_reason = ""
    return hits
