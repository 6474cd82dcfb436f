"""Any list page: its item links, then its 下一页 links, within the bound."""
from __future__ import annotations

from urllib.parse import urljoin

from fazhi.core import rules
from fazhi.core.html import element_text, links, parse_html
from tasks.discover.listing import Column, ListItem, items_from_html

NAME = "generic"
FINGERPRINTS = ()


def read(column: Column) -> list[ListItem]:
    items = items_from_html(column.html, column.start_url)
    html, url, seen = column.html, column.start_url, {column.start_url}
    while column.can_page() and not column.nothing_new(items[-20:]):
        nxt = next((urljoin(url, a.get("href")) for a in links(parse_html(html))
                    if rules.NEXT_PAGE_RE.search(element_text(a, "")) and not a.get("href").startswith("javascript")),
                   None)
        if not nxt or nxt in seen or not column.fetcher.allowed_host(nxt):
            break
        seen.add(nxt)
        page = column.page(nxt)
        if page is None:
            break
        html, url = page.text, page.url
        items.extend(items_from_html(html, url))
    return items
