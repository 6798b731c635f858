"""BM25 over Indonesian-stemmed text (bm25s + PySastrawi)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import bm25s
import numpy as np

_WORD = re.compile(r"[0-9a-z]+", re.IGNORECASE)

# Question words and fillers that say nothing about the topic. Kept short on purpose: BM25's
# idf already discounts common words; these are the ones frequent in questions, rare in the
# corpus, which would otherwise give an unrelated question a lucky match.
STOPWORDS = frozenset(
    """
    apa apakah berapa bagaimana gimana kapan dimana mana siapa kenapa mengapa yang dan atau
    di ke dari untuk dengan pada dalam oleh itu ini tersebut ada adalah ya tidak saya aku kami
    kita anda bapak ibu pak bu mas mbak min admin kak tolong mohon mau ingin tanya bertanya
    bisa boleh dapat masih sudah belum jadi menjadi ikut apakah kah lah pun sih dong kok nya
    juga lagi saja hanya kalau jika bila seperti soal tentang mengenai terkait menurut
    aturan aturannya peraturan ketentuan berlaku sekarang isi bunyi jelaskan sebutkan
    the a an of to for in on at is are was be what which who how when where can could
    does do did my i me we our your you it its and or with about according rules rule
    """.split()
)


@lru_cache(maxsize=1)
def _stemmer() -> object:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    if word.isdigit() or len(word) <= 3:
        return word
    return str(_stemmer().stem(word))  # type: ignore[attr-defined]


def analyse(text: str, *, unique: bool = False) -> list[str]:
    out = [stem(w) for w in (m.group(0).lower() for m in _WORD.finditer(text))]
    out = [w for w in out if w and w not in STOPWORDS]
    if unique:
        return list(dict.fromkeys(out))
    return out


class LexicalIndex:
    """Exact BM25 scores for every document (the corpus has hundreds, not millions)."""

    def __init__(self, texts: Sequence[str]):
        self._bm25 = bm25s.BM25()
        corpus_tokens = [analyse(t) or ["_"] for t in texts]
        self._bm25.index(corpus_tokens, show_progress=False)
        self._size = len(texts)

    def scores(self, query: str) -> np.ndarray:
        # Each query term counts once: expansions may repeat a word the user already wrote.
        terms = analyse(query, unique=True)
        if not terms or self._size == 0:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)
