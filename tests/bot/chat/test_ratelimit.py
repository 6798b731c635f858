"""Per-user rate limits in the database: counting, windows, and expiry of old rows."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.chat import ratelimit
from bot.chat.replies import Inbound
from bot.router.assistant import Assistant
from db.clock import now_wib
from db.models import RateBucket
from tests.bot.support import TG, build_world, make_services

PER_MINUTE = ratelimit.Limit(2, timedelta(minutes=1))


def _keys(engine: Engine) -> set[str]:
    with Session(engine) as s:
        return set(s.exec(select(RateBucket.key)).all())


def test_counts_within_the_window_and_starts_over_after_it(engine: Engine) -> None:
    t0 = now_wib()
    with Session(engine) as s:
        assert ratelimit.hit(s, "msg:a", PER_MINUTE, now=t0)
        assert ratelimit.hit(s, "msg:a", PER_MINUTE, now=t0 + timedelta(seconds=1))
        assert ratelimit.peek(s, "msg:a", PER_MINUTE, now=t0 + timedelta(seconds=2)) is False
        assert not ratelimit.hit(s, "msg:a", PER_MINUTE, now=t0 + timedelta(seconds=2))
        # Another user has their own bucket.
        assert ratelimit.hit(s, "msg:b", PER_MINUTE, now=t0 + timedelta(seconds=2))
        later = t0 + timedelta(minutes=1, seconds=1)
        assert ratelimit.peek(s, "msg:a", PER_MINUTE, now=later)
        assert ratelimit.hit(s, "msg:a", PER_MINUTE, now=later)
        s.commit()


def test_rows_of_users_gone_quiet_are_deleted_when_a_new_bucket_is_written(
    engine: Engine,
) -> None:
    t0 = now_wib()
    with Session(engine) as s:
        ratelimit.hit(s, "msg:old", PER_MINUTE, now=t0)
        ratelimit.hit(s, "start-fail:old", PER_MINUTE, now=t0)
        ratelimit.hit(s, "msg:recent", PER_MINUTE, now=t0 + timedelta(hours=23))
        s.commit()
    assert _keys(engine) == {"msg:old", "start-fail:old", "msg:recent"}
    with Session(engine) as s:
        # An existing bucket being counted again deletes nothing (no new row was needed) …
        ratelimit.hit(s, "msg:recent", PER_MINUTE, now=t0 + timedelta(days=1, minutes=1))
        s.commit()
    assert len(_keys(engine)) == 3
    with Session(engine) as s:
        # … a new key is where the table grows, so that is where expired rows go.
        ratelimit.hit(s, "msg:new", PER_MINUTE, now=t0 + timedelta(days=1, minutes=1))
        s.commit()
    assert _keys(engine) == {"msg:recent", "msg:new"}


def test_purge_expired_keeps_rows_younger_than_the_retention(engine: Engine) -> None:
    t0 = now_wib()
    with Session(engine) as s:
        ratelimit.hit(s, "msg:a", PER_MINUTE, now=t0)
        ratelimit.hit(s, "msg:b", PER_MINUTE, now=t0 + timedelta(hours=2))
        s.commit()
    with Session(engine) as s:
        gone = ratelimit.purge_expired(s, now=t0 + ratelimit.RETENTION + timedelta(hours=1))
        s.commit()
    assert gone == 1
    assert _keys(engine) == {"msg:b"}


def test_a_window_longer_than_the_retention_is_refused() -> None:
    with pytest.raises(ValueError, match="longer than"):
        ratelimit.Limit(5, ratelimit.RETENTION + timedelta(seconds=1))


def _burst(engine: Engine, senders: int, limit: ratelimit.Limit) -> list[bool]:
    """``senders`` threads, each with its own connection, counting under one key at once."""
    start = threading.Barrier(senders)
    now = now_wib()

    def send(_: int) -> bool:
        with Session(engine) as s:
            start.wait()
            allowed = ratelimit.hit(s, "msg:burst", limit, now=now)
            s.commit()
            return allowed

    with ThreadPoolExecutor(max_workers=senders) as pool:
        return list(pool.map(send, range(senders)))


@pytest.mark.parametrize("senders", [30, 45])
def test_a_concurrent_burst_lets_exactly_the_limit_through(engine: Engine, senders: int) -> None:
    limit = ratelimit.Limit(20, timedelta(minutes=1))
    results = _burst(engine, senders, limit)
    assert results.count(True) == 20
    with Session(engine) as s:
        bucket = s.exec(select(RateBucket).where(RateBucket.key == "msg:burst")).one()
    assert bucket.count == senders  # every attempt was counted, none lost


def test_a_burst_through_the_core_is_answered_exactly_twenty_times(engine: Engine) -> None:
    world = build_world(engine)
    assistant = Assistant(world.engine, make_services(world.engine))  # 20 messages a minute
    senders = 30
    start = threading.Barrier(senders)
    inbound = Inbound(
        actor=f"tg:{TG['stranger']}", private=True, text="/bantuan", telegram_id=TG["stranger"]
    )

    def send(_: int) -> str:
        start.wait()
        return assistant.handle(inbound)[-1].kind

    with ThreadPoolExecutor(max_workers=senders) as pool:
        kinds = list(pool.map(send, range(senders)))
    assert kinds.count("rate_limited") == senders - 20
    assert len(kinds) == senders and "error" not in kinds
