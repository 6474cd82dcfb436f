"""Rules kept as data: page selectors, chrome lines, metadata labels, candidate kinds, section roles.

Changing what fazhi recognises should mostly mean editing this file, then `fazhi reprocess`.
"""
from __future__ import annotations

import datetime as dt
import re

# --- cleaning ---------------------------------------------------------------------------
# Main-content containers, most specific first: (cms, CSS selector).
CONTENT_SELECTORS = (
    ("trs", "div.TRS_Editor"),
    ("hunan", "div.p_box"),
    ("hanweb", "#zoom"),
    ("kaipu", "#UCAP-CONTENT"),
    ("generic", "div.view"),
    ("generic", "div.pages_content"),
    ("generic", "div.article-content"),
    ("generic", "div.article"),
    ("generic", "div.content"),
    ("generic", "#content"),
)
# Containers that only a CMS uses: taken whatever the length of their text.
CMS_SPECIFIC = frozenset({"trs", "hunan", "hanweb", "kaipu"})
# A generic container (div.content …) must hold at least this many Han characters.
GENERIC_MIN_HAN = 100
HANWEB_MARKERS = re.compile(r"<!--\s*ZJEG_RSS\.content\.begin\s*-->(.*?)<!--\s*ZJEG_RSS\.content\.end\s*-->", re.S)
# Pages whose article is data for a script: gkmlpt's window._CONFIG = { …, DETAIL: {json} }.
EMBEDDED_DETAIL_RE = re.compile(r"window\._CONFIG\s*=\s*\{.*?\bDETAIL\s*:\s*(?=\{)", re.S)
# DETAIL's keys -> field names (its "content" is the body's HTML)
# Attachment lists a platform gives as data in the page (gkmlpt's DETAIL.attachment[] of
# {name, url, …}): documents as much as a link is.
EMBEDDED_ATTACHMENTS_RE = re.compile(r"[\"']attachments?[\"']\s*:\s*(?=\[)")
EMBEDDED_DETAIL_FIELDS = {"title": "title", "publisher": "publisher", "document_number": "doc_no",
                          "identifier": "index_no", "created_at": "publish_date"}
# Elements that are chrome wherever they stand.
CHROME_SELECTORS = (
    "script", "style", "noscript", "iframe", "rt", "rp", "form", "select", "button",
    "div.crumbsNav", "div.article_site", ".bread", ".breadcrumb", ".share", ".bdsharebuttonbox",
    ".xglj", ".related", ".fenxiang", ".footer", "footer", "nav",
)

# Whole lines that are page chrome. Each must match the *whole* line, so the same words
# inside a sentence (分享到了…, 相关部门…) are kept.
CHROME_LINES = tuple(re.compile(p) for p in (
    r"^(当前位置|您当前的位置|您现在的位置|当前所在位置)\s*[:：].{0,80}$",
    r"^首页\s*[>»›].{0,80}$",
    r"^扫一扫在手机(上)?打开当前页$",
    r"^[【\[]?\s*(字体|字号)\s*[:：]?.{0,20}[大中小].{0,20}$",
    r"^.{0,20}(打印本页|【打印】|\[打印\]|关闭窗口|【关闭】).{0,20}$",
    r"^分享到\s*[:：].{0,60}$",
    r"^(浏览次数|访问量|阅读次数|点击数)\s*[:：]?\s*\d*\s*$",
    r"^我要纠错$",
    r"^(上一篇|下一篇)\s*[:：]?.{0,80}$",
    r"^.{0,40}(网站标识码|ICP备|公网安备|版权所有|主办单位|承办单位|技术支持|无障碍浏览|长者模式|网站地图|联系我们).{0,80}$",
    r"^(【)?(打印|关闭|收藏|返回顶部)(】)?(\s*(【)?(打印|关闭|收藏|返回顶部)(】)?)*$",
))
# A line that starts a trailing box of links: it and what follows (short lines) are chrome.
CHROME_TAIL_STARTS = re.compile(r"^(相关链接|相关解读|相关文件|相关阅读|相关新闻|附件下载)\s*[:：]?$")

# Metadata labels of 信息公开 tables and info lines -> field names.
META_LABELS = {
    "索引号": "index_no", "组配分类": "category", "主题分类": "topic", "体裁分类": "genre",
    "发布机构": "publisher", "发文机关": "publisher", "公开方式": "disclosure", "公开范围": "disclosure_scope",
    "成文日期": "written_date", "生成日期": "written_date", "发布日期": "publish_date", "发文日期": "written_date",
    "文号": "doc_no", "文件编号": "doc_no", "发文字号": "doc_no", "时间": "publish_date", "发布时间": "publish_date",
    "日期": "publish_date", "来源": "source", "信息来源": "source", "文章来源": "source", "浏览次数": "views", "有效性": "validity",
    "发布单位": "publisher", "发文单位": "publisher", "来源单位": "source",
    # chrome labels after a 来源 on one line (信息来源:市应急管理局 字体:[ ]): they end its value
    "字体": "chrome", "字号": "chrome", "字体大小": "chrome", "访问量": "views", "访问次数": "views", "浏览量": "views",
    "点击数": "views", "责任编辑": "editor", "作者": "author",
}
META_LABEL_RE = re.compile(
    r"(" + "|".join(sorted(META_LABELS, key=len, reverse=True)) + r")\s*[:：]\s*\|?\s*"
)
# <meta name=…> tags of TRS, Hanweb and the Hunan platform -> field names.
META_TAGS = {
    "articletitle": "title", "pubdate": "publish_date", "contentsource": "source",
    "maketime": "publish_date", "sitename": "site_name", "columnname": "column_name",
    "firstmodifydate": "written_date",
}

# The page title: the first of these elements with 4-120 characters, else the longest part of
# <title> (which often joins title, column and site).
TITLE_SELECTORS = ("h1", ".article-title", ".title", "h2")
# A plain-text report's title line in its first 12 lines: it names 法治 and ends as a title does.
TITLE_LINE_RE = re.compile(r"(报告|情况|总结|工作思路)$|^关于.*(报告|情况)")
# A short first line naming a body (…人民政府, …局) is the site header of a page without a title.
SITE_HEADER_RE = re.compile(r"(人民政府|政府|局|办公室)$")

