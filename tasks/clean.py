"""Cleaning: report pages (HTML) and local files (text) into faithful simplified text.

Steps: metadata to fields (meta tags, 信息公开 table, title block, info line); main content by
CMS-aware selectors, trafilatura as the fallback; chrome removed where it stands as chrome;
pinyin annotations dropped; traditional script converted only when the text is mostly
traditional; widths and spaces normalised; one paragraph per line.
"""
from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Iterator

from lxml import etree
from lxml.etree import _Element as Element

from fazhi.core import rules
from fazhi.core.documents import ReadLimits, read_document, read_page_scans
from fazhi.core.errors import UnreadableDocument
from fazhi.core.records import CleanedPage, FetchedDocument
from fazhi.core.text import HAN_RE, collapse_spaces, fold_width, strip_pinyin, to_simplified


_BLOCK_TAGS = frozenset("p div h1 h2 h3 h4 h5 h6 li ul ol table tbody thead tr section article "
                        "blockquote pre center dd dt dl header footer aside figure figcaption form".split())

# How a page's strings are read (the rules of Beautiful Soup, which this module used until it
# read lxml's tree itself; kept so that every page cleans as before, scripts/clean_compare.py):
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

# A page is its top-level elements: <html>, and another <html> for each run of content that
# stands after </html> (libxml2 opens one, as Beautiful Soup saw it too).
Page = list[Element]


def _parse(html: str) -> Page:
    """libxml2's HTML parser fed the text in one piece (unlike lxml.html.fromstring, it takes
    a str that declares an XML encoding). A page without any element is an empty list."""
    if html[:1] == "\ufeff":
        html = html[1:]
    parser = etree.HTMLParser(default_doctype=False)
    parser.feed(html)
    root = parser.close()
    if root is None:
        return []
    page = _tops(root)
    if _needs_locating(html, page):
        _put_back(html, page)
    return page


# Attributes HTML allows without a value: libxml2's tree gives <img ismap> the value "ismap",
# its parser events (and so Beautiful Soup) "".
_BOOLEAN_ATTRIBUTES = frozenset("checked compact declare defer disabled ismap multiple nohref noresize noshade "
                                "nowrap readonly selected".split())
_DOCTYPE_RE = re.compile(r"<!doctype", re.I)
_NOT_CONTENT_RE = re.compile(r"<!--.*?-->|<\?.*?>|<!doctype[^>]*>", re.I | re.S)


def _needs_locating(html: str, page: Page) -> bool:
    """Whether the page holds what the tree does not keep: a doctype after content has begun
    (a whole page pasted into another), or an <img> attribute written without a value."""
    for match in _DOCTYPE_RE.finditer(html):
        if _NOT_CONTENT_RE.sub("", html[:match.start()]).strip(_ASCII_SPACES):
            return True
    return any(k in _BOOLEAN_ATTRIBUTES and v == k for img in _iter(page, "img") for k, v in img.attrib.items())


class _Locator:
    """Parser target: where, in the tree's terms, the parser met a doctype inside an element
    ((element's number in document order, children before it, characters of text before it,
    its text)), and the attributes of each <img> that were written without a value."""

    def __init__(self) -> None:
        self.count, self.stack, self.doctypes, self.images = 0, [], [], []

    def start(self, tag, attrib) -> None:
        if self.stack:
            self.stack[-1][1:] = [self.stack[-1][1] + 1, 0]
        if tag == "img":
            self.images.append((self.count, [k for k, v in attrib.items() if v == ""]))
        self.stack.append([self.count, 0, 0])
        self.count += 1

    def end(self, tag) -> None:
        self.stack.pop()

    def data(self, data) -> None:
        if self.stack:
            self.stack[-1][2] += len(data)

    def comment(self, text) -> None:
        if self.stack:
            self.stack[-1][1:] = [self.stack[-1][1] + 1, 0]

    def doctype(self, name, pubid, system) -> None:
        if self.stack:
            number, children, chars = self.stack[-1]
            self.doctypes.append((number, children, chars, _doctype_value(name, pubid, system)))
            self.stack[-1][1:] = [children + 1, 0]

    def close(self) -> _Locator:
        return self


