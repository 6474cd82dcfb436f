"""Extraction on the five seeds against the hand labels in seeds/labels/seeds.toml."""
from __future__ import annotations

import re
import tomllib

import pytest

from fazhi.core import rules
from fazhi.core.paths import LABELS_DIR, REPO_ROOT, SEED_REPORTS_DIR
from fazhi.evaluation.extraction import evaluate_extraction
from tasks.clean import clean_text
from fazhi.core.records import QUANTITY_ROLES, ReportContext
from fazhi.evaluation.devset import load_devset
from tasks.extract import assign_roles, extract_quantities, extract_report

LABELS = {s["file"]: s for s in tomllib.loads(
    (LABELS_DIR / "seeds.toml").read_text(encoding="utf-8"))["seed"]}


def facts_of(stem: str):
    (path,) = SEED_REPORTS_DIR.glob(f"{stem}_*.txt")
    return extract_report(clean_text(path.read_text(encoding="utf-8")), ReportContext(url=str(path)))


def primary(facts, key, target=False):
    return [i for i in facts.indicators if i.indicator == key and i.is_target == target and i.is_primary]


def test_scores_do_not_regress():
    # measured 2026-12-01 on the seeds (tuned on) after the third issue-12 pass: precision 52/52,
    # recall 52/52, metadata 48/48 (README table). A floor at the measured score: any lost or
    # extra indicator fails.
    result = evaluate_extraction()
    assert result["metadata"]["accuracy"] == 1.0
    assert result["indicators"]["precision"] == 1.0
    assert result["indicators"]["recall"] == 1.0


def test_plan_target_is_not_a_result():
    facts = facts_of("001")
    (target,) = primary(facts, "head_appearance_rate", target=True)
    assert target.value == 100.0 and target.section == "2024年主要工作安排"
    results = primary(facts, "head_appearance_rate")
    assert all("2024年" not in r.evidence for r in results)


def test_growth_rates_and_ranks_are_not_counts():
    quantities = extract_quantities(["收、结案数同比增长200%左右,位列全市第3名。"], [])
    assert [(q.value, q.kind) for q in quantities] == [(200.0, "change"), (3.0, "rank")]
    facts = facts_of("000")
    assert not any(i.value == 58.5 for i in facts.indicators)


def test_numbers_in_words_multipliers_and_qualifiers():
    (q,) = extract_quantities(["全年发放宣传资料1.7万余份。"], [])
    assert (q.value, q.unit, q.qualifier) == (17000.0, "份", "余")
    (q,) = extract_quantities(["召开政府常务会议学法九次。"], [])
    assert (q.value, q.unit) == (9.0, "次")
    assert extract_quantities(["严格落实行政执法“三项制度”。"], []) == []


def test_street_level_figure_is_not_the_districts():
    facts = facts_of("004")
    (litigation,) = primary(facts, "litigation_cases")
    assert litigation.value == 14.0   # 区政府本级14件, not the 24件 of departments and streets


def test_blanked_year_is_never_guessed():
    facts = facts_of("004")
    assert facts.metadata.report_year is None and facts.metadata.years_blanked


@pytest.mark.parametrize("stem, roles", [
    ("002", ["achievements", "shortcomings", "duty", "plan", "other"]),
    ("003", ["achievements", "duty", "plan"]),
])
def test_outline_roles(stem, roles):
    assert [s.role for s in facts_of(stem).sections if s.depth == 1] == roles


def test_citations_and_items():
    facts = facts_of("000")
    label = LABELS["000_8a596ebcca1d5ce5.txt"]
    assert [c.title for c in facts.citations][:5] == [c["title"] for c in label["citation"]][:5]
    assert sum(1 for i in facts.items if i.kind == "plan") >= 3


def _all_labelled():
    for label in LABELS.values():
        for ind in label.get("indicator", []):
            yield label["file"][:3], ind


