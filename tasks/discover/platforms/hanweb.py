"""Hanweb jcms: the first records in a text/xml <script> block, the rest from dataproxy.jsp
(POST startrecord/endrecord, or GET page/perpage on /web/jpage/)."""
from __future__ import annotations

import re
from urllib.parse import urlencode, urljoin

from tasks.discover.listing import Column, ListItem, int_in, items_from_html

NAME = "hanweb"
FINGERPRINTS = ((r"大汉", None), (r"<script[^>]+type=[\"']text/xml[\"']", None), (r"dataproxy\.jsp", None))


def read(column: Column) -> list[ListItem]:
    html, start_url = column.html, column.start_url
    items = []
    block = re.search(r"<script[^>]+type=[\"']text/xml[\"'][^>]*>(.*?)</script>", html, re.S)
    if block:
        items.extend(records(block.group(1), start_url))
    total = int_in(r"totalRecord\s*:\s*['\"]?(\d+)", html)
    per_page = int_in(r"perPage\s*:\s*['\"]?(\d+)", html) or max(len(items), 15)
    proxy = re.search(r"['\"]([^'\"]*dataproxy\.jsp)(\?[^'\"]*)?['\"]", html)
    if not (total and proxy) or len(items) >= total or column.nothing_new(items):
        return items
    proxy_url = urljoin(start_url, proxy.group(1))
    params = _js_object_params(html)
    method = "GET" if re.search(r"ajaxType\s*:\s*['\"]get", html, re.I) or "/web/jpage/" in proxy.group(1) else "POST"
    # Ask for the first record not yet seen: the embedded recordset may already hold several
    # pages (jcms embeds up to 3), and a proxy answer may overlap what we have.
    seen = {item.url for item in items}
    while len(seen) < total and column.can_page():
        if method == "GET":
            page_no = len(seen) // per_page + 1
            page = column.page(proxy_url + "?" + urlencode({"page": page_no, "perpage": per_page, **params}))
        else:
            start = len(seen) + 1
            page = column.page(proxy_url + "?" + urlencode({"startrecord": start, "endrecord": start + 3 * per_page - 1,
                                                             "perpage": per_page}), method="POST", data=params)
        if page is None:
            break
        batch = [item for item in records(page.text, start_url) if item.url not in seen]
        if not batch:
            break
        items.extend(batch)
        seen.update(item.url for item in batch)
        if column.nothing_new(batch):
            break
    return items


def records(xml_text: str, base_url: str) -> list[ListItem]:
    """The items of a jcms <record><![CDATA[…]]></record> recordset."""
    found = re.findall(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", xml_text, re.S)
    return items_from_html("".join(f"<ul>{r}</ul>" for r in found), base_url)


def _js_object_params(html: str) -> dict[str, str]:
    block = re.search(r"\{([^{}]*columnid\s*:[^{}]*)\}", html)
    if not block:
        return {}
    return {k: v for k, v in re.findall(r"(\w+)\s*:\s*['\"]?([^,'\"}]*)['\"]?", block.group(1))}
