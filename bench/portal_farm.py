"""A generated portal farm: N district portals in the CMS shapes fazhi's crawler supports.

    from bench.portal_farm import PortalFarm
    with PortalFarm(n=200, seed=7, latency=0.03).start() as farm:
        farm.registry_toml()          # a fazhi registry for the running farm
        farm.portals_registry()       # the same as fazhi.core.registry.Portal objects
        farm.truth["farm-000"]        # PortalTruth: every list item URL -> kind, report_year, …
        farm.requests.total           # requests served (per portal: farm.requests.by_portal)

Each portal is one of:
- hanweb  : jcms column /col/colN/index.html, first records in a text/xml recordset,
            the rest from a dataproxy.jsp (POST startrecord/endrecord or GET page=N, at
            varying paths), total in `totalRecord:` JS;
- trs     : index.html, index_1.html …, createPageHTML(N, cur, "index", "html");
- hunan   : list.shtml, list_2.shtml …, createPageHTML('paging', N, cur, 'list', 'shtml', total);
- generic : a plain list with 下一页 links (list_2.html, ?page=2 …).
with 1–6 list pages, varying markup (ul/table/dl/div rows, class names, date formats,
titles in `title` attributes or link text, truncated display text, root-relative / relative
/ absolute hrefs) and a few GBK sites (charset in <meta> only, or in the header too).

Every portal listens on its own port on 127.0.0.1 (a separate host to the crawler); one
selector thread accepts on all ports and each request is answered in its own thread, after
an optional added latency. Pages are rendered on request from the portal's seed.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import json
import random
import re
import selectors
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from fazhi.mirror.server import send_with_etag

from . import farm_text as ft

FAMILIES = ("hanweb", "trs", "hunan", "generic")
FAMILY_WEIGHTS = (35, 25, 15, 25)
TODAY = dt.date(2025, 6, 30)      # the farm's "now": the newest item is at most this old
MIRROR_CODES = {"330205", "330211", "330103", "431202"}   # the offline mirror's districts: never reused
GAZETTEER = Path(__file__).resolve().parent.parent / "fazhi" / "core" / "data" / "gazetteer.csv"


def e(text: str) -> str:
    return html.escape(text, quote=False)


def a(text: str) -> str:
    return html.escape(text, quote=True)


# ================================================================================ data ==
@dataclass
class FarmItem:
    path: str                 # root-relative path of the article
    title: str                # full title
    date: dt.date
    kind: str                 # report | interpretation | work_plan | info_disclosure_report | news | other
    family: str               # report | interpretation | … | filler
    report_year: int | None   # for reports: the year the report is about
    unit: ft.Unit | None = None
    about: str = ""           # the report a look-alike refers to
    page: int = 0             # 1-based list page (per_page items a page)
    seq: int = 0


@dataclass
class FarmPortal:
    index: int
    id: str
    name: str
    admin_code: str
    province: str
    city: str
    county: str
    level: str                # government | department
    department: str
    family: str               # hanweb | trs | hunan | generic
    registry_cms: str         # what the registry says: auto or the family
    names: ft.Names
    per_page: int
    v: dict                   # markup choices
    items: list[FarmItem] = field(default_factory=list)
    column_name: str = ""
    start_path: str = ""

    @property
    def n_pages(self) -> int:
        return max(1, (len(self.items) + self.per_page - 1) // self.per_page)

    def page_items(self, page: int) -> list[FarmItem]:
        return self.items[(page - 1) * self.per_page: page * self.per_page]

    @property
    def encoding(self) -> str:
        return self.v["encoding"]


@dataclass(frozen=True)
class TruthItem:
    url: str
    title: str
    kind: str
    family: str               # report, a look-alike family (interpretation, meeting, …) or filler
    report_year: int | None
    date: str
    page: int

    @property
    def is_report(self) -> bool:
        return self.kind == "report"

    @property
    def is_lookalike(self) -> bool:
        return self.kind != "report" and self.family != "filler"


@dataclass(frozen=True)
class PortalTruth:
    portal_id: str
    family: str
    start_url: str
    n_pages: int
    encoding: str
    items: dict[str, TruthItem]          # url -> item, newest first

    def reports(self, years: set[int] | None = None) -> list[TruthItem]:
        return [i for i in self.items.values() if i.is_report and (not years or i.report_year in years)]

    def lookalikes(self) -> list[TruthItem]:
        return [i for i in self.items.values() if i.is_lookalike]


# ========================================================================== generation ==
def _counties(rng: random.Random) -> list[dict]:
    with open(GAZETTEER, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh)
                if r["level"] == "county" and not r["valid_to"] and r["name"][-1] in "区县市"
                and r["city"] and r["city"] != r["name"] and len(r["name"]) <= 5
                and r["code"] not in MIRROR_CODES]
    rng.shuffle(rows)
    return rows


def _hex(*parts) -> str:
    return hashlib.md5("|".join(map(str, parts)).encode("utf-8")).hexdigest()


def _rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    if hi <= lo:
        return lo
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def _report_date(rng: random.Random, y: int) -> dt.date:
    """Reports on year y come out in Q1 of y+1, stragglers until June."""
    month = rng.choices((1, 2, 3, 4, 5, 6), weights=(6, 14, 40, 20, 10, 6))[0]
    return min(TODAY, dt.date(y + 1, month, rng.randint(1, 28)))


def _variant(rng: random.Random, family: str) -> dict:
    v = {
        "encoding": "gbk" if rng.random() < 0.08 else "utf-8",
        "charset_header": rng.random() < 0.6,
        "date_fmt": rng.choice(("iso", "iso", "cn", "bracket", "slash", "dot", "paren")),
        "title_mode": rng.choices(("attr_full", "attr_trunc", "text_only"), weights=(4, 3, 3))[0],
        "trunc": rng.choice((18, 22, 26, 30)),
        "href_mode": rng.choice(("root", "root", "relative", "absolute")),
        "markup": rng.choice(("ul", "ul", "table", "dl", "div")),
        "list_class": rng.choice(("list", "news-list", "xxgk_list", "list_con", "lb-list", "infoList", "zfxxgk_zdgkc")),
        "date_class": rng.choice(("date", "time", "fr", "bt_time", "right", "rq")),
        "container": rng.choice(("div.TRS_Editor", "div.view", "div.article-content", "#content", "div.zw-con",
                                 "div.content")),
        "crumb_links": rng.random() < 0.7,
    }
    if family == "hanweb":
        v["proxy"] = rng.choice((("POST", "/module/jpage/dataproxy.jsp", "post"),
                                 ("GET", "/module/web/jpage/dataproxy.jsp", "get"),
                                 ("GET", "/module/jpage/dataproxy.jsp", "get"),
                                 ("POST", "/module/xxgk/jpage/dataproxy.jsp", "post")))
        v["art_style"] = rng.choice(("old", "new"))
        v["first_group"] = rng.choice((1, 3))       # pages of records in the column page's recordset
        v["total_quoted"] = rng.random() < 0.3
        v["markup"] = rng.choice(("ul", "ul", "table"))
        v["title_mode"] = rng.choice(("attr_full", "attr_trunc"))
        v["href_mode"] = rng.choice(("root", "root", "absolute"))
    if family == "trs":
        v["ext"] = rng.choice(("html", "html", "shtml"))
    if family == "generic":
        v["pager"] = rng.choice(("list_{k}.html", "index_{k}.htm", "?page={k}", "list.jsp?pageNo={k}"))
        v["next_text"] = rng.choice(("下一页", "下一页>", "[下一页]", "下页", "下一页 »"))
        v["no_date"] = rng.random() < 0.1
    if family == "hunan":
        v["title_mode"] = rng.choice(("attr_full", "text_only", "attr_trunc"))
    return v


def _column_name(rng: random.Random, level: str) -> str:
    if level == "department":
        return rng.choice(("法治政府建设", "法治建设", "依法行政", "法治政府建设年度报告"))
    return rng.choice(("法治政府建设", "法治政府建设年度报告", "法治政府", "依法治区", "法治建设", "年度报告"))


def _article_path(p: FarmPortal, d: dt.date, seq: int, title: str, col: str) -> str:
    h = _hex(p.id, seq, title)
    if p.family == "hanweb":
        if p.v["art_style"] == "new":
            return f"/col/col{col}/art/{d.year}/art_{h}.html"
        return f"/art/{d.year}/{d.month}/{d.day}/art_{col}_{59_000_000 + seq * 131 + d.toordinal() % 97}.html"
    if p.family == "trs":
        base = p.start_path.rsplit("/", 1)[0]
        return f"{base}/{d:%Y%m}/t{d:%Y%m%d}_{6_500_000 + seq * 37 + p.index}.{p.v['ext']}"
    if p.family == "hunan":
        base = p.start_path.rsplit("/", 1)[0]
        return f"{base}/{d:%Y%m}/{h}.shtml"
    base = p.start_path.rsplit("/", 1)[0]
    return rngless_generic_path(base, d, seq, h, p.index)


def rngless_generic_path(base: str, d: dt.date, seq: int, h: str, index: int) -> str:
    style = index % 3
    if style == 0:
        return f"{base}/{d:%Y%m}/{h[:16]}.html"
    if style == 1:
        return f"{base}/content_{8_000 + seq * 7}.html"
    return f"/art/{d.year}/{d.month:02d}/{h[:12]}.htm"


def _start_path(rng: random.Random, family: str, col: str) -> str:
    if family == "hanweb":
        return f"/col/col{col}/index.html"
    if family == "trs":
        sec = rng.choice(("zwgk/fzzfjs", "xxgk/fdzdgknr/fzzfjs", "zfxxgk/fzzf", "ztzl/fzzfjs"))
        return f"/{sec}/index.html"
    if family == "hunan":
        sec = rng.choice(("", "/zwgk", "/xxgk"))
        return f"{sec}/c{col[-6:]}/list.shtml"
    sec = rng.choice(("xxgk/fzzf", "zwgk/fzjs", "news/fzzfjs", "col/fzzf"))
    return f"/{sec}/list.html" if rng.random() < 0.6 else f"/{sec}/index.html"


def _build_portal(rng: random.Random, index: int, county: dict, family: str | None = None) -> FarmPortal:
    family = family or rng.choices(FAMILIES, weights=FAMILY_WEIGHTS)[0]
    nm = ft.names_for(county["name"], county["city"])
    level = "department" if rng.random() < 0.12 else "government"
    department = rng.choice(("司法局", "市场监督管理局", "生态环境分局")) if level == "department" else ""
    name = f"{nm.county}{department}" if department else f"{county['city']}{nm.county}人民政府"
    v = _variant(rng, family)
    p = FarmPortal(index=index, id=f"farm-{index:03d}", name=name, admin_code=county["code"],
                   province=county["province"], city=county["city"], county=nm.county, level=level,
                   department=department, family=family,
                   registry_cms="auto" if rng.random() < 0.7 else family, names=nm,
                   per_page=rng.choice((10, 12, 15, 15, 20)), v=v)
    col = str(1_229_000_000 + rng.randint(100_000, 999_999))
    p.v["col"] = col
    p.column_name = _column_name(rng, level)
    p.start_path = _start_path(rng, family, col)
    if family == "trs" and v["ext"] == "shtml":
        p.start_path = p.start_path.replace(".html", ".shtml")
    _fill_items(rng, p)
    return p


def _fill_items(rng: random.Random, p: FarmPortal) -> None:
    nm = p.names
    n_pages = rng.choices((1, 2, 3, 4, 5, 6), weights=(2, 3, 3, 2, 2, 1))[0]
    n_items = rng.randint(max(6, (n_pages - 1) * p.per_page + 1), n_pages * p.per_page)
    last_year = 2024 if rng.random() < 0.85 else 2023
    n_years = rng.randint(1, 5)
    years = list(range(last_year - n_years + 1, last_year + 1))
    if p.level == "department":
        units = [ft.Unit("department", p.name, nm.x + p.department)]
    else:
        units = ft.units_for(rng, nm, rng.choice((0, 0, 1, 2, 3)), rng.choice((0, 0, 0, 1)))
    raw: list[tuple] = []    # (date, title, kind, family, year, unit, about)
    max_reports = max(1, int(n_items * rng.uniform(0.15, 0.3)))
    reports: list[tuple[str, int]] = []
    used: set[str] = set()
    for y in reversed(years):
        for unit in units:
            if len(reports) >= max_reports:
                break
            if unit.kind != "government" and rng.random() < 0.3 and (reports or unit is not units[-1]):
                continue      # not every department publishes every year (but every column has a report)
            for _ in range(5):
                title = ft.report_title(rng, nm, unit, y)
                if title not in used:
                    break
            if title in used:
                continue
            used.add(title)
            reports.append((title, y))
            raw.append((_report_date(rng, y), title, "report", "report", y, unit, ""))
    n_look = max(1, int(n_items * rng.uniform(0.2, 0.35)))
    for _ in range(n_look * 3):
        if len(raw) >= len(reports) + n_look:
            break
        la = ft.lookalike(rng, nm, reports, years)
        if la.title in used:
            continue
        used.add(la.title)
        if la.family == "interpretation":
            d = _report_date(rng, la.year) + dt.timedelta(days=rng.randint(0, 6))
        elif la.family == "work_plan":
            d = _rand_date(rng, dt.date(la.year, 2, 1), dt.date(la.year, 5, 31))
        elif la.family == "info_disclosure":
            d = _rand_date(rng, dt.date(la.year + 1, 1, 10), dt.date(la.year + 1, 3, 31))
        else:
            d = _rand_date(rng, dt.date(la.year, 3, 1), dt.date(la.year + 1, 6, 30))
        raw.append((min(d, TODAY), la.title, la.kind, la.family, None, None, la.about_report))
    lo = dt.date(years[0], 1, 5)
    for _ in range(n_items * 4):
        if len(raw) >= n_items:
            break
        title, kind, y = ft.filler(rng, nm, years)
        if title in used:
            continue
        used.add(title)
        d = _rand_date(rng, max(lo, dt.date(y, 1, 4)), min(TODAY, dt.date(y, 12, 28)))
        raw.append((d, title, kind, "filler", None, None, ""))
    raw.sort(key=lambda r: (r[0], r[1]), reverse=True)
    for seq, (d, title, kind, family, y, unit, about) in enumerate(raw):
        path = _article_path(p, d, seq, title, p.v["col"])
        p.items.append(FarmItem(path=path, title=title, date=d, kind=kind, family=family, report_year=y,
                                unit=unit, about=about, page=seq // p.per_page + 1, seq=seq))
    assert len({i.path for i in p.items}) == len(p.items)


def generate(n: int = 200, seed: int = 1, shapes: tuple[str, ...] | None = None) -> list[FarmPortal]:
    """n portals; shapes: CMS families to cycle through (portal i gets shapes[i % len]) instead of drawing them."""
    rng = random.Random(f"fazhi-farm/{seed}")
    counties = _counties(rng)
    return [_build_portal(random.Random(f"fazhi-farm/{seed}/{i}"), i, counties[i % len(counties)],
                          shapes[i % len(shapes)] if shapes else None)
            for i in range(n)]


# =========================================================================== rendering ==
def fmt_date(d: dt.date, style: str) -> str:
    return {"iso": f"{d:%Y-%m-%d}", "cn": f"{d.year}年{d.month:02d}月{d.day:02d}日", "bracket": f"[{d:%Y-%m-%d}]",
            "slash": f"{d:%Y/%m/%d}", "dot": f"{d:%Y.%m.%d}", "paren": f"({d:%Y-%m-%d})"}[style]


class Renderer:
    """HTML of one portal; `base` is its http://127.0.0.1:PORT (for absolute hrefs)."""

    def __init__(self, p: FarmPortal, base: str):
        self.p, self.base = p, base

    # -- helpers -------------------------------------------------------------------------
    def charset_meta(self) -> str:
        return '<meta charset="gb2312">' if self.p.encoding == "gbk" else '<meta charset="utf-8">'

    def href(self, item: FarmItem, list_path: str) -> str:
        mode = self.p.v["href_mode"]
        if mode == "absolute":
            return self.base + item.path
        if mode == "relative":
            list_dir = list_path.rsplit("/", 1)[0] + "/"
            if item.path.startswith(list_dir):
                return "./" + item.path[len(list_dir):]
        return item.path

    def link(self, item: FarmItem, list_path: str) -> str:
        v, t = self.p.v, item.title
        shown = t if len(t) <= v["trunc"] else t[:v["trunc"]] + "..."
        h = a(self.href(item, list_path))
        if v["title_mode"] == "attr_full":
            return f'<a href="{h}" title="{a(t)}" target="_blank">{e(t)}</a>'
        if v["title_mode"] == "attr_trunc":
            return f'<a href="{h}" title="{a(t)}" target="_blank">{e(shown)}</a>'
        return f'<a href="{h}" target="_blank">{e(t)}</a>'

    def row(self, item: FarmItem, list_path: str) -> str:
        v = self.p.v
        date = "" if v.get("no_date") else fmt_date(item.date, v["date_fmt"])
        ds = f'<span class="{v["date_class"]}">{e(date)}</span>' if date else ""
        link = self.link(item, list_path)
        m = v["markup"]
        if m == "table":
            return f'<tr><td class="title">{link}</td><td class="{v["date_class"]}">{e(date)}</td></tr>'
        if m == "dl":
            return f"<dl><dd>{link}{ds}</dd></dl>"
        if m == "div":
            return f'<div class="item">{ds}{link}</div>'
        return f"<li>{link}{ds}</li>"

    def rows(self, items: list[FarmItem], list_path: str) -> str:
        inner = "\n".join(self.row(i, list_path) for i in items)
        cls = self.p.v["list_class"]
        if self.p.v["markup"] == "table":
            return f'<table class="{cls}" width="100%">\n{inner}\n</table>'
        if self.p.v["markup"] == "ul":
            return f'<ul class="{cls}">\n{inner}\n</ul>'
        return f'<div class="{cls}">\n{inner}\n</div>'

    def header(self) -> str:
        p = self.p
        return (f'<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="{a(p.name)}"></a></div>'
                '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/">政务公开</a></li>'
                '<li><a href="/">政务服务</a></li><li><a href="/">互动交流</a></li></ul></div>')

    def crumbs(self) -> str:
        p = self.p
        if p.v["crumb_links"]:
            col = f'<a href="{a(p.start_path)}">{e(p.column_name)}</a>'
            return f'<a href="/">首页</a> &gt; <a href="/">政务公开</a> &gt; {col}'
        return f"首页 &gt; 政务公开 &gt; {e(p.column_name)}"

    def footer(self) -> str:
        p = self.p
        tech = "技术支持：大汉网络" if p.family == "hanweb" else "技术支持：本站技术服务单位"
        return (f'<div class="footer"><p>主办单位：{e(p.county)}人民政府办公室　版权所有：{e(p.name)}</p>'
                f'<p>网站标识码：{p.admin_code}0001　ICP备{p.index + 10000:05d}号　{tech}</p></div>')

    def page(self, title: str, head_extra: str, body: str) -> str:
        return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n{self.charset_meta()}\n{head_extra}\n'
                f"<title>{e(title)}</title>\n</head>\n<body>\n{self.header()}\n{body}\n{self.footer()}\n</body>\n</html>\n")

    # -- list pages ----------------------------------------------------------------------
    def hanweb_record(self, item: FarmItem) -> str:
        v = self.p.v
        date = fmt_date(item.date, v["date_fmt"])
        link = self.link(item, self.p.start_path)
        if v["markup"] == "table":
            return (f'<table width="100%" border="0"><tr><td class="bt_link">{link}</td>'
                    f'<td class="bt_time" width="90">{e(date)}</td></tr></table>')
        return f'<li>{link}<span class="{v["date_class"]}">{e(date)}</span></li>'

    def hanweb_datastore(self, items: list[FarmItem], total: bool) -> str:
        recs = "\n".join(f"<record><![CDATA[{self.hanweb_record(i)}]]></record>" for i in items)
        tot = f"<totalrecord>{len(self.p.items)}</totalrecord>" if total else ""
        return f"<datastore>{tot}\n<recordset>\n{recs}\n</recordset>\n</datastore>"

    def hanweb_column(self) -> str:
        p, v = self.p, self.p.v
        col, unit = v["col"], 7_000_000 + p.index
        method, proxy, ajax = v["proxy"]
        first = p.items[: p.per_page * v["first_group"]]
        total = f"'{len(p.items)}'" if v["total_quoted"] else str(len(p.items))
        script = f"""<script type="text/javascript">
  $(document).ready(function(){{
    var dataStore = $("#{unit}").find("script[type='text/xml']").text();
    $('#div{unit}').jpage({{
      dataStore: dataStore,
      containerTag: 'ul',
      proxyUrl: '{proxy}',
      ajaxType: '{ajax}',
      ajaxParam: {{col:1,appid:1,webid:{1000 + p.index},path:'/',columnid:{col},sourceContentType:1,unitid:'{unit}',webname:'{p.name}',permissiontype:0}},
      perPage:{p.per_page},
      totalRecord:{total},
      groupSize:3,
      barPosition: 'bottom'
    }});
  }});
</script>"""
        body = f"""<div class="main"><div class="crumbs">当前位置：{self.crumbs()}</div>
<div class="lm-list"><div class="lm-title">{e(p.column_name)}</div>
<div id="{unit}"><script type="text/xml">{self.hanweb_datastore(first, False)}</script></div>
<div id="div{unit}"></div></div></div>
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="{proxy.rsplit('/', 1)[0]}/jpage.js"></script>
{script}"""
        head = f"<!--Produced By 大汉网络 大汉版通发布系统 -->\n<meta name=\"SiteName\" content=\"{a(p.name)}\">"
        return self.page(f"{p.column_name} | {p.name}", head, body)

    def hanweb_proxy(self, params: dict[str, str]) -> str:
        p = self.p

        def num(k, default):
            try:
                return int(params.get(k, default))
            except (TypeError, ValueError):
                return default
        decl = f'<?xml version="1.0" encoding="{"GBK" if p.encoding == "gbk" else "UTF-8"}"?>\n'
        if params.get("columnid") != p.v["col"]:
            return decl + "<datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>"
        if "startrecord" in params:
            start = max(1, num("startrecord", 1))
            end = num("endrecord", start + 44)
        else:
            per, page = max(1, num("perpage", p.per_page)), max(1, num("page", 1))
            start, end = (page - 1) * per + 1, page * per
        return decl + self.hanweb_datastore(p.items[start - 1: max(start - 1, end)], True)

    def numbered_list(self, page: int, path: str) -> str:
        p = self.p
        items = p.page_items(page)
        if p.family == "trs":
            ext = p.v["ext"]
            pager = f'<script type="text/javascript">createPageHTML({p.n_pages}, {page - 1}, "index", "{ext}");</script>'
            head = (f'<meta name="SiteName" content="{a(p.name)}">\n<meta name="ColumnName" content="{a(p.column_name)}">\n'
                    '<script type="text/javascript" src="/js/createPageHTML.js"></script>')
            crumb = f'<div class="crumbsNav">当前位置：{self.crumbs()}</div>'
        else:
            pager = (f'<div id="paging" class="paging"></div>\n<script type="text/javascript">'
                     f"createPageHTML('paging', {p.n_pages}, {page}, 'list', 'shtml', {len(p.items)});</script>")
            head = f'<meta name="SiteName" content="{a(p.name)}">\n<meta name="ColumnName" content="{a(p.column_name)}">'
            crumb = f'<div class="article_site">当前位置：{self.crumbs()}</div>'
        side = ('<div class="side"><h3>政务公开</h3><ul><li><a href="/">政策文件</a></li><li><a href="/">人事信息</a></li>'
                '<li><a href="/">财政资金</a></li></ul></div>')
        body = (f'<div class="container">{crumb}\n{side}\n<div class="list_box"><div class="list_title"><h2>{e(p.column_name)}</h2></div>\n'
                f"{self.rows(items, path)}\n{pager}\n</div></div>")
        return self.page(f"{p.column_name}-{p.name}", head, body)

    def generic_page_path(self, page: int) -> str:
        p = self.p
        if page == 1:
            return p.start_path
        pat = p.v["pager"]
        base = p.start_path.rsplit("/", 1)[0]
        if pat.startswith("?"):
            return p.start_path + pat.format(k=page)
        return f"{base}/{pat.format(k=page)}"

    def generic_list(self, page: int) -> str:
        p = self.p
        path = self.generic_page_path(page)
        items = p.page_items(page)
        links = ['<a href="{}">首页</a>'.format(a(self.generic_page_path(1)))]
        if page > 1:
            links.append(f'<a href="{a(self.generic_page_path(page - 1))}">上一页</a>')
        links.append(f"<span>第{page}页/共{p.n_pages}页</span>")
        if page < p.n_pages:
            links.append(f'<a href="{a(self.generic_page_path(page + 1))}">{e(p.v["next_text"])}</a>')
        else:
            links.append(f'<a href="javascript:void(0);" class="disabled">{e(p.v["next_text"])}</a>')
        links.append(f'<a href="{a(self.generic_page_path(p.n_pages))}">尾页</a>')
        body = (f'<div class="wrap"><div class="position">您当前的位置：{self.crumbs()}</div>\n'
                f'<div class="list-main"><h2>{e(p.column_name)}</h2>\n{self.rows(items, path)}\n'
                f'<div class="pages">{" ".join(links)}</div></div></div>')
        return self.page(f"{p.column_name}_{p.name}", "", body)

    def home(self) -> str:
        p = self.p
        body = (f'<div class="main"><h2><a href="{a(p.start_path)}">{e(p.column_name)}</a></h2>'
                f'<a class="more" href="{a(p.start_path)}">更多</a></div>')
        return self.page(p.name, f'<meta name="SiteName" content="{a(p.name)}">', body)

    # -- articles ------------------------------------------------------------------------
    def paragraphs(self, item: FarmItem) -> list[str]:
        rng = random.Random(f"{self.p.id}/{item.path}")
        if item.kind == "report":
            return ft.report_paragraphs(rng, self.p.names, item.unit, item.report_year)
        year = int(next(iter(re.findall(r"20\d\d", item.title)), item.date.year))
        return ft.lookalike_paragraphs(rng, self.p.names, item.title, item.kind, item.family, year, item.about)

    def body_html(self, item: FarmItem) -> str:
        out = []
        for para in self.paragraphs(item):
            heading = len(para) < 50 and (para[:2] in ("一、", "二、", "三、", "四、", "五、", "六、"))
            inner = f"<strong>{e(para)}</strong>" if heading else e(para)
            out.append(f'<p style="text-indent:2em;">\u3000\u3000{inner}</p>')
        if item.about:
            rep = next((i for i in self.p.items if i.title == item.about), None)
            if rep is not None:
                out.append(f'<p>附件：<a href="{a(rep.path)}">{e(rep.title)}</a></p>')
        return "\n".join(out)

    def article(self, item: FarmItem) -> str:
        p = self.p
        pub = f"{item.date:%Y-%m-%d} {9 + item.seq % 8:02d}:{(item.seq * 7) % 60:02d}"
        src = f"{p.county}{item.unit.short if item.unit and item.unit.kind == 'department' else '人民政府'}" \
            if item.kind == "report" else p.name
        metas = (f'<meta name="SiteName" content="{a(p.name)}">\n<meta name="ColumnName" content="{a(p.column_name)}">\n'
                 f'<meta name="ArticleTitle" content="{a(item.title)}">\n<meta name="PubDate" content="{pub}">\n'
                 f'<meta name="ContentSource" content="{a(src)}">')
        body = self.body_html(item)
        info = (f'<div class="info"><span>发布时间：{pub}</span> <span>来源：{e(src)}</span> '
                '<span>【字体：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】</span></div>')
        tools = ('<div class="tools"><a href="javascript:window.print()">【打印】</a><a href="javascript:window.close()">【关闭】</a></div>'
                 '<div class="ewm"><p>扫一扫在手机打开当前页</p></div>')
        if p.family == "hanweb":
            table = (f'<table class="xxgk"><tr><td>索引号：</td><td>{p.admin_code}/{item.date.year}-{10000 + item.seq}</td>'
                     f"<td>发布机构：</td><td>{e(src)}</td></tr><tr><td>成文日期：</td><td>{item.date:%Y-%m-%d}</td>"
                     f"<td>公开方式：</td><td>主动公开</td></tr></table>")
            content = (f'<h1 class="title">{e(item.title)}</h1>{info}<div id="zoom"><meta name="ContentStart">'
                       f"<!--ZJEG_RSS.content.begin-->\n{body}\n<!--ZJEG_RSS.content.end--><meta name=\"ContentEnd\"></div>")
            head = "<!--Produced By 大汉网络 大汉版通发布系统 -->\n" + metas + f'\n<meta name="Maketime" content="{pub}:00">'
            return self.page(f"{item.title} | {p.column_name} | {p.name}", head,
                             f'<div class="main"><div class="crumbs">当前位置：{self.crumbs()}</div>{table}'
                             f'<div class="article">{content}</div>{tools}</div>')
        if p.family == "trs":
            content = (f'<div class="crumbsNav">当前位置：{self.crumbs()}</div><h1>{e(item.title)}</h1>{info}'
                       f'<div class="TRS_Editor"><div class="Custom_UnionStyle">\n{body}\n</div></div>')
            return self.page(f"{item.title}_{p.name}", metas, f'<div class="article">{content}{tools}</div>')
        if p.family == "hunan":
            content = (f'<div class="article_site">当前位置：{self.crumbs()}</div><div class="article_title">'
                       f'<h1>{e(item.title)}</h1></div>{info}<div class="p_box">\n{body}\n</div>')
            return self.page(f"{item.title}-{p.name}", metas, f'<div class="article">{content}{tools}</div>')
        sel = p.v["container"]
        open_tag = f'<div id="{sel[1:]}">' if sel.startswith("#") else f'<div class="{sel.split(".", 1)[1]}">'
        content = (f'<div class="position">您当前的位置：{self.crumbs()}</div><h1>{e(item.title)}</h1>{info}'
                   f"{open_tag}\n{body}\n</div>")
        return self.page(f"{item.title}", "", f'<div class="detail">{content}{tools}</div>')


