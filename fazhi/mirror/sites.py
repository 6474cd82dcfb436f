"""The mirror's sites as data: portal facts, page-template choices and column items.

Nothing here renders HTML or opens sockets (see pages.py and server.py).  Column items
are built deterministically (a seeded RNG per site), so every run serves the same pages.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

# Item kinds (the ground truth's vocabulary).
REPORT = "report"
INTERPRETATION = "interpretation"
WORK_PLAN = "work_plan"
INFO_DISCLOSURE_REPORT = "info_disclosure_report"
NEWS = "news"
OTHER = "other"
KINDS = (REPORT, INTERPRETATION, WORK_PLAN, INFO_DISCLOSURE_REPORT, NEWS, OTHER)

PER_PAGE = 15


@dataclass(frozen=True)
class ReportSpec:
    seed_file: str
    title: str
    publisher: str  # 发布机构 as the page shows it
    publisher_full: str  # qualified with the district name
    pub_datetime: str  # "YYYY-MM-DD HH:MM"
    report_year: int
    level: str  # "government" | "department"
    index_no: str
    topic: str  # 主题分类
    written_date: str  # 成文日期
    doc_no: str = ""  # 文号
    group: str = ""  # 组配分类
    genre: str = ""  # 体裁分类
    content_source: str = ""  # 信息来源 / ContentSource (defaults to publisher_full)
    ruby_pinyin: bool = False  # render "發(fā)" as <ruby>
    span_runs: bool = False  # split paragraphs into inline <span> runs
    bold_headings: bool = True


@dataclass(frozen=True)
class LookAlike:
    title: str
    date: str
    kind: str
    template: str  # which body generator in content.py
    links_report: bool = False


@dataclass
class Item:
    path: str
    title: str
    date: str  # ISO date
    time: str  # "HH:MM"
    kind: str
    template: str
    index_no: str
    publisher: str
    links_report: bool = False
    page: int = 0  # 1-based list page

    @property
    def pub_datetime(self) -> str:
        return f"{self.date} {self.time}"


@dataclass
class Site:
    id: str
    name: str  # registry name
    admin_code: str
    province: str
    city: str
    county: str
    cms: str  # "hanweb" | "hunan"
    domain: str  # the real host the site imitates (for meta tags only)
    site_code: str  # 网站标识码
    icp: str
    psb: str  # 公网安备
    host_org: str  # 主办单位
    column_id: str
    column_name: str
    breadcrumb: tuple[str, ...]  # names between 首页 and the column
    report: ReportSpec
    lookalikes: tuple[LookAlike, ...]
    date_range: tuple[str, str]
    n_items: int = 40
    encoding: str = "utf-8"  # bytes on the wire
    meta_charset: str = "utf-8"  # what <meta charset> declares
    charset_header: bool = True  # charset in the Content-Type header
    # hanweb
    proxy_method: str = "POST"  # POST: startrecord/endrecord; GET: page=N
    proxy_path: str = "/module/jpage/dataproxy.jsp"
    webid: int = 0
    unitid: int = 0
    art_style: str = "old"  # old: /art/Y/M/D/art_col_id.html; new: /col/colN/art/Y/art_hex.html
    table_order: tuple[str, ...] = ()
    title_sep: str = " | "
    # hunan
    site_dir: str = ""  # "/hechengqu"
    items: list[Item] = field(default_factory=list)

    # -- derived -------------------------------------------------------------
    @property
    def column_path(self) -> str:
        if self.cms == "hunan":
            return f"{self.site_dir}/{self.column_id}/list.shtml"
        return f"/col/col{self.column_id}/index.html"

    @property
    def report_item(self) -> Item:
        return next(i for i in self.items if i.kind == REPORT)

    @property
    def n_pages(self) -> int:
        return (len(self.items) + PER_PAGE - 1) // PER_PAGE

    def page_items(self, page: int) -> list[Item]:
        return self.items[(page - 1) * PER_PAGE : page * PER_PAGE]

    def item_by_path(self, path: str) -> Item | None:
        return self._by_path.get(path)

    def __post_init__(self) -> None:
        self.items = _build_items(self)
        self._by_path = {i.path: i for i in self.items}


# ---------------------------------------------------------------------------
# filler titles: ({c} = county, {y} = year)
# ---------------------------------------------------------------------------
FILLER: tuple[tuple[str, str], ...] = (
    (NEWS, "{c}开展{y}年“宪法宣传周”系列活动"),
    (NEWS, "{c}举办人民调解员业务能力提升培训班"),
    (NEWS, "{c}司法局开展行政执法案卷评查"),
    (NEWS, "{c}召开{y}年度普法依法治理工作会议"),
    (NEWS, "{c}公共法律服务中心推出“周末不打烊”服务"),
    (NEWS, "{c}法律援助中心开展“法援惠民生”主题活动"),
    (NEWS, "{c}开展“民法典进社区”宣传活动"),
    (NEWS, "{c}司法局组织开展行政复议案件庭审观摩"),
    (NEWS, "{c}召开府院联席会议推动行政争议实质性化解"),
    (NEWS, "{c}开展{y}年度“法律明白人”培训"),
    (NEWS, "{c}司法所规范化建设现场推进会召开"),
    (OTHER, "关于公布{c}{y}年度行政执法主体及执法依据的公告"),
    (OTHER, "{c}{y}年度重大行政决策事项目录"),
    (OTHER, "关于{c}行政规范性文件清理结果的公告"),
    (OTHER, "{c}司法局{y}年度部门预算"),
    (OTHER, "{c}司法局{y}年度部门决算"),
    (OTHER, "关于公开征求《{c}行政合法性审查工作规定（征求意见稿）》意见的公告"),
    (OTHER, "{c}{y}年度“谁执法谁普法”普法责任清单"),
    (OTHER, "关于{c}{y}年度法律顾问选聘结果的公示"),
    (OTHER, "{c}{y}年度行政执法数据统计"),
    (OTHER, "关于{c}{y}年度人民调解员等级评定结果的公示"),
)


def _hex32(*parts: str) -> str:
    return hashlib.md5("|".join(parts).encode("utf-8")).hexdigest()


def _rand_date(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def _build_items(site: Site) -> list[Item]:
    rng = random.Random(f"fazhi-mirror/{site.id}")
    lo, hi = (date.fromisoformat(d) for d in site.date_range)
    rep = site.report
    raw: list[tuple[str, str, str, str, bool]] = []  # (date, title, kind, template, links)
    raw.append((rep.pub_datetime[:10], rep.title, REPORT, "report", False))
    for la in site.lookalikes:
        raw.append((la.date, la.title, la.kind, la.template, la.links_report))
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
        raw.append((d.isoformat(), title, kind, kind, False))
    raw.sort(key=lambda r: (r[0], r[1]), reverse=True)  # newest first

    items: list[Item] = []
    n = len(raw)
    for pos, (d, title, kind, template, links) in enumerate(raw):
        dd = date.fromisoformat(d)
        if kind == REPORT:
            hhmm = rep.pub_datetime[11:16]
        else:
            hhmm = f"{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"
        if site.cms == "hunan":
            path = f"{site.site_dir}/{site.column_id}/{dd:%Y%m}/{_hex32(site.id, title)}.shtml"
        elif site.art_style == "new":
            path = f"/col/col{site.column_id}/art/{dd.year}/art_{_hex32(site.id, title)}.html"
        else:
            art_id = 58_900_000 + (n - pos) * 137 + (dd.toordinal() % 97)
            path = f"/art/{dd.year}/{dd.month}/{dd.day}/art_{site.column_id}_{art_id}.html"
        if kind == REPORT:
            index_no, publisher = rep.index_no, rep.publisher
        else:
            prefix = rep.index_no.split("/")[0]
            index_no = f"{prefix}/{dd.year}-{rng.randint(10000, 99999)}"
            publisher = rep.publisher
        items.append(
            Item(
                path=path,
                title=title,
                date=d,
                time=hhmm,
                kind=kind,
                template=template,
                index_no=index_no,
                publisher=publisher,
                links_report=links,
                page=pos // PER_PAGE + 1,
            )
        )
    report_page = next(i.page for i in items if i.kind == REPORT)
    assert report_page in (1, 2), (site.id, report_page)
    assert len({i.path for i in items}) == len(items)
    return items


# ---------------------------------------------------------------------------
# the four sites
# ---------------------------------------------------------------------------
def _lookalikes(c: str, report_title: str, ry: int, rdate: str, extra: tuple[LookAlike, ...]) -> tuple[LookAlike, ...]:
    """Look-alikes every column carries, placed around the report's date."""
    d = date.fromisoformat(rdate)

    def off(days: int) -> str:
        return (d + timedelta(days=days)).isoformat()

    return (
        LookAlike(f"一图读懂《{report_title}》", off(1), INTERPRETATION, "infographic", True),
        LookAlike(f"《{report_title}》政策解读", off(2), INTERPRETATION, "interpretation", True),
        LookAlike(f"{c}{ry + 1}年法治政府建设工作要点", off(23), WORK_PLAN, "work_plan"),
        LookAlike(f"{c}{ry - 1}年法治政府建设工作要点", f"{ry - 1}-04-14", WORK_PLAN, "work_plan"),
        LookAlike(f"{c}司法局{ry}年政府信息公开工作年度报告", f"{ry + 1}-01-26", INFO_DISCLOSURE_REPORT, "info_disclosure"),
        LookAlike(f"{c}司法局{ry - 1}年政府信息公开工作年度报告", f"{ry}-01-30", INFO_DISCLOSURE_REPORT, "info_disclosure"),
        LookAlike(f"区政府常务会议专题听取{ry}年度法治政府建设情况汇报", off(-12), NEWS, "meeting", False),
        LookAlike(f"{c}举办{ry + 1}年度法治政府建设专题培训班", off(48), NEWS, "training"),
    ) + extra


