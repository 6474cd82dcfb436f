"""TRS WAS5 (portal-platforms.md §2.17): a column page naming its list call
/was5/web/search?channelid=…&templet=docs.jsp&sortfield=-pubdate&classsql=…&prepage=10&page=N;
the answer depends on the template: JSON docs[] (url, title, fileno, pubdate) from docs.jsp,
an HTML list from others (advsch.jsp). Title search: the same call with searchword=."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from tasks.discover.listing import Column, ListItem, item_date, item_title, items_from_html, search_walk, walk_pages

NAME = "was5"
FINGERPRINTS = ((r"/was5/web/search\?[^'\"<>]*channelid=", None),)
CALL_RE = re.compile(r"['\"]([^'\"]*/was5/web/search\?[^'\"]*channelid=[^'\"]*)['\"]")


def call(column: Column) -> tuple[str, dict[str, str]] | None:
    """The list call the page names: (endpoint, its query without page/searchword)."""
    match = CALL_RE.search(column.html)
    if match is None:
        return None
    url = urljoin(column.start_url, match.group(1).replace("&amp;", "&"))
    query = {k: v for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True) if k not in ("page", "searchword")}
    return url.split("?")[0], query


def hits(page, base_url: str) -> tuple[list[ListItem], int | None]:
    """docs[] of a JSON template, else the links of an HTML one; and the page count if said."""
    text = page.text.strip()
    if text.startswith("{"):
        data = json.loads(text)
        docs = [ListItem(urljoin(base_url, d["url"]), item_title(d.get("title", "")),
                         item_date(d.get("pubdate") or d.get("pubtime") or d.get("time")))
                for d in data.get("docs") or [] if d.get("url") and d.get("title")]
        pages = data.get("pagenum") or data.get("pages")
        return docs, int(pages) if pages is not None else None
    return items_from_html(page.text, base_url), None


def read(column: Column) -> list[ListItem]:
    found = call(column)
    if found is None:
        return items_from_html(column.html, column.start_url)
    endpoint, query = found
    
    def page_items(n: int, _read: int):
        page = column.page(endpoint + "?" + urlencode({**query, "page": n}))
        if page is None:
            return None
        batch, pages = hits(page, column.start_url)
        return batch, pages is not None and n >= pages

    return walk_pages(column, page_items)


def title_search(column: Column, phrases) -> list[ListItem]:
    found = call(column)
    if found is None:
        return []
    endpoint, query = found
    query = {k: v for k, v in query.items() if k != "classsql"}     # the whole channel, not one column
    return search_walk(column, phrases, lambda phrase, n: endpoint + "?" + urlencode({**query, "searchword": phrase, "page": n}),
                       lambda page: hits(page, column.start_url))
