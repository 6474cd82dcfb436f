"""Body text for the non-report pages (look-alikes and filler), as blocks.

A block is a tuple: ("p", text), ("h", text) heading paragraph, ("img", alt, src),
("link", text, href) a paragraph holding one link, ("table", rows).
"""

from __future__ import annotations

import hashlib

from .sites import Item, Site

Block = tuple


def _report_ref(site: Site) -> tuple[str, str]:
    r = site.report_item
    return r.title, r.path


def body_blocks(site: Site, item: Item) -> list[Block]:
    fn = _TEMPLATES.get(item.template, _generic)
    return fn(site, item)


def _phone(site: Site, item: Item) -> str:
    area = {"宁波市": "0574", "杭州市": "0571", "怀化市": "0745"}.get(site.city, "010")
    n = int(hashlib.md5(item.title.encode("utf-8")).hexdigest()[:8], 16) % 9000000 + 1000000
    return f"{area}-8{n:07d}"


def _y(item: Item) -> int:
    return int(item.date[:4])


def _infographic(site: Site, item: Item) -> list[Block]:
    title, href = _report_ref(site)
    ry = site.report.report_year
    c = site.county
    return [
        ("img", f"一图读懂{ry}年度{c}法治政府建设情况", f"/picture/0/{item.path.rsplit('/', 1)[-1][:-5]}_1.jpg"),
        ("img", f"{ry}年度{c}法治政府建设主要成效", f"/picture/0/{item.path.rsplit('/', 1)[-1][:-5]}_2.jpg"),
        ("p", f"{ry}年，{c}深入学习贯彻习近平法治思想，法治政府建设取得新成效。"),
        ("p", "图解要点：党政主要负责人履行推进法治建设第一责任人职责；政务服务持续优化；"
              "重大行政决策程序严格落实；行政执法更加规范；矛盾纠纷依法有效化解。"),
        ("link", f"原文链接：《{title}》", href),
    ]


def _interpretation(site: Site, item: Item) -> list[Block]:
    title, href = _report_ref(site)
    ry = site.report.report_year
    c = site.county
    return [
        ("h", "一、起草背景"),
        ("p", f"根据《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）要求，县级以上地方各级政府"
              f"每年第一季度要向同级党委、人大常委会和上一级政府报告上一年度法治政府建设情况，"
              f"并于每年4月1日之前通过报刊、网站等新闻媒体向社会公开。为此，{c}起草了《{title}》。"),
        ("h", "二、主要内容"),
        ("p", f"报告共分为三个部分：一是{ry}年法治政府建设的主要举措和成效；二是存在的不足和原因；"
              f"三是{ry + 1}年工作安排。"),
        ("h", "三、解读机关及联系方式"),
        ("p", f"解读机关：{site.report.publisher_full}；联系电话：{_phone(site, item)}。"),
        ("link", f"关联文件：《{title}》", href),
    ]


def _work_plan(site: Site, item: Item) -> list[Block]:
    y = _y(item)
    c = site.county
    plan_year = y if "实施方案" not in item.title else "2021—2025"
    return [
        ("p", f"为深入贯彻落实习近平法治思想，持续推进法治政府建设，根据中央、省、市有关部署，"
              f"结合{c}实际，制定本工作要点。"),
        ("h", "一、总体要求"),
        ("p", "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，"
              "围绕建设法治政府目标，着力提升依法行政能力和水平。"),
        ("h", "二、主要任务"),
        ("p", "（一）依法全面履行政府职能。深化“放管服”改革，持续优化法治化营商环境。"),
        ("p", "（二）健全依法行政制度体系。严格落实重大行政决策程序，加强行政规范性文件合法性审核，"
              "目标：合法性审查率达到100%。"),
        ("p", "（三）严格规范公正文明执法。全面落实行政执法三项制度，计划开展行政执法案卷评查2次。"),
        ("p", "（四）依法化解矛盾纠纷。目标：行政机关负责人出庭应诉率保持100%。"),
        ("h", "三、保障措施"),
        ("p", f"各单位要对照{plan_year}年工作任务，细化举措，明确责任，于年底前报送落实情况。"),
    ]