# Labelled statements the rules do not get yet, each with why; the test fails if one of them
# starts to pass (update this list) or if anything else is missed.
KNOWN_MISSES = {
    ("000", "legality_reviews", 1177.0): "全区各街道(镇)完成审查1177件: the clause names no topic",
    ("001", "major_decisions", 13.0): "the unit was lost with an inline element (事项13制订)",
    ("001", "normative_docs_reviewed", 112.0): "the unit was lost (累计审查112)",
    ("002", "major_decisions", 22.0): "部门、街道事项22个: the topic is two clauses back",
    # contracts reviewed are not counted as legality reviews: the dev set's labels leave every
    # contract-review count unkeyed (tuning passages a041, a106, a136, b025); the seed label
    # was never a primary value
    ("004", "legality_reviews", 28.0): "重大经济合同28件: a count of contracts reviewed",
}


def test_every_labelled_indicator_is_extracted_with_its_sentence():
    missed = {}
    for stem, label in _all_labelled():
        facts = facts_of(stem)
        hits = [i for i in facts.indicators if i.indicator == label["key"] and abs(i.value - label["value"]) < 1e-6
                and i.is_target == label["is_target"] and label["evidence"] in i.evidence]
        if not hits:
            missed[(stem, label["key"], label["value"])] = label["evidence"]
        elif label.get("primary", True) and not label["is_target"]:
            assert any(h.is_primary for h in hits), (stem, label)
    assert set(missed) == set(KNOWN_MISSES), {k: v for k, v in missed.items() if k not in KNOWN_MISSES}


def test_no_trap_is_taken_as_a_districts_result():
    for label in LABELS.values():
        facts = facts_of(label["file"][:3])
        for trap in label.get("absent", []):
            taken = [i for i in facts.indicators if i.indicator == trap["key"] and abs(i.value - trap["value"]) < 1e-6
                     and i.is_primary and not i.is_target]
            assert not taken, (label["file"], trap)


@pytest.mark.parametrize("file", sorted(LABELS))
def test_outline_items_and_metadata_match_labels(file):
    label = LABELS[file]
    facts = facts_of(file[:3])
    assert [s.role for s in facts.sections if s.depth == 1] == label["section_roles"]
    assert sum(i.kind == "shortcoming" for i in facts.items) == label["shortcomings_count"]
    assert sum(i.kind == "plan" for i in facts.items) == label["plan_items_count"]
    for field in ("index_no", "department"):
        assert (getattr(facts.metadata, field) or "") == label.get(field, "")
    body = clean_text((SEED_REPORTS_DIR / file).read_text(encoding="utf-8")).body_text.replace("\n", "")
    assert all(item.text in body for item in facts.items)   # every item is the report's own words


def test_shares_are_marked_as_shares():
    (q,) = extract_quantities(["行政机关负责人出庭应诉占比达98%。"], [])
    assert q.kind == "share"


def test_readme_names_the_sub_unit_words_the_rules_use():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"names a sub-unit \(([^;]+);", readme).group(1)
    assert tuple(listed.split(", ")) == rules.SUB_UNIT_WORDS


def test_each_number_gets_its_role_from_its_own_scope():
    """Real sentences of the dev set (tuning passages b060, b034), roles as labelled: a
    figure joining the party committee's and the government's, whose own part is given
    after 其中, is wider (subunit); the party committee's figure is another body's (other);
    the government's own meeting's figure is a result."""
    passages = {p.id: p for p in load_devset()}
    for pid, expected in (("b060", {"11次": "subunit", "6次": "other", "5次": "result"}),
                          ("b034", {"14次": "other", "10次": "result"})):
        text = passages[pid].text
        line = next(ln for ln in text.splitlines() if all(raw in ln for raw in expected))
        quantities = extract_quantities([line], [])
        assign_roles(quantities, passages[pid].report_year)
        roles = {q.raw: q.role for q in quantities if q.raw in expected}
        assert roles == expected, pid


@pytest.mark.parametrize("file", sorted(LABELS))
def test_every_number_says_which_rule_gave_its_role_and_key(file):
    facts = facts_of(file[:3])
    assert facts.quantities and all(q.role in QUANTITY_ROLES and q.role_rule for q in facts.quantities)
    assert facts.indicators and all(i.rule.startswith("topic: ") for i in facts.indicators)
