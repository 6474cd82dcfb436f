"""The Anhui-style 政务公开 platform (portal-platforms.md §2.5): a shell page
/public/column/{organId}?type=4&catId=…&action=list&nav=3 whose list comes from
/site/label/8888?IsAjax=1&dataType=html&labelName=publicInfoList&…&pageIndex=N as an HTML
fragment; 403 without a Referer (the CDN's rule); past the last page an empty list. The site
search is the same label, labelName=searchDataList&isJson=true -> data.data[].
markup: site_id, organ_id, cat_id, file, label_in_script (the label URL written in the
script, else only its ids), pager (the fragment states its page count), search (a search form)."""

from __future__ import annotations

from urllib.parse import urlencode

from ..http import Call
from ..spec import PortalSpec
from . import platform as pf
from .common import page

LABEL_PATH = "/site/label/8888"


def list_paths(spec: PortalSpec) -> list[str]:
    return [spec.column_path]


def routes(spec: PortalSpec, sites: dict[str, str]):
    spec = pf.with_defaults(spec)
    m, base = spec.markup, sites[spec.id]
    ids = {"siteId": m["site_id"], "organId": m["organ_id"], "catId": m["cat_id"]}

    def column() -> str:
        call = {"IsAjax": 1, "dataType": "html", "labelName": "publicInfoList", **ids, "pageSize": spec.per_page,
                "pageIndex": 1, "action": "list", "isDate": "true", "dateFormat": "yyyy-MM-dd", "length": 46,
                "organType": "", "file": m["file"]}
        if m.get("label_in_script", True):
            script = f'var listUrl = "{LABEL_PATH}?{urlencode(call)}";\n  $("#publicInfoList").load(listUrl);'
        else:
            script = (f"var siteId = '{m['site_id']}';\n  var organId = '{m['organ_id']}';\n"
                      f"  var catId = '{m['cat_id']}';\n  var file = '{m['file']}';\n"
                      f"  $('#publicInfoList').load('{LABEL_PATH}', {{IsAjax:1, dataType:'html', labelName:'publicInfoList',"
                      " siteId:siteId, organId:organId, catId:catId, pageSize:15, pageIndex:1, action:'list', file:file});")
        form = (f'<form class="search" action="/site/search/{m["site_id"]}" method="get"><input name="keywords">'
                '<button type="submit">搜索</button></form>' if m.get("search") else "")
        content = (f'<div id="publicInfoList" class="xxgk_list"></div>\n'
                   f'<script type="text/javascript" src="/assets/js/jquery.min.js"></script>\n'
                   f'<script type="text/javascript">\n  {script}\n</script>')
        return pf.shell(spec, "", content, form)

    def fragment(n: int, size: int) -> str:
        shown = spec.listed[(n - 1) * size: n * size]
        lis = pf.rows(spec, base, shown) if shown else '<ul class="list"></ul>'
        count = max(1, -(-len(spec.listed) // size))
        pager = (f'<div class="pagination" data-page="{n}"><script>var pageCount = {count};</script>'
                 f'<span>共 {len(spec.listed)} 条</span></div>') if m.get("pager", True) else ""
        return f'<div class="xxgk_list_con">\n{lis}\n{pager}\n</div>'

    def search(params: dict[str, str]):
        query, size = params.get("keywords", ""), pf.int_param(params, "pageSize", 20)
        n = max(1, pf.int_param(params, "pageIndex", 1))
        hits = pf.search_hits(spec, query)
        rows = [{"title": pf.highlight(i.title, query), "createDate": i.date, "url": base + i.path, "typeCode": "public_content"}
                for i in hits[(n - 1) * size: n * size]]
        return pf.json_response({"status": 1, "desc": "success", "data": {"total": len(hits), "pageIndex": n, "data": rows}})

    def label(path: str, params: dict[str, str], call: Call):
        if path != LABEL_PATH:
            return None
        if not call.headers.get("referer"):
            return pf.FORBIDDEN
        if params.get("labelName") == "searchDataList":
            return search(params) if params.get("siteId") == m["site_id"] else pf.json_response({"status": 0, "data": {}})
        if params.get("labelName") != "publicInfoList" or any(params.get(k) != v for k, v in ids.items()):
            return page(spec, '<div class="xxgk_list_con"><p>暂无信息</p></div>')
        size = min(max(1, pf.int_param(params, "pageSize", 15)), 50)
        return page(spec, fragment(max(1, pf.int_param(params, "pageIndex", 1)), size))

    return pf.site_pages(spec, column), label
