"""TRS WCM: index.html, index_1.html … paged by createPageHTML(pages, current, "index", ext);
articles as ./YYYYMM/tYYYYMMDD_N.html in a TRS_Editor div. Variants: farm, bench."""

from __future__ import annotations

from ..spec import ItemSpec, PortalSpec
from . import bench, farm
from .common import a, e, page

XHTML = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
         '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">')


def _list_pages(spec: PortalSpec, ext: str) -> dict[str, int]:
    """Path -> page number: index.ext, index_1.ext … (and the bare directory in the farm)."""
    col_dir = spec.column_path.rsplit("/", 1)[0] + "/"
    pages = {col_dir + (f"index.{ext}" if n == 1 else f"index_{n - 1}.{ext}"): n for n in range(1, spec.n_pages + 1)}
    return ({col_dir: 1} | pages) if spec.variant == "farm" else pages


def list_paths(spec: PortalSpec) -> list[str]:
    return [path for path in _list_pages(spec, spec.markup.get("ext", "html")) if not path.endswith("/")]


def routes(spec: PortalSpec, sites: dict[str, str]):
    render = _farm if spec.variant == "farm" else _bench
    return render(spec, sites), None


def _farm(spec: PortalSpec, sites: dict[str, str]):
    ext = spec.markup.get("ext", "html")
    metas = (f'<meta name="SiteName" content="{a(spec.name)}">\n<meta name="SiteDomain" content="{spec.domain}">\n'
             f'<meta name="SiteIDCode" content="{spec.site_code}">\n<meta name="ColumnName" content="{a(spec.column_name)}">')

    def list_page(n: int) -> str:
        lis = "\n".join(
            f'<li><a href="{a(farm.list_href(spec, i, sites))}" title="{a(i.title)}" target="_blank">{e(i.title)}</a>'
            f"<span>{i.date}</span></li>" for i in spec.page_items(n))
        return f"""{XHTML}
<head>
{farm.meta_charset(spec)}
<title>{e(spec.column_name)}_{e(spec.name)}</title>
{metas}
<link href="/images/common.css" rel="stylesheet" type="text/css">
</head>
<body>
{farm.header(spec)}
<div class="crumbsNav">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="./">{e(spec.column_name)}</a></div>
<div class="list-box">
  <div class="list-title">{e(spec.column_name)}</div>
  <ul class="list">
{lis}
  </ul>
  <div class="page">
  <script type="text/javascript">
  var currentPage = {n - 1};
  var countPage = {spec.n_pages};
  createPageHTML({spec.n_pages}, {n - 1}, "index", "{ext}");
  </script>
  </div>
</div>
{farm.footer(spec)}
</body>
</html>
"""

    def article(item: ItemSpec) -> str:
        return f"""{XHTML}
<head>
{farm.meta_charset(spec)}
<title>{e(item.title)}_{e(spec.column_name)}_{e(spec.name)}</title>
{metas}
<meta name="ColumnType" content="政务公开">
<meta name="ArticleTitle" content="{a(item.title)}">
<meta name="PubDate" content="{item.published}">
<meta name="ContentSource" content="{a(item.source)}">
<meta name="Keywords" content="法治政府">
<meta name="Url" content="http://{spec.domain}{item.path}">
<link href="/images/common.css" rel="stylesheet" type="text/css">
</head>
<body>
{farm.header(spec)}
<div class="crumbsNav">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="{spec.column_path}">{e(spec.column_name)}</a> &gt; 正文</div>
{farm.xxgk_table(item)}
<div class="article">
  <h1 class="title">{e(item.title)}</h1>
  <div class="info">
    <span>发布时间：{item.published[:16]}</span><span>来源：{e(item.source)}</span>
    <span>【字体：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】</span>
    <span><a href="javascript:window.print()">打印本页</a></span>
  </div>
  <div class="view TRS_UEDITOR trs_paper_default">
  <div class="TRS_Editor"><div class="Custom_UnionStyle">
{farm.article_body(spec, item)}
  </div></div>
  </div>
  <div class="share">分享到：<a href="javascript:;">微信</a> <a href="javascript:;">微博</a></div>
  <div class="close"><a href="javascript:window.close()">关闭窗口</a></div>
</div>
{farm.footer(spec)}
</body>
</html>
"""

    pages = {p: (lambda: page(spec, farm.home(spec))) for p in ("/", "/index.html")}
    pages.update({p: (lambda n=n: page(spec, list_page(n))) for p, n in _list_pages(spec, ext).items()})
    pages.update(farm.item_pages(spec, sites, article))
    return pages


def _bench(spec: PortalSpec, sites: dict[str, str]):
    base, ext = sites[spec.id], spec.markup["ext"]

    def list_page(n: int, path: str) -> str:
        pager = f'<script type="text/javascript">createPageHTML({spec.n_pages}, {n - 1}, "index", "{ext}");</script>'
        head = f'{bench.list_metas(spec)}\n<script type="text/javascript" src="/js/createPageHTML.js"></script>'
        return bench.numbered_list(spec, base, n, path, pager, head, "crumbsNav")

    def article(item: ItemSpec) -> str:
        metas, info, body, tools = bench.article_parts(spec, item)
        content = (f'<div class="crumbsNav">当前位置：{bench.crumbs(spec)}</div><h1>{e(item.title)}</h1>{info}'
                   f'<div class="TRS_Editor"><div class="Custom_UnionStyle">\n{body}\n</div></div>')
        return bench.skeleton(spec, f"{item.title}_{spec.name}", metas, f'<div class="article">{content}{tools}</div>')

    pages = bench.home_routes(spec, lambda: page(spec, bench.home(spec)))
    pages.update({p: (lambda n=n, p=p: page(spec, list_page(n, p))) for p, n in _list_pages(spec, ext).items()})
    pages.update({i.path: (lambda i=i: page(spec, article(i))) for i in spec.items})
    return pages
