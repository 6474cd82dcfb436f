"""Ground truth for the test farm (farm.py): what a crawler of it should find and refuse.

    from fazhi.mirror.farm_truth import FARM_TRUTH, farm_reports, BLOCKED
    FARM_TRUTH["farm-attach"].reports          # three, from .pdf, .docx and .doc
    [r for r in farm_reports() if r.readable]  # the five whose text can be had
    BLOCKED                                     # items a crawler must not fetch, and why

Paths are relative to the base URL of the site named by ``host`` (``TestFarm.sites[...]``).

``ReportTruth.source`` says where the report's text is: ``page`` (the article itself),
``pdf`` / ``docx`` (an attachment linked from a short notice page) or ``doc`` (an old
binary Word file nobody can read: ``readable`` is False and ``body`` is empty; the crawler
should record that it cannot read a .doc rather than store the notice as the report).

``body`` holds the report's paragraphs in order, including the closing signature lines
(unit and date). In the PDF the title is the first line, paragraphs are wrapped into lines
and every page ends with a ``— N —`` footer; in the .docx the title is the first paragraph.

``items`` are the list's items only. Pages also carry navigation links a crawler must not
take for items; on the TRS sites the breadcrumb (div.crumbsNav) links the column itself,
``<a href="./">法治政府建设年度报告</a>``, whose text reads like a report title.
"""

from __future__ import annotations

from dataclasses import dataclass

from .farm import MIME
from .farm_pages import notice_paragraphs
from .farm_sites import ELSEWHERE, FARM_PORTAL_IDS, FARM_SITES, FarmItem, FarmSite
from .sites import KINDS

# What a crawler must do with items that have these roles.
EXPECT = {
    "redirect": "title reads as a report; the URL answers 302 to another host: do not follow, record a failure",
    "foreign": "the link's host is not the portal's: never request it (discovery: kind other, 'another host')",
    "robots": "title reads as a report; robots.txt disallows its path: never request it",
}


@dataclass(frozen=True)
class FarmListItem:
    path: str
    host: str  # site id of the host serving it (the listing site unless role == "foreign")
    title: str
    date: str  # ISO date as the list shows it
    kind: str  # one of KINDS, from the title as a person reads it
    page: int  # 1-based list page
    role: str  # "" | report | report_pdf | report_docx | report_doc | redirect | foreign | robots
    redirect_to: str = ""  # redirect: path on ``farm-elsewhere``

    @property
    def fetchable(self) -> bool:
        return self.role not in EXPECT


@dataclass(frozen=True)
class ReportTruth:
    site_id: str
    path: str  # the list item's page (the report itself, or the notice)
    title: str
    report_year: int
    publish_date: str  # ISO date
    publish_datetime: str  # "YYYY-MM-DD HH:MM:SS" (PubDate / 发布时间)
    publisher: str
    admin_code: str
    level: str
    source: str  # page | pdf | docx | doc
    attachment_path: str  # "" for page; path with query for downfile.jsp
    attachment_name: str  # the file name the notice shows
    attachment_content_type: str  # what the server sends
    readable: bool
    body: tuple[str, ...]  # paragraphs in order (empty when not readable)
    notice: tuple[str, ...]  # the notice page's own paragraphs (attachments only)
    indicators: dict  # catalog key -> value, the figures the text states

    @property
    def text_from(self) -> str:
        return self.source


@dataclass(frozen=True)
class SiteTruth:
    site_id: str
    name: str
    admin_code: str
    cms: str  # what discovery should use / detect
    style: str
    column_path: str
    list_pages: tuple[str, ...]  # every list page's path (query included), in order
    n_pages: int
    total: int
    items: tuple[FarmListItem, ...]  # newest first, as listed
    reports: tuple[ReportTruth, ...]  # newest first
    encoding: str
    charset_in_header: bool
    robots_txt: str
    flaky_paths: tuple[str, ...]  # answer 503 ``flaky_failures`` times, then 200
    flaky_failures: int

    @property
    def report(self) -> ReportTruth:
        return self.reports[0]


def _report(site: FarmSite, item: FarmItem) -> ReportTruth:
    rep = item.report
    readable = rep.source != "doc"
    if rep.source == "page":
        ctype = ""
    elif "downfile.jsp" in item.attachment_path:
        ctype = "application/octet-stream"
    else:
        ctype = MIME[rep.source]
    return ReportTruth(
        site_id=site.id, path=item.path, title=rep.title, report_year=rep.report_year,
        publish_date=rep.pub_datetime[:10], publish_datetime=rep.pub_datetime, publisher=rep.publisher,
        admin_code=site.admin_code, level=rep.level, source=rep.source,
        attachment_path=item.attachment_path, attachment_name=rep.attachment_name,
        attachment_content_type=ctype, readable=readable,
        body=rep.paragraphs if readable else (),
        notice=notice_paragraphs(site, item) if rep.source != "page" else (),
        indicators=rep.text.facts.indicators() if readable else {},
    )


def _site_truth(site: FarmSite) -> SiteTruth:
    items = tuple(
        FarmListItem(path=i.path, host=i.host or site.id, title=i.title, date=i.date, kind=i.kind,
                     page=i.page, role=i.role, redirect_to=i.target_path)
        for i in site.items)
    assert all(i.kind in KINDS for i in items)
    return SiteTruth(
        site_id=site.id, name=site.name, admin_code=site.admin_code, cms=site.cms, style=site.style,
        column_path=site.column_path,
        list_pages=tuple(site.list_page_path(p) for p in range(1, site.n_pages + 1)),
        n_pages=site.n_pages, total=len(items), items=items,
        reports=tuple(_report(site, i) for i in site.reports),
        encoding=site.encoding, charset_in_header=site.charset_header, robots_txt=site.robots,
        flaky_paths=tuple(i.path for i in site.items if i.role in site.flaky_roles),
        flaky_failures=site.flaky_failures,
    )


FARM_TRUTH: dict[str, SiteTruth] = {sid: _site_truth(FARM_SITES[sid]) for sid in FARM_PORTAL_IDS}

# Items a crawler must not fetch: (site id, item).
BLOCKED: tuple[tuple[str, FarmListItem], ...] = tuple(
    (sid, i) for sid, t in FARM_TRUTH.items() for i in t.items if not i.fetchable)

# Paths on the elsewhere host; a polite crawler of the farm never requests any of them.
ELSEWHERE_PATHS: tuple[str, ...] = tuple(FARM_SITES[ELSEWHERE].extra_pages)


def farm_reports() -> list[ReportTruth]:
    """Every report on the farm's portals (6: five readable, one .doc)."""
    return [r for t in FARM_TRUTH.values() for r in t.reports]


def list_items(site_id: str, kind: str | None = None, role: str | None = None) -> list[FarmListItem]:
    return [i for i in FARM_TRUTH[site_id].items
            if (kind is None or i.kind == kind) and (role is None or i.role == role)]
