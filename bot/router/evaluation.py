"""Evaluating the router: on the held-out set (the figure we report) or on the dev set.

This is the only module that knows where the held-out set is. Training
(:mod:`bot.router.training`) and threshold fitting (:mod:`bot.router.calibration`) never read
it, and a test checks both. The held-out file is verified against its recorded sha256 before
it is used, so a changed file cannot be reported as the committed one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from bot.router.calibration import route_all
from bot.router.classifier import Router, Thresholds
from bot.router.dataset import DATA_DIR, DEV_FILE, Example, load_examples, training_examples
from bot.router.metrics import Report, score
from bot.router.training import final_examples, load_thresholds, train

HELDOUT_FILE = DATA_DIR / "heldout.yaml"
HELDOUT_SHA256 = "436344074d206b70182804e78947ec5b97e21cddcbdc113833aa50600ffb2b59"

# The goals the router is held to (docs/routing.md).
GOAL_ACCURACY = 0.95
GOAL_INTENT_ACCURACY = 0.90
GOAL_ASK_RATE = 0.10


class HeldOutChanged(Exception):
    """The held-out file is not the one whose hash was recorded when it was written."""


@dataclass(frozen=True)
class Evaluation:
    name: str  # "held-out" | "dev"
    trained_on: int  # messages the evaluated router learned from
    thresholds: Thresholds
    report: Report

    def goals_met(self) -> bool:
        r = self.report
        return (
            r.accuracy >= GOAL_ACCURACY
            and all(r.intent_accuracy(i) >= GOAL_INTENT_ACCURACY for i in r.by_intent)
            and r.ask_rate <= GOAL_ASK_RATE
        )


def heldout_examples() -> list[Example]:
    raw = HELDOUT_FILE.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != HELDOUT_SHA256:
        raise HeldOutChanged(f"sha256 {digest}, expected {HELDOUT_SHA256}")
    return load_examples(HELDOUT_FILE)


def _evaluate(
    name: str, router: Router, trained_on: int, examples: Sequence[Example]
) -> Evaluation:
    routed = route_all(router, examples, router.thresholds)
    return Evaluation(name, trained_on, router.thresholds, score(examples, routed))


def evaluate_heldout() -> Evaluation:
    """The final router (train + dev, thresholds from the dev fit) on the held-out set."""
    learned = final_examples()
    return _evaluate(
        "held-out", train(learned, load_thresholds()), len(learned), heldout_examples()
    )


def evaluate_dev() -> Evaluation:
    """The router trained on the train set only, with the fitted thresholds, on the dev set."""
    learned = training_examples()
    router = train(learned, load_thresholds())
    return _evaluate("dev", router, len(learned), load_examples(DEV_FILE))
