"""Titles and bodies for the generated portal farm (bench.portal_farm).

Everything is drawn from a random.Random passed in, so a seed gives the same farm every
time. Titles follow the patterns real portals use (docs/domain.md) and more, and are not
copies of the offline mirror's titles: the farm is "portals the tests have never seen".

Kinds are the warehouse's vocabulary (report, interpretation, work_plan,
info_disclosure_report, news, other); `family` says which look-alike group a title
belongs to, for the per-family figures of scripts/discovery_eval.py.
"""
from __future__ import annotations

import random
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

YEAR_RE = re.compile(r"20\d\d")  # the year a title is about
# Title pools and report sentences, as data; a seed draws from them by position.
TEXTS = tomllib.loads((Path(__file__).with_name("farm_titles.toml")).read_text(encoding="utf-8"))
ACHIEVEMENTS = [(a["heading"], tuple(a["sentences"])) for a in TEXTS["achievements"]]

DEPARTMENTS = (
    "司法局", "市场监督管理局", "自然资源和规划局", "生态环境分局", "教育局", "卫生健康局",
    "人力资源和社会保障局", "住房和城乡建设局", "交通运输局", "农业农村局", "应急管理局",
    "综合行政执法局", "财政局", "民政局", "商务局", "文化和旅游局", "医疗保障局", "退役军人事务局",
    "水利局", "统计局", "审计局", "发展和改革局", "科技局", "城市管理局",
)
TOWN_STEMS = ("城关", "东湖", "新桥", "白沙", "石门", "青山", "龙泉", "南山", "永安", "长乐", "河西",
              "金桥", "梅林", "双塔", "清河", "古城", "云龙", "桃源", "凤凰", "黄石", "朝阳", "西湖")


@dataclass(frozen=True)
class Unit:
    """Who writes a report: the county government, one of its departments, or a town."""
    kind: str        # government | department | town
    name: str        # 江北区 / 江北区司法局 / 城关街道
    short: str       # 江北区 / 区司法局 / 城关街道


@dataclass(frozen=True)
class Names:
    county: str      # 江北区
    city: str        # 宁波市
    gov: str         # 区政府
    x: str           # 区 (the county's suffix: 区/县/市)


def names_for(county: str, city: str) -> Names:
    x = county[-1]
    return Names(county=county, city=city, gov=f"{x}政府", x=x)


def units_for(rng: random.Random, nm: Names, n_departments: int, n_towns: int = 0) -> list[Unit]:
    units = [Unit("government", nm.county, nm.county)]
    for dept in rng.sample(DEPARTMENTS, n_departments):
        units.append(Unit("department", nm.county + dept, nm.x + dept))
    for stem in rng.sample(TOWN_STEMS, n_towns):
        units.append(Unit("town", stem + rng.choice(("街道", "镇")), stem))
    return units


# ----------------------------------------------------------------------------- reports --
def report_title(rng: random.Random, nm: Names, unit: Unit, y: int, named: bool = False) -> str:
    """named: only titles that name the unit (an aggregator's column lists many units' reports)."""
    pool = TEXTS["report_titles"][unit.kind]
    if named:
        pool = [t for t in pool if "{C}" in t or "{U}" in t]
    name = unit.name if unit.kind != "department" or rng.random() < 0.7 else unit.short
    return rng.choice(pool).format(C=nm.county, P=nm.city, U=name, y=y, y1=y + 1)


# --------------------------------------------------------------------------- look-alikes --
@dataclass(frozen=True)
class LookTitle:
    title: str
    kind: str
    family: str
    year: int            # the year it is about (for dating it)
    about_report: str = ""   # the report title it refers to, if any


LOOKALIKE_FAMILIES = ("interpretation", "work_plan", "info_disclosure", "meeting", "training",
                      "award", "notice", "essay")
_FAMILY_KIND = {"interpretation": "interpretation", "work_plan": "work_plan",
                "info_disclosure": "info_disclosure_report", "meeting": "news", "training": "news",
                "award": "news", "notice": "other", "essay": "other"}
_FAMILY_WEIGHTS = (5, 4, 4, 3, 2, 3, 2, 1)


def lookalike(rng: random.Random, nm: Names, reports: list[tuple[str, int]], years: list[int]) -> LookTitle:
    """One look-alike, about one of the portal's reports (title, year) when it has any."""
    family = rng.choices(LOOKALIKE_FAMILIES, weights=_FAMILY_WEIGHTS)[0]
    rep, y = rng.choice(reports) if reports else (f"{nm.county}{years[-1]}年度法治政府建设情况报告", years[-1])
    dept = rng.choice(("司法局", "市场监督管理局", "教育局", "财政局", ""))
    # a work plan or a training is about the next year; a meeting has a number, drawn first
    year = y + 1 if family in ("work_plan", "training") else y
    n = rng.randint(2, 9) if family == "meeting" else None
    title = rng.choice(TEXTS["lookalike_titles"][family]).format(
        c=nm.county, y=year, y1=year + 1, rep=rep, dept=dept, x=nm.x, g=nm.gov, n=n)
    about = rep if family in ("interpretation", "meeting") else ""
    return LookTitle(title, _FAMILY_KIND[family], family, y, about)


# ------------------------------------------------------------------------------ filler --
def filler(rng: random.Random, nm: Names, years: list[int]) -> tuple[str, str, int]:
    kind, tmpl = rng.choice(TEXTS["fillers"]["items"])
    y = rng.choice(years + [years[-1] + 1])
    return tmpl.format(C=nm.county, y=y, q=rng.randint(1, 4), G=nm.gov), kind, y


