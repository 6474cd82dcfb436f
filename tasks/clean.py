"""Cleaning: report pages (HTML) and local files (text) into faithful simplified text.

Steps: metadata to fields (meta tags, 信息公开 table, title block, info line); main content by
CMS-aware selectors, trafilatura as the fallback; chrome removed where it stands as chrome;
pinyin annotations dropped; traditional script converted only when the text is mostly
traditional; widths and spaces normalised; one paragraph per line.
"""
from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from fazhi.core import rules
from fazhi.core.documents import ReadLimits, read_document, read_page_scans
from fazhi.core.errors import UnreadableDocument
from fazhi.core.records import CleanedPage, FetchedDocument
from fazhi.core.text import HAN_RE, collapse_spaces, fold_width, strip_pinyin, to_simplified


_BLOCK_TAGS = frozenset("p div h1 h2 h3 h4 h5 h6 li ul ol table tbody thead tr section article "
                        "blockquote pre center dd dt dl header footer aside figure figcaption form".split())


def _blocks(node: Tag) -> list[str]:
    """Paragraph texts of node in document order. Text is taken from whole paragraph nodes,
    never from selected children, so characters in separate inline elements are not lost."""
    out: list[str] = []
    inline: list[str] = []

    def flush():
        if inline:
            out.append("".join(inline))
            inline.clear()

    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            inline.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "br":
                flush()
            elif child.name == "tr":
                flush()
                cells = [" ".join(_blocks(c)).strip() for c in child.find_all(["td", "th"], recursive=False)]
                row = " | ".join(c for c in cells if c)
                if row:
                    out.append(row)
            elif child.name in _BLOCK_TAGS or child.find(_BLOCK_TAGS):
                flush()
                out.extend(_blocks(child))
            else:
                inline.append(child.get_text(""))
    flush()
    return out


def _meta_fields(soup: BeautifulSoup) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        key = rules.META_TAGS.get(name)
        content = (meta.get("content") or "").strip()
        if key and content and key not in found:
            found[key] = content
    return found


def _labelled_fields(text: str) -> dict[str, str]:
    """label: value pairs in one line or cell run: 索引号: 2951467/2024-58207 主题分类: 司法."""
    found: dict[str, str] = {}
    matches = list(rules.META_LABEL_RE.finditer(text))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[match.end():end].strip(" |\t")
        key = rules.META_LABELS[match.group(1)]
        if value and key not in found:
            found[key] = value
    return found


_LABEL_CELL_RE = re.compile(r"^(" + "|".join(sorted(rules.META_LABELS, key=len, reverse=True)) + r")\s*[:：]?$")


def _cell_fields(table: Tag) -> dict[str, str]:
    """label / value cells of a metadata table: <td>索引号：</td><td>value</td>, or 索引号：value in one cell.
    Parsed by label, never by position: every site orders the rows differently."""
    found: dict[str, str] = {}
    cells = [collapse_spaces(fold_width(c.get_text(" "))) for c in table.find_all(["td", "th"])
             if not c.find(["td", "th"])]
    i = 0
    while i < len(cells):
        label = _LABEL_CELL_RE.match(cells[i])
        if label:
            value = cells[i + 1] if i + 1 < len(cells) else ""
            if _LABEL_CELL_RE.match(value):      # an empty value: the next cell is a label
                value = ""
            else:
                i += 1
            key = rules.META_LABELS[label.group(1)]
            if value and key not in found:
                found[key] = value
        else:
            for key, value in _labelled_fields(cells[i]).items():
                found.setdefault(key, value)
        i += 1
    return found


def _table_fields(soup: BeautifulSoup) -> tuple[dict[str, str], list[Tag]]:
    """The 信息公开 metadata table(s): fields, and the tables to take out of the page."""
    found: dict[str, str] = {}
    tables = []
    for table in soup.find_all("table"):
        text = fold_width(table.get_text(" | "))
        if len(rules.META_LABEL_RE.findall(text)) >= 3 and len(text) < 1500:
            for key, value in _cell_fields(table).items():
                found.setdefault(key, value)
            tables.append(table)
    return found, tables


