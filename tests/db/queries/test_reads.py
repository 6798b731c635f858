"""The keyword-only reads of db/queries on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from db.models import Keluarga
from db.queries.family import FamilyLink, family_links_among
from db.queries.ninebox import latest_official_boxes, official_placements
from db.queries.org import MAX_CHAIN, instansi_by_kode, instansi_codes, position_chain, unit_chain
from db.queries.people import active_pegawai_ids, find_employees, placed
from db.queries.succession import imported_succession_group
from tests.factories import (
    add_ninebox_resmi,
    add_suksesi,
    make_instansi,
    make_jabatan,
    make_pegawai,
    make_unit,
)


@pytest.fixture
def s(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


def test_agencies_by_code_and_chains_above_a_unit_and_a_position(s: Session) -> None:
    prov = make_instansi(s)
    top = make_unit(s, prov, nama="Sekretariat Daerah", singkatan="SETDA")
    mid = make_unit(s, prov, nama="Biro Umum", singkatan=None, induk=top)
    low = make_unit(s, prov, nama="Bagian Rumah Tangga", singkatan=None, induk=mid)
    head = make_jabatan(s, prov, unit=top, nama="Sekretaris Daerah")
    kabag = make_jabatan(s, prov, unit=low, nama="Kepala Bagian", atasan=head)
    assert instansi_by_kode(session=s, kode="prov") == prov
    assert instansi_codes(session=s) == {prov.id: "PROV"}
    assert unit_chain(session=s, unit_id=low.id) == (low.id, mid.id, top.id)
    assert position_chain(session=s, jabatan_id=kabag.id) == (kabag.id, head.id)
    assert position_chain(session=s, jabatan_id=None) == ()
    # Bad data with a cycle still ends.
    top.induk_id = low.id
    s.add(top)
    s.flush()
    assert unit_chain(session=s, unit_id=low.id) == (low.id, mid.id, top.id)
    assert MAX_CHAIN >= 3


def test_people_found_by_nip_or_every_name_word_and_listed_per_unit(s: Session) -> None:
    prov, bth = make_instansi(s), make_instansi(s, "BTH", "Kabupaten Batanghari", "kabupaten")
    keu = make_unit(s, prov, nama="Badan Keuangan Daerah", singkatan="BPKAD")
    siti = make_pegawai(s, prov, unit=keu, nama="Siti Aminah")
    gone = make_pegawai(s, prov, unit=keu, nama="Siti Pensiun", status="pensiun")
    other = make_pegawai(s, bth, nama="Siti Aminah Putri")
    both = {prov.id or 0, bth.id or 0}
    found = find_employees(session=s, scope=both, words=["siti", "aminah"])
    assert sorted(found) == sorted([(siti.id, prov.id), (other.id, bth.id)])
    assert find_employees(session=s, scope={prov.id or 0}, words=["siti"]) == [(siti.id, prov.id)]
    assert find_employees(session=s, scope=both, nips=[gone.nip]) == []  # only active employees
    assert find_employees(session=s, scope=both) == []
    assert find_employees(session=s, scope=set(), words=["siti"]) == []
    assert active_pegawai_ids(session=s, scope={prov.id or 0}, unit="bpkad") == [siti.id]
    assert active_pegawai_ids(session=s, scope={prov.id or 0}, unit="dinas") == []
    row = placed(session=s, pegawai_ids=[siti.id or 0])[siti.id or 0]
    assert (row.pegawai.nama, row.unit) == ("Siti Aminah", "Badan Keuangan Daerah")


def test_latest_official_placement_per_employee(s: Session) -> None:
    prov = make_instansi(s)
    a, b = make_pegawai(s, prov, nama="A"), make_pegawai(s, prov, nama="B")
    add_ninebox_resmi(s, a, 5, tahun=2024)
    add_ninebox_resmi(s, a, 8, tahun=2025)
    assert latest_official_boxes(session=s, pegawai_ids=[a.id or 0, b.id or 0]) == {a.id: 8}
    [row] = official_placements(session=s, scope={prov.id or 0})
    assert (row.pegawai.id, row.placement.kotak, row.placement.tahun) == (a.id, 8, 2025)


def test_family_links_between_the_given_people_only(s: Session) -> None:
    prov = make_instansi(s)
    a, b, c = (make_pegawai(s, prov, nama=n) for n in ("A", "B", "C"))
    s.add(Keluarga(pegawai_id=a.id or 0, nip_keluarga=b.nip, hubungan="pasangan"))
    s.add(Keluarga(pegawai_id=c.id or 0, nip_keluarga=a.nip, hubungan="anak"))
    s.add(Keluarga(pegawai_id=a.id or 0, nip_keluarga="1" * 18, hubungan="saudara"))
    s.flush()
    assert family_links_among(session=s, pegawai_ids=[a.id or 0, b.id or 0]) == [
        FamilyLink(a.id or 0, b.id or 0, "pasangan")
    ]
    assert len(family_links_among(session=s, pegawai_ids=[a.id or 0, b.id or 0, c.id or 0])) == 2


def test_imported_succession_group_is_the_latest_year_for_the_position_or_agency(
    s: Session,
) -> None:
    prov, bth = make_instansi(s), make_instansi(s, "BTH", "Kabupaten Batanghari", "kabupaten")
    a, b, c = (make_pegawai(s, prov, nama=n) for n in ("A", "B", "C"))
    elsewhere = make_pegawai(s, bth, nama="D")
    add_suksesi(s, a, tahun=2025, target="J-1")
    add_suksesi(s, b, tahun=2026, target="J-1")
    add_suksesi(s, c, tahun=2026, target="")
    add_suksesi(s, elsewhere, tahun=2026, target="J-1")
    group = imported_succession_group(
        session=s, instansi_id=prov.id or 0, jabatan_kode="J-1", as_of=date(2026, 11, 29)
    )
    assert group == frozenset({b.id, c.id})
    earlier = imported_succession_group(
        session=s, instansi_id=prov.id or 0, jabatan_kode="J-1", as_of=date(2025, 12, 31)
    )
    assert earlier == frozenset({a.id})
    assert (
        imported_succession_group(
            session=s, instansi_id=prov.id or 0, jabatan_kode="J-1", as_of=date(2024, 1, 1)
        )
        is None
    )
