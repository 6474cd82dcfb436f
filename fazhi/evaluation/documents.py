"""How well reports are read from documents: each seed report (real text) made into every
format a portal publishes (fazhi.farm.documents) and read back by fazhi.core.documents.

- character F1 of the document's text against the text put in (multisets of non-space
  characters, after the width folding every text gets): text formats, OCR of scans;
- for OCR, the labelled indicator values (seeds/labels/seeds.toml) extracted from the OCR'd
  report that agree with those extracted from the same report's text version;
- seconds per OCR page.
"""
from __future__ import annotations

import time
import tomllib
from collections import Counter
from dataclasses import dataclass

from fazhi.core.documents import read_document, read_page_scans
from fazhi.core.paths import LABELS_DIR, SEED_REPORTS_DIR
from fazhi.core.records import ReportContext
from fazhi.core.text import fold_width, strip_pinyin, to_simplified
from fazhi.farm import documents as made
from fazhi.farm.attachments import build_docx, build_pdf
from tasks.clean import clean_text
from tasks.extract import extract_report

# seed file -> (leading, trailing) chrome lines, as the farm's specs cut them
SEED_CHROME = {"000_8a596ebcca1d5ce5.txt": (7, 0), "001_756b88d9e06b440f.txt": (3, 1),
               "002_3fdb355039b4e6e4.txt": (2, 0), "003_1a326fd2bbbc3412.txt": (4, 0)}
TEXT_FORMATS = ("pdf", "docx", "ofd", "doc", "wps")
OCR_FORMATS = ("scanned_pdf", "page_images")


@dataclass
class FormatScore:
    seed: str
    fmt: str
    f1: float
    seconds: float
    pages: int | None = None
    confidence: float | None = None


def seed_report(file: str) -> tuple[str, tuple[str, ...]]:
    """(title, paragraphs) of a seed report without its page chrome; the title as labelled
    (a seed without one, 002, takes its page's title as the farm gives it)."""
    lines = [ln.strip() for ln in (SEED_REPORTS_DIR / file).read_text(encoding="utf-8").splitlines() if ln.strip()]
    lead, trail = SEED_CHROME[file]
    title = _label(file).get("title") or "下城区2020年度法治政府建设工作报告"
    return title, tuple(lines[lead: len(lines) - trail])


def char_f1(got: str, want: str) -> float:
    a = Counter(ch for ch in fold_width(got) if not ch.isspace())
    b = Counter(ch for ch in fold_width(want) if not ch.isspace())
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def made_file(fmt: str, title: str, paragraphs: tuple[str, ...]):
    """The document (bytes, or page images for page_images) and the type it is read as."""
    if fmt == "pdf":
        return build_pdf(title, paragraphs), "pdf"
    if fmt == "docx":
        return build_docx(title, paragraphs), "docx"
    if fmt in ("doc", "wps"):
        return made.build_word97(title, paragraphs), fmt
    if fmt == "ofd":
        return made.build_ofd(title, paragraphs), "ofd"
    if fmt == "scanned_pdf":
        return made.build_scanned_pdf(title, paragraphs), "pdf"
    if fmt == "page_images":
        return list(made.page_images(title, paragraphs)), "image"
    raise ValueError(fmt)


def read_made(fmt: str, title: str, paragraphs: tuple[str, ...]):
    data, kind = made_file(fmt, title, paragraphs)
    return read_page_scans(data) if kind == "image" else read_document(data, kind)


def as_published(title: str, paragraphs: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The report as its unit published it: seeds 000 and 002 were saved from big5 gateways,
    which convert a page's text to traditional script and annotate it with pinyin, never the
    scans a page shows. A scan is of the simplified original."""
    def original(text: str) -> str:
        return to_simplified(strip_pinyin(text))[0]

    return original(title), tuple(original(p) for p in paragraphs)


def score_format(file: str, fmt: str) -> tuple[FormatScore, str]:
    """One seed in one format: its score and the text read."""
    title, paragraphs = seed_report(file)
    if fmt in OCR_FORMATS:
        title, paragraphs = as_published(title, paragraphs)
    started = time.monotonic()
    read = read_made(fmt, title, paragraphs)
    seconds = time.monotonic() - started
    score = FormatScore(file[:3], fmt, round(char_f1(read.text, "\n".join((title, *paragraphs))), 4),
                        round(seconds, 2), read.pages, read.confidence)
    return score, read.text


def _label(file: str) -> dict:
    seeds = tomllib.loads((LABELS_DIR / "seeds.toml").read_text(encoding="utf-8"))["seed"]
    return next(s for s in seeds if s["file"] == file)


def _labelled(file: str) -> list[tuple[str, float, bool]]:
    seed = _label(file)
    return [(i["key"], float(i["value"]), bool(i.get("is_target", False))) for i in seed.get("indicator", [])]


def indicator_agreement(file: str, ocr_text: str, text_version: str) -> tuple[int, int]:
    """Of the seed's labelled indicator values, how many the OCR'd report and its text version
    agree on (both extract it, or both do not)."""
    def found(text: str) -> set[tuple[str, float, bool]]:
        facts = extract_report(clean_text(text), ReportContext(url=file))
        return {(i.indicator, float(i.value), bool(i.is_target)) for i in facts.indicators}

    ocr, text = found(ocr_text), found(text_version)
    labels = _labelled(file)
    return sum((label in ocr) == (label in text) for label in labels), len(labels)


def evaluate_documents(seeds=tuple(SEED_CHROME), formats=TEXT_FORMATS + OCR_FORMATS) -> dict:
    scores, agreement = [], {}
    for file in seeds:
        texts = {}
        for fmt in formats:
            score, texts[fmt] = score_format(file, fmt)
            scores.append(score)
        if "pdf" in texts and _labelled(file):
            for fmt in OCR_FORMATS:
                if fmt in texts:
                    agreement[(file[:3], fmt)] = indicator_agreement(file, texts[fmt], texts["pdf"])
    ocr = [s for s in scores if s.fmt in OCR_FORMATS and s.pages]
    per_page = sum(s.seconds for s in ocr) / sum(s.pages for s in ocr) if ocr else None
    return {"scores": scores, "agreement": agreement, "ocr_seconds_per_page": per_page}


def format_documents(result: dict) -> str:
    lines = ["seed format        F1      seconds pages confidence"]
    for s in result["scores"]:
        lines.append(f"{s.seed}  {s.fmt:<12} {s.f1:.4f}  {s.seconds:7.2f} {s.pages or '':>5} "
                     f"{'' if s.confidence is None else f'{s.confidence:.3f}'}")
    for (seed, fmt), (agree, total) in result["agreement"].items():
        lines.append(f"{seed}  {fmt}: OCR and text versions agree on {agree} of {total} labelled indicator values")
    if result["ocr_seconds_per_page"]:
        lines.append(f"OCR: {result['ocr_seconds_per_page']:.1f} s a page")
    return "\n".join(lines)