# ============================================================================== server ==
@dataclass
class Response:
    status: int
    content_type: str
    body: bytes


class PortalApp:
    """Routes one portal's requests to rendered pages."""

    def __init__(self, portal: FarmPortal, base: str):
        self.p = portal
        self.r = Renderer(portal, base)
        self.by_path = {i.path: i for i in portal.items}
        self._lists: dict[str, int] = {}
        p = portal
        if p.family == "trs":
            base_dir = p.start_path.rsplit("/", 1)[0]
            self._lists = {f"{base_dir}/index.{p.v['ext']}": 1}
            self._lists.update({f"{base_dir}/index_{k - 1}.{p.v['ext']}": k for k in range(2, p.n_pages + 1)})
        elif p.family == "hunan":
            base_dir = p.start_path.rsplit("/", 1)[0]
            self._lists = {f"{base_dir}/list.shtml": 1, f"{base_dir}/": 1}
            self._lists.update({f"{base_dir}/list_{k}.shtml": k for k in range(2, p.n_pages + 1)})
        elif p.family == "generic":
            self._lists = {self.r.generic_page_path(k): k for k in range(1, p.n_pages + 1)}

    def ctype(self, mime: str = "text/html") -> str:
        if self.p.v["charset_header"]:
            return f"{mime}; charset={'GBK' if self.p.encoding == 'gbk' else 'UTF-8'}"
        return mime

    def ok(self, text: str, mime: str = "text/html") -> Response:
        return Response(200, self.ctype(mime), text.encode(self.p.encoding, errors="xmlcharrefreplace"))

    def route(self, method: str, raw_path: str, form: dict[str, str]) -> Response:
        p = self.p
        parts = urlsplit(raw_path)
        path = parts.path
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if path == "/robots.txt":
            return Response(200, "text/plain", b"User-agent: *\nDisallow: /admin/\n")
        if p.family == "hanweb" and path == p.v["proxy"][1]:
            params.update(form)
            return self.ok(self.r.hanweb_proxy(params), "text/xml")
        if method == "POST":
            return Response(405, "text/plain", b"method not allowed")
        if path in ("/", "/index.html") and path != p.start_path:
            return self.ok(self.r.home())
        if p.family == "hanweb" and path == p.start_path:
            return self.ok(self.r.hanweb_column())
        if p.family in ("trs", "hunan") and path in self._lists:
            return self.ok(self.r.numbered_list(self._lists[path], path))
        if p.family == "generic":
            key = path + (f"?{parts.query}" if parts.query else "")
            if key in self._lists:
                return self.ok(self.r.generic_list(self._lists[key]))
        item = self.by_path.get(path)
        if item is not None:
            return self.ok(self.r.article(item))
        return Response(404, "text/html; charset=utf-8",
                        "<html><body><h1>404</h1><p>您访问的页面不存在</p></body></html>".encode())


