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
from dataclasses import dataclass

YEAR_RE = re.compile(r"20\d\d")  # the year a title is about

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
_GOV_REPORTS = (
    "关于{y}年度{C}法治政府建设情况的报告",
    "{C}{y}年法治政府建设工作报告",
    "{C}人民政府关于{y}年度法治政府建设工作情况的报告",
    "{y}年度法治政府建设情况报告",
    "{C}{y}年度法治政府建设年度报告",
    "{C}关于{y}年法治政府建设工作的报告",
    "{C}{y}年度法治政府建设工作情况报告",
    "{P}{C}{y}年度法治政府建设情况报告",
    "{C}人民政府{y}年度法治政府建设情况报告",
    "{C}{y}年法治政府建设年度报告",
    "中共{C}委 {C}人民政府关于{y}年度法治政府建设情况的报告",
    "{C}{y}年法治政府建设工作总结",
    "{C}{y}年度法治政府建设情况",
    "关于{C}{y}年度法治政府建设工作开展情况的报告",
    "{C}人民政府关于{y}年度法治政府建设和依法行政工作情况的报告",
    "{C}{y}年度法治政府建设报告",
    "{C}{y}年法治政府建设情况的报告",
    "{C}关于{y}年度推进法治政府建设情况的报告",
    "{C}人民政府关于{y}年法治政府建设工作情况的报告（全文）",
    "{y}年{C}法治政府建设工作情况报告",
)
_DEPT_REPORTS = (
    "{U}{y}年法治政府建设年度报告和{y1}年工作思路",
    "{U}{y}年度法治政府建设工作报告",
    "{U}关于{y}年度法治政府建设工作情况的报告",
    "{U}{y}年法治政府建设情况报告",
    "{U}关于{y}年法治政府建设工作情况及{y1}年工作安排的报告",
    "{U}{y}年度法治政府建设年度报告",
    "{U}{y}年度法治政府建设情况",
    "{U}{y}年度法治政府建设工作总结及{y1}年工作计划",
    "{U}关于{y}年度法治政府建设工作的报告",
    "{U}{y}年度法治政府建设工作开展情况报告",
)
_TOWN_REPORTS = (
    "{U}{y}年度法治政府建设工作报告",
    "{U}关于{y}年法治政府建设情况的报告",
    "{U}{y}年法治政府建设工作情况报告",
)


def report_title(rng: random.Random, nm: Names, unit: Unit, y: int) -> str:
    pool = {"government": _GOV_REPORTS, "department": _DEPT_REPORTS, "town": _TOWN_REPORTS}[unit.kind]
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


def _interp(rng, nm: Names, rep: str, y: int) -> str:
    c = nm.county
    return rng.choice((
        f"一图读懂{c}{y}年度法治政府建设情况报告",
        f"《{rep}》政策解读",
        f"图解：{rep}",
        f"一图看懂{c}{y}年法治政府建设年度报告",
        f"【图解】{y}年度{c}法治政府建设情况报告",
        f"解读《{rep}》",
        f"{c}{y}年度法治政府建设情况报告图文解读",
        f"{rep}（图解）",
        f"图说{c}{y}年法治政府建设",
        f"{y}年度{c}法治政府建设情况报告解读",
    ))


def _plan(rng, nm: Names, y: int, dept: str) -> str:
    c = nm.county
    return rng.choice((
        f"{c}{y}年法治政府建设工作要点",
        f"关于印发《{c}{y}年法治政府建设工作要点》的通知",
        f"{c}法治政府建设实施方案（2021—2025年）",
        f"{c}贯彻落实《法治政府建设实施纲要（2021—2025年）》实施方案",
        f"{c}{y}年度法治政府建设工作计划",
        f"{c}{y}年法治政府建设重点任务清单",
        f"{c}{dept}{y}年法治政府建设工作要点",
        f"{c}法治政府建设“十四五”规划",
        f"{c}{y}年全面依法治{nm.x}工作要点",
        f"关于印发{c}{y}年法治政府建设重点工作任务分工方案的通知",
    ))


def _disclosure(rng, nm: Names, y: int, dept: str) -> str:
    c = nm.county
    return rng.choice((
        f"{c}{y}年政府信息公开工作年度报告",
        f"{c}{dept}{y}年度政府信息公开工作年度报告",
        f"{c}人民政府{y}年政府信息公开工作年度报告",
        f"{y}年度{c}政府信息公开工作年度报告",
        f"{c}{dept}{y}年政府信息公开工作年报",
    ))


