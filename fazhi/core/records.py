"""What the stages hand each other, as types.

discover -> Candidate; fetch -> FetchedPage, FetchedDocument, FetchRecord; clean ->
CleanedPage; extract -> ReportFacts (ReportMetadata, Section, Quantity, IndicatorValue,
Citation, ReportItem); load <- LoadItem. Plain data only: no connections, so every record
pickles to a Dask worker and back.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from fazhi.core.encoding import decode_body

# ------------------------------------------------------------------------- discovery --
# township_report: a 街道/乡镇 body's report, below the county level the corpus covers
CANDIDATE_KINDS = ("report", "interpretation", "work_plan", "info_disclosure_report", "news", "township_report",
                   "other")


@dataclass
class Candidate:
    """A link discovery looked at, with what it decided and why."""
    url: str
    portal_id: str
    title: str
    date: dt.date | None
    kind: str                      # one of CANDIDATE_KINDS
    reason: str
    report_year: int | None
    source_url: str
    level: str = "government"      # government | department (read from the title)
    department: str = ""
    needs_body_check: bool = False  # the title names 法治政府 but no report: read the body to decide


@dataclass
class PortalColumn:
    """A report column found from a home-page-only portal's home page (onboarding), kept in
    the warehouse (portal_columns) so later runs start there."""
    portal_id: str
    url: str
    title: str                     # the navigation link's text that led to it
    score: int                     # the link's score (fazhi.core.rules LINK_TEXT_SCORES / LINK_PATH_SCORES)
    depth: int                     # links from the home page
    report_titles: int             # items on its first page whose title reads as a report
    found_from: str                # the home page


# -------------------------------------------------------------------------- fetching --
class PageFetcher(Protocol):
    """What discovery needs of the fetch stage: pages of the portal's own hosts."""

    def fetch_page(self, url: str, *, method: str = "GET", data: dict | None = None, json=None,
                   headers: dict | None = None, revalidate: bool = True) -> FetchedPage: ...

    def allowed_host(self, url: str) -> bool: ...


@dataclass
class KnownFetch:
    """What the warehouse already holds for a URL: validators and the archived body."""
    sha256: str
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""     # kept so an archived body decodes as it did when fetched
    checked_at: dt.datetime | None = None   # last time the URL was asked for (UTC)


@dataclass
class FetchedPage:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    sha256: str
    fetched_at: dt.datetime
    downloaded: bool           # False when the body came from the archive (304 or skipped)
    content_type: str = ""

    @property
    def text(self) -> str:
        return decode_body(self.body, self.content_type)[0]


@dataclass
class FetchRecord:
    """One exchange with a portal, as the `fetches` table and the archive log keep it."""
    url: str
    final_url: str
    status: int
    sha256: str
    size: int
    fetched_at: dt.datetime
    etag: str | None
    last_modified: str | None
    content_type: str | None
    portal_id: str | None
    run_id: str | None


ATTACHMENT_STATUSES = ("used", "read", "unreadable", "failed")


@dataclass
class FetchedDocument:
    """A file a report page links: its bytes when fetched, or why not. The clean stage reads
    its text; status is then read / unreadable, and used for the one the report came from."""
    url: str
    page_url: str
    name: str
    file_type: str                 # pdf | docx | doc | wps | ofd | image | unknown (until the bytes tell)
    status: str                    # fetched, then one of ATTACHMENT_STATUSES once read
    body: bytes | None = None
    sha256: str | None = None
    reason: str | None = None
    text: str | None = None
    text_source: str | None = None     # how the text was read: pdf_text, ocr, ofd, docx, doc, wps
    engine: str | None = None          # the OCR engine or DOC/WPS converter
    confidence: float | None = None    # OCR: mean character confidence, 0-1
    pages: list[bytes] = field(default_factory=list)   # page scans (file_type image): one image each


