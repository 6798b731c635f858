"""BM25 over Indonesian-stemmed text (bm25s + PySastrawi), shared by people and regulation search.

- :class:`Analyzer`: text → terms (lower case, ``[0-9a-z]+`` words, Sastrawi stems). Each corpus
  has its own analyzer: which words to drop as written, which stems to drop, and which words of
  its field to index unstemmed (:data:`retrieval.people.profile_bm25.PROFILE_ANALYZER`,
  :data:`retrieval.regulations.provision_bm25.PROVISION_ANALYZER`).
- :class:`BM25`: the bm25s index over one corpus's terms (Lucene idf), its scores for a list of
  terms, and the document frequency of each term. It can be stored as arrays and read back
  without indexing the corpus again.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import bm25s
import numpy as np

# bm25s logs every index build at DEBUG through its own logger; keep it out of structured logs
# and of the CLI's output (a `talenta ask --json` prints exactly one JSON object).
logging.getLogger("bm25s").setLevel(logging.WARNING)

_WORD = re.compile(r"[0-9a-z]+")


@cache
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Sastrawi's stem of a lower-case word; numbers and words of three letters or fewer as
    they are."""
    if word.isdigit() or len(word) <= 3:
        return word
    return str(_stemmer().stem(word))


@dataclass(frozen=True)
class Analyzer:
    """How one corpus turns text into BM25 terms."""

    # Dropped as written, before stemming (function words of the corpus's queries).
    drop_words: frozenset[str] = frozenset()
    # Dropped after stemming (also catches the inflected forms of a listed stem).
    drop_stems: frozenset[str] = frozenset()
    # Indexed as written: words of the field that Sastrawi mangles.
    protected: frozenset[str] = frozenset()

    def terms(self, text: str, *, unique: bool = False) -> list[str]:
        out: list[str] = []
        for word in _WORD.findall(text.lower()):
            if word in self.drop_words:
                continue
            term = word if word in self.protected else stem(word)
            if term and term not in self.drop_stems:
                out.append(term)
        return list(dict.fromkeys(out)) if unique else out


def idf(document_frequency: int, documents: int) -> float:
    """BM25's (Lucene) inverse document frequency; a term in no document weighs the most."""
    return math.log(1.0 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))


class BM25:
    """BM25 scores of a fixed list of documents (each a list of terms), in document order."""

    def __init__(self, corpus: Sequence[Sequence[str]]):
        self.size = len(corpus)
        self._bm25: bm25s.BM25 | None = None
        if any(corpus):
            self._bm25 = bm25s.BM25()
            self._bm25.index([list(doc) for doc in corpus], show_progress=False)

    @classmethod
    def from_arrays(cls, size: int, arrays: Mapping[str, np.ndarray]) -> BM25:
        """Read back :meth:`to_arrays` output without indexing the corpus again."""
        self = cls.__new__(cls)
        self.size = size
        self._bm25 = None
        if "bm25_vocab" in arrays:
            bm25 = bm25s.BM25()
            bm25.scores = {
                "data": arrays["bm25_data"],
                "indices": arrays["bm25_indices"],
                "indptr": arrays["bm25_indptr"],
                "num_docs": int(arrays["bm25_num_docs"]),
            }
            bm25.vocab_dict = json.loads(arrays["bm25_vocab"].tobytes().decode("utf-8"))
            # Set by index() in bm25s; the lucene method needs no non-occurrence scores.
            bm25.nonoccurrence_array = None
            bm25.unique_token_ids_set = set(bm25.vocab_dict.values())
            self._bm25 = bm25
        return self

    def to_arrays(self) -> dict[str, np.ndarray]:
        if self._bm25 is None:
            return {}
        sc = self._bm25.scores
        vocab = json.dumps(self._bm25.vocab_dict, ensure_ascii=False).encode("utf-8")
        return {
            "bm25_data": np.asarray(sc["data"]),
            "bm25_indices": np.asarray(sc["indices"]),
            "bm25_indptr": np.asarray(sc["indptr"]),
            "bm25_num_docs": np.asarray(sc["num_docs"]),
            "bm25_vocab": np.frombuffer(vocab, dtype=np.uint8),
        }

    def known(self, term: str) -> bool:
        """Whether any document contains ``term``."""
        # bm25s adds "" to its vocabulary (no column in the score matrix): never a term.
        return self._bm25 is not None and term != "" and term in self._bm25.vocab_dict

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 of the query ``terms`` (a repeated term counts again) for every document;
        zeros when no document contains any of them."""
        known = [t for t in terms if self.known(t)]
        if self._bm25 is None or not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def document_frequency(self, terms: Sequence[str]) -> list[int]:
        """How many documents contain each term; 0 for unknown terms.

        Read from the BM25 matrix (one column per term), so it costs nothing per document.
        """
        if self._bm25 is None:
            return [0] * len(terms)
        indptr = self._bm25.scores["indptr"]
        vocab = self._bm25.vocab_dict
        return [int(indptr[vocab[t] + 1] - indptr[vocab[t]]) if self.known(t) else 0 for t in terms]

    def vocabulary(self) -> list[str]:
        """Every term some document contains."""
        return [] if self._bm25 is None else [t for t in self._bm25.vocab_dict if self.known(t)]

    def idf(self, term: str) -> float:
        return idf(self.document_frequency([term])[0], self.size)
