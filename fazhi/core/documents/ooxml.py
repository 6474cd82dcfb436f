"""DOCX: paragraphs and table rows of word/document.xml in document order, read by
python-docx once the package has passed the expansion cap."""
from __future__ import annotations

import io

from fazhi.core.errors import UnreadableDocument

from .limits import ReadLimits
from .packages import Package


def docx_text(body: bytes, limits: ReadLimits) -> str:
    if not body.startswith(b"PK"):
        raise UnreadableDocument("not a DOCX file (not a zip archive)")
    package = Package(body, "docx", limits)
    package.xml("word/document.xml")            # refuses entity declarations before python-docx parses
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
