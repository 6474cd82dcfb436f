"""The Hebei /columns/<UUID> platform (portal-platforms.md §2.12): a column page
/columns/<UUID>/index.html whose list is the block URL it names,
/columns/<UUID>/templates/<UUID>/blocks/<UUID>?page=N&fix=0 -> an HTML fragment (li rows).
A page past the end answers the last page again (the repeat ends the walk). Title search: the
same block URL with keyword= -> JSON data.searchResult.result."""
from __future__ import annotations

import json
import re
from urllib.parse import urlencode, urljoin

from tasks.discover.listing import Column, ListItem, item_date, item_title, items_from_html, search_walk, walk_pages

NAME = "hebei_columns"
UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
FINGERPRINTS = ((rf"/columns/{UUID}/templates/{UUID}/blocks/{UUID}", None),)
BLOCK_RE = re.compile(rf"['\"]([^'\"]*/columns/{UUID}/templates/{UUID}/blocks/{UUID})(\?[^'\"]*)?['\"]")


def block_url(column: Column) -> str | None:
    match = BLOCK_RE.search(column.html)
    return urljoin(column.start_url, match.group(1)) if match else None


def read(column: Column) -> list[ListItem]:
    block = block_url(column)
    if block is None:
        return items_from_html(column.html, column.start_url)

    def page_items(n: int, _read: int):
        page = column.page(block + "?" + urlencode({"page": n, "fix": 0}), xhr=True)
        return None if page is None else (items_from_html(page.text, column.start_url), False)

    return walk_pages(column, page_items)


def title_search(column: Column, phrases) -> list[ListItem]:
    """The block URL with keyword=: JSON data.searchResult.result (title, url, publishedTime)."""
    block = block_url(column)
    if block is None:
        return []

    def page_url(phrase: str, n: int) -> str:
        return block + "?" + urlencode({"page": n, "fix": 0, "keyword": phrase})

    def hits_of(page):
        found = ((json.loads(page.text) or {}).get("data") or {}).get("searchResult") or {}
        rows = found.get("result") or []
        hits = [ListItem(urljoin(column.start_url, r["url"]), item_title(r.get("title", "")),
                         item_date(r.get("publishedTime") or r.get("date")))
                for r in rows if r.get("url") and r.get("title")]
        return hits, found.get("pages")

    return search_walk(column, phrases, page_url, hits_of, xhr=True)