# --- fetching ---------------------------------------------------------------------------
# A host's robots.txt stored less than this long ago is read from the archive, not asked again.
ROBOTS_MAX_AGE = dt.timedelta(days=1)
# Anti-bot challenges and WAF shells, recognised by body and headers, not status alone
# (portal-platforms.md §3.2): (kind, statuses it comes with or None for any, a pattern in the
# body or the Set-Cookie headers). A portal that answers one is blocked, not empty.
CHALLENGES = (
    ("瑞数", (202, 412), re.compile(r"\$_ts|FSSBBIl1UgzbN7N80[STOP]|MmEwMD=")),
    ("瑞数", None, re.compile(r"FSSBBIl1UgzbN7N80[STOP]|window\.\$_ts\s*=")),
    ("加速乐", None, re.compile(r"__jsl_clearance|__jsluid_[hs].{0,200}document\.cookie", re.S)),
    ("加速乐", (521,), re.compile(r"<script|document\.cookie")),
    ("云锁", None, re.compile(r"yunsuo_session_verify")),
    ("TWAF", None, re.compile(r"TWAF_AR")),
    ("C3VK", None, re.compile(r"document\.cookie\s*=\s*[\"']C3VK=")),
    ("网站云防护", (403,), re.compile(r"网站云防护|拒绝执行")),
    ("网站云防护", None, re.compile(r"网站云防护系统")),
    ("GeoBL", None, re.compile(r"reason\s*[:=]\s*GeoBL")),
)
# A challenge page is small: a large page that merely mentions a marker is not one.
CHALLENGE_MAX_BYTES = 16 * 1024
# Requests one host gets in a run once it has answered with a challenge: none more.
# (The answer that showed the challenge, and robots.txt before it, are all it costs.)
# A C3VK shell only sets a cookie by script: solved once per host and run, then asked again.
SOLVABLE_CHALLENGES = {"C3VK": re.compile(r"document\.cookie\s*=\s*[\"'](C3VK)=([^;\"']+)")}

# Portals collected at once on the flow's threads. Each spends most of its time waiting for its
# host's turn, so many are in flight; the per-host delay, per-host concurrency and the global cap
# on requests in flight (FetchSettings) are what bound a run, not this.
MAX_PORTALS_IN_FLIGHT = 200
# Reports the run's one writer loads in one transaction when they are queued together
# (Warehouse.load_reports): a transaction per report cost more than collecting it.
LOAD_BATCH = 64
# Memory DuckDB may use in a run's writer before it spills to disk: its default, 80% of the
# machine, let the block cache grow with the warehouse until a 1,500-portal run peaked at
# 900 MB; 256 MB: 663 MB, 128 MB: 577 MB and no slower (README, "Speed and memory"; issue 15
# asks for 500 MB).
DUCKDB_MEMORY_LIMIT = "128MB"
# The snapshot after a run, once the writer has closed: its scans hold 2,048 report bodies at a
# time and a table of bodies is written whole, so it needs more than the writer; at 128 MB the
# snapshot of a 3,000-portal warehouse failed.
SNAPSHOT_MEMORY_LIMIT = "256MB"
# Finished portals whose records (candidates, fetches, attachments, status) the writer writes in
# one transaction when they are queued together (fazhi.pipeline.portal.load_hauls).
PORTALS_PER_LOAD = 32
# Worker processes that clean and extract report pages beside a run's process
# (fazhi.pipeline.parsing; FAZHI_PARSING_PROCESSES overrides; 0: on the run's threads).
PARSING_PROCESSES = 1
# Report pages cleaned and extracted at once on a process's threads when there is no worker
# process: threads share one GIL, so more gain no speed, and each page held parsed costs memory.
PARSING_SLOTS = 2
# Collected reports waiting for the writer at most; a collector waits while the queue is full,
# so memory does not grow with a writer that falls behind.
QUEUED_REPORTS_MAX = 128

# --- discovery --------------------------------------------------------------------------
# List pages read per column at most: a bound on a crawl of a column that never ends.
MAX_LIST_PAGES = 30
# A list page this short is a broken stub (TRS deep pages of 300-400 bytes), not a page of items:
# it ends a column's walk.
STUB_PAGE_MAX_BYTES = 600
# Pager counts in list pages' scripts: createPageHTML('paging', N / N, createPage(N, …) and the
# TRS dialects' JS variables (contenpage sic).
PAGE_COUNT_RES = (
    re.compile(r"createPageHTML\(\s*['\"]paging['\"]\s*,\s*(\d+)"),
    re.compile(r"createPage(?:HTML)?\(\s*(\d+)"),
    re.compile(r"\b(?:contenpage|totalPage|pageCount|countPage)\s*[=:]\s*['\"]?(\d+)"),
)
# Title search (issue 13): the phrases a platform's site search is asked for, restricted to
# titles, and the result pages read per phrase at most.
TITLE_SEARCH_PHRASES = ("法治政府建设 年度报告", "法治政府建设情况")
TITLE_SEARCH_MAX_PAGES = 5
# Hanweb dataproxy servers truncate perpage above ~300; one request asks for at most this many.
HANWEB_MAX_PERPAGE = 100
# A link text that leads to a list's next page.
NEXT_PAGE_RE = re.compile(r"下一页|下页|下一頁|下頁|>>|›|»")
# A URL path of a list page (the column itself, its pages): navigation, not an item.
LIST_PAGE_RE = re.compile(r"/(index|list|default)(_\d+)?\.(s?html?|jsp|php|aspx?)$|/column-index-\d+\.s?html?$|/$")
# Candidate kinds from the title, checked in order; the first match wins.
KIND_RULES = (
    # essay-site copies and collections (范文, 精选5篇) are never a government's report
    ("other", re.compile(r"范文|精选|\d+篇|网友投稿|心得体会")),
    ("interpretation", re.compile(r"解读|图解|一图读懂|一图看懂|读懂|看懂|图说|问答|答记者问")),
    ("info_disclosure_report", re.compile(r"政府信息公开.{0,6}(工作)?年度报告|信息公开工作年报")),
    # notices about reports (做好…报告工作的通知, 考评情况的通报) are not reports
    ("other", re.compile(r"(通知|通报|函)$|做好.{0,30}(报告|工作)")),
    # a meeting or event about a report is news even when the report's title is in it
    ("news", re.compile(r"召开|会议|审议|听取|培训|调研|督察|督导|座谈|讲座|考察")),
    # research on reports (…实证研究——以25份省级政府报告为例) and copy-site noise
    # (…登录(法治政府建设情况如何?…)): never a government's report
    ("other", re.compile(r"研究|实证|论文|述评|——以|评估报告|登录|官网|入口|网址|怎么写|如何写|[?？]")),
    # news about a report (司法部2021年法治政府建设年度报告:一份抢眼的成绩单)
    ("news", re.compile(r"成绩单|亮点|看点|[:：].{0,20}(发布|出炉|公布)|(发布|出炉|公布)了?.{0,4}$")),
    # a street office's or township's report: below the county level the corpus covers
    ("township_report", re.compile(r"(街道办事处|街道|镇人民政府|乡人民政府|[镇乡]政府|苏木)(关于)?.{0,12}法治政府建设|"
                                   r"^[\u4e00-\u9fff]{1,6}[镇乡](关于)?(20\d\d|关于).{0,12}法治政府建设")),
    # before work plans: a report may add next year's plan (…工作总结及2025年工作计划)
    ("report", re.compile(r"法治政府建设.{0,20}(报告|情况|工作总结|年报)|法治建设.{0,12}(年度)?报告|依法行政.{0,12}(工作)?报告")),
    ("work_plan", re.compile(r"工作要点|实施方案|实施纲要|工作计划|行动方案|(?<!和)规划(?!局)|工作安排的通知|任务分工")),
    # weaker news words, which report titles may contain (…开展法治政府建设工作情况的报告)
    ("news", re.compile(r"举办|开展|获评|荣获|部署|启动|活动|报道|动态")),
)
# Essay-site copies blank years and names: 20xx年, **区.
BLANKED_YEAR_RE = re.compile(r"20[xX×＊*]{2}\s*年|20[0-9][xX×]\s*年")
# The corpus's subject: a title naming it but no kind of page gets its body read (classify_body).
SUBJECT_RE = re.compile(r"法治政府|依法行政")

