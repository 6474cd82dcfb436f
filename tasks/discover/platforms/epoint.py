"""Epoint (新点) WebBuilder (Xuzhou, Liaoning, Chongming): the site's siteGuid is in
/js/webBuilderCommon.js (var siteInfo = {…}); a column's items come from
POST /EWB-FRONT/rest/lightfrontaction/getgovinfolist with a JSON body only (form-encoded or GET
is rejected) → custom.data[] (infourl, realtitle / title, infodate). pageIndex counts from 0."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

from tasks.discover.listing import Column, ListItem, as_count, dig, item_date, item_title, list_answer, walk_pages

NAME = "epoint"
FINGERPRINTS = ((r"/js/webBuilderCommon\.js", None), (r"EWB-FRONT/rest/lightfrontaction", None))
LIST = "/EWB-FRONT/rest/lightfrontaction/getgovinfolist"
PAGE_SIZE = 20


def _js_value(text: str, name: str) -> str:
    found = re.search(rf"\b{name}\b['\"]?\s*[:=]\s*['\"]([^'\"]*)['\"]", text)
    return found.group(1) if found else ""


def read(column: Column) -> list[ListItem]:
    script = re.search(r"src=['\"]([^'\"]*/js/webBuilderCommon\.js)[^'\"]*['\"]", column.html)
    site_js = column.page(urljoin(column.start_url, script.group(1))) if script else None
    site_guid = _js_value(site_js.text, "siteGuid") if site_js else _js_value(column.html, "siteGuid")
    query = parse_qs(urlsplit(column.start_url).query)
    category = (query.get("categorynum") or [_js_value(column.html, "categorynum")])[0]
    if not (site_guid and category):
        return []
    body = {"siteGuid": site_guid, "categorynum": category, "deptcode": _js_value(column.html, "deptcode"),
            "pageSize": PAGE_SIZE}
    url = urljoin(column.start_url, LIST)

    def page_items(page_index: int, read: int):
        answer = list_answer(column, url, first=page_index == 0, method="POST",
                             json={**body, "pageIndex": page_index}, xhr=True)
        if answer is None:
            return None
        page, data = answer
        batch = [ListItem(urljoin(page.url, r["infourl"]), item_title(r.get("realtitle") or r.get("title") or ""),
                          item_date(r.get("infodate") or r.get("date")))
                 for r in dig(data, "custom", "data", default=[]) or [] if isinstance(r, dict) and r.get("infourl")]
        total = as_count(dig(data, "custom", "total"))
        return batch, bool(total and read + len(batch) >= total)

    return walk_pages(column, page_items, first=0)     # Epoint counts pages from 0