def _put_back(html: str, page: Page) -> None:
    """Give the tree what it dropped: a doctype inside an element becomes a processing
    instruction there (a string of the page in _blocks, none in _text); an <img> attribute
    written without a value gets the value "" again."""
    parser = etree.HTMLParser(target=_Locator())
    parser.feed(html)
    located = parser.close()
    elements = list(_iter(page, etree.Element))
    for number, names in located.images:
        for name in names:
            elements[number].set(name, "")
    for number, children, chars, value in located.doctypes:
        element = elements[number]
        marker = etree.ProcessingInstruction("doctype", value)
        if children:
            before = element[children - 1]
            before.tail, marker.tail = (before.tail or "")[:chars] or None, (before.tail or "")[chars:] or None
        else:
            element.text, marker.tail = (element.text or "")[:chars] or None, (element.text or "")[chars:] or None
        element.insert(children, marker)


def _tops(root: Element) -> Page:
    """Every top-level element of root's document, in order."""
    return [*reversed([n for n in root.itersiblings(preceding=True) if n.tag.__class__ is str]), root,
            *(n for n in root.itersiblings() if n.tag.__class__ is str)]


def _iter(page: Page, *tags) -> Iterator[Element]:
    """The page's elements (of tags) in document order."""
    if len(page) == 1:
        return page[0].iter(*tags)
    return (node for top in page for node in top.iter(*tags))


def _as_parsed(text: str, kept: bool) -> str:
    """A string as the page reads: ASCII whitespace alone is one newline or one space."""
    if kept or text.strip(_ASCII_SPACES):
        return text
    return "\n" if "\n" in text else " "


def _text_context(node: Element) -> tuple[str | None, bool]:
    """(the own-text element node stands in — script, rt … — or None; whether whitespace is kept)."""
    own, kept = None, False
    for element in (node, *node.iterancestors()):
        tag = element.tag
        if own is None and tag in _OWN_TEXT_TAGS:
            own = tag
        if tag in _KEPT_SPACE_TAGS:
            kept = True
    return own, kept


def _collect_strings(node: Element, own: str | None, kept: bool, wanted: str | None, out: list[str]) -> None:
    text = node.text
    if text and own == wanted:
        out.append(_as_parsed(text, kept))
    for child in node:
        tag = child.tag
        if tag.__class__ is str:     # an element; a comment's own text is no text of the page
            child_own = tag if tag in _OWN_TEXT_TAGS else own
            if wanted is not None or child_own is None:   # nothing under a script or rt is page text
                _collect_strings(child, child_own, kept or tag in _KEPT_SPACE_TAGS, wanted, out)
        tail = child.tail
        if tail and own == wanted:
            out.append(_as_parsed(tail, kept))


def _text(node: Element, separator: str = "", strip: bool = False) -> str:
    """node's strings joined by separator (strip: each stripped, empty ones left out). The text
    of script, rt … is its own strings; that of any other element, the page's text under it."""
    own, kept = _text_context(node)
    wanted = node.tag if node.tag in _OWN_TEXT_TAGS else None
    strings: list[str] = []
    _collect_strings(node, own, kept, wanted, strings)
    if strip:
        strings = [s for s in (s.strip() for s in strings) if s]
    return separator.join(strings)


def _contents(node: Element) -> Iterator[str | Element]:
    """What node holds, in order: its strings (as written) and child elements and comments."""
    if node.text:
        yield node.text
    for child in node:
        yield child
        if child.tail:
            yield child.tail


def _blocks(node: Element, kept: bool | None = None) -> list[str]:
    """Paragraph texts of node in document order. Text is taken from whole paragraph nodes,
    never from selected children, so characters in separate inline elements are not lost."""
    return _paragraphs(_contents(node), _text_context(node)[1] if kept is None else kept)


def _paragraphs(contents: Iterable[str | Element], kept: bool) -> list[str]:
    out: list[str] = []
    inline: list[str] = []

    def flush():
        if inline:
            out.append("".join(inline))
            inline.clear()

    for child in contents:
        if child.__class__ is str:
            inline.append(_as_parsed(child, kept))
            continue
        tag = child.tag
        if tag.__class__ is not str:
            if tag is etree.ProcessingInstruction:      # a doctype inside the page: read as its text
                inline.append(_as_parsed(child.text or "", kept))
            continue                     # a comment (or where a dropped element stood)
        if tag == "br":
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
    flush()
    return out


def _body_blocks(page: Page, html: str) -> list[str]:
    """_blocks of the page's <body>; of the whole page (html, its text) when it has none."""
    body = _body(page)
    if body is not None:
        return _blocks(body)
    return _paragraphs([item for kind, item in _page_top(page, html) if kind != "comment"], False)


