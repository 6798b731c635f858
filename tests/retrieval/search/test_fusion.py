"""Convex fusion: flat cosines leave the BM25 order alone, informative ones change it."""

from __future__ import annotations

from retrieval.search.fusion import convex, rrf


def test_flat_cosines_keep_the_bm25_order() -> None:
    lexical = [(1, 9.0), (2, 8.0), (3, 7.0)]
    dense = [(3, 0.31), (2, 0.30), (1, 0.29)]  # an encoder that cannot tell them apart
    assert [i for i, _ in convex(dense, lexical, alpha=0.7)] == [1, 2, 3]
    # Rank fusion turns those 0.01 steps of cosine into full rank steps: 3 climbs to second.
    assert [i for i, _ in rrf([[3, 2, 1], [1, 2, 3]], k=60)][:2] == [1, 3]


def test_informative_cosine_and_dense_only_hits() -> None:
    lexical = [(1, 5.0), (2, 4.9)]
    dense = [(2, 0.95), (1, 0.20), (7, 0.90)]  # 7 shares no word with the need
    order = [i for i, _ in convex(dense, lexical, alpha=0.7)]
    assert order[0] == 2  # near tie on BM25, clear on meaning
    assert 7 in order  # found by the encoder alone
    assert [i for i, _ in convex(dense, [], alpha=0.7)] == [2, 7, 1]  # no BM25 hit at all
