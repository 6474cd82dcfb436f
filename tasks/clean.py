"""Cleaning: report pages (HTML) and local files (text) into faithful simplified text.

Steps: metadata to fields (meta tags, 信息公开 table, title block, info line); main content by
CMS-aware selectors, trafilatura as the fallback; chrome removed where it stands as chrome;
pinyin annotations dropped; traditional script converted only when the text is mostly
traditional; widths and spaces normalised; one paragraph per line.
"""
from __future__ import annotations

import json
import re

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from fazhi.core import rules
from fazhi.core.documents import ReadLimits, read_document, read_page_scans
from fazhi.core.errors import UnreadableDocument
from fazhi.core.records import CleanedPage, FetchedDocument
from fazhi.core.text import HAN_RE, collapse_spaces, fold_width, strip_pinyin, to_simplified


_BLOCK_TAGS = frozenset("p div h1 h2 h3 h4 h5 h6 li ul ol table tbody thead tr section article "
                        "blockquote pre center dd dt dl header footer aside figure figcaption form".split())

# How a page's strings are read (the rules Beautiful Soup applied before this module used lxml
# directly; kept so that every page cleans to the same text):
# - the text inside script, style, template and ruby annotations (rt, rp) is text of its own
#   kind, not part of the text of the elements around it;
# - a string of ASCII whitespace alone is one newline (if it holds one) or one space, except
#   inside pre and textarea;
# - class (and accesskey, dropzone) hold a list of words.
_OWN_TEXT_TAGS = frozenset({"script", "style", "template", "rt", "rp"})
_KEPT_SPACE_TAGS = frozenset({"pre", "textarea"})
_ASCII_SPACES = " \n\t\f\r"
_WORD_LIST_ATTRIBUTES = frozenset({"class", "accesskey", "dropzone"})
_WORD = re.compile(r"\S+")


def _parse(html: str) -> HtmlElement:
    """The page's root element: libxml2's HTML parser fed the text in one piece (which, unlike
    lxml.html.fromstring, takes a str with an XML encoding declaration). A page without any
    element is an empty <html>."""
    if html[:1] == "\ufeff":
        html = html[1:]
    parser = lxml_html.HTMLParser(default_doctype=False)
    parser.feed(html)
    root = parser.close()
    return root if root is not None else lxml_html.Element("html")


def _as_parsed(text: str, kept: bool) -> str:
    """A string as the page reads: ASCII whitespace alone is one newline or one space."""
    if kept or text.strip(_ASCII_SPACES):
        return text
    return "\n" if "\n" in text else " "


def _text_context(node: HtmlElement) -> tuple[str | None, bool]:
    """(the own-text element node stands in — script, rt … — or None, whether whitespace is kept)."""
    own, kept = None, False
    for element in (node, *node.iterancestors()):
        tag = element.tag
        if own is None and tag in _OWN_TEXT_TAGS:
            own = tag
        if tag in _KEPT_SPACE_TAGS:
            kept = True
    return own, kept


def _collect_strings(node: HtmlElement, own: str | None, kept: bool, wanted: str | None, out: list[str]) -> None:
    text = node.text
    if text and own == wanted:
        out.append(_as_parsed(text, kept))
    for child in node:
        tag = child.tag
        if tag.__class__ is str:     # an element (comments' own text is no text of the page)
            child_own = tag if tag in _OWN_TEXT_TAGS else own
            if wanted is not None or child_own is None:   # nothing under a script or rt is page text
                _collect_strings(child, child_own, kept or tag in _KEPT_SPACE_TAGS, wanted, out)
        tail = child.tail
        if tail and own == wanted:
            out.append(_as_parsed(tail, kept))


def _text(node: HtmlElement, separator: str = "", strip: bool = False) -> str:
    """The text of node's strings joined by separator (strip: each stripped, empty ones left out).
    An own-text element's text is its own kind of strings; another element's, the page's text."""
    own, kept = _text_context(node)
    wanted = node.tag if node.tag in _OWN_TEXT_TAGS else None
    strings: list[str] = []
    _collect_strings(node, own, kept, wanted, strings)
    if strip:
        strings = [s for s in (s.strip() for s in strings) if s]
    return separator.join(strings)


def _blocks(node: HtmlElement, kept: bool | None = None) -> list[str]:
    """Paragraph texts of node in document order. Text is taken from whole paragraph nodes,
    never from selected children, so characters in separate inline elements are not lost."""
    if kept is None:
        kept = _text_context(node)[1]
    return _paragraphs(node.text, node, kept)


