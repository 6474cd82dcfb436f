"""Jilin infogate (Jilin, Changchun and counties): the column page's script calls
/govsearch/jsonp/….jsp?page=N&…&callback=result, which answers JSONP
result({"num":…, "data":[{"title","puburl","tip":{"dates"}}]}) after a BOM and blank lines."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from tasks.discover.listing import Column, ListItem, as_count, dig, item_date, item_title, list_answer, walk_pages

NAME = "infogate"
FINGERPRINTS = ((r"/govsearch/jsonp/[\w/]+\.jsp", None),)


def read(column: Column) -> list[ListItem]:
    found = re.search(r"['\"]([^'\"]*/govsearch/jsonp/[\w/]+\.jsp\?[^'\"]*)['\"]", column.html)
    if not found:
        return []
    url = urljoin(column.start_url, found.group(1).replace("&amp;", "&"))
    base = url.split("?", 1)[0]
    params = {k: v for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True) if k not in ("page", "_")}

    def page_items(page_no: int, read: int):
        answer = list_answer(column, f"{base}?{urlencode({'page': page_no, **params})}", first=page_no == 1)
        if answer is None:
            return None
        _page, data = answer
        batch = [ListItem(urljoin(column.start_url, r["puburl"]), item_title(r.get("title", "")),
                          item_date(dig(r, "tip", "dates")))
                 for r in dig(data, "data", default=[]) or [] if isinstance(r, dict) and r.get("puburl")]
        total = as_count(dig(data, "num"))
        return batch, bool(total and read + len(batch) >= total)

    return walk_pages(column, page_items)
