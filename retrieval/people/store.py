"""Build, check, repair and incrementally update the index shards from the database.

The database is the truth; shards are derived from it. Every operation here reads the current
state of the employees it touches and makes the shards agree with it:

- an active employee is in exactly the shard of their instansi, with their current ``versi``;
- an employee who is not active (retired, dismissed, moved out, absent from an import) is in
  no shard; an employee who moved agency leaves the old shard and joins the new one in the same
  :meth:`IndexStore.update` call.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.clock import now_wib
from db.models import Pegawai
from knowledge.rules import load_employee_facts
from retrieval.encoders.base import Encoder
from retrieval.index.atomic import write_text_atomic
from retrieval.index.vectors import VectorIndex
from retrieval.people import position_vectors
from retrieval.people.errors import ShardError, ShardModelMismatch
from retrieval.people.profile_bm25 import ProfileBM25, token_string
from retrieval.people.profile_data import load_profiles
from retrieval.people.profile_text import encode_documents, profile_docs
from retrieval.people.shard import FORMAT_VERSION, Shard, ShardFiles, content_hash
from retrieval.people.stored_facts import FactsRecords
from retrieval.people.stored_posts import StoredPosts, build_records
from retrieval.settings import SearchSettings

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
# Written when a full build starts and removed when it ends: a build that was interrupted can
# be resumed (``build(resume=True)``) without encoding again the shards it already finished.
BUILD_MARKER = "build-in-progress.json"


def active_versions(
    session: Session, instansi_ids: Iterable[int] | None = None
) -> dict[int, dict[int, int]]:
    """``{instansi_id: {pegawai_id: versi}}`` of every active employee."""
    q = select(Pegawai.instansi_id, Pegawai.id, Pegawai.versi).where(col(Pegawai.status) == "aktif")
    if instansi_ids is not None:
        q = q.where(col(Pegawai.instansi_id).in_(list(instansi_ids)))
    out: dict[int, dict[int, int]] = defaultdict(dict)
    for inst, pid, versi in session.execute(q):
        out[inst][pid] = versi
    return dict(out)


@dataclass
class ShardCheck:
    instansi_id: int
    missing: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    problem: str | None = None  # unreadable / other model / not built

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale or self.problem)


@dataclass
class UpdateReport:
    added: int = 0
    removed: int = 0
    reencoded: int = 0
    shards: list[int] = field(default_factory=list)


class IndexStore:
    """The shards in one folder, for one encoder."""

    def __init__(self, directory: Path, encoder: Encoder, settings: SearchSettings):
        self.directory = directory
        self.encoder = encoder
        self.settings = settings

    def files(self, instansi_id: int) -> ShardFiles:
        return ShardFiles(self.directory, instansi_id)

    def shard_ids(self) -> list[int]:
        """Instansi ids that have a shard on disk."""
        out = []
        for path in self.directory.glob("i*.meta.json"):
            key = path.name.split(".", 1)[0][1:]
            if key.isdigit():
                out.append(int(key))
        return sorted(out)

    def load(self, instansi_id: int) -> Shard:
        return self.files(instansi_id).load(
            model=self.encoder.name,
            dim=self.encoder.dim,
            mmap_threshold=self.settings.mmap_threshold,
        )

    # -- building ---------------------------------------------------------------------------

    def _encode(
        self, engine: Engine, ids: list[int], *, show_progress: bool = False
    ) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray, FactsRecords]:
        """(ids, versi, token strings, vectors, merit facts) of the active employees among
        ``ids``; the facts are read in the same session as the profiles, keyed by their versi."""
        with Session(engine) as session:
            docs = profile_docs(load_profiles(session, ids))
            versions = {d.pegawai_id: d.versi for d in docs}
            facts = FactsRecords.build(load_employee_facts(session, sorted(versions)), versions)
        vectors = encode_documents(
            self.encoder, [d.text for d in docs], show_progress=show_progress
        )
        return (
            np.asarray([d.pegawai_id for d in docs], dtype=np.int64),
            np.asarray([d.versi for d in docs], dtype=np.int64),
            [token_string(d.text) for d in docs],
            vectors,
            facts,
        )

    def _encode_in_batches(
        self, engine: Engine, ids: list[int], progress: Progress | None, step: int = 256
    ) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray, dict[int, tuple[int, bytes]]]:
        """:meth:`_encode` in batches of ``step`` employees, reporting ``("profiles", done,
        total)`` before each batch and at the end; the facts come back as raw records."""
        parts = []
        for start in range(0, max(len(ids), 1), step):
            if progress:
                progress("profiles", start, len(ids))
            parts.append(self._encode(engine, ids[start : start + step]))
        if progress:
            progress("profiles", len(ids), len(ids))
        facts: dict[int, tuple[int, bytes]] = {}
        for part in parts:
            facts.update(part[4].raw())
        return (
            np.concatenate([p[0] for p in parts]),
            np.concatenate([p[1] for p in parts]),
            [t for p in parts for t in p[2]],
            np.concatenate([p[3] for p in parts]).reshape(-1, self.encoder.dim),
            facts,
        )

    def _write(
        self,
        instansi_id: int,
        ids: np.ndarray,
        versi: np.ndarray,
        tokens: list[str],
        index: VectorIndex,
        facts: FactsRecords,
        engine: Engine,
        previous_posts: StoredPosts | None,
    ) -> None:
        files = self.files(instansi_id)
        posts = build_records(engine, instansi_id, self.encoder, previous=previous_posts)
        files.save(
            index=index,
            ids=ids,
            versi=versi,
            tokens=tokens,
            lexical=ProfileBM25(ids, tokens),
            model=self.encoder.name,
            dim=self.encoder.dim,
            facts=facts,
            posts=posts,
        )

    def build(
        self,
        engine: Engine,
        instansi_ids: Iterable[int] | None = None,
        *,
        show_progress: bool = False,
        progress: Progress | None = None,
        resume: bool = False,
    ) -> dict[int, int]:
        """Rebuild shards from scratch; returns ``{instansi_id: vectors}``.

        ``resume``: when a previous build of this folder was interrupted (its marker file is
        still there), the shards it finished are kept as long as they still match the database
        and the encoder; only the others are built. Each shard is its own atomic generation, so
        an interruption loses at most the shard being encoded."""
        with Session(engine) as session:
            wanted = active_versions(session, instansi_ids)
        targets = sorted(set(wanted) | set(instansi_ids or ()))
        if instansi_ids is None:
            targets = sorted(set(targets) | set(self.shard_ids()))
        since = self._interrupted_build() if resume else None
        if since is None:
            self._mark_build_started()
        built: dict[int, int] = {}
        kept = 0
        for n, inst in enumerate(targets, 1):
            if progress:
                progress("build", n, len(targets))
            members = sorted(wanted.get(inst, {}))
            if not members:
                self.files(inst).remove()
                continue
            if since is not None and self._finished_since(inst, since, wanted.get(inst, {})):
                built[inst] = len(members)
                kept += 1
                continue
            self.build_shard(engine, inst, members, show_progress=show_progress)
            built[inst] = len(members)
        position_vectors.refresh(engine, self.directory, self.encoder, progress=progress)
        (self.directory / BUILD_MARKER).unlink(missing_ok=True)
        log.info(
            "index built",
            extra={"shards": len(built), "vectors": sum(built.values()), "kept": kept},
        )
        return built

    def _mark_build_started(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        marker = {"started_at": now_wib().isoformat(timespec="seconds"), "model": self.encoder.name}
        write_text_atomic(self.directory / BUILD_MARKER, json.dumps(marker))

    def _interrupted_build(self) -> str | None:
        """When the build that left the marker started, if it was for this encoder."""
        try:
            marker = json.loads((self.directory / BUILD_MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(marker, dict) or marker.get("model") != self.encoder.name:
            return None
        started = marker.get("started_at")
        return started if isinstance(started, str) else None

    def _finished_since(self, inst: int, since: str, wanted: dict[int, int]) -> bool:
        """The shard was written by the interrupted build and still matches the database."""
        files = self.files(inst)
        if not files.exists():
            return False
        try:
            meta = files.read_meta()
        except ShardError:
            return False
        return (
            meta.built_at >= since
            and meta.model == self.encoder.name
            and meta.content_hash == content_hash(wanted.items())
        )

    def build_shard(
        self, engine: Engine, instansi_id: int, members: list[int], *, show_progress: bool = False
    ) -> None:
        ids, versi, tokens, vectors, facts = self._encode(
            engine, members, show_progress=show_progress
        )
        index = VectorIndex.for_vectors(
            self.encoder.dim,
            vectors,
            ivf_threshold=self.settings.ivf_threshold,
            nlist=self.settings.ivf_nlist,
        )
        if len(ids):
            index.add_with_ids(vectors, ids)
        previous = self.files(instansi_id).current_posts(
            model=self.encoder.name, dim=self.encoder.dim
        )
        self._write(instansi_id, ids, versi, tokens, index, facts, engine, previous)

    def refresh_positions(self, engine: Engine) -> position_vectors.RefreshReport:
        """Store query vectors for the current structural positions (position_vectors.py)."""
        return position_vectors.refresh(engine, self.directory, self.encoder)

    # -- checking ---------------------------------------------------------------------------

    def check(self, engine: Engine) -> list[ShardCheck]:
        """Compare every shard with the database: missing, extra and stale vectors."""
        with Session(engine) as session:
            wanted = active_versions(session)
        results = []
        for inst in sorted(set(wanted) | set(self.shard_ids())):
            results.append(self.check_shard(inst, wanted.get(inst, {})))
        return results

    def check_shard(self, inst: int, wanted: dict[int, int]) -> ShardCheck:
        """Compare one shard with ``wanted`` (``{pegawai id: versi}`` of its active people)."""
        result = ShardCheck(inst)
        files = self.files(inst)
        if not files.exists():
            if wanted:
                result.problem = "belum dibangun"
                result.missing = sorted(wanted)
            return result
        try:
            meta = files.read_meta()
            if (
                meta.content_hash == content_hash(wanted.items())
                and meta.model == self.encoder.name
                and meta.format == FORMAT_VERSION
            ):
                return result  # fast path: nothing changed since the build
            if meta.format != FORMAT_VERSION:
                result.problem = "format lama"
                result.missing = sorted(wanted)
                return result
            shard = files.load_writable(model=self.encoder.name, dim=self.encoder.dim)
        except ShardModelMismatch:
            result.problem = "model berbeda"
            result.missing = sorted(wanted)
            return result
        except ShardError:
            result.problem = "tidak dapat dibaca"
            result.missing = sorted(wanted)
            return result
        have = shard.versions()
        result.missing = sorted(set(wanted) - set(have))
        result.extra = sorted(set(have) - set(wanted))
        result.stale = sorted(p for p, v in have.items() if p in wanted and wanted[p] != v)
        return result

    def fix(
        self, engine: Engine, checks: list[ShardCheck], *, progress: Progress | None = None
    ) -> UpdateReport:
        """Make every shard of ``checks`` that is not ok agree with the database."""
        report = UpdateReport()
        touched: set[int] = set()
        for n, c in enumerate(checks, 1):
            if progress:
                progress("shards", n, len(checks))
            if c.ok:
                continue
            if c.problem:
                with Session(engine) as session:
                    members = sorted(
                        active_versions(session, [c.instansi_id]).get(c.instansi_id, {})
                    )
                if members:
                    self.build_shard(engine, c.instansi_id, members)
                else:
                    self.files(c.instansi_id).remove()
                report.reencoded += len(members)
                report.shards.append(c.instansi_id)
            else:
                touched.update(c.missing + c.extra + c.stale)
        if touched:
            sub = self.update(engine, touched, progress=progress)
            report.added += sub.added
            report.removed += sub.removed
            report.reencoded += sub.reencoded
            report.shards.extend(sub.shards)
        else:  # update() refreshes them itself
            position_vectors.refresh(engine, self.directory, self.encoder, progress=progress)
        return report

    # -- incremental update -------------------------------------------------------------------

    def update(
        self,
        engine: Engine,
        pegawai_ids: Iterable[int],
        *,
        progress: Progress | None = None,
    ) -> UpdateReport:
        """Make the shards agree with the database for these employees only.

        Use after an import with the ids it changed, created, ended or moved: only those are
        re-encoded; everyone else's vector is left as it is. ``progress`` is called with
        ``("profiles", done, total)`` while the profiles are encoded, then ``("shards", n,
        total)`` per shard written, and ``("positions", …)`` for the position vectors.
        """
        ids = sorted(set(pegawai_ids))
        report = UpdateReport()
        # Positions change with imports too (new, renamed, new competency standard).
        position_vectors.refresh(engine, self.directory, self.encoder, progress=progress)
        if not ids:
            return report
        ids_arr = np.asarray(ids, dtype=np.int64)
        with Session(engine) as session:
            rows = session.execute(
                select(Pegawai.id, Pegawai.instansi_id, Pegawai.status).where(
                    col(Pegawai.id).in_(ids)
                )
            ).all()
        target = {pid: inst for pid, inst, status in rows if status == "aktif"}
        new_ids, new_versi, new_tokens, new_vectors, fresh_facts = self._encode_in_batches(
            engine, sorted(target), progress
        )
        by_shard: dict[int, list[int]] = defaultdict(list)
        for row, pid in enumerate(new_ids.tolist()):
            by_shard[target[pid]].append(row)
        affected = set(by_shard)
        for inst in self.shard_ids():
            files = self.files(inst)
            with np.load(files.npz_path(files.read_meta().index_version)) as z:
                if np.isin(z["ids"], ids_arr).any():
                    affected.add(inst)
        for n, inst in enumerate(sorted(affected), 1):
            if progress:
                progress("shards", n, len(affected))
            rows_in = by_shard.get(inst, [])
            self._apply(
                inst,
                ids_arr,
                new_ids[rows_in],
                new_versi[rows_in],
                [new_tokens[r] for r in rows_in],
                new_vectors[rows_in],
                {
                    int(new_ids[r]): fresh_facts[int(new_ids[r])]
                    for r in rows_in
                    if int(new_ids[r]) in fresh_facts
                },
                report,
                engine,
            )
            report.shards.append(inst)
        report.reencoded = len(new_ids)
        log.info(
            "index updated",
            extra={
                "ids": len(ids),
                "added": report.added,
                "removed": report.removed,
                "shards": len(report.shards),
            },
        )
        return report

    def _apply(
        self,
        inst: int,
        touched: np.ndarray,
        add_ids: np.ndarray,
        add_versi: np.ndarray,
        add_tokens: list[str],
        add_vectors: np.ndarray,
        add_facts: dict[int, tuple[int, bytes]],
        report: UpdateReport,
        engine: Engine,
    ) -> None:
        files = self.files(inst)
        if not files.exists():
            with Session(engine) as session:
                members = sorted(active_versions(session, [inst]).get(inst, {}))
            self.build_shard(engine, inst, members)
            report.added += len(members)
            return
        shard = files.load_writable(model=self.encoder.name, dim=self.encoder.dim)
        keep = ~np.isin(shard.ids, touched)
        # FAISS accepts duplicate ids silently, so remove every touched id before adding.
        removed = shard.index.remove_ids(touched)
        ids = np.concatenate([shard.ids[keep], add_ids])
        versi = np.concatenate([shard.versi[keep], add_versi])
        tokens = [t for t, k in zip(shard.tokens, keep.tolist(), strict=True) if k] + add_tokens
        if len(ids) == 0:
            files.remove()
            report.removed += int(removed)
            return
        want_ivf = len(ids) > self.settings.ivf_threshold
        if want_ivf != (shard.index.kind == "ivf"):
            # Crossed the size threshold: rebuild this shard with the other index type.
            self.build_shard(engine, inst, sorted(ids.tolist()))
            report.added += len(add_ids)
            report.removed += int(removed)
            return
        if len(add_ids):
            shard.index.add_with_ids(add_vectors, add_ids)
        # The facts of people left as they are stay as stored; a shard built before facts
        # were stored gets the facts of its changed people only (the rest load from the
        # database until the next full build).
        kept = shard.facts.records().raw() if shard.facts is not None else {}
        touched_set = set(touched.tolist())
        facts = {p: r for p, r in kept.items() if p not in touched_set}
        facts.update(add_facts)
        self._write(
            inst, ids, versi, tokens, shard.index, FactsRecords.from_raw(facts), engine, shard.posts
        )
        report.added += len(add_ids)
        report.removed += int(removed)
