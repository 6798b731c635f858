from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from db.models import Diklat, Pegawai
from retrieval.people.errors import IndexNotReady
from retrieval.people.profile_text import encode_documents
from retrieval.people.store import IndexStore
from tests.retrieval.people.conftest import ServiceFactory, World


def test_position_search_ranks_explains_and_separates(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
):
    svc = make_service(sqlite_engine)
    svc.start()
    result = svc.for_position(world.kabid_anggaran, scope={world.prov}, include_ineligible=True)
    ids = [c.pegawai_id for c in result.candidates]
    assert ids[0] == world.ani
    assert world.budi in ids
    assert world.citra not in ids and world.eko not in ids and world.fajar not in ids
    top = result.candidates[0]
    assert top.kotak == 9 and top.kotak_resmi and top.kotak_sumber == "BKN 2025"
    assert top.jpm is not None and top.jpm_label
    assert any("Anggaran" in e for e in top.evidence)
    assert all(line.citations for line in top.eligibility)
    assert {line.kriteria for line in top.eligibility} >= {"status", "pendidikan", "golongan"}
    assert "pp-11-2017" in " ".join(top.citations)
    assert set(top.components) == {"relevance", "jpm", "ninebox", "kinerja", "bidang"}
    budi = next(c for c in result.candidates if c.pegawai_id == world.budi)
    flags = " ".join(budi.flags)
    assert "Mendekati pensiun" in flags and "Hukuman disiplin ringan" in flags
    # Not eligible: excluded from the ranking, shown on request with the failing criterion.
    citra = next(x for x in result.excluded if x.pegawai_id == world.citra)
    assert citra.failing[0].kriteria == "golongan" and "III/a" in citra.failing[0].nilai
    # Too incomplete to judge: listed apart with what is missing.
    eko = next(x for x in result.incomplete if x.pegawai_id == world.eko)
    assert eko.missing == ["riwayat pendidikan"]
    assert result.eligible_count == 2


def test_ineligible_not_listed_unless_asked(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
):
    svc = make_service(sqlite_engine)
    svc.start()
    result = svc.for_position(world.kabid_anggaran, scope={world.prov})
    assert world.citra not in {x.pegawai_id for x in result.excluded}


def test_eligible_person_never_lost_to_top_k(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
):
    """Budi matches the budget position worst of all, yet he is eligible: he must appear even
    when the pool is smaller than the number of better-matching (ineligible) people."""
    from tests.factories import add_diklat, make_pegawai

    with Session(sqlite_engine) as s:
        from db.models import Instansi

        prov = s.get(Instansi, world.prov)
        assert prov is not None
        for i in range(15):
            p = make_pegawai(s, prov, nama=f"Staf {i}", golongan="III/a", jurusan="Akuntansi")
            add_diklat(s, p, "Penyusunan Anggaran Pendapatan dan Belanja Daerah")
        s.commit()
    svc = make_service(sqlite_engine, candidate_pool=10)
    svc.start()
    ids = [
        c.pegawai_id for c in svc.for_position(world.kabid_anggaran, scope={world.prov}).candidates
    ]
    assert ids == [world.ani, world.budi]


def test_need_search_without_position(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
):
    svc = make_service(sqlite_engine)
    svc.start()
    result = svc.search("butuh orang yang paham pengadaan barang dan jasa", scope={world.prov})
    assert result.position is None
    ids = [c.pegawai_id for c in result.candidates]
    assert ids[0] in (world.ani, world.citra) and world.citra in ids[:2]
    assert all(c.components["jpm"] == 0.0 for c in result.candidates)
    assert any("Pengadaan" in e for e in result.candidates[0].evidence)


def test_position_text_resolves_or_returns_choices(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
):
    svc = make_service(sqlite_engine)
    svc.start()
    hit = svc.search("Kabid Anggaran BPKAD", scope={world.prov})
    assert hit.position is not None and hit.position.jabatan_id == world.kabid_anggaran
    assert hit.candidates[0].pegawai_id == world.ani
    vague = svc.search("Kepala Seksi", scope={world.prov})
    assert vague.ambiguous and len(vague.choices) >= 2 and not vague.candidates


def test_stale_shard_refused_then_served_after_fix(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
):
    svc = make_service(sqlite_engine, on_stale="refuse")
    svc.store.build(sqlite_engine)
    with Session(sqlite_engine) as s:
        ani = s.get(Pegawai, world.ani)
        assert ani is not None
        ani.versi += 1
        s.add(ani)
        s.commit()
    checks = svc.start()
    assert not next(c for c in checks if c.instansi_id == world.prov).ok
    with pytest.raises(IndexNotReady, match="talenta index check --fix"):
        svc.for_need("anggaran", scope={world.prov})
    assert svc.for_need("anggaran", scope={world.kjb}).candidates  # other shards still served
    svc.store.fix(sqlite_engine, svc.store.check(sqlite_engine))
    assert svc.for_need("anggaran", scope={world.prov}).candidates


