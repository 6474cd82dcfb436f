"""The Anhui-style 政务公开 platform (portal-platforms.md §2.5): a shell page
/public/column/{organId}?type=4&catId=…&action=list (or /site/tpl/<id>) whose list comes from
/site/label/8888?IsAjax=1&dataType=html&labelName=publicInfoList&siteId=…&organId=…&catId=…
&pageSize=15&pageIndex=N&action=list&…&file=… as an HTML fragment, the column page as Referer.
Its title search is the same label with labelName=searchDataList&isJson=true -> data.data[]
(title, createDate, url), offered when the shell has the site's search form (/site/search/)."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from tasks.discover.listing import Column, ListItem, int_in, item_date, item_title, items_from_html, search_walk, walk_pages

NAME = "label"
FINGERPRINTS = ((r"/site/label/8888", None), (None, r"/public/column/\d+\?"), (None, r"/site/tpl/\d+"))

LABEL_PATH = "/site/label/8888"
LABEL_URL_RE = re.compile(r"['\"]([^'\"]*/site/label/8888\?[^'\"]*labelName=publicInfoList[^'\"]*)['\"]")
SEARCH_PAGE_SIZE = 20


def _shell_value(html: str, name: str) -> str | None:
    """An id the shell's script sets (siteId: '…', organId = "…", file: '…')."""
    match = re.search(name + r"\s*[:=]\s*['\"]?([\w/.\-]+)", html)
    return match.group(1) if match else None


def list_params(column: Column) -> dict[str, str] | None:
    """The publicInfoList call's parameters: the label URL in the shell, else its ids."""
    html, url = column.html, column.start_url
    written = LABEL_URL_RE.search(html)
    if written:
        return dict(parse_qsl(urlsplit(written.group(1).replace("&amp;", "&")).query, keep_blank_values=True))
    query = dict(parse_qsl(urlsplit(url).query))
    organ = re.search(r"/public/column/(\d+)", url)
    ids = {"siteId": _shell_value(html, "siteId"), "organId": organ.group(1) if organ else _shell_value(html, "organId"),
           "catId": query.get("catId") or _shell_value(html, "catId"), "file": _shell_value(html, "file")}
    if not all(ids.values()):
        return None
    return {"IsAjax": "1", "dataType": "html", "labelName": "publicInfoList", **ids, "pageSize": "15",
            "action": "list", "isDate": "true", "dateFormat": "yyyy-MM-dd"}


def read(column: Column) -> list[ListItem]:
    params = list_params(column)
    if params is None:
        return items_from_html(column.html, column.start_url)
    label = urljoin(column.start_url, LABEL_PATH)
    
    def page_items(n: int, _read: int):
        page = column.page(label + "?" + urlencode({**params, "pageIndex": n}), xhr=True)
        if page is None:
            return None
        pages = int_in(r"pageCount\s*[:=]\s*['\"]?(\d+)", page.text) or int_in(r"共\s*(\d+)\s*页", page.text)
        return items_from_html(page.text, column.start_url), pages is not None and n >= pages

    return walk_pages(column, page_items)


def title_search(column: Column, phrases) -> list[ListItem]:
    """searchDataList, titles only, on the site of the shell's search form."""
    params = list_params(column)
    if params is None or not re.search(r"/site/search/\d+", column.html):
        return []
    label = urljoin(column.start_url, LABEL_PATH)

    def page_url(phrase: str, n: int) -> str:
        return label + "?" + urlencode({"IsAjax": "1", "dataType": "json", "labelName": "searchDataList", "isJson": "true",
                                        "siteId": params["siteId"], "keywords": phrase, "fields": "title",
                                        "pageIndex": n, "pageSize": SEARCH_PAGE_SIZE})

    def hits_of(page):
        data = (json.loads(page.text) or {}).get("data") or {}
        rows = data.get("data") or []
        hits = [ListItem(urljoin(column.start_url, r["url"]), item_title(r.get("title", "")), item_date(r.get("createDate")))
                for r in rows if r.get("url") and r.get("title")]
        total = data.get("total")
        return hits, -(-int(total) // SEARCH_PAGE_SIZE) if total is not None else None

    return search_walk(column, phrases, page_url, hits_of, xhr=True)
