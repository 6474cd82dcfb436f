"""Load the seed report texts and split them into page chrome and body paragraphs.

The seed files are text taken from real pages; their first lines (metadata header,
title, 发布日期, breadcrumb …) and last lines (扫一扫 …) are page chrome.  The mirror
puts that chrome back into the page's meta tags, table and furniture, and renders the
remaining lines as the body.  Body paragraphs are kept exactly as in the seed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SEEDS_DIR = Path(
    os.environ.get("FAZHI_SEEDS_DIR")
    or Path(__file__).resolve().parents[2] / "seeds" / "reports"
)


@dataclass(frozen=True)
class SeedSplit:
    """A seed text cut into (chrome head lines, body paragraphs, chrome tail lines)."""

    file: str
    head: tuple[str, ...]
    body: tuple[str, ...]
    tail: tuple[str, ...]


# How many leading / trailing non-empty lines of each seed are chrome.
# 000: 4 metadata lines, title, 發布日期, 瀏覽次數
# 001: breadcrumb, title, truncated duplicate title | tail: 扫一扫在手机打开当前页
# 002: site header (下城區人民政府), 時間/來源/瀏覽次數 line
# 003: 3 metadata lines, title
SEED_CHROME: dict[str, tuple[int, int]] = {
    "000_8a596ebcca1d5ce5.txt": (7, 0),
    "001_756b88d9e06b440f.txt": (3, 1),
    "002_3fdb355039b4e6e4.txt": (2, 0),
    "003_1a326fd2bbbc3412.txt": (4, 0),
}


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


@lru_cache(maxsize=None)
def load_seed(file: str) -> SeedSplit:
    text = (SEEDS_DIR / file).read_text(encoding="utf-8")
    lines = _lines(text)
    n_head, n_tail = SEED_CHROME[file]
    head = tuple(lines[:n_head])
    body = tuple(lines[n_head : len(lines) - n_tail])
    tail = tuple(lines[len(lines) - n_tail :]) if n_tail else ()
    return SeedSplit(file=file, head=head, body=body, tail=tail)
