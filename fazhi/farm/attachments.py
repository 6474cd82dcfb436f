"""Report attachments (a spec's .pdf / .docx / .doc), built in memory with no new dependencies.

- ``build_pdf``: a minimal PDF written by hand. The text is set in a Type0 font with
  ``Identity-H`` encoding: each distinct character gets the next glyph id (1, 2, 3 …) and a
  generated ``ToUnicode`` CMap maps the ids back, so ``pypdf`` extracts the text. The font
  is not embedded: viewers may show boxes, which does not matter here (only the text layer
  is used). Lines are wrapped at ``chars_per_line``, pages carry a ``— N —`` footer, and the
  title is the first line of page 1, as in real government PDFs.
- ``build_docx``: a Word document made with python-docx (title, then one paragraph each).
- ``build_doc``: an old binary ``.doc`` look-alike: an OLE2 compound-file signature followed
  by bytes that are not text in any encoding. A crawler cannot read it and should say so.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
import zlib

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

PDF_FOOTER_FMT = "— {n} —"  # page footer line, as the text layer has it


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------
def _pdf_utf16(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _wrap(paragraph: str, width: int, indent: str) -> list[str]:
    text = indent + paragraph
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def pdf_pages_text(title: str, paragraphs: list[str] | tuple[str, ...], chars_per_line: int = 36,
                   lines_per_page: int = 38) -> list[list[str]]:
    """The lines on each page of ``build_pdf``'s output (footer included), top to bottom."""
    lines: list[str] = [title, ""]
    for p in paragraphs:
        lines.extend(_wrap(p, chars_per_line, "\u3000\u3000"))
    body_per_page = lines_per_page - 1
    pages = []
    for n, i in enumerate(range(0, len(lines), body_per_page), start=1):
        chunk = lines[i : i + body_per_page]
        pages.append(chunk + [PDF_FOOTER_FMT.format(n=n)])
    return pages


def build_pdf(title: str, paragraphs: list[str] | tuple[str, ...], *, author: str = "",
              chars_per_line: int = 36, lines_per_page: int = 38,
              created: str = "20240326090000+08'00'") -> bytes:
    """A PDF whose text layer holds ``title`` and ``paragraphs`` (see the module docstring)."""
    pages = pdf_pages_text(title, paragraphs, chars_per_line, lines_per_page)
    chars: dict[str, int] = {}
    for page in pages:
        for line in page:
            for ch in line:
                if ch not in chars:
                    chars[ch] = len(chars) + 1  # glyph 0 is .notdef
    if len(chars) >= 0xFFFF:
        raise ValueError("too many distinct characters for one font")

    objs: dict[int, bytes] = {}
    # 1 catalog, 2 pages, 3 Type0 font, 4 CIDFont, 5 descriptor, 6 ToUnicode, 7 info
    # then (content, page) pairs from 8
    n_pages = len(pages)
    page_ids = [9 + 2 * i for i in range(n_pages)]
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objs[2] = f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode()
    objs[3] = (b"<< /Type /Font /Subtype /Type0 /BaseFont /FZFangSong-Z02 /Encoding /Identity-H "
               b"/DescendantFonts [4 0 R] /ToUnicode 6 0 R >>")
    objs[4] = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /FZFangSong-Z02 "
               b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
               b"/FontDescriptor 5 0 R /DW 1000 /CIDToGIDMap /Identity >>")
    objs[5] = (b"<< /Type /FontDescriptor /FontName /FZFangSong-Z02 /Flags 4 "
               b"/FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 "
               b"/CapHeight 700 /StemV 80 >>")
    cmap = _to_unicode_cmap(chars)
    objs[6] = _stream(cmap)
    info = f"<< /Title {_pdf_utf16(title)} /Producer (fazhi test farm) /CreationDate (D:{created})"
    if author:
        info += f" /Author {_pdf_utf16(author)}"
    objs[7] = (info + " >>").encode()
    size, top, left, leading = 16, 780, 72, 19
    for i, page in enumerate(pages):
        ops = ["BT", f"/F1 {size} Tf", f"{leading} TL"]
        y = top
        for j, line in enumerate(page):
            if j == len(page) - 1:  # footer at the bottom, centred
                y = 40
                x = 297 - len(line) * size // 2
            elif i == 0 and j == 0:  # title, centred
                x = max(left, 297 - len(line) * (size + 4) // 2)
            else:
                x = left
            if line:
                fs = size + 4 if (i == 0 and j == 0) else size
                hexs = "".join(f"{chars[ch]:04X}" for ch in line)
                ops.append(f"/F1 {fs} Tf 1 0 0 1 {x} {y} Tm <{hexs}> Tj")
            y -= leading + (8 if i == 0 and j == 0 else 0)
        ops.append("ET")
        content_id, page_id = 8 + 2 * i, 9 + 2 * i
        objs[content_id] = _stream("\n".join(ops).encode("ascii"), compress=True)
        objs[page_id] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                         f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>").encode()

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = out.tell()
        out.write(f"{num} 0 obj\n".encode() + objs[num] + b"\nendobj\n")
    xref = out.tell()
    count = max(objs) + 1
    out.write(f"xref\n0 {count}\n".encode())
    out.write(b"0000000000 65535 f \n")
    for num in range(1, count):
        out.write(f"{offsets[num]:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {count} /Root 1 0 R /Info 7 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data)
        return f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream"
    return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def _to_unicode_cmap(chars: dict[str, int]) -> bytes:
    head = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
    body = []
    items = sorted(chars.items(), key=lambda kv: kv[1])
    for i in range(0, len(items), 100):  # at most 100 entries per block
        block = items[i : i + 100]
        body.append(f"{len(block)} beginbfchar")
        for ch, gid in block:
            body.append(f"<{gid:04X}> <{ch.encode('utf-16-be').hex().upper()}>")
        body.append("endbfchar")
    tail = "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    return (head + "\n".join(body) + tail).encode("ascii")


# ---------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------
def build_docx(title: str, paragraphs: list[str] | tuple[str, ...], *, author: str = "") -> bytes:
    """A .docx with the title (centred, bold) and one Word paragraph per paragraph."""
    doc = Document()
    props = doc.core_properties
    props.title = title
    props.author = author or "Administrator"
    fixed = dt.datetime(2023, 3, 30, 9, 0, 0)
    props.created = props.modified = fixed  # stable bytes from run to run (but see zip times)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(title)
    run.bold = True
    run.font.size = Pt(22)
    for text in paragraphs:
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        p.add_run(text).font.size = Pt(16)
    buf = io.BytesIO()
    doc.save(buf)
    return _stable_zip(buf.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed member times, so the same document gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2023, 3, 30, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------------------
# DOC (unreadable)
# ---------------------------------------------------------------------------
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def build_doc(seed: str, size: int = 24_576) -> bytes:
    """Bytes of an old Word file as far as a crawler can tell: OLE2 header, then noise."""
    rng = random.Random(seed)
    header = bytearray(512)
    header[:8] = OLE_SIGNATURE
    header[0x18:0x1C] = b"\x3e\x00\x03\x00"  # minor / major version (3)
    header[0x1C:0x1E] = b"\xfe\xff"  # byte order mark
    header[0x1E:0x20] = b"\x09\x00"  # sector shift: 512-byte sectors
    header[0x20:0x22] = b"\x06\x00"  # mini sector shift
    body = bytes(rng.getrandbits(8) for _ in range(size - 512))
    # noise with NULs and C1 controls throughout: no text encoding makes sense of it
    body = bytes(b if i % 7 else 0 for i, b in enumerate(body))
    return bytes(header) + body
