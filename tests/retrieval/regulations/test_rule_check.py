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
    assert text == "Tidak: batas usia JPT pratama 56 tahun; usia 57 sudah melewatinya."
    assert cites == ("pp-11-2017:pasal-107:huruf-c",)


def test_only_jpt_madya_says_saat_pelantikan_and_marks_its_source() -> None:
    # Pasal 107 huruf a and c, as read, name no date; huruf b's secondary source does.
    for question in ("jpt pratama umur max brp?", "jpt utama umur max brp?", "umur 50 bs jd kadis"):
        got = verdict(question)
        assert got is not None and "pelantikan" not in got[0], question
    got = verdict("jpt madya umur max brp?")
    assert got is not None
    assert "58 tahun saat pelantikan (menurut sumber sekunder)" in got[0]


def test_young_enough_lists_the_other_requirements() -> None:
    got = verdict("usia 50 bisa jadi kepala dinas?")
    assert got is not None
    assert got[0].startswith("Ya, dari sisi usia")
    assert "pengalaman 5 tahun" in got[0] and "administrator" in got[0]


def test_exact_limit_asks_for_the_birth_date() -> None:
    got = verdict("umur 56 bisa jadi kadis?")
    assert got is not None and got[0].startswith("Perlu dicek")
    # The measuring date and the boundary reading are Talenta's policy, cited as such.
    assert "Talenta mengukur usia pada tanggal pelantikan" in got[0]
    assert "tafsir instansi yang belum terverifikasi" in got[0]
    assert got[1] == ("pp-11-2017:pasal-107:huruf-c", "kebijakan-talenta:angka-2")


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
    assert got[0].startswith("Dari sisi usia bisa: persyaratan jabatan administrator")
    assert "tidak memuat batas usia pengangkatan" in got[0] and "usia 57 belum" in got[0]


def test_administrator_has_no_appointment_age_limit_and_58_is_the_bup() -> None:
    assert verdict("batas usia maksimal untuk diangkat jadi administrator?") == (
        "Persyaratan jabatan administrator dalam PP 11/2017 (isinya terverifikasi, nomor "
        "pasalnya belum) tidak memuat batas usia pengangkatan. Yang membatasi hanya BUP pejabat "
        "administrasi, 58 tahun (PP 11/2017 Pasal 239).",
        ("pp-11-2017", "pp-11-2017:pasal-239"),
    )
    got = verdict("umur maks jadi pengawas brp?")
    assert got is not None and got[0].startswith("Persyaratan jabatan pengawas")
    got = verdict("umur 58 bisa jadi kasi?")
    assert got is not None and got[0].startswith("Tidak: usia 58 sudah mencapai BUP")
    # Jabatan pelaksana: no requirement list in the knowledge base, so nothing is claimed.
    got = verdict("umur 50 bisa jadi pelaksana?")
    assert got is not None and got[0].startswith("Belum dapat dipastikan")
    assert got[1] == ("pp-11-2017:pasal-239",)


def test_jf_ahli_utama_age_comes_from_bkn_guidance_not_the_bup() -> None:
    got = verdict("usia maksimal jf ahli utama?")
    assert got is not None
    assert "60 tahun bagi PNS yang pernah menduduki JPT" in got[0] and "63 tahun" in got[0]
    assert got[1] == ("bkn-siasn-jf", "pp-11-2017:pasal-239")


def test_plain_questions_are_not_rule_checks() -> None:
    assert verdict("apa syarat jpt pratama?") is None
    assert verdict("siapa yang menetapkan kelompok rencana suksesi?") is None
