"""Configuration and weight changes recorded in the audit chain (``record_change`` entries)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from db.audit.kinds import AuditKind
from db.models.audit import AuditEntry


def last_recorded_change(*, session: Session, kind: AuditKind, what: str) -> dict[str, Any] | None:
    """The ``after`` value of the newest ``kind`` entry about ``what``; ``None`` if none."""
    rows = session.exec(
        select(AuditEntry).where(AuditEntry.kind == kind.value).order_by(col(AuditEntry.seq).desc())
    )
    for entry in rows:
        payload = entry.payload or {}
        if payload.get("what") == what:
            after = payload.get("after")
            return after if isinstance(after, dict) else None
    return None
