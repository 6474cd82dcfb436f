"""What a file is, from its bytes first: download endpoints hide the type (downfile.jsp?…,
application/octet-stream), and a name can lie. The name and headers only break ties the
bytes leave open (an OLE2 file is a DOC or a WPS)."""
from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import unquote

FILE_TYPES = ("pdf", "docx", "doc", "wps", "ofd", "image")
_EXTENSIONS = {"pdf": "pdf", "docx": "docx", "doc": "doc", "wps": "wps", "ofd": "ofd",
               "png": "image", "jpg": "image", "jpeg": "image", "tif": "image", "tiff": "image",
               "gif": "image", "bmp": "image"}
_EXTENSION_RE = re.compile(r"\.(" + "|".join(_EXTENSIONS) + r")(?:$|[?#&\s\"';])", re.I)
_CONTENT_TYPES = {"application/pdf": "pdf", "application/ofd": "ofd",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
                  "application/msword": "doc", "application/kswps": "wps", "application/vnd.ms-works": "wps"}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")


def type_from_name(*names: str) -> str | None:
    """The type a file name, URL path or link text ends with (报告.pdf, …/downfile.jsp?filename=x.ofd)."""
    for name in names:
        match = _EXTENSION_RE.search(unquote(name or ""))
        if match:
            return _EXTENSIONS[match.group(1).lower()]
    return None


def disposition_name(header: str) -> str:
    """The file name in a Content-Disposition header (filename*=UTF-8''… preferred)."""
    match = re.search(r"filename\*\s*=\s*[\w-]+'[^']*'([^;]+)", header or "", re.I)
    if match:
        return unquote(match.group(1).strip().strip('"'))
    match = re.search(r"filename\s*=\s*\"?([^\";]+)", header or "", re.I)
    return match.group(1).strip() if match else ""


def sniff(body: bytes) -> str | None:
    """The type the bytes' signature says, or None (HTML, text, something else)."""
    head = body[:1024].lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in body[:1024]:
        return "pdf"
    if body.startswith(OLE_SIGNATURE):
        return "doc"                      # DOC and WPS share the container: see file_type_of
    if body.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(body)).namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "OFD.xml" in names:
            return "ofd"
        if "word/document.xml" in names:
            return "docx"
        return None
    if any(body.startswith(sig) for sig in _IMAGE_SIGNATURES):
        return "image"
    return None


def file_type_of(body: bytes, *, name: str = "", content_type: str = "", disposition: str = "",
                 declared: str | None = None) -> str | None:
    """The file's type: the bytes' signature, refined by the names for an OLE2 file (a WPS
    file is one too); None when the bytes are no document (an HTML error page, say)."""
    by_bytes = sniff(body)
    by_name = type_from_name(disposition_name(disposition), name) or declared
    if by_bytes == "doc" and by_name == "wps" or by_bytes == "doc" and "kswps" in content_type:
        return "wps"
    if by_bytes:
        return by_bytes
    return None
