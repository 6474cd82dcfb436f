"""Hanweb jpaas publish-server: the column page /col/colN/index.html names
queryData="{'webId':…,'pageId':…,'tagId':…,'tplSetId':…}" (and may hold page 1 itself); list pages
come from /api-gateway/jpaas-publish-server/front/page/build/unit as {"success":true,"data":{"html":…}},
paged only by paramJson={"pageNo":N,"pageSize":S}: a bare pageNo is ignored (page 1 again).
markup: web_id, tag_id, tpl_set_id, max_page_size, static_first, date_tag."""

from __future__ import annotations

import json

from ..spec import ItemSpec, PortalSpec
from . import platform_pages as pp
from .common import a, e, page

UNIT = "/api-gateway/jpaas-publish-server/front/page/build/unit"


def list_paths(spec: PortalSpec) -> list[str]:
    return [spec.column_path]   # later pages are build/unit calls


def _lis(spec: PortalSpec, items: list[ItemSpec]) -> str:
    tag = spec.markup.get("date_tag", "b")
    return "".join(f'<li><a title="{a(i.title)}" href="{a(i.path)}" target="_blank">{e(i.title)}</a><{tag}>{i.date}</{tag}></li>'
                   for i in items)


def routes(spec: PortalSpec, sites: dict[str, str]):
    m = spec.markup
    ids = {"webId": str(m["web_id"]), "pageId": spec.column_id, "tagId": m["tag_id"], "tplSetId": m["tpl_set_id"]}
    query = "{" + ",".join(f"'{k}':'{v}'" for k, v in ids.items()) + "}"

    def column() -> str:
        first = f'<ul class="list">{_lis(spec, spec.page_items(1))}</ul>' if m.get("static_first") else ""
        body = (f'<div class="main"><div class="crumbs">当前位置：<a href="/">首页</a> &gt; {e(spec.column_name)}</div>\n'
                f'<div class="lm-title">{e(spec.column_name)}</div>\n'
                f'<div id="listBox" class="list-box" queryData="{query}" parseType="bulidstatic">{first}</div>\n'
                f'<div id="pageBar"></div></div>\n'
                f'<script src="/module/jslib/jquery/jquery.js"></script>\n'
                f'<script src="/static/jpaas/js/jpaas-publish.js"></script>')
        return pp.shell(spec, f"{spec.column_name}_{spec.name}", body)

    def answer(path: str, params: dict[str, str], call=None):
        if path != UNIT:
            return None
        if any(params.get(k) != v for k, v in ids.items()) or params.get("pageType") != "column":
            return pp.as_json({"success": False, "message": "参数错误", "data": None})
        try:
            paging = json.loads(params.get("paramJson") or "{}")
        except ValueError:
            paging = {}
        page_no = pp.int_param(paging, "pageNo", 1)                  # a bare pageNo is not read
        size = min(pp.int_param(paging, "pageSize", spec.per_page), m.get("max_page_size", 50))
        return pp.as_json({"success": True, "code": 200, "data": {"html": _lis(spec, pp.window(spec, page_no, size))}})

    pages = pp.home_routes(spec)
    pages[spec.column_path] = lambda: page(spec, column())
    pages.update(pp.article_routes(spec, lambda i: pp.article(spec, i, 'div id="zoom"')))
    return pages, answer
