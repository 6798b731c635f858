"""Fixed-window rate limits kept in the database, so every worker counts the same requests.

Rows expire: a bucket whose window started more than :data:`RETENTION` ago counts nothing any
more, and is deleted whenever a new bucket is written (a new key is the only way the table
grows), so the table stays as small as the set of recently active users.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from db.clock import now_wib
from db.models import RateBucket

RETENTION = timedelta(days=1)  # longer than any window in use


@dataclass(frozen=True)
class Limit:
    count: int
    window: timedelta

    def __post_init__(self) -> None:
        if self.window > RETENTION:
            raise ValueError(f"rate-limit window {self.window} is longer than {RETENTION}")


def purge_expired(session: Session, *, now: datetime | None = None) -> int:
    """Delete buckets whose window ended long ago (they no longer limit anyone)."""
    cutoff = (now or now_wib()) - RETENTION
    result = session.exec(delete(RateBucket).where(col(RateBucket.window_start) < cutoff))  # type: ignore[call-overload]
    return int(result.rowcount or 0)


def hit(session: Session, key: str, limit: Limit, *, now: datetime | None = None) -> bool:
    """Count one event under ``key``; False when the limit for this window is already used."""
    now = now or now_wib()
    bucket = session.exec(select(RateBucket).where(RateBucket.key == key).with_for_update()).first()
    if bucket is None:
        purge_expired(session, now=now)
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
