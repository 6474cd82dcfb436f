"""One portal: discover -> fetch -> clean -> extract, collected into a PortalHaul that the
flow process loads (one writer per warehouse). Runs on a thread of the flow process or on a
Dask worker; a PortalJob is what a worker gets."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from fazhi.core.archive import Archive
from fazhi.core.errors import FetchError, RejectedRow
from fazhi.core.documents import ReadLimits, page_scan_images
from fazhi.core.records import (Candidate, CleanedPage, FetchedDocument, FetchedPage, FetchRecord, KnownFetch,
                                LoadItem, ReportContext)
from fazhi.core.registry import Portal
from tasks.clean import clean_attachment, clean_html, is_cover_note, read_documents
from tasks.discover import classify_body, discover_portal, wanted
from tasks.extract import extract_report
from tasks.fetch import FetchSettings, Politeness, PortalFetcher, fetch_attachments, fetch_page_scans
from tasks.load import Warehouse


@dataclass
class RunContext:
    """What collecting a portal needs: no warehouse, so it runs on any thread or worker."""
    archive: Archive
    politeness: Politeness
    settings: FetchSettings
    run_id: str
    years: set[int] | None = None
    known: dict[str, KnownFetch] = field(default_factory=dict)
    read_limits: ReadLimits = field(default_factory=ReadLimits)


@dataclass
class PortalOutcome:
    portal_id: str
    candidates: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    reports: dict[str, int] = field(default_factory=dict)    # outcome -> count (new, changed, unchanged)
    list_pages: int = 0
    requests: int = 0
    downloaded_bytes: int = 0
    errors: list[str] = field(default_factory=list)
    failed: str | None = None                                  # why the whole portal failed
    transient: bool = False                                    # failed for a passing reason: worth a retry
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class PortalHaul:
    """A portal collected and not yet loaded: plain, picklable data (no connections)."""
    outcome: PortalOutcome
    run_id: str
    reports: list[LoadItem] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    fetches: list[FetchRecord] = field(default_factory=list)
    attachments: list[FetchedDocument] = field(default_factory=list)

    @property
    def transient_failure(self) -> bool:
        return bool(self.outcome.failed) and self.outcome.transient


def _timed(outcome: PortalOutcome, step: str, started: float) -> None:
    outcome.seconds[step] = round(outcome.seconds.get(step, 0) + time.monotonic() - started, 3)


def process_portal(portal: Portal, ctx: RunContext) -> PortalHaul:
    """One portal up to loading: discover -> fetch -> clean -> extract. A portal's own trouble
    (pages that cannot be fetched) is recorded, never raised; a bug in our code raises."""
    out = PortalOutcome(portal.id)
    haul = PortalHaul(out, ctx.run_id)
    fetcher = PortalFetcher(portal.id, portal.hosts, ctx.archive, ctx.politeness, ctx.settings,
                            known=ctx.known, run_id=ctx.run_id)
    try:
        t0 = time.monotonic()
        candidates, failures, out.list_pages = discover_portal(portal, fetcher, ctx.years)
        haul.candidates = candidates
        out.errors.extend(f"list page {f.url}: {f.reason}" for f in failures)
        _timed(out, "discover", t0)
        if not candidates and failures:
            out.failed = out.errors[0]
            out.transient = all(f.transient for f in failures)
        for c in candidates:
            out.kinds[c.kind] = out.kinds.get(c.kind, 0) + 1
        out.candidates = len(candidates)
        for candidate in [c for c in candidates if wanted(c, ctx.years)]:
            try:
                item = _collect_report(portal, candidate, fetcher, ctx, haul)
            except FetchError as exc:
                out.errors.append(f"{exc.url}: {exc.reason}")
                candidate.reason += f"; fetch failed: {exc.reason}"
                continue
            if item:
                haul.reports.append(item)
    finally:
        haul.fetches = fetcher.fetch_log
        out.requests, out.downloaded_bytes = fetcher.requests_sent, fetcher.bytes_downloaded
        fetcher.close()
    return haul


def _collect_report(portal: Portal, candidate: Candidate, fetcher: PortalFetcher, ctx: RunContext,
                    haul: PortalHaul) -> LoadItem | None:
    """Fetch, clean and extract one candidate: the item to load, or None (with the reason on
    the candidate) when it is not a report of the years asked for."""
    out = haul.outcome
    t1 = time.monotonic()
    page = fetcher.fetch_page(candidate.url)
    _timed(out, "fetch", t1)
    t2 = time.monotonic()
    cleaned = clean_html(page.text, page.final_url)
    content_sha = page.sha256
    if is_cover_note(cleaned):
        # a cover note: the report's text is in an attachment or page scans, if anywhere
        document = _report_document(cleaned, page, fetcher, ctx, haul)
        if document is None:
            why = "; ".join(f"{d.name}: {d.reason}" for d in haul.attachments if d.page_url == page.final_url) \
                or "no attachment"
            out.errors.append(f"{candidate.url}: a cover note with no readable report file ({why})")
            candidate.reason += f"; a cover note with no readable report file ({why})"
            return None
        cleaned = clean_attachment(cleaned, document)
        content_sha = document.sha256
    if candidate.kind != "report":
        is_report, reason = classify_body(cleaned.body_text)
        candidate.reason += f"; {reason}"
        if not is_report:
            return None
        candidate.kind = "report"
    facts = extract_report(cleaned, ReportContext(
        url=candidate.url, portal_id=portal.id, admin_code=portal.admin_code, admin_name=portal.unit_name,
        city=portal.city, province=portal.province, level=portal.level,
        department=portal.department or None, list_title=candidate.title,
        list_date=candidate.date.isoformat() if candidate.date else None))
    _timed(out, "clean_extract", t2)
    year = facts.metadata.report_year
    if ctx.years and year and year not in ctx.years:
        candidate.reason += f"; report year {year} not asked for"
        return None
    return LoadItem(url=candidate.url, source="crawl", content_sha=content_sha, cleaned=cleaned, facts=facts,
                    fetched_at=page.fetched_at, portal_id=portal.id, run_id=ctx.run_id)


def _report_document(cleaned: CleanedPage, page: FetchedPage, fetcher: PortalFetcher, ctx: RunContext,
                     haul: PortalHaul) -> FetchedDocument | None:
    """The first readable document behind a cover note: its attachments, else its page scans.
    Every file tried is kept on the haul with what became of it."""
    documents = fetch_attachments(fetcher, page.text, page.final_url)
    read_documents(documents, ctx.read_limits)
    readable = next((d for d in documents if d.status == "read"), None)
    if readable is None:
        scans = fetch_page_scans(fetcher, page_scan_images(cleaned.images, page.final_url), page.final_url,
                                 ctx.read_limits.max_ocr_pages)
        if scans is not None:
            read_documents([scans], ctx.read_limits)
            documents.append(scans)
            readable = scans if scans.status == "read" else None
    if readable is not None:
        readable.status = "used"
    haul.attachments.extend(documents)
    return readable


def load_haul(haul: PortalHaul, warehouse: Warehouse) -> PortalOutcome:
    """Write a collected portal into the warehouse, each report in its own transaction, and
    count what the warehouse made of them (new, changed, unchanged)."""
    out = haul.outcome
    out.reports = {}
    try:
        for item in haul.reports:
            try:
                outcome = warehouse.load_report(item)
            except RejectedRow as exc:      # this report only; the portal's others go on
                out.errors.append(str(exc))
                outcome = "rejected"
            out.reports[outcome] = out.reports.get(outcome, 0) + 1
        warehouse.record_candidates(haul.candidates, haul.run_id)
        warehouse.record_attachments(haul.attachments, haul.outcome.portal_id, haul.run_id)
    finally:
        warehouse.record_fetches(haul.fetches)
    return out


@dataclass
class PortalJob:
    """Everything a worker needs for one portal, as plain data (no connections, no locks)."""
    archive: str
    settings: FetchSettings
    run_id: str
    years: set[int] | None = None
    known: dict[str, KnownFetch] = field(default_factory=dict)


_WORKER_SHARED: dict = {}
_WORKER_SHARED_LOCK = threading.Lock()


def _worker_shared(key, make):
    """One Archive / Politeness per worker process, shared by the portals that run there."""
    with _WORKER_SHARED_LOCK:
        if key not in _WORKER_SHARED:
            _WORKER_SHARED[key] = make()
        return _WORKER_SHARED[key]


def collect_portal(portal: Portal, job: PortalJob) -> PortalHaul:
    """process_portal on a worker, from a PortalJob."""
    archive = _worker_shared(("archive", str(Path(job.archive).resolve())), lambda: Archive(job.archive))
    politeness = _worker_shared(("politeness", job.settings.min_host_delay, job.settings.max_concurrency),
                                lambda: Politeness(job.settings.min_host_delay, job.settings.max_concurrency))
    ctx = RunContext(archive=archive, politeness=politeness, settings=job.settings, run_id=job.run_id,
                     years=job.years, known=job.known)
    return process_portal(portal, ctx)


def known_for_portal(known: dict[str, KnownFetch], portal: Portal) -> dict[str, KnownFetch]:
    """The warehouse's known fetches on this portal's hosts: all a worker needs to send."""
    return {url: k for url, k in known.items() if (urlsplit(url).hostname or "").lower() in portal.hosts
            or urlsplit(url).netloc.lower() in portal.hosts}
