"""Who wrote a report: the division (and so its level) a report is credited to, and how that
was decided.

A report is credited to the unit its own text names, in this order: the page title, the
list's link text, the opening of the text (a title line, or the subject of the first
sentence: "2023年，鹤城区坚持…"), the signature at its end, the page's 发布机构, the unit
whose own documents it cites (《荣昌区…实施方案》) — and only when none names one, the
portal's unit, and then only if the text's own way of saying "we"
(我县, 全区, 我省) fits the portal's level: a provincial 司法厅's column listing a county's
report that names no county leaves the unit unknown rather than credit it to the province.
Loose mentions anywhere in the text (成渝双城经济圈, 在市委领导下) are never an author.
"""
from __future__ import annotations

from collections import Counter

from fazhi.core import gazetteer, rules
from fazhi.core.text import to_simplified
from fazhi.core.titles import department_name
from fazhi.core.gazetteer import Division


def _resolved(text: str, context: str) -> Division | None:
    found = gazetteer.resolve_unit(text, context=context) if text else None
    if found is not None and found.level != "county":
        # a city bureau's branch named by its county's short name (湖州市生态环境局长兴分局): the county's
        branch = rules.BRANCH_SHORT_RE.match(text, gazetteer.leading_names_end(text))
        county = gazetteer.county_by_short_name(found, branch.group(1)) if branch else None
        return county or found
    return found


def _opening(body: str):
    """What the opening says, line by line, up to its first paragraph of prose: ("title", a line
    that is the report's title repeated, with no sentence marks), ("byline", an office's name,
    past the page's date), ("addressee", the bodies it is reported to: 中共长沙市委、长沙市人民政府:),
    then ("clauses", the clauses of the first paragraph where its subject may stand). The
    lines before the first numbered heading only (at most OPENING_LINES); metadata lines
    (来源: …) are skipped."""
    lines = []
    for line in body.split("\n"):
        line = line.strip()
        if line:
            if any(pattern.match(line) for _, pattern in rules.HEADING_PATTERNS) or len(lines) >= rules.OPENING_LINES:
                break
            lines.append(line)
    for line in lines:
        if rules.META_LABEL_RE.search(line):
            continue
        if rules.ADDRESSEE_RE.match(line):
            yield "addressee", line
            continue
        if (rules.REPORT_TITLE_LINE_RE.search(line) and len(line) <= rules.TITLE_LINE_MAX
                and not rules.SENTENCE_MARK_RE.search(line)):     # 根据…要求,现将…报告如下。 is prose
            yield "title", line
            continue
        byline = rules.BYLINE_PREFIX_RE.sub("", line)
        if rules.SIGNATURE_RE.match(byline):
            yield "byline", byline
            continue
        if len(line) > rules.TITLE_LINE_MAX or rules.SENTENCE_MARK_RE.search(line):
            yield "clauses", list(_subjects(line))
            return


def opening_author(body: str, context: str = "") -> Division | None:
    """The unit the opening names: a line that is the report's title (嘉善县人民政府关于2022年度…
    repeated as the text's first line) or a byline naming an office (广元市人力资源和社会保障局),
    else the subject of the first sentence of prose."""
    for kind, said in _opening(body):
        if kind == "addressee":          # who the report answers to, not its author
            continue
        found = _first_subject(said, context) if kind == "clauses" else _resolved(said, context)
        if found is not None or kind == "clauses":
            return found
    return None


def _subjects(paragraph: str):
    """The clauses of the opening paragraph where its subject may stand, past their time
    phrases and 在…领导下: the first sentence's, those of the sentence that says what is
    reported (现将…报告如下) and of one that opens with the year (2020年是极为不平凡的一年。
    2020年,梁平区司法局…); other sentences name the units the report praises (江岸区…荣获)."""
    sentences = rules.SENTENCE_END_RE.split(paragraph)
    chosen = sentences[:1] + [s for s in sentences[1:] if rules.SUBJECT_SENTENCE_RE.match(s.lstrip())]
    for clause in (c for sentence in chosen for c in rules.CLAUSE_SPLIT_RE.split(sentence)):
        yield rules.OPENING_PREAMBLE_RE.sub("", clause.strip())


