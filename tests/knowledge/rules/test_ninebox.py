from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from knowledge.rules import MeritSettings, NineBoxResmiFact, ninebox
from tests.knowledge.rules.builders import AS_OF, employee, standar, with_levels

PREDIKAT = {"atas": "Sangat Baik", "sesuai": "Baik", "bawah": "Butuh Perbaikan"}
SKOR = {"tinggi": 85.0, "menengah": 70.0, "rendah": 40.0}
BY_SCORE = MeritSettings(ninebox_potensi="skor")


@pytest.mark.parametrize(
    ("kinerja", "potensial", "kotak"),
    [
        ("bawah", "rendah", 1),
        ("sesuai", "rendah", 2),
        ("bawah", "menengah", 3),
        ("atas", "rendah", 4),
        ("sesuai", "menengah", 5),
        ("bawah", "tinggi", 6),
        ("atas", "menengah", 7),
        ("sesuai", "tinggi", 8),
        ("atas", "tinggi", 9),
    ],
)
def test_each_of_the_nine_boxes(kinerja: str, potensial: str, kotak: int) -> None:
    emp = employee(kinerja={2024: PREDIKAT[kinerja], 2025: PREDIKAT[kinerja]})
    emp = with_levels(emp, standar(3), skor_potensi=SKOR[potensial])
    r = ninebox(emp, as_of=AS_OF, settings=BY_SCORE)
    assert (r.kotak, r.kinerja, r.potensial) == (kotak, kinerja, potensial)
    assert r.perkiraan and r.penjelasan.startswith(f"Perkiraan kotak {kotak}")
    assert f"ninebox-praktik:angka-{kotak}" in r.citations
    assert r.rekomendasi


@pytest.mark.parametrize(
    ("skor", "potensial"),
    [(80.0, "tinggi"), (79.9, "menengah"), (60.0, "menengah"), (59.9, "rendah")],
)
def test_potential_score_boundaries(skor: float, potensial: str) -> None:
    r = ninebox(
        with_levels(employee(), standar(3), skor_potensi=skor), as_of=AS_OF, settings=BY_SCORE
    )
    assert r.potensial == potensial


def test_two_years_take_the_lower_level_and_one_year_the_latest() -> None:
    emp = employee(kinerja={2024: "Baik", 2025: "Sangat Baik"})
    assert ninebox(emp, as_of=AS_OF, settings=BY_SCORE).kinerja == "sesuai"
    one = MeritSettings(ninebox_potensi="skor", ninebox_tahun_kinerja=1)
    assert ninebox(emp, as_of=AS_OF, settings=one).kinerja == "atas"


def test_missing_inputs_are_named_never_guessed() -> None:
    emp = employee(kinerja={2025: "Baik"}, asesmen=None)
    r = ninebox(emp, as_of=AS_OF)
    assert r.kotak is None and r.label is None
    assert r.kurang == (
        "predikat kinerja 2024",
        "JPM terhadap jabatan saat ini (asesmen kompetensi)",
        "skor/kategori potensi dari asesmen",
    )
    assert r.penjelasan.startswith("Belum dapat ditempatkan di nine-box")


def test_jpm_and_score_together_use_the_lower_potential() -> None:
    # JPM against the current position is 100 % (tinggi); the score says menengah.
    emp = with_levels(employee(), standar(3), skor_potensi=70.0)
    r = ninebox(emp, as_of=AS_OF, settings=MeritSettings(ninebox_potensi="jpm_dan_skor"))
    assert (r.potensial, r.kotak) == ("menengah", 7)
    r = ninebox(emp, as_of=AS_OF, settings=MeritSettings(ninebox_potensi="jpm"))
    assert (r.potensial, r.kotak) == ("tinggi", 9)


def test_either_source_when_one_is_missing() -> None:
    emp = with_levels(employee(), standar(3), skor_potensi=None)
    assert ninebox(emp, as_of=AS_OF).kotak is None  # default needs both
    r = ninebox(emp, as_of=AS_OF, settings=MeritSettings(ninebox_potensi="jpm_atau_skor"))
    assert r.kotak == 9


def test_assessor_category_is_used_when_there_is_no_score() -> None:
    emp = with_levels(employee(), standar(3), skor_potensi=None, kategori_potensi="rendah")
    assert ninebox(emp, as_of=AS_OF, settings=BY_SCORE).kotak == 4


def test_official_box_is_shown_next_to_the_estimate_and_outranks_it() -> None:
    emp = with_levels(employee(), standar(3), skor_potensi=85.0)
    emp = replace(
        emp, ninebox_resmi=(NineBoxResmiFact(2024, 6, "BKN"), NineBoxResmiFact(2025, 8, "BKN"))
    )
    r = ninebox(emp, as_of=AS_OF)
    assert r.kotak == 9 and r.resmi is not None and r.resmi.kotak == 8
    assert r.kotak_final == 8
    assert "Kotak resmi BKN 2025: 8." in r.penjelasan
    # An official placement from a later year than the reference date is not used.
    assert ninebox(emp, as_of=date(2024, 12, 31)).resmi == NineBoxResmiFact(2024, 6, "BKN")
