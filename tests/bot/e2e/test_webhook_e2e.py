"""Webhook mode end to end: PTB's webhook server on loopback, replies through the fake Bot API."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from sqlalchemy import Engine

from bot.doors.telegram import build_application, webhook, webhook_options
from bot.errors import ConfigError
from bot.router.assistant import Assistant
from bot.settings import BotSettings, WebhookSettings
from tests.bot.e2e.fake_bot_api import FakeBotApi
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
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        async with (
            aiohttp.ClientSession() as http,
            http.post(self.endpoint, json=update, headers=headers) as response,
        ):
            return response.status


@pytest.fixture
async def hook(sqlite_engine: Engine) -> AsyncIterator[Hook]:
    world = build_world(sqlite_engine)
    api = FakeBotApi()
    base_url = await api.start()
    port = _free_port()
    hook_settings = WebhookSettings(
        url=f"https://talenta.example.go.id/tg-{port}", listen="127.0.0.1", port=port, path="tg"
    )
    settings = BotSettings(
        mode="webhook", base_url=base_url, base_file_url=base_url, webhook=hook_settings, workers=2
    )
    app = build_application(
        "123456:TEST-token", settings, Assistant(world.engine, make_services(world.engine))
    )
    async with webhook(app, settings.webhook, SECRET):
        yield Hook(api, world, f"http://127.0.0.1:{port}/tg", hook_settings)
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
