"""Train the learned indicator model (fazhi.core.learned) on the development set's tuning folds
(0-2) and write it where extraction loads it (fazhi/core/data/indicator_model.json). Training is
deterministic: the same devset and code give the same file, byte for byte.

    .venv/bin/python scripts/train_indicator_model.py                   # retrain, write the file
    .venv/bin/python scripts/train_indicator_model.py --check           # retrain, compare with the file
    .venv/bin/python scripts/train_indicator_model.py --cross-validate  # leave-one-tuning-fold-out, every setting
    .venv/bin/python scripts/train_indicator_model.py --score            # devset aggregates, model combined
    .venv/bin/python scripts/train_indicator_model.py --time             # clean + extract ms, without and with it

The cross-validation reads folds 0-2 only. --score runs evaluate_devset with the model combined
and prints the aggregates of both groups (no misses): each run is a look at the held-out folds,
which are worth something only while they are looked at rarely (README: the learned model).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

from fazhi.core.learned import MODEL_FILE, dump_model, load_model
from fazhi.core.paths import SEED_REPORTS_DIR
from fazhi.core.records import ReportContext
from fazhi.evaluation.devset import evaluate_devset, format_devset, load_devset
from tasks.clean import clean_text
from tasks.extract import extract_report
from fazhi.evaluation.learning import cross_validate, extract_passages, train_shipped, tuning_passages, write_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="retrain and compare with the shipped file")
    group.add_argument("--cross-validate", action="store_true", help="leave one tuning fold out, every setting")
    group.add_argument("--score", action="store_true", help="score the devset with the shipped model combined")
    group.add_argument("--time", action="store_true", help="clean + extract per page, without and with the model")
    args = parser.parse_args()
    if args.time:
        time_extraction()
        return
    if args.score:
        print(format_devset(evaluate_devset(indicator_model=load_model()), headline=True))
        return
    extracted = extract_passages(tuning_passages())
    if args.cross_validate:
        cross_validate(extracted)
        return
    model = train_shipped(extracted)
    if args.check:
        same = dump_model(model) == MODEL_FILE.read_text(encoding="utf-8")
        print(f"{MODEL_FILE}: {'reproduced' if same else 'DIFFERS from a retraining'}")
        sys.exit(0 if same else 1)
    write_model(model, MODEL_FILE)
    print(f"wrote {MODEL_FILE}: {model.settings['examples']} quantities of {model.settings['passages']} passages, "
          f"{len(model.key.weights)} key features, {len(model.role.weights)} role features")


def time_extraction(rounds: int = 3) -> None:
    """ms per page of clean_text + extract_report, the rules alone and with the shipped model
    (its combination, every quantity scored), over the devset's passages and the seed reports;
    the two alternate page by page, so both see the same load on the machine."""
    model = load_model()
    seeds = sorted(SEED_REPORTS_DIR.glob("*.txt"))
    sets = {"devset passages": [(p.url, p.title, p.text) for p in load_devset()],
            "seed reports (whole)": [(path.name, None, path.read_text(encoding="utf-8")) for path in seeds]}
    for name, pages in sets.items():
        times: dict[str, list[float]] = {"rules": [], "rules + model": []}
        for _ in range(rounds):
            for url, title, text in pages:
                for label, with_model in (("rules", None), ("rules + model", model)):
                    start = time.perf_counter()
                    extract_report(clean_text(text), ReportContext(url=url, list_title=title or None), with_model)
                    times[label].append((time.perf_counter() - start) * 1000)
        for label, ms in times.items():
            ms.sort()
            print(f"{name}, {label}: median {statistics.median(ms):.2f} ms, p95 {ms[int(0.95 * (len(ms) - 1))]:.2f} ms, "
                  f"mean {statistics.fmean(ms):.2f} ms (n={len(ms)}: {len(pages)} pages x {rounds})")


if __name__ == "__main__":
    main()
