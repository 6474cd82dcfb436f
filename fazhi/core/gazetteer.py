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

    @property
    def short_city(self) -> str:
        return re.sub(r"(市|地区|自治州|盟)$", "", self.city)


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    with open(DATA, encoding="utf-8", newline="") as fh:
        return tuple(
            Division(code=row["code"], name=row["name"], level=row["level"], city=row.get("city", ""),
                     province=row.get("province", ""), valid_to=row.get("valid_to", ""),
                     successor_code=row.get("successor_code", ""))
            for row in csv.DictReader(fh)
        )


@lru_cache(maxsize=1)
def _counties_by_name() -> dict[str, list[Division]]:
    index: dict[str, list[Division]] = {}
    for div in divisions():
        if div.level == "county":
            index.setdefault(div.name, []).append(div)
    return index


def by_code(code: str) -> Division | None:
    for div in divisions():
        if div.code == code:
            return div
    return None




def resolve_county(text: str, context: str = "") -> Division | None:
    """The county-level unit a text is about: names found in `text` (a title, first), each
    checked against the gazetteer; several units with one name are told apart by a city or
    province named in text or context. None when nothing, or nothing unambiguous, is found."""
    index = _counties_by_name()
    around = text + "\n" + context
    for match in _candidate_names(text):
        found = index.get(match)
        if not found:
            continue
        if len(found) == 1:
            return found[0]
        narrowed = [d for d in found if d.short_city and (d.short_city in around or d.city in around)]
        if len(narrowed) != 1:
            narrowed = [d for d in found if d.province and d.province.rstrip("省市") in around]
        if len(narrowed) == 1:
            return narrowed[0]
        return None
    return None


def _candidate_names(text: str) -> list[str]:
    """Every substring ending in 区/县/市/旗 that is a county name in the gazetteer, in order."""
    index = _counties_by_name()
    names = []
    for end, ch in enumerate(text):
        if ch not in "区县市旗":
            continue
        for start in range(max(0, end - 8), end):
            name = text[start:end + 1]
            if name in index and name not in names:
                names.append(name)
                break
    return names
