"""Render the mirror's pages (HTML / XML text) from the data in sites.py.

No sockets here: server.py asks for a page by path and gets (status, content type, bytes).
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

from . import content
from .seedtext import load_seed
from .sites import PER_PAGE, REPORT, Item, Site

FINGERPRINT = "<!--Produced By 大汉网络 大汉版通发布系统 -->"
ROBOTS = "User-agent: *\nAllow: /\n"

_PINYIN = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_RUBY_RE = re.compile(rf"([\u3400-\u9fff])\(([{_PINYIN}]+)\)")
_HEAD_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")


def e(text: str) -> str:
    return escape(text, quote=False)


def a(text: str) -> str:
    return escape(text, quote=True)


# ---------------------------------------------------------------------------
# encoding
# ---------------------------------------------------------------------------
def encode(site: Site, text: str) -> bytes:
    return text.encode(site.encoding, errors="xmlcharrefreplace")


def content_type(site: Site, mime: str = "text/html") -> str:
    return f"{mime}; charset={site.encoding}" if site.charset_header else mime


def _meta_charset(site: Site) -> str:
    return f'<meta charset="{site.meta_charset}">'


# ---------------------------------------------------------------------------
# report body
# ---------------------------------------------------------------------------
def _ruby(escaped: str) -> str:
    return _RUBY_RE.sub(r"<ruby>\1<rp>(</rp><rt>\2</rt><rp>)</rp></ruby>", escaped)


def _inline(site: Site, text: str) -> str:
    out = e(text)
    return _ruby(out) if site.report.ruby_pinyin else out


def _span_runs(text: str) -> str:
    """Split a paragraph into Word-style <span> runs (at clause boundaries)."""
    parts = re.split(r"(?<=[，,；。、])", text)
    runs, cur = [], ""
    for i, part in enumerate(parts):
        cur += part
        if len(cur) >= 18 or i == len(parts) - 1:
            runs.append(cur)
            cur = ""
    style = 'style="font-family: 仿宋_GB2312; font-size: 16pt;"'
    return "".join(f"<span {style}>{e(r)}</span>" for r in runs if r)


def report_paragraph_html(site: Site, text: str) -> str:
    spec = site.report
    if spec.span_runs:
        return f'<p style="text-indent: 2em; line-height: 1.75em;">{_span_runs(text)}</p>'
    lead = "\u3000\u3000"
    if spec.bold_headings and _HEAD_RE.match(text):
        if len(text) <= 40 and "。" not in text[:-1]:
            return f"<p>{lead}<strong>{_inline(site, text)}</strong></p>"
        cut = text.find("。")
        if 0 < cut < 60:
            return (f"<p>{lead}<strong>{_inline(site, text[:cut + 1])}</strong>"
                    f"{_inline(site, text[cut + 1:])}</p>")
    return f"<p>{lead}{_inline(site, text)}</p>"


def report_body_html(site: Site) -> str:
    seed = load_seed(site.report.seed_file)
    return "\n".join(report_paragraph_html(site, p) for p in seed.body)


def blocks_html(site: Site, blocks: list[tuple]) -> str:
    out = []
    indent = "" if site.cms == "hunan" else "\u3000\u3000"
    pstyle = ' style="text-indent: 2em;"' if site.cms == "hunan" else ""
    for b in blocks:
        kind = b[0]
        if kind == "p":
            out.append(f"<p{pstyle}>{indent}{e(b[1])}</p>")
        elif kind == "h":
            out.append(f"<p{pstyle}>{indent}<strong>{e(b[1])}</strong></p>")
        elif kind == "img":
            out.append(f'<p style="text-align: center;"><img src="{a(b[2])}" alt="{a(b[1])}" border="0"></p>')
        elif kind == "link":
            out.append(f'<p{pstyle}>{indent}<a href="{a(b[2])}" target="_blank">{e(b[1])}</a></p>')
        elif kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in b[1])
            out.append(f'<table border="1" cellspacing="0" cellpadding="4" width="100%">{rows}</table>')
    return "\n".join(out)


def article_body_html(site: Site, item: Item) -> str:
    if item.kind == REPORT:
        return report_body_html(site)
    return blocks_html(site, content.body_blocks(site, item))


# ---------------------------------------------------------------------------
# shared chrome
# ---------------------------------------------------------------------------
def _site_name(site: Site) -> str:
    return site.name


def _footer(site: Site) -> str:
    return f"""<div class="footer">
  <p><a href="/">网站地图</a> | <a href="/">联系我们</a> | <a href="/">隐私声明</a></p>
  <p>主办单位：{e(site.host_org)}　　版权所有：{e(site.name)}</p>
  <p>网站标识码：{site.site_code}　　<a href="https://beian.miit.gov.cn/" target="_blank">{e(site.icp)}</a>　　{e(site.psb)}</p>
  <p>技术支持：{'大汉网络' if site.cms == 'hanweb' else '湖南省政府门户网站集约化平台'}　　建议使用1920×1080分辨率</p>
