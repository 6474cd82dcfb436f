"""Extraction: typed facts with provenance from a cleaned report.

metadata (title, unit, level, year, dates, publisher, 索引号/文号), the outline with section
roles, every quantity (value, unit, multiplier, qualifier, kind, the thing counted, the
sentence, the section), catalog indicators (results and plan targets, one primary value per
key), citations (《…》 with 文号) and shortcoming / plan items.
"""
from __future__ import annotations

import re

from fazhi.core import attribution, gazetteer, rules
from fazhi.core.learned import NO_KEY, IndicatorModel
from fazhi.core.indicators import (BARE_ITEM_FILLERS, BARE_ITEM_MAX, CATEGORY_BESIDE, INDICATOR_RULES, KEYS_LISTED_BY_KIND,
                                   KEYS_OF_THE_BODY_ITSELF)
from fazhi.core.numbers import CN_NUMERAL_CHARS, parse_cn_integer, parse_date
from fazhi.core.text import split_sentences
from fazhi.core.titles import department_in_title, year_in_title
from fazhi.core.records import (CleanedPage, Citation, IndicatorValue, Quantity, ReportContext, ReportFacts,
                                ReportItem, ReportMetadata, Section)


# ---------------------------------------------------------------------------- metadata --


def report_year(title: str | None, body: str) -> int | None:
    """Title first, then body; None when the text blanks its years (20xx年) or says none."""
    if title and rules.BLANKED_YEAR_RE.search(title):
        return None
    if year_in_title(title):
        return year_in_title(title)
    head = body[:1500]
    if rules.BLANKED_YEAR_RE.search(head):
        return None
    for line in body.split("\n")[:40]:
        if rules.HEADING_PATTERNS[0][1].match(line):
            if year_in_title(line):
                return year_in_title(line)
    match = rules.YEAR_IN_BODY_RE.search(head)
    return int(match.group(1)) if match else None


def _derived_title(admin_name: str | None, year: int | None, blanked: bool) -> str:
    year_part = f"{year}年度" if year else ("20xx年度" if blanked else "")
    return f"{admin_name or ''}{year_part}法治政府建设情况报告"


def extract_metadata(page: CleanedPage, ctx: ReportContext) -> ReportMetadata:
    fields = page.fields
    title = page.title or fields.get("title")
    # a page title truncated against the list page's title is repaired from it
    if ctx.list_title and (not title or (len(ctx.list_title) > len(title)
                                         and ctx.list_title.startswith(title) or ctx.list_title.endswith(title))):
        title = ctx.list_title
    body = page.body_text
    year = report_year(title, body)
    blanked = bool(rules.BLANKED_YEAR_RE.search((title or "") + body[:1500]))

    # The author is who the report's own text names (a provincial 司法厅 lists its cities'
    # reports); the portal's unit only when none does and the text's 我县/全区 fits it.
    portal_hint = " ".join(filter(None, (ctx.city, ctx.province, ctx.admin_name)))
    portal = gazetteer.by_code(ctx.admin_code) if ctx.admin_code else None
    author, unit_source = attribution.author_of(
        title or "", ctx.list_title or "", fields.get("publisher") or fields.get("source") or "", body,
        context=f"{portal_hint}\n{body}", portal=portal)
    if author is not None:
        admin_code, admin_name = author.code, author.name
        city, province = (author.city or None), (author.province or None)
    else:
        admin_code = admin_name = city = province = None
    # the portal's own department and level hold only for the portal's own unit's reports
    portals_own = author is not None and author.code == ctx.admin_code
    department = (department_in_title(title) or department_in_title(ctx.list_title)
                  or attribution.opening_department(body, fields.get("publisher") or fields.get("source") or ""))
    if portals_own and ctx.department and (not department or department.endswith(ctx.department)
                                           or ctx.department.endswith(department)):
        department = ctx.department      # the registry names the portal's own department (区司法局 = 司法局)
    level = "department" if department or attribution.speaks_as_department(body) else (
        ctx.level if portals_own and ctx.level else "government")
    title_source = "page"
    if not title:
        title, title_source = _derived_title(admin_name, year, blanked), "derived"
    publish = parse_date(fields.get("publish_date")) or parse_date(ctx.list_date)
    return ReportMetadata(
        title=title, title_source=title_source, report_year=year,
        admin_code=admin_code, admin_name=admin_name, city=city, province=province,
        level=level, department=department or None,
        publisher=fields.get("publisher") or fields.get("source") or None,
        publish_date=publish, written_date=parse_date(fields.get("written_date")),
        index_no=fields.get("index_no"), doc_no=fields.get("doc_no"), unit_source=unit_source,
        years_blanked=blanked)


# ----------------------------------------------------------------------------- outline --


def _heading_text(line: str) -> str:
    """A heading line may run on into its paragraph: keep its first sentence if short."""
    first = re.split(r"[。；;:：]", line, maxsplit=1)[0]
    return first if len(first) <= 60 else first[:60]


def section_role(heading: str, default: str = "other", year: int | None = None) -> str:
    """The role of a top heading. A year names a plan only when it is not the report's own
    (2024年工作安排 in the 2023 report; 2022年重点工作及主要工作举措 in the 2022 report is what
    was done)."""
    for role, pattern in rules.SECTION_ROLE_RULES:
        if pattern.search(heading):
            if (role == "plan" and year and f"{year}年" in heading
                    and not rules.PLAN_WORDS_RE.search(heading.replace(f"{year}年", ""))):
                continue
            return role
    return default


def extract_outline(lines: list[str], year: int | None = None) -> list[Section]:
    found = []
    for line_no, line in enumerate(lines):
        for depth, pattern in rules.HEADING_PATTERNS:
            match = pattern.match(line)
            if match:
                found.append((line_no, depth, match.group(1), _heading_text(line)))
                break
        else:
            if (rules.UNNUMBERED_TOP_RE.match(line) and section_role(line, year=year) in ("plan", "shortcomings")
                    and line_no > 3):
                found.append((line_no, 0, "", line))
    if not found:
        return []
    numbered = [depth for _, depth, _, _ in found if depth]
    top_depth = min(numbered) if numbered else 1
    found = [(n, depth or top_depth, num, h) for n, depth, num, h in found]
    sections, top_heading, top_role, seen_late_part = [], "", "other", False
    for seq, (line_no, depth, number, heading) in enumerate(found):
        if depth == top_depth:
            # an unrecognised heading before the shortcomings and plan parts is an achievement
            top_role = section_role(heading, default="other" if seen_late_part else "achievements", year=year)
            seen_late_part = seen_late_part or top_role in ("shortcomings", "duty", "plan")
            top_heading = heading
        sections.append(Section(seq=seq, depth=depth - top_depth + 1, number=number, heading=heading,
                                role=top_role, top_heading=top_heading, line_no=line_no))
    return sections


