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
WINDOW = 2  # an axis word at most this many words before its level ("potensi saya rendah")

_PERFORMANCE_WORDS = ("skp", "kinerja", "predikat", "performance", "nilai")
_POTENTIAL_WORDS = ("potensi", "potensial", "potential", "asesmen", "assessment", "jpm")
# Levels written out, English included; predikat come from the policy table.
_PERFORMANCE_PHRASES = {
    "di atas ekspektasi": "atas",
    "diatas ekspektasi": "atas",
    "above expectations": "atas",
    "above expectation": "atas",
    "sesuai ekspektasi": "sesuai",
    "memenuhi ekspektasi": "sesuai",
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
# English puts the level first ("high potential"): these may also precede their axis word.
_LEVEL_FIRST = frozenset({"high", "medium", "low", "above", "below"})
# A level word that names something else: "jabatan pimpinan tinggi", "kurang dari dua tahun".
_NOT_BEFORE = frozenset({"pimpinan", "madya", "pratama"})
_NOT_AFTER = frozenset({"dari", "than"})
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _predikat() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(words of a predikat, level), longest first ("sangat baik" before "baik")."""
    mapping = thresholds().mapping("ninebox.kinerja_tingkat")
    pairs = [(tuple(_WORD.findall(str(k).lower())), str(v)) for k, v in mapping.items()]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _near(words: list[str], i: int, n: int, anchors: tuple[str, ...]) -> bool:
    """The level ``words[i : i + n]`` reads as a level of the axis ``anchors``: an anchor word
    (or one that starts like it: "skp-nya", "asesmennya") in the :data:`WINDOW` words before
    it (or after it, for an English level), and it does not name something else."""
    if i > 0 and words[i - 1] in _NOT_BEFORE:
        return False
    if i + n < len(words) and words[i + n] in _NOT_AFTER:
        return False
    if any(w.startswith(anchors) for w in words[max(0, i - WINDOW) : i]):
        return True
    after = words[i + n : i + n + WINDOW]
    return words[i] in _LEVEL_FIRST and any(w.startswith(anchors) for w in after)


def _performance(text: str, words: list[str]) -> set[str]:
    levels = {level for phrase, level in _PERFORMANCE_PHRASES.items() if phrase in text}
    i = 0
    while i < len(words):
        for phrase, level in _predikat():
            n = len(phrase)
            if tuple(words[i : i + n]) == phrase and _near(words, i, n, _PERFORMANCE_WORDS):
                levels.add(level)
                i += n - 1
                break
        i += 1
    return levels


def _potential(words: list[str]) -> set[str]:
    return {
        _POTENTIAL_LEVELS[w]
        for i, w in enumerate(words)
        if w in _POTENTIAL_LEVELS and _near(words, i, 1, _POTENTIAL_WORDS)
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