</div>"""


def _header(site: Site) -> str:
    return f"""<div class="top">
  <div class="top-bar"><span>欢迎访问{e(site.name)}门户网站</span>
    <a href="javascript:;" id="wza">无障碍浏览</a> <a href="javascript:;" id="zzms">长者模式</a></div>
  <div class="logo"><a href="/"><img src="/images/logo.png" alt="{a(site.name)}"></a></div>
  <ul class="nav"><li><a href="/">首页</a></li><li><a href="/">政务公开</a></li><li><a href="/">政务服务</a></li><li><a href="/">互动交流</a></li><li><a href="/">走进{e(site.county)}</a></li></ul>
</div>"""


def _crumbs(site: Site, sep: str = " &gt; ") -> str:
    parts = ['<a href="/">首页</a>'] + [f'<a href="javascript:;">{e(x)}</a>' for x in site.breadcrumb]
    parts.append(f'<a href="{site.column_path}">{e(site.column_name)}</a>')
    return sep.join(parts)


def _neighbors(site: Site, item: Item) -> tuple[Item | None, Item | None]:
    idx = site.items.index(item)
    prev = site.items[idx - 1] if idx > 0 else None
    nxt = site.items[idx + 1] if idx + 1 < len(site.items) else None
    return prev, nxt


def _related(site: Site, item: Item) -> list[Item]:
    kinds = ("work_plan", "interpretation")
    return [i for i in site.items if i.kind in kinds and i is not item][:2]


# ---------------------------------------------------------------------------
# Hanweb
# ---------------------------------------------------------------------------
def _hanweb_record(site: Site, item: Item) -> str:
    shown = item.title
    if site.id == "nb-jiangbei" and len(shown) > 28:  # real lists truncate display text
        shown = shown[:28] + "..."
    return (f'<li><a href="{a(item.path)}" title="{a(item.title)}" target="_blank">{e(shown)}</a>'
            f"<span>{item.date}</span></li>")


def _proxy_query(site: Site, page: int) -> str:
    return (f"page={page}&appid=1&webid={site.webid}&path=/&columnid={site.column_id}"
            f"&unitid={site.unitid}&webname={quote(site.name)}&permissiontype=0")


def hanweb_datastore_xml(site: Site, items: list[Item], with_total: bool = True) -> str:
    records = "\n".join(f"<record><![CDATA[{_hanweb_record(site, i)}]]></record>" for i in items)
    nextgroup = f'<nextgroup><![CDATA[<a href="{site.proxy_path}?{_proxy_query(site, 1)}"></a>]]></nextgroup>'
    total = f"<totalrecord>{len(site.items)}</totalrecord>" if with_total else ""
    return f"<datastore>{total}\n{nextgroup}\n<recordset>\n{records}\n</recordset>\n</datastore>"


def hanweb_proxy_response(site: Site, start: int, end: int) -> str:
    start = max(1, start)
    items = site.items[start - 1 : max(start - 1, end)]
    decl = f'<?xml version="1.0" encoding="{"GBK" if site.encoding == "gbk" else "UTF-8"}"?>\n'
    return decl + hanweb_datastore_xml(site, items)


def hanweb_empty_response(site: Site) -> str:
    decl = f'<?xml version="1.0" encoding="{"GBK" if site.encoding == "gbk" else "UTF-8"}"?>\n'
    return decl + "<datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>"


def _jpage_script(site: Site) -> str:
    u = site.unitid
    ajax = (f"{{col:1,appid:1,webid:{site.webid},path:'/',columnid:{site.column_id},sourceContentType:1,"
            f"unitid:'{u}',webname:'{site.name}',permissiontype:0}}")
    ajax_type = "'get'" if site.proxy_method == "GET" else "'post'"
    return f"""<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="{site.proxy_path.rsplit('/', 1)[0]}/jpage.js"></script>