def _line_sections(lines: list[str], sections: list[Section]) -> list[tuple[str, str]]:
    """For each line, (top heading, role) of the section it is in."""
    out, current = [], ("", "other")
    starts = {s.line_no: s for s in sections if s.depth == 1}
    for i in range(len(lines)):
        if i in starts:
            current = (starts[i].heading, starts[i].role)
        out.append(current)
    return out


# -------------------------------------------------------------------------- quantities --
_NUMBER = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{CN_NUMERAL_CHARS}]+)"
_QTY_RE = re.compile(
    rf"(?P<pre>近|约|超过|超|逾|达到|达)?(?P<num>{_NUMBER}) ?(?P<mult>万|亿)?(?P<post1>余|多)?"
    rf"(?P<unit>{'|'.join(map(re.escape, rules.QUANTITY_UNITS))})(?P<post2>以上|左右|多|余)?"
)
_SUBJECT_SPLIT = re.compile(r"[,，;；:：、。!?！？]")


def _parse_number(num: str) -> float | None:
    if num[0].isdigit():
        return float(num.replace(",", ""))
    value = parse_cn_integer(num)
    return float(value) if value is not None else None


def extract_quantities(lines: list[str], sections: list[Section]) -> list[Quantity]:
    where = _line_sections(lines, sections)
    out: list[Quantity] = []
    for line_no, line in enumerate(lines):
        top_heading, role = where[line_no]
        for start, end in split_sentences(line):
            sentence = line[start:end].strip()
            first = len(out)
            for match in _QTY_RE.finditer(sentence):
                num, unit = match["num"], match["unit"]
                before = sentence[:match.start()]
                if not num[0].isdigit():
                    # a Chinese numeral is a count (组成三个督导组, 召开学法会议九次); not 一 inside a
                    # phrase (一站式, 一件事一次办), an ordinal (第三次), a quoted name (“两个维护”)
                    # or a party congress (二十大)
                    clause_ends = re.match(r"[,，。；;、)）]|$", sentence[match.end():match.end() + 1])
                    if (unit in ("万", "亿", "%") or before.endswith(("第", "“", "\"")) or rules.PARTY_CONGRESS_RE.match(match[0])
                            or (num == "一" and unit not in rules.RANK_UNITS and (not clause_ends or unit == "方面"))):     # 一方面, 另一方面
                        continue
                if before.count("《") > before.count("》"):
                    continue    # part of a cited title (《优化法治化营商环境十五条措施》)
                value = _parse_number(num)
                if value is None:
                    continue
                if unit in ("万", "亿"):        # 1.7万 standing alone (1.7万余份 handled below)
                    value *= 10_000 if unit == "万" else 100_000_000
                    unit = ""
                if match["mult"] and unit == "元":   # 2660万元: money stays in 万元 as written
                    unit = match["mult"] + unit
                elif match["mult"]:
                    value *= 10_000 if match["mult"] == "万" else 100_000_000
                after = sentence[match.end():match.end() + 2]
                if unit == "年" and value >= 100 or re.match(r"[年月日号]", after) and unit == "":
                    continue    # a year (2023年), not a number of years (连续14年)
                if re.search(r"[〔\[（(]$", before) or re.match(r"^[〕\]]", after):
                    continue  # part of a document number
                kind = "count"
                if unit in ("%", "‰", "个百分点"):
                    kind = "rate"
                if kind == "rate" and rules.SHARE_BEFORE_RE.search(_SUBJECT_SPLIT.split(before)[-1]):
                    kind = "share"
                # … and the next figures of a list of changes (同比分别下降27%、32.9%)
                listed_change = (before.endswith("、") and len(out) > first and out[-1].kind == "change"
                                 and out[-1].raw_offset + len(out[-1].raw) == match.start() - 1 and out[-1].unit == unit)
                if rules.CHANGE_BEFORE_RE.search(before) or unit == "个百分点" or listed_change:
                    kind = "change"
                elif rules.RANK_BEFORE_RE.search(before) or unit in rules.RANK_UNITS:
                    kind = "rank"
                elif unit in ("万元", "亿元", "元"):
                    kind = "amount"
                qualifier = match["pre"] if match["pre"] in ("近", "约", "超过", "超", "逾") else ""
                qualifier = qualifier or match["post1"] or match["post2"] or ""
                clause = _SUBJECT_SPLIT.split(before)[-1] if before else ""
                out.append(Quantity(
                    seq=len(out), value=value, unit=unit, raw=match.group(0), qualifier=qualifier, kind=kind,
                    subject=clause[-30:], sentence=sentence, section=top_heading, section_role=role,
                    is_target=(role == "plan"), line_no=line_no, raw_offset=match.start()))
            for match in rules.RANK_RE.finditer(sentence):    # 全省第二, 排名第4: a rank with no unit
                value = _parse_number(match["num"])
                if value is None or any(q.sentence == sentence and q.raw_offset <= match.start("num")
                                        < q.raw_offset + len(q.raw) for q in out[-20:]):
                    continue
                clause = _SUBJECT_SPLIT.split(sentence[:match.start()])[-1]
                out.append(Quantity(
                    seq=len(out), value=value, unit="", raw=match["rank"], qualifier="", kind="rank",
                    subject=clause[-30:], sentence=sentence, section=top_heading, section_role=role,
                    is_target=(role == "plan"), line_no=line_no, raw_offset=match.start("rank")))
            for match in _BARE_NUMBER_RE.finditer(sentence):   # 实施清单716, 保留行政许可193
                value = float(match[0])
                if 1900 <= value <= 2100 or any(q.sentence == sentence and q.raw_offset <= match.start()
                                                < q.raw_offset + len(q.raw) for q in out[-30:]):
                    continue
                clause = _SUBJECT_SPLIT.split(sentence[:match.start()])[-1]
                out.append(Quantity(
                    seq=len(out), value=value, unit="", raw=match[0], qualifier="", kind="count",
                    subject=clause[-30:], sentence=sentence, section=top_heading, section_role=role,
                    is_target=(role == "plan"), line_no=line_no, raw_offset=match.start()))
            # in the order of the sentence, so the number before a number is the one written before it
            out[first:] = sorted(out[first:], key=lambda q: q.raw_offset)
            for seq in range(first, len(out)):
                out[seq].seq = seq
    return out


