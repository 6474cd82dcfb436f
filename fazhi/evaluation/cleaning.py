"""Score body-text cleaning against hand-checked references (`fazhi eval clean`).

    from fazhi.evaluation.cleaning import evaluate_cleaning, format_clean_table
    print(format_clean_table(evaluate_cleaning()))

What is scored
- Every page of the offline mirror listed in ``seeds/references/index.toml`` (the 4 report
  pages and all their look-alikes: 解读 / 一图读懂, 工作要点, 信息公开年报, news, other).
  The mirror is started on free loopback ports, each page is fetched over HTTP with
  ``requests`` and decoded as the crawler decodes it (``tasks.fetch.decode_body``).
- Three systems on the same HTML:
  * ``ours``: ``tasks.clean.clean_html(html, url).body_text``;
  * ``trafilatura``: the baseline, ``trafilatura.extract(html)`` with its defaults and
    *only whitespace normalised* (no script conversion, no pinyin or chrome removal),
    because that is what a generic extractor alone gives;
  * ``trafilatura+norm``: the same text through our ``normalise_lines`` (widths, pinyin,
    chrome lines, script), to show how much comes from content selection alone.
- A few hand-written pages in shapes the mirror does not serve (``[[html]]`` in the index:
  a TRS WCM page, a page of an unknown CMS that needs the trafilatura fallback, a
  traditional ``#zoom`` page), read from disk; shown one row each, not in the mirror total.
- The five seed texts through ``tasks.clean.clean_text`` (plain-text cleaning; there is no
  HTML, so no baseline).

The measure (character level)
- Both texts are reduced to their characters with all whitespace and the table-cell
  separator ``|`` removed (paragraph breaks and cell markup are layout, not text).
- ``matched`` is the length of the common subsequence found by
  ``difflib.SequenceMatcher(None, pred, ref, autojunk=False)`` (sum of its matching
  blocks: an order-aware, slightly conservative approximation of the LCS, so text moved
  out of place counts as lost).
- precision = matched / len(pred), recall = matched / len(ref), F1 = their harmonic mean.
  An empty prediction has precision 1.0 only if the reference is empty too.
- Rows aggregate pages micro-wise (sums of matched, pred and ref characters), per page kind
  and overall; ``min F1`` is the worst single page of the row.

The references were drafted from the mirror's source data (the seed files and the look-alike
bodies in ``fazhi/farm/data/mirror.toml``), never from the cleaner, and then corrected by
hand; ``seeds/references/README.md`` says how and lists the decisions taken.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from fazhi.core.encoding import decode_body
from fazhi.core.paths import REFERENCES_DIR
from fazhi.farm import start_mirror
from tasks.clean import clean_html, clean_text, normalise_lines

REFERENCES = REFERENCES_DIR
SYSTEMS = ("ours", "trafilatura", "trafilatura+norm")
KIND_ORDER = ("report", "interpretation", "work_plan", "info_disclosure_report", "news", "other")

_DROP = re.compile(r"[\s|]+")


@dataclass
class Score:
    matched: int = 0
    pred: int = 0
    ref: int = 0

    def __iadd__(self, other: "Score") -> "Score":
        self.matched += other.matched
        self.pred += other.pred
        self.ref += other.ref
        return self

    @property
    def precision(self) -> float:
        return self.matched / self.pred if self.pred else (1.0 if not self.ref else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.ref if self.ref else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "matched": self.matched, "pred_chars": self.pred, "ref_chars": self.ref}


def chars(text: str) -> str:
    """The characters that are scored: whitespace and table-cell bars removed."""
    return _DROP.sub("", text or "")


def char_score(pred: str, ref: str) -> Score:
    a, b = chars(pred), chars(ref)
    if not a or not b:
        return Score(0, len(a), len(b))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return Score(sum(block.size for block in matcher.get_matching_blocks()), len(a), len(b))


def load_index(root: Path = REFERENCES) -> dict:
    index = root / "index.toml"
    if not index.is_file():
        raise FileNotFoundError(f"{index}: the cleaning references are missing (they live in seeds/references/)")
    with index.open("rb") as fh:
        return tomllib.load(fh)


def _trafilatura(html: str) -> str:
    import trafilatura

    text = trafilatura.extract(html) or ""
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _score_systems(html: str, url: str, reference: str) -> dict:
    cleaned = clean_html(html, url)
    baseline = _trafilatura(html)
    normalised = "\n".join(normalise_lines(baseline.split("\n"))[0])
    return {"method": cleaned.method,
            "ours": char_score(cleaned.body_text, reference).as_dict(),
            "trafilatura": char_score(baseline, reference).as_dict(),
            "trafilatura+norm": char_score(normalised, reference).as_dict()}


def _aggregate(pages: list[dict], systems: tuple[str, ...]) -> dict:
    out = {}
    for system in systems:
        total = Score()
        for page in pages:
            total += Score(page[system]["matched"], page[system]["pred_chars"], page[system]["ref_chars"])
        row = total.as_dict()
        row["min_f1"] = min((page[system]["f1"] for page in pages), default=1.0)
        out[system] = row
    out["pages"] = len(pages)
    return out


def evaluate_cleaning(root: Path = REFERENCES, base_port: int = 0) -> dict:
    """Start the mirror, clean every referenced page and seed, and score them (see module doc).

    Returns {"pages": [per page], "by_kind": {kind: row}, "reports": row, "overall": row,
    "local": {"items": [...], **row} (hand-written pages from seeds/references/html),
    "seeds": {"items": [...], "pages": n, "ours": {...}}, "measure": str}; a row holds, per system,
    precision, recall, f1, matched / pred_chars / ref_chars and min_f1.
    """
    import requests

    index = load_index(root)
    pages: list[dict] = []
    with start_mirror(base_port) as mirror, requests.Session() as session:
        session.trust_env = False   # loopback only, never a proxy
        for entry in index.get("page", []):
            url = mirror.sites[entry["site"]] + entry["path"]
            response = session.get(url, timeout=30)
            response.raise_for_status()
            html, _encoding = decode_body(response.content, response.headers.get("Content-Type", ""))
            reference = (root / entry["file"]).read_text(encoding="utf-8")
            pages.append({"site": entry["site"], "path": entry["path"], "kind": entry["kind"],
                          "template": entry.get("template", ""), "file": entry["file"],
                          **_score_systems(html, url, reference)})
    local = []
    for entry in index.get("html", []):
        html = (root / entry["file"]).read_text(encoding="utf-8")
        local.append({"shape": entry["shape"], "file": entry["file"], "kind": "local:" + entry["shape"],
                      **_score_systems(html, "", (root / entry["reference"]).read_text(encoding="utf-8"))})
    kinds = [k for k in KIND_ORDER if any(p["kind"] == k for p in pages)]
    kinds += sorted({p["kind"] for p in pages} - set(kinds))
    by_kind = {k: _aggregate([p for p in pages if p["kind"] == k], SYSTEMS) for k in kinds}

    seeds = []
    for entry in index.get("seed", []):
        text = (root.parents[1] / "seeds" / "reports" / entry["seed"]).read_text(encoding="utf-8")
        reference = (root / entry["file"]).read_text(encoding="utf-8")
        cleaned = clean_text(text)
        seeds.append({"seed": entry["seed"], "file": entry["file"],
                      "ours": char_score(cleaned.body_text, reference).as_dict(),
                      "paragraphs": len(cleaned.paragraphs),
                      "ref_paragraphs": len([ln for ln in reference.split("\n") if ln.strip()])})
    return {
        "measure": "character-level P/R/F1 (whitespace and | removed; matched = SequenceMatcher blocks)",
        "pages": pages,
        "by_kind": by_kind,
        "reports": by_kind.get("report", _aggregate([], SYSTEMS)),
        "overall": _aggregate(pages, SYSTEMS),
        "seeds": {"items": seeds, **_aggregate(seeds, ("ours",))},
        "local": {"items": local, **_aggregate(local, SYSTEMS)},
    }


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def format_clean_table(result: dict) -> str:
    """Markdown table: per page kind, the report pages, all mirror pages and the seed texts."""
    head = ("| pages | n | ours P | ours R | ours F1 | ours min F1 "
            "| trafilatura P | trafilatura R | trafilatura F1 | trafilatura min F1 | trafilatura+norm F1 |")
    lines = [head, "|" + "---|" * 11]

    def row(label: str, agg: dict) -> str:
        ours = agg["ours"]
        cells = [label, str(agg["pages"]), _fmt(ours["precision"]), _fmt(ours["recall"]), _fmt(ours["f1"]),
                 _fmt(ours["min_f1"])]
        if "trafilatura" in agg:
            t, tn = agg["trafilatura"], agg["trafilatura+norm"]
            cells += [_fmt(t["precision"]), _fmt(t["recall"]), _fmt(t["f1"]), _fmt(t["min_f1"]), _fmt(tn["f1"])]
        else:
            cells += ["—"] * 5
        return "| " + " | ".join(cells) + " |"

    for kind, agg in result["by_kind"].items():
        lines.append(row(kind, agg))
    lines.append(row("**all mirror pages**", result["overall"]))
    for item in result["local"]["items"]:
        lines.append(row(f"local page: {item['shape']}", {"pages": 1, **{
            system: {**item[system], "min_f1": item[system]["f1"]} for system in SYSTEMS}}))
    if result["seeds"]["items"]:
        lines.append(row("seed texts (clean_text)", result["seeds"]))
    lines.append("")
    lines.append(f"Measure: {result['measure']}. Baseline: trafilatura.extract(html) with whitespace "
                 "normalised only; trafilatura+norm adds our width, pinyin, chrome and script steps.")
    return "\n".join(lines)
