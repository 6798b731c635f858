"""retrieve() with the coverage fusion over a real (small, in-memory) shard: FAISS flat index,
BM25 over stemmed Indonesian token strings, hand-placed vectors so the cosines are known."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.index.vectors import VectorIndex
from retrieval.people.profile_bm25 import ProfileBM25, token_string
from retrieval.people.retrieve import need_coverage, retrieve
from retrieval.people.shard import Shard, ShardMeta

PROFILES = {
    11: "Pengadaan barang dan jasa, kontrak pengadaan, e-katalog",
    12: "Pengadaan barang dan jasa",
    13: "Penyusunan anggaran dan laporan keuangan daerah",
    14: "Kearsipan dan tata naskah dinas",
}
DIM = 4


def _shard(cosines: dict[int, float]) -> tuple[Shard, np.ndarray]:
    """A shard whose profile vectors have the given cosine to the returned query vector."""
    ids = np.asarray(sorted(PROFILES), dtype=np.int64)
    query = np.asarray([1.0, 0.0, 0.0, 0.0], dtype=np.float32)
    rows = []
    for n, pid in enumerate(ids.tolist()):
        c = cosines[pid]
        v = np.zeros(DIM, dtype=np.float32)
        v[0], v[1 + n % (DIM - 1)] = c, np.sqrt(1 - c * c)
        rows.append(v)
    vectors = np.vstack(rows)
    index = VectorIndex.for_vectors(DIM, vectors, ivf_threshold=len(ids))
    index.add_with_ids(vectors, ids)
    tokens = [token_string(PROFILES[p]) for p in ids.tolist()]
    meta = ShardMeta(1, "m", DIM, len(ids), "h", "2026-11-29T00:00:00+07:00", 1, "flat")
    shard = Shard(meta, index, ids, np.ones(len(ids), np.int64), tokens, ProfileBM25(ids, tokens))
    return shard, query


def _ids(shard: Shard, query: np.ndarray, text: str, alpha: float = 0.5) -> list[int]:
    hits = retrieve(
        {1: shard},
        query,
        text,
        k=10,
        allowed=None,
        rrf_k=60,
        nprobe=1,
        fusion="coverage",
        alpha=alpha,
    )
    return [h.pegawai_id for h in hits]


# The encoder prefers the budgeting profile, then the archivist: it is wrong for procurement.
MISLEADING = {11: 0.20, 12: 0.30, 13: 0.90, 14: 0.60}


def test_document_frequency_comes_from_the_bm25_matrix() -> None:
    shard, _ = _shard(MISLEADING)
    terms = token_string("pengadaan kontrak anggaran lelang").split()
    assert shard.lexical.document_frequency(terms) == [2, 1, 1, 0]


def test_need_in_the_profiles_words_keeps_the_bm25_order() -> None:
    shard, query = _shard(MISLEADING)
    text = "pengadaan barang jasa kontrak"
    assert need_coverage({1: shard}, text, (11, 1)) == pytest.approx(1.0)
    order = _ids(shard, query, text)
    assert order[:2] == [11, 12]  # BM25's order, whatever the encoder thinks


def test_need_in_other_words_gives_the_encoder_the_say() -> None:
    # "lelang proyek rekanan": no profile has these words; only "kontrak" is found.
    shard, query = _shard({11: 0.20, 12: 0.95, 13: 0.10, 14: 0.15})
    text = "jago lelang proyek dan kontrak dengan rekanan"
    cover = need_coverage({1: shard}, text, (11, 1))
    assert 0.0 < cover < 0.3
    # An encoder trusted as much as e5 (alpha 0.3): share 0.3 + 0.7·cover ≈ 0.38, so the
    # profile it finds far closer (cosine 0.95 vs 0.20) beats the lone word match.
    assert _ids(shard, query, text, alpha=0.3)[0] == 12
    # with the lexical share fixed at 1 BM25 alone decides (12 shares no word with the need)
    assert _ids(shard, query, text, alpha=1.0)[0] == 11


def test_no_word_match_at_all_is_the_dense_order() -> None:
    shard, query = _shard(MISLEADING)
    assert need_coverage({1: shard}, "balita kerdil", None) == 0.0
    assert _ids(shard, query, "balita kerdil") == [13, 14, 12, 11]
