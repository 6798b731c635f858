"""The fast paths of a search give the same answers as the slow reference ones.

- hard criteria: numpy masks over a snapshot (criteria_snapshot.py) = the SQL clauses;
- merit facts cached per (id, versi): a changed person is reloaded, an unchanged one is not;
- no demotion: a person already in a higher position class is only proposed on request.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from db.models import Instansi, Jabatan, Kinerja, Pegawai, RiwayatPendidikan, UnitKerja
from retrieval.eval.search_quality import AS_OF
from retrieval.people.criteria_snapshot import CriteriaSnapshot
from retrieval.people.hard_criteria import eligible_ids, failing, hard_criteria, incomplete_ids
from tests.factories import (
    add_asesmen,
    add_diklat,
    add_kinerja,
    add_riwayat_jabatan,
    make_jabatan,
    make_pegawai,
    standar_default,
)
from tests.retrieval.people.conftest import TODAY, ServiceFactory, World, build_world


def test_snapshot_gives_the_same_sets_as_sql(engine: Engine) -> None:
    world = build_world(engine)
    with Session(engine) as s:
        # One more person with an education record of an unknown jenjang and no golongan.
        prov = s.get(Instansi, world.prov)
        assert prov is not None
        make_pegawai(s, prov, nama="Gita", golongan=None, pendidikan="Paket C")
        s.commit()
        snap = CriteriaSnapshot.load(s)
        jabatan = s.exec(select(Jabatan)).all()
        assert len(jabatan) >= 5
        for jab in jabatan:
            for tanggal in (TODAY, date(2040, 1, 1)):
                crit = hard_criteria(jab, tanggal=tanggal)
                for scope in ({world.prov}, {world.prov, world.kjb}, set()):
                    assert set(snap.eligible(crit, scope).tolist()) == set(
                        eligible_ids(s, crit, scope)
                    ), (jab.nama, tanggal, scope)
                    assert set(snap.incomplete(crit, scope).tolist()) == set(
                        incomplete_ids(s, crit, scope)
                    ), (jab.nama, tanggal, scope)


def _sekda_like(engine: Engine, world: World) -> int:
    """An eligible budgeting expert who already holds a JPT pratama position."""
    with Session(engine) as s:
        jab = s.get(Jabatan, world.kabid_anggaran)
        prov = s.get(Instansi, world.prov)
        assert jab is not None and prov is not None
        unit = s.get(UnitKerja, jab.unit_id)
        assert unit is not None
        jpt = make_jabatan(
            s,
            prov,
            unit=unit,
            nama="Kepala Badan Pengelolaan Keuangan",
            jenis="jpt_pratama",
            eselon="II.b",
            bidang="keuangan",
        )
        p = make_pegawai(
            s,
            prov,
            jabatan=jpt,
            nama="Hadi",
            golongan="IV/c",
            jurusan="Akuntansi",
            tmt_jabatan=date(2021, 1, 4),
        )
        for nama, jenis, mulai, selesai in (
            ("Kepala Sub Bidang Anggaran", "pengawas", date(2010, 1, 4), date(2015, 12, 31)),
            ("Kepala Bidang Anggaran", "administrator", date(2016, 1, 4), date(2021, 1, 3)),
        ):
            add_riwayat_jabatan(
                s, p, nama=nama, jenis=jenis, mulai=mulai, selesai=selesai, bidang="keuangan"
            )
        add_diklat(s, p, "Penyusunan Anggaran Pendapatan dan Belanja Daerah", tahun=2024)
        add_kinerja(s, p, {2024: "Sangat Baik", 2025: "Sangat Baik"})
        add_asesmen(s, p, {k: 5 for k in standar_default()}, skor_potensi=95)
        s.commit()
        assert p.id is not None
        return p.id


def test_higher_position_holder_is_not_proposed_for_a_lower_one(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    hadi = _sekda_like(sqlite_engine, world)
    svc = make_service(sqlite_engine)
    svc.start()
    plain = svc.for_position(world.kabid_anggaran, scope={world.prov})
    assert hadi not in [c.pegawai_id for c in plain.candidates]
    assert plain.candidates[0].pegawai_id == world.ani
    asked = svc.for_position(world.kabid_anggaran, scope={world.prov}, include_higher=True)
    assert hadi in [c.pegawai_id for c in asked.candidates]
    shown = svc.for_position(world.kabid_anggaran, scope={world.prov}, include_ineligible=True)
    why = next(x for x in shown.excluded if x.pegawai_id == hadi)
    assert [f.kriteria for f in why.failing] == ["kelas_jabatan"]
    assert why.failing[0].citations == ("kebijakan-talenta",)


def test_field_of_work_counts_for_a_position(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    svc = make_service(sqlite_engine)
    svc.start()
    result = svc.for_position(world.kabid_anggaran, scope={world.prov})
    by_id = {c.pegawai_id: c for c in result.candidates}
    assert by_id[world.ani].components["bidang"] == 1.0  # keuangan now
    assert by_id[world.budi].components["bidang"] == 0.0  # kesehatan only
    need = svc.for_need("anggaran", scope={world.prov})
    assert all("bidang" not in c.components for c in need.candidates)


def test_merit_facts_are_cached_per_version(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    svc = make_service(sqlite_engine)
    svc.start()
    first = svc.for_position(world.kabid_anggaran, scope={world.prov})
    loads = svc.merit_cache.loads
    assert loads > 0
    again = svc.for_position(world.kabid_anggaran, scope={world.prov})
    assert svc.merit_cache.loads == loads  # nothing reloaded
    assert [c.score for c in again.candidates] == [c.score for c in first.candidates]
    # Budi's performance drops and his versi goes up (as an import does): he is reloaded.
    with Session(sqlite_engine) as s:
        for k in s.exec(select(Kinerja).where(Kinerja.pegawai_id == world.budi)).all():
            k.predikat = "Sangat Kurang"
            s.add(k)
        budi = s.get(Pegawai, world.budi)
        assert budi is not None
        budi.versi += 1
        s.add(budi)
        s.commit()
    after = svc.for_position(world.kabid_anggaran, scope={world.prov})
    assert svc.merit_cache.loads == loads + 1
    # Two "Sangat Kurang" years fail the performance criterion: out of the ranking.
    assert world.budi not in [c.pegawai_id for c in after.candidates]
    budi_after = next(x for x in after.excluded if x.pegawai_id == world.budi)
    assert any("kinerja" in f.kriteria for f in budi_after.failing)


@pytest.mark.slow
def test_sql_numpy_and_python_agree_on_every_criterion_of_generated_data(
    generated_data: tuple[Engine, Path],
) -> None:
    """The three compilations of the criteria, over every position of a generated province,
    on three reference days: the same eligible and incomplete sets, and a person outside both
    fails at least one criterion by name (none inside the eligible set does)."""
    engine, _ = generated_data
    with Session(engine) as s:
        snap = CriteriaSnapshot.load(s)
        jabatan = s.exec(select(Jabatan)).all()
        pegawai = {p.id: p for p in s.exec(select(Pegawai)).all()}
        jenjang: dict[int, list[str]] = {}
        for pid, j in s.execute(select(RiwayatPendidikan.pegawai_id, RiwayatPendidikan.jenjang)):
            jenjang.setdefault(pid, []).append(j)
        scope = sorted({p.instansi_id for p in pegawai.values()})
        active = {pid for pid, p in pegawai.items() if p.status == "aktif"}
        kinds = {j.jenis for j in jabatan}
        assert len(jabatan) > 100 and {"jpt_pratama", "administrator", "fungsional"} <= kinds
        checked = 0
        for jab in jabatan:
            for tanggal in (AS_OF, date(2030, 1, 1), date(2045, 6, 30)):
                crit = hard_criteria(jab, tanggal=tanggal)
                sql = set(eligible_ids(s, crit, scope))
                assert set(snap.eligible(crit, scope).tolist()) == sql, (jab.id, tanggal)
                gaps = set(incomplete_ids(s, crit, scope))
                assert set(snap.incomplete(crit, scope).tolist()) == gaps, (jab.id, tanggal)
                for pid in active:
                    fails = failing(crit, pegawai[pid], jenjang.get(pid, []))
                    if pid in sql:
                        assert fails == [], (jab.id, tanggal, pid)
                    elif pid not in gaps:
                        assert fails, (jab.id, tanggal, pid)
                        checked += 1
        assert checked > 1000
