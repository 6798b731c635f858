"""Competency standards of generated positions: Permenpan RB 38/2017 set, levels by kind."""

from __future__ import annotations

import random

from db.generate.fields import FIELDS
from db.reference import KOMPETENSI_MANAJERIAL, KOMPETENSI_SOSIAL_KULTURAL

_MAX_LEVEL = {"jpt_madya": 5, "jpt_pratama": 5, "administrator": 4, "pengawas": 3}
_BASE_LEVEL = {"jpt_madya": 5, "jpt_pratama": 4, "administrator": 3, "pengawas": 2, "pelaksana": 1}
_JENJANG_LEVEL = {
    "ahli_utama": 4,
    "ahli_madya": 3,
    "ahli_muda": 2,
    "ahli_pertama": 1,
    "penyelia": 2,
    "mahir": 1,
    "terampil": 1,
    "pemula": 1,
}
_TEKNIS_LEVEL = {
    "jpt_madya": 4,
    "jpt_pratama": 4,
    "administrator": 3,
    "pengawas": 3,
    "pelaksana": 1,
    "ahli_utama": 5,
    "ahli_madya": 4,
    "ahli_muda": 3,
    "ahli_pertama": 2,
    "penyelia": 3,
    "mahir": 2,
    "terampil": 2,
    "pemula": 1,
}


def standard(
    rng: random.Random, jenis: str, jenjang: str | None, field_key: str
) -> tuple[tuple[str, str, int], ...]:
    """The competency standard: 8 managerial + Perekat Bangsa (1–5) + 1–3 technical."""
    key = jenjang or jenis
    base = _JENJANG_LEVEL[jenjang] if jenjang else _BASE_LEVEL[jenis]
    top = _MAX_LEVEL.get(jenis, base + 1)
    rows: list[tuple[str, str, int]] = []
    for k in KOMPETENSI_MANAJERIAL:
        rows.append((k, "manajerial", min(top, base + (1 if rng.random() < 0.3 else 0))))
    for k in KOMPETENSI_SOSIAL_KULTURAL:
        rows.append((k, "sosial_kultural", min(top, base + (1 if rng.random() < 0.2 else 0))))
    teknis = FIELDS[field_key].teknis
    n = 1 + int(rng.random() * 3) if jenis != "pelaksana" else 1
    for k in teknis[:n]:
        rows.append(
            (k, "teknis", max(1, min(5, _TEKNIS_LEVEL[key] - (1 if rng.random() < 0.2 else 0))))
        )
    return tuple(rows)
