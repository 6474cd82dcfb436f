"""Local report files (fazhi ingest): read and checked first, then archived and loaded."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from fazhi.core import rules
from fazhi.core.archive import Archive
from fazhi.core.documents import read_document, read_page_scans, sniff, type_from_name
from fazhi.core.encoding import decode_body
from fazhi.core.errors import UnreadableDocument, UserError
from fazhi.core.records import CleanedPage, LoadItem, ReportContext, ReportMetadata
from tasks.clean import clean_html, clean_text
from tasks.extract import extract_report
from tasks.load import Warehouse

TEXT_SUFFIXES = (".txt", ".html", ".htm")
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".wps", ".ofd")
LOCAL_SUFFIXES = TEXT_SUFFIXES + DOCUMENT_SUFFIXES
MIN_REPORT_CHARS = 50     # less text than this after cleaning is no report
MAX_CONTROL_SHARE = 0.01  # more control or undecodable characters than this: binary data, not text


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
                raise UserError(f"{path}: folder holds no report files ({', '.join(LOCAL_SUFFIXES)})")
            paths.extend(found)
        else:
            paths.append(path)
    return paths


def read_local_report(path: Path) -> LocalReport:
    """A local file read and checked as a portal's would be: a document by its bytes (PDF,
    DOCX, DOC, WPS, OFD, a page scan) under the same limits, text and HTML decoded whatever
    their charset; binary bytes, an empty file and a page that is not a report are refused."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    return LocalReport(path.resolve(), raw, clean_local_file(path, raw))


def clean_local_file(path: Path, raw: bytes) -> CleanedPage:
    """A local file's bytes as a report's cleaned text, or UserError with the reason."""
    suffix = path.suffix.lower()
    if suffix not in LOCAL_SUFFIXES:
        raise UserError(f"{path}: unsupported file type {suffix or '(none)'} (expected {', '.join(LOCAL_SUFFIXES)})")
    if not raw.strip():
        raise UserError(f"{path}: file is empty")
    kind = sniff(raw) or (type_from_name(path.name) if suffix in DOCUMENT_SUFFIXES else None)
    cleaned = _read_document(path, raw, kind) if kind else _read_text(path, raw, suffix)
    if len(cleaned.body_text) < MIN_REPORT_CHARS:
        raise UserError(f"{path}: no report text found ({len(cleaned.body_text)} characters after cleaning)")
    mentions = len(rules.REPORT_BODY_HINTS.findall(cleaned.body_text))
    titled = bool(cleaned.title and "法治" in cleaned.title and rules.TITLE_LINE_RE.search(cleaned.title))
    if not titled and mentions < rules.REPORT_BODY_MIN_MENTIONS:
        raise UserError(f"{path}: not a report (title {cleaned.title or 'none'!r}; the text names "
                        f"法治政府建设 / 依法行政 {mentions} time(s))")
    return cleaned


def _read_document(path: Path, raw: bytes, kind: str) -> CleanedPage:
    if kind == "docx" and type_from_name(path.name) == "wps" or kind == "doc" and type_from_name(path.name) == "wps":
        kind = "wps"
    try:
        read = read_page_scans([raw]) if kind == "image" else read_document(raw, kind)
    except UnreadableDocument as exc:
        raise UserError(f"{path}: {exc}") from None
    cleaned = clean_text(read.text)
    cleaned.text_source = read.source
    if read.source == "ocr":
        cleaned.ocr_engine, cleaned.ocr_confidence = read.engine, read.confidence
    return cleaned


def _decodes_strictly(head: bytes) -> bool:
    """Text in an encoding Chinese files are written in; a cut character at the end is forgiven.
    (GB18030 is not tried: it decodes almost any bytes, garbage included.)"""
    for encoding in ("utf-8", "gbk", "big5"):
        for cut in range(4):
            try:
                head[:len(head) - cut].decode(encoding)
                return True
            except UnicodeDecodeError:
                continue
    return False


def _read_text(path: Path, raw: bytes, suffix: str) -> CleanedPage:
    if suffix not in TEXT_SUFFIXES:
        raise UserError(f"{path}: not a {suffix[1:].upper()} file (its bytes are no document format read here)")
    if b"\x00" in raw[:65536]:
        raise UserError(f"{path}: binary data, not text (NUL bytes)")
    if not _decodes_strictly(raw[:65536]):
        raise UserError(f"{path}: binary data, not text (not valid as UTF-8, GBK or Big5)")
    text, encoding = decode_body(raw)
    bad = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x7f <= ord(ch) < 0xa0)
    if bad > max(2, len(text) * MAX_CONTROL_SHARE):
        raise UserError(f"{path}: binary data, not text ({bad} of {len(text)} characters are control codes or "
                        f"invalid as {encoding})")
    return clean_html(text, str(path)) if suffix in (".html", ".htm") else clean_text(text)


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
