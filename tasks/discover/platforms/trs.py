"""TRS WCM: static list pages index.html, index_1.html … (or .shtml, .htm), counted by the
pager script: createPageHTML(N, …), createPage(N, current, "index", "html") or a JS variable
(contenpage, totalPage, pageCount, countPage); the Chengdu dialect numbers its pages
column-index-1.shtml, column-index-2.shtml …. Deep pages are often broken 300–400 B stubs:
one ends the walk (portal-platforms.md §2.18)."""
from __future__ import annotations

import re

from tasks.discover.listing import Column, ListItem, numbered_pages

NAME = "trs"
FINGERPRINTS = ((r"createPageHTML\(\s*\d+", None), (r"createPage\(\s*\d+\s*,", None), (r"TRS_Editor", None),
                (None, r"/column-index-\d+\.s?html?$"),
                (r"\b(?:contenpage|totalPage|pageCount|countPage)\s*=\s*\d+", r"/index(_\d+)?\.s?html?$"))

COLUMN_INDEX_RE = re.compile(r"column-index-\d+\.(s?html?)$")
INDEX_RE = re.compile(r"index(_\d+)?\.(s?html?)$")


def read(column: Column) -> list[ListItem]:
    url = column.start_url
    chengdu = COLUMN_INDEX_RE.search(url)
    if chengdu:
        base, ext = url[:chengdu.start()], chengdu.group(1)
        return numbered_pages(column, lambda k: f"{base}column-index-{k}.{ext}")
    base = INDEX_RE.sub("", url)
    ext = re.search(r"\.(s?html?)$", url)
    ext = ext.group(1) if ext else "html"
    return numbered_pages(column, lambda k: f"{base}index_{k - 1}.{ext}")
