"""Extraction: typed facts with provenance from a cleaned report.

metadata (title, unit, level, year, dates, publisher, 索引号/文号), the outline with section
roles, every quantity (value, unit, multiplier, qualifier, kind, the thing counted, the
sentence, the section), catalog indicators (results and plan targets, one primary value per
key), citations (《…》 with 文号) and shortcoming / plan items.
"""
from __future__ import annotations

import re

from fazhi.core import attribution, gazetteer, rules
from fazhi.core.indicators import INDICATOR_RULES
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
        title or "", ctx.list_title or "", fields.get("publisher") or "", body,
        context=f"{portal_hint}\n{body}", portal=portal)
    if author is not None and author == portal:
        admin_code, admin_name, city, province = ctx.admin_code, ctx.admin_name, ctx.city, ctx.province
    elif author is not None:
        admin_code, admin_name = author.code, author.name
        city, province = (author.city or None), (author.province or None)
    else:
        admin_code = admin_name = city = province = None
    # the portal's own department and level hold only for the portal's own unit's reports
    portals_own = author is not None and author.code == ctx.admin_code
    department = department_in_title(title) or department_in_title(ctx.list_title)
    if portals_own and ctx.department and (not department or department.endswith(ctx.department)
                                           or ctx.department.endswith(department)):
        department = ctx.department      # the registry names the portal's own department (区司法局 = 司法局)
    level = "department" if department else (ctx.level if portals_own and ctx.level else "government")
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


def section_role(heading: str, default: str = "other") -> str:
    for role, pattern in rules.SECTION_ROLE_RULES:
        if pattern.search(heading):
            return role
    return default


def extract_outline(lines: list[str]) -> list[Section]:
    found = []
    for line_no, line in enumerate(lines):
        for depth, pattern in rules.HEADING_PATTERNS:
            match = pattern.match(line)
            if match:
                found.append((line_no, depth, match.group(1), _heading_text(line)))
                break
        else:
            if rules.UNNUMBERED_TOP_RE.match(line) and section_role(line) in ("plan", "shortcomings") and line_no > 3:
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
            top_role = section_role(heading, default="other" if seen_late_part else "achievements")
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
            for match in _QTY_RE.finditer(sentence):
                num, unit = match["num"], match["unit"]
                if not num[0].isdigit():
                    # Chinese numerals count only when the clause ends after the unit (召开学法会议九次。);
                    # otherwise they name things: 三项制度, 两个维护, 一规划两纲要
                    if unit in ("万", "亿", "%") or not re.match(r"[,，。；;、)）]|$", sentence[match.end():match.end() + 1]):
                        continue
                value = _parse_number(num)
                if value is None:
                    continue
                if unit in ("万", "亿"):        # 1.7万 standing alone (1.7万余份 handled below)
                    value *= 10_000 if unit == "万" else 100_000_000
                    unit = ""
                if match["mult"]:
                    value *= 10_000 if match["mult"] == "万" else 100_000_000
                after = sentence[match.end():match.end() + 2]
                if unit == "年" or re.match(r"[年月日号]", after) and unit == "":
                    continue
                before = sentence[:match.start()]
                if re.search(r"[〔\[（(]$", before) or re.match(r"^[〕\]]", after):
                    continue  # part of a document number
                kind = "count"
                if unit in ("%", "‰", "个百分点"):
                    kind = "rate"
                if kind == "rate" and rules.SHARE_BEFORE_RE.search(_SUBJECT_SPLIT.split(before)[-1]):
                    kind = "share"
                if rules.CHANGE_BEFORE_RE.search(before) or unit == "个百分点":
                    kind = "change"
                elif rules.RANK_BEFORE_RE.search(before):
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
    return out


# -------------------------------------------------------------------------- indicators --
_OTHER_YEAR = re.compile(r"(20\d\d)\s*年")


_CLAUSE_SPLIT = re.compile(r"[,，;；:：。!?！？]")
_CITED_TITLE = re.compile(r"《[^》]*》")


def _contexts(q: Quantity) -> tuple[str, str]:
    """(the clause before the number, the words right after it), 《…》 titles blanked.

    The clause runs back to the last comma or semicolon (、 enumerations stay in it); a
    clause of a bare verb (…申请156件,审结150件) or one that starts with 其中 (a part of the
    figure before) takes the clause before it as well."""
    before = _CITED_TITLE.sub("《》", q.sentence[:q.raw_offset])
    after = re.split(r"[,，;；。、\d]", q.sentence[q.raw_offset + len(q.raw):], maxsplit=1)[0][:30]
    clauses = _CLAUSE_SPLIT.split(before)
    clause = clauses[-1]
    if len(clauses) > 1 and (len(re.findall(r"[\u4e00-\u9fff]", clause)) <= 4 or clause.startswith("其中")):
        clause = clauses[-2] + "," + clause
    return clause, after


