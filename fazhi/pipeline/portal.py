"""One portal: discover -> fetch -> clean -> extract, collected into a PortalHaul that the
flow process loads (one writer per warehouse). Runs on a thread of the flow process or on a
Dask worker; a PortalJob is what a worker gets."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from fazhi.core import rules
from fazhi.core.archive import Archive
from fazhi.core.errors import FetchError, RejectedRow, RunCancelled, UnparsablePage
from fazhi.core.documents import ReadLimits, page_scan_images
from fazhi.core.records import (Candidate, CleanedPage, FetchedDocument, FetchedPage, FetchRecord, KnownFetch,
                                LoadItem, PortalColumn, ReportContext)
from fazhi.core.registry import Portal
from fazhi.pipeline import parsing
from fazhi.pipeline.runs import RunChannel, channel_for
from tasks.clean import clean_attachment, clean_html, is_cover_note, read_documents
from tasks.discover import BrowserSettings, classify_body, discover_portal, wanted
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
    known_links: frozenset[str] = frozenset()     # links of this portal seen in earlier runs
    known_reports: frozenset[str] = frozenset()   # URLs of reports already in the warehouse
    channel: RunChannel | None = None             # cancel flag, and reports to the writer as collected
    browser: BrowserSettings = field(default_factory=BrowserSettings)
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)   # portal id -> columns kept by onboarding
    read_limits: ReadLimits = field(default_factory=ReadLimits)


@dataclass
class PortalOutcome:
    portal_id: str
    candidates: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    reports: dict[str, int] = field(default_factory=dict)    # outcome -> count (new, changed, unchanged)
    list_pages: int = 0
    rendered_pages: int = 0                                    # list pages rendered in a headless browser
    needs_browser: bool = False                                # a list page is rendered by script; no browser
    columns_found: list[str] = field(default_factory=list)     # home-page-only portal: columns chosen this run
    requests: int = 0
    downloaded_bytes: int = 0
    errors: list[str] = field(default_factory=list)
    failed: str | None = None                                  # why the whole portal failed
    transient: bool = False                                    # failed for a passing reason: worth a retry
    seconds: dict[str, float] = field(default_factory=dict)
    blocked: str = ""                                          # the anti-bot challenge that stopped it
    unreachable: bool = False                                  # no column answered at all
    platforms: dict[str, str] = field(default_factory=dict)   # column URL -> platform read with
    status: str = ""                                           # see portal_status(): set once loaded
    reason: str = ""
    known_reports: int = 0                                     # its reports held from earlier runs
    cancelled: bool = False                                    # the run was stopped before it finished


def portal_status(out: PortalOutcome) -> tuple[str, str]:
    """The one word a user or a monitor needs about a portal's run, and why
    (warehouse/comments.sql, portal_runs.status)."""
    if out.cancelled:
        return "cancelled", "the run was stopped before this portal finished"
    if out.blocked:
        return "blocked", out.failed or next(e for e in out.errors if out.blocked in e)
    reports = sum(n for k, n in out.reports.items() if k != "rejected")
    if out.needs_browser and not reports:
        return "needs_browser", next((e for e in out.errors if "browser" in e), "a list is rendered by script")
    if out.failed and out.unreachable:
        return "unreachable", out.failed
    if out.failed:
        return "failed", out.failed
    if reports:
        return "ok", ""
    return "no_reports", ""


@dataclass
class PortalHaul:
    """A portal collected and not yet loaded: plain, picklable data (no connections)."""
    outcome: PortalOutcome
    run_id: str
    reports: list[LoadItem] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    fetches: list[FetchRecord] = field(default_factory=list)
    attachments: list[FetchedDocument] = field(default_factory=list)
    columns: list[PortalColumn] = field(default_factory=list)  # onboarding's choice, kept for later runs

    @property
    def transient_failure(self) -> bool:
        return bool(self.outcome.failed) and self.outcome.transient


def _timed(outcome: PortalOutcome, step: str, started: float) -> None:
    outcome.seconds[step] = round(outcome.seconds.get(step, 0) + time.monotonic() - started, 3)




def process_portal(portal: Portal, ctx: RunContext) -> PortalHaul:
    """One portal up to loading: discover -> fetch -> clean -> extract. A portal's own trouble
    (pages that cannot be fetched) is recorded, never raised; a bug in our code raises."""
    out = PortalOutcome(portal.id, known_reports=len(ctx.known_reports))
    haul = PortalHaul(out, ctx.run_id)
    fetcher = PortalFetcher(portal.id, portal.hosts, ctx.archive, ctx.politeness, ctx.settings,
                            known=ctx.known, run_id=ctx.run_id, proxy=portal.proxy or None,
                            cancelled=ctx.channel.cancelled if ctx.channel else None)
    try:
        t0 = time.monotonic()
        # a routine run walks columns only to the first page of links seen before
        found = discover_portal(portal, fetcher, ctx.years, browser=ctx.browser,
                                columns=ctx.columns.get(portal.id, ()),
                                known=frozenset() if ctx.settings.revalidate else ctx.known_links)
        candidates, failures = found.candidates, found.failures
        out.list_pages, out.platforms = found.list_pages, found.platforms
        out.rendered_pages, out.needs_browser = found.rendered_pages, found.needs_browser
        haul.candidates, haul.columns = candidates, found.columns
        out.columns_found = [f"{c.title} {c.url}" for c in found.columns]
        out.errors.extend(f"list page {f.url}: {f.reason}" for f in failures)
        out.errors.extend(found.notes)
        _timed(out, "discover", t0)
        out.blocked = next((f.blocked for f in failures if f.blocked), "")
        if not candidates and failures:
            out.failed = out.errors[0]
            out.transient = all(f.transient for f in failures)
            out.unreachable = all(f.no_answer for f in failures)
        for c in candidates:
            out.kinds[c.kind] = out.kinds.get(c.kind, 0) + 1
        out.candidates = len(candidates)
        for candidate in [c for c in candidates if wanted(c, ctx.years)]:
            if fetcher.fresh(candidate.url):
                # read in an earlier run and checked recently: not asked for, not read again
                candidate.reason += "; stored and checked recently: not fetched again"
                continue
            out.known_reports -= candidate.url in ctx.known_reports   # read again: counted as loaded
            try:
                item = _collect_report(portal, candidate, fetcher, ctx, haul)
            except FetchError as exc:
                out.errors.append(f"{exc.url}: {exc.reason}")
                candidate.reason += f"; fetch failed: {exc.reason}"
                continue
            except UnparsablePage as exc:
                out.errors.append(f"{candidate.url}: {exc}")
                candidate.reason += f"; not read: {exc}"
                continue
            if item and ctx.channel:
                if not ctx.channel.hand_over((portal.id, item)):  # loaded now, not when the portal ends
                    out.errors.append(f"{candidate.url}: not loaded, the run was stopped")
            elif item:
                haul.reports.append(item)
    except RunCancelled:
        out.cancelled = True
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
    cleaned = parsing.parse(clean_html, page.text, page.final_url)
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
    facts = parsing.parse(extract_report, cleaned, ReportContext(
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


def load_item(item: LoadItem, warehouse: Warehouse, counts: dict[str, int], errors: list[str]) -> None:
    """Load one report in its own transaction and count what the warehouse made of it (new,
    changed, unchanged, copy); a report the warehouse refuses is counted and its reason kept."""
    load_items([(item, counts, errors)], warehouse)


def load_items(batch: list[tuple[LoadItem, dict[str, int], list[str]]], warehouse: Warehouse) -> None:
    """Load reports together (Warehouse.load_reports: one transaction, each report whole or not
    at all), each counted in its own counts and errors as load_item does."""
    outcomes = warehouse.load_reports([item for item, _counts, _errors in batch])
    for (_item, counts, errors), outcome in zip(batch, outcomes):
        if isinstance(outcome, RejectedRow):     # this report only; the portal's others go on
            errors.append(str(outcome))
            outcome = "rejected"
        counts[outcome] = counts.get(outcome, 0) + 1


def load_haul(haul: PortalHaul, warehouse: Warehouse, loaded: dict[str, int] | None = None) -> PortalOutcome:
    """Write what is left of a collected portal (reports not loaded as they came, candidates,
    fetches, attachments) and its status. loaded: what its reports already loaded made."""
    return load_hauls([(haul, loaded)], warehouse)[0]


def load_hauls(hauls: list[tuple[PortalHaul, dict[str, int] | None]], warehouse: Warehouse) -> list[PortalOutcome]:
    """load_haul for several finished portals at once: their reports in one batch, their
    records in one transaction with one statement per table. Should that transaction fail,
    each portal's records are written again on their own: a portal whose records the
    warehouse still refuses is recorded as failed (internal error), with its fetches, and
    the others are kept.

    Why: a transaction and five statements per portal cost the run's one writer ~25 ms a
    portal, over a minute of a 3,000-portal run that finds nothing new."""
    if not hauls:
        return []
    for haul, loaded in hauls:
        out = haul.outcome
        out.reports = dict(loaded or {})
        if out.known_reports:
            out.reports["known"] = out.known_reports
    try:
        load_items([(item, haul.outcome.reports, haul.outcome.errors) for haul, _loaded in hauls
                    for item in haul.reports], warehouse)
    except BaseException:                  # what was asked of the portal is kept, whatever failed
        if len(hauls) == 1:                # (several: the caller loads each alone, and that records it)
            warehouse.record_fetches(hauls[0][0].fetches)
        raise
    for haul, _loaded in hauls:
        haul.outcome.status, haul.outcome.reason = portal_status(haul.outcome)
    try:
        with warehouse.transaction():                # the portals' records: one commit
            _record_portals([haul for haul, _loaded in hauls], warehouse)
    except Exception:  # noqa: BLE001 - each portal alone, so that one bad record costs only its portal
        for haul, _loaded in hauls:
            try:
                with warehouse.transaction():
                    _record_portals([haul], warehouse)
            except Exception as exc:  # noqa: BLE001 - a bug: this portal only, with what was asked of it
                out = haul.outcome
                out.failed = out.reason = f"internal error {type(exc).__name__}: {str(exc).splitlines()[0]}"
                out.status = "failed"
                warehouse.record_fetches(haul.fetches)
                warehouse.record_portal_run(out, haul.run_id)
    return [haul.outcome for haul, _loaded in hauls]


def _record_portals(hauls: list[PortalHaul], warehouse: Warehouse) -> None:
    run_id = hauls[0].run_id
    warehouse.record_candidates([c for haul in hauls for c in haul.candidates], run_id)
    warehouse.record_attachments([(d, haul.outcome.portal_id) for haul in hauls for d in haul.attachments], run_id)
    for haul in hauls:
        if haul.columns:
            warehouse.record_portal_columns(haul.outcome.portal_id, haul.columns, run_id)
    warehouse.record_fetches([f for haul in hauls for f in haul.fetches])
    warehouse.record_portal_runs([haul.outcome for haul in hauls], run_id)


class PortalJob:
    """Everything a worker needs for one portal, as plain data (no connections, no locks).

    A plain class, not a dataclass: Prefect walks every dataclass, dict and set of a task's
    parameters (visit_collection) several times a task run, and a portal's known fetches, links
    and report URLs are hundreds; walking the job was a fifth of a no-op re-run's CPU. A plain
    object is a leaf to Prefect and pickles to a Dask worker like any other."""

    def __init__(self, archive: str, settings: FetchSettings, run_id: str, years: set[int] | None = None,
                 known: dict[str, KnownFetch] | None = None, known_links: frozenset[str] = frozenset(),
                 known_reports: frozenset[str] = frozenset(), browser: BrowserSettings | None = None,
                 columns: dict[str, tuple[str, ...]] | None = None):
        self.archive, self.settings, self.run_id, self.years = archive, settings, run_id, years
        self.known = known or {}                  # validators of stored fetches on the portal's hosts
        self.known_links = known_links            # links of this portal seen in earlier runs
        self.known_reports = known_reports        # URLs of reports already in the warehouse
        self.browser = browser or BrowserSettings()
        self.columns = columns or {}


_WORKER_SHARED: dict = {}
_WORKER_SHARED_LOCK = threading.Lock()


def _worker_shared(key, make):
    """One Archive / Politeness per worker process, shared by the portals that run there."""
    with _WORKER_SHARED_LOCK:
        if key not in _WORKER_SHARED:
            _WORKER_SHARED[key] = make()
        return _WORKER_SHARED[key]


def forget_run(run_id: str) -> None:
    """Drop a finished run's shared politeness (its blocked hosts, its per-host clocks)."""
    with _WORKER_SHARED_LOCK:
        _WORKER_SHARED.pop(("politeness", run_id), None)


