"""TRS IRS (Chongqing, Guizhou, Guangxi; IGS's successor): the column page's script posts a JSON
query (tenantId, tableName, filters) to /irs/front/list → data.list[] whose URL is doc_pub_url and
whose title sits in an opaque f_… column: the one whose values read as titles."""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from fazhi.core.text import HAN_RE
from tasks.discover.listing import Column, ListItem, as_count, dig, item_date, item_title, list_answer, walk_pages

NAME = "trs_irs"
FINGERPRINTS = ((r"/irs/front/list", None),)
LIST = "/irs/front/list"
DATE_FIELDS = ("doc_pub_time", "pub_time", "save_time", "create_time")
_DOC_NO = re.compile(r"〔\d{4}〕|\[\d{4}\]|^\d{6}-")   # 文号 and 索引号 are not titles
_PROSE = re.compile(r"[。；]")                          # nor is an abstract: titles have no full stop
TITLE_MAX_CHARS = 120


def read(column: Column) -> list[ListItem]:
    query = _query(column.html)
    if query is None:
        return []
    url = urljoin(column.start_url, LIST)
    first = as_count(query.get("pageNo")) or 1
    fields: list[tuple[str, str | None]] = []       # the title and date fields, sampled on the first page

    def page_items(page_no: int, _read: int):
        answer = list_answer(column, url, first=page_no == first, method="POST", json={**query, "pageNo": page_no},
                             xhr=True)
        if answer is None:
            return None
        page, data = answer
        rows = [r for r in dig(data, "data", "list", default=[]) or [] if isinstance(r, dict) and r.get("doc_pub_url")]
        if not rows:
            return None
        fields[:] = fields or [(_title_field(rows), _date_field(rows))]
        title, date = fields[0]
        batch = [ListItem(urljoin(page.url, r["doc_pub_url"]), item_title(str(r.get(title) or "")),
                          item_date(r.get(date)) if date else None) for r in rows]
        pages = as_count(dig(data, "data", "pager", "pageCount"))
        return batch, bool(pages and page_no >= pages)

    return walk_pages(column, page_items, first=first)


def _query(html: str) -> dict | None:
    """The JSON query object the page's script sends (the one naming a tableName)."""
    decoder = json.JSONDecoder()
    for match in re.finditer(r"[=(:,]\s*(\{)", html):
        try:
            value, _ = decoder.raw_decode(html, match.start(1))
        except ValueError:
            continue
        if isinstance(value, dict) and "tableName" in value:
            return value
    return None


def _title_field(rows: list[dict]) -> str:
    """The f_… column whose values read as titles: the most Han characters, not dates, 文号 or prose."""
    def score(key: str) -> float:
        values = [str(r.get(key) or "") for r in rows]
        if any((item_date(v) and len(HAN_RE.findall(v)) < 4) or _DOC_NO.search(v) or _PROSE.search(v)
               or len(v) > TITLE_MAX_CHARS for v in values if v):
            return 0.0
        return sum(len(HAN_RE.findall(v)) for v in values) / len(values)
    keys = {k for r in rows for k in r if k.startswith("f_") or k == "title"}
    return max(sorted(keys), key=score, default="title")


def _date_field(rows: list[dict]) -> str | None:
    """The date column: a known name, else the f_… column whose every value is a date."""
    keys = [k for k in DATE_FIELDS if k in rows[0]] + sorted(k for k in rows[0] if k.startswith("f_"))
    for key in keys:
        values = [r.get(key) for r in rows]
        if all(v is not None and not HAN_RE.search(str(v)) and item_date(v) for v in values):
            return key
    return None
