"""Hanweb jpaas publish-server (new-generation JCMS, all of Zhejiang): the column page names its
four ids in queryData="{'webId':…,'pageId':…,'tagId':…,'tplSetId':…}"; each list page is an HTML
fragment from /api-gateway/jpaas-publish-server/front/page/build/unit, paged ONLY by the pageNo
inside paramJson (a bare pageNo is ignored and page 1 comes back)."""
from __future__ import annotations

import json
import re
from urllib.parse import urlencode, urljoin

from tasks.discover.listing import Column, ListItem, dig, items_from_html, list_answer, walk_pages

NAME = "jpaas"
FINGERPRINTS = ((r"queryData\s*=\s*[\"']\{\s*'webId'", None), (r"jpaas-publish-server", None))
UNIT = "/api-gateway/jpaas-publish-server/front/page/build/unit"
PAGE_SIZE = 15   # what the platform's own pager asks for


def read(column: Column) -> list[ListItem]:
    query = re.search(r"queryData\s*=\s*[\"'](\{[^\"]*\})[\"']", column.html)
    if not query:
        return []
    ids = dict(re.findall(r"'(\w+)'\s*:\s*'([^']*)'", query.group(1)))

    def page_items(page_no: int, _read: int):
        params = {"parseType": "bulidstatic", "webId": ids.get("webId", ""), "tplSetId": ids.get("tplSetId", ""),
                  "pageType": "column", "tagId": ids.get("tagId", ""), "editType": "null",
                  "pageId": ids.get("pageId", ""),
                  "paramJson": json.dumps({"pageNo": page_no, "pageSize": PAGE_SIZE}, separators=(",", ":"))}
        answer = list_answer(column, urljoin(column.start_url, UNIT) + "?" + urlencode(params),
                             first=page_no == 1, xhr=True)
        if answer is None or dig(answer[1], "success", default=True) is False:
            return None
        return items_from_html(dig(answer[1], "data", "html", default="") or "", column.start_url), False

    return walk_pages(column, page_items)
