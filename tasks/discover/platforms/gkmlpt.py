"""Guangdong gkmlpt (政府信息公开目录管理平台): /gkmlpt/index carries window._CONFIG with the
site's SID and category TREE; a category's articles come from /gkmlpt/api/all/{catId}?page=N&sid=SID
as JSON, 100 a page. Pages 0 and 1 are the same page, and past the last page the API answers 404."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from fazhi.core.errors import FetchError
from tasks.discover.listing import Column, ListItem, as_count, dig, item_date, item_title, list_answer

NAME = "gkmlpt"
FINGERPRINTS = ((r"window\._CONFIG\s*=\s*\{\s*SID\s*:", None), (None, r"/gkmlpt/index"))


def read(column: Column) -> list[ListItem]:
    sid = re.search(r"\bSID\s*:\s*['\"]?(\w+)", column.html)
    if not sid:
        return []
    # the column is the category after '#' (/gkmlpt/index#721); without one, every article (catId 0)
    category = urlsplit(column.start_url).fragment or "0"
    api = urljoin(column.start_url, "api/all/" + category)
    items: list[ListItem] = []
    page_no = 1   # page 0 is page 1 again
    while column.can_page():
        try:
            answer = list_answer(column, f"{api}?page={page_no}&sid={sid.group(1)}", first=not items, xhr=True)
        except FetchError as exc:
            if page_no > 1 and exc.reason == "HTTP 404":   # the API's way of saying "no more pages"
                column.stop_reason = f"{exc.url} is 404: past the last page"
                break
            raise
        if answer is None:
            break
        page, data = answer
        batch = [ListItem(urljoin(page.url, a.get("url") or a.get("post_url") or ""), item_title(a.get("title", "")),
                          item_date(a.get("created_at") or a.get("date") or a.get("create_time")))
                 for a in dig(data, "articles", default=[]) or []
                 if isinstance(a, dict) and (a.get("url") or a.get("post_url"))]
        if not batch:
            break
        items.extend(batch)
        total = as_count(dig(data, "total")) or as_count(dig(data, "classify", "post_count"))
        if column.nothing_new(batch) or (total and len(items) >= total):
            break
        page_no += 1
    return items
