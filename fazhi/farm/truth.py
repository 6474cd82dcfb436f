"""What a crawler of the fake portals should find, and the registry that points it there,
both written from the specs (one place for every farm)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from fazhi.core.records import CANDIDATE_KINDS

from . import render
from .documents import READABLE_SOURCES
from .spec import ItemSpec, PortalSpec

_PINYIN_RE = re.compile(r"(?<=[\u3400-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+\)")
# What a crawler must do with items of these roles.
EXPECT = {
    "redirect": "title reads as a report; the URL answers 302 to another host: do not follow, record a failure",
    "foreign": "the link's host is not the portal's: never request it (discovery: kind other, 'another host')",
    "robots": "title reads as a report; robots.txt disallows its path: never request it",
}


@dataclass(frozen=True)
class ItemTruth:
    path: str
    host: str  # site id of the host serving it (the listing portal unless role == "foreign")
    title: str
    date: str  # ISO date as the list shows it
    kind: str  # one of CANDIDATE_KINDS, from the title as a person reads it
    page: int  # 1-based list page
    role: str = ""
    redirect_to: str = ""  # redirect: path on the other host
    family: str = ""  # the generator's look-alike family (report, interpretation, …, filler)
    report_year: int | None = None
    admin_code: str = ""  # the division that wrote the report, when not the portal's

    @property
    def fetchable(self) -> bool:
        return self.role not in EXPECT

    @property
    def is_report(self) -> bool:
        return self.kind == "report"

    @property
    def is_lookalike(self) -> bool:
        return self.kind != "report" and self.family != "filler"


@dataclass(frozen=True)
class ReportTruth:
    site_id: str
    path: str  # the list item's page (the report itself, or the notice of its attachment)
    title: str
    report_year: int | None
    publish_date: str  # ISO date
    publish_datetime: str  # as the page's PubDate shows it
    publisher: str
    publisher_full: str
    admin_code: str
    level: str
    source: str  # page | pdf | docx | doc | … (ReportSpec.source)
    attachment_path: str  # "" for page; query included for a download gateway
    attachment_name: str
    attachment_content_type: str
    readable: bool
    body: tuple[str, ...]  # paragraphs in order (empty when not readable)
    notice: tuple[str, ...]  # the notice page's own paragraphs (attachments only)
    indicators: dict = field(default_factory=dict)  # catalog key -> figure the text states
    seed_file: str = ""
    script: str = "simplified"  # the body's script as served
    has_pinyin: bool = False  # body served with <ruby> pinyin

    @property
    def body_without_pinyin(self) -> tuple[str, ...]:
        """Body with the ruby pinyin dropped (what a ruby-aware extractor should get)."""
        return tuple(_PINYIN_RE.sub("", p) for p in self.body)

    @property
    def text_from(self) -> str:
        return self.source


@dataclass(frozen=True)
class PortalTruth:
    site_id: str
    name: str
    admin_code: str
    cms: str  # what discovery should use / detect
    family: str
    column_path: str
    list_pages: tuple[str, ...]  # every list page's path (query included), in order
    n_pages: int
    total: int
    items: tuple[ItemTruth, ...]  # newest first, as listed
    reports: tuple[ReportTruth, ...]  # newest first
    encoding: str
    charset_in_header: bool
    robots_txt: str
    flaky_paths: tuple[str, ...]  # answer an error ``flaky_failures`` times, then 200
    flaky_failures: int

    @property
    def report(self) -> ReportTruth:
        return self.reports[0]


def _report(spec: PortalSpec, item: ItemSpec) -> ReportTruth:
    rep = item.report
    readable = rep.source in READABLE_SOURCES
    return ReportTruth(
        site_id=spec.id, path=item.path, title=rep.title, report_year=rep.report_year,
        publish_date=rep.published[:10], publish_datetime=rep.published, publisher=rep.publisher,
        publisher_full=rep.publisher_full or rep.publisher, admin_code=spec.admin_code, level=rep.level,
        source=rep.source, attachment_path=item.attachment, attachment_name=rep.attachment_name,
        attachment_content_type=rep.attachment_content_type, readable=readable,
        body=rep.body if readable else (), indicators=rep.indicators if readable else {},
        notice=render.farm.notice_paragraphs(rep) if rep.source not in ("page", "page_images") else (),
        seed_file=rep.seed_file, script=rep.script, has_pinyin=rep.ruby_pinyin)


def portal_truth(spec: PortalSpec) -> PortalTruth:
    items = tuple(ItemTruth(path=i.path, host=i.host or spec.id, title=i.title, date=i.date, kind=i.kind, page=i.page,
                            role=i.role, redirect_to=i.redirect_to, family=i.family,
                            report_year=i.report.report_year if i.report else None,
                                admin_code=i.report.admin_code if i.report else "")
                  for i in spec.listed)
    assert all(i.kind in CANDIDATE_KINDS for i in items), spec.id
    return PortalTruth(
        site_id=spec.id, name=spec.name, admin_code=spec.admin_code, cms=spec.cms, family=spec.family,
        column_path=spec.column_path, list_pages=tuple(render.list_paths(spec)), n_pages=spec.n_pages,
        total=len(items), items=items, reports=tuple(_report(spec, i) for i in spec.reports),
        encoding=spec.encoding, charset_in_header=bool(spec.header_charset), robots_txt=spec.robots,
        flaky_paths=tuple(f.path for f in spec.faults), flaky_failures=max((f.times for f in spec.faults), default=0))


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a valid TOML basic string


def registry_toml(specs: list[PortalSpec], sites: dict[str, str], header: str, auto_cms: bool = False) -> str:
    """A fazhi portal registry for the portals of ``specs`` that belong in one, at ``sites``' URLs.

    auto_cms=True writes ``cms = "auto"`` so discovery must detect the family itself.
    """
    parts = [header if header.endswith("\n") else header + "\n"]
    for spec in specs:
        if not spec.in_registry:
            continue
        lines = [f"# {spec.markup['comment']}" if "comment" in spec.markup else f"# {spec.family} portal",
                 "[[portal]]", f"id = {_toml(spec.id)}", f"name = {_toml(spec.name)}",
                 f"admin_code = {_toml(spec.admin_code)}", f"province = {_toml(spec.province)}",
                 f"city = {_toml(spec.city)}", f"county = {_toml(spec.county)}",
                 # home_only: registered by its home page, discovery finds the column itself
                 f"home = {_toml(sites[spec.id] + '/')}" if spec.markup.get("home_only") else
                 f"start_urls = [{_toml(sites[spec.id].rstrip('/') + spec.column_path)}]",
                 f"cms = {_toml('auto' if auto_cms else spec.registry_cms or spec.cms)}"]
        if spec.level == "department":
            lines += ['level = "department"', f"department = {_toml(spec.department)}"]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
