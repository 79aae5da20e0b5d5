"""The intent classifier of a build: trained on the knowledge's example utterances when the index
is built (logistic regression on the sentence model's vectors), kept beside the vectors, and
asked for the intent of a message's vector at query time (no training library needed then).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from api.embedding.base import BaseEmbedder
from api.knowledge.intents import Intents

INTENTS = "intents.json"  # the trained classifier, in a build directory
# Regularisation: the examples are few and close together; a moderate C keeps every intent's
# weights from fitting single examples.
STRENGTH = 4.0
FOLDS = 5


@dataclass(frozen=True)
class IntentModel:
    """A trained classifier: one weight vector and bias per intent, and the confidence below
    which its reading does not count."""

    classes: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    threshold: float
    digest: str = ""  # of the intents it learnt from (`Intents.digest`)
    named_threshold: float | None = None  # for a message that names a level or place

    @property
    def named(self) -> float:
        return self.threshold if self.named_threshold is None else self.named_threshold

    def predict(self, vector: np.ndarray) -> tuple[str, float]:
        """The likeliest intent of a (unit) vector, and how likely."""
        scores = self.weights @ vector + self.bias
        scores = np.exp(scores - scores.max())
        shares = scores / scores.sum()
        best = int(np.argmax(shares))
        return self.classes[best], float(shares[best])

    def to_dict(self) -> dict[str, Any]:
        return {"classes": list(self.classes), "weights": self.weights.tolist(),
                "bias": self.bias.tolist(), "threshold": self.threshold, "digest": self.digest,
                "named_threshold": self.named_threshold}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IntentModel:
        named = data.get("named_threshold")
        return cls(tuple(data["classes"]), np.asarray(data["weights"], dtype=np.float32),
                   np.asarray(data["bias"], dtype=np.float32), float(data["threshold"]),
                   str(data.get("digest", "")), float(named) if named is not None else None)


def _data(intents: Intents, embedder: BaseEmbedder) -> tuple[np.ndarray, list[str]]:
    texts = [e for i in intents.intents for e in i.examples]
    labels = [i.id for i in intents.intents for _ in i.examples]
    return embedder.encode(texts), labels


def _classifier() -> Any:
    # scikit-learn is needed only to train, when an index is built: a server never loads it.
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=STRENGTH, max_iter=2000)


def train(intents: Intents, embedder: BaseEmbedder) -> IntentModel:
    """A classifier of the knowledge's intents, on the model's vectors of their examples."""
    vectors, labels = _data(intents, embedder)
    model = _classifier().fit(vectors, labels)
    weights, bias = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # one weight vector: the second class against the first
        weights, bias = np.vstack([-weights[0] / 2, weights[0] / 2]), np.array(
            [-bias[0] / 2, bias[0] / 2])
    return IntentModel(tuple(str(c) for c in model.classes_), weights.astype(np.float32),
                       bias.astype(np.float32), intents.threshold, intents.digest(),
                       intents.named_threshold)


@dataclass
class IntentReport:
    """How well the intents are told apart: cross-validated, as `rasa test nlu` reports."""

    precision: dict[str, float] = field(default_factory=dict)
    recall: dict[str, float] = field(default_factory=dict)
    support: dict[str, int] = field(default_factory=dict)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)  # (said, read)
    below_threshold: int = 0  # examples whose held-out reading was not sure enough
    examples: list[tuple[str, str, str, float]] = field(default_factory=list)  # mistakes


def cross_validate(intents: Intents, embedder: BaseEmbedder, folds: int = FOLDS
                   ) -> IntentReport:
    """Each example read by a classifier trained without it (stratified folds)."""
    # scikit-learn is needed only for this evaluation and for training.
    from sklearn.model_selection import StratifiedKFold

    vectors, labels = _data(intents, embedder)
    texts = [e for i in intents.intents for e in i.examples]
    truth = np.array(labels)
    report = IntentReport()
    read = np.empty(len(labels), dtype=object)
    sure = np.zeros(len(labels))
    for fit, held in StratifiedKFold(folds, shuffle=True, random_state=0).split(vectors, truth):
        model = _classifier().fit(vectors[fit], truth[fit])
        shares = model.predict_proba(vectors[held])
        read[held] = model.classes_[shares.argmax(axis=1)]
        sure[held] = shares.max(axis=1)
    for intent in intents.intents:
        said, got = truth == intent.id, read == intent.id
        report.support[intent.id] = int(said.sum())
        report.precision[intent.id] = float((said & got).sum() / max(got.sum(), 1))
        report.recall[intent.id] = float((said & got).sum() / max(said.sum(), 1))
    for i, (want, got) in enumerate(zip(truth, read, strict=True)):
        if want != got:
            report.confusions[(str(want), str(got))] += 1
            report.examples.append((texts[i], str(want), str(got), float(sure[i])))
    report.below_threshold = int((sure < intents.threshold).sum())
    return report
