"""The learned indicator model (fazhi.core.learned, issue 12 item 3): it loads from the package,
scores deterministically, every value it decides names the features that decided it, a
retraining from the development set's tuning folds gives the shipped file byte for byte, and
the default extraction path is the rules alone (the model did not improve the held-out folds:
README, the learned model). Passages are the development set's (real reports, by id)."""
import dataclasses
import tomllib

from fazhi.core.indicators import CATALOG
from fazhi.core.learned import MODEL_FILE, NO_KEY, dump_model, load_model
from fazhi.core.records import QUANTITY_ROLES, ReportContext
from fazhi.evaluation.devset import FOLDS_FILE, load_devset
from fazhi.evaluation.learning import CHOSEN, train_shipped, tuning_passages
from tasks.clean import clean_text
from tasks.extract import extract_report


def _passage(passage_id):
    return next(p for p in tuning_passages() if p.id == passage_id)


def _extract(passage, model=None):
    return extract_report(clean_text(passage.text), ReportContext(url=passage.url, list_title=passage.title), model)


def _combined(**how):
    model = load_model()
    return dataclasses.replace(model, settings={**model.settings, "combine": how})


def test_the_shipped_model_loads_with_its_settings():
    model = load_model()
    assert NO_KEY in model.key.classes and set(model.key.classes) - {NO_KEY} <= {k.key for k in CATALOG}
    assert "result" in model.role.classes and set(model.role.classes) <= set(QUANTITY_ROLES)
    assert {k: model.settings[k] for k in CHOSEN} == CHOSEN
    assert model.settings["passages"] == len(tuning_passages())
    assert not any(f.startswith("rule_") for f in model.key.weights)    # CHOSEN: it does not see the rules' proposals


def test_a_value_the_model_fills_names_its_features_and_is_the_same_each_time():
    # c052 (part_c, fold 2): the rules give no law_study_sessions; its gold is 2
    passage = _passage("c052")
    assert "law_study_sessions" not in {iv.indicator for iv in _extract(passage).indicators if iv.is_primary}
    model = _combined(fill=0.5)
    first, second = _extract(passage, model), _extract(passage, model)
    assert first.indicators == second.indicators
    filled = [iv for iv in first.indicators if iv.rule.startswith("model named the key")]
    assert [(iv.indicator, iv.value, iv.is_primary) for iv in filled] == [("law_study_sessions", 2.0, True)]
    assert "P(law_study_sessions)=" in filled[0].rule and "topic:law_study_sessions" in filled[0].rule
    assert "P(result)=" in filled[0].rule and filled[0].evidence in passage.text


def test_a_veto_keeps_the_rules_words_and_names_the_models():
    # a threshold no probability reaches vetoes every primary result: each says why, model and rules
    # (a024, part_a, fold 0: 行政诉讼 521, 败诉率 7.29%, 行政复议 168, all gold)
    passage = _passage("a024")
    rules_alone = [iv for iv in _extract(passage).indicators if iv.is_primary and not iv.is_target]
    assert rules_alone
    assert len(rules_alone) == 3
    vetoed = [iv for iv in _extract(passage, _combined(veto_role=1.01)).indicators
              if iv.quantity_seq in {r.quantity_seq for r in rules_alone}]
    assert len(vetoed) == 3 and not any(iv.is_primary for iv in vetoed)
    for iv, rule in zip(vetoed, rules_alone):
        assert iv.rule.startswith("P(none)=") and "model vetoed the rules' primary" in iv.rule
        assert iv.rule.endswith(f" | rules: {rule.rule}")


def test_the_default_path_is_the_rules_alone():
    facts = _extract(_passage("a024"))
    assert facts.indicators and not any(iv.rule.startswith(("model", "P(none)")) for iv in facts.indicators)


def test_training_reads_the_tuning_folds_only():
    groups = tomllib.loads(FOLDS_FILE.read_text(encoding="utf-8"))
    passages = tuning_passages()
    assert {p.fold for p in passages} == set(groups["tuning"])
    assert len(passages) == sum(1 for p in load_devset() if p.fold in groups["tuning"])


def test_retraining_reproduces_the_shipped_weights():
    assert dump_model(train_shipped()) == MODEL_FILE.read_text(encoding="utf-8")
