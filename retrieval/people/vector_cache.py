"""Query and document vectors of candidate search, computed once and kept.

- A structural position's query vector comes from the vectors stored at index build
  (:mod:`retrieval.people.position_vectors`), reloaded when that file changes;
- any other query from a small LRU (PPKs repeat the same needs);
- document vectors (position texts and profiles for ``/peluang``) from an LRU keyed on the
  text: the same text always gives the same vector for one encoder, so a hit is never stale.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from retrieval.encoders.base import Encoder
from retrieval.index.lru import LRU
from retrieval.people import position_vectors
from retrieval.people.position_vectors import PositionVectors, query_vectors
from retrieval.people.profile_text import encode_documents

# Position texts and profiles kept as vectors for `/peluang` (384 floats each: ~6 MB).
DOCUMENT_CACHE = 4096


class VectorCache:
    def __init__(self, encoder: Encoder, index_dir: Path, *, query_cache: int):
        self.encoder = encoder
        self._index_dir = index_dir
        self._queries: LRU[str, np.ndarray] = LRU(query_cache)
        self._documents: LRU[str, np.ndarray] = LRU(DOCUMENT_CACHE)
        self._positions = PositionVectors.empty(encoder.dim)
        self._positions_stamp: int | None = None
        self._lock = threading.Lock()

    def encode_query(self, text: str) -> np.ndarray:
        """The query vector of ``text`` (read-only)."""
        stored = self.position_vectors().get(text)
        if stored is not None:
            return stored
        hit = self._queries.get(text)
        if hit is not None:
            return hit
        vector: np.ndarray = query_vectors(self.encoder, [text])[0]
        vector.setflags(write=False)
        self._queries.put(text, vector)
        return vector

    def position_vectors(self) -> PositionVectors:
        """The stored position query vectors, reloaded when the index folder's file changes."""
        path = self._index_dir / position_vectors.FILE_NAME
        try:
            stamp: int | None = path.stat().st_mtime_ns
        except FileNotFoundError:
            stamp = None
        if stamp != self._positions_stamp:
            loaded = PositionVectors.load(
                self._index_dir, model=self.encoder.name, dim=self.encoder.dim
            )
            with self._lock:
                self._positions, self._positions_stamp = loaded, stamp
        return self._positions

    def document_vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Document vectors (chunked and pooled) of ``texts``; only the misses are encoded,
        in one batch."""
        out = np.zeros((len(texts), self.encoder.dim), dtype=np.float32)
        missing: list[int] = []
        for i, text in enumerate(texts):
            hit = self._documents.get(text)
            if hit is None:
                missing.append(i)
            else:
                out[i] = hit
        if missing:
            fresh = encode_documents(self.encoder, [texts[i] for i in missing])
            for i, vector in zip(missing, fresh, strict=True):
                out[i] = vector
                self._documents.put(texts[i], vector)
        return out

    def clear(self) -> None:
        self._queries.clear()
        self._documents.clear()
