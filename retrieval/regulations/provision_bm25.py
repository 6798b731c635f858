"""BM25 over the regulation documents (:mod:`retrieval.index.bm25`) with the regulation
corpus's own stop words and protected words."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from retrieval.index.bm25 import BM25, Analyzer

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

# Stop words are dropped after stemming: an inflected question word goes with its stem.
PROVISION_ANALYZER = Analyzer(drop_stems=STOPWORDS, protected=PROTECTED)


def analyse(text: str, *, unique: bool = False) -> list[str]:
    return PROVISION_ANALYZER.terms(text, unique=unique)


class ProvisionBM25:
    """Exact BM25 scores for every document (the corpus has hundreds, not millions), and the
    analysed terms of each document with their document frequencies (for the no-answer
    decision's support feature, :mod:`retrieval.regulations.relevance`)."""

    def __init__(self, texts: Sequence[str]):
        # An empty document is indexed as one placeholder term, so that it still counts in the
        # average document length like any other.
        corpus_tokens = [analyse(t) or ["_"] for t in texts]
        self._bm25 = BM25(corpus_tokens)
        self._size = len(texts)
        self.doc_terms: list[frozenset[str]] = [frozenset(t) for t in corpus_tokens]
        vocabulary = self._bm25.vocabulary()
        self.df = dict(zip(vocabulary, self._bm25.document_frequency(vocabulary), strict=True))

    @property
    def size(self) -> int:
        return self._size

    def idf(self, term: str) -> float:
        """BM25's (Lucene) idf; a term no document contains gets the largest value."""
        return self._bm25.idf(term)

    def scores(self, query: str, expansion: str = "", expansion_weight: float = 1.0) -> np.ndarray:
        """BM25 of ``query`` plus ``expansion_weight`` x BM25 of the expansion terms the
        query does not already contain. Each term counts once."""
        terms = analyse(query, unique=True)
        extra = [t for t in analyse(expansion, unique=True) if t not in set(terms)]
        out = np.zeros(self._size, dtype=np.float32)
        if self._size == 0:
            return out
        if terms:
            out += self._bm25.scores(terms)
        if extra and expansion_weight > 0:
            out += expansion_weight * self._bm25.scores(extra)
        return out