def _title_from_soup(soup: BeautifulSoup, fields: dict[str, str]) -> str | None:
    if fields.get("title"):
        return fields["title"]
    for node in _first_matches(soup, _TITLES):
        if node and 4 <= len(node.get_text(strip=True)) <= 120:
            return node.get_text(" ", strip=True)
    if soup.title and soup.title.string:
        # <title> often joins title, column and site: keep the longest part
        parts = re.split(r"\s*[|_—-]{1,2}\s*", soup.title.string.strip())
        return max(parts, key=len) if parts else None
    return None


def _embedded_detail(html: str) -> tuple[str, dict[str, str]] | None:
    """The article a script renders from data in the page (gkmlpt's window._CONFIG.DETAIL):
    (the body's HTML, its fields); None when the page has no such data."""
    match = rules.EMBEDDED_DETAIL_RE.search(html)
    if not match:
        return None
    try:
        detail, _ = json.JSONDecoder().raw_decode(html, match.end())
    except ValueError:
        return None
    if not isinstance(detail, dict) or not isinstance(detail.get("content"), str):
        return None
    fields = {key: str(detail[name]) for name, key in rules.EMBEDDED_DETAIL_FIELDS.items() if detail.get(name)}
    return detail["content"], fields


def _select_content(html: str, soup: BeautifulSoup) -> tuple[list[str], list[tuple[str, str]], str, list] | None:
    detail = _embedded_detail(html)
    if detail:
        fragment = BeautifulSoup(detail[0], "lxml")
        body = fragment.body or fragment
        return _blocks(body), _links(body), "embedded-detail", _images(body)
    marked = rules.HANWEB_MARKERS.search(html)
    if marked:
        # the markers are comments in the raw page: parse what stands between them
        fragment = BeautifulSoup(marked.group(1), "lxml")
        for table in _table_fields(fragment)[1]:
            table.decompose()
        _drop_chrome_elements(fragment)
        body = fragment.body or fragment
        return _blocks(body), _links(body), "hanweb-markers", _images(body)
    for (cms, selector), node in zip(rules.CONTENT_SELECTORS, _first_matches(soup, _CONTENT)):
        if node is None:
            continue
        # a CMS's own container is the body however short the text (a notice, a 一图读懂 page);
        # generic class names are taken only when they hold a real text
        han = len(HAN_RE.findall(node.get_text()))
        if han >= (1 if cms in rules.CMS_SPECIFIC else rules.GENERIC_MIN_HAN):
            return _blocks(node), _links(node), f"{cms}:{selector}", _images(node)
    return None


def _images(node: Tag) -> list[tuple[str, dict]]:
    """(src, attributes) of the images in the content: page scans, when the body is only these."""
    return [(img.get("src") or img.get("data-src") or "",
             {k: " ".join(v) if isinstance(v, list) else str(v) for k, v in img.attrs.items()})
            for img in node.find_all("img")]


def _links(node: Tag) -> list[tuple[str, str]]:
    return [(a.get_text(" ", strip=True), a["href"]) for a in node.find_all("a", href=True)]


_SIMPLE_SELECTOR = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>[\w-]+)|#(?P<id>[\w-]+))?$")


def _simple_selector(selector: str) -> tuple[str | None, str | None, str | None]:
    """(tag, class, id) of a selector such as div.crumbsNav, .footer, #zoom or nav."""
    match = _SIMPLE_SELECTOR.match(selector)
    if not match or not selector:
        raise ValueError(f"selector {selector!r}: only tag, .class, #id or tag.class / tag#id are matched here")
    return match.group("tag"), match.group("cls"), match.group("id")


def _matches(node: Tag, selectors: tuple[tuple[str | None, str | None, str | None], ...]) -> bool:
    for tag, cls, ident in selectors:
        if (tag is None or node.name == tag) and (cls is None or cls in (node.get("class") or ())) \
                and (ident is None or node.get("id") == ident):
            return True
    return False


def _first_matches(root: Tag, selectors: tuple[tuple[str | None, str | None, str | None], ...]) -> list[Tag | None]:
    """The first element (in document order) each selector matches, or None: select_one for
    each, in one walk of the tree."""
    found: list[Tag | None] = [None] * len(selectors)
    left = len(selectors)
    for node in root.descendants:
        if not isinstance(node, Tag):
            continue
        for i, selector in enumerate(selectors):
            if found[i] is None and _matches(node, (selector,)):
                found[i] = node
                left -= 1
        if not left:
            break
    return found


