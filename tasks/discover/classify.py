"""What a list title, or a fetched page's text, says the page is."""
from __future__ import annotations

from typing import NamedTuple

from fazhi.core import rules
from fazhi.core.text import fold_width
from fazhi.core.titles import year_in_title


class TitleVerdict(NamedTuple):
    kind: str
    reason: str
    report_year: int | None
    needs_body_check: bool = False   # on the subject but names no kind: the body decides


def classify_title(title: str) -> TitleVerdict:
    """What a link title says the page is."""
    # a space a page set between two characters (法治政府 建设) is layout, not a word break
    text = rules.SPACE_IN_WORDS_RE.sub("", fold_width(title).strip())
    year = year_in_title(text)
    if rules.BLANKED_YEAR_RE.search(text):
        return TitleVerdict("other", "years blanked (20xx年): an essay-site copy, not a report", None)
    for kind, pattern in rules.KIND_RULES:
        match = pattern.search(text)
        if match:
            return TitleVerdict(kind, f"title matches {kind} pattern «{match.group(0)}»", year)
    subject = rules.SUBJECT_RE.search(text)
    if subject:
        return TitleVerdict("other", f"title mentions {subject.group(0)} but names no report", year, True)
    return TitleVerdict("other", "title is not about 法治政府建设 reports", year)


def classify_body(text: str) -> tuple[bool, str]:
    """Is a fetched page a yearly report? For titles that do not say so on their own."""
    if rules.BLANKED_YEAR_RE.search(text[:2000]):
        return False, "body blanks its years (20xx年): an essay-site copy"
    mentions = len(rules.REPORT_BODY_HINTS.findall(text))
    has_parts = sum(bool(p.search(text)) for p in rules.REPORT_BODY_PARTS)
    if mentions >= rules.REPORT_BODY_MIN_MENTIONS and has_parts >= rules.REPORT_BODY_MIN_PARTS \
            and len(text) > rules.REPORT_BODY_MIN_CHARS:
        return True, f"body reads as a report ({mentions} mentions, {has_parts} of the five parts)"
    return False, f"body does not read as a report ({mentions} mentions, {has_parts} parts)"
