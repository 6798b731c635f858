from __future__ import annotations

from knowledge.rules.thresholds import thresholds
from retrieval.regulations.normalise import normalise
from retrieval.regulations.rule_check import check_rule


def verdict(question: str) -> tuple[str, tuple[str, ...]] | None:
    v = check_rule(normalise(question).normalised, thresholds())
    return None if v is None else (v.text, v.citations)


def test_too_old_for_jpt_pratama() -> None:
    got = verdict("min umur sy 57 msh bs ikut selter kadis gak?")
    assert got is not None
    text, cites = got
    assert text.startswith("Tidak: batas usia JPT pratama 56 tahun saat pelantikan")
    assert cites == ("pp-11-2017:pasal-107:huruf-c",)


def test_young_enough_lists_the_other_requirements() -> None:
    got = verdict("usia 50 bisa jadi kepala dinas?")
    assert got is not None
    assert got[0].startswith("Ya, dari sisi usia")
    assert "pengalaman 5 tahun" in got[0] and "administrator" in got[0]


def test_exact_limit_asks_for_the_birth_date() -> None:
    got = verdict("umur 56 bisa jadi kadis?")
    assert got is not None and got[0].startswith("Perlu dicek")


def test_bup_by_position() -> None:
    assert verdict("berapa BUP pejabat administrator?") == (
        "BUP jabatan administrator: 58 tahun.",
        ("pp-11-2017:pasal-239",),
    )
    got = verdict("usia pensiun jf ahli utama")
    assert got is not None and "65 tahun" in got[0]
    got = verdict("sekda kab pensiun umur brp?")
    assert got is not None and "60 tahun" in got[0]


def test_max_age_question_without_an_age() -> None:
    got = verdict("jpt madya umur max brp?")
    assert got is not None
    assert got[0].startswith("Batas usia paling tinggi untuk JPT madya: 58 tahun")
    assert "pp-11-2017:pasal-107:huruf-b" in got[1]


def test_position_without_an_appointment_age_limit_points_to_bup() -> None:
    got = verdict("umur 57 bisa jadi kabid?")
    assert got is not None
    assert "Tidak ada batas usia pengangkatan khusus" in got[0] and "58" in got[0]


def test_plain_questions_are_not_rule_checks() -> None:
    assert verdict("apa syarat jpt pratama?") is None
    assert verdict("siapa yang menetapkan kelompok rencana suksesi?") is None
