"""The Hebei /columns/<UUID> platform (portal-platforms.md §2.12): a column page
/columns/<UUID>/index.html naming its block URL, /columns/<c>/templates/<t>/blocks/<b>?page=N&fix=0
-> an HTML fragment of li.xxgk_gfxwjk-list-li rows; a page past the end answers the last page
again; the same block URL with keyword= -> JSON data.searchResult.result.
markup: template, block (UUIDs), prefix (Shijiazhuang's /zfxxgk before /columns)."""

from __future__ import annotations

from ..http import Call
from ..spec import PortalSpec
from . import bench
from . import platform as pf
from .common import a, e, page


def list_paths(spec: PortalSpec) -> list[str]:
    return [spec.column_path]


def block_path(spec: PortalSpec) -> str:
    column_dir = spec.column_path.rsplit("/", 1)[0]
    return f"{column_dir}/templates/{spec.markup['template']}/blocks/{spec.markup['block']}"


def routes(spec: PortalSpec, sites: dict[str, str]):
    spec = pf.with_defaults(spec)
    base, block = sites[spec.id], block_path(spec)

    def column() -> str:
        content = (f'<div class="xxgk_gfxwjk-list" id="list-block" data-block-url="{a(block)}?page=1&amp;fix=0"></div>\n'
                   '<script type="text/javascript" src="/static/js/jquery.min.js"></script>\n'
                   f'<script type="text/javascript">\n  var blockUrl = "{block}";\n'
                   '  $("#list-block").load(blockUrl + "?page=1&fix=0");\n</script>')
        return pf.shell(spec, "", content)

    def fragment(n: int) -> str:
        n = min(n, spec.n_pages)           # past the end: the last page again
        lis = "\n".join(f'<li class="xxgk_gfxwjk-list-li">{bench.link(spec, base, i, spec.column_path)}'
                        f'<span class="{spec.markup["date_class"]}">{e(bench.fmt_date(i.date, spec.markup["date_fmt"]))}</span></li>'
                        for i in spec.page_items(n))
        return f'<ul class="xxgk_gfxwjk-list-ul">\n{lis}\n</ul>\n<div class="pages" data-page="{n}"></div>'

    def search(query: str, n: int):
        hits, size = pf.search_hits(spec, query), 10
        rows = [{"title": pf.highlight(i.title, query), "url": i.path, "publishedTime": i.published}
                for i in hits[(n - 1) * size: n * size]]
        return pf.json_response({"code": 200, "data": {"searchResult": {"total": len(hits), "pages": -(-len(hits) // size),
                                                                          "result": rows}}})

    def answer(path: str, params: dict[str, str], call: Call):
        if path != block:
            return None
        n = max(1, pf.int_param(params, "page", 1))
        if params.get("keyword"):
            return search(params["keyword"], n)
        return page(spec, fragment(n))

    return pf.site_pages(spec, column), answer
