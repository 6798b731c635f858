""" "siapa yang cocok jadi <post>?" over generated data: the post is resolved and every candidate
listed passes the post's hard criteria, in three agencies and four kinds of post."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.models import Instansi, Jabatan, Pegawai, RiwayatPendidikan, UnitKerja
from db.reference import JenisJabatan
from retrieval.encoders.hashing import HashingEncoder
from retrieval.people.hard_criteria import failing, hard_criteria
from retrieval.people.service import SearchService
from retrieval.settings import SearchSettings
from tests.retrieval.golden import AS_OF

# (agency, what a PPK types, the post's title, its unit)
REQUESTS = [
    (
        "BTH",
        "siapa yang cocok jadi kepala BPKAD?",
        "Kepala Badan Pengelolaan Keuangan dan Aset Daerah",
        None,
    ),
    ("BTH", "siapa yang cocok jadi kabid anggaran?", "Kepala Bidang Anggaran", None),
    (
        "BTH",
        "siapa yang cocok jadi kasubbag keuangan BPKAD?",
        "Kepala Subbagian Perencanaan dan Keuangan",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
    ),
    (
        "BTH",
        "siapa yang cocok jadi sekretaris BKPSDM?",
        "Sekretaris",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    ),
    (
        "BTH",
        "siapa yang cocok jadi analis keuangan pusat dan daerah ahli pertama?",
        "Analis Keuangan Pusat dan Daerah Ahli Pertama",
        None,
    ),
    (
        "KJB",
        "siapa yang cocok jadi kaban kepegawaian?",
        "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        None,
    ),
    (
        "KJB",
        "siapa yang cocok jadi kabid mutasi dan promosi?",
        "Kepala Bidang Mutasi dan Promosi",
        None,
    ),
    (
        "KJB",
        "siapa yang cocok jadi kasi manajemen ASN di bidang mutasi?",
        "Kepala Seksi Manajemen ASN",
        "Bidang Mutasi dan Promosi",
    ),
    (
        "KJB",
        "siapa yang cocok jadi analis kebijakan ahli muda?",
        "Analis Kebijakan Ahli Muda",
        None,
    ),
    ("PROV", "siapa yang cocok jadi karo hukum?", "Kepala Biro Hukum", None),
    (
        "PROV",
        "siapa yang cocok jadi kabid perbendaharaan BKAD?",
        "Kepala Bidang Perbendaharaan",
        None,
    ),
    (
        "PROV",
        "siapa yang cocok jadi kasi pengelolaan keuangan daerah di bidang anggaran?",
        "Kepala Seksi Pengelolaan Keuangan Daerah",
        "Bidang Anggaran",
    ),
    (
        "PROV",
        "siapa yang cocok jadi pranata komputer ahli madya?",
        "Pranata Komputer Ahli Madya",
        None,
    ),
]
# The same posts asked in English (HR staff and PPKs do).
ENGLISH = [
    ("BTH", "who would fit as head of the budget division?", "Kepala Bidang Anggaran", None),
    (
        "BTH",
        "who could replace the head of the regional finance and assets agency?",
        "Kepala Badan Pengelolaan Keuangan dan Aset Daerah",
        None,
    ),
    ("PROV", "best candidate for head of the legal bureau", "Kepala Biro Hukum", None),
]
CLASS = {
    JenisJabatan.jpt_madya.value: 0,
    JenisJabatan.jpt_pratama.value: 1,
    JenisJabatan.administrator.value: 2,
    JenisJabatan.pengawas.value: 3,
}


@pytest.fixture(scope="module")
def service(
    generated_data: tuple[Engine, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchService]:
    engine, _ = generated_data
    settings = SearchSettings(index_dir=tmp_path_factory.mktemp("posts-index"), warm_up=False)
    svc = SearchService(engine, HashingEncoder(256), settings, today=lambda: AS_OF)
    svc.store.build(engine)
    svc.start()
    yield svc


def _post(s: Session, kode: str, title: str, unit: str | None) -> tuple[int, Jabatan]:
    inst = s.exec(select(Instansi).where(Instansi.kode == kode)).one()
    rows = s.exec(
        select(Jabatan, UnitKerja)
        .join(UnitKerja, col(UnitKerja.id) == Jabatan.unit_id)
        .where(Jabatan.instansi_id == inst.id, Jabatan.nama == title)
    ).all()
    if unit is not None:
        parents = {u.id: u.nama for u in s.exec(select(UnitKerja)).all()}
        rows = [(j, u) for j, u in rows if unit in (u.nama, parents.get(u.induk_id or 0, ""))]
    assert len(rows) == 1, (kode, title, unit)
    return inst.id or 0, rows[0][0]


@pytest.mark.parametrize(("kode", "text", "title", "unit"), REQUESTS + ENGLISH)
def test_a_post_asked_for_is_resolved_and_eligibility_checked(
    service: SearchService, kode: str, text: str, title: str, unit: str | None
) -> None:
    with Session(service.engine) as s:
        inst, jab = _post(s, kode, title, unit)
        result = service.search(text, scope={inst}, by_post=True, limit=10)
        assert result.position is not None and result.position.jabatan_id == jab.id, text
        crit = hard_criteria(jab, tanggal=AS_OF, settings=service.merit)
        for c in result.candidates:
            assert c.instansi_id == inst
            peg = s.get(Pegawai, c.pegawai_id)
            assert peg is not None and peg.jabatan_id != jab.id
            jenjang = list(
                s.exec(
                    select(RiwayatPendidikan.jenjang).where(
                        RiwayatPendidikan.pegawai_id == c.pegawai_id
                    )
                ).all()
            )
            assert failing(crit, peg, jenjang) == [], (text, c.pegawai_id)
            held = s.get(Jabatan, peg.jabatan_id) if peg.jabatan_id else None
            if held is not None and jab.jenis in CLASS and held.jenis in CLASS:
                assert CLASS[held.jenis] >= CLASS[jab.jenis], "no demotion"
            assert all(line.ok is not False for line in c.eligibility)


def test_a_post_request_is_never_a_need_search(service: SearchService) -> None:
    with Session(service.engine) as s:
        bth = s.exec(select(Instansi.id).where(Instansi.kode == "BTH")).one()
    unknown = service.search("siapa yang cocok jadi kadis LH?", scope={bth}, by_post=True)
    assert unknown.post_not_found and not unknown.candidates
    vague = service.search("siapa yang cocok jadi kabid keuangan?", scope={bth}, by_post=True)
    assert vague.ambiguous and not vague.candidates
    assert all("Bidang" in c.nama for c in vague.choices)
    need = service.search("butuh orang yang paham anggaran", scope={bth}, by_post=False)
    assert need.position is None and not need.choices
