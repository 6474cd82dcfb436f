"""The archive reprocessed: every report's latest version cleaned, extracted and loaded again
from the raw bytes, without the network; then reports found to be one report are merged."""
from __future__ import annotations

from pathlib import Path

from fazhi.core.archive import Archive
from fazhi.core.encoding import decode_body
from fazhi.core.errors import UserError
from fazhi.core.records import FetchedDocument, LoadItem, ReportContext
from fazhi.pipeline.local import clean_local_file
from tasks.clean import clean_attachment, clean_html, read_documents
from tasks.extract import extract_report
from tasks.load import Warehouse


def reprocess_archive(warehouse: Warehouse, archive: Archive, run_id: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for source in warehouse.reprocess_sources():
        raw_shas = [source.content_sha] + ([source.page_sha] if source.attachment_type else [])
        if not all(sha and archive.has(sha) for sha in raw_shas):
            counts["missing_raw"] = counts.get("missing_raw", 0) + 1
            continue
        url = source.url
        text, _ = decode_body(archive.get(source.page_sha if source.attachment_type else source.content_sha))
        if source.source == "file" and not url.lower().endswith((".html", ".htm")):
            try:                  # a text file, or a document (PDF, DOCX, OFD …) read as ingest reads it
                cleaned = clean_local_file(Path(url), archive.get(source.content_sha))
            except UserError:
                counts["unreadable"] = counts.get("unreadable", 0) + 1
                continue
            ctx = ReportContext(url=url)
        else:
            cleaned = clean_html(text, url)
            if source.attachment_type:
                document = FetchedDocument(source.attachment_url or "", url, "", source.attachment_type, "fetched",
                                           body=archive.get(source.content_sha), sha256=source.content_sha)
                read_documents([document])
                if document.status != "read":
                    counts["unreadable"] = counts.get("unreadable", 0) + 1
                    continue
                cleaned = clean_attachment(cleaned, document)
            ctx = source.context
        facts = extract_report(cleaned, ctx)
        outcome = warehouse.load_report(LoadItem(
            url=url, source=source.source, content_sha=source.content_sha, cleaned=cleaned, facts=facts,
            fetched_at=source.fetched_at, portal_id=source.portal_id, run_id=run_id, reprocess=True))
        counts[outcome] = counts.get(outcome, 0) + 1
    # reports that are one report (loaded before copies were recognised, or alike now) become one
    merged = warehouse.merge_copies(run_id)
    if merged:
        counts["merged"] = merged
    return counts
