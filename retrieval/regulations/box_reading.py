"""The nine-box box a question describes in words: "SKP saya Sangat Baik tapi potensi cuma
menengah, apa tindak lanjutnya?" is a question about box 7, though it never says "kotak 7".

Retrieval alone cannot make that step (every box provision shares the words "kinerja" and
"potensial"), so the question is read with the same policy tables the nine-box rule uses
(``ninebox.kinerja_tingkat`` and ``ninebox.kotak`` in :mod:`knowledge.rules.thresholds`): a
performance level (a predikat or "di atas / sesuai / di bawah ekspektasi") next to a performance
word, and a potential level (tinggi / menengah / rendah) next to a potential word. Both found,
and no axis named with two different levels, give the box; the learned ranker weighs the match
as one feature (:mod:`retrieval.regulations.learned`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.rules.ninebox import box_table
from knowledge.rules.thresholds import thresholds

BOX_PROVISION = "ninebox-praktik:angka-{}"
WINDOW = 4  # words between an axis word and its level

_PERFORMANCE_WORDS = ("skp", "kinerja", "predikat", "performance", "nilai")
_POTENTIAL_WORDS = ("potensi", "potensial", "potential", "asesmen", "assessment", "jpm")
# Levels written out, English included; predikat come from the policy table.
_PERFORMANCE_PHRASES = {
    "di atas ekspektasi": "atas",
    "diatas ekspektasi": "atas",
    "above expectations": "atas",
    "above expectation": "atas",
    "sesuai ekspektasi": "sesuai",
    "meets expectations": "sesuai",
    "meeting expectations": "sesuai",
    "di bawah ekspektasi": "bawah",
    "dibawah ekspektasi": "bawah",
    "below expectations": "bawah",
    "below expectation": "bawah",
}
_POTENTIAL_LEVELS = {
    "tinggi": "tinggi",
    "high": "tinggi",
    "menengah": "menengah",
    "sedang": "menengah",
    "medium": "menengah",
    "rendah": "rendah",
    "low": "rendah",
}
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _predikat() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(words of a predikat, level), longest first ("sangat baik" before "baik")."""
    mapping = thresholds().mapping("ninebox.kinerja_tingkat")
    pairs = [(tuple(_WORD.findall(str(k).lower())), str(v)) for k, v in mapping.items()]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _near(words: list[str], i: int, anchors: tuple[str, ...]) -> bool:
    """An anchor word (or one that starts like it: "skp-nya", "asesmennya") in the
    :data:`WINDOW` words before position ``i``."""
    return any(w.startswith(anchors) for w in words[max(0, i - WINDOW) : i])


def _performance(text: str, words: list[str]) -> set[str]:
    levels = {level for phrase, level in _PERFORMANCE_PHRASES.items() if phrase in text}
    i = 0
    while i < len(words):
        for phrase, level in _predikat():
            if tuple(words[i : i + len(phrase)]) == phrase and _near(words, i, _PERFORMANCE_WORDS):
                levels.add(level)
                i += len(phrase) - 1
                break
        i += 1
    return levels


def _potential(words: list[str]) -> set[str]:
    return {
        _POTENTIAL_LEVELS[w]
        for i, w in enumerate(words)
        if w in _POTENTIAL_LEVELS and _near(words, i, _POTENTIAL_WORDS)
    }


def box_in(question: str) -> int | None:
    """The box the question describes, or None (an axis missing or named twice)."""
    text = " ".join(question.lower().split())
    words = _WORD.findall(text)
    performance, potential = _performance(text, words), _potential(words)
    if len(performance) != 1 or len(potential) != 1:
        return None
    row = box_table().get((performance.pop(), potential.pop()))
    return int(row["kotak"]) if row is not None else None
