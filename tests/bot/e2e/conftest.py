"""The real PTB Application polling a fake Bot API server on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine

from bot.doors.settings import BotSettings
from bot.doors.telegram import build_application, polling
from bot.router.assistant import Assistant
from tests.bot.e2e.fake_bot_api import Call, FakeBotApi
from tests.bot.support import TG, World, build_world, make_services


@dataclass
class Harness:
    api: FakeBotApi
    world: World

    async def say(
        self, who: str, text: str, *, count: int = 1, group: int | None = None
    ) -> list[Call]:
        uid = TG[who]
        chat = group or uid
        since = await self.api.user_says(
            uid, text, chat_id=chat, chat_type="group" if group else "private"
        )
        return await self.api.replies_after(chat, since, count=count)

    async def press(self, who: str, sent: Call, label: str) -> list[Call]:
        rows = sent.params["reply_markup"]["inline_keyboard"]
        data = next(b["callback_data"] for row in rows for b in row if b["text"] == label)
        since = await self.api.user_presses(TG[who], sent, data)
        return await self.api.replies_after(sent.chat_id or TG[who], since)

    async def press_raw(self, who: str, sent: Call, data: str) -> list[Call]:
        since = await self.api.user_presses(TG[who], sent, data)
        return await self.api.replies_after(sent.chat_id or TG[who], since)


@asynccontextmanager
async def polling_bot(engine: Engine, base_url: str, **settings: Any) -> AsyncIterator[None]:
    """A bot (one worker) polling the fake Bot API at ``base_url`` until the block ends."""
    config = BotSettings(
        base_url=base_url,
        base_file_url=base_url,
        **{"poll_timeout": 1, "workers": 2, **settings},
    )
    app = build_application("123456:TEST-token", config, Assistant(engine, make_services(engine)))
    async with polling(app, timeout=config.poll_timeout):
        yield


@pytest.fixture
async def harness(sqlite_engine: Engine) -> AsyncIterator[Harness]:
    world = build_world(sqlite_engine)
    api = FakeBotApi()
    base_url = await api.start()
    async with polling_bot(world.engine, base_url):
        yield Harness(api, world)
    await api.stop()
