"""Hanweb jcms (大汉版通): a column page carrying its first records as a text/xml datastore,
the rest from a dataproxy.jsp (POST startrecord/endrecord or GET page=N); articles under
/art/Y/M/D/art_col_id.html or /col/colN/art/Y/art_hex.html. Variants: county, bench."""

from __future__ import annotations

from urllib.parse import quote

from ..spec import ItemSpec, PortalSpec
from . import bench, county
from .common import a, e, neighbours, page, xml_declaration


def _int(params: dict[str, str], name: str, default: int) -> int:
    try:
        return int(params.get(name, default))
    except (TypeError, ValueError):
        return default


def _record_range(params: dict[str, str], per_page: int) -> tuple[int, int]:
    """1-based first and last record a dataproxy request asks for."""
    if "startrecord" in params:
        start = max(1, _int(params, "startrecord", 1))
        return start, _int(params, "endrecord", start + 44)
    per, pg = max(1, _int(params, "perpage", per_page)), max(1, _int(params, "page", 1))
    return (pg - 1) * per + 1, pg * per


def _proxy(spec: PortalSpec, datastore, proxy_path: str):
    """The dataproxy: records start..end of the column, or an empty datastore for another column."""

    def answer(path: str, params: dict[str, str], _call=None):
        if path != proxy_path:
            return None
        if params.get("columnid") != spec.column_id:
            empty = "<datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>"
            return page(spec, xml_declaration(spec) + empty, "text/xml")
        start, end = _record_range(params, spec.per_page)
        return page(spec, xml_declaration(spec) + datastore(spec.listed[start - 1 : max(start - 1, end)], True), "text/xml")

    return answer


def list_paths(spec: PortalSpec) -> list[str]:
    return [spec.column_path]  # later records come from the dataproxy


def routes(spec: PortalSpec, sites: dict[str, str]):
    render = _county if spec.variant == "county" else _bench
    return render(spec, sites[spec.id])


# -- county (the mirror) ---------------------------------------------------------------
def _county(spec: PortalSpec, base: str):
    m = spec.markup

    def record(item: ItemSpec) -> str:
        shown = item.title
        limit = m.get("list_title_chars")
        if limit and len(shown) > limit:  # real lists truncate the display text
            shown = shown[:limit] + "..."
        return (f'<li><a href="{a(item.path)}" title="{a(item.title)}" target="_blank">{e(shown)}</a>'
                f"<span>{item.date}</span></li>")

    def datastore(items: list[ItemSpec], with_total: bool) -> str:
        records = "\n".join(f"<record><![CDATA[{record(i)}]]></record>" for i in items)
        query = (f"page=1&appid=1&webid={m['webid']}&path=/&columnid={spec.column_id}"
                 f"&unitid={m['unitid']}&webname={quote(spec.name)}&permissiontype=0")
        nextgroup = f'<nextgroup><![CDATA[<a href="{m["proxy_path"]}?{query}"></a>]]></nextgroup>'
        total = f"<totalrecord>{len(spec.listed)}</totalrecord>" if with_total else ""
        return f"<datastore>{total}\n{nextgroup}\n<recordset>\n{records}\n</recordset>\n</datastore>"

    def column() -> str:
        u = m["unitid"]
        ajax = (f"{{col:1,appid:1,webid:{m['webid']},path:'/',columnid:{spec.column_id},sourceContentType:1,"
                f"unitid:'{u}',webname:'{spec.name}',permissiontype:0}}")
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{county.meta_charset(spec)}
{county.FINGERPRINT}
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{e(spec.column_name)}{e(m['title_sep'])}{e(spec.name)}</title>
{county.site_metas(spec)}
<meta name="ColumnType" content="{a(spec.breadcrumb[-1])}">
<link rel="stylesheet" href="/images/2021/common.css">
</head>
<body>
{county.header(spec)}
<div class="main">
  <div class="crumbs">当前位置：{county.crumbs(spec)}</div>
  <div class="left-nav"><h2>{e(spec.breadcrumb[-1])}</h2>
    <ul><li class="on"><a href="{spec.column_path}">{e(spec.column_name)}</a></li><li><a href="javascript:;">工作动态</a></li><li><a href="javascript:;">通知公告</a></li></ul></div>
  <div class="right-list">
    <div class="list-title"><span>{e(spec.column_name)}</span></div>
    <div id="{u}"><script type="text/xml">{datastore(spec.page_items(1), False)}</script></div>
    <div id="div{u}"></div>
  </div>
