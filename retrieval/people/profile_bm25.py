"""BM25 over the profile texts of one shard (:mod:`retrieval.index.bm25`).

bm25s cannot add documents to an index, so a shard's BM25 index is rebuilt from its stored
token strings after every change; stemming is cached per word, so a rebuild is cheap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from retrieval.index.bm25 import BM25, Analyzer

# Function words that carry no meaning for matching people to needs (dropped as written).
STOPWORDS = frozenset(
    [
        "dan",
        "atau",
        "di",
        "ke",
        "dari",
        "yang",
        "untuk",
        "pada",
        "dengan",
        "dalam",
        "sebagai",
        "oleh",
        "itu",
        "ini",
        "sejak",
        "level",
        "bidang",
        "tahun",
        "jabatan",
        "orang",
        "butuh",
        "perlu",
        "yg",
        "serta",
        "juga",
        "adalah",
        "bisa",
        "dapat",
        # Every profile is of a pegawai: in a need the word names no field ("butuh pegawai
        # yang …"), and stemmed it would match "kepegawaian" (HR affairs).
        "pegawai",
    ]
)
# Indexed as written: Sastrawi stems "kepegawaian" (HR affairs) to "pegawai" (any employee).
PROTECTED = frozenset(["kepegawaian"])

PROFILE_ANALYZER = Analyzer(drop_words=STOPWORDS, protected=PROTECTED)


def tokenize(text: str) -> list[str]:
    return PROFILE_ANALYZER.terms(text)


def token_string(text: str) -> str:
    """What a shard stores per document: its stemmed tokens joined by spaces."""
    return " ".join(tokenize(text))


class ProfileBM25:
    """BM25 over a shard's profiles; row ``i`` belongs to employee ``ids[i]``."""

    def __init__(self, ids: np.ndarray, token_strings: Sequence[str]):
        self.ids = np.asarray(ids, dtype=np.int64)
        self._row = {int(i): r for r, i in enumerate(self.ids)}
        self._bm25 = BM25([t.split() for t in token_strings])
        self._last: tuple[str, np.ndarray] | None = None

    @classmethod
    def from_arrays(cls, ids: np.ndarray, arrays: Mapping[str, np.ndarray]) -> ProfileBM25:
        """Rebuild from :meth:`to_arrays` output without re-indexing the corpus."""
        self = cls.__new__(cls)
        self.ids = np.asarray(ids, dtype=np.int64)
        self._row = {int(i): r for r, i in enumerate(self.ids)}
        self._bm25 = BM25.from_arrays(len(self.ids), arrays)
        self._last = None
        return self

    def to_arrays(self) -> dict[str, np.ndarray]:
        return self._bm25.to_arrays()

    def __len__(self) -> int:
        return len(self.ids)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document (0 where no query term occurs), read-only.

        The last query's scores are kept: a search asks twice for the same query (its top k,
        then the exact scores of the people only the dense search found), and the index never
        changes once built.
        """
        last = self._last
        if last is not None and last[0] == query:
            return last[1]
        out = self._bm25.scores(tokenize(query))
        out.setflags(write=False)
        self._last = (query, out)
        return out

    def document_frequency(self, terms: Sequence[str]) -> list[int]:
        """How many documents contain each (already stemmed) term; 0 for unknown terms."""
        return self._bm25.document_frequency(terms)

    def score_ids(self, query: str, ids: list[int]) -> list[tuple[int, float]]:
        """(id, BM25 score) of the given ids of this index (0 when no query term occurs)."""
        scores = self.scores(query)
        return [(i, float(scores[self._row[i]])) for i in ids if i in self._row]

    def search(
        self, query: str, k: int, *, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """Top ``k`` (employee id, score) with a positive score, restricted to ``allowed`` ids."""
        scores = self.scores(query)
        if allowed is not None:
            # Vectorised: a Python loop over ~50,000 eligible ids cost ~15 ms per search.
            scores = np.where(np.isin(self.ids, allowed, assume_unique=True), scores, 0.0)
        positive = np.flatnonzero(scores > 0)
        if positive.size == 0:
            return []
        k = min(k, positive.size)
        top = positive[np.argpartition(-scores[positive], k - 1)[:k]]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self.ids[r]), float(scores[r])) for r in top]