def opening_department(body: str, source: str = "") -> str:
    """The department the opening names as the one acting (2023年,许昌市生态环境局全面贯彻… ->
    市生态环境局; 2022年,县司法局紧紧围绕… -> 县司法局), or its byline; "" when none. A
    department that says only 我局 is named where the report names itself (self_named), else by
    the page's 来源 / 发布机构 (source) when that is an office of its kind whose sector the text
    speaks of (来源:区统计局 on a 我局 report about 统计); else "": a department
    (speaks_as_department), which one unknown. The source never names a government's report's
    department: that is its publisher (来源:区司法局 on a 我区 report)."""
    what, said = _acting(body)
    if what == "self":
        return self_named(body, said)[0] or _source_office(source, said, body)
    return said


def speaks_as_department(body: str) -> bool:
    """The opening says the report is a department's (我局, 本厅, 局党组 …), named or not."""
    return _acting(body)[0] != ""


def _source_office(source: str, kind: str, body: str) -> str:
    """The office a page's 来源 names (市应急管理局字体:[ ] -> 市应急管理局), as stored, when it is of
    the kind a 我局 / 我委 says it is and the text speaks of its sector (应急管理); else ""."""
    end = gazetteer.leading_names_end(source)
    match = rules.SOURCE_OFFICE_RE.match(source[end:])
    if not match:
        return ""
    name = department_name(source[max(0, end - 1):end] + match.group(1))
    sector = rules.OFFICE_SECTOR_RE.sub("", name)
    if (not name.endswith(rules.SELF_DEPARTMENT_ENDS.get(kind, ())) or rules.NOT_A_DEPARTMENT_RE.match(name)
            or len(sector) < 2 or sector not in body.replace(name, "")):
        return ""
    return name


def _acting(body: str) -> tuple[str, str]:
    """Who the opening says acts: ("self", the kind of office a 我局 / 本厅 / 局党组 is: 局, 厅 …),
    ("name", the department as stored), or ("", "") when a division or nothing acts."""
    for kind, said in _opening(body):
        if kind in ("title", "addressee"):
            continue
        for subject in (said if kind == "clauses" else [said + "，"]):
            self_word = rules.SELF_DEPARTMENT_RE.match(subject)
            if self_word:
                return "self", self_word.group(1) or self_word.group(2)
            end = gazetteer.leading_names_end(subject)
            match = rules.SUBJECT_DEPARTMENT_RE.match(subject[end:])
            if not match and kind == "clauses" and (end or subject[:1] in rules.LEVEL_WORDS):
                # a clause that is the department's name (2024年,楚雄市林业和草原局,以…), or the one
                # what is reported is of (现将2023年度枣庄市教育局法治政府建设工作情况报告如下)
                match = rules.DEPARTMENT_CLAUSE_RE.match(subject[end:])
            if match:
                name = department_name(subject[max(0, end - 1):end] + match.group(1))
                if not rules.NOT_A_DEPARTMENT_RE.match(name):
                    return "name", name
            # a sector as the subject (2025年,全区司法行政系统坚持…; 渭南市司法行政系统在…): the
            # report is its office's
            sector = rules.SECTOR_RE.match(subject[end:]) if kind == "clauses" else None
            level = sector and (sector.group(1) or (subject[end - 1] if end else ""))
            if sector and level and subject[end + sector.end(2) - sector.start():].startswith("系统"):
                return "name", _sector_office(level, sector.group(2), body)
    return "", ""


def _sector_office(level: str, sector: str, body: str) -> str:
    """The office of a sector a report says it leads (全市司法行政系统 -> 市司法局): a 厅 for a
    province, a 局 below; "" for 全区 where the text names an autonomous region (its 司法厅 or a
    district's 司法局)."""
    if level == "区" and "自治区" in body:
        return ""
    office = rules.SECTOR_OFFICES[sector]
    return level + office + ("厅" if level == "省" and office not in rules.PROVINCE_BUREAUS else "局")


