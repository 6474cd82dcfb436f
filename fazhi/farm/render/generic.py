"""Portals with no CMS fingerprint: a plain list paged by 下一页 / 下页 links (list_2.html,
index.jsp?pageIndex=2, ?page=2 …). Variants: farm (layouts list, table, elsewhere), bench."""

from __future__ import annotations

from ..spec import ItemSpec, PortalSpec
from . import bench, farm
from .common import INDENT, a, e, page


def list_paths(spec: PortalSpec) -> list[str]:
    if spec.markup.get("layout") == "elsewhere":
        return []
    paged = _farm_list_path if spec.variant == "farm" else bench_list_path
    return [paged(spec, n) for n in range(1, spec.n_pages + 1)]


def routes(spec: PortalSpec, sites: dict[str, str]):
    render = _farm if spec.variant == "farm" else _bench
    return render(spec, sites), None


# -- farm -------------------------------------------------------------------------------
def _farm_list_path(spec: PortalSpec, n: int) -> str:
    col_dir = spec.markup["column_dir"]
    if spec.markup["layout"] == "table":
        return f"{col_dir}index.jsp" if n == 1 else f"{col_dir}index.jsp?pageIndex={n}"
    return f"{col_dir}list.html" if n == 1 else f"{col_dir}list_{n}.html"


def _farm_pager(spec: PortalSpec, n: int) -> str:
    last, links = spec.n_pages, []
    if spec.markup["layout"] == "list":
        if n > 1:
            links.append(f'<a href="{_farm_list_path(spec, n - 1).rsplit("/", 1)[1]}">上一页</a>')
        links.append(f"<span>第{n}页 / 共{last}页</span>")
        if n < last:
            links.append(f'<a href="{_farm_list_path(spec, n + 1).rsplit("/", 1)[1]}">下一页</a>')
        return f'<div class="pagination">{" ".join(links)}</div>'

    def href(k: int) -> str:  # table layout: query-string pages, 首页 上页 下页 尾页
        return "index.jsp" if k == 1 else f"index.jsp?pageIndex={k}"
    links.append(f'<a href="{href(1)}">首页</a>')
    links.append(f'<a href="{href(n - 1)}">上页</a>' if n > 1 else "<span>上页</span>")
    links.append(f'<a href="{href(n + 1)}">下页</a>' if n < last else "<span>下页</span>")
    links.append(f'<a href="{href(last)}">尾页</a>')
    links.append(f"<span>共{len(spec.listed)}条 {n}/{last}页</span>")
    return f'<div class="pagination">{" ".join(links)}</div>'


def _farm(spec: PortalSpec, sites: dict[str, str]):
    layout = spec.markup["layout"]

    def list_page(n: int) -> str:
        if layout == "table":
            rows = "\n".join(
                f'<tr><td class="title"><a href="{a(farm.list_href(spec, i, sites))}" title="{a(i.title)}" target="_blank">'
                f'{e(i.title)}</a></td><td class="date">{i.date}</td></tr>' for i in spec.page_items(n))
            listing = f'<table class="list-table" width="100%">\n{rows}\n</table>'
        else:
            lis = "\n".join(
                f'<li><a href="{a(farm.list_href(spec, i, sites))}" target="_blank">{e(i.title)}</a><span>{i.date}</span></li>'
                for i in spec.page_items(n))
            listing = f'<ul class="list">\n{lis}\n</ul>'
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{farm.meta_charset(spec)}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(spec.column_name)} - {e(spec.name)}</title>
<link rel="stylesheet" href="/static/css/main.css">
</head>
<body>
{farm.header(spec)}
<div class="breadcrumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/">信息公开</a> &gt; {e(spec.column_name)}</div>
<div class="main">
  <h2 class="column-title">{e(spec.column_name)}</h2>
  {listing}
  {_farm_pager(spec, n)}
