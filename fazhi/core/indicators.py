"""The indicator catalog as data: how a quantity in a sentence maps to a canonical key.

A rule matches when `topic` is found in the number's own clause (back to the last comma;
a bare-verb clause such as 审结150件 takes the clause before it too) or in the words right
after it (组织了6次常务会议学法), `verb` (if given) in that context or in the rest of the
number's clause (`verb_reach` clauses; 2 for a meeting whose study is said after it), `exclude`
nowhere in it, the unit is one of `units`, and the quantity's kind is `kind`. 《…》 titles
are blanked first: a document's name is not what is counted. When several rules match, the one whose topic stands nearest
to the number wins (人大代表建议219件、政协委员提案152件), a topic with another number between it
and this one counting last (完成18件规范性文件、68件上会文件合法性审查: 规范性文件 is 18's).
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CatalogKey:
    """One canonical indicator (domain.md): its key, a Chinese label and the unit it is
    usually given in. The warehouse's indicator_catalog table is written from CATALOG."""
    key: str
    label: str
    usual_unit: str
    kind: str = "count"        # count | rate (a rate is a percentage, 0-100)


CATALOG: tuple[CatalogKey, ...] = (
    CatalogKey("reconsideration_received", "行政复议申请收案数", "件"),
    CatalogKey("reconsideration_concluded", "行政复议审结数", "件"),
    CatalogKey("reconsideration_correction_rate", "行政复议纠错率", "%", "rate"),
    CatalogKey("litigation_cases", "行政诉讼一审案件数", "件"),
    CatalogKey("litigation_loss_rate", "行政诉讼败诉率", "%", "rate"),
    CatalogKey("head_appearance_rate", "行政机关负责人出庭应诉率", "%", "rate"),
    CatalogKey("major_decisions", "重大行政决策事项", "项"),
    CatalogKey("normative_docs_reviewed", "规范性文件审查数", "件"),
    CatalogKey("normative_docs_cleaned", "规范性文件清理数", "件"),
    CatalogKey("legality_reviews", "合法性审查数", "件"),
    CatalogKey("enforcement_personnel", "持证行政执法人员", "人"),
    CatalogKey("case_files_reviewed", "行政执法案卷评查数", "件"),
    CatalogKey("admin_penalty_cases", "行政处罚案件数", "件"),
    CatalogKey("disputes_mediated", "矛盾纠纷调处数", "件"),
    CatalogKey("mediation_success_rate", "调解成功率", "%", "rate"),
    CatalogKey("legal_aid_cases", "法律援助案件数", "件"),
    CatalogKey("practicing_lawyers", "执业律师数", "人"),
    CatalogKey("public_lawyers", "公职律师数", "人"),
    CatalogKey("npc_suggestions", "人大代表建议办理数", "件"),
    CatalogKey("cppcc_proposals", "政协委员提案办理数", "件"),
    CatalogKey("law_study_sessions", "政府常务会议学法次数", "次"),
    CatalogKey("publicity_events", "普法宣传活动场次", "场"),
    CatalogKey("info_disclosed", "主动公开政府信息条数", "条"),
)


@dataclass(frozen=True)
class IndicatorRule:
    key: str
    topic: re.Pattern
    units: frozenset[str]
    kind: str = "count"
    verb: re.Pattern | None = None
    exclude: re.Pattern | None = None
    verb_reach: int = 1      # clauses after the number the verb may stand in (4次召开…会议,专题学习…)
    # a sentence about one thing lists its outcomes: the topic may stand anywhere before the
    # number in its sentence, the verb then in the number's own item (清理规范性文件268件,废止60件)
    topic_in_sentence: bool = False
    # … and the number's own item is a bare verb (全年共审查51件, 收案120件, 其中建议30件): it
    # counts what the sentence is about, and names nothing else (BARE_ITEM_MAX words at most)
    bare_item: bool = False
    # the topic may also stand in the lead of the 一是/二是 item (一是加强法治宣传教育。…开展…等活动70余次)
    topic_in_item_lead: bool = False
    item_names_it: bool = False   # … the bare word is the thing's own name (建议, 提案): nearer than any topic
    # nowhere in the sentence before the number either: the sentence is about something else
    # the number then counts (健全公平竞争审查机制,…,全年审查规范性文件、合同等6件 is no legality review)
    sentence_exclude: re.Pattern | None = None


def _r(pattern: str) -> re.Pattern:
    return re.compile(pattern)


