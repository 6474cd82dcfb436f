"""What a report's title says: the year it is about and, for a department's report, which
department. Shared by discovery (link titles) and extraction (page titles)."""
from __future__ import annotations

import re

from fazhi.core import gazetteer, rules
from fazhi.core.text import to_simplified

_YEAR_IN_TITLE = re.compile(r"(20\d\d)\s*年")


def year_in_title(title: str | None) -> int | None:
    """The first year named (关于2023年度… -> 2023); None when none is named or years are blanked."""
    if not title or rules.BLANKED_YEAR_RE.search(title):
        return None
    match = _YEAR_IN_TITLE.search(title)
    return int(match.group(1)) if match else None


def department_in_title(title: str | None) -> str:
    """The department of a department's report (镇海区司法局2024年… -> 区司法局;
    short names in full: 荷塘区文旅体局 -> 区文化旅游体育局); "" for a government's."""
    if not title:
        return ""
    title = to_simplified(title)[0]      # a list's link text as published (四川省司法廳…)
    # past the divisions it opens with, keeping the last one's level word: a long chain
    # (重庆市渝中区规划和自然资源局) leaves the department's own name its whole length
    end = gazetteer.leading_names_end(title)
    match = rules.DEPARTMENT_RE.match(title[end - 1:] if end else title)
    return department_name(match.group(1)) if match else ""


def department_name(unit: str) -> str:
    """A department as stored: without the divisions named before it but with the level word
    of the last one, short names in full (宁波市镇海区司法局 -> 区司法局); "" for a government."""
    # an office with two names (市农业农村局(市乡村振兴局), 区藏语委办(编译局)) by its first, as
    # reports say it with or without the second
    unit = rules.SECOND_NAME_RE.sub("", unit)
    if re.search(r"人民政府$|区政府$|县政府$|市政府$", unit) or unit.endswith(("区", "县", "市")):
        return ""
    unit = rules.BRANCH_OFFICE_RE.sub(r"\1分局", unit)
    if unit.startswith("自治区"):         # 自治区司法厅 as 广西壮族自治区司法厅 is stored: 区司法厅
        unit = unit[2:]
    # the department without the divisions named before it, keeping the level word of the
    # last one: 镇海区司法局 -> 区司法局, 重庆市潼南区生态环境局 -> 区生态环境局, 浙江省司法厅 -> 省司法厅
    end = gazetteer.leading_names_end(unit)
    unit = unit[end - 1:] if 0 < end < len(unit) - 1 else unit
    for short, full in rules.DEPARTMENT_SHORT_NAMES.items():
        if unit.endswith(short) and len(unit) - len(short) <= 1:     # 区文旅体局, not 省xx文旅体局
            return unit[:-len(short)] + full
    # a commission said without 员会 (省卫生健康委, 市民宗委): its name in full
    if rules.COMMISSION_SHORT_RE.search(unit):
        return unit + "员会"
    return unit
