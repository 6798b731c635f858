"""Hard legal criteria of a target position, applied in SQL before any ranking.

Status, rank (golongan), education and age at appointment decide who may be appointed at all;
they are cheap to express in SQL, so the vector and lexical search run *inside* the set they
leave (an eligible person can never be lost to a top-K cut). The remaining criteria
(experience, performance, integrity) come from the merit rules afterwards.

People whose records cannot answer a criterion (no education record, a PNS without golongan)
are not "not eligible": they are listed apart as incomplete, with what is missing.

The criteria are written once, as :class:`Requirement` lines ("feature at least minimum",
:func:`requirements`), and compiled three ways: to SQL here (:func:`eligible_clause`,
:func:`incomplete_clause`), to numpy masks over a snapshot
(:class:`retrieval.people.criteria_snapshot.CriteriaSnapshot`) and to one person's failures
(:func:`failing`). Each compiler maps every :class:`Feature` to its own representation.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, exists, false, or_
from sqlmodel import Session, col, select

from db.models import Jabatan, Pegawai, RiwayatPendidikan
from db.reference import GOLONGAN, PENDIDIKAN, golongan_rank, pendidikan_level
from knowledge.rules import MeritSettings, thresholds
from knowledge.rules.dates import ONE_DAY, add_years

STRUKTURAL = ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas")
KEAHLIAN = ("ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama")


def _pendidikan_tid(jenis: str, jenjang: str | None) -> str | None:
    """Row of the merit-rules threshold table with the minimum education of a position kind."""
    if jenis in STRUKTURAL:
        return f"{jenis}.pendidikan_min"
    if jenis == "fungsional":
        return (
            "jf.keahlian.pendidikan_min"
            if jenjang in KEAHLIAN
            else "jf.keterampilan.pendidikan_min"
        )
    return None


def _usia_tid(jenis: str, jenjang: str | None) -> str | None:
    """Row with the maximum age at appointment (JF ahli utama: the transfer-from-JPT row)."""
    if jenis in ("jpt_utama", "jpt_madya", "jpt_pratama"):
        return f"{jenis}.usia_maks"
    if jenis == "fungsional" and jenjang:
        if jenjang == "ahli_madya":
            return "jf.usia_maks.ahli_madya"
        if jenjang == "ahli_utama":
            return "jf.usia_maks.ahli_utama_dari_jpt"
        return "jf.usia_maks.ahli_pertama_muda_keterampilan"
    return None


GOLONGAN_MIN_ESELON: dict[str, str] = {
    "I.a": "IV/d",
    "I.b": "IV/c",
    "II.a": "IV/b",
    "II.b": "IV/a",
    "III.a": "IV/a",
    "III.b": "III/d",
    "IV.a": "III/c",
    "IV.b": "III/b",
}
GOLONGAN_CITATION = ("kebijakan-talenta",)


@dataclass(frozen=True)
class HardCriteria:
    """The hard criteria of one position, as SQL and as readable lines."""

    jabatan_id: int
    jenis: str
    pns_only: bool
    pendidikan_min: str
    pendidikan_citations: tuple[str, ...]
    golongan_min: str | None
    usia_maks: int | None
    usia_citations: tuple[str, ...]
    tanggal: date
    usia_tafsir: str = "hari_ulang_tahun"

    @property
    def lahir_paling_awal(self) -> date | None:
        """Born on or after this date = not over the maximum age on ``tanggal``."""
        if self.usia_maks is None:
            return None
        # Invert last_eligible_day(born, max, tafsir) >= tanggal for the earliest birth date.
        born = add_years(self.tanggal, -self.usia_maks)
        if self.usia_tafsir == "sebelum_ulang_tahun_berikut":
            born = add_years(self.tanggal + ONE_DAY, -(self.usia_maks + 1))
        return born

    def describe(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """(code, requirement in Indonesian, citations) per criterion."""
        out: list[tuple[str, str, tuple[str, ...]]] = [
            (
                "status",
                "pegawai aktif" + (" berstatus PNS" if self.pns_only else ""),
                ("pp-11-2017:pasal-105",) if self.jenis.startswith("jpt") else ("pp-11-2017",),
            )
        ]
        out.append(
            ("pendidikan", f"pendidikan minimal {self.pendidikan_min}", self.pendidikan_citations)
        )
        if self.golongan_min:
            out.append(("golongan", f"golongan minimal {self.golongan_min}", GOLONGAN_CITATION))
        if self.usia_maks is not None:
            out.append(
                (
                    "usia",
                    f"usia paling tinggi {self.usia_maks} tahun saat dilantik",
                    self.usia_citations,
                )
            )
        return out


def hard_criteria(
    position: Jabatan, *, tanggal: date, settings: MeritSettings | None = None
) -> HardCriteria:
    """Status, education, rank and age limits of ``position``, from the merit-rules table."""
    assert position.id is not None
    t = thresholds()
    tid = _pendidikan_tid(position.jenis, position.jenjang)
    base_min, pend_cit = (t.text(tid), t.cites(tid)) if tid else ("SD", ())
    own = position.pendidikan_min if position.pendidikan_min in PENDIDIKAN else base_min
    if pendidikan_level(own) > pendidikan_level(base_min):
        # The position's own standard (Permenpan RB 38/2017) asks for more than the kind.
        base_min, pend_cit = own, (*pend_cit, "permenpanrb-38-2017")
    uid = _usia_tid(position.jenis, position.jenjang)
    gol = GOLONGAN_MIN_ESELON.get(position.eselon or "") if position.jenis in STRUKTURAL else None
    s = settings or MeritSettings()
    return HardCriteria(
        jabatan_id=position.id,
        jenis=position.jenis,
        pns_only=position.jenis in STRUKTURAL,
        pendidikan_min=base_min,
        pendidikan_citations=pend_cit or ("permenpanrb-38-2017",),
        golongan_min=gol,
        usia_maks=t.integer(uid) if uid else None,
        usia_citations=t.cites(uid) if uid else (),
        tanggal=tanggal,
        usia_tafsir=s.usia_maks_tafsir or t.text("usia_maks.tafsir"),
    )


class Feature(StrEnum):
    """What a hard criterion compares, as an ordered number per person."""

    pns = "pns"  # 1 for a PNS, 0 otherwise
    pendidikan = "pendidikan"  # best known education level (pendidikan_level); unknown if none
    golongan = "golongan"  # golongan rank (golongan_rank); unknown if none
    lahir = "lahir"  # birth date as date.toordinal(): born later = younger


@dataclass(frozen=True)
class Requirement:
    """One hard criterion: ``feature`` must be at least ``minimum``."""

    code: str  # the criterion's code in describe(): status, pendidikan, golongan, usia
    feature: Feature
    minimum: int


def requirements(c: HardCriteria) -> list[Requirement]:
    """The hard criteria of ``c`` (besides being active, which every search asks)."""
    out: list[Requirement] = []
    if c.pns_only:
        out.append(Requirement("status", Feature.pns, 1))
    out.append(Requirement("pendidikan", Feature.pendidikan, pendidikan_level(c.pendidikan_min)))
    if c.golongan_min:
        out.append(Requirement("golongan", Feature.golongan, golongan_rank(c.golongan_min)))
    earliest = c.lahir_paling_awal
    if earliest is not None:
        out.append(Requirement("usia", Feature.lahir, earliest.toordinal()))
    return out


def known_pendidikan(jenjang: str | None) -> int | None:
    """The level of an education record; None for a jenjang outside the reference list."""
    return pendidikan_level(jenjang) if jenjang in PENDIDIKAN else None


def known_golongan(golongan: str | None) -> int | None:
    return golongan_rank(golongan) if golongan in GOLONGAN else None


# -- compiled to SQL ----------------------------------------------------------------------


def _has_pendidikan() -> ColumnElement[bool]:
    return exists().where(col(RiwayatPendidikan.pegawai_id) == Pegawai.id)


def _sql(r: Requirement) -> ColumnElement[bool]:
    if r.feature is Feature.pns:
        return col(Pegawai.status_kepegawaian) == "PNS"
    if r.feature is Feature.pendidikan:
        levels = [p for p in PENDIDIKAN if pendidikan_level(p) >= r.minimum]
        return exists().where(
            col(RiwayatPendidikan.pegawai_id) == Pegawai.id,
            col(RiwayatPendidikan.jenjang).in_(levels),
        )
    if r.feature is Feature.golongan:
        return col(Pegawai.golongan).in_([g for g in GOLONGAN if golongan_rank(g) >= r.minimum])
    return col(Pegawai.tanggal_lahir) >= date.fromordinal(r.minimum)


def _sql_unknown(r: Requirement) -> ColumnElement[bool] | None:
    """SQL: the records cannot answer ``r`` (None: they always can)."""
    if r.feature is Feature.pendidikan:
        return ~_has_pendidikan()
    if r.feature is Feature.golongan:
        return and_(col(Pegawai.status_kepegawaian) == "PNS", col(Pegawai.golongan).is_(None))
    return None


def eligible_clause(c: HardCriteria) -> ColumnElement[bool]:
    """SQL condition: meets every hard criterion (and has the data to show it)."""
    return and_(col(Pegawai.status) == "aktif", *(_sql(r) for r in requirements(c)))


def incomplete_clause(c: HardCriteria) -> ColumnElement[bool]:
    """SQL condition: active, but the records cannot answer a hard criterion."""
    gaps = [g for r in requirements(c) if (g := _sql_unknown(r)) is not None]
    return and_(col(Pegawai.status) == "aktif", or_(*gaps) if gaps else false())


def scope_clause(scope: Collection[int]) -> ColumnElement[bool]:
    if not scope:
        return false()
    return col(Pegawai.instansi_id).in_(sorted(scope))


def eligible_ids(session: Session, c: HardCriteria, scope: Collection[int]) -> list[int]:
    q = select(Pegawai.id).where(scope_clause(scope), eligible_clause(c))
    return [int(i) for i in session.execute(q).scalars()]


def incomplete_ids(session: Session, c: HardCriteria, scope: Collection[int]) -> list[int]:
    q = select(Pegawai.id).where(scope_clause(scope), incomplete_clause(c))
    return [int(i) for i in session.execute(q).scalars()]


def active_ids(session: Session, scope: Collection[int]) -> list[int]:
    q = select(Pegawai.id).where(scope_clause(scope), col(Pegawai.status) == "aktif")
    return [int(i) for i in session.execute(q).scalars()]


@dataclass(frozen=True)
class Failure:
    """A hard criterion an employee does not meet."""

    kriteria: str
    syarat: str
    nilai: str
    citations: tuple[str, ...]

    @property
    def text(self) -> str:
        return f"{self.nilai}; syarat: {self.syarat}"


def _person_value(r: Requirement, peg: Pegawai, jenjang: list[str]) -> tuple[int | None, str]:
    """(value of ``r.feature`` for this person or None if unknown, how it reads)."""
    if r.feature is Feature.pns:
        return int(peg.status_kepegawaian == "PNS"), f"berstatus {peg.status_kepegawaian}"
    if r.feature is Feature.pendidikan:
        known = [(lvl, j) for j in jenjang if (lvl := known_pendidikan(j)) is not None]
        if not known:
            return None, ""
        best = max(known, key=lambda lj: lj[0])
        return best[0], f"pendidikan {best[1]}"
    if r.feature is Feature.golongan:
        return known_golongan(peg.golongan), f"golongan {peg.golongan}"
    return peg.tanggal_lahir.toordinal(), "melewati batas usia"


def failing(c: HardCriteria, peg: Pegawai, jenjang: list[str]) -> list[Failure]:
    """Which hard criteria this employee fails; a criterion the records cannot answer is not
    failed (the person is incomplete instead)."""
    out: list[Failure] = []
    desc = {code: (text, cit) for code, text, cit in c.describe()}
    for r in requirements(c):
        value, nilai = _person_value(r, peg, jenjang)
        if value is not None and value < r.minimum:
            out.append(Failure(r.code, *_d(desc, r.code, nilai)))
    return out


def _d(
    desc: dict[str, tuple[str, tuple[str, ...]]], code: str, nilai: str
) -> tuple[str, str, tuple[str, ...]]:
    return desc[code][0], nilai, desc[code][1]