class _TopLevel:
    """Parser target: what stands at the top of the page, outside its elements, in order —
    (kind, text) of the doctype, strings and comments (the tree keeps no top-level strings,
    nor where the doctype stood) and ("element", None) where a top-level element comes."""

    def __init__(self) -> None:
        self.depth, self.items, self.strings = 0, [], []

    def _end_data(self) -> None:
        if self.strings:
            self.items.append(("string", _as_parsed("".join(self.strings), False)))
            self.strings.clear()

    def start(self, tag, attrib) -> None:
        self._end_data()
        if not self.depth:
            self.items.append(("element", None))
        self.depth += 1

    def end(self, tag) -> None:
        self._end_data()
        self.depth -= 1

    def data(self, data) -> None:
        if not self.depth:
            self.strings.append(data)

    def comment(self, text) -> None:
        self._end_data()
        if not self.depth:
            self.items.append(("comment", _as_parsed(text, False)))

    def doctype(self, name, pubid, system) -> None:
        self._end_data()
        if not self.depth:
            self.items.append(("doctype", _as_parsed(_doctype_value(name, pubid, system), False)))

    def close(self) -> list[tuple[str, str | None]]:
        self._end_data()
        return self.items


def _page_top(page: Page, html: str) -> list[tuple[str, str | Element]]:
    """What the page holds at its top, in order: (kind, text) of its doctype, strings and
    comments, ("element", element) of its top-level elements (those dropped since parsing
    left out). Read by parsing html again with a target."""
    if html[:1] == "\ufeff":
        html = html[1:]
    parser = etree.HTMLParser(target=_TopLevel())
    parser.feed(html)
    tops = iter(_tops(page[0]) if page else [])
    contents: list[tuple[str, str | Element]] = []
    for kind, text in parser.close():
        if kind != "element":
            contents.append((kind, text))
            continue
        top = next(tops, None)
        if top is not None and any(top is kept for kept in page):
            contents.append((kind, top))
    return contents


def _meta_fields(page: Page) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in _iter(page, "meta"):
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


def _cell_fields(table: Element) -> dict[str, str]:
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


def _table_fields(page: Page) -> tuple[dict[str, str], list[Element]]:
    """The 信息公开 metadata table(s): fields, and the tables to take out of the page."""
    found: dict[str, str] = {}
    tables = []
    for table in _iter(page, "table"):
        text = fold_width(_text(table, " | "))
        if len(rules.META_LABEL_RE.findall(text)) >= 3 and len(text) < 1500:
            for key, value in _cell_fields(table).items():
                found.setdefault(key, value)
            tables.append(table)
    return found, tables


def _title_from_page(page: Page, fields: dict[str, str]) -> str | None:
    if fields.get("title"):
        return fields["title"]
    for node in _first_matches(page, _TITLES):
        if node is not None and 4 <= len(_text(node, strip=True)) <= 120:
            return _text(node, " ", strip=True)
    title = _single_string(next(_iter(page, "title"), None))
    if title:
        # <title> often joins title, column and site: keep the longest part
        parts = re.split(r"\s*[|_—-]{1,2}\s*", title.strip())
        return max(parts, key=len) if parts else None
    return None


def _single_string(node: Element | None) -> str | None:
    """The one thing node holds when it is a string (a comment's text counts) or, when it is
    an element, that element's single string; None when node holds nothing or more."""
    if node is None:
        return None
    kept = _text_context(node)[1]
    while True:
        contents = list(_contents(node))
        if len(contents) != 1:
            return None
        only = contents[0]
        if only.__class__ is str:
            return _as_parsed(only, kept)
        if only.tag.__class__ is not str:
            return _as_parsed(only.text or "", kept)
        node, kept = only, kept or only.tag in _KEPT_SPACE_TAGS


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


