"""Generated portals on the HTML-fragment platforms of issue 13 (bench.portal_farm draws a share
of its portals from these families; fazhi.farm.render serves them):
- label         : Anhui-style /public/column/{organId} shell + /site/label/8888 fragments
                  (label URL in the script or only its ids; page count stated or not; search form);
- hanweb_xxgk   : /module/xxgk/search.jsp, area-wide answers with other columns' rows;
- truecms       : getMessage.do JSONP, perpage limit 50/20/10 (over it: empty or 404), or a
                  retired pager with the items in #initData;
- hebei_columns : /columns/<UUID>/…/blocks/<UUID>?page=N fragments;
- was5          : /was5/web/search, docs.jsp JSON or advsch.jsp HTML;
- jcms          : the Hanweb dialects (proxyUrl path, jslib path, page-only proxy, nextgroup, pageNum);
- trs_dialect   : createPage .shtml, column-index-N.shtml, contenpage; stub pages past the end.
Ids, paths and page sizes are drawn per portal, so no two portals look alike."""
from __future__ import annotations

import datetime as dt
import hashlib
import random
import uuid

from fazhi.farm.spec import PortalSpec

from . import farm_text as ft

# family -> weight among all the generator's families (the four base ones weigh 100)
WEIGHTS = {"label": 6, "hanweb_xxgk": 5, "truecms": 6, "hebei_columns": 5, "was5": 5, "jcms": 9, "trs_dialect": 6}
# the registry's cms for a family that is a dialect of a base platform
CMS_OF = {"jcms": "hanweb", "trs_dialect": "trs"}
TRUECMS_INIT_MAX = 60     # what a retired TrueCMS pager still shows in #initData


def _uuid(*parts) -> str:
    return str(uuid.UUID(hashlib.md5("|".join(map(str, parts)).encode()).hexdigest()))


def variant(rng: random.Random, family: str, index: int) -> dict:
    """The family's markup choices (added to the generator's common ones)."""
    if family == "label":
        return {"site_id": str(rng.randint(1000, 9999)), "organ_id": str(rng.randint(6_000_000, 6_999_999)),
                "cat_id": str(rng.randint(7_000_000, 7_999_999)),
                "file": rng.choice(("/c3/hs/publicInfoList_newest", "/xxgk/publicInfoList_js", "/c2/ah/publicInfoList")),
                "label_in_script": rng.random() < 0.6, "pager": rng.random() < 0.7, "search": rng.random() < 0.6}
    if family == "hanweb_xxgk":
        return {"area": f"1133{rng.randint(10**13, 10**14 - 1)}X", "jdid": str(rng.randint(1000, 9999)),
                "infotype": rng.choice(("A0101", "A0103", "B0201", "C0104"))}
    if family == "truecms":
        per = rng.choice((50, 20, 10))
        return {"column_uuid": _uuid("truecms", index), "max_perpage": per, "over_limit": rng.choice(("empty", "404")),
                "retired": rng.random() < 0.2, "init_items": rng.choice((0, 0, 10, 15))}
    if family == "hebei_columns":
        return {"template": _uuid("tpl", index), "block": _uuid("block", index)}
    if family == "was5":
        return {"channel": rng.randint(200_000, 299_999), "chnl": rng.randint(20_000, 49_999),
                "templet": rng.choice(("docs.jsp", "docs.jsp", "advsch.jsp")), "prepage": rng.choice((10, 15, 20))}
    if family == "jcms":
        return {"dialect": rng.choice(("proxy_url", "jslib", "page_only", "nextgroup", "pagenum")),
                "webid": 1000 + index, "unitid": str(4_000_000 + index), "first_group": rng.choice((1, 3)),
                "config_perpage": rng.choice((0, 0, 120, 150)), "jrobot": rng.random() < 0.5}
    if family == "trs_dialect":
        return {"dialect": rng.choice(("createpage", "column_index", "countvar")), "stub_pages": rng.choice((0, 1, 2, 3))}
    return {}


def start_path(rng: random.Random, family: str, markup: dict, col: str) -> str:
    if family == "label":
        pre = rng.choice(("", "/zwgk"))
        return f"{pre}/public/column/{markup['organ_id']}?type=4&catId={markup['cat_id']}&action=list&nav=3"
    if family in ("hanweb_xxgk", "jcms"):
        return f"/col/col{col}/index.html"
    if family == "truecms":
        sec = rng.choice(("ntsrmzf", "hmsrmzf", "rgsrmzf", "lygsfj"))
        return f"/{sec}/fzzfjs{col[-3:]}/fzzfjs.html"
    if family == "hebei_columns":
        return rng.choice(("", "/zfxxgk")) + f"/columns/{_uuid('col', col)}/index.html"
    if family == "was5":
        return f"/{rng.choice(('zwgk', 'zfxxgk', 'xxgk'))}/fzzfjs{col[-3:]}/index.htm"
    sec = rng.choice(("zwgk_209/fzzfjsndbg", "xxgk/fzzf", "zfxxgk/fdzdgknr/fzzfjs"))
    return {"createpage": f"/{sec}/index.shtml", "column_index": f"/{sec}/column-index-1.shtml",
            "countvar": f"/{sec}/index.html"}[markup["dialect"]]


def article_path(p: PortalSpec, d: dt.date, seq: int, h: str) -> str:
    m, col_dir = p.markup, p.column_path.split("?")[0].rsplit("/", 1)[0]
    if p.family == "label":
        return f"{col_dir.replace('/column', '')}/{m['organ_id']}/{8_000_000 + seq * 13 + m['index']}.html"
    if p.family in ("hanweb_xxgk", "jcms"):
        return f"/art/{d.year}/{d.month}/{d.day}/art_{p.column_id}_{59_000_000 + seq * 131 + m['index']}.html"
    if p.family == "truecms":
        return f"{col_dir.rsplit('/', 1)[0]}/art/{d.year}/{d.month}/{d.day}/art_{50_000 + seq}_{h[:8]}.html"
    if p.family == "hebei_columns":
        return f"{col_dir}/{d:%Y%m}/{d:%d}/{_uuid(h)}.html"
    ext = "htm" if p.family == "was5" else ("html" if m["dialect"] == "countvar" else "shtml")
    return f"{col_dir}/{d:%Y%m}/t{d:%Y%m%d}_{6_400_000 + seq * 37 + m['index']}.{ext}"


def finish(rng: random.Random, p: PortalSpec, nm: ft.Names, years: list[int]) -> None:
    """What depends on the items: the xxgk area's other columns, TrueCMS's #initData."""
    m = p.markup
    if p.family == "hanweb_xxgk":
        others = []
        for k in range(rng.randint(3, 3 * p.per_page)):
            title, _kind, y = ft.filler(rng, nm, years)
            day = dt.date(min(y, 2025), rng.randint(1, 6), rng.randint(1, 28))
            others.append([title, day.isoformat(), str(int(p.column_id) + rng.randint(1, 40))])
        # another column of the area holds a report too: the column filter must leave it out
        y = years[-1]
        others.append([f"关于{y}年度{nm.county}法治政府建设情况的报告", f"{y + 1}-03-{rng.randint(10, 28)}",
                       str(int(p.column_id) + 41)])
        m["others"] = others
    if p.family == "truecms" and len(p.listed) > TRUECMS_INIT_MAX:
        m["retired"] = False           # a retired pager leaves only #initData: the portal must fit in it
    if p.family == "truecms" and m["retired"]:
        m["init_items"] = TRUECMS_INIT_MAX