COUNT_UNITS_CASES = frozenset({"件", "件次", "起", "宗"})
# What a body studies that makes its study count 学法 (the dev set's labellers): law, not theory alone.
LAW_STUDIED_WORDS = r"法律法规|党内法规|国家法律|法律知识|法律|法规|规章|条例|宪法|民法典|《法》"
REVIEW_UNITS = frozenset({"件", "件次", "项", "个", "份", "部"})
# How reports name a legality review (合法性审查 and its synonyms), the suggestions of the
# people's congress deputies and the proposals of the CPPCC members.
LEGALITY_REVIEW_WORDS = (r"合法性审查|合法性审核|合法(合规)?性审查|合法性把关|合法性审签|法制审核|法制审查|法治审核|"
                         r"法律审核|法律审查|法审|前置审查|前置审核")
NPC_WORDS = r"人大代表(的)?(意见)?建议|人大建议|代表建议|代表议案|人大议案"
CPPCC_WORDS = r"政协(委员)?(的)?提案|委员提案"
# What an item may hold besides its verb and still be bare: when and how many in all.
BARE_ITEM_FILLERS = re.compile(r"截至目前|截至|目前|至今|全年|年内|今年|本年度?|当年|\d{4}年度?|共计|合计|累计|总计|共|先后|分别|依法|全部|其中|已|完成|开展|组织|进行|了")
BARE_ITEM_MAX = 4
PERSON_UNITS = frozenset({"人", "名", "位"})
STUDY_UNITS = frozenset({"次", "场", "场次"})

