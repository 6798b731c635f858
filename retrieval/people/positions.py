"""Free text → a position record (rapidfuzz over title, unit name and unit aliases).

"Kepala Bidang Anggaran BPKAD" should find the position even though the unit is called
"Badan Pengelolaan Keuangan dan Aset Daerah". Each position gets several search strings
(title alone, title + unit name, title + each alias of the unit) and the best one counts. When
two different positions score within ``margin`` of each other the input is ambiguous and the
choices are returned instead of a guess.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from db.models import Instansi, Jabatan, UnitKerja

# Common names of regional units beside their official abbreviation (UnitKerja.singkatan).
# Key: a word that appears in the unit's full name, lower case. Values: aliases people type.
UNIT_ALIASES: dict[str, tuple[str, ...]] = {
    "pengelolaan keuangan dan aset": ("BPKAD", "BKAD", "BPKPAD", "keuangan daerah"),
    "keuangan": ("BKAD", "BPKAD", "BPKD"),
    "perencanaan pembangunan": ("Bappeda", "Bapelitbangda", "Bappelitbangda"),
    "dinas kesehatan": ("Dinkes",),
    "dinas pendidikan": ("Disdik", "Diknas", "Disdikbud"),
    "kepegawaian": ("BKD", "BKPSDM", "BKPP"),
    "pekerjaan umum": ("PUPR", "Dinas PU"),
    "pendapatan": ("Bapenda", "BPPRD"),
    "sekretariat daerah": ("Setda",),
    "inspektorat": ("Itda", "Inspektorat Daerah"),
    "rumah sakit": ("RSUD",),
    "sosial": ("Dinsos",),
    "perhubungan": ("Dishub",),
    "kependudukan": ("Disdukcapil", "Dukcapil"),
    "lingkungan hidup": ("DLH",),
    "komunikasi": ("Diskominfo", "Kominfo"),
}


# Title abbreviations people type, expanded before matching.
ABBREVIATIONS: dict[str, str] = {
    "kabid": "kepala bidang",
    "kabag": "kepala bagian",
    "kasi": "kepala seksi",
    "kasie": "kepala seksi",
    "kasubbag": "kepala sub bagian",
    "kasubag": "kepala sub bagian",
    "kasubbid": "kepala sub bidang",
    "kasubid": "kepala sub bidang",
    "kadis": "kepala dinas",
    "kaban": "kepala badan",
    "sekdis": "sekretaris dinas",
    "sekban": "sekretaris badan",
    "kaupt": "kepala upt",
}


@dataclass(frozen=True)
class PositionChoice:
    jabatan_id: int
    instansi_id: int
    nama: str
    unit: str
    instansi: str
    score: float


@dataclass(frozen=True)
class Resolution:
    """``match`` when the text names one position; otherwise ``choices`` (maybe empty)."""

    match: PositionChoice | None
    choices: list[PositionChoice] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return self.match is None and bool(self.choices)


def unit_aliases(nama: str, singkatan: str | None) -> list[str]:
    low = nama.lower()
    out = [singkatan] if singkatan else []
    for key, names in UNIT_ALIASES.items():
        if key in low:
            out.extend(names)
    return list(dict.fromkeys(out))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", utils.default_process(text)).strip()


def token_f1(query: str, key: str, *, cutoff: float = 85.0) -> float:
    """F1 (0–100) of the words of ``query`` and ``key``, words matching fuzzily."""
    q, k = query.split(), key.split()
    if not q or not k:
        return 0.0
    hit_q = sum(1 for w in q if any(fuzz.ratio(w, x) >= cutoff for x in k))
    hit_k = sum(1 for x in k if any(fuzz.ratio(w, x) >= cutoff for w in q))
    precision, recall = hit_q / len(q), hit_k / len(k)
    if precision + recall == 0:
        return 0.0
    return 100.0 * 2 * precision * recall / (precision + recall)


def resolve_position(
    session: Session,
    text: str,
    *,
    scope: Collection[int],
    min_score: float = 70.0,
    margin: float = 6.0,
    limit: int = 5,
) -> Resolution:
    """Match ``text`` against the positions of the agencies in ``scope`` only."""
    rows = session.execute(
        # sqlalchemy's select: sqlmodel's overloads stop at four columns.
        sa_select(
            col(Jabatan.id),
            col(Jabatan.instansi_id),
            col(Jabatan.nama),
            col(UnitKerja.nama),
            col(UnitKerja.singkatan),
            col(Instansi.nama),
        )
        .join(UnitKerja, col(UnitKerja.id) == Jabatan.unit_id)
        .join(Instansi, col(Instansi.id) == Jabatan.instansi_id)
        .where(col(Jabatan.instansi_id).in_(list(scope)))
    ).all()
    keys: list[str] = []
    owner: list[int] = []
    info: dict[int, tuple[int, str, str, str]] = {}
    for jid, inst, nama, unit, singkatan, inst_nama in rows:
        info[jid] = (inst, nama, unit, inst_nama)
        variants = [nama, f"{nama} {unit}", f"{nama} {inst_nama}", f"{nama} {unit} {inst_nama}"]
        variants += [f"{nama} {a}" for a in unit_aliases(unit, singkatan)]
        for v in variants:
            keys.append(_norm(v))
            owner.append(jid)
    if not keys:
        return Resolution(None)
    query = " ".join(ABBREVIATIONS.get(w, w) for w in _norm(text).split())
    # token_set_ratio finds the plausible keys fast but scores any subset 100 ("Kepala Bidang
    # Anggaran" inside "Kepala Sub Bidang Penyusunan Anggaran"), so the short list is re-scored
    # by fuzzy token F1, which also counts the words of the title the text did not mention.
    hits = process.extract(query, keys, scorer=fuzz.token_set_ratio, limit=limit * 20)
    best: dict[int, float] = {}
    for _key, _score, idx in hits:
        jid = owner[idx]
        best[jid] = max(best.get(jid, 0.0), token_f1(query, keys[idx]))
    ranked = sorted(best.items(), key=lambda kv: -kv[1])[:limit]
    choices = [
        PositionChoice(jid, info[jid][0], info[jid][1], info[jid][2], info[jid][3], round(s, 1))
        for jid, s in ranked
        if s >= min_score - 15
    ]
    if not choices or choices[0].score < min_score:
        return Resolution(None, choices)
    if len(choices) > 1 and choices[0].score - choices[1].score < margin:
        return Resolution(None, [c for c in choices if choices[0].score - c.score < margin * 2])
    return Resolution(choices[0], choices[:1])
