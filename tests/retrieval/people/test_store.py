from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sqlalchemy import Engine
from sqlmodel import Session, select

from db.models import Diklat, Pegawai, UnitKerja
from retrieval.encoders.hashing import HashingEncoder
from retrieval.people.store import IndexStore
from retrieval.settings import SearchSettings
from tests.retrieval.people.conftest import World


class CountingEncoder(HashingEncoder):
    """The test encoder, counting how many texts it was asked to encode. Like the real models'
    tokenizers, it refuses to count tokens of an empty batch."""

    def __init__(self) -> None:
        super().__init__(128)
        self.encoded = 0

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            raise IndexError("list index out of range")  # what the HF tokenizer raises
        return super().token_counts(texts)

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        self.encoded += len(texts)
        return super().encode(texts, show_progress=show_progress)


def _store(tmp_path: Path, **kw: object) -> tuple[IndexStore, CountingEncoder]:
    enc = CountingEncoder()
    return IndexStore(tmp_path / "index", enc, SearchSettings(index_dir=tmp_path, **kw)), enc


def _ids(store: IndexStore, inst: int) -> list[int]:
    return sorted(store.load(inst).ids.tolist())


def test_build_one_shard_per_instansi_with_active_employees(engine: Engine, tmp_path: Path):
    from tests.retrieval.people.conftest import build_world

    w = build_world(engine)
    store, _ = _store(tmp_path)
    built = store.build(engine)
    assert built == {w.prov: 4, w.kjb: 1}
    assert _ids(store, w.prov) == sorted([w.ani, w.budi, w.citra, w.eko])
    assert _ids(store, w.kjb) == [w.dedi]
    assert all(c.ok for c in store.check(engine))


def test_update_reencodes_only_changed_moves_and_removes(engine: Engine, tmp_path: Path):
    from tests.retrieval.people.conftest import build_world

    w = build_world(engine)
    store, enc = _store(tmp_path)
    store.build(engine)
    with Session(engine) as s:
        ani, budi, citra = (s.get(Pegawai, i) for i in (w.ani, w.budi, w.citra))
        assert ani and budi and citra
        s.add(
            Diklat(
                pegawai_id=w.ani, nama="Audit Kinerja Keuangan", jenis="teknis", jp=30, tahun=2026
            )
        )
        ani.versi += 1
        unit = s.exec(select(UnitKerja).where(UnitKerja.instansi_id == w.kjb)).first()
        assert unit is not None
        budi.instansi_id, budi.unit_id, budi.jabatan_id = w.kjb, unit.id or 0, None
        budi.versi += 1
        citra.status = "pensiun"
        s.add_all([ani, budi, citra])
        s.commit()
    before = enc.encoded
    report = store.update(engine, [w.ani, w.budi, w.citra])
    assert enc.encoded - before == 2  # ani and budi; citra only leaves
    assert report.reencoded == 2 and sorted(set(report.shards)) == sorted([w.prov, w.kjb])
    prov, kjb = store.load(w.prov), store.load(w.kjb)
    assert sorted(prov.ids.tolist()) == sorted([w.ani, w.eko])
    assert sorted(kjb.ids.tolist()) == sorted([w.dedi, w.budi])
    # Removed before added: no duplicate ids inside FAISS.
    assert prov.index.ntotal == 2 and kjb.index.ntotal == 2
    assert prov.versions()[w.ani] == 2
    # The lexical index was rebuilt with the new training.
    assert [pid for pid, _ in prov.lexical.search("audit kinerja", 5)] == [w.ani]
    assert all(c.ok for c in store.check(engine))


def test_an_update_that_only_ends_employees_encodes_nothing(engine: Engine, tmp_path: Path):
    from tests.retrieval.people.conftest import build_world

    w = build_world(engine)
    store, enc = _store(tmp_path)
    store.build(engine)
    with Session(engine) as s:
        citra = s.get(Pegawai, w.citra)
        assert citra is not None
        citra.status = "pensiun"
        s.add(citra)
        s.commit()
    before = enc.encoded
    report = store.update(engine, [w.citra])
    assert enc.encoded == before and report.reencoded == 0
    assert w.citra not in _ids(store, w.prov)
    assert all(c.ok for c in store.check(engine))


def test_check_finds_missing_extra_and_stale_and_fix_repairs(engine: Engine, tmp_path: Path):
    from tests.retrieval.people.conftest import build_world

    w = build_world(engine)
    store, _ = _store(tmp_path)
    store.build(engine)
    with Session(engine) as s:
        ani, citra, fajar = (s.get(Pegawai, i) for i in (w.ani, w.citra, w.fajar))
        assert ani and citra and fajar
        ani.versi += 1  # stale
        citra.status = "diberhentikan"  # extra
        fajar.status = "aktif"  # missing
        s.add_all([ani, citra, fajar])
        s.commit()
    checks = {c.instansi_id: c for c in store.check(engine)}
    prov = checks[w.prov]
    assert (prov.missing, prov.extra, prov.stale) == ([w.fajar], [w.citra], [w.ani])
    assert checks[w.kjb].ok
    store.fix(engine, list(checks.values()))
    assert all(c.ok for c in store.check(engine))
    assert sorted(store.load(w.prov).ids.tolist()) == sorted([w.ani, w.budi, w.eko, w.fajar])


def test_check_reports_a_shard_of_another_model(
    sqlite_engine: Engine, world: World, tmp_path: Path
):
    store, _ = _store(tmp_path)
    store.build(sqlite_engine)
    other = IndexStore(store.directory, HashingEncoder(64), store.settings)
    checks = {c.instansi_id: c for c in other.check(sqlite_engine)}
    assert checks[world.prov].problem == "model berbeda"
    other.fix(sqlite_engine, list(checks.values()))
    assert all(c.ok for c in other.check(sqlite_engine))


def test_forced_ivf_path_survives_updates(sqlite_engine: Engine, world: World, tmp_path: Path):
    store, _ = _store(tmp_path, ivf_threshold=2)
    store.build(sqlite_engine)
    assert store.load(world.prov).meta.index_type == "ivf"
    with Session(sqlite_engine) as s:
        ani = s.get(Pegawai, world.ani)
        assert ani is not None
        ani.versi += 1
        s.add(ani)
        s.commit()
    store.update(sqlite_engine, [world.ani])
    shard = store.load(world.prov)
    assert shard.meta.index_type == "ivf" and shard.index.ntotal == 4
    assert all(c.ok for c in store.check(sqlite_engine))


def test_update_reports_profiles_in_batches_then_shards(engine: Engine, tmp_path: Path):
    from tests.retrieval.people.conftest import build_world

    w = build_world(engine)
    store, _ = _store(tmp_path)
    store.build(engine)
    calls: list[tuple[str, int, int]] = []
    ids = [w.ani, w.budi, w.citra, w.eko]
    report = store._encode_in_batches(engine, ids, lambda *c: calls.append(c), step=3)
    assert [c for c in calls if c[0] == "profiles"] == [
        ("profiles", 0, 4),
        ("profiles", 3, 4),
        ("profiles", 4, 4),
    ]
    assert sorted(report[0].tolist()) == sorted(ids) and set(report[4]) == set(ids)
    calls.clear()
    store.update(engine, ids, progress=lambda *c: calls.append(c))
    kinds = [c[0] for c in calls]
    assert "profiles" in kinds and kinds.index("profiles") < kinds.index("shards")
