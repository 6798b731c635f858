"""The append side of the chain.

Every entry is linked to the one before it::

    payload_hash  = sha256(canonical_json(payload))
    subjects_hash = sha256(canonical_json([[pegawai_id, rank, score], …]))
    rows_hash     = sha256(canonical_json(rows))      # rows = [[table, id, row_hash], …]
    entry_hash    = HMAC-SHA256(key, canonical_json(["talenta-audit-v2", prev_hash, seq, kind,
                                 ts, actor_type, actor_id, actor_role, actor_instansi,
                                 subjects_hash, payload_hash, rows_hash]))

``rows`` lists every row of the tables beside the chain that the entry vouches for (its
``audit_subject`` rows and whatever the caller wrote: a shortlist, its candidates, a choice, a
reveal; see :mod:`db.audit.rows`). Entries written before rows were covered have
``rows_hash`` NULL and were signed as "talenta-audit-v1", without the last element.

Appends are serialised so two writers can never both extend the same head: on SQLite the
transaction starts with ``BEGIN IMMEDIATE`` (the database's single write lock), on PostgreSQL
it takes a transaction-scoped advisory lock. The unique index on ``seq`` is the backstop.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from db.audit.canonical import (
    GENESIS,
    canonical_json,
    hmac_hex,
    json_hash,
    normalise,
    round_score,
    utc_text,
)
from db.audit.errors import ChainLockTimeout
from db.audit.kinds import Actor, AuditKind
from db.audit.rows import Covered, RowRef, hash_of, manifest
from db.models.audit import AuditEntry, AuditSubject

log = logging.getLogger(__name__)

CHAIN_VERSION_V1 = "talenta-audit-v1"  # entries without a rows manifest
CHAIN_VERSION = "talenta-audit-v2"
# Any fixed 64-bit number: the advisory lock every writer of the chain takes on PostgreSQL.
PG_LOCK_KEY = 0x7A1E_47A0_AD17


@dataclass(frozen=True)
class Subject:
    """An employee an entry concerns, with the rank and score they were shown at (if any)."""

    pegawai_id: int
    rank: int | None = None
    score: float | None = None


SubjectLike = Subject | int


def as_subjects(subjects: Iterable[SubjectLike]) -> list[Subject]:
    out: list[Subject] = []
    for s in subjects:
        if isinstance(s, Subject):
            out.append(Subject(int(s.pegawai_id), s.rank, round_score(s.score)))
        else:
            out.append(Subject(int(s)))
    return out


def subjects_hash(subjects: Sequence[Subject]) -> str:
    return json_hash([[s.pegawai_id, s.rank, s.score] for s in subjects])


def entry_message(
    *,
    prev_hash: str,
    seq: int,
    kind: str,
    ts: datetime,
    actor_type: str,
    actor_id: str,
    actor_role: str | None,
    actor_instansi: str | None,
    subjects_hash: str,
    payload_hash: str,
    rows_hash: str | None = None,
) -> str:
    tail = [] if rows_hash is None else [rows_hash]
    return canonical_json(
        [
            CHAIN_VERSION_V1 if rows_hash is None else CHAIN_VERSION,
            prev_hash,
            seq,
            kind,
            utc_text(ts),
            actor_type,
            actor_id,
            actor_role,
            actor_instansi,
            subjects_hash,
            payload_hash,
            *tail,
        ]
    )


class ChainFields(Protocol):
    """What the entry hash covers: an ``AuditEntry`` or a plain row of its table."""

    @property
    def prev_hash(self) -> str: ...
    @property
    def seq(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def ts(self) -> datetime: ...
    @property
    def actor_type(self) -> str: ...
    @property
    def actor_id(self) -> str: ...
    @property
    def actor_role(self) -> str | None: ...
    @property
    def actor_instansi(self) -> str | None: ...
    @property
    def subjects_hash(self) -> str: ...
    @property
    def payload_hash(self) -> str: ...
    @property
    def rows_hash(self) -> str | None: ...


def compute_entry_hash(key: bytes, entry: ChainFields) -> str:
    return hmac_hex(
        key,
        entry_message(
            prev_hash=entry.prev_hash,
            seq=entry.seq,
            kind=entry.kind,
            ts=entry.ts,
            actor_type=entry.actor_type,
            actor_id=entry.actor_id,
            actor_role=entry.actor_role,
            actor_instansi=entry.actor_instansi,
            subjects_hash=entry.subjects_hash,
            payload_hash=entry.payload_hash,
            rows_hash=entry.rows_hash,
        ),
    )


@dataclass(frozen=True)
class EntryRef:
    """What an append returns: enough to cite the entry (``seq``) and check it later."""

    seq: int
    entry_hash: str
    ts: datetime


class AuditTx:
    """One locked unit of work: write your rows with ``session`` and append entries."""

    def __init__(self, session: Session, key: bytes) -> None:
        self.session = session
        self._key = key
        self._head: tuple[int, str] | None = None

    def _read_head(self) -> tuple[int, str]:
        if self._head is None:
            row = self.session.exec(
                select(AuditEntry.seq, AuditEntry.entry_hash)
                .order_by(col(AuditEntry.seq).desc())
                .limit(1)
            ).first()
            self._head = (row[0], row[1]) if row else (0, GENESIS)
        return self._head

    @property
    def next_seq(self) -> int:
        """The seq the next :meth:`append` will get: rows it covers hash it in beforehand."""
        return self._read_head()[0] + 1

    def append(
        self,
        kind: AuditKind,
        actor: Actor,
        payload: Mapping[str, Any],
        subjects: Iterable[SubjectLike] = (),
        *,
        rows: Sequence[RowRef] = (),
        ts: datetime | None = None,
    ) -> EntryRef:
        """Append one entry covering its subjects and ``rows`` (written, hashed with
        :attr:`next_seq`, by the caller in this transaction)."""
        seq_before, prev_hash = self._read_head()
        seq = seq_before + 1
        subs = as_subjects(subjects)
        body = normalise(payload)
        entry = AuditEntry(
            seq=seq,
            ts=ts or datetime.now(UTC),
            kind=AuditKind(kind).value,
            actor_type=actor.type,
            actor_id=actor.id,
            actor_role=actor.role,
            actor_instansi=actor.instansi,
            payload=body,
            payload_hash=json_hash(body),
            subjects_hash=subjects_hash(subs),
            prev_hash=prev_hash,
            entry_hash="",
        )
        self.session.add(entry)
        self.session.flush()
        assert entry.id is not None
        subject_rows = [
            AuditSubject(
                entry_id=entry.id,
                pegawai_id=s.pegawai_id,
                rank=s.rank,
                score=s.score,
                row_hash=hash_of(Covered.SUBJECT, seq, s),
            )
            for s in subs
        ]
        self.session.add_all(subject_rows)
        self.session.flush()
        covered: list[RowRef] = []
        for r in subject_rows:
            assert r.id is not None and r.row_hash is not None
            covered.append(RowRef(Covered.SUBJECT, r.id, r.row_hash))
        entry.rows = manifest([*covered, *rows])
        entry.rows_hash = json_hash(entry.rows)
        entry.entry_hash = compute_entry_hash(self._key, entry)
        self.session.add(entry)
        self.session.flush()
        self._head = (entry.seq, entry.entry_hash)
        log.info(
            "audit entry appended",
            extra={"seq": entry.seq, "kind": entry.kind, "subjects": len(subs)},
        )
        return EntryRef(seq=entry.seq, entry_hash=entry.entry_hash, ts=entry.ts)


class AuditLog:
    """The chain's writer. Built once by the composition root with the HMAC key."""

    def __init__(self, engine: Engine, key: bytes, *, lock_timeout_s: float = 30.0) -> None:
        if len(key) < 16:
            raise ValueError("audit HMAC key must be at least 16 bytes")
        self.engine = engine
        self.key = key
        self.lock_timeout_s = lock_timeout_s

    def _lock(self, conn: Connection) -> None:
        try:
            if conn.dialect.name == "sqlite":
                # Takes the write lock now (waiting up to the busy timeout), so the head we read
                # next is the head we extend.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                ms = int(self.lock_timeout_s * 1000)
                conn.execute(text(f"SET LOCAL lock_timeout = {ms}"))
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
        except OperationalError as exc:
            raise ChainLockTimeout(
                "Catatan audit sedang dipakai penulis lain terlalu lama; coba lagi."
            ) from exc

    @contextmanager
    def transaction(self) -> Iterator[AuditTx]:
        """A unit of work holding the append lock: commit on success, roll back on error."""
        with self.engine.connect() as conn:
            self._lock(conn)
            session = Session(bind=conn, expire_on_commit=False)
            try:
                yield AuditTx(session, self.key)
                session.flush()
                conn.commit()
            except BaseException:
                session.rollback()
                conn.rollback()
                raise
            finally:
                session.close()

    def record(
        self,
        kind: AuditKind,
        actor: Actor,
        payload: Mapping[str, Any],
        subjects: Iterable[SubjectLike] = (),
    ) -> EntryRef:
        """Append one entry in its own transaction."""
        with self.transaction() as tx:
            return tx.append(kind, actor, payload, subjects)
