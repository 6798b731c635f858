"""The routing data keeps its discipline: held-out untouched and unseen, enough distinct messages.

These tests compare texts of the held-out set with the training texts; they never use its
labels, and nothing here feeds back into training.
"""

from __future__ import annotations

import hashlib
from collections import Counter

import yaml

from bot.router.dataset import (
    DEV_FILE,
    NEAR_DUPLICATE_JACCARD,
    TRAIN_FILE,
    load_examples,
    near_duplicate_pairs,
    normal_form,
    training_examples,
)
from bot.router.evaluation import HELDOUT_SETS
from bot.router.intents import Intent


def _heldout_texts() -> list[str]:
    """The texts of every held-out set (never their labels)."""
    texts: list[str] = []
    for held in HELDOUT_SETS.values():
        rows = yaml.safe_load(held.path.read_text(encoding="utf-8"))
        texts += [str(r["text"]) for r in rows]
    return texts


def test_heldout_files_are_the_ones_committed_blind() -> None:
    for held in HELDOUT_SETS.values():
        assert hashlib.sha256(held.path.read_bytes()).hexdigest() == held.sha256, held.path.name


def test_no_heldout_message_is_a_near_duplicate_of_a_training_or_dev_message() -> None:
    """Near-duplicate: equal normal forms (NFKC, lower case, every run of non-alphanumerics
    one space), or a Jaccard similarity of at least 0.8 between the sets of character
    3-grams of the normal forms (padded with one space at each end)."""
    assert NEAR_DUPLICATE_JACCARD == 0.8
    learned = [e.text for e in training_examples() + load_examples(DEV_FILE)]
    pairs = near_duplicate_pairs(_heldout_texts(), learned)
    assert pairs == [], [(i, learned[j]) for i, j, _ in pairs[:10]]


def test_near_duplicate_definition() -> None:
    same = near_duplicate_pairs(["Profil saya?"], ["profil   SAYA"])
    assert [(i, j) for i, j, _ in same] == [(0, 0)]
    asked = "siapa yang melihat data saya"
    close = near_duplicate_pairs([asked], ["siapa yg melihat data saya"])
    assert close and 0.8 <= close[0][2] < 1.0
    apart = near_duplicate_pairs([asked], ["siapa calon kabid anggaran"])
    assert apart == []


def test_at_least_1500_distinct_labelled_messages_in_total() -> None:
    texts = [e.text for e in training_examples() + load_examples(DEV_FILE)] + _heldout_texts()
    duplicates = {j for _, j, _ in near_duplicate_pairs(texts)}
    distinct = len(texts) - len(duplicates)
    assert distinct >= 1500, distinct


def test_train_and_dev_are_disjoint_and_dev_is_a_stratified_sixth() -> None:
    train, dev = training_examples(), load_examples(DEV_FILE)
    assert near_duplicate_pairs([e.text for e in dev], [e.text for e in train]) == []
    assert {normal_form(e.text) for e in train}.isdisjoint(normal_form(e.text) for e in dev)
    # The stratified split was of the helpers' messages (train.yaml); the hand-written
    # additions (train_added.yaml) are training only by design and not part of that split.
    per_train = Counter(e.intent for e in load_examples(TRAIN_FILE))
    per_dev = Counter(e.intent for e in dev)
    assert set(per_dev) == set(Intent)
    for intent in Intent:
        share = per_dev[intent] / (per_dev[intent] + per_train[intent])
        assert 0.10 <= share <= 0.20, (intent, share)
