"""Report texts for the test farm: whole yearly reports in the five-part form.

The farm's districts are real units (so the gazetteer resolves them) but the reports are
written for the tests: every figure below is made up and kept in ``ReportFacts`` so tests
can check extraction against it. The five parts follow the form the 督察工作规定 asks for:
主要举措和成效 / 党政主要负责人履行第一责任人职责 / 存在的不足和原因 / 下一年度主要安排 /
其他需要报告的情况.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportFacts:
    """The numbers a report states, by catalog key (see ../shared/docs/domain.md)."""

    reconsideration_received: int
    reconsideration_concluded: int
    reconsideration_correction_rate: float  # %
    litigation_cases: int
    litigation_loss_rate: float  # %
    head_appearance_rate: int  # %
    major_decisions: int
    normative_docs_reviewed: int
    normative_docs_cleaned: int
    legality_reviews: int
    enforcement_personnel: int
    case_files_reviewed: int
    disputes_mediated: int
    mediation_success_rate: float  # %
    legal_aid_cases: int
    practicing_lawyers: int
    public_lawyers: int
    law_study_sessions: int
    publicity_events: int
    info_disclosed: int
    npc_suggestions: int
    cppcc_proposals: int

    def indicators(self) -> dict[str, float]:
        return {k: float(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class ReportText:
    county: str  # 历下区
    city: str  # 济南市
    year: int  # report year
    gov: str  # 济南市历下区人民政府 (signature)
    signed: str  # 2024年3月26日
    facts: ReportFacts
    flavour: tuple[str, str, str]  # three district-specific achievements (one sentence each)
    weakness: str  # one district-specific shortcoming
    plan_focus: str  # one district-specific plan item
    cleaned_year_note: str = ""


def _pct(v: float) -> str:
    return f"{v:g}%"


def report_paragraphs(r: ReportText) -> tuple[str, ...]:
    """The report body, one paragraph a line, headings as their own paragraphs."""
    f, c, y, n = r.facts, r.county, r.year, r.year + 1
    return (
        f"{y}年，{c}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神和习近平法治思想，"
        f"在{r.city}委、市政府和区委的坚强领导下，认真落实《法治政府建设实施纲要（2021—2025年）》，"
        f"全面推进依法行政，法治政府建设取得新的成效。现将{c}{y}年度法治政府建设情况报告如下。",
        f"一、{y}年度推进法治政府建设的主要举措和成效",
        f"（一）统筹推进法治政府建设。区政府常务会议专题研究法治政府建设工作4次，制定{c}{y}年法治政府建设工作要点，"
        f"将法治政府建设纳入全区高质量发展综合绩效考核。全年组织区政府常务会议会前学法{f.law_study_sessions}次，"
        f"{r.flavour[0]}",
        f"（二）依法全面履行政府职能。持续深化“放管服”改革，动态调整权责清单，推行涉企经营许可事项告知承诺制。"
        f"{r.flavour[1]}全年主动公开政府信息{f.info_disclosed}条，依申请公开答复全部在法定期限内办结。",
        f"（三）健全依法行政制度体系。严格落实《重大行政决策程序暂行条例》，全年作出重大行政决策{f.major_decisions}项，"
        f"均履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。审查区政府及部门行政规范性文件"
        f"{f.normative_docs_reviewed}件，开展行政规范性文件专项清理，清理文件{f.normative_docs_cleaned}件。"
        f"区合法性审查中心全年审查各类事项{f.legality_reviews}件，提出法律意见建议300余条。",
        f"（四）严格规范公正文明执法。全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度，"
        f"全区持证行政执法人员{f.enforcement_personnel}人。开展行政执法案卷评查，评查案卷{f.case_files_reviewed}卷，"
        f"对发现的问题逐一反馈整改。推行包容审慎监管，落实“首违不罚”“轻微免罚”清单。{r.flavour[2]}",
        f"（五）依法有效化解社会矛盾纠纷。全区共收到行政复议申请{f.reconsideration_received}件，"
        f"审结{f.reconsideration_concluded}件，直接纠错率{_pct(f.reconsideration_correction_rate)}。"
        f"全区行政诉讼案件{f.litigation_cases}件，败诉率{_pct(f.litigation_loss_rate)}，"
        f"行政机关负责人出庭应诉率{f.head_appearance_rate}%。各级人民调解组织调解矛盾纠纷{f.disputes_mediated}件，"
        f"调解成功率{_pct(f.mediation_success_rate)}。",
        f"（六）提升公共法律服务和全民普法水平。全年受理法律援助案件{f.legal_aid_cases}件，"
        f"全区共有执业律师{f.practicing_lawyers}名、公职律师{f.public_lawyers}名。"
        f"落实“谁执法谁普法”普法责任制，开展“宪法宣传周”“民法典宣传月”等普法活动{f.publicity_events}场次。",
        f"（七）强化行政权力制约和监督。自觉接受人大监督、民主监督和司法监督，全年办理人大代表建议"
        f"{f.npc_suggestions}件、政协提案{f.cppcc_proposals}件，办复率均为100%。认真落实司法建议和检察建议反馈制度，"
        f"加强审计监督和统计监督，推进政务诚信建设，对发现的问题建立台账、限期整改、逐项销号。",
        f"（八）加快推进数字法治政府建设。依托一体化政务服务平台，推动高频政务服务事项“一网通办”“掌上可办”，"
        f"推进行政执法监督平台与各执法部门业务系统互联互通，实现执法数据实时汇聚、执法过程全程留痕、"
        f"执法问题及时预警，以数字化手段提升依法行政效能。",
        "二、党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
        f"区政府主要负责人认真履行推进法治建设第一责任人职责，对法治政府建设重要工作亲自部署、重大问题亲自过问、"
        f"重点环节亲自协调、重要任务亲自督办。带头尊法学法守法用法，主持区政府常务会议学法，"
        f"{y}年出庭应诉行政诉讼案件1件。年底在区委全面依法治区委员会会议上述法，并将履职情况列入年终述职内容。",
        f"区政府其他负责同志按照分工抓好分管领域法治建设，各部门主要负责人将履行推进法治建设第一责任人职责情况"
        f"纳入年度述职，形成一级抓一级、层层抓落实的工作格局。区政府把法治政府建设与经济社会发展同部署、同推进、"
        f"同督促、同考核、同奖惩，全年听取各部门法治建设工作情况汇报，对推进不力的单位进行约谈提醒，"
        f"推动法治建设责任落到实处。",
        f"三、{y}年度推进法治政府建设存在的不足和原因",
        f"一是部分单位对法治政府建设重要性认识不足，依法决策意识有待进一步增强。二是行政执法规范化水平不均衡，"
        f"基层执法人员专业素质有待提升。三是{r.weakness}主要原因是法治专门队伍力量相对薄弱，"
        f"法治督察的刚性约束有待加强。",
        f"针对上述问题，{c}将坚持问题导向，逐项制定整改措施，明确责任单位和完成时限，"
        f"把整改情况纳入法治建设考核，确保问题整改到位。",
        f"四、{n}年度推进法治政府建设的主要安排",
        f"一是深入学习贯彻习近平法治思想，压实党政主要负责人履行推进法治建设第一责任人职责，"
        f"目标：区政府常务会议会前学法不少于{f.law_study_sessions}次。",
        f"二是提高依法决策水平，严格执行重大行政决策程序，目标：行政规范性文件合法性审查率达到100%。",
        f"三是深化行政执法规范化建设，{r.plan_focus}目标：行政机关负责人出庭应诉率保持100%。",
        f"四是推进“八五”普法规划实施，深化公共法律服务体系建设，持续提升群众法治获得感。",
        f"五是加强法治工作队伍建设，健全法律顾问和公职律师参与重大决策、合法性审查的工作机制，"
        f"推动法治督察与纪检监察监督贯通协同，以法治政府建设新成效推动{c}经济社会高质量发展。",
        "五、其他需要报告的情况",
        f"{y}年，{c}无其他需要报告的情况。",
        r.gov,
        r.signed,
    )