# A body reads as a yearly report when it names the subject often enough, has enough of the
# five parts (domain.md) and is long enough; short pages are notices or news.
REPORT_BODY_HINTS = re.compile(r"法治政府建设|依法行政")
REPORT_BODY_PARTS = (re.compile(r"不足|问题"), re.compile(r"下一步|下步|工作安排|工作思路|工作计划"),
                     re.compile(r"第一责任人"))
REPORT_BODY_MIN_MENTIONS = 3
REPORT_BODY_MIN_PARTS = 2
REPORT_BODY_MIN_CHARS = 2000

# A report page with less body text than this is a notice: its text is in an attachment, if
# anywhere (no report was ever shorter than this).
SHORT_NOTICE_CHARS = 400

# A cover note (现将《…报告》予以公开 / 印发给你们 … 详见附件) can run longer than a short notice when it
# quotes a 印发 preamble; up to this length its wording, not its length, makes it one.
COVER_NOTE_MAX_CHARS = 1200
COVER_NOTE_RE = re.compile(r"现将.{0,80}?(?:予以公开|予以公布|公开如下|印发给你们|予以印发|报送)|"
                           r"(?:全文|原文|详情|具体内容|报告全文)(?:详)?见附件|(?:请|可)?(?:点击|查阅|下载)附件|附件[:：]")
# a real report's own structure: numbered section headings
REPORT_HEADING_RE = re.compile(r"^(?:[一二三四五六]、|（[一二三四五六]）)", re.M)

# CMS families by what their list pages show, checked in order (generic when none matches).
# A family matches when one of its (pattern in the HTML, pattern on the URL) pairs matches
# in full; None matches anything.
# Department-level reports: the unit before the year or 关于 in the title, with the second name
# of an office that has two (藏语委办(编译局)).
DEPARTMENT_RE = re.compile(
    r"((?:区|县|市)?[\u4e00-\u9fff]{0,12}?(?:局|厅|委员会|委|办公室|办|中心|院|署|队|所|街道办事处|街道|镇人民政府|乡人民政府|镇|乡)"
    r"(?:[（(][\u4e00-\u9fff]{2,8}[)）])?)"
    r"(?:关于)?(?:20\d\d|（|\(|关于|法治)"
)

# Short names of departments titles use, and the full name stored (荷塘区文旅体局 -> 区文化旅游体育局),
# so one department is one name across reports; only short names that stand for one full name.
DEPARTMENT_SHORT_NAMES = {
    "市场监管局": "市场监督管理局", "市监局": "市场监督管理局", "文旅体局": "文化旅游体育局",
    "文广旅体局": "文化广电旅游体育局", "文广新旅局": "文化广电新闻出版旅游局", "政府办": "政府办公室",
    "综合执法局": "综合行政执法局", "住建局": "住房和城乡建设局",
    "发改局": "发展和改革局", "发改委": "发展和改革委员会", "卫健局": "卫生健康局", "卫健委": "卫生健康委员会",
    "应急局": "应急管理局", "城管局": "城市管理局", "医保局": "医疗保障局", "退役军人局": "退役军人事务局",
    "教体局": "教育体育局", "人力社保局": "人力资源和社会保障局", "人社局": "人力资源和社会保障局", "资规局": "自然资源和规划局", "交通局": "交通运输局",
    "规资局": "规划和自然资源局", "人社厅": "人力资源和社会保障厅", "人力社保厅": "人力资源和社会保障厅", "交通厅": "交通运输厅",
    "应急厅": "应急管理厅", "市场监管厅": "市场监督管理厅",
    "林草局": "林业和草原局", "工信局": "工业和信息化局", "经信局": "经济和信息化局", "自规局": "自然资源和规划局",
    "民宗局": "民族宗教事务局", "人防办": "人民防空办公室", "机关事务局": "机关事务管理局", "药监局": "药品监督管理局",
    "住建委": "住房和城乡建设委员会", "国资委": "国有资产监督管理委员会", "城管委": "城市管理委员会",
    "工信厅": "工业和信息化厅", "住建厅": "住房和城乡建设厅", "文旅厅": "文化和旅游厅", "科技厅": "科学技术厅",
    "退役军人厅": "退役军人事务厅",
}
# A commission's short name, 委 for 委员会 (卫生健康委, 发展改革委), not a party organ (党委, 工委,
# 纪委, 区委) nor a short name of its own (发改委, in DEPARTMENT_SHORT_NAMES).
COMMISSION_SHORT_RE = re.compile(r"[\u4e00-\u9fff]{2}(?<![党工纪法编省市区县州旗盟])委$")
# The second name of an office that has two, after its first (市农业农村局(杭州市乡村振兴局)).
SECOND_NAME_RE = re.compile(r"[（(][\u4e00-\u9fff]{2,14}[)）]$")
# A district branch of a city bureau (温州市公安局鹿城区分局) is the district's 公安分局.
# A branch named by its county's short name (湖州市生态环境局长兴分局) or a zone (公安局高新分局) too.
BRANCH_OFFICE_RE = re.compile(r"([\u4e00-\u9fff]{2,8})局[\u4e00-\u9fff]{2,8}?分局$")

