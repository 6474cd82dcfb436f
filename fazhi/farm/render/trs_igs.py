"""TRS IGS: a column shell whose script pages /igs/front/search/list.html?…&pageNumber=N → JSON
page.content[] (FileName or BT, DOCPUBURL, PUBDATE, DOCCONTENT) with total / totalPages, and the
site's title search /igs/front/search.jhtml?code=…&searchWord=…&position=TITLE → page.content[]
(title with <em>, url, trs_time). Both answer 403 without a Referer (the quirk).
markup: index, site_id, channel, code, title_key (FileName | BT), date_ms (PUBDATE as epoch ms)."""

from __future__ import annotations

import re

from ..spec import ItemSpec, PortalSpec
from . import platform_pages as pp
from .common import e, page

LIST, SEARCH = "/igs/front/search/list.html", "/igs/front/search.jhtml"


def list_paths(spec: PortalSpec) -> list[str]:
    return [spec.column_path]


def _list_query(spec: PortalSpec) -> str:
    m = spec.markup
    return (f"{LIST}?index={m['index']}&type=xxgk&filter%5BAVAILABLE%5D=true&filter%5BCHANNELID%5D={m['channel']}"
            f"&siteId={m['site_id']}&orderProperty=PUBDATE&orderDirection=desc&pageSize={spec.per_page}")


def routes(spec: PortalSpec, sites: dict[str, str]):
    m, base = spec.markup, sites[spec.id]

    def column() -> str:
        body = (f'<div class="main"><div class="crumbs">当前位置：<a href="/">首页</a> &gt; {e(spec.column_name)}</div>\n'
                f'<div class="search-box"><input id="searchWord" placeholder="请输入关键字"><a href="javascript:;" '
                f'onclick="siteSearch()">搜索</a></div>\n<ul id="list" class="xxgk-list"></ul><div id="page"></div></div>\n'
                f"""<script>
var listUrl = "{_list_query(spec)}";
function loadPage(n) {{
  $.ajax({{ url: listUrl + "&pageNumber=" + n, dataType: "json", success: function (res) {{ render(res.page); }} }});
}}
function siteSearch() {{
  location.href = "/igs/front/search.jhtml?code={m['code']}&siteId={m['site_id']}&position=TITLE&searchWord=" + encodeURIComponent($("#searchWord").val());
}}
loadPage(1);
</script>""")
        return pp.shell(spec, f"{spec.column_name}-{spec.name}", body, '<script src="/js/jquery.min.js"></script>')

    def row(item: ItemSpec) -> dict:
        date = pp.epoch(item.published) * 1000 if m.get("date_ms") else item.published[:16] + ":00"
        return {m.get("title_key", "FileName"): item.title, "DOCPUBURL": base + item.path, "PUBDATE": date,
                "DOCCONTENT": next((b[1] for b in item.body if b[0] == "p"), "")[:200], "fileNum": "",
                "SITENAME": spec.name, "IdxID": item.index_no, "trs_warehouse_time": item.published}

    def hit(item: ItemSpec, words: list[str]) -> dict:
        title = item.title
        for word in words:
            title = title.replace(word, f"<em>{word}</em>")
        return {"title": title, "url": base + item.path, "trs_time": item.published[:16] + ":00",
                "trs_site": spec.name, "filenum": ""}

    def answer(path: str, params: dict[str, str], call=None):
        if path not in (LIST, SEARCH):
            return None
        if call is not None and not call.headers.get("referer"):
            return pp.refused(403, "Forbidden")
        size = min(pp.int_param(params, "pageSize", spec.per_page), 100)
        page_no = pp.int_param(params, "pageNumber", 1)
        if path == LIST:
            if params.get("siteId") != str(m["site_id"]) or params.get("filter[CHANNELID]") != str(m["channel"]):
                found = []
            else:
                found = spec.listed
        elif params.get("code") != m["code"] or params.get("position") != "TITLE":
            found = []
        else:
            words = [w for w in re.split(r"\s+", params.get("searchWord", "")) if w]
            found = [i for i in spec.items if words and all(w in i.title for w in words)]   # the whole site
        rows = found[(page_no - 1) * size: page_no * size] if page_no >= 1 else []
        content = [row(i) for i in rows] if path == LIST else [hit(i, words) for i in rows]
        return pp.as_json({"page": {"content": content, "total": len(found), "totalPages": -(-len(found) // size),
                                    "number": page_no, "size": size}})

    pages = pp.home_routes(spec)
    pages[spec.column_path] = lambda: page(spec, column())
    pages.update(pp.article_routes(spec, lambda i: pp.article(spec, i, 'div class="article-content"')))
    return pages, answer
