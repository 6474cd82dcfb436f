"""A portal registered by its home page only: a home page of a hundred-odd links (navigation,
news, departments, topics) and hub pages below it, with the report column a few links deep;
the column itself is a plain list paged by 下一页 (the generic farm pages).

markup: column_dir and layout (as generic), nav ([text, path] of the header), home_sections
([{title, links: [[text, path]]}]), news_titles and news_count (the home page's news block:
links to articles nobody needs), hubs ([{path, title, links: [[text, path]], items: [[title,
path, date]]}]: navigation pages, and lists of news that are not report columns)."""

from __future__ import annotations

from ..spec import PortalSpec
from . import farm, generic
from .common import a, e, page


def list_paths(spec: PortalSpec) -> list[str]:
    return generic.list_paths(spec)


def routes(spec: PortalSpec, sites: dict[str, str]):
    pages, dynamic = generic.routes(spec, sites)
    home = lambda: page(spec, _home(spec))  # noqa: E731
    pages.update({"/": home, "/index.html": home})
    for hub in spec.markup.get("hubs", ()):
        pages[hub["path"]] = lambda hub=hub: page(spec, _hub(spec, hub))
    return pages, dynamic


def _links(links) -> str:
    return "".join(f'<li><a href="{a(path)}">{e(text)}</a></li>' for text, path in links)


def _frame(spec: PortalSpec, title: str, body: str) -> str:
    nav = _links(spec.markup["nav"])
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{farm.meta_charset(spec)}
<title>{e(title)}</title>
<link rel="stylesheet" href="/static/css/main.css">
</head>
<body>
<div class="header">
  <div class="topbar"><span>欢迎访问{e(spec.name)}门户网站</span> <a href="javascript:;">无障碍浏览</a></div>
  <ul class="nav">{nav}</ul>
</div>
{body}
{farm.footer(spec)}
</body>
</html>
"""


def _home(spec: PortalSpec) -> str:
    m = spec.markup
    titles = m["news_titles"]
    news = "".join(
        f'<li><a href="/art/2025/{1 + k % 12}/{1 + k % 28}/art_{1229000000 + k}.html" target="_blank">'
        f"{e(titles[k % len(titles)])}</a><span>2025-{1 + k % 12:02d}-{1 + k % 28:02d}</span></li>"
        for k in range(m["news_count"]))
    sections = "".join(f'<div class="section"><h3>{e(s["title"])}</h3><ul>{_links(s["links"])}</ul></div>'
                       for s in m["home_sections"])
    return _frame(spec, spec.name, f'<div class="main"><div class="news"><h3>政务要闻</h3><ul>{news}</ul></div>'
                                   f"{sections}</div>")


def _hub(spec: PortalSpec, hub: dict) -> str:
    items = "".join(f'<li><a href="{a(path)}" target="_blank">{e(title)}</a><span>{date}</span></li>'
                    for title, path, date in hub.get("items", ()))
    listing = f'<ul class="list">{items}</ul>' if items else ""
    return _frame(spec, f"{hub['title']} - {spec.name}",
                  f'<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; {e(hub["title"])}</div>'
                  f'<div class="main"><div class="side"><ul class="sub-nav">{_links(hub.get("links", ()))}</ul></div>'
                  f'<div class="content"><h2>{e(hub["title"])}</h2>{listing}</div></div>')
