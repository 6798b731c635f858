"""Conversation state shared by every worker: rate-limit buckets and button payloads."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from db.models import CallbackPayload, RateBucket


def bucket_for_update(*, session: Session, key: str) -> RateBucket | None:
    """The bucket of ``key``, locked for this transaction (PostgreSQL; SQLite locks the file)."""
    return session.exec(select(RateBucket).where(RateBucket.key == key).with_for_update()).first()


def open_bucket(*, session: Session, key: str, now: datetime) -> RateBucket | None:
    """Create the bucket of ``key`` with its first event counted: ``None`` when created; when
    another worker created it first, that bucket, locked (the caller counts against it)."""
    try:
        with session.begin_nested():
            session.add(RateBucket(key=key, window_start=now, count=1))
        return None
    except IntegrityError:
        return session.exec(select(RateBucket).where(RateBucket.key == key).with_for_update()).one()


def purge_buckets(*, session: Session, before: datetime) -> int:
    """Delete the buckets whose window started before ``before``; how many went."""
    result = session.execute(delete(RateBucket).where(col(RateBucket.window_start) < before))
    return int(cast(CursorResult[Any], result).rowcount or 0)


def purge_payloads(*, session: Session, expired_at: datetime) -> int:
    """Delete the button payloads expired at ``expired_at``; how many went."""
    result = session.execute(
        delete(CallbackPayload).where(col(CallbackPayload.expires_at) <= expired_at)
    )
    # sqlmodel types execute() as a plain Result; a DELETE gives a CursorResult.
    return int(cast(CursorResult[Any], result).rowcount or 0)
