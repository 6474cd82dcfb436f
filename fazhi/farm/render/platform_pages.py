"""Furniture of the JSON-API platforms' portals (gkmlpt, jpaas, TRS IGS / IRS, Epoint,
infogate, Heilongjiang search), test ("farm") and generated ("bench") alike: the page shell,
article pages, JSON answers and the request checks their quirks turn on."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from ..http import Response
from ..spec import ItemSpec, PortalSpec
from .common import HEADING_MARKS, INDENT, a, blocks_html, e, page

CST = timezone(timedelta(hours=8))


def shell(spec: PortalSpec, title: str, body: str, head: str = "") -> str:
    """A page of the portal: its header, navigation and footer around body."""
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{e(title)}</title>
<meta name="SiteName" content="{a(spec.name)}">
{head}
</head>
<body>
<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="{a(spec.name)}"></a></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/">政务公开</a></li><li><a href="/">政务服务</a></li><li><a href="/">互动交流</a></li></ul></div>
{body}
<div class="footer"><p>主办单位：{e(spec.name)}办公室　版权所有：{e(spec.name)}</p><p>网站标识码：{spec.admin_code}0001</p></div>
</body>
</html>
"""


def paragraphs(item: ItemSpec) -> str:
    """The item's text as the article shows it: a report's paragraphs, or the item's blocks."""
    if item.report is not None:
        return "\n".join(f"<p>{INDENT}<strong>{e(t)}</strong></p>" if t[:2] in HEADING_MARKS[:5]
                         else f"<p>{INDENT}{e(t)}</p>" for t in item.report.body)
    return blocks_html(item.body)


def article(spec: PortalSpec, item: ItemSpec, container: str) -> str:
    """An article page: metas, title, info line and the text in the platform's container
    (container: 'div class="…"' or 'div id="…"')."""
    head = (f'<meta name="ArticleTitle" content="{a(item.title)}">\n<meta name="PubDate" content="{item.published}">\n'
            f'<meta name="ContentSource" content="{a(item.source or spec.name)}">')
    tag = container.split()[0]
    body = (f'<div class="main"><div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/">政务公开</a> &gt; '
            f'{e(spec.column_name)}</div>\n<div class="article"><h1>{e(item.title)}</h1>\n'
            f'<div class="info"><span>发布时间：{item.published}</span> <span>来源：{e(item.source or spec.name)}</span></div>\n'
            f"<{container}>\n{paragraphs(item)}\n</{tag}>\n</div></div>")
    return shell(spec, f"{item.title}_{spec.name}", body, head)


def home_routes(spec: PortalSpec) -> dict:
    body = f'<div class="main"><h2><a href="{a(spec.column_path)}">{e(spec.column_name)}</a></h2></div>'
    home = shell(spec, spec.name, body)
    return {p: (lambda: page(spec, home)) for p in ("/", "/index.html") if p != spec.column_path}


def article_routes(spec: PortalSpec, render) -> dict:
    return {i.path: (lambda i=i: page(spec, render(i))) for i in spec.items}


def as_json(obj, prefix: str = "", suffix: str = "", mime: str = "application/json") -> Response:
    text = prefix + json.dumps(obj, ensure_ascii=False) + suffix
    return Response(200, f"{mime};charset=UTF-8", text.encode("utf-8"))


def refused(status: int, text: str) -> Response:
    return Response(status, "text/html; charset=utf-8",
                    f"<html><head><title>{status}</title></head><body><h1>{status}</h1><p>{e(text)}</p></body></html>".encode())


def epoch(published: str) -> int:
    """Seconds since 1970 of a "YYYY-MM-DD HH:MM[:SS]" in China time."""
    fmt = "%Y-%m-%d %H:%M:%S" if published.count(":") == 2 else "%Y-%m-%d %H:%M"
    return int(datetime.strptime(published, fmt).replace(tzinfo=CST).timestamp())


def int_param(params: dict, name: str, default: int) -> int:
    try:
        return int(params.get(name, default))
    except (TypeError, ValueError):
        return default


def window(spec: PortalSpec, page_no: int, size: int) -> list[ItemSpec]:
    """Items of 1-based page page_no at size items a page."""
    return spec.listed[(page_no - 1) * size: page_no * size] if page_no >= 1 else []


def n_pages(spec: PortalSpec, size: int) -> int:
    return max(1, -(-len(spec.listed) // size))