# -------------------------------------------------------------------------- cleaning --
@dataclass
class CleanedPage:
    title: str | None
    body_text: str                       # one paragraph per line
    fields: dict[str, str] = field(default_factory=dict)   # labelled page fields (发布日期 …)
    links: list[tuple[str, str]] = field(default_factory=list)   # (text, href) inside the content
    method: str = ""                     # which selector or fallback produced the body
    traditional_share: float = 0.0
    attachment_type: str | None = None   # the body came from a linked file of this type
    attachment_url: str | None = None
    images: list[tuple[str, dict]] = field(default_factory=list)   # (src, attributes) of <img> in the content
    text_source: str = "html"            # html, pdf_text, ocr, ofd, docx, doc, wps, text (a local file)
    ocr_engine: str | None = None        # for text_source ocr: the engine and model
    ocr_confidence: float | None = None  # for text_source ocr: mean character confidence, 0-1

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.body_text.split("\n") if line]

    @property
    def clean_method(self) -> str:
        """How the body was obtained, as the warehouse records it."""
        return f"attachment:{self.attachment_type}" if self.attachment_type else self.method


# ------------------------------------------------------------------------ extraction --
@dataclass
class ReportContext:
    """What is known about a report before reading it: from the portal and the list page."""
    url: str
    portal_id: str | None = None
    admin_code: str | None = None
    admin_name: str | None = None
    city: str | None = None
    province: str | None = None
    level: str | None = None
    department: str | None = None
    list_title: str | None = None
    list_date: str | None = None


TITLE_SOURCES = ("page", "derived")
REPORT_LEVELS = ("government", "department")


@dataclass
class ReportMetadata:
    title: str
    title_source: str              # one of TITLE_SOURCES
    report_year: int | None
    admin_code: str | None
    admin_name: str | None
    city: str | None
    province: str | None
    level: str                     # one of REPORT_LEVELS
    department: str | None
    publisher: str | None
    publish_date: dt.date | None
    written_date: dt.date | None
    index_no: str | None
    doc_no: str | None
    unit_source: str | None = None  # one of UNIT_SOURCES: how the unit was decided; None: unknown
    years_blanked: bool = False


UNIT_SOURCES = ("title", "list_title", "body", "signature", "publisher", "citation", "portal")

SECTION_ROLES = ("achievements", "shortcomings", "duty", "plan", "other")
QUANTITY_KINDS = ("count", "rate", "share", "change", "rank", "amount")
# The roles of indicator-labels.md: the reporting body's own result for the year, a plan
# target, a part or a wider scope (subunit), a change, a rank, a total over several years, other.
QUANTITY_ROLES = ("result", "target", "subunit", "change", "rank", "cumulative", "other")
ITEM_KINDS = ("shortcoming", "plan")


@dataclass
class Section:
    seq: int
    depth: int             # 1: 一、  2: (一)  3: 1.
    number: str
    heading: str
    role: str              # one of SECTION_ROLES (top sections)
    top_heading: str       # the top-level section it sits in
    line_no: int


@dataclass
class Quantity:
    seq: int
    value: float
    unit: str
    raw: str
    qualifier: str
    kind: str              # one of QUANTITY_KINDS
    subject: str
    sentence: str
    section: str
    section_role: str
    is_target: bool
    line_no: int
    raw_offset: int = 0    # where raw starts in sentence
    role: str = "result"   # one of QUANTITY_ROLES: what the number is for the report's year
    role_rule: str = ""    # the rule and the words that decided role (part: 其中, target word: 拟 …)


@dataclass
class IndicatorValue:
    indicator: str
    value: float
    unit: str
    qualifier: str
    is_target: bool
    is_primary: bool
    section: str
    evidence: str
    quantity_seq: int
    rule: str = ""         # the catalog rule's words that named the key (topic: 合法性审查; verb: 审查)


@dataclass
class Citation:
    seq: int
    title: str
    doc_no: str
    sentence: str


@dataclass
class ReportItem:
    kind: str              # one of ITEM_KINDS
    seq: int
    text: str
    section: str


@dataclass
class ReportFacts:
    metadata: ReportMetadata
    sections: list[Section] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    indicators: list[IndicatorValue] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    items: list[ReportItem] = field(default_factory=list)


# --------------------------------------------------------------------------- loading --
REPORT_SOURCES = ("crawl", "file")


@dataclass
class LoadItem:
    """One report ready for the warehouse: where it came from, its text and its facts."""
    url: str
    source: str                    # one of REPORT_SOURCES
    content_sha: str               # the archived bytes the text was read from
    cleaned: CleanedPage
    facts: ReportFacts
    fetched_at: dt.datetime
    portal_id: str | None
    run_id: str | None
    reprocess: bool = False        # rewrite the version with this content instead of skipping it
