"""The ``/komite`` family through the core: who may do what where, and the defined outcomes
(no quorum, a member removed mid-sidang, a vote after closing, the closing clock, a group's
move to a supergroup). The Telegram end-to-end run is ``tests/bot/e2e/test_committee_e2e.py``."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.chat.replies import Reply
from bot.ports.committee_minutes import sidang_minutes
from bot.router.assistant import Assistant
from bot.router.groups import CommitteeGroups
from db.audit import verify_chain
from db.models import (
    AuditEntry,
    Committee,
    CommitteeMember,
    Sidang,
    SidangClose,
    SidangConflict,
    SidangVote,
)
from tests.bot.audited import KEY, QUERY, button_token, make_assistant, ref_of
from tests.bot.committee_support import (
    GROUP,
    IDS,
    MEMBERS,
    OTHER_GROUP,
    SUPERGROUP,
    add_committee_users,
    leaks,
    press,
    say,
    sidang_ref,
)
from tests.bot.support import World, build_world
from tests.security.leaks import pdf_text


@pytest.fixture
def room(engine: Engine) -> tuple[World, Assistant]:
    """A registered committee (three members and the PPK) and a recorded BTH shortlist."""
    world = build_world(engine)
    assistant = make_assistant(world)
    assistant.groups = CommitteeGroups()
    for key, code in add_committee_users(world).items():
        [bound] = say(assistant, key, f"/start {code}")
        assert bound.kind == "bound", bound.html
    [done] = say(assistant, "admin_bth", "/komite daftarkan", group=GROUP)
    assert "kini terdaftar" in done.html, done.html
    for key in MEMBERS:
        [added] = say(
            assistant, "admin_bth", f"/komite anggota tambah {world.users[key]}", group=GROUP
        )
        assert "ditambahkan" in added.html, added.html
    return world, assistant


def _shortlist(world: World, assistant: Assistant) -> str:
    [listed] = say(assistant, "ppk_bth", QUERY)
    return ref_of(listed)


def _open(world: World, assistant: Assistant, extra: str = "") -> tuple[str, list[Reply]]:
    replies = say(
        assistant, "ppk_bth", f"/komite sidang {_shortlist(world, assistant)}{extra}", group=GROUP
    )
    assert replies[0].kind == "sidang_opened", replies[0].html
    return sidang_ref(replies[0].html), replies


def _count(engine: Engine, table: type) -> int:
    with Session(engine) as s:
        return len(s.exec(select(table)).all())


def test_opening_sends_codes_to_the_group_and_details_privately(
    engine: Engine, room: tuple[World, Assistant]
) -> None:
    world, assistant = room
    ref, replies = _open(world, assistant, " kuorum 2 jam 4")
    group, *private = replies
    assert group.chat_id is None and "kuorum 2" in group.html and not leaks([group.html], world)
    assert {r.chat_id for r in private} == {IDS[k] for k in MEMBERS}
    assert all(r.kind == "sidang_member" and r.protect_content for r in private)
    # Tono is on the list and komite_dua is bound to Tono: blocked before any reveal.
    dua = next(r for r in private if r.chat_id == IDS["komite_dua"])
    assert "Konflik tercatat" in dua.html
    with Session(engine) as s:
        sidang = s.exec(select(Sidang)).one()
        assert sidang.quorum == 2 and len(sidang.members) == 4
        conflicts = s.exec(select(SidangConflict)).all()
    assert [(c.account_id, c.source) for c in conflicts] == [
        (world.users["komite_dua"], "tercatat")
    ]
    assert ref.startswith("SK-")


@pytest.mark.parametrize(
    ("who", "text", "group", "expected"),
    [
        ("ppk_bth", "/komite sidang SL-2026-000001", OTHER_GROUP, "belum terdaftar"),
        ("ppk_bth", "/komite daftarkan", GROUP, "Hanya admin"),
        ("admin_bth", "/komite daftarkan", None, "di grup Telegram komite"),
        ("admin_bth", "/komite daftarkan", GROUP, "sudah terdaftar"),
        ("komite_bth", "/komite anggota tambah 1", GROUP, "Hanya admin"),
        ("admin_prov", "/komite anggota hapus 1", GROUP, "Hanya admin"),  # another agency
        ("komite_bth", "/komite sidang SL-2026-000001", GROUP, "Hanya PPK atau HR"),
        ("ppk_krc", "/komite tutup", GROUP, "tidak bertindak untuk instansi"),
        ("komite_bth", "/komite rekomendasi K1 layak bagus sekali", GROUP, "lewat chat pribadi"),
        ("komite_bth", "/komite konflik K1 saudara ipar", GROUP, "lewat chat pribadi"),
        ("komite_bth", "/komite rekomendasi K1 layak bagus sekali", None, "Tidak ada sidang"),
        ("hr_prov", "/komite status", GROUP, "bukan anggota"),
        ("hr_bth", "/komite anggota", GROUP, "bukan anggota"),
        ("komite_bth", "/komite anggota", None, "hanya berlaku di grup komite"),
    ],
)
def test_refusals(
    engine: Engine,
    room: tuple[World, Assistant],
    who: str,
    text: str,
    group: int | None,
    expected: str,
) -> None:
    world, assistant = room
    before = (_count(engine, Committee), _count(engine, CommitteeMember), _count(engine, Sidang))
    [reply] = say(assistant, who, text, group=group)
    assert expected in reply.html, reply.html
    assert not leaks([reply.html], world)
    after = (_count(engine, Committee), _count(engine, CommitteeMember), _count(engine, Sidang))
    assert after == before


def test_accounts_that_may_not_sit_on_the_committee(room: tuple[World, Assistant]) -> None:
    world, assistant = room
    for key in ("ppk_krc", "asn_sari", "hr_bth"):  # other agency; an ASN; HR is no member
        [reply] = say(
            assistant, "admin_bth", f"/komite anggota tambah {world.users[key]}", group=GROUP
        )
        assert "tidak dapat ditambahkan" in reply.html, key
    [unbound] = say(assistant, "stranger", "/komite status", group=GROUP)
    assert unbound.kind == "refused"


def test_a_list_of_another_agency_and_a_quorum_beyond_the_members(
    room: tuple[World, Assistant],
) -> None:
    world, assistant = room
    [other] = say(assistant, "ppk_krc", QUERY)
    [refused] = say(assistant, "ppk_bth", f"/komite sidang {ref_of(other)}", group=GROUP)
    assert "tidak ditemukan" in refused.html
    ref = _shortlist(world, assistant)
    [too_many] = say(assistant, "ppk_bth", f"/komite sidang {ref} kuorum 9", group=GROUP)
    assert "Kuorum harus antara 1 dan jumlah anggota (4)" in too_many.html


def _reveal_and_vote(
    assistant: Assistant, private: list[Reply], who: str, rank: int, rec: str, reason: str
) -> list[Reply]:
    mine = next(r for r in private if r.chat_id == IDS[who])
    [shown] = press(assistant, who, button_token(mine, "Tampilkan identitas"))
    assert shown.kind == "sidang_revealed", shown.html
    return say(assistant, who, f"/komite rekomendasi K{rank} {rec} {reason}")


def test_voting_rules_and_closing_without_quorum(
    engine: Engine, room: tuple[World, Assistant]
) -> None:
    world, assistant = room
    ref, replies = _open(world, assistant, " kuorum 3")
    private = replies[1:]
    [early] = say(assistant, "komite_bth", "/komite rekomendasi K1 layak sangat sesuai")
    assert "Tampilkan identitas" in early.html  # no vote before the recorded reveal
    done, progress = _reveal_and_vote(assistant, private, "komite_bth", 1, "layak", "sangat sesuai")
    assert "tercatat" in done.html and progress.chat_id == GROUP
    assert "1 dari 4 anggota" in progress.html and not leaks([progress.html], world)
    [again] = say(assistant, "komite_bth", "/komite rekomendasi K2 tidak belum cukup")
    assert "tercatat" in again.html  # the same member again: no new progress line
    [short] = say(assistant, "komite_bth", "/komite rekomendasi K2 tidak no")
    assert "Belum dicatat" in short.html
    # A member removed mid-sidang: refused from then on, their vote not counted.
    _reveal_and_vote(assistant, private, "komite_tiga", 1, "tidak", "kurang pengalaman")
    [removed] = say(
        assistant, "admin_bth", f"/komite anggota hapus {world.users['komite_tiga']}", group=GROUP
    )
    assert f"di sidang {ref} tidak dihitung" in removed.html
    [late] = say(assistant, "komite_tiga", "/komite rekomendasi K1 layak berubah pikiran")
    assert "bukan anggota" in late.html
    closed = say(assistant, "ppk_bth", "/komite tutup", group=GROUP)
    group = closed[0]
    assert group.chat_id == GROUP and "Tanpa kuorum" in group.html and "Urutan" not in group.html
    assert "1 anggota yang dikeluarkan" in group.html and not leaks([group.html], world)
    assert {r.chat_id for r in closed[1:]} == {IDS[k] for k in MEMBERS if k != "komite_tiga"}
    with Session(engine) as s:
        assert s.exec(select(SidangClose)).one().outcome == "tanpa_kuorum"
    votes = _count(engine, SidangVote)
    [after] = say(assistant, "komite_bth", f"/komite rekomendasi {ref} K1 layak sesudah tutup")
    assert "sudah ditutup" in after.html and _count(engine, SidangVote) == votes
    assert verify_chain(engine, KEY).ok


def test_the_clock_closes_a_sidang_past_its_time(
    engine: Engine, room: tuple[World, Assistant]
) -> None:
    world, assistant = room
    ref, _ = _open(world, assistant, " kuorum 1 jam 1")
    assert assistant.close_due_sidangs(datetime.now(UTC)) == []  # not yet
    replies = assistant.close_due_sidangs(datetime.now(UTC) + timedelta(hours=2))
    assert replies[0].chat_id == GROUP and "otomatis pada waktu tutup" in replies[0].html
    assert {r.chat_id for r in replies[1:]} == {IDS[k] for k in MEMBERS}
    with Session(engine) as s:
        closed = s.exec(select(SidangClose)).one()
    assert closed.by == "sidang-clock"
    assert assistant.close_due_sidangs(datetime.now(UTC) + timedelta(hours=3)) == []
    [status] = say(assistant, "komite_bth", "/komite status", group=GROUP)
    assert "Tidak ada sidang" in status.html and ref


def test_the_committee_follows_its_group_to_the_supergroup(room: tuple[World, Assistant]) -> None:
    _, assistant = room
    assert assistant.follow_group_move(GROUP, SUPERGROUP)
    assert not assistant.follow_group_move(GROUP, SUPERGROUP)  # posted twice by Telegram
    [old] = say(assistant, "komite_bth", "/komite status", group=GROUP)
    assert "belum terdaftar" in old.html
    [new] = say(assistant, "komite_bth", "/komite status", group=SUPERGROUP)
    assert "Tidak ada sidang" in new.html


def test_the_ppks_final_choice_after_closing(engine: Engine, room: tuple[World, Assistant]) -> None:
    world, assistant = room
    ref, replies = _open(world, assistant, " kuorum 1")
    [early] = say(assistant, "ppk_bth", f"/komite pilih {ref} K1")
    assert "belum ditutup" in early.html
    _reveal_and_vote(assistant, replies[1:], "komite_bth", 2, "layak", "paling sesuai")
    _reveal_and_vote(assistant, replies[1:], "komite_bth", 1, "tidak", "kurang sesuai")
    closed = say(assistant, "ppk_bth", "/komite tutup", group=GROUP)
    assert "1. K2" in closed[0].html
    [member] = say(assistant, "komite_bth", f"/komite pilih {ref} K2")
    assert "Hanya PPK" in member.html
    [asked] = say(assistant, "ppk_bth", f"/komite pilih {ref} K1 kurang")
    assert "berbeda dari urutan pertama komite (K2)" in asked.html
    reason = "kebutuhan organisasi mendesak di bidang anggaran"
    [done, *minutes] = say(assistant, "ppk_bth", f"/komite pilih {ref} K1 {reason}")
    assert "K1 (berbeda dari urutan komite; alasan tercatat)" in done.html, done.html
    # The berita acara again, now with the final choice: one protected PDF per member's chat.
    assert sorted(r.chat_id or 0 for r in minutes) == sorted([IDS[k] for k in MEMBERS] * 2)
    for r in minutes:
        assert r.personal_data and r.attachment is not None
    assert sorted({r.attachment.filename for r in minutes if r.attachment}) == [
        f"berita-acara-{ref}.pdf",
        f"berita-acara-{ref}.xlsx",
    ]
    minutes = [r for r in minutes if r.attachment and r.attachment.filename.endswith(".pdf")]
    with Session(engine) as s:
        final = sidang_minutes(s, ref, world.users["ppk_bth"]).choice
    assert final is not None and (final.code, final.reason) == ("K1", reason)
    [ppk_copy] = [r for r in minutes if r.chat_id == IDS["ppk_bth"]]
    assert ppk_copy.attachment is not None
    assert reason in " ".join(pdf_text(ppk_copy.attachment.content).split())
    [again] = say(assistant, "ppk_bth", f"/komite pilih {ref} K2")
    assert "sudah dicatat" in again.html
    with Session(engine) as s:
        entries = [
            e.payload
            for e in s.exec(select(AuditEntry)).all()
            if isinstance(e.payload, dict) and e.payload.get("action") == "final_choice"
        ]
    assert entries == [
        {
            "action": "final_choice",
            "sidang_ref": ref,
            "kandidat": "K1",
            "urutan_pertama": ["K2"],
            "berbeda": True,
            "alasan": reason,
        }
    ]
    assert verify_chain(engine, KEY).ok


def test_the_admin_picks_members_from_the_agencys_committee_and_ppk_accounts(
    room: tuple[World, Assistant],
) -> None:
    world, assistant = room
    [full] = say(assistant, "admin_bth", "/komite anggota tambah", group=GROUP)
    assert "Tidak ada akun komite atau PPK" in full.html, full.html
    say(assistant, "admin_bth", f"/komite anggota hapus {world.users['komite_tiga']}", group=GROUP)
    [listed] = say(assistant, "admin_bth", "/komite anggota tambah", group=GROUP)
    offered = {int(n) for n in re.findall(r"(\d+) \((?:anggota komite|PPK)\)", listed.html)}
    assert offered == {world.users["komite_tiga"]}, listed.html
    # Never another agency's PPK, HR, an admin or an ASN; and no names in the group.
    assert not leaks([listed.html], world) and "Anggota Tiga" not in listed.html
    [member] = say(assistant, "komite_bth", "/komite anggota tambah", group=GROUP)
    assert "Hanya admin" in member.html
