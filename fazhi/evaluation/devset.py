"""Scores of extraction on the development set: passages of real reports labelled by
../shared/docs/indicator-labels.md (seeds/devset/*.jsonl), split into folds by province
(seeds/devset/folds.toml). Rules are changed while looking at the tuning folds only; the
held-out folds say how the rules do on reports they were not fitted to, so only their
aggregates are ever printed, never their misses.

Per passage, the extraction's primary results (not targets) are compared with `gold`:
a key counts as found when the value agrees; keys labelled `ambiguous` are left out of both
precision and recall. A trap is a catalog-keyed target, part, change, rank or multi-year
total: reporting it as the year's result is counted apart, by its labelled role. A labelled
quantity is found when an extracted quantity has its value and its raw text lies inside the
labelled span. The unit is right when the division (and the department, if any) agree.
"""
from __future__ import annotations

import json
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from fazhi.core.learned import IndicatorModel
from fazhi.core.paths import SEEDS_DIR
from fazhi.core.records import Quantity, ReportContext, ReportFacts
from fazhi.core.text import to_simplified, traditional_to_simplified
from fazhi.core.titles import department_name
from tasks.clean import clean_text
from tasks.extract import extract_report

DEVSET_DIR = SEEDS_DIR / "devset"
FOLDS_FILE = DEVSET_DIR / "folds.toml"
GROUPS = ("tuning", "held_out")
DETAILS_GROUP = "tuning"      # the one group whose misses may be read


@dataclass
class Passage:
    id: str
    url: str
    title: str
    text: str
    province: str
    admin_name: str | None
    department: str | None
    report_year: int | None
    quantities: list[dict]
    gold: dict[str, float]
    ambiguous: list[str]
    traps: list[tuple[str, float]]
    fold: int


@dataclass
class Tally:
    """Counts for one group of passages."""
    passages: int = 0
    tp: Counter = field(default_factory=Counter)            # per key
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    taken_as_result: Counter = field(default_factory=Counter)   # per labelled role, catalog-keyed
    labelled_by_role: Counter = field(default_factory=Counter)
    quantities_found: int = 0
    quantities: int = 0
    role_found: Counter = field(default_factory=Counter)      # per labelled role, quantities found
    role_right: Counter = field(default_factory=Counter)      # … and given that role
    unit_right: int = 0
    year_right: int = 0
    details: list[str] = field(default_factory=list)

    def score(self) -> dict:
        tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        roles_right, roles_found = sum(self.role_right.values()), sum(self.role_found.values())
        return {"passages": self.passages, "tp": tp, "fp": fp, "fn": fn,
                "roles": round(roles_right / max(1, roles_found), 3),
                "precision": round(tp / max(1, tp + fp), 3), "recall": round(tp / max(1, tp + fn), 3),
                "quantities_found": round(self.quantities_found / max(1, self.quantities), 3),
                "unit": round(self.unit_right / max(1, self.passages), 3),
                "year": round(self.year_right / max(1, self.passages), 3),
                "traps_taken": sum(n for role, n in self.taken_as_result.items() if role != "result")}


def load_devset(devset_dir: Path = DEVSET_DIR, parts: tuple[str, ...] | None = None) -> list[Passage]:
    """Every passage of every part_*.jsonl, or of the named parts only (file stems)."""
    folds = tomllib.loads((devset_dir / "folds.toml").read_text(encoding="utf-8"))["province"]
    passages = []
    for path in sorted(devset_dir.glob("*.jsonl")):
        if parts is not None and path.stem not in parts:
            continue
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row["province"] not in folds:
                raise ValueError(f"{path}:{line_no}: province {row['province']!r} has no fold in folds.toml")
            passages.append(Passage(
                id=row["id"], url=row["url"], title=row["title"], text=row["text"], province=row["province"],
                admin_name=row.get("admin_name"), department=row.get("department"),
                report_year=row.get("report_year"), quantities=row["quantities"], gold=row["gold"],
                ambiguous=row.get("ambiguous", []), traps=[tuple(t) for t in row.get("traps", [])],
                fold=folds[row["province"]]))
    return passages


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _unit_right(passage: Passage, facts: ReportFacts) -> bool:
    m = facts.metadata
    if (m.admin_name or None) != (passage.admin_name or None):
        return False
    if passage.department:
        # the label as the warehouse stores a department (a city bureau's district branch,
        # 生态环境局江汉区分局, is the district's 生态环境分局; titles.department_name)
        label = department_name(passage.department)
        return bool(m.department) and (m.department.endswith(label) or label.endswith(m.department))
    return m.level == "government"


def matching_quantity(value: float, span: str, facts: ReportFacts) -> Quantity | None:
    """The extracted quantity a labelled one is: its value, its raw text inside the labelled
    span; the one whose sentence holds the span when two numbers read alike (学法6次 … 学法6次)."""
    candidates = [x for x in facts.quantities if _same(x.value, value) and x.raw in span]
    return next((x for x in candidates if span in x.sentence and x.sentence.find(span) <= x.raw_offset
                 < x.sentence.find(span) + len(span)), candidates[0] if candidates else None)


