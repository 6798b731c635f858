"""The blind-first list and its "Tampilkan identitas" button through the real PTB Application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from bot.doors.settings import BotSettings
from bot.doors.telegram import build_application, polling
from bot.ports.services import Accountability
from bot.router.assistant import Assistant
from db.audit import AuditKind, AuditLog, AuditSettings
from db.audit.export import export_rows
from db.clock import today_wib
from tests.bot.e2e.conftest import Harness
from tests.bot.e2e.fake_bot_api import FakeBotApi
from tests.bot.support import build_world, make_services


@pytest.fixture
async def audited(sqlite_engine: Engine) -> AsyncIterator[Harness]:
    world = build_world(sqlite_engine)
    api = FakeBotApi()
    base_url = await api.start()
    settings = BotSettings(base_url=base_url, base_file_url=base_url, poll_timeout=1, workers=2)
    services = make_services(world.engine)
    services.accountability = Accountability(
        audit=AuditLog(world.engine, b"e" * 32), settings=AuditSettings(), config_hash="cfg"
    )
    app = build_application("123456:TEST-token", settings, Assistant(world.engine, services))
    async with polling(app, timeout=1):
        yield Harness(api, world)
    await api.stop()


async def test_reveal_button_shows_names_and_is_logged(audited: Harness) -> None:
    world = audited.world
    await audited.say("ppk_bth", f"/start {world.codes['ppk_bth']}")
    [first] = await audited.say("ppk_bth", "/kandidat pejabat pengganti")
    text = first.params["text"]
    assert "Rujukan: <code>SL-" in text and "Kandidat #1" in text and "Budi" not in text
    assert first.params["protect_content"] is True
    [shown] = await audited.press("ppk_bth", first, "Tampilkan identitas")
    assert shown.method == "editMessageText"
    assert "Budi &lt;b&gt;&amp; Santoso" in shown.params["text"]
    assert world.nips["budi"] not in shown.params["text"]  # still masked for a PPK
    today = today_wib()
    kinds = [r.kind for r in export_rows(world.engine, start=today - timedelta(days=1), end=today)]
    assert kinds == [AuditKind.SEARCH.value, AuditKind.REVEAL.value]
