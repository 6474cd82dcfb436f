"""What every renderer shares: escaping and the bytes / Content-Type of a page."""

from __future__ import annotations

from html import escape

from fazhi.core.text import simplified_to_traditional

from ..http import Response
from ..spec import PortalSpec

INDENT = "\u3000\u3000"  # the full-width indent of Chinese government prose
HEADING_MARKS = ("一、", "二、", "三、", "四、", "五、", "六、")


def e(text: str) -> str:
    return escape(text, quote=False)


def a(text: str) -> str:
    return escape(text, quote=True)


def page(spec: PortalSpec, text: str, mime: str = "text/html") -> Response:
    """A 200 in the portal's encoding, its charset in the header only if the portal puts it there."""
    ctype = f"{mime}; charset={spec.header_charset}" if spec.header_charset else mime
    if spec.script == "traditional":
        text = simplified_to_traditional(text)
    return Response(200, ctype, text.encode(spec.encoding, errors="xmlcharrefreplace"))


def xml_declaration(spec: PortalSpec) -> str:
    return f'<?xml version="1.0" encoding="{"GBK" if spec.encoding == "gbk" else "UTF-8"}"?>\n'


def table_html(rows, attrs: str) -> str:
    cells = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table {attrs}>{cells}</table>"


def neighbours(spec: PortalSpec, item) -> tuple:
    """The items listed before and after ``item`` (None at either end)."""
    items = spec.listed
    idx = items.index(item)
    return (items[idx - 1] if idx > 0 else None), (items[idx + 1] if idx + 1 < len(items) else None)


def blocks_html(blocks, indent: str = INDENT, pstyle: str = "", img_extra: str = "",
                table_attrs: str = 'border="1" cellspacing="0" width="100%"') -> str:
    """A page body from spec blocks: ("p", text) ("h", text) ("img", alt, src) ("link", text, href)
    ("table", rows); each variant's own indent, paragraph style and attributes."""
    out = []
    for kind, *rest in blocks:
        if kind == "p":
            out.append(f"<p{pstyle}>{indent}{e(rest[0])}</p>")
        elif kind == "h":
            out.append(f"<p{pstyle}>{indent}<strong>{e(rest[0])}</strong></p>")
        elif kind == "img":
            out.append(f'<p style="text-align: center;"><img src="{a(rest[1])}" alt="{a(rest[0])}"{img_extra}></p>')
        elif kind == "link":
            out.append(f'<p{pstyle}>{indent}<a href="{a(rest[1])}" target="_blank">{e(rest[0])}</a></p>')
        elif kind == "table":
            out.append(table_html(rest[0], table_attrs))
    return "\n".join(out)