def _paragraphs(first: str | None, children, kept: bool) -> list[str]:
    """_blocks of the string first and the elements children (with their tails)."""
    out: list[str] = []
    inline: list[str] = []

    def flush():
        if inline:
            out.append("".join(inline))
            inline.clear()

    if first:
        inline.append(_as_parsed(first, kept))
    for child in children:
        tag = child.tag
        if tag.__class__ is not str:
            pass                         # a comment: no text of the page, its tail is
        elif tag == "br":
            flush()
        elif tag == "tr":
            flush()
            cells = [" ".join(_blocks(c, kept)).strip() for c in child if c.tag in ("td", "th")]
            row = " | ".join(c for c in cells if c)
            if row:
                out.append(row)
        elif tag in _BLOCK_TAGS or next(child.iterdescendants(*_BLOCK_TAGS), None) is not None:
            flush()
            out.extend(_blocks(child, kept or tag in _KEPT_SPACE_TAGS))
        else:
            inline.append(_text(child))
        if child.tail:
            inline.append(_as_parsed(child.tail, kept))
    flush()
    return out


def _meta_fields(root: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
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


def _cell_fields(table: HtmlElement) -> dict[str, str]:
    """label / value cells of a metadata table: <td>索引号：</td><td>value</td>, or 索引号：value in one cell.
    Parsed by label, never by position: every site orders the rows differently."""
    found: dict[str, str] = {}
    cells = [collapse_spaces(fold_width(_text(c, " "))) for c in table.iterdescendants("td", "th")
             if next(c.iterdescendants("td", "th"), None) is None]
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


def _table_fields(root: HtmlElement) -> tuple[dict[str, str], list[HtmlElement]]:
    """The 信息公开 metadata table(s): fields, and the tables to take out of the page."""
    found: dict[str, str] = {}
    tables = []
    for table in root.iter("table"):
        text = fold_width(_text(table, " | "))
        if len(rules.META_LABEL_RE.findall(text)) >= 3 and len(text) < 1500:
            for key, value in _cell_fields(table).items():
                found.setdefault(key, value)
            tables.append(table)
    return found, tables


def _title_from_page(root: HtmlElement, fields: dict[str, str]) -> str | None:
    if fields.get("title"):
        return fields["title"]
    for node in _first_matches(root, _TITLES):
        if node is not None and 4 <= len(_text(node, strip=True)) <= 120:
            return _text(node, " ", strip=True)
    title = _single_string(next(root.iter("title"), None))
    if title:
        # <title> often joins title, column and site: keep the longest part
        parts = re.split(r"\s*[|_—-]{1,2}\s*", title.strip())
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


def _select_content(html: str, root: HtmlElement) -> tuple[list[str], list[tuple[str, str]], str, list] | None:
    detail = _embedded_detail(html)
    if detail:
        fragment = _parse(detail[0])
        return _body_blocks(fragment), _links(_body(fragment)), "embedded-detail", _images(_body(fragment))
    marked = rules.HANWEB_MARKERS.search(html)
    if marked:
        # the markers are comments in the raw page: parse what stands between them
        fragment = _parse(marked.group(1))
        for table in _table_fields(fragment)[1]:
            _drop(table)
        fragment = _drop_chrome_elements(fragment)
        return _body_blocks(fragment), _links(_body(fragment)), "hanweb-markers", _images(_body(fragment))
    for (cms, selector), node in zip(rules.CONTENT_SELECTORS, _first_matches(root, _CONTENT)):
        if node is None:
            continue
        # a CMS's own container is the body however short the text (a notice, a 一图读懂 page);
        # generic class names are taken only when they hold a real text
        han = len(HAN_RE.findall(_text(node)))
        if han >= (1 if cms in rules.CMS_SPECIFIC else rules.GENERIC_MIN_HAN):
            return _blocks(node), _links(node), f"{cms}:{selector}", _images(node)
    return None


def _images(node: HtmlElement) -> list[tuple[str, dict]]:
    """(src, attributes) of the images in the content: page scans, when the body is only these.
    A word-list attribute (class) is its words joined by one space."""
    return [(img.get("src") or img.get("data-src") or "",
             {k: " ".join(_WORD.findall(v)) if k in _WORD_LIST_ATTRIBUTES else v for k, v in img.attrib.items()})
            for img in node.iterdescendants("img")]


def _links(node: HtmlElement) -> list[tuple[str, str]]:
    return [(_text(a, " ", strip=True), a.get("href")) for a in node.iterdescendants("a") if a.get("href") is not None]


_SIMPLE_SELECTOR = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>[\w-]+)|#(?P<id>[\w-]+))?$")


def _simple_selector(selector: str) -> tuple[str | None, str | None, str | None]:
    """(tag, class, id) of a selector such as div.crumbsNav, .footer, #zoom or nav."""
    match = _SIMPLE_SELECTOR.match(selector)
    if not match or not selector:
        raise ValueError(f"selector {selector!r}: only tag, .class, #id or tag.class / tag#id are matched here")
    return match.group("tag"), match.group("cls"), match.group("id")


def _matches(node: HtmlElement, selectors: tuple[tuple[str | None, str | None, str | None], ...]) -> bool:
    classes = None
    for tag, cls, ident in selectors:
        if tag is not None and node.tag != tag:
            continue
        if cls is not None:
            if classes is None:
                classes = _WORD.findall(node.get("class") or "")
            if cls not in classes:
                continue
        if ident is None or node.get("id") == ident:
            return True
    return False


