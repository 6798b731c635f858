"""The learned router: one linear classifier over n-gram features, then a role-aware decision.

:meth:`Router.scores` gives one score per intent (a linear SVM's decision values: higher is
more likely, 0 is its boundary). :func:`decide` turns the scores into one reading, or into a
short list of readings to ask about:

1. Only flows the asker's role can use are offered (:func:`bot.router.intents.allowed`). When
   the best reading is a flow the role cannot use but a usable one *fits* (its score is within
   ``Thresholds.fit`` of the best), the usable one wins: the role decides between readings
   the words alone cannot. When nothing usable fits, the best reading stands and its flow
   explains the refusal (a guest asking for candidates learns that it needs an account).
2. Readings that lead to the same flow (a regulation question and a rule check) are one
   choice; among the others, when the best score is below ``Thresholds.confident`` or the
   runner-up is within ``Thresholds.margin``, the assistant asks instead of guessing.

The thresholds are fitted on the dev set (:mod:`bot.router.calibration`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.svm import LinearSVC

from bot.chat.access import Role
from bot.router.features import Features
from bot.router.intents import Intent, allowed

# Readings that run the same flow: asking which one is meant would be a pointless question.
SAME_FLOW: dict[Intent, Intent] = {Intent.rule_check: Intent.regulation}


@dataclass(frozen=True)
class Thresholds:
    confident: float = 0.0  # best score below this: ask
    margin: float = 0.3  # runner-up within this of the best: ask
    fit: float = 0.1  # a usable reading this close to an unusable best one replaces it


@dataclass(frozen=True)
class Routed:
    intent: Intent  # the reading to run (the first of ``readings`` when asking)
    readings: tuple[Intent, ...]  # more than one: ask which is meant

    @property
    def ask(self) -> bool:
        return len(self.readings) > 1


def decide(scores: dict[Intent, float], role: Role, thresholds: Thresholds) -> Routed:
    ranked = sorted(scores, key=lambda i: scores[i], reverse=True)
    usable = [i for i in ranked if allowed(role, i)]
    best = ranked[0]
    if not allowed(role, best) and (
        not usable or scores[best] - scores[usable[0]] >= thresholds.fit
    ):
        return Routed(best, (best,))
    first = usable[0]
    others = [i for i in usable[1:] if SAME_FLOW.get(i, i) != SAME_FLOW.get(first, first)]
    if not others:
        return Routed(first, (first,))
    close = [i for i in others[:2] if scores[first] - scores[i] < thresholds.margin]
    if close:
        return Routed(first, (first, *close))
    if scores[first] < thresholds.confident:
        return Routed(first, (first, others[0]))
    return Routed(first, (first,))


class Router:
    """A fitted classifier plus the thresholds of its decision."""

    def __init__(self, features: Features, model: LinearSVC, thresholds: Thresholds) -> None:
        self.features = features
        self.model = model
        self.thresholds = thresholds
        self.intents = tuple(Intent(c) for c in model.classes_)
        # Dense copy of the weights (intents x features, ~2 MB): one message is a few hundred
        # active features, so scoring it is one fancy-indexed product.
        self._weights = np.ascontiguousarray(model.coef_.T)
        self._bias = np.asarray(model.intercept_)

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        roles: Sequence[Role],
        intents: Sequence[Intent],
        thresholds: Thresholds | None = None,
    ) -> Router:
        features = Features().fit(texts, roles)
        # C = 1: the dev set liked it as well as any value from 0.3 to 3 (docs/routing.md).
        model = LinearSVC(C=1.0)
        model.fit(features.transform(texts, roles), [i.value for i in intents])
        return cls(features, model, thresholds or Thresholds())

    def score_matrix(self, texts: Sequence[str], roles: Sequence[Role]) -> np.ndarray:
        return np.asarray(self.model.decision_function(self.features.transform(texts, roles)))

    def scores(self, text: str, role: Role) -> dict[Intent, float]:
        columns, values = self.features.active(text, role)
        row = values @ self._weights[columns] + self._bias
        return {i: float(s) for i, s in zip(self.intents, row, strict=True)}

    def route(self, text: str, role: Role) -> Routed:
        return decide(self.scores(text, role), role, self.thresholds)