# A number with no unit at the end of a clause, right after words: a count whose measure word
# the report left out (填报实施清单716,).
_BARE_NUMBER_RE = re.compile(r"(?<=[\u4e00-\u9fff])\d+(?:\.\d+)?(?=[,，;；。、)）])")


# -------------------------------------------------------------------------- indicators --
_OTHER_YEAR = re.compile(r"(20\d\d)\s*年")


_CLAUSE_SPLIT = re.compile(r"[,，;；:：。!?！？]")
_CITED_TITLE = re.compile(r"《[^》]*》")


def _blank_titles(text: str) -> str:
    """《…》 titles blanked, since a document's name is not what is counted; a cited law keeps
    that it is one (《法》: 学习《行政处罚法》3次 is a study of law)."""
    return _CITED_TITLE.sub(lambda m: "《法》" if rules.LAW_TITLE_RE.search(m[0]) else "《》", text)


def _contexts(q: Quantity) -> tuple[str, str]:
    """(the clause before the number, the words right after it), 《…》 titles blanked.

    The clause runs back to the last comma or semicolon (、 enumerations stay in it); a
    clause of a bare verb (…申请156件,审结150件) or one that starts with 其中 (a part of the
    figure before) takes the clause before it as well."""
    before = _blank_titles(q.sentence[:q.raw_offset])
    after = re.split(r"[,，;；。、\d]", q.sentence[q.raw_offset + len(q.raw):], maxsplit=1)[0][:30]
    clauses = _CLAUSE_SPLIT.split(before)
    clause = clauses[-1]
    if len(clauses) > 1 and (len(re.findall(r"[\u4e00-\u9fff]", clause)) <= 4 or clause.startswith("其中")):
        clause = clauses[-2] + "," + clause
    return clause, after


def map_indicators(quantities: list[Quantity], lines: list[str] | None = None,
                   department: bool = False) -> list[IndicatorValue]:
    """Catalog keys for quantities. A rule's topic must stand in the number's own clause or
    right after it; when several rules match, the nearest topic wins. Then the roles that need
    the keys (_roles_by_key), and the primary value (the one the `indicators` view shows) per
    key and target flag among the results (or targets) of the body's own scope: the body's own
    meeting named first, then for a count the largest (a district's total is at least any
    part of it), for a rate the first. If no occurrence is the body's own, none is primary
    (the report gives no figure of its own). All occurrences stay in indicator_values.
    A count said with a bare verb and nothing else before it (截至目前,累计学习10余次) counts
    what the sentence before it in its paragraph (`lines`) is about. `department`: a department
    reports (the government's meeting is then not the body's own)."""
    found: list[IndicatorValue] = []
    for q in quantities:
        if q.kind not in ("count", "rate"):
            continue
        if q.role == "other":
            continue   # a figure of another year, money, bodies counted …
        clause, after = _contexts(q)
        head = _blank_titles(q.sentence[:q.raw_offset])
        if rules.OTHER_COUNTED_RE.match(after):
            continue   # 20个单位: units are counted, not the topic
        respective = _respective_item(q, quantities)
        if respective is None and _joint_topics(q, quantities):
            continue   # 人大代表建议和政协提案共300件: a count of two things together is neither's
        best, best_distance = None, None
        own_words = _own_words(q, quantities)
        item = _SUBJECT_SPLIT.split(head)[-1]
        if respective is not None:
            # 人大代表建议、政协提案分别为45件、38件: the i-th number is the i-th thing's
            clause = head = item = respective
            after = ""
        lead = (_blank_titles(_sentence_before(q, lines)) + "。"
                if lines and _bare(_SUBJECT_SPLIT.sub("", head)) else "")
        if rules.OBJECT_BEFORE_RE.search(item):
            # 对56件重大行政决策、行政合同等进行合法性审查: what is done to the things listed is
            # said at the end of the clause, past the list
            after = re.split(r"[,，;；。]", q.sentence[q.raw_offset + len(q.raw):], maxsplit=1)[0][:40]
        for rule in INDICATOR_RULES:
            if q.unit not in rule.units or q.kind != rule.kind:
                continue
            if rule.bare_item and not _bare(item):
                continue
            where = head if rule.topic_in_sentence else clause
            if rule.bare_item and lead and not rule.topic.search(head):
                where = lead + head
            if rule.topic_in_item_lead and lines and not rule.topic.search(head):
                where = _item_lead(q, lines) + head
            before_hits = [m.end() for m in rule.topic.finditer(where)]
            after_hit = rule.topic.search(after)
            if not before_hits and not after_hit:
                continue
            # a topic with another number between it and this one is that number's first
            # (完成18件规范性文件、68件上会文件合法性审查: 68 is of the 上会文件's review)
            before_distance = [len(where) - before_hits[-1]] if before_hits else []
            if before_distance and before_distance[0] > 0 and before_distance[0] >= own_words:
                before_distance[0] += _PAST_ANOTHER_NUMBER
            distance = min(before_distance + ([after_hit.start()] if after_hit else []))
            rest = _following(q, rule.verb_reach)
            said = (item + after) if rule.topic_in_sentence else (clause + after + rest)
            verb = rule.verb.search(said) if rule.verb else None
            if rule.verb and not verb:
                continue
            if rule.exclude and rule.exclude.search((item + after) if rule.bare_item else (clause + after)):
                continue
            if rule.sentence_exclude and rule.sentence_exclude.search(head):
                continue
            if rule.bare_item:
                if verb.start() >= len(item):
                    continue      # the item's own verb (全年共审查86件), not the words after the number
                if rule.item_names_it:
                    distance = len(item) - verb.end()     # the item's own word names it (其中建议30件)
            if best is None or distance < best_distance:
                topic = list(rule.topic.finditer(where))[-1][0] if before_hits else after_hit[0]
                why = (_SENTENCE_TOPIC if rule.bare_item else "") + f"topic: {topic}" + (f"; verb: {verb[0]}" if verb else "")
                best, best_distance = (rule, why), distance
        if best is not None:
            found.append(IndicatorValue(
                indicator=best[0].key, value=q.value, unit=q.unit, qualifier=q.qualifier, is_target=q.is_target,
                is_primary=False, section=q.section, evidence=q.sentence, quantity_seq=q.seq, rule=best[1]))
    _roles_by_key(quantities, found, department)
    chosen: dict[tuple[str, bool], tuple[int, IndicatorValue]] = {}
    for iv in found:
        slot = (iv.indicator, iv.is_target)
        q = quantities[iv.quantity_seq]
        if q.role != ("target" if q.is_target else "result"):
            continue
        tier = 0 if q.role_rule.startswith(_OWN_NAMED) else 1
        held = chosen.get(slot)
        # the body's own meeting named beats an unnamed scope; then for a count the largest
        # (the body's total is at least any part of it), for a rate the first
        if held is None or tier < held[0] or (tier == held[0] and q.kind == "count" and iv.value > held[1].value):
            chosen[slot] = (tier, iv)
    for _tier, iv in chosen.values():
        iv.is_primary = True
    return found


