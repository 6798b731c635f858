"""SearchService: the one door to candidate search.

It owns the pieces and their lifecycle: the shards (:mod:`retrieval.people.loaded_shards`:
checked at start-up, reloaded on a newer generation, refused while stale), the vector caches
(:mod:`retrieval.people.vector_cache`), the merit cache and its warm-up thread
(:mod:`retrieval.people.warm_up`). Ranking (:mod:`retrieval.people.ranking`) and ``/peluang``
(:mod:`retrieval.people.openings`) receive only the narrow :class:`SearchContext`. Every hit is
re-checked against the database (still active, still inside the asker's scope) before it is
returned. Errors shown to the user: :mod:`retrieval.people.errors`.

Scope: every public method takes ``scope`` (the instansi ids the asker may see). Only the
shards of those agencies are searched, the SQL sets are restricted to them, and the final
re-check drops anything else — three independent walls, whatever the query text says.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from datetime import date

import numpy as np
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.clock import today_wib
from db.models import Pegawai
from knowledge.rules import EmployeeFacts, MeritSettings
from retrieval.encoders.base import Encoder
from retrieval.index.vectors import set_threads
from retrieval.people import post_units, recheck
from retrieval.people.context import SearchContext
from retrieval.people.criteria_snapshot import CriteriaSnapshot
from retrieval.people.loaded_shards import LoadedShards
from retrieval.people.merit_cache import MeritCache
from retrieval.people.openings import positions_for
from retrieval.people.position_vectors import PositionVectors
from retrieval.people.positions import Resolution, resolve_position
from retrieval.people.ranking import Ranker
from retrieval.people.results import OpenPosition, SearchResult
from retrieval.people.shard import Shard
from retrieval.people.store import IndexStore, ShardCheck
from retrieval.people.vector_cache import VectorCache
from retrieval.people.warm_up import WarmUp
from retrieval.settings import SearchSettings

log = logging.getLogger(__name__)

_ID_BATCH = 5000  # ids per IN list (SQLite's default limit is 32,766 parameters)


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
        self.store = IndexStore(settings.index_dir, encoder, settings)
        self.today = today
        self.merit = merit or MeritSettings()
        shards = LoadedShards(
            self.store, engine, on_stale=settings.on_stale, on_reload=self._after_reload
        )
        # Merit facts per (id, versi) and query vectors per text, both dropped when a newer
        # index generation is loaded (docs/search.md, "Kecepatan").
        self.context = SearchContext(
            engine=engine,
            settings=settings,
            merit=self.merit,
            today=today,
            shards=shards,
            vectors=VectorCache(encoder, settings.index_dir, query_cache=settings.query_cache),
            merit_cache=MeritCache(stored=shards.stored_facts),
        )
        self._ranker = Ranker(self.context)
        # Background loading of merit facts (warm_up.py), restarted after a reload.
        self._warm = WarmUp(self.context)
        if settings.faiss_threads:
            # One query at a time: FAISS's OpenMP threads only add spin-waiting on 2 shared
            # cores (process-wide setting; 0 leaves FAISS's default).
            set_threads(settings.faiss_threads)

    @property
    def settings(self) -> SearchSettings:
        return self.context.settings

    @settings.setter
    def settings(self, settings: SearchSettings) -> None:
        """New weights or fusion settings for the next searches (tests, calibration)."""
        self.context.settings = settings

    @property
    def merit_cache(self) -> MeritCache:
        return self.context.merit_cache

    @merit_cache.setter
    def merit_cache(self, cache: MeritCache) -> None:
        self.context.merit_cache = cache

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> list[ShardCheck]:
        """Check every shard against the database; rebuild or refuse the stale ones."""
        checks = self.context.shards.start()
        self.invalidate()
        if self.loaded_instansi():
            # Loaded now, not by the first search (it is kept per index generation).
            self.context.shards.criteria_snapshot()
        log.info(
            "search service started",
            extra={
                "shards": len(self.loaded_instansi()),
                "refused": self.context.shards.refused_count,
            },
        )
        return checks

    def _after_reload(self) -> None:
        self.context.merit_cache.clear()
        if self._warm.wanted:
            self._warm.start()

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
        return self.context.shards.loaded_instansi()

    def shards_for(self, scope: Collection[int]) -> dict[int, Shard]:
        """Loaded shards of the agencies in scope, reloading any with a newer generation."""
        return self.context.shards.for_scope(scope)

    def merit_facts(self, pegawai_ids: Collection[int]) -> dict[int, EmployeeFacts]:
        """Merit facts of the active people among ``pegawai_ids``, read from the facts stored
        with the loaded index generation where their versi is current, else from the database;
        nothing is kept in the merit cache (a whole agency's nine-box would fill it)."""
        ids = sorted(set(pegawai_ids))
        with Session(self.engine) as session:
            versions: dict[int, int] = {}
            for start in range(0, len(ids), _ID_BATCH):
                rows = session.execute(
                    select(Pegawai.id, Pegawai.versi).where(
                        col(Pegawai.id).in_(ids[start : start + _ID_BATCH]),
                        col(Pegawai.status) == "aktif",
                    )
                ).all()
                versions.update({int(i): int(v) for i, v in rows})
            return self.context.merit_cache.read(session, versions)

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
        by_post: bool | None = None,
        unit: str | None = None,
        unit_reply: str | None = None,
    ) -> SearchResult:
        """A post ("siapa yang cocok jadi kabid anggaran BPKAD?") or a free-text need.

        ``by_post``: the caller (the bot's router) read the message as asking for a post (True)
        or describing a need (False). A post is resolved and searched with its eligibility
        rules; when it is ambiguous the choices come back, and when no post of the agency fits,
        ``post_not_found`` — never a need search that skipped eligibility. Without ``by_post``
        (``/kandidat``) a text is a post when it names a rank ("kabid", "kepala seksi") or
        matches one position confidently, and a need otherwise.

        When more posts are close than fit in one question, ``units`` comes back
        (:mod:`retrieval.people.post_units`); ``unit`` (a path of units picked) narrows the same
        text to those units' posts, and ``unit_reply`` is a typed reply to that question: the
        unit it names narrows further, and when it names none ``unit_reply_unmatched`` says so
        (the reply is then a message of its own).
        """
        scope = frozenset(scope)
        if by_post is False and unit is None and unit_reply is None:
            return self.for_need(text, scope=scope, limit=limit)
        res = self.resolve(text, scope=scope)
        if unit is not None:
            res = post_units.within(res, unit)
        if unit_reply is not None:
            named = post_units.units_named(post_units.reply_groups(res), unit_reply)
            if not named:
                return SearchResult(query=text, unit_path=unit, unit_reply_unmatched=True)
            if len(named) > 1:  # named alike: the question again, between those
                return SearchResult(query=text, choices=res.choices, units=named, unit_path=unit)
            unit = post_units.join(unit, named[0].step)
            res = post_units.within(res, named[0].step)
        narrowed = unit is not None
        if narrowed and res.match is None and not res.choices:
            return SearchResult(query=text, post_not_found=True, unit_path=unit)
        if res.match is not None:
            result = self.for_position(
                res.match.jabatan_id,
                scope=scope,
                include_ineligible=include_ineligible,
                limit=limit,
            )
            result.query = text
            result.position = res.match
            result.unit_path = unit
            return result
        asked_post = by_post is True or narrowed or res.asked_rank is not None
        if res.ambiguous and (
            asked_post or res.choices[0].score >= self.settings.position_min_score
        ):
            return SearchResult(
                query=text, choices=res.choices, units=post_units.units(res), unit_path=unit
            )
        if asked_post:
            return SearchResult(query=text, post_not_found=True)
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
        return positions_for(self.context, pegawai_id, scope=frozenset(scope), limit=limit)

    def invalidate(self) -> None:
        """Forget cached merit facts and the criteria snapshot (data changed outside an
        import/index update, e.g. an edit straight in the database)."""
        self.context.merit_cache.clear()
        self.context.shards.forget_snapshot()

    def criteria_snapshot(self) -> CriteriaSnapshot:
        """Hard-criteria arrays of the current data, reloaded when a shard generation changes."""
        return self.context.shards.criteria_snapshot()

    def encode_query(self, text: str) -> np.ndarray:
        """The query vector: a structural position's text comes from the vectors stored at
        index build; anything else from a small LRU (PPKs repeat the same needs)."""
        return self.context.vectors.encode_query(text)

    def position_vectors(self) -> PositionVectors:
        """The stored position query vectors, reloaded when the index folder's file changes."""
        return self.context.vectors.position_vectors()

    def document_vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Document vectors (chunked and pooled) of ``texts``, from an LRU keyed on the text."""
        return self.context.vectors.document_vectors(texts)

    def clear_query_cache(self) -> None:
        self.context.vectors.clear()

    def recheck(self, ids: Collection[int], scope: Collection[int]) -> dict[int, int]:
        """``{id: instansi_id}`` of those still active and inside ``scope`` right now."""
        return recheck.recheck(self.engine, ids, scope)

    def recheck_versions(
        self, ids: Collection[int], scope: Collection[int]
    ) -> dict[int, tuple[int, int]]:
        """``{id: (instansi_id, versi)}`` of those still active and inside ``scope`` now."""
        return recheck.recheck_versions(self.engine, ids, scope)
