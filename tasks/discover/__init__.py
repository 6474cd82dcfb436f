"""Discovery: a portal's columns -> every candidate link, classified.

Each column's first page picks the platform reader (`platforms/`, by fingerprint, or the
registry's `cms`); the reader walks the column's list pages through a `Column`, which bounds
the pages and stops at a repeated page or at items older than the years asked for. A column
page with no items on no known platform is rendered in a headless browser (`browser.py`);
a portal registered by its home page only has its columns found first (`onboard.py`).
A platform with a site search also offers `title_search(column, phrases) -> list[ListItem]`:
asked once per portal and platform for rules.TITLE_SEARCH_PHRASES (a walk bounded by
TITLE_SEARCH_MAX_PAGES per phrase), its hits join the column's items.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fazhi.core import rules
from fazhi.core.errors import FetchError, NeedsBrowser
from fazhi.core.records import Candidate, FetchedPage, PageFetcher, PortalColumn
from fazhi.core.titles import department_in_title
from tasks.discover import platforms
from tasks.discover.browser import BrowserSettings, read_rendered
from tasks.discover.classify import TitleVerdict, classify_body, classify_title
from tasks.discover.listing import Column, ListItem, items_from_html
from tasks.discover.onboard import find_columns

__all__ = ["TitleVerdict", "classify_body", "classify_title", "ListItem", "items_from_html", "detect_cms",
           "list_items", "read_column", "discover_portal", "wanted", "BrowserSettings", "Discovery"]

detect_cms = platforms.detect
log = logging.getLogger(__name__)


@dataclass
class ColumnRead:
    """One column walked: its items, the platform read, list pages fetched, pages rendered in
    a browser and, when one was needed and missing, why."""
    items: list[ListItem]
    cms: str
    pages: int
    rendered_pages: int = 0
    needs_browser: str = ""


@dataclass
class Discovery:
    """What discovery found on a portal. columns: those chosen from the home page in this run
    (a home-page-only portal's onboarding), to be kept for later runs."""
    candidates: list[Candidate] = field(default_factory=list)
    failures: list[FetchError] = field(default_factory=list)
    list_pages: int = 0
    rendered_pages: int = 0                  # list pages rendered in a headless browser
    needs_browser: bool = False              # a list page needed a browser and none was there
    notes: list[str] = field(default_factory=list)
    columns: list[PortalColumn] = field(default_factory=list)
    platforms: dict[str, str] = field(default_factory=dict)     # column URL -> platform read with


def list_items(fetcher: PageFetcher, start_url: str, cms: str, oldest_wanted: dt.date | None,
               max_pages: int = rules.MAX_LIST_PAGES, known: frozenset[str] = frozenset()
               ) -> tuple[list[ListItem], str, int]:
    """Every item of one column: (items, the platform used, list pages fetched)."""
    read = read_column(fetcher, start_url, cms, oldest_wanted, max_pages, browser=None, known=known)
    return read.items, read.cms, read.pages


def read_column(fetcher: PageFetcher, start_url: str, cms: str, oldest_wanted: dt.date | None,
                max_pages: int = rules.MAX_LIST_PAGES, browser: BrowserSettings | None = BrowserSettings(),
                first: FetchedPage | None = None, known: frozenset[str] = frozenset(),
                searched: set[str] | None = None) -> ColumnRead:
    """One column by its platform's reader; a page with no items on no known platform is
    rendered in the browser (browser None: never). first: the column page, when already fetched;
    known: links seen in earlier runs (a list page of nothing else ends the walk); searched:
    platforms whose site search this portal already asked (None: ask none)."""
    first = first or fetcher.fetch_page(start_url)
    if cms == "auto":
        cms = platforms.detect(first.text, start_url)
    reader = platforms.BY_NAME.get(cms, platforms.generic)
    column = Column(fetcher, start_url, first, oldest_wanted, max_pages, known)
    read = ColumnRead(reader.read(column), cms, 0)
    if not read.items and reader is platforms.generic and browser is not None:
        try:
            read.items = read_rendered(column, browser)
            read.rendered_pages = 1
        except NeedsBrowser as exc:
            read.needs_browser = exc.reason
    read.pages = column.pages
    if searched is not None and cms not in searched and hasattr(reader, "title_search"):
        searched.add(cms)
        hits, search_pages = title_search(reader, column)
        read.items, read.pages = read.items + hits, read.pages + search_pages
    return read


def title_search(reader, column: Column) -> tuple[list[ListItem], int]:
    """The platform's site search asked for the title phrases, on a walk of its own page bound:
    (hits, search pages fetched). A failing search is logged and costs its hits, not the column."""
    search = column.for_search()
    try:
        found = reader.title_search(search, rules.TITLE_SEARCH_PHRASES)
    except (FetchError, ValueError, KeyError) as exc:      # an answer not in the platform's format
        log.warning("title search from %s failed: %s", column.start_url, exc)
        found = []
    return found, search.pages - 1


def discover_portal(portal, fetcher: PageFetcher, years: set[int] | None = None,
                    max_pages: int = rules.MAX_LIST_PAGES, browser: BrowserSettings | None = BrowserSettings(),
                    columns: tuple[str, ...] = (), known: frozenset[str] = frozenset()) -> Discovery:
    """All candidates of a portal's columns. A column that fails is reported; the others go on.
    known: links seen in earlier runs; a list page of nothing else ends a column's walk.

    The columns are the registry's start_urls; for a portal registered by its home page only,
    `columns` (chosen by an earlier run, from the warehouse), else those onboarding finds now
    (and again when every stored one fails: the site was rebuilt)."""
    # a report on year Y is published from January of Y+1 on: older list items cannot be one
    oldest_wanted = dt.date(min(years) + 1, 1, 1) if years else None
    found = Discovery()
    candidates: dict[str, Candidate] = {}
    starts, first_pages, searched = list(portal.start_urls or columns), {}, set()
    if not starts and getattr(portal, "home", ""):
        starts, first_pages = _onboard(portal, fetcher, found, candidates)
    for start_url in starts:
        try:
            read = read_column(fetcher, start_url, portal.cms, oldest_wanted, max_pages, browser,
                               first=first_pages.get(start_url), known=known, searched=searched)
        except FetchError as exc:
            found.failures.append(exc)
            continue
        found.list_pages += read.pages
        found.platforms[start_url] = read.cms
        found.rendered_pages += read.rendered_pages
        if read.needs_browser:
            found.needs_browser = True
            found.notes.append(f"list page {start_url}: {read.needs_browser}")
        for item in read.items:
            if item.url not in candidates:
                candidates[item.url] = _candidate(portal, fetcher, item, start_url)
    if columns and not portal.start_urls and len(found.failures) == len(starts):
        # every stored column is gone: find the columns again from the home page
        retry = discover_portal(portal, fetcher, years, max_pages, browser, columns=(), known=known)
        retry.notes.insert(0, f"the {len(starts)} stored column(s) failed; columns found again from the home page")
        return retry
    found.candidates = list(candidates.values())
    return found


def _onboard(portal, fetcher: PageFetcher, found: Discovery,
             candidates: dict[str, Candidate]) -> tuple[list[str], dict[str, FetchedPage]]:
    """The report columns of a home-page-only portal, found from its home page; the site
    search's hits (where the platform has one) become candidates at once."""
    try:
        onboarding = find_columns(fetcher, portal.home)
    except FetchError as exc:
        found.failures.append(exc)
        return [], {}
    found.list_pages += onboarding.pages_read
    found.columns = [PortalColumn(portal_id=portal.id, url=c.url, title=c.title, score=c.score, depth=c.depth,
                                  report_titles=c.report_titles, found_from=portal.home)
                     for c in onboarding.columns]
    if not onboarding.columns:
        found.notes.append(onboarding.summary())      # says: no report column found
    for item in onboarding.search_hits:
        if item.url not in candidates:
            candidates[item.url] = _candidate(portal, fetcher, item, portal.home)
    return [c.url for c in onboarding.columns], {c.url: c.page for c in onboarding.columns}


def _candidate(portal, fetcher: PageFetcher, item: ListItem, source_url: str) -> Candidate:
    if not fetcher.allowed_host(item.url):
        verdict = TitleVerdict("other", f"link to another host ({urlsplit(item.url).netloc}): not followed", None)
    else:
        verdict = classify_title(item.title)
    department = department_in_title(item.title) or portal.department
    return Candidate(
        url=item.url, portal_id=portal.id, title=item.title, date=item.date, kind=verdict.kind,
        reason=verdict.reason, report_year=verdict.report_year, source_url=source_url,
        needs_body_check=verdict.needs_body_check,
        level="department" if department or portal.level == "department" else "government",
        department=department)


def wanted(candidate: Candidate, years: set[int] | None) -> bool:
    """Should this candidate's page be fetched as a possible report?"""
    if candidate.kind == "report":
        return not years or candidate.report_year is None or candidate.report_year in years
    return candidate.needs_body_check