def _respective_item(q: Quantity, quantities: list[Quantity]) -> str | None:
    """The thing a number counts when several are listed before 分别 and their numbers after
    it (收案、审结分别为120件、115件), in order; None when the number is not in such a list."""
    before = q.sentence[:q.raw_offset]
    at = before.rfind(rules.RESPECTIVELY)
    if at < 0:
        return None
    earlier = [p for p in quantities[:q.seq] if p.sentence == q.sentence and p.line_no == q.line_no
               and p.raw_offset > at]
    between = before[at + len(rules.RESPECTIVELY):]
    for p in earlier:
        between = between.replace(p.raw, "")
    if not rules.RESPECTIVE_LINK_RE.fullmatch(between):
        return None
    items = rules.RESPECTIVE_ITEMS_RE.split(_CLAUSE_SPLIT.split(before[:at])[-1])
    return _blank_titles(items[len(earlier)]) if 2 <= len(items) > len(earlier) else None


def _item_lead(q: Quantity, lines: list[str]) -> str:
    """The short lead of the 一是/二是 item the number stands in (一是加强法治宣传教育。), or ''."""
    line = lines[q.line_no] if q.line_no < len(lines) else ""
    sentences = [line[start:end].strip() for start, end in split_sentences(line)]
    at = sentences.index(q.sentence) if q.sentence in sentences else 0
    return next((_blank_titles(s) for s in reversed(sentences[:at]) if rules.ITEM_LEAD_RE.match(s)), "")


def _sentence_before(q: Quantity, lines: list[str]) -> str:
    """The sentence before the number's own in its paragraph, or ''."""
    line = lines[q.line_no] if q.line_no < len(lines) else ""
    sentences = [line[start:end].strip() for start, end in split_sentences(line)]
    at = sentences.index(q.sentence) if q.sentence in sentences else 0
    return sentences[at - 1] if at > 0 else ""


def _bare(item: str) -> bool:
    """An item that is a bare verb with, at most, when and how many in all (全年共审查)."""
    return len(re.findall(r"[\u4e00-\u9fff]", BARE_ITEM_FILLERS.sub("", item))) <= BARE_ITEM_MAX


def _joint_topics(q: Quantity, quantities: list[Quantity]) -> bool:
    """The number's own words, before it or right after it, name the things of two keys joined
    by 和/及/与/、 (人大代表建议和政协提案共300件; 完成14件行政规范性文件和重大决策事项).
    Topics are read as catalog rules read them, except those anchored to the number ($)."""
    for words in (_near(q, quantities), _contexts(q)[1]):
        spans = [(m.start(), m.end(), rule.key) for rule in INDICATOR_RULES
                 if q.unit in rule.units and q.kind == rule.kind and not rule.topic.pattern.endswith("$")
                 and not rule.bare_item       # a sentence's topic, not what the number's own words name
                 for m in rule.topic.finditer(words)]
        if any(key_a != key_b and rules.JOINED_RE.fullmatch(words[end_a:start_b])
               for start_a, end_a, key_a in spans for start_b, _end_b, key_b in spans if start_b >= end_a):
            return True
    return False


def _following(q: Quantity, clauses: int) -> str:
    """The words after the number up to the end of its clause, or of the next clauses."""
    tail = q.sentence[q.raw_offset + len(q.raw):]
    return "".join(re.split(r"([,，;；。])", tail, maxsplit=clauses)[:2 * clauses - 1])


