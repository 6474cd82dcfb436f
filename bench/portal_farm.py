"""A generated portal farm: specs of N district portals in the CMS shapes fazhi's crawler
supports, served by fazhi.farm.

    from bench.portal_farm import PortalFarm
    with PortalFarm(n=200, seed=7, latency=0.03).start() as farm:
        farm.registry_toml()          # a fazhi registry for the running farm
        farm.portals_registry()       # the same as fazhi.core.registry.Portal objects
        farm.truth["farm-000"]        # UrlTruth: every list item URL -> kind, report_year, …
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
Pages are rendered on request (variant "bench" of each family's renderer).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import random
import re
import signal
import sys
import threading
from collections import Counter
from dataclasses import dataclass, fields, replace
from pathlib import Path

from fazhi.core.registry import parse_registry
from fazhi.farm.running import Farm
from fazhi.farm.spec import ItemSpec, PortalSpec, ReportSpec
from fazhi.farm.truth import ItemTruth, portal_truth

from . import farm_text as ft
from . import platform_shapes

FAMILIES = ("hanweb", "trs", "hunan", "generic", *platform_shapes.WEIGHTS)
FAMILY_WEIGHTS = (35, 25, 15, 25, *platform_shapes.WEIGHTS.values())
# the JSON-API platforms (their section below): about a quarter of the generated portals
JSON_PLATFORMS = ("gkmlpt", "jpaas", "trs_igs", "trs_irs", "epoint", "infogate", "hlj_search")
JSON_PLATFORM_WEIGHTS = (6, 6, 5, 4, 4, 3, 3)
FAMILIES, FAMILY_WEIGHTS = FAMILIES + JSON_PLATFORMS, FAMILY_WEIGHTS + JSON_PLATFORM_WEIGHTS
TODAY = dt.date(2025, 6, 30)      # the farm's "now": the newest item is at most this old
MIRROR_CODES = {"330205", "330211", "330103", "431202"}   # the offline mirror's districts: never reused
GAZETTEER = Path(__file__).resolve().parent.parent / "fazhi" / "core" / "data" / "gazetteer.csv"


def _division_codes() -> dict[str, str]:
    """Codes of the cities (and the municipalities, which are provinces) by name."""
    with open(GAZETTEER, encoding="utf-8") as fh:
        return {r["name"]: r["code"] for r in csv.DictReader(fh)
                if r["level"] in ("prefecture", "province") and not r["valid_to"]}


_CITY_CODES = _division_codes()


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


def _article_path(p: PortalSpec, d: dt.date, seq: int, title: str) -> str:
    h, base, index, col = _hex(p.id, seq, title), p.column_path.rsplit("/", 1)[0], p.markup["index"], p.column_id
    if p.family in platform_shapes.WEIGHTS:
        return platform_shapes.article_path(p, d, seq, h)
    if p.family in JSON_PLATFORMS:
        return _json_article_path(p, d, seq)
    if p.family == "hanweb":
        if p.markup["art_style"] == "new":
            return f"/col/col{col}/art/{d.year}/art_{h}.html"
        return f"/art/{d.year}/{d.month}/{d.day}/art_{col}_{59_000_000 + seq * 131 + d.toordinal() % 97}.html"
    if p.family == "trs":
        return f"{base}/{d:%Y%m}/t{d:%Y%m%d}_{6_500_000 + seq * 37 + index}.{p.markup['ext']}"
    if p.family == "hunan":
        return f"{base}/{d:%Y%m}/{h}.shtml"
    return (f"{base}/{d:%Y%m}/{h[:16]}.html", f"{base}/content_{8_000 + seq * 7}.html",
            f"/art/{d.year}/{d.month:02d}/{h[:12]}.htm")[index % 3]


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


def _build_portal(rng: random.Random, index: int, county: dict, family: str | None = None,
                  siblings: list[dict] | None = None) -> PortalSpec:
    family = family or rng.choices(FAMILIES, weights=FAMILY_WEIGHTS)[0]
    nm = ft.names_for(county["name"], county["city"])
    level = "department" if rng.random() < 0.12 else "government"
    department = rng.choice(("司法局", "市场监督管理局", "生态环境分局")) if level == "department" else ""
    name = f"{nm.county}{department}" if department else f"{county['city']}{nm.county}人民政府"
    admin_code, unit_county, authors = county["code"], nm.county, None
    city = county["city"]
    if siblings:     # a city 司法局's column that lists its counties' reports
        level, department, name = "department", "司法局", f"{county['city']}司法局"
        admin_code, unit_county = _CITY_CODES[county["city"]], ""
        city = "" if admin_code.endswith("0000") else city      # 重庆市 and the like are provinces
        authors = [(ft.names_for(c["name"], c["city"]), ft.Unit("government", c["name"], c["name"]), c["code"])
                   for c in siblings]
        nm = ft.names_for(county["city"], county["city"])
    markup = _variant(rng, family)
    encoding = markup.pop("encoding")
    if family in platform_shapes.WEIGHTS and family != "trs_dialect":
        encoding = "utf-8"     # their fragments and JSON carry no <meta> charset: as served, UTF-8

    header_charset = ("GBK" if encoding == "gbk" else "UTF-8") if markup.pop("charset_header") else ""
    registry_cms = "auto" if rng.random() < 0.7 else platform_shapes.CMS_OF.get(family, family)
    per_page = rng.choice((10, 12, 15, 15, 20))
    col = str(1_229_000_000 + rng.randint(100_000, 999_999))
    column_name = _column_name(rng, level)
    markup.update(platform_shapes.variant(rng, family, index))
    start_path = (platform_shapes.start_path(rng, family, markup, col) if family in platform_shapes.WEIGHTS
                  else _start_path(rng, family, col))
    if family in JSON_PLATFORMS:     # JSON answers are UTF-8; the platform fixes paths and ids
        encoding, header_charset = "utf-8", "UTF-8"
        platform, start_path, per_page = _json_platform(rng, family, col, index)
        markup.update(platform)
    if family == "trs" and markup["ext"] == "shtml":
        start_path = start_path.replace(".html", ".shtml")
    p = PortalSpec(id=f"farm-{index:03d}", name=name, admin_code=admin_code, province=county["province"],
                   city=city, county=unit_county, cms=platform_shapes.CMS_OF.get(family, family), family=family, variant="bench",
                   column_name=column_name, column_path=start_path, column_id=col, encoding=encoding,
                   meta_charset="gb2312" if encoding == "gbk" else "utf-8", header_charset=header_charset,
                   robots="User-agent: *\nDisallow: /admin/\n", per_page=per_page, markup=dict(markup, index=index),
                   level=level, department=department, registry_cms=registry_cms)
    _fill_items(rng, p, nm, authors)
    if family in platform_shapes.WEIGHTS:
        platform_shapes.finish(rng, p, nm, sorted({int(i.published[:4]) for i in p.items}))
    p.markup["comment"] = f"{family}, {p.n_pages} page(s), {len(p.items)} items, {encoding}"
    return p


# ------------------------------------------- JSON-API platforms (tasks/discover/platforms) --
def _json_platform(rng: random.Random, family: str, col: str, index: int) -> tuple[dict, str, int]:
    """One site of a JSON-API platform: (its ids for the renderer, the column's start path, page size)."""
    h, sizes = _hex("platform", family, index), (10, 15, 20)
    if family == "gkmlpt":
        prefix, cat = rng.choice(("", "", "/yjzjj", "/gzlwwglt", "/sfj", "/zfxxgk")), rng.randint(500, 3000)
        sid = rng.choice((2, 200001, 200165, 755031, 662021, 769033)) + rng.randint(0, 40)
        markup = {"prefix": prefix, "sid": str(sid), "cat": cat, "counts": rng.random() < 0.7}
        fragment = f"#{cat}" if rng.random() < 0.7 else ""      # without one, the site's every article (catId 0)
        return markup, f"{prefix}/gkmlpt/index{fragment}", rng.choice((20, 30, 50, 100))
    if family == "jpaas":
        markup = {"web_id": rng.randint(2800, 8200),
                  "tag_id": rng.choice(("当前栏目list", "信息公开列表", "栏目文章列表")), "tpl_set_id": h[:22],
                  "static_first": rng.random() < 0.5, "date_tag": rng.choice(("b", "span")),
                  "max_page_size": rng.choice((10, 20, 50, 100))}
        return markup, f"/col/col{col[-7:]}/index.html", 15
    if family == "trs_igs":
        sec = rng.choice(("zwgk/zfxxgk/fdzdgknr/fzzfjs", "xxgk/fzzfjsbg", "zfxxgk/fzzf", "zwgk/fzzfjsndbg"))
        markup = {"index": rng.choice(("gxzc-index-alias", "file2-index-alias", "xxgk-index")),
                  "site_id": rng.randint(1, 400), "channel": rng.randint(10_000, 99_999), "code": h,
                  "title_key": rng.choice(("FileName", "BT")), "date_ms": rng.random() < 0.4}
        return markup, f"/{sec}/index.{rng.choice(('shtml', 'html'))}", rng.choice(sizes)
    if family == "trs_irs":
        first = rng.randint(10**8, 10**9)
        fields = {name: f"f_20{first + k * rng.randint(3, 97)}"
                  for k, name in enumerate(("title", "doc_no", "publisher", "date", "channel", "abstract"))}
        markup = {"tenant_id": rng.choice((3, 12, 71)), "table": "t_" + h[:11], "fields": fields, "channel": h[11:19]}
        return markup, f"/{rng.choice(('zwgk/zcwjk', 'zfxxgk/zfwj', 'zwgk/fzzfjsndbg'))}/index.html", rng.choice(sizes)
    if family == "epoint":
        category = rng.choice(("003006", "004001002", "002003", "003001005"))
        markup = {"site_guid": f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}", "category": category,
                  "max_page_size": rng.choice((20, 50))}
        return markup, f"/dynamic/zwgk/govInfoPub.html?categorynum={category}", 20
    if family == "infogate":
        jsp = rng.choice(("/govsearch/jsonp/zf_jd_list.jsp", "/govsearch/jsonp/gkml/zf_list.jsp",
                          "/govsearch/jsonp/gkml_xzgf_list.jsp"))
        markup = {"jsp": jsp, "channel": rng.randint(100_000, 200_000)}
        return markup, f"/zw/xxgk/gkml/c{col[-5:]}/index.html", rng.choice(sizes)
    channel = rng.choice((str(rng.randint(1000, 9999)), h[:16]))         # hlj_search
    section = rng.choice(("hlj", "zwgk", "xxgk"))
    return {"channel": channel, "max_page_size": 50}, f"/{section}/c{channel[:6]}/list.shtml", rng.choice(sizes)


