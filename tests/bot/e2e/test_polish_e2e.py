"""Telegram polish through the real PTB Application and the fake Bot API: "typing…" while a
search or a document build runs, no duplicate message on "message is not modified", and the
bot's username from getMe (``bot.username`` overriding)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Engine

from bot.chat.replies import Inbound, Reply
from bot.doors.settings import BotSettings
from bot.doors.telegram import build_application, polling
from bot.doors.telegram_me import deep_link, fetch_username
from bot.ports.services import Accountability
from bot.router.assistant import Assistant
from db.audit import AuditLog, AuditSettings
from tests.bot.e2e.conftest import Harness
from tests.bot.e2e.fake_bot_api import BOT, Call, FakeBotApi, Fault
from tests.bot.support import TG, build_world, make_services

PPK = TG["ppk_bth"]


def _actions(api: FakeBotApi, chat: int, since: float) -> list[Call]:
    return [c for c in api.sent(chat, "sendChatAction") if c.at >= since]


async def _failed(api: FakeBotApi, method: str, before: int, timeout: float = 5.0) -> None:
    """Wait until the fake API has answered one more call of ``method`` with its fault."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(f.method == method for f in api.failures) > before:
            await asyncio.sleep(0.4)  # whatever the bot does next has had time to arrive
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"no faulted {method}")


async def test_typing_shows_before_search_results(harness: Harness) -> None:
    api = harness.api
    await harness.say("ppk_bth", f"/start {harness.world.codes['ppk_bth']}")
    since = time.monotonic()
    [listed] = await harness.say("ppk_bth", "carikan kandidat untuk jabatan yang lowong")
    actions = _actions(api, PPK, since)
    assert actions, "no sendChatAction during the search"
    assert all(a.params["action"] == "typing" for a in actions)
    assert actions[0].at <= listed.at  # shown while it worked, not after the answer


class PagingAssistant(Assistant):
    """A core whose every press answers with a page carrying no personal data, as an edit: the
    only kind of reply the door still edits (lists with personal data are new messages)."""

    def handle(self, inbound: Inbound) -> list[Reply]:
        if inbound.callback_token is None:
            return super().handle(inbound)
        return [Reply("regulation", "Halaman 2 dari 2", edit=True)]


@pytest.fixture
async def paging(sqlite_engine: Engine) -> AsyncIterator[Harness]:
    world = build_world(sqlite_engine)
    api = FakeBotApi()
    base_url = await api.start()
    settings = BotSettings(base_url=base_url, base_file_url=base_url, poll_timeout=1, workers=2)
    app = build_application(
        "123456:TEST-token", settings, PagingAssistant(world.engine, make_services(world.engine))
    )
    async with polling(app, timeout=1):
        yield Harness(api, world)
    await api.stop()


async def test_not_modified_edit_sends_no_duplicate(paging: Harness) -> None:
    api = paging.api
    hr = TG["hr_prov"]
    await paging.say("hr_prov", f"/start {paging.world.codes['hr_prov']}")
    [first] = await paging.say("hr_prov", "/aturan syarat jabatan administrator")
    rows = first.params["reply_markup"]["inline_keyboard"]
    nxt = rows[0][0]["callback_data"]
    sent_before = len(api.sent(hr))
    edits_before = len(api.sent(hr, "editMessageText"))
    api.inject("editMessageText", Fault("400"))  # "message is not modified"
    await api.user_presses(hr, first, nxt)
    await _failed(api, "editMessageText", 0)
    assert len(api.sent(hr)) == sent_before  # not one message more
    assert len(api.sent(hr, "editMessageText")) == edits_before
    # Any other refused edit (the message is gone) still gets its answer, once.
    api.inject(
        "editMessageText", Fault("400", description="Bad Request: message to edit not found")
    )
    since = await api.user_presses(hr, first, nxt)
    anew = await api.replies_after(hr, since)
    assert [c.method for c in anew] == ["sendMessage"]
    assert "Halaman 2 dari 2" in anew[0].params["text"]


@pytest.fixture
async def audited(sqlite_engine: Engine) -> AsyncIterator[tuple[Harness, Assistant]]:
    world = build_world(sqlite_engine)
    api = FakeBotApi()
    base_url = await api.start()
    settings = BotSettings(base_url=base_url, base_file_url=base_url, poll_timeout=1, workers=2)
    services = make_services(world.engine)
    services.accountability = Accountability(
        audit=AuditLog(world.engine, b"e" * 32), settings=AuditSettings(), config_hash="cfg"
    )
    assistant = Assistant(world.engine, services)
    app = build_application("123456:TEST-token", settings, assistant)
    async with polling(app, timeout=1):
        yield Harness(api, world), assistant
    await api.stop()


async def test_typing_while_a_document_is_built_and_username_from_getme(
    audited: tuple[Harness, Assistant],
) -> None:
    harness, assistant = audited
    assert assistant.bot_username == BOT["username"]  # from getMe; no bot.username configured
    await harness.say("ppk_bth", f"/start {harness.world.codes['ppk_bth']}")
    [listed] = await harness.say("ppk_bth", "/kandidat pejabat pengganti")
    since = time.monotonic()
    got = await harness.press("ppk_bth", listed, "Dokumen PDF")
    document = [c for c in got if c.method == "sendDocument"]
    assert document, [c.method for c in got]
    actions = _actions(harness.api, PPK, since)
    assert actions and actions[0].at <= document[0].at


async def test_configured_username_overrides_getme(sqlite_engine: Engine) -> None:
    api = FakeBotApi()
    base_url = await api.start()
    settings = BotSettings(
        base_url=base_url, base_file_url=base_url, poll_timeout=1, username="@pengganti_bot"
    )
    assistant = Assistant(sqlite_engine, make_services(sqlite_engine))
    app = build_application("123456:TEST-token", settings, assistant)
    async with polling(app, timeout=1):
        assert assistant.bot_username == "pengganti_bot"
    # What an operator command (`talenta users invite`) asks when nothing overrides it.
    name = await asyncio.to_thread(fetch_username, base_url, "123456:TEST-token")
    assert name == BOT["username"]
    assert deep_link(name, "KODE") == f"https://t.me/{BOT['username']}?start=KODE"
    await api.stop()
    assert await asyncio.to_thread(fetch_username, base_url, "123456:TEST-token", timeout=1) == ""
    assert deep_link("", "KODE") == "/start KODE"
