"""BM25 over Indonesian-stemmed text (bm25s + PySastrawi)."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from functools import lru_cache

import bm25s
import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_WORD = re.compile(r"[0-9a-z]+", re.IGNORECASE)

# Question words and fillers that say nothing about the topic. Kept short on purpose: BM25's
# idf already discounts common words; these are the ones frequent in questions, rare in the
# corpus, which would otherwise give an unrelated question a lucky match.
_STOPWORDS_TEXT = """
    apa apakah berapa bagaimana gimana kapan dimana mana siapa kenapa mengapa yang dan atau di
    ke dari untuk dengan pada dalam oleh itu ini tersebut ada adalah ya tidak saya aku kami kita
    anda bapak ibu pak bu mas mbak min admin kak tolong mohon mau ingin tanya bertanya bisa
    boleh dapat masih sudah belum jadi menjadi ikut apakah kah lah pun sih dong kok nya juga
    lagi saja hanya kalau jika bila seperti soal tentang mengenai terkait menurut aturan agar
    supaya maksud dimaksud
    aturannya peraturan ketentuan berlaku sekarang isi bunyi jelaskan sebutkan the a an of to
    for in on at is are was be what which who how when where can could does do did my i me we
    our your you it its and or with about according rules rule need needs
"""
# English questions: scikit-learn's English stop-word list, less the few words the corpus
# uses as terms of the field ("nine box", "merit system", "per tahun", "look-back").
_ENGLISH = frozenset(ENGLISH_STOP_WORDS) - {"nine", "system", "per", "back"}
STOPWORDS = frozenset(_STOPWORDS_TEXT.split()) | _ENGLISH


# Words of the field that Sastrawi mangles ("merit" → "rit", "kadis" → "kad", "pemerintah"
# → "perintah" collides with "perintah" = order); indexed as written.
_PROTECTED_TEXT = """
    merit meritokrasi kadis kabid kaban kasi sekda sekdis selter talenta manajerial pemerintah
    pemerintahan nonmanajerial asesmen pensiun
"""
PROTECTED = frozenset(_PROTECTED_TEXT.split())


@lru_cache(maxsize=1)
def _stemmer() -> object:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    if word.isdigit() or len(word) <= 3 or word in PROTECTED:
        return word
    return str(_stemmer().stem(word))  # type: ignore[attr-defined]


def analyse(text: str, *, unique: bool = False) -> list[str]:
    out = [stem(w) for w in (m.group(0).lower() for m in _WORD.finditer(text))]
    out = [w for w in out if w and w not in STOPWORDS]
    if unique:
        return list(dict.fromkeys(out))
    return out


class LexicalIndex:
    """Exact BM25 scores for every document (the corpus has hundreds, not millions), and the
    analysed terms of each document with their document frequencies (for the no-answer
    decision's support feature, :mod:`retrieval.regulations.relevance`)."""

    def __init__(self, texts: Sequence[str]):
        # bm25s logs every index build at DEBUG through its own logger; keep it out of the
        # CLI's output (a `talenta ask --json` prints exactly one JSON object).
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self._bm25 = bm25s.BM25()
        corpus_tokens = [analyse(t) or ["_"] for t in texts]
        self._bm25.index(corpus_tokens, show_progress=False)
        self._size = len(texts)
        self.doc_terms: list[frozenset[str]] = [frozenset(t) for t in corpus_tokens]
        df: dict[str, int] = {}
        for terms in self.doc_terms:
            for term in terms:
                df[term] = df.get(term, 0) + 1
        self.df = df

    @property
    def size(self) -> int:
        return self._size

    def idf(self, term: str) -> float:
        """BM25's (Lucene) idf; a term no document contains gets the largest value."""
        df = self.df.get(term, 0)
        return math.log(1.0 + (self._size - df + 0.5) / (df + 0.5))

    def scores(self, query: str, expansion: str = "", expansion_weight: float = 1.0) -> np.ndarray:
        """BM25 of ``query`` plus ``expansion_weight`` x BM25 of the expansion terms the
        query does not already contain. Each term counts once."""
        terms = analyse(query, unique=True)
        extra = [t for t in analyse(expansion, unique=True) if t not in set(terms)]
        out = np.zeros(self._size, dtype=np.float32)
        if self._size == 0:
            return out
        if terms:
            out += np.asarray(self._bm25.get_scores(terms), dtype=np.float32)
        if extra and expansion_weight > 0:
            out += expansion_weight * np.asarray(self._bm25.get_scores(extra), dtype=np.float32)
        return out
