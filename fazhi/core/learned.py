"""A small learned model over a quantity's features: two multinomial logistic regressions, one
for the catalog key a number counts (or none) and one for its role (indicator-labels.md),
trained on the development set's tuning folds (scripts/train_indicator_model.py) and shipped as
data (data/indicator_model.json). Scoring is pure Python: a quantity has a few hundred
features, each with a weight per class. Every decision names the features that weighed most
for it (`explain`), as a rule names its words.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).parent / "data" / "indicator_model.json"
NO_KEY = "none"
WEIGHT_DIGITS = 3        # weights are stored rounded, so a retraining reproduces the file exactly


@dataclass(frozen=True)
class Classifier:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]     # feature -> a weight per class

    def probabilities(self, features: list[str]) -> dict[str, float]:
        rows = [row for row in map(self.weights.get, features) if row is not None]
        scores = [sum(column) for column in zip(self.bias, *rows)]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp)}

    def explain(self, features: list[str], cls: str, top: int = 4) -> list[tuple[str, float]]:
        """The features that weigh most for `cls` against the mean of the other classes."""
        if cls not in self.classes:
            return []       # a key the training examples never had
        i = self.classes.index(cls)
        n = len(self.classes)
        weighed = []
        for f in dict.fromkeys(features):
            row = self.weights.get(f)
            if row is not None:
                weighed.append((f, row[i] - (sum(row) - row[i]) / (n - 1)))
        return sorted(weighed, key=lambda fw: (-fw[1], fw[0]))[:top]

    def as_json(self) -> dict:
        return {"classes": list(self.classes), "bias": list(self.bias),
                "weights": {f: list(w) for f, w in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: dict) -> Classifier:
        return cls(tuple(data["classes"]), tuple(data["bias"]),
                   {f: tuple(w) for f, w in data["weights"].items()})


@dataclass(frozen=True)
class IndicatorModel:
    key: Classifier
    role: Classifier
    settings: dict          # how it was trained and how it is combined with the rules

    def as_json(self) -> dict:
        return {"settings": self.settings, "key": self.key.as_json(), "role": self.role.as_json()}


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_FILE) -> IndicatorModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return IndicatorModel(Classifier.from_json(data["key"]), Classifier.from_json(data["role"]), data["settings"])


def dump_model(model: IndicatorModel) -> str:
    return json.dumps(model.as_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def train_classifier(examples: list[list[str]], labels: list[str], l2: float, min_count: int = 2,
                     iterations: int = 400, rate: float = 0.5) -> Classifier:
    """Multinomial logistic regression by full-batch gradient descent from zero (deterministic:
    no sampling, a fixed number of steps). Features seen fewer than `min_count` times are
    dropped. numpy is imported here only: scoring needs none."""
    import numpy as np

    counts: dict[str, int] = {}
    for feats in examples:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    classes = sorted(set(labels))
    rows, cols = [], []
    for r, feats in enumerate(examples):
        for f in sorted({index[f] for f in feats if f in index}):
            rows.append(r)
            cols.append(f)
    # the examples' features as (row, column) pairs, sorted once by row and once by column, so
    # both products are summed by np.add.reduceat in a fixed order (deterministic, and fast)
    rows_a, cols_a = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    by_col = np.lexsort((rows_a, cols_a))
    row_starts = np.searchsorted(rows_a, np.arange(len(examples)))
    col_sorted = cols_a[by_col]
    col_starts = np.searchsorted(col_sorted, np.arange(len(vocab)))
    has_row = np.diff(np.append(row_starts, len(rows_a))) > 0
    y = np.zeros((len(examples), len(classes)))
    y[np.arange(len(examples)), [classes.index(label) for label in labels]] = 1.0
    w = np.zeros((len(vocab), len(classes)))
    b = np.zeros(len(classes))
    n = len(examples)
    for _ in range(iterations):
        scores = np.zeros((n, len(classes)))
        if len(rows_a):
            scores[has_row] = np.add.reduceat(w[cols_a], row_starts[has_row], axis=0)
        scores += b
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) / n
        grad_w = np.add.reduceat(g[rows_a[by_col]], col_starts, axis=0) + l2 * w
        w -= rate * grad_w
        b -= rate * g.sum(axis=0)
    weights = {f: tuple(round(float(v), WEIGHT_DIGITS) for v in w[i]) for f, i in index.items()
               if np.abs(w[i]).max() >= 10 ** -WEIGHT_DIGITS}
    return Classifier(tuple(classes), tuple(round(float(v), WEIGHT_DIGITS) for v in b), weights)
