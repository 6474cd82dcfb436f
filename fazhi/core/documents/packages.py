"""Zip packages (DOCX, OFD) opened under the expansion cap, and their XML parsed safely.

A zip states each member's size; Python's zipfile never inflates a member past its stated
size, so the stated total is checked before anything is inflated (a zip bomb stops there).
XML is parsed by lxml with entities left unexpanded, no DTD loaded, no network and no huge
trees; a document that declares entities is refused outright (billion laughs, external
entities): no report needs them."""
from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from fazhi.core.errors import UnreadableDocument

from .limits import ReadLimits, human_size

_ENTITY_DECL_RE = re.compile(rb"<!ENTITY", re.I)


class Package:
    """A zip package's members, read only within the cap."""

    def __init__(self, body: bytes, kind: str, limits: ReadLimits):
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(body))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, EOFError) as exc:
            raise UnreadableDocument(f"{kind.upper()} is not a readable zip package ({exc})") from None
        stated = sum(info.file_size for info in infos)
        if stated > limits.max_expanded_bytes:
            raise UnreadableDocument(f"zip bomb: {kind.upper()} members expand to {human_size(stated)}, "
                                     f"past the {human_size(limits.max_expanded_bytes)} cap")
        self.kind = kind
        self.names = [info.filename for info in infos]

    def read(self, name: str) -> bytes:
        try:
            return self._zip.read(name)
        except KeyError:
            raise UnreadableDocument(f"{self.kind.upper()} has no {name}") from None
        except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:   # CRC mismatch, truncated
            raise UnreadableDocument(f"{self.kind.upper()} member {name} is corrupt ({exc})") from None

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), f"{self.kind.upper()} {name}")


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_comments=True)


def parse_xml(data: bytes, what: str) -> etree._Element:
    if _ENTITY_DECL_RE.search(data[:65536]) or (b"<!DOCTYPE" in data[:65536] and _ENTITY_DECL_RE.search(data)):
        raise UnreadableDocument(f"{what} declares XML entities (entity expansion is refused)")
    try:
        return etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocument(f"{what} is not well-formed XML ({exc.msg})") from None
