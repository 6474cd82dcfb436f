"""Ground truth for tests: what a crawler of the mirror should find.

    from fazhi.mirror.truth import TRUTH, report_truth, list_items
    TRUTH["nb-jiangbei"].report.title
    [i for i in TRUTH["nb-jiangbei"].items if i.kind == "report"]

Paths are relative to the site's base URL (``Mirror.sites[site_id]``).
The test farm's ground truth (start_test_farm) is in farm_truth.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .seedtext import load_seed
from .sites import KINDS, SITES, Site

_PINYIN_RE = re.compile(r"(?<=[\u3400-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+\)")


@dataclass(frozen=True)
class ListItem:
    path: str
    title: str
    date: str  # ISO date as the list shows it
    kind: str  # one of KINDS
    page: int  # 1-based column page it is listed on


@dataclass(frozen=True)
class ReportTruth:
    site_id: str
    path: str
    title: str
    publisher: str  # 发布机构 as the page shows it
    publisher_full: str  # qualified with the district name
    publish_date: str  # ISO date
    publish_datetime: str  # "YYYY-MM-DD HH:MM" (PubDate meta)
    report_year: int
    level: str  # "government" | "department"
    admin_code: str
    seed_file: str
    body: tuple[str, ...]  # paragraphs as in the seed (page order), chrome lines removed
    script: str  # "simplified" | "traditional" (the body's script, as served)
    has_pinyin: bool  # body served with <ruby> pinyin (000)

    @property
    def body_without_pinyin(self) -> tuple[str, ...]:
        """Body with the ruby pinyin dropped (what a ruby-aware extractor should get)."""
        return tuple(_PINYIN_RE.sub("", p) for p in self.body)


@dataclass(frozen=True)
class SiteTruth:
    site_id: str
    name: str
    admin_code: str
    cms: str
    column_path: str
    n_pages: int
    total: int
    items: tuple[ListItem, ...]  # newest first, as listed
    report: ReportTruth
    encoding: str  # bytes on the wire
    charset_in_header: bool


_TRADITIONAL = {"000_8a596ebcca1d5ce5.txt", "002_3fdb355039b4e6e4.txt"}


def _site_truth(site: Site) -> SiteTruth:
    rep_item = site.report_item
    spec = site.report
    report = ReportTruth(
        site_id=site.id,
        path=rep_item.path,
        title=spec.title,
        publisher=spec.publisher,
        publisher_full=spec.publisher_full,
        publish_date=rep_item.date,
        publish_datetime=rep_item.pub_datetime,
        report_year=spec.report_year,
        level=spec.level,
        admin_code=site.admin_code,
        seed_file=spec.seed_file,
        body=load_seed(spec.seed_file).body,
        script="traditional" if spec.seed_file in _TRADITIONAL else "simplified",
        has_pinyin=spec.ruby_pinyin,
    )
    items = tuple(ListItem(i.path, i.title, i.date, i.kind, i.page) for i in site.items)
    assert all(i.kind in KINDS for i in items)
    return SiteTruth(
        site_id=site.id,
        name=site.name,
        admin_code=site.admin_code,
        cms=site.cms,
        column_path=site.column_path,
        n_pages=site.n_pages,
        total=len(items),
        items=items,
        report=report,
        encoding=site.encoding,
        charset_in_header=site.charset_header,
    )


TRUTH: dict[str, SiteTruth] = {sid: _site_truth(s) for sid, s in SITES.items()}


def site_truth(site_id: str) -> SiteTruth:
    return TRUTH[site_id]


def report_truth(site_id: str) -> ReportTruth:
    return TRUTH[site_id].report


def list_items(site_id: str, kind: str | None = None) -> list[ListItem]:
    return [i for i in TRUTH[site_id].items if kind is None or i.kind == kind]


def reports() -> list[ReportTruth]:
    """The only reports on the mirror: one per site (4 in all)."""
    return [t.report for t in TRUTH.values()]
