"""Hanweb 信息公开 module (portal-platforms.md §2.8): a jcms column page /col/col<id>/index.html
that loads /module/xxgk/tree.jsp and posts to /module/xxgk/search.jsp?…&currpage=N with the
form fields infotypeId, jdid, area, divid …; the answer is a table of tr.tr_main_value_odd /
_even rows for the WHOLE area, the column's items among other columns' (art_<col>_ links);
403 without a Referer.
markup: area, jdid, infotype, others (rows of other columns: [title, date, column id])."""

from __future__ import annotations

from datetime import date

from ..http import Call
from ..spec import ItemSpec, PortalSpec
from . import county
from . import platform as pf
from .common import a, e, page

SEARCH_PATH = "/module/xxgk/search.jsp"
TREE_PATH = "/module/xxgk/tree.jsp"


def list_paths(spec: PortalSpec) -> list[str]:
    return [spec.column_path]


def other_items(spec: PortalSpec) -> list[ItemSpec]:
    """Rows of the area's other columns (never this column's items)."""
    out = []
    for k, (title, day, col) in enumerate(spec.markup.get("others", ())):
        d = date.fromisoformat(day)
        out.append(ItemSpec(path=f"/art/{d.year}/{d.month}/{d.day}/art_{col}_{3_000_000 + k}.html", title=title,
                            published=f"{day} 10:00", kind="other", index_no=f"{spec.admin_code}/{d.year}-{k:05d}"))
    return out


def routes(spec: PortalSpec, sites: dict[str, str]):
    spec = pf.with_defaults(spec)
    m = spec.markup
    area = sorted(spec.listed + other_items(spec), key=lambda i: i.published, reverse=True)
    fields = {"infotypeId": m["infotype"], "jdid": m["jdid"], "area": m["area"], "divid": f"div{spec.column_id}",
              "vc_title": "", "vc_number": "", "vc_filenumber": "", "texttype": "", "fbtime": ""}

    def column() -> str:
        data = ", ".join(f"{k}: '{v}'" for k, v in fields.items())
        content = (f'<iframe src="{TREE_PATH}?area={m["area"]}&amp;divid=div{spec.column_id}&amp;infotypeId={m["infotype"]}" '
                   'width="220" height="600" frameborder="0"></iframe>\n'
                   f'<div id="div{spec.column_id}"></div>\n<script type="text/javascript">\n'
                   f'  $.ajax({{type: "POST", url: "{SEARCH_PATH}?standardXxgk=1&isAllList=1&texttype=&fbtime=&vc_all=&vc_filenumber='
                   '&vc_title=&vc_number=&currpage=1&sortfield=,createdatetime:0",\n'
                   f'    data: {{{data}}},\n    success: function (html) {{ $("#div{spec.column_id}").html(html); }}}});\n</script>')
        return pf.shell(spec, county.FINGERPRINT, content)

    def table(n: int) -> str:
        shown = area[(n - 1) * spec.per_page: n * spec.per_page]
        pages = max(1, -(-len(area) // spec.per_page))
        rows = "\n".join(
            f'<tr class="tr_main_value_{"odd" if k % 2 == 0 else "even"}"><td width="70%">'
            f'<a href="{a(i.path)}" target="_blank" mc="{a(i.title)}" rq="{i.date}" syh="{a(i.index_no)}">{e(i.title)}</a>'
            f"</td><td>{i.date}</td></tr>" for k, i in enumerate(shown))
        return (f'<table width="100%" class="xxgk_table">\n<tr class="tr_main_title"><td>名称</td><td>日期</td></tr>\n{rows}\n</table>\n'
                f'<div class="xxgk_page">共{len(area)}条 第{n}页 共{pages}页</div>')

    def answer(path: str, params: dict[str, str], call: Call):
        if path == TREE_PATH:
            return page(spec, f'<html><head>{county.FINGERPRINT}</head><body><ul class="tree"><li>{e(spec.column_name)}</li></ul></body></html>')
        if path != SEARCH_PATH:
            return None
        if not call.headers.get("referer"):
            return pf.FORBIDDEN
        if params.get("area") != m["area"]:
            return page(spec, '<table width="100%"></table><div class="xxgk_page">共0条</div>')
        return page(spec, table(max(1, pf.int_param(params, "currpage", 1))))

    return pf.site_pages(spec, column, county.FINGERPRINT), answer
