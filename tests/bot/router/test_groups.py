"""Group chats: only /bantuan and /aturan work; everything else points to the private chat
with a deep link, and shows nothing (no counts, no picture)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.chat.replies import Inbound
from bot.chat.settings import ConversationSettings
from bot.router.assistant import Assistant
from bot.router.groups import CommitteeGroups, GroupGate, group_gate
from tests.bot.support import TG, Chat, World, bind_all, build_world, make_services

LINK = "https://t.me/talenta_uji_bot?start=grup"
BLOCKED = [
    "/talentpool",
    "/talentpool Badan Keuangan Daerah",
    "/kandidat kepala bidang anggaran",
    "/profil",
    "/bandingkan 1 2",
    "/daftar SL-2026-000001",
    "/start",
    "talent pool dinas kesehatan",
    "siapa yang cocok jadi kepala bidang anggaran?",
    "apa syarat jabatan administrator?",  # free text is not routed in a group either
]


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def assistant(world: World) -> Assistant:
    a = Assistant(
        world.engine,
        make_services(world.engine),
        settings=ConversationSettings(username="talenta_uji_bot"),
    )
    bind_all(a, world, "ppk_bth", "inspector", "komite_bth")
    return a


@pytest.mark.parametrize("who", ["ppk_bth", "inspector", "komite_bth", "stranger"])
def test_only_help_and_rules_work_in_a_group(assistant: Assistant, who: str) -> None:
    group = Chat(assistant, who, private=False)
    for text in BLOCKED:
        r = group.say(text)
        assert r.kind == "group_private", (text, r.kind)
        assert "silakan lewat chat pribadi" in r.html and LINK in r.html
        assert r.attachment is None and not r.buttons and not r.personal_data
        assert "Kotak" not in r.html and "orang" not in r.html  # no counts
    assert group.say("/bantuan").kind == "help"
    assert group.say("/aturan syarat jabatan administrator").kind == "regulation"
    assert group.say("/help@talenta_uji_bot").kind == "help"


def test_the_gate_has_a_hook_for_registered_groups() -> None:
    inbound = Inbound(actor="tg:1", private=False, chat_id=-77, text="/talentpool")

    class Committee(GroupGate):
        def allows(self, chat_id: int, command: str | None) -> bool:
            return chat_id == -77 and command == "talentpool"

    assert group_gate(inbound, command="talentpool") is False
    assert group_gate(inbound, command="talentpool", registered=Committee()) is True
    assert group_gate(inbound, command="kandidat", registered=Committee()) is False
    assert group_gate(Inbound(actor="tg:1", private=True), command="kandidat") is True


def test_a_button_pressed_in_a_group_is_gated_too(assistant: Assistant) -> None:
    r = assistant.handle(
        Inbound(actor="tg:1001", private=False, callback_token="x" * 22, telegram_id=TG["ppk_bth"])
    )[-1]
    assert r.kind == "group_private"


@pytest.mark.parametrize("who", ["ppk_bth", "komite_bth", "stranger"])
def test_the_committee_gate_lets_only_komite_through(assistant: Assistant, who: str) -> None:
    assistant.groups = CommitteeGroups()
    group = Chat(assistant, who, private=False)
    for text in BLOCKED:
        assert group.say(text).kind == "group_private", text
    pressed = assistant.handle(
        Inbound(actor=f"tg:{TG[who]}", private=False, callback_token="x" * 22, telegram_id=TG[who])
    )[-1]
    assert pressed.kind == "group_private"
    # /komite reaches its flow, which refuses in a group no committee has registered.
    r = assistant.handle(
        Inbound(
            actor=f"tg:{TG[who]}",
            private=False,
            chat_id=-77,
            text="/komite status",
            telegram_id=TG[who],
        )
    )[-1]
    if who == "stranger":  # unbound: the command table's role gate answers first
        assert r.kind == "refused"
    else:
        assert r.kind == "committee_note" and "belum terdaftar" in r.html
    assert not r.personal_data and not r.buttons
