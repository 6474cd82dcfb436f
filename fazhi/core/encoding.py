"""Bytes to text: the charset a page declares, checked against its bytes."""
from __future__ import annotations

import codecs
import re

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
# GB2312 and GBK are subsets of GB18030; decoding as GB18030 loses nothing and
# avoids errors on characters pages use outside the declared set.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                    "utf8": "utf-8", "iso-8859-1": None, "latin-1": None, "us-ascii": None}


def _normalise_charset(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    if name in _CHARSET_ALIASES:
        return _CHARSET_ALIASES[name]
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_body(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Decode bytes to text: BOM, then valid UTF-8, then header and <meta> charset, then detection.

    A declared charset is trusted only if the bytes decode cleanly with it: many portals
    declare one encoding and serve another. ISO-8859-1 in a header is ignored (it is what
    servers and requests fall back to, never what a Chinese page is).
    """
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace"), "utf-8"
    declared = []
    match = _HEADER_CHARSET_RE.search(content_type or "")
    if match:
        declared.append(_normalise_charset(match.group(1)))
    match = _META_CHARSET_RE.search(body[:4096])
    if match:
        declared.append(_normalise_charset(match.group(1).decode("ascii", "ignore")))
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in declared:
        if enc and enc != "utf-8":
            try:
                return body.decode(enc), enc
            except UnicodeDecodeError:
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000]).best()
    enc = _normalise_charset(best.encoding) if best else None
    enc = enc or "gb18030"
    return body.decode(enc, errors="replace"), enc