def _departments_named(body: str):
    """The departments a text names the way a report names itself, as (department as stored,
    the division its name opens with or None): with its level word and its own officers or
    meetings (区司法局党委书记), signing it (县应急管理局 above the date), or with the chain of
    its divisions, anywhere (荷塘区文化旅游体育局, 《2025年益阳市人力资源和社会保障局法治建设工作要点》)."""
    signature = [line.strip() for line in body.split("\n") if line.strip()][-rules.SIGNATURE_LINES:]
    signed = [rules.SIGNATURE_DATE_RE.sub("", line) for line in signature if rules.SIGNATURE_RE.match(line)]
    for name in rules.OWN_DEPARTMENT_RE.findall(body) + signed:
        end = gazetteer.leading_names_end(name)
        # not a name of no office's (鹿城区分局 -> 区分局: whose branch, unsaid)
        if (end or name[0] in gazetteer.NAME_ENDS) and len(department_name(name)) > 3:
            yield department_name(name), (_resolved(name[:end], "") if end else None)
    for office in rules.OFFICE_END_RE.finditer(body):
        # the nearest division name before it that leaves a department's name between them
        for names_end in range(office.end() - 2, max(0, office.end() - rules.DEPARTMENT_NAME_MAX), -1):
            rest = body[names_end:office.end()]
            if (body[names_end - 1] not in gazetteer.NAME_ENDS or not rules.CITED_DEPARTMENT_RE.fullmatch(rest)
                    or gazetteer.leading_names_end(rest)):      # 镇海区委 in 宁波市镇海区委: no department
                continue
            start = gazetteer.chain_start(body, names_end)
            # a two-character name (和县, 青县) inside a phrase is too often a word of it
            if start < 0 or names_end - start < 3:
                continue
            # not one the report answers to or works with (在岳阳市生态环境局的指导下)
            if not (rules.OTHER_BODY_BEFORE_RE.search(body[max(0, start - 4):start])
                    or rules.OTHER_BODY_AFTER_RE.match(body[office.end():office.end() + 6])):
                yield department_name(body[start:office.end()]), _resolved(body[start:names_end], body)
            break


def self_named(body: str, kind: str) -> tuple[str, Division | None]:
    """The department a report calls 我局 / 我厅 / 我委 (kind: 局, 厅, 委 …) and its division: of
    the departments it names as a report names itself (_departments_named), ending as its "we"
    does and in a division that fits its 我区/全市, the one named most often (a tie: none);
    else the office of the sector its opening says it leads (全市人社系统 -> 市人力资源和社会保障局),
    with no division. ("", None) when none."""
    ends, levels = rules.SELF_DEPARTMENT_ENDS[kind], self_reference_levels(body)
    named = [(name, division) for name, division in _departments_named(body)
             if name.endswith(ends) and not rules.NOT_A_DEPARTMENT_RE.match(name) and fits_level(division, levels)]
    # one department said with and without its divisions (区司法局, 荷塘区司法局) is one
    counted = Counter(name[1:] for name, _ in named)
    ranked = counted.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        chosen = [(name, division) for name, division in named if name[1:] == ranked[0][0]]
        divisions = Counter(division for _, division in chosen if division is not None).most_common(2)
        division = divisions[0][0] if len(divisions) == 1 else None
        return chosen[0][0], division
    if kind not in ("局", "厅"):
        return "", None
    opening = "，".join(next((said for what, said in _opening(body) if what == "clauses"), []))
    sectors = {(m.group(1) or "", rules.SECTOR_OFFICES[m.group(2) or m.group(3)]) for m in rules.SECTOR_RE.finditer(opening)}
    if not sectors:
        # the opening names none: where the text says the sector is its own (全市交通运输系统,
        # 乐山市交通运输系统, 林草事业), each with the level word of the division before it
        sectors = {(m.group(1) or (body[m.start() - 1] if gazetteer.chain_start(body, m.start()) >= 0 else ""),
                    rules.SECTOR_OFFICES[m.group(2) or m.group(3)])
                   for m in rules.SECTOR_RE.finditer(body) if m.group(3) or rules.OWN_SECTOR_RE.match(body, m.end(2))}
    if len({office for _, office in sectors}) != 1:
        return "", None
    # its level word only when every mention agrees (全市人社系统; not with 全省人社系统 beside it)
    # and it fits the text's "we" (a county's 我局 on 全省人社系统: none)
    levels = {level for level, _ in sectors}
    level = levels.pop() if len(levels) == 1 else ""
    if level and not (rules.SELF_REFERENCE_LEVELS.get(level, frozenset()) & self_reference_levels(body)
                      or not self_reference_levels(body)):
        level = ""
    office = sectors.pop()[1]
    if kind == "局" and level == "省" and office not in rules.PROVINCE_BUREAUS:
        return "", None     # a province's office of this sector is a 厅, not the 局 it says it is
    return level + office + kind, None


