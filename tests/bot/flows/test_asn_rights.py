"""Issue 7 for the ASN and the asker: access history, cases, conflict-of-interest flags."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.chat import binding
from bot.chat.access import Action, Identity, Role, Target, authorize
from bot.chat.replies import Inbound
from bot.router.assistant import Assistant
from db.audit import (
    Actor,
    AuditKind,
    AuditLog,
    access_history,
    list_cases,
    reopen_shortlist,
    resolve_case,
)
from db.clock import today_wib
from db.models import Jabatan, Keluarga, Pegawai
from tests.bot.audited import KEY, QUERY, button_token, make_assistant, ref_of
from tests.bot.support import TG, Chat, World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def assistant(world: World) -> Assistant:
    return make_assistant(world)


def test_asn_access_history_lists_exactly_the_searches_that_returned_them(
    assistant: Assistant, world: World
) -> None:
    sari = world.ids["sari"]
    ppk = Chat(assistant, "ppk_bth")
    with_sari = ref_of(ppk.say(QUERY))  # Sari is #2 of every BTH employee
    without = Chat(assistant, "hr_bth").say("/kandidat kepala bidang aset")
    assert "Sari Wulandari" not in without.html
    Chat(assistant, "ppk_krc").say(QUERY)  # another agency: Sari is never in it
    with Session(world.engine) as s:
        events = access_history(s, sari)
        assert [e.kind for e in events] == [AuditKind.SEARCH]
        assert events[0].rank == 2 and events[0].role == "ppk" and events[0].instansi == "BTH"
        assert reopen_shortlist(s, with_sari).candidates[1].pegawai_id == sari

    profile = Chat(assistant, "asn_sari").say("/profil")
    assert "Riwayat akses" in profile.html
    assert profile.html.count("muncul dalam daftar kandidat") == 1
    assert "(peringkat 2), oleh PPK BTH" in profile.html
    assert "Bupati" not in profile.html  # never the viewer's name

    # Opening her profile as a candidate is logged too, and shows up next time.
    ppk.say("/profil Sari Wulandari")
    again = Chat(assistant, "asn_sari").say("/profil")
    assert "profil dibuka, oleh PPK BTH" in again.html


def test_profile_without_any_access_says_so(assistant: Assistant) -> None:
    reply = Chat(assistant, "asn_sari").say("/profil")
    assert "Belum ada yang melihat data Anda" in reply.html


@pytest.mark.parametrize(
    ("identity_of", "allowed", "reason"),
    [
        ("self", True, ""),
        ("colleague", False, "not_self"),
        ("hr_bth", True, ""),
        ("admin_bth", False, "role"),
        ("hr_prov", False, "other_agency"),
        ("ppk_bth", False, "role"),
        ("komite_bth", False, "role"),
        ("inspector", False, "role"),
        ("guest", False, "role"),
        ("self_in_group", False, "group_chat"),
    ],
)
def test_only_the_person_and_hr_of_their_agency_read_access_history(
    world: World, identity_of: str, allowed: bool, reason: str
) -> None:
    bth, prov = world.ids["BTH"], world.ids["PROV"]
    sari, budi = world.ids["sari"], world.ids["budi"]
    people = {
        "self": Identity(role=Role.asn, user_id=1, pegawai_id=sari),
        "self_in_group": Identity(role=Role.asn, user_id=1, pegawai_id=sari),
        "colleague": Identity(role=Role.asn, user_id=2, pegawai_id=budi),
        "hr_bth": Identity(role=Role.hr, user_id=3, instansi_ids=frozenset({bth})),
        "admin_bth": Identity(role=Role.admin, user_id=4, instansi_ids=frozenset({bth})),
        "hr_prov": Identity(role=Role.hr, user_id=5, instansi_ids=frozenset({prov})),
        "ppk_bth": Identity(role=Role.ppk, user_id=6, instansi_ids=frozenset({bth})),
        "komite_bth": Identity(role=Role.komite, user_id=7, instansi_ids=frozenset({bth})),
        "inspector": Identity(role=Role.inspector, user_id=8, instansi_ids=frozenset({bth})),
        "guest": Identity(role=Role.guest),
    }
    decision = authorize(
        people[identity_of],
        Action.access_history,
        Target(pegawai=((sari, bth),)),
        private=identity_of != "self_in_group",
    )
    assert bool(decision) is allowed and decision.reason == reason


def test_a_colleague_profile_view_never_shows_history(assistant: Assistant, world: World) -> None:
    Chat(assistant, "ppk_bth").say(QUERY)
    reply = Chat(assistant, "hr_bth").say("/profil Sari Wulandari")
    assert reply.kind == "candidate_detail" and "Riwayat akses" not in reply.html


def test_asn_flags_a_data_error_and_is_told_when_hr_resolves_it(
    assistant: Assistant, world: World
) -> None:
    sari = Chat(assistant, "asn_sari")
    profile = sari.say("/profil")
    asked = sari.press(button_token(profile, "Laporkan kesalahan data"))
    assert asked.kind == "case_ask"
    opened = sari.say("Ijazah S2 saya tahun 2019 belum tercatat.")
    assert opened.kind == "case_opened"
    with Session(world.engine) as s:
        [case] = list_cases(s, instansi_ids=[world.ids["BTH"]])
        assert case.pegawai_id == world.ids["sari"] and case.kind == "data_error"
        assert case.text == "Ijazah S2 saya tahun 2019 belum tercatat."
        assert case.id is not None
    # HR resolves it (talenta cases resolve); Sari hears about it once, on her next turn.
    resolve_case(
        AuditLog(world.engine, KEY),
        actor=Actor.cli("operator"),
        case_id=case.id,
        resolution="Data pendidikan sudah dikoreksi.",
    )
    replies = assistant.handle(
        Inbound(actor="tg:1006", text="/bantuan", telegram_id=1006, private=True)
    )
    assert [r.kind for r in replies] == ["case_resolved", "help"]
    assert "Data pendidikan sudah dikoreksi." in replies[0].html
    assert [
        r.kind
        for r in assistant.handle(
            Inbound(actor="tg:1006", text="/bantuan", telegram_id=1006, private=True)
        )
    ] == ["help"]


def test_nobody_else_can_open_a_case_for_someone(assistant: Assistant, world: World) -> None:
    profile = Chat(assistant, "asn_sari").say("/profil")
    stolen = Chat(assistant, "ppk_bth").press(button_token(profile, "Keberatan nine-box"))
    assert stolen.kind == "expired_button"
    with Session(world.engine) as s:
        assert list_cases(s) == []


def test_conflict_of_interest_is_flagged_not_hidden(
    assistant: Assistant, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(world.engine) as s:
        tono = s.get(Pegawai, world.ids["tono"])
        sari = s.get(Pegawai, world.ids["sari"])
        budi = s.get(Pegawai, world.ids["budi"])
        assert tono and sari and budi and budi.jabatan_id and tono.jabatan_id
        sari.unit_id = tono.unit_id  # same unit as the asker
        boss = s.get(Jabatan, budi.jabatan_id)
        assert boss is not None
        boss.atasan_id = tono.jabatan_id  # Budi reports to the asker's position
        s.add_all([sari, boss])
        s.add(Keluarga(pegawai_id=world.ids["dewi"], nip_keluarga=tono.nip, hubungan="pasangan"))
        s.add(
            Keluarga(
                pegawai_id=world.ids["dewi"], nip_keluarga=world.nips["eka"], hubungan="saudara"
            )
        )
        # A PPK whose account is bound to Tono's NIP.
        user = binding.create_user(
            s,
            role=Role.ppk,
            nama="Plt. PPK",
            instansi_kodes=["BTH"],
            nip=tono.nip,
            masa_jabatan_akhir=today_wib() + timedelta(days=30),
        )
        code = binding.invite(s, user).code
        s.commit()
    monkeypatch.setitem(TG, "ppk_tono", 1011)
    ppk = Chat(assistant, "ppk_tono")
    assert ppk.say(f"/start {code}").kind == "bound"
    reply = ppk.say(QUERY)
    # Blind: a flag on a coded row would point at its person, so the list says it once.
    assert reply.html.count("potensi konflik kepentingan") == 1
    assert "rinciannya tampil setelah identitas dibuka" in reply.html
    assert "Potensi konflik kepentingan:" not in reply.html
    for flag in ("garis bawahan", "satu unit kerja", "Anda sendiri", "keluarga"):
        assert flag not in reply.html
    shown = ppk.press(button_token(reply, "Tampilkan identitas"))
    assert shown.html.count("Potensi konflik kepentingan:") == 5
    assert "rinciannya tampil setelah identitas dibuka" not in shown.html
    blocks = re.split(r"<b>\d+\. ", shown.html)[1:]
    assert "dalam garis bawahan Anda" in blocks[0]
    assert "satu unit kerja dengan Anda" in blocks[1]
    assert "ini Anda sendiri" in blocks[2]
    assert "keluarga Anda (pasangan)" in blocks[3] and "keluarga kandidat #5 (saudara)" in blocks[3]
    assert "keluarga kandidat #4 (saudara)" in blocks[4]
    with Session(world.engine) as s:  # recorded with the list, exactly as shown
        view = reopen_shortlist(s, ref_of(reply))
    assert view.rendered["items"][2]["flags"] == [
        "ini Anda sendiri",
        "keluarga kandidat #4 (pasangan)",
    ]


def test_an_asn_asking_when_they_retire_gets_their_profile_with_the_bup_date(
    assistant: Assistant,
) -> None:
    # Tried by a new user: "kapan sy pensiun?" was "belum yakin maksud Anda", and the profile
    # did not say it either. Sari holds an administrator post (BUP 58), born 2 January 1980.
    reply = Chat(assistant, "asn_sari").say("kapan sy pensiun?")
    assert reply.kind == "profile", reply.html
    assert "Batas usia pensiun: BUP 58 tahun; mencapai BUP pada 2 Januari 2038." in reply.html
    assert "PP 11/2017 Pasal 239 (terverifikasi sekunder)" in reply.html


@pytest.mark.parametrize("who", ["ppk_bth", "hr_bth"])
def test_no_one_else_sees_the_retirement_date_it_gives_away_the_birth_date(
    assistant: Assistant, world: World, who: str
) -> None:
    # A PPK sees a masked NIP so as not to learn the birth date; the BUP date would tell it.
    reply = Chat(assistant, who).say(f"/profil {world.nips['sari']}")
    assert reply.kind == "candidate_detail", reply.html
    assert "Batas usia pensiun" not in reply.html and "2038" not in reply.html
