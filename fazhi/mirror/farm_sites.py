"""The test farm's sites as data (see farm.py for the API, farm_pages.py for rendering).

Five hosts: four portals (each in the registry) and one "elsewhere" host that no portal
lists, which serves the target of a cross-host redirect and of a foreign link. Items are
built deterministically (a seeded RNG per site), newest first, 15 to a list page.

Roles of special items (``FarmItem.role``):
- ``report``        a report whose text is the page itself
- ``report_pdf``    a short notice page; the report is a PDF attachment
- ``report_docx``   the same with a .docx attachment
- ``report_doc``    the same with an old binary .doc (unreadable: OLE header and noise)
- ``redirect``      a same-host URL that answers 302 to the elsewhere host
- ``foreign``       a list link pointing straight at the elsewhere host
- ``robots``        a report-looking item under a path robots.txt disallows
- ``""``            look-alikes and filler
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .farm_text import ReportFacts, ReportText, report_paragraphs
from .sites import FILLER, INFO_DISCLOSURE_REPORT, INTERPRETATION, NEWS, REPORT, WORK_PLAN, LookAlike

PER_PAGE = 15
ELSEWHERE = "farm-elsewhere"


@dataclass(frozen=True)
class FarmReport:
    """A report placed on a farm site (the list item's title is ``title``)."""

    title: str
    pub_datetime: str  # "YYYY-MM-DD HH:MM:SS" (PubDate meta)
    report_year: int
    source: str  # "page" | "pdf" | "docx" | "doc"
    text: ReportText
    publisher: str  # 发布机构 / 来源
    attachment_name: str = ""  # the file name the notice shows (…报告.pdf)
    level: str = "government"

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return report_paragraphs(self.text)


@dataclass(frozen=True)
class Special:
    """A list item with a role (a report, a redirect, a foreign link, a robots-blocked item)."""

    title: str
    date: str
    role: str
    report: FarmReport | None = None
    target_path: str = ""  # redirect / foreign: path on the elsewhere host
    kind: str = REPORT  # what the title is, as a person reads it


@dataclass
class FarmItem:
    path: str  # path on its host (``host`` is the site itself unless role == "foreign")
    title: str
    date: str
    time: str
    kind: str
    template: str  # body generator (content.py) for look-alikes and filler
    role: str = ""
    report: FarmReport | None = None
    host: str = ""  # site id of the host serving ``path`` ("" = this site)
    target_path: str = ""  # redirect: Location path on the elsewhere host
    attachment_path: str = ""  # report_*: the attachment's URL path (query included)
    index_no: str = ""
    page: int = 0

    @property
    def pub_datetime(self) -> str:
        if self.report:
            return self.report.pub_datetime
        return f"{self.date} {self.time}:00"


@dataclass
class FarmSite:
    id: str
    name: str
    admin_code: str
    province: str
    city: str
    county: str
    cms: str  # "trs" | "generic" (what discovery should detect)
    style: str  # page templates: "trs" | "generic" | "table" | "elsewhere"
    domain: str
    site_code: str
    icp: str
    column_name: str
    column_dir: str  # "/zwgk/fdzdgknr/fzzfjsbg/"
    ext: str = "html"  # TRS list / article extension
    encoding: str = "utf-8"
    meta_charset: str = "utf-8"
    charset_header: bool = True
    specials: tuple[Special, ...] = ()
    lookalikes: tuple[LookAlike, ...] = ()
    date_range: tuple[str, str] = ("2021-01-05", "2025-06-20")
    n_items: int = 40
    robots: str = "User-agent: *\nAllow: /\n"
    flaky_roles: tuple[str, ...] = ()  # items with these roles answer 503 first
    flaky_failures: int = 2
    in_registry: bool = True
    publisher: str = ""  # the column's usual 发布机构
    items: list[FarmItem] = field(default_factory=list)
    extra_pages: dict[str, tuple[str, str, tuple[str, ...]]] = field(default_factory=dict)

    # -- derived -----------------------------------------------------------------
    @property
    def column_path(self) -> str:
        if self.style == "trs":
            return f"{self.column_dir}index.{self.ext}"
        if self.style == "generic":
            return f"{self.column_dir}list.html"
        if self.style == "table":
            return f"{self.column_dir}index.jsp"
        return "/"

    def list_page_path(self, page: int) -> str:
        if self.style == "trs":
            return f"{self.column_dir}index.{self.ext}" if page == 1 else f"{self.column_dir}index_{page - 1}.{self.ext}"
        if self.style == "generic":
            return f"{self.column_dir}list.html" if page == 1 else f"{self.column_dir}list_{page}.html"
        if self.style == "table":
            return f"{self.column_dir}index.jsp" if page == 1 else f"{self.column_dir}index.jsp?pageIndex={page}"
        raise ValueError(self.style)

    @property
    def n_pages(self) -> int:
        return (len(self.items) + PER_PAGE - 1) // PER_PAGE

    def page_items(self, page: int) -> list[FarmItem]:
        return self.items[(page - 1) * PER_PAGE : page * PER_PAGE]

    @property
    def reports(self) -> list[FarmItem]:
        return [i for i in self.items if i.role.startswith("report")]

    @property
    def report_item(self) -> FarmItem:
        """The newest report (look-alikes such as 解读 refer to it)."""
        return self.reports[0]

    def __post_init__(self) -> None:
        if self.style != "elsewhere":
            self.items = _build_items(self)
        self._by_path = {i.path: i for i in self.items if not i.host}
        self._by_attachment = {i.attachment_path: i for i in self.items if i.attachment_path}

    def item_by_path(self, path: str) -> FarmItem | None:
        return self._by_path.get(path)

    def attachment_item(self, path_with_query: str) -> FarmItem | None:
        """The report item whose attachment is at this path (query string included)."""
        return self._by_attachment.get(path_with_query)


def _hex(*parts: str, n: int = 32) -> str:
    return hashlib.md5("|".join(parts).encode("utf-8")).hexdigest()[:n]


def _rand_date(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def _article_path(site: FarmSite, d: date, title: str, rng: random.Random, serial: int) -> str:
    if site.style == "trs":
        num = 6_583_952 + (d.toordinal() - 738_000) * 37 + serial
        return f"{site.column_dir}{d:%Y%m}/t{d:%Y%m%d}_{num}.{site.ext}"
    if site.style == "generic":
        return f"{site.column_dir}{d:%Y%m}/{_hex(site.id, title, n=16)}.html"
    # table style (蜀山区): /public/<unit>/<id>.html
    return f"/public/6596211/{11_000_000 + d.toordinal() % 100_000 * 10 + serial % 10}.html"


def _build_items(site: FarmSite) -> list[FarmItem]:
    rng = random.Random(f"fazhi-farm/{site.id}")
    lo, hi = (date.fromisoformat(d) for d in site.date_range)
    raw: list[tuple] = []  # (date, title, kind, template, special)
    for sp in site.specials:
        raw.append((sp.date, sp.title, sp.kind, "report", sp))
    for la in site.lookalikes:
        raw.append((la.date, la.title, la.kind, la.template, None))
    used = {r[1] for r in raw}
    years = list(range(lo.year, hi.year + 1))
    pool = [(k, t, y) for (k, t) in FILLER for y in years]
    rng.shuffle(pool)
    for kind, tmpl, y in pool:
        if len(raw) >= site.n_items:
            break
        title = tmpl.format(c=site.county, y=y)
        if title in used:
            continue
        used.add(title)
        d = _rand_date(rng, max(lo, date(y, 1, 4)), min(hi, date(y, 12, 28)))
        raw.append((d.isoformat(), title, kind, kind, None))
    raw.sort(key=lambda r: (r[0], r[1]), reverse=True)

    items: list[FarmItem] = []
    for pos, (d, title, kind, template, sp) in enumerate(raw):
        dd = date.fromisoformat(d)
        hhmm = f"{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"
        role = sp.role if sp else ""
        path = _article_path(site, dd, title, rng, pos)
        host = ""
        target = ""
        if role == "robots":
            path = f"/private/{dd:%Y%m}/{_hex(site.id, title, n=16)}.html"
        elif role == "foreign":
            host, path = ELSEWHERE, sp.target_path
        elif role == "redirect":
            target = sp.target_path
        attachment = ""
        rep = sp.report if sp else None
        if rep and rep.source in ("pdf", "docx", "doc"):
            stem = f"{dd:%Y%m%d}{int(_hex(site.id, title, n=8), 16) % 10**6:06d}"
            if rep.source == "pdf":
                attachment = f"/module/download/downfile.jsp?classid=0&filename={stem}.pdf"
            else:
                attachment = f"/attach/0/{stem}.{rep.source}"
        items.append(FarmItem(
            path=path, title=title, date=d, time=(rep.pub_datetime[11:16] if rep else hhmm),
            kind=kind, template=template, role=role, report=rep, host=host, target_path=target,
            attachment_path=attachment,
            index_no=f"{site.admin_code}-{dd.year}-{rng.randint(100, 999):03d}-{rng.randint(1000, 9999)}",
            page=pos // PER_PAGE + 1,
        ))
    assert len({(i.host, i.path) for i in items}) == len(items), site.id
    return items


# ---------------------------------------------------------------------------
# look-alikes shared by every column (around the newest report)
# ---------------------------------------------------------------------------
def _lookalikes(c: str, report_title: str, ry: int, rdate: str, *extra: LookAlike) -> tuple[LookAlike, ...]:
    d = date.fromisoformat(rdate)

    def off(days: int) -> str:
        return (d + timedelta(days=days)).isoformat()

    return (
        LookAlike(f"一图读懂《{report_title}》", off(1), INTERPRETATION, "infographic", True),
        LookAlike(f"图解：{c}{ry}年度法治政府建设情况", off(3), INTERPRETATION, "infographic", True),
        LookAlike(f"{c}{ry + 1}年法治政府建设工作要点", off(25), WORK_PLAN, "work_plan"),
        LookAlike(f"{c}{ry}年法治政府建设工作要点", f"{ry}-04-12", WORK_PLAN, "work_plan"),
        LookAlike(f"{c}司法局{ry}年政府信息公开工作年度报告", f"{ry + 1}-01-25", INFO_DISCLOSURE_REPORT, "info_disclosure"),
        LookAlike(f"{c}司法局{ry - 1}年政府信息公开工作年度报告", f"{ry}-01-29", INFO_DISCLOSURE_REPORT, "info_disclosure"),
        LookAlike(f"区政府常务会议专题听取{ry}年度法治政府建设情况汇报", off(-10), NEWS, "meeting"),
        LookAlike(f"{c}举办{ry + 1}年度法治政府建设专题培训班", off(44), NEWS, "training"),
    ) + extra


def _facts(seed: str) -> ReportFacts:
    rng = random.Random(seed)
    received = rng.randint(60, 320)
    concluded = received - rng.randint(3, 12)
    cases = rng.randint(40, 160)
    mediated = rng.randint(1500, 9000)
    return ReportFacts(
        reconsideration_received=received,
        reconsideration_concluded=concluded,
        reconsideration_correction_rate=round(rng.uniform(4, 15), 1),
        litigation_cases=cases,
        litigation_loss_rate=round(rng.uniform(1, 6), 1),
        head_appearance_rate=100,
        major_decisions=rng.randint(3, 12),
        normative_docs_reviewed=rng.randint(8, 40),
        normative_docs_cleaned=rng.randint(20, 150),
        legality_reviews=rng.randint(200, 900),
        enforcement_personnel=rng.randint(800, 2400),
        case_files_reviewed=rng.randint(100, 400),
        disputes_mediated=mediated,
        mediation_success_rate=round(rng.uniform(96, 99.8), 1),
        legal_aid_cases=rng.randint(300, 1200),
        practicing_lawyers=rng.randint(400, 2600),
        public_lawyers=rng.randint(40, 200),
        law_study_sessions=rng.randint(4, 12),
        publicity_events=rng.randint(120, 600),
        info_disclosed=rng.randint(2000, 9000),
        npc_suggestions=rng.randint(40, 120),
        cppcc_proposals=rng.randint(60, 160),
    )


def _text(county: str, city: str, year: int, gov: str, signed: str, flavour: tuple[str, str, str],
          weakness: str, plan_focus: str) -> ReportText:
    return ReportText(county=county, city=city, year=year, gov=gov, signed=signed,
                      facts=_facts(f"{county}/{year}"), flavour=flavour, weakness=weakness, plan_focus=plan_focus)


# ---------------------------------------------------------------------------
# the sites
# ---------------------------------------------------------------------------
FARM_SITES: dict[str, FarmSite] = {}


def _add(site: FarmSite) -> None:
    FARM_SITES[site.id] = site


# 1. TRS, GBK bytes, charset only in <meta> ------------------------------------
_LX_2023 = FarmReport(
    title="历下区2023年法治政府建设情况报告",
    pub_datetime="2024-03-28 09:18:00",
    report_year=2023, source="page", publisher="济南市历下区人民政府",
    text=_text("历下区", "济南市", 2023, "济南市历下区人民政府", "2024年3月26日", (
        "在全市率先建立“法治副所长”制度，实现街道全覆盖。",
        "“泉城办·历下快办”改革推出“一件事一次办”主题套餐86项。",
        "在泉城路商圈试点“综合查一次”，减少入企检查频次四成以上。",
    ), "法治宣传教育的针对性和实效性还不够强。", "深化泉城路商圈“综合查一次”改革，"))
_LX_2022 = FarmReport(
    title="历下区2022年法治政府建设情况报告",
    pub_datetime="2023-03-30 16:05:00",
    report_year=2022, source="page", publisher="济南市历下区人民政府",
    text=_text("历下区", "济南市", 2022, "济南市历下区人民政府", "2023年3月28日", (
        "建成区级公共法律服务中心和13个街道公共法律服务工作站。",
        "政务服务事项网上可办率达到98%以上。",
        "在市场监管领域推行“非现场执法”。",
    ), "数字法治政府建设还有短板。", "推进“非现场执法”扩面，"))
_add(FarmSite(
    id="farm-trs-gbk",
    name="济南市历下区人民政府",
    admin_code="370102", province="山东省", city="济南市", county="历下区",
    cms="trs", style="trs",
    domain="www.lixia.gov.cn", site_code="3701020001", icp="鲁ICP备05001892号",
    column_name="法治政府建设年度报告",
    column_dir="/zwgk/fdzdgknr/fzzfjsbg/",
    encoding="gbk", meta_charset="gb2312", charset_header=False,
    specials=(
        Special(_LX_2023.title, "2024-03-28", "report", _LX_2023),
        Special(_LX_2022.title, "2023-03-30", "report", _LX_2022),
    ),
    lookalikes=_lookalikes("历下区", _LX_2023.title, 2023, "2024-03-28",
                           LookAlike("历下区法治政府建设实施方案（2021—2025年）", "2022-01-18", WORK_PLAN, "work_plan")),
    date_range=("2022-01-04", "2024-12-20"),
    publisher="历下区司法局",
))

# 2. generic list with 下一页, robots.txt, a cross-host redirect and a foreign link ----
_GS_2023 = FarmReport(
    title="姑苏区关于2023年度法治政府建设工作情况的报告",
    pub_datetime="2024-03-29 10:30:00",
    report_year=2023, source="page", publisher="苏州市姑苏区人民政府",
    text=_text("姑苏区", "苏州市", 2023, "苏州市姑苏区人民政府", "2024年3月27日", (
        "出台《姑苏区历史文化名城保护行政执法协作办法》。",
        "古城保护更新项目审批实行“一窗受理、并联审批”。",
        "在平江路历史街区推行柔性执法，首违不罚案件较上年增长三成。",
    ), "历史文化名城保护领域执法协作还不够顺畅。", "完善古城保护领域执法协作机制，"))
_add(FarmSite(
    id="farm-generic",
    name="苏州市姑苏区人民政府",
    admin_code="320508", province="江苏省", city="苏州市", county="姑苏区",
    cms="generic", style="generic",
    domain="www.gusu.gov.cn", site_code="3205080002", icp="苏ICP备12069213号",
    column_name="法治政府建设",
    column_dir="/gsq/fzzfjs/",
    specials=(
        Special(_GS_2023.title, "2024-03-29", "report", _GS_2023),
        # moved to the city's site: the old URL answers 302 to another host
        Special("姑苏区关于2022年度法治政府建设工作情况的报告", "2023-03-28", "redirect",
                target_path="/szfz/gsq/2023/0328/fzzfbg2022.html"),
        # the city's report, linked straight from the district's column
        Special("苏州市2023年度法治政府建设情况报告", "2024-04-01", "foreign",
                target_path="/szfz/sz/2024/0401/fzzfbg2023.html"),
        # a report-looking item under a path robots.txt disallows
        Special("姑苏区关于2021年度法治政府建设工作情况的报告", "2022-03-25", "robots"),
    ),
    lookalikes=_lookalikes("姑苏区", _GS_2023.title, 2023, "2024-03-29",
                           LookAlike("《姑苏区关于2023年度法治政府建设工作情况的报告》政策解读", "2024-03-30",
                                     INTERPRETATION, "interpretation", True)),
    date_range=("2021-06-01", "2025-05-30"),
    robots="User-agent: *\nDisallow: /private/\nDisallow: /search/\n\nUser-agent: Baiduspider\nAllow: /\n",
    publisher="姑苏区司法局",
))

# 3-5. reports only in attachments: .pdf (2023), .docx (2022), .doc (2021) ----------
_SS_2023 = FarmReport(
    title="蜀山区2023年度法治政府建设情况报告",
    pub_datetime="2024-03-26 16:20:00",
    report_year=2023, source="pdf", publisher="合肥市蜀山区人民政府",
    attachment_name="蜀山区2023年度法治政府建设情况报告.pdf",
    text=_text("蜀山区", "合肥市", 2023, "合肥市蜀山区人民政府", "2024年3月25日", (
        "建立“蜀山法治指数”评估体系，对16个部门开展法治建设评估。",
        "“蜀山企业服务港”上线涉企政策“免申即享”事项42项。",
        "在科学城片区推行“一业一查”跨部门联合检查。",
    ), "科学城片区新业态监管的规则供给还不足。", "推行“一业一查”跨部门联合检查，"))
_SS_2022 = FarmReport(
    title="蜀山区2022年度法治政府建设情况报告",
    pub_datetime="2023-03-30 09:00:00",
    report_year=2022, source="docx", publisher="合肥市蜀山区人民政府",
    attachment_name="蜀山区2022年度法治政府建设情况报告.docx",
    text=_text("蜀山区", "合肥市", 2022, "合肥市蜀山区人民政府", "2023年3月29日", (
        "区级行政复议体制改革全面完成，集中行使行政复议职责。",
        "政务服务“一网通办”实现区级事项全覆盖。",
        "制定行政执法裁量权基准，覆盖12个执法领域。",
    ), "行政复议规范化水平还需提升。", "完善行政执法裁量权基准，"))
_SS_2021 = FarmReport(
    title="蜀山区2021年度法治政府建设情况报告",
    pub_datetime="2022-03-28 11:45:00",
    report_year=2021, source="doc", publisher="合肥市蜀山区人民政府",
    attachment_name="蜀山区2021年度法治政府建设情况报告.doc",
    text=_text("蜀山区", "合肥市", 2021, "合肥市蜀山区人民政府", "2022年3月25日", (
        "启动“八五”普法规划实施。", "推进政务服务标准化。", "开展行政执法“三项制度”专项检查。",
    ), "基层法治力量薄弱。", "加强基层执法队伍建设，"))
_add(FarmSite(
    id="farm-attach",
    name="合肥市蜀山区人民政府",
    admin_code="340104", province="安徽省", city="合肥市", county="蜀山区",
    cms="generic", style="table",
    domain="www.shushan.gov.cn", site_code="3401040004", icp="皖ICP备05003417号",
    column_name="法治政府建设",
    column_dir="/public/column/6596211/",
    specials=(
        Special(_SS_2023.title, "2024-03-26", "report_pdf", _SS_2023),
        Special(_SS_2022.title, "2023-03-30", "report_docx", _SS_2022),
        Special(_SS_2021.title, "2022-03-28", "report_doc", _SS_2021),
    ),
    lookalikes=_lookalikes("蜀山区", _SS_2023.title, 2023, "2024-03-26"),
    date_range=("2021-09-01", "2024-12-27"),
    publisher="蜀山区司法局",
))

# 6. flaky: the report page answers 503 twice, then 200 (TRS, UTF-8, .shtml) --------
_GL_2024 = FarmReport(
    title="鼓楼区2024年度法治政府建设情况报告",
    pub_datetime="2025-03-27 15:00:00",
    report_year=2024, source="page", publisher="福州市鼓楼区人民政府",
    text=_text("鼓楼区", "福州市", 2024, "福州市鼓楼区人民政府", "2025年3月25日", (
        "在三坊七巷片区设立“法治驿站”，提供“家门口”法律服务。",
        "推行“一趟不用跑”清单，新增即办事项58项。",
        "运用“综合查一次”机制开展跨部门检查。",
    ), "涉企行政检查统筹还不够到位。", "深化“综合查一次”机制，"))
_add(FarmSite(
    id="farm-flaky",
    name="福州市鼓楼区人民政府",
    admin_code="350102", province="福建省", city="福州市", county="鼓楼区",
    cms="trs", style="trs", ext="shtml",
    domain="www.gl.gov.cn", site_code="3501020003", icp="闽ICP备05020187号",
    column_name="法治政府建设",
    column_dir="/xxgk/fzzfjs/",
    specials=(Special(_GL_2024.title, "2025-03-27", "report", _GL_2024),),
    lookalikes=_lookalikes("鼓楼区", _GL_2024.title, 2024, "2025-03-27"),
    date_range=("2022-06-01", "2025-06-25"),
    flaky_roles=("report",),
    flaky_failures=2,
    publisher="鼓楼区司法局",
))

# the other host: the city's site, in no portal's hosts -------------------------------
_add(FarmSite(
    id=ELSEWHERE,
    name="苏州市人民政府",
    admin_code="320500", province="江苏省", city="苏州市", county="",
    cms="generic", style="elsewhere",
    domain="www.suzhou.gov.cn", site_code="3205000001", icp="苏ICP备05003960号",
    column_name="法治苏州", column_dir="/szfz/",
    in_registry=False,
    extra_pages={
        "/szfz/gsq/2023/0328/fzzfbg2022.html": (
            "姑苏区关于2022年度法治政府建设工作情况的报告", "2023-03-28 10:00:00",
            ("2022年，姑苏区深入学习贯彻习近平法治思想，扎实推进法治政府建设。（本页为迁移后的存档页。）",)),
        "/szfz/sz/2024/0401/fzzfbg2023.html": (
            "苏州市2023年度法治政府建设情况报告", "2024-04-01 09:00:00",
            ("2023年，苏州市深入学习贯彻习近平法治思想，法治政府建设取得新成效。（市级报告，不属于姑苏区。）",)),
    },
))

FARM_SITE_IDS: tuple[str, ...] = tuple(FARM_SITES)  # fixed order: site i gets base_port + i
FARM_PORTAL_IDS: tuple[str, ...] = tuple(s for s in FARM_SITE_IDS if FARM_SITES[s].in_registry)
