"""The Hunan provincial platform: list.shtml, list_2.shtml … counted by createPageHTML('paging', N)."""
from __future__ import annotations

import re

from tasks.discover.listing import Column, ListItem, numbered_pages

NAME = "hunan"
FINGERPRINTS = ((r"createPageHTML\('paging'", r"\.shtml$"), (None, r"/list(_\d+)?\.shtml$"))


def read(column: Column) -> list[ListItem]:
    base = re.sub(r"list(_\d+)?\.shtml$", "", column.start_url)
    return numbered_pages(column, lambda k: f"{base}list_{k}.shtml")
