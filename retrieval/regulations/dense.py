"""Dense vectors over the same documents; FAISS exact inner-product search.

The encoder returns L2-normalised rows, so inner product = cosine similarity. The corpus is a
few hundred provisions: ``IndexFlatIP`` (exact) is both the fastest and the simplest choice.
Vectors may be cached under ``<data_dir>/index/regulations/`` with a metadata file; the cache
is refused (and rebuilt) when the model, dimension or corpus hash differ. Writes are atomic.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np

from db.clock import now_wib
from retrieval.encoders.base import Encoder

log = logging.getLogger(__name__)

META = "meta.json"
VECTORS = "vectors.npy"


class DenseIndex:
    def __init__(self, vectors: np.ndarray):
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._index = faiss.IndexFlatIP(int(vectors.shape[1]))
        if len(vectors):
            self._index.add(vectors)
        self.vectors = vectors

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    def scores(self, query_vector: np.ndarray) -> np.ndarray:
        """Cosine of the query with every document, in document order."""
        if self.size == 0:
            return np.zeros(0, dtype=np.float32)
        q = np.ascontiguousarray(query_vector.reshape(1, -1), dtype=np.float32)
        sims, ids = self._index.search(q, self.size)
        out = np.empty(self.size, dtype=np.float32)
        out[ids[0]] = sims[0]
        return out


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
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".regulations-", dir=directory.parent))
    try:
        np.save(tmp / VECTORS, vectors)
        meta = {
            "model": model,
            "dim": dim,
            "count": len(vectors),
            "corpus_hash": corpus_hash,
            "built_at": now_wib().isoformat(),
        }
        (tmp / META).write_text(json.dumps(meta, indent=2), "utf-8")
        old = None
        if directory.exists():
            old = directory.with_name(directory.name + f".old-{os.getpid()}")
            os.replace(directory, old)
        os.replace(tmp, directory)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


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
