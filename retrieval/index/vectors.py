"""The FAISS index behind people and regulation search: the only module that imports faiss.

Every vector is L2-normalised by its encoder, so inner product = cosine similarity. Index types:

- exact inner product, ``IndexIDMap2(IndexFlatIP)``, for small collections (a regulation corpus,
  an agency's shard under ``search.ivf_threshold``): ids are whatever the caller gives (employee
  primary keys, or row numbers);
- ``IndexIVFFlat`` with the ids stored in its inverted lists above the threshold. IVF is not
  wrapped in ``IndexIDMap2`` on purpose: IDMap's ``remove_ids`` assumes the sub-index renumbers
  its rows after a removal, which IVF does not, so removals would corrupt the id map. IVF
  rather than HNSW because HNSW cannot remove vectors.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path
from typing import Any

import faiss
import numpy as np

# How an IVF index maps ids to positions (absent from faiss's type stubs).
_DirectMap: Any = faiss.DirectMap  # type: ignore[attr-defined]


def set_threads(threads: int) -> None:
    """OpenMP threads of FAISS in this process (process-wide)."""
    faiss.omp_set_num_threads(threads)


class VectorIndex:
    """A FAISS index with ids, searched by cosine (inner product of normalised vectors)."""

    def __init__(self, index: Any):
        self._index = index
        self._lock = threading.Lock()

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def for_vectors(
        cls, dim: int, vectors: np.ndarray, *, ivf_threshold: int, nlist: int = 0
    ) -> VectorIndex:
        """An empty index of the right type for ``len(vectors)``, trained when it is IVF."""
        n = len(vectors)
        if n <= ivf_threshold:
            return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dim)))
        lists = nlist or max(16, int(4 * math.sqrt(n)))
        lists = min(lists, max(1, n // 39))  # faiss wants >= 39 training points per list
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFFlat(quantizer, dim, lists, faiss.METRIC_INNER_PRODUCT)
        sample = vectors
        if n > lists * 256:
            rng = np.random.default_rng(0)
            sample = vectors[rng.choice(n, lists * 256, replace=False)]
        index.train(np.ascontiguousarray(sample, dtype=np.float32))
        return cls(index)

    @classmethod
    def exact(cls, vectors: np.ndarray) -> VectorIndex:
        """Exact search over ``vectors``, row ``i`` with id ``i`` (a small corpus)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        out = cls(faiss.IndexIDMap2(faiss.IndexFlatIP(int(vectors.shape[1]))))
        if len(vectors):
            out.add_with_ids(vectors, np.arange(len(vectors), dtype=np.int64))
        return out

    def add_with_ids(self, vectors: np.ndarray, ids: np.ndarray) -> None:
        self._index.add_with_ids(
            np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64)
        )

    def remove_ids(self, ids: np.ndarray) -> int:
        """Remove every vector with one of ``ids``; how many were removed."""
        selector = faiss.IDSelectorBatch(np.ascontiguousarray(ids, dtype=np.int64))
        self._drop_direct_map()
        return int(self._index.remove_ids(selector))

    # -- facts ------------------------------------------------------------------------------

    @property
    def ntotal(self) -> int:
        return int(self._index.ntotal)

    @property
    def kind(self) -> str:
        """``"ivf"`` or ``"flat"`` (recorded in the metadata beside the file)."""
        return "ivf" if isinstance(self._index, faiss.IndexIVF) else "flat"

    # -- searching --------------------------------------------------------------------------

    def search(
        self, query: np.ndarray, k: int, *, allowed: np.ndarray | None, nprobe: int
    ) -> list[tuple[int, float]]:
        """Top ``k`` (id, cosine), only among ``allowed`` ids when given (exhaustively).

        With an id selector every selected vector is reachable: IVF then probes all lists,
        so an allowed id can never be lost to the approximate search.
        """
        if self.ntotal == 0 or k <= 0:
            return []
        params: Any = None
        ivf = isinstance(self._index, faiss.IndexIVF)
        if allowed is not None:
            if len(allowed) == 0:
                return []
            sel = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
            k = min(k, len(allowed))
            if ivf:
                ivf_params = faiss.SearchParametersIVF()
                ivf_params.sel = sel
                ivf_params.nprobe = self._index.nlist
                params = ivf_params
            else:
                params = faiss.SearchParameters()
                params.sel = sel
        elif ivf:
            ivf_params = faiss.SearchParametersIVF()
            ivf_params.nprobe = nprobe
            params = ivf_params
        k = min(k, self.ntotal)
        scores, ids = self._index.search(query.reshape(1, -1).astype(np.float32), k, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def scores_by_id(self, query: np.ndarray) -> np.ndarray:
        """Cosine of the query with every vector, at position = id (ids ``0..n-1``, as
        :meth:`exact` gives them)."""
        n = self.ntotal
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        sims, ids = self._index.search(q, n)
        out = np.empty(n, dtype=np.float32)
        out[ids[0]] = sims[0]
        return out

    def vector(self, id_: int) -> np.ndarray | None:
        """The stored vector with id ``id_`` (a copy), or ``None`` when there is none.

        A flat index finds it through its id map. IVF keeps no id -> position map by default;
        one (a hash table) is built on the first lookup and kept. It is dropped again before
        a removal or a write: removals with it accept only some id selectors, and it would
        be saved into the file."""
        with self._lock:
            if isinstance(self._index, faiss.IndexIVF) and (
                self._index.direct_map.type != _DirectMap.Hashtable
            ):
                self._index.set_direct_map_type(_DirectMap.Hashtable)
            try:
                return np.asarray(self._index.reconstruct(int(id_)), dtype=np.float32)
            except RuntimeError:  # FAISS: no vector with that id
                return None

    def _drop_direct_map(self) -> None:
        with self._lock:
            if isinstance(self._index, faiss.IndexIVF) and (
                self._index.direct_map.type != _DirectMap.NoMap
            ):
                self._index.set_direct_map_type(_DirectMap.NoMap)

    # -- files ------------------------------------------------------------------------------

    def write(self, path: Path) -> None:
        self._drop_direct_map()
        faiss.write_index(self._index, str(path))

    @classmethod
    def read(cls, path: Path, *, mmap: bool = False, kind: str = "flat") -> VectorIndex:
        """Load ``path``; ``mmap`` maps it read-only instead of reading it into memory (IVF maps
        its inverted lists, a flat index its codes). ``kind`` is the recorded :attr:`kind`.

        Raises ``RuntimeError`` (FAISS) or ``OSError`` when the file cannot be read.
        """
        flags = 0
        if mmap:
            flags = faiss.IO_FLAG_MMAP if kind == "ivf" else faiss.IO_FLAG_MMAP_IFC
            flags |= faiss.IO_FLAG_READ_ONLY
        return cls(faiss.read_index(str(path), flags))
