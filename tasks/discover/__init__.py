"""Discovery: a portal's columns -> every candidate link, classified.

Each column's first page picks the platform reader (`platforms/`, by fingerprint, or the
registry's `cms`); the reader walks the column's list pages through a `Column`, which bounds
the pages and stops at a repeated page or at items older than the years asked for.
A platform with a site search also offers `title_search(column, phrases) -> list[ListItem]`:
asked once per portal and platform for rules.TITLE_SEARCH_PHRASES (a walk bounded by
TITLE_SEARCH_MAX_PAGES per phrase), its hits join the column's items (issue 13).
"""
from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlsplit

from fazhi.core import rules
from fazhi.core.errors import FetchError
from fazhi.core.records import Candidate, PageFetcher
from fazhi.core.titles import department_in_title
from tasks.discover import platforms
from tasks.discover.classify import TitleVerdict, classify_body, classify_title
from tasks.discover.listing import Column, ListItem, items_from_html

__all__ = ["TitleVerdict", "classify_body", "classify_title", "ListItem", "items_from_html", "detect_cms",
           "list_items", "discover_portal", "wanted"]

detect_cms = platforms.detect
log = logging.getLogger(__name__)


def list_items(fetcher: PageFetcher, start_url: str, cms: str, oldest_wanted: dt.date | None,
               max_pages: int = rules.MAX_LIST_PAGES, searched: set[str] | None = None) -> tuple[list[ListItem], str, int]:
    """Every item of one column: (items, the platform used, list and search pages fetched).
    searched: platforms whose site search this portal already asked (None: ask none)."""
    first = fetcher.fetch_page(start_url)
    if cms == "auto":
        cms = platforms.detect(first.text, start_url)
    reader = platforms.BY_NAME.get(cms, platforms.generic)
    column = Column(fetcher, start_url, first, oldest_wanted, max_pages)
    items = reader.read(column)
    pages = column.pages
    if searched is not None and cms not in searched and hasattr(reader, "title_search"):
        searched.add(cms)
        found, search_pages = title_search(reader, column)
        items, pages = items + found, pages + search_pages
    return items, cms, pages


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
                    max_pages: int = rules.MAX_LIST_PAGES) -> tuple[list[Candidate], list[FetchError], int]:
    """All candidates of a portal's columns: (candidates, columns that failed, list pages
    fetched). A column that fails is reported; the others go on."""
    # a report on year Y is published from January of Y+1 on: older list items cannot be one
    oldest_wanted = dt.date(min(years) + 1, 1, 1) if years else None
    candidates: dict[str, Candidate] = {}
    failures: list[FetchError] = []
    pages, searched = 0, set()
    for start_url in portal.start_urls:
        try:
            items, _cms, n = list_items(fetcher, start_url, portal.cms, oldest_wanted, max_pages, searched)
        except FetchError as exc:
            failures.append(exc)
            continue
        pages += n
        for item in items:
            if item.url in candidates:
                continue
            if not fetcher.allowed_host(item.url):
                verdict = TitleVerdict("other", f"link to another host ({urlsplit(item.url).netloc}): not followed", None)
            else:
                verdict = classify_title(item.title)
            department = department_in_title(item.title) or portal.department
            candidates[item.url] = Candidate(
                url=item.url, portal_id=portal.id, title=item.title, date=item.date, kind=verdict.kind,
                reason=verdict.reason, report_year=verdict.report_year, source_url=start_url,
                needs_body_check=verdict.needs_body_check,
                level="department" if department or portal.level == "department" else "government",
                department=department)
    return list(candidates.values()), failures, pages


def wanted(candidate: Candidate, years: set[int] | None) -> bool:
    """Should this candidate's page be fetched as a possible report?"""
    if candidate.kind == "report":
        return not years or candidate.report_year is None or candidate.report_year in years
    return candidate.needs_body_check
