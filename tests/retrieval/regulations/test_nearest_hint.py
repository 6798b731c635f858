"""A declined regulation question names the nearest provision as a hint, never as an answer:
the reply says it may not answer the question, attaches no citation and keeps the
"not found" intent, so the answer metrics do not count it. Questions with nothing near get
the plain "not found"."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from knowledge.corpus import load_corpus
from knowledge.rules.thresholds import thresholds
from retrieval.encoders.base import Encoder
from retrieval.regulations.answer import Intent
from retrieval.regulations.answerer import RegulationAnswerer
from retrieval.regulations.settings import RegulationSearchSettings


@pytest.fixture(scope="module")
def answerer(bundled_encoder: Encoder) -> RegulationAnswerer:
    return RegulationAnswerer.build(
        load_corpus(), bundled_encoder, RegulationSearchSettings(cache=False), thresholds()
    )


@pytest.fixture()
def declining(answerer: RegulationAnswerer) -> Iterator[RegulationAnswerer]:
    """The same answerer with an answer cut-off no question reaches: every question is
    declined, so what the reply does with the ranker's best provision is what is tested,
    independent of where the fitted cut-off happens to fall for one phrasing."""
    learned = answerer.searcher.learned
    assert learned is not None
    answerer.searcher.learned = replace(learned, answer_min=1.01)
    try:
        yield answerer
    finally:
        answerer.searcher.learned = learned


@pytest.mark.slow
@pytest.mark.realmodel
def test_a_declined_question_names_the_nearest_provision_as_a_hint(
    declining: RegulationAnswerer,
) -> None:
    # The retirement age (PP 11/2017 Pasal 239): the ranker is sure of it, the question is
    # declined by the cut-off, so the reply points to it without answering.
    question = "batas usia pensiun PNS"
    result = declining.search(question)
    assert not result.hits and result.nearest is not None
    assert result.nearest.provision_id == "pp-11-2017:pasal-239"
    answer = declining.ask(question)
    assert answer.intent is Intent.tidak_ditemukan and answer.citations == ()
    assert "belum tentu menjawabnya" in answer.text
    assert "PP 11/2017 Pasal 239" in answer.text
    assert "65 tahun bagi JF ahli utama" in answer.text  # the summary is not cut before the end


@pytest.mark.slow
@pytest.mark.realmodel
@pytest.mark.parametrize(
    "question",
    ["resep rendang padang yang enak", "cuti di luar tanggungan negara maksimal berapa tahun"],
)
def test_nothing_near_gives_the_plain_not_found(
    answerer: RegulationAnswerer, question: str
) -> None:
    result = answerer.search(question)
    assert not result.hits and result.nearest is None
    answer = answerer.ask(question)
    assert answer.intent is Intent.tidak_ditemukan and answer.citations == ()
    assert "belum tentu" not in answer.text and "tidak mau menebak" in answer.text