<script type="text/javascript">
  var unitid = {u};
  $(document).ready(function(){{
    var dataStore = $("#{u}").find("script[type='text/xml']").text();
    $('#div{u}').jpage({{
      dataStore: dataStore,
      containerTag: 'ul',
      proxyUrl: '{site.proxy_path}',
      ajaxType: {ajax_type},
      ajaxParam: {ajax},
      perPage:{PER_PAGE},
      totalRecord:{len(site.items)},
      groupSize:3,
      barPosition: 'bottom',
      showMode: 'full'
    }});
  }});
</script>"""


def _site_metas(site: Site) -> str:
    """The site-level <meta> tags every page of a jcms / Hunan site carries."""
    return (f'<meta name="SiteName" content="{a(site.name)}">\n'
            f'<meta name="SiteDomain" content="{site.domain}">\n'
            f'<meta name="SiteIDCode" content="{site.site_code}">\n'
            f'<meta name="ColumnName" content="{a(site.column_name)}">')


def hanweb_column(site: Site) -> str:
    first = site.page_items(1)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{_meta_charset(site)}
{FINGERPRINT}
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{e(site.column_name)}{e(site.title_sep)}{e(site.name)}</title>
{_site_metas(site)}
<meta name="ColumnType" content="{a(site.breadcrumb[-1])}">
<link rel="stylesheet" href="/images/2021/common.css">
</head>
<body>
{_header(site)}
<div class="main">
  <div class="crumbs">当前位置：{_crumbs(site)}</div>
  <div class="left-nav"><h2>{e(site.breadcrumb[-1])}</h2>
    <ul><li class="on"><a href="{site.column_path}">{e(site.column_name)}</a></li><li><a href="javascript:;">工作动态</a></li><li><a href="javascript:;">通知公告</a></li></ul></div>
  <div class="right-list">
    <div class="list-title"><span>{e(site.column_name)}</span></div>
    <div id="{site.unitid}"><script type="text/xml">{hanweb_datastore_xml(site, first, with_total=False)}</script></div>
    <div id="div{site.unitid}"></div>
  </div>
</div>
{_jpage_script(site)}
{_footer(site)}
</body>
</html>
"""


def _xxgk_values(site: Site, item: Item) -> dict[str, str]:
    rep = site.report
    is_rep = item.kind == REPORT
    return {
        "索引号": item.index_no,
        "组配分类": rep.group or site.column_name,
        "主题分类": rep.topic if is_rep else "综合政务/其他",
        "发布机构": item.publisher,
        "成文日期": rep.written_date if is_rep else item.date,
        "生成日期": item.date,
        "文号": rep.doc_no if is_rep else "",
        "公开方式": "主动公开",
        "体裁分类": (rep.genre or "其他") if is_rep else "其他",
        "发布日期": item.date,
    }