INDICATOR_RULES: tuple[IndicatorRule, ...] = (
    IndicatorRule("reconsideration_correction_rate", _r(r"复议.{0,12}纠错率"), frozenset({"%"}), "rate"),
    IndicatorRule("reconsideration_concluded", _r(r"行政复议|复议案件|复议"), COUNT_UNITS_CASES,
                  verb=_r(r"审结|办结|结案|审理终结|作出[^,，;；。]{0,6}决定"), exclude=_r(r"应诉|诉讼|纠错|维持|撤销|变更|确认|驳回|不予受理")),
    IndicatorRule("reconsideration_received", _r(r"行政复议|复议申请|复议案件"), COUNT_UNITS_CASES,
                  # a department's own cases, against it, are said as had (有行政复议案件4件, 发生/涉及…: d022)
                  verb=_r(r"收|受理|办理|申请|接到|立案|^有|共有|发生|涉及"),
                  # nor the outcomes (撤销1件,维持3件)
                  exclude=_r(r"审结|办结|结案|纠错|诉讼|应诉|出庭|调解|撤销|维持|驳回|变更|确认|终止")),
    IndicatorRule("litigation_loss_rate", _r(r"败诉率"), frozenset({"%"}), "rate"),
    IndicatorRule("head_appearance_rate", _r(r"(负责人)?出庭(应诉)?率|(负责人)?出庭应诉.{0,8}率|负责人出庭(应诉)?"), frozenset({"%"}), "rate"),
    IndicatorRule("litigation_cases", _r(r"行政诉讼|行政应诉|应诉案件|一审|被诉(行政)?案件|涉诉(行政)?案件|行政诉讼案件"), COUNT_UNITS_CASES,
                  exclude=_r(r"出庭|复议|败诉|调解|调撤|撤诉")),
    IndicatorRule("major_decisions", _r(r"重大行政决策|重大决策"), frozenset({"项", "个", "件"}),
                  exclude=_r(r"合法性审查|审查|审核|部门|街道|镇"),
                  # what a review was of, listed on after a comma (审查行政规范性文件10件,重大行政决策事项14件,
                  # 行政协议13件): the decisions reviewed, not those made
                  sentence_exclude=_r(r"审(查|核)[^,，;；。]*\d+[件项个份]([,，、][^,，;；。\d]*\d+[件项个份])*[,，、][^,，;；。\d]*$")),
    IndicatorRule("normative_docs_cleaned", _r(r"规范性文件"), frozenset({"件", "件次", "个", "份"}),
                  verb=_r(r"废止|修改|修订|宣布失效|失效"), topic_in_sentence=True,     # amended or repealed: not those examined (清理263件)
                  # not rules drafted (制修订), comments answered (征求意见反馈300余件) nor a clean-up only proposed (建议宣布失效3份)
                  exclude=_r(r"制修订|征求意见|建议")),
    # 规范性文件 reviewed, for legality too (规范性文件合法性审核12件, domain.md: 规范性文件 reviewed); a
    # legality review of several kinds (合同、规范性文件合法性审查430件次) is legality_reviews
    IndicatorRule("normative_docs_reviewed", _r(r"规范性文件的?(合法性|备案)?(审查|审核)|规范性文件"),
                  REVIEW_UNITS,      # 3部规范性文件的合法性审核
                  # 备案 alone is filing (报备, 共备案…64件: dev set labels), not a review; 准予备案 is
                  # the outcome of one (seed 002)
                  verb=_r(r"审查|审核|把关|准予备案"),
                  # (报送行政规范性文件备案2件: the body's own sent for filing; 对报送备案的32件…进行审查 is a review)
                  exclude=_r(r"清理|废止|修改|修订|失效|合同|协议|纪要|议题|报送(?!备案的)|决策|规范性文件[、和及与]")),
    IndicatorRule("legality_reviews", _r(LEGALITY_REVIEW_WORDS + r"|审查重大行政决策草案|审核各类事项|"
                                         r"审(查|核).{0,25}(议题|决策|政策文件|行政文件)|"
                                         # papers other than 规范性文件 reviewed (审查各类文件15份, 审核涉法事项92件)
                                         r"审(查|核)[^,，;；。]{0,10}(各类|重要|涉法|上会|会议)(文件|事项)|"
                                         # the enforcement decisions 三项制度 reviews (审核重大行政执法决定12件)
                                         r"审(查|核)[^,，;；。]{0,10}执法决定|"
                                         # one review of several kinds of paper (审查行政规范性文件、政府合同、会议纪要等270份)
                                         r"审(查|核)[^,，;；。]{2,30}、[^,，;；。]{2,30}等(共计|共|合计)?$|"
                                         # papers reviewed, of no kind with a key of its own (审核把关文件56件)
                                         r"审(查|核)(把关)?[^,，;；。]{0,8}文件|"
                                         # … said after them (对全区84份疫情防控政策文件进行审查)
                                         r"文件(进行|开展)?了?(审查|审核)"),
                  # not a body's own papers sent up for review (报送备案审查政府规范性文件7件; 对报送的…进行审查 is one)
                  frozenset({"件", "件次", "项", "个", "份", "部"}),
                  # not opinions given (审核意见470条), but a review's written opinion is one review
                  # (出具合法性审查意见书154份)
                  exclude=_r(r"意见(?!书)|(?<!审查)(?<!审核)意见书|公平竞争|清理|报送(?![^,，;；。]{0,4}的)|报备"),
                  # a sentence about a fair-competition review that names no legality review
                  sentence_exclude=_r(r"^(?!.*(" + LEGALITY_REVIEW_WORDS + ")).*公平竞争审查")),
    # the licensed total (持证): not staff counted for another purpose (5256名行政检查执法人员纳入管理)
    IndicatorRule("enforcement_personnel", _r(r"执法人员|执法证|执法资格"), PERSON_UNITS,
                  verb=_r(r"持|现有|共有|在岗|取得|具备|具有|拥有"),
                  # 应持执法证人员84人,已持证83人: those who should hold one are not those who do
                  exclude=_r(r"培训|考试|报考|领换证|换证|参训|新增|应持[^,，]*$")),
    IndicatorRule("case_files_reviewed", _r(r"案卷|卷宗|(评查|抽查|抽检|复查).{0,10}案件"), frozenset({"件", "个", "宗", "本", "卷", "份"}),
                  verb=_r(r"评查|抽查|检查|审查|评审|抽取|调阅")),
    IndicatorRule("admin_penalty_cases", _r(r"行政处罚"), frozenset({"件", "起", "宗"}),
                  exclude=_r(r"复议|诉讼|案卷|罚没|万元|备案")),
    # cases of breaking the law a department investigates (查处违法案件312起) are its penalty cases
    IndicatorRule("admin_penalty_cases", _r(r"违法(违规)?案件"), frozenset({"件", "起", "宗"}),
                  verb=_r(r"查处|立案|办理|办结|查办"), exclude=_r(r"复议|诉讼|案卷|移送|刑事|犯罪|万元")),
    IndicatorRule("mediation_success_rate", _r(r"调解成功率|调处成功率|化解成功率|成功率"), frozenset({"%"}), "rate"),
    IndicatorRule("disputes_mediated", _r(r"矛盾纠纷|纠纷|调解案件"), frozenset({"件", "起", "宗"}),
                  verb=_r(r"调处|化解|调解"), exclude=_r(r"复议|诉讼")),
    IndicatorRule("legal_aid_cases", _r(r"法律援助|援助案件|法援"), frozenset({"件", "宗"}),
                  exclude=_r(r"咨询|挽回|万元")),
    IndicatorRule("practicing_lawyers", _r(r"执业律师"), PERSON_UNITS),
    # lawyers counted with no kind named are the practising ones (全市共有律师1200名)
    IndicatorRule("practicing_lawyers", _r(r"(?<!公职)(?<!公司)(?<!法律顾问、)律师(?!事务所|服务|团|顾问|协会)"), PERSON_UNITS,
                  verb=_r(r"共有|现有|执业律师|达到|增至"), exclude=_r(r"公职|公司|法律顾问|援助|值班|调解|志愿")),
    IndicatorRule("public_lawyers", _r(r"公职律师"), PERSON_UNITS, exclude=_r(r"跨部门")),
    IndicatorRule("npc_suggestions", _r(NPC_WORDS), frozenset({"件", "条", "个"})),
    IndicatorRule("cppcc_proposals", _r(CPPCC_WORDS), frozenset({"件", "条", "个"})),
    # a study count is 学法 when what is studied is law (学法, 法律法规, 法治专题学习, 学习…条例), or when
    # the government's own meeting studies; a body's study of theory alone (集中学习12次, 中心组学习)
    # is not (the dev set's labellers, every part)
    IndicatorRule("law_study_sessions", _r(r"(常务会议|常务会|政府党组会议?).{0,20}(学法|(?<!传达)学习|讲法)|学法.{0,12}常务会|"
                                           # a department's 党组会 studying is 学法 when law is named (局党组会
                                           # 学习6次 alone is not: d007, d062, c071)
                                           r"党组会议?.{0,20}(学法|讲法)|"
                                           r"集体学法|集中学法|会前学法|专题学法|"
                                           r"(专题|集体|集中)学习.{0,30}(法(?!治思想)|条例)|法治(专题)?学习|政府.{0,8}(集体|集中|专题)学习|"
                                           r"学习.{0,12}法律法规|(法律|法规|党内法规|宪法|民法典)[^,，;；。、]{0,4}学习|学法"),
                  # 学习和工作部署共11次: not study alone; a lecture or a training is no study session
                  # unless said as 学法 (集中学法及参加法制专题讲座2次, 学法培训10次: d092, c052, d062)
                  STUDY_UNITS, exclude=_r(r"(?<!学法)培训|考试|考法|旁听|^(?:(?!学法).)*讲座|宣讲|精神[、和及与]|部署")),
    # what was studied listed before the count (学习…《行政复议法》等党内外法律法规10余次)
    IndicatorRule("law_study_sessions", _r(r"(法律法规|党内法规|国家法律|法律知识|法律|条例|《法》)等?$"), STUDY_UNITS,
                  verb=_r(r"学习|学法|研学"), exclude=_r(r"培训|考试|考法|旁听|讲座|宣讲|宣传")),
    # the government's own meeting and its study said apart (市政府常务会议先后4次对《…》进行专题学习;
    # 4次召开省政府党组会议、政府常务会议,专题学习…; 举办市政府专题法律讲座3次)
    IndicatorRule("law_study_sessions", _r(r"政府(常务会议?|全体会议|党组会议?|专题法律讲座|法治专题讲座)|"
                                           r"常务会议?.{0,12}(法治|法律)(专题)?讲座"),
                  STUDY_UNITS, verb=_r(r"学法|(?<!传达)学习|讲法|讲座"), verb_reach=2,   # 传达学习: relaying a directive
                  exclude=_r(r"培训|考试|旁听|研究|审议|议题")),
    # a sentence about the government's meeting's study (落实省政府常务会议常态化学法机制,举办法治专题讲座2次:
    # d036; 落实县政府常务会议会前学法制度,开展会前学法13次): its lectures are the meeting's study,
    # unless given for others (举办科级干部法治讲座2次: b140)
    IndicatorRule("law_study_sessions", _r(r"政府(常务|全体|党组)会议?[^,，;；。]{0,12}学法"), STUDY_UNITS,
                  verb=_r(r"讲座|专题学习|集中学习"), exclude=_r(r"干部|职工|人员|培训|各级|各部门|各单位|宣讲"),
                  topic_in_sentence=True),
    IndicatorRule("publicity_events", _r(r"普法|法治宣传|送法|法治课堂|法治教育|法治讲座|宣讲|宣传活动|专项宣传|"
                                         r"宣传周|宣传月|公开课|专题辅导|基层行|巡讲|以案(释|讲|说|普)法|"
                                         r"进[“\"]?(机关|乡村|农村|社区|学校|校园|企业|单位|军营|家庭|网络|寺庙|宗教场所)"),
                  frozenset({"场", "场次", "次"}),
                  # 研讨, 学习活动: a body's own study; 干部: cadres trained, unless it is 普法 (为干部职工开展…普法讲座2场次: d016)
                  verb=_r(r"开展|举办|组织|活动|宣讲|讲座|巡回"), exclude=_r(r"培训|中心组|干部(?![^,，;；。]*普法)|研讨|学习活动")),
    IndicatorRule("info_disclosed", _r(r"主动公开|公开(各类)?(政府|政务)?信息|发布(政府|政务)信息"), frozenset({"条", "件"}),
                  exclude=_r(r"依申请|申请公开")),
    # activities (…等活动70余次) of an item or a sentence about publicity (seed 002: 一是加强法治宣传教育。)
    IndicatorRule("publicity_events", _r(r"普法|法治宣传|法治教育|宣传教育"), frozenset({"场", "场次", "次"}),
                  verb=_r(r"活动$"), exclude=_r(r"培训|中心组|干部|研讨|学法|学习活动"), topic_in_sentence=True,
                  topic_in_item_lead=True),
    # A sentence about one thing, its counts said with a bare verb (严格落实合法性审查制度,全年共审查
    # 86件; 行政复议工作…,收案120件,审结115件; 其中建议30件、提案28件): the sentence's topic is
    # what is counted. Each stands last: a topic in the number's own clause is nearer.
    *(IndicatorRule(key, _r(topic), units, verb=_r(verb), exclude=_r(exclude), topic_in_sentence=True, bare_item=True,
                    item_names_it=key in ("npc_suggestions", "cppcc_proposals"))
      for key, topic, units, verb, exclude in (
        ("legality_reviews", LEGALITY_REVIEW_WORDS, REVIEW_UNITS, r"审查|审核|把关|审签", r"意见|合同|协议|纪要|建议|问题"),
        ("normative_docs_reviewed", r"规范性文件", REVIEW_UNITS, r"审查|审核|把关",
         r"清理|废止|修改|修订|失效|制定|出台|印发|报送|合同|协议|意见|建议|问题"),
        ("case_files_reviewed", r"案卷|卷宗", frozenset({"件", "个", "宗", "本", "卷", "份"}),
         r"评查|抽查|检查|审查|评审|抽取|调阅", r"问题|整改|优秀|良好|合格|不合格|发现"),
        ("reconsideration_received", r"行政复议", COUNT_UNITS_CASES, r"收案|收到|新收|受理|立案|接到|办理",
         r"审结|办结|结案|纠错|诉讼|应诉|调解|维持|撤销|驳回"),
        ("reconsideration_concluded", r"行政复议", COUNT_UNITS_CASES, r"审结|办结|结案", r"诉讼|应诉|纠错"),
        ("disputes_mediated", r"矛盾纠纷|纠纷", frozenset({"件", "起", "宗"}), r"调处|化解|调解", r"复议|诉讼|信访"),
        ("legal_aid_cases", r"法律援助", frozenset({"件", "宗"}), r"办理|受理|承办|办结", r"咨询|万元"),
        ("npc_suggestions", NPC_WORDS, frozenset({"件", "条", "个"}), r"建议", r"提案"),
        ("cppcc_proposals", CPPCC_WORDS, frozenset({"件", "条", "个"}), r"提案", r"建议"),
        # what was studied said first, then how often (学习…等法律法规及党内法规。截至目前,累计学习10余次)
        ("law_study_sessions", LAW_STUDIED_WORDS + r"|学法", STUDY_UNITS, r"学习|学法",
         r"培训|考试|考法|旁听|讲座|宣讲|宣传|部署|传达"),
      )),
)

# Keys whose figures reports list by kind (审查行政合同78个,审查重大行政决策7件; 废止35件、宣布失效11件):
# several figures of one of them side by side in a sentence, none a total (共…), are parts by
# category and none is the body's total. Activities (普法 120场, 送法下乡30场) are not: their
# first figure is usually the total.
KEYS_LISTED_BY_KIND = frozenset({"legality_reviews", "normative_docs_reviewed", "normative_docs_cleaned"})

# Keys that count what the reporting body does itself (政府常务会议学法): another body's figure
# (区委常委会, 理论学习中心组, 党支部) is never one, even when that body is named only earlier in
# the sentence.
KEYS_OF_THE_BODY_ITSELF = frozenset({"law_study_sessions"})

# One review listing its categories in one clause, one of them with a key of its own: 完成18件规范性
# 文件、68件上会文件合法性审查 gives 规范性文件 its own key (normative_docs_reviewed) and the other
# categories (合同, 上会文件) are parts of the review, not the body's total of the other key
# (indicator-labels.md, dev set part_c). Key of the category -> the key whose figures are then parts.
CATEGORY_BESIDE = {"normative_docs_reviewed": "legality_reviews"}
