"""Labelled routing messages: loading, the normal form, and the near-duplicate test.

A message is ``{text, role, intent}``. Two texts are *near-duplicates* when their normal forms
(NFKC, lower case, every run of non-alphanumerics one space) are equal, or when the Jaccard
similarity of their character-3-gram sets (of the normal form) is at least
:data:`NEAR_DUPLICATE_JACCARD`. The sets are compared as sparse binary rows, so checking two
thousand messages against two thousand others takes a fraction of a second.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from bot.chat.access import Role
from bot.router.intents import Intent

NEAR_DUPLICATE_JACCARD = 0.8
DATA_DIR = Path(__file__).parent / "data"
TRAIN_FILE = DATA_DIR / "train.yaml"
DEV_FILE = DATA_DIR / "dev.yaml"
ADDED_FILE = DATA_DIR / "train_added.yaml"  # hand-written for gaps; training only

_NON_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Example:
    text: str
    role: Role
    intent: Intent


def normal_form(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    return _NON_WORD.sub(" ", folded).strip()


def training_examples() -> list[Example]:
    """The training set: the helpers' messages plus the hand-written additions."""
    return load_examples(TRAIN_FILE) + load_examples(ADDED_FILE)


def load_examples(path: Path) -> list[Example]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 5x faster at start-up
    rows = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []
    return [Example(str(r["text"]), Role(r["role"]), Intent(r["intent"])) for r in rows]


def dump_examples(examples: Iterable[Example], path: Path, header: str) -> None:
    """One flow-style mapping per line, so a diff shows one message per changed line."""
    lines = [f"# {line}".rstrip() for line in header.strip().splitlines()]
    for e in examples:
        text = json.dumps(e.text, ensure_ascii=False)  # a JSON string is a YAML string
        lines.append(f"- {{text: {text}, role: {e.role.value}, intent: {e.intent.value}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def near_duplicate_pairs(
    left: Sequence[str], right: Sequence[str] | None = None
) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, jaccard)`` with ``left[i]`` a near-duplicate of ``right[j]``.

    Without ``right`` the pairs are inside ``left`` (``i < j``). Equal normal forms count
    as Jaccard 1.0 even when too short to have a trigram.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    same = right is None
    other = left if right is None else right
    forms_left = [normal_form(t) for t in left]
    forms_right = forms_left if same else [normal_form(t) for t in other]
    trigrams = CountVectorizer(analyzer="char", ngram_range=(3, 3), binary=True, lowercase=False)
    matrix = trigrams.fit_transform([f" {f} " for f in [*forms_left, *forms_right]]).tocsr()
    a, b = matrix[: len(left)], matrix[len(left) :]
    inter = (a @ b.T).tocoo()
    sizes_a = np.asarray(a.sum(axis=1)).ravel()
    sizes_b = np.asarray(b.sum(axis=1)).ravel()
    pairs: dict[tuple[int, int], float] = {}
    for i, j, n in zip(inter.row, inter.col, inter.data, strict=True):
        if same and i >= j:
            continue
        union = sizes_a[i] + sizes_b[j] - n
        score = float(n / union) if union else 0.0
        if score >= NEAR_DUPLICATE_JACCARD:
            pairs[(int(i), int(j))] = score
    index: dict[str, list[int]] = {}
    for j, f in enumerate(forms_right):
        index.setdefault(f, []).append(j)
    for i, f in enumerate(forms_left):
        for j in index.get(f, []):
            if not (same and i >= j):
                pairs[(i, j)] = 1.0
    return sorted((i, j, s) for (i, j), s in pairs.items())
