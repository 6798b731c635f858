"""Fitting the router from the labelled messages; the assistant's router is fitted at start-up.

Fitting takes well under a second (about 2,000 short messages, a linear SVM), so no fitted
weights are shipped: the data files are the model, and a changed data file cannot leave a
stale model behind. Only the decision thresholds, fitted on the dev set, are a data file.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import yaml

from bot.router.classifier import Router, Thresholds
from bot.router.dataset import DATA_DIR, DEV_FILE, Example, load_examples, training_examples

THRESHOLDS_FILE = DATA_DIR / "thresholds.yaml"


def load_thresholds(path: Path = THRESHOLDS_FILE) -> Thresholds:
    if not path.exists():
        return Thresholds()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Thresholds(
        confident=float(raw["confident"]), margin=float(raw["margin"]), fit=float(raw["fit"])
    )


def train(examples: Sequence[Example], thresholds: Thresholds | None = None) -> Router:
    return Router.fit(
        [e.text for e in examples],
        [e.role for e in examples],
        [e.intent for e in examples],
        thresholds,
    )


def final_examples() -> list[Example]:
    """What the assistant's router learns from: the training and the dev messages."""
    return training_examples() + load_examples(DEV_FILE)


@lru_cache(maxsize=1)
def default_router() -> Router:
    """The router the assistant uses, fitted once per process."""
    return train(final_examples(), load_thresholds())
