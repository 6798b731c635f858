"""Assessments, yearly performance, sanctions and the official talent data of one person.

Distributions follow how agencies report (FACTS.md §8: mostly Baik, a minority Sangat Baik,
some lower); the official nine-box uses the box table of FACTS.md §11.5.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from db.generate.dates import add_months, from_index, month_index
from db.generate.people import Person
from db.generate.positions import Position
from db.generate.writer import Writer
from db.reference import JENIS_JABATAN_LABEL, JenisJabatan

# Performance traits: (share, predicate weights SB, B, BP, K, SK)
_TRAITS = {
    "star": (0.14, (0.7, 0.3, 0.0, 0.0, 0.0)),
    "solid": (0.76, (0.07, 0.89, 0.04, 0.0, 0.0)),
    "weak": (0.10, (0.0, 0.45, 0.33, 0.16, 0.06)),
}
PREDIKAT = ("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")
_PERF_AXIS = {"Sangat Baik": 2, "Baik": 1}  # else 0 (di bawah ekspektasi)
_POT_AXIS = {"tinggi": 2, "menengah": 1, "rendah": 0}
# FACTS.md §11.5: (kinerja axis, potensial axis) -> box
BOX = {
    (2, 2): 9,
    (1, 2): 8,
    (2, 1): 7,
    (0, 2): 6,
    (1, 1): 5,
    (2, 0): 4,
    (0, 1): 3,
    (1, 0): 2,
    (0, 0): 1,
}
_HUKUMAN = {
    "ringan": (
        ("Teguran lisan", 6),
        ("Teguran tertulis", 6),
        ("Pernyataan tidak puas secara tertulis", 6),
    ),
    "sedang": (
        ("Pemotongan tunjangan kinerja sebesar 25% selama 6 bulan", 6),
        ("Pemotongan tunjangan kinerja sebesar 25% selama 9 bulan", 9),
        ("Pemotongan tunjangan kinerja sebesar 25% selama 12 bulan", 12),
    ),
    "berat": (
        ("Penurunan jabatan setingkat lebih rendah selama 12 bulan", 12),
        ("Pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan", 12),
    ),
}
_ASSESSED = {"jpt_madya": 0.97, "jpt_pratama": 0.95, "administrator": 0.9, "pengawas": 0.8}


@dataclass(slots=True)
class TalentOutcome:
    trait: str
    kinerja: dict[int, str]
    kategori_potensi: str | None
    kotak: int | None


def pick_trait(rng: random.Random) -> str:
    r = rng.random()
    for name, (share, _) in _TRAITS.items():
        if r < share:
            return name
        r -= share
    return "solid"


def write_asesmen(
    w: Writer,
    rng: random.Random,
    p: Person,
    pos: Position,
    trait: str,
    *,
    as_of: date,
    incomplete: bool,
) -> str | None:
    """Zero, one or two assessments; returns the latest potential category."""
    assert p.tmt_cpns is not None
    chance = _ASSESSED.get(pos.jenis, 0.55 if (pos.jenjang or "").startswith("ahli") else 0.3)
    if incomplete or rng.random() >= chance:
        return None
    bias = rng.gauss(0.4 if trait == "star" else (-0.4 if trait == "weak" else 0.0), 0.8)
    now = month_index(as_of)
    first_ok = month_index(p.tmt_cpns) + 12
    dates = [now - rng.randint(2, 40)]
    if rng.random() < 0.15:
        dates.append(dates[0] - rng.randint(26, 60))
    kategori: str | None = None
    for i, m in enumerate(sorted(dates)):
        if m < first_ok:
            continue
        tanggal = from_index(m, rng.randint(1, 28))
        if pos.jenis in _ASSESSED:
            metode = "Assessment Center" if rng.random() < 0.7 else "BKN ProASN"
        else:
            metode = "CAT Penilaian Kompetensi" if rng.random() < 0.7 else "BKN ProASN"
        drift = 0.3 * i  # people grow between assessments
        skor = max(30.0, min(98.0, 68 + 10 * (bias + drift) + rng.gauss(0, 4)))
        kategori = "tinggi" if skor >= 80 else ("menengah" if skor >= 65 else "rendah")
        w.asesmen(
            (p.nip, tanggal, metode, None if rng.random() < 0.1 else round(skor, 1), kategori)
        )
        for komp, _jenis, std in pos.standar:
            level = std + round(0.6 * (bias + drift) + rng.gauss(0, 0.7))
            w.asesmen_kompetensi((p.nip, tanggal, komp, max(1, min(5, level))))
    return kategori


def write_kinerja(
    w: Writer,
    rng: random.Random,
    p: Person,
    trait: str,
    *,
    as_of: date,
    incomplete: bool,
) -> dict[int, str]:
    assert p.tmt_cpns is not None
    weights = _TRAITS[trait][1]
    first = max(p.tmt_cpns.year + 1, as_of.year - 4)
    last = as_of.year - 1 - (2 if incomplete else 0)
    out: dict[int, str] = {}
    for year in range(first, last + 1):
        pred = rng.choices(PREDIKAT, weights)[0]
        out[year] = pred
        w.kinerja((p.nip, year, pred))
    return out


def write_hukuman(w: Writer, rng: random.Random, p: Person, trait: str, *, as_of: date) -> None:
    assert p.tmt_cpns is not None
    chance = {"star": 0.005, "solid": 0.02, "weak": 0.15}[trait]
    if rng.random() >= chance:
        return
    r = rng.random()
    tingkat = "ringan" if r < 0.7 else ("sedang" if r < 0.9 else "berat")
    jenis, months = rng.choice(_HUKUMAN[tingkat])
    start_m = max(month_index(p.tmt_cpns) + 12, month_index(as_of) - rng.randint(1, 60))
    if start_m > month_index(as_of):
        return
    mulai = from_index(start_m, rng.randint(1, 28))
    w.hukuman_disiplin((p.nip, tingkat, jenis, mulai, add_months(mulai, months)))


def write_official(
    w: Writer,
    rng: random.Random,
    p: Person,
    pos: Position,
    kinerja: dict[int, str],
    kategori: str | None,
    *,
    as_of: date,
) -> int | None:
    """Official nine-box (BKN ProASN) for a subset; succession group for good performers."""
    year = as_of.year - 1
    kotak: int | None = None
    if kategori and year in kinerja and rng.random() < 0.4:
        kotak = BOX[(_PERF_AXIS.get(kinerja[year], 0), _POT_AXIS[kategori])]
        if rng.random() < 0.08:  # the official result does not always match our inputs
            kotak = max(1, min(9, kotak + rng.choice((-1, 1))))
        w.ninebox_resmi((p.nip, year, kotak, f"BKN ProASN {year}"))
    recent = [kinerja.get(y) for y in (year - 1, year)]
    good = (kotak is not None and kotak >= 7) or (
        kotak is None
        and kategori == "tinggi"
        and recent.count("Sangat Baik") >= 1
        and None not in recent
        and "Butuh Perbaikan" not in recent
    )
    if good and rng.random() < 0.75:
        target = pos.atasan if pos.atasan and pos.atasan.jenis != "fungsional" else None
        label = JENIS_JABATAN_LABEL[JenisJabatan(target.jenis)] if target else "instansi"
        ket = f"Kelompok rencana suksesi {label}"
        w.rencana_suksesi((p.nip, as_of.year, target.kode if target else None, ket))
        if rng.random() < 0.3:
            w.rencana_suksesi((p.nip, year, target.kode if target else None, ket))
    return kotak