</div>
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="{m['proxy_path'].rsplit('/', 1)[0]}/jpage.js"></script>
<script type="text/javascript">
  var unitid = {u};
  $(document).ready(function(){{
    var dataStore = $("#{u}").find("script[type='text/xml']").text();
    $('#div{u}').jpage({{
      dataStore: dataStore,
      containerTag: 'ul',
      proxyUrl: '{m['proxy_path']}',
      ajaxType: '{m['proxy_method'].lower()}',
      ajaxParam: {ajax},
      perPage:{spec.per_page},
      totalRecord:{len(spec.listed)},
      groupSize:3,
      barPosition: 'bottom',
      showMode: 'full'
    }});
  }});
</script>
{county.footer(spec)}
</body>
</html>
"""

    def xxgk_table(item: ItemSpec) -> str:
        rep, is_rep = county.report_of(spec), item.report is not None
        values = {"索引号": item.index_no, "组配分类": rep.group or spec.column_name,
                  "主题分类": rep.topic if is_rep else "综合政务/其他", "发布机构": rep.publisher,
                  "成文日期": rep.written_date if is_rep else item.date, "生成日期": item.date,
                  "文号": rep.doc_no if is_rep else "", "公开方式": "主动公开",
                  "体裁分类": (rep.genre or "其他") if is_rep else "其他", "发布日期": item.date}
        cells = [f'<td class="xxgk-label">{label}：</td><td class="xxgk-value">{e(values[label])}</td>'
                 for label in m["table_order"]]
        if len(cells) % 2:
            cells.append("<td></td><td></td>")
        rows = "\n".join(f"<tr>{cells[i]}{cells[i + 1]}</tr>" for i in range(0, len(cells), 2))
        return f'<div class="xxgk-table"><table width="100%" cellspacing="0" cellpadding="0">\n{rows}\n</table></div>'

    def article(item: ItemSpec) -> str:
        prev, nxt = neighbours(spec, item)
        related = [i for i in spec.listed if i.kind in ("work_plan", "interpretation") and i is not item][:2]
        rel = "".join(f'<li><a href="{a(r.path)}" target="_blank">《{e(r.title)}》</a></li>' for r in related)
        rel += "<li><span>《法治政府建设与责任落实督察工作规定》</span></li>"
        prev_html = f'<a href="{a(prev.path)}">{e(prev.title)}</a>' if prev else "没有了"
        next_html = f'<a href="{a(nxt.path)}">{e(nxt.title)}</a>' if nxt else "没有了"
        src, sep = county.source(spec, item), m["title_sep"]
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{county.meta_charset(spec)}
{county.FINGERPRINT}
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{e(item.title)}{e(sep)}{e(spec.column_name)}{e(sep)}{e(spec.name)}</title>
{county.site_metas(spec)}
<meta name="ColumnType" content="{a(spec.breadcrumb[-1])}">
<meta name="ArticleTitle" content="{a(item.title)}">
<meta name="PubDate" content="{item.published}">
<meta name="ContentSource" content="{a(src)}">
<meta name="Keywords" content="{a(spec.column_name)}">
<meta name="Description" content="{a(item.title)}">
<meta name="Maketime" content="{item.published}:{int(item.index_no[-2:]) % 60:02d}">
<meta name="Url" content="http://{spec.domain}{item.path}">
<link rel="stylesheet" href="/images/2021/common.css">
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
</head>
<body>
{county.header(spec)}
<div class="main">
  <div class="crumbs">当前位置：{county.crumbs(spec)} &gt; 正文</div>
  {xxgk_table(item)}
  <div class="article">
    <h1 class="article-title">{e(item.title)}</h1>
    <div class="article-info">
      <span>发布日期：{item.published}</span>
      <span><!--<$[信息来源]>begin-->信息来源：{e(src)}<!--<$[信息来源]>end--></span>
      <span>浏览次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid={spec.column_id}&artid={item.index_no[-5:]}"></script></span>
      <span class="font-size">【字体：<a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span>
    </div>
    <div id="zoom" class="article-content">
<meta name="ContentStart"><!--ZJEG_RSS.content.begin-->
{county.article_body(spec, item)}
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
{county.footer(spec)}
</body>
</html>
"""

    pages = {p: (lambda: page(spec, county.home(spec))) for p in county.home_paths(spec)}
    pages[spec.column_path] = lambda: page(spec, column())
    pages.update({i.path: (lambda i=i: page(spec, article(i))) for i in spec.items})
    return pages, _proxy(spec, datastore, m["proxy_path"])


