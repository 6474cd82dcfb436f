"""Report files in the formats county portals publish beyond PDF and DOCX, and hostile files,
built in memory from a report's real text (a spec's paragraphs come from seeds/ or
bench/farm_text.py; nothing here invents report text).

- ``build_word97``: a Word 97 binary file (an OLE2 compound file holding a WordDocument
  stream: the FIB, then the text in UTF-16, one paragraph per carriage return; and a 1Table
  stream with the piece table). WPS Office saves ``.wps`` in this layout, so the same bytes
  serve for a WPS file.
- ``build_ofd``: an OFD package (GB/T 33190): OFD.xml → Doc_0/Document.xml → one
  Content.xml per page of TextObjects, each line a TextObject (a line's second half a
  second object, as converters split runs), written in an order other than the page's.
- ``scan_pages`` / ``build_scanned_pdf``: the text set in Noto Serif CJK on A4 pages at 150 dpi,
  turned by a small angle with speckle, as a scanner gives; PNG pages or an image-only PDF.
- hostile: a DOCX zip bomb, an OFD whose XML expands entities (billion laughs), a truncated
  PDF, a PDF whose cross-reference stream points back at itself, an oversized file, a gzip bomb.
"""
from __future__ import annotations

import gzip
import io
import random
import struct
import zipfile
from functools import lru_cache

from .attachments import build_docx, build_pdf

# ---------------------------------------------------------------------------
# Word 97 binary (.doc, .wps)
# ---------------------------------------------------------------------------
_ENDOFCHAIN, _FREESECT, _FATSECT, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR = 512
_MINI_CUTOFF = 4096


def _dir_entry(name: str, kind: int, start: int, size: int, left: int = _NOSTREAM, right: int = _NOSTREAM,
               child: int = _NOSTREAM) -> bytes:
    raw = name.encode("utf-16-le") + b"\x00\x00" if name else b""
    return (raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw), kind, 1) + struct.pack("<III", left, right, child)
            + b"\x00" * 36 + struct.pack("<IQ", start, size))