def _roles_by_key(quantities: list[Quantity], found: list[IndicatorValue], department: bool = False) -> None:
    """Roles that depend on what a number counts, among the figures of one sentence:
    - several figures of one key listed by kind (KEYS_LISTED_BY_KIND), none a total
      (审查行政合同78个,审查重大行政决策7件; 废止35件、宣布失效11件), are parts by category, so
      none is the body's total;
    - a 其中 part of a figure that counts another thing (执法案件26334件,其中行政处罚23328件)
      is the total of its own key."""
    by_sentence: dict[tuple[int, str], list[IndicatorValue]] = {}
    for iv in found:
        q = quantities[iv.quantity_seq]
        by_sentence.setdefault((q.line_no, q.sentence), []).append(iv)
    keyed = {iv.quantity_seq: iv.indicator for iv in found}
    for ivs in by_sentence.values():
        for iv in ivs:
            q = quantities[iv.quantity_seq]
            if q.role != "subunit" or not q.role_rule.startswith(_PART_RULE) or "其中" not in q.sentence:
                continue
            cut = q.sentence.find("其中")
            total = next((p for p in reversed(quantities[:q.seq]) if p.sentence == q.sentence
                          and p.line_no == q.line_no and p.raw_offset < cut), None)   # the figure before 其中
            parts = [o for o in ivs if o.indicator == iv.indicator and quantities[o.quantity_seq].raw_offset > cut]
            names_own = len(re.findall(r"[\u4e00-\u9fff]", q.sentence[cut + 2:q.raw_offset])) >= 2
            if (total is not None and keyed.get(total.seq) != iv.indicator and len(parts) == 1 and names_own
                    and total.kind == q.kind == "count"):
                q.role, q.role_rule = "result", f"part of another thing: {total.raw}"
        # a key that is one body's own activity (KEYS_OF_THE_BODY_ITSELF): with no scope named
        # near the number, another body named earlier in the sentence and not the body's own
        # makes it that body's (完善区委理论学习中心组…集体学法制度,组织…专题学习7次)
        for iv in ivs:
            q = quantities[iv.quantity_seq]
            head = _blank_titles(q.sentence[:q.raw_offset])
            other = rules.NAMED_OTHER_BODY_RE.search(head)
            if (iv.indicator in KEYS_OF_THE_BODY_ITSELF and q.role_rule.startswith(_NO_SCOPE) and other
                    and not rules.OWN_BODY_RE.search(head)):
                q.role, q.role_rule = "other", f"another body, earlier in the sentence: {other[0]}"
            # … and counted over the whole division (全县共组织集中学法320场次): every body's, a wider
            # scope than the reporting body's own (indicator-labels.md: 全县各级各部门)
            whole = rules.WHOLE_SCOPE_RE.search(head if iv.rule.startswith(_SENTENCE_TOPIC) else _contexts(q)[0])
            if iv.indicator in KEYS_OF_THE_BODY_ITSELF and q.role_rule.startswith(_NO_SCOPE) and whole:
                q.role, q.role_rule = "subunit", f"a body's own activity over the whole division: {whole[0]}"
        # a key that is one body's own activity, counted at the government's meeting in a
        # department's report (市司法局: 政府常务会学法60余次): the government's, a wider scope
        for iv in ivs:
            q = quantities[iv.quantity_seq]
            own = q.role_rule.removeprefix(f"{_OWN_NAMED}: ")
            if (department and iv.indicator in KEYS_OF_THE_BODY_ITSELF and q.role_rule.startswith(_OWN_NAMED)
                    and rules.GOVERNMENTS_OWN_RE.fullmatch(own)):
                q.role, q.role_rule = "subunit", f"wider scope: the government's, in a department's report: {own}"
        # a bare-verb count of what its sentence is about (全区各乡镇…合法性审查…,审查1177件) has the
        # scope its sentence names, as its own words name none
        for iv in ivs:
            q = quantities[iv.quantity_seq]
            if not (iv.rule.startswith(_SENTENCE_TOPIC) and q.role_rule.startswith(_NO_SCOPE)):
                continue
            head = _blank_titles(q.sentence[:q.raw_offset])
            other = rules.OTHER_BODY_RE.search(head)
            part = rules.SUB_UNIT_RE.search(head) or rules.WIDER_SCOPE_RE.search(head)
            if other and not rules.OWN_BODY_RE.search(head):
                q.role, q.role_rule = "other", f"another body, earlier in the sentence: {other[0]}"
            elif part:
                q.role, q.role_rule = "subunit", f"{_PART_RULE}, earlier in the sentence: {part[0]}"
        # categories of one review in one clause, one with a key of its own (CATEGORY_BESIDE):
        # the others are parts of that review
        for iv in ivs:
            q = quantities[iv.quantity_seq]
            if q.role != "result" or q.role_rule.startswith(_OWN_NAMED):
                continue
            beside = next((o for o in ivs if CATEGORY_BESIDE.get(o.indicator) == iv.indicator
                           and _same_clause(q, quantities[o.quantity_seq])), None)
            if beside is not None:
                q.role, q.role_rule = "subunit", f"a category of one review beside {beside.indicator}: {quantities[beside.quantity_seq].raw}"
        # runs of figures of one key in the sentence, with no figure of another key between,
        # each naming its own thing: a bare-verb clause after a comma is an outcome of the
        # figure before (调处矛盾纠纷1152起,调解成功 1143起), not another category
        runs: list[list[Quantity]] = []
        for iv in ivs:
            q = quantities[iv.quantity_seq]
            if q.role != "result" or q.role_rule.startswith(_OWN_NAMED) or q.kind != "count":
                runs.append([])
                continue
            if _is_outcome(q, quantities, keyed):
                continue
            run = runs[-1] if runs else []
            if run and keyed[run[-1].seq] == iv.indicator and all(
                    keyed.get(seq) in (None, iv.indicator) for seq in range(run[-1].seq + 1, q.seq)):
                run.append(q)
            else:
                runs.append([q])
        for same in runs:
            if len(same) < 2 or len({q.value for q in same}) < 2 or keyed[same[0].seq] not in KEYS_LISTED_BY_KIND:
                continue
            totals = [q for q in same if rules.TOTAL_WORDS_RE.search(_near(q, quantities))]
            for q in same:
                if q not in totals[:1]:
                    q.role, q.role_rule = "subunit", f"one of {len(same)} {keyed[q.seq]} figures by category"


def _same_clause(a: Quantity, b: Quantity) -> bool:
    """Two numbers of one sentence with no clause break (,;:。) between them (、 enumerations are one clause)."""
    low, high = sorted((a.raw_offset, b.raw_offset))
    return a.sentence == b.sentence and a.line_no == b.line_no and not _CLAUSE_SPLIT.search(a.sentence, low, high)


def _is_outcome(q: Quantity, quantities: list[Quantity], keyed: dict[int, str]) -> bool:
    """A bare-verb clause after a comma whose figure before, in the clause before, has the same key."""
    before = q.sentence[:q.raw_offset]
    clauses = _CLAUSE_SPLIT.split(before)
    if len(clauses) < 2 or len(re.findall(r"[\u4e00-\u9fff]", clauses[-1])) > 4:
        return False
    if before[len(before) - len(clauses[-1]) - 1] not in ",，":
        return False
    previous = _previous_in_sentence(q, quantities)
    return previous is not None and keyed.get(previous.seq) == keyed.get(q.seq)


_OWN_NAMED = "own body named"
_SENTENCE_TOPIC = "sentence topic; "
_PAST_ANOTHER_NUMBER = 1000
_NO_SCOPE = "own scope (none named)"
_PART_RULE = "part"


