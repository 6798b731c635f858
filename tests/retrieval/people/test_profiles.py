from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from db.models import Pegawai
from retrieval.encoders.hashing import HashingEncoder
from retrieval.people.profile_data import load_profiles
from retrieval.people.profile_text import (
    chunk_budget,
    chunk_text,
    chunk_texts,
    encode_documents,
    render_profile,
)
from tests.retrieval.people.conftest import World


def test_profile_text_shows_records_but_nothing_personal(sqlite_engine: Engine, world: World):
    with Session(sqlite_engine) as s:
        peg = s.get(Pegawai, world.ani)
        assert peg is not None
        peg.gelar_depan, peg.gelar_belakang = "Hj.", "S.E."
        s.add(peg)
        s.commit()
        text = render_profile(load_profiles(s, [world.ani])[0])
        assert "Kepala Sub Bidang Penyusunan Anggaran" in text
        assert "S1 Akuntansi" in text
        assert "Pengadaan Barang dan Jasa Pemerintah" in text
        assert "Integritas level 4" in text
        assert "2025 Sangat Baik" in text
        assert "Analis Anggaran" in text
        for personal in (
            "Ani",
            "Lestari",
            peg.nip,
            "1980",
            "Hj.",
            "S.E.",
            "perempuan",
            "laki",
            "usia",
            "lahir",
        ):
            assert personal not in text, personal


def test_inactive_employees_have_no_profile(sqlite_engine: Engine, world: World):
    with Session(sqlite_engine) as s:
        got = {r.pegawai_id for r in load_profiles(s, [world.ani, world.fajar])}
    assert got == {world.ani}


def test_chunks_respect_the_token_budget():
    text = "\n".join(["Pelatihan: " + " ".join(f"kata{i}" for i in range(300)), "Pendidikan: S1"])
    budget = chunk_budget(256)
    chunks = chunk_text(text, budget)
    assert len(chunks) >= 2
    assert all(len(c.split()) <= budget for c in chunks)
    assert " ".join(" ".join(chunks).split()) == " ".join(text.split())


def test_chunks_are_cut_by_the_counter_not_by_words():
    """A counter that charges three tokens per word: lines are packed whole while they fit,
    and a line longer than the budget is cut between words."""

    def three_per_word(texts):
        return [3 * len(t.split()) for t in texts]

    lines = ["a b c d", "e f g", "h i j k l m n o p q r s t u v w x y z"]
    chunks = chunk_text("\n".join(lines), 24, three_per_word)
    assert chunks[0] == "a b c d\ne f g"  # 21 tokens; adding the third line would pass 24
    assert all(sum(three_per_word(c.splitlines())) <= 24 for c in chunks)
    assert " ".join(" ".join(chunks).split()) == " ".join(" ".join(lines).split())


def test_no_text_or_blank_texts_need_no_token_count():
    def refuses_empty(texts):
        assert texts, "a tokenizer raises on an empty batch"
        return [len(t.split()) for t in texts]

    assert chunk_texts([], 64, refuses_empty) == []
    assert chunk_texts(["", "  \n "], 64, refuses_empty) == [[""], [""]]
    assert encode_documents(HashingEncoder(32), []).shape == (0, 32)


def test_a_counter_that_loses_lines_is_refused():
    with pytest.raises(ValueError, match="2 lines"):
        chunk_texts(["satu\ndua"], 64, lambda texts: [1])


def test_long_profiles_are_mean_pooled_and_normalised():
    enc = HashingEncoder(64)
    long_text = "\n".join(f"baris {i} " + "anggaran keuangan " * 40 for i in range(12))
    [pooled] = encode_documents(enc, [long_text])
    chunks = chunk_text(long_text, chunk_budget(enc.max_tokens))
    assert len(chunks) > 1
    weights = np.array([len(c.split()) for c in chunks], dtype=np.float32)
    expected = (enc.encode(chunks) * weights[:, None]).sum(axis=0)
    expected /= np.linalg.norm(expected)
    assert np.allclose(pooled, expected, atol=1e-5)
    assert abs(float(np.linalg.norm(pooled)) - 1.0) < 1e-5
