"""Merit facts stored with the index generation: a fresh service answers from them, and a
missing, unreadable or stale record falls back to the database."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.models import Kinerja, Pegawai
from db.reference import PredikatKinerja
from knowledge.rules import load_employee_facts
from retrieval.people.merit_cache import MeritCache
from retrieval.people.service import SearchService
from retrieval.people.stored_facts import (
    BLOB_SUFFIX,
    INDEX_SUFFIX,
    FactsRecords,
    StoredFacts,
    _FactsUnpickler,
)
from tests.retrieval.people.conftest import ServiceFactory, World


def _ranking(svc: SearchService, world: World) -> list[tuple[int, float]]:
    result = svc.for_position(world.kabid_anggaran, scope={world.prov})
    return [(c.pegawai_id, c.score) for c in result.candidates]


def _facts_files(svc: SearchService, inst: int) -> tuple[Path, Path]:
    files = svc.store.files(inst)
    gen = files.read_meta().index_version
    d = svc.store.directory
    return d / f"i{inst}.g{gen}.{BLOB_SUFFIX}", d / f"i{inst}.g{gen}.{INDEX_SUFFIX}"


def test_fresh_service_answers_from_stored_facts_equal_to_the_database(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    builder = make_service(sqlite_engine, warm_up=False)
    builder.store.build(sqlite_engine)
    # What is stored equals what the database gives, once the position is read again.
    with Session(sqlite_engine) as s:
        versions = {
            pid: v
            for pid, v in s.execute(
                select(Pegawai.id, Pegawai.versi).where(col(Pegawai.status) == "aktif")
            )
        }
        expected = load_employee_facts(s, list(versions))
    fresh = make_service(sqlite_engine, warm_up=False)
    fresh.start()
    assert fresh.context.shards.stores_facts()
    stored = fresh.context.shards.stored_facts(versions)
    assert set(stored) == set(versions)
    for pid, (jabatan_id, emp) in stored.items():
        want = expected[pid]
        assert emp.jabatan is None
        assert jabatan_id == (want.jabatan.jabatan_id if want.jabatan else None)
        assert emp == dataclasses.replace(want, jabatan=None)
    ranking = _ranking(fresh, world)
    assert ranking
    assert fresh.merit_cache.stored_reads > 0
    assert fresh.merit_cache.stored_reads == fresh.merit_cache.loads  # no database load
    # The same ranking as a service that loads every fact from the database.
    for inst in fresh.loaded_instansi():
        for path in _facts_files(fresh, inst):
            path.unlink()
    from_db = make_service(sqlite_engine, warm_up=False)
    from_db.start()
    assert not from_db.context.shards.stores_facts()
    assert _ranking(from_db, world) == ranking
    assert from_db.merit_cache.stored_reads == 0 and from_db.merit_cache.loads > 0


def test_changed_person_is_read_from_the_database_not_the_stored_record(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    svc = make_service(sqlite_engine, warm_up=False)
    svc.start()
    first = svc.for_position(world.kabid_anggaran, scope={world.prov})
    old = next(c.kinerja for c in first.candidates if c.pegawai_id == world.budi)
    assert old is not None and old < 1.0
    with Session(sqlite_engine) as s:  # what an import does: new rows and a new versi
        budi = s.get(Pegawai, world.budi)
        assert budi is not None
        for row in s.exec(select(Kinerja).where(col(Kinerja.pegawai_id) == world.budi)):
            row.predikat = PredikatKinerja.sangat_baik.value
            s.add(row)
        budi.versi += 1
        s.add(budi)
        s.commit()
        versi = budi.versi
    # The loaded generation is now stale for Budi; an empty cache reads what it can from it.
    shards = svc.context.shards
    assert world.budi not in shards.stored_facts({world.budi: versi})
    assert world.budi in shards.stored_facts({world.budi: versi - 1})
    cache = MeritCache(stored=shards.stored_facts)
    with Session(sqlite_engine) as s:
        got = cache.facts(s, {world.budi: versi, world.ani: _versi(s, world.ani)})
    assert cache.stored_reads == 1 and cache.loads == 2  # Ani from the stored facts, Budi not
    assert set(got[world.budi].kinerja.values()) == {PredikatKinerja.sangat_baik.value}


def _versi(s: Session, pid: int) -> int:
    p = s.get(Pegawai, pid)
    assert p is not None
    return p.versi


@pytest.mark.parametrize("damage", ["truncated blob", "garbage index", "foreign class"])
def test_damaged_stored_facts_fall_back_to_the_database(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory, damage: str
) -> None:
    svc = make_service(sqlite_engine, warm_up=False)
    svc.start()
    expected = _ranking(svc, world)
    blob, index = _facts_files(svc, world.prov)
    if damage == "truncated blob":
        np.save(blob, np.zeros(3, dtype=np.uint8))
    elif damage == "garbage index":
        index.write_bytes(b"not an npz file")
    else:  # a record that would build something other than a fact: refused, not executed
        stored = StoredFacts.open(blob, index)
        assert stored is not None
        raw = stored.records().raw()
        evil = pickle.dumps((1, None, print), protocol=5)
        raw = {pid: (v, evil) for pid, (v, _) in raw.items()}
        records = FactsRecords.from_raw(raw)
        records.write_blob(blob)
        records.write_index(index)
    fresh = make_service(sqlite_engine, warm_up=False)
    fresh.start()
    assert _ranking(fresh, world) == expected
    # Nothing of the prov shard came from its damaged file.
    with Session(sqlite_engine) as s:
        prov = {
            pid: v
            for pid, v in s.execute(
                select(Pegawai.id, Pegawai.versi).where(
                    col(Pegawai.instansi_id) == world.prov, col(Pegawai.status) == "aktif"
                )
            )
        }
    assert fresh.context.shards.stored_facts(prov) == {}


def test_unpickler_builds_only_fact_classes() -> None:
    import io

    with pytest.raises(pickle.UnpicklingError):
        _FactsUnpickler(io.BytesIO(pickle.dumps(print))).load()


def test_incremental_update_keeps_everyone_s_facts_and_renews_the_changed(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    svc = make_service(sqlite_engine, warm_up=False)
    svc.start()
    with Session(sqlite_engine) as s:
        budi = s.get(Pegawai, world.budi)
        assert budi is not None
        budi.versi += 1
        s.add(budi)
        s.commit()
    svc.store.update(sqlite_engine, [world.budi])
    shard = svc.store.load(world.prov)
    assert shard.facts is not None
    assert shard.facts.ids.tolist() == sorted(shard.ids.tolist())
    assert dict(zip(shard.facts.ids.tolist(), shard.facts.versi.tolist(), strict=True)) == (
        shard.versions()
    )


def test_merit_facts_for_a_picture_come_from_the_stored_copy_and_are_not_kept(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    builder = make_service(sqlite_engine, warm_up=False)
    builder.store.build(sqlite_engine)
    with Session(sqlite_engine) as s:
        ids = list(s.exec(select(Pegawai.id).where(col(Pegawai.status) == "aktif")))
        gone = s.exec(select(Pegawai.id).where(col(Pegawai.status) != "aktif")).first()
        expected = load_employee_facts(s, ids)
    fresh = make_service(sqlite_engine, warm_up=False)
    fresh.start()
    got = fresh.merit_facts([*ids, *([gone] if gone else [])])
    assert got == expected  # position read again; someone no longer active is absent
    assert fresh.merit_cache.stored_reads == len(ids)  # no person read from the database
    # Nothing was kept: the search's own cache loads everyone again.
    with Session(sqlite_engine) as s:
        rows = s.execute(select(Pegawai.id, Pegawai.versi).where(col(Pegawai.id).in_(ids)))
        versions = {int(i): int(v) for i, v in rows}
        fresh.merit_cache.facts(s, versions)
    assert fresh.merit_cache.loads == 2 * len(ids)
