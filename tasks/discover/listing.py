"""What every list reader shares: the item it yields, links read out of list markup, and
the column being walked (its pages fetched through one place, so the page bound, repeated
pages and items older than wanted are checked the same way for every platform)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from fazhi.core import rules
from fazhi.core.errors import FetchError
from fazhi.core.html import ancestor, element_text, links, parse_html
from fazhi.core.numbers import parse_date
from fazhi.core.records import FetchedPage, PageFetcher
from fazhi.core.text import to_simplified


@dataclass
class ListItem:
    url: str
    title: str
    date: dt.date | None


_DATE_TEXT = re.compile(r"(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}")


def item_title(text: str) -> str:
    """A list title as matched and kept: simplified script (traditional-script portals), no markup."""
    text = re.sub(r"<[^>]+>", "", text or "")     # search hits wrap words in <em>
    return to_simplified(re.sub(r"\s+", " ", text).strip())[0]


def item_date(text) -> dt.date | None:
    """A list date as a platform gives it: date text, or epoch seconds / milliseconds (gkmlpt, IRS)."""
    if isinstance(text, (int, float)) or (isinstance(text, str) and re.fullmatch(r"\d{10}|\d{13}", text.strip())):
        seconds = int(text) / (1000 if int(text) > 10**11 else 1)
        return (dt.datetime.fromtimestamp(seconds, dt.timezone.utc) + dt.timedelta(hours=8)).date()
    match = _DATE_TEXT.search(text or "")
    return parse_date(match.group(0)) if match else None


_CALLBACK = re.compile(r"^\s*[\w$.]+\s*\((.*)\)\s*;?\s*$", re.S)


def page_json(page: FetchedPage):
    """A platform's JSON answer (JSONP unwrapped, a BOM and blank lines before it skipped);
    a FetchError naming the URL when it is not JSON."""
    text = page.body.decode("utf-8-sig", errors="replace").lstrip("\ufeff").strip()
    wrapped = _CALLBACK.match(text)
    if wrapped and not text.startswith(("{", "[")):
        text = wrapped.group(1)
    try:
        return json.loads(text)
    except ValueError as exc:
        raise FetchError(page.url, f"list answer is not JSON ({exc.msg} at {exc.pos}): {text[:60]!r}") from None


def list_answer(column: "Column", url: str, *, first: bool, **request) -> tuple[FetchedPage, object] | None:
    """One list call of a JSON platform: (page, its JSON). None ends the walk: a page served
    again, or, after the first call, a stub (an answer that is not JSON: a cut-off deep page,
    a tiny HTML shell). On the first call a non-JSON answer fails the column, naming the URL."""
    page = column.page(url, **request)
    if page is None:
        return None
    try:
        return page, page_json(page)
    except FetchError:
        if first:
            raise
        column.stop_reason = f"{url} is a stub, not a list answer ({len(page.body)} bytes)"
        return None


def as_count(value) -> int | None:
    """A total or page count as an answer gives it (145, "145"); None when it gives none."""
    return int(value) if isinstance(value, (int, str)) and str(value).strip().isdigit() else None


def dig(data, *path, default=None):
    """data[path[0]][path[1]]… or default where a step is missing (platform answers vary)."""
    for key in path:
        if isinstance(data, dict) and key in data:
            data = data[key]
        elif isinstance(data, list) and isinstance(key, int) and -len(data) <= key < len(data):
            data = data[key]
        else:
            return default
    return data


def items_from_html(html: str, base_url: str) -> list[ListItem]:
    """Links with a title in list markup (li, tr, dd) and the date beside them."""
    items, seen = [], set()
    for a in links(parse_html(html)):
        href = a.get("href").strip()
        if href.startswith(("javascript:", "#", "mailto:")):
            continue
        title = item_title(a.get("title") or element_text(a))
        if len(re.findall(r"[\u4e00-\u9fff]", title)) < 6:
            continue
        container = ancestor(a, ("li", "tr", "dd", "p"))
        container = a.getparent() if container is None else container
        url = urljoin(base_url, href)
        if url in seen or is_navigation(url, base_url):
            continue
        seen.add(url)
        items.append(ListItem(url=url, title=title, date=item_date(element_text(container)
                                                                    if container is not None else None)))
    return items


def is_navigation(url: str, base_url: str) -> bool:
    """Links back to the column or to other list pages (breadcrumbs, pagination): not items.
    A breadcrumb's text can read like a report title (<a href="./">法治政府建设年度报告</a>)."""
    parts = urlsplit(url)
    return url.split("#")[0] == base_url.split("#")[0] or bool(rules.LIST_PAGE_RE.search(parts.path)) and not parts.query


def int_in(pattern: str, text: str) -> int | None:
    match = re.search(pattern, text)
    return int(match.group(1)) if match else None


