"""Dense vectors over the same documents; exact inner-product search (retrieval.index.vectors).

The encoder returns L2-normalised rows, so inner product = cosine similarity. The corpus is a
few hundred provisions: exact search is both the fastest and the simplest choice.
Vectors may be cached under ``<data_dir>/index/regulations/`` with a metadata file; the cache
is refused (and rebuilt) when the model, dimension or corpus hash differ. The folder is
replaced atomically (:func:`retrieval.index.atomic.write_dir_atomic`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from db.clock import now_wib
from retrieval.encoders.base import Encoder
from retrieval.index.atomic import write_dir_atomic
from retrieval.index.vectors import VectorIndex

log = logging.getLogger(__name__)

META = "meta.json"
VECTORS = "vectors.npy"


class DenseIndex:
    def __init__(self, vectors: np.ndarray):
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._index = VectorIndex.exact(self.vectors)

    @property
    def size(self) -> int:
        return self._index.ntotal

    def scores(self, query_vector: np.ndarray) -> np.ndarray:
        """Cosine of the query with every document, in document order: one matrix product
        (a few hundred rows; FAISS's thread pool cost tens of ms on a busy machine)."""
        query = np.asarray(query_vector, dtype=np.float32).reshape(-1)
        return np.asarray(self.vectors @ query, dtype=np.float32)


def _read_cache(directory: Path, *, model: str, dim: int, corpus_hash: str) -> np.ndarray | None:
    meta_path = directory / META
    if not meta_path.exists():
        return None
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
        if (meta.get("model"), meta.get("dim"), meta.get("corpus_hash")) != (
            model,
            dim,
            corpus_hash,
        ):
            log.info(
                "regulation index cache refused: model or corpus changed",
                extra={"cached_model": meta.get("model"), "model": model},
            )
            return None
        vectors = np.load(directory / VECTORS)
    except (OSError, ValueError, json.JSONDecodeError) as exc:
        log.warning("regulation index cache unreadable", extra={"error": str(exc)})
        return None
    if vectors.shape != (meta.get("count"), dim):
        return None
    return np.asarray(vectors, dtype=np.float32)


def _write_cache(
    directory: Path, vectors: np.ndarray, *, model: str, dim: int, corpus_hash: str
) -> None:
    def fill(tmp: Path) -> None:
        np.save(tmp / VECTORS, vectors)
        meta = {
            "model": model,
            "dim": dim,
            "count": len(vectors),
            "corpus_hash": corpus_hash,
            "built_at": now_wib().isoformat(),
        }
        (tmp / META).write_text(json.dumps(meta, indent=2), "utf-8")

    write_dir_atomic(directory, fill)


def build_dense_index(
    encoder: Encoder,
    texts: Sequence[str],
    *,
    corpus_hash: str,
    cache_dir: Path | None = None,
) -> DenseIndex:
    if cache_dir is not None:
        cached = _read_cache(
            cache_dir, model=encoder.name, dim=encoder.dim, corpus_hash=corpus_hash
        )
        if cached is not None:
            log.info("regulation index loaded from cache", extra={"count": len(cached)})
            return DenseIndex(cached)
    vectors = encoder.encode(list(texts))
    if cache_dir is not None:
        _write_cache(
            cache_dir, vectors, model=encoder.name, dim=encoder.dim, corpus_hash=corpus_hash
        )
        log.info("regulation index built and cached", extra={"count": len(vectors)})
    return DenseIndex(vectors)