def _meeting(rng, nm: Names, rep: str, y: int) -> str:
    c, g, x = nm.county, nm.gov, nm.x
    return rng.choice((
        f"{c}召开{g}常务会议审议《{rep}》",
        f"{g}常务会议研究{y}年度法治政府建设工作",
        f"{g}主要负责同志专题听取{y}年度法治政府建设情况汇报",
        f"{x}委全面依法治{x}委员会第{rng.randint(2, 9)}次会议审议通过{y}年度法治政府建设情况报告",
        f"{c}人大常委会听取和审议{g}{y}年度法治政府建设情况报告",
        f"{c}召开{y}年度党政主要负责人述法暨法治政府建设工作会议",
        f"{c}部署{y + 1}年法治政府建设重点工作",
    ))


def _training(rng, nm: Names, y: int) -> str:
    c = nm.county
    return rng.choice((
        f"{c}举办{y}年度法治政府建设专题培训班",
        f"{c}组织领导干部开展法治政府建设专题讲座",
        f"{c}{y}年法治政府建设业务培训会顺利举行",
        f"{c}开展法治政府建设示范创建专题调研",
    ))


def _award(rng, nm: Names, y: int) -> str:
    c, x = nm.county, nm.x
    return rng.choice((
        f"{c}获评第二批全国法治政府建设示范地区",
        f"{c}荣获{y}年度全省法治政府建设先进单位",
        f"{c}法治政府建设工作获省通报表扬",
        f"{c}入选省级法治政府建设示范创建名单",
        f"{c}{y}年法治政府建设考核位列全市第一",
        f"【媒体聚焦】{c}：{y}年法治政府建设工作综述",
        f"{c}法治政府建设{y}年成效显著",
        f"{x}司法局获评{y}年度法治政府建设工作先进集体",
    ))


def _notice(rng, nm: Names, y: int) -> str:
    c = nm.county
    return rng.choice((
        f"关于做好{y}年度法治政府建设年度报告工作的通知",
        f"关于{y}年度法治政府建设考评情况的通报",
        f"{c}{y}年度法治政府建设考核结果通报",
        f"关于开展{y}年度法治政府建设督察工作的通知",
        f"{c}{y}年度法治政府建设指标体系",
    ))


def _essay(rng, nm: Names, y: int) -> str:
    c = nm.county
    return rng.choice((
        f"{c}20XX年度法治政府建设工作报告",
        "20xx年法治政府建设工作情况报告范文",
        "**区20xx年度法治政府建设情况的报告",
        f"{y}年法治政府建设工作总结范文（精选5篇）",
        "法治政府建设工作报告范文3篇",
        "关于20xx年度法治政府建设情况的报告（公文范文）",
        "某县20××年法治政府建设年度报告（网友投稿）",
    ))


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
    title = {
        "interpretation": lambda: _interp(rng, nm, rep, y),
        "work_plan": lambda: _plan(rng, nm, y + 1, dept),
        "info_disclosure": lambda: _disclosure(rng, nm, y, dept),
        "meeting": lambda: _meeting(rng, nm, rep, y),
        "training": lambda: _training(rng, nm, y + 1),
        "award": lambda: _award(rng, nm, y),
        "notice": lambda: _notice(rng, nm, y),
        "essay": lambda: _essay(rng, nm, y),
    }[family]()
    about = rep if family in ("interpretation", "meeting") else ""
    return LookTitle(title, _FAMILY_KIND[family], family, y, about)


# ------------------------------------------------------------------------------ filler --
_FILLER = (
    ("news", "{C}召开{y}年安全生产工作会议"),
    ("news", "{C}开展“宪法宣传周”系列活动"),
    ("news", "{C}司法局组织开展“八五”普法中期检查"),
    ("other", "关于{C}{y}年度行政执法人员资格考试有关事项的通知"),
    ("news", "{C}公共法律服务中心揭牌运行"),
    ("other", "{C}{y}年第{q}季度行政复议案件统计"),
    ("news", "{C}人民调解委员会成功调解一起劳动争议纠纷"),
    ("other", "{C}司法局{y}年部门预算公开"),
    ("news", "{C}依法行政示范单位创建工作推进会召开"),
    ("other", "{C}{y}年度依法行政考核结果公示"),
    ("news", "{C}开展“法律进乡村”志愿服务活动"),
    ("news", "{C}推进“一网通办”改革取得新进展"),
    ("other", "关于{C}{y}年度行政规范性文件制定计划的公告"),
    ("other", "{C}{y}年重大行政决策事项目录公告"),
    ("news", "{C}召开优化营商环境工作推进会"),
    ("news", "{C}举办行政复议应诉工作业务培训"),
    ("other", "{C}行政执法“三项制度”落实情况公示"),
    ("news", "{C}司法局开展“民法典宣传月”活动"),
    ("other", "关于{C}政府法律顾问聘任情况的公示"),
    ("news", "{C}扎实推进基层社会治理现代化"),
    ("news", "{C}多措并举化解信访积案"),
    ("other", "{C}{y}年度政府工作报告"),
    ("other", "{C}{y}年国民经济和社会发展统计公报"),
    ("news", "{C}领导干部旁听行政诉讼庭审"),
    ("other", "{C}{y}年度部门决算公开说明"),
    ("news", "{C}“枫桥式”司法所创建工作取得实效"),
    ("news", "{C}{y}年普法依法治理工作推进会召开"),
    ("other", "关于公开征求《{C}行政执法监督办法（征求意见稿）》意见的通告"),
    ("news", "{C}开展{y}年“质量月”活动"),
    ("news", "{C}持续深化“放管服”改革优化政务服务"),
    ("other", "{C}{y}年度行政许可事项清单"),
    ("news", "{C}召开{y}年第{q}次{G}常务会议"),
)


