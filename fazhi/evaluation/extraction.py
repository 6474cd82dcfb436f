"""Scores of extraction against the hand-labelled seeds (seeds/labels/seeds.toml).

Indicators: a labelled primary value counts as found when the `indicators` rows of the
report hold the same key, target flag and value; precision is over every primary value
extracted. Metadata: each labelled field compared as a whole.
"""
from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

from fazhi.core.paths import LABELS_DIR, SEED_REPORTS_DIR
from tasks.clean import clean_text
from fazhi.core.records import ReportContext
from tasks.extract import extract_report

LABELS = LABELS_DIR / "seeds.toml"
META_FIELDS = ("title", "admin_code", "admin_name", "report_year", "publisher", "publish_date", "written_date",
               "index_no", "level", "department")


def evaluate_extraction(labels_path: Path = LABELS) -> dict:
    labels = tomllib.loads(labels_path.read_text(encoding="utf-8"))["seed"]
    ind = {"tp": 0, "fp": 0, "fn": 0}
    per_key = {"tp": Counter(), "fp": Counter(), "fn": Counter()}     # results and targets, by key
    meta = {"right": 0, "total": 0}
    misses, wrong = [], []
    for seed in labels:
        text = (SEED_REPORTS_DIR / seed["file"]).read_text(encoding="utf-8")
        facts = extract_report(clean_text(text), ReportContext(url=seed["file"]))
        for field in META_FIELDS:
            expected = seed.get(field)
            got = getattr(facts.metadata, field)
            got = got.isoformat() if hasattr(got, "isoformat") else got
            if field == "title" and expected is None:
                continue   # no title in the text: ours is derived, nothing to compare
            meta["total"] += 1
            if (expected or None) == (got or None):
                meta["right"] += 1
            else:
                wrong.append(f"{seed['file'][:3]} {field}: expected {expected!r}, got {got!r}")
        expected = {(i["key"], i["is_target"]): i["value"] for i in seed.get("indicator", []) if i.get("primary", True)}
        got = {(i.indicator, i.is_target): i.value for i in facts.indicators if i.is_primary}
        for key, value in expected.items():
            if key in got and abs(got[key] - value) < 1e-6:
                ind["tp"] += 1
                per_key["tp"][key[0]] += 1
            else:
                ind["fn"] += 1
                per_key["fn"][key[0]] += 1
                misses.append(f"{seed['file'][:3]} missed {key[0]}{' (target)' if key[1] else ''} = {value:g}"
                              + (f" (got {got[key]:g})" if key in got else ""))
        for key, value in got.items():
            if key not in expected or abs(expected[key] - value) > 1e-6:
                ind["fp"] += 1
                per_key["fp"][key[0]] += 1
                if key not in expected:
                    misses.append(f"{seed['file'][:3]} extra  {key[0]}{' (target)' if key[1] else ''} = {value:g}")
    precision = ind["tp"] / max(1, ind["tp"] + ind["fp"])
    recall = ind["tp"] / max(1, ind["tp"] + ind["fn"])
    return {"indicators": {**ind, "precision": round(precision, 3), "recall": round(recall, 3)},
            "metadata": {**meta, "accuracy": round(meta["right"] / max(1, meta["total"]), 3)},
            "per_key": per_key, "details": wrong + misses}


def format_evaluation(result: dict, details: bool = False) -> str:
    i, m = result["indicators"], result["metadata"]
    lines = ["| measure | value |", "|---|---|",
             f"| indicator precision | {i['precision']:.3f} ({i['tp']} right of {i['tp'] + i['fp']} extracted) |",
             f"| indicator recall | {i['recall']:.3f} ({i['tp']} of {i['tp'] + i['fn']} labelled) |",
             f"| metadata accuracy | {m['accuracy']:.3f} ({m['right']} of {m['total']} fields) |"]
    per_key = result["per_key"]
    lines += ["", "Per key (found / labelled, wrong or extra; results and targets):", "", "| key | seeds |", "|---|---|"]
    for key in sorted({k for c in per_key.values() for k in c}):
        lines.append(f"| `{key}` | {per_key['tp'][key]}/{per_key['tp'][key] + per_key['fn'][key]}, {per_key['fp'][key]} |")
    if details:
        lines += [""] + result["details"]
    return "\n".join(lines)
