"""The shared BM25 set-up: per-corpus analyzers, scores, document frequencies, arrays."""

from __future__ import annotations

import numpy as np

from retrieval.index.bm25 import BM25, Analyzer, idf
from retrieval.people.profile_bm25 import PROFILE_ANALYZER
from retrieval.regulations.provision_bm25 import PROVISION_ANALYZER


def test_words_are_dropped_as_written_or_as_stems_per_corpus() -> None:
    words = Analyzer(drop_words=frozenset({"bertanya"}))
    stems = Analyzer(drop_stems=frozenset({"tanya"}))
    assert words.terms("Bertanya tentang anggaran") == ["tentang", "anggar"]
    assert stems.terms("Bertanya tentang anggaran") == ["tentang", "anggar"]
    assert words.terms("tanya") == ["tanya"] and stems.terms("tanya") == []
    assert Analyzer(protected=frozenset({"merit"})).terms("merit") == ["merit"]
    assert Analyzer().terms("a a b", unique=True) == ["a", "b"]


def test_each_corpus_has_its_own_stop_words() -> None:
    # "bidang" is noise in a need ("bidang keuangan") but not a question word.
    assert PROFILE_ANALYZER.terms("bidang keuangan") == ["uang"]
    assert "bidang" in PROVISION_ANALYZER.terms("bidang keuangan")
    assert PROVISION_ANALYZER.terms("apa syarat merit") == ["syarat", "merit"]


def test_scores_document_frequency_and_arrays_round_trip() -> None:
    corpus = [["anggar", "uang"], ["uang"], ["sehat"]]
    bm25 = BM25(corpus)
    scores = bm25.scores(["uang", "tidakada"])
    assert scores.shape == (3,) and scores[0] > 0 and scores[1] > scores[0] and scores[2] == 0
    assert bm25.document_frequency(["uang", "sehat", "x", ""]) == [2, 1, 0, 0]
    assert bm25.idf("x") == idf(0, 3) > bm25.idf("uang") == idf(2, 3)
    assert sorted(bm25.vocabulary()) == ["anggar", "sehat", "uang"]
    back = BM25.from_arrays(3, bm25.to_arrays())
    np.testing.assert_array_equal(back.scores(["uang", "anggar"]), bm25.scores(["uang", "anggar"]))
    empty = BM25([[], []])
    assert not empty.known("uang") and empty.scores(["uang"]).tolist() == [0.0, 0.0]