_JB_TITLE = "关于2023年度宁波市江北区法治政府建设情况的报告"
_ZH_TITLE = "镇海区司法局2024年法治政府建设年度报告和2025年工作思路"
_XC_TITLE = "下城区2020年度法治政府建设工作报告"
_HC_TITLE = "关于鹤城区2023年度法治政府建设情况报告"

SITES: dict[str, Site] = {}


def _add(site: Site) -> None:
    SITES[site.id] = site


_add(
    Site(
        id="nb-jiangbei",
        name="宁波市江北区人民政府",
        admin_code="330205",
        province="浙江省",
        city="宁波市",
        county="江北区",
        cms="hanweb",
        domain="www.nbjb.gov.cn",
        site_code="3302050001",
        icp="浙ICP备05004638号",
        psb="浙公网安备 33020502000112号",
        host_org="宁波市江北区人民政府办公室",
        column_id="1229741443",
        column_name="法治政府建设",
        breadcrumb=("政务公开", "部门信息公开", "区司法局"),
        report=ReportSpec(
            seed_file="000_8a596ebcca1d5ce5.txt",
            title=_JB_TITLE,
            publisher="江北区司法局",
            publisher_full="江北区司法局",
            pub_datetime="2024-03-28 09:18",
            report_year=2023,
            level="government",
            index_no="2951467/2024-58207",
            topic="综合政务/政务公开",
            written_date="2024-03-28",
            group="公共法律服务",
            genre="其他",
            ruby_pinyin=True,
        ),
        lookalikes=_lookalikes("江北区", _JB_TITLE, 2023, "2024-03-28", (
            LookAlike("江北区法治政府建设实施方案（2021—2025年）", "2021-12-20", WORK_PLAN, "work_plan"),
            LookAlike("江北区2022年度法治政府建设考核结果通报", "2023-02-21", OTHER, "notice"),
        )),
        date_range=("2021-01-05", "2025-06-20"),
        proxy_method="POST",
        proxy_path="/module/jpage/dataproxy.jsp",
        webid=2951,
        unitid=7362811,
        art_style="old",
        table_order=("索引号", "组配分类", "主题分类", "发布机构", "成文日期", "文号", "公开方式", "发布日期"),
    )
)

