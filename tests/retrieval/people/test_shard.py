from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from retrieval.index.vectors import VectorIndex
from retrieval.people.errors import ShardError, ShardModelMismatch
from retrieval.people.profile_bm25 import ProfileBM25
from retrieval.people.shard import ShardFiles


def _vectors(n: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _save(
    files: ShardFiles,
    ids: np.ndarray,
    vectors: np.ndarray,
    *,
    ivf_threshold: int = 1000,
    model: str = "m",
) -> None:
    index = VectorIndex.for_vectors(vectors.shape[1], vectors, ivf_threshold=ivf_threshold)
    index.add_with_ids(vectors, ids)
    tokens = [f"kata{i % 7} anggaran" for i in ids.tolist()]
    files.save(
        index=index,
        ids=ids,
        versi=np.ones(len(ids), dtype=np.int64),
        tokens=tokens,
        lexical=ProfileBM25(ids, tokens),
        model=model,
        dim=vectors.shape[1],
    )


def test_metadata_beside_the_shard(tmp_path: Path):
    files = ShardFiles(tmp_path, 3)
    _save(files, np.arange(10, 30, dtype=np.int64), _vectors(20))
    meta = json.loads(files.meta_path.read_text())
    assert meta["model"] == "m" and meta["dim"] == 16 and meta["count"] == 20
    assert meta["index_type"] == "flat" and meta["index_version"] == 1
    assert len(meta["content_hash"]) == 64 and meta["built_at"].endswith("+07:00")
    shard = files.load(model="m", dim=16, mmap_threshold=10**9)
    assert shard.index.ntotal == 20 and shard.versions()[10] == 1


def test_shard_built_with_another_model_is_refused(tmp_path: Path):
    files = ShardFiles(tmp_path, 3)
    _save(files, np.arange(5, dtype=np.int64), _vectors(5), model="model-lama")
    with pytest.raises(ShardModelMismatch, match="dibangun dengan model model-lama"):
        files.load(model="model-baru", dim=16, mmap_threshold=10**9)


def test_failed_rebuild_leaves_the_previous_generation_whole(tmp_path: Path, monkeypatch):
    files = ShardFiles(tmp_path, 3)
    _save(files, np.arange(5, dtype=np.int64), _vectors(5))

    def crash(*_a: object, **_k: object) -> None:
        raise OSError("disk penuh")

    monkeypatch.setattr(np, "savez", crash)
    with pytest.raises(OSError):
        _save(files, np.arange(50, dtype=np.int64), _vectors(50, seed=1))
    monkeypatch.undo()
    shard = files.load(model="m", dim=16, mmap_threshold=10**9)
    assert shard.meta.index_version == 1 and shard.index.ntotal == 5
    assert not list(tmp_path.glob(".*tmp*"))


def test_new_generation_replaces_the_old_one_atomically(tmp_path: Path):
    files = ShardFiles(tmp_path, 3)
    _save(files, np.arange(5, dtype=np.int64), _vectors(5))
    _save(files, np.arange(7, dtype=np.int64), _vectors(7))
    _save(files, np.arange(9, dtype=np.int64), _vectors(9))
    shard = files.load(model="m", dim=16, mmap_threshold=10**9)
    assert shard.meta.index_version == 3 and shard.index.ntotal == 9
    # Only the current and the previous generation stay on disk.
    assert sorted(p.name for p in tmp_path.glob("i3.g*.faiss")) == ["i3.g2.faiss", "i3.g3.faiss"]


def test_corrupt_shard_file_gives_a_clear_message(tmp_path: Path):
    files = ShardFiles(tmp_path, 3)
    _save(files, np.arange(5, dtype=np.int64), _vectors(5))
    (tmp_path / "i3.g1.faiss").write_bytes(b"rusak")
    with pytest.raises(ShardError, match="talenta index build"):
        files.load(model="m", dim=16, mmap_threshold=10**9)


def test_ivf_path_selector_reaches_every_allowed_id(tmp_path: Path):
    files = ShardFiles(tmp_path, 3)
    ids = np.arange(1000, 3000, dtype=np.int64)
    vectors = _vectors(2000, seed=4)
    _save(files, ids, vectors, ivf_threshold=100)
    shard = files.load(model="m", dim=16, mmap_threshold=500)  # memory-mapped
    assert shard.meta.index_type == "ivf"
    assert shard.index.kind == "ivf"  # the loaded FAISS index is an IndexIVF
    allowed = ids[::97]
    hits = shard.search(vectors[0], 10_000, allowed=allowed, nprobe=1)
    assert sorted(pid for pid, _ in hits) == sorted(allowed.tolist())
    # Without a selector the ANN search still finds the query's own vector.
    assert shard.search(vectors[5], 1, allowed=None, nprobe=8)[0][0] == 1005


def test_flat_shard_is_memory_mapped_above_the_threshold(tmp_path: Path):
    files = ShardFiles(tmp_path, 3)
    ids = np.arange(300, dtype=np.int64)
    vectors = _vectors(300)
    _save(files, ids, vectors)
    shard = files.load(model="m", dim=16, mmap_threshold=100)
    assert shard.search(vectors[42], 1, allowed=None, nprobe=1)[0][0] == 42
