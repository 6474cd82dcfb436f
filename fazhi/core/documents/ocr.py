"""OCR of page images with Tesseract's simplified-Chinese model (Debian: tesseract-ocr,
tesseract-ocr-chi-sim), run as a command, one page at a time under a time limit.

Lines come from Tesseract's TSV (block, paragraph, line; word boxes and confidences): the
spaces it puts between Chinese characters are dropped, a line's left edge and character
height let the reflow tell paragraph starts from wrapped lines, and letters read in numbers
(O for 0, l for 1) are mended only inside a run that has a digit, never in words."""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from fazhi.core.errors import UnreadableDocument

from .limits import ReadLimits
from .reflow import lines_to_text

LANGUAGE = "chi_sim"
# Tesseract separates every Chinese character and punctuation mark by a space: a space stays
# only between two Latin letters or digits (ISO 9001, 12 345 is rare enough)
_OCR_SPACE_RE = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")
# a run of digits and look-alikes with at least one real digit, not part of a Latin word
# (not "|": a table's cell border, read between two numbers)
_NUMERIC_RUN_RE = re.compile(r"(?<![A-Za-z])[0-9OoＯ〇lI]*[0-9][0-9OoＯ〇lI.,]*(?![A-Za-z])"
                             r"|(?<![A-Za-z])[OoＯ〇lI][0-9][0-9OoＯ〇lI.,]*(?![A-Za-z])")
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "Ｏ": "0", "〇": "0", "l": "1", "I": "1", "]": "1"})
# a lone look-alike between Chinese text and a counting unit is a one-digit number (文件]件 → 文件1件)
_LONE_DIGIT_RE = re.compile(r"(?<=[\u4e00-\u9fff])[lI\]OoＯ](?=[件次个人项家名条场份%])")


@dataclass
class OcrPage:
    lines: list[tuple[float, float, str]]     # left edge, character height, text
    confidence: float                         # 0-1, over the page's characters


@functools.lru_cache(maxsize=1)
def engine() -> str | None:
    """'tesseract 5.3.0 chi_sim', or None when Tesseract or its Chinese model is missing."""
    if not shutil.which("tesseract"):
        return None
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
        version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if LANGUAGE not in langs.split():
        return None
    first = (version.stdout or version.stderr).split("\n", 1)[0].strip()
    return f"{first} {LANGUAGE}"


def missing_engine_reason() -> str:
    if not shutil.which("tesseract"):
        return "OCR engine tesseract not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
    return f"OCR model {LANGUAGE} not installed (Debian: apt-get install tesseract-ocr-chi-sim)"


def mend_numbers(text: str) -> str:
    """O/o/〇 → 0 and l/I/] → 1 inside numbers only (2O23 → 2023, l56 → 156), and a lone one
    before a counting unit (备案]件 → 备案1件); 二〇二三 and ISO stay."""
    text = _NUMERIC_RUN_RE.sub(lambda m: m.group().translate(_DIGIT_LOOKALIKES), text)
    return _LONE_DIGIT_RE.sub(lambda m: m.group().translate(_DIGIT_LOOKALIKES), text)


def ocr_png(png: Path, limits: ReadLimits) -> OcrPage:
    """One prepared page image through Tesseract."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(["tesseract", str(png), "stdout", "-l", LANGUAGE, "--psm", "6", "tsv"],
                              capture_output=True, timeout=limits.ocr_page_seconds, env=env)
    except subprocess.TimeoutExpired:
        raise UnreadableDocument(f"OCR of a page took longer than {limits.ocr_page_seconds:g} s") from None
    except OSError:
        raise UnreadableDocument(missing_engine_reason()) from None
    if done.returncode != 0:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"])[-1]
        raise UnreadableDocument(f"tesseract failed ({last[:160]})")
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> OcrPage:
    lines: dict[tuple[int, int, int, int], list[tuple[int, int, float, str]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        key = (int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4]))
        left, height, conf = int(cols[6]), int(cols[9]), float(cols[10])
        lines.setdefault(key, []).append((left, height, conf, cols[11]))
    out, weighted, chars = [], 0.0, 0
    for key in sorted(lines):
        words = lines[key]
        text = mend_numbers(_OCR_SPACE_RE.sub("", " ".join(w[3] for w in words)))
        height = median(w[1] for w in words) or 1
        out.append((float(min(w[0] for w in words)), float(height), text))
        for _left, _h, conf, word in words:
            if conf >= 0:
                weighted += conf * len(word)
                chars += len(word)
    return OcrPage(out, round(weighted / chars / 100, 3) if chars else 0.0)


def ocr_images(images, limits: ReadLimits) -> tuple[str, float]:
    """Text and mean confidence of prepared page images (PIL), page after page."""
    from .scans import prepare_page

    if engine() is None:
        raise UnreadableDocument(missing_engine_reason())
    pages: list[list[tuple[float, float, str]]] = []
    confidences = []
    with tempfile.TemporaryDirectory(prefix="fazhi-ocr-") as tmp:
        for n, image in enumerate(images, start=1):
            png = Path(tmp) / f"page-{n}.png"
            prepare_page(image).save(png)
            page = ocr_png(png, limits)
            pages.append(page.lines)
            confidences.append(page.confidence)
    text = lines_to_text(pages)
    if not text.strip():
        raise UnreadableDocument("OCR found no text on the page images")
    return text, round(sum(confidences) / len(confidences), 3)