def filler(rng: random.Random, nm: Names, years: list[int]) -> tuple[str, str, int]:
    kind, tmpl = rng.choice(_FILLER)
    y = rng.choice(years + [years[-1] + 1])
    return tmpl.format(C=nm.county, y=y, q=rng.randint(1, 4), G=nm.gov), kind, y


# ------------------------------------------------------------------------------- bodies --
_PART1_SUBS = (
    ("依法全面履行政府职能", (
        "深化“放管服”改革，全年取消和下放行政许可事项{a}项，政务服务事项网上可办率达{p}%。",
        "持续优化法治化营商环境，清理涉企规范性文件{b}件，办理企业诉求{c}件。",
        "推进综合行政执法改革，划转执法事项{a}项，实现“一支队伍管执法”。",
    )),
    ("健全依法行政制度体系", (
        "严格落实重大行政决策程序，全年作出重大行政决策{a}项，均履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。",
        "加强行政规范性文件管理，审查规范性文件{b}件，备案审查率100%。",
        "开展规范性文件清理，修改{a}件、废止{a}件。",
        "落实合法性审查全覆盖，审查各类合法性审查事项{c}件，提出意见建议{b}条。",
    )),
    ("严格规范公正文明执法", (
        "全{x}共有持证行政执法人员{c}人，组织执法人员培训{a}场次。",
        "开展行政执法案卷评查，抽查案卷{b}件，优秀率{p}%。",
        "办理行政处罚案件{c}件，推行包容审慎监管，适用“首违不罚”{a}件。",
    )),
    ("预防调处化解社会矛盾纠纷", (
        "收到行政复议申请{b}件，审结{b}件，纠错率{p2}%。",
        "办理行政诉讼一审案件{b}件，行政机关负责人出庭应诉率100%，败诉率{p3}%。",
        "各级人民调解组织调处矛盾纠纷{c}件，调解成功率{p}%。",
        "办理法律援助案件{c}件，为群众挽回经济损失{a}万元。",
    )),
    ("强化对行政权力的制约和监督", (
        "办理人大代表建议{b}件、政协委员提案{b}件，办结率100%。",
        "主动公开政府信息{c}条，依申请公开办理{b}件。",
        "政府常务会议学法{a}次，举办领导干部法治讲座{a}场。",
    )),
)


def _fill(rng: random.Random, s: str, x: str) -> str:
    return s.format(a=rng.randint(3, 40), b=rng.randint(12, 260), c=rng.randint(300, 9800),
                    p=rng.randint(90, 99), p2=round(rng.uniform(1, 15), 1), p3=round(rng.uniform(0, 8), 1), x=x)


def report_paragraphs(rng: random.Random, nm: Names, unit: Unit, y: int) -> list[str]:
    """A report in the five parts, about 2,500 characters."""
    who = "我" + (nm.x if unit.kind == "government" else ("局" if unit.kind == "department" else "街道"))
    out = [f"{y}年，{who}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
           f"在{nm.city}委、{nm.city}政府和{nm.county}委的坚强领导下，全面推进依法行政，"
           f"法治政府建设取得新成效。现将{y}年度法治政府建设情况报告如下："]
    out.append(f"一、{y}年度推进法治政府建设的主要举措和成效")
    cn = "一二三四五六"
    for i, (head, sentences) in enumerate(rng.sample(_PART1_SUBS, rng.randint(3, 5))):
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