# Spaces between two Chinese characters in a link title (庆阳市公安局2025年度法治政府 建设情况报告).
SPACE_IN_WORDS_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")

# --- discovery: lists rendered by script ------------------------------------------------
# A list page with no item links on no known platform is rendered once in a headless browser
# (tasks/discover/browser.py): seconds allowed per page (launch included), requests the page
# may make through the fetcher, and quiet seconds after the load event before the DOM is read.
BROWSER_PAGE_SECONDS = 30.0
BROWSER_MAX_REQUESTS = 40
BROWSER_QUIET_SECONDS = 1.0
# What the page may load (DevTools resource types); images, styles, fonts, media are refused.
BROWSER_RESOURCE_TYPES = frozenset({"Document", "Script", "XHR", "Fetch"})
# Keys of a JSON list record the page fetched: the item's title, link and date, first found wins.
JSON_TITLE_KEYS = ("title", "realtitle", "doctitle", "DOCTITLE", "TITLE", "name", "infotitle", "showTitle")
JSON_URL_KEYS = ("url", "URL", "link", "href", "puburl", "docpuburl", "DOCPUBURL", "infourl", "pageUrl", "art_url")
JSON_DATE_KEYS = ("publishedTimeStr", "pubdate", "publishDate", "publishTime", "PUBLISHED_TIME_FORMAT", "docreltime",
                  "DOCRELTIME", "writeTimeString", "date", "time", "pubDate", "releaseTime", "createTime")
# Query or form parameters that number a list call's pages: replayed for the next pages.
PAGE_PARAMS = ("page", "pageNo", "pageIndex", "pageNum", "curPage", "currentPage", "pn", "p")

# --- discovery: onboarding from a home page ---------------------------------------------
# A registry entry with only `home`: its report columns are found by following navigation
# links, best score first, to ONBOARD_MAX_DEPTH links from the home page, at most
# ONBOARD_MAX_PAGES pages; up to ONBOARD_MAX_COLUMNS columns are kept (in the warehouse,
# table portal_columns) for later runs to start from.
ONBOARD_MAX_DEPTH = 3
ONBOARD_MAX_PAGES = 30
ONBOARD_MAX_COLUMNS = 3
# A navigation link's text -> how likely it leads to the reports; the best match counts.
# Names of the subject itself score SUBJECT_COLUMN_SCORE or more; the rest are hubs worth
# opening on the way there (or columns that may hold a report).
LINK_TEXT_SCORES = (
    ("法治政府建设年度报告", 100), ("法治政府建设情况", 95), ("法治政府建设", 85), ("法治政府", 80),
    ("依法行政", 70), ("法治建设", 60), ("工作报告", 45), ("法定主动公开内容", 35),
    ("政府信息公开", 30), ("信息公开目录", 28), ("政务公开", 25), ("信息公开", 25), ("主动公开", 22),
    ("公开目录", 20), ("通知公告", 12),
)
# Path segments of report columns and of the hubs above them (Chongqing's fzzfjsndbg).
LINK_PATH_SCORES = (
    ("fzzfjsndbg", 100), ("fzzfjsbg", 95), ("fzzfjs", 85), ("fzzf", 80), ("yfxz", 70), ("fzjs", 60),
    ("fdzdgknr", 35), ("zfxxgk", 30), ("xxgk", 25), ("zwgk", 25), ("gkml", 20),
)
# Links whose text names another kind of report: never a report column (信息公开年报).
LINK_TEXT_EXCLUDED = re.compile(r"信息公开(工作)?年(度报告|报)|年报|统计|解读")
# A list opened on the way is kept as a column when its first page shows a report title, or
# without one when its link is named for the subject (法治政府…, 依法行政).
SUBJECT_COLUMN_SCORE = 70
# A navigation link's text is short; a longer one is an article's title, not a way to a column.
NAV_TEXT_MAX_CHARS = 16

# --- attribution: who wrote a report (fazhi/core/attribution.py) --------------------------
# The opening: lines before the first numbered heading, at most this many.
OPENING_LINES = 12
# A line of the opening that is the report's title, repeated in the text.
REPORT_TITLE_LINE_RE = re.compile(r"(法治|依法行政).{0,30}(报告|总结|工作思路|情况)")
TITLE_LINE_MAX = 60
# The addressee (中共嘉善县委、县人大常委会:) names the body reported to, not the author; a
# department's names its own government (中共嘉善县委、嘉善县人民政府、嘉兴市司法局:).
ADDRESSEE_RE = re.compile(r"^[^。，,；;]{2,60}[:：]\s*$")
ADDRESSEE_SPLIT_RE = re.compile(r"[、，,\s]+")
GOVERNMENT_ADDRESSEE_RE = re.compile(r"(?:人民政府|政府|行署|委)$")
# A line with these marks is prose, not a title or a name.
SENTENCE_MARK_RE = re.compile(r"[，,。；;]")
# What may precede the subject of the first sentence: its time (2023年以来，今年以来，20xx年，)
# and the leadership or basis it acts under (在市委、市政府的坚强领导下，根据…要求，); 结合 before the
# report's "we" (结合我局工作实际).
OPENING_PREAMBLE_RE = re.compile(
    r"^(?:(?:20\d\d|20[xX]{2})\s*年度?(?:以来|来)?[，,、\s]*"
    r"|(?:今年|近年|一年|过去一年)以?来[，,\s]*"
    r"|(?:在|根据|按照)[^。；;]{0,80}?(?:下|中|要求|部署|精神|规定)[，,\s]+"
    r"|现将|中共|结合(?=我|本))+")
