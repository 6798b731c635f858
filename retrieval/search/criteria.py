"""Hard legal criteria of a target position, applied in SQL before any ranking.

Status, rank (golongan), education and age at appointment decide who may be appointed at all;
they are cheap to express in SQL, so the vector and lexical search run *inside* the set they
leave (an eligible person can never be lost to a top-K cut). The remaining criteria
(experience, performance, integrity) come from the merit rules afterwards.

People whose records cannot answer a criterion (no education record, a PNS without golongan)
are not "not eligible": they are listed apart as incomplete, with what is missing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, exists, false, or_
from sqlmodel import Session, col, select

from db.models import Jabatan, Pegawai, RiwayatPendidikan
from db.reference import GOLONGAN, PENDIDIKAN, golongan_rank, pendidikan_level

STRUKTURAL = ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas")

# Maximum age at appointment (the Nth birthday is the last eligible day).
USIA_MAKS: dict[str, tuple[int, tuple[str, ...]]] = {
    "jpt_utama": (58, ("pp-11-2017:pasal-107:huruf-a",)),
    "jpt_madya": (58, ("pp-11-2017:pasal-107:huruf-b",)),
    "jpt_pratama": (56, ("pp-11-2017:pasal-107:huruf-c",)),
    "fungsional:ahli_pertama": (53, ("bkn-siasn-jf",)),
    "fungsional:ahli_muda": (53, ("bkn-siasn-jf",)),
    "fungsional:pemula": (53, ("bkn-siasn-jf",)),
    "fungsional:terampil": (53, ("bkn-siasn-jf",)),
    "fungsional:mahir": (53, ("bkn-siasn-jf",)),
    "fungsional:penyelia": (53, ("bkn-siasn-jf",)),
    "fungsional:ahli_madya": (55, ("bkn-siasn-jf",)),
    "fungsional:ahli_utama": (60, ("bkn-siasn-jf",)),
}
# Minimum education by position kind; the position's own pendidikan_min applies when higher.
PENDIDIKAN_MIN: dict[str, tuple[str, tuple[str, ...]]] = {
    "jpt_utama": ("S1", ("pp-11-2017:pasal-107:huruf-a",)),
    "jpt_madya": ("S1", ("pp-11-2017:pasal-107:huruf-b",)),
    "jpt_pratama": ("S1", ("pp-11-2017:pasal-107:huruf-c",)),
    "administrator": ("S1", ("pp-11-2017",)),
    "pengawas": ("D-III", ("pp-11-2017",)),
}
# Lowest golongan per eselon for a structural appointment: the low end of the pangkat range of
# PP 100/2000 jo PP 13/2002 (FACTS §11.3); II.a/II.b as used in JPT selection notices.
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

    @property
    def lahir_paling_awal(self) -> date | None:
        """Born on or after this date = not older than the maximum on ``tanggal``."""
        if self.usia_maks is None:
            return None
        try:
            return self.tanggal.replace(year=self.tanggal.year - self.usia_maks)
        except ValueError:  # 29 February
            return self.tanggal.replace(year=self.tanggal.year - self.usia_maks, day=28)

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


def hard_criteria(position: Jabatan, *, tanggal: date) -> HardCriteria:
    assert position.id is not None
    key = (
        f"{position.jenis}:{position.jenjang}" if position.jenis == "fungsional" else position.jenis
    )
    base_min, pend_cit = PENDIDIKAN_MIN.get(position.jenis, ("SD", ()))
    if position.jenis == "fungsional":
        keahlian = (position.jenjang or "").startswith("ahli")
        base_min, pend_cit = ("S1" if keahlian else "SLTA"), ("bkn-siasn-jf",)
    own = position.pendidikan_min if position.pendidikan_min in PENDIDIKAN else base_min
    if pendidikan_level(own) > pendidikan_level(base_min):
        base_min, pend_cit = own, (*pend_cit, "permenpanrb-38-2017")
    usia = USIA_MAKS.get(key)
    gol = GOLONGAN_MIN_ESELON.get(position.eselon or "") if position.jenis in STRUKTURAL else None
    return HardCriteria(
        jabatan_id=position.id,
        jenis=position.jenis,
        pns_only=position.jenis in STRUKTURAL,
        pendidikan_min=base_min,
        pendidikan_citations=pend_cit or ("permenpanrb-38-2017",),
        golongan_min=gol,
        usia_maks=usia[0] if usia else None,
        usia_citations=usia[1] if usia else (),
        tanggal=tanggal,
    )


def _levels_at_least(jenjang: str) -> list[str]:
    need = pendidikan_level(jenjang)
    return [p for p in PENDIDIKAN if pendidikan_level(p) >= need]


def _golongan_at_least(golongan: str) -> list[str]:
    need = golongan_rank(golongan)
    return [g for g in GOLONGAN if golongan_rank(g) >= need]


def _has_pendidikan() -> ColumnElement[bool]:
    return exists().where(col(RiwayatPendidikan.pegawai_id) == Pegawai.id)


def eligible_clause(c: HardCriteria) -> ColumnElement[bool]:
    """SQL condition: meets every hard criterion (and has the data to show it)."""
    parts: list[ColumnElement[bool]] = [col(Pegawai.status) == "aktif"]
    if c.pns_only:
        parts.append(col(Pegawai.status_kepegawaian) == "PNS")
    parts.append(
        exists().where(
            col(RiwayatPendidikan.pegawai_id) == Pegawai.id,
            col(RiwayatPendidikan.jenjang).in_(_levels_at_least(c.pendidikan_min)),
        )
    )
    if c.golongan_min:
        parts.append(col(Pegawai.golongan).in_(_golongan_at_least(c.golongan_min)))
    earliest = c.lahir_paling_awal
    if earliest is not None:
        parts.append(col(Pegawai.tanggal_lahir) >= earliest)
    return and_(*parts)


def incomplete_clause(c: HardCriteria) -> ColumnElement[bool]:
    """SQL condition: active, but the records cannot answer a hard criterion."""
    gaps: list[ColumnElement[bool]] = [~_has_pendidikan()]
    if c.golongan_min:
        gaps.append(and_(col(Pegawai.status_kepegawaian) == "PNS", col(Pegawai.golongan).is_(None)))
    return and_(col(Pegawai.status) == "aktif", or_(*gaps))


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


def failing(
    c: HardCriteria, peg: Pegawai, jenjang: list[str]
) -> list[tuple[str, str, tuple[str, ...]]]:
    """Which hard criteria this employee fails: (code, explanation, citations)."""
    out: list[tuple[str, str, tuple[str, ...]]] = []
    desc = {code: (text, cit) for code, text, cit in c.describe()}
    if c.pns_only and peg.status_kepegawaian != "PNS":
        out.append(
            (
                "status",
                f"berstatus {peg.status_kepegawaian}; syarat: {desc['status'][0]}",
                desc["status"][1],
            )
        )
    have = max((pendidikan_level(j) for j in jenjang), default=-1)
    if jenjang and have < pendidikan_level(c.pendidikan_min):
        best = max(jenjang, key=pendidikan_level)
        out.append(
            (
                "pendidikan",
                f"pendidikan {best}; syarat: {desc['pendidikan'][0]}",
                desc["pendidikan"][1],
            )
        )
    if (
        c.golongan_min
        and peg.golongan
        and golongan_rank(peg.golongan) < golongan_rank(c.golongan_min)
    ):
        out.append(
            (
                "golongan",
                f"golongan {peg.golongan}; syarat: {desc['golongan'][0]}",
                desc["golongan"][1],
            )
        )
    earliest = c.lahir_paling_awal
    if earliest is not None and peg.tanggal_lahir < earliest:
        out.append(("usia", f"melewati batas usia; syarat: {desc['usia'][0]}", desc["usia"][1]))
    return out
