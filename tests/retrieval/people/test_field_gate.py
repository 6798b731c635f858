"""Field fit gates merit: someone from an unrelated field never outranks a qualified person
from the right field, however good their scores; scores stay in 0–1."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.models import Instansi, Jabatan, UnitKerja
from retrieval.people.ranking import Ranker
from retrieval.settings import SearchWeights
from tests.factories import (
    add_asesmen,
    add_diklat,
    add_kinerja,
    add_ninebox_resmi,
    add_riwayat_jabatan,
    make_jabatan,
    make_pegawai,
    standar_default,
)
from tests.retrieval.people.conftest import ServiceFactory, World


def _plant(engine: Engine, world: World) -> tuple[int, int]:
    """A health star (Kepala Seksi Anggaran Kesehatan: a budget look-alike in the health
    field, best scores, budget trainings) and a modest budget officer (Kepala Sub
    Bidang Penyusunan Anggaran, middling scores), both eligible for the Kabid Anggaran."""
    with Session(engine, expire_on_commit=False) as s:
        prov = s.get(Instansi, world.prov)
        assert prov is not None
        jabs = {
            j.nama: j for j in s.exec(select(Jabatan).where(col(Jabatan.instansi_id) == prov.id))
        }
        dinkes = s.get(UnitKerja, jabs["Kepala Seksi Gizi Masyarakat"].unit_id)
        lookalike = make_jabatan(
            s,
            prov,
            unit=dinkes,
            nama="Kepala Seksi Anggaran Kesehatan",
            jenis="pengawas",
            eselon="IV.a",
            bidang="kesehatan",
        )
        star = make_pegawai(
            s,
            prov,
            jabatan=lookalike,
            nama="Sari Bintang",
            jurusan="Kesehatan Masyarakat",
            tmt_jabatan=date(2020, 1, 2),
        )
        # A look-alike: budget words in her trainings, her field is health.
        add_diklat(s, star, "Penyusunan Anggaran Pendapatan dan Belanja Daerah", tahun=2024)
        add_diklat(s, star, "Bimtek Penyusunan Anggaran Kesehatan", tahun=2025)
        add_kinerja(s, star, {2024: "Sangat Baik", 2025: "Sangat Baik"})
        add_asesmen(s, star, {k: 5 for k in standar_default()}, skor_potensi=95)
        add_ninebox_resmi(s, star, 9, tahun=2025)
        modest = make_pegawai(
            s,
            prov,
            jabatan=jabs["Kepala Sub Bidang Penyusunan Anggaran"],
            nama="Rudi Biasa",
            jurusan="Manajemen Keuangan",
            tmt_jabatan=date(2021, 1, 4),
        )
        add_riwayat_jabatan(
            s,
            modest,
            nama="Pengelola Keuangan",
            jenis="pelaksana",
            mulai=date(2012, 1, 2),
            selesai=date(2021, 1, 1),
            bidang="keuangan",
        )
        add_kinerja(s, modest, {2024: "Baik", 2025: "Baik"})
        add_asesmen(s, modest, {k: 3 for k in standar_default()}, skor_potensi=60)
        s.commit()
        return star.id or 0, modest.id or 0


def test_unrelated_field_never_outranks_the_right_field(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
):
    star, modest = _plant(sqlite_engine, world)
    # Weights where merit scores dominate: the gate holds whatever the weights are.
    merit_heavy = SearchWeights(relevance=0.1, jpm=0.3, ninebox=0.3, kinerja=0.3, bidang=0.0)
    svc = make_service(sqlite_engine, weights=merit_heavy)
    svc.start()
    gated = svc.for_position(world.kabid_anggaran, scope={world.prov}).candidates
    ids = [c.pegawai_id for c in gated]
    assert ids.index(modest) < ids.index(star)
    by_id = {c.pegawai_id: c for c in gated}
    assert by_id[modest].field_tier == 2 and "bidang keuangan" in by_id[modest].field_reason
    assert by_id[star].field_tier == 0
    # Tiers never rise down the list.
    tiers = [c.field_tier for c in gated]
    assert tiers == sorted(tiers, reverse=True)
    # Without the gate the star's scores would put her first: the gate is what orders them.
    assert by_id[star].score > by_id[modest].score
    ungated = Ranker(svc.context)
    ungated.field_gate = False
    plain = ungated.for_position(
        world.kabid_anggaran,
        scope=frozenset({world.prov}),
        need=None,
        include_ineligible=False,
        limit=10,
    ).candidates
    plain_ids = [c.pegawai_id for c in plain]
    assert plain_ids.index(star) < plain_ids.index(modest)


def test_scores_stay_in_zero_to_one(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
):
    _plant(sqlite_engine, world)
    svc = make_service(sqlite_engine)
    svc.start()
    for c in svc.for_position(world.kabid_anggaran, scope={world.prov}).candidates:
        assert 0.0 <= c.score <= 1.0
        at_max = all(v == 1.0 for v in c.components.values())
        assert (c.score == 1.0) == at_max, c.components
    for c in svc.for_need("penyusunan anggaran", scope={world.prov}).candidates:
        assert 0.0 <= c.score <= 1.0 and c.field_tier is None


def test_the_lookalike_count_sees_what_the_gate_changes(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
):
    from retrieval.eval.lookalikes import _count, posts_to_try

    _plant(sqlite_engine, world)
    merit_heavy = SearchWeights(relevance=0.1, jpm=0.3, ninebox=0.3, kinerja=0.3, bidang=0.0)
    svc = make_service(sqlite_engine, weights=merit_heavy)
    svc.start()
    posts = posts_to_try(sqlite_engine, agencies=1, per_agency=10)
    assert (world.kabid_anggaran, world.prov) in posts
    ranker = Ranker(svc.context)
    ranker.field_gate = False
    before = _count(ranker, [(world.kabid_anggaran, world.prov)], limit=20)
    ranker.field_gate = True
    after = _count(ranker, [(world.kabid_anggaran, world.prov)], limit=20)
    assert before.displacing >= 1 and after.displacing == 0
    assert after.slots == before.slots