</div>
{farm.footer(spec)}
</body>
</html>
"""

    def article(item: ItemSpec) -> str:
        table = farm.xxgk_table(item) if layout == "table" else ""
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{farm.meta_charset(spec)}
<title>{e(item.title)} - {e(spec.name)}</title>
<meta name="description" content="{a(item.title)}">
<link rel="stylesheet" href="/static/css/main.css">
</head>
<body>
{farm.header(spec)}
<div class="breadcrumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/">信息公开</a> &gt; <a href="{spec.column_path}">{e(spec.column_name)}</a></div>
{table}
<div class="article">
  <h1>{e(item.title)}</h1>
  <div class="info">发布时间：{item.published[:16]}　来源：{e(item.source)}　浏览次数：<span id="hits">128</span></div>
  <div class="content">
{farm.article_body(spec, item)}
  </div>
  <div class="tools"><a href="javascript:window.print()">【打印】</a><a href="javascript:window.close()">【关闭】</a></div>
</div>
{farm.footer(spec)}
</body>
</html>
"""

    def elsewhere(item: ItemSpec) -> str:
        """Another host's archived page: bare markup, the paragraphs only."""
        body = "\n".join(f"<p>{INDENT}{e(text)}</p>" for _, text in item.body)
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{e(item.title)} - {e(spec.name)}</title>
</head>
<body>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; {e(spec.column_name)}</div>
<div class="article"><h1>{e(item.title)}</h1><div class="info">发布时间：{item.published[:16]}</div>
<div class="content">
{body}
</div></div>
{farm.footer(spec)}
</body>
</html>
"""

    pages = {p: (lambda: page(spec, farm.home(spec))) for p in ("/", "/index.html")}
    if layout != "elsewhere":
        pages.update({_farm_list_path(spec, n): (lambda n=n: page(spec, list_page(n)))
                      for n in range(1, spec.n_pages + 1)})
        if layout == "table":  # ?pageIndex=1 is the first page too
            pages[f"{spec.markup['column_dir']}index.jsp?pageIndex=1"] = pages[spec.column_path]
    pages.update(farm.item_pages(spec, sites, elsewhere if layout == "elsewhere" else article))
    return pages


# -- bench ------------------------------------------------------------------------------
def bench_list_path(spec: PortalSpec, n: int) -> str:
    """Page n of a generated generic list: the start page, then the generator's pager pattern."""
    if n == 1:
        return spec.column_path
    pattern = spec.markup["pager"]
    if pattern.startswith("?"):
        return spec.column_path + pattern.format(k=n)
    return f"{spec.column_path.rsplit('/', 1)[0]}/{pattern.format(k=n)}"


def _bench(spec: PortalSpec, sites: dict[str, str]):
    base, m = sites[spec.id], spec.markup

    def list_page(n: int) -> str:
        path, last, next_text = bench_list_path(spec, n), spec.n_pages, e(m["next_text"])
        links = [f'<a href="{a(bench_list_path(spec, 1))}">首页</a>']
        if n > 1:
            links.append(f'<a href="{a(bench_list_path(spec, n - 1))}">上一页</a>')
        links.append(f"<span>第{n}页/共{last}页</span>")
        links.append(f'<a href="{a(bench_list_path(spec, n + 1))}">{next_text}</a>' if n < last
                     else f'<a href="javascript:void(0);" class="disabled">{next_text}</a>')
        links.append(f'<a href="{a(bench_list_path(spec, last))}">尾页</a>')
        body = (f'<div class="wrap"><div class="position">您当前的位置：{bench.crumbs(spec)}</div>\n'
                f'<div class="list-main"><h2>{e(spec.column_name)}</h2>\n{bench.rows(spec, base, spec.page_items(n), path)}\n'
                f'<div class="pages">{" ".join(links)}</div></div></div>')
        return bench.skeleton(spec, f"{spec.column_name}_{spec.name}", "", body)

    def article(item: ItemSpec) -> str:
        _, info, body, tools = bench.article_parts(spec, item)
        sel = m["container"]
        open_tag = f'<div id="{sel[1:]}">' if sel.startswith("#") else f'<div class="{sel.split(".", 1)[1]}">'
        content = (f'<div class="position">您当前的位置：{bench.crumbs(spec)}</div><h1>{e(item.title)}</h1>{info}'
                   f"{open_tag}\n{body}\n</div>")
        return bench.skeleton(spec, item.title, "", f'<div class="detail">{content}{tools}</div>')

    pages = bench.home_routes(spec, lambda: page(spec, bench.home(spec)))
    pages.update({bench_list_path(spec, n): (lambda n=n: page(spec, list_page(n))) for n in range(1, spec.n_pages + 1)})
    pages.update({i.path: (lambda i=i: page(spec, article(i))) for i in spec.items})
    return pages
