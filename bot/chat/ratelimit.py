"""Fixed-window rate limits kept in the database, so every worker counts the same requests.

The check and the count are one atomic statement (:func:`db.queries.rate_limits.count_event`),
so a burst from many workers lets exactly the limit through.

Rows expire: a bucket whose window started more than :data:`RETENTION` ago counts nothing any
more, and is deleted whenever a new bucket is written (a new key is the only way the table
grows), so the table stays as small as the set of recently active users.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from db.clock import now_wib
from db.engine import Session
from db.queries import rate_limits

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
    return rate_limits.delete_buckets_before(session, cutoff=(now or now_wib()) - RETENTION)


def hit(session: Session, key: str, limit: Limit, *, now: datetime | None = None) -> bool:
    """Count one event under ``key``; False when the limit for this window is already used."""
    now = now or now_wib()
    if not rate_limits.bucket_exists(session, key=key):
        purge_expired(session, now=now)
    return rate_limits.count_event(session, key=key, now=now, window=limit.window) <= limit.count


def peek(session: Session, key: str, limit: Limit, *, now: datetime | None = None) -> bool:
    """True when one more event would still be allowed (does not count)."""
    now = now or now_wib()
    return rate_limits.window_count(session, key=key, now=now, window=limit.window) < limit.count
