"""TrueCMS, the Nantong family (portal-platforms.md §2.13): a column page calling
/TrueCMS/messageController/getMessage.do?startrecord=&endrecord=&perpage=&columnId=<uuid>&callback=cb
-> JSONP whose `result` holds Hanweb-like <datastore><recordset><record> XML. Quirks: 404
without a Referer; perpage limits differ by site (50 works at one, is empty or 404 at another):
50, then 20, then 10; where the pager is retired, only the items server-rendered in a hidden
#initData remain."""
from __future__ import annotations

import json
import re
from urllib.parse import urlencode, urljoin

from lxml import etree

from fazhi.core.errors import FetchError
from fazhi.core.html import parse_html
from tasks.discover.listing import Column, ListItem, int_in, items_from_html
from tasks.discover.platforms.hanweb import records

NAME = "truecms"
FINGERPRINTS = ((r"/TrueCMS/messageController/", None),)

ENDPOINT_RE = re.compile(r"['\"]([^'\"?]*/TrueCMS/messageController/getMessage\.do)")
COLUMN_ID_RE = re.compile(r"columnId\s*[:=]\s*['\"]?([0-9a-fA-F-]{32,36})")
PER_PAGE_TRIES = (50, 20, 10)
JSONP_RE = re.compile(r"^\s*[\w.$]+\s*\((.*)\)\s*;?\s*$", re.S)


def unwrap_jsonp(text: str) -> dict:
    """The JSON inside a callback (a BOM and blank lines before it are dropped)."""
    text = text.lstrip("\ufeff \r\n\t")
    match = JSONP_RE.match(text)
    return json.loads(match.group(1) if match else text)


def init_data(column: Column) -> list[ListItem]:
    """The items server-rendered in the page's hidden #initData."""
    hidden = next(iter(parse_html(column.html).xpath("//*[@id='initData']")), None)
    return items_from_html(etree.tostring(hidden, encoding="unicode", with_tail=False), column.start_url) if hidden is not None else []


def read(column: Column) -> list[ListItem]:
    items = init_data(column)
    endpoint, col = ENDPOINT_RE.search(column.html), COLUMN_ID_RE.search(column.html)
    if endpoint is None or col is None:
        return items
    url = urljoin(column.start_url, endpoint.group(1))
    seen = {i.url for i in items}
    for per_page in PER_PAGE_TRIES:
        column.stop_reason = ""      # an empty answer at the last size ended only that size
        got = _walk(column, url, col.group(1), per_page, seen)
        if got is None:          # this page size is refused (404) or answered empty: a smaller one
            continue
        items.extend(got)
        break
    return items


def _walk(column: Column, url: str, col: str, per_page: int, seen: set[str]) -> list[ListItem] | None:
    """Records 1, 1+per_page … at one page size; None when its first call gets nothing."""
    items, start, total = [], 1, None
    while column.can_page() and (total is None or start <= total):
        query = {"startrecord": start, "endrecord": start + per_page - 1, "perpage": per_page, "columnId": col,
                 "callback": "cb"}
        try:
            page = column.page(url + "?" + urlencode(query), xhr=True)
        except FetchError as exc:
            if start == 1:
                return None
            column.stop_reason = f"{exc}"
            break
        if page is None:     # an empty answer already seen at another page size, or a repeat
            return None if start == 1 else items
        result = str(unwrap_jsonp(page.text).get("result") or "")
        batch = records(result, column.start_url)
        if not batch:
            return None if start == 1 else items
        total = int_in(r"<totalrecord>\s*(\d+)", result)
        new = [i for i in batch if i.url not in seen]
        items.extend(new)
        seen.update(i.url for i in new)
        if column.nothing_new(batch):
            break
        start += per_page
    return items
