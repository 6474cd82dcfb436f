"""Chinese numerals and dates as they appear in report text."""
from __future__ import annotations

import datetime as dt
import re

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3,
           "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
           "九": 9, "玖": 9}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)


def parse_cn_integer(text: str) -> int | None:
    """一百二十三 -> 123, 十五 -> 15, 二〇二三 -> 2023 (digit by digit). None if not a numeral."""
    if not text or any(ch not in CN_NUMERAL_CHARS for ch in text):
        return None
    if not any(ch in _SMALL_UNITS or ch in _BIG_UNITS for ch in text):
        # digit-by-digit form, as in years: 二〇二三
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            total = (total + section) * _BIG_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


_DATE_RES = (
    re.compile(r"(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"),
    re.compile(r"(?P<y>(?:19|20)\d\d)(?P<m>\d\d)(?P<d>\d\d)(?!\d)"),
)


def parse_date(text: str | None) -> dt.date | None:
    """The first date in text: 2024-03-28, 2024/3/28, 2024年3月28日, 2024.03.28, 20240328."""
    if not text:
        return None
    for pattern in _DATE_RES:
        for match in pattern.finditer(text):
            try:
                return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
    return None