@dataclass
class Column:
    """One column being walked. Readers fetch its list pages through `page()`, which counts
    them, enforces the page bound and notices a page served twice (a pager that ignores its
    parameter, gkmlpt's identical pages 0 and 1, a CMS that serves page 1 for every number)."""
    fetcher: PageFetcher
    start_url: str
    first: FetchedPage
    oldest_wanted: dt.date | None
    max_pages: int
    known: frozenset[str] = frozenset()     # links seen in earlier runs (empty: walk everything)
    pages: int = 1
    stop_reason: str = ""
    _bodies: set[str] = field(default_factory=set)

    def __post_init__(self):
        self._bodies.add(hashlib.sha256(self.first.body).hexdigest())

    @property
    def html(self) -> str:
        return self.first.text

    def can_page(self) -> bool:
        if self.pages >= self.max_pages:
            self.stop_reason = self.stop_reason or f"page bound {self.max_pages} reached"
            return False
        return not self.stop_reason

    def page(self, url: str, *, method: str = "GET", data=None, json=None,
             headers: dict | None = None, xhr: bool = False) -> FetchedPage | None:
        """Fetch one more list page (the column page as Referer); None when it repeats one
        already seen, which ends the walk."""
        sent = {"Referer": self.start_url, **(headers or {})}
        if xhr:
            sent["X-Requested-With"] = "XMLHttpRequest"
        page = self.fetcher.fetch_page(url, method=method, data=data, json=json, headers=sent)
        self.pages += 1
        digest = hashlib.sha256(page.body).hexdigest()
        if digest in self._bodies:
            self.stop_reason = f"{url} repeats a page already read"
            return None
        self._bodies.add(digest)
        return page

    def is_stub(self, page: FetchedPage) -> bool:
        """A list page too short to hold items (TRS deep pages of 300-400 bytes): ends the walk."""
        if len(page.body) <= rules.STUB_PAGE_MAX_BYTES:
            self.stop_reason = f"{page.url} is a {len(page.body)}-byte stub"
            return True
        return False

    def for_search(self) -> Column:
        """A walk of the site search from this column's page (the Referer), with its own page bound."""
        bound = rules.TITLE_SEARCH_MAX_PAGES * len(rules.TITLE_SEARCH_PHRASES) + 1
        return Column(self.fetcher, self.start_url, self.first, self.oldest_wanted, bound, self.known)

    def nothing_new(self, items: list[ListItem]) -> bool:
        """Is there no point in reading further? True (and the walk ends) when every item is
        older than the years asked for, or every item was seen in an earlier run: lists are
        newest first, so a routine re-run reads little more than each column's first page."""
        dated = [i.date for i in items if i.date]
        if self.oldest_wanted and dated and max(dated) < self.oldest_wanted:
            self.stop_reason = self.stop_reason or f"items older than {self.oldest_wanted}"
            return True
        if self.known and items and all(i.url in self.known for i in items):
            self.stop_reason = self.stop_reason or "every item seen in an earlier run"
            return True
        return False


def page_count(html: str) -> int | None:
    """The page count a list page's pager script states (rules.PAGE_COUNT_RES, first match)."""
    for pattern in rules.PAGE_COUNT_RES:
        match = pattern.search(html)
        if match:
            return int(match.group(1))
    return None


def numbered_pages(column: Column, page_url) -> list[ListItem]:
    """Static pages numbered from 2 at page_url(k), their count from the pager script; a
    stub page (a broken deep page) ends the walk."""
    html = column.html
    items = items_from_html(html, column.start_url)
    count = page_count(html) or 1
    for k in range(2, count + 1):
        if not column.can_page() or column.nothing_new(items[-20:]):
            break
        page = column.page(page_url(k))
        if page is None or column.is_stub(page):
            break
        items.extend(items_from_html(page.text, page.url))
    return items


def search_walk(column: Column, phrases, page_url, hits_of, xhr: bool = False) -> list[ListItem]:
    """A site search asked for each phrase, pages 1, 2 … of each (rules.TITLE_SEARCH_MAX_PAGES at
    most): page_url(phrase, n) -> URL; hits_of(page) -> (hits, pages in all or None). A phrase
    ends at its last page, an empty page or a page of nothing new."""
    items, seen = [], set()
    for phrase in phrases:
        column.stop_reason = ""           # a phrase's repeated "no hits" page ends that phrase only
        for n in range(1, rules.TITLE_SEARCH_MAX_PAGES + 1):
            if not column.can_page():
                break
            page = column.page(page_url(phrase, n), xhr=xhr)
            if page is None:
                break
            hits, count = hits_of(page)
            new = [h for h in hits if h.url not in seen]
            seen.update(h.url for h in new)
            items.extend(new)
            if not new or (count is not None and n >= count):
                break
    return items


def walk_pages(column: Column, page_items, first: int = 1) -> list[ListItem]:
    """A list call's pages first, first + 1 …: page_items(n, read) — read: items taken so far —
    gives page n's items and whether the page says it is the last (its page count, or a total
    of items now reached), or None when there is no such page (a repeated page, a stub, an error
    answer). The walk ends there, at a page with nothing not seen already, at a page of nothing
    new (Column.nothing_new) or at the page bound."""
    items: list[ListItem] = []
    seen: set[str] = set()
    n = first
    while column.can_page():
        answer = page_items(n, len(items))
        if answer is None:
            break
        batch, last = answer
        batch = [i for i in batch if i.url not in seen]
        if not batch:
            break
        items.extend(batch)
        seen.update(i.url for i in batch)
        if last or column.nothing_new(batch):
            break
        n += 1
    return items
