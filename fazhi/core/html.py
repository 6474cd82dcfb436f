"""Pages parsed by lxml, and an element's text as a reader sees it.

lxml directly, not BeautifulSoup over lxml: the same parser builds the same tree, without a
Python object per node; parsing list pages through BeautifulSoup was a fifth of a re-run's CPU.
"""
from __future__ import annotations

import re

from lxml import etree

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_PARSER = etree.HTMLParser(recover=True)
# strings inside these elements are code, not text a reader sees (BeautifulSoup's get_text
# leaves them out the same way)
_CODE_ELEMENTS = frozenset({"script", "style", "template"})


def parse_html(html: str) -> etree._Element:
    """The tree of a page given as text; an empty <html> for a page with nothing in it. An XML
    declaration is dropped: lxml refuses text that names its own encoding."""
    root = etree.fromstring(_XML_DECLARATION.sub("", html, count=1), _HTML_PARSER) if html.strip() else None
    return root if root is not None else etree.Element("html")


def element_text(element: etree._Element, separator: str = " ", strip: bool = True) -> str:
    """The element's text strings joined by separator (strip: each stripped, empty ones left
    out): no comments, no script, style or template code, not the element's own tail."""
    parts = []
    for string in element.xpath(".//text()"):
        if string.is_text and string.getparent().tag in _CODE_ELEMENTS:
            continue
        string = string.strip() if strip else str(string)
        if string or not strip:
            parts.append(string)
    return separator.join(parts)


def has_class(name: str) -> str:
    """An XPath predicate: the element's class attribute lists `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def links(root: etree._Element) -> list[etree._Element]:
    """Every <a> with an href attribute, in document order."""
    return root.xpath(".//a[@href]")


def ancestor(element: etree._Element, tags: tuple[str, ...]) -> etree._Element | None:
    """The nearest enclosing element with one of these tags."""
    return next(element.iterancestors(*tags), None)
