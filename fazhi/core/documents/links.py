"""Finding a report's file on its page: wherever portals hide it (portal-platforms.md §3.5).

Links (<a href>) by extension, a filename= parameter or the link text; download endpoints with
no extension at all (the type is read later from Content-Disposition and the bytes);
<iframe>, <embed> and <object>; pdf.js viewers (viewer.html?file=…); onclick handlers and
javascript: links (window.open('…'), location.href='…'). And page scans: a body that is
only <img> pages."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from fazhi.core import rules

from .kinds import type_from_name

_TAG_RE = re.compile(r"<[^>]+>")
_A_RE = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.I | re.S)
_EMBED_RE = re.compile(r"<(iframe|embed|object|frame)\b([^>]*)>", re.I)
_ATTR_RE = re.compile(r"""([\w:-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))""", re.S)
# a URL in script: window.open('…'), location.href = '…', window.location='…', location.assign('…')
_SCRIPT_URL_RE = re.compile(r"""(?:window\.open|location\.assign|location\.replace)\s*\(\s*['"]([^'"]+)['"]"""
                            r"""|(?:window\.|document\.)?location(?:\.href)?\s*=\s*['"]([^'"]+)['"]""")
# download endpoints that name no type: the bytes will tell
_HANDLER_RE = re.compile(r"""\bon\w+\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_DOWNLOAD_PATH_RE = re.compile(r"download|downfile|attach|getfile|fileid|file_id|/fj/|accessory", re.I)
_DOWNLOAD_TEXT_RE = re.compile(r"附件|下载|全文|原文|文件")
_PAGE_PATH_RE = re.compile(r"\.s?html?$|/$", re.I)     # a page, not a download (下载APP → /app/download.html)
_FILE_PARAMS = ("file", "filename", "fileName", "name", "showname", "url", "src")


@dataclass
class AttachmentLink:
    url: str
    name: str              # the file name the page gives (link text or filename= parameter)
    file_type: str | None  # pdf | docx | doc | wps | ofd | image; None: a download endpoint that names none


def _attrs(raw: str) -> dict[str, str]:
    return {m.group(1).lower(): unescape(m.group(3) or m.group(4) or m.group(5) or "") for m in _ATTR_RE.finditer(raw)}


def _script_url(code: str) -> str | None:
    match = _SCRIPT_URL_RE.search(code or "")
    return (match.group(1) or match.group(2)) if match else None


def _viewer_target(href: str) -> str | None:
    """The document a pdf.js viewer (…/viewer.html?file=…) shows."""
    parts = urlsplit(href)
    if "viewer" not in parts.path.lower() and "pdfjs" not in parts.path.lower():
        return None
    files = parse_qs(parts.query).get("file") or re.findall(r"[#&]file=([^&]+)", href)
    return unquote(files[0]) if files else None


def _link(href: str, text: str, base_url: str, *, endpoint_ok: bool) -> AttachmentLink | None:
    href = unescape(href.strip())
    if not href or href.startswith(("mailto:", "#")):
        return None
    if href.lower().startswith("javascript:"):
        href = _script_url(href) or ""
        if not href:
            return None
    target = _viewer_target(href)
    if target:
        href = urljoin(urljoin(base_url, href), target)
    parts = urlsplit(href)
    query = parse_qs(parts.query)
    params = [unquote(v) for key in _FILE_PARAMS for v in query.get(key, [])]
    kind = type_from_name(parts.path, *params, text)
    if kind is None and not (endpoint_ok and _DOWNLOAD_PATH_RE.search(href) and not _PAGE_PATH_RE.search(parts.path) and
                             (not text or _DOWNLOAD_TEXT_RE.search(text) or "报告" in text)):
        return None
    name = next((p for p in params if type_from_name(p)), "") or text or unquote(parts.path.rsplit("/", 1)[-1])
    return AttachmentLink(urljoin(base_url, href), name, kind)


def attachment_links(html: str, base_url: str) -> list[AttachmentLink]:
    """Every document the page links or embeds, in page order, each URL once."""
    found: dict[str, AttachmentLink] = {}

    def add(link: AttachmentLink | None) -> None:
        if link and link.file_type != "image" and link.url.split("#")[0] != base_url:
            found.setdefault(link.url, link)

    for raw_attrs, inner in _A_RE.findall(html):
        attrs = _attrs(raw_attrs)
        text = unescape(_TAG_RE.sub("", inner)).strip()
        add(_link(attrs.get("href", ""), text, base_url, endpoint_ok=True))
        for handler in ("onclick", "data-href", "data-url"):
            url = _script_url(attrs[handler]) if handler == "onclick" and handler in attrs else attrs.get(handler)
            if url:
                add(_link(url, text, base_url, endpoint_ok=True))
    for tag, raw_attrs in _EMBED_RE.findall(html):
        attrs = _attrs(raw_attrs)
        src = attrs.get("src") or attrs.get("data") or ""
        # an embedded frame holds a document, or a page: only a document counts here
        add(_link(src, attrs.get("title", ""), base_url, endpoint_ok=tag.lower() != "iframe"))
    for match in _HANDLER_RE.finditer(html):
        url = _script_url(unescape(match.group(1) or match.group(2)))
        if url:
            add(_link(url, "", base_url, endpoint_ok=False))
    for name, url in _embedded_attachments(html):
        add(_link(url, name, base_url, endpoint_ok=True))
    return list(found.values())


def _embedded_attachments(html: str) -> list[tuple[str, str]]:
    """(name, url) of the attachment lists a platform puts in the page as data (gkmlpt)."""
    out = []
    for match in rules.EMBEDDED_ATTACHMENTS_RE.finditer(html):
        try:
            entries, _ = json.JSONDecoder().raw_decode(html, match.end())
        except ValueError:
            continue
        out += [(str(e.get("name") or ""), e["url"]) for e in entries
                if isinstance(e, dict) and isinstance(e.get("url"), str)]
    return out


# icons, logos, buttons and QR codes are no page scans
_NOT_A_SCAN_RE = re.compile(r"logo|icon|ico_|btn|button|banner|qrcode|erweima|ewm|share|weixin|weibo|"
                            r"\.gif(?:$|\?)|/images?/(?:common|public)/", re.I)


def page_scan_images(images: list[tuple[str, dict[str, str]]], base_url: str) -> list[str]:
    """Image URLs that can be page scans of a report (Yingkou's ivs_content: a body of <img>):
    not icons, logos or QR codes, not declared smaller than a page would be."""
    out: list[str] = []
    for src, attrs in images:
        if not src or src.startswith("data:") or _NOT_A_SCAN_RE.search(src):
            continue
        width = re.match(r"\d+", attrs.get("width", "") or "")
        if width and int(width.group()) < 300:
            continue
        url = urljoin(base_url, src)
        if url not in out:
            out.append(url)
    return out
