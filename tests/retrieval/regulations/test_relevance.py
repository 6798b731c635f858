"""The no-answer decision's features (support, unknown share) and its calibration."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.eval.regulation_thresholds import Features, calibrate, cross_validate
from retrieval.regulations.answer import Intent
from retrieval.regulations.answerer import RegulationAnswerer
from retrieval.regulations.normalise import default_vocabulary, normalise
from retrieval.regulations.provision_bm25 import ProvisionBM25, analyse
from retrieval.regulations.relevance import (
    support,
    unknown_share,
    vocabulary_stems,
    weighted_terms,
)

DOCS = [
    "Batas usia pensiun PNS adalah 58 tahun bagi pejabat administrasi.",
    "Mutasi PNS dilakukan paling singkat dua tahun.",
    "Kelompok rencana suksesi ditetapkan PPK setiap tahun.",
]


@pytest.fixture(scope="module")
def lexical() -> ProvisionBM25:
    return ProvisionBM25(DOCS)


def test_idf_is_largest_for_a_term_no_document_has(lexical: ProvisionBM25) -> None:
    assert lexical.df["pns"] == 2
    assert lexical.idf("cuti") > lexical.idf("mutasi") > lexical.idf("pns")


def test_support_is_the_weighted_share_the_provision_covers() -> None:
    terms = [("mutasi", 2.0), ("pns", 1.0), ("cuti", 3.0)]
    assert support(terms, frozenset({"mutasi", "pns"})) == pytest.approx(0.5)
    assert support(terms, frozenset()) == 0.0
    assert support([], frozenset({"pns"})) == 0.0


def test_unknown_share_counts_terms_no_document_contains(lexical: ProvisionBM25) -> None:
    terms = [("mutasi", 2.0), ("cuti", 2.0)]
    assert unknown_share(terms, lexical) == pytest.approx(0.5)
    # A question without any term says nothing the corpus knows.
    assert unknown_share([], lexical) == 1.0


def test_words_the_vocabulary_stands_in_for_and_numbers_are_left_out(
    lexical: ProvisionBM25,
) -> None:
    known = vocabulary_stems(default_vocabulary())
    assert "retirement" in known
    query = normalise("What is the retirement age of a 57 year old PNS? cuti")
    terms = dict(weighted_terms(query, lexical, known, expansion_weight=0.3))
    # "retirement" is not in any document, but its translation ("pensiun") is in the query.
    assert "retirement" not in terms and "57" not in terms
    assert terms["pensiun"] == pytest.approx(lexical.idf("pensiun"))
    # An unknown word the vocabulary does not know stays, with the largest weight.
    assert terms["cuti"] == pytest.approx(lexical.idf("cuti"))
    assert set(analyse("cuti")) <= set(terms)


def test_expansion_terms_weigh_less_than_the_users_words(lexical: ProvisionBM25) -> None:
    known = vocabulary_stems(default_vocabulary())
    terms = dict(weighted_terms(normalise("bup pns"), lexical, known, expansion_weight=0.3))
    # "bup" expands to "batas usia pensiun": added terms at 0.3 x idf.
    assert terms["pensiun"] == pytest.approx(0.3 * lexical.idf("pensiun"))


def test_a_question_mostly_about_an_unknown_topic_is_refused(
    mini_assistant: RegulationAnswerer,
) -> None:
    # "pns" matches, so BM25 alone would pass the (low) test threshold; the rest is words
    # the knowledge base never uses.
    result = mini_assistant.search("tarif pajak penghasilan pns")
    assert result.relevance.bm25 > 0
    assert result.relevance.unknown > mini_assistant.searcher.settings.unknown_max
    assert not result.found
    assert mini_assistant.ask("tarif pajak penghasilan pns").intent is Intent.tidak_ditemukan


def test_a_covered_question_has_full_support(mini_assistant: RegulationAnswerer) -> None:
    result = mini_assistant.search("batas usia pensiun pejabat administrasi")
    assert result.found
    assert result.relevance.unknown == 0.0
    assert result.relevance.support == pytest.approx(1.0)
    settings = mini_assistant.searcher.settings
    assert result.relevance.score == pytest.approx(
        result.relevance.bm25 + settings.support_weight * result.relevance.support
    )


def _features(rng: np.random.Generator) -> Features:
    """Synthetic (bm25, cosine, support, unknown): answerable questions score higher."""
    n_pos, n_neg = 60, 30
    pos = np.column_stack(
        [
            rng.uniform(3, 12, n_pos),
            rng.uniform(0.5, 0.85, n_pos),
            rng.uniform(0.5, 1.0, n_pos),
            np.zeros(n_pos),
        ]
    )
    neg = np.column_stack(
        [
            rng.uniform(0, 5, n_neg),
            rng.uniform(0.2, 0.75, n_neg),
            rng.uniform(0.0, 0.45, n_neg),
            rng.uniform(0.0, 0.8, n_neg),
        ]
    )
    return Features(pos=pos, neg=neg)


def test_calibration_refuses_the_target_share_and_keeps_a_margin() -> None:
    f = _features(np.random.default_rng(7))
    c = calibrate(f, target=0.9)
    assert c.refused >= 0.9
    assert c.kept == pytest.approx(1.0)
    # dense_min sits above every unanswerable cosine.
    assert c.dense_min > f.neg[:, 1].max()
    z_pos = f.pos[:, 0] + c.support_weight * f.pos[:, 2]
    assert c.relevance_min <= z_pos.min()
    cv = cross_validate(f, target=0.9)
    assert 0.8 <= cv.refused <= 1.0 and 0.8 <= cv.kept <= 1.0


def test_calibration_fails_loudly_when_nothing_separates() -> None:
    same = np.tile([[5.0, 0.9, 0.5, 0.0]], (10, 1))
    with pytest.raises(ValueError, match="tidak ada ambang"):
        calibrate(Features(pos=same, neg=same.copy()), target=0.9)
