"""PDF: the text layer by pypdf, reflowed; a PDF without one (a scan) is OCRed page by page,
each page rendered by poppler's pdftoppm (Debian: poppler-utils)."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from fazhi.core.errors import UnreadableDocument

from .limits import ReadLimits
from .reflow import reflow_pdf_text

_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
MIN_TEXT_LAYER_HAN = 20      # fewer Han characters than this on every page: a scan
OCR_DPI = 200


def _reader(body: bytes, limits: ReadLimits):
    if b"%PDF-" not in body[:1024]:
        raise UnreadableDocument("not a PDF file (no %PDF header)")
    if b"%%EOF" not in body[-2048:]:
        raise UnreadableDocument("PDF is truncated (no %%EOF at its end: the file was cut short)")
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        pages = len(reader.pages)
    except Exception as exc:   # pypdf raises many types on a broken file: all mean "cannot be read"
        raise UnreadableDocument(f"PDF cannot be read ({type(exc).__name__}: {str(exc)[:120]})") from None
    if pages == 0:
        raise UnreadableDocument("PDF has no pages")
    if pages > limits.max_pages:
        raise UnreadableDocument(f"PDF has {pages} pages, over the {limits.max_pages}-page limit")
    return reader


def pdf_text(body: bytes, limits: ReadLimits) -> tuple[str | None, int]:
    """(reflowed text, pages); text None when the PDF has no text layer (a scan)."""
    reader = _reader(body, limits)
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:
        raise UnreadableDocument(f"PDF cannot be read ({type(exc).__name__}: {str(exc)[:120]})") from None
    text = "\n".join(pages)
    if len(_HAN_RE.findall(text)) < MIN_TEXT_LAYER_HAN:
        return None, len(pages)
    return reflow_pdf_text(text), len(pages)


def pdf_page_images(body: bytes, pages: int, limits: ReadLimits):
    """The pages rendered to greyscale images for OCR, at most max_ocr_pages of them."""
    from .scans import open_image

    if not shutil.which("pdftoppm"):
        raise UnreadableDocument("PDF is a scan and pdftoppm is not installed to render it for OCR "
                                 "(Debian: apt-get install poppler-utils)")
    if pages > limits.max_ocr_pages:
        raise UnreadableDocument(f"scanned PDF has {pages} pages, over the {limits.max_ocr_pages}-page OCR limit")
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(body)
        for n in range(1, pages + 1):
            try:
                subprocess.run(["pdftoppm", "-gray", "-png", "-r", str(OCR_DPI), "-f", str(n), "-l", str(n),
                                "-singlefile", str(source), str(Path(tmp) / "page")],
                               capture_output=True, timeout=limits.ocr_page_seconds, check=True)
            except subprocess.TimeoutExpired:
                raise UnreadableDocument(f"rendering page {n} of the scanned PDF took longer than "
                                         f"{limits.ocr_page_seconds:g} s") from None
            except subprocess.CalledProcessError as exc:
                raise UnreadableDocument(f"page {n} of the scanned PDF cannot be rendered "
                                         f"({exc.stderr.decode('utf-8', 'replace').strip()[:120]})") from None
            yield open_image((Path(tmp) / "page.png").read_bytes(), limits, f"page {n}")
