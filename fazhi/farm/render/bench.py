"""Furniture of the generated portals (variant "bench"), shared by all four families: list
rows in the markup the generator chose, the page skeleton and the article page."""

from __future__ import annotations

from datetime import date

from ..spec import ItemSpec, PortalSpec
from .common import HEADING_MARKS, a, e

DATE_FORMATS = {"iso": "{d:%Y-%m-%d}", "cn": "{d.year}年{d.month:02d}月{d.day:02d}日", "bracket": "[{d:%Y-%m-%d}]",
                "slash": "{d:%Y/%m/%d}", "dot": "{d:%Y.%m.%d}", "paren": "({d:%Y-%m-%d})"}


def fmt_date(iso: str, style: str) -> str:
    return DATE_FORMATS[style].format(d=date.fromisoformat(iso))


def href(spec: PortalSpec, base: str, item: ItemSpec, list_path: str) -> str:
    mode = spec.markup["href_mode"]
    if mode == "absolute":
        return base + item.path
    list_dir = list_path.rsplit("/", 1)[0] + "/"
    if mode == "relative" and item.path.startswith(list_dir):
        return "./" + item.path[len(list_dir):]
    return item.path


def link(spec: PortalSpec, base: str, item: ItemSpec, list_path: str) -> str:
    m, t = spec.markup, item.title
    shown = t if len(t) <= m["trunc"] else t[:m["trunc"]] + "..."
    h = a(href(spec, base, item, list_path))
    if m["title_mode"] == "attr_full":
        return f'<a href="{h}" title="{a(t)}" target="_blank">{e(t)}</a>'
    if m["title_mode"] == "attr_trunc":
        return f'<a href="{h}" title="{a(t)}" target="_blank">{e(shown)}</a>'
    return f'<a href="{h}" target="_blank">{e(t)}</a>'


def rows(spec: PortalSpec, base: str, items: list[ItemSpec], list_path: str) -> str:
    m = spec.markup
    out = []
    for item in items:
        shown = "" if m.get("no_date") else fmt_date(item.date, m["date_fmt"])
        span = f'<span class="{m["date_class"]}">{e(shown)}</span>' if shown else ""
        anchor = link(spec, base, item, list_path)
        out.append({"table": f'<tr><td class="title">{anchor}</td><td class="{m["date_class"]}">{e(shown)}</td></tr>',
                    "dl": f"<dl><dd>{anchor}{span}</dd></dl>",
                    "div": f'<div class="item">{span}{anchor}</div>'}.get(m["markup"], f"<li>{anchor}{span}</li>"))
    inner, cls = "\n".join(out), m["list_class"]
    if m["markup"] == "table":
        return f'<table class="{cls}" width="100%">\n{inner}\n</table>'
    if m["markup"] == "ul":
        return f'<ul class="{cls}">\n{inner}\n</ul>'
    return f'<div class="{cls}">\n{inner}\n</div>'


def crumbs(spec: PortalSpec) -> str:
    if spec.markup["crumb_links"]:
        col = f'<a href="{a(spec.column_path)}">{e(spec.column_name)}</a>'
        return f'<a href="/">首页</a> &gt; <a href="/">政务公开</a> &gt; {col}'
    return f"首页 &gt; 政务公开 &gt; {e(spec.column_name)}"


def skeleton(spec: PortalSpec, title: str, head_extra: str, body: str) -> str:
    charset = '<meta charset="gb2312">' if spec.encoding == "gbk" else '<meta charset="utf-8">'
    tech = "技术支持：大汉网络" if spec.family == "hanweb" else "技术支持：本站技术服务单位"
    header = (f'<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="{a(spec.name)}"></a></div>'
              '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/">政务公开</a></li>'
              '<li><a href="/">政务服务</a></li><li><a href="/">互动交流</a></li></ul></div>')
    footer = (f'<div class="footer"><p>主办单位：{e(spec.county)}人民政府办公室　版权所有：{e(spec.name)}</p>'
              f'<p>网站标识码：{spec.admin_code}0001　ICP备{spec.markup["index"] + 10000:05d}号　{tech}</p></div>')
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n{charset}\n{head_extra}\n'
            f"<title>{e(title)}</title>\n</head>\n<body>\n{header}\n{body}\n{footer}\n</body>\n</html>\n")


def home(spec: PortalSpec) -> str:
    body = (f'<div class="main"><h2><a href="{a(spec.column_path)}">{e(spec.column_name)}</a></h2>'
            f'<a class="more" href="{a(spec.column_path)}">更多</a></div>')
    return skeleton(spec, spec.name, f'<meta name="SiteName" content="{a(spec.name)}">', body)


def list_metas(spec: PortalSpec) -> str:
    return f'<meta name="SiteName" content="{a(spec.name)}">\n<meta name="ColumnName" content="{a(spec.column_name)}">'


def body_html(spec: PortalSpec, item: ItemSpec) -> str:
    out = []
    for _, para in item.body:
        heading = len(para) < 50 and para[:2] in HEADING_MARKS
        inner = f"<strong>{e(para)}</strong>" if heading else e(para)
        out.append(f'<p style="text-indent:2em;">\u3000\u3000{inner}</p>')
    report = next((i for i in spec.items if i.title == item.about), None) if item.about else None
    if report is not None:
        out.append(f'<p>附件：<a href="{a(report.path)}">{e(report.title)}</a></p>')
    return "\n".join(out)


def article_parts(spec: PortalSpec, item: ItemSpec) -> tuple[str, str, str, str]:
    """(metas, info line, body, tools) of an article page, as every generated family has them."""
    metas = (f'{list_metas(spec)}\n<meta name="ArticleTitle" content="{a(item.title)}">\n'
             f'<meta name="PubDate" content="{item.published}">\n<meta name="ContentSource" content="{a(item.source)}">')
    info = (f'<div class="info"><span>发布时间：{item.published}</span> <span>来源：{e(item.source)}</span> '
            '<span>【字体：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】</span></div>')
    tools = ('<div class="tools"><a href="javascript:window.print()">【打印】</a><a href="javascript:window.close()">【关闭】</a></div>'
             '<div class="ewm"><p>扫一扫在手机打开当前页</p></div>')
    return metas, info, body_html(spec, item), tools


def numbered_list(spec: PortalSpec, base: str, page: int, path: str, pager: str, head: str, crumb_class: str) -> str:
    """A list page of the TRS and Hunan families (they differ in pager script and class names)."""
    side = ('<div class="side"><h3>政务公开</h3><ul><li><a href="/">政策文件</a></li><li><a href="/">人事信息</a></li>'
            '<li><a href="/">财政资金</a></li></ul></div>')
    body = (f'<div class="container"><div class="{crumb_class}">当前位置：{crumbs(spec)}</div>\n{side}\n'
            f'<div class="list_box"><div class="list_title"><h2>{e(spec.column_name)}</h2></div>\n'
            f"{rows(spec, base, spec.page_items(page), path)}\n{pager}\n</div></div>")
    return skeleton(spec, f"{spec.column_name}-{spec.name}", head, body)


def home_routes(spec: PortalSpec, render_home) -> dict:
    """Home at / and /index.html, unless the list itself lives there."""
    return {p: render_home for p in ("/", "/index.html") if p != spec.column_path}
