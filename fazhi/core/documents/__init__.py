"""Report text from documents: many report pages are a short cover note with the text in a
file (PDF, DOCX, DOC, WPS, OFD) or in page scans. One module per concern:

- links: where a page hides its document; kinds: what a file is, from its bytes
- read: the text of any format, read in a worker process under limits (limits, worker)
- pdf, ooxml (DOCX), ofd, binary_word (DOC / WPS), ocr + scans (page images), reflow
- packages: zip packages under the expansion cap, XML without entity expansion
"""
from fazhi.core.errors import UnreadableDocument

from .kinds import disposition_name, file_type_of, sniff, type_from_name
from .limits import ReadLimits, human_size
from .links import AttachmentLink, attachment_links, page_scan_images
from .read import TEXT_SOURCES, DocumentText, read_document, read_page_scans
from .reflow import reflow_pdf_text


def document_text(body: bytes, file_type: str, limits: ReadLimits | None = None) -> str:
    """Plain text of a document, one paragraph per line (read_document for how it was read)."""
    return read_document(body, file_type, limits).text


__all__ = ["AttachmentLink", "DocumentText", "ReadLimits", "TEXT_SOURCES", "UnreadableDocument",
           "attachment_links", "disposition_name", "document_text", "file_type_of", "human_size",
           "page_scan_images", "read_document", "read_page_scans", "reflow_pdf_text", "sniff", "type_from_name"]
