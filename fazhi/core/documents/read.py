"""Reading a document's text safely: the parse runs in a worker process under a time and a
memory limit (fazhi.core.documents.worker); a scan goes on to OCR in a second worker, with a
time limit per page. Whatever goes wrong becomes UnreadableDocument with a one-line reason.

How the text was obtained is kept with it (DocumentText.source): pdf_text, ocr, ofd, docx,
doc or wps; for OCR the engine and a mean confidence."""
from __future__ import annotations

from dataclasses import dataclass

from fazhi.core.errors import UnreadableDocument

from .limits import ReadLimits
from .worker import run_limited

TEXT_SOURCES = ("html", "pdf_text", "ocr", "ofd", "docx", "doc", "wps", "text")


@dataclass
class DocumentText:
    text: str
    source: str                        # one of TEXT_SOURCES
    engine: str | None = None          # the OCR engine or the DOC/WPS converter
    confidence: float | None = None    # OCR: mean character confidence, 0-1
    pages: int | None = None


@dataclass
class NeedsOcr:
    """A PDF without a text layer: its pages go to OCR."""
    pages: int


def parse_document(body: bytes, file_type: str, limits: ReadLimits) -> DocumentText | NeedsOcr:
    """In the worker: a document's text by its format (no OCR here)."""
    if file_type == "pdf":
        from .pdf import pdf_text

        text, pages = pdf_text(body, limits)
        return NeedsOcr(pages) if text is None else DocumentText(text, "pdf_text", pages=pages)
    if file_type == "docx":
        from .ooxml import docx_text

        return DocumentText(docx_text(body, limits), "docx")
    if file_type == "ofd":
        from .ofd import ofd_text

        return DocumentText(ofd_text(body, limits), "ofd")
    if file_type in ("doc", "wps"):
        from .binary_word import word_text

        text, converter = word_text(body, file_type, limits)
        return DocumentText(text, file_type, engine=converter)
    if file_type == "image":
        return NeedsOcr(1)
    raise UnreadableDocument(f"{file_type or 'unknown'} is not a document format read here")


def ocr_document(bodies: list[bytes], file_type: str, pages: int, limits: ReadLimits) -> DocumentText:
    """In the worker: OCR of a scanned PDF's pages, or of page images (one body each)."""
    from .ocr import engine, missing_engine_reason, ocr_images

    if engine() is None:
        raise UnreadableDocument(missing_engine_reason())
    if file_type == "pdf":
        from .pdf import pdf_page_images

        images = pdf_page_images(bodies[0], pages, limits)
    else:
        from .scans import open_image

        if len(bodies) > limits.max_ocr_pages:
            raise UnreadableDocument(f"{len(bodies)} page images, over the {limits.max_ocr_pages}-page OCR limit")
        images = (open_image(b, limits, f"page image {n}") for n, b in enumerate(bodies, start=1))
    text, confidence = ocr_images(images, limits)
    return DocumentText(text, "ocr", engine=engine(), confidence=confidence, pages=pages)


def read_document(body: bytes, file_type: str, limits: ReadLimits | None = None) -> DocumentText:
    """The text of one document (any format), read under the limits."""
    limits = limits or ReadLimits()
    what = (file_type or "file").upper()
    result = run_limited("fazhi.core.documents.read:parse_document", (body, file_type, limits),
                         seconds=limits.parse_seconds, memory_bytes=limits.worker_memory_bytes, what=what)
    if isinstance(result, NeedsOcr):
        result = _ocr([body], file_type, result.pages, limits, f"scanned {what}")
    return result


def read_page_scans(images: list[bytes], limits: ReadLimits | None = None) -> DocumentText:
    """The text of a report published as page images (a body of <img>), by OCR."""
    limits = limits or ReadLimits()
    return _ocr(images, "image", len(images), limits, "page images")


def _ocr(bodies: list[bytes], file_type: str, pages: int, limits: ReadLimits, what: str) -> DocumentText:
    from .ocr import engine, missing_engine_reason

    if engine() is None:
        raise UnreadableDocument(missing_engine_reason())
    pages = min(pages, limits.max_ocr_pages + 1)
    return run_limited("fazhi.core.documents.read:ocr_document", (bodies, file_type, pages, limits),
                       seconds=limits.parse_seconds + limits.ocr_page_seconds * pages,
                       memory_bytes=limits.worker_memory_bytes, what=what)
