"""Fact builders for rule tests: sensible defaults, override what the test is about."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from db.reference import KOMPETENSI_STANDAR
from knowledge.rules import (
    AsesmenFact,
    DiklatFact,
    EmployeeFacts,
    PendidikanFact,
    PositionFacts,
    SpellFact,
)

AS_OF = date(2026, 11, 29)


def standar(level: int = 3, n: int | None = None) -> dict[str, int]:
    names = KOMPETENSI_STANDAR if n is None else [f"K{i}" for i in range(n)]
    return {k: level for k in names}


def position(**kw: Any) -> PositionFacts:
    base: dict[str, Any] = dict(
        jabatan_id=100,
        instansi_id=1,
        unit_id=1,
        kode="J100",
        nama="Kepala Dinas Keuangan",
        jenis="jpt_pratama",
        jenjang=None,
        eselon="II.a",
        bidang="keuangan",
        pendidikan_min="S1",
        standar=standar(3),
        pemangku_ids=(),
        formasi=1,
        instansi_kode="PROV",
    )
    base.update(kw)
    return PositionFacts(**base)


def current_admin() -> PositionFacts:
    return position(
        jabatan_id=50,
        kode="J50",
        nama="Kepala Bidang Anggaran",
        jenis="administrator",
        eselon="III.b",
    )


def employee(**kw: Any) -> EmployeeFacts:
    """A PNS administrator in keuangan since 2016 (10 years), 46 years old, S2, clean record."""
    base: dict[str, Any] = dict(
        pegawai_id=1,
        nip="198005172005031001",
        instansi_id=1,
        unit_id=1,
        status_kepegawaian="PNS",
        tanggal_lahir=date(1980, 5, 17),
        golongan="IV/a",
        jabatan=current_admin(),
        tmt_jabatan=date(2016, 1, 4),
        pendidikan=(PendidikanFact("S1"), PendidikanFact("S2")),
        riwayat_jabatan=(
            SpellFact("pelaksana", date(2005, 3, 1), date(2012, 1, 2), bidang="keuangan"),
            SpellFact("pengawas", date(2012, 1, 2), date(2016, 1, 4), bidang="keuangan"),
            SpellFact("administrator", date(2016, 1, 4), None, bidang="keuangan"),
        ),
        diklat=(DiklatFact("teknis", 24, 2025), DiklatFact("teknis", 30, 2024)),
        asesmen=AsesmenFact(date(2025, 6, 1), "assessment center", standar(3), 85.0),
        kinerja={2024: "Sangat Baik", 2025: "Sangat Baik"},
        instansi_kode="PROV",
    )
    base.update(kw)
    return EmployeeFacts(**base)


def with_levels(emp: EmployeeFacts, levels: dict[str, int], **kw: Any) -> EmployeeFacts:
    a = emp.asesmen or AsesmenFact(date(2025, 6, 1), "assessment center")
    return replace(emp, asesmen=replace(a, levels=levels, **kw))
