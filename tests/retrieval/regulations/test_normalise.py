from __future__ import annotations

from retrieval.regulations.normalise import load_vocabulary, normalise


def test_casual_spellings_are_respelled() -> None:
    q = normalise("min umur sy 57 msh bs ikut selter kadis gak?")
    assert q.normalised == "min umur saya 57 masih bisa ikut selter kadis tidak"


def test_abbreviations_expand_to_indonesian_terms() -> None:
    q = normalise("syarat jadi kadis")
    assert "kepala dinas" in q.expansions
    assert "jabatan pimpinan tinggi pratama" in q.expansions
    # The user's words stay; expansions are added, not substituted.
    assert q.expanded.startswith("syarat jadi kadis")


def test_longest_phrase_wins_and_inner_phrase_still_expands() -> None:
    q = normalise("BUP JPT pratama")
    assert "eselon ii" in q.expansions  # from "jpt pratama"
    assert "jabatan pimpinan tinggi" in q.expansions  # from "jpt"
    assert "batas usia pensiun" in q.expansions


def test_spelled_out_form_adds_the_abbreviation() -> None:
    q = normalise("syarat jabatan pimpinan tinggi pratama")
    assert "jpt" in q.expansions


def test_english_question_gets_indonesian_translations() -> None:
    q = normalise("What is the retirement age for administrators?")
    assert "batas usia pensiun" in q.translations
    assert "jabatan administrator" in q.translations
    assert "batas usia pensiun" in q.primary
    q2 = normalise("Who sets the talent pool?")
    assert "kelompok rencana suksesi" in q2.translations


def test_min_before_a_number_means_minimal() -> None:
    assert normalise("masa kerja min 2 tahun").normalised.startswith("masa kerja minimal 2")


def test_vocabulary_file_is_well_formed() -> None:
    vocab = load_vocabulary()
    for key in (
        "jpt",
        "bup",
        "skp",
        "selter",
        "kadis",
        "kabid",
        "kasi",
        "sekda",
        "ppk",
        "pyb",
        "baperjakat",
        "krs",
        "pppk",
        "eselon",
        "pka",
        "pkp",
        "pkn",
        "jf",
        "ja",
        "mt",
        "9-box",
        "naik pangkat",
        "mutasi",
        "rotasi",
    ):
        assert key in vocab.expand, key
    for key in ("retirement age", "requirements", "talent pool", "merit system", "data protection"):
        assert key in vocab.translate, key
    for key in ("sy", "gak", "msh", "bs"):
        assert key in vocab.respell, key
