"""Render the test farm's pages (HTML text) from farm_sites.py. No sockets here.

Templates: ``trs`` (TRS WCM: index_N lists, createPageHTML, TRS_Editor articles),
``generic`` (plain ul.list, 下一页 paging, no CMS fingerprint), ``table`` (a list in table
rows with 首页/上页/下页/尾页 links, notice pages with attachments) and ``elsewhere``.
Look-alike and filler bodies come from content.py, as on the seed mirror.
"""

from __future__ import annotations

from types import SimpleNamespace

from . import content
from .farm_sites import FarmItem, FarmSite
from .pages import a, e

IND = "\u3000\u3000"


def encode(site: FarmSite, text: str) -> bytes:
    return text.encode(site.encoding, errors="xmlcharrefreplace")


def content_type(site: FarmSite, mime: str = "text/html") -> str:
    return f"{mime}; charset={site.encoding}" if site.charset_header else mime


def _meta_charset(site: FarmSite) -> str:
    if site.style == "trs":  # old TRS templates: the http-equiv form
        return f'<meta http-equiv="Content-Type" content="text/html; charset={site.meta_charset}">'
    return f'<meta charset="{site.meta_charset}">'


def _ctx(site: FarmSite) -> SimpleNamespace:
    """What content.py's body generators read from a site."""
    rep = site.report_item
    return SimpleNamespace(
        county=site.county, city=site.city, cms=site.style,
        report_item=SimpleNamespace(title=rep.title, path=rep.path),
        report=SimpleNamespace(report_year=rep.report.report_year, publisher_full=f"{site.county}司法局"),
    )


def _blocks_html(site: FarmSite, item: FarmItem) -> str:
    out = []
    for b in content.body_blocks(_ctx(site), item):
        kind = b[0]
        if kind == "p":
            out.append(f"<p>{IND}{e(b[1])}</p>")
        elif kind == "h":
            out.append(f"<p>{IND}<strong>{e(b[1])}</strong></p>")
        elif kind == "img":
            out.append(f'<p style="text-align: center;"><img src="{a(b[2])}" alt="{a(b[1])}"></p>')
        elif kind == "link":
            out.append(f'<p>{IND}<a href="{a(b[2])}" target="_blank">{e(b[1])}</a></p>')
        elif kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in b[1])
            out.append(f'<table border="1" cellspacing="0" width="100%">{rows}</table>')
    return "\n".join(out)


def _report_html(item: FarmItem) -> str:
    out = []
    for text in item.report.paragraphs:
        if text[:2] in ("一、", "二、", "三、", "四、", "五、"):
            out.append(f"<p>{IND}<strong>{e(text)}</strong></p>")
        elif text == item.report.text.gov or text == item.report.text.signed:
            out.append(f'<p style="text-align: right;">{e(text)}</p>')
        else:
            out.append(f"<p>{IND}{e(text)}</p>")
    return "\n".join(out)


def notice_paragraphs(site: FarmSite, item: FarmItem) -> tuple[str, ...]:
    """The short notice a report_* page shows instead of the report (without the link)."""
    rep = item.report
    return (
        f"根据《法治政府建设与责任落实督察工作规定》要求，现将《{rep.title}》予以公开。",
        "全文详见附件。",
    )


def _notice_html(site: FarmSite, item: FarmItem) -> str:
    rep = item.report
    paras = "\n".join(f"<p>{IND}{e(t)}</p>" for t in notice_paragraphs(site, item))
    return (f"{paras}\n<p>{IND}附件：<a href=\"{a(item.attachment_path)}\" target=\"_blank\">{e(rep.attachment_name)}</a></p>\n"
            f'<p style="text-align: right;">{e(rep.text.gov)}</p>\n'
            f'<p style="text-align: right;">{e(rep.text.signed)}</p>')


def article_body_html(site: FarmSite, item: FarmItem) -> str:
    if item.role == "report":
        return _report_html(item)
    if item.role.startswith("report_"):
        return _notice_html(site, item)
    return _blocks_html(site, item)


def _source(site: FarmSite, item: FarmItem) -> str:
    return item.report.publisher if item.report else site.publisher


def _footer(site: FarmSite) -> str:
    return f"""<div class="footer">
  <p><a href="/">网站地图</a> | <a href="/">联系我们</a> | <a href="/">网站声明</a></p>
  <p>主办单位：{e(site.name)}办公室　　版权所有：{e(site.name)}</p>
  <p>网站标识码：{site.site_code}　　<a href="https://beian.miit.gov.cn/">{e(site.icp)}</a></p>
</div>"""