# Matched in one walk of the tree: selecting each CSS selector in turn (soupsieve) was half of
# clean_html's time (scripts/benchmark.py --profile).
_CHROME = tuple(_simple_selector(s) for s in rules.CHROME_SELECTORS)
_CONTENT = tuple(_simple_selector(s) for _cms, s in rules.CONTENT_SELECTORS)
_TITLES = tuple(_simple_selector(s) for s in rules.TITLE_SELECTORS)


def _drop_chrome_elements(soup: BeautifulSoup) -> None:
    """Remove every element a chrome selector matches, with what it holds."""
    pending = [soup]
    while pending:
        node = pending.pop()
        for child in [c for c in node.children if isinstance(c, Tag)]:
            if _matches(child, _CHROME):
                child.decompose()
            else:
                pending.append(child)


def _fallback_trafilatura(html: str) -> list[str]:
    import trafilatura

    text = trafilatura.extract(html, include_tables=True, include_comments=False, favor_precision=True) or ""
    return text.split("\n")


def normalise_lines(lines: list[str]) -> tuple[list[str], float]:
    """Steps shared by HTML and plain text: widths, pinyin, spaces, chrome lines, script."""
    text = "\n".join(lines)
    text = strip_pinyin(fold_width(text))
    text, share = to_simplified(text)
    out: list[str] = []
    for raw in text.split("\n"):
        line = collapse_spaces(raw)
        if not line:
            continue
        if rules.CHROME_TAIL_STARTS.match(line) and len(out) > 3:
            break
        if any(p.match(line) for p in rules.CHROME_LINES):
            continue
        out.append(line)
    return out, share


def _split_info_lines(lines: list[str], fields: dict[str, str], title: str | None) -> list[str]:
    """Move the title block and label lines (索引号…, 发布日期…, 时间:… 来源:…) at the head into fields."""
    body_start = 0
    for i, line in enumerate(lines[:15]):
        labelled = _labelled_fields(line)
        label_chars = sum(len(k) for k in rules.META_LABELS if k in line)
        is_label_line = labelled and (len(line) < 120 or label_chars * 8 > len(line))
        is_title_line = title and (line == title or (len(line) >= 8 and title.startswith(line)) or
                                   (len(title) >= 8 and line.startswith(title) and len(line) <= len(title) + 4))
        if is_label_line:
            for key, value in labelled.items():
                fields.setdefault(key, value)
            body_start = i + 1
        elif is_title_line:
            body_start = i + 1
        elif len(line) > 60 or re.match(r"^[一二三四五六七八九十]+、", line):
            break
    _byline_source(lines[:body_start], fields, title)
    return lines[body_start:]


def _byline_source(head: list[str], fields: dict[str, str], title: str | None) -> None:
    """An office's name the head shows with no label — after the page's date (2026-01-20 17:01 |
    武汉市水务局) or as the first line of a title broken in two (广元市人力资源和社会保障局 above
    2023年法治政府建设工作年度报告) — is the page's 来源, as a labelled line would be."""
    for i, line in enumerate(head):
        name = rules.BYLINE_PREFIX_RE.sub("", line)
        dated = name != line and re.search(r"\d", line[:len(line) - len(name)])
        above_title = bool(title) and i + 1 < len(head) and head[i + 1] == title
        if (dated or above_title) and rules.BYLINE_OFFICE_RE.match(name):
            fields.setdefault("source", name)
            return


def clean_html(html: str, url: str = "") -> CleanedPage:
    soup = BeautifulSoup(html, "lxml")
    fields = _meta_fields(soup)
    detail = _embedded_detail(html)
    for key, value in (detail[1] if detail else {}).items():
        fields.setdefault(key, value)
    table_fields, meta_tables = _table_fields(soup)
    for key, value in table_fields.items():
        fields.setdefault(key, value)
    title = _title_from_soup(soup, fields)
    for table in meta_tables:
        table.decompose()
    _drop_chrome_elements(soup)   # rt/rp (ruby pinyin) included
    selected = _select_content(html, soup)
    if selected:
        raw_lines, links, method, images = selected
    else:
        raw_lines, links, method = _fallback_trafilatura(str(soup)), [], "trafilatura"
        images = _images(soup.body or soup)
        _page_info_fields(soup, raw_lines, fields)
    lines, share = normalise_lines(raw_lines)
    title = _normalise_one(title) or title if title else None
    lines = _split_info_lines(lines, fields, title)
    fields = {k: n for k, n in ((k, _normalise_one(v)) for k, v in fields.items())
              if n and _MEANINGFUL.search(n)}
    return CleanedPage(title=title, body_text="\n".join(lines), fields=fields, links=links,
                       method=method, traditional_share=share, images=images)


