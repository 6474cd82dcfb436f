"""Report text from attachments: many report pages are a short notice with the text in a
PDF, DOCX, DOC or WPS file. PDF and DOCX are read; DOC and WPS (binary formats) cannot be
read here and are reported as such, with the reason."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from fazhi.core.errors import UnreadableDocument

_HREF_RE = re.compile(r"""<a\b[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a>""", re.I | re.S)
_TAG_RE = re.compile(r"<[^>]+>")


@dataclass
class AttachmentLink:
    url: str
    name: str           # the file name the page gives (link text or filename= parameter)
    file_type: str      # pdf | docx | doc | wps


def _file_type(*names: str) -> str | None:
    for name in names:
        match = re.search(r"\.(pdf|docx|doc|wps)(?:$|[?#&\s])", name.lower())
        if match:
            return match.group(1)
    return None


def attachment_links(html: str, base_url: str) -> list[AttachmentLink]:
    """Links to report files on a page: by the URL's extension, a filename= parameter
    (/module/download/downfile.jsp?…filename=….pdf) or the link text (附件：….pdf)."""
    found: dict[str, AttachmentLink] = {}
    for href, inner in _HREF_RE.findall(html):
        href = unescape(href.strip())
        if href.startswith(("javascript:", "mailto:", "#")):
            continue
        text = unescape(_TAG_RE.sub("", inner)).strip()
        query = parse_qs(urlsplit(href).query)
        param_names = [unquote(v) for key in ("filename", "fileName", "name") for v in query.get(key, [])]
        kind = _file_type(urlsplit(href).path, *param_names, text)
        if kind:
            url = urljoin(base_url, href)
            found.setdefault(url, AttachmentLink(url, (param_names or [text])[0] or urlsplit(href).path, kind))
    return list(found.values())


_PAGE_FOOTER = re.compile(r"^\s*[—–\-－]*\s*(第\s*)?\d+\s*(页)?\s*[—–\-－]*\s*$")
_PARAGRAPH_START = re.compile(r"^[\u3000 \t]{1,}\S|^[一二三四五六七八九十]+、|^[(（][一二三四五六七八九十]+[)）]")
_SENTENCE_END = tuple("。！？；：”」")


def reflow_pdf_text(text: str) -> str:
    """A PDF's lines back into paragraphs: page footers (— 2 —, 第2页) dropped, wrapped
    lines joined. A paragraph starts at an indented line or a heading; where a document
    indents nothing, a line that ends a sentence ends its paragraph."""
    lines = [line.rstrip() for line in text.split("\n") if line.strip() and not _PAGE_FOOTER.match(line)]
    indented = sum(1 for line in lines if line[:1] in "\u3000 \t")
    paragraphs: list[str] = []
    for line in lines:
        starts = bool(_PARAGRAPH_START.match(line)) if indented >= 2 else \
            (not paragraphs or paragraphs[-1].endswith(_SENTENCE_END))
        if starts or not paragraphs:
            paragraphs.append(line.strip())
        else:
            paragraphs[-1] += line.strip()
    return "\n".join(paragraphs)


def document_text(body: bytes, file_type: str) -> str:
    """Plain text of a PDF or DOCX attachment, one paragraph per line."""
    if file_type == "pdf":
        if not body.startswith(b"%PDF"):
            raise UnreadableDocument("not a PDF file (no %PDF header)")
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(body))
            pages = [page.extract_text() or "" for page in reader.pages]
        except (PdfReadError, ValueError, KeyError) as exc:
            raise UnreadableDocument(f"PDF cannot be read ({exc})") from None
        text = "\n".join(pages)
        if len(re.findall(r"[\u4e00-\u9fff]", text)) < 20:
            raise UnreadableDocument("PDF has no text layer (a scan?): OCR is not done here")
        return reflow_pdf_text(text)
    if file_type == "docx":
        if not body.startswith(b"PK"):
            raise UnreadableDocument("not a DOCX file (not a zip archive)")
        import docx

        try:
            document = docx.Document(io.BytesIO(body))
        except Exception as exc:  # python-docx raises several types for a broken package
            raise UnreadableDocument(f"DOCX cannot be read ({type(exc).__name__})") from None
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.append(" | ".join(cell.text.strip() for cell in row.cells))
        return "\n".join(lines)
    raise UnreadableDocument(f".{file_type} is a binary word-processor format that cannot be read here "
                             "(convert it to PDF or DOCX)")
