"""The background warm-up loads merit facts ahead of searches, never stale ones."""

from __future__ import annotations

import threading

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from db.models import Kinerja, Pegawai
from db.reference import PredikatKinerja
from retrieval.people.merit_cache import MeritCache
from retrieval.people.warm_up import warm_merit_facts
from tests.retrieval.people.conftest import ServiceFactory, World


def _active(engine: Engine) -> int:
    with Session(engine) as s:
        return int(s.exec(select(func.count()).where(col(Pegawai.status) == "aktif")).one())


def test_first_search_after_warm_up_loads_nothing(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    cold = make_service(sqlite_engine, warm_up=False)
    cold.start()
    expected = cold.for_position(world.kabid_anggaran, scope={world.prov})
    assert cold.merit_cache.loads > 0

    svc = make_service(sqlite_engine)
    svc.start()
    svc.start_warm_up()
    assert svc.wait_warm_up(30)
    assert svc.merit_cache.loads == _active(sqlite_engine)
    before = svc.merit_cache.loads
    result = svc.for_position(world.kabid_anggaran, scope={world.prov})
    assert svc.merit_cache.loads == before  # everything came from the warm cache
    assert [c.pegawai_id for c in result.candidates] == [c.pegawai_id for c in expected.candidates]
    assert [c.score for c in result.candidates] == [c.score for c in expected.candidates]


def test_changed_person_is_loaded_again_not_served_stale(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    svc = make_service(sqlite_engine)
    svc.start()
    svc.start_warm_up()
    assert svc.wait_warm_up(30)
    first = svc.for_position(world.kabid_anggaran, scope={world.prov})
    old = next(c.kinerja for c in first.candidates if c.pegawai_id == world.budi)
    assert old is not None and old < 1.0
    before = svc.merit_cache.loads
    with Session(sqlite_engine) as s:  # what an import does: new rows and a new versi
        budi = s.get(Pegawai, world.budi)
        assert budi is not None
        for row in s.exec(select(Kinerja).where(col(Kinerja.pegawai_id) == world.budi)):
            row.predikat = PredikatKinerja.sangat_baik.value
            s.add(row)
        budi.versi += 1
        s.add(budi)
        s.commit()
    result = svc.for_position(world.kabid_anggaran, scope={world.prov})
    assert svc.merit_cache.loads == before + 1
    budi_c = next(c for c in result.candidates if c.pegawai_id == world.budi)
    assert budi_c.kinerja == 1.0  # both recent years now "sangat baik"


def test_warm_up_stops_when_asked_and_respects_the_cache_size(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    svc = make_service(sqlite_engine)
    svc.start()
    stop = threading.Event()
    stop.set()
    assert warm_merit_facts(svc.context, [world.prov, world.kjb], stop=stop) == 0
    assert svc.merit_cache.loads == 0
    svc.merit_cache = MeritCache(max_people=2)
    assert warm_merit_facts(svc.context, [world.prov, world.kjb], batch=1) == 2
    assert svc.merit_cache.loads == 2


def test_warm_up_can_be_switched_off(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    svc = make_service(sqlite_engine, warm_up=False)
    svc.start()
    svc.start_warm_up()
    assert svc.wait_warm_up(1)
    assert svc.merit_cache.loads == 0
