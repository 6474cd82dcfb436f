"""Onboarding from a home page: the report columns of a portal the registry gives only by its
home page (`home = "http://…/"`), found by following its navigation links.

Links are scored by their text and path (fazhi.core.rules LINK_TEXT_SCORES, LINK_PATH_SCORES:
法治政府建设年度报告 > 法治政府建设 > 依法行政 > … > 政务公开, `fzzfjsndbg`) and opened best
score first, to ONBOARD_MAX_DEPTH links from the home page within the portal's hosts and
ONBOARD_MAX_PAGES pages. The columns kept are the pages whose first page lists a report
title, then the best-named lists. Where the home page's platform has a site search (a
platform module's optional `title_search(column, phrases)`), its hits are taken too.
"""
from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit


from fazhi.core import rules
from fazhi.core.errors import FetchError
from fazhi.core.html import ancestor, element_text, links, parse_html
from fazhi.core.records import FetchedPage, PageFetcher
from tasks.discover import platforms
from tasks.discover.classify import classify_title
from tasks.discover.listing import Column, ListItem, item_date, items_from_html


@dataclass
class FoundPage:
    """A page opened while looking for columns."""
    url: str
    title: str                 # the link text that led here
    score: int
    depth: int
    report_titles: int         # items on it whose title reads as a report
    is_list: bool              # it lists items, or runs on a platform whose reader lists them
    page: FetchedPage = field(repr=False)


@dataclass
class Onboarding:
    home: str
    columns: list[FoundPage]
    search_hits: list[ListItem]
    pages_read: int
    searched: bool = False

    def summary(self) -> str:
        found = "; ".join(f"{c.title} ({c.url}, {c.report_titles} report title(s))" for c in self.columns)
        search = f"; site search: {len(self.search_hits)} hit(s)" if self.searched else ""
        return (f"home page {self.home}: {self.pages_read} page(s) read, "
                + (f"columns: {found}" if found else "no report column found") + search)


def link_score(text: str, url: str) -> int:
    """How likely a navigation link leads to the reports: its best-scoring word, or its
    column's own path segment (not its parents': every page under /zfxxgk/ is not a column)."""
    if rules.LINK_TEXT_EXCLUDED.search(text):
        return 0
    segment = column_segment(url)
    by_text = max((score for word, score in rules.LINK_TEXT_SCORES if word in text), default=0)
    by_path = max((score for part, score in rules.LINK_PATH_SCORES if part in segment), default=0)
    return max(by_text, by_path)


def column_segment(url: str) -> str:
    """The path segment naming a column: /zwgk_209/fzzfjsndbg/index.html -> fzzfjsndbg."""
    parts = [p for p in urlsplit(url).path.lower().split("/") if p]
    if parts and rules.LIST_PAGE_RE.search("/" + parts[-1]):
        parts = parts[:-1]
    return parts[-1] if parts else ""


def nav_links(html: str, base_url: str, fetcher: PageFetcher) -> list[tuple[str, str, int]]:
    """(url, text, score) of a page's links that may lead to the reports, on the portal's hosts."""
    out, seen = [], set()
    for a in links(parse_html(html)):
        href = a.get("href").strip()
        if href.startswith(("javascript:", "#", "mailto:")):
            continue
        url = urljoin(base_url, href).split("#", 1)[0]
        text = re.sub(r"\s+", "", a.get("title") or element_text(a))
        if url in seen or not text or len(text) > rules.NAV_TEXT_MAX_CHARS or not fetcher.allowed_host(url):
            continue
        container = ancestor(a, ("li", "tr", "dd"))
        if container is not None and item_date(element_text(container)):
            continue            # a dated list item is an article, not a way to a column
        score = link_score(text, url)
        if score:
            seen.add(url)
            out.append((url, text, score))
    return out


def find_columns(fetcher: PageFetcher, home: str, max_depth: int = rules.ONBOARD_MAX_DEPTH,
                 max_pages: int = rules.ONBOARD_MAX_PAGES, max_columns: int = rules.ONBOARD_MAX_COLUMNS) -> Onboarding:
    """The report columns reachable from the home page (FetchError when the home page fails)."""
    home_page = fetcher.fetch_page(home)
    frontier: list[tuple[int, int, int, str, str]] = []
    seen, opened, order = {home, home_page.final_url}, [], 0

    def push(page: FetchedPage, depth: int) -> None:
        nonlocal order
        for url, text, score in nav_links(page.text, page.final_url, fetcher):
            if url not in seen:
                seen.add(url)
                order += 1
                heapq.heappush(frontier, (-score, depth, order, url, text))

    push(home_page, 1)
    pages = 1
    while frontier and pages < max_pages:
        negative, depth, _, url, text = heapq.heappop(frontier)
        try:
            page = fetcher.fetch_page(url)
        except FetchError:
            continue
        pages += 1
        opened.append(_found(page, url, text, -negative, depth))
        if depth < max_depth:
            push(page, depth + 1)
    hits, searched = _site_search(fetcher, home, home_page)
    return Onboarding(home, choose_columns(opened, max_columns), hits, pages, searched)


def _found(page: FetchedPage, url: str, text: str, score: int, depth: int) -> FoundPage:
    html = page.text
    items = items_from_html(html, page.final_url)
    reports = sum(1 for i in items if classify_title(i.title).kind == "report")
    on_platform = platforms.detect(html, url) != platforms.generic.NAME
    return FoundPage(url, text, score, depth, reports, bool(items) or on_platform, page)


def choose_columns(opened: list[FoundPage], n: int) -> list[FoundPage]:
    """The lists whose first page shows a report title, best named first; when none does,
    the lists named for the subject (a column whose reports are further down)."""
    showing = [p for p in opened if p.report_titles]
    eligible = showing or [p for p in opened if p.is_list and p.score >= rules.SUBJECT_COLUMN_SCORE]
    return sorted(eligible, key=lambda p: (p.score, p.report_titles, -p.depth), reverse=True)[:n]


def _site_search(fetcher: PageFetcher, home: str, home_page: FetchedPage) -> tuple[list[ListItem], bool]:
    """The home page's platform's title search, when its module has one."""
    module = platforms.BY_NAME.get(platforms.detect(home_page.text, home))
    search = getattr(module, "title_search", None)
    if search is None:
        return [], False
    column = Column(fetcher, home, home_page, None, rules.MAX_LIST_PAGES).for_search()
    try:
        return list(search(column, rules.TITLE_SEARCH_PHRASES)), True
    except FetchError:
        return [], True
