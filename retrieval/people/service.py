"""SearchService: the one door to candidate search.

Lifecycle: :meth:`SearchService.start` checks every shard against the database and either
rebuilds a stale shard or refuses to serve it (``search.on_stale``); every search first notices
a newer index generation on disk and reloads it; every hit is re-checked against the database
(still active, still inside the asker's scope) before it is returned.

Scope: every public method takes ``scope`` (the instansi ids the asker may see). Only the
shards of those agencies are searched, the SQL sets are restricted to them, and the final
re-check drops anything else — three independent walls, whatever the query text says.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Collection, Sequence
from datetime import date

import numpy as np
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.clock import today_wib
from db.models import Pegawai
from knowledge.rules import MeritSettings
from retrieval.encoders.base import Encoder
from retrieval.index.lru import LRU
from retrieval.index.vectors import set_threads
from retrieval.people import position_vectors
from retrieval.people.criteria_snapshot import CriteriaSnapshot
from retrieval.people.merit_cache import MeritCache
from retrieval.people.position_vectors import PositionVectors, query_vectors
from retrieval.people.positions import Resolution, resolve_position
from retrieval.people.profile_text import encode_documents
from retrieval.people.ranking import Ranker
from retrieval.people.results import OpenPosition, SearchResult
from retrieval.people.shard import Shard, ShardError
from retrieval.people.store import IndexStore, ShardCheck
from retrieval.people.warm_up import WarmUp
from retrieval.settings import SearchSettings

log = logging.getLogger(__name__)

# Position texts and profiles kept as vectors for `/peluang` (384 floats each: ~6 MB).
DOCUMENT_CACHE = 4096

# Words that mark a free-text need rather than a position title.
_NEED_WORDS = re.compile(
    r"\b(butuh|perlu|cari|mencari|yang|paham|mampu|menguasai|berpengalaman|pengalaman"
    r"|bisa|ahli di)\b",
    re.IGNORECASE,
)


class SearchError(Exception):
    """Base of the errors a caller shows to the user (messages in Indonesian)."""


class IndexNotReady(SearchError):
    pass


class OutOfScope(SearchError):
    pass


class SearchService:
    def __init__(
        self,
        engine: Engine,
        encoder: Encoder,
        settings: SearchSettings,
        *,
        today: Callable[[], date] = today_wib,
        merit: MeritSettings | None = None,
    ):
        self.engine = engine
        self.encoder = encoder
        self.settings = settings
        self.store = IndexStore(settings.index_dir, encoder, settings)
        self.today = today
        self.merit = merit or MeritSettings()
        self._shards: dict[int, Shard] = {}
        self._refused: dict[int, tuple[str, int]] = {}
        self._lock = threading.Lock()
        self._ranker = Ranker(self)
        # Merit facts per (id, versi) and query vectors per text, both dropped when a newer
        # index generation is loaded (docs/search.md, "Kecepatan").
        self.merit_cache = MeritCache()
        self._queries: LRU[str, np.ndarray] = LRU(settings.query_cache)
        self._documents: LRU[str, np.ndarray] = LRU(DOCUMENT_CACHE)
        self._snapshot: tuple[tuple[tuple[int, int], ...], CriteriaSnapshot] | None = None
        # Query vectors of the structural positions, computed at index build
        # (position_vectors.py), reloaded when the file changes.
        self._positions = PositionVectors.empty(encoder.dim)
        self._positions_stamp: int | None = None
        # Background loading of merit facts (warm_up.py), restarted after a reload.
        self._warm = WarmUp(self)
        if settings.faiss_threads:
            # One query at a time: FAISS's OpenMP threads only add spin-waiting on 2 shared
            # cores (process-wide setting; 0 leaves FAISS's default).
            set_threads(settings.faiss_threads)

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> list[ShardCheck]:
        """Check every shard against the database; rebuild or refuse the stale ones."""
        checks = self.store.check(self.engine)
        bad = [c for c in checks if not c.ok]
        if bad and self.settings.on_stale == "rebuild":
            self.store.fix(self.engine, bad)
            log.info("stale shards rebuilt at start-up", extra={"shards": len(bad)})
            checks = self.store.check(self.engine)
            bad = [c for c in checks if not c.ok]
        with self._lock:
            self._shards.clear()
            self._refused.clear()
            for c in bad:
                self._refused[c.instansi_id] = (
                    _stale_message(c),
                    self._disk_version(c.instansi_id),
                )
            for inst in self.store.shard_ids():
                if inst not in self._refused:
                    self._shards[inst] = self.store.load(inst)
        self.invalidate()
        log.info(
            "search service started",
            extra={"shards": len(self._shards), "refused": len(self._refused)},
        )
        return checks

    def start_warm_up(self) -> None:
        """Load the merit facts of everyone in the loaded shards in a background thread, so
        that no PPK waits for them on a first search (``search.warm_up``; warm_up.py)."""
        self._warm.start()

    def wait_warm_up(self, timeout: float | None = None) -> bool:
        """Wait for a running warm-up; True when none is running any more."""
        return self._warm.wait(timeout)

    def stop_warm_up(self, timeout: float = 10.0) -> None:
        self._warm.stop(timeout)

    def loaded_instansi(self) -> list[int]:
        with self._lock:
            return sorted(self._shards)

    def _disk_version(self, inst: int) -> int:
        files = self.store.files(inst)
        try:
            return files.read_meta().index_version if files.exists() else 0
        except ShardError:
            return -1

    def shards_for(self, scope: Collection[int]) -> dict[int, Shard]:
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
                    check = self.store._check_one(inst, self._wanted(inst))
                    if not check.ok:
                        self._refused[inst] = (_stale_message(check), version)
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
                    # A position's standard can change without its holders' versi: start over.
                    self.merit_cache.clear()
                    reloaded = True
                    log.info("shard reloaded", extra={"instansi_id": inst, "version": version})
                out[inst] = current
        if reloaded and self._warm.wanted:
            self._warm.start()
        return out

    def _wanted(self, inst: int) -> dict[int, int]:
        from retrieval.people.store import active_versions

        with Session(self.engine) as session:
            return active_versions(session, [inst]).get(inst, {})

    # -- searching ----------------------------------------------------------------------------

    def resolve(self, text: str, *, scope: Collection[int]) -> Resolution:
        with Session(self.engine) as session:
            return resolve_position(
                session,
                text,
                scope=scope,
                min_score=self.settings.position_min_score,
                margin=self.settings.position_margin,
            )

    def search(
        self,
        text: str,
        *,
        scope: Collection[int],
        include_ineligible: bool = False,
        limit: int | None = None,
    ) -> SearchResult:
        """A position name ("Kepala Bidang Anggaran BPKAD") or a free-text need."""
        scope = frozenset(scope)
        if not _NEED_WORDS.search(text):
            res = self.resolve(text, scope=scope)
            if res.match is not None:
                result = self.for_position(
                    res.match.jabatan_id,
                    scope=scope,
                    include_ineligible=include_ineligible,
                    limit=limit,
                )
                result.query = text
                return result
            if res.ambiguous:
                return SearchResult(query=text, choices=res.choices)
        return self.for_need(text, scope=scope, limit=limit)

    def for_position(
        self,
        jabatan_id: int,
        *,
        scope: Collection[int],
        need: str | None = None,
        include_ineligible: bool = False,
        limit: int | None = None,
        include_higher: bool = False,
    ) -> SearchResult:
        """``include_higher``: also propose people already in a higher position class."""
        return self._ranker.for_position(
            jabatan_id,
            scope=frozenset(scope),
            need=need,
            include_ineligible=include_ineligible,
            limit=limit or self.settings.result_limit,
            include_higher=include_higher,
        )

    def for_need(
        self, text: str, *, scope: Collection[int], limit: int | None = None
    ) -> SearchResult:
        return self._ranker.for_need(
            text, scope=frozenset(scope), limit=limit or self.settings.result_limit
        )

    def positions_for(
        self, pegawai_id: int, *, scope: Collection[int], limit: int = 5
    ) -> list[OpenPosition]:
        """Vacant or soon-open positions the employee is eligible for or closest to."""
        from retrieval.people.openings import positions_for

        return positions_for(self, pegawai_id, scope=frozenset(scope), limit=limit)

    def invalidate(self) -> None:
        """Forget cached merit facts and the criteria snapshot (data changed outside an
        import/index update, e.g. an edit straight in the database)."""
        self.merit_cache.clear()
        with self._lock:
            self._snapshot = None

    def criteria_snapshot(self) -> CriteriaSnapshot:
        """Hard-criteria arrays of the current data, reloaded when a shard generation changes."""
        with self._lock:
            key = tuple(sorted((i, s.meta.index_version) for i, s in self._shards.items()))
            if self._snapshot is not None and self._snapshot[0] == key:
                return self._snapshot[1]
        with Session(self.engine) as session:
            snap = CriteriaSnapshot.load(session)
        with self._lock:
            self._snapshot = (key, snap)
        log.info("criteria snapshot loaded", extra={"pegawai": len(snap.ids)})
        return snap

    def encode_query(self, text: str) -> np.ndarray:
        """The query vector: a structural position's text comes from the vectors stored at
        index build; anything else from a small LRU (PPKs repeat the same needs)."""
        stored = self.position_vectors().get(text)
        if stored is not None:
            return stored
        hit = self._queries.get(text)
        if hit is not None:
            return hit
        vector = query_vectors(self.encoder, [text])[0]
        vector.setflags(write=False)
        self._queries.put(text, vector)
        return vector

    def position_vectors(self) -> PositionVectors:
        """The stored position query vectors, reloaded when the index folder's file changes."""
        path = self.settings.index_dir / position_vectors.FILE_NAME
        try:
            stamp: int | None = path.stat().st_mtime_ns
        except FileNotFoundError:
            stamp = None
        if stamp != self._positions_stamp:
            loaded = PositionVectors.load(
                self.settings.index_dir, model=self.encoder.name, dim=self.encoder.dim
            )
            with self._lock:
                self._positions, self._positions_stamp = loaded, stamp
        return self._positions

    def document_vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Document vectors (chunked and pooled) of ``texts``, from an LRU keyed on the text.

        Position texts and profiles repeat across requests (every ASN of an agency looks at
        the same open positions), and the same text always gives the same vector for one
        encoder, so a hit can never be stale. Only the misses are encoded, in one batch.
        """
        out = np.zeros((len(texts), self.encoder.dim), dtype=np.float32)
        missing: list[int] = []
        for i, text in enumerate(texts):
            hit = self._documents.get(text)
            if hit is None:
                missing.append(i)
            else:
                out[i] = hit
        if missing:
            fresh = encode_documents(self.encoder, [texts[i] for i in missing])
            for i, vector in zip(missing, fresh, strict=True):
                out[i] = vector
                self._documents.put(texts[i], vector)
        return out

    def clear_query_cache(self) -> None:
        self._queries.clear()
        self._documents.clear()

    def recheck(self, ids: Collection[int], scope: Collection[int]) -> dict[int, int]:
        """``{id: instansi_id}`` of those still active and inside ``scope`` right now."""
        return {pid: inst for pid, (inst, _v) in self.recheck_versions(ids, scope).items()}

    def recheck_versions(
        self, ids: Collection[int], scope: Collection[int]
    ) -> dict[int, tuple[int, int]]:
        """``{id: (instansi_id, versi)}`` of those still active and inside ``scope`` now."""
        if not ids or not scope:
            return {}
        with Session(self.engine) as session:
            rows = session.execute(
                select(Pegawai.id, Pegawai.instansi_id, Pegawai.versi).where(
                    col(Pegawai.id).in_(sorted(ids)),
                    col(Pegawai.status) == "aktif",
                    col(Pegawai.instansi_id).in_(sorted(scope)),
                )
            ).all()
        return {int(i): (int(inst), int(v)) for i, inst, v in rows}


def _stale_message(c: ShardCheck) -> str:
    what = c.problem or (
        f"{len(c.missing)} pegawai belum masuk, {len(c.extra)} tidak aktif lagi, "
        f"{len(c.stale)} datanya berubah"
    )
    return (
        f"Indeks pencarian instansi {c.instansi_id} tidak sesuai dengan basis data ({what}). "
        "Jalankan `talenta index check --fix` lalu coba lagi."
    )
