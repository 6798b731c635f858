"""Which fitted regulation models an encoder gets: its own, else those of the model it was
exported from, never another model's."""

from __future__ import annotations

from knowledge.corpus import load_corpus
from knowledge.rules.thresholds import thresholds
from retrieval.encoders.hashing import HashingEncoder
from retrieval.regulations.answerer import RegulationAnswerer, learned_for
from retrieval.regulations.settings import RegulationSearchSettings


class _Export(HashingEncoder):
    """The hashing encoder under another name, as an ONNX export of a model carries its own."""

    def __init__(self, name: str, reproduces: str | None) -> None:
        super().__init__(256)
        self._export_name = name
        self.reproduces = reproduces

    @property
    def name(self) -> str:
        return self._export_name


def test_an_encoder_with_its_own_fitted_models_gets_them() -> None:
    learned = learned_for(HashingEncoder(256))
    assert learned is not None
    assert learned.encoder == "hashing-256"


def test_an_export_gets_the_models_fitted_on_the_model_it_reproduces() -> None:
    learned = learned_for(_Export("hashing-256 int8", reproduces="hashing-256"))
    assert learned is not None
    assert learned.encoder == "hashing-256"


def test_an_unknown_model_gets_none_and_falls_back_to_the_thresholds() -> None:
    assert learned_for(_Export("some other model", reproduces=None)) is None
    assert learned_for(_Export("some other model", reproduces="never fitted")) is None


def test_the_answerer_of_an_export_ranks_and_declines_with_the_fitted_models() -> None:
    export = _Export("hashing-256 int8", reproduces="hashing-256")
    answerer = RegulationAnswerer.build(
        load_corpus(), export, RegulationSearchSettings(cache=False), thresholds()
    )
    learned = answerer.searcher.learned
    assert learned is not None
    assert learned.encoder == "hashing-256"