def _near(q: Quantity, quantities: list[Quantity]) -> str:
    """The words between the number and the number before it or the start of its clause,
    whichever is nearer, 《…》 titles blanked."""
    start = max((m.end() for m in _CLAUSE_SPLIT.finditer(q.sentence, 0, q.raw_offset)), default=0)
    previous = _previous_in_sentence(q, quantities)
    if previous is not None:
        start = max(start, previous.raw_offset + len(previous.raw))
    return _blank_titles(q.sentence[start:q.raw_offset])


def _own_words(q: Quantity, quantities: list[Quantity]) -> int:
    """How many characters before the number are its own: back to the number before it in the
    sentence, less that number's own noun said after it (18件规范性文件、68件…: 规范性文件 is 18's)."""
    previous = _previous_in_sentence(q, quantities)
    if previous is None:
        return len(q.sentence)
    near = _near(q, quantities)
    noun = _contexts(previous)[1]
    return len(near) - len(noun) if noun and near.startswith(noun) else len(near)


def _previous_in_sentence(q: Quantity, quantities: list[Quantity]) -> Quantity | None:
    previous = quantities[q.seq - 1] if q.seq else None
    if previous is not None and previous.sentence == q.sentence and previous.line_no == q.line_no:
        return previous
    return None


def _scope(q: Quantity, quantities: list[Quantity], year: int | None, department: bool = False) -> tuple[str, str]:
    """Whose figure a number is, and the rule that says so: the reporting body's own meeting
    named (区政府常务会议…; with another body's, 区委常委会和区政府常务会…共7次, unless a 其中
    gives the body's own part apart), another body alone (区委常委会学法14次: other), several
    years (近三年, 十八大以来), a part (其中, 街道 …; the rest of a 其中 breakdown), a wider
    scope (全区各部门), else the body's own (no scope named)."""
    near = _near(q, quantities)
    head = _blank_titles(q.sentence[:q.raw_offset])
    own = rules.OWN_BODY_RE.search(near)
    # the body may be named after the number (7次支部集中学习研讨)
    other = rules.OTHER_BODY_RE.search(near) or rules.OTHER_BODY_RE.match(_contexts(q)[1])
    if other and department and rules.DEPARTMENTS_OWN_BODY_RE.match(other[0]):
        return "result", f"{_OWN_NAMED}: {other[0]}"      # a department's own party committee
    if own and other and "其中" in q.sentence[q.raw_offset:]:
        return "subunit", f"joint with another body, the body's own part given apart: {other[0]}"
    if own:
        return "result", f"{_OWN_NAMED}: {own[0]}"
    if other:
        return "other", f"another body: {other[0]}"
    for text in (near, head):
        cumulative = rules.CUMULATIVE_RE.search(text)
        if cumulative:
            return "cumulative", f"several years: {cumulative[0]}"
    since = rules.SINCE_YEAR_RE.search(head)
    if since and year and int(since[1]) < year:
        return "cumulative", f"several years: {since[0]}"
    part = rules.SUB_UNIT_RE.search(_contexts(q)[0]) or rules.PART_AFTER_RE.search(head)
    if part:
        return "subunit", f"{_PART_RULE}: {part[0]}"
    wider = rules.WIDER_SCOPE_RE.search(near)
    if wider:
        return "subunit", f"wider scope: {wider[0]}"
    outcome = rules.OUTCOME_RE.search(near)
    previous = _previous_in_sentence(q, quantities)
    if (outcome and previous is not None and previous.unit == q.unit and previous.value > q.value
            and previous.kind == q.kind == "count"):
        return "subunit", f"outcome of the figure before ({previous.raw}): {outcome[0]}"
    return "result", _NO_SCOPE


def assign_roles(quantities: list[Quantity], year: int | None, department: bool = False) -> None:
    """What each number is for the report's year (indicator-labels.md roles), with the rule
    and the words that decided it (role_rule), first rule that applies: a change or a rank by
    its kind or a change rate (精简率), a target in the plan part or by a target word (拟, 力争),
    money other, a figure of another year, the figure before a change (由…), lengths of time,
    named groups (三大…), plan parts and items kept (保留) other, else by its scope (_scope):
    the body's own result, another body's, a part's or a wider scope's, or a multi-year total.
    map_indicators refines the roles that depend on the catalog key (_roles_by_key)."""
    for q in quantities:
        q.role, q.role_rule = _role(q, quantities, year, department)
        if q.role == "target":
            q.is_target = True


def _role(q: Quantity, quantities: list[Quantity], year: int | None, department: bool = False) -> tuple[str, str]:
    before = q.sentence[:q.raw_offset]
    after = q.sentence[q.raw_offset + len(q.raw):]
    clause = _contexts(q)[0]
    if q.kind in ("change", "rank"):
        word = (rules.CHANGE_BEFORE_RE if q.kind == "change" else rules.RANK_BEFORE_RE).search(before)
        return q.kind, f"{q.kind} word: {word[0] if word else q.raw}"
    if q.is_target:
        return "target", f"plan section: {q.section[:20]}"
    if q.kind == "amount":
        return "other", "money"
    if q.kind in ("rate", "share"):
        change = rules.CHANGE_RATE_RE.search(_SUBJECT_SPLIT.split(before)[-1])
        if change:
            return "change", f"change rate: {change[0]}"
    target = rules.TARGET_WORDS_RE.search(_near(q, quantities))
    if target:
        return "target", f"target word: {target[0]}"
    years = [int(y) for y in _OTHER_YEAR.findall(clause)]
    if year and years and years[-1] != year and not rules.SINCE_YEAR_RE.search(clause):
        return "other", f"another year: {years[-1]}"
    previous_year = rules.PREVIOUS_YEAR_RE.search(_near(q, quantities))
    if previous_year:
        return "other", f"another year: {previous_year[0]}"
    if rules.FIGURE_BEFORE_CHANGE_RE.search(before):
        return "other", "figure before a change: " + rules.FIGURE_BEFORE_CHANGE_RE.search(before)[0]
    if q.unit == "年" and q.qualifier == "近":
        return "cumulative", f"several years: {q.raw}"
    if q.unit in rules.TIME_UNITS:
        return "other", f"length of time: {q.unit}"
    if q.unit in rules.NAMED_GROUP_UNITS:
        return "other", f"names a group: {q.raw}"
    if q.kind == "count":
        thing = rules.OTHER_THING_AFTER_RE.match(after) or (q.unit == "条" and (
            rules.OTHER_THING_BEFORE_RE.search(before) or rules.TEXT_ITEMS_AFTER_RE.match(after)))
        if thing:
            return "other", f"counts {thing[0]}"
        kept = rules.KEPT_RE.search(_near(q, quantities))
        if kept:
            return "other", f"kept as it was: {kept[0]}"
    return _scope(q, quantities, year, department)



