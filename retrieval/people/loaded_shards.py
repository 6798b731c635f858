"""The shards a search service serves: checked at start-up, reloaded when a newer generation
appears on disk, refused while stale; and the hard-criteria snapshot of their data.

Start-up checks every shard against the database and either rebuilds a stale one or refuses
to serve it (``search.on_stale``); every search first notices a newer index generation on disk
and reloads it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Mapping
from typing import Literal

from sqlalchemy import Engine
from sqlmodel import Session

from knowledge.rules import EmployeeFacts
from retrieval.people.criteria_snapshot import CriteriaSnapshot
from retrieval.people.errors import IndexNotReady, ShardError
from retrieval.people.shard import Shard
from retrieval.people.store import IndexStore, ShardCheck, active_versions

log = logging.getLogger(__name__)


class LoadedShards:
    def __init__(
        self,
        store: IndexStore,
        engine: Engine,
        *,
        on_stale: Literal["rebuild", "refuse"],
        on_reload: Callable[[], None],
    ):
        self.store = store
        self._engine = engine
        self._on_stale = on_stale
        self._on_reload = on_reload
        self._shards: dict[int, Shard] = {}
        self._refused: dict[int, tuple[str, int]] = {}
        self._snapshot: tuple[tuple[tuple[int, int], ...], CriteriaSnapshot] | None = None
        self._lock = threading.Lock()

    def start(self) -> list[ShardCheck]:
        """Check every shard against the database; rebuild or refuse the stale ones."""
        checks = self.store.check(self._engine)
        bad = [c for c in checks if not c.ok]
        if bad and self._on_stale == "rebuild":
            self.store.fix(self._engine, bad)
            log.info("stale shards rebuilt at start-up", extra={"shards": len(bad)})
            checks = self.store.check(self._engine)
            bad = [c for c in checks if not c.ok]
        with self._lock:
            self._shards.clear()
            self._refused.clear()
            for c in bad:
                self._refused[c.instansi_id] = (stale_message(c), self._disk_version(c.instansi_id))
            for inst in self.store.shard_ids():
                if inst not in self._refused:
                    self._shards[inst] = self.store.load(inst)
        return checks

    def loaded_instansi(self) -> list[int]:
        with self._lock:
            return sorted(self._shards)

    @property
    def refused_count(self) -> int:
        with self._lock:
            return len(self._refused)

    def _disk_version(self, inst: int) -> int:
        files = self.store.files(inst)
        try:
            return files.read_meta().index_version if files.exists() else 0
        except ShardError:
            return -1

    def _wanted(self, inst: int) -> dict[int, int]:
        with Session(self._engine) as session:
            return active_versions(session, [inst]).get(inst, {})

    def for_scope(self, scope: Collection[int]) -> dict[int, Shard]:
        """Loaded shards of the agencies in scope, reloading any with a newer generation."""
        out: dict[int, Shard] = {}
        reloaded = False
        for inst in sorted(scope):
            version = self._disk_version(inst)
            with self._lock:
                refused = self._refused.get(inst)
                if refused is not None:
                    if version == refused[1]:
                        raise IndexNotReady(refused[0])
                    check = self.store.check_shard(inst, self._wanted(inst))
                    if not check.ok:
                        self._refused[inst] = (stale_message(check), version)
                        raise IndexNotReady(self._refused[inst][0])
                    del self._refused[inst]
                current = self._shards.get(inst)
                if version < 0:
                    raise IndexNotReady(
                        f"Metadata indeks instansi {inst} tidak terbaca; jalankan "
                        "`talenta index check --fix`."
                    )
                if version == 0:
                    self._shards.pop(inst, None)
                    continue
                if current is None or current.meta.index_version != version:
                    try:
                        current = self.store.load(inst)
                    except ShardError as exc:
                        raise IndexNotReady(str(exc)) from None
                    self._shards[inst] = current
                    reloaded = True
                    log.info("shard reloaded", extra={"instansi_id": inst, "version": version})
                out[inst] = current
        if reloaded:
            # A position's standard can change without its holders' versi: start over.
            self._on_reload()
        return out

    def stored_facts(
        self, versions: Mapping[int, int]
    ) -> dict[int, tuple[int | None, EmployeeFacts]]:
        """Merit facts stored with the loaded generations, for the people (``{id: versi}``)
        stored at exactly that versi (stored_facts.py); the rest are left out."""
        with self._lock:
            stores = [s.facts for s in self._shards.values() if s.facts is not None]
        out: dict[int, tuple[int | None, EmployeeFacts]] = {}
        todo = dict(versions)
        for facts in stores:
            if not todo:
                break
            got = facts.lookup(todo)
            out.update(got)
            for pid in got:
                del todo[pid]
        return out

    def stores_facts(self) -> bool:
        """True when every loaded shard has its members' merit facts stored."""
        with self._lock:
            return bool(self._shards) and all(s.facts is not None for s in self._shards.values())

    def forget_snapshot(self) -> None:
        with self._lock:
            self._snapshot = None

    def criteria_snapshot(self) -> CriteriaSnapshot:
        """Hard-criteria arrays of the current data, reloaded when a shard generation changes."""
        with self._lock:
            key = tuple(sorted((i, s.meta.index_version) for i, s in self._shards.items()))
            if self._snapshot is not None and self._snapshot[0] == key:
                return self._snapshot[1]
        with Session(self._engine) as session:
            snap = CriteriaSnapshot.load(session)
        with self._lock:
            self._snapshot = (key, snap)
        log.info("criteria snapshot loaded", extra={"pegawai": len(snap.ids)})
        return snap


def stale_message(c: ShardCheck) -> str:
    what = c.problem or (
        f"{len(c.missing)} pegawai belum masuk, {len(c.extra)} tidak aktif lagi, "
        f"{len(c.stale)} datanya berubah"
    )
    return (
        f"Indeks pencarian instansi {c.instansi_id} tidak sesuai dengan basis data ({what}). "
        "Jalankan `talenta index check --fix` lalu coba lagi."
    )