_add(
    Site(
        id="nb-zhenhai",
        name="宁波市镇海区人民政府",
        admin_code="330211",
        province="浙江省",
        city="宁波市",
        county="镇海区",
        cms="hanweb",
        domain="www.zh.gov.cn",
        site_code="3302110003",
        icp="浙ICP备05017613号",
        psb="浙公网安备 33021102000145号",
        host_org="宁波市镇海区人民政府办公室",
        column_id="1229821406",
        column_name="法治政府建设年度报告",
        breadcrumb=("政府信息公开", "法定主动公开内容", "其他法定主动公开内容"),
        report=ReportSpec(
            seed_file="003_1a326fd2bbbc3412.txt",
            title=_ZH_TITLE,
            publisher="区司法局",
            publisher_full="镇海区司法局",
            pub_datetime="2025-03-19 15:42",
            report_year=2024,
            level="department",
            index_no="002958773/2025-225339",
            topic="司法",
            written_date="2025-03-19",
            genre="报告",
        ),
        lookalikes=_lookalikes("镇海区", _ZH_TITLE, 2024, "2025-03-19", (
            LookAlike("镇海区法治政府建设实施方案（2021—2025年）", "2021-11-30", WORK_PLAN, "work_plan"),
        )),
        date_range=("2021-01-05", "2025-07-15"),
        proxy_method="GET",
        proxy_path="/module/web/jpage/dataproxy.jsp",
        webid=3164,
        unitid=7549862,
        art_style="new",
        table_order=("索引号", "主题分类", "成文日期", "体裁分类", "发布机构", "公开方式", "文号", "发布日期"),
    )
)