_MEANINGFUL = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")   # 浏览次数：-- is no value


def _page_info_fields(soup: BeautifulSoup, body_lines: list[str], fields: dict[str, str]) -> None:
    """For the generic fallback: the info line (发布时间：… 来源：…) stands above the text that
    trafilatura returned, outside it. Take label lines of the page up to the first body line."""
    first = next((collapse_spaces(fold_width(ln)) for ln in body_lines if ln.strip()), "")
    body = soup.body or soup
    for raw in _blocks(body):
        line = collapse_spaces(fold_width(raw))
        if not line:
            continue
        if first and (line == first or line.startswith(first[:30])):
            break
        labelled = _labelled_fields(line)
        label_chars = sum(len(k) for k in rules.META_LABELS if k in line)
        if labelled and (len(line) < 120 or label_chars * 8 > len(line)):
            for key, value in labelled.items():
                fields.setdefault(key, value)


def _normalise_one(value: str) -> str | None:
    """A single field value through the same normalisation as the body (None if nothing is left)."""
    lines, _share = normalise_lines([value])
    return lines[0] if lines else None


def clean_text(text: str) -> CleanedPage:
    """Plain-text input (fazhi ingest): chrome, pinyin, script, widths; header lines to fields."""
    lines, share = normalise_lines(text.replace("\r\n", "\n").split("\n"))
    fields: dict[str, str] = {}
    title = None
    head = lines[:12]
    for i, line in enumerate(head):
        if len(line) <= 80 and "法治" in line and rules.TITLE_LINE_RE.search(line) and not line.startswith(("一、", "现将")):
            title = line
            # a duplicated, truncated copy of the title right after it (seed 001)
            break
        if len(line) > 80:
            break
    if title is None and head and len(head[0]) <= 20 and rules.SITE_HEADER_RE.search(head[0]):
        fields.setdefault("site_name", head[0])   # the site header of a page without a title line
        lines = lines[1:]
    body = _split_info_lines(lines, fields, title)
    return CleanedPage(title=title, body_text="\n".join(body), fields=fields, method="text",
                       traditional_share=share, text_source="text")


def is_cover_note(page: CleanedPage) -> bool:
    """A page whose report is elsewhere (an attachment, page scans): too short to be a report,
    or a note in a cover note's words (现将…予以公开, 详见附件) without a report's numbered sections."""
    text = page.body_text
    if len(text) < rules.SHORT_NOTICE_CHARS:
        return True
    return (len(text) < rules.COVER_NOTE_MAX_CHARS and bool(rules.COVER_NOTE_RE.search(text))
            and len(rules.REPORT_HEADING_RE.findall(text)) < 2)


def read_documents(documents: list[FetchedDocument], limits: ReadLimits | None = None) -> None:
    """Take the text of every fetched file, under the reading limits; one that cannot be read
    gets status unreadable and the reason, never an exception."""
    for document in documents:
        if document.status != "fetched":
            continue
        try:
            read = (read_page_scans(document.pages, limits) if document.pages
                    else read_document(document.body, document.file_type, limits))
        except UnreadableDocument as exc:
            document.status, document.reason = "unreadable", str(exc)
            continue
        document.text, document.status = read.text, "read"
        document.text_source, document.engine, document.confidence = read.source, read.engine, read.confidence


def clean_attachment(page: CleanedPage, document: FetchedDocument) -> CleanedPage:
    """A report whose text is in an attachment (or page scans): the body from the file's
    text, the title and metadata from the cover page that links it (the page's own fields win)."""
    text = clean_text(document.text or "")
    ocr = document.text_source == "ocr"
    return CleanedPage(title=page.title or text.title, body_text=text.body_text,
                       fields={**text.fields, **page.fields}, links=page.links, method=page.method,
                       traditional_share=text.traditional_share, attachment_type=document.file_type,
                       attachment_url=document.url, text_source=document.text_source or document.file_type,
                       ocr_engine=document.engine if ocr else None, ocr_confidence=document.confidence if ocr else None)
