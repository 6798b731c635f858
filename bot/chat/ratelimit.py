"""Fixed-window rate limits kept in the database, so every worker counts the same requests.

Rows expire: a bucket whose window started more than :data:`RETENTION` ago counts nothing any
more, and is deleted whenever a new bucket is written (a new key is the only way the table
grows), so the table stays as small as the set of recently active users.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from db.clock import now_wib
from db.engine import Session
from db.models import RateBucket
from db.queries.chat_state import bucket_for_update, open_bucket, purge_buckets

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
    return purge_buckets(session=session, before=cutoff)


def hit(session: Session, key: str, limit: Limit, *, now: datetime | None = None) -> bool:
    """Count one event under ``key``; False when the limit for this window is already used."""
    now = now or now_wib()
    bucket = bucket_for_update(session=session, key=key)
    if bucket is None:
        purge_expired(session, now=now)
        bucket = open_bucket(session=session, key=key, now=now)
        if bucket is None:
            return True
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
