"""Heilongjiang's /common/search/{channelId} (province and bureaus, Karamay, ministries): the
column page's script asks /common/search/{channelId}?page=N&_pageSize=…&_isJson=true for JSON
data.results[] (title, url, publishedTimeStr) with data.total; without _isJson it renders HTML."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from tasks.discover.listing import Column, ListItem, as_count, dig, item_date, item_title, list_answer, walk_pages

NAME = "hlj_search"
FINGERPRINTS = ((r"/common/search/[\w-]+\?[^'\"]*_isJson", None),)
MAX_PAGE_SIZE = 50   # the page's own size is kept below this


def read(column: Column) -> list[ListItem]:
    found = re.search(r"['\"]([^'\"]*/common/search/[\w-]+\?[^'\"]*)['\"]", column.html)
    if not found:
        return []
    url = urljoin(column.start_url, found.group(1).replace("&amp;", "&"))
    base = url.split("?", 1)[0]
    params = {k: v for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True) if k != "page"}
    params["_isJson"] = "true"
    params["_pageSize"] = str(min(as_count(params.get("_pageSize")) or 15, MAX_PAGE_SIZE))

    def page_items(page_no: int, read: int):
        answer = list_answer(column, f"{base}?{urlencode({'page': page_no, **params})}", first=page_no == 1, xhr=True)
        if answer is None:
            return None
        page, data = answer
        batch = [ListItem(urljoin(page.url, r["url"]), item_title(r.get("title", "")),
                          item_date(r.get("publishedTimeStr"))) for r in dig(data, "data", "results", default=[]) or []
                 if isinstance(r, dict) and r.get("url")]
        total = as_count(dig(data, "data", "total"))
        return batch, bool(total and read + len(batch) >= total)

    return walk_pages(column, page_items)
