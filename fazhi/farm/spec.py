"""A fake portal as data: the portal, its list items and the truth about each item.

The mirror's and the test portals' specs are TOML files (``load_specs``); the benchmark's
generator builds them in code. Renderers (``fazhi.farm.render``) turn a spec into pages, the
HTTP layer serves them, ``fazhi.farm.truth`` tells tests and evaluations what is there.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path



@dataclass(frozen=True)
class ReportSpec:
    """A report placed on a portal: what its page (or attachment) holds, and its truth."""

    title: str
    published: str  # as the page's PubDate shows it
    report_year: int | None
    body: tuple[str, ...] = ()  # paragraphs in page order
    publisher: str = ""  # 发布机构 as the page shows it
    publisher_full: str = ""  # qualified with the district name
    level: str = "government"  # government | department
    # where the text is: page | pdf | docx | doc (unreadable noise) | word97 | wps | ofd | scanned_pdf |
    # page_images; or a hostile file (fazhi.farm.documents.HOSTILE_SOURCES): zip_bomb | entity_ofd |
    # truncated_pdf | looping_pdf | oversized | trickle
    source: str = "page"
    link: str = "a"  # how the cover note points at the file: a | endpoint (no extension) | pdfjs | onclick
    attachment_name: str = ""  # the file name the notice page shows
    attachment_content_type: str = ""
    signature: tuple[str, ...] = ()  # closing lines (unit, date), set right-aligned
    indicators: dict = field(default_factory=dict)  # catalog key -> figure the text states
    admin_code: str = ""  # the division that wrote it, when not the portal's (an aggregator's column)
    seed_file: str = ""  # seeds/reports/<file> the body comes from (the mirror)
    seed_chrome: tuple[int, int] = (0, 0)  # leading / trailing seed lines that are page chrome
    script: str = "simplified"
    ruby_pinyin: bool = False  # the seed's "發(fā)" served as <ruby>
    span_runs: bool = False  # paragraphs split into Word-style <span> runs
    bold_headings: bool = True
    # the 信息公开 table of a mirror report page
    index_no: str = ""
    topic: str = ""
    written_date: str = ""
    doc_no: str = ""
    group: str = ""
    genre: str = ""
    content_source: str = ""


@dataclass(frozen=True)
class ItemSpec:
    """One list item and the page behind it."""

    path: str  # on the host named by ``host`` (the portal itself when empty)
    title: str
    published: str  # "YYYY-MM-DD HH:MM[:SS]", as the article shows it
    kind: str  # one of fazhi.core.records.CANDIDATE_KINDS, as a person reads the title
    page: int = 1  # 1-based list page
    body: tuple = ()  # blocks: ("p", text) ("h", text) ("img", alt, src) ("link", text, href) ("table", rows)
    report: ReportSpec | None = None
    role: str = ""  # report | report_pdf | report_docx | report_doc | redirect | foreign | robots | unlisted
    host: str = ""  # another portal's id (a foreign link)
    redirect_to: str = ""  # path on the ``elsewhere`` host this URL answers 302 to
    attachment: str = ""  # the report's attachment path (query included)
    index_no: str = ""
    source: str = ""  # 来源 / ContentSource
    family: str = ""  # the generator's look-alike family (report, interpretation, …, filler)
    about: str = ""  # the report title a look-alike refers to
    seq: int = 0  # position in the list

    @property
    def date(self) -> str:
        return self.published[:10]

    @property
    def listed(self) -> bool:
        return self.role != "unlisted"


@dataclass(frozen=True)
class Fault:
    """A path that answers ``status`` to its first ``times`` requests (after a reset)."""

    path: str
    status: int = 503
    times: int = 2


@dataclass
class PortalSpec:
    id: str
    name: str
    admin_code: str
    province: str
    city: str
    county: str
    cms: str  # what the registry says (or what discovery should detect)
    family: str  # renderer: hanweb | hunan | trs | generic
    variant: str  # template set within the family: county (mirror) | farm (tests) | bench
    column_name: str
    column_path: str  # the list's first page, the registry's start URL
    items: list[ItemSpec] = field(default_factory=list)
    domain: str = ""
    site_code: str = ""
    icp: str = ""
    psb: str = ""
    host_org: str = ""
    column_id: str = ""
    breadcrumb: tuple[str, ...] = ()
    encoding: str = "utf-8"  # bytes on the wire
    script: str = "simplified"  # traditional: every page in traditional script (big5 gateways)
    meta_charset: str = "utf-8"  # what the page's <meta> declares
    header_charset: str = ""  # charset in the Content-Type header ("" = none)
    robots: str = "User-agent: *\nAllow: /\n"
    per_page: int = 15
    markup: dict = field(default_factory=dict)  # the variant's choices (proxy path, list markup, …)
    faults: tuple[Fault, ...] = ()
    in_registry: bool = True
    level: str = "government"
    department: str = ""
    registry_cms: str = ""  # registry's cms when not ``cms`` (e.g. "auto")
    server: str = "nginx"  # the Server header
    challenge: str = ""  # an anti-bot guard answering instead of the pages (fazhi.farm.challenges)

    @property
    def listed(self) -> list[ItemSpec]:
        return [i for i in self.items if i.listed]

    @property
    def n_pages(self) -> int:
        return max(1, (len(self.listed) + self.per_page - 1) // self.per_page)

    def page_items(self, page: int) -> list[ItemSpec]:
        return self.listed[(page - 1) * self.per_page : page * self.per_page]

    @property
    def reports(self) -> list[ItemSpec]:
        return [i for i in self.items if i.report is not None and i.listed]

    @property
    def report_item(self) -> ItemSpec:
        """The newest report (look-alikes such as 解读 refer to it)."""
        return self.reports[0]


def _read_seed(file: str, chrome: tuple[int, int], seeds_dir: Path) -> tuple[str, ...]:
    """The seed's body paragraphs: its non-empty lines without the chrome at either end."""
    lines = [ln.strip() for ln in (seeds_dir / file).read_text(encoding="utf-8").splitlines() if ln.strip()]
    return tuple(lines[chrome[0] : len(lines) - chrome[1]])


def _build(cls, raw: dict, **extra):
    names = {f.name for f in fields(cls)}
    unknown = set(raw) - names
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown keys {sorted(unknown)}")
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
    return cls(**values, **extra)


def load_specs(path: Path, seeds_dir: Path | None = None) -> list[PortalSpec]:
    """Portal specs from a TOML file ([[portal]] with [[portal.item]] and [portal.item.report])."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    portals = []
    for raw in data["portal"]:
        raw = dict(raw)
        items_raw = raw.pop("item", [])
        faults = tuple(Fault(**f) for f in raw.pop("faults", ()))
        portal = _build(PortalSpec, raw, faults=faults)
        position = 0
        for item in items_raw:
            item = dict(item)
            report = item.pop("report", None)
            if report is not None:
                report = dict(report, title=item["title"], published=item["published"])
                if "seed_file" in report:
                    report["body"] = _read_seed(report["seed_file"], report["seed_chrome"], seeds_dir)
                report = _build(ReportSpec, report)
            item["body"] = tuple(tuple(b) for b in item.get("body", ()))
            spec = _build(ItemSpec, item, report=report, page=position // portal.per_page + 1, seq=position)
            position += spec.listed
            portal.items.append(spec)
        portals.append(portal)
    return portals
