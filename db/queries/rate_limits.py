"""Rate-limit counters: check and count in one atomic statement.

A read-then-write counter loses updates under a burst (two workers read 5, both write 6; on
SQLite ``SELECT … FOR UPDATE`` locks nothing). Here the whole step is one
``INSERT … ON CONFLICT (key) DO UPDATE … RETURNING count``: the database serialises writers of
one row, so every event gets its own count and exactly ``limit`` of a burst see
``count <= limit``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Table, case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from db.models import metadata

BUCKETS: Table = metadata.tables["rate_bucket"]


def count_event(session: Session, *, key: str, now: datetime, window: timedelta) -> int:
    """Count one event under ``key`` and return the window's count, this event included.

    A bucket whose window started ``window`` or more before ``now`` starts over at 1. Events
    over the limit are counted too (the caller compares), so the count never loses one.
    """
    t = BUCKETS
    dialect = session.get_bind().dialect.name
    insert = sqlite_insert if dialect == "sqlite" else pg_insert
    # In DO UPDATE, ``t.c.…`` is the row already stored (both databases evaluate every SET
    # expression against it), so the window test sees the old ``window_start``.
    expired = t.c.window_start <= now - window
    stmt = (
        insert(t)
        .values(key=key, window_start=now, count=1)
        .on_conflict_do_update(
            index_elements=[t.c.key],
            set_={
                "count": case((expired, 1), else_=t.c.count + 1),
                "window_start": case((expired, now), else_=t.c.window_start),
            },
        )
        .returning(t.c.count)
    )
    return int(session.execute(stmt).scalar_one())


def bucket_exists(session: Session, *, key: str) -> bool:
    return session.execute(select(BUCKETS.c.key).where(BUCKETS.c.key == key)).first() is not None


def window_count(session: Session, *, key: str, now: datetime, window: timedelta) -> int:
    """Events counted under ``key`` in the window containing ``now`` (0: none, or expired)."""
    t = BUCKETS
    row = session.execute(select(t.c.window_start, t.c.count).where(t.c.key == key)).first()
    if row is None:
        return 0
    window_start, count = row
    return 0 if now - window_start >= window else int(count)


def delete_buckets_before(session: Session, *, cutoff: datetime) -> int:
    """Delete buckets whose window started before ``cutoff``; returns how many."""
    result = session.execute(delete(BUCKETS).where(BUCKETS.c.window_start < cutoff))
    # sqlmodel types execute() as a plain Result; a DELETE gives a CursorResult.
    return int(cast(CursorResult[Any], result).rowcount or 0)
