"""TRS WCM: static list pages index.html, index_1.html … counted by createPageHTML."""
from __future__ import annotations

import re

from tasks.discover.listing import Column, ListItem, numbered_pages

NAME = "trs"
FINGERPRINTS = ((r"createPageHTML\(\s*\d+", None), (r"TRS_Editor", None))


def read(column: Column) -> list[ListItem]:
    base = re.sub(r"index(_\d+)?\.(s?html?)$", "", column.start_url)
    ext = re.search(r"\.(s?html?)$", column.start_url)
    ext = ext.group(1) if ext else "html"
    return numbered_pages(column, lambda k: f"{base}index_{k - 1}.{ext}")
