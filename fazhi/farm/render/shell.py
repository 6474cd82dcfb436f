"""A client-rendered list (portal-platforms.md §2.2): the column page is a small shell with no
item links; its script assembles the list call's URL at run time, with a token it mints
itself (as some Heilongjiang-style `/common/search/{channelId}` sites do, §2.14), fetches
the JSON and writes the list into the page. Without the token the call answers 403, so the
list is reachable only by running the script (or by replaying the call a browser made).

markup: channel (the channel id), column_dir (where the articles live), counter_host (a site
whose visit-counter script the shell loads, as government pages load third-party statistics
scripts: a crawler's browser must never reach it)."""

from __future__ import annotations

import json

from ..http import Response
from ..spec import ItemSpec, PortalSpec
from . import farm
from .common import e, page

_FORBIDDEN = json.dumps({"code": 403, "msg": "非法请求"}, ensure_ascii=False).encode()


def token(channel: str) -> str:
    """The token the shell's script mints for a channel (same arithmetic as its JavaScript)."""
    h = 7
    for ch in channel:
        h = (h * 31 + ord(ch)) % 1000003
    digits, out = "0123456789abcdefghijklmnopqrstuvwxyz", ""
    while True:
        h, r = divmod(h, 36)
        out = digits[r] + out
        if not h:
            return "t" + out


def api_path(spec: PortalSpec) -> str:
    return f"/common/search/{spec.markup['channel']}"


def list_call(spec: PortalSpec, n: int) -> str:
    """The list call the script makes for page n (what a browser sees the page fetch)."""
    return (f"{api_path(spec)}?_t={token(spec.markup['channel'])}&_isAgg=true&_isJson=true"
            f"&_pageSize={spec.per_page}&_template=index&page={n}")


def list_paths(spec: PortalSpec) -> list[str]:
    return [spec.column_path] + [list_call(spec, n) for n in range(2, spec.n_pages + 1)]


def routes(spec: PortalSpec, sites: dict[str, str]):
    pages = {p: (lambda: page(spec, farm.home(spec))) for p in ("/", "/index.html")}
    pages[spec.column_path] = lambda: page(spec, _shell(spec, sites))
    pages.update(farm.item_pages(spec, sites, lambda item: _article(spec, item)))
    return pages, lambda path, params, _call: _api(spec, path, params)


def _api(spec: PortalSpec, path: str, params: dict[str, str]) -> Response | None:
    if path != api_path(spec):
        return None
    if params.get("_t") != token(spec.markup["channel"]) or params.get("_isJson") != "true":
        return Response(403, "application/json; charset=utf-8", _FORBIDDEN)
    n = int(params.get("page", "1") or 1)
    results = [{"title": i.title, "url": i.path, "content": "", "publishedTimeStr": i.published,
                "domainMetaList": [{"resultList": [{"key": "pubdate", "value": i.date},
                                                   {"key": "indexnumber", "value": i.index_no}]}]}
               for i in spec.page_items(n)]
    body = {"code": 200, "data": {"total": len(spec.listed), "page": n, "rows": spec.per_page, "results": results}}
    return Response(200, "application/json; charset=utf-8", json.dumps(body, ensure_ascii=False).encode())


_SCRIPT = """<script>
(function () {
  var site = {channel: "%(channel)s", size: %(size)d};
  // the list call carries a token this script mints: it is in no page a crawler reads
  function token(ch) {
    var h = 7;
    for (var i = 0; i < ch.length; i++) { h = (h * 31 + ch.charCodeAt(i)) %% 1000003; }
    return 't' + h.toString(36);
  }
  function listUrl(page) {
    return ['', 'common', 'search', site.channel].join('/') + '?_t=' + token(site.channel) +
      '&_isAgg=true&_isJson=true&_pageSize=' + site.size + '&_template=index&page=' + page;
  }
  function show(page) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', listUrl(page));
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    xhr.onload = function () {
      var data = JSON.parse(xhr.responseText).data, rows = '';
      data.results.forEach(function (r) {
        rows += '<li><a href="' + r.url + '" target="_blank">' + r.title + '</a><span>' +
          r.publishedTimeStr.substring(0, 10) + '</span></li>';
      });
      document.getElementById('list').innerHTML = '<ul class="list">' + rows + '</ul>';
      var pages = Math.ceil(data.total / data.rows);
      document.getElementById('pager').innerHTML = '<span>共' + data.total + '条 ' + page + '/' + pages + '页</span>';
    };
    xhr.send();
  }
  show(1);
})();
</script>"""


def _shell(spec: PortalSpec, sites: dict[str, str]) -> str:
    script = _SCRIPT % {"channel": spec.markup["channel"], "size": spec.per_page}
    if "counter_host" in spec.markup:
        script = f'<script src="{sites[spec.markup["counter_host"]]}/hm.js?site={spec.site_code}"></script>\n' + script
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{farm.meta_charset(spec)}
<title>{e(spec.column_name)} - {e(spec.name)}</title>
<link rel="stylesheet" href="/static/css/main.css">
</head>
<body>
{farm.header(spec)}
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/">信息公开</a> &gt; {e(spec.column_name)}</div>
<div class="main">
  <h2 class="column-title">{e(spec.column_name)}</h2>
  <div id="list"><p class="loading">加载中…</p></div>
  <div id="pager"></div>
</div>
{farm.footer(spec)}
<img src="/static/images/qrcode.png" alt="">
{script}
</body>
</html>
"""


def _article(spec: PortalSpec, item: ItemSpec) -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{farm.meta_charset(spec)}
<title>{e(item.title)} - {e(spec.name)}</title>
</head>
<body>
{farm.header(spec)}
<div class="article">
  <h1>{e(item.title)}</h1>
  <div class="info">发布时间：{item.published[:16]}　来源：{e(item.source)}</div>
  <div class="content">
{farm.article_body(spec, item)}
  </div>
</div>
{farm.footer(spec)}
</body>
</html>
"""