def test_stale_shard_rebuilt_at_start(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
):
    svc = make_service(sqlite_engine)
    svc.store.build(sqlite_engine)
    with Session(sqlite_engine) as s:
        fajar = s.get(Pegawai, world.fajar)
        assert fajar is not None
        fajar.status = "aktif"
        s.add(fajar)
        s.commit()
    svc.start()
    assert all(c.ok for c in svc.store.check(sqlite_engine))


def test_running_service_reloads_a_newer_generation(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
):
    svc = make_service(sqlite_engine)
    svc.start()
    before = svc.for_need("audit forensik", scope={world.prov}).candidates[0].evidence
    assert not any("Audit Forensik" in e for e in before)
    with Session(sqlite_engine) as s:
        budi = s.get(Pegawai, world.budi)
        assert budi is not None
        s.add(
            Diklat(pegawai_id=world.budi, nama="Audit Forensik", jenis="teknis", jp=40, tahun=2026)
        )
        budi.versi += 1
        s.add(budi)
        s.commit()
    # Another process (the importer's `talenta index update`) writes a new generation.
    writer = IndexStore(svc.store.directory, svc.encoder, svc.settings)
    writer.update(sqlite_engine, [world.budi])
    top = svc.for_need("audit forensik", scope={world.prov}).candidates[0]
    assert top.pegawai_id == world.budi and any("Audit Forensik" in e for e in top.evidence)


def test_every_hit_is_rechecked_against_the_database(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
):
    svc = make_service(sqlite_engine)
    svc.start()
    with Session(sqlite_engine) as s:
        ani = s.get(Pegawai, world.ani)
        assert ani is not None
        ani.status = "meninggal"  # the index has not been updated yet
        s.add(ani)
        s.commit()
    ids = [c.pegawai_id for c in svc.for_need("anggaran keuangan", scope={world.prov}).candidates]
    assert world.ani not in ids and world.citra in ids


def test_positions_for_an_asn(sqlite_engine: Engine, world: World, make_service: ServiceFactory):
    svc = make_service(sqlite_engine)
    svc.start()
    options = svc.positions_for(world.budi, scope={world.prov})
    names = {o.jabatan_id: o for o in options}
    # Budi (health, Kepala Seksi, Kesehatan Masyarakat) is offered the vacant health section
    # at his level, never the budget post of another field (whatever its level).
    assert world.kasi_yankes in names and world.kabid_anggaran not in names
    assert names[world.kasi_yankes].alasan_terbuka == "lowong"
    assert all(o.eligible or o.kurang for o in options)
    # Ani (budget, Kepala Sub Bidang) is offered the Kabid Anggaran: her field, one level up.
    ani = {o.jabatan_id for o in svc.positions_for(world.ani, scope={world.prov})}
    assert world.kabid_anggaran in ani and world.kasi_yankes not in ani
    # What is missing says where the requirement comes from.
    citra = {o.jabatan_id: o for o in svc.positions_for(world.citra, scope={world.prov})}
    lacking = citra[world.kabid_anggaran]
    assert not lacking.eligible
    assert any("golongan" in k.lower() and "(dasar: " in k for k in lacking.kurang), lacking.kurang


def test_positions_for_reuses_document_vectors(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    """`/peluang` encodes each open position's text once; later asks reuse the vectors."""
    svc = make_service(sqlite_engine)
    svc.start()
    first = svc.positions_for(world.budi, scope={world.prov})
    encoded: list[int] = []
    real = svc.encoder.encode

    def counting(texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        encoded.append(len(texts))
        return real(texts, show_progress=show_progress)

    svc.encoder.encode = counting  # type: ignore[method-assign]
    try:
        again = svc.positions_for(world.budi, scope={world.prov})
    finally:
        svc.encoder.encode = real  # type: ignore[method-assign]
    assert encoded == []
    assert [(o.jabatan_id, o.relevance) for o in again] == [
        (o.jabatan_id, o.relevance) for o in first
    ]
    texts = ["Kepala Bidang Anggaran pada BPKAD", "analis kepegawaian"]
    assert np.allclose(svc.document_vectors(texts), encode_documents(svc.encoder, texts))


def test_search_fuses_with_the_alpha_of_its_encoder(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory, monkeypatch
):
    import retrieval.people.ranking as ranking

    seen: list[float] = []
    real = ranking.retrieve

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(kwargs["alpha"])
        return real(*args, **kwargs)

    monkeypatch.setattr(ranking, "retrieve", spy)
    svc = make_service(sqlite_engine)
    svc.settings = svc.settings.model_copy(
        update={"fusion_alpha": 0.7, "fusion_alpha_by_model": {svc.encoder.name: 0.2}}
    )
    svc.start()
    svc.for_position(world.kabid_anggaran, scope={world.prov})
    svc.for_need("butuh orang yang paham anggaran", scope={world.prov})
    assert seen == [0.2, 0.2]
