"""Telegram updates taken on: claim one atomically, mark it answered, forget old ones.

Telegram delivers an update again when it could not confirm it: after a webhook answer it did
not get, or after a restart of a polling bot that had fetched it. The claim is one
``INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING`` statement, so of several workers handed
the same update exactly one gets it; a claim whose worker died lapses after a timeout.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from db.models import metadata

UPDATES: Table = metadata.tables["telegram_update"]
# How long an update id is remembered: longer than the 24 hours Telegram keeps an update.
RETENTION = timedelta(days=2)


class UpdateState(StrEnum):
    NEW = "new"  # never seen
    BUSY = "busy"  # claimed, not answered yet
    DONE = "done"  # answered


def claim_update(
    session: Session, *, bot_id: int, update_id: int, now: datetime, lapsed_before: datetime
) -> bool:
    """Take update ``update_id`` on: True when it is new, or its claim was taken before
    ``lapsed_before`` and never finished (the worker that took it is presumed dead)."""
    t = UPDATES
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    stmt = (
        insert(t)
        .values(bot_id=bot_id, update_id=update_id, claimed_at=now, done_at=None)
        .on_conflict_do_update(
            index_elements=[t.c.bot_id, t.c.update_id],
            set_={"claimed_at": now},
            where=t.c.done_at.is_(None) & (t.c.claimed_at < lapsed_before),
        )
        .returning(t.c.update_id)
    )
    return session.execute(stmt).first() is not None


def update_state(session: Session, *, bot_id: int, update_id: int) -> UpdateState:
    t = UPDATES
    row = session.execute(
        select(t.c.done_at).where(t.c.bot_id == bot_id, t.c.update_id == update_id)
    ).first()
    if row is None:
        return UpdateState.NEW
    return UpdateState.BUSY if row.done_at is None else UpdateState.DONE


def finish_update(session: Session, *, bot_id: int, update_id: int, now: datetime) -> None:
    t = UPDATES
    session.execute(
        update(t).where(t.c.bot_id == bot_id, t.c.update_id == update_id).values(done_at=now)
    )


def release_update(session: Session, *, bot_id: int, update_id: int, claimed_at: datetime) -> None:
    """Give a claim back (answering failed): a redelivery is then taken on afresh. Only our own
    claim is removed, not one another worker took after ours lapsed."""
    t = UPDATES
    session.execute(
        delete(t).where(
            t.c.bot_id == bot_id,
            t.c.update_id == update_id,
            t.c.claimed_at == claimed_at,
            t.c.done_at.is_(None),
        )
    )


def purge_updates(session: Session, *, before: datetime) -> int:
    """Forget updates claimed before ``before``; returns how many."""
    result = session.execute(delete(UPDATES).where(UPDATES.c.claimed_at < before))
    # sqlmodel types execute() as a plain Result; a DELETE gives a CursorResult.
    return int(cast(CursorResult[Any], result).rowcount or 0)
