"""Lines of a laid-out page (PDF text layer, OFD, OCR) back into paragraphs: page footers
(— 2 —, 第2页) dropped, wrapped lines joined. A paragraph starts at an indented line or a
heading; where a document indents nothing, a line that ends a sentence ends its paragraph."""
from __future__ import annotations

import re
from collections import Counter

_PAGE_FOOTER = re.compile(r"^\s*[—–\-－]*\s*(第\s*)?\d+\s*(页)?\s*[—–\-－]*\s*$")
_PARAGRAPH_START = re.compile(r"^[\u3000 \t]{1,}\S|^[一二三四五六七八九十]+、|^[(（][一二三四五六七八九十]+[)）]")
_SENTENCE_END = tuple("。！？；：”」")


def reflow_pdf_text(text: str) -> str:
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


def mark_indents(lines: list[tuple[float, float, str]]) -> list[str]:
    """One page's positioned lines (left edge, character width, text), top to bottom, as
    text: a line that starts more than a character right of the page's common left margin is
    indented (a paragraph's first line, a centred title) and gets two ideographic spaces."""
    if not lines:
        return []
    margin = Counter(round(x) for x, _w, _t in lines).most_common(1)[0][0]
    margin = min((x for x, _w, _t in lines if round(x) == margin), default=margin)
    return [("\u3000\u3000" + text.strip()) if x - margin > width * 1.2 else text.strip()
            for x, width, text in lines]


def lines_to_text(pages: list[list[tuple[float, float, str]]]) -> str:
    """Pages of positioned lines into paragraphs (a paragraph may run across pages)."""
    return reflow_pdf_text("\n".join(line for page in pages for line in mark_indents(page)))
