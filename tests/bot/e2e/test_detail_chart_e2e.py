"""Candidate detail through the real Application: text, then the competency chart as a photo."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.doors.settings import BotSettings
from bot.doors.telegram import build_application, polling
from bot.router.assistant import Assistant
from db.models import Instansi, Pegawai
from tests.bot.e2e.conftest import Harness
from tests.bot.e2e.fake_bot_api import FakeBotApi, Fault
from tests.bot.flows.pictures.test_detail_chart import TARGET, PositionSearch
from tests.bot.support import TG, build_world, make_services
from tests.factories import add_asesmen, make_jabatan, standar_default


@pytest.fixture
async def chart_harness(sqlite_engine: Engine) -> AsyncIterator[Harness]:
    world = build_world(sqlite_engine)
    with Session(sqlite_engine) as s:
        bth = s.exec(select(Instansi).where(Instansi.kode == "BTH")).one()
        target = make_jabatan(s, bth, nama=TARGET, kode="BTH-KABAN", standar=standar_default(4))
        budi = s.get(Pegawai, world.ids["budi"])
        assert budi is not None
        add_asesmen(s, budi, standar_default(3))
        s.commit()
        target_id = target.id or 0
    api = FakeBotApi()
    base_url = await api.start()
    settings = BotSettings(base_url=base_url, base_file_url=base_url, poll_timeout=1, workers=2)
    services = make_services(sqlite_engine, search=PositionSearch(sqlite_engine, target_id))
    app = build_application("123456:TEST-token", settings, Assistant(world.engine, services))
    async with polling(app, timeout=1):
        yield Harness(api, world)
    await api.stop()


async def test_detail_sends_the_chart_as_a_protected_photo(chart_harness: Harness) -> None:
    h = chart_harness
    await h.say("ppk_bth", f"/start {h.world.codes['ppk_bth']}")
    [listed] = await h.say("ppk_bth", "/kandidat kepala bidang anggaran")
    rows = listed.params["reply_markup"]["inline_keyboard"]
    data = next(b["callback_data"] for row in rows for b in row if b["text"] == "Detail 1")
    since = await h.api.user_presses(TG["ppk_bth"], listed, data)
    text, photo = await h.api.replies_after(TG["ppk_bth"], since, count=2)
    assert text.method == "sendMessage" and "Budi &lt;b&gt;&amp; Santoso" in text.params["text"]
    assert photo.method == "sendPhoto" and photo.params["protect_content"] is True
    assert photo.params["photo"]["filename"] == "kompetensi.png"
    assert photo.params["photo"]["size"] > 10_000
    n = len(standar_default())
    assert f"{n} dari {n} di bawah standar" in photo.params["caption"]
    assert TARGET in photo.params["caption"]


async def test_a_press_answered_in_part_is_not_answered_again(chart_harness: Harness) -> None:
    h = chart_harness
    await h.say("ppk_bth", f"/start {h.world.codes['ppk_bth']}")
    [listed] = await h.say("ppk_bth", "/kandidat kepala bidang anggaran")
    rows = listed.params["reply_markup"]["inline_keyboard"]
    data = next(b["callback_data"] for row in rows for b in row if b["text"] == "Detail 1")
    h.api.inject("sendPhoto", *[Fault("502")] * 5)  # every attempt of the chart fails
    since = await h.api.user_presses(TG["ppk_bth"], listed, data)
    pressed = h.api.last_update["update_id"]
    text, apology = await h.api.replies_after(TG["ppk_bth"], since, count=2)
    assert "Budi" in text.params["text"] and "Kode kesalahan" in apology.params["text"]
    again = await h.api.redeliver(pressed)
    await asyncio.sleep(2.0)  # time enough for a second answer, were one sent
    assert h.api.handed_again == 1
    assert await h.api.replies_after(TG["ppk_bth"], again, count=0, timeout=0.1) == []