# The opening paragraph's clauses, where its subject may stand (2021年,区政府在市委…下,镇海区坚持…).
SENTENCE_END_RE = re.compile(r"[。；;！!]")
# … and the later sentences of it that may hold the subject: what is reported (现将…报告如下), or
# one that opens with the year alone (2020年是极为不平凡的一年。2020年,梁平区司法局…).
SUBJECT_SENTENCE_RE = re.compile(r"现将|20\d\d\s*年度?[，,]")
CLAUSE_SPLIT_RE = re.compile(r"[，,]")
# After a division's name: its party committee, congress or CPPCC is not the report's author —
# unless the committee reports with its government (鞍山市委、市政府坚持…).
NOT_THE_AUTHOR_RE = re.compile(r"(?:委(?![、，,和与及\s]*[\u4e00-\u9fff]{0,10}?(?:人民)?政府)|人大|政协|纪委|党委)")
# A department acting as the opening's subject, after any division names (县司法局紧紧围绕…,
# 许昌市生态环境局全面贯彻…, 区交通局党委深入…; 现将区生态环境局2024年…): its name, then what it does.
# An office's name ends so; a 委 not a party's (区委, 党委, 工委) nor a 常委会, nor a zone's 管委 (its government).
OFFICE_ENDS = r"(?:委员会|办公室|分局|支队|大队|局|厅|(?<![党工纪法编常管省市区县州旗盟])委(?![员会])|办(?![法理事])|中心)"
SUBJECT_DEPARTMENT_RE = re.compile(
    r"((?:省|市|区|县|州|旗|盟)?[\u4e00-\u9fff（）()]{1,16}?" + OFFICE_ENDS + r")"
    r"(?=党组|党委|始终|坚持|深入|认真|以|紧紧|全面|贯彻|围绕|高度|积极|持续|牢牢|把|将|依法|立足|锚定|扎实|聚焦|按照|"
    r"根据|在|不断|着力|进一步|切实|（|\(|，|,|20\d\d)")
# … or a whole clause of the opening that is a department's name after its divisions or level
# word (2024年,楚雄市林业和草原局,以…), or what is reported is its (现将2023年度枣庄市教育局法治政府建设…).
DEPARTMENT_CLAUSE_RE = re.compile(
    r"((?:省|市|区|县|州|旗|盟)?[\u4e00-\u9fff]{1,14}?" + OFFICE_ENDS + r")"
    r"(?:$|(?:20\d\d\s*年度?)?(?:法治|依法行政))")
LEVEL_WORDS = "省市区县州旗盟"
# How a department says "we" as the opening's subject (我局坚持…, 本厅, 我委, 局党组): not its name. Its
# name is looked for where a report names itself (OWN_DEPARTMENT_RE, its own documents
# cited); failing that, the sector its opening names (全市人社系统) with the kind of office.
SELF_DEPARTMENT_RE = re.compile(r"^(?:(?:我|本)(分局|支队|大队|局|厅|委|办|中心)(?![公理事托员面势])|(局|厅)(?=党组|党委))")
# Full names that end as each "we" does: 我局 is a 局 or a branch 分局, 我委 a 委员会.
SELF_DEPARTMENT_ENDS = {"局": ("局",), "厅": ("厅",), "委": ("委", "委员会"), "办": ("办", "办公室"),
                        "中心": ("中心",), "分局": ("分局",), "支队": ("支队",), "大队": ("大队",)}
# A department named with its own officers, meetings or staff (区司法局党委书记、局长率先垂范…;
# 益阳市人力资源和社会保障局党组…), starting a clause with its level word or its divisions:
# the report's own name for itself, not a superior's.
OWN_DEPARTMENT_RE = re.compile(
    r"(?:^|(?<=[。；;，,、：:\s]))((?:省|市|区|县|州|旗|盟)?(?:(?![在被的各对向从把将由等了])[\u4e00-\u9fff]){2,14}?"
    r"(?:局|厅|委员会|委|办公室|办|支队|大队))"
    r"(?=党组|党委|局长|厅长|支队长|大队长|主任|主要负责人|领导班子|机关|全体干部|干部职工)")
# A department's name right after the divisions opening a title it cites
# (《上城区人力社保局行政合法性审查事项目录清单》).
CITED_DEPARTMENT_RE = re.compile(r"^((?:(?![在被的各对向从把将由等了])[\u4e00-\u9fff]){2,14}?(?:局|厅|委员会|委|办公室|办|支队|大队))")
# Words around a department's name that make it a body the report answers to or works with, not
# itself (在岳阳市生态环境局的指导下, 配合…, 与…新都区、成华区市场监督管理局共同…, 《…局关于印发…》).
OTHER_BODY_BEFORE_RE = re.compile(r"(?:在|按照|根据|向|经|配合|联合|协助|会同|报送?|由|受|与|同|和|及|、)$")
OTHER_BODY_AFTER_RE = re.compile(r"^的?(?:指导|部署|要求|统一|印发|下发|转发|牵头|关于)")
# Where a department's name ends (…局, …委员会), and how far back its divisions may open it
# (株洲市荷塘区文化旅游体育局).
OFFICE_END_RE = re.compile(r"局|厅|委员会|委(?!员)|办公室|办(?![法理事])|支队|大队")
DEPARTMENT_NAME_MAX = 26
# … names that are not a department: a party organ (区委办, 政法委, 机关工委), the congress, the CPPCC.
NOT_A_DEPARTMENT_RE = re.compile(r"^[省市区县州旗盟]?(?:委|党|人大|政协|纪|政法委|编委|[\u4e00-\u9fff]{0,4}工委)|"
                                 r"^(?:在|根据|按照|依据|同时|抄送|中共|经|受|向|由)|党[委组]")
# The sector an opening says the department leads (全市人社系统, 全区司法行政系统…; 交通运输法治政府
# 部门建设; 生态环境法治政府建设; 法治公安建设; 围绕农业农村中心工作; 在生态环境部的关心指导下, its
# ministry), and the office's name before 局/厅: only sectors whose office has one name everywhere
# (not 教育, 水利, 卫生健康: 教育体育局, 水务局, 卫健委 are as common).
SECTOR_OFFICES = {
    "司法行政": "司法", "人社": "人力资源和社会保障", "人力资源社会保障": "人力资源和社会保障",
    "人力资源和社会保障": "人力资源和社会保障", "公安": "公安", "交通运输": "交通运输", "生态环境": "生态环境",
    "应急管理": "应急管理", "退役军人事务": "退役军人事务", "市场监管": "市场监督管理",
    "农业农村": "农业农村", "民政": "民政", "商务": "商务", "财政": "财政", "审计": "审计", "统计": "统计",
    "林草": "林业和草原", "林业和草原": "林业和草原",
}
# Sectors whose province-level office is a 局 too (省市场监督管理局, 省统计局, 省林业和草原局).
PROVINCE_BUREAUS = frozenset({"市场监督管理", "统计", "林业和草原"})
_SECTORS = "|".join(sorted(SECTOR_OFFICES, key=len, reverse=True))
SECTOR_RE = re.compile(r"(?:全(省|市|区|县|州|旗|盟))?(" + _SECTORS + r")(?:系统|事业|法治政府(?:部门)?建设|中心工作|"
                       r"部(?=的|和|及|关心|指导|领导))|法治(" + _SECTORS + r")建设")
