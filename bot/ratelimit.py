"""Fixed-window rate limits kept in the database, so every worker counts the same requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from db.clock import now_wib
from db.models import RateBucket


@dataclass(frozen=True)
class Limit:
    count: int
    window: timedelta


def hit(session: Session, key: str, limit: Limit, *, now: datetime | None = None) -> bool:
    """Count one event under ``key``; False when the limit for this window is already used."""
    now = now or now_wib()
    bucket = session.exec(select(RateBucket).where(RateBucket.key == key).with_for_update()).first()
    if bucket is None:
        try:
            with session.begin_nested():
                session.add(RateBucket(key=key, window_start=now, count=1))
            return True
        except IntegrityError:
            # Another worker created it first; count against theirs.
            bucket = session.exec(
                select(RateBucket).where(RateBucket.key == key).with_for_update()
            ).one()
    if now - bucket.window_start >= limit.window:
        bucket.window_start = now
        bucket.count = 1
        session.add(bucket)
        return True
    if bucket.count >= limit.count:
        return False
    bucket.count += 1
    session.add(bucket)
    return True


def peek(session: Session, key: str, limit: Limit, *, now: datetime | None = None) -> bool:
    """True when one more event would still be allowed (does not count)."""
    now = now or now_wib()
    bucket = session.get(RateBucket, key)
    if bucket is None or now - bucket.window_start >= limit.window:
        return True
    return bucket.count < limit.count
