"""Score fusion: flat cosines leave the BM25 order alone, informative ones change it; the
coverage fusion lets the encoder speak where the need's words are not in the profiles."""

from __future__ import annotations

import math

import pytest

from retrieval.index.bm25 import idf
from retrieval.index.fusion import convex, coverage, coverage_fusion, lexical_share, rrf


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


# -- coverage fusion: BM25's share grows with how much of the need the best profile covers ----


def test_fully_covered_need_keeps_the_bm25_order() -> None:
    lexical = [(1, 9.0), (2, 8.5), (3, 4.0)]
    dense = [(3, 0.90), (2, 0.60), (1, 0.20)]  # the encoder disagrees completely
    order = [i for i, _ in coverage_fusion(dense, lexical, alpha=0.5, cover=1.0)]
    assert order == [1, 2, 3]


def test_cosine_breaks_exact_bm25_ties_of_a_covered_need() -> None:
    lexical = [(1, 5.0), (2, 5.0)]
    dense = [(1, 0.30), (2, 0.40)]
    assert [i for i, _ in coverage_fusion(dense, lexical, alpha=0.5, cover=1.0)] == [2, 1]


def test_need_in_other_words_lets_the_encoder_move_the_order() -> None:
    lexical = [(1, 9.0), (2, 8.5), (3, 4.0)]
    dense = [(3, 0.90), (2, 0.60), (1, 0.20)]
    fused = coverage_fusion(dense, lexical, alpha=0.5, cover=0.0)
    # share 0.5: 1 -> 0.5·1 + 0.5·0 = 0.5; 2 -> 0.5·8.5/9 + 0.5·0.4/0.7 = 0.758;
    # 3 -> 0.5·4/9 + 0.5·1 = 0.722
    assert [i for i, _ in fused] == [2, 3, 1]
    assert [round(s, 3) for _, s in fused] == [0.758, 0.722, 0.5]


def test_compressed_cosines_still_count_after_min_max_scaling() -> None:
    # multilingual-e5 puts nearly every profile at 0.80-0.86: as raw numbers the differences
    # vanish next to BM25/max, scaled over the candidates they do not.
    lexical = [(1, 6.0), (2, 5.7)]
    dense = [(2, 0.86), (1, 0.81), (3, 0.80)]
    assert convex(dense, lexical, alpha=0.6)[0][0] == 1
    assert coverage_fusion(dense, lexical, alpha=0.5, cover=0.2)[0][0] == 2


def test_flat_cosines_add_nothing_to_the_coverage_fusion() -> None:
    lexical = [(1, 3.0), (2, 2.0)]
    dense = [(2, 0.5), (1, 0.5)]
    assert [i for i, _ in coverage_fusion(dense, lexical, alpha=0.0, cover=0.0)] == [1, 2]


def test_dense_only_candidates_and_empty_lists() -> None:
    assert coverage_fusion([], [], alpha=0.5, cover=0.0) == []
    fused = coverage_fusion([(4, 0.7), (5, 0.6)], [], alpha=0.5, cover=0.0)
    assert [i for i, _ in fused] == [4, 5]


def test_lexical_share_runs_from_alpha_to_one() -> None:
    assert lexical_share(0.5, 0.0) == 0.5
    assert lexical_share(0.5, 1.0) == 1.0
    assert lexical_share(0.7, 0.5) == pytest.approx(0.85)
    assert lexical_share(0.7, 1.7) == 1.0  # clamped


def test_coverage_weighs_words_by_idf() -> None:
    n = 100
    assert idf(0, n) == pytest.approx(math.log(202.0))  # a word no profile uses weighs most
    assert idf(0, n) > idf(20, n) > idf(90, n) > 0
    # "lelang proyek kontrak": only the common-ish "kontrak" is in the profile
    terms = [("lelang", idf(0, n)), ("proyek", idf(0, n)), ("kontrak", idf(20, n))]
    assert coverage(terms, {"kontrak", "ada", "barang"}) == pytest.approx(
        idf(20, n) / (2 * idf(0, n) + idf(20, n))
    )
    assert coverage(terms, {"lelang", "proyek", "kontrak"}) == 1.0
    # a common word found counts for little next to a rare word missing
    assert coverage([("pegawai", idf(90, n)), ("stunting", idf(2, n))], {"pegawai"}) < 0.1
    assert coverage([], {"x"}) == 0.0