def _division_named(body: str, department: str) -> Division | None:
    """The division of a department the opening names without it (区司法局党组坚持…), where the
    text names the same department with its divisions as a report names itself (九龙坡区司法局…);
    None when it names none or several."""
    levels = self_reference_levels(body)
    divisions = Counter(division for name, division in _departments_named(body)
                        if division is not None and name[1:] == department[1:] and fits_level(division, levels))
    ranked = divisions.most_common(2)
    return ranked[0][0] if len(ranked) == 1 else None


def addressed_government(body: str, context: str = "") -> Division | None:
    """The division whose government a department's report is addressed to (中共嘉善县委、嘉善县
    人民政府、嘉兴市司法局: -> 嘉善县): a department reports to its own government, and to its
    superior department besides; None when no government, or governments of two divisions, are named."""
    line = next((said for kind, said in _opening(body) if kind == "addressee"), "")
    named = {_resolved(part, context) for part in rules.ADDRESSEE_SPLIT_RE.split(line.rstrip(":： "))
             if rules.GOVERNMENT_ADDRESSEE_RE.search(part)}
    named.discard(None)
    return named.pop() if len(named) == 1 else None


def _first_subject(clauses: list[str], context: str) -> Division | None:
    """The first clause of the opening paragraph that starts with a unit acting (镇海区坚持…;
    现将长春市政府2020年…报告如下); not a party committee or congress (宁波市委、市人大), which
    the report is addressed or answers to."""
    for subject in clauses:
        end = gazetteer.leading_names_end(subject)
        if end and not rules.NOT_THE_AUTHOR_RE.match(subject[end:]):
            branch = rules.BRANCH_OF_RE.match(subject[end:])
            found = _resolved(subject[:end] + (branch.group(1) if branch else ""), context)
            if found is not None:
                return found
    return None


def signature_author(body: str, context: str = "") -> Division | None:
    """The unit that signs the report: among its last lines, a short line naming an office
    (淮安市人民政府, 舟山市司法局) above or beside the date."""
    tail = [line.strip() for line in body.split("\n") if line.strip()][-rules.SIGNATURE_LINES:]
    for line in reversed(tail):
        if rules.SIGNATURE_RE.match(line):
            found = _resolved(rules.SIGNATURE_DATE_RE.sub("", line), context)
            if found is not None:
                return found
    return None


def cited_author(body: str, context: str, levels: frozenset[str], province: bool = False) -> Division | None:
    """The unit whose own documents the report cites (《荣昌区法治政府建设实施方案(2022-2025)》
    in a report that says only 我区 and 我局): the city or county that opens the most cited
    titles and fits the text's "we"; None on a tie. A province is taken this way only when the
    text says it is one (province: 我省, 我厅): every report cites its province's plans."""
    cited = Counter()
    for title in rules.CITED_TITLE_RE.findall(body):
        subject = rules.CITED_PREFIX_RE.sub("", title)
        end = gazetteer.leading_names_end(subject)
        found = _resolved(subject[:end], context) if end else None
        if found is not None and (province or found.level != "province") and fits_level(found, levels):
            cited[found] += 1
    ranked = cited.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def self_reference_levels(body: str) -> frozenset[str]:
    """The division levels the text's "we" fits (我县 -> county; 全区 -> county, or an autonomous
    region; 我市 -> prefecture or county): from the most frequent 我X/本X, else 全X. Empty
    when the text never says."""
    for pattern in (rules.SELF_REFERENCE_RE, rules.WHOLE_SCOPE_RE):
        said = Counter(pattern.findall(body))
        if said:
            # as often 全省 as 全市 (a district's office on its province's and city's campaigns): either
            most = max(said.values())
            return frozenset().union(*(rules.SELF_REFERENCE_LEVELS[word] for word, n in said.items() if n == most))
    return frozenset()


