"""Epoint (新点) WebBuilder: a column shell /dynamic/zwgk/govInfoPub.html?categorynum=… loading
/js/webBuilderCommon.js (var siteInfo = {siteGuid: …}); items from
POST /EWB-FRONT/rest/lightfrontaction/getgovinfolist with a JSON body ONLY (GET: 405; a form
body: 400, the quirk) → {"custom":{"data":[{infourl, realtitle, title (cut short), infodate}],
"total":N}}; pageIndex from 0. markup: site_guid, category, max_page_size."""

from __future__ import annotations

import json

from ..http import Response
from ..spec import ItemSpec, PortalSpec
from . import platform_pages as pp
from .common import e, page

LIST = "/EWB-FRONT/rest/lightfrontaction/getgovinfolist"


def list_paths(spec: PortalSpec) -> list[str]:
    return [spec.column_path]


def routes(spec: PortalSpec, sites: dict[str, str]):
    m = spec.markup

    def column() -> str:
        body = (f'<div class="ewb-container"><div class="ewb-location">当前位置：<a href="/">首页</a> &gt; '
                f'{e(spec.column_name)}</div>\n<ul class="ewb-info-items" id="infolist"></ul>\n<div id="pager"></div></div>\n'
                f"""<script>
var categorynum = "{m['category']}";
function getList(pageIndex) {{
  $.ajax({{ url: "{LIST}", type: "post", contentType: "application/json;charset=UTF-8",
           data: JSON.stringify({{ siteGuid: siteInfo.siteGuid, categorynum: categorynum, deptcode: "", pageIndex: pageIndex, pageSize: 20 }}),
           success: function (res) {{ render(res.custom); }} }});
}}
getList(0);
</script>""")
        head = '<script src="/js/jquery.min.js"></script>\n<script src="/js/webBuilderCommon.js"></script>'
        return pp.shell(spec, f"{spec.column_name}-{spec.name}", body, head)

    site_js = (f'var siteInfo = {{\n    siteGuid: "{m["site_guid"]}",\n    siteName: "{spec.name}",\n'
               f'    projectName: "EWB-FRONT",\n    webRoot: "/"\n}};\nvar ewbPageSize = 20;\n')

    def row(item: ItemSpec) -> dict:
        short = item.title if len(item.title) <= 20 else item.title[:20] + "..."
        return {"infoid": f"{item.seq:08d}-{m['category']}", "infourl": item.path, "realtitle": item.title,
                "title": short, "infodate": item.date, "categorynum": m["category"]}

    def answer(path: str, params: dict[str, str], call=None):
        if path != LIST:
            return None
        if call is None or call.method != "POST":
            return pp.refused(405, "Request method 'GET' not supported")
        if not call.is_json:
            return Response(400, "application/json;charset=UTF-8",
                            b'{"status":{"code":400,"text":"Unsupported Media Type: application/json only"}}')
        try:
            body = json.loads(call.body or b"{}")
        except ValueError:
            body = {}
        if body.get("siteGuid") != m["site_guid"] or body.get("categorynum") != m["category"]:
            return pp.as_json({"custom": {"data": [], "total": 0}, "status": {"code": 200}})
        size = min(pp.int_param(body, "pageSize", 20), m.get("max_page_size", 50))
        index = pp.int_param(body, "pageIndex", 0)
        rows = [row(i) for i in pp.window(spec, index + 1, size)]
        return pp.as_json({"custom": {"data": rows, "total": len(spec.listed)}, "status": {"code": 200}})

    pages = pp.home_routes(spec)
    pages[spec.column_path.split("?", 1)[0]] = lambda: page(spec, column())
    pages["/js/webBuilderCommon.js"] = lambda: page(spec, site_js, "application/javascript")
    pages.update(pp.article_routes(spec, lambda i: pp.article(spec, i, 'div class="ewb-article-info"')))
    return pages, answer
