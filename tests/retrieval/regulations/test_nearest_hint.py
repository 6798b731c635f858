"""A declined regulation question names the nearest provision as a hint, never as an answer:
the reply says it may not answer the question, attaches no citation and keeps the
"not found" intent, so the answer metrics do not count it. Questions with nothing near get
the plain "not found"."""

from __future__ import annotations

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


@pytest.mark.slow
@pytest.mark.realmodel
def test_a_declined_question_names_the_nearest_provision_as_a_hint(
    answerer: RegulationAnswerer,
) -> None:
    # HR staff's own words for the mutasi period (PP 11/2017 Pasal 190): the no-answer model
    # is not sure enough to answer, the ranker still puts Pasal 190 first.
    question = "berapa lama harus menjabat sebelum dimutasi?"
    result = answerer.search(question)
    # (When the models improve enough to answer it outright, this example moves elsewhere.)
    assert not result.hits and result.nearest is not None
    assert result.nearest.provision_id == "pp-11-2017:pasal-190"
    answer = answerer.ask(question)
    assert answer.intent is Intent.tidak_ditemukan and answer.citations == ()
    assert "belum tentu menjawabnya" in answer.text
    assert "PP 11/2017 Pasal 190" in answer.text
    assert "paling singkat 2 tahun" in answer.text  # the summary is not cut before the point


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