def _xxgk_table(site: Site, item: Item) -> str:
    vals = _xxgk_values(site, item)
    cells = [f'<td class="xxgk-label">{lab}：</td><td class="xxgk-value">{e(vals[lab])}</td>'
             for lab in site.table_order]
    if len(cells) % 2:
        cells.append("<td></td><td></td>")
    rows = "\n".join(f"<tr>{cells[i]}{cells[i + 1]}</tr>" for i in range(0, len(cells), 2))
    return f'<div class="xxgk-table"><table width="100%" cellspacing="0" cellpadding="0">\n{rows}\n</table></div>'


def _source(site: Site, item: Item) -> str:
    if item.kind == REPORT:
        return site.report.content_source or site.report.publisher_full
    return site.report.publisher_full


def hanweb_article(site: Site, item: Item) -> str:
    prev, nxt = _neighbors(site, item)
    related = _related(site, item)
    rel = "".join(f'<li><a href="{a(r.path)}" target="_blank">《{e(r.title)}》</a></li>' for r in related)
    rel += "<li><span>《法治政府建设与责任落实督察工作规定》</span></li>"
    prev_html = f'<a href="{a(prev.path)}">{e(prev.title)}</a>' if prev else "没有了"
    next_html = f'<a href="{a(nxt.path)}">{e(nxt.title)}</a>' if nxt else "没有了"
    src = _source(site, item)
    sep = site.title_sep
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{_meta_charset(site)}
{FINGERPRINT}
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{e(item.title)}{e(sep)}{e(site.column_name)}{e(sep)}{e(site.name)}</title>
{_site_metas(site)}
<meta name="ColumnType" content="{a(site.breadcrumb[-1])}">
<meta name="ArticleTitle" content="{a(item.title)}">
<meta name="PubDate" content="{item.pub_datetime}">
<meta name="ContentSource" content="{a(src)}">
<meta name="Keywords" content="{a(site.column_name)}">
<meta name="Description" content="{a(item.title)}">
<meta name="Maketime" content="{item.pub_datetime}:{int(item.index_no[-2:]) % 60:02d}">
<meta name="Url" content="http://{site.domain}{item.path}">
<link rel="stylesheet" href="/images/2021/common.css">
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
</head>
<body>
{_header(site)}
<div class="main">
  <div class="crumbs">当前位置：{_crumbs(site)} &gt; 正文</div>
  {_xxgk_table(site, item)}
  <div class="article">
    <h1 class="article-title">{e(item.title)}</h1>
    <div class="article-info">
      <span>发布日期：{item.pub_datetime}</span>
      <span><!--<$[信息来源]>begin-->信息来源：{e(src)}<!--<$[信息来源]>end--></span>
      <span>浏览次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid={site.column_id}&artid={item.index_no[-5:]}"></script></span>
      <span class="font-size">【字体：<a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span>
    </div>
    <div id="zoom" class="article-content">
<meta name="ContentStart"><!--ZJEG_RSS.content.begin-->
{article_body_html(site, item)}
<!--ZJEG_RSS.content.end--><meta name="ContentEnd">
    </div>
    <div class="article-tools">
      <a href="javascript:window.print()">打印本页</a>
      <a href="javascript:window.close()">关闭窗口</a>
      <span class="share">分享到：<a href="javascript:;" class="share-wx">微信</a><a href="javascript:;" class="share-wb">微博</a></span>
      <script type="text/javascript">var shareTitle = document.title; var shareUrl = location.href;</script>
    </div>
    <div class="ewm"><img src="/images/ewm.png" alt=""><p>扫一扫在手机打开当前页</p></div>
    <div class="prev-next">
      <p>上一篇：{prev_html}</p>
      <p>下一篇：{next_html}</p>
    </div>
    <div class="related"><h3>相关链接</h3><ul>{rel}</ul></div>
  </div>
</div>
{_footer(site)}
</body>
</html>
"""


# ---------------------------------------------------------------------------
# Hunan platform
# ---------------------------------------------------------------------------
def hunan_list_name(page: int) -> str:
    return "list.shtml" if page == 1 else f"list_{page}.shtml"


def hunan_list(site: Site, page: int) -> str:
    lis = "\n".join(
        f'<li><a href="{a(i.path)}" target="_blank" title="{a(i.title)}">{e(i.title)}</a><span>{i.date}</span></li>'
        for i in site.page_items(page))
    return f"""<!DOCTYPE html>
