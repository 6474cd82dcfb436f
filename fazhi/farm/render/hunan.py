"""The Hunan provincial platform (湖南省政府门户网站集约化平台): list.shtml, list_2.shtml …
paged by createPageHTML('paging', pages, current, 'list', 'shtml', total); articles in .shtml.
Variants: county, bench."""

from __future__ import annotations

from ..spec import ItemSpec, PortalSpec
from . import bench, county
from .common import a, e, neighbours, page


def list_name(n: int) -> str:
    return "list.shtml" if n == 1 else f"list_{n}.shtml"


def _list_pages(spec: PortalSpec) -> dict[str, int]:
    """Path -> page number: the directory itself and every list_N.shtml."""
    col_dir = spec.column_path.rsplit("/", 1)[0] + "/"
    return {col_dir: 1} | {col_dir + list_name(n): n for n in range(1, spec.n_pages + 1)}


def list_paths(spec: PortalSpec) -> list[str]:
    return [path for path in _list_pages(spec) if path.endswith(".shtml")]


def routes(spec: PortalSpec, sites: dict[str, str]):
    render = _county if spec.variant == "county" else _bench
    return render(spec, sites[spec.id]), None


def _county(spec: PortalSpec, base: str):
    site_dir = spec.markup["site_dir"]

    def list_page(n: int) -> str:
        lis = "\n".join(
            f'<li><a href="{a(i.path)}" target="_blank" title="{a(i.title)}">{e(i.title)}</a><span>{i.date}</span></li>'
            for i in spec.page_items(n))
        return f"""<!DOCTYPE html>
<html>
<head>
{county.meta_charset(spec)}
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<title>{e(spec.column_name)}-{e(spec.name)}</title>
<meta name="SiteName" content="{a(spec.name)}">
<meta name="ColumnName" content="{a(spec.column_name)}">
<link rel="stylesheet" href="{site_dir}/xhtml/css/common.css">
<script type="text/javascript" src="{site_dir}/xhtml/js/createPageHTML.js"></script>
</head>
<body>
{county.header(spec)}
<div class="container">
  <div class="article_site">当前位置：{county.crumbs(spec)}</div>
  <div class="list_box">
    <div class="list_title"><h2>{e(spec.column_name)}</h2></div>
    <ul class="list">
{lis}
    </ul>
    <div id="paging" class="paging"></div>
    <script type="text/javascript">createPageHTML('paging', {spec.n_pages}, {n}, 'list', 'shtml', {len(spec.listed)});</script>
  </div>
</div>
{county.footer(spec)}
</body>
</html>
"""

    def article(item: ItemSpec) -> str:
        prev, nxt = neighbours(spec, item)
        prev_html = f'<a href="{a(prev.path)}">{e(prev.title)}</a>' if prev else "无"
        next_html = f'<a href="{a(nxt.path)}">{e(nxt.title)}</a>' if nxt else "无"
        src = county.source(spec, item)
        return f"""<!DOCTYPE html>
<html>
<head>
{county.meta_charset(spec)}
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<title>{e(item.title)}-{e(spec.name)}</title>
{county.site_metas(spec)}
<meta name="ArticleTitle" content="{a(item.title)}">
<meta name="PubDate" content="{item.published}">
<meta name="ContentSource" content="{a(src)}">
<meta name="Url" content="https://{spec.domain}{item.path}">
<link rel="stylesheet" href="{site_dir}/xhtml/css/common.css">
</head>
<body>
{county.header(spec)}
<div class="container">
  <div class="article_site">当前位置：{county.crumbs(spec)}</div>
  <div class="article">
    <div class="article_title"><h1>{e(item.title)}</h1></div>
    <div class="article_info">
      <span>来源：{e(src)}</span><span>发布时间：{item.published}</span><span>浏览次数：<span id="hits">--</span></span>
      <span>【字体：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】</span>
    </div>
    <div class="p_box">
{county.article_body(spec, item)}
    </div>
    <div class="article_tools"><a href="javascript:window.print();">【打印】</a><a href="javascript:window.close();">【关闭】</a></div>
    <div class="ewm"><div id="qrcode"></div><p>扫一扫在手机打开当前页</p></div>
    <div class="article_page"><p>上一篇：{prev_html}</p><p>下一篇：{next_html}</p></div>
  </div>
</div>
{county.footer(spec)}
</body>
</html>
"""

    pages = {p: (lambda: page(spec, county.home(spec))) for p in county.home_paths(spec)}
    pages.update({p: (lambda n=n: page(spec, list_page(n))) for p, n in _list_pages(spec).items()})
    pages.update({i.path: (lambda i=i: page(spec, article(i))) for i in spec.items})
    return pages


def _bench(spec: PortalSpec, base: str):
    def list_page(n: int, path: str) -> str:
        pager = (f'<div id="paging" class="paging"></div>\n<script type="text/javascript">'
                 f"createPageHTML('paging', {spec.n_pages}, {n}, 'list', 'shtml', {len(spec.listed)});</script>")
        return bench.numbered_list(spec, base, n, path, pager, bench.list_metas(spec), "article_site")

    def article(item: ItemSpec) -> str:
        metas, info, body, tools = bench.article_parts(spec, item)
        content = (f'<div class="article_site">当前位置：{bench.crumbs(spec)}</div><div class="article_title">'
                   f'<h1>{e(item.title)}</h1></div>{info}<div class="p_box">\n{body}\n</div>')
        return bench.skeleton(spec, f"{item.title}-{spec.name}", metas, f'<div class="article">{content}{tools}</div>')

    pages = bench.home_routes(spec, lambda: page(spec, bench.home(spec)))
    pages.update({p: (lambda n=n, p=p: page(spec, list_page(n, p))) for p, n in _list_pages(spec).items()})
    pages.update({i.path: (lambda i=i: page(spec, article(i))) for i in spec.items})
    return pages
