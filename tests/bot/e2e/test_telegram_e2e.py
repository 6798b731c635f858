"""End to end through python-telegram-bot's real Application and a fake Bot API server."""

from __future__ import annotations

import json

from tests.bot.e2e.conftest import Harness
from tests.bot.e2e.fake_bot_api import Fault


def _text(calls: list) -> str:  # type: ignore[type-arg]
    return "\n".join(c.params.get("text", "") for c in calls)


async def test_menu_binding_by_deep_link_and_role_menu(harness: Harness) -> None:
    api = harness.api
    default = api.commands[json.dumps({"type": "default"}, sort_keys=True)]
    assert {c["command"] for c in default} >= {"start", "bantuan", "aturan"}
    [reply] = await harness.say("ppk_bth", f"/start {harness.world.codes['ppk_bth']}")
    assert "berhasil terhubung" in reply.params["text"]
    chat_scope = json.dumps({"type": "chat", "chat_id": 1001}, sort_keys=True)
    assert "kandidat" in {c["command"] for c in api.commands[chat_scope]}


async def test_ppk_search_buttons_paging_detail_compare(harness: Harness) -> None:
    await harness.say("ppk_bth", f"/start {harness.world.codes['ppk_bth']}")
    [first] = await harness.say("ppk_bth", "carikan kandidat untuk jabatan yang lowong")
    assert first.params["parse_mode"] == "HTML" and first.params["protect_content"] is True
    assert "Halaman 1 dari 2" in first.params["text"] and "Data per" in first.params["text"]
    for row in first.params["reply_markup"]["inline_keyboard"]:
        for b in row:
            assert len(b["callback_data"].encode()) <= 64
    [page2] = await harness.press("ppk_bth", first, "Berikutnya ▶")
    assert page2.method == "sendMessage" and "Halaman 2 dari 2" in page2.params["text"]
    assert page2.params["protect_content"] is True
    [detail] = await harness.press("ppk_bth", first, "Detail 1")
    assert "Budi &lt;b&gt;&amp; Santoso" in detail.params["text"]
    [cmp_] = await harness.press("ppk_bth", first, "Bandingkan 3 teratas")
    assert "Perbandingan" in cmp_.params["text"] and cmp_.params["protect_content"] is True
    assert any(c.method == "answerCallbackQuery" for c in harness.api.calls)


async def test_asn_profile_and_refusals(harness: Harness) -> None:
    w = harness.world
    await harness.say("asn_sari", f"/start {w.codes['asn_sari']}")
    [profile, picture] = await harness.say("asn_sari", "/profil")
    assert w.nips["sari"] in profile.params["text"] and profile.params["protect_content"] is True
    assert picture.method == "sendPhoto" and "Kotak Anda" in picture.params["caption"]
    [colleague] = await harness.say("asn_sari", f"/profil {w.nips['budi']}")
    assert "sendiri" in colleague.params["text"] and "Budi" not in colleague.params["text"]


async def test_hr_regulation_answer_with_citations(harness: Harness) -> None:
    await harness.say("hr_prov", f"/start {harness.world.codes['hr_prov']}")
    [answer] = await harness.say("hr_prov", "apa syarat jabatan administrator?")
    assert "PP 11/2017 Pasal 107 huruf c" in answer.params["text"]
    assert answer.params.get("protect_content") in (False, None)
    [cites] = await harness.press("hr_prov", answer, "Lihat ketentuan yang dikutip")
    assert "Syarat pengangkatan" in cites.params["text"]


async def test_cross_agency_guest_and_forged_callbacks(harness: Harness) -> None:
    w = harness.world
    await harness.say("ppk_bth", f"/start {w.codes['ppk_bth']}")
    for text in ("profil Rina Kerinci", f"lihat pegawai {w.nips['rina']}"):
        [r] = await harness.say("ppk_bth", text)
        assert "Rina" not in r.params["text"] and "boleh Anda lihat" in r.params["text"]
    [guest] = await harness.say("stranger", "profil saya")
    assert "undangan" in guest.params["text"]
    [first] = await harness.say("ppk_bth", "/kandidat kepala bidang anggaran")
    [forged] = await harness.press_raw("ppk_bth", first, "A" * 22)
    assert "tidak berlaku" in forged.params["text"]
    [stolen] = await harness.press_raw(
        "stranger", first, first.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    )
    assert "tidak berlaku" in stolen.params["text"]


async def test_revoked_user(harness: Harness) -> None:
    from sqlmodel import Session

    from bot.chat import binding

    w = harness.world
    await harness.say("ppk_bth", f"/start {w.codes['ppk_bth']}")
    with Session(w.engine) as s:
        binding.revoke(s, w.users["ppk_bth"])
        s.commit()
    [r] = await harness.say("ppk_bth", "/kandidat kepala bidang anggaran")
    assert "undangan" in r.params["text"] or "tidak berlaku" in r.params["text"]


async def test_group_chat_long_message_unknown_command_expired_code(harness: Harness) -> None:
    from datetime import timedelta

    from sqlmodel import Session

    from bot.chat import binding
    from db.models import BotUser

    w = harness.world
    await harness.say("ppk_bth", f"/start {w.codes['ppk_bth']}")
    [g] = await harness.say("ppk_bth", "profil saya", group=-500)
    assert "chat pribadi" in g.params["text"]
    [g2] = await harness.say("ppk_bth", "/aturan syarat jabatan administrator", group=-500)
    assert "Pasal 107" in g2.params["text"]
    [long] = await harness.say("ppk_bth", "x" * 5000)
    assert "terlalu panjang" in long.params["text"]
    [unknown] = await harness.say("ppk_bth", "/terbang")
    assert "tidak dikenal" in unknown.params["text"]
    with Session(w.engine) as s:
        user = s.get(BotUser, w.users["hr_bth"])
        assert user is not None
        code = binding.invite(s, user, expiry=timedelta(seconds=-1)).code
        s.commit()
    [expired] = await harness.say("hr_bth", f"/start {code}")
    assert "kedaluwarsa" in expired.params["text"]


async def test_transient_send_failure_is_retried(harness: Harness) -> None:
    harness.api.inject("sendMessage", Fault("502"))
    [reply] = await harness.say("stranger", "/bantuan")
    assert "Talenta" in reply.params["text"]
