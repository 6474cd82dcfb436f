"""Scores of attribution — who wrote a report — as `fazhi ingest` meets it: a file of report
text and nothing else (no portal to fall back on).

Over the development set's passages (seeds/devset, by fold group) and the seeds, each read
twice: with its title (the file starts with it, or the list gave it) and from its text alone
(the title withheld, as when an aggregator's link names no unit). A report is counted as
`named` when its own words name its author's division (the name, or its short form, appears);
the question is whether every such unit is resolved, and whether anything is ever credited
to the wrong unit. Unknown is not wrong: a text that names no unit has none.
"""
from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field

from fazhi.core import gazetteer
from fazhi.core.paths import LABELS_DIR, SEED_REPORTS_DIR
from fazhi.core.records import ReportContext
from fazhi.core.text import to_simplified
from fazhi.evaluation.devset import DEVSET_DIR, GROUPS, load_devset
from tasks.clean import clean_text
from tasks.extract import extract_report

MODES = ("with title", "text alone")


@dataclass
class UnitTally:
    reports: int = 0
    named: int = 0                      # the text names its author's division
    outcome: Counter = field(default_factory=Counter)        # right / unknown / wrong, all reports
    named_outcome: Counter = field(default_factory=Counter)  # … of the reports whose text names it
    wrong: list[str] = field(default_factory=list)

    def add(self, label: str, expected: str | None, got: str | None, names_it: bool) -> None:
        outcome = "unknown" if got is None else ("right" if got == expected else "wrong")
        self.reports += 1
        self.outcome[outcome] += 1
        if names_it:
            self.named += 1
            self.named_outcome[outcome] += 1
        if outcome == "wrong":
            self.wrong.append(f"{label}: expected {expected}, got {got}")


def _names_division(text: str, name: str | None) -> bool:
    if not name:
        return False
    division = next(iter(gazetteer.names_in(name)), [None])[0]
    forms = {name} | set(division.aliases if division else ())
    return any(form in text for form in forms)


def _seed_rows() -> list[tuple[str, str, str, str | None]]:
    """(label, title, text, admin_name) of the seeds; their titles are lines of their text."""
    labels = tomllib.loads((LABELS_DIR / "seeds.toml").read_text(encoding="utf-8"))["seed"]
    return [(f"seed {s['file'][:3]}", "", (SEED_REPORTS_DIR / s["file"]).read_text(encoding="utf-8"),
             s.get("admin_name")) for s in labels]


def evaluate_attribution(parts: tuple[str, ...] | None = None) -> dict[str, dict[str, UnitTally]]:
    """{group: {mode: UnitTally}} for the dev set's tuning and held-out folds (of every part, or
    of the named parts) and the seeds. Details (the wrong ones) are kept for the tuning folds
    and the seeds only."""
    groups = tomllib.loads((DEVSET_DIR / "folds.toml").read_text(encoding="utf-8"))
    result = {group: {mode: UnitTally() for mode in MODES} for group in (*GROUPS, "seeds")}
    rows = [(next(g for g in GROUPS if p.fold in groups[g]), p.id, p.title, p.text, p.admin_name)
            for p in load_devset(parts=parts)]
    rows += [("seeds", label, title, text, name) for label, title, text, name in _seed_rows()]
    for group, label, title, text, expected in rows:
        for mode in MODES:
            shown = title if mode == "with title" else ""
            if mode == "text alone" and title and text.startswith(title):
                text_only = text[len(title):]          # the title is the text's first line: withhold it too
            else:
                text_only = text
            page = clean_text(text_only if mode == "text alone" else text)
            if mode == "text alone":
                page.title = None
            facts = extract_report(page, ReportContext(url=label, list_title=shown or None))
            said = to_simplified(f"{shown}\n{page.title or ''}\n{page.body_text}")[0]
            result[group][mode].add(label, expected, facts.metadata.admin_name, _names_division(said, expected))
    for mode in MODES:
        result["held_out"][mode].wrong = []    # held-out errors are scored, never read
    return result


def format_attribution(result: dict[str, dict[str, UnitTally]], details: bool = False) -> str:
    def share(counter: Counter, total: int, key: str) -> str:
        return f"{counter[key] / max(1, total):.3f} ({counter[key]} of {total})"

    lines = ["| group | read | reports | unit right | unknown | wrong | text names its unit | of those, resolved right |",
             "|---|---|---:|---|---|---|---:|---|"]
    for group, by_mode in result.items():
        for mode, t in by_mode.items():
            lines.append(f"| {group} | {mode} | {t.reports} | {share(t.outcome, t.reports, 'right')} | "
                         f"{t.outcome['unknown']} | {t.outcome['wrong']} | {t.named} | "
                         f"{share(t.named_outcome, t.named, 'right')} |")
    if details:
        for group, by_mode in result.items():
            for mode, t in by_mode.items():
                if t.wrong:
                    lines += ["", f"{group}, {mode}: credited to the wrong unit"] + t.wrong
    return "\n".join(lines)