def fits_level(division: Division | None, levels: frozenset[str]) -> bool:
    """A division fits what the text calls itself (nothing said fits everything)."""
    if division is None or not levels:
        return True
    if division.level == "province" and "region" in levels:
        return division.name.endswith("自治区")
    return division.level in levels


def _province_government(body: str) -> bool:
    """The opening says the report is its province's government's (现将省政府2021年度…报告如下)."""
    return any(rules.PROVINCE_GOVERNMENT_RE.match(subject)
               for kind, said in _opening(body) if kind == "clauses" for subject in said)


def _only_province_named(body: str) -> Division | None:
    """The one province the text names (湖南省习近平法治思想研究实践基地); None when none or several."""
    named = {d for names in gazetteer.names_in(body) for d in names if d.level == "province"}
    return named.pop() if len(named) == 1 else None


def _answers_to_a_province(division: Division, body: str) -> bool:
    """A district of a municipality (北京's 西城区) named by a text that answers to a province
    (省委, 全省, 对标省州市…), which a municipality's district has not: the name is another unit's
    (格尔木市's 西城区, below the county level)."""
    return (division.level == "county" and division.province in rules.MUNICIPALITIES
            and bool(rules.PROVINCE_ABOVE_RE.search(body)))


def author_of(title: str, list_title: str, publisher: str, body: str, context: str,
              portal: Division | None) -> tuple[Division | None, str | None]:
    """The report's author and how it was decided: one of records.UNIT_SOURCES, or
    (None, None) when nothing names it and the portal's unit does not fit the text."""
    # titles and fields as published, in traditional script too (廣東省司法廳…); the body is simplified
    title, list_title, publisher = (to_simplified(t)[0] for t in (title, list_title, publisher))
    for source, find in (("title", lambda: _resolved(title, context)),
                         ("list_title", lambda: _resolved(list_title, context)),
                         ("body", lambda: opening_author(body, context)),
                         ("signature", lambda: signature_author(body, context)),
                         ("publisher", lambda: _resolved(publisher, context))):
        found = find()
        # the portal's own office as 发布机构 says who published the page, not who wrote it
        if found is not None and not (source == "publisher" and found == portal):
            if _answers_to_a_province(found, body):
                return None, None       # a municipality's district that answers to a 省: not that one
            return found, source
    levels = self_reference_levels(body)
    # a department that says only 我局 (or 区司法局) and names itself with its divisions elsewhere
    # (荷塘区文化旅游体育局), or is addressed to its government: like the documents it cites, it
    # decides only a unit inside the portal's, or where there is none
    what, said = _acting(body)
    named = self_named(body, said)[1] if what == "self" else None
    if what == "name":
        named = _division_named(body, said)
    if named is None and what:
        named = addressed_government(body, context)       # a department's, to its own government
    if named is not None and (portal is None or named == portal or gazetteer.within(named, portal)):
        return named, "body"
    # the documents a report cites are weaker evidence than the portal it is on: they decide
    # only a unit inside the portal's (an aggregator's district), or where there is no portal
    # a province's own documents are its own when it says it is one: 我厅 (a province's
    # department), or 我省 more often than any other "we"
    ours = Counter(rules.SELF_REFERENCE_RE.findall(body)).most_common(2)
    province = (what == "self" and said == "厅") or (
        bool(ours) and ours[0][0] == "省" and (len(ours) == 1 or ours[0][1] > ours[1][1]))
    # a 厅 or a 省…局 acting (司法厅坚持…, 省林草局认真…), or 省政府 reporting (现将省政府2021年度…报告如下)
    province = province or (what == "name" and (said.endswith("厅") or said.startswith("省"))) or _province_government(body)
    cited = cited_author(body, context, levels, province)
    if cited is not None and (portal is None or gazetteer.within(cited, portal)):
        return cited, "citation"
    # a province's report that names its province nowhere as its author names it somewhere
    # else (制定印发四川省交通运输系统…清单), and no other province
    named = _only_province_named(body) if province else None
    if named is not None and (portal is None or named == portal):
        return named, "body"
    if portal is not None and fits_level(portal, levels):
        return portal, "portal"
    return None, None
