"""The Telegram door never edits personal data into an unprotected message, whatever the core
asks for: it sends a new protected message instead."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Engine

from bot.chat.replies import Inbound, Reply
from bot.doors.settings import BotSettings
from bot.doors.telegram import build_application, polling
from bot.router.assistant import Assistant
from tests.bot.e2e.conftest import Harness
from tests.bot.e2e.fake_bot_api import FakeBotApi
from tests.bot.support import build_world, make_services

SECRET = "Nama Rahasia Sekali"


class EditingAssistant(Assistant):
    """A core with a bug: every press answers with personal data as an edit."""

    def handle(self, inbound: Inbound) -> list[Reply]:
        if inbound.callback_token is None:
            return super().handle(inbound)
        return [Reply("candidates", f"<b>{SECRET}</b>", personal_data=True, edit=True)]


@pytest.fixture
async def editing(sqlite_engine: Engine) -> AsyncIterator[Harness]:
    world = build_world(sqlite_engine)
    api = FakeBotApi()
    base_url = await api.start()
    settings = BotSettings(base_url=base_url, base_file_url=base_url, poll_timeout=1, workers=2)
    assistant = EditingAssistant(world.engine, make_services(world.engine))
    app = build_application("123456:TEST-token", settings, assistant)
    async with polling(app, timeout=1):
        yield Harness(api, world)
    await api.stop()


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
