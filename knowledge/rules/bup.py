"""Retirement age (BUP, PP 11/2017 Pasal 239) and the positions it will soon vacate.

BUP is 58 / 60 / 65 by position kind. PPPK have no BUP in this sense: "not applicable".
The date returned is the day the BUP age is reached (the pension TMT that follows it is
an administrative step the fact sheet does not cover).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from db.clock import tanggal_panjang, today_wib
from db.reference import JenisJabatan
from knowledge.rules.dates import add_months, add_years
from knowledge.rules.facts import EmployeeFacts, PositionFacts
from knowledge.rules.thresholds import thresholds

JPT = (JenisJabatan.jpt_utama, JenisJabatan.jpt_madya, JenisJabatan.jpt_pratama)
MONTHS = 12  # months in a year
ADMINISTRASI = (JenisJabatan.administrator, JenisJabatan.pengawas, JenisJabatan.pelaksana)


class BupStatus(StrEnum):
    applicable = "applicable"
    not_applicable = "not_applicable"  # PPPK
    unknown = "unknown"  # no position kind on record


@dataclass(frozen=True, slots=True)
class BupResult:
    pegawai_id: int
    status: BupStatus
    usia_bup: int | None
    tanggal_bup: date | None
    sudah_lewat: bool
    citations: tuple[str, ...]
    penjelasan: str
    data: dict[str, Any] = field(default_factory=dict)


def bup_threshold_id(jenis: str, jenjang: str | None) -> str | None:
    """Which table row gives the BUP for a position kind (None when not determinable)."""
    if jenis in JPT:
        return "bup.jpt"
    if jenis in ADMINISTRASI:
        return "bup.administrasi"
    if jenis == JenisJabatan.fungsional:
        if jenjang == "ahli_utama":
            return "bup.jf_ahli_utama"
        if jenjang == "ahli_madya":
            return "bup.jf_ahli_madya"
        return "bup.jf_ahli_pertama_muda_keterampilan" if jenjang else None
    return None


def bup(employee: EmployeeFacts, *, as_of: date | None = None) -> BupResult:
    as_of = as_of or today_wib()
    cites = thresholds().cites("bup.jpt")
    if not employee.is_pns:
        return BupResult(
            employee.pegawai_id,
            BupStatus.not_applicable,
            None,
            None,
            False,
            cites,
            "BUP tidak berlaku bagi PPPK; masa kerja mengikuti perjanjian kerja.",
            {"status_kepegawaian": employee.status_kepegawaian},
        )
    j = employee.jabatan
    tid = bup_threshold_id(j.jenis, j.jenjang) if j is not None else None
    if tid is None:
        return BupResult(
            employee.pegawai_id,
            BupStatus.unknown,
            None,
            None,
            False,
            cites,
            "Jenis jabatan tidak tercatat; BUP belum dapat ditentukan.",
            {},
        )
    age = thresholds().integer(tid)
    when = add_years(employee.tanggal_lahir, age)
    passed = when <= as_of
    verb = "telah mencapai" if passed else "mencapai"
    text = f"BUP {age} tahun; {verb} BUP pada {tanggal_panjang(when)}."
    data = {"tanggal_lahir": employee.tanggal_lahir.isoformat(), "jenis": j.jenis if j else None}
    return BupResult(
        employee.pegawai_id,
        BupStatus.applicable,
        age,
        when,
        passed,
        thresholds().cites(tid),
        text,
        data,
    )


@dataclass(frozen=True, slots=True)
class SuccessionDue:
    """A position whose incumbent reaches BUP within the horizon."""

    jabatan_id: int
    pegawai_id: int
    tanggal_bup: date
    bulan_lagi: int
    citations: tuple[str, ...]
    penjelasan: str


def succession_due(
    positions: Iterable[PositionFacts],
    incumbents: Mapping[int, EmployeeFacts],
    *,
    within_months: int | None = None,
    as_of: date | None = None,
) -> list[SuccessionDue]:
    """Positions whose incumbent reaches BUP within ``within_months``, soonest first."""
    as_of = as_of or today_wib()
    months = (
        within_months if within_months is not None else thresholds().integer("suksesi.bup_bulan")
    )
    horizon = add_months(as_of, months)
    due: list[SuccessionDue] = []
    for pos in positions:
        for pid in pos.pemangku_ids:
            emp = incumbents.get(pid)
            if emp is None:
                continue
            r = bup(emp, as_of=as_of)
            if r.tanggal_bup is None or r.tanggal_bup > horizon:
                continue
            left = max(
                (r.tanggal_bup.year - as_of.year) * MONTHS + r.tanggal_bup.month - as_of.month, 0
            )
            when = tanggal_panjang(r.tanggal_bup)
            text = f"{pos.nama}: pemangku mencapai BUP {when} ({left} bulan lagi)."
            cites = (*r.citations, *thresholds().cites("suksesi.bup_bulan"))
            due.append(SuccessionDue(pos.jabatan_id, pid, r.tanggal_bup, left, cites, text))
    return sorted(due, key=lambda d: (d.tanggal_bup, d.jabatan_id))