# ---------------------------------------------------------------------------- citations --
_CITATION_RE = re.compile(r"《([^《》\n]{2,80})》(?:\s*[(（]?\s*([\u4e00-\u9fff]{1,15}〔\d{4}〕\d+号)\s*[)）]?)?")


def extract_citations(lines: list[str]) -> list[Citation]:
    out = []
    for line in lines:
        for start, end in split_sentences(line):
            sentence = line[start:end]
            for match in _CITATION_RE.finditer(sentence):
                out.append(Citation(seq=len(out), title=match.group(1).strip(), doc_no=match.group(2) or "",
                                    sentence=sentence.strip()))
    return out


# -------------------------------------------------------------------------------- items --
_ITEM_MARK = re.compile(r"(?:^|(?<=[。；;:：]))\s*(?=[一二三四五六七八九十]是)")


def _marked_items(paragraph: str) -> list[str]:
    """The 一是/二是… items of a paragraph (the lead-in before 一是 dropped); [] if none."""
    parts = [p.strip() for p in _ITEM_MARK.split(paragraph) if p.strip()]
    return [p for p in parts if re.match(r"[一二三四五六七八九十]是", p)]


def extract_items(lines: list[str], sections: list[Section]) -> list[ReportItem]:
    """Each shortcoming and plan item, counted as the report enumerates them: the numbered
    sub-headings of the part when it has them, else its 一是/二是 runs, else its paragraphs.
    A paragraph elsewhere that announces shortcomings (还存在…不足:一是…) gives its 一是 items."""
    where = _line_sections(lines, sections)
    top_lines = {s.line_no for s in sections if s.depth == 1}
    numbered = {s.line_no for s in sections if s.depth == 2}
    out: list[ReportItem] = []

    def add(kind, text, section):
        if len(text) >= 8 and not text.endswith(("：", ":")):
            out.append(ReportItem(kind=kind, seq=sum(1 for i in out if i.kind == kind), text=text, section=section))

    parts: dict[str, list[int]] = {}
    for line_no, (top, role) in enumerate(where):
        if line_no in top_lines:
            continue
        if role in ("shortcomings", "plan"):
            parts.setdefault(top, []).append(line_no)
        elif rules.SHORTCOMINGS_LEAD_RE.search(lines[line_no][:80]):
            for item in _marked_items(lines[line_no]):
                add("shortcoming", item, top)
    for top, line_nos in parts.items():
        kind = "shortcoming" if where[line_nos[0]][1] == "shortcomings" else "plan"
        heads = [n for n in line_nos if n in numbered]
        if heads:
            # a numbered item runs on over the unnumbered paragraphs that follow it
            for i, start in enumerate(heads):
                end = heads[i + 1] if i + 1 < len(heads) else line_nos[-1] + 1
                add(kind, "".join(lines[start:end]), top)
            continue
        marked = [item for n in line_nos for item in _marked_items(lines[n])]
        for text in marked or [lines[n] for n in line_nos]:
            add(kind, text, top)
    return out


def extract_report(page: CleanedPage, ctx: ReportContext, indicator_model: IndicatorModel | None = None) -> ReportFacts:
    """`indicator_model`: a learned model (fazhi.core.learned.IndicatorModel) combined with the
    rules as its settings say; None (the default path) is the rules alone, as the model did not
    improve the held-out folds (README: the learned model)."""
    lines = page.paragraphs
    metadata = extract_metadata(page, ctx)
    sections = extract_outline(lines, metadata.report_year)
    quantities = extract_quantities(lines, sections)
    assign_roles(quantities, metadata.report_year, department=metadata.level == "department")
    indicators = map_indicators(quantities, lines, department=metadata.level == "department")
    if indicator_model is not None:
        indicators = apply_indicator_model(quantities, indicators, indicator_model, indicator_model.settings["combine"])
    return ReportFacts(
        metadata=metadata, sections=sections, quantities=quantities,
        indicators=indicators,
        citations=extract_citations(lines), items=extract_items(lines, sections),
    )


# ------------------------------------------------------------------------ learned model --
# Vocabularies of the rule modules whose presence in a number's words is a feature (name, pattern).
_FEATURE_VOCABULARIES = (
    ("own", rules.OWN_BODY_RE), ("other_body", rules.OTHER_BODY_RE), ("whole", rules.WHOLE_SCOPE_RE),
    ("wider", rules.WIDER_SCOPE_RE), ("part", rules.SUB_UNIT_RE), ("cumulative", rules.CUMULATIVE_RE),
    ("target", rules.TARGET_WORDS_RE), ("change", rules.CHANGE_BEFORE_RE), ("total", rules.TOTAL_WORDS_RE),
    ("outcome", rules.OUTCOME_RE), ("kept", rules.KEPT_RE), ("previous_year", rules.PREVIOUS_YEAR_RE),
)
_BEFORE_CHARS = 12     # how much of the clause before the number its n-grams are taken from
_AFTER_CHARS = 6


def _ngrams(prefix: str, text: str) -> list[str]:
    return [f"{prefix}{text[i:i + n]}" for n in (1, 2, 3) for i in range(len(text) - n + 1)]


