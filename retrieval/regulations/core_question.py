"""The core of a long question: what a story ("Saya sudah 6 tahun di jabatan yang sama, atasan
minta saya pindah. Apakah wajib dimutasi?") actually asks.

A story's facts dilute its question: averaged into one sentence vector, "6 tahun", "atasan" and
"pindah" weigh as much as "wajib dimutasi". The searcher scores the core as well, and the learned
ranker and answer model weigh both (:mod:`retrieval.regulations.learned`).

The core is the last sentence that asks something (ends in "?"), or the last sentence when none
does; within it, the part after its last comma or semicolon when that part still has
:data:`MIN_WORDS` words ("Saya pelaksana umur 54, masih bisa pindah ke JF?" → "masih bisa pindah
ke JF?"). A short question is its own core.
"""

from __future__ import annotations

import re

MIN_WORDS = 3  # a shorter last clause ("kan?", "bagaimana?") leans on what came before it
SHORT_WORDS = 8  # a one-sentence question up to this long is its own core

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_CLAUSE_BREAK = re.compile(r"[,;:]\s*")
_WORD = re.compile(r"\w+")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def core_question(text: str) -> str | None:
    """The core of ``text``, or None when the question is its own core."""
    text = " ".join(text.split())
    sentences = [s for s in _SENTENCE_END.split(text) if _words(s)]
    if not sentences or (len(sentences) == 1 and _words(text) <= SHORT_WORDS):
        return None
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    sentence = (asking or sentences)[-1].strip()
    clauses = [c for c in _CLAUSE_BREAK.split(sentence) if _words(c)]
    core = clauses[-1].strip() if clauses and _words(clauses[-1]) >= MIN_WORDS else sentence
    return None if _words(core) == _words(text) else core
