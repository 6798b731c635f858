"""The Telegram door never edits personal data into an unprotected message, whatever the core
asks for: it sends a new protected message instead."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Engine

from bot.chat.replies import Inbound, Reply
from bot.doors.settings import BotSettings
from bot.doors.telegram import build_application, polling
from bot.router.assistant import Assistant
from tests.bot.e2e.conftest import Harness
from tests.bot.e2e.fake_bot_api import FakeBotApi, Fault
from tests.bot.support import TG, build_world, make_services

SECRET = "Nama Rahasia Sekali"


class EditingAssistant(Assistant):
    """A core with a bug: every press answers with personal data as an edit."""

    def handle(self, inbound: Inbound) -> list[Reply]:
        if inbound.callback_token is None:
            return super().handle(inbound)
        return [Reply("candidates", f"<b>{SECRET}</b>", personal_data=True, edit=True)]


class EditThenNoteAssistant(Assistant):
    """A press answered by an edit of the pressed message, then a second message."""

    def handle(self, inbound: Inbound) -> list[Reply]:
        if inbound.callback_token is None:
            return super().handle(inbound)
        return [
            Reply("candidates", f"<b>{SECRET}</b>", personal_data=True, edit=True),
            Reply("candidates", "Catatan tambahan"),
        ]


GROUP = -100777


class GroupThenNoteAssistant(Assistant):
    """A press answered in another chat (as the committee's group is), then to the presser."""

    def handle(self, inbound: Inbound) -> list[Reply]:
        if inbound.callback_token is None:
            return super().handle(inbound)
        return [
            Reply("committee", "Sidang komite dibuka", chat_id=GROUP),
            Reply("candidates", "Catatan tambahan"),
        ]


async def _harness(engine: Engine, core: type[Assistant]) -> AsyncIterator[Harness]:
    world = build_world(engine)
    api = FakeBotApi()
    base_url = await api.start()
    settings = BotSettings(base_url=base_url, base_file_url=base_url, poll_timeout=1, workers=2)
    assistant = core(world.engine, make_services(world.engine))
    app = build_application("123456:TEST-token", settings, assistant)
    async with polling(app, timeout=1):
        yield Harness(api, world)
    await api.stop()


@pytest.fixture
async def editing(sqlite_engine: Engine) -> AsyncIterator[Harness]:
    async for harness in _harness(sqlite_engine, EditingAssistant):
        yield harness


@pytest.fixture
async def edit_then_note(sqlite_engine: Engine) -> AsyncIterator[Harness]:
    async for harness in _harness(sqlite_engine, EditThenNoteAssistant):
        yield harness


@pytest.fixture
async def group_then_note(sqlite_engine: Engine) -> AsyncIterator[Harness]:
    async for harness in _harness(sqlite_engine, GroupThenNoteAssistant):
        yield harness


async def test_personal_data_is_not_edited_into_an_unprotected_message(editing: Harness) -> None:
    await editing.say("hr_prov", f"/start {editing.world.codes['hr_prov']}")
    [answer] = await editing.say("hr_prov", "/aturan syarat jabatan administrator")
    assert not answer.params.get("protect_content")
    [after] = await editing.press("hr_prov", answer, "Lihat ketentuan yang dikutip")
    assert after.method == "sendMessage" and SECRET in after.params["text"]
    assert after.params["protect_content"] is True
    assert not [c for c in editing.api.calls if c.method == "editMessageText"]


async def test_a_protected_message_may_be_replaced(editing: Harness) -> None:
    await editing.say("hr_bth", f"/start {editing.world.codes['hr_bth']}")
    [listed] = await editing.say("hr_bth", "/kandidat pegawai terbaik")
    assert listed.params["protect_content"] is True
    [after] = await editing.press("hr_bth", listed, "Detail 1")
    assert after.method == "editMessageText" and SECRET in after.params["text"]


async def test_a_press_whose_edit_went_out_is_not_answered_again(edit_then_note: Harness) -> None:
    h = edit_then_note
    await h.say("hr_bth", f"/start {h.world.codes['hr_bth']}")
    [listed] = await h.say("hr_bth", "/kandidat pegawai terbaik")
    h.api.inject("sendMessage", *[Fault("502")] * 5)  # the second message fails for good
    rows = listed.params["reply_markup"]["inline_keyboard"]
    data = next(b["callback_data"] for row in rows for b in row if b["text"] == "Detail 1")
    since = await h.api.user_presses(TG["hr_bth"], listed, data)
    edited, apology = await h.api.replies_after(TG["hr_bth"], since, count=2, timeout=20)
    assert edited.method == "editMessageText" and SECRET in edited.params["text"]
    assert "Kode kesalahan" in apology.params["text"]
    again = await h.api.redeliver(h.api.last_update["update_id"])
    await asyncio.sleep(2.0)  # time enough for a second answer, were one sent
    assert h.api.handed_again == 1
    assert await h.api.replies_after(TG["hr_bth"], again, count=0, timeout=0.1) == []


async def test_a_press_whose_group_message_went_out_is_not_answered_again(
    group_then_note: Harness,
) -> None:
    """A message addressed to another chat counts as delivered like any other: when the
    presser's own message then fails for good, Telegram's redelivery does not post to the
    group a second time."""
    h = group_then_note
    await h.say("hr_bth", f"/start {h.world.codes['hr_bth']}")
    [listed] = await h.say("hr_bth", "/kandidat pegawai terbaik")
    # The group's message goes out; every try of the presser's message then fails.
    h.api.inject("sendMessage", Fault("slow", delay=0.0), *[Fault("502")] * 5)
    rows = listed.params["reply_markup"]["inline_keyboard"]
    data = next(b["callback_data"] for row in rows for b in row if b["text"] == "Detail 1")
    since = await h.api.user_presses(TG["hr_bth"], listed, data)
    [apology] = await h.api.replies_after(TG["hr_bth"], since, count=1, timeout=20)
    assert "Kode kesalahan" in apology.params["text"]
    assert [c.params["text"] for c in h.api.sent(GROUP)] == ["Sidang komite dibuka"]
    again = await h.api.redeliver(h.api.last_update["update_id"])
    await asyncio.sleep(2.0)  # time enough for a second answer, were one sent
    assert h.api.handed_again == 1
    assert len(h.api.sent(GROUP)) == 1
    assert await h.api.replies_after(TG["hr_bth"], again, count=0, timeout=0.1) == []