def _json_article_path(p: PortalSpec, d: dt.date, seq: int) -> str:
    n = 1_000_000 + p.markup["index"] * 7919 + seq * 37
    if p.family == "gkmlpt":
        return f"{p.markup['prefix']}/gkmlpt/content/{n // 1_000_000}/{n // 1000}/post_{n}.html"
    if p.family == "jpaas":
        return f"/art/{d.year}/{d.month}/{d.day}/art_{p.column_id[-7:]}_{n}.html"
    if p.family == "epoint":
        return f"/content/{d.year}/{_hex(p.id, seq)[:16]}.html"
    if p.family == "infogate":
        return f"/zw/xxgk/gkml/{d:%Y%m}/t{d:%Y%m%d}_{n}.html"
    if p.family == "hlj_search":
        return f"/{p.column_path.split('/')[1]}/c{p.markup['channel'][:6]}/{d:%Y%m}/c00_{n}.shtml"
    return f"{p.column_path.rsplit('/', 1)[0]}/{d:%Y%m}/t{d:%Y%m%d}_{n}.html"   # trs_igs, trs_irs


def _fill_items(rng: random.Random, p: PortalSpec, nm: ft.Names, authors: list[tuple] | None = None) -> None:
    """authors: (names, unit, division code) of the reports an aggregator lists; by default the
    portal's own units."""
    n_pages = rng.choices((1, 2, 3, 4, 5, 6), weights=(2, 3, 3, 2, 2, 1))[0]
    n_items = rng.randint(max(6, (n_pages - 1) * p.per_page + 1), n_pages * p.per_page)
    last_year = 2024 if rng.random() < 0.85 else 2023
    n_years = rng.randint(1, 5)
    years = list(range(last_year - n_years + 1, last_year + 1))
    if authors:
        units = [unit for _, unit, _ in authors]
    elif p.level == "department":
        units = [ft.Unit("department", p.name, nm.x + p.department)]
    else:
        units = ft.units_for(rng, nm, rng.choice((0, 0, 1, 2, 3)), rng.choice((0, 0, 0, 1)))
    author_of = {id(unit): (a_nm, code) for a_nm, unit, code in authors or ()}
    raw: list[tuple] = []    # (date, title, kind, family, year, unit, about)
    unnamed: dict[str, str] = {}    # an aggregated title naming no unit -> where its text does
    max_reports = max(1, int(n_items * rng.uniform(0.15, 0.3)))
    reports: list[tuple[str, int]] = []
    used: set[str] = set()
    for y in reversed(years):
        for unit in units:
            if len(reports) >= max_reports:
                break
            if unit.kind != "government" and rng.random() < 0.3 and (reports or unit is not units[-1]):
                continue      # not every department publishes every year (but every column has a report)
            unit_nm = author_of.get(id(unit), (nm, ""))[0]
            for _ in range(5):
                title = ft.report_title(rng, unit_nm, unit, y, named=bool(authors))
                if title not in used:
                    break
            if title in used:
                continue
            if authors and (pick := random.Random(f"{p.id}/{unit.name}/{y}")).random() < 0.3:
                title = ft.unnamed_title(pick, y)        # the report's own text names its unit
                unnamed[title] = "opening" if pick.random() < 0.5 else "signature"
                if title in used:
                    continue
            used.add(title)
            reports.append((title, y))
            # a town's or street office's report is below the county level: a look-alike
            kind = "township_report" if unit.kind == "town" else "report"
            raw.append((_report_date(rng, y), title, kind, kind, y, unit, ""))
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
        path = _article_path(p, d, seq, title)
        text_rng = random.Random(f"{p.id}/{path}")  # the body, independent of the farm's draws
        unit_nm, unit_code = author_of.get(id(unit), (nm, ""))
        if unit is not None:
            body = ft.report_paragraphs(text_rng, unit_nm, unit, y, unnamed.get(title, ""))
        else:
            year = int(next(iter(ft.YEAR_RE.findall(title)), d.year))
            body = ft.lookalike_paragraphs(text_rng, nm, title, kind, family, year, about)
        published = f"{d:%Y-%m-%d} {9 + seq % 8:02d}:{(seq * 7) % 60:02d}"
        report = ReportSpec(title, published, y, tuple(body), admin_code=unit_code) if kind == "report" else None
        source = (f"{unit_nm.county}{unit.short if unit.kind == 'department' else '人民政府'}"
                  if kind == "report" else p.name)
        p.items.append(ItemSpec(path=path, title=title, published=published, kind=kind, page=seq // p.per_page + 1,
                                body=tuple(("p", para) for para in body), report=report, source=source,
                                family=family, about=about, seq=seq))
    assert len({i.path for i in p.items}) == len(p.items)


