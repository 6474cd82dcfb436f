"""Furniture of the platform portals (issue 13: label, hanweb_xxgk, truecms, hebei_columns,
was5, jcms, trs_dialect), shared by their test portals (tests/farm/platforms_html.toml) and the
generated ones (bench.portal_farm): markup defaults, list rows, article pages, home, answers
of the data APIs, and the title match of their site searches."""

from __future__ import annotations

import json
from dataclasses import replace

from ..http import Response
from ..spec import ItemSpec, PortalSpec
from . import bench
from .common import HEADING_MARKS, a, e, page

# what a test portal's markup leaves out, as the generator would draw it
DEFAULTS = {"href_mode": "root", "title_mode": "attr_full", "trunc": 30, "date_fmt": "iso", "date_class": "date",
            "markup": "ul", "list_class": "list", "crumb_links": True, "index": 0}


def with_defaults(spec: PortalSpec) -> PortalSpec:
    return replace(spec, markup={**DEFAULTS, **spec.markup})


def rows(spec: PortalSpec, base: str, items: list[ItemSpec]) -> str:
    """List rows in the portal's markup (the generator's choice), links as the portal writes them."""
    return bench.rows(spec, base, items, spec.column_path.split("?")[0])


def paragraphs(item: ItemSpec) -> list[str]:
    if item.report is not None and item.report.body:
        return list(item.report.body)
    return [block[1] for block in item.body if block[0] in ("p", "h")]


def article(spec: PortalSpec, item: ItemSpec, head_extra: str = "") -> str:
    out = []
    for para in paragraphs(item):
        heading = len(para) < 50 and para[:2] in HEADING_MARKS
        out.append(f'<p style="text-indent:2em;">\u3000\u3000{f"<strong>{e(para)}</strong>" if heading else e(para)}</p>')
    metas = (f'{bench.list_metas(spec)}\n<meta name="ArticleTitle" content="{a(item.title)}">\n'
             f'<meta name="PubDate" content="{item.published}">\n<meta name="ContentSource" content="{a(item.source)}">')
    body = (f'<div class="main"><div class="crumbs">当前位置：{bench.crumbs(spec)}</div><div class="article">'
            f'<h1 class="title">{e(item.title)}</h1><div class="info"><span>发布时间：{item.published}</span> '
            f'<span>来源：{e(item.source)}</span></div><div id="zoom" class="content">\n' + "\n".join(out) +
            '\n</div><div class="tools"><a href="javascript:window.print()">【打印】</a>'
            '<a href="javascript:window.close()">【关闭】</a></div></div></div>')
    return bench.skeleton(spec, f"{item.title}_{spec.name}", f"{head_extra}\n{metas}", body)


def site_pages(spec: PortalSpec, column_html, head_extra: str = "") -> dict:
    """Home, the column page and every item's article (unlisted ones too: a search finds them)."""
    pages = bench.home_routes(spec, lambda: page(spec, bench.home(spec)))
    pages[spec.column_path] = lambda: page(spec, column_html())
    pages.update({i.path: (lambda i=i: page(spec, article(spec, i, head_extra))) for i in spec.items if not i.host})
    return pages


def shell(spec: PortalSpec, head_extra: str, content: str, search_form: str = "") -> str:
    """A column page: crumbs, the list's container (filled by script in a browser), the script."""
    body = (f'<div class="main">{search_form}<div class="crumbs">当前位置：{bench.crumbs(spec)}</div>'
            f'<div class="list-box"><div class="list-title"><h2>{e(spec.column_name)}</h2></div>\n{content}\n</div></div>')
    return bench.skeleton(spec, f"{spec.column_name}_{spec.name}", head_extra, body)


def json_response(value) -> Response:
    return Response(200, "application/json;charset=UTF-8", json.dumps(value, ensure_ascii=False).encode("utf-8"))


def text_response(status: int, text: str, mime: str = "text/html;charset=UTF-8") -> Response:
    return Response(status, mime, text.encode("utf-8"))


FORBIDDEN = text_response(403, "<html><body><h1>403 Forbidden</h1></body></html>")
NOT_FOUND = text_response(404, "<html><body><h1>404 Not Found</h1></body></html>")


def matches(title: str, query: str) -> bool:
    """A title search hit: every word of the query in the title."""
    words = query.split()
    return bool(words) and all(w in title for w in words)


def highlight(title: str, query: str) -> str:
    """The title as search engines show it: the query's words in <em>."""
    shown = e(title)
    for w in query.split():
        shown = shown.replace(e(w), f"<em>{e(w)}</em>")
    return shown


def search_hits(spec: PortalSpec, query: str) -> list[ItemSpec]:
    """Items of the site whose title matches, newest first (listed or not: a search sees the site)."""
    return sorted((i for i in spec.items if not i.host and matches(i.title, query)), key=lambda i: i.published,
                  reverse=True)


def int_param(params: dict[str, str], name: str, default: int) -> int:
    try:
        return int(params.get(name, default))
    except (TypeError, ValueError):
        return default
