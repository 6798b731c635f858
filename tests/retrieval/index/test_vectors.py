"""The one FAISS wrapper: exact and IVF search with ids, removal, files."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from retrieval.index.vectors import VectorIndex


def _unit(n: int, dim: int = 8, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_exact_index_scores_every_row_in_row_order() -> None:
    vectors = _unit(5)
    index = VectorIndex.exact(vectors)
    assert index.kind == "flat" and index.ntotal == 5
    np.testing.assert_allclose(index.scores_by_id(vectors[2]), vectors @ vectors[2], rtol=1e-5)
    assert VectorIndex.exact(np.zeros((0, 8), np.float32)).scores_by_id(vectors[0]).size == 0


def test_ids_removal_and_a_written_file_read_back(tmp_path: Path) -> None:
    vectors = _unit(50, seed=1)
    ids = np.arange(100, 150, dtype=np.int64)
    index = VectorIndex.for_vectors(8, vectors, ivf_threshold=10)
    assert index.kind == "ivf"
    index.add_with_ids(vectors, ids)
    assert index.remove_ids(np.asarray([100, 101, 999])) == 2 and index.ntotal == 48
    allowed = ids[5:9]
    got = index.search(vectors[5], 10, allowed=allowed, nprobe=1)
    assert sorted(i for i, _ in got) == allowed.tolist()
    index.write(tmp_path / "x.faiss")
    back = VectorIndex.read(tmp_path / "x.faiss", mmap=True, kind="ivf")
    assert back.ntotal == 48 and back.search(vectors[7], 1, allowed=None, nprobe=16)[0][0] == 107


def test_a_stored_vector_is_read_back_by_id_from_flat_and_ivf(tmp_path: Path) -> None:
    vectors = _unit(60, seed=2)
    ids = np.arange(500, 560, dtype=np.int64)
    for threshold, kind in ((100, "flat"), (10, "ivf")):
        index = VectorIndex.for_vectors(8, vectors, ivf_threshold=threshold)
        index.add_with_ids(vectors, ids)
        assert index.kind == kind
        got = index.vector(503)
        assert got is not None
        np.testing.assert_allclose(got, vectors[3], rtol=1e-6)
        assert index.vector(7) is None
        # The lookup leaves the index removable (IVF: any id selector) and writable.
        assert index.remove_ids(np.asarray([503, 504])) == 2
        assert index.vector(503) is None
        index.write(tmp_path / f"{kind}.faiss")
        back = VectorIndex.read(tmp_path / f"{kind}.faiss", mmap=True, kind=kind)
        found = back.vector(505)
        assert found is not None
        np.testing.assert_allclose(found, vectors[5], rtol=1e-6)
        assert back.ntotal == 58