<html>
<head>
{_meta_charset(site)}
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<title>{e(site.column_name)}-{e(site.name)}</title>
<meta name="SiteName" content="{a(site.name)}">
<meta name="ColumnName" content="{a(site.column_name)}">
<link rel="stylesheet" href="{site.site_dir}/xhtml/css/common.css">
<script type="text/javascript" src="{site.site_dir}/xhtml/js/createPageHTML.js"></script>
</head>
<body>
{_header(site)}
<div class="container">
  <div class="article_site">当前位置：{_crumbs(site)}</div>
  <div class="list_box">
    <div class="list_title"><h2>{e(site.column_name)}</h2></div>
    <ul class="list">
{lis}
    </ul>
    <div id="paging" class="paging"></div>
    <script type="text/javascript">createPageHTML('paging', {site.n_pages}, {page}, 'list', 'shtml', {len(site.items)});</script>
  </div>
</div>
{_footer(site)}
</body>
</html>
"""


def hunan_article(site: Site, item: Item) -> str:
    prev, nxt = _neighbors(site, item)
    prev_html = f'<a href="{a(prev.path)}">{e(prev.title)}</a>' if prev else "无"
    next_html = f'<a href="{a(nxt.path)}">{e(nxt.title)}</a>' if nxt else "无"
    src = _source(site, item)
    return f"""<!DOCTYPE html>
<html>
<head>
{_meta_charset(site)}
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<title>{e(item.title)}-{e(site.name)}</title>
{_site_metas(site)}
<meta name="ArticleTitle" content="{a(item.title)}">
<meta name="PubDate" content="{item.pub_datetime}">
<meta name="ContentSource" content="{a(src)}">
<meta name="Url" content="https://{site.domain}{item.path}">
<link rel="stylesheet" href="{site.site_dir}/xhtml/css/common.css">
</head>
<body>
{_header(site)}
<div class="container">
  <div class="article_site">当前位置：{_crumbs(site)}</div>
  <div class="article">
    <div class="article_title"><h1>{e(item.title)}</h1></div>
    <div class="article_info">
      <span>来源：{e(src)}</span><span>发布时间：{item.pub_datetime}</span><span>浏览次数：<span id="hits">--</span></span>
      <span>【字体：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】</span>
    </div>
    <div class="p_box">
{article_body_html(site, item)}
    </div>
    <div class="article_tools"><a href="javascript:window.print();">【打印】</a><a href="javascript:window.close();">【关闭】</a></div>
    <div class="ewm"><div id="qrcode"></div><p>扫一扫在手机打开当前页</p></div>
    <div class="article_page"><p>上一篇：{prev_html}</p><p>下一篇：{next_html}</p></div>
  </div>
</div>
{_footer(site)}
</body>
</html>
"""


# ---------------------------------------------------------------------------
# home page
# ---------------------------------------------------------------------------
def home(site: Site) -> str:
    latest = "".join(f'<li><a href="{a(i.path)}">{e(i.title)}</a><span>{i.date}</span></li>'
                     for i in site.page_items(1)[:6])
    fp = FINGERPRINT if site.cms == "hanweb" else ""
    return f"""<!DOCTYPE html>
<html>
<head>
{_meta_charset(site)}
{fp}
<title>{e(site.name)}</title>
<meta name="SiteName" content="{a(site.name)}">
</head>
<body>
{_header(site)}
<div class="main">
  <div class="col-box"><h2><a href="{site.column_path}">{e(site.column_name)}</a></h2><ul>{latest}</ul>
  <a class="more" href="{site.column_path}">更多&gt;&gt;</a></div>
</div>
{_footer(site)}
</body>
</html>
"""
