"""Hanweb jcms dialects the plain dataproxy walk misses (portal-platforms.md §2.9), and the
jrobot site search (§2.1). markup["dialect"]:
- proxy_url : the proxy at a path only the jpage config names (proxyUrl:'…'); perPage may
              exceed what one call should ask (config_perpage);
- jslib     : the older /module/jslib/jquery/jpage/dataproxy.jsp (POST startrecord/endrecord);
- page_only : a POST proxy that ignores startrecord/endrecord and honours page/perpage only;
- nextgroup : encrypted columnid/unitid; only the <nextgroup> URL as given (it carries a sign)
              is answered, anything else gets an empty datastore;
- pagenum   : no proxy: server-rendered pages index.html?uid=<unit>&pageNum=N.
markup: webid, unitid, first_group (pages of records embedded), jrobot (a search form)."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from ..http import Call
from ..spec import ItemSpec, PortalSpec
from . import bench, county
from . import platform as pf
from .common import a, e, page

PROXIES = {"proxy_url": "/module/web/jpage/dataproxyNew.jsp", "jslib": "/module/jslib/jquery/jpage/dataproxy.jsp",
           "page_only": "/module/jpage/dataproxy.jsp", "nextgroup": "/module/web/jpage/dataproxy.jsp"}
EMPTY = "<datastore></datastore>"   # what a refused call gets: an empty datastore (real ones: 54 bytes)
JROBOT = "/jrobot/search.do"
JROBOT_FORM = '<form action="{action}" method="get" target="_blank" class="search"><input type="hidden" name="webid" value="{webid}">' \
              '<input type="hidden" name="pg" value="12"><input type="text" name="q"><input type="hidden" name="pos" value="title">' \
              '<button type="submit">搜索</button></form>'


def list_paths(spec: PortalSpec) -> list[str]:
    if spec.markup["dialect"] == "pagenum":
        return [spec.column_path] + [_pagenum_path(spec, n) for n in range(2, spec.n_pages + 1)]
    return [spec.column_path]


def _pagenum_path(spec: PortalSpec, n: int) -> str:
    return f"{spec.column_path}?uid={spec.markup['unitid']}&pageNum={n}"


def _blob(*parts) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:24].upper()


def routes(spec: PortalSpec, sites: dict[str, str]):
    spec = pf.with_defaults(spec)
    m, base = spec.markup, sites[spec.id]
    dialect, unit = m["dialect"], m["unitid"]
    proxy = PROXIES.get(dialect, "")
    per = spec.per_page
    col_id = _blob("col", spec.column_id) if dialect == "nextgroup" else spec.column_id
    unit_id = _blob("unit", unit) if dialect == "nextgroup" else unit

    def record(item: ItemSpec) -> str:
        return f'<li>{bench.link(spec, base, item, spec.column_path)}<span class="{m["date_class"]}">{e(item.date)}</span></li>'

    def nextgroup(start: int) -> str:
        """The next group's URL (3 pages), as jcms writes it: encrypted ids and a sign."""
        if dialect != "nextgroup" or start > len(spec.listed):
            return "<nextgroup><![CDATA[]]></nextgroup>"
        query = urlencode({"startrecord": start, "endrecord": start + 3 * per - 1, "perpage": per, "webid": m["webid"],
                           "columnid": col_id, "unitid": unit_id, "sign": _blob("sign", start)})
        return f'<nextgroup><![CDATA[<a href="{proxy}?{query}"></a>]]></nextgroup>'

    def datastore(start: int, end: int, total: bool) -> str:
        shown = spec.listed[start - 1: end]
        records = "\n".join(f"<record><![CDATA[{record(i)}]]></record>" for i in shown)
        head = f"<totalrecord>{len(spec.listed)}</totalrecord>" if total else ""
        return f"<datastore>{head}\n{nextgroup(end + 1)}\n<recordset>\n{records}\n</recordset>\n</datastore>"

    def search_form() -> str:
        return JROBOT_FORM.format(action=JROBOT, webid=m["webid"]) if m.get("jrobot") else ""

    def column() -> str:
        if dialect == "pagenum":
            return numbered(1)
        first = per * m.get("first_group", 1)
        ajax = (f"{{col:1,appid:1,webid:{m['webid']},path:'/',columnid:'{col_id}',sourceContentType:1,"
                f"unitid:'{unit_id}',webname:'{spec.name}',permissiontype:0}}")
        content = (f'<div id="{unit}"><script type="text/xml">{datastore(1, first, False)}</script></div>\n<div id="div{unit}"></div>\n'
                   '<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>\n'
                   f'<script type="text/javascript" src="{proxy.rsplit("/", 1)[0]}/jpage.js"></script>\n'
                   '<script type="text/javascript">\n  $(document).ready(function(){\n'
                   f'    $("#div{unit}").jpage({{\n      dataStore: $("#{unit}").find("script[type=\'text/xml\']").text(),\n'
                   f"      containerTag: 'ul',\n      proxyUrl: '{proxy}',\n"
                   f"      ajaxType: '{'get' if dialect == 'nextgroup' else 'post'}',\n      ajaxParam: {ajax},\n"
                   f"      perPage: {m.get('config_perpage', per)},\n      totalRecord: {len(spec.listed)},\n"
                   "      groupSize: 3,\n      barPosition: 'bottom'\n    });\n  });\n</script>")
        return pf.shell(spec, county.FINGERPRINT, content, search_form())

    def numbered(n: int) -> str:
        pager = " ".join(f'<a href="{a(_pagenum_path(spec, k) if k > 1 else spec.column_path)}">{k}</a>'
                         for k in range(1, spec.n_pages + 1))
        if n < spec.n_pages:
            pager += f' <a href="{a(_pagenum_path(spec, n + 1))}">下一页</a>'
        content = (f'<div id="{unit}">\n{pf.rows(spec, base, spec.page_items(n))}\n</div>\n'
                   f'<div class="pagination">{pager} <a href="{a(_pagenum_path(spec, spec.n_pages))}">尾页</a></div>')
        return pf.shell(spec, county.FINGERPRINT, content, search_form())

    def proxy_answer(params: dict[str, str]) -> str:
        if dialect == "nextgroup":
            start = pf.int_param(params, "startrecord", 1)
            if params.get("columnid") != col_id or params.get("sign") != _blob("sign", start):
                return EMPTY
            return datastore(start, pf.int_param(params, "endrecord", start + 3 * per - 1), True)
        if params.get("columnid") != str(spec.column_id):
            return "<datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>"
        if dialect == "page_only":
            size, n = max(1, pf.int_param(params, "perpage", per)), max(1, pf.int_param(params, "page", 1))
            return datastore((n - 1) * size + 1, n * size, True)
        start = max(1, pf.int_param(params, "startrecord", 1))
        return datastore(start, pf.int_param(params, "endrecord", start + 3 * per - 1), True)

    def jrobot(params: dict[str, str]):
        query, size = params.get("q", ""), max(1, pf.int_param(params, "pg", 12))
        n = max(1, pf.int_param(params, "p", 1))
        hits = pf.search_hits(spec, query) if params.get("webid") == str(m["webid"]) else []
        boxes = "\n".join(
            f'<div class="jsearch-result-box"><div class="jsearch-result-title"><a href="{a(base + i.path)}" target="_blank">'
            f'{pf.highlight(i.title, query)}</a></div><div class="jsearch-result-abs">{e(i.title)}……</div>'
            f'<div class="jsearch-result-url"><a href="{a(base + i.path)}">{e(base + i.path)}</a> '
            f'<span class="jsearch-result-date">{i.date}</span></div></div>' for i in hits[(n - 1) * size: n * size])
        body = (f'<div class="jsearch-info-box" data-total="{len(hits)}">找到相关结果{len(hits)}个</div>\n'
                f'<div id="jsearch-result-items">\n{boxes}\n</div>')
        return page(spec, bench.skeleton(spec, f"搜索结果_{spec.name}", county.FINGERPRINT, body))

    def answer(path: str, params: dict[str, str], call: Call):
        if path == JROBOT and m.get("jrobot"):
            return jrobot(params)
        if proxy and path == proxy:
            return page(spec, '<?xml version="1.0" encoding="UTF-8"?>\n' + proxy_answer(params), "text/xml")
        return None

    pages = pf.site_pages(spec, column, county.FINGERPRINT)
    if dialect == "pagenum":
        pages.update({_pagenum_path(spec, n): (lambda n=n: page(spec, numbered(n))) for n in range(2, spec.n_pages + 1)})
    return pages, answer