def map_indicators(quantities: list[Quantity]) -> list[IndicatorValue]:
    """Catalog keys for quantities. A rule's topic must stand in the number's own clause or
    right after it; when several rules match, the nearest topic wins. Primary rule (the value
    the `indicators` view shows), per key and target flag, among the occurrences whose clause
    names no sub-unit (街道/乡镇/其中/协审): for a count the largest (a district's total is
    at least any part of it), for a rate the first. If every occurrence names a sub-unit,
    none is primary (the report gives no district-level figure). All occurrences stay in
    indicator_values."""
    found: list[IndicatorValue] = []
    for q in quantities:
        if q.kind not in ("count", "rate"):
            continue
        if q.role == "other":
            continue   # a figure of another year, cited for comparison
        clause, after = _contexts(q)
        if rules.OTHER_COUNTED_RE.match(after):
            continue   # 20个单位: units are counted, not the topic
        best, best_distance = None, None
        for rule in INDICATOR_RULES:
            if q.unit not in rule.units or q.kind != rule.kind:
                continue
            before_hits = [m.end() for m in rule.topic.finditer(clause)]
            after_hit = rule.topic.search(after)
            if not before_hits and not after_hit:
                continue
            distance = min(([len(clause) - before_hits[-1]] if before_hits else []) +
                           ([after_hit.start()] if after_hit else []))
            rest = re.split(r"[,，;；。]", q.sentence[q.raw_offset + len(q.raw):], maxsplit=1)[0]
            if rule.verb and not rule.verb.search(clause + after + rest):
                continue
            if rule.exclude and rule.exclude.search(clause + after):
                continue
            if best is None or distance < best_distance:
                best, best_distance = rule, distance
        if best is not None:
            found.append(IndicatorValue(
                indicator=best.key, value=q.value, unit=q.unit, qualifier=q.qualifier, is_target=q.is_target,
                is_primary=False, section=q.section, evidence=q.sentence, quantity_seq=q.seq))
    chosen: dict[tuple[str, bool], tuple[int, IndicatorValue]] = {}
    for iv in found:
        slot = (iv.indicator, iv.is_target)
        q = quantities[iv.quantity_seq]
        if q.role not in ("result", "target"):
            continue
        scope = _scope(q, quantities[iv.quantity_seq - 1] if iv.quantity_seq else None)
        if scope not in ("own_named", "own"):
            continue
        tier = 0 if scope == "own_named" else 1
        held = chosen.get(slot)
        # the body's own meeting named beats an unnamed scope; then for a count the largest
        # (the body's total is at least any part of it), for a rate the first
        if held is None or tier < held[0] or (tier == held[0] and q.kind == "count" and iv.value > held[1].value):
            chosen[slot] = (tier, iv)
    for _tier, iv in chosen.values():
        iv.is_primary = True
    return found


def _scope(q: Quantity, previous: Quantity | None) -> str:
    """Whose figure a number is, from the words between it and the number before it:
    own_named (the reporting body's own meeting named: 区政府常务会议…), own (no scope named),
    subunit (a part: 其中, 街道 …; another body: 区委常委会; a wider scope: 全区各部门) or
    cumulative (several years: 近三年)."""
    # back to the number before it or the start of its clause, whichever is nearer
    clause_start = max((m.end() for m in _CLAUSE_SPLIT.finditer(q.sentence, 0, q.raw_offset)), default=0)
    start = clause_start
    if previous is not None and previous.sentence == q.sentence and previous.line_no == q.line_no:
        start = max(start, previous.raw_offset + len(previous.raw))
    near = _CITED_TITLE.sub("《》", q.sentence[start:q.raw_offset])
    if rules.OWN_BODY_RE.search(near):
        return "own_named"
    if rules.CUMULATIVE_RE.search(near):
        return "cumulative"
    if (rules.SUB_UNIT_RE.search(_contexts(q)[0]) or rules.OTHER_BODY_RE.search(near)
            or rules.WIDER_SCOPE_RE.search(near)):
        return "subunit"
    return "own"


def assign_roles(quantities: list[Quantity], year: int | None) -> None:
    """What each number is for the report's year (indicator-labels.md roles): a change or a
    rank by its kind, a target in the plan part, money and shares other, a figure of another
    year other, else by its scope: the body's own result, a subunit's, or a multi-year total."""
    for i, q in enumerate(quantities):
        if q.kind in ("change", "rank"):
            q.role = q.kind
        elif q.is_target:
            q.role = "target"
        elif q.kind in ("amount", "share"):
            q.role = "other"
        else:
            years = [int(y) for y in _OTHER_YEAR.findall(_contexts(q)[0])]
            scope = _scope(q, quantities[i - 1] if i else None)
            if year and years and years[-1] != year:
                q.role = "other"
            else:
                q.role = {"own_named": "result", "own": "result"}.get(scope, scope)


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


def extract_report(page: CleanedPage, ctx: ReportContext) -> ReportFacts:
    lines = page.paragraphs
    metadata = extract_metadata(page, ctx)
    sections = extract_outline(lines)
    quantities = extract_quantities(lines, sections)
    assign_roles(quantities, metadata.report_year)
    return ReportFacts(
        metadata=metadata, sections=sections, quantities=quantities,
        indicators=map_indicators(quantities),
        citations=extract_citations(lines), items=extract_items(lines, sections),
    )
