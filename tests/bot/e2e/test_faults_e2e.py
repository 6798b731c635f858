"""A Bot API on a bad day, polling: no request is lost and nothing is answered twice.

Counted at the fake Bot API (what Telegram carried out), never from the bot's own log. Faults:
429 with ``retry_after``, 502, a connection dropped before the request is processed, a
``getUpdates`` slower than the client's timeout, and the same update delivered again — to the
same worker, or after a restart to a new process sharing the database, or after an answer whose
text was sent and whose picture then failed for good.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, insert

from db.engine import make_engine
from db.models import TelegramUpdate
from db.settings import DatabaseSettings
from tests.bot.e2e.conftest import polling_bot
from tests.bot.e2e.fake_bot_api import BOT, FakeBotApi, Fault
from tests.bot.support import TG, World, build_world

STRANGER = TG["stranger"]
# Short timeouts keep a slow getUpdates quick to provoke: the client gives up after 1 + 2 s.
FAST = {"read_timeout": 2.0}


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    fake = FakeBotApi()
    fake.base_url = await fake.start()  # type: ignore[attr-defined]
    yield fake
    await fake.stop()


async def _until(condition: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        await asyncio.sleep(0.05)


async def _quiet(api: FakeBotApi, chat: int, count: int, settle: float = 1.5) -> int:
    """Wait for ``count`` messages in ``chat``, then a while longer for any extra one."""
    await _until(lambda: len(api.sent(chat)) >= count)
    await asyncio.sleep(settle)
    return len(api.sent(chat))


async def test_failed_sends_are_retried_and_arrive_once(
    sqlite_engine: Engine, api: FakeBotApi
) -> None:
    world = build_world(sqlite_engine)
    async with polling_bot(world.engine, api.base_url, **FAST):  # type: ignore[attr-defined]
        # A Bot API in trouble for a few seconds: flood control, then 5xx and resets.
        faults = [Fault("429", retry_after=1), Fault("502"), Fault("drop"), Fault("502")]
        api.inject("sendMessage", *faults)
        await api.user_says(STRANGER, "/bantuan")
        assert await _quiet(api, STRANGER, 1) == 1
    assert [c.method for c in api.failures] == ["sendMessage"] * 4
    assert "Talenta" in api.sent(STRANGER)[0].params["text"]


async def test_a_send_that_times_out_is_not_sent_twice(
    sqlite_engine: Engine, api: FakeBotApi
) -> None:
    world = build_world(sqlite_engine)
    async with polling_bot(world.engine, api.base_url, **FAST):  # type: ignore[attr-defined]
        # Carried out by the Bot API, but only after the client stopped waiting (2 s).
        api.inject("sendMessage", Fault("slow", delay=3.0))
        await api.user_says(STRANGER, "/bantuan")
        assert await _quiet(api, STRANGER, 1, settle=2.0) == 1  # no copy, no apology
    assert "Talenta" in api.sent(STRANGER)[0].params["text"]


async def test_a_last_attempt_that_times_out_is_neither_repeated_nor_apologised_for(
    sqlite_engine: Engine, api: FakeBotApi
) -> None:
    world = build_world(sqlite_engine)
    async with polling_bot(world.engine, api.base_url, **FAST):  # type: ignore[attr-defined]
        # Four attempts fail; the fifth is carried out after the client stopped waiting.
        api.inject("sendMessage", *[Fault("502")] * 4, Fault("slow", delay=3.0))
        await api.user_says(STRANGER, "/bantuan")
        assert await _quiet(api, STRANGER, 1, settle=3.0) == 1  # the answer; no apology
    assert "Talenta" in api.sent(STRANGER)[0].params["text"]
    assert [c.method for c in api.failures] == ["sendMessage"] * 4


async def test_an_answer_that_failed_is_given_when_telegram_delivers_again(
    sqlite_engine: Engine, api: FakeBotApi
) -> None:
    world = build_world(sqlite_engine)
    async with polling_bot(world.engine, api.base_url):  # type: ignore[attr-defined]
        api.inject("sendMessage", *[Fault("502")] * 5)  # every attempt of the answer fails
        await api.user_says(STRANGER, "/bantuan")
        [apology] = await api.replies_after(STRANGER, 0.0, timeout=20)
        assert "Kode kesalahan" in apology.params["text"]  # the one global error handler
        await api.redeliver(api.last_update["update_id"])
        assert await _quiet(api, STRANGER, 2) == 2  # the answer, this time
    assert "Talenta" in api.sent(STRANGER)[1].params["text"]


async def test_an_answer_failed_after_its_text_was_sent_is_not_sent_again(
    sqlite_engine: Engine, api: FakeBotApi
) -> None:
    world = build_world(sqlite_engine)
    sari = TG["asn_sari"]
    async with polling_bot(world.engine, api.base_url):  # type: ignore[attr-defined]
        await api.user_says(sari, f"/start {world.codes['asn_sari']}")
        assert await _quiet(api, sari, 1, settle=0.2) == 1
        api.inject("sendPhoto", *[Fault("502")] * 5)  # every attempt of the picture fails
        since = await api.user_says(sari, "/profil")
        [profile, apology] = await api.replies_after(sari, since, count=2, timeout=20)
        assert world.nips["sari"] in profile.params["text"]  # the text part reached the user
        assert "Kode kesalahan" in apology.params["text"]
        await api.redeliver(api.last_update["update_id"])
        await _until(lambda: api.handed_again == 1)
        assert api.handed_again == 1  # the bot did fetch it again …
        assert await _quiet(api, sari, 3) == 3  # … and sent neither the text nor an apology again
    assert api.sent(sari, "sendPhoto") == []
    assert [c.method for c in api.failures] == ["sendPhoto"] * 5


async def test_get_updates_faults_lose_nothing(sqlite_engine: Engine, api: FakeBotApi) -> None:
    world = build_world(sqlite_engine)
    # The message waits at "Telegram" before the bot starts: every fault is in its way.
    await api.user_says(STRANGER, "/bantuan")
    api.inject(
        "getUpdates",
        Fault("502"),
        Fault("429", retry_after=1),
        Fault("drop"),
        Fault("slow", delay=4.0),  # answered after the client gave up (1 s poll + 2 s read)
    )
    async with polling_bot(world.engine, api.base_url, **FAST):  # type: ignore[attr-defined]
        assert await _quiet(api, STRANGER, 1) == 1
    assert [c.method for c in api.failures] == ["getUpdates"] * 3


async def test_an_update_delivered_again_is_answered_once(
    sqlite_engine: Engine, api: FakeBotApi
) -> None:
    world = build_world(sqlite_engine)
    async with polling_bot(world.engine, api.base_url):  # type: ignore[attr-defined]
        await api.user_says(STRANGER, "/bantuan")
        assert await _quiet(api, STRANGER, 1, settle=0.2) == 1
        await api.redeliver(api.last_update["update_id"])
        await _until(lambda: api.handed_again == 1)
        assert api.handed_again == 1  # the bot did fetch it again …
        assert await _quiet(api, STRANGER, 1) == 1  # … and did not answer it again


def _second_process_engine(engine: Engine) -> Engine:
    """A separate engine on the same database, as a restarted process would open."""
    return make_engine(DatabaseSettings(url=engine.url.render_as_string(hide_password=False)))


async def _restart_redelivers(world: World, api: FakeBotApi) -> None:
    async with polling_bot(world.engine, api.base_url):  # type: ignore[attr-defined]
        await api.user_says(STRANGER, "/bantuan")
        assert await _quiet(api, STRANGER, 1, settle=0.2) == 1
    update_id = api.last_update["update_id"]
    restarted = _second_process_engine(world.engine)
    try:
        async with polling_bot(restarted, api.base_url):  # type: ignore[attr-defined]
            await api.redeliver(update_id)  # never confirmed: the first process died
            await _until(lambda: api.handed_again == 1)
            assert api.handed_again == 1
            assert await _quiet(api, STRANGER, 1) == 1
    finally:
        restarted.dispose()


async def test_after_a_restart_an_answered_update_is_not_answered_again(
    engine: Engine, api: FakeBotApi
) -> None:
    await _restart_redelivers(build_world(engine), api)


async def test_an_update_whose_worker_died_mid_answer_is_answered_once(
    engine: Engine, api: FakeBotApi
) -> None:
    world = build_world(engine)
    update = api.message_update(STRANGER, "/bantuan")
    # A worker took this update on a moment ago and died before answering it.
    with engine.begin() as conn:
        conn.execute(
            insert(TelegramUpdate).values(
                bot_id=BOT["id"], update_id=update["update_id"], claimed_at=datetime.now(UTC)
            )
        )
    await api._push(update)
    async with polling_bot(world.engine, api.base_url, update_claim_timeout_s=1.0):  # type: ignore[attr-defined]
        # Not dropped as "taken": answered once the dead worker's claim lapsed.
        assert await _quiet(api, STRANGER, 1) == 1