def quantity_features(q: Quantity, quantities: list[Quantity], rule_key: str | None, rule_primary: bool) -> list[str]:
    """What the learned model sees of a number: character 1-3-grams of the end of its clause
    and of the words after it, its unit, kind, qualifier and section role, the rules' key and
    role for it (and the rule's name for the role), which catalog topics its clause holds, and
    which scope, change, target and total words (rules.py) stand near it or in its sentence."""
    clause, after = _contexts(q)
    near = _near(q, quantities)
    head = _blank_titles(q.sentence[:q.raw_offset])
    clause = re.sub(r"\d+(\.\d+)?", "0", clause)[-_BEFORE_CHARS:]
    after = after[:_AFTER_CHARS]
    feats = _ngrams("b:", clause) + _ngrams("a:", after)
    if clause:
        feats.append(f"b$:{clause[-2:]}")
    feats += [f"unit:{q.unit}", f"kind:{q.kind}", f"qual:{q.qualifier or '-'}", f"section:{q.section_role}",
              f"rule_key:{rule_key or '-'}", f"rule_role:{q.role}", f"rule_why:{q.role_rule.split(':')[0][:30]}",
              f"rule_key_role:{rule_key or '-'}|{q.role}"]
    if rule_primary:
        feats.append("rule_primary")
    if "其中" in head:
        feats.append("sentence:其中")
    for name, pattern in _FEATURE_VOCABULARIES:
        if pattern.search(near):
            feats.append(f"near:{name}")
        elif pattern.search(head):
            feats.append(f"sentence:{name}")
    for key in sorted({rule.key for rule in INDICATOR_RULES if rule.topic.search(clause + "|" + after)}):
        feats.append(f"topic:{key}")
    return feats


def apply_indicator_model(quantities: list[Quantity], found: list[IndicatorValue], model: IndicatorModel,
                          how: dict) -> list[IndicatorValue]:
    """The rules' indicator values, changed where the learned model (fazhi.core.learned) is
    confident, as `how` says (thresholds chosen by cross-validation on the tuning folds):
    - veto: a rule's primary result is primary no more when the model says it is no catalog
      key (P(none) >= how["veto_none"]) or no result (P(result) < how["veto_role"]);
    - rerank: among a key's result figures, the model's best is primary when it beats the
      rules' choice by how["rerank"];
    - rescue: a key the rules found but gave no primary result takes its figure with the
      highest P(result), if >= how["rescue"];
    - fill: a key with no primary result takes the figure the rules gave no key whose
      P(key, result) >= how["fill"] (with how["fill_topic"], only where the clause holds a
      catalog rule's topic for that key).
    A value the model decides says so in `rule`, with the features that weighed most."""
    by_seq = {iv.quantity_seq: iv for iv in found}
    primary_seqs = {iv.quantity_seq for iv in found if iv.is_primary}
    scored = {}
    for q in quantities:
        if q.kind not in ("count", "rate") or q.is_target:
            continue
        iv = by_seq.get(q.seq)
        feats = quantity_features(q, quantities, iv.indicator if iv else None, q.seq in primary_seqs)
        scored[q.seq] = (feats, model.key.probabilities(feats), model.role.probabilities(feats))

    def p_result(seq: int, key: str) -> float:
        _feats, keys, roles = scored[seq]
        return keys.get(key, 0.0) * roles.get("result", 0.0)

    def why(seq: int, key: str, verb: str) -> str:
        feats, keys, roles = scored[seq]
        for_key = ", ".join(f"{f} {w:+.2f}" for f, w in model.key.explain(feats, key, 3))
        for_role = ", ".join(f"{f} {w:+.2f}" for f, w in model.role.explain(feats, "result", 3))
        return (f"model {verb}: P({key})={keys.get(key, 0.0):.2f} ({for_key}); "
                f"P(result)={roles.get('result', 0.0):.2f} ({for_role})")

    out = list(found)
    results = [iv for iv in found if not iv.is_target and iv.quantity_seq in scored]
    if "veto_none" in how or "veto_role" in how:
        for iv in results:
            feats, keys, roles = scored[iv.quantity_seq]
            if iv.is_primary and (keys.get(NO_KEY, 0.0) >= how.get("veto_none", 2.0)
                                  or roles.get("result", 0.0) < how.get("veto_role", -1.0)):
                iv.is_primary = False
                verdict = (f"P(none)={keys.get(NO_KEY, 0.0):.2f}; " + ", ".join(
                    f"{f} {w:+.2f}" for f, w in model.key.explain(feats, NO_KEY, 3)) + "; "
                           + why(iv.quantity_seq, iv.indicator, "vetoed the rules' primary"))
                iv.rule = f"{verdict} | rules: {iv.rule}"
    if "rerank" in how:
        for key in sorted({iv.indicator for iv in results}):
            mine = [iv for iv in results if iv.indicator == key and quantities[iv.quantity_seq].role == "result"]
            best = max(mine, key=lambda iv: (p_result(iv.quantity_seq, key), -iv.quantity_seq), default=None)
            held = next((iv for iv in mine if iv.is_primary), None)
            if (best is not None and held is not None and best is not held
                    and p_result(best.quantity_seq, key) - p_result(held.quantity_seq, key) >= how["rerank"]):
                held.is_primary = False
                best.is_primary = True
                best.rule = why(best.quantity_seq, key, "ranked it first") + f" | rules: {best.rule}"
    if "rescue" in how:
        have = {iv.indicator for iv in out if iv.is_primary and not iv.is_target}
        for key in sorted({iv.indicator for iv in results} - have):
            mine = [iv for iv in results if iv.indicator == key]
            best = max(mine, key=lambda iv: (scored[iv.quantity_seq][2].get("result", 0.0), -iv.quantity_seq))
            if scored[best.quantity_seq][2].get("result", 0.0) >= how["rescue"]:
                best.is_primary = True
                best.rule = why(best.quantity_seq, key, "took it as the result") + f" | rules: {best.rule}"
    if "fill" in how:
        have = {iv.indicator for iv in out if iv.is_primary and not iv.is_target}
        candidates: dict[str, tuple[float, int]] = {}
        for seq, (feats, keys, _roles) in scored.items():
            key = max(keys, key=lambda k: (keys[k], k))
            if key == NO_KEY or key in have or seq in by_seq:
                continue
            if how.get("fill_topic") and f"topic:{key}" not in feats:
                continue      # only where a catalog rule's topic words stand by the number
            p = p_result(seq, key)
            if p >= how["fill"] and (key not in candidates or p > candidates[key][0]):
                candidates[key] = (p, seq)
        for key, (_p, seq) in sorted(candidates.items()):
            q = quantities[seq]
            out.append(IndicatorValue(indicator=key, value=q.value, unit=q.unit, qualifier=q.qualifier, is_target=False,
                                      is_primary=True, section=q.section, evidence=q.sentence, quantity_seq=seq,
                                      rule=why(seq, key, "named the key")))
    return out