def generate(n: int = 200, seed: int = 1, shapes: tuple[str, ...] | None = None) -> list[PortalSpec]:
    """n portals; shapes: CMS families to cycle through (portal i gets shapes[i % len]) instead of drawing them."""
    rng = random.Random(f"fazhi-farm/{seed}")
    counties = _counties(rng)
    portals = []
    for i in range(n):
        county = counties[i % len(counties)]
        # every tenth portal is a city 司法局's column listing its counties' reports, as real ones do
        siblings = [c for c in counties if c["city"] == county["city"]][:4] if i % 10 == 9 else []
        portals.append(_build_portal(random.Random(f"fazhi-farm/{seed}/{i}"), i, county,
                                     shapes[i % len(shapes)] if shapes else None,
                                     siblings if len(siblings) >= 2 else None))
    return portals


def grow(portals: list[PortalSpec], fraction: float) -> list[PortalSpec]:
    """The farm a month later: a new report on top of the list of `fraction` of the portals
    (those on the classic list families, whose article paths any page serves), the year after
    their newest. Returns the portals that gained one."""
    eligible = [p for p in portals if p.family in ("hanweb", "trs", "hunan", "generic") and p.reports]
    rng = random.Random(f"fazhi-farm/grow/{len(portals)}")
    chosen = rng.sample(eligible, min(len(eligible), max(1, round(fraction * len(portals)))))
    for p in chosen:
        newest = p.report_item
        year = newest.report.report_year + 1
        title = newest.title.replace(str(year - 1), str(year))
        path = re.sub(r"(\.\w+)$", r"_later\1", newest.path)
        published = f"{TODAY.isoformat()} 09:00:00"
        report = replace(newest.report, title=title, published=published, report_year=year)
        p.items.insert(0, replace(newest, path=path, title=title, published=published, report=report, seq=-1))
    return chosen


