"""Issue 7: every refusal of a personal-data request is an entry in the audit chain."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.chat.access import Identity, Role
from bot.chat.replies import Inbound
from bot.ports.services import Accountability
from bot.router.assistant import Assistant
from db.audit import AuditKind, AuditLog, AuditSettings, verify_chain
from db.audit.export import ExportRow, export_rows
from db.clock import today_wib
from db.models import CallbackPayload
from tests.bot.audited import KEY, QUERY, button_token, exported, make_assistant
from tests.bot.support import Chat, World, build_world, make_services


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def assistant(world: World) -> Assistant:
    return make_assistant(world)


def refusals(world: World) -> list[dict[str, Any]]:
    return [e for e in exported(world.engine) if e["kind"] == AuditKind.REFUSAL.value]


def full(world: World) -> list[ExportRow]:
    today = today_wib()
    return [
        r
        for r in export_rows(world.engine, start=today - timedelta(days=1), end=today)
        if r.kind == AuditKind.REFUSAL.value
    ]


@pytest.mark.parametrize("how", ["name", "nip"])
def test_ppk_asking_for_another_agencys_employee_is_a_refusal_entry(
    assistant: Assistant, world: World, how: str
) -> None:
    asked = "Rina Kerinci" if how == "name" else world.nips["rina"]
    reply = Chat(assistant, "ppk_bth").say(f"/profil {asked}")
    # Answered like "not found" (existence in KRC is not confirmed), but recorded.
    assert reply.kind == "refused" and "Rina" not in reply.html
    [entry] = full(world)
    assert (entry.actor_type, entry.actor_role, entry.actor_instansi) == ("telegram", "ppk", "BTH")
    assert entry.actor_id == str(world.users["ppk_bth"])  # the bound account, never a name
    assert entry.payload["action"] == "detail" and entry.payload["reason"] == "other_agency"
    assert entry.payload["target"]["pegawai_ids"] == [world.ids["rina"]]
    assert entry.subjects == []  # nothing was shown: no access-history row for Rina
    assert "Bupati" not in str(entry.payload) and asked not in str(entry.payload)
    assert verify_chain(world.engine, KEY).problem is None


def test_hr_of_the_province_asking_for_a_kabupaten_employee_is_refused_and_recorded(
    assistant: Assistant, world: World
) -> None:
    reply = Chat(assistant, "hr_prov").say("/profil Rina")
    assert reply.kind == "refused"
    [entry] = refusals(world)
    payload = entry["payload"]
    assert isinstance(payload, dict) and payload["target"]["pegawai_ids"] == [world.ids["rina"]]
    assert entry["role"] == "hr"


def test_forged_and_foreign_buttons_are_refusal_entries(assistant: Assistant, world: World) -> None:
    ppk = Chat(assistant, "ppk_bth")
    assert ppk.press("forged-token-0123456789").kind == "expired_button"
    first = ppk.say(QUERY)
    stolen = button_token(first, "Tampilkan identitas")
    assert Chat(assistant, "hr_bth").press(stolen).kind == "expired_button"
    forged, foreign = full(world)
    assert forged.payload["action"] == "callback"
    assert forged.payload["reason"] == "unknown_token"
    assert forged.actor_role == "ppk" and forged.actor_instansi == "BTH"
    assert "forged-token" not in str(forged.payload)  # only a digest of what was sent
    assert foreign.payload["reason"] == "foreign_token"
    assert foreign.actor_role == "hr" and foreign.payload["target"]["button"] == "reveal"
    assert foreign.payload["target"]["shortlist_ref"].startswith("SL-")
    # The owner's own button still works and the chain verifies.
    assert ppk.press(stolen).kind == "candidates"
    assert verify_chain(world.engine, KEY).problem is None


def test_own_expired_button_is_not_a_refusal(assistant: Assistant, world: World) -> None:
    ppk = Chat(assistant, "ppk_bth")
    first = ppk.say(QUERY)
    token = button_token(first, "Tampilkan identitas")
    with Session(world.engine) as s:
        row = s.get(CallbackPayload, token)
        assert row is not None
        row.expires_at = row.created_at - timedelta(seconds=1)
        s.add(row)
        s.commit()
    assert ppk.press(token).kind == "expired_button"
    assert refusals(world) == []


@pytest.mark.parametrize(
    ("who", "text", "action", "reason"),
    [
        ("asn_sari", "/kandidat kepala bidang aset", "search", "role"),
        ("asn_sari", "/profil Budi", "detail", "not_self"),
        ("stranger", "/talentpool", "talentpool", "role"),
        ("inspector", "/kandidat kepala bidang aset", "search", "role"),
    ],
)
def test_other_personal_data_refusals_are_recorded(
    assistant: Assistant, world: World, who: str, text: str, action: str, reason: str
) -> None:
    assert Chat(assistant, who).say(text).kind == "refused"
    [entry] = refusals(world)
    payload = entry["payload"]
    assert isinstance(payload, dict)
    assert (payload["action"], payload["reason"]) == (action, reason)


def test_group_chat_refusal_is_recorded_but_regulation_questions_are_not(
    assistant: Assistant, world: World
) -> None:
    group = Chat(assistant, "ppk_bth", private=False)
    assert group.say(QUERY).kind == "group_private"
    assert group.say("/aturan syarat jabatan administrator").kind == "regulation"
    [entry] = refusals(world)
    payload = entry["payload"]
    assert isinstance(payload, dict) and payload["reason"] == "group_chat"


def test_the_console_door_records_refusals_too(world: World) -> None:
    services = make_services(world.engine)
    services.accountability = Accountability(AuditLog(world.engine, KEY), AuditSettings(), "cfg")
    persona = Identity(
        role=Role.ppk,
        instansi_ids=frozenset({world.ids["BTH"]}),
        actor=f"console:ppk:{world.ids['BTH']}:0",
    )
    console = Assistant(world.engine, services, identify=lambda _s, _i: persona)
    [reply] = console.handle(Inbound(actor=persona.actor, text=f"/profil {world.nips['rina']}"))
    assert reply.kind == "refused"
    [entry] = full(world)
    assert entry.actor_type == "console" and entry.actor_role == "ppk"
    assert entry.actor_instansi == "BTH" and entry.payload["reason"] == "other_agency"
    assert verify_chain(world.engine, KEY).problem is None


def test_a_role_refusal_says_what_the_role_can_do_instead(assistant: Assistant) -> None:
    # Tried as a committee member: "Peran Anda tidak mencakup permintaan ini." and nothing more.
    asn = Chat(assistant, "asn_sari").say("/kandidat kepala bidang aset")
    assert asn.kind == "refused" and "Yang bisa Anda gunakan" in asn.html
    assert "/profil" in asn.html and "/peluang" in asn.html and "/kandidat" not in asn.html
    guest = Chat(assistant, "stranger").say("/talentpool")
    assert "Yang bisa Anda gunakan" not in guest.html and "undangan" in guest.html
