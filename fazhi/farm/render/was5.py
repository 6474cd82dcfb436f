"""TRS WAS5 (portal-platforms.md §2.17): a column page naming its list call
/was5/web/search?channelid=…&templet=docs.jsp&sortfield=-pubdate&classsql=chnlid%3D…&prepage=N&page=K;
templet docs.jsp answers JSON docs[] (url, title, fileno, pubdate), advsch.jsp an HTML list;
searchword= filters the channel by title. An unknown channel answers an empty result.
markup: channel, chnl (the column's chnlid), templet, prepage."""

from __future__ import annotations

from urllib.parse import urlencode

from ..http import Call
from ..spec import PortalSpec
from . import platform as pf
from .common import page

WAS5_PATH = "/was5/web/search"


def list_paths(spec: PortalSpec) -> list[str]:
    return [spec.column_path]


def routes(spec: PortalSpec, sites: dict[str, str]):
    spec = pf.with_defaults(spec)
    m, base = spec.markup, sites[spec.id]
    prepage = m.get("prepage", spec.per_page)

    def column() -> str:
        call = {"channelid": m["channel"], "templet": m["templet"], "sortfield": "-pubdate",
                "classsql": f"chnlid={m['chnl']}", "prepage": prepage, "page": 1}
        content = ('<ul class="list" id="was5-list"></ul>\n<div class="page" id="was5-page"></div>\n'
                   f'<script type="text/javascript">\n  var listUrl = "{WAS5_PATH}?{urlencode(call)}";\n'
                   '  loadList(listUrl, "was5-list", "was5-page");\n</script>')
        return pf.shell(spec, "", content)

    def answer(path: str, params: dict[str, str], call: Call):
        if path != WAS5_PATH:
            return None
        size = max(1, pf.int_param(params, "prepage", prepage))
        n = max(1, pf.int_param(params, "page", 1))
        if params.get("channelid") != str(m["channel"]):
            found = []
        elif params.get("searchword"):
            found = pf.search_hits(spec, params["searchword"])
        elif params.get("classsql", f"chnlid={m['chnl']}").replace(" ", "") == f"chnlid={m['chnl']}":
            found = spec.listed
        else:
            found = []
        shown = found[(n - 1) * size: n * size]
        pages = max(1, -(-len(found) // size))
        if params.get("templet") == "docs.jsp":
            return pf.json_response({"count": len(found), "pagenum": pages, "page": n,
                                     "docs": [{"url": base + i.path, "title": i.title, "fileno": i.index_no,
                                               "pubdate": i.date} for i in shown]})
        return page(spec, f'<div class="result">{pf.rows(spec, base, shown)}<div class="page">共{pages}页</div></div>')

    return pf.site_pages(spec, column), answer
