"""Administrative divisions: resolve a unit named in a report to its 6-digit code.

Data: fazhi/core/data/gazetteer.csv (see fazhi/core/data/GAZETTEER.md), including abolished units
such as 下城区 (merged into 拱墅区 in 2021). A name that several units share (江北区 in
宁波 and in 重庆) is decided from context — the city or province named nearby — or left
unresolved.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "gazetteer.csv"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    city: str
    province: str
    valid_to: str = ""
    successor_code: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def short_city(self) -> str:
        return re.sub(r"(市|地区|自治州|盟)$", "", self.city)


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    with open(DATA, encoding="utf-8", newline="") as fh:
        return tuple(
            Division(code=row["code"], name=row["name"], level=row["level"], city=row.get("city", ""),
                     province=row.get("province", ""), valid_to=row.get("valid_to", ""),
                     successor_code=row.get("successor_code", ""),
                     aliases=tuple(a for a in (row.get("aliases") or "").split(";") if a))
            for row in csv.DictReader(fh)
        )


# The last character of a division's name: 浙江省, 宁波市, 江北区, 永嘉县, 鄂温克族自治旗,
# 甘孜藏族自治州, 锡林郭勒盟 (地区 ends in 区).
NAME_ENDS = "省市区县旗州盟"
LONGEST_NAME = 12


@lru_cache(maxsize=1)
def _by_name() -> dict[str, list[Division]]:
    """Names and the short forms titles use (金平县 for 金平苗族瑶族傣族自治县, 红河州); a short
    form without a level word (红河) is too loose to look for, and one that reads as "the whole
    of" (全州 for 全州县: 全州 is what a 自治州's report calls itself) is a word, not a name."""
    index: dict[str, list[Division]] = {}
    for div in divisions():
        for name in (div.name, *(a for a in div.aliases if a[-1] in NAME_ENDS and not a.startswith("全"))):
            if div not in index.setdefault(name, []):
                index[name].append(div)
    return index


def by_code(code: str) -> Division | None:
    for div in divisions():
        if div.code == code:
            return div
    return None




def names_in(text: str) -> list[list[Division]]:
    """The divisions named in a text, in order: at each place the longest gazetteer name, each
    with every division of that name (江北区: 宁波's and 重庆's)."""
    index, found, taken_to = _by_name(), [], 0
    for end, ch in enumerate(text):
        if ch not in NAME_ENDS:
            continue
        for start in range(max(taken_to, end - LONGEST_NAME), end):
            divisions_named = index.get(text[start:end + 1])
            if divisions_named:
                found.append(divisions_named)
                taken_to = end + 1
                break
    return found


def leading_names_end(text: str) -> int:
    """Where the chain of division names a text starts with ends (重庆市潼南区生态环境局 -> 6);
    0 when it starts with none."""
    index, pos = _by_name(), 0
    while True:
        for end in range(min(len(text), pos + LONGEST_NAME), pos, -1):
            if text[end - 1] in NAME_ENDS and text[pos:end] in index:
                pos = end
                break
        else:
            return pos


def chain_start(text: str, end: int) -> int:
    """Where the chain of division names that ends at text[end - 1] starts, each the longest
    name ending where the next begins (重庆市渝中区 in …落实重庆市渝中区规划… -> its 重); -1 when
    no name ends there."""
    index, start = _by_name(), -1
    while end > 0 and text[end - 1] in NAME_ENDS:
        for length in range(min(LONGEST_NAME, end), 1, -1):
            if text[end - length:end] in index:
                start = end = end - length
                break
        else:
            break
    return start


def county_by_short_name(parent: Division, short: str) -> Division | None:
    """The county-level division of a city or province that a short name (长兴 in 湖州市生态环境局
    长兴分局) stands for: its name without the level word, or a short form of an autonomous
    county's; None when none or several."""
    found = {d for d in divisions() if d.level == "county" and not d.valid_to and within(d, parent)
             and (d.name[:-1] == short or any(a[:-1] == short for a in d.aliases))}
    return found.pop() if len(found) == 1 else None


def within(div: Division, parent: Division) -> bool:
    """A division inside another (a county of a city or province, a city of a province)."""
    if parent.level == "province":
        return div.province == parent.name and div.code != parent.code
    if parent.level == "prefecture":
        return div.level == "county" and div.city == parent.name
    return False


def resolve_unit(text: str, context: str = "") -> Division | None:
    """The division a text (a title first) names as its author, at any level: the chain of
    names it opens with, most specific last (浙江省温州市永嘉县 -> 永嘉县; 淮安市人民政府 ->
    淮安市; 广州市司法局 -> 广州市). A name several divisions share is told apart by the
    name before it in the chain, else by a city or province named in text or context; None
    when nothing, or nothing unambiguous, is named."""
    chosen: Division | None = None
    around = text + "\n" + context
    for named in names_in(text):
        if chosen is not None:
            nested = [d for d in named if within(d, chosen)]
            if not nested:
                break                      # a later, unrelated name: not part of the author's
            named = nested
        if len(named) > 1:
            narrowed = [d for d in named if d.short_city and (d.short_city in around or d.city in around)]
            if len(narrowed) != 1:
                narrowed = [d for d in named if d.province and d.province.rstrip("省市") in around]
            if len(narrowed) != 1:
                return chosen
            named = narrowed
        chosen = named[0]
    return chosen
