"""The ledger of Telegram updates taken on, on SQLite and PostgreSQL: claim, finish, give back,
lapse, forget; an answer that failed is given back unless a part of it was sent; and of many
workers claiming one update at once, exactly one gets it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select
from sqlmodel import Session

from bot.doors.telegram_updates import Claim, UpdateLedger
from db.models import TelegramUpdate
from db.queries.telegram_updates import RETENTION, UpdateState

BOT = 4242


async def _inline(fn: Callable[..., Any], *args: Any) -> Any:
    return fn(*args)


def test_claim_finish_release_and_lapse(engine: Engine) -> None:
    ledger = UpdateLedger(engine, claim_timeout=timedelta(seconds=60))
    first = ledger.try_claim(BOT, 7)
    assert isinstance(first, Claim)
    assert ledger.try_claim(BOT, 7) == UpdateState.BUSY  # another worker is on it
    assert isinstance(ledger.try_claim(BOT + 1, 7), Claim)  # another bot's update 7
    ledger.release(first)
    again = ledger.try_claim(BOT, 7)  # given back: taken on afresh
    assert isinstance(again, Claim)
    ledger.finish(again)
    assert ledger.try_claim(BOT, 7) == UpdateState.DONE
    impatient = UpdateLedger(engine, claim_timeout=timedelta(seconds=0))
    dead = impatient.try_claim(BOT, 8)
    assert isinstance(dead, Claim)
    taken = impatient.try_claim(BOT, 8)
    assert isinstance(taken, Claim)  # the first claim lapsed: another worker took it
    impatient.release(dead)  # the dead claim's owner cannot remove the new claim …
    with Session(engine) as s:
        row = s.get(TelegramUpdate, (BOT, 8))
        assert row is not None and row.claimed_at == taken.claimed_at
    impatient.release(taken)  # … its own owner can
    with Session(engine) as s:
        assert s.get(TelegramUpdate, (BOT, 8)) is None


async def test_an_answer_failed_before_any_part_was_sent_is_given_back(engine: Engine) -> None:
    ledger = UpdateLedger(engine, claim_timeout=timedelta(seconds=60))
    with pytest.raises(RuntimeError):
        async with ledger.answering(BOT, 7, _inline) as answer:
            assert answer.fresh
            raise RuntimeError("sendMessage failed")  # nothing reached the chat
    async with ledger.answering(BOT, 7, _inline) as again:
        assert again.fresh  # a redelivery is answered afresh


async def test_an_answer_failed_after_a_part_was_sent_is_not_answered_again(
    engine: Engine,
) -> None:
    ledger = UpdateLedger(engine, claim_timeout=timedelta(seconds=60))
    with pytest.raises(RuntimeError):
        async with ledger.answering(BOT, 7, _inline) as answer:
            assert answer.fresh
            answer.delivered()  # the text reached the chat …
            raise RuntimeError("sendPhoto failed")  # … the picture did not
    assert ledger.try_claim(BOT, 7) == UpdateState.DONE
    async with ledger.answering(BOT, 7, _inline) as again:
        assert not again.fresh  # a redelivery would send the text twice


def test_old_update_ids_are_forgotten(engine: Engine) -> None:
    old = datetime.now(UTC) - RETENTION - timedelta(minutes=1)
    with engine.begin() as conn:
        conn.execute(
            insert(TelegramUpdate).values(bot_id=BOT, update_id=1, claimed_at=old, done_at=old)
        )
    UpdateLedger(engine, claim_timeout=timedelta(seconds=60)).try_claim(BOT, 2)
    with Session(engine) as s:
        assert s.scalars(select(TelegramUpdate.update_id)).all() == [2]


def test_many_workers_claiming_one_update_one_gets_it(engine: Engine) -> None:
    workers = 12
    start = threading.Barrier(workers)

    def claim(_: int) -> bool:
        ledger = UpdateLedger(engine, claim_timeout=timedelta(seconds=60))
        start.wait()
        return isinstance(ledger.try_claim(BOT, 99), Claim)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        assert list(pool.map(claim, range(workers))).count(True) == 1
