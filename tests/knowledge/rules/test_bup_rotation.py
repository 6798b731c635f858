from __future__ import annotations

from datetime import date, timedelta

import pytest

from knowledge.rules import BupStatus, RotationStatus, bup, rotation, succession_due
from knowledge.rules.dates import add_years
from tests.knowledge.rules.builders import AS_OF, employee, position

BORN = date(1970, 3, 15)


@pytest.mark.parametrize(
    ("jenis", "jenjang", "usia"),
    [
        ("jpt_pratama", None, 60),
        ("jpt_madya", None, 60),
        ("administrator", None, 58),
        ("pengawas", None, 58),
        ("pelaksana", None, 58),
        ("fungsional", "ahli_pertama", 58),
        ("fungsional", "ahli_muda", 58),
        ("fungsional", "terampil", 58),
        ("fungsional", "ahli_madya", 60),
        ("fungsional", "ahli_utama", 65),
    ],
)
def test_bup_by_position_kind(jenis: str, jenjang: str | None, usia: int) -> None:
    emp = employee(tanggal_lahir=BORN, jabatan=position(jenis=jenis, jenjang=jenjang))
    r = bup(emp, as_of=AS_OF)
    assert r.status is BupStatus.applicable
    assert (r.usia_bup, r.tanggal_bup) == (usia, date(1970 + usia, 3, 15))
    assert r.citations == ("pp-11-2017:pasal-239",)
    assert r.sudah_lewat is (r.tanggal_bup <= AS_OF)


def test_pppk_has_no_bup() -> None:
    r = bup(employee(status_kepegawaian="PPPK"), as_of=AS_OF)
    assert r.status is BupStatus.not_applicable and r.tanggal_bup is None
    assert "PPPK" in r.penjelasan


def test_bup_unknown_without_position() -> None:
    assert bup(employee(jabatan=None), as_of=AS_OF).status is BupStatus.unknown


def test_succession_due_lists_positions_within_the_horizon() -> None:
    soon = employee(pegawai_id=1, tanggal_lahir=date(1969, 2, 10))  # admin, BUP 58: 2027-02-10
    later = employee(pegawai_id=2, tanggal_lahir=date(1970, 1, 10))  # BUP 2028-01-10
    pppk = employee(pegawai_id=3, status_kepegawaian="PPPK", tanggal_lahir=date(1960, 1, 1))
    positions = [
        position(jabatan_id=10, jenis="administrator", pemangku_ids=(1,)),
        position(jabatan_id=11, jenis="administrator", pemangku_ids=(2,)),
        position(jabatan_id=12, jenis="administrator", pemangku_ids=(3,)),
    ]
    incumbents = {e.pegawai_id: e for e in (soon, later, pppk)}
    due = succession_due(positions, incumbents, as_of=AS_OF)  # table default: 12 months
    assert [(d.jabatan_id, d.tanggal_bup, d.bulan_lagi) for d in due] == [
        (10, date(2027, 2, 10), 3)
    ]
    due = succession_due(positions, incumbents, within_months=14, as_of=AS_OF)
    assert [d.jabatan_id for d in due] == [10, 11]
    assert "pp-11-2017:pasal-239" in due[0].citations


TMT = date(2020, 2, 29)


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (add_years(TMT, 2) - timedelta(days=1), RotationStatus.too_early),
        (add_years(TMT, 2), RotationStatus.in_window),
        (add_years(TMT, 5), RotationStatus.in_window),
        (add_years(TMT, 5) + timedelta(days=1), RotationStatus.overdue),
    ],
)
def test_rotation_window_boundaries(as_of: date, status: RotationStatus) -> None:
    r = rotation(employee(tmt_jabatan=TMT), as_of=as_of)
    assert r.status is status
    assert r.mulai_boleh == date(2022, 2, 28) and r.batas_akhir == date(2025, 2, 28)
    assert r.citations == ("pp-11-2017:pasal-190",)


def test_rotation_not_applicable_or_unknown() -> None:
    assert (
        rotation(employee(status_kepegawaian="PPPK"), as_of=AS_OF).status
        is RotationStatus.not_applicable
    )
    assert rotation(employee(tmt_jabatan=None), as_of=AS_OF).status is RotationStatus.unknown
    r = rotation(employee(tmt_jabatan=date(2025, 6, 1)), as_of=AS_OF)
    assert r.penjelasan == "Menjabat 1 tahun 5 bulan; mutasi paling cepat 1 Juni 2027 (2 tahun)."
