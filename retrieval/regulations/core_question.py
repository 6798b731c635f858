"""The core of a long question: what a story ("Saya sudah 6 tahun di jabatan yang sama, atasan
minta saya pindah. Apakah wajib dimutasi?") actually asks.

A story's facts dilute its question: averaged into one sentence vector, "6 tahun", "atasan" and
"pindah" weigh as much as "wajib dimutasi". The searcher scores the core as well, and the learned
ranker and answer model weigh both (:mod:`retrieval.regulations.learned`).

The core is the last sentence that asks something (ends in "?"), or the last sentence when none
does; within it, the part after its last comma, semicolon or colon when that part still has
:data:`MIN_CONTENT` content words ("Saya pelaksana umur 54, masih bisa pindah ke JF?" → "masih
bisa pindah ke JF?"; but "…, apakah itu benar?" keeps its sentence). A full stop after an
abbreviation ("PP No. 11") or before a number, and a comma or colon between digits ("3,5",
"07:30"), break nothing. A short question is its own core.
"""

from __future__ import annotations

import re

MIN_CONTENT = 2  # a last clause with fewer content words leans on what came before it
SHORT_WORDS = 8  # a one-sentence question up to this long is its own core

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?!\d)")
_CLAUSE_BREAK = re.compile(r"(?<!\d)[,;:]\s*|[,;:]\s+")
_WORD = re.compile(r"\w+")
# Words ending in "." that end no sentence.
_ABBREVIATION = re.compile(
    r"\b(?:no|nmr|nomor|dll|dsb|dst|hlm|tgl|kab|prov|kec|kel|jl|drs|dr|ir|hj|h|s\.\w+|a\.md)\.$",
    re.IGNORECASE,
)
# Function words, tags and fillers that carry no topic of their own.
_FILLER = frozenset(
    [
        "apakah",
        "apa",
        "itu",
        "ini",
        "atau",
        "tapi",
        "tetapi",
        "kan",
        "ya",
        "yah",
        "sih",
        "dong",
        "deh",
        "kah",
        "benar",
        "betul",
        "bener",
        "tidak",
        "nggak",
        "enggak",
        "gak",
        "ga",
        "sudah",
        "udah",
        "masih",
        "saya",
        "sy",
        "aku",
        "kami",
        "kita",
        "anda",
        "dia",
        "or",
        "but",
        "is",
        "it",
        "this",
        "that",
        "true",
        "right",
        "correct",
        "yes",
        "no",
        "not",
        "still",
        "i",
        "we",
        "you",
    ]
)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _content(text: str) -> int:
    return sum(1 for w in _WORD.findall(text.lower()) if w not in _FILLER)


def _sentences(text: str) -> list[str]:
    """Sentences, not broken after an abbreviation."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(text):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return [s for s in out if _words(s)]


def core_question(text: str) -> str | None:
    """The core of ``text``, or None when the question is its own core."""
    text = " ".join(text.split())
    sentences = _sentences(text)
    if not sentences or (len(sentences) == 1 and _words(text) <= SHORT_WORDS):
        return None
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    sentence = (asking or sentences)[-1].strip()
    clauses = [c for c in _CLAUSE_BREAK.split(sentence) if _words(c)]
    core = clauses[-1].strip() if clauses and _content(clauses[-1]) >= MIN_CONTENT else sentence
    return None if _words(core) == _words(text) else core
