"""Issued documents (PDF, XLSX): sealed with their audit entry, and found again by their bytes.

A document prints its *seal*, the ``seq`` of the ``document`` entry that records it; the
entry's payload holds the SHA-256 of the file's bytes (a file cannot contain its own hash).
:func:`issue_document` renders the file for the seq it is about to get and appends the entry
in the same locked transaction, so the printed seal and the entry always agree.
:func:`find_document` takes a file's hash and returns the entry that recorded it, with whether
that entry still matches the chain (its payload hash, its HMAC and its link to the entry
before it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.audit.canonical import GENESIS, as_utc, json_hash, same
from db.audit.chain import AuditLog, EntryRef, SubjectLike, compute_entry_hash
from db.audit.kinds import Actor, AuditKind
from db.models.audit import AuditEntry


@dataclass(frozen=True)
class IssuedDocument:
    content: bytes
    sha256: str
    entry: EntryRef


def _head_seq(engine: Engine) -> int:
    with Session(engine) as s:
        seq = s.exec(select(AuditEntry.seq).order_by(col(AuditEntry.seq).desc()).limit(1)).first()
    return int(seq or 0)


def issue_document(
    audit: AuditLog,
    actor: Actor,
    render: Callable[[int], bytes],
    payload: Mapping[str, Any],
    subjects: Iterable[SubjectLike] = (),
) -> IssuedDocument:
    """Render the file for its seal (``render(seq)``) and record it as a ``document`` entry.

    The file is rendered before the chain's write lock is taken, for the seq that is next at
    that moment; should another writer have appended meanwhile, it is rendered again under the
    lock, so the seal printed in the file is always the seq of the entry holding its hash.
    """
    seal = _head_seq(audit.engine) + 1
    content = render(seal)
    with audit.transaction() as tx:
        if tx.next_seq != seal:
            seal = tx.next_seq
            content = render(seal)
        digest = hashlib.sha256(content).hexdigest()
        entry = tx.append(
            AuditKind.DOCUMENT,
            actor,
            {**payload, "sha256": digest, "bytes": len(content), "seal": seal},
            subjects,
        )
    assert entry.seq == seal
    return IssuedDocument(content, digest, entry)


@dataclass(frozen=True)
class DocumentMatch:
    """The ``document`` entry that recorded a file, and whether it still matches the chain."""

    seq: int
    ts: datetime  # UTC
    actor_type: str
    actor_id: str
    actor_role: str | None
    actor_instansi: str | None
    payload: dict[str, Any]
    intact: bool  # payload hash, HMAC and link to the entry before all match


def _intact(session: Session, key: bytes, entry: AuditEntry) -> bool:
    if entry.payload is None or not same(json_hash(entry.payload), entry.payload_hash):
        return False
    if not same(compute_entry_hash(key, entry), entry.entry_hash):
        return False
    before = session.exec(select(AuditEntry.entry_hash).where(AuditEntry.seq == entry.seq - 1))
    prev = before.first() if entry.seq > 1 else GENESIS
    return prev is not None and same(str(prev), entry.prev_hash)


def find_document(engine: Engine, key: bytes, sha256: str) -> DocumentMatch | None:
    """The ``document`` entry whose payload records ``sha256``; ``None`` when there is none."""
    wanted = sha256.strip().lower()
    with Session(engine) as s:
        entries = s.exec(
            select(AuditEntry)
            .where(AuditEntry.kind == AuditKind.DOCUMENT.value)
            .order_by(col(AuditEntry.seq))
        ).all()
        for entry in entries:
            payload = entry.payload
            if payload is None or str(payload.get("sha256", "")).lower() != wanted:
                continue
            return DocumentMatch(
                seq=entry.seq,
                ts=as_utc(entry.ts),
                actor_type=entry.actor_type,
                actor_id=entry.actor_id,
                actor_role=entry.actor_role,
                actor_instansi=entry.actor_instansi,
                payload=dict(payload),
                intact=_intact(s, key, entry),
            )
    return None
