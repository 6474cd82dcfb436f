"""OFD (GB/T 33190-2016, the national fixed-layout format): a zip package whose OFD.xml names
the document root; Document.xml lists the pages; each page's Content.xml holds TextObjects
(Boundary "x y w h" in mm) with TextCode runs (X, Y from the object's origin). The text is
the runs in page order, set into lines by their baseline and left to right, then reflowed
into paragraphs as a PDF's lines are."""
from __future__ import annotations

import posixpath

from fazhi.core.errors import UnreadableDocument

from .limits import ReadLimits
from .packages import Package
from .reflow import lines_to_text


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(node, name: str):
    return [el for el in node.iter() if _local(el.tag) == name]


def _resolve(base_dir: str, loc: str) -> str:
    loc = loc.strip().replace("\\", "/")
    path = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base_dir, loc)
    return posixpath.normpath(path)


def _numbers(text: str | None) -> list[float]:
    try:
        return [float(v) for v in (text or "").split()]
    except ValueError:
        return []


def ofd_text(body: bytes, limits: ReadLimits) -> str:
    package = Package(body, "ofd", limits)
    root = package.xml("OFD.xml")
    doc_roots = [el.text for el in _children(root, "DocRoot") if el.text]
    if not doc_roots:
        raise UnreadableDocument("OFD names no document (no DocRoot in OFD.xml)")
    doc_path = _resolve("", doc_roots[0])
    document = package.xml(doc_path)
    pages = [el.get("BaseLoc") for el in _children(document, "Page") if el.get("BaseLoc")]
    if not pages:
        raise UnreadableDocument("OFD has no pages")
    if len(pages) > limits.max_pages:
        raise UnreadableDocument(f"OFD has {len(pages)} pages, over the {limits.max_pages}-page limit")
    text = lines_to_text([_page_lines(package.xml(_resolve(posixpath.dirname(doc_path), loc))) for loc in pages])
    if not text.strip():
        raise UnreadableDocument("OFD has no text objects (a scan? OCR of OFD images is not done)")
    return text


def _page_lines(page) -> list[tuple[float, float, str]]:
    """(left edge, font size, text) of each line on one page, top to bottom."""
    runs: list[tuple[float, float, float, str]] = []   # baseline y, x, font size, text
    for obj in _children(page, "TextObject"):
        box = _numbers(obj.get("Boundary"))
        if len(box) < 2:
            continue
        size = (_numbers(obj.get("Size")) or [3.5])[0]
        for code in _children(obj, "TextCode"):
            if code.text:
                x = (_numbers(code.get("X")) or [0.0])[0]
                y = (_numbers(code.get("Y")) or [0.0])[0]
                runs.append((box[1] + y, box[0] + x, size, code.text))
    runs.sort(key=lambda r: (r[0], r[1]))
    lines: list[list[tuple[float, float, float, str]]] = []
    for run in runs:
        if lines and abs(run[0] - lines[-1][0][0]) <= run[2] * 0.4:
            lines[-1].append(run)
        else:
            lines.append([run])
    out = []
    for line in lines:
        line.sort(key=lambda r: r[1])
        out.append((line[0][1], line[0][2], "".join(r[3] for r in line)))
    return out
