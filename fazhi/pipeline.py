"""The run, as plain functions over plain data: per portal discover -> fetch -> clean ->
extract -> load; local files ingested; the archive reprocessed. Prefect wraps these in flows/."""
from __future__ import annotations

import datetime as dt
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from fazhi import UserError
from fazhi.archive import Archive
from fazhi.documents import document_text
from fazhi.registry import Portal
from tasks.clean import CleanedPage, clean_attachment, clean_html, clean_text
from tasks.discover import classify_body, discover_portal, wanted
from tasks.extract import ReportContext, extract_report
from tasks.fetch import FetchError, FetchSettings, Politeness, PortalFetcher, decode_body, fetch_attachments
from tasks.load import Warehouse


def new_run_id() -> str:
    return dt.datetime.now().strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:6]


def progress(message: str) -> None:
    """What the user reads while a run goes: one line per step, on stderr."""
    print(message, file=sys.stderr, flush=True)


@dataclass
class RunContext:
    """What collecting a portal needs: no warehouse, so it runs on any thread or worker."""
    archive: Archive
    politeness: Politeness
    settings: FetchSettings
    run_id: str
    years: set[int] | None = None
    known: dict = field(default_factory=dict)


@dataclass
class PortalOutcome:
    portal_id: str
    candidates: int = 0
    kinds: dict = field(default_factory=dict)
    reports: dict = field(default_factory=dict)      # outcome -> count (new, changed, unchanged)
    list_pages: int = 0
    requests: int = 0
    downloaded_bytes: int = 0
    errors: list[str] = field(default_factory=list)
    failed: str | None = None                          # why the whole portal failed
    seconds: dict = field(default_factory=dict)


TRANSIENT_FAILURE = ("timed out", "HTTP 5", "reset", "RemoteDisconnected", "temporarily")


@dataclass
class PortalHaul:
    """A portal collected and not yet loaded: plain, picklable data (no connections)."""
    outcome: PortalOutcome
    run_id: str
    reports: list[dict] = field(default_factory=list)      # Warehouse.load_report keyword arguments
    candidates: list = field(default_factory=list)
    fetches: list[dict] = field(default_factory=list)
    attachments: list[dict] = field(default_factory=list)

    @property
    def transient_failure(self) -> bool:
        return bool(self.outcome.failed) and any(t in self.outcome.failed for t in TRANSIENT_FAILURE)


# A page with less body text than this is a notice, not a report: its text is in an
# attachment, or it is not stored (a report never has fewer characters than this).
SHORT_NOTICE_CHARS = 400


def process_portal(portal: Portal, ctx: RunContext) -> PortalHaul:
    """One portal up to loading: discover -> fetch -> clean -> extract. Never raises for a
    portal's own trouble: the reason is recorded. Each candidate's reason says what was decided."""
    out = PortalOutcome(portal.id)
    haul = PortalHaul(out, ctx.run_id)
    fetcher = PortalFetcher(portal.id, portal.hosts, ctx.archive, ctx.politeness, ctx.settings,
                            known=ctx.known, run_id=ctx.run_id)
    try:
        t0 = time.monotonic()
        candidates, errors, out.list_pages = discover_portal(portal, fetcher, ctx.years)
        haul.candidates = candidates
        out.errors.extend(errors)
        out.seconds["discover"] = round(time.monotonic() - t0, 3)
        if not candidates and errors:
            out.failed = errors[0]
        for c in candidates:
            out.kinds[c.kind] = out.kinds.get(c.kind, 0) + 1
        out.candidates = len(candidates)
        for candidate in [c for c in candidates if wanted(c, ctx.years)]:
            try:
                report = _collect_report(portal, candidate, fetcher, ctx, haul)
            except FetchError as exc:
                out.errors.append(f"{exc.url}: {exc.reason}")
                candidate.reason += f"; fetch failed: {exc.reason}"
                continue
            if report:
                haul.reports.append(report)
    except Exception as exc:  # a bug or an unexpected page must not stop the other portals
        out.failed = f"{type(exc).__name__}: {exc}"
    finally:
        haul.fetches = fetcher.fetch_log
        out.requests, out.downloaded_bytes = fetcher.requests_sent, fetcher.bytes_downloaded
        fetcher.close()
    return haul


