"""Any list page: its item links, then its 下一页 links, within the bound."""
from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup

from fazhi.core import rules
from tasks.discover.listing import Column, ListItem, items_from_html

NAME = "generic"
FINGERPRINTS = ()


def read(column: Column) -> list[ListItem]:
    items = items_from_html(column.html, column.start_url)
    html, url, seen = column.html, column.start_url, {column.start_url}
    while column.can_page() and not column.nothing_new(items[-20:]):
        soup = BeautifulSoup(html, "lxml")
        nxt = next((urljoin(url, a["href"]) for a in soup.find_all("a", href=True)
                    if rules.NEXT_PAGE_RE.search(a.get_text(strip=True)) and not a["href"].startswith("javascript")), None)
        if not nxt or nxt in seen or not column.fetcher.allowed_host(nxt):
            break
        seen.add(nxt)
        page = column.page(nxt)
        if page is None:
            break
        html, url = page.text, page.url
        items.extend(items_from_html(html, url))
    return items