_add(
    Site(
        id="hz-xiacheng",
        name="杭州市下城区人民政府",
        admin_code="330103",
        province="浙江省",
        city="杭州市",
        county="下城区",
        cms="hanweb",
        domain="www.hzxc.gov.cn",
        site_code="3301030001",
        icp="浙ICP备10029321号",
        psb="浙公网安备 33010302000218号",
        host_org="杭州市下城区人民政府办公室",
        column_id="1229160421",
        column_name="法治政府",
        breadcrumb=("政务公开", "重点领域信息公开"),
        report=ReportSpec(
            seed_file="002_3fdb355039b4e6e4.txt",
            title=_XC_TITLE,
            publisher="下城区人民政府",
            publisher_full="下城区人民政府",
            pub_datetime="2021-03-22 16:13",
            report_year=2020,
            level="government",
            index_no="002489709/2021-00038",
            topic="综合政务/其他",
            written_date="2021-03-19",
            content_source="杭州市人民政府门户网站",
        ),
        # 下城区 was merged into 拱墅区 in 2021, so its column stops in 2021.
        lookalikes=_lookalikes("下城区", _XC_TITLE, 2020, "2021-03-22", (
            LookAlike("下城区2020年度法治政府建设考核结果通报", "2021-02-03", OTHER, "notice"),
        )),
        date_range=("2019-01-07", "2021-09-24"),
        encoding="gbk",
        meta_charset="gb2312",  # what old pages really declare; the bytes are GBK
        charset_header=False,
        proxy_method="POST",
        proxy_path="/module/jpage/dataproxy.jsp",
        webid=2480,
        unitid=5231107,
        art_style="old",
        table_order=("发布机构", "发布日期", "索引号", "文号", "主题分类", "公开方式", "成文日期"),
    )
)

_add(
    Site(
        id="hh-hecheng",
        name="怀化市鹤城区人民政府",
        admin_code="431202",
        province="湖南省",
        city="怀化市",
        county="鹤城区",
        cms="hunan",
        domain="www.hechengqu.gov.cn",
        site_code="4312020001",
        icp="湘ICP备05000937号",
        psb="湘公网安备 43120202000107号",
        host_org="怀化市鹤城区人民政府办公室",
        column_id="c115525",
        column_name="通知公告",
        breadcrumb=("新闻中心",),
        report=ReportSpec(
            seed_file="001_756b88d9e06b440f.txt",
            title=_HC_TITLE,
            publisher="鹤城区司法局",
            publisher_full="鹤城区司法局",
            pub_datetime="2024-03-27 17:05",
            report_year=2023,
            level="government",
            index_no="431202/2024-00217",
            topic="司法",
            written_date="2024-03-27",
            span_runs=True,
            bold_headings=False,
        ),
        lookalikes=_lookalikes("鹤城区", _HC_TITLE, 2023, "2024-03-27", (
            LookAlike("鹤城区2024年普法依法治理工作要点", "2024-05-06", WORK_PLAN, "work_plan"),
        )),
        date_range=("2021-01-05", "2025-06-20"),
        site_dir="/hechengqu",
    )
)