def _collect_report(portal: Portal, candidate, fetcher: PortalFetcher, ctx: RunContext, haul: PortalHaul) -> dict | None:
    """Fetch, clean and extract one candidate; the load_report arguments, or None (with the
    reason on the candidate) when it is not a report of the years asked for."""
    out = haul.outcome
    t1 = time.monotonic()
    page = fetcher.fetch_page(candidate.url)
    out.seconds["fetch"] = out.seconds.get("fetch", 0) + round(time.monotonic() - t1, 3)
    t2 = time.monotonic()
    cleaned = clean_html(page.text, page.final_url)
    content_sha = page.sha256
    if len(cleaned.body_text) < SHORT_NOTICE_CHARS:
        # a short notice: the report's text is in an attachment, if anywhere
        attachments = fetch_attachments(fetcher, page.text, page.final_url)
        readable = next((a for a in attachments if a.status == "read"), None)
        if readable:
            readable.status = "used"
            cleaned = clean_attachment(cleaned, readable.text, readable.file_type, readable.url)
            content_sha = readable.sha256
        haul.attachments.extend(a.row(portal.id) for a in attachments)
        if not readable:
            why = "; ".join(f"{a.name}: {a.reason}" for a in attachments) or "no attachment"
            out.errors.append(f"{candidate.url}: page too short to be a report ({why})")
            candidate.reason += f"; page too short to be a report ({why})"
            return None
    if candidate.kind != "report":
        is_report, reason = classify_body(cleaned.body_text)
        candidate.reason += f"; {reason}"
        if not is_report:
            return None
        candidate.kind = "report"
    facts = extract_report(cleaned, ReportContext(
        url=candidate.url, portal_id=portal.id, admin_code=portal.admin_code, admin_name=portal.county,
        city=portal.city, province=portal.province, level=portal.level,
        department=portal.department or None, list_title=candidate.title,
        list_date=candidate.date.isoformat() if candidate.date else None))
    out.seconds["clean_extract"] = out.seconds.get("clean_extract", 0) + round(time.monotonic() - t2, 3)
    year = facts.metadata["report_year"]
    if ctx.years and year and year not in ctx.years:
        candidate.reason += f"; report year {year} not asked for"
        return None
    return dict(url=candidate.url, source="crawl", content_sha=content_sha, cleaned=cleaned, facts=facts,
                fetched_at=page.fetched_at, portal_id=portal.id, run_id=ctx.run_id)


def load_haul(haul: PortalHaul, warehouse: Warehouse) -> PortalOutcome:
    """Write a collected portal into the warehouse, each report in its own transaction, and
    count what the warehouse made of them (new, changed, unchanged)."""
    out = haul.outcome
    out.reports = {}
    try:
        for kwargs in haul.reports:
            outcome = warehouse.load_report(**kwargs)
            out.reports[outcome] = out.reports.get(outcome, 0) + 1
        warehouse.record_candidates(haul.candidates, haul.run_id)
        warehouse.record_attachments(haul.attachments, haul.run_id)
    except Exception as exc:  # a bad row fails this portal only
        out.failed = out.failed or f"load: {type(exc).__name__}: {exc}"
    finally:
        warehouse.record_fetches(haul.fetches)
    return out


# ------------------------------------------------------------------------------ ingest --
LOCAL_SUFFIXES = (".txt", ".html", ".htm")


@dataclass
class LocalReport:
    """A local report file, read and cleaned; nothing written yet."""
    path: Path
    raw: bytes
    cleaned: CleanedPage


def local_report_paths(names: list[str]) -> list[Path]:
    """The files to ingest: each name as given, a folder as its .txt/.html files (sorted)."""
    paths: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in LOCAL_SUFFIXES)
            if not found:
                raise UserError(f"{path}: folder holds no .txt or .html report files")
            paths.extend(found)
        else:
            paths.append(path)
    return paths