def _first_matches(root: HtmlElement, selectors: tuple[tuple[str | None, str | None, str | None], ...]) -> list[HtmlElement | None]:
    """The first element (in document order, root included) each selector matches, or None:
    select_one for each, in one walk of the tree."""
    found: list[HtmlElement | None] = [None] * len(selectors)
    left = len(selectors)
    for node in root.iter(etree.Element):
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


def _drop_chrome_elements(root: HtmlElement) -> HtmlElement:
    """Remove every element a chrome selector matches, with what it holds; the root to go on
    with (an empty page when the root itself is chrome)."""
    if _matches(root, _CHROME):
        return lxml_html.Element("html")
    for node in [n for n in root.iterdescendants(etree.Element) if _matches(n, _CHROME)]:
        _drop(node)     # one inside another dropped before: dropped from the detached subtree
    return root


def _drop(node: HtmlElement) -> None:
    """Take node and what it holds out of the tree. Its tail stays, after an empty comment, so
    the strings before and after it stay two strings (as get_text with a separator sees them)."""
    placeholder = etree.Comment("")
    placeholder.tail, node.tail = node.tail, None
    node.getparent().replace(node, placeholder)


def _body(root: HtmlElement) -> HtmlElement:
    """The page's <body>, or its root when it has none."""
    return next(root.iter("body"), root)


def _body_blocks(root: HtmlElement) -> list[str]:
    """_blocks of the page's body; of the whole page when it has none, the doctype's text (as
    the page was read) first, before the root's."""
    body = next(root.iter("body"), None)
    if body is not None:
        return _blocks(body)
    dtd = root.getroottree().docinfo.internalDTD
    return _paragraphs(_doctype_string(dtd) if dtd is not None else None, [root], False)


def _doctype_string(dtd: etree.DTD) -> str:
    """<!DOCTYPE html PUBLIC "…" "…"> as a string of the page: html PUBLIC "…" "…"."""
    value = dtd.name or ""
    if dtd.external_id is not None:
        value += f' PUBLIC "{dtd.external_id}"'
        if dtd.system_url is not None:
            value += f' "{dtd.system_url}"'
    elif dtd.system_url is not None:
        value += f' SYSTEM "{dtd.system_url}"'
    return _as_parsed(value, False) if value else " "


def _single_string(node: HtmlElement | None) -> str | None:
    """The one string node holds (a comment's text counts), or that of its one child element;
    None when it holds nothing or more than one thing."""
    if node is None:
        return None
    kept = _text_context(node)[1]
    while True:
        contents = ([node.text] if node.text else []) + [x for c in node for x in (c, c.tail) if x is not None and x != ""]
        if len(contents) != 1:
            return None
        only = contents[0]
        if isinstance(only, str):
            return _as_parsed(only, kept)
        if only.tag.__class__ is not str:
            return _as_parsed(only.text or "", kept)
        node, kept = only, kept or only.tag in _KEPT_SPACE_TAGS


def _serialise(root: HtmlElement) -> str:
    """The page as HTML again (doctype, then the root) for trafilatura, which parses it anew."""
    dtd = root.getroottree().docinfo.internalDTD
    doctype = f"<!DOCTYPE {_doctype_string(dtd)}>\n" if dtd is not None else ""
    return doctype + lxml_html.tostring(root, encoding="unicode", method="html")


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
    root = _parse(html)
    fields = _meta_fields(root)
    detail = _embedded_detail(html)
    for key, value in (detail[1] if detail else {}).items():
        fields.setdefault(key, value)
    table_fields, meta_tables = _table_fields(root)
    for key, value in table_fields.items():
        fields.setdefault(key, value)
    title = _title_from_page(root, fields)
    for table in meta_tables:
        _drop(table)
    root = _drop_chrome_elements(root)   # rt/rp (ruby pinyin) included
    selected = _select_content(html, root)
    if selected:
        raw_lines, links, method, images = selected
    else:
        raw_lines, links, method = _fallback_trafilatura(_serialise(root)), [], "trafilatura"
        images = _images(_body(root))
        _page_info_fields(root, raw_lines, fields)
    lines, share = normalise_lines(raw_lines)
    title = _normalise_one(title) or title if title else None
    lines = _split_info_lines(lines, fields, title)
    fields = {k: n for k, n in ((k, _normalise_one(v)) for k, v in fields.items())
              if n and _MEANINGFUL.search(n)}
    return CleanedPage(title=title, body_text="\n".join(lines), fields=fields, links=links,
                       method=method, traditional_share=share, images=images)


_MEANINGFUL = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")   # 浏览次数：-- is no value


def _page_info_fields(root: HtmlElement, body_lines: list[str], fields: dict[str, str]) -> None:
    """For the generic fallback: the info line (发布时间：… 来源：…) stands above the text that
    trafilatura returned, outside it. Take label lines of the page up to the first body line."""
    first = next((collapse_spaces(fold_width(ln)) for ln in body_lines if ln.strip()), "")
    for raw in _body_blocks(root):
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