def _select_content(html: str, page: Page, detail: tuple[str, dict[str, str]] | None
                    ) -> tuple[list[str], list[tuple[str, str]], str, list] | None:
    if detail:
        fragment = _parse(detail[0])
        return _body_blocks(fragment, detail[0]), _links(_content(fragment)), "embedded-detail", \
            _images(_content(fragment))
    marked = rules.HANWEB_MARKERS.search(html)
    if marked:
        # the markers are comments in the raw page: parse what stands between them
        fragment = _parse(marked.group(1))
        for table in _table_fields(fragment)[1]:
            _drop(table)
        fragment = _drop_chrome_elements(fragment)
        return _body_blocks(fragment, marked.group(1)), _links(_content(fragment)), "hanweb-markers", \
            _images(_content(fragment))
    for (cms, selector), node in zip(rules.CONTENT_SELECTORS, _first_matches(page, _CONTENT)):
        if node is None:
            continue
        # a CMS's own container is the body however short the text (a notice, a 一图读懂 page);
        # generic class names are taken only when they hold a real text
        han = len(HAN_RE.findall(_text(node)))
        if han >= (1 if cms in rules.CMS_SPECIFIC else rules.GENERIC_MIN_HAN):
            return _blocks(node), _links([node]), f"{cms}:{selector}", _images([node])
    return None


def _body(page: Page) -> Element | None:
    return next(_iter(page, "body"), None)


def _content(page: Page) -> Page:
    """Where images and links of the whole page are looked for: its <body>, or all of it."""
    body = _body(page)
    return [body] if body is not None else page


def _images(nodes: Page) -> list[tuple[str, dict]]:
    """(src, attributes) of the images under nodes: page scans, when the body is only these.
    A word-list attribute (class) is its words joined by one space."""
    return [(img.get("src") or img.get("data-src") or "",
             {k: " ".join(_WORD.findall(v)) if k in _WORD_LIST_ATTRIBUTES else v for k, v in img.attrib.items()})
            for node in nodes for img in node.iterdescendants("img")]


def _links(nodes: Page) -> list[tuple[str, str]]:
    return [(_text(a, " ", strip=True), a.get("href"))
            for node in nodes for a in node.iterdescendants("a") if a.get("href") is not None]


_SIMPLE_SELECTOR = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>[\w-]+)|#(?P<id>[\w-]+))?$")


def _simple_selector(selector: str) -> tuple[str | None, str | None, str | None]:
    """(tag, class, id) of a selector such as div.crumbsNav, .footer, #zoom or nav."""
    match = _SIMPLE_SELECTOR.match(selector)
    if not match or not selector:
        raise ValueError(f"selector {selector!r}: only tag, .class, #id or tag.class / tag#id are matched here")
    return match.group("tag"), match.group("cls"), match.group("id")


class _Selectors:
    """Simple selectors (_simple_selector), looked up by an element's tag, class words and id
    rather than tried one by one: which of them an element matches."""

    def __init__(self, selectors: Iterable[str]) -> None:
        self.parsed = tuple(_simple_selector(s) for s in selectors)
        self.by_tag: dict[str, list[int]] = {}
        self.by_class: dict[str, list[tuple[int, str | None]]] = {}
        self.by_id: dict[str, list[tuple[int, str | None]]] = {}
        for i, (tag, cls, ident) in enumerate(self.parsed):
            if cls is not None:
                self.by_class.setdefault(cls, []).append((i, tag))
            elif ident is not None:
                self.by_id.setdefault(ident, []).append((i, tag))
            else:
                self.by_tag.setdefault(tag, []).append(i)

    def matching(self, node: Element) -> list[int]:
        """The numbers of the selectors node matches."""
        found = list(self.by_tag.get(node.tag, ()))
        if self.by_class:
            classes = node.get("class")
            if classes:
                found += [i for word in _WORD.findall(classes) for i, tag in self.by_class.get(word, ())
                          if tag is None or tag == node.tag]
        if self.by_id:
            ident = node.get("id")
            if ident is not None:
                found += [i for i, tag in self.by_id.get(ident, ()) if tag is None or tag == node.tag]
        return found


def _first_matches(page: Page, selectors: _Selectors) -> list[Element | None]:
    """The first element (in document order) each selector matches, or None: select_one for
    each, in one walk of the tree."""
    found: list[Element | None] = [None] * len(selectors.parsed)
    left = len(found)
    for node in _iter(page, etree.Element):
        for i in selectors.matching(node):
            if found[i] is None:
                found[i] = node
                left -= 1
        if not left:
            break
    return found


# Matched in one walk of the tree: selecting each CSS selector in turn (soupsieve) was half of
# clean_html's time (scripts/benchmark.py --profile).
_CHROME = _Selectors(rules.CHROME_SELECTORS)
_CONTENT = _Selectors(s for _cms, s in rules.CONTENT_SELECTORS)
_TITLES = _Selectors(rules.TITLE_SELECTORS)