class RequestCounter:
    """Requests served, thread-safe: total, per portal, and the log of (portal, method, path)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.log: list[tuple[str, str, str]] = []

    def add(self, portal_id: str, method: str, path: str) -> None:
        with self._lock:
            self.log.append((portal_id, method, path))

    @property
    def total(self) -> int:
        with self._lock:
            return len(self.log)

    @property
    def by_portal(self) -> Counter:
        with self._lock:
            return Counter(pid for pid, _, _ in self.log)

    def clear(self) -> None:
        with self._lock:
            self.log.clear()


def _handler(app: PortalApp, counter: RequestCounter, farm: "PortalFarm"):
    pid = app.p.id

    class Handler(BaseHTTPRequestHandler):
        server_version = "nginx"
        sys_version = ""
        protocol_version = "HTTP/1.0"

        def log_message(self, *args):
            pass

        def _answer(self, method: str, form: dict[str, str]) -> None:
            counter.add(pid, method, self.path)
            if farm.latency:
                time.sleep(farm.latency)
            resp = app.route(method, self.path, form)
            send_with_etag(self, resp.status, resp.content_type, resp.body, head=method == "HEAD")

        def do_GET(self):
            self._answer("GET", {})

        def do_HEAD(self):
            self._answer("HEAD", {})

        def do_POST(self):
            n = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(n) if n else b""
            form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
            self._answer("POST", form)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


class PortalFarm:
    """N generated portals; `start()` serves them on loopback, one port per portal."""

    def __init__(self, n: int = 200, seed: int = 1, latency: float = 0.0, host: str = "127.0.0.1",
                 shapes: tuple[str, ...] | None = None):
        self.n, self.seed, self.latency, self.host = n, seed, latency, host
        self.portals: list[FarmPortal] = generate(n, seed, shapes)
        self.by_id = {p.id: p for p in self.portals}
        self.requests = RequestCounter()
        self.bases: dict[str, str] = {}
        self.apps: dict[str, PortalApp] = {}
        self._servers: list[_Server] = []
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._truth: dict[str, PortalTruth] | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> "PortalFarm":
        sel = selectors.DefaultSelector()
        try:
            for p in self.portals:
                srv = _Server((self.host, 0), None)
                base = f"http://{self.host}:{srv.server_address[1]}"
                app = PortalApp(p, base)
                srv.RequestHandlerClass = _handler(app, self.requests, self)
                self._servers.append(srv)
                self.bases[p.id], self.apps[p.id] = base, app
                sel.register(srv, selectors.EVENT_READ, srv)
        except BaseException:
            for srv in self._servers:
                srv.server_close()
            raise

        def loop():
            while not self._stop.is_set():
                for key, _ in sel.select(timeout=0.1):
                    key.data._handle_request_noblock()
            sel.close()

        self._thread = threading.Thread(target=loop, name="portal-farm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        for srv in self._servers:
            srv.server_close()
        self._servers.clear()

    def __enter__(self) -> "PortalFarm":
        if self._thread is None:
            self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- registry and truth ----------------------------------------------------------------
    def start_url(self, portal_id: str) -> str:
        return self.bases[portal_id] + self.by_id[portal_id].start_path

    def registry_toml(self) -> str:
        def s(x: str) -> str:
            return json.dumps(x, ensure_ascii=False)
        out = [f"# generated portal farm: {self.n} portals, seed {self.seed} (bench.portal_farm)\n"]
        for p in self.portals:
            shape = f"{p.family}, {p.n_pages} page(s), {len(p.items)} items, {p.encoding}"
            lines = [f"# {shape}", "[[portal]]", f"id = {s(p.id)}", f"name = {s(p.name)}",
                     f"admin_code = {s(p.admin_code)}", f"province = {s(p.province)}", f"city = {s(p.city)}",
                     f"county = {s(p.county)}", f"start_urls = [{s(self.start_url(p.id))}]", f"cms = {s(p.registry_cms)}"]
            if p.level == "department":
                lines += ['level = "department"', f"department = {s(p.department)}"]
            out.append("\n".join(lines) + "\n")
        return "\n".join(out)

    def portals_registry(self):
        from fazhi.core.registry import parse_registry

        return parse_registry(self.registry_toml(), "<portal farm>")

    @property
    def truth(self) -> dict[str, PortalTruth]:
        if not self.bases:
            raise RuntimeError("the farm's URLs are known once it is started")
        if self._truth is None:
            self._truth = {}
            for p in self.portals:
                base = self.bases[p.id]
                items = {base + i.path: TruthItem(url=base + i.path, title=i.title, kind=i.kind, family=i.family,
                                                  report_year=i.report_year, date=i.date.isoformat(), page=i.page)
                         for i in p.items}
                self._truth[p.id] = PortalTruth(p.id, p.family, self.start_url(p.id), p.n_pages, p.encoding, items)
        return self._truth

    def describe(self) -> str:
        fams = Counter(p.family for p in self.portals)
        items = sum(len(p.items) for p in self.portals)
        reps = sum(1 for p in self.portals for i in p.items if i.kind == "report")
        return (f"{self.n} portals (seed {self.seed}): " + ", ".join(f"{k} {v}" for k, v in sorted(fams.items()))
                + f"; {items} list items, {reps} reports")


# ================================================================================= CLI ==
def main(argv=None) -> int:
    """Serve a farm until killed: python -m bench.portal_farm --n 200 --registry-out farm.toml"""
    import argparse
    import signal
    import sys

    ap = argparse.ArgumentParser(description="Serve a generated portal farm on 127.0.0.1 until killed.")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--latency", type=float, default=0.0, help="seconds added to every response")
    ap.add_argument("--registry-out", help="write the registry TOML here once serving")
    args = ap.parse_args(argv)
    farm = PortalFarm(args.n, seed=args.seed, latency=args.latency).start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    if args.registry_out:
        tmp = Path(args.registry_out + ".tmp")
        tmp.write_text(farm.registry_toml(), encoding="utf-8")
        tmp.replace(args.registry_out)
    print(f"serving {farm.describe()}", file=sys.stderr, flush=True)
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    farm.stop()
    print(f"served {farm.requests.total} requests", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
