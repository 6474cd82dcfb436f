"""Heilongjiang /common/search/{channelId}: a column page whose script asks
/common/search/<channelId>?_isAgg=true&_isJson=true&_pageSize=S&_template=index&page=N for JSON
data.results[] (title, url, publishedTimeStr, domainMetaList) with data.total; without _isJson=true
the same URL renders an HTML page (the quirk). markup: channel, max_page_size, stub_from (pages from
this one on answer a 200 stub of a few hundred bytes, as cut-off deep pages do)."""

from __future__ import annotations

from ..spec import ItemSpec, PortalSpec
from . import platform_pages as pp
from .common import a, e, page


def list_paths(spec: PortalSpec) -> list[str]:
    return [spec.column_path]


def routes(spec: PortalSpec, sites: dict[str, str]):
    m, base = spec.markup, sites[spec.id]
    search = f"/common/search/{m['channel']}"

    def column() -> str:
        url = f"{search}?_isAgg=true&_isJson=true&_pageSize={spec.per_page}&_template=index&_rangeTimeGte=&_channelName="
        body = (f'<div class="main"><div class="crumbs">当前位置：<a href="/">首页</a> &gt; {e(spec.column_name)}</div>\n'
                f'<ul class="zwgk-list" id="list"></ul><div id="pagination"></div></div>\n'
                f"""<script>
function getList(page) {{
  $.get("{a(url)}&page=" + page, function (res) {{ render(res.data.results, res.data.total); }});
}}
getList(1);
</script>""")
        return pp.shell(spec, f"{spec.column_name}-{spec.name}", body, '<script src="/js/jquery.min.js"></script>')

    def row(item: ItemSpec) -> dict:
        metas = [{"key": "writedate", "value": item.date}, {"key": "pubdate", "value": item.date},
                 {"key": "indexnumber", "value": item.index_no}, {"key": "refno", "value": ""}]
        return {"title": item.title, "url": base + item.path, "content": "", "contentHtml": "",
                "publishedTimeStr": item.published[:16] + ":00", "domainMetaList": [{"resultList": metas}]}

    def answer(path: str, params: dict[str, str], call=None):
        if path != search:
            return None
        size = min(pp.int_param(params, "_pageSize", 15), m.get("max_page_size", 50))
        page_no = pp.int_param(params, "page", 1)
        items = pp.window(spec, page_no, size)
        if page_no >= m.get("stub_from", 10**9):
            return page(spec, "<html><head><title></title></head><body><div class=\"search-list\"></div></body></html>")
        if params.get("_isJson") != "true":
            lis = "".join(f'<li><span>{i.date}</span>{e(i.title)}</li>' for i in items)
            return page(spec, pp.shell(spec, f"{spec.column_name}-{spec.name}", f'<ul class="search-list">{lis}</ul>'))
        return pp.as_json({"data": {"total": len(spec.listed), "page": page_no, "rows": size,
                                    "results": [row(i) for i in items]}})

    pages = pp.home_routes(spec)
    pages[spec.column_path] = lambda: page(spec, column())
    pages.update(pp.article_routes(spec, lambda i: pp.article(spec, i, 'div class="article-content"')))
    return pages, answer