def _header(site: FarmSite) -> str:
    return f"""<div class="header">
  <div class="topbar"><span>欢迎访问{e(site.name)}门户网站</span> <a href="javascript:;">无障碍浏览</a> <a href="javascript:;">长者模式</a></div>
  <ul class="nav"><li><a href="/">首页</a></li><li><a href="/">政务公开</a></li><li><a href="/">政务服务</a></li><li><a href="/">互动交流</a></li></ul>
</div>"""


def _list_href(site: FarmSite, item: FarmItem, bases: dict[str, str]) -> str:
    if item.host:
        return bases[item.host] + item.path
    if site.style == "trs" and item.path.startswith(site.column_dir):
        return "./" + item.path[len(site.column_dir):]
    return item.path


# ---------------------------------------------------------------------------
# TRS
# ---------------------------------------------------------------------------
def trs_list(site: FarmSite, page: int, bases: dict[str, str]) -> str:
    lis = "\n".join(
        f'<li><a href="{a(_list_href(site, i, bases))}" title="{a(i.title)}" target="_blank">{e(i.title)}</a>'
        f"<span>{i.date}</span></li>" for i in site.page_items(page))
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
{_meta_charset(site)}
<title>{e(site.column_name)}_{e(site.name)}</title>
<meta name="SiteName" content="{a(site.name)}">
<meta name="SiteDomain" content="{site.domain}">
<meta name="SiteIDCode" content="{site.site_code}">
<meta name="ColumnName" content="{a(site.column_name)}">
<link href="/images/common.css" rel="stylesheet" type="text/css">
</head>
<body>
{_header(site)}
<div class="crumbsNav">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="./">{e(site.column_name)}</a></div>
<div class="list-box">
  <div class="list-title">{e(site.column_name)}</div>
  <ul class="list">
{lis}
  </ul>
  <div class="page">
  <script type="text/javascript">
  var currentPage = {page - 1};
  var countPage = {site.n_pages};
  createPageHTML({site.n_pages}, {page - 1}, "index", "{site.ext}");
  </script>
  </div>
</div>
{_footer(site)}
</body>
</html>
"""


def _xxgk_table(site: FarmSite, item: FarmItem) -> str:
    rows = (("索引号", item.index_no), ("发布机构", _source(site, item)),
            ("主题分类", "综合政务" if item.report else "其他"), ("成文日期", item.date),
            ("发布日期", item.date), ("公开方式", "主动公开"))
    cells = "".join(f"<tr><th>{lab}：</th><td>{e(val)}</td></tr>" for lab, val in rows)
    return f'<table class="xxgk-table" width="100%">{cells}</table>'


def trs_article(site: FarmSite, item: FarmItem) -> str:
    src = _source(site, item)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
{_meta_charset(site)}
<title>{e(item.title)}_{e(site.column_name)}_{e(site.name)}</title>
<meta name="SiteName" content="{a(site.name)}">
<meta name="SiteDomain" content="{site.domain}">
<meta name="SiteIDCode" content="{site.site_code}">
<meta name="ColumnName" content="{a(site.column_name)}">
<meta name="ColumnType" content="政务公开">
<meta name="ArticleTitle" content="{a(item.title)}">
<meta name="PubDate" content="{item.pub_datetime}">
<meta name="ContentSource" content="{a(src)}">
<meta name="Keywords" content="法治政府">
<meta name="Url" content="http://{site.domain}{item.path}">
<link href="/images/common.css" rel="stylesheet" type="text/css">
</head>
<body>
{_header(site)}
<div class="crumbsNav">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="{site.column_path}">{e(site.column_name)}</a> &gt; 正文</div>
{_xxgk_table(site, item)}
<div class="article">
  <h1 class="title">{e(item.title)}</h1>
  <div class="info">
    <span>发布时间：{item.pub_datetime[:16]}</span><span>来源：{e(src)}</span>
    <span>【字体：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】</span>
    <span><a href="javascript:window.print()">打印本页</a></span>
  </div>
  <div class="view TRS_UEDITOR trs_paper_default">
  <div class="TRS_Editor"><div class="Custom_UnionStyle">
{article_body_html(site, item)}
  </div></div>
  </div>
  <div class="share">分享到：<a href="javascript:;">微信</a> <a href="javascript:;">微博</a></div>
  <div class="close"><a href="javascript:window.close()">关闭窗口</a></div>
</div>
{_footer(site)}
</body>
</html>
"""


