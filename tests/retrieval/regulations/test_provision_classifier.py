"""The provision classifier: trained on example questions and the provisions' summaries, it
points a question at the provision whose examples share its words, and its decision value
reaches the learned ranker. With the bundled model, the regulation questions users reported
are answered with the article that answers them."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.corpus import load_corpus
from knowledge.rules.thresholds import thresholds
from retrieval.encoders.base import Encoder
from retrieval.regulations.answerer import RegulationAnswerer
from retrieval.regulations.examples import Example, ExampleIndex
from retrieval.regulations.learned import RANK_FEATURES
from retrieval.regulations.normalise import normalise
from retrieval.regulations.provision_classifier import ProvisionClassifier
from retrieval.regulations.search import ProvisionSearcher
from retrieval.regulations.settings import RegulationSearchSettings

TRANSFER_BETWEEN_REGENCIES = "pp-11-2017:pasal-192"
TRANSFER_BETWEEN_PROVINCES = "pp-11-2017:pasal-193:ayat-1"


def _index(searcher: ProvisionSearcher, examples: list[Example]) -> ExampleIndex:
    return ExampleIndex(
        examples,
        searcher.encoder,
        {pid: searcher.provision_row(pid) for pid in searcher.provision_ids},
        searcher.settings.expansion_weight,
        summaries=searcher.summary_texts(),
    )


def _best(searcher: ProvisionSearcher, index: ExampleIndex, question: str) -> str:
    query = normalise(question)
    scores = index.scores(query, searcher.query_vector(query)).classifier
    return searcher.provision_ids[int(np.argmax(scores))]


def test_every_provision_is_a_class_from_its_summaries_alone(
    searcher: ProvisionSearcher,
) -> None:
    summaries = searcher.summary_texts()
    assert {s.row for s in summaries} == set(range(len(searcher.provision_ids)))
    classifier = ProvisionClassifier(
        [s.text for s in summaries],
        np.vstack([s.vector for s in summaries]),
        [s.row for s in summaries],
        len(searcher.provision_ids),
    )
    # A summary's own words point at its provision (not at its neighbour, Pasal 193).
    own = next(s for s in summaries if searcher.provision_ids[s.row] == TRANSFER_BETWEEN_REGENCIES)
    scores = classifier.scores(own.text, own.vector)
    assert scores.shape == (len(searcher.provision_ids),)
    assert searcher.provision_ids[int(np.argmax(scores))] == TRANSFER_BETWEEN_REGENCIES


def test_example_questions_teach_it_words_the_summaries_do_not_have(
    searcher: ProvisionSearcher,
) -> None:
    question = "pegawai pindah dari kab sebelah ke kab kami, yg teken SK-nya siapa?"
    examples = [
        Example("pindah dari kab ke kab lain yg teken SK siapa", (TRANSFER_BETWEEN_REGENCIES,)),
        Example(
            "kalau pindah antar kab yg teken SK pindahnya siapa", (TRANSFER_BETWEEN_REGENCIES,)
        ),
        Example("resep rendang", ()),
    ]
    without = _index(searcher, examples[2:])
    taught = _index(searcher, examples)
    assert _best(searcher, without, question) != TRANSFER_BETWEEN_REGENCIES
    assert _best(searcher, taught, question) == TRANSFER_BETWEEN_REGENCIES


def test_examples_left_out_while_fitting_are_left_out_of_the_classifier(
    searcher: ProvisionSearcher,
) -> None:
    """Fitting scores a question with its own fold's examples masked; the classifier used for
    it must not have learned from them either."""
    question = "pegawai pindah dari kab sebelah ke kab kami, yg teken SK-nya siapa?"
    examples = [
        Example("pindah dari kab ke kab lain yg teken SK siapa", (TRANSFER_BETWEEN_REGENCIES,)),
        Example(
            "kalau pindah antar kab yg teken SK pindahnya siapa", (TRANSFER_BETWEEN_REGENCIES,)
        ),
    ]
    index = _index(searcher, examples)
    query = normalise(question)
    vector = searcher.query_vector(query)
    row = searcher.provision_row(TRANSFER_BETWEEN_REGENCIES)
    seen = index.scores(query, vector).classifier
    masked = index.scores(query, vector, exclude=np.array([True, True])).classifier
    assert masked[row] < seen[row]
    assert searcher.provision_ids[int(np.argmax(masked))] != TRANSFER_BETWEEN_REGENCIES


def test_the_ranker_reads_the_decision_value(searcher: ProvisionSearcher) -> None:
    question = "pegawai pindah dari kab sebelah ke kab kami, yg teken SK-nya siapa?"
    searcher.examples = _index(
        searcher,
        [Example("pindah dari kab ke kab lain yg teken SK siapa", (TRANSFER_BETWEEN_REGENCIES,))],
    )
    try:
        query = normalise(question)
        bm25, cosine = searcher.raw_scores(query)
        rows, features, _, found, _ = searcher.candidates(query, bm25, cosine)
    finally:
        searcher.examples = None
    assert found is not None
    column = {name: n for n, name in enumerate(RANK_FEATURES)}
    ids = [searcher.provision_ids[i] for i in rows]
    assert TRANSFER_BETWEEN_REGENCIES in ids
    mine = features[ids.index(TRANSFER_BETWEEN_REGENCIES)]
    assert mine[column["clf_gap"]] == 0.0 and mine[column["clf_rr"]] == 1.0
    others = np.delete(features, ids.index(TRANSFER_BETWEEN_REGENCIES), axis=0)
    assert (others[:, column["clf_gap"]] < 0).all()


@pytest.fixture(scope="module")
def answerer(bundled_encoder: Encoder) -> RegulationAnswerer:
    return RegulationAnswerer.build(
        load_corpus(), bundled_encoder, RegulationSearchSettings(cache=False), thresholds()
    )


@pytest.mark.slow
@pytest.mark.realmodel
@pytest.mark.parametrize(
    ("question", "article"),
    [
        # Reported by users: a story about one's own tenure, and who decides a transfer.
        ("saya sudah 6 tahun di jabatan yang sama, wajib dimutasi?", "pp-11-2017:pasal-190"),
        ("siapa yang berwenang memutasi PNS antar kabupaten?", TRANSFER_BETWEEN_REGENCIES),
    ],
)
def test_reported_questions_cite_the_article_that_answers_them(
    answerer: RegulationAnswerer, question: str, article: str
) -> None:
    cited = [c.id for c in answerer.ask(question).citations]
    assert cited[:1] == [article], cited