def _drop_chrome_elements(page: Page) -> Page:
    """Remove every element a chrome selector matches, with what it holds; the page left."""
    for node in [n for n in _iter(page, etree.Element) if _CHROME.matching(n) and n.getparent() is not None]:
        _drop(node)     # one inside another dropped before goes from the detached subtree
    return [top for top in page if not _CHROME.matching(top)]


def _drop(node: Element, leave: str = "") -> None:
    """Take node and what it holds out of the tree. Its tail stays (after leave), after an
    empty comment, so the strings before and after it stay two strings (as a separator in
    _text shows them)."""
    placeholder = etree.Comment("")
    placeholder.tail, node.tail = (leave + (node.tail or "")) or None, None
    node.getparent().replace(node, placeholder)


def _serialise(page: Page, html: str) -> str:
    """The page as HTML again for trafilatura, which parses it anew and looks at how it begins:
    what stands at its top (doctype, comments, strings) in its place; whitespace-only strings
    as the page reads them (_as_parsed). Written from a copy: the page stays as it is."""
    copies = {id(top): copy.deepcopy(top) for top in page}
    for top in copies.values():
        for node in top.iter():
            if node.text and not node.text.strip(_ASCII_SPACES) and node.tag.__class__ is str:
                node.text = _as_parsed(node.text, _text_context(node)[1])
            if node.tail and not node.tail.strip(_ASCII_SPACES) and node.getparent() is not None:
                node.tail = _as_parsed(node.tail, _text_context(node.getparent())[1])
    for marker in [m for top in copies.values() for m in top.iter(etree.ProcessingInstruction)]:
        # a doctype inside the page was written out as <!DOCTYPE …> and a newline; parsed
        # again, the newline is what is left of it
        _drop(marker, "\n")
    out = []
    for kind, item in _page_top(page, html):
        if kind == "element":
            out.append(etree.tostring(copies[id(item)], encoding="unicode", method="html"))
        elif kind == "doctype":
            out.append(f"<!DOCTYPE {item}>\n")
        elif kind == "comment":
            out.append(f"<!--{item}-->")
        else:
            out.append(item)      # whitespace
    return "".join(out)


def _doctype_value(name: str | None, public_id: str | None, system_url: str | None) -> str:
    """<!DOCTYPE html PUBLIC "…" "…"> as the page's string: html PUBLIC "…" "…"."""
    value = name or ""
    if public_id is not None:
        value += f' PUBLIC "{public_id}"' + (f' "{system_url}"' if system_url is not None else "")
    elif system_url is not None:
        value += f' SYSTEM "{system_url}"'
    return value


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
    page = _parse(html)
    fields = _meta_fields(page)
    detail = _embedded_detail(html)
    for key, value in (detail[1] if detail else {}).items():
        fields.setdefault(key, value)
    table_fields, meta_tables = _table_fields(page)
    for key, value in table_fields.items():
        fields.setdefault(key, value)
    title = _title_from_page(page, fields)
    for table in meta_tables:
        _drop(table)
    page = _drop_chrome_elements(page)   # rt/rp (ruby pinyin) included
    selected = _select_content(html, page, detail)
    if selected:
        raw_lines, links, method, images = selected
    else:
        raw_lines, links, method = _fallback_trafilatura(_serialise(page, html)), [], "trafilatura"
        images = _images(_content(page))
        _page_info_fields(page, html, raw_lines, fields)
    lines, share = normalise_lines(raw_lines)
    title = _normalise_one(title) or title if title else None
    lines = _split_info_lines(lines, fields, title)
    fields = {k: n for k, n in ((k, _normalise_one(v)) for k, v in fields.items())
              if n and _MEANINGFUL.search(n)}
    return CleanedPage(title=title, body_text="\n".join(lines), fields=fields, links=links,
                       method=method, traditional_share=share, images=images)


_MEANINGFUL = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")   # 浏览次数：-- is no value


def _page_info_fields(page: Page, html: str, body_lines: list[str], fields: dict[str, str]) -> None:
    """For the generic fallback: the info line (发布时间：… 来源：…) stands above the text that
    trafilatura returned, outside it. Take label lines of the page up to the first body line."""
    first = next((collapse_spaces(fold_width(ln)) for ln in body_lines if ln.strip()), "")
    for raw in _body_blocks(page, html):
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