# Beyond the opening, a sector is a 我局's own only said as what it leads or works for
# (全市交通运输系统, 林草事业, 交通运输法治政府部门建设, 法治公安建设), not as its ministry (生态环境部).
OWN_SECTOR_RE = re.compile(r"系统|事业|法治政府|中心工作")
# The office a page's 来源 / 发布机构 names, past its divisions, before the page's chrome
# (市应急管理局字体:[ ], 区交通运输局公开); an office's inner unit (厅法规处) is none.
SOURCE_OFFICE_RE = re.compile(r"((?:省|市|区|县|州|旗|盟)?[\u4e00-\u9fff]{2,14}?(?:局|厅|委员会|委|办公室|办|支队|大队))"
                              r"(?![\u4e00-\u9fff]{0,3}(?:处|科|室|股|中心|所|队))")
# An office's name without its level word and kind: its sector (市应急管理局 -> 应急管理).
OFFICE_SECTOR_RE = re.compile(r"^[省市区县州旗盟]|(?:局|厅|委员会|委|办公室|办)$")
# A branch of a city's bureau in a county (岳阳市生态环境局岳阳县分局): the county is the author.
BRANCH_OF_RE = re.compile(r"[\u4e00-\u9fff]{2,12}?局([\u4e00-\u9fff]{2,8}?(?:区|县|市|旗))分局")
# … or by the county's short name (湖州市生态环境局长兴分局: 长兴县), after the city's name.
BRANCH_SHORT_RE = re.compile(r"[\u4e00-\u9fff]{2,12}?局([\u4e00-\u9fff]{2,4}?)分局")
# An opening line that is only an office's name, perhaps after the page's date and a bar
# (2026-01-20 17:01 | 武汉市水务局): the byline.
BYLINE_PREFIX_RE = re.compile(r"^[\d\s:：\-/.|｜]*")
# … and one in the page's head that cleaning moves to the 来源 field: an office's name alone,
# not a site's (湖北政府网) nor the title itself.
BYLINE_OFFICE_RE = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}?(?:人民政府|政府|局|厅|委员会|委|办公室|办|支队|大队)$")
# The signature: one of the last lines, a short line naming an office, maybe with the date.
SIGNATURE_LINES = 6
SIGNATURE_DATE_RE = re.compile(r"\s*(?:20\d\d|二[〇零○O0][一二三四五六七八九〇零○]{2})\s*年.{1,8}日$")
SIGNATURE_RE = re.compile(
    r"^(?:中共)?[\u4e00-\u9fff（）()、\s]{2,40}?(?:人民政府|政府|局|厅|委员会|委|办公室|办|院|中心|支队|大队)"
    r"(?:\s*(?:20\d\d|二[〇零○O0][一二三四五六七八九〇零○]{2})\s*年.{1,8}日)?$")
# Titles a report cites (《…》), and what may precede the division opening one (2025年, 关于, 中共).
CITED_TITLE_RE = re.compile(r"[《<〈]([^》>〉]{4,60})[》>〉]")
CITED_PREFIX_RE = re.compile(r"^(?:\d{4}\s*年度?|关于|中共|印发)+")
# How a report says "we" (我县, 本区) and, failing that, "the whole of us" (全县, 全区); the
# levels of division each fits. 区 is a district or an autonomous region (广西: 全区); 市 is
# a municipality, a prefecture-level or a county-level city. 区域, 区委, 市场 are not "we".
SELF_REFERENCE_RE = re.compile(r"(?:我|本)(省|市|州|盟|县|区|旗)(?![域委场级长])")
WHOLE_SCOPE_RE = re.compile(r"全(省|市|州|盟|县|区|旗)(?![域委场级长])")
# The municipalities, whose districts answer to no province, and the words of a text that
# answers to one (省委, 省政府, 全省, 省州市 …).
# A province's government said by its level word as the opening's subject (省政府2021年度…).
PROVINCE_GOVERNMENT_RE = re.compile(r"^省(?:人民)?政府(?=20\d\d|关于|法治|依法行政|坚持|深入|认真|全面|始终|紧紧|以|在|着力|扎实)")
MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
PROVINCE_ABOVE_RE = re.compile(r"省委|省政府|全省|省州")
SELF_REFERENCE_LEVELS = {
    "省": frozenset({"province"}), "市": frozenset({"province", "prefecture", "county"}),
    "州": frozenset({"prefecture"}), "盟": frozenset({"prefecture"}),
    "县": frozenset({"county"}), "旗": frozenset({"county"}), "区": frozenset({"county", "region"}),
}

# --- extraction -------------------------------------------------------------------------
# Top-level section roles from the heading text, checked in order.
SECTION_ROLE_RULES = (
    ("shortcomings", re.compile(r"不足|问题|短板|差距|薄弱")),
    ("duty", re.compile(r"第一责任人|主要负责人|履行.*职责|述法")),
    ("plan", re.compile(r"下一步|下步|明年|下一年|20\d\d年(度)?(工作)?(安排|计划|思路|打算|重点)|工作(安排|计划|思路|打算)|努力方向|展望|(安排|计划|思路|打算)$")),
    ("other", re.compile(r"其他|其它")),
    ("achievements", re.compile(r"举措|成效|情况|工作|主要|做法|成绩|推进|开展")),
)

# The words of a plan heading besides a year (section_role: the report's own year names no plan).
PLAN_WORDS_RE = re.compile(r"下一步|下步|明年|下一年|工作(安排|计划|思路|打算)|努力方向|展望|(安排|计划|思路|打算)$")

# Numbered headings by depth: 一、 (1), （一） (2), 1. (3).
HEADING_PATTERNS = (
    (1, re.compile(r"^([一二三四五六七八九十]{1,3})、")),
    (2, re.compile(r"^[(（]([一二三四五六七八九十]{1,3})[)）]")),
    (3, re.compile(r"^(\d{1,2})[.、．](?!\d)")),
)
# A short unnumbered line naming a plan or shortcomings part is a top heading whose number
# was lost (seed 001: "2024年主要工作安排").
UNNUMBERED_TOP_RE = re.compile(r"^[^，,。；;]{4,30}$")
# A year in the report's opening that is the year reported on (2023年以来, 2023年，…).
YEAR_IN_BODY_RE = re.compile(r"(20\d\d)\s*年(?:度)?(?:以来|,|，|法治政府|推进|工作|全区|全县|全市|我区|我县)")