# ------------------------------------------------------------------------------- bodies --
def _fill(rng: random.Random, s: str, x: str) -> str:
    return s.format(a=rng.randint(3, 40), b=rng.randint(12, 260), c=rng.randint(300, 9800),
                    p=rng.randint(90, 99), p2=round(rng.uniform(1, 15), 1), p3=round(rng.uniform(0, 8), 1), x=x)


def unnamed_title(rng: random.Random, y: int) -> str:
    return rng.choice(TEXTS["report_titles"]["unnamed"]).format(y=y)


def report_paragraphs(rng: random.Random, nm: Names, unit: Unit, y: int, named_in: str = "") -> list[str]:
    """A report in the five parts, about 2,500 characters. named_in: where the text names its
    unit, for a title that does not ("opening": the first sentence's subject, "signature")."""
    who = "我" + (nm.x if unit.kind == "government" else ("局" if unit.kind == "department" else "街道"))
    if named_in == "opening":
        who = unit.name
    out = [f"{y}年，{who}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
           f"在{nm.city}委、{nm.city}政府和{nm.county}委的坚强领导下，全面推进依法行政，"
           f"法治政府建设取得新成效。现将{y}年度法治政府建设情况报告如下："]
    out.append(f"一、{y}年度推进法治政府建设的主要举措和成效")
    cn = "一二三四五六"
    for i, (head, sentences) in enumerate(rng.sample(ACHIEVEMENTS, rng.randint(3, 5))):
        body = "".join(_fill(rng, s, nm.x) for s in rng.sample(sentences, min(len(sentences), 3)))
        out.append(f"（{cn[i]}）{head}。{body}")
    out.append("二、存在的不足和原因")
    out.append("一是法治政府建设推进还不够平衡，部分单位对法治政府建设重要性认识不足；"
               "二是行政执法规范化水平有待提高，执法人员专业能力与新形势要求还有差距；"
               "三是基层法治力量相对薄弱，法治审核人员配备不足。主要原因是学习贯彻习近平法治思想还不够深入，"
               "工作机制还不够健全，督促检查还不够有力。")
    out.append("三、党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况")
    out.append(f"主要负责人认真履行推进法治建设第一责任人职责，全年主持召开专题会议{rng.randint(2, 8)}次研究部署法治政府建设工作，"
               "将法治政府建设纳入年度目标责任制考核，带头尊法学法守法用法，在年终述职中专门报告述法情况。")
    plan_head = rng.choice((f"四、{y + 1}年度推进法治政府建设的主要安排", "四、下一步工作思路",
                            f"四、{y + 1}年工作安排", "四、下步工作打算"))
    out.append(plan_head)
    out.append(f"{y + 1}年，{who}将继续深入学习贯彻习近平法治思想，重点抓好以下工作：一是深化行政执法体制改革，"
               f"计划开展执法人员培训{rng.randint(3, 12)}场次；二是严格落实重大行政决策程序，提升决策科学化民主化法治化水平；"
               f"三是加强行政复议和应诉工作，行政机关负责人出庭应诉率保持100%；四是推进“八五”普法规划落地，"
               f"全年开展法治宣传活动{rng.randint(50, 300)}场次。")
    out.append("五、其他需要报告的情况")
    out.append(rng.choice(("无。", f"{y}年，{who}未发生因违法行政被问责的情况。",
                           "其他需要报告的情况已在上述内容中一并报告。")))
    if named_in == "signature":
        out += [unit.name + ("人民政府" if unit.kind == "government" else ""), f"{y + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"]
    return out


def lookalike_paragraphs(rng: random.Random, nm: Names, title: str, kind: str, family: str, y: int,
                         about: str = "") -> list[str]:
    """A short body (under 1,000 characters) for a look-alike or filler page."""
    c = nm.county
    if family == "interpretation":
        return [f"根据《法治政府建设与责任落实督察工作规定》，{c}起草了《{about or title}》。",
                "一、起草背景", f"{y}年，{c}深入推进法治政府建设，现就报告主要内容解读如下。",
                "二、主要内容", "报告共分五个部分：主要举措和成效、存在的不足和原因、党政主要负责人履行第一责任人职责情况、"
                "下一年度工作安排以及其他需要报告的情况。", f"三、解读机关：{c}司法局。"]
    if family == "work_plan":
        return [f"为深入推进法治政府建设，结合{c}实际，制定本方案。", "一、总体要求",
                "坚持以习近平法治思想为指导，着力提升依法行政能力和水平。", "二、主要任务",
                "（一）依法全面履行政府职能。（二）健全依法行政制度体系。（三）严格规范公正文明执法。",
                "三、保障措施", "各单位要加强组织领导，于每年12月底前报送工作完成情况。"]
    if family == "info_disclosure":
        return [f"本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据统计期限自{y}年1月1日起至{y}年12月31日止。",
                "一、总体情况", f"{y}年，主动公开政府信息{rng.randint(200, 3000)}条。",
                "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    if family in ("meeting", "training", "award", "notice", "essay"):
        return [f"近日，{c}{title[-12:]}。", f"会议指出，要深入学习贯彻习近平法治思想，持续推进{c}法治政府建设。",
                "会议要求，各单位要压实责任，狠抓落实，确保各项任务按时完成。"]
    return [f"近日，{title}。", f"{c}相关负责同志出席并讲话，要求各部门提高认识、加强协作、务求实效。",
            "下一步，将继续抓好各项工作落实，不断提升群众满意度。"]