def collect_portal(portal: Portal, job: PortalJob) -> PortalHaul:
    """process_portal on a worker, from a PortalJob."""
    archive = _worker_shared(("archive", str(Path(job.archive).resolve())), lambda: Archive(job.archive))
    s = job.settings
    politeness = _worker_shared(("politeness", job.run_id),
                                lambda: Politeness(s.min_host_delay, s.max_concurrency, s.per_host_concurrency))
    ctx = RunContext(archive=archive, politeness=politeness, settings=job.settings, run_id=job.run_id,
                     years=job.years, known=job.known, known_links=job.known_links, known_reports=job.known_reports,
                     channel=channel_for(job.run_id), browser=job.browser, columns=job.columns)
    return process_portal(portal, ctx)


def known_by_host(known: dict[str, KnownFetch]) -> dict[str, dict[str, KnownFetch]]:
    """The warehouse's known fetches grouped by host, once per run (not once per portal)."""
    by_host: dict[str, dict[str, KnownFetch]] = {}
    for url, k in known.items():
        by_host.setdefault(urlsplit(url).netloc.lower(), {})[url] = k
    return by_host


def known_for_portal(by_host: dict[str, dict[str, KnownFetch]], portal: Portal) -> dict[str, KnownFetch]:
    """The known fetches on this portal's hosts: all a worker needs to send."""
    mine: dict[str, KnownFetch] = {}
    for host in portal.hosts:
        mine.update(by_host.get(host, {}))
    return mine