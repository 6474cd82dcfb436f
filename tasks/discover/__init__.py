"""Discovery: a portal's columns -> every candidate link, classified.

Each column's first page picks the platform reader (`platforms/`, by fingerprint, or the
registry's `cms`); the reader walks the column's list pages through a `Column`, which bounds
the pages and stops at a repeated page or at items older than the years asked for.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fazhi.core import rules
from fazhi.core.errors import FetchError
from fazhi.core.records import Candidate, PageFetcher
from fazhi.core.titles import department_in_title
from tasks.discover import platforms
from tasks.discover.classify import TitleVerdict, classify_body, classify_title
from tasks.discover.listing import Column, ListItem, items_from_html

__all__ = ["TitleVerdict", "classify_body", "classify_title", "ListItem", "items_from_html", "detect_cms",
           "list_items", "Discovery", "discover_portal", "wanted"]

detect_cms = platforms.detect


def list_items(fetcher: PageFetcher, start_url: str, cms: str, oldest_wanted: dt.date | None,
               max_pages: int = rules.MAX_LIST_PAGES, known: frozenset[str] = frozenset()
               ) -> tuple[list[ListItem], str, int]:
    """Every item of one column: (items, the platform used, list pages fetched)."""
    first = fetcher.fetch_page(start_url)
    if cms == "auto":
        cms = platforms.detect(first.text, start_url)
    reader = platforms.BY_NAME.get(cms, platforms.generic)
    column = Column(fetcher, start_url, first, oldest_wanted, max_pages, known)
    items = reader.read(column)
    return items, cms, column.pages


@dataclass
class Discovery:
    """What walking a portal's columns gave: every candidate, the columns that failed, the list
    pages fetched and the platform each column was read with."""
    candidates: list[Candidate] = field(default_factory=list)
    failures: list[FetchError] = field(default_factory=list)
    list_pages: int = 0
    platforms: dict[str, str] = field(default_factory=dict)     # column URL -> platform


def discover_portal(portal, fetcher: PageFetcher, years: set[int] | None = None,
                    max_pages: int = rules.MAX_LIST_PAGES, known: frozenset[str] = frozenset()) -> Discovery:
    """All candidates of a portal's columns. A column that fails is reported; the others go on.
    known: links seen in earlier runs; a list page of nothing else ends a column's walk."""
    # a report on year Y is published from January of Y+1 on: older list items cannot be one
    oldest_wanted = dt.date(min(years) + 1, 1, 1) if years else None
    candidates: dict[str, Candidate] = {}
    found = Discovery()
    for start_url in portal.start_urls:
        try:
            items, platform, n = list_items(fetcher, start_url, portal.cms, oldest_wanted, max_pages, known)
        except FetchError as exc:
            found.failures.append(exc)
            continue
        found.list_pages += n
        found.platforms[start_url] = platform
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
    found.candidates = list(candidates.values())
    return found


def wanted(candidate: Candidate, years: set[int] | None) -> bool:
    """Should this candidate's page be fetched as a possible report?"""
    if candidate.kind == "report":
        return not years or candidate.report_year is None or candidate.report_year in years
    return candidate.needs_body_check
