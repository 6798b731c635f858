"""Evaluating the router: on the held-out set (the figure we report) or on the dev set.

This is the only module that knows where the held-out sets are (one file per set, each written
blind and committed with its sha256 before its first use). Training (:mod:`bot.router.training`)
and threshold fitting (:mod:`bot.router.calibration`) never read them, and a test checks both.
A file is verified against its recorded sha256 before it is used, so a changed file cannot be
reported as the committed one. A set loses its worth each time a decision follows a look at
it, so a new set is written when the old one was measured often (docs/routing.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.router.calibration import route_all
from bot.router.classifier import Router, Thresholds
from bot.router.dataset import DATA_DIR, DEV_FILE, Example, load_examples, training_examples
from bot.router.metrics import Report, score
from bot.router.training import final_examples, load_thresholds, train


@dataclass(frozen=True)
class HeldOutSet:
    """One held-out message file, written blind and committed before it was first used."""

    number: int
    path: Path
    sha256: str  # recorded when the file was committed


HELDOUT_SETS: dict[int, HeldOutSet] = {
    # Measured five times (4-7 Dec 2026) while the router was being changed.
    1: HeldOutSet(
        1,
        DATA_DIR / "heldout.yaml",
        "436344074d206b70182804e78947ec5b97e21cddcbdc113833aa50600ffb2b59",
    ),
    # Written blind from the intent specification on 8 Dec 2026 (344 messages).
    2: HeldOutSet(
        2,
        DATA_DIR / "heldout2.yaml",
        "e26e5b29ca37f34054e91e560ab6e1d33ee84318a2ee5e1098967ac6fe6cd5df",
    ),
}
LATEST_SET = max(HELDOUT_SETS)

# The goals the router is held to (docs/routing.md).
GOAL_ACCURACY = 0.95
GOAL_INTENT_ACCURACY = 0.90
GOAL_ASK_RATE = 0.10


class HeldOutChanged(Exception):
    """The held-out file is not the one whose hash was recorded when it was written."""


@dataclass(frozen=True)
class Evaluation:
    name: str  # "held-out N" | "dev"
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


def heldout_examples(number: int = LATEST_SET) -> list[Example]:
    held = HELDOUT_SETS[number]
    digest = hashlib.sha256(held.path.read_bytes()).hexdigest()
    if digest != held.sha256:
        raise HeldOutChanged(f"{held.path.name}: sha256 {digest}, expected {held.sha256}")
    return load_examples(held.path)


def _evaluate(
    name: str, router: Router, trained_on: int, examples: Sequence[Example]
) -> Evaluation:
    routed = route_all(router, examples, router.thresholds)
    return Evaluation(name, trained_on, router.thresholds, score(examples, routed))


def evaluate_heldout(number: int = LATEST_SET) -> Evaluation:
    """The final router (train + dev, thresholds from the dev fit) on held-out set ``number``."""
    learned = final_examples()
    router = train(learned, load_thresholds())
    return _evaluate(f"held-out {number}", router, len(learned), heldout_examples(number))


def evaluate_dev() -> Evaluation:
    """The router trained on the train set only, with the fitted thresholds, on the dev set."""
    learned = training_examples()
    router = train(learned, load_thresholds())
    return _evaluate("dev", router, len(learned), load_examples(DEV_FILE))
