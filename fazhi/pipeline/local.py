"""Local report files (fazhi ingest): read and checked first, then archived and loaded."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from fazhi.core.archive import Archive
from fazhi.core.encoding import decode_body
from fazhi.core.errors import UserError
from fazhi.core.records import CleanedPage, LoadItem, ReportContext, ReportMetadata
from tasks.clean import clean_html, clean_text
from tasks.extract import extract_report
from tasks.load import Warehouse

LOCAL_SUFFIXES = (".txt", ".html", ".htm")
MIN_REPORT_CHARS = 50     # less text than this after cleaning is no report


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
    if len(cleaned.body_text) < MIN_REPORT_CHARS:
        raise UserError(f"{path}: no report text found ({len(cleaned.body_text)} characters after cleaning)")
    return LocalReport(path.resolve(), raw, cleaned)


def ingest_report(report: LocalReport, warehouse: Warehouse, archive: Archive,
                  run_id: str) -> tuple[str, ReportMetadata]:
    """Archive and load one local report read by read_local_report. Returns (outcome, metadata)."""
    url = str(report.path)
    now = dt.datetime.now().replace(microsecond=0)
    sha = archive.put(report.raw)
    archive.record({"url": url, "final_url": url, "status": 200, "sha256": sha, "size": len(report.raw),
                    "fetched_at": now.isoformat(), "source": "file", "run_id": run_id})
    facts = extract_report(report.cleaned, ReportContext(url=url))
    outcome = warehouse.load_report(LoadItem(url=url, source="file", content_sha=sha, cleaned=report.cleaned,
                                             facts=facts, fetched_at=now, portal_id=None, run_id=run_id))
    return outcome, facts.metadata
