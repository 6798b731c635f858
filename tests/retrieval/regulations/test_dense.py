from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from retrieval.encoders.hashing import HashingEncoder
from retrieval.regulations.dense import META, build_dense_index

TEXTS = ["batas usia pensiun", "syarat jabatan pimpinan tinggi", "mutasi pegawai"]


def test_cache_is_written_reused_and_refused_on_change(tmp_path: Path) -> None:
    cache = tmp_path / "index" / "regulations"
    enc = HashingEncoder(64)
    first = build_dense_index(enc, TEXTS, corpus_hash="h1", cache_dir=cache)
    meta = json.loads((cache / META).read_text())
    assert meta["model"] == enc.name and meta["count"] == 3 and meta["corpus_hash"] == "h1"
    assert "built_at" in meta

    # Reused: same model and corpus → the stored vectors, even if encoding would differ.
    stored = np.load(cache / "vectors.npy")
    stored[0] = 0.0
    np.save(cache / "vectors.npy", stored)
    again = build_dense_index(enc, TEXTS, corpus_hash="h1", cache_dir=cache)
    assert float(np.abs(again.vectors[0]).sum()) == 0.0

    # Refused: the corpus changed → rebuilt from the texts.
    rebuilt = build_dense_index(enc, TEXTS, corpus_hash="h2", cache_dir=cache)
    np.testing.assert_allclose(rebuilt.vectors, first.vectors)
    assert json.loads((cache / META).read_text())["corpus_hash"] == "h2"

    # Refused: another model (dimension differs too) → rebuilt.
    other = build_dense_index(HashingEncoder(32), TEXTS, corpus_hash="h2", cache_dir=cache)
    assert other.vectors.shape == (3, 32)
    # Atomic writes leave no temporary folders behind.
    assert sorted(p.name for p in cache.parent.iterdir()) == ["regulations"]


def test_scores_are_cosines_in_document_order() -> None:
    enc = HashingEncoder(128)
    index = build_dense_index(enc, TEXTS, corpus_hash="x")
    scores = index.scores(enc.encode(["usia pensiun"])[0])
    assert scores.shape == (3,)
    assert int(np.argmax(scores)) == 0
    np.testing.assert_allclose(scores, index.vectors @ enc.encode(["usia pensiun"])[0], rtol=1e-5)
