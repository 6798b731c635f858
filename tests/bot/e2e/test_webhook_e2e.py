"""Webhook mode end to end: PTB's webhook server on loopback, replies through the fake Bot API."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from sqlalchemy import Engine

from bot.doors.settings import BotSettings, WebhookSettings
from bot.doors.telegram import build_application, webhook, webhook_options
from bot.errors import ConfigError
from bot.router.assistant import Assistant
from db.engine import make_engine
from db.settings import DatabaseSettings
from tests.bot.e2e.fake_bot_api import FakeBotApi, Fault
from tests.bot.support import TG, World, build_world, make_services

SECRET = "rahasia-webhook_0123456789"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Hook:
    api: FakeBotApi
    world: World
    endpoint: str  # where "Telegram" posts updates
    settings: WebhookSettings

    async def post(self, update: dict[str, object], secret: str | None) -> int:
        return await post(self.endpoint, update, secret)


async def post(endpoint: str, update: dict[str, object], secret: str | None = SECRET) -> int:
    """What Telegram does for each update: POST it to the webhook with the secret header."""
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with (
        aiohttp.ClientSession() as http,
        http.post(endpoint, json=update, headers=headers) as response,
    ):
        return response.status


async def _settled(api: FakeBotApi, chat: int, count: int) -> int:
    """Messages carried out in ``chat`` once ``count`` arrived and a while passed for more."""
    await api.replies_after(chat, 0.0, count=count, timeout=20, settle=1.5)
    return len(api.sent(chat))


@asynccontextmanager
async def webhook_worker(
    engine: Engine, api_url: str, **settings: Any
) -> AsyncIterator[tuple[str, WebhookSettings]]:
    """One webhook worker on its own port; yields where "Telegram" posts and its settings."""
    port = _free_port()
    hook_settings = WebhookSettings(
        url=f"https://talenta.example.go.id/tg-{port}", listen="127.0.0.1", port=port, path="tg"
    )
    config = BotSettings(
        mode="webhook",
        base_url=api_url,
        base_file_url=api_url,
        webhook=hook_settings,
        **{"workers": 2, **settings},
    )
    app = build_application("123456:TEST-token", config, Assistant(engine, make_services(engine)))
    async with webhook(app, config.webhook, SECRET):
        yield f"http://127.0.0.1:{port}/tg", hook_settings


@pytest.fixture
async def hook(sqlite_engine: Engine) -> AsyncIterator[Hook]:
    world = build_world(sqlite_engine)
    api = FakeBotApi()
    base_url = await api.start()
    async with webhook_worker(world.engine, base_url) as (endpoint, hook_settings):
        yield Hook(api, world, endpoint, hook_settings)
    await api.stop()


async def test_webhook_is_registered_with_the_configured_url_and_secret(hook: Hook) -> None:
    [registered] = [c for c in hook.api.calls if c.method == "setWebhook"]
    assert registered.params["url"] == hook.settings.url
    assert registered.params["secret_token"] == SECRET
    assert set(registered.params["allowed_updates"]) == {"message", "callback_query"}


async def test_update_with_the_secret_is_answered(hook: Hook) -> None:
    uid = TG["ppk_bth"]
    update = hook.api.message_update(uid, f"/start {hook.world.codes['ppk_bth']}")
    since = hook.api.calls[-1].at if hook.api.calls else 0.0
    assert await hook.post(update, SECRET) == 200
    [bound] = await hook.api.replies_after(uid, since)
    assert "berhasil terhubung" in bound.params["text"]
    update = hook.api.message_update(uid, "siapa yang cocok jadi kepala bidang anggaran?")
    since = hook.api.calls[-1].at
    assert await hook.post(update, SECRET) == 200
    [listed] = await hook.api.replies_after(uid, since)
    assert "Budi" in listed.params["text"] and listed.params["protect_content"] is True


@pytest.mark.parametrize("secret", [None, "salah", SECRET + "x"], ids=["none", "wrong", "longer"])
async def test_update_without_the_right_secret_is_refused(hook: Hook, secret: str | None) -> None:
    uid = TG["hr_bth"]
    update = hook.api.message_update(uid, f"/start {hook.world.codes['hr_bth']}")
    since = hook.api.calls[-1].at if hook.api.calls else 0.0
    assert await hook.post(update, secret) == 403
    assert await hook.api.replies_after(uid, since, timeout=1.0) == []
    # The invitation code was not used up by the refused post: the real one still binds.
    assert await hook.post(update, SECRET) == 200
    [bound] = await hook.api.replies_after(uid, since)
    assert "berhasil terhubung" in bound.params["text"]


@pytest.mark.parametrize(
    ("url", "secret", "key"),
    [("", SECRET, "bot.webhook.url"), ("https://talenta.example.go.id/tg", None, "SECRET")],
)
def test_webhook_mode_needs_a_url_and_a_secret(url: str, secret: str | None, key: str) -> None:
    with pytest.raises(ConfigError, match=key):
        webhook_options(WebhookSettings(url=url), secret)


async def test_an_update_posted_again_is_answered_once(hook: Hook) -> None:
    uid = TG["stranger"]
    update = hook.api.message_update(uid, "/bantuan")
    assert await hook.post(update, SECRET) == 200
    assert await _settled(hook.api, uid, 1) == 1
    # Telegram posts it again (it did not get our 200 in time): accepted, not answered again.
    assert await hook.post(update, SECRET) == 200
    assert await _settled(hook.api, uid, 1) == 1


async def test_send_faults_in_webhook_mode_arrive_once(hook: Hook) -> None:
    uid = TG["stranger"]
    hook.api.inject("sendMessage", Fault("429", retry_after=1), Fault("drop"), Fault("502"))
    assert await hook.post(hook.api.message_update(uid, "/bantuan"), SECRET) == 200
    assert await _settled(hook.api, uid, 1) == 1
    assert len(hook.api.failures) == 3


async def test_two_workers_handed_the_same_update_answer_it_once(engine: Engine) -> None:
    world = build_world(engine)
    api = FakeBotApi()
    base_url = await api.start()
    # The second worker is another process: its own engine on the shared database.
    other = make_engine(DatabaseSettings(url=engine.url.render_as_string(hide_password=False)))
    uid = TG["stranger"]
    try:
        async with (
            webhook_worker(world.engine, base_url) as (first, _),
            webhook_worker(other, base_url) as (second, _),
        ):
            updates = [api.message_update(uid, f"/bantuan {i}") for i in range(5)]
            statuses = await asyncio.gather(
                *(post(endpoint, u) for u in updates for endpoint in (first, second))
            )
            assert statuses == [200] * 10
            assert await _settled(api, uid, 5) == 5  # five updates, each answered once
    finally:
        other.dispose()
        await api.stop()
