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


def _script_counts(text: str) -> tuple[int, int, int]:
    """(Han characters, traditional-only forms, simplified-only forms) in the first 20,000 Han
    characters, by character (t2s / s2t would change the character)."""
    han = HAN_RE.findall(text)[:20000]
    if not han:
        return 0, 0, 0
    unique = sorted(set(han))
    t2s, s2t = _converter("t2s"), _converter("s2t")
    is_trad = {ch for ch in unique if t2s.convert(ch) != ch}
    is_simp = {ch for ch in unique if s2t.convert(ch) != ch}
    return len(han), sum(ch in is_trad for ch in han), sum(ch in is_simp for ch in han)


def is_mostly_traditional(text: str) -> bool:
    """At least 5% of the Han characters are traditional-only forms, and they outnumber the
    simplified-only ones: a simplified page quoting 臺灣 or a traditional name is not converted."""
    n, trad, simp = _script_counts(text)
    return bool(n) and trad / n >= TRADITIONAL_THRESHOLD and trad > simp


# OpenCC t2s keeps 著 wherever its phrase table has no entry (還存在著 -> 还存在著), because 著
# is also a simplified character. In simplified text 著 survives only in these words (著名,
# 显著, 名著 …); everywhere else a converted text's 著 is the particle or verb 着 (存在着, 随着,
# 着力). Applied only to text that was converted, never to text that was simplified already.
_ZHU_WORDS = ("著名", "著作", "著称", "著述", "著录", "著书", "著者", "著有", "显著", "卓著", "昭著",
              "原著", "名著", "论著", "专著", "编著", "译著", "巨著", "土著", "遗著", "合著", "新著", "拙著")
_ZHU_KEEP = re.compile("|".join(_ZHU_WORDS))


def _fix_zhu(text: str) -> str:
    if "著" not in text:
        return text
    keep = {m.start() + m.group().index("著") for m in _ZHU_KEEP.finditer(text)}
    return "".join("着" if ch == "著" and i not in keep else ch for i, ch in enumerate(text))


def to_simplified(text: str) -> tuple[str, float]:
    """Convert to simplified only when the text is mostly traditional. Returns (text, share).

    OpenCC t2s also maps the forms a careless simplified-to-traditional conversion leaves
    (麵, 係, 製, 曆 -> 面, 系, 制, 历); the particle 着 that it leaves as 著 is mended after it.
    """
    share = traditional_share(text)
    if share < TRADITIONAL_THRESHOLD or not is_mostly_traditional(text):
        return text, share
    return traditional_to_simplified(text), share


def simplified_to_traditional(text: str) -> str:
    """OpenCC s2t (the fake portals that serve traditional script)."""
    return _converter("s2t").convert(text)


def traditional_to_simplified(text: str) -> str:
    """OpenCC t2s, whatever the text's script (to_simplified decides whether to call it)."""
    return _fix_zhu(_converter("t2s").convert(text))


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
