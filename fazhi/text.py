"""Small text helpers shared by cleaning and extraction: width folding, script, pinyin, sentences."""
from __future__ import annotations

import re
from functools import lru_cache

# Fold full-width ASCII letters and digits (and ％ ．, which belong to numbers) to ASCII,
# U+3000 and U+00A0 to spaces. Chinese punctuation (，；：（）、。《》“”) is kept as written.
# NFKC is too blunt: it would also turn ① into 1 and ㈠ into (一), losing enumeration markers.
_FOLDED = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ％．"
_WIDTH_TABLE = {ord(ch): ord(ch) - 0xFEE0 for ch in _FOLDED}
_WIDTH_TABLE.update({0x3000: 0x20, 0x00A0: 0x20, 0x200B: None, 0xFEFF: None})


def fold_width(text: str) -> str:
    return text.translate(_WIDTH_TABLE)


HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# A parenthesised toned-pinyin syllable right after a Han character: 發(fā)布 -> 發布.
# Only syllables with a tone mark (or ü) are taken, so (一) (2021—2025) (试行) stay.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
PINYIN_RE = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（]\s*([a-z]*[{_TONED}][a-z{_TONED}]*)\s*[)）]"
)


def strip_pinyin(text: str) -> str:
    return PINYIN_RE.sub("", text)


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc  # imported lazily: loading the dictionaries costs ~0.2 s

    return opencc.OpenCC(config)


def traditional_share(text: str) -> float:
    """Share of Han characters that OpenCC t2s would change (0.0 for simplified text)."""
    han = HAN_RE.findall(text)
    if not han:
        return 0.0
    sample = "".join(han[:20000])
    converted = _converter("t2s").convert(sample)
    changed = sum(1 for a, b in zip(sample, converted) if a != b)
    return changed / len(sample)


# Simplified Chinese text has almost no characters t2s would change; traditional text has
# ~20-30%. A page that is mostly simplified with a few traditional names stays untouched.
TRADITIONAL_THRESHOLD = 0.05


def to_simplified(text: str) -> tuple[str, float]:
    """Convert to simplified only when the text is mostly traditional. Returns (text, share)."""
    share = traditional_share(text)
    if share < TRADITIONAL_THRESHOLD:
        return text, share
    return _converter("t2s").convert(text), share


_SENTENCE_END = "。！？；!?;"
_SENTENCE_RE = re.compile(rf"[^{_SENTENCE_END}\n]*(?:[{_SENTENCE_END}]+[”’」)]?|\n|$)")


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph, ending at 。！？；."""
    spans = []
    for match in _SENTENCE_RE.finditer(paragraph):
        start, end = match.span()
        if end > start and paragraph[start:end].strip():
            spans.append((start, end))
    return spans


def collapse_spaces(line: str) -> str:
    """One space between Latin words, none around Han characters."""
    line = re.sub(r"[ \t\r\f\v]+", " ", line).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", line)
