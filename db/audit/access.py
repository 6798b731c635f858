"""The ASN's right to see (UU 27/2022 Pasal 32): when, by which role and agency, their profile
appeared in a search, was opened, or was named in a document issued (PDF/XLSX, data-subject
export). Never the viewer's name or account."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from db.audit.canonical import as_utc
from db.audit.kinds import ACCESS_KINDS, AuditKind
from db.clock import WIB
from db.models.audit import AuditEntry, AuditSubject


@dataclass(frozen=True)
class AccessEvent:
    seq: int
    ts: datetime  # UTC
    # search (appeared in a list), profile_view (opened), reveal (identity shown),
    # document (named in a file that was issued)
    kind: AuditKind
    role: str | None
    instansi: str | None  # agency code of the viewer
    rank: int | None  # position in the list, for searches
    # Which list a search was (``shortlist``, ``talentpool``, ``name_lookup``, ``compare``), or
    # which document (``shortlist_pdf``, ``shortlist_xlsx``, ``talentpool_xlsx``,
    # ``ekspor_data_subjek``); ``None`` once the entry's payload is purged (the access index
    # is kept longer).
    source: str | None = None

    @property
    def ts_wib(self) -> datetime:
        return self.ts.astimezone(WIB)


def access_history(
    session: Session,
    pegawai_id: int,
    *,
    kinds: Collection[AuditKind] = ACCESS_KINDS,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[AccessEvent]:
    """Newest first. Only entries whose subjects index is still kept (see retention)."""
    stmt = (
        select(
            col(AuditEntry.seq),
            col(AuditEntry.ts),
            col(AuditEntry.kind),
            col(AuditEntry.actor_role),
            col(AuditEntry.actor_instansi),
            col(AuditSubject.rank),
            col(AuditEntry.payload),
        )
        .join(AuditSubject, col(AuditSubject.entry_id) == col(AuditEntry.id))
        .where(col(AuditSubject.pegawai_id) == pegawai_id)
        .where(col(AuditEntry.kind).in_([k.value for k in kinds]))
        .order_by(col(AuditEntry.seq).desc())
    )
    if since is not None:
        stmt = stmt.where(col(AuditEntry.ts) >= since)
    if limit is not None:
        stmt = stmt.limit(limit)
    events: list[AccessEvent] = []
    last_seq = None
    for seq, ts, kind, role, instansi, rank, payload in session.execute(stmt).all():
        if seq == last_seq:  # the same person twice in one entry counts once
            continue
        last_seq = seq
        events.append(
            AccessEvent(
                seq, as_utc(ts), AuditKind(kind), role, instansi, rank, _source(kind, payload)
            )
        )
    return events


def _source(kind: str, payload: Any) -> str | None:
    """The kind of list a ``search`` entry recorded, or of file a ``document`` entry issued,
    read from its payload while it is kept."""
    if not isinstance(payload, dict):
        return None
    if kind == AuditKind.DOCUMENT.value:
        named = payload.get("document") or payload.get("jenis")
        return str(named) if named else None
    if payload.get("shortlist_ref"):
        return "shortlist"
    request = payload.get("request")
    if isinstance(request, dict) and isinstance(request.get("list"), str):
        return str(request["list"])
    return None