# ---------------------------------------------------------------------------
# generic
# ---------------------------------------------------------------------------
def _pager(site: FarmSite, page: int) -> str:
    links = []
    if site.style == "generic":
        if page > 1:
            links.append(f'<a href="{site.list_page_path(page - 1).rsplit("/", 1)[1]}">上一页</a>')
        links.append(f"<span>第{page}页 / 共{site.n_pages}页</span>")
        if page < site.n_pages:
            links.append(f'<a href="{site.list_page_path(page + 1).rsplit("/", 1)[1]}">下一页</a>')
        return f'<div class="pagination">{" ".join(links)}</div>'
    # table style: query-string pages, 首页 上页 下页 尾页
    def href(p: int) -> str:
        return "index.jsp" if p == 1 else f"index.jsp?pageIndex={p}"
    links.append(f'<a href="{href(1)}">首页</a>')
    links.append(f'<a href="{href(page - 1)}">上页</a>' if page > 1 else "<span>上页</span>")
    links.append(f'<a href="{href(page + 1)}">下页</a>' if page < site.n_pages else "<span>下页</span>")
    links.append(f'<a href="{href(site.n_pages)}">尾页</a>')
    links.append(f"<span>共{len(site.items)}条 {page}/{site.n_pages}页</span>")
    return f'<div class="pagination">{" ".join(links)}</div>'


def generic_list(site: FarmSite, page: int, bases: dict[str, str]) -> str:
    if site.style == "table":
        rows = "\n".join(
            f'<tr><td class="title"><a href="{a(_list_href(site, i, bases))}" title="{a(i.title)}" target="_blank">'
            f'{e(i.title)}</a></td><td class="date">{i.date}</td></tr>' for i in site.page_items(page))
        listing = f'<table class="list-table" width="100%">\n{rows}\n</table>'
    else:
        lis = "\n".join(
            f'<li><a href="{a(_list_href(site, i, bases))}" target="_blank">{e(i.title)}</a><span>{i.date}</span></li>'
            for i in site.page_items(page))
        listing = f'<ul class="list">\n{lis}\n</ul>'
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{_meta_charset(site)}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(site.column_name)} - {e(site.name)}</title>
<link rel="stylesheet" href="/static/css/main.css">
</head>
<body>
{_header(site)}
<div class="breadcrumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/">信息公开</a> &gt; {e(site.column_name)}</div>
<div class="main">
  <h2 class="column-title">{e(site.column_name)}</h2>
  {listing}
  {_pager(site, page)}
</div>
{_footer(site)}
</body>
</html>
"""


def generic_article(site: FarmSite, item: FarmItem) -> str:
    src = _source(site, item)
    table = _xxgk_table(site, item) if site.style == "table" else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{_meta_charset(site)}
<title>{e(item.title)} - {e(site.name)}</title>
<meta name="description" content="{a(item.title)}">
<link rel="stylesheet" href="/static/css/main.css">
</head>
<body>
{_header(site)}
<div class="breadcrumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/">信息公开</a> &gt; <a href="{site.column_path}">{e(site.column_name)}</a></div>
{table}
<div class="article">
  <h1>{e(item.title)}</h1>
  <div class="info">发布时间：{item.pub_datetime[:16]}　来源：{e(src)}　浏览次数：<span id="hits">128</span></div>
  <div class="content">
{article_body_html(site, item)}
  </div>
  <div class="tools"><a href="javascript:window.print()">【打印】</a><a href="javascript:window.close()">【关闭】</a></div>
</div>
{_footer(site)}
</body>
</html>
"""


def elsewhere_page(site: FarmSite, title: str, pub: str, paras: tuple[str, ...]) -> str:
    body = "\n".join(f"<p>{IND}{e(p)}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{e(title)} - {e(site.name)}</title>
</head>
<body>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; {e(site.column_name)}</div>
<div class="article"><h1>{e(title)}</h1><div class="info">发布时间：{pub[:16]}</div>
<div class="content">
{body}
</div></div>
{_footer(site)}
</body>
</html>
"""


def home(site: FarmSite) -> str:
    col = f'<a href="{site.column_path}">{e(site.column_name)}</a>' if site.items else ""
    return (f"<!DOCTYPE html><html><head>{_meta_charset(site)}<title>{e(site.name)}</title></head>"
            f"<body>{_header(site)}<div class=\"main\">{col}</div>{_footer(site)}</body></html>\n")
