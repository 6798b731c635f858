from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.corpus import Corpus, load_corpus
from knowledge.rules.thresholds import thresholds
from retrieval.encoders.hashing import HashingEncoder
from retrieval.regulations.answerer import RegulationAnswerer
from retrieval.regulations.search import ProvisionSearcher
from retrieval.regulations.settings import RegulationSearchSettings

HERE = Path(__file__).resolve().parent
MINICORPUS = HERE / "minicorpus"
EVAL_QUESTIONS = HERE / "eval_questions.yaml"


@pytest.fixture(scope="session")
def minicorpus() -> Corpus:
    return load_corpus(MINICORPUS)


@pytest.fixture(scope="session")
def mini_assistant(minicorpus: Corpus) -> RegulationAnswerer:
    # The hashing encoder gives cosines on another scale than the real model: thresholds
    # for it are set here, the production ones are calibrated for the bundled model.
    # The learned models are fitted on the full corpus, not on this one: off.
    settings = RegulationSearchSettings(
        cache=False,
        relevance_min=1.5,
        dense_min=0.5,
        cite_bm25_min=1.0,
        cite_dense_min=0.5,
        learned=False,
    )
    return RegulationAnswerer.build(minicorpus, HashingEncoder(256), settings, thresholds())


@pytest.fixture(scope="module")
def searcher() -> ProvisionSearcher:
    """The real corpus with the deterministic encoder and no fitted model (module-scoped: a
    test that sets ``examples`` puts them back)."""
    return RegulationAnswerer.build(
        load_corpus(),
        HashingEncoder(256),
        RegulationSearchSettings(cache=False, learned=False),
        thresholds(),
    ).searcher