# Units a number is read with, longest first where one is the start of another (万人次 before
# 人次 before 人). A bare 万/亿 is a multiplier standing alone (1.7万); 年 only for a number of
# years (连续14年), never a year (2023年).
QUANTITY_UNITS = ("万人次", "人次", "场次", "万元", "亿元", "元", "件次", "位", "平方米", "公里", "小时", "分钟", "学时",
                  "等奖", "等功", "级",
                  "个百分点", "%", "‰", "件", "人", "名", "项", "个", "次", "场", "条", "家", "宗", "本", "卷",
                  "份", "起", "户", "所", "批", "类", "部", "篇", "期", "天", "支", "座", "处", "轮", "套", "台",
                  "门", "册", "票", "公斤", "微克", "例", "张", "组", "方面", "大", "年", "万", "亿")
# The party congresses (党的二十大) read like a count of 大: never a number.
PARTY_CONGRESS_RE = re.compile(r"(十[五六七八九]|二十)大")
# Words right before a number that make it a change (同比增长12%), a share (占…的35%) or a
# rank (排名第3), not a count or rate of the year.
CHANGE_BEFORE_RE = re.compile(r"(同比|环比|较上年|比上年|较去年|比去年)?(增长|下降|提高|提升|减少|上升|增加|降低|增幅|降幅|回落|下滑)了?$|"
                              # 较上年多15件, 同比少3件
                              r"(同比|环比|较上年|比上年|较去年|比去年|较同期|比同期|较\d{4}年)(多|少|增|减)了?$")
SHARE_BEFORE_RE = re.compile(r"占|比例|比重|覆盖率")
RANK_BEFORE_RE = re.compile(r"第$|排名第?$|位列第?$|居第?$")
# A rank written without a unit (位居全市第二, 排名第4): a position among peers, never a count.
RANK_RE = re.compile(r"(?:全(?:国|省|市|区|州)|排名|位居|位列|名列|跃居|蝉联|保持|获得|居)[^，,。；;、]{0,12}?"
                     r"(?P<rank>第(?P<num>[一二三四五六七八九十]{1,3}|\d{1,3}))(?![\d一二三四五六七八九十]|[次批届轮期年个项件])")

# Words that put a figure below the reporting unit (README: which value the indicators view
# shows). Not a bare 镇/部门: 镇海区 is a district and 各行政执法部门共… is the district's total.
SUB_UNIT_WORDS = ("街道", "乡镇", "各镇", "镇街", "其中", "协审", "部门行政机关", "部门行政规范性文件", "部门规范性文件",
                  # a department's own units (各局属单位开展学习…共16次)
                  "局属单位", "下属单位", "直属单位", "所属单位",
                  # the parts below a body, named as "each of them" (各支部学法36次, 各县(市、区), 各分局)
                  "各支部", "各党支部", "各科室", "各股室", "各处室", "各所队", "各中队", "各大队", "各分局", "各派出所",
                  "各县", "各区县", "各市州", "各地市", "各乡", "各村", "各社区")
SUB_UNIT_RE = re.compile("|".join(map(re.escape, SUB_UNIT_WORDS)))
# The scope of a number, from the words between it and the number before it in its sentence
# (so in "区委常委会学法14次，区政府常务会议学法10次" each number has its own): another body
# (the party committee, not the government), or a wider scope than the reporting body
# (全区各部门; 全区共… is the body's own total). Words naming the government's own meeting make a number the body's own
# whatever else the clause says.
# The government's own (its meetings, its 党组): in a department's report a law-study count there is
# the government's, a wider scope than the department (鄂尔多斯市司法局: 政府常务会学法60余次).
GOVERNMENTS_OWN = r"政府(常务|全体)会|政府常务|政府党组|(区|县|市|省|州|旗|盟)长办公会"
GOVERNMENTS_OWN_RE = re.compile(GOVERNMENTS_OWN)
OWN_BODY_RE = re.compile(GOVERNMENTS_OWN + r"|本级|本机关|本部门|我(局|厅|委|办)|(局|厅)党(组|委)|委(务|主任办公)会|"
                         r"(局|厅)(务|长办公)会")
OTHER_BODY_RE = re.compile(r"(区|县|市|省|州|旗|盟)委(常委会?|理论学习中心组|中心组)|"
                           r"党委(（党组）|\(党组\))?理论学习中心组|党支部|支部(?:委员会)?(?:集中|集体|专题|学习|主题党日)")
# … of them, those that are a department's own when a department reports (市生态环境局: 党委理论学习
# 中心组 is the bureau's own party committee; in a government's report it is the party's).
DEPARTMENTS_OWN_BODY_RE = re.compile(r"^党委(（党组）|\(党组\))?理论学习中心组$")
# … of them, the ones that name one body (not every party committee's study group, 党委(党组)
# 理论学习中心组): named earlier in a sentence, such a body holds for its figures.
NAMED_OTHER_BODY_RE = re.compile(r"(区|县|市|省|州|旗|盟)委(常委会?|理论学习中心组|中心组)|党支部")
# A total over several years (近三年, 历年, 多年来, 十八大以来): never the year's result. Not 累计
# alone, which reports use for the year's own total (seed 003: 累计审核各类事项411件); a total
# since an earlier year (2018年以来) is told by the year it names (assign_roles). Searched in the
# sentence before the number: 党的十八大以来,省政府先后13批次精简行政职权2231项.
CUMULATIVE_RE = re.compile(r"近[一二两三四五六七八九十\d]+年|历年|多年来|以来累计|(?<![\d一二两三四五六七八九十])([二两三四五六七八九十]{1,2}|\d{1,2})年(来|间|以来)|"
                           # a plan period or a term (“十四五”以来, 本届政府以来), a span of years (2019—2023年)
                           # (not a plan's name: 实施纲要(2021-2025年), “十四五”时期…规划)
                           r"十[一二三四五六七八九]五[”\"]?(以来|期间)|本届(政府)?以来|(?<![(（\d])20\d\d\s*[-—–~至到]\s*20\d\d\s*年(?![)）])|"
                           r"(十[八九]大|二十大|去年|上年|成立|组建|实施|开展)以来|先后\d+批次?")
SINCE_YEAR_RE = re.compile(r"(20\d\d)\s*年(?:[^，,。；;]{0,6})?以来")
WIDER_SCOPE_RE = re.compile(r"全(区|县|市|省|州|旗)(各级|各部门|各单位|各乡镇|各镇街)|各级各部门|各级各单位|"
                            r"各级党委|各部门|各单位")
# A counted noun right after the measure word says what is counted (20个单位制定了…): not
# the indicator's own thing.
OTHER_COUNTED_RE = re.compile(r"^(单位|部门|街道|镇街|乡镇|村|社区|企业|学校|站点|机构|窗口|平台)|"
                              r"^[\u4e00-\u9fff]{0,8}(重点工作|工作任务|重点任务|任务|措施|举措)")
