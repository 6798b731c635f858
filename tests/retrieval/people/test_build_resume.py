"""An interrupted full index build resumes: finished shards are kept, the rest are built."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from db.models import Pegawai
from retrieval.people.store import BUILD_MARKER, IndexStore
from tests.retrieval.people.conftest import World
from tests.retrieval.people.test_store import _store


class Interrupted(Exception):
    pass


def _interrupt_second_shard(store: IndexStore, monkeypatch: pytest.MonkeyPatch) -> None:
    real = store.build_shard
    seen: list[int] = []

    def build_shard(engine: Engine, inst: int, members: list[int], **kw: bool) -> None:
        seen.append(inst)
        if len(seen) == 2:
            raise Interrupted
        real(engine, inst, members, **kw)

    monkeypatch.setattr(store, "build_shard", build_shard)


def _spy(store: IndexStore, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    built: list[int] = []
    real = store.build_shard

    def build_shard(engine: Engine, inst: int, members: list[int], **kw: bool) -> None:
        built.append(inst)
        real(engine, inst, members, **kw)

    monkeypatch.setattr(store, "build_shard", build_shard)
    return built


def test_resume_builds_only_what_the_interrupted_build_did_not_finish(
    sqlite_engine: Engine, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = _store(tmp_path)
    with monkeypatch.context() as m:
        _interrupt_second_shard(store, m)
        with pytest.raises(Interrupted):
            store.build(sqlite_engine)
    assert (store.directory / BUILD_MARKER).exists()
    assert store.shard_ids() == [world.prov]  # the first shard was finished
    encoded = _spy(store, monkeypatch)
    built = store.build(sqlite_engine, resume=True)
    assert set(built) == {world.prov, world.kjb}
    assert encoded == [world.kjb]  # only KJB was built again
    assert not (store.directory / BUILD_MARKER).exists()
    assert all(c.ok for c in store.check(sqlite_engine))


def test_resume_rebuilds_a_finished_shard_whose_people_changed_meanwhile(
    sqlite_engine: Engine, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = _store(tmp_path)
    with monkeypatch.context() as m:
        _interrupt_second_shard(store, m)
        with pytest.raises(Interrupted):
            store.build(sqlite_engine)
    with Session(sqlite_engine) as s:  # an import changed Ani after her shard was built
        ani = s.get(Pegawai, world.ani)
        assert ani is not None
        ani.versi += 1
        s.add(ani)
        s.commit()
    encoded = _spy(store, monkeypatch)
    store.build(sqlite_engine, resume=True)
    assert encoded == [world.prov, world.kjb]
    assert all(c.ok for c in store.check(sqlite_engine))


def test_without_resume_or_marker_everything_is_built(
    sqlite_engine: Engine, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = _store(tmp_path)
    store.build(sqlite_engine)
    encoded = _spy(store, monkeypatch)
    store.build(sqlite_engine, resume=True)  # the last build finished: nothing to resume
    assert encoded == [world.prov, world.kjb]
