"""TRS IRS: the column page's script posts a JSON query (tenantId, tableName, a channel filter) to
/irs/front/list → {"success":true,"data":{"list":[…],"pager":{…}}}; each row has doc_pub_url and
its title, 文号, publisher, date and abstract in opaque f_… columns. Only POST is answered.
markup: tenant_id, table, fields (title, doc_no, publisher, date, channel, abstract: their f_ names),
channel."""

from __future__ import annotations

import json

from ..spec import ItemSpec, PortalSpec
from . import platform_pages as pp
from .common import e, page

LIST = "/irs/front/list"


def list_paths(spec: PortalSpec) -> list[str]:
    return [spec.column_path]


def _abstract(fields: dict, item: ItemSpec) -> dict:
    """The text's opening (摘要), longer than the title: a column a title guess must not take."""
    if "abstract" not in fields:
        return {}
    text = "".join(item.report.body[:2]) if item.report else "".join(b[1] for b in item.body if b[0] == "p")
    return {fields["abstract"]: text[:160]}


def routes(spec: PortalSpec, sites: dict[str, str]):
    m, base = spec.markup, sites[spec.id]
    f = m["fields"]
    query = {"pageNo": 1, "pageSize": spec.per_page, "tenantId": m["tenant_id"], "tableName": m["table"],
             "searchFields": [], "isPage": True, "sorts": [{"sortField": "save_time", "sortOrder": "DESC"}],
             "customFilter": {"operator": "and", "properties": [
                 {"property": f["channel"], "operator": "eq", "value": m["channel"]}]}}

    def column() -> str:
        body = (f'<div class="main"><div class="crumbs">当前位置：<a href="/">首页</a> &gt; {e(spec.column_name)}</div>\n'
                f'<table class="zcwjk-list" id="list"></table><div id="pager"></div></div>\n'
                f"""<script>
var irsQuery = {json.dumps(query, ensure_ascii=False)};
function loadList(n) {{
  irsQuery.pageNo = n;
  $.ajax({{ url: "/irs/front/list", type: "POST", contentType: "application/json", data: JSON.stringify(irsQuery),
           success: function (res) {{ render(res.data.list, res.data.pager); }} }});
}}
loadList(1);
</script>""")
        return pp.shell(spec, f"{spec.column_name}-{spec.name}", body, '<script src="/js/jquery.min.js"></script>')

    def row(item: ItemSpec) -> dict:
        return {"id": 5_000_000 + item.seq, "doc_pub_url": base + item.path, f["title"]: item.title,
                f["doc_no"]: (f"{spec.county or spec.name[:3]}司法〔{item.date[:4]}〕{item.seq + 1}号"
                              if item.kind == "report" else ""),
                f["publisher"]: item.source or spec.name, f["date"]: item.date, f["channel"]: m["channel"],
                "save_time": pp.epoch(item.published) * 1000, **_abstract(f, item)}

    def answer(path: str, params: dict[str, str], call=None):
        if path != LIST:
            return None
        if call is None or call.method != "POST" or not call.is_json:
            return pp.refused(405, "Request method not supported")
        try:
            body = json.loads(call.body or b"{}")
        except ValueError:
            return pp.as_json({"success": False, "msg": "请求体不是JSON", "data": None})
        filters = [p for p in (body.get("customFilter") or {}).get("properties", []) if isinstance(p, dict)]
        wanted = all(p.get("value") == m["channel"] for p in filters if p.get("property") == f["channel"])
        if body.get("tableName") != m["table"] or str(body.get("tenantId")) != str(m["tenant_id"]) or not wanted:
            return pp.as_json({"success": True, "data": {"list": [], "pager": {"pageNo": 1, "total": 0, "pageCount": 0}}})
        size = min(pp.int_param(body, "pageSize", spec.per_page), 50)
        page_no = pp.int_param(body, "pageNo", 1)
        rows = [row(i) for i in pp.window(spec, page_no, size)]
        return pp.as_json({"success": True, "data": {"list": rows, "pager": {
            "pageNo": page_no, "pageSize": size, "total": len(spec.listed), "pageCount": pp.n_pages(spec, size)}}})

    pages = pp.home_routes(spec)
    pages[spec.column_path] = lambda: page(spec, column())
    pages.update(pp.article_routes(spec, lambda i: pp.article(spec, i, 'div class="view TRS_UEDITOR"')))
    return pages, answer