def compound_file(streams: list[tuple[str, bytes]]) -> bytes:
    """An OLE2 compound file (version 3, 512-byte sectors) with these streams under the root;
    each stream is padded to the mini-stream cut-off so that all live in regular sectors."""
    padded = [d + b"\x00" * (max(_MINI_CUTOFF, -(-len(d) // _SECTOR) * _SECTOR) - len(d)) for _n, d in streams]
    data_sectors = sum(len(d) // _SECTOR for d in padded)
    fat_sectors = 1
    while fat_sectors + 1 + data_sectors > fat_sectors * 128:
        fat_sectors += 1
    fat = [_FATSECT] * fat_sectors + [_ENDOFCHAIN]          # then the directory's one sector
    starts = []
    for data in padded:
        start, count = len(fat), len(data) // _SECTOR
        starts.append(start)
        fat += [start + i + 1 for i in range(count - 1)] + [_ENDOFCHAIN]
    fat += [_FREESECT] * (fat_sectors * 128 - len(fat))
    # the directory's red-black tree: the root's child is the first stream, the others its left siblings
    entries = [_dir_entry("Root Entry", 5, _ENDOFCHAIN, 0, child=1)]
    for i, (name, data) in enumerate(streams):
        entries.append(_dir_entry(name, 2, starts[i], len(data), left=i + 2 if i + 1 < len(streams) else _NOSTREAM))
    directory = b"".join(entries)
    directory += _dir_entry("", 0, 0, 0) * ((_SECTOR - len(directory) % _SECTOR) % _SECTOR // 128)
    header = bytearray(_SECTOR)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<II", header, 0x2C, fat_sectors, fat_sectors)   # FAT sectors; the directory's first sector
    struct.pack_into("<I", header, 0x38, _MINI_CUTOFF)
    struct.pack_into("<IIII", header, 0x3C, _ENDOFCHAIN, 0, _ENDOFCHAIN, 0)
    struct.pack_into("<109I", header, 0x4C, *(list(range(fat_sectors)) + [_FREESECT] * (109 - fat_sectors)))
    return bytes(header) + struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(padded)


def build_word97(title: str, paragraphs: list[str] | tuple[str, ...]) -> bytes:
    """A Word 97 document: title, then one paragraph each (UTF-16 text, a one-piece table)."""
    text = "\r".join([title, *paragraphs]) + "\r"
    encoded = text.encode("utf-16-le")
    fc_text = 1024                                          # the text follows the FIB
    fib = bytearray(fc_text)
    struct.pack_into("<HHHHH", fib, 0, 0xA5EC, 0x00C1, 0, 0x0804, 0)   # wIdent, nFib (Word 97), lid zh-CN
    struct.pack_into("<HH", fib, 10, (1 << 9) | (1 << 12), 0x00BF)     # fWhichTblStm (1Table), fExtChar
    struct.pack_into("<II", fib, 0x18, fc_text, fc_text + len(encoded))  # fcMin, fcMac
    struct.pack_into("<H", fib, 32, 14)                                 # csw
    struct.pack_into("<H", fib, 62, 22)                                 # cslw
    struct.pack_into("<I", fib, 64, fc_text + len(encoded))             # cbMac
    struct.pack_into("<I", fib, 76, len(text))                          # ccpText
    struct.pack_into("<H", fib, 152, 0x5D)                              # cbRgFcLcb (Word 97)
    pieces = struct.pack("<II", 0, len(text)) + struct.pack("<HIH", 0, fc_text, 0)
    clx = b"\x02" + struct.pack("<I", len(pieces)) + pieces
    struct.pack_into("<II", fib, 0x1A2, 16, len(clx))                   # fcClx, lcbClx
    return compound_file([("WordDocument", bytes(fib) + encoded), ("1Table", b"\x00" * 16 + clx)])


# ---------------------------------------------------------------------------
# OFD
# ---------------------------------------------------------------------------
_OFD_NS = "http://www.ofdspec.org/2016"


def ofd_pages(title: str, paragraphs, chars_per_line: int = 28, lines_per_page: int = 30) -> list[list[tuple[float, str]]]:
    """The lines of each page: (left edge in mm, text); the title centred, paragraphs indented."""
    lines: list[tuple[float, str]] = [(105 - len(title) * 3.0, title)]
    for p in paragraphs:
        first = p[: chars_per_line - 2]
        lines.append((25 + 2 * 5.6, first))
        rest = p[len(first):]
        lines += [(25.0, rest[i: i + chars_per_line]) for i in range(0, len(rest), chars_per_line)]
    return [lines[i: i + lines_per_page] for i in range(0, len(lines), lines_per_page)]


def _text_object(oid: int, x: float, y: float, text: str) -> str:
    from xml.sax.saxutils import escape

    deltas = " ".join(["5.6"] * (len(text) - 1))
    return (f'<ofd:TextObject ID="{oid}" Boundary="{x:.2f} {y:.2f} {len(text) * 5.6 + 1:.2f} 7" Font="3" Size="5.6">'
            f'<ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="5.6" DeltaX="{deltas}">{escape(text)}</ofd:TextCode>'
            f"</ofd:TextObject>")


def build_ofd(title: str, paragraphs, *, entity_bomb: bool = False) -> bytes:
    """An OFD package of the text. entity_bomb: Content.xml declares nested entities (hostile)."""
    pages = ofd_pages(title, paragraphs)
    rng = random.Random(title)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{_OFD_NS}" DocType="OFD" '
                   f'Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>{rng.getrandbits(64):016x}</ofd:DocID>'
                   f'<ofd:Title>{title}</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                   f"</ofd:DocBody></ofd:OFD>")
        page_refs = "".join(f'<ofd:Page ID="{100 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
        z.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{_OFD_NS}">'
                   f"<ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
                   f"</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
                   f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>")
        z.writestr("Doc_0/PublicRes.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{_OFD_NS}" '
                   f'BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="仿宋_GB2312" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>')
        for n, lines in enumerate(pages):
            objects, oid = [], 1000 * (n + 1)
            for i, (x, text) in enumerate(lines):
                y = 30 + i * 8.5
                cut = len(text) // 2 if i % 3 == 1 and len(text) > 6 else len(text)   # a line in two runs
                objects.append(_text_object(oid, x, y, text[:cut]))
                if cut < len(text):
                    objects.append(_text_object(oid + 500, x + cut * 5.6, y, text[cut:]))
                oid += 1
            rng.shuffle(objects)                                # stored order is not reading order
            doctype = ""
            if entity_bomb:
                doctype = ('<!DOCTYPE ofd:Page [<!ENTITY a "法治法治法治法治法治法治法治法治">'
                           + "".join(f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">' for k in range(9))
                           + "]>")
                objects.append(_text_object(oid + 900, 25, 20, "&j;").replace("&amp;j;", "&j;"))
            z.writestr(f"Doc_0/Pages/Page_{n}/Content.xml",
                       f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<ofd:Page xmlns:ofd="{_OFD_NS}"><ofd:Content>'
                       f'<ofd:Layer ID="{oid + 999}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')
    return out.getvalue()


# ---------------------------------------------------------------------------
# Page scans
# ---------------------------------------------------------------------------
SCAN_DPI = 150
SCAN_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"   # Debian: fonts-noto-cjk


@lru_cache(maxsize=4)
def _font(size: int):
    from PIL import ImageFont

    return ImageFont.truetype(SCAN_FONT, size, index=2)   # index 2: Noto Serif CJK SC


def scan_pages(title: str, paragraphs, *, skew: float = 1.2, seed: str = "") -> list[bytes]:
    """PNG page scans of the text (A4 at 150 dpi, 16 pt text, paragraphs indented two
    characters), each turned by about ``skew`` degrees with speckle."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed or title)
    width, height, margin, size = 1240, 1754, 120, 32
    per_line = (width - 2 * margin) // size
    lines: list[tuple[int, str]] = [(max(margin, (width - len(title) * (size + 6)) // 2), title)]
    for p in paragraphs:
        text = "\u3000\u3000" + p
        lines += [(margin, text[i: i + per_line]) for i in range(0, len(text), per_line)]
    leading = int(size * 1.75)
    per_page = (height - 2 * margin) // leading
    pages = []
    for start in range(0, len(lines), per_page):
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        for i, (x, text) in enumerate(lines[start: start + per_page]):
            big = start == 0 and i == 0
            draw.text((x, margin + i * leading), text, fill=30, font=_font(size + 6 if big else size))
        draw.text((width // 2 - 40, height - 80), f"— {len(pages) + 1} —", fill=30, font=_font(24))
        angle = skew * rng.uniform(0.6, 1.0) * rng.choice((-1, 1))
        image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        pixels = image.load()
        for _ in range(1500):                                   # scanner speckle
            pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 90))
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        pages.append(buffer.getvalue())
    return pages


def build_scanned_pdf(title: str, paragraphs, **kw) -> bytes:
    """An image-only PDF of the page scans (no text layer), as a scanner's software writes."""
    from PIL import Image

    images = [Image.open(io.BytesIO(png)).convert("L") for png in scan_pages(title, paragraphs, **kw)]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=SCAN_DPI)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Hostile files
# ---------------------------------------------------------------------------
def docx_zip_bomb(title: str, paragraphs, expands_to: int = 1024 ** 3) -> bytes:
    """A real DOCX whose document.xml is followed by a member that inflates to ``expands_to`` bytes."""
    base = zipfile.ZipFile(io.BytesIO(build_docx(title, paragraphs)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in base.infolist():
            z.writestr(info.filename, base.read(info.filename))
        info = zipfile.ZipInfo("word/media/image1.emf", date_time=(2023, 3, 30, 9, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as member:
            chunk = b"\x00" * (16 * 1024 * 1024)
            for _ in range(expands_to // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def truncated_pdf(title: str, paragraphs) -> bytes:
    """A text PDF cut off in the middle, as a dropped download leaves it."""
    data = build_pdf(title, paragraphs)
    return data[: len(data) * 3 // 5]


def looping_xref_pdf(title: str, paragraphs) -> bytes:
    """A PDF whose references loop: the trailer's /Prev points at its own cross-reference
    section and the page tree lists itself among its kids. A reader that follows either
    without remembering where it has been never stops."""
    data = build_pdf(title, paragraphs).replace(b"/Kids [", b"/Kids [2 0 R ", 1)
    # the object offsets moved by the insertion: rewrite the xref table for the new layout
    body, _xref = data.rsplit(b"xref\n", 1)
    offsets = [body.index(f"\n{n} 0 obj".encode()) + 1 for n in range(1, body.count(b" 0 obj\n") + 1)]
    table = f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    start = len(body)
    trailer = (f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R /Info 7 0 R /Prev {start} >>\n"
               f"startxref\n{start}\n%%EOF\n")
    return body + table.encode() + trailer.encode()


def oversized_file(size: int = 50 * 1024 * 1024) -> bytes:
    """A file over the document cap: a PDF header, then filler."""
    return b"%PDF-1.4\n" + b"0" * (size - 9)


def gzip_bomb(size: int = 256 * 1024 ** 2) -> bytes:
    """A gzip stream of ``size`` spaces (about a thousandth of it compressed): a page body served as gzip."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9, mtime=0) as z:
        z.write(b"<html><body>")
        chunk = b" " * (16 * 1024 * 1024)
        for _ in range(size // len(chunk)):
            z.write(chunk)
    return out.getvalue()


# ---------------------------------------------------------------------------
# What a farm portal serves for a report's source
# ---------------------------------------------------------------------------
HOSTILE_SOURCES = ("zip_bomb", "entity_ofd", "truncated_pdf", "looping_pdf", "oversized", "trickle")
READABLE_SOURCES = ("page", "pdf", "docx", "word97", "wps", "ofd", "scanned_pdf", "page_images")
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "doc": "doc", "word97": "doc", "wps": "wps", "ofd": "ofd",
              "scanned_pdf": "pdf", "zip_bomb": "docx", "entity_ofd": "ofd", "truncated_pdf": "pdf",
              "looping_pdf": "pdf", "oversized": "pdf", "trickle": "pdf"}
CONTENT_TYPES = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "doc": "application/msword", "wps": "application/kswps", "ofd": "application/ofd"}
TRICKLE_SECONDS = 1.0


@lru_cache(maxsize=32)
def document_bytes(source: str, title: str, paragraphs: tuple[str, ...]) -> bytes:
    """The file a report of this source is published as (built once per process)."""
    builders = {"word97": build_word97, "wps": build_word97, "ofd": build_ofd, "scanned_pdf": build_scanned_pdf,
                "zip_bomb": docx_zip_bomb, "entity_ofd": lambda t, p: build_ofd(t, p, entity_bomb=True),
                "truncated_pdf": truncated_pdf, "looping_pdf": looping_xref_pdf,
                "oversized": lambda t, p: oversized_file(), "trickle": build_pdf}
    return builders[source](title, paragraphs)


@lru_cache(maxsize=8)
def page_images(title: str, paragraphs: tuple[str, ...]) -> tuple[bytes, ...]:
    return tuple(scan_pages(title, paragraphs))
