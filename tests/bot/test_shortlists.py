"""Issue 7 in the assistant: recorded lists, blind-first, reveal, reopen, choice with reason."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot import binding
from bot.access import Action, Identity, Role, Target, authorize
from bot.assistant import Assistant
from bot.replies import Inbound, Reply
from bot.shortlists import Accountability
from db.audit import (
    Actor,
    AuditKind,
    AuditLog,
    AuditSettings,
    access_history,
    list_cases,
    reopen_shortlist,
    resolve_case,
    verify_chain,
)
from db.audit.export import export_rows
from db.clock import today_wib
from db.models import Jabatan, Keluarga, Pegawai
from tests.bot.support import TG, Chat, World, bind_all, build_world, make_services

KEY = b"k" * 32
QUERY = "/kandidat pejabat pengganti"  # matches no jabatan word: every BTH employee, by id


def _versions(scope: Sequence[int]) -> str:
    return ",".join(f"{i}:1" for i in scope)


def make_assistant(world: World, settings: AuditSettings | None = None) -> Assistant:
    services = make_services(world.engine)
    services.accountability = Accountability(
        audit=AuditLog(world.engine, KEY),
        settings=settings or AuditSettings(),
        config_hash="cfg-1",
        model="hashing-test",
        index_version=_versions,
    )
    a = Assistant(world.engine, services)
    bind_all(a, world, *world.codes)
    return a


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def assistant(world: World) -> Assistant:
    return make_assistant(world)


def _ref(reply: Reply) -> str:
    m = re.search(r"Rujukan: <code>(SL-\d{4}-\d{6})</code>", reply.html)
    assert m, reply.html
    return m.group(1)


def _button(reply: Reply, label: str) -> str:
    for row in reply.buttons:
        for b in row:
            if b.label == label:
                return b.token
    raise AssertionError(f"no button {label!r} in {[b.label for r in reply.buttons for b in r]}")


def _labels(reply: Reply) -> list[str]:
    return [b.label for row in reply.buttons for b in row]


def _export(engine: Engine) -> list[dict[str, object]]:
    today = today_wib()
    return [
        {"kind": r.kind, "payload": r.payload, "subjects": r.subjects, "role": r.actor_role}
        for r in export_rows(engine, start=today - timedelta(days=1), end=today)
    ]


def test_blind_first_hides_names_until_reveal_and_the_reveal_is_logged(
    assistant: Assistant, world: World
) -> None:
    ppk = Chat(assistant, "ppk_bth")
    first = ppk.say(QUERY)
    assert first.kind == "candidates" and first.personal_data
    for key in ("budi", "sari", "tono", "dewi", "eka"):
        assert world.nips[key][:4] not in first.html
        assert world.nips[key][-4:] not in first.html
    assert "Budi" not in first.html and "Sari Wulandari" not in first.html
    assert "Kandidat #1" in first.html and "Skor" in first.html and "bidang sesuai" in first.html
    assert not any(label.startswith("Detail") for label in _labels(first))
    assert not any(label.startswith("Bandingkan") for label in _labels(first))
    ref = _ref(first)
    # Typed compare cannot get round the blind view either.
    assert ppk.say("/bandingkan").kind == "compare_empty"
    assert not [e for e in _export(world.engine) if e["kind"] == AuditKind.REVEAL.value]

    shown = ppk.press(_button(first, "Tampilkan identitas"))
    assert shown.edit and "Budi &lt;b&gt;&amp; Santoso" in shown.html
    assert world.nips["budi"][:4] + "•" in shown.html  # a PPK still gets masked NIPs
    assert _ref(shown) == ref and "Detail 1" in _labels(shown)

    reveals = [e for e in _export(world.engine) if e["kind"] == AuditKind.REVEAL.value]
    assert len(reveals) == 1
    payload = reveals[0]["payload"]
    assert isinstance(payload, dict) and payload["shortlist_ref"] == ref
    assert payload["whole_list"] is True
    assert sorted(payload["pegawai_ids"]) == sorted(
        world.ids[k] for k in ("budi", "sari", "tono", "dewi", "eka")
    )
    assert verify_chain(world.engine, KEY).problem is None


def test_list_is_recorded_exactly_as_shown_and_reopens_identically(
    assistant: Assistant, world: World
) -> None:
    first = Chat(assistant, "ppk_bth").say(QUERY)
    ref = _ref(first)
    with Session(world.engine) as s:
        view = reopen_shortlist(s, ref)
    assert view.blind and view.config_hash == "cfg-1" and view.model == "hashing-test"
    assert view.index_version == f"{world.ids['BTH']}:1"
    assert view.data_snapshot == today_wib().isoformat()
    assert [c.pegawai_id for c in view.candidates] == [
        world.ids[k] for k in ("budi", "sari", "tono", "dewi", "eka")
    ]
    assert [c.rank for c in view.candidates] == [1, 2, 3, 4, 5]
    assert [item["score"] for item in view.rendered["items"]] == [1.0, 0.99, 0.98, 0.97, 0.96]
    search = [e for e in _export(world.engine) if e["kind"] == AuditKind.SEARCH.value]
    subjects = search[-1]["subjects"]
    assert isinstance(subjects, list)
    assert [s["pegawai_id"] for s in subjects] == [c.pegawai_id for c in view.candidates]

    # The talent committee of the same agency reopens it: the very same text.
    again = Chat(assistant, "komite_bth").say(f"/daftar {ref.lower()}")
    assert again.kind == "candidates" and again.html == first.html
    # The same PPK, later, too.
    assert Chat(assistant, "ppk_bth").say(f"/daftar {ref}").html == first.html


@pytest.mark.parametrize("who", ["ppk_krc", "asn_sari", "hr_prov", "inspector"])
def test_nobody_outside_the_agency_reopens_a_list(
    assistant: Assistant, world: World, who: str
) -> None:
    first = Chat(assistant, "ppk_bth").say(QUERY)
    ref = _ref(first)
    reply = Chat(assistant, who).say(f"/daftar {ref}")
    assert reply.kind == "refused"
    assert "Budi" not in reply.html and "Kandidat #1" not in reply.html


def test_a_stolen_reveal_button_does_not_work(assistant: Assistant, world: World) -> None:
    first = Chat(assistant, "ppk_bth").say(QUERY)
    reply = Chat(assistant, "ppk_krc").press(_button(first, "Tampilkan identitas"))
    assert reply.kind == "expired_button" and "Budi" not in reply.html


def test_hr_lists_are_recorded_without_blinding(assistant: Assistant, world: World) -> None:
    reply = Chat(assistant, "hr_bth").say(QUERY)
    assert world.nips["budi"] in reply.html and _ref(reply).startswith("SL-")
    assert "Tampilkan identitas" not in _labels(reply)
    assert not any(label.startswith("Pilih") for label in _labels(reply))  # HR does not choose


def test_blind_first_can_be_switched_off_per_agency(world: World) -> None:
    a = make_assistant(world, AuditSettings(blind_first_instansi={"BTH": False}))
    reply = Chat(a, "ppk_bth").say(QUERY)
    assert "Budi &lt;b&gt;&amp; Santoso" in reply.html
    assert "Tampilkan identitas" not in _labels(reply)
    with Session(world.engine) as s:
        assert not reopen_shortlist(s, _ref(reply)).blind


def test_choosing_fifth_needs_a_reason_which_is_stored(assistant: Assistant, world: World) -> None:
    ppk = Chat(assistant, "ppk_bth")
    first = ppk.say(QUERY)
    ref = _ref(first)

    ask = ppk.press(_button(first, "Pilih 5"))
    assert ask.kind == "choice_reason" and "di luar tiga teratas" in ask.html
    too_short = ppk.say("dia bagus")
    assert too_short.kind == "choice_refused" and "minimal 20 karakter" in too_short.html
    with Session(world.engine) as s:
        assert reopen_shortlist(s, ref).chosen_pegawai_id is None

    reason = "Pengalaman lima tahun mengelola anggaran pendapatan daerah."
    done = ppk.say(reason)
    assert done.kind == "choice_recorded" and ref in done.html and "alasan" in done.html
    with Session(world.engine) as s:
        view = reopen_shortlist(s, ref)
    assert view.chosen_pegawai_id == world.ids["eka"] and view.choice_reason == reason
    overrides = [e for e in _export(world.engine) if e["kind"] == AuditKind.OVERRIDE.value]
    assert len(overrides) == 1
    payload = overrides[0]["payload"]
    assert isinstance(payload, dict)
    assert payload["reason"] == reason and payload["rank"] == 5
    assert payload["shortlist_ref"] == ref
    # The next message is an ordinary one again.
    assert ppk.say("apa syarat jabatan administrator?").kind == "regulation"


def test_choosing_inside_top_three_is_recorded_at_once(assistant: Assistant, world: World) -> None:
    ppk = Chat(assistant, "ppk_bth")
    first = ppk.say(QUERY)
    done = ppk.press(_button(first, "Pilih 2"))
    assert done.kind == "choice_recorded"
    kinds = [e["kind"] for e in _export(world.engine)]
    assert AuditKind.SHORTLIST_CHOICE.value in kinds and AuditKind.OVERRIDE.value not in kinds
    # A second choice on the same list is refused.
    again = ppk.press(_button(first, "Pilih 1"))
    assert again.kind == "shortlist_error" and "sudah dicatat" in again.html


def test_a_command_cancels_a_pending_reason(assistant: Assistant, world: World) -> None:
    ppk = Chat(assistant, "ppk_bth")
    first = ppk.say(QUERY)
    assert ppk.press(_button(first, "Pilih 4")).kind == "choice_reason"
    ppk.say("/bantuan")
    reply = ppk.say("Pengalaman lima tahun mengelola anggaran pendapatan daerah.")
    assert reply.kind != "choice_recorded"
    with Session(world.engine) as s:
        assert reopen_shortlist(s, _ref(first)).chosen_pegawai_id is None


def test_asn_access_history_lists_exactly_the_searches_that_returned_them(
    assistant: Assistant, world: World
) -> None:
    sari = world.ids["sari"]
    ppk = Chat(assistant, "ppk_bth")
    with_sari = _ref(ppk.say(QUERY))  # Sari is #2 of every BTH employee
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
        ("admin_bth", True, ""),
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
    asked = sari.press(_button(profile, "Laporkan kesalahan data"))
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
    stolen = Chat(assistant, "ppk_bth").press(_button(profile, "Keberatan nine-box"))
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
    assert reply.html.count("Potensi konflik kepentingan") == 5
    blocks = reply.html.split("Kandidat #")[1:]
    assert "dalam garis bawahan Anda" in blocks[0]
    assert "satu unit kerja dengan Anda" in blocks[1]
    assert "ini Anda sendiri" in blocks[2]
    assert "keluarga Anda (pasangan)" in blocks[3] and "keluarga kandidat #5 (saudara)" in blocks[3]
    assert "keluarga kandidat #4 (saudara)" in blocks[4]
    with Session(world.engine) as s:  # recorded with the list, exactly as shown
        view = reopen_shortlist(s, _ref(reply))
    assert view.rendered["items"][2]["flags"] == [
        "ini Anda sendiri",
        "keluarga kandidat #4 (pasangan)",
    ]