# A plan or goal said in the number's own clause, outside the plan part (废止60件、拟修改9件;
# 有望提升至45%): a target, not the year's result.
TARGET_WORDS_RE = re.compile(r"(?<!模)拟|力争|预计|争取|有望|计划(?:于|到|在)|目标(?:为|是)|20\d\d年将")
# A figure of the year before, said as such (去年同期办理88件, 上年同期为100件): not the year's result.
# Not a comparison (较上年同期: the number is this year's or a change). Only 同期: a report written
# in the next year may call its own year 上一年度 or 去年 (现将上一年度法治政府建设工作情况报告如下).
PREVIOUS_YEAR_RE = re.compile(r"(?<![较比与])(上|去)年度?同期")
# A figure of before a change, right before the number (数量由622份减为205份, 从799项削减至326项,
# 将原有49个窗口压缩为33个): the old figure, not the year's result.
FIGURE_BEFORE_CHANGE_RE = re.compile(r"((?<![案理自事缘])由|从|原有?)(原来的?)?$")
# A percentage of a reduction or growth (精简率达59.2%, 减材料比例为67%, 压缩了72%) is a change;
# not a level reached (下降至5.22%) nor a rate raised to a level (提升出庭应诉率达100%).
CHANGE_RATE_RE = re.compile(r"(精简|压缩|缩减|压减|削减|减幅|降幅|增幅)|减[\u4e00-\u9fff]{0,3}(比例|率)|"
                            r"(减少|下降|增长)了?(达|为)?$")
# What a count is of when the words right after its measure word say it: parts of a plan
# (9个板块36项重点任务, 10个方面), cities compared (全国100个城市) or a length of time (8个月, 2个
# 工作日): other, never an indicator's thing. Not bodies (对60家单位开展督察 is a result).
OTHER_THING_AFTER_RE = re.compile(r"^[\u4e00-\u9fff“”\"]{0,4}(城市|方面|板块|大类|协调小组|工作日|月|票)|"
                                  r"^[\u4e00-\u9fff“”\"]{0,8}(重点工作|工作任务|重点任务|具体任务|任务|措施|要点|指标)")
# … or, right before a number of 条, a plan's items counted (推进法治政府建设措施23条, 落实举措13条;
# not 政策措施N件, documents reviewed).
OTHER_THING_BEFORE_RE = re.compile(r"(?<!政策)(措施|举措|条款|要点)$")
# … or, right after a number of 条, what a text is made of (40条内容, 167条工作举措).
TEXT_ITEMS_AFTER_RE = re.compile(r"^[\u4e00-\u9fff]{0,6}(举措|措施|内容|意见|条款)")
# A number naming a group (三大警务建设, 5大领域, 六类行政权力事项, 七方面): part of a name, other.
NAMED_GROUP_UNITS = frozenset({"大", "类", "方面", "级"})      # 省市县三级联动: levels named, not counted
# An award's grade (一等奖, 三等功) is a position, like a rank.
RANK_UNITS = frozenset({"等奖", "等功"})
TIME_UNITS = frozenset({"天", "小时", "分钟", "年"})
# Items a clean-up or a review kept as they were (保留58件, 继续有效24件): other.
KEPT_RE = re.compile(r"保留|继续有效")
# The tail of a 其中 breakdown: every figure after 其中 in its sentence is a part (其中行政许可
# 16634件、其他权利事项14117件), unless a bracket holding the 其中 closed before it (共取消15项
# (其中2项为子项),新增17项); so is a figure in brackets after a total (共办理…9278起(罚款…579起)).
PART_AFTER_RE = re.compile(r"其中[^)）]*$|[(（][^)）]*$")
# Words that make one figure the total of several of one key in a sentence (共审查…51件).
TOTAL_WORDS_RE = re.compile(r"共|合计|总计|累计")
# A number that is the object of 对 (对56件重大行政决策、行政合同等进行合法性审查): what is done to
# it is said at the end of its clause.
OBJECT_BEFORE_RE = re.compile(r"对(全[区县市省州旗]|本级)?$")
# The lead of an enumerated item (一是加强法治宣传教育。): short, no comma; it names what the item's
# sentences are about.
ITEM_LEAD_RE = re.compile(r"^[一二三四五六七八九十]是[^,，;；]{2,24}[。；;]?$")
# Things listed, then 分别, then their numbers in the same order (人大代表建议、政协提案分别为45件、38件):
# what may stand between 分别 and the numbers, and what separates the things.
RESPECTIVELY = "分别"
RESPECTIVE_LINK_RE = re.compile(r"(为|是|达到?|有|占|办理|办结|审结)?[、,，和及与\s]*")
RESPECTIVE_ITEMS_RE = re.compile(r"以及|、|和|及|与")
# What joins two things counted together (人大代表建议和政协提案共300件): such a count is of neither.
JOINED_RE = re.compile(r"和|及|与|以及|、")
# The outcome of the figure before, said right after it (发现问题46个,整改完成42个; 申请强制执行9件,
# 已完成执行1件; 申报115项,入选38项): a part of that figure. Not 办结/审结 alone, which are
# catalog results of their own (受理复议申请156件,审结150件), nor 败诉 (结案521件,败诉38件 is a
# result of its own).
# A case's outcomes are too (有行政复议案件4件,撤销1件,维持3件; 引调诉讼案件35件,成功26件: d022, d075).
OUTCOME_RE = re.compile(r"已(办结|完成|整改)|完成整改|整改完成|整改到位|入选|采纳|已全部|^(撤销|维持|驳回|成功)")
# A cited title that names a law or regulation (《中华人民共和国行政处罚法》, 《…条例》, 《…规定》): blanked
# to 《法》, not 《》, so that studying it reads as studying law.
LAW_TITLE_RE = re.compile(r"(法|法典|条例|规定|办法|细则|规则)(（[^）]*）|\([^)]*\))?》$")
# A paragraph that lists shortcomings outside a shortcomings part (seed 000: at the end of 一、).
SHORTCOMINGS_LEAD_RE = re.compile(r"(存在|还有)[著着]?.{0,10}(不足|问题|短板|差距|薄弱)")

# --- loading ----------------------------------------------------------------------------
# Two texts of one unit and year are one report (copies: a seed file and its crawled page, a
# county's report on its own portal and on the city's aggregator) when this share of their
# 5-character shingles is common to both. Copies differ only by chrome and line breaks
# (> 0.9 measured on the mirror's copies of the seeds); two different reports of one unit and
# year (a report and its interpretation) share far less.
SAME_REPORT_SIMILARITY = 0.6