# ============================================================================= truth ==
@dataclass(frozen=True)
class UrlItem(ItemTruth):
    url: str = ""


@dataclass(frozen=True)
class UrlTruth:
    """One portal's truth keyed by absolute URL, as bench.evaluate scores it."""
    portal_id: str
    family: str
    start_url: str
    n_pages: int
    encoding: str
    items: dict[str, UrlItem]            # url -> item, newest first
    admin_code: str = ""                 # the division every report of the portal is by

    def reports(self, years: set[int] | None = None) -> list[UrlItem]:
        return [i for i in self.items.values() if i.is_report and (not years or i.report_year in years)]

    def lookalikes(self) -> list[UrlItem]:
        return [i for i in self.items.values() if i.is_lookalike]


class PortalFarm(Farm):
    """N generated portals; `start()` serves them on loopback, one port per portal."""

    def __init__(self, n: int = 200, seed: int = 1, latency: float = 0.0, host: str = "127.0.0.1",
                 shapes: tuple[str, ...] | None = None, base_port: int = 0, grown: float = 0.0):
        self.n, self.seed, self.latency = n, seed, latency
        self.portals: list[PortalSpec] = generate(n, seed, shapes)
        self.grown = grow(self.portals, grown) if grown else []
        self.by_id = {p.id: p for p in self.portals}
        self.header = f"# generated portal farm: {n} portals, seed {seed} (bench.portal_farm)\n"
        super().__init__(self.portals, host=host, latency=latency, cache=False, base_port=base_port)
        self._truth: dict[str, UrlTruth] = {}

    @property
    def bases(self) -> dict[str, str]:
        return self.sites

    @property
    def truth(self) -> dict[str, UrlTruth]:
        if not self.sites:
            raise RuntimeError("the farm's URLs are known once it is started")
        if not self._truth:
            self._truth = {p.id: self._url_truth(p) for p in self.portals}
        return self._truth

    def _url_truth(self, p: PortalSpec) -> UrlTruth:
        base, truth = self.sites[p.id], portal_truth(p)
        return UrlTruth(p.id, p.family, self.start_url(p.id), p.n_pages, p.encoding,
                        {base + i.path: UrlItem(**{f.name: getattr(i, f.name) for f in fields(i)}, url=base + i.path)
                         for i in truth.items}, p.admin_code)

    def portals_registry(self):
        return parse_registry(self.registry_toml(), "<portal farm>")

    def describe(self) -> str:
        fams = Counter(p.family for p in self.portals)
        items = sum(len(p.items) for p in self.portals)
        reps = sum(1 for p in self.portals for i in p.items if i.kind == "report")
        return (f"{self.n} portals (seed {self.seed}): " + ", ".join(f"{k} {v}" for k, v in sorted(fams.items()))
                + f"; {items} list items, {reps} reports")


# ================================================================================= CLI ==
def main(argv=None) -> int:
    """Serve a farm until killed: python -m bench.portal_farm --n 200 --registry-out farm.toml"""
    ap = argparse.ArgumentParser(description="Serve a generated portal farm on 127.0.0.1 until killed.")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--latency", type=float, default=0.0, help="seconds added to every response")
    ap.add_argument("--registry-out", help="write the registry TOML here once serving")
    ap.add_argument("--base-port", type=int, default=0, help="portal i on BASE_PORT + i (default: free ports)")
    ap.add_argument("--grow", type=float, default=0.0,
                    help="a later state: this fraction of the portals has a new report on top (e.g. 0.01)")
    args = ap.parse_args(argv)
    farm = PortalFarm(args.n, seed=args.seed, latency=args.latency, base_port=args.base_port, grown=args.grow).start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    if args.registry_out:
        tmp = Path(args.registry_out + ".tmp")
        tmp.write_text(farm.registry_toml(), encoding="utf-8")
        tmp.replace(args.registry_out)
    print(f"serving {farm.describe()}" + (f"; {len(farm.grown)} portals gained a report" if args.grow else ""),
          file=sys.stderr, flush=True)
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    farm.stop()
    print(f"served {farm.requests.total} requests", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
