"""Fitting the decision thresholds on the dev set, with a router trained on the train set only.

The grid search keeps the thresholds that make the most dev messages right (picked, or
offered among the buttons) while asking about at most :data:`MAX_ASK_RATE` of them; ties go
to fewer questions, then to the widest role override (``fit``: the brief prefers a usable
flow to a refusal wherever that loses nothing), then to the narrowest margin.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.router.classifier import Routed, Router, Thresholds, decide
from bot.router.dataset import DEV_FILE, Example, load_examples, training_examples
from bot.router.metrics import Report, score
from bot.router.training import THRESHOLDS_FILE, train

# The goal is at most 10 % questions on unseen messages; dev keeps a margin below it.
MAX_ASK_RATE = 0.08
CONFIDENT = np.round(np.arange(-1.0, 0.51, 0.1), 2)
MARGIN = np.round(np.arange(0.0, 0.61, 0.05), 2)
FIT = np.round(np.arange(0.0, 1.01, 0.05), 2)


@dataclass(frozen=True)
class Calibrated:
    thresholds: Thresholds
    report: Report  # dev, with these thresholds


def route_all(router: Router, examples: Sequence[Example], thresholds: Thresholds) -> list[Routed]:
    matrix = router.score_matrix([e.text for e in examples], [e.role for e in examples])
    return [
        decide(dict(zip(router.intents, row, strict=True)), e.role, thresholds)
        for row, e in zip(matrix, examples, strict=True)
    ]


def fit_thresholds(router: Router, dev: Sequence[Example]) -> Calibrated:
    matrix = router.score_matrix([e.text for e in dev], [e.role for e in dev])
    rows = [dict(zip(router.intents, row, strict=True)) for row in matrix]
    best: tuple[tuple[float, ...], Thresholds] | None = None
    for confident, margin, fit in itertools.product(CONFIDENT, MARGIN, FIT):
        th = Thresholds(confident=float(confident), margin=float(margin), fit=float(fit))
        routed = [decide(r, e.role, th) for r, e in zip(rows, dev, strict=True)]
        asked = sum(r.ask for r in routed)
        if asked > MAX_ASK_RATE * len(dev):
            continue
        right = sum(e.intent in r.readings for r, e in zip(routed, dev, strict=True))
        key = (right, -asked, fit, -margin, -confident)
        if best is None or key > best[0]:
            best = (key, th)
    assert best is not None  # margin 0 with confident -1 asks nothing
    chosen = best[1]
    return Calibrated(chosen, score(dev, route_all(router, dev, chosen)))


def calibrate() -> Calibrated:
    """Train on the train set, fit the thresholds on the dev set."""
    return fit_thresholds(train(training_examples()), load_examples(DEV_FILE))


def save(thresholds: Thresholds, path: Path = THRESHOLDS_FILE) -> None:
    path.write_text(
        "# Decision thresholds of the router, fitted on the dev set by\n"
        "# `talenta eval routing --fit-thresholds` (bot/router/calibration.py).\n"
        f"confident: {thresholds.confident}\nmargin: {thresholds.margin}\nfit: {thresholds.fit}\n",
        encoding="utf-8",
    )