def score_passage(passage: Passage, facts: ReportFacts, tally: Tally) -> None:
    tally.passages += 1
    results = {i.indicator: i.value for i in facts.indicators if i.is_primary and not i.is_target}
    gold = {k: v for k, v in passage.gold.items() if k not in passage.ambiguous}
    for key, value in gold.items():
        if _same(results.get(key), value):
            tally.tp[key] += 1
        else:
            tally.fn[key] += 1
            got = f" (took {results[key]:g})" if key in results else ""
            tally.details.append(f"{passage.id} missed {key} = {value:g}{got}")
    for key, value in results.items():
        if key in passage.ambiguous or _same(gold.get(key), value):
            continue
        tally.fp[key] += 1
        if key not in gold:
            tally.details.append(f"{passage.id} extra  {key} = {value:g}")
    converted = to_simplified(passage.text)[0] != passage.text      # spans are as published
    for q in passage.quantities:
        span = traditional_to_simplified(q["span"]) if converted else q["span"]
        if q.get("key"):
            tally.labelled_by_role[q["role"]] += 1
            if _same(results.get(q["key"]), q["value"]) and not (q["role"] != "result" and _same(gold.get(q["key"]), q["value"])):
                tally.taken_as_result[q["role"]] += 1
        if q.get("value") is None:
            continue
        tally.quantities += 1
        found = matching_quantity(q["value"], span, facts)
        if found is not None:
            tally.quantities_found += 1
            tally.role_found[q["role"]] += 1
            tally.role_right[q["role"]] += found.role == q["role"]
    if _unit_right(passage, facts):
        tally.unit_right += 1
    else:
        m = facts.metadata
        tally.details.append(f"{passage.id} unit: expected {passage.admin_name} {passage.department or ''}, "
                             f"got {m.admin_name} {m.department or ''}".rstrip())
    if facts.metadata.report_year == passage.report_year:
        tally.year_right += 1


def evaluate_devset(devset_dir: Path = DEVSET_DIR, parts: tuple[str, ...] | None = None,
                    indicator_model: IndicatorModel | None = None) -> dict[str, Tally]:
    """A Tally per group (tuning, held_out) of the development set (or of the named parts),
    of the rules alone or combined with a learned `indicator_model` (tasks.extract.extract_report)."""
    groups = tomllib.loads((devset_dir / "folds.toml").read_text(encoding="utf-8"))
    tallies = {group: Tally() for group in GROUPS}
    for passage in load_devset(devset_dir, parts):
        group = next(g for g in GROUPS if passage.fold in groups[g])
        facts = extract_report(clean_text(passage.text), ReportContext(url=passage.url, list_title=passage.title),
                               indicator_model)
        score_passage(passage, facts, tallies[group])
    return tallies


def format_devset(tallies: dict[str, Tally], details: bool = False, headline: bool = False) -> str:
    """The measures per group; then, unless headline, per labelled role and per key, and with
    details the tuning folds' misses."""
    scores = {g: t.score() for g, t in tallies.items()}
    lines = ["| measure | " + " | ".join(GROUPS) + " |", "|---|" + "---|" * len(GROUPS)]

    def row(label, cell):
        lines.append(f"| {label} | " + " | ".join(cell(g) for g in GROUPS) + " |")

    row("passages", lambda g: str(scores[g]["passages"]))
    row("indicator recall", lambda g: f"{scores[g]['recall']:.3f} ({scores[g]['tp']} of {scores[g]['tp'] + scores[g]['fn']})")
    row("indicator precision", lambda g: f"{scores[g]['precision']:.3f} ({scores[g]['tp']} of {scores[g]['tp'] + scores[g]['fp']})")
    row("targets, parts, changes, ranks or totals taken as the result", lambda g: str(scores[g]["traps_taken"]))
    row("labelled quantities found", lambda g: f"{scores[g]['quantities_found']:.3f} "
                                               f"({tallies[g].quantities_found} of {tallies[g].quantities})")
    row("role right, of the quantities found", lambda g: f"{scores[g]['roles']:.3f} "
                                                         f"({sum(tallies[g].role_right.values())} of "
                                                         f"{sum(tallies[g].role_found.values())})")
    row("reporting unit right", lambda g: f"{scores[g]['unit']:.3f} ({tallies[g].unit_right} of {scores[g]['passages']})")
    row("report year right", lambda g: f"{scores[g]['year']:.3f} ({tallies[g].year_right} of {scores[g]['passages']})")
    if headline:
        return "\n".join(lines)
    lines += ["", "By labelled role: catalog-keyed quantities taken as the year's result; quantities found "
              "and given the labelled role:", "",
              "| role | " + " | ".join(f"{g}: taken as result | {g}: role right" for g in GROUPS) + " |",
              "|---|" + "---|---|" * len(GROUPS)]
    roles = sorted({r for t in tallies.values() for r in (*t.labelled_by_role, *t.role_found)})
    for role in roles:
        lines.append(f"| {role} | " + " | ".join(
            f"{tallies[g].taken_as_result[role]} of {tallies[g].labelled_by_role[role]} | "
            f"{tallies[g].role_right[role]} of {tallies[g].role_found[role]}" for g in GROUPS) + " |")
    lines += ["", "Per key (found / labelled, wrong or extra):", "",
              "| key | " + " | ".join(GROUPS) + " |", "|---|" + "---|" * len(GROUPS)]
    keys = sorted({k for t in tallies.values() for k in (*t.tp, *t.fn, *t.fp)})
    for key in keys:
        row(f"`{key}`", lambda g, key=key: f"{tallies[g].tp[key]}/{tallies[g].tp[key] + tallies[g].fn[key]}, "
                                            f"{tallies[g].fp[key]}")
    if details:
        # only the tuning folds' misses are ever shown: reading the held-out ones would make
        # them tuning folds, and their score would no longer say anything about unseen text
        lines += ["", f"{DETAILS_GROUP} (misses and extras; the held-out folds' are never printed):"]
        lines += tallies[DETAILS_GROUP].details
    return "\n".join(lines)

