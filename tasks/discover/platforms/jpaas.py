"""Hanweb jpaas publish-server (new-generation JCMS, all of Zhejiang): the column page names its
four ids in queryData="{'webId':…,'pageId':…,'tagId':…,'tplSetId':…}"; each list page is an HTML
fragment from /api-gateway/jpaas-publish-server/front/page/build/unit, paged ONLY by the pageNo
inside paramJson (a bare pageNo is ignored and page 1 comes back)."""
from __future__ import annotations

import json
import re
from urllib.parse import urlencode, urljoin

from tasks.discover.listing import Column, ListItem, dig, items_from_html, list_answer

NAME = "jpaas"
FINGERPRINTS = ((r"queryData\s*=\s*[\"']\{\s*'webId'", None), (r"jpaas-publish-server", None))
UNIT = "/api-gateway/jpaas-publish-server/front/page/build/unit"
PAGE_SIZE = 15   # what the platform's own pager asks for


def read(column: Column) -> list[ListItem]:
    query = re.search(r"queryData\s*=\s*[\"'](\{[^\"]*\})[\"']", column.html)
    if not query:
        return []
    ids = dict(re.findall(r"'(\w+)'\s*:\s*'([^']*)'", query.group(1)))
    items: list[ListItem] = []
    seen: set[str] = set()
    page_no = 1
    while column.can_page():
        params = {"parseType": "bulidstatic", "webId": ids.get("webId", ""), "tplSetId": ids.get("tplSetId", ""),
                  "pageType": "column", "tagId": ids.get("tagId", ""), "editType": "null",
                  "pageId": ids.get("pageId", ""),
                  "paramJson": json.dumps({"pageNo": page_no, "pageSize": PAGE_SIZE}, separators=(",", ":"))}
        url = urljoin(column.start_url, UNIT) + "?" + urlencode(params)
        answer = list_answer(column, url, first=not items, xhr=True)
        if answer is None:
            break
        page, data = answer
        batch = [i for i in items_from_html(dig(data, "data", "html", default="") or "", column.start_url)
                 if i.url not in seen]
        if dig(data, "success", default=True) is False or not batch:
            break
        items.extend(batch)
        seen.update(i.url for i in batch)
        if column.nothing_new(batch):
            break
        page_no += 1
    return items