def read_local_report(path: Path) -> LocalReport:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    suffix = path.suffix.lower()
    if suffix not in LOCAL_SUFFIXES:
        raise UserError(f"{path}: unsupported file type {suffix or '(none)'} (expected .txt, .html or .htm)")
    text, _enc = decode_body(raw)
    if not text.strip():
        raise UserError(f"{path}: file is empty")
    cleaned = clean_html(text, str(path)) if suffix in (".html", ".htm") else clean_text(text)
    if len(cleaned.body_text) < 50:
        raise UserError(f"{path}: no report text found ({len(cleaned.body_text)} characters after cleaning)")
    return LocalReport(path.resolve(), raw, cleaned)


def ingest_report(report: LocalReport, warehouse: Warehouse, archive: Archive, run_id: str) -> tuple[str, dict]:
    """Archive and load one local report read by read_local_report. Returns (outcome, metadata)."""
    url = str(report.path)
    now = dt.datetime.now().replace(microsecond=0)
    sha = archive.put(report.raw)
    archive.record({"url": url, "final_url": url, "status": 200, "sha256": sha, "size": len(report.raw),
                    "fetched_at": now.isoformat(), "source": "file", "run_id": run_id})
    facts = extract_report(report.cleaned, ReportContext(url=url))
    outcome = warehouse.load_report(url=url, source="file", content_sha=sha, cleaned=report.cleaned, facts=facts,
                                    fetched_at=now, portal_id=None, run_id=run_id)
    return outcome, facts.metadata


# --------------------------------------------------------------------------- reprocess --
def reprocess_archive(warehouse: Warehouse, archive: Archive, run_id: str) -> dict:
    """Clean, extract and load every report's latest version again from the raw archive."""
    rows = warehouse.query("""
        SELECT r.url, r.source, r.content_sha, r.portal_id, r.fetched_at, p.admin_code, p.county, p.city,
               p.province, p.level, c.title, c.list_date, r.clean_method, r.fields->>'attachment_url',
               (SELECT f.sha256 FROM fetches f WHERE f.url = r.url AND f.status IN (200, 304)
                ORDER BY f.fetched_at DESC LIMIT 1)
        FROM latest_versions r
        LEFT JOIN portals p ON p.portal_id = r.portal_id
        LEFT JOIN candidate_links c ON c.url = r.url""")
    counts: dict[str, int] = {}
    for (url, source, sha, portal_id, fetched_at, admin_code, county, city, province, level, list_title,
         list_date, method, attachment_url, page_sha) in rows:
        from_attachment = (method or "").startswith("attachment:")
        if not archive.has(sha) or (from_attachment and not (page_sha and archive.has(page_sha))):
            counts["missing_raw"] = counts.get("missing_raw", 0) + 1
            continue
        text, _ = decode_body(archive.get(page_sha if from_attachment else sha))
        if source == "file" and not url.lower().endswith((".html", ".htm")):
            cleaned = clean_text(text)
            ctx = ReportContext(url=url)
        else:
            cleaned = clean_html(text, url)
            if from_attachment:
                file_type = method.split(":", 1)[1]
                cleaned = clean_attachment(cleaned, document_text(archive.get(sha), file_type), file_type,
                                           attachment_url)
            ctx = ReportContext(url=url, portal_id=portal_id, admin_code=admin_code, admin_name=county, city=city,
                                province=province, level=level, list_title=list_title,
                                list_date=list_date.isoformat() if list_date else None)
        facts = extract_report(cleaned, ctx)
        outcome = warehouse.load_report(url=url, source=source, content_sha=sha, cleaned=cleaned, facts=facts,
                                        fetched_at=fetched_at, portal_id=portal_id, run_id=run_id, reprocess=True)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


# ------------------------------------------------------------- portal work on workers --
# process_portal runs on a thread of the flow process or on a Dask worker; a PortalJob is
# what a worker gets (plain data), and each worker process shares one Archive and one
# Politeness among the portals it runs.


@dataclass
class PortalJob:
    """Everything a worker needs for one portal, as plain data (no connections, no locks)."""
    archive: str
    settings: FetchSettings
    run_id: str
    years: set[int] | None = None
    known: dict = field(default_factory=dict)


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


def known_for_portal(known: dict, portal: Portal) -> dict:
    """The warehouse's known fetches on this portal's hosts: all a worker needs to send."""
    return {url: k for url, k in known.items() if (urlsplit(url).hostname or "").lower() in portal.hosts
            or urlsplit(url).netloc.lower() in portal.hosts}