# -- bench (generated portals) -----------------------------------------------------------
def _bench(spec: PortalSpec, base: str):
    m = spec.markup
    _, proxy_path, ajax_type = m["proxy"]  # (method, path, jpage ajaxType)
    unit = 7_000_000 + m["index"]

    def record(item: ItemSpec) -> str:
        shown = bench.fmt_date(item.date, m["date_fmt"])
        anchor = bench.link(spec, base, item, spec.column_path)
        if m["markup"] == "table":
            return (f'<table width="100%" border="0"><tr><td class="bt_link">{anchor}</td>'
                    f'<td class="bt_time" width="90">{e(shown)}</td></tr></table>')
        return f'<li>{anchor}<span class="{m["date_class"]}">{e(shown)}</span></li>'

    def datastore(items: list[ItemSpec], with_total: bool) -> str:
        records = "\n".join(f"<record><![CDATA[{record(i)}]]></record>" for i in items)
        total = f"<totalrecord>{len(spec.listed)}</totalrecord>" if with_total else ""
        return f"<datastore>{total}\n<recordset>\n{records}\n</recordset>\n</datastore>"

    def column() -> str:
        first = spec.listed[: spec.per_page * m["first_group"]]
        total = f"'{len(spec.listed)}'" if m["total_quoted"] else str(len(spec.listed))
        body = f"""<div class="main"><div class="crumbs">当前位置：{bench.crumbs(spec)}</div>
<div class="lm-list"><div class="lm-title">{e(spec.column_name)}</div>
<div id="{unit}"><script type="text/xml">{datastore(first, False)}</script></div>
<div id="div{unit}"></div></div></div>
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="{proxy_path.rsplit('/', 1)[0]}/jpage.js"></script>
<script type="text/javascript">
  $(document).ready(function(){{
    var dataStore = $("#{unit}").find("script[type='text/xml']").text();
    $('#div{unit}').jpage({{
      dataStore: dataStore,
      containerTag: 'ul',
      proxyUrl: '{proxy_path}',
      ajaxType: '{ajax_type}',
      ajaxParam: {{col:1,appid:1,webid:{1000 + m['index']},path:'/',columnid:{spec.column_id},sourceContentType:1,unitid:'{unit}',webname:'{spec.name}',permissiontype:0}},
      perPage:{spec.per_page},
      totalRecord:{total},
      groupSize:3,
      barPosition: 'bottom'
    }});
  }});
</script>"""
        head = f"{county.FINGERPRINT}\n<meta name=\"SiteName\" content=\"{a(spec.name)}\">"
        return bench.skeleton(spec, f"{spec.column_name} | {spec.name}", head, body)

    def article(item: ItemSpec) -> str:
        metas, info, body, tools = bench.article_parts(spec, item)
        table = (f'<table class="xxgk"><tr><td>索引号：</td><td>{spec.admin_code}/{item.date[:4]}-{10000 + item.seq}</td>'
                 f"<td>发布机构：</td><td>{e(item.source)}</td></tr><tr><td>成文日期：</td><td>{item.date}</td>"
                 f"<td>公开方式：</td><td>主动公开</td></tr></table>")
        content = (f'<h1 class="title">{e(item.title)}</h1>{info}<div id="zoom"><meta name="ContentStart">'
                   f"<!--ZJEG_RSS.content.begin-->\n{body}\n<!--ZJEG_RSS.content.end--><meta name=\"ContentEnd\"></div>")
        head = f'{county.FINGERPRINT}\n{metas}\n<meta name="Maketime" content="{item.published}:00">'
        return bench.skeleton(spec, f"{item.title} | {spec.column_name} | {spec.name}", head,
                              f'<div class="main"><div class="crumbs">当前位置：{bench.crumbs(spec)}</div>{table}'
                              f'<div class="article">{content}</div>{tools}</div>')

    pages = bench.home_routes(spec, lambda: page(spec, bench.home(spec)))
    pages[spec.column_path] = lambda: page(spec, column())
    pages.update({i.path: (lambda i=i: page(spec, article(i))) for i in spec.items})
    return pages, _proxy(spec, datastore, proxy_path)
