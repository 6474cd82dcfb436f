"""Jilin infogate: a column page whose script calls /govsearch/jsonp/<list>.jsp?page=N&lb=…
&callback=result&…&channelId=…, answered as JSONP with a BOM and blank lines before it (the
quirk): result({"num":N,"nPage":P,"data":[{"title","puburl","tip":{"dates","filenum","publisher"}}]});
markup: jsp (its path), channel."""

from __future__ import annotations

from urllib.parse import quote

from ..spec import ItemSpec, PortalSpec
from . import platform_pages as pp
from .common import a, e, page


def list_paths(spec: PortalSpec) -> list[str]:
    return [spec.column_path]


def routes(spec: PortalSpec, sites: dict[str, str]):
    m, base = spec.markup, sites[spec.id]
    pub = quote(base + spec.column_path.rsplit("/", 1)[0], safe="")
    call_url = (f"{m['jsp']}?lb={m['channel']}&callback=result&sword=&searchColumn=all&searchYear=all"
                f"&pubURL={pub}&SType=1&channelId={m['channel']}")

    def column() -> str:
        body = (f'<div class="main"><div class="crumbs">当前位置：<a href="/">首页</a> &gt; {e(spec.column_name)}</div>\n'
                f'<ul class="zly_list" id="zly_list"></ul><div id="page_div"></div></div>\n'
                f"""<script>
function result(json) {{ render(json.data, json.num); }}
function loadPage(p) {{
  var s = document.createElement("script");
  s.src = "{a(call_url)}&page=" + p + "&_=" + new Date().getTime();
  document.body.appendChild(s);
}}
loadPage(1);
</script>""")
        return pp.shell(spec, f"{spec.column_name}-{spec.name}", body)

    def row(item: ItemSpec) -> dict:
        return {"title": item.title, "puburl": base + item.path,
                "tip": {"dates": item.date, "filenum": "", "publisher": item.source or spec.name}}

    def answer(path: str, params: dict[str, str], call=None):
        if path != m["jsp"]:
            return None
        found = spec.listed if params.get("channelId") == str(m["channel"]) else []
        size = spec.per_page
        page_no = pp.int_param(params, "page", 1)
        rows = [row(i) for i in found[(page_no - 1) * size: page_no * size]] if page_no >= 1 else []
        return pp.as_json({"num": len(found), "nPage": page_no, "data": rows},
                          prefix="\ufeff\r\n\r\n\r\n" + params.get("callback", "result") + "(", suffix=");\r\n",
                          mime="text/html")

    pages = pp.home_routes(spec)
    pages[spec.column_path] = lambda: page(spec, column())
    pages.update(pp.article_routes(spec, lambda i: pp.article(spec, i, 'div class="zsy_comain"')))
    return pages, answer
