"""English summaries are a second document of their provision: every provision has one, the
index holds both documents, and an English question whose words only the English summary
uses reaches the provision by words alone (BM25), where the Indonesian summary alone does not."""

from __future__ import annotations

import dataclasses

import pytest

from knowledge.corpus import Corpus, load_corpus
from knowledge.rules.thresholds import thresholds
from retrieval.encoders.hashing import HashingEncoder
from retrieval.regulations.answerer import RegulationAnswerer
from retrieval.regulations.documents import build_documents
from retrieval.regulations.search import Mode
from retrieval.regulations.settings import RegulationSearchSettings

SETTINGS = RegulationSearchSettings(cache=False, learned=False)
# The data subject's right to know who asks for their data and why (UU 27/2022 Pasal 5): the
# query vocabulary translates none of these English words, its English summary uses them.
QUESTION = "what information can a data subject ask about the party requesting personal data?"
RIGHT_TO_INFORMATION = "uu-27-2022:pasal-5"
MUTASI_PERIOD = "pp-11-2017:pasal-190"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def _without_english(corpus: Corpus) -> Corpus:
    return Corpus(
        {
            r.id: dataclasses.replace(
                r, provisions=tuple(dataclasses.replace(p, summary_en=None) for p in r.provisions)
            )
            for r in corpus.regulations()
        }
    )


def test_every_provision_has_an_english_summary(corpus: Corpus) -> None:
    missing = [p.id for p in corpus.provisions() if not p.summary_en]
    assert missing == []


def test_both_summaries_are_indexed_for_the_same_provision(corpus: Corpus) -> None:
    docs = build_documents(corpus)
    by_source: dict[str, set[str]] = {}
    for d in docs:
        by_source.setdefault(d.source, set()).add(d.provision_id)
    ids = {p.id for p in corpus.provisions()}
    assert by_source["summary"] == ids and by_source["summary_en"] == ids
    english = next(d for d in docs if d.provision_id == MUTASI_PERIOD and d.source == "summary_en")
    assert "at most 5 years" in english.text and "PP 11/2017" in english.text


def test_an_english_question_reaches_the_provision_through_its_english_summary(
    corpus: Corpus,
) -> None:
    with_en = RegulationAnswerer.build(corpus, HashingEncoder(256), SETTINGS, thresholds())
    hits = with_en.search(QUESTION, mode=Mode.bm25, threshold=False).hits
    assert hits[0].provision_id == RIGHT_TO_INFORMATION
    without = RegulationAnswerer.build(
        _without_english(corpus), HashingEncoder(256), SETTINGS, thresholds()
    )
    hits = without.search(QUESTION, mode=Mode.bm25, threshold=False).hits
    assert RIGHT_TO_INFORMATION not in [h.provision_id for h in hits[:3]]
