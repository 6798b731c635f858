"""Button payloads shared by every worker (rate-limit buckets: :mod:`db.queries.rate_limits`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult
from sqlmodel import Session, col, delete

from db.models import CallbackPayload


def purge_payloads(*, session: Session, expired_at: datetime) -> int:
    """Delete the button payloads expired at ``expired_at``; how many went."""
    result = session.execute(
        delete(CallbackPayload).where(col(CallbackPayload.expires_at) <= expired_at)
    )
    # sqlmodel types execute() as a plain Result; a DELETE gives a CursorResult.
    return int(cast(CursorResult[Any], result).rowcount or 0)