def _info_disclosure(site: Site, item: Item) -> list[Block]:
    y = int(item.title.split("司法局")[1][:4])
    c = site.county
    return [
        ("p", f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息公开办公室"
              f"关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。"
              f"报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"),
        ("h", "一、总体情况"),
        ("p", f"{y}年，{c}司法局深入贯彻落实《条例》，主动公开政府信息{120 + y % 7 * 13}条。"),
        ("h", "二、主动公开政府信息情况"),
        ("table", [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                   ["规章", "0", "0", "0"], ["行政规范性文件", "1", "0", "3"]]),
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("p", f"本年度共收到政府信息公开申请{3 + y % 5}件，均已按时答复。"),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("p", "本年度未发生因政府信息公开引起的行政复议、行政诉讼。"),
        ("h", "五、存在的主要问题及改进情况"),
        ("p", "主动公开的及时性有待加强，下一步将进一步规范公开流程。"),
        ("h", "六、其他需要报告的事项"),
        ("p", "本年度未收取信息处理费。"),
    ]


def _meeting(site: Site, item: Item) -> list[Block]:
    title, href = _report_ref(site)
    ry = site.report.report_year
    m, d = int(item.date[5:7]), int(item.date[8:10])
    return [
        ("p", f"{m}月{d}日，区政府召开常务会议，专题听取{ry}年度法治政府建设情况汇报，"
              f"审议《{title}》（送审稿）。"),
        ("p", f"会议指出，{ry}年全区法治政府建设取得积极成效，行政复议、行政应诉等工作扎实推进。"
              f"会议要求，要对照存在的不足，抓好整改落实，按规定于4月1日前向社会公开报告。"),
        ("p", "会议还研究了其他事项。"),
    ]


def _training(site: Site, item: Item) -> list[Block]:
    c = site.county
    return [
        ("p", f"为进一步提升领导干部法治思维和依法行政能力，{c}举办法治政府建设专题培训班，"
              f"各部门、各街道（镇）分管负责人和法制工作人员共{60 + len(item.title)}人参加培训。"),
        ("p", "培训邀请省内高校专家围绕行政复议法修订、行政执法监督、合法性审查等内容进行授课。"),
        ("p", "参训人员纷纷表示，将把所学运用到实际工作中，不断提高依法行政水平。"),
    ]


def _notice(site: Site, item: Item) -> list[Block]:
    c = site.county
    y = int(item.title[len(c) : len(c) + 4])
    return [
        ("p", "各街道（镇）、区政府各部门、各直属单位："),
        ("p", f"根据{y}年度法治政府建设考核工作安排，区委全面依法治区委员会办公室组织开展了考核，"
              f"现将考核结果通报如下。"),
        ("p", "一、考核结果为优秀的单位（12家）。"),
        ("p", "二、考核结果为良好的单位（21家）。"),
        ("p", "希望各单位再接再厉，全面提升法治政府建设水平。"),
    ]


def _news(site: Site, item: Item) -> list[Block]:
    c = site.county
    m, d = int(item.date[5:7]), int(item.date[8:10])
    return [
        ("p", f"{m}月{d}日，{item.title.replace(c, '').strip('，')}。"),
        ("p", f"活动由{c}司法局组织，相关部门工作人员参加。此次活动进一步增强了群众的法治意识，"
              f"营造了良好的法治氛围。"),
        ("p", f"下一步，{c}司法局将持续深化法治宣传教育，推动法治建设走深走实。"),
    ]


def _other(site: Site, item: Item) -> list[Block]:
    c = site.county
    return [
        ("p", f"根据有关规定，现将{item.title.removeprefix('关于')}有关事项公布如下。"),
        ("p", "一、适用范围：本区各行政机关及法律、法规授权的组织。"),
        ("p", "二、具体内容详见附件。"),
        ("link", "附件：" + item.title.removeprefix("关于") + ".pdf", "/module/download/downfile.jsp?classid=0&filename="
         + item.path.rsplit("/", 1)[-1][:-5] + ".pdf"),
        ("p", f"{c}司法局"),
        ("p", item.date[:4] + "年" + str(int(item.date[5:7])) + "月" + str(int(item.date[8:10])) + "日"),
    ]


def _generic(site: Site, item: Item) -> list[Block]:
    return _news(site, item)


_TEMPLATES = {
    "infographic": _infographic,
    "interpretation": _interpretation,
    "work_plan": _work_plan,
    "info_disclosure": _info_disclosure,
    "meeting": _meeting,
    "training": _training,
    "notice": _notice,
    "news": _news,
    "other": _other,
}
